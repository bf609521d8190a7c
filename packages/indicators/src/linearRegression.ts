import { badInput, checkPeriod, checkValues, firstNonFinite } from './internal/validate.js'
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
 * O(1) per update with rolling sums kept relative to a recent price and recomputed from the
 * window every `max(period, 64)` inputs, so the result keeps its digits on prices far from zero;
 * a flat window has a slope of exactly 0. O(period) state.
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

/** Recompute interval of the regression sums (kept short so the shift stays near the prices). */
function interval(period: number): number {
  return Math.max(period, 64)
}

/**
 * Rolling least-squares sums of `d = x − shift` over the window, x-coordinates t = 0 (oldest) ..
 * period − 1 (newest): `sy = Σd`, `sty = Σt·d`. Sliding one bar drops the oldest and shifts every t
 * down by one: `sty ← sty − (sy − d_oldest) + (period − 1)·d_new`. The sums are recomputed from the
 * window every `interval(period)` inputs with the newest input as the new shift, so prices far
 * from zero keep their digits and rounding residue cannot build up. A window of equal values has a
 * slope of exactly 0.
 */
class LinRegKernel {
  readonly period: number
  private readonly buf: Float64Array
  private readonly sumX: number
  private readonly divisor: number
  private readonly interval: number
  private pos = 0
  n = 0
  private shift = 0
  private sy = 0
  private sty = 0
  private run = 0
  private last = Number.NaN
  private cd = 0
  slope = Number.NaN
  intercept = Number.NaN
  value = Number.NaN
  private sPos = 0
  private sN = 0
  private sShift = 0
  private sSy = 0
  private sSty = 0
  private sRun = 0
  private sLast = Number.NaN
  private sCd = 0
  private sSlot = 0

  constructor(period: number) {
    this.period = period
    this.buf = new Float64Array(period)
    this.sumX = (period * (period - 1)) / 2
    // p · Σt² − (Σt)² for t = 0..p−1
    this.divisor = (period * period * (period * period - 1)) / 12
    this.interval = interval(period)
  }

  step(x: number): boolean {
    const p = this.period
    const buf = this.buf
    const pos = this.pos
    const old = buf[pos]!
    buf[pos] = x
    const next = pos + 1 === p ? 0 : pos + 1
    this.pos = next
    const n = ++this.n
    const run = x === this.last ? this.run + 1 : 1
    this.run = run
    this.last = x
    if (n === 1) this.shift = x
    if (n <= p) {
      const d = x - this.shift
      this.sy += d
      this.sty += (n - 1) * d
      if (n < p) return false
      this.cd = this.interval
    } else if (--this.cd === 0) {
      this.cd = this.interval
      this.resum(x, next)
    } else {
      const k = this.shift
      const d = x - k
      const e = old - k
      this.sty = this.sty - (this.sy - e) + (p - 1) * d
      this.sy += d - e
    }
    if (run >= p) {
      this.slope = 0
      this.intercept = x
      this.value = x
      return true
    }
    const m = (p * this.sty - this.sumX * this.sy) / this.divisor
    const b = (this.sy - m * this.sumX) / p
    this.slope = m
    this.intercept = this.shift + b
    this.value = this.shift + (b + m * (p - 1))
    return true
  }

  /** Recomputes the sums from the window with `x` as the new shift (cold path). */
  private resum(x: number, oldest: number): void {
    const p = this.period
    const buf = this.buf
    this.shift = x
    let sy = 0
    let sty = 0
    let t = 0
    for (let j = oldest; j < p; j++) {
      const d = buf[j]! - x
      sy += d
      sty += t++ * d
    }
    for (let j = 0; j < oldest; j++) {
      const d = buf[j]! - x
      sy += d
      sty += t++ * d
    }
    this.sy = sy
    this.sty = sty
  }

  save(): void {
    this.sPos = this.pos
    this.sN = this.n
    this.sShift = this.shift
    this.sSy = this.sy
    this.sSty = this.sty
    this.sRun = this.run
    this.sLast = this.last
    this.sCd = this.cd
    this.sSlot = this.buf[this.pos]!
  }

  restore(): void {
    this.pos = this.sPos
    this.n = this.sN
    this.shift = this.sShift
    this.sy = this.sSy
    this.sty = this.sSty
    this.run = this.sRun
    this.last = this.sLast
    this.cd = this.sCd
    this.buf[this.pos] = this.sSlot
  }

