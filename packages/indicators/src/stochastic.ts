import { checkHighLowClose } from './internal/bars.js'
import { recomputeInterval } from './internal/constants.js'
import { ExtremesKernel, rawK, rollingExtremes, STOCHASTIC_K } from './internal/extremes.js'
import { rollingMean, SmaKernel } from './internal/kernels.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link Stochastic} and {@link stochastic}.
 *
 * @example
 * ```ts
 * import { stochastic, type StochasticParameters } from '@tradeblocks/indicators'
 *
 * const slow: StochasticParameters = { kPeriod: 14, kSmoothing: 3, dPeriod: 3 }
 * stochastic({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, slow)
 * ```
 */
export interface StochasticParameters {
  /** Look-back of the highest high and lowest low; a positive integer. Defaults to 14. */
  kPeriod?: number
  /** SMA length applied to the raw %K: 1 gives the fast stochastic, 3 the usual slow one. Defaults to 1. */
  kSmoothing?: number
  /** SMA length of %D over %K; a positive integer. Defaults to 3. */
  dPeriod?: number
}

/**
 * One reading of {@link Stochastic}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { StochasticValue } from '@tradeblocks/indicators'
 *
 * const oversold = (v: StochasticValue) => v.k < 20 && v.d < 20
 * ```
 */
export interface StochasticValue {
  /** %K in [0, 100] (smoothed by `kSmoothing`). */
  k: number
  /** %D in [0, 100]: the SMA of %K. */
  d: number
}

/**
 * What {@link stochastic} returns: %K and %D columns, `NaN` during warm-up.
 *
 * @example
 * ```ts
 * import { stochastic, type StochasticReturnType } from '@tradeblocks/indicators'
 *
 * const { k, d }: StochasticReturnType = stochastic({ high: [2, 3, 4], low: [1, 2, 3], close: [2, 3, 4] }, { kPeriod: 2, dPeriod: 2 })
 * ```
 */
export interface StochasticReturnType {
  /** %K per bar. */
  k: Float64Array
  /** %D per bar. */
  d: Float64Array
}

/**
 * Stochastic oscillator (Lane). Raw %K = `100 · (close − lowest low) / (highest high − lowest
 * low)` over `kPeriod` bars; %K is its SMA over `kSmoothing` bars; %D the SMA of %K over
 * `dPeriod` bars.
 *
 * With `kSmoothing: 1` this is TA-Lib's `STOCHF` (fastK, fastD with SMA) and TradingView's default
 * "Stoch" (14, 1, 3); with `kSmoothing: 3` it is TA-Lib's `STOCH` with SMA (slowK, slowD). First
 * value at index `kPeriod + kSmoothing + dPeriod − 3`.
 *
 * A flat window (highest high = lowest low) gives a raw %K of 0, as TA-Lib does, and the
 * indicator carries on normally afterwards (TradingView shows na there). O(1) amortized per bar
 * and O(kPeriod + kSmoothing + dPeriod) state.
 *
 * @example
 * ```ts
 * import { Stochastic } from '@tradeblocks/indicators'
 *
 * const stoch = new Stochastic({ kPeriod: 14, kSmoothing: 3, dPeriod: 3 })
 * const v = stoch.update({ high: 10.5, low: 10.1, close: 10.4 }) // undefined until warmed up
 * ```
 */
export class Stochastic implements StreamingIndicator<HighLowClose, StochasticValue> {
  /** Look-back of the highest high and lowest low. */
  readonly kPeriod: number
  /** SMA length applied to the raw %K. */
  readonly kSmoothing: number
  /** SMA length of %D. */
  readonly dPeriod: number
  /** Inputs before the first value: `kPeriod + kSmoothing + dPeriod − 3`. */
  readonly warmup: number
  private readonly ext: ExtremesKernel
  private readonly kSma: SmaKernel
  private readonly dSma: SmaKernel
  private readonly result: StochasticValue = { k: Number.NaN, d: Number.NaN }

