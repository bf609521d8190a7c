import { checkHighLow } from './internal/bars.js'
import { EXTREMES, ExtremesKernel, rollingExtremes } from './internal/extremes.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLow, HighLowColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link Donchian} and {@link donchian}.
 *
 * @example
 * ```ts
 * import { donchian, type DonchianParameters } from '@tradeblocks/indicators'
 *
 * const parameters: DonchianParameters = { period: 20 }
 * donchian({ high: [2, 3], low: [1, 2] }, parameters)
 * ```
 */
export interface DonchianParameters {
  /** Number of bars in the channel; a positive integer. Defaults to 20. */
  period?: number
}

/**
 * One reading of {@link Donchian}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { DonchianValue } from '@tradeblocks/indicators'
 *
 * const breakout = (close: number, channel: DonchianValue) => close > channel.upper
 * ```
 */
export interface DonchianValue {
  /** Highest high of the window (TA-Lib `MAX` of the highs). */
  upper: number
  /** Lowest low of the window (TA-Lib `MIN` of the lows). */
  lower: number
  /** Midpoint: `(upper + lower) / 2`. */
  middle: number
}

/**
 * What {@link donchian} returns: upper, lower and middle columns, `NaN` for the first `period − 1`.
 *
 * @example
 * ```ts
 * import { donchian, type DonchianReturnType } from '@tradeblocks/indicators'
 *
 * const { upper }: DonchianReturnType = donchian({ high: [2, 3, 1], low: [1, 2, 0] }, { period: 2 })
 * ```
 */
export interface DonchianReturnType {
  /** Highest high per bar. */
  upper: Float64Array
  /** Lowest low per bar. */
  lower: Float64Array
  /** Midpoint per bar. */
  middle: Float64Array
}

/**
 * Donchian channel: the highest high and the lowest low of the last `period` bars (the current
 * bar included, like TradingView's `ta.highest`/`ta.lowest` and TA-Lib's `MAX`/`MIN`), and their
 * midpoint. For a breakout rule compare the close with the channel of the *previous* bar. First
 * value at index `period − 1`. O(1) amortized per bar, O(period) state.
 *
 * @example
 * ```ts
 * import { Donchian } from '@tradeblocks/indicators'
 *
 * const channel = new Donchian({ period: 2 })
 * channel.update({ high: 10, low: 9 })
 * channel.update({ high: 11, low: 9.5 }) // { upper: 11, lower: 9, middle: 10 }
 * ```
 */
export class Donchian implements StreamingIndicator<HighLow, DonchianValue> {
  /** Channel length. */
  readonly period: number
  /** Inputs before the first value: `period − 1`. */
  readonly warmup: number
  private readonly ext: ExtremesKernel
  private readonly result: DonchianValue = { upper: Number.NaN, lower: Number.NaN, middle: Number.NaN }

  constructor(parameters: DonchianParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 20)
    this.warmup = this.period - 1
    this.ext = new ExtremesKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.ext.n >= this.period
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): DonchianValue | undefined {
    return this.ext.n >= this.period ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.ext.n
  }

  /** Adds a bar; returns the channel or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLow): DonchianValue | undefined {
    checkHighLow(bar, this.ext.n)
    this.ext.save()
    return this.step(bar.high, bar.low)
  }

  /** Replaces the last bar (still forming) and returns the recomputed channel. */
  replace(bar: HighLow): DonchianValue | undefined {
    checkHighLow(bar, this.ext.n)
    if (this.ext.n === 0) return this.update(bar)
    this.ext.restore()
    return this.step(bar.high, bar.low)
  }

  /** Forgets every input. */
  reset(): void {
    this.ext.reset()
  }

  private step(high: number, low: number): DonchianValue | undefined {
    const ext = this.ext
    if (!ext.step(high, low)) return undefined
    const r = this.result
    r.upper = ext.highest
    r.lower = ext.lowest
    r.middle = (ext.highest + ext.lowest) / 2
    return r
  }
}

/**
 * Donchian channel over high/low columns; the batch form of {@link Donchian} (same values bit for
 * bit). `NaN` for the first `period − 1` indices. Throws {@link InvalidInputError} with the index
 * and column of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { donchian } from '@tradeblocks/indicators'
 *
 * const { upper, lower } = donchian({ high: [10, 11, 10.5], low: [9, 9.5, 10] }, { period: 2 })
 * upper[2] // 11
 * lower[2] // 9.5
 * ```
 */
export function donchian(columns: HighLowColumns, parameters: DonchianParameters = {}): DonchianReturnType {
  const p = checkPeriod('period', parameters?.period ?? 20)
  return donchianOf(columns, p)
}

/** {@link donchian} once its options are read: see "Option objects" in the README. */
function donchianOf(columns: HighLowColumns, p: number): DonchianReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low'])
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  const middle = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: DonchianReturnType = { upper, lower, middle }
  rollingExtremes(columns, p, n, upper, lower, EXTREMES)
  midpoints(upper, lower, middle, p - 1, n)
  const warm = Math.min(n, p - 1)
  upper.fill(Number.NaN, 0, warm)
  lower.fill(Number.NaN, 0, warm)
  middle.fill(Number.NaN, 0, warm)
  return result
}

/**
 * The middle line from index `from` on: a function of its own whose loop has nothing before it
 * (see "First calls" in the README).
 */
function midpoints(
  upper: Float64Array,
  lower: Float64Array,
  middle: Float64Array,
  from: number,
  n: number,
): void {
  for (let i = from; i < n; i++) middle[i] = (upper[i]! + lower[i]!) / 2
}
