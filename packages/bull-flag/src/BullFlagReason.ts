/**
 * Why a setup is not (or is no longer) a bull flag. Each code has a fixed meaning; the reason's `message`
 * says it in words with the measured value and the limit.
 *
 * Pole codes and `flag-too-long`, `flag-too-wide`, `flag-too-deep` cannot recover for the same pole; the
 * others (`flag-too-short`, `flag-too-tight`, `flag-rising`, `flag-volume-too-high`) may clear as more
 * bars arrive. `pole-extended`, `back-in-flag` and `lost-support` describe events rather than checks.
 *
 * @example
 * ```ts
 * import { BullFlagReasonCode } from '@tradeblocks/bull-flag'
 *
 * const tooDeep = (codes: string[]) => codes.includes(BullFlagReasonCode.FlagTooDeep)
 * ```
 */
export const BullFlagReasonCode = {
  /** The pole gained less than `minPoleGainPct`. */
  PoleTooWeak: 'pole-too-weak',
  /** The pole spans fewer than `minPoleBars` bars. */
  PoleTooShort: 'pole-too-short',
  /** The pole's volume is below `minPoleVolumeRatio` times the volume before it. */
  PoleVolumeTooLow: 'pole-volume-too-low',
  /** Too few bars before the pole (fewer than `minVolumeHistoryBars`) to judge its volume. */
  InsufficientHistory: 'insufficient-history',
  /** The flag has fewer than `minFlagBars` bars (yet). */
  FlagTooShort: 'flag-too-short',
  /** The flag has lasted more than `maxFlagBars` bars. */
  FlagTooLong: 'flag-too-long',
  /** The flag's range is below `minFlagRangePct`. */
  FlagTooTight: 'flag-too-tight',
  /** The flag's range is above `maxFlagRangePct`. */
  FlagTooWide: 'flag-too-wide',
  /** The flag gave back more than `maxRetracement` of the pole. */
  FlagTooDeep: 'flag-too-deep',
  /** The flag's closes trend up by more than `maxFlagRise` of its range. */
  FlagRising: 'flag-rising',
  /** The flag's volume is above `maxFlagVolumeRatio` times the pole's. */
  FlagVolumeTooHigh: 'flag-volume-too-high',
  /** The breakout bar's volume is below `minBreakoutVolumeRatio` times the flag's average. */
  BreakoutVolumeTooLow: 'breakout-volume-too-low',
  /** Price reached or passed the pole's high without a confirmed breakout: the pole grew (or was retested) and the flag restarts. */
  PoleExtended: 'pole-extended',
  /** After a breakout, a bar closed back at or below the flag's high. */
  BackInFlag: 'back-in-flag',
  /** After a breakout, a bar traded below the flag's low (the support). */
  LostSupport: 'lost-support',
} as const

/**
 * One of the {@link BullFlagReasonCode} values.
 *
 * @example
 * ```ts
 * import type { BullFlagReasonCodeValue } from '@tradeblocks/bull-flag'
 *
 * const code: BullFlagReasonCodeValue = 'flag-too-deep'
 * ```
 */
export type BullFlagReasonCodeValue = (typeof BullFlagReasonCode)[keyof typeof BullFlagReasonCode]

/**
 * One reason a setup is not a bull flag: a code, the measured value, the limit it broke, and a sentence
 * such as `pole gain 5.2% is below 8%`.
 *
 * @example
 * ```ts
 * import type { BullFlagReason } from '@tradeblocks/bull-flag'
 *
 * const reason: BullFlagReason = {
 *   code: 'flag-too-deep',
 *   message: 'flag retraced 72% of the pole, above 50%',
 *   value: 0.72,
 *   limit: 0.5,
 * }
 * ```
 */
export interface BullFlagReason {
  /** What failed. */
  code: BullFlagReasonCodeValue
  /** The failure in words, with the value and the limit. */
  message: string
  /** The measured value (a percent for gains and ranges, a fraction for retracement and rise, a ratio for volume, a count for bars, a price for events). */
  value: number
  /** The limit the value broke, in the same unit. */
  limit: number
}

const PERMANENT: ReadonlySet<string> = new Set([
  BullFlagReasonCode.PoleTooWeak,
  BullFlagReasonCode.PoleTooShort,
  BullFlagReasonCode.PoleVolumeTooLow,
  BullFlagReasonCode.InsufficientHistory,
  BullFlagReasonCode.FlagTooLong,
  BullFlagReasonCode.FlagTooWide,
  BullFlagReasonCode.FlagTooDeep,
  BullFlagReasonCode.PoleExtended,
])

/**
 * True when the reason cannot clear for the same pole as more bars arrive (a weak pole, a flag that is
 * too long, too wide or too deep); false when it may (a flag still too short or too tight, rising, heavy).
 *
 * @example
 * ```ts
 * import { isPermanentReason } from '@tradeblocks/bull-flag'
 *
 * isPermanentReason({ code: 'flag-too-deep', message: '', value: 0.7, limit: 0.5 }) // true
 * isPermanentReason({ code: 'flag-too-short', message: '', value: 1, limit: 2 }) // false
 * ```
 */
export function isPermanentReason(reason: Pick<BullFlagReason, 'code'>): boolean {
  return PERMANENT.has(reason.code)
}
