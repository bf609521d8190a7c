import { badInput, CHECK_BLOCK, checkValues, firstNonFinite } from './validate.js'
// Internal building blocks shared by the streaming classes and the batch functions, so both run the
// same arithmetic in the same order. `step` returns NaN during warm-up. `save`/`restore` keep one
// level of undo for `replace`.

/**
 * EMA seeded with the SMA of its first `period` inputs (TA-Lib's default), then
 * `ema = ema · (1 − k) + x · k`: the same value as TA-Lib's `(x − ema) · k + ema` up to rounding
 * (about 1e-16 relative; an EMA does not accumulate it), with a dependency chain of one multiply
 * and one add instead of three operations, so a long series runs about a third faster. An input
 * equal to the EMA leaves it unchanged, exactly.
 */
export class EmaKernel {
  readonly period: number
  readonly k: number
  readonly c: number
  n = 0
  sum = 0
  value = Number.NaN
  private sN = 0
  private sSum = 0
  private sValue = Number.NaN

  constructor(period: number, k: number = 2 / (period + 1)) {
    this.period = period
    this.k = k
    this.c = 1 - k
  }

  step(x: number): number {
    const n = ++this.n
    const p = this.period
    if (n > p) {
      const e = this.value
      // written out here and in EMA, DEMA, TEMA and the batch forms rather than shared: a helper
      // function measured about 15% slower per EMA update
      const v = x === e ? e : e * this.c + x * this.k
      this.value = v
      return v
    }
    this.sum += x
    if (n < p) return Number.NaN
    const v = this.sum / p
    this.value = v
    return v
  }

  save(): void {
    this.sN = this.n
    this.sSum = this.sum
    this.sValue = this.value
  }

  restore(): void {
    this.n = this.sN
    this.sum = this.sSum
    this.value = this.sValue
  }

  reset(): void {
    this.n = 0
    this.sum = 0
    this.value = Number.NaN
  }
}

/** Sum of a full ring buffer from its oldest slot to its newest (the order the batch forms sum in). */
export function sumRing(buf: Float64Array, oldest: number): number {
  const p = buf.length
  let s = 0
  for (let j = oldest; j < p; j++) s += buf[j]!
  for (let j = 0; j < oldest; j++) s += buf[j]!
  return s
}

/**
 * Rolling mean over a ring buffer, the arithmetic of `SMA`: incremental sum recomputed from the
 * window at fixed intervals, and the exact value when the whole window holds one value.
 */
export class SmaKernel {
  readonly period: number
  private readonly buf: Float64Array
  private readonly interval: number
  private pos = 0
  n = 0
  private sum = 0
  private run = 0
  private last = Number.NaN
  private cd = 0
  private sPos = 0
  private sN = 0
  private sSum = 0
  private sRun = 0
  private sLast = Number.NaN
  private sCd = 0
  private sSlot = 0

  constructor(period: number, interval: number) {
    this.period = period
    this.buf = new Float64Array(period)
    this.interval = interval
  }

  step(x: number): number {
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
    if (n < p) {
      this.sum += x
      return Number.NaN
    }
    if (n === p) {
      this.sum += x
      this.cd = this.interval
    } else if (--this.cd === 0) {
      this.cd = this.interval
      this.sum = sumRing(buf, next)
    } else {
      this.sum += x - old
    }
    return run >= p ? x : this.sum / p
  }

  save(): void {
    this.sPos = this.pos
    this.sN = this.n
    this.sSum = this.sum
    this.sRun = this.run
    this.sLast = this.last
    this.sCd = this.cd
    this.sSlot = this.buf[this.pos]!
  }

  restore(): void {
    this.pos = this.sPos
    this.n = this.sN
    this.sum = this.sSum
    this.run = this.sRun
    this.last = this.sLast
    this.cd = this.sCd
    this.buf[this.pos] = this.sSlot
  }

  reset(): void {
    this.buf.fill(0)
    this.pos = 0
    this.n = 0
    this.sum = 0
    this.run = 0
    this.last = Number.NaN
    this.cd = 0
  }
}

/** Recompute interval of the variance sums: short, so the shift stays near the current prices. */
export function varianceInterval(period: number): number {
  return Math.max(period, 64)
}

/**
 * Rolling population mean and variance of the last `period` inputs.
 *
 * Sums are kept of `x − shift`, where the shift is the newest input at the last recompute (every
 * `varianceInterval(period)` inputs), so the subtraction `E[d²] − E[d]²` never cancels prices
 * against each other the way the textbook `E[x²] − E[x]²` does. A window of equal values gives a
 * variance of exactly 0 and a mean equal to that value.
 */
