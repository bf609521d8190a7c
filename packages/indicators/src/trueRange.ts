import { checkColumn, checkHighLowClose } from './internal/bars.js'
import { trueRangeOf } from './internal/kernels.js'
import { columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * What {@link trueRange} returns: one value per bar, with no warm-up.
 *
 * @example
 * ```ts
 * import { trueRange, type TrueRangeReturnType } from '@tradeblocks/indicators'
 *
 * const out: TrueRangeReturnType = trueRange({ high: [10, 12], low: [9, 11], close: [9.5, 11.5] }) // [1, 2.5]
 * ```
 */
export type TrueRangeReturnType = Float64Array

/**
 * True range (Wilder): `max(high − low, |high − previous close|, |low − previous close|)`.
 *
 * The first bar has no previous close, so its true range is `high − low`, as TradingView's
 * `ta.tr(true)` (which `ta.atr` uses); TA-Lib's `TRANGE` leaves index 0 empty and agrees from
 * index 1 on. O(1) state.
 *
 * @example
 * ```ts
 * import { TrueRange } from '@tradeblocks/indicators'
 *
 * const tr = new TrueRange()
 * tr.update({ high: 10, low: 9, close: 9.5 }) // 1
 * tr.update({ high: 12, low: 11, close: 11.5 }) // 2.5: the gap up from 9.5 counts
 * ```
 */
export class TrueRange implements StreamingIndicator<HighLowClose, number> {
  /** Inputs before the first value: 0. */
  readonly warmup = 0
  private n = 0
  private prevClose = Number.NaN
  private out = Number.NaN
  private sN = 0
  private sPrevClose = Number.NaN

  /** True once a bar was seen. */
  get isReady(): boolean {
    return this.n > 0
  }

  /** The latest value, or `undefined` before the first bar. */
  get value(): number | undefined {
    return this.n > 0 ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n > 0 ? this.out : Number.NaN
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a bar and returns its true range. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): number {
    checkHighLowClose(bar, this.n)
    this.sN = this.n
    this.sPrevClose = this.prevClose
    return this.step(bar)
  }

  /** Replaces the last bar (still forming) and returns its true range. */
  replace(bar: HighLowClose): number {
    checkHighLowClose(bar, this.n)
    if (this.n === 0) return this.update(bar)
    this.n = this.sN
    this.prevClose = this.sPrevClose
    return this.step(bar)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.prevClose = Number.NaN
    this.out = Number.NaN
  }

  private step(bar: HighLowClose): number {
    // stored, then returned from the field: returning the computed double too made V8 box it on
    // every update, even for a caller that ignores it
    this.out = this.n++ === 0 ? bar.high - bar.low : trueRangeOf(bar.high, bar.low, this.prevClose)
    this.prevClose = bar.close
    return this.out
  }
}

/**
 * True range over OHLC columns; the batch form of {@link TrueRange} (same values bit for bit).
 * Throws {@link InvalidInputError} with the index and column of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { trueRange } from '@tradeblocks/indicators'
 *
 * trueRange({ high: [10, 12, 11], low: [9, 11, 10.5], close: [9.5, 11.5, 11] }) // [1, 2.5, 1]
 * ```
 */
export function trueRange(columns: HighLowCloseColumns): TrueRangeReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const { high, low, close } = columns
  const out = new Float64Array(n)
  let prev = Number.NaN
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    checkColumn('high', h, i)
    checkColumn('low', l, i)
    checkColumn('close', c, i)
    out[i] = i === 0 ? h - l : trueRangeOf(h, l, prev)
    prev = c
  }
  return out
}