  constructor(parameters: StochasticParameters = {}) {
    this.kPeriod = checkPeriod('kPeriod', parameters?.kPeriod ?? 14)
    this.kSmoothing = checkPeriod('kSmoothing', parameters?.kSmoothing ?? 1)
    this.dPeriod = checkPeriod('dPeriod', parameters?.dPeriod ?? 3)
    this.warmup = this.kPeriod + this.kSmoothing + this.dPeriod - 3
    this.ext = new ExtremesKernel(this.kPeriod)
    this.kSma = new SmaKernel(this.kSmoothing, recomputeInterval(this.kSmoothing))
    this.dSma = new SmaKernel(this.dPeriod, recomputeInterval(this.dPeriod))
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.ext.n > this.warmup
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): StochasticValue | undefined {
    return this.ext.n > this.warmup ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.ext.n
  }

  /** Adds a bar; returns %K and %D or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): StochasticValue | undefined {
    checkHighLowClose(bar, this.ext.n)
    this.ext.save()
    this.kSma.save()
    this.dSma.save()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Replaces the last bar (still forming) and returns the recomputed reading. */
  replace(bar: HighLowClose): StochasticValue | undefined {
    checkHighLowClose(bar, this.ext.n)
    if (this.ext.n === 0) return this.update(bar)
    this.ext.restore()
    this.kSma.restore()
    this.dSma.restore()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Forgets every input. */
  reset(): void {
    this.ext.reset()
    this.kSma.reset()
    this.dSma.reset()
  }

  private step(high: number, low: number, close: number): StochasticValue | undefined {
    const ext = this.ext
    if (!ext.step(high, low)) return undefined
    const k = this.kSma.step(rawK(ext.highest, ext.lowest, close))
    if (Number.isNaN(k)) return undefined
    const d = this.dSma.step(k)
    if (Number.isNaN(d)) return undefined
    const r = this.result
    r.k = k
    r.d = d
    return r
  }
}

/**
 * Stochastic oscillator over OHLC columns; the batch form of {@link Stochastic} (same values bit
 * for bit). `NaN` during warm-up. Throws {@link InvalidInputError} with the index and column of the
 * first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { stochastic } from '@tradeblocks/indicators'
 *
 * const { k, d } = stochastic(
 *   { high: [10, 11, 12, 12], low: [9, 10, 11, 10], close: [9.5, 11, 11.5, 10] },
 *   { kPeriod: 2, kSmoothing: 1, dPeriod: 2 },
 * )
 * k[3] // 0: the close is at the lowest low of the last 2 bars
 * ```
 */
export function stochastic(
  columns: HighLowCloseColumns,
  parameters: StochasticParameters = {},
): StochasticReturnType {
  const kPeriod = checkPeriod('kPeriod', parameters?.kPeriod ?? 14)
  const kSmoothing = checkPeriod('kSmoothing', parameters?.kSmoothing ?? 1)
  const dPeriod = checkPeriod('dPeriod', parameters?.dPeriod ?? 3)
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const kOut = new Float64Array(n)
  const dOut = new Float64Array(n)
  // raw %K (checking every row on the way), then %K and %D over it
  const scratch = new Float64Array(n)
  rollingExtremes(columns, kPeriod, n, scratch, scratch, STOCHASTIC_K)
  if (n < kPeriod) {
    kOut.fill(Number.NaN)
    dOut.fill(Number.NaN)
    return { k: kOut, d: dOut }
  }
  // %K: the rolling mean of raw %K (as SmaKernel computes it), then %D over %K
  const kFirst = kPeriod + kSmoothing - 2
  if (kSmoothing === 1) kOut.set(scratch.subarray(kPeriod - 1), kPeriod - 1)
  else rollingMean(scratch, kPeriod - 1, Math.max(0, n - kPeriod + 1), kSmoothing, kOut, kPeriod - 1)
  rollingMean(kOut, kFirst, Math.max(0, n - kFirst), dPeriod, dOut, kFirst)
  const first = kFirst + dPeriod - 1
  for (let i = 0; i < first && i < n; i++) {
    kOut[i] = Number.NaN
    dOut[i] = Number.NaN
  }
  return { k: kOut, d: dOut }
}
