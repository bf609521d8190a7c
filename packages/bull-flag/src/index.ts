// @tradeblocks/bull-flag: the reviewed public API. Every export is listed here by name.

export {
  BULL_FLAG_QUALITY_WEIGHTS,
  type BullFlagBreakout,
  type BullFlagDetection,
  type BullFlagFlag,
  type BullFlagPole,
  type BullFlagQualityParts,
  type BullFlagSetup,
  type ScoreBullFlagQualityParameters,
  type ScoreBullFlagQualityReturnType,
  scoreBullFlagQuality,
} from './BullFlagDetection.js'
export {
  type BullFlagBar,
  BullFlagDetector,
  type BullFlagEvent,
  BullFlagEventType,
  type BullFlagExplanation,
  type BullFlagStatus,
} from './BullFlagDetector.js'
export {
  type BullFlagOptions,
  BullFlagOptionsSchema,
  DEFAULT_BULL_FLAG_OPTIONS,
  type ResolvedBullFlagOptions,
  resolveBullFlagOptions,
} from './BullFlagOptions.js'
export {
  type BullFlagReason,
  BullFlagReasonCode,
  type BullFlagReasonCodeValue,
  isPermanentReason,
} from './BullFlagReason.js'
export {
  type DetectBullFlagsParameters,
  type DetectBullFlagsReturnType,
  detectBullFlags,
} from './detectBullFlags.js'
