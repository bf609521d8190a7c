import { InvalidParameterError } from './errors.js'
import { EmaKernel } from './internal/kernels.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link MACD} and {@link macd}.
 *
 * @example
 * ```ts
 * import { macd, type MacdParameters } from '@tradeblocks/indicators'
 *
 * const parameters: MacdParameters = { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }
 * macd([1, 2, 3], parameters)
 * ```
 */
export interface MacdParameters {
  /** Length of the fast EMA; a positive integer below `slowPeriod`. Defaults to 12. */
  fastPeriod?: number
  /** Length of the slow EMA; a positive integer. Defaults to 26. */
  slowPeriod?: number
  /** Length of the signal EMA over the MACD line; a positive integer. Defaults to 9. */
  signalPeriod?: number
}

/**
 * One reading of {@link MACD}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { MacdValue } from '@tradeblocks/indicators'
 *
 * const bullish = (v: MacdValue) => v.histogram > 0
 * ```
 */
export interface MacdValue {
  /** MACD line: fast EMA − slow EMA. */
  macd: number
  /** Signal line: EMA of the MACD line. */
  signal: number
  /** Histogram: MACD line − signal line. */
  histogram: number
}

/**
 * What {@link macd} returns: one column per field of {@link MacdValue}, `NaN` for the first
 * `slowPeriod + signalPeriod − 2` indices.
 *
 * @example
 * ```ts
 * import { macd, type MacdReturnType } from '@tradeblocks/indicators'
 *
 * const { histogram }: MacdReturnType = macd([1, 2, 3, 4, 5, 6], { fastPeriod: 2, slowPeriod: 3, signalPeriod: 2 })
 * ```
 */
export interface MacdReturnType {
  /** MACD line per input. */
  macd: Float64Array
  /** Signal line per input. */
  signal: Float64Array
  /** Histogram per input. */
  histogram: Float64Array
}

/**
 * Moving Average Convergence/Divergence, exactly as TA-Lib's `MACD`.
 *
 * Conventions (TA-Lib's): the slow EMA is seeded by the SMA of the first `slowPeriod` values;
 * the fast EMA is seeded by the SMA of the `fastPeriod` values that end at the same bar, so both
 * start at index `slowPeriod − 1`; the signal EMA is seeded by the SMA of the first
 * `signalPeriod` MACD values. All three outputs start at index `slowPeriod + signalPeriod − 2`
 * (33 for 12/26/9). TradingView seeds every EMA with its first value and plots the MACD line from
 * the first bar: early values differ, and converge within a few × `slowPeriod` bars. O(1) state.
 *
 * @example
 * ```ts
 * import { MACD } from '@tradeblocks/indicators'
 *
 * const macd = new MACD() // 12, 26, 9
 * let crossedUp = false
 * let previous: number | undefined
 * for (const close of [10, 10.2, 10.1]) {
 *   const v = macd.update(close)
 *   if (v !== undefined) {
 *     crossedUp = previous !== undefined && previous <= 0 && v.histogram > 0
 *     previous = v.histogram
 *   }
 * }
 * ```
 */
export class MACD implements StreamingIndicator<number, MacdValue> {
  /** Fast EMA length. */
  readonly fastPeriod: number
  /** Slow EMA length. */
  readonly slowPeriod: number
  /** Signal EMA length. */
  readonly signalPeriod: number
  /** Inputs before the first value: `slowPeriod + signalPeriod − 2`. */
  readonly warmup: number
  private readonly fast: EmaKernel
  private readonly slow: EmaKernel
  private readonly sig: EmaKernel
  private readonly skip: number
  private n = 0
  private sN = 0
  private readonly result: MacdValue = { macd: Number.NaN, signal: Number.NaN, histogram: Number.NaN }