export class VarianceKernel {
  readonly period: number
  private readonly buf: Float64Array
  private readonly interval: number
  private pos = 0
  n = 0
  private shift = 0
  private s1 = 0
  private s2 = 0
  private run = 0
  private last = Number.NaN
  private cd = 0
  mean = Number.NaN
  variance = Number.NaN
  private sPos = 0
  private sN = 0
  private sShift = 0
  private sS1 = 0
  private sS2 = 0
  private sRun = 0
  private sLast = Number.NaN
  private sCd = 0
  private sSlot = 0

  constructor(period: number) {
    this.period = period
    this.buf = new Float64Array(period)
    this.interval = varianceInterval(period)
  }

  /** Adds `x`; returns true when `mean` and `variance` hold values. */
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
    const k = this.shift
    if (n <= p) {
      const d = x - k
      this.s1 += d
      this.s2 += d * d
      if (n < p) return false
      this.cd = this.interval
    } else if (--this.cd === 0) {
      this.cd = this.interval
      this.resum(x, next)
    } else {
      const d = x - k
      const e = old - k
      this.s1 += d - e
      this.s2 += d * d - e * e
    }
    if (run >= p) {
      this.mean = x
      this.variance = 0
    } else {
      const m = this.s1 / p
      const v = this.s2 / p - m * m
      this.mean = this.shift + m
      this.variance = Math.max(v, 0)
    }
    return true
  }

  /** Recomputes the sums from the window with `x` as the new shift (cold path, kept out of `step`). */
  private resum(x: number, oldest: number): void {
    const p = this.period
    const buf = this.buf
    this.shift = x
    let s1 = 0
    let s2 = 0
    for (let j = oldest; j < p; j++) {
      const d = buf[j]! - x
      s1 += d
      s2 += d * d
    }
    for (let j = 0; j < oldest; j++) {
      const d = buf[j]! - x
      s1 += d
      s2 += d * d
    }
    this.s1 = s1
    this.s2 = s2
  }

  save(): void {
    this.sPos = this.pos
    this.sN = this.n
    this.sShift = this.shift
    this.sS1 = this.s1
    this.sS2 = this.s2
    this.sRun = this.run
    this.sLast = this.last
    this.sCd = this.cd
    this.sSlot = this.buf[this.pos]!
  }

  restore(): void {
    this.pos = this.sPos
    this.n = this.sN
    this.shift = this.sShift
    this.s1 = this.sS1
    this.s2 = this.sS2
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
    this.s1 = 0
    this.s2 = 0
    this.run = 0
    this.last = Number.NaN
    this.cd = 0
    this.mean = Number.NaN
    this.variance = Number.NaN
  }
}

/**
 * `max(high − low, |high − prevClose|, |low − prevClose|)`, the comparisons of TA-Lib's TRUE_RANGE.
 *
 * Which term is largest changes from bar to bar at random, so a branch per comparison is
 * mispredicted often enough to dominate ATR and ADX. Each comparison is instead turned into 0 or 1
 * and the larger term selected by `c·x + (1 − c)·y`: one product is exact (×1) and the other ±0,
 * and adding ±0 leaves a value unchanged, so the result is the value the branches give (for any
 * finite terms; inputs are checked to be finite before they get here).
 */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  const range = high - low
  const a = Math.abs(high - prevClose)
  const ca = +(a > range)
  const tr = ca * a + (1 - ca) * range
  const b = Math.abs(low - prevClose)
  const cb = +(b > tr)
  return cb * b + (1 - cb) * tr
}

/**
 * Average true range with TA-Lib's conventions: no true range for the first bar, the seed is the
 * mean of the true ranges of bars 1..period, then Wilder's smoothing. First value at bar `period`.
 */
export class AtrKernel {
  readonly period: number
  n = 0
  value = Number.NaN
  private prevClose = 0
  private sum = 0
  private sN = 0
  private sValue = Number.NaN
  private sPrevClose = 0
  private sSum = 0

  constructor(period: number) {
    this.period = period
  }

  step(high: number, low: number, close: number): number {
    const n = ++this.n
    const p = this.period
    const prev = this.prevClose
    this.prevClose = close
    if (n === 1) return Number.NaN
    const tr = trueRangeOf(high, low, prev)
    if (n > p + 1) {
      const v = (this.value * (p - 1) + tr) / p
      this.value = v
      return v
    }
    this.sum += tr
    if (n <= p) return Number.NaN
    const v = this.sum / p
    this.value = v
    return v
  }

  save(): void {
    this.sN = this.n
    this.sValue = this.value
    this.sPrevClose = this.prevClose
    this.sSum = this.sum
  }

  restore(): void {
    this.n = this.sN
    this.value = this.sValue
    this.prevClose = this.sPrevClose
    this.sum = this.sSum
  }

