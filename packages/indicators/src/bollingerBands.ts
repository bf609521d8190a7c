import { rollingVariance, VarianceKernel } from './internal/kernels.js'
import { badInput, checkNumber, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link BollingerBands} and {@link bollingerBands}.
 *
 * @example
 * ```ts
 * import { bollingerBands, type BollingerBandsParameters } from '@tradeblocks/indicators'
 *
 * const parameters: BollingerBandsParameters = { period: 20, multiplier: 2 }
 * bollingerBands([1, 2, 3], parameters)
 * ```
 */
export interface BollingerBandsParameters {
  /** Window of the middle band and of the standard deviation; a positive integer. Defaults to 20. */
  period?: number
  /** Number of standard deviations between the middle band and each outer band; finite and > 0. Defaults to 2. */
  multiplier?: number
}

/**
 * One reading of {@link BollingerBands}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import { BollingerBands, type BollingerBandsValue } from '@tradeblocks/indicators'
 *
 * const bb = new BollingerBands({ period: 2 })
 * bb.update(1)
 * const value: BollingerBandsValue | undefined = bb.update(3) // { middle: 2, upper: 4, lower: 0, … }
 * ```
 */
export interface BollingerBandsValue {
  /** Upper band: `middle + multiplier · stdDev`. */
  upper: number
  /** Middle band: the SMA of the window. */
  middle: number
  /** Lower band: `middle − multiplier · stdDev`. */
  lower: number
  /** Where the input sits in the bands: `(x − lower) / (upper − lower)`; 0.5 when the bands have zero width. */
  percentB: number
  /** Band width relative to the middle: `(upper − lower) / middle`; 0 when the middle band is 0. TradingView's BBW is this × 100. */
  bandwidth: number
}

/**
 * What {@link bollingerBands} returns: one column per field of {@link BollingerBandsValue}, `NaN`
 * for the first `period - 1` indices.
 *
 * @example
 * ```ts
 * import { bollingerBands, type BollingerBandsReturnType } from '@tradeblocks/indicators'
 *
 * const { upper, lower }: BollingerBandsReturnType = bollingerBands([1, 3, 5], { period: 2 })
 * ```
 */
export interface BollingerBandsReturnType {
  /** Upper band per input. */
  upper: Float64Array
  /** Middle band (SMA) per input. */
  middle: Float64Array
  /** Lower band per input. */
  lower: Float64Array
  /** %B per input. */
  percentB: Float64Array
  /** Bandwidth per input. */
  bandwidth: Float64Array
}

/**
 * Bollinger Bands: the SMA of the last `period` values ± `multiplier` population standard
 * deviations, with %B and bandwidth. Same definition as TA-Lib's `BBANDS` (SMA, equal
 * multipliers) and TradingView's built-in "Bollinger Bands".
 *
 * First value at index `period - 1`. On a flat window (all values equal) the three bands equal
 * that value, %B is 0.5 and the bandwidth 0: nothing is NaN. There TA-Lib's bands are off by the
 * square root of its rounding noise (about 3.5e-5 on some real series) because it computes
 * `E[x²] − E[x]²`; this package's sums are kept relative to a recent price (see {@link StdDev}).
 * O(period) state.
 *
 * @example
 * ```ts
 * import { BollingerBands } from '@tradeblocks/indicators'
 *
 * const bb = new BollingerBands({ period: 20, multiplier: 2 })
 * for (const close of [101.2, 101.5, 100.9]) {
 *   const v = bb.update(close)
 *   if (v !== undefined && v.percentB > 1) console.log('close above the upper band')
 * }
 * ```
 */
export class BollingerBands implements StreamingIndicator<number, BollingerBandsValue> {
  /** Window length. */
  readonly period: number
  /** Standard deviations per band. */
  readonly multiplier: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  private readonly kernel: VarianceKernel
  private readonly result: BollingerBandsValue = {
    upper: Number.NaN,
    middle: Number.NaN,
    lower: Number.NaN,
    percentB: Number.NaN,
    bandwidth: Number.NaN,
  }

