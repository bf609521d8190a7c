import { rollingVariance, VarianceKernel } from './internal/kernels.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link StdDev} and {@link stdDev}.
 *
 * @example
 * ```ts
 * import { stdDev, type StdDevParameters } from '@tradeblocks/indicators'
 *
 * const parameters: StdDevParameters = { period: 20 }
 * stdDev([1, 2, 3], parameters)
 * ```
 */
export interface StdDevParameters {
  /** Window length; a positive integer. */
  period: number
}

/**
 * What {@link stdDev} returns: one value per input, `NaN` for the first `period - 1`.
 *
 * @example
 * ```ts
 * import { stdDev, type StdDevReturnType } from '@tradeblocks/indicators'
 *
 * const out: StdDevReturnType = stdDev([1, 3, 5], { period: 2 }) // [NaN, 1, 1]
 * ```
 */
export type StdDevReturnType = Float64Array

/**
 * Rolling population standard deviation (divides by `period`), as TA-Lib's `STDDEV` with
 * `nbDev = 1` and TradingView's `ta.stdev` (biased, its default). First value at index
 * `period - 1`.
 *
 * Accuracy: the sums are kept relative to a recent price and recomputed from the window every
 * `max(period, 64)` inputs, so the result does not lose digits the way `E[x²] − E[x]²` does on
 * prices far from zero. A window of equal values gives exactly 0, where TA-Lib returns the square
 * root of its rounding noise (about 1e-6 on prices near 100). O(period) state.
 *
 * @example
 * ```ts
 * import { StdDev } from '@tradeblocks/indicators'
 *
 * const sd = new StdDev({ period: 2 })
 * sd.update(1)
 * sd.update(3) // 1
 * sd.update(3) // 0
 * ```
 */
export class StdDev implements StreamingIndicator<number, number> {
  /** Window length. */
  readonly period: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  private readonly kernel: VarianceKernel
  private out = Number.NaN

  constructor(parameters: StdDevParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = this.period - 1
    this.kernel = new VarianceKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.kernel.n >= this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.kernel.n >= this.period ? this.out : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a value; returns the new standard deviation or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    this.kernel.save()
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed standard deviation. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    if (this.kernel.n === 0) return this.update(value)
    this.kernel.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
    this.out = Number.NaN
  }

  private step(x: number): number | undefined {
    if (!this.kernel.step(x)) return undefined
    const out = Math.sqrt(this.kernel.variance)
    this.out = out
    return out
  }
}

/**
 * Rolling standard deviation over a series; the batch form of {@link StdDev} (same values bit for
 * bit). `NaN` for the first `period - 1` indices. Throws {@link InvalidInputError} with the index
 * of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { stdDev } from '@tradeblocks/indicators'
 *
 * stdDev([2, 4, 4, 4, 5, 5, 7, 9], { period: 8 })[7] // 2
 * ```
 */
export function stdDev(values: ArrayLike<number>, parameters: StdDevParameters): StdDevReturnType {
  const p = checkPeriod('period', parameters?.period)
  return stdDevOf(values, p)
}

/** {@link stdDev} once its options are read: see "Option objects" in the README. */
function stdDevOf(values: ArrayLike<number>, p: number): StdDevReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  rollingVariance(values, p, n, undefined, out, (i, x) => badInput('value', i, x))
  for (let i = 0; i < n; i++) out[i] = i < p - 1 ? Number.NaN : Math.sqrt(out[i]!)
  return out
}
