import { checkHighLowClose } from './internal/bars.js'
import { ExtremesKernel, percentR, rollingExtremes, WILLIAMS_R } from './internal/extremes.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link WilliamsR} and {@link williamsR}.
 *
 * @example
 * ```ts
 * import { williamsR, type WilliamsRParameters } from '@tradeblocks/indicators'
 *
 * const parameters: WilliamsRParameters = { period: 14 }
 * williamsR({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, parameters)
 * ```
 */
export interface WilliamsRParameters {
  /** Look-back of the highest high and lowest low; a positive integer. Defaults to 14. */
  period?: number
}

/**
 * What {@link williamsR} returns: one value per bar in [−100, 0], `NaN` for the first `period − 1`.
 *
 * @example
 * ```ts
 * import { williamsR, type WilliamsRReturnType } from '@tradeblocks/indicators'
 *
 * const out: WilliamsRReturnType = williamsR({ high: [2, 3], low: [1, 2], close: [2, 2] }, { period: 2 }) // [NaN, -50]
 * ```
 */
export type WilliamsRReturnType = Float64Array

/**
 * Williams %R: `−100 · (highest high − close) / (highest high − lowest low)` over `period` bars,
 * as TA-Lib's `WILLR` and TradingView's `%R`. First value at index `period − 1`.
 *
 * A flat window (highest high = lowest low) gives 0, as TA-Lib does, and the indicator carries on
 * normally afterwards (TradingView shows na there). O(1) amortized per bar, O(period) state.
 *
 * @example
 * ```ts
 * import { WilliamsR } from '@tradeblocks/indicators'
 *
 * const wr = new WilliamsR({ period: 2 })
 * wr.update({ high: 2, low: 1, close: 1.5 }) // undefined
 * wr.update({ high: 3, low: 2, close: 2 }) // -50
 * ```
 */
export class WilliamsR implements StreamingIndicator<HighLowClose, number> {
  /** Look-back length. */
  readonly period: number
  /** Inputs before the first value: `period − 1`. */
  readonly warmup: number
  private readonly ext: ExtremesKernel
  private out = Number.NaN

  constructor(parameters: WilliamsRParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 14)
    this.warmup = this.period - 1
    this.ext = new ExtremesKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.ext.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.ext.n >= this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.ext.n >= this.period ? this.out : Number.NaN
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.ext.n
  }

  /** Adds a bar; returns %R or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.ext.n)
    this.ext.save()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Replaces the last bar (still forming) and returns the recomputed %R. */
  replace(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.ext.n)
    if (this.ext.n === 0) return this.update(bar)
    this.ext.restore()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Forgets every input. */
  reset(): void {
    this.ext.reset()
    this.out = Number.NaN
  }

  private step(high: number, low: number, close: number): number | undefined {
    const ext = this.ext
    if (!ext.step(high, low)) return undefined
    // stored, then returned from the field: returning the computed double too made V8 box it on
    // every update, even for a caller that ignores it
    this.out = percentR(ext.highest, ext.lowest, close)
    return this.out
  }
}

/**
 * Williams %R over OHLC columns; the batch form of {@link WilliamsR} (same values bit for bit).
 * `NaN` for the first `period − 1` indices. Throws {@link InvalidInputError} with the index and
 * column of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { williamsR } from '@tradeblocks/indicators'
 *
 * williamsR({ high: [2, 3, 3], low: [1, 2, 2], close: [1.5, 2, 3] }, { period: 2 }) // [NaN, -50, 0]
 * ```
 */
export function williamsR(
  columns: HighLowCloseColumns,
  parameters: WilliamsRParameters = {},
): WilliamsRReturnType {
  const p = checkPeriod('period', parameters?.period ?? 14)
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const out = new Float64Array(n)
  rollingExtremes(columns, p, n, out, out, WILLIAMS_R)
  return out
}