  reset(): void {
    this.buf.fill(0)
    this.pos = 0
    this.n = 0
    this.shift = 0
    this.sy = 0
    this.sty = 0
    this.run = 0
    this.last = Number.NaN
    this.cd = 0
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
  return linearRegressionOf(values, p)
}

/** {@link linearRegression} once its options are read: see "Option objects" in the README. */
function linearRegressionOf(values: ArrayLike<number>, p: number): LinearRegressionReturnType {
  checkValues(values)
  const n = values.length
  const slope = new Float64Array(n)
  const intercept = new Float64Array(n)
  const value = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: LinearRegressionReturnType = { slope, intercept, value }
  // the arithmetic of LinRegKernel.step, in local variables: the first window, then blocks of
  // incremental steps, each ended by the recompute LinRegKernel makes at the same index
  const sumX = (p * (p - 1)) / 2
  const divisor = (p * p * (p * p - 1)) / 12
  const every = interval(p)
  let shift = 0
  let sy = 0
  let sty = 0
  let run = 0
  let last = Number.NaN
  const warm = Math.min(n, p)
  for (let i = 0; i < warm; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    run = x === last ? run + 1 : 1
    last = x
    if (i === 0) shift = x
    const d = x - shift
    sy += d
    sty += i * d
    if (i < p - 1) {
      slope[i] = Number.NaN
      intercept[i] = Number.NaN
      value[i] = Number.NaN
    }
  }
  if (n < p) return result
  writeFit(result, p - 1, last, run >= p, p, sy, sty, shift, sumX, divisor)
  fits(values, p, result, shift, sy, sty, run, last, sumX, divisor, every)
  return result
}

/**
 * The rows after the first window: blocks of incremental steps, each ended by the periodic
 * recompute. A function of its own that starts after the warm-up, its state handed over as
 * arguments: see "First calls" in the README.
 */
function fits(
  values: ArrayLike<number>,
  p: number,
  result: LinearRegressionReturnType,
  shift: number,
  sy: number,
  sty: number,
  run: number,
  last: number,
  sumX: number,
  divisor: number,
  every: number,
): void {
  const n = values.length
  let finite = 0 // stays 0 while every value is finite (see firstNonFinite)
  let i = p
  while (i < n) {
    const stop = Math.min(i + every - 1, n)
    for (; i < stop; i++) {
      const x = values[i] as number
      if (typeof x !== 'number') throw firstNonFinite(values, p)
      finite += x - x
      run = x === last ? run + 1 : 1
      last = x
      const d = x - shift
      const e = (values[i - p] as number) - shift
      sty = sty - (sy - e) + (p - 1) * d
      sy += d - e
      writeFit(result, i, x, run >= p, p, sy, sty, shift, sumX, divisor)
    }
    // tested after each block, not once after the loop: see CHECK_BLOCK
    if (finite !== 0) throw firstNonFinite(values, p)
    if (i < n) {
      // the periodic recompute: sums afresh, relative to this value
      const x = values[i] as number
      // the block's values are finite (just tested): this one is tested at once
      if (typeof x !== 'number' || x - x !== 0) throw firstNonFinite(values, p)
      run = x === last ? run + 1 : 1
      last = x
      shift = x
      sy = 0
      sty = 0
      let t = 0
      for (let j = i - p + 1; j <= i; j++) {
        const d = (values[j] as number) - x
        sy += d
        sty += t++ * d
      }
      writeFit(result, i, x, run >= p, p, sy, sty, shift, sumX, divisor)
      i++
    }
  }
}

/** Row `i` of the batch output from the window's sums, as LinRegKernel computes it. */
function writeFit(
  out: LinearRegressionReturnType,
  i: number,
  x: number,
  flat: boolean,
  p: number,
  sy: number,
  sty: number,
  shift: number,
  sumX: number,
  divisor: number,
): void {
  if (flat) {
    out.slope[i] = 0
    out.intercept[i] = x
    out.value[i] = x
    return
  }
  const m = (p * sty - sumX * sy) / divisor
  const b = (sy - m * sumX) / p
  out.slope[i] = m
  out.intercept[i] = shift + b
  out.value[i] = shift + (b + m * (p - 1))
}