  constructor(parameters: BollingerBandsParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 20)
    this.multiplier = checkNumber('multiplier', parameters?.multiplier ?? 2, true)
    this.warmup = this.period - 1
    this.kernel = new VarianceKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n >= this.period
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): BollingerBandsValue | undefined {
    return this.kernel.n >= this.period ? this.result : undefined
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a close; returns the bands or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): BollingerBandsValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    this.kernel.save()
    return this.step(value)
  }

  /** Replaces the last close (a bar still forming) and returns the recomputed bands. */
  replace(value: number): BollingerBandsValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    if (this.kernel.n === 0) return this.update(value)
    this.kernel.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
  }

  private step(x: number): BollingerBandsValue | undefined {
    const kernel = this.kernel
    if (!kernel.step(x)) return undefined
    const r = this.result
    const middle = kernel.mean
    const width = this.multiplier * Math.sqrt(kernel.variance)
    const upper = middle + width
    const lower = middle - width
    const range = upper - lower
    r.upper = upper
    r.middle = middle
    r.lower = lower
    r.percentB = range !== 0 ? (x - lower) / range : 0.5
    r.bandwidth = middle !== 0 ? range / middle : 0
    return r
  }
}

/**
 * Bollinger Bands over a series; the batch form of {@link BollingerBands} (same values bit for
 * bit). `NaN` for the first `period - 1` indices. Throws {@link InvalidInputError} with the index
 * of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { bollingerBands } from '@tradeblocks/indicators'
 *
 * const { upper, middle, lower } = bollingerBands([1, 3, 5, 7], { period: 2, multiplier: 2 })
 * upper[1] // 4
 * middle[1] // 2
 * lower[1] // 0
 * ```
 */
export function bollingerBands(
  values: ArrayLike<number>,
  parameters: BollingerBandsParameters = {},
): BollingerBandsReturnType {
  const p = checkPeriod('period', parameters?.period ?? 20)
  const mult = checkNumber('multiplier', parameters?.multiplier ?? 2, true)
  return bollingerBandsOf(values, p, mult)
}

/** {@link bollingerBands} once its options are read: see "Option objects" in the README. */
function bollingerBandsOf(values: ArrayLike<number>, p: number, mult: number): BollingerBandsReturnType {
  checkValues(values)
  const n = values.length
  const upperOut = new Float64Array(n)
  const middleOut = new Float64Array(n)
  const lowerOut = new Float64Array(n)
  const percentBOut = new Float64Array(n)
  const bandwidthOut = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: BollingerBandsReturnType = {
    upper: upperOut,
    middle: middleOut,
    lower: lowerOut,
    percentB: percentBOut,
    bandwidth: bandwidthOut,
  }
  // mean into middleOut, variance into bandwidthOut, then the bands in a second pass
  rollingVariance(values, p, n, middleOut, bandwidthOut, (i, x) => badInput('value', i, x))
  bands(values, p, mult, n, result)
  const warm = Math.min(n, p - 1)
  upperOut.fill(Number.NaN, 0, warm)
  middleOut.fill(Number.NaN, 0, warm)
  lowerOut.fill(Number.NaN, 0, warm)
  percentBOut.fill(Number.NaN, 0, warm)
  bandwidthOut.fill(Number.NaN, 0, warm)
  return result
}

/**
 * The bands from index `p − 1` on, from the mean in `middle` and the variance in `bandwidth`. A
 * function of its own that starts after the warm-up: see "First calls" in the README.
 */
function bands(
  values: ArrayLike<number>,
  p: number,
  mult: number,
  n: number,
  out: BollingerBandsReturnType,
): void {
  const {
    upper: upperOut,
    middle: middleOut,
    lower: lowerOut,
    percentB: percentBOut,
    bandwidth: bandwidthOut,
  } = out
  for (let i = p - 1; i < n; i++) {
    const x = values[i] as number
    const middle = middleOut[i]!
    const width = mult * Math.sqrt(bandwidthOut[i]!)
    const upper = middle + width
    const lower = middle - width
    const range = upper - lower
    upperOut[i] = upper
    lowerOut[i] = lower
    percentBOut[i] = range !== 0 ? (x - lower) / range : 0.5
    bandwidthOut[i] = middle !== 0 ? range / middle : 0
  }
}
