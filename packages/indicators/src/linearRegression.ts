import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link LinearRegression} and {@link linearRegression}.
 *
 * @example
 * ```ts
 * import { linearRegression, type LinearRegressionParameters } from '@tradeblocks/indicators'
 *
 * const parameters: LinearRegressionParameters = { period: 14 }
 * linearRegression([1, 2, 3], parameters)
 * ```
 */
export interface LinearRegressionParameters {
  /** Number of values in the fit; an integer ≥ 2. Defaults to 14. */
  period?: number
}

/**
 * One reading of {@link LinearRegression}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { LinearRegressionValue } from '@tradeblocks/indicators'
 *
 * const rising = (v: LinearRegressionValue) => v.slope > 0
 * ```
 */
export interface LinearRegressionValue {
  /** Slope of the least-squares line, in price per bar (TA-Lib `LINEARREG_SLOPE`). */
  slope: number
  /** The line's value at the oldest bar of the window (TA-Lib `LINEARREG_INTERCEPT`). */
  intercept: number
  /** The line's value at the current bar: `intercept + slope · (period − 1)` (TA-Lib `LINEARREG`, TradingView `ta.linreg(src, period, 0)`). */
  value: number
}

/**
 * What {@link linearRegression} returns: slope, intercept and value columns, `NaN` for the first
 * `period − 1` indices.
 *
 * @example
 * ```ts
 * import { linearRegression, type LinearRegressionReturnType } from '@tradeblocks/indicators'
 *
 * const { slope }: LinearRegressionReturnType = linearRegression([1, 3, 5], { period: 2 }) // slope [NaN, 2, 2]
 * ```
 */
export interface LinearRegressionReturnType {
  /** Slope per input. */
  slope: Float64Array
  /** Intercept (at the window's oldest bar) per input. */
  intercept: Float64Array
  /** The fitted value at the current bar per input. */
  value: Float64Array
}

/**
 * Least-squares line over the last `period` values, with x = 0 at the oldest value and
 * x = period − 1 at the newest: the slope, the intercept (the line at x = 0) and the line's value
 * at the newest bar. Same definitions as TA-Lib's `LINEARREG_SLOPE`, `LINEARREG_INTERCEPT` and
 * `LINEARREG`; TradingView's `ta.linreg` is the `value`. First value at index `period − 1`.
 *
 * Each update refits the window in O(period) with deviations from the newest value, so the
 * result keeps its digits on prices far from zero and a flat window has a slope of exactly 0.
 * O(period) state.
 *
 * @example
 * ```ts
 * import { LinearRegression } from '@tradeblocks/indicators'
 *
 * const lr = new LinearRegression({ period: 3 })
 * lr.update(1)
 * lr.update(2)
 * lr.update(4) // { slope: 1.5, intercept: 0.8333…, value: 3.8333… }
 * ```
 */
export class LinearRegression implements StreamingIndicator<number, LinearRegressionValue> {
  /** Number of values in the fit. */
  readonly period: number
  /** Inputs before the first value: `period − 1`. */
  readonly warmup: number
  private readonly kernel: LinRegKernel
  private readonly result: LinearRegressionValue = {
    slope: Number.NaN,
    intercept: Number.NaN,
    value: Number.NaN,
  }

  constructor(parameters: LinearRegressionParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 14, 2)
    this.warmup = this.period - 1
    this.kernel = new LinRegKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n >= this.period
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): LinearRegressionValue | undefined {
    return this.kernel.n >= this.period ? this.result : undefined
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a value; returns the fit or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): LinearRegressionValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    this.kernel.save()
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed fit. */
  replace(value: number): LinearRegressionValue | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    if (this.kernel.n === 0) return this.update(value)
    this.kernel.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
  }

  private step(x: number): LinearRegressionValue | undefined {
    const k = this.kernel
    if (!k.step(x)) return undefined
    const r = this.result
    r.slope = k.slope
    r.intercept = k.intercept
    r.value = k.value
    return r
  }
}

class LinRegKernel {
  readonly period: number
  private readonly buf: Float64Array
  private readonly sumX: number
  private readonly divisor: number
  private pos = 0
  n = 0
  slope = Number.NaN
  intercept = Number.NaN
  value = Number.NaN
  private sPos = 0
  private sN = 0
  private sSlot = 0

  constructor(period: number) {
    this.period = period
    this.buf = new Float64Array(period)
    this.sumX = (period * (period - 1)) / 2
    // p · Σx² − (Σx)² for x = 0..p−1
    this.divisor = (period * period * (period * period - 1)) / 12
  }

  step(x: number): boolean {
    const p = this.period
    const buf = this.buf
    const pos = this.pos
    buf[pos] = x
    const next = pos + 1 === p ? 0 : pos + 1
    this.pos = next
    if (++this.n < p) return false
    let sy = 0
    let sxy = 0
    let t = 0
    for (let j = next; j < p; j++) {
      const d = buf[j]! - x
      sy += d
      sxy += t++ * d
    }
    for (let j = 0; j < next; j++) {
      const d = buf[j]! - x
      sy += d
      sxy += t++ * d
    }
    const m = (p * sxy - this.sumX * sy) / this.divisor
    const b = (sy - m * this.sumX) / p
    this.slope = m
    this.intercept = x + b
    this.value = x + (b + m * (p - 1))
    return true
  }

  save(): void {
    this.sPos = this.pos
    this.sN = this.n
    this.sSlot = this.buf[this.pos]!
  }

  restore(): void {
    this.pos = this.sPos
    this.n = this.sN
    this.buf[this.pos] = this.sSlot
  }

  reset(): void {
    this.buf.fill(0)
    this.pos = 0
    this.n = 0
    this.slope = Number.NaN
    this.intercept = Number.NaN
    this.value = Number.NaN
  }
}

/**
 * Rolling linear regression over a series; the batch form of {@link LinearRegression} (same
 * values bit for bit). `NaN` for the first `period − 1` indices. Throws {@link InvalidInputError}
 * with the index of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { linearRegression } from '@tradeblocks/indicators'
 *
 * const { slope, value } = linearRegression([10, 10.5, 11, 11.5], { period: 3 })
 * slope[3] // 0.5
 * value[3] // 11.5: a straight line is fitted exactly
 * ```
 */
export function linearRegression(
  values: ArrayLike<number>,
  parameters: LinearRegressionParameters = {},
): LinearRegressionReturnType {
  const p = checkPeriod('period', parameters?.period ?? 14, 2)
  checkValues(values)
  const n = values.length
  const slope = new Float64Array(n)
  const intercept = new Float64Array(n)
  const value = new Float64Array(n)
  const k = new LinRegKernel(p)
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    if (k.step(x)) {
      slope[i] = k.slope
      intercept[i] = k.intercept
      value[i] = k.value
    } else {
      slope[i] = Number.NaN
      intercept[i] = Number.NaN
      value[i] = Number.NaN
    }
  }
  return { slope, intercept, value }
}