  constructor(parameters: MacdParameters = {}) {
    const periods = checkMacd(parameters)
    this.fastPeriod = periods.fast
    this.slowPeriod = periods.slow
    this.signalPeriod = periods.signal
    this.warmup = periods.slow + periods.signal - 2
    this.skip = periods.slow - periods.fast
    this.fast = new EmaKernel(periods.fast)
    this.slow = new EmaKernel(periods.slow)
    this.sig = new EmaKernel(periods.signal)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n > this.warmup
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): MacdValue | undefined {
    return this.n > this.warmup ? this.result : undefined
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a close; returns the MACD reading or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): MacdValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.fast.save()
    this.slow.save()
    this.sig.save()
    return this.step(value)
  }

  /** Replaces the last close (a bar still forming) and returns the recomputed reading. */
  replace(value: number): MacdValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.fast.restore()
    this.slow.restore()
    this.sig.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.fast.reset()
    this.slow.reset()
    this.sig.reset()
  }

  private step(x: number): MacdValue | undefined {
    const n = ++this.n
    const s = this.slow.step(x)
    const f = n > this.skip ? this.fast.step(x) : Number.NaN
    if (Number.isNaN(s)) return undefined
    const m = f - s
    const signal = this.sig.step(m)
    if (Number.isNaN(signal)) return undefined
    const r = this.result
    r.macd = m
    r.signal = signal
    r.histogram = m - signal
    return r
  }
}

/**
 * MACD over a series of closes; the batch form of {@link MACD} (same values bit for bit). `NaN`
 * for the first `slowPeriod + signalPeriod − 2` indices. Throws {@link InvalidInputError} with the
 * index of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { macd } from '@tradeblocks/indicators'
 *
 * const closes = Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i / 5))
 * const { macd: line, signal, histogram } = macd(closes) // 12, 26, 9
 * line[33] - signal[33] === histogram[33] // true
 * ```
 */
export function macd(values: ArrayLike<number>, parameters: MacdParameters = {}): MacdReturnType {
  const { fast, slow, signal } = checkMacd(parameters)
  return macdOf(values, fast, slow, signal)
}

/** {@link macd} once its options are read: see "Option objects" in the README. */
function macdOf(values: ArrayLike<number>, fast: number, slow: number, signal: number): MacdReturnType {
  checkValues(values)
  const n = values.length
  const macdOut = new Float64Array(n)
  const signalOut = new Float64Array(n)
  const histOut = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: MacdReturnType = { macd: macdOut, signal: signalOut, histogram: histOut }
  const fastK = new EmaKernel(fast)
  const slowK = new EmaKernel(slow)
  const sigK = new EmaKernel(signal)
  const skip = slow - fast
  // the warm-up here, the rest in a function of its own that starts once the signal line has a
  // value (see "First calls" in the README)
  let i = 0
  for (; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    const s = slowK.step(x)
    const f = i >= skip ? fastK.step(x) : Number.NaN
    const m = Number.isNaN(s) ? Number.NaN : f - s
    const sg = Number.isNaN(m) ? Number.NaN : sigK.step(m)
    if (Number.isNaN(sg)) {
      macdOut[i] = Number.NaN
      signalOut[i] = Number.NaN
      histOut[i] = Number.NaN
      continue
    }
    macdOut[i] = m
    signalOut[i] = sg
    histOut[i] = m - sg
    break
  }
  macdRows(values, i + 1, fastK, slowK, sigK, result)
  return result
}

/** The rows after the first signal value; every kernel is past its warm-up. */
function macdRows(
  values: ArrayLike<number>,
  from: number,
  fastK: EmaKernel,
  slowK: EmaKernel,
  sigK: EmaKernel,
  out: MacdReturnType,
): void {
  const n = values.length
  const { macd: macdOut, signal: signalOut, histogram: histOut } = out
  for (let i = from; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    const m = fastK.step(x) - slowK.step(x)
    const sg = sigK.step(m)
    macdOut[i] = m
    signalOut[i] = sg
    histOut[i] = m - sg
  }
}

function checkMacd(parameters: MacdParameters): { fast: number; slow: number; signal: number } {
  const fast = checkPeriod('fastPeriod', parameters?.fastPeriod ?? 12)
  const slow = checkPeriod('slowPeriod', parameters?.slowPeriod ?? 26)
  const signal = checkPeriod('signalPeriod', parameters?.signalPeriod ?? 9)
  if (fast >= slow)
    throw new InvalidParameterError('fastPeriod', fast, `an integer below slowPeriod (${slow})`)
  return { fast, slow, signal }
}
