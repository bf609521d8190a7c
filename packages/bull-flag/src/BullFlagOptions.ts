import { parse } from '@tradeblocks/core'
import { z } from 'zod'

/** Largest bar count any window option may take; bounds the detector's ring buffer. */
const MAX_WINDOW = 2_000

const count = (min: number) =>
  z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be an integer' })
    .min(min, { error: `must be at least ${min}` })
    .max(MAX_WINDOW, { error: `must be at most ${MAX_WINDOW}` })

const nonNegative = z
  .number({ error: 'must be a finite number' })
  .nonnegative({ error: 'must not be negative' })

const positive = z.number({ error: 'must be a finite number' }).positive({ error: 'must be greater than 0' })

const BullFlagOptionsObject = z
  .object({
    symbol: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
    minPoleGainPct: positive.default(8),
    minPoleBars: count(1).default(1),
    maxPoleBars: count(1).default(10),
    useVolume: z.boolean({ error: 'must be true or false' }).default(true),
    minPoleVolumeRatio: nonNegative.default(1.5),
    volumeLookback: count(1).default(20),
    minVolumeHistoryBars: count(1).default(3),
    minFlagBars: count(1).default(2),
    maxFlagBars: count(1).default(10),
    minFlagRangePct: nonNegative.default(3),
    maxFlagRangePct: positive.default(5),
    maxRetracement: z
      .number({ error: 'must be a finite number' })
      .positive({ error: 'must be greater than 0' })
      .max(1, { error: 'must be at most 1 (a flag that gives back the whole pole is not a flag)' })
      .default(0.5),
    maxFlagRise: nonNegative.default(0.5),
    maxFlagVolumeRatio: positive.default(0.8),
    breakoutOn: z.enum(['close', 'trade'], { error: 'must be "close" or "trade"' }).default('close'),
    minBreakoutVolumeRatio: nonNegative.default(1),
    followThroughBars: count(0).default(5),
    tick: positive.optional(),
    onInvalidBar: z.enum(['throw', 'report'], { error: 'must be "throw" or "report"' }).default('throw'),
  })
  .strict()

/**
 * The zod schema of {@link BullFlagOptions}. Every field is optional and defaults to the value in
 * {@link DEFAULT_BULL_FLAG_OPTIONS}; cross-field rules (`minFlagBars <= maxFlagBars`, …) are checked too.
 * Parse it through {@link resolveBullFlagOptions}, which throws a core `ValidationError` naming the
 * option and the value.
 *
 * @example
 * ```ts
 * import { BullFlagOptionsSchema } from '@tradeblocks/bull-flag'
 *
 * BullFlagOptionsSchema.safeParse({ minPoleGainPct: -1 }).success // false
 * ```
 */
export const BullFlagOptionsSchema = BullFlagOptionsObject.superRefine((o, ctx) => {
  const shape = BullFlagOptionsObject.shape
  const pair = (lo: keyof typeof shape, hi: keyof typeof shape) => {
    const a = o[lo] as number
    const b = o[hi] as number
    // Only compare values that are valid on their own (their own issue is reported already).
    if (!shape[lo].safeParse(a).success || !shape[hi].safeParse(b).success) return
    if (a > b) ctx.addIssue({ code: 'custom', path: [lo], message: `must not be above ${hi} ${b}`, input: a })
  }
  pair('minPoleBars', 'maxPoleBars')
  pair('minFlagBars', 'maxFlagBars')
  pair('minFlagRangePct', 'maxFlagRangePct')
  pair('minVolumeHistoryBars', 'volumeLookback')
})

/**
 * Options of {@link BullFlagDetector}. Windows are counted in bars, so the same options work on any
 * timeframe (tune them per timeframe: a daily flag is usually longer than a 1-minute one).
 *
 * A bull flag is a **pole** (a strong advance from the pole's low to its high, on rising volume) followed
 * by a **flag** (a tight consolidation, drifting flat or down, on lighter volume). A **breakout** is a
 * close (or a trade, see `breakoutOn`) at or above the breakout price: the flag's high plus one tick.
 *
 * @example
 * ```ts
 * import { BullFlagDetector, type BullFlagOptions } from '@tradeblocks/bull-flag'
 *
 * // Daily bars: allow longer poles and flags, and act on a trade through the flag high.
 * const daily: BullFlagOptions = { maxPoleBars: 15, maxFlagBars: 20, breakoutOn: 'trade' }
 * const detector = new BullFlagDetector(daily)
 * ```
 */
