// @tradeblocks/risk: the reviewed public API. Every export is listed here by name.

export {
  type AnalyzePullbackParameters,
  type AnalyzePullbackReturnType,
  analyzePullback,
  type PullbackBar,
  type PullbackCheck,
  type PullbackEntry,
  type PullbackStatus,
} from './analyzePullback.js'
export { type AtrStopParameters, type AtrStopReturnType, atrStop } from './atrStop.js'
export {
  type CheckExposureParameters,
  type CheckExposureReturnType,
  checkExposure,
  type ExposurePosition,
} from './checkExposure.js'
export {
  type CheckMaxOpenPositionsParameters,
  type CheckMaxOpenPositionsReturnType,
  checkMaxOpenPositions,
} from './checkMaxOpenPositions.js'
export {
  type CheckPatternDayTraderParameters,
  type CheckPatternDayTraderReturnType,
  checkPatternDayTrader,
  type DayTradeRecord,
  type IsDayTradeParameters,
  isDayTrade,
  type PatternDayTraderConfig,
  PatternDayTraderConfigSchema,
} from './checkPatternDayTrader.js'
export {
  type CheckSessionParameters,
  type CheckSessionReturnType,
  checkSession,
  type SessionRuleConfig,
  SessionRuleConfigSchema,
} from './checkSession.js'
export {
  type ChooseStopParameters,
  type ChooseStopReturnType,
  chooseStop,
  type StopCandidate,
} from './chooseStop.js'
export {
  type CreatePreTradeChecksParameters,
  createPreTradeChecks,
  type PreTradeChecker,
  type PreTradeConfig,
  PreTradeConfigSchema,
  type PreTradeContext,
  type PreTradeReport,
} from './createPreTradeChecks.js'
export {
  type MeasuredMoveTargetParameters,
  type MeasuredMoveTargetReturnType,
  measuredMoveTarget,
} from './measuredMoveTarget.js'
export { type PositionSide, PositionSideSchema } from './positionSide.js'
export {
  RiskRejectionCode,
  type RiskRejectionCodeValue,
  type RiskRuleName,
  type RuleResult,
} from './RuleResult.js'
export {
  type RMultipleTargetParameters,
  type RMultipleTargetReturnType,
  rMultipleTarget,
} from './rMultipleTarget.js'
export {
  StopAdjuster,
  type StopAdjusterOptions,
  type StopAdjusterState,
  type StopBar,
  type StopUpdate,
  type TrailRule,
} from './StopAdjuster.js'
export {
  type ScaleOutLeg,
  type ScaleOutLegSpec,
  type ScaleOutPlanParameters,
  type ScaleOutPlanReturnType,
  scaleOutPlan,
} from './scaleOutPlan.js'
export {
  type SizePositionParameters,
  SizePositionParametersSchema,
  type SizePositionReturnType,
  type SizingDetails,
  type SizingLimit,
  SizingLimitKind,
  type SizingLimitKindValue,
  SizingRejectionCode,
  type SizingRejectionCodeValue,
  sizePosition,
} from './sizePosition.js'
export {
  type StructureStopParameters,
  type StructureStopReturnType,
  structureStop,
} from './structureStop.js'
export { WrongSideStopError } from './WrongSideStopError.js'
