import { checkColumn, checkHighLowClose } from './internal/bars.js'
import { AtrKernel, trueRangeOf } from './internal/kernels.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link ATR} and {@link atr}.
 *
 * @example
 * ```ts
 * import { atr, type AtrParameters } from '@tradeblocks/indicators'
 *
 * const parameters: AtrParameters = { period: 14 }
 * atr({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, parameters)
 * ```
 */
export interface AtrParameters {
  /** Wilder's length; a positive integer. Defaults to 14. */
  period?: number
}

/**
 * What {@link atr} returns: one value per bar, `NaN` for the first `period`.
 *
 * @example
 * ```ts
 * import { atr, type AtrReturnType } from '@tradeblocks/indicators'
 *
 * const out: AtrReturnType = atr({ high: [10, 12, 11], low: [9, 11, 10.5], close: [9.5, 11.5, 11] }, { period: 2 })
 * ```
 */
export type AtrReturnType = Float64Array

/**
 * Average true range with Wilder's smoothing, exactly as TA-Lib's `ATR`.
 *
 * TA-Lib's conventions: the first bar has no true range; the seed is the mean of the true ranges
 * of bars 1..period, so the first value is at index `period`; then
 * `atr = (atr · (period − 1) + tr) / period`. TradingView's `ta.atr` counts `high − low` as the
 * first bar's true range and seeds with bars 0..period−1, one bar earlier: the two differ by a
 * shrinking amount (factor `(period − 1) / period` per bar). O(1) state.
 *
 * @example
 * ```ts
 * import { ATR } from '@tradeblocks/indicators'
 *
 * const atr = new ATR({ period: 14 })
 * const stopDistance = (close: number) => {
 *   const v = atr.value
 *   return v === undefined ? undefined : 2 * v
 * }
 * ```
 */
export class ATR implements StreamingIndicator<HighLowClose, number> {
  /** Wilder's length. */
  readonly period: number
  /** Inputs before the first value: `period`. */
  readonly warmup: number
  private readonly kernel: AtrKernel

  constructor(parameters: AtrParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 14)
    this.warmup = this.period
    this.kernel = new AtrKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n > this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.kernel.n > this.period ? this.kernel.value : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.kernel.n > this.period ? this.kernel.value : Number.NaN
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a bar; returns the ATR or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.kernel.n)
    this.kernel.save()
    const out = this.kernel.step(bar.high, bar.low, bar.close)
    return !Number.isNaN(out) ? out : undefined
  }

  /** Replaces the last bar (still forming) and returns the recomputed ATR. */
  replace(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.kernel.n)
    if (this.kernel.n === 0) return this.update(bar)
    this.kernel.restore()
    const out = this.kernel.step(bar.high, bar.low, bar.close)
    return !Number.isNaN(out) ? out : undefined
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
  }
}

/**
 * ATR over OHLC columns; the batch form of {@link ATR} (same values bit for bit). `NaN` for the
 * first `period` indices. Throws {@link InvalidInputError} with the index and column of the first
 * NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { atr } from '@tradeblocks/indicators'
 *
 * atr({ high: [10, 12, 11], low: [9, 11, 10.5], close: [9.5, 11.5, 11] }, { period: 2 }) // [NaN, NaN, 1.75]
 * ```
 */
export function atr(columns: HighLowCloseColumns, parameters: AtrParameters = {}): AtrReturnType {
  const p = checkPeriod('period', parameters?.period ?? 14)
  return atrOf(columns, p)
}

/** {@link atr} once its options are read: see "Option objects" in the README. */
function atrOf(columns: HighLowCloseColumns, p: number): AtrReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const { high, low, close } = columns
  const out = new Float64Array(n)
  if (n === 0) return out
  let prev = close[0] as number
  checkColumn('high', high[0], 0)
  checkColumn('low', low[0], 0)
  checkColumn('close', prev, 0)
  out[0] = Number.NaN
  let sum = 0
  const warm = n <= p ? n : p + 1
  for (let i = 1; i < warm; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    checkColumn('high', h, i)
    checkColumn('low', l, i)
    checkColumn('close', c, i)
    sum += trueRangeOf(h, l, prev)
    prev = c
    if (i < p) out[i] = Number.NaN
  }
  if (n <= p) return out
  let a = sum / p
  out[p] = a
  const m = p - 1
  for (let i = p + 1; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    checkColumn('high', h, i)
    checkColumn('low', l, i)
    checkColumn('close', c, i)
    a = (a * m + trueRangeOf(h, l, prev)) / p
    prev = c
    out[i] = a
  }
  return out
}