export interface BullFlagOptions {
  /** The symbol this detector watches. Default: the first bar's symbol; a bar of another symbol is rejected. */
  symbol?: string
  /** The pole's least gain, low to high, in percent. Default `8`. */
  minPoleGainPct?: number
  /** The pole's least length in bars (from the bar of its low to the bar of its high, both included). Default `1`. */
  minPoleBars?: number
  /** The pole's greatest length in bars, the `N` of the issue: the pole's low is searched in the last `N` bars up to its high. Default `10`. */
  maxPoleBars?: number
  /** Apply the volume rules (pole, flag and breakout volume). Set `false` for data without volume. Default `true`. */
  useVolume?: boolean
  /**
   * "On rising volume": the pole's average volume must be at least this multiple of the average volume
   * of the `volumeLookback` bars before the pole. `0` turns the rule off. Default `1.5`.
   */
  minPoleVolumeRatio?: number
  /** How many bars before the pole form its volume baseline. Default `20`. */
  volumeLookback?: number
  /** The least number of bars before the pole needed to judge its volume; fewer fails the pole. Default `3`. */
  minVolumeHistoryBars?: number
  /** The flag's least length in bars: a consolidation needs at least two. Default `2`. */
  minFlagBars?: number
  /** The flag's greatest length in bars, the `M` of the issue. Default `10`. */
  maxFlagBars?: number
  /** The flag's least range, `(flag high − flag low) / flag high`, in percent. Default `3`. */
  minFlagRangePct?: number
  /** The flag's greatest range in percent: a flag is a tight consolidation. Default `5`. */
  maxFlagRangePct?: number
  /**
   * The greatest share of the pole the flag may give back, `(pole high − flag low) / (pole high − pole low)`,
   * in `(0, 1]`. Default `0.5`.
   */
  maxRetracement?: number
  /**
   * "Drifting flat or down": the least-squares line through the flag's closes may rise, from the flag's
   * first bar to its last, at most this fraction of the flag's range. Checked on flags of three bars or
   * more (two points make no trend). Default `0.5`.
   */
  maxFlagRise?: number
  /** "Lighter volume than the pole": the flag's average volume may be at most this multiple of the pole's. Default `0.8`. */
  maxFlagVolumeRatio?: number
  /**
   * What breaks out: `close` (default) needs a bar to close at or above the breakout price; `trade` needs
   * a bar's high to reach it (a trade went through), and reports an entry at the breakout price, or at the
   * open when the bar opened above it.
   */
  breakoutOn?: 'close' | 'trade'
  /** The breakout bar's volume must be at least this multiple of the flag's average volume. `0` turns it off. Default `1`. */
  minBreakoutVolumeRatio?: number
  /**
   * For this many bars after a breakout the detector reports a `breakout-failed` event if a bar closes back
   * at or below the flag high or trades below the support. `0` stops watching at once. Default `5`.
   */
  followThroughBars?: number
  /** An explicit tick size; by default the US sub-penny rule decides ($0.01 at or above $1, $0.0001 below). */
  tick?: number
  /**
   * What to do with a bad bar (a non-finite price, `high < low`, negative volume, a timestamp not after the
   * previous bar's, another symbol): `throw` (default) throws a core `ValidationError`; `report` returns a
   * `bar-rejected` event. Either way the bar is ignored and the detector's state is unchanged.
   */
  onInvalidBar?: 'throw' | 'report'
}

/**
 * {@link BullFlagOptions} after validation, with every default filled in.
 *
 * @example
 * ```ts
 * import { resolveBullFlagOptions, type ResolvedBullFlagOptions } from '@tradeblocks/bull-flag'
 *
 * const options: ResolvedBullFlagOptions = resolveBullFlagOptions({ maxFlagBars: 15 })
 * options.minPoleGainPct // 8
 * ```
 */
export type ResolvedBullFlagOptions = Readonly<z.output<typeof BullFlagOptionsSchema>>

/**
 * The default options, the thresholds of the reference momentum strategy (see {@link BullFlagOptions}).
 *
 * @example
 * ```ts
 * import { DEFAULT_BULL_FLAG_OPTIONS } from '@tradeblocks/bull-flag'
 *
 * DEFAULT_BULL_FLAG_OPTIONS.maxRetracement // 0.5
 * ```
 */
export const DEFAULT_BULL_FLAG_OPTIONS: ResolvedBullFlagOptions = Object.freeze(
  BullFlagOptionsSchema.parse({}),
)

/**
 * Validates bull-flag options and fills in the defaults.
 *
 * @throws ValidationError (from `@tradeblocks/core`) naming each bad option and its value, e.g.
 * `Invalid bull-flag options: maxFlagBars must be an integer (got 2.5)`.
 *
 * @example
 * ```ts
 * import { resolveBullFlagOptions } from '@tradeblocks/bull-flag'
 *
 * resolveBullFlagOptions({ minPoleGainPct: 10 }).minPoleGainPct // 10
 * resolveBullFlagOptions({ maxRetracement: 1.5 }) // throws ValidationError
 * ```
 */
export function resolveBullFlagOptions(options: BullFlagOptions = {}): ResolvedBullFlagOptions {
  return Object.freeze(parse(BullFlagOptionsSchema, options, 'bull-flag options'))
}