  reset(): void {
    this.n = 0
    this.value = Number.NaN
    this.prevClose = 0
    this.sum = 0
  }
}

/**
 * Batch form of {@link VarianceKernel}: the same arithmetic in the same order, in local variables.
 * Fills `mean` and `variance` from index `period − 1` (earlier entries are left as they are).
 * Validates every value first-to-last and throws for the first NaN or ±Infinity.
 */
export function rollingVariance(
  values: ArrayLike<number>,
  p: number,
  n: number,
  mean: Float64Array | undefined,
  variance: Float64Array,
  bad: (index: number, value: unknown) => Error,
): void {
  const interval = varianceInterval(p)
  let shift = 0
  let s1 = 0
  let s2 = 0
  let run = 0
  let last = Number.NaN
  let cd = 0
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw bad(i, x)
    run = x === last ? run + 1 : 1
    last = x
    if (i === 0) shift = x
    if (i >= p && --cd === 0) {
      cd = interval
      shift = x
      s1 = 0
      s2 = 0
      for (let j = i - p + 1; j <= i; j++) {
        const d = (values[j] as number) - x
        s1 += d
        s2 += d * d
      }
    } else {
      // the first window drops nothing (adding d − 0 and d·d − 0·0 is exact): one branch for the
      // warm-up and the rest, so that no arithmetic runs only in the first iterations of a call,
      // which a first call runs before V8 records type feedback (see "First calls" in the README)
      const d = x - shift
      const e = i >= p ? (values[i - p] as number) - shift : 0
      s1 += d - e
      s2 += d * d - e * e
    }
    if (i < p - 1) continue
    if (i === p - 1) cd = interval
    if (run >= p) {
      if (mean !== undefined) mean[i] = x
      variance[i] = 0
    } else {
      const m = s1 / p
      const v = s2 / p - m * m
      if (mean !== undefined) mean[i] = shift + m
      variance[i] = Math.max(v, 0)
    }
  }
}

/**
 * The arithmetic of {@link SmaKernel} (and `sma()`) over `src[offset .. offset + length)`, written to
 * `dst[dstOffset + j]` for every j ≥ period − 1 (earlier entries are left as they are). Inputs must
 * already be finite. `src` and `dst` may be the same array only when `dstOffset ≤ offset − period`.
 */
export function rollingMean(
  src: ArrayLike<number>,
  offset: number,
  length: number,
  p: number,
  dst: Float64Array,
  dstOffset: number,
): void {
  if (length < p) return
  // One loop and one branch for the warm-up and the rest (the first window drops nothing, and
  // adding x − 0 is exact): no arithmetic runs only before or early in a call, which a first call
  // runs before V8 records type feedback (see "First calls" in the README).
  let sum = 0
  let run = 0
  let last = Number.NaN
  const interval = p > 1024 ? p : 1024
  let cd = interval
  for (let j = 0; j < length; j++) {
    const x = src[offset + j] as number
    if (j >= p && --cd === 0) {
      cd = interval
      let s = 0
      for (let t = j - p + 1; t <= j; t++) s += src[offset + t] as number
      sum = s
    } else sum += x - (j >= p ? (src[offset + j - p] as number) : 0)
    run = x === last ? run + 1 : 1
    last = x
    if (j >= p - 1) dst[dstOffset + j] = run >= p ? x : sum / p
  }
}

/**
 * Exponential smoothing of `values` with weight `k`, seeded by the mean of the first `p` values
 * (`NaN` before it): the batch arithmetic of EMA (`k = 2 / (p + 1)`) and RMA (`k = 1 / p`), each
 * step `x === e ? e : e·(1 − k) + x·k`. The finiteness of the values after the seed is tested per
 * block (see `CHECK_BLOCK`).
 */
export function smoothBatch(values: ArrayLike<number>, p: number, k: number): Float64Array {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  let sum = 0
  const warm = Math.min(n, p)
  for (let i = 0; i < warm; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    sum += x
    out[i] = Number.NaN
  }
  if (n < p) return out
  const c = 1 - k
  let e = sum / p
  out[p - 1] = e
  let finite = 0 // stays 0 while every value is finite (see firstNonFinite)
  let i = p
  while (i < n) {
    const stop = n - i > CHECK_BLOCK ? i + CHECK_BLOCK : n
    for (; i < stop; i++) {
      const x = values[i] as number
      if (typeof x !== 'number') throw firstNonFinite(values, p)
      finite += x - x
      e = x === e ? e : e * c + x * k
      out[i] = e
    }
    // tested after each block, not once after the loop: see CHECK_BLOCK
    if (finite !== 0) throw firstNonFinite(values, p)
  }
  return out
}
