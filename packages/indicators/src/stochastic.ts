import { checkHighLowClose } from './internal/bars.js'
import { recomputeInterval } from './internal/constants.js'
import { blockSuffixes, larger, rawK, rollingExtremes, STOCHASTIC_K, smaller } from './internal/extremes.js'
import { rollingMean, sumRing } from './internal/kernels.js'
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
  private readonly result: StochasticValue = { k: Number.NaN, d: Number.NaN }
  // The three stages (window extremes, the mean of raw %K, the mean of %K) keep their state here,
  // not in ExtremesKernel and two SmaKernels: composed, their steps and undo levels exceed V8's
  // inlining budget and the update runs about 20% slower. The arithmetic is theirs, step for step,
  // so the values equal `stochastic()` bit for bit.
  /** Bars accepted; also tells which stages the last bar reached. */
  private n = 0
  // window extremes: van Herk / Gil-Werman blocks of kPeriod bars (see ExtremesKernel)
  private readonly hiVal: Float64Array
  private readonly loVal: Float64Array
  private readonly hiSuf: Float64Array
  private readonly loSuf: Float64Array
  private pos = 0
  private blockHigh = Number.NEGATIVE_INFINITY
  private blockLow = Number.POSITIVE_INFINITY
  // %K and %D: rolling means as SmaKernel computes them (sum recomputed every interval, exact when
  // the whole window holds one value)
  private readonly kBuf: Float64Array
  private readonly kInterval: number
  private kPos = 0
  private kSum = 0
  private kRun = 0
  private kLast = Number.NaN
  private kCd = 0
  private readonly dBuf: Float64Array
  private readonly dInterval: number
  private dPos = 0
  private dSum = 0
  private dRun = 0
  private dLast = Number.NaN
  private dCd = 0
  // the undo level of replace(): what the last update overwrote
  private sHigh = 0
  private sLow = 0
  private sBlockHigh = Number.NEGATIVE_INFINITY
  private sBlockLow = Number.POSITIVE_INFINITY
  private sKSlot = 0
  private sKSum = 0
  private sKRun = 0
  private sKLast = Number.NaN
  private sKCd = 0
  private sDSlot = 0
  private sDSum = 0
  private sDRun = 0
  private sDLast = Number.NaN
  private sDCd = 0

  constructor(parameters: StochasticParameters = {}) {
    this.kPeriod = checkPeriod('kPeriod', parameters?.kPeriod ?? 14)
    this.kSmoothing = checkPeriod('kSmoothing', parameters?.kSmoothing ?? 1)
    this.dPeriod = checkPeriod('dPeriod', parameters?.dPeriod ?? 3)
    this.warmup = this.kPeriod + this.kSmoothing + this.dPeriod - 3
    this.hiVal = new Float64Array(this.kPeriod)
    this.loVal = new Float64Array(this.kPeriod)
    this.hiSuf = new Float64Array(this.kPeriod)
    this.loSuf = new Float64Array(this.kPeriod)
    this.kBuf = new Float64Array(this.kSmoothing)
    this.dBuf = new Float64Array(this.dPeriod)
    this.kInterval = recomputeInterval(this.kSmoothing)
    this.dInterval = recomputeInterval(this.dPeriod)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n > this.warmup
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): StochasticValue | undefined {
    return this.n > this.warmup ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a bar; returns %K and %D or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): StochasticValue | undefined {
    checkHighLowClose(bar, this.n)
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Replaces the last bar (still forming) and returns the recomputed reading. */
  replace(bar: HighLowClose): StochasticValue | undefined {
    checkHighLowClose(bar, this.n)
    if (this.n === 0) return this.update(bar)
    this.restore()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.pos = 0
    this.blockHigh = Number.NEGATIVE_INFINITY
    this.blockLow = Number.POSITIVE_INFINITY
    this.kBuf.fill(0)
    this.kPos = 0
    this.kSum = 0
    this.kRun = 0
    this.kLast = Number.NaN
    this.kCd = 0
    this.dBuf.fill(0)
    this.dPos = 0
    this.dSum = 0
    this.dRun = 0
    this.dLast = Number.NaN
    this.dCd = 0
  }

  /** Undoes the last update: every stage it reached gets back what it overwrote. */
  private restore(): void {
    const n = this.n
    const p = this.kPeriod
    const slot = this.pos === 0 ? p - 1 : this.pos - 1
    this.pos = slot
    this.hiVal[slot] = this.sHigh
    this.loVal[slot] = this.sLow
    this.blockHigh = this.sBlockHigh
    this.blockLow = this.sBlockLow
    this.n = n - 1
    const m = n - p + 1 // raw %K values including the last bar's
    if (m < 1) return
    const kp = this.kSmoothing
    this.kPos = this.kPos === 0 ? kp - 1 : this.kPos - 1
    this.kBuf[this.kPos] = this.sKSlot
    this.kSum = this.sKSum
    this.kRun = this.sKRun
    this.kLast = this.sKLast
    this.kCd = this.sKCd
    if (m < kp) return
    const dp = this.dPeriod
    this.dPos = this.dPos === 0 ? dp - 1 : this.dPos - 1
    this.dBuf[this.dPos] = this.sDSlot
    this.dSum = this.sDSum
    this.dRun = this.sDRun
    this.dLast = this.sDLast
    this.dCd = this.sDCd
  }

  private step(high: number, low: number, close: number): StochasticValue | undefined {
    const p = this.kPeriod
    const n = this.n + 1
    this.n = n
    // extremes: ExtremesKernel.step
    const slot = this.pos
    const next = slot + 1
    this.pos = next === p ? 0 : next
    const hv = this.hiVal
    const lv = this.loVal
    this.sHigh = hv[slot]!
    this.sLow = lv[slot]!
    hv[slot] = high
    lv[slot] = low
    // read back from the ring (a float64, never boxed: see ExtremesKernel.step)
    let bh = hv[slot]!
    let bl = lv[slot]!
    const blockHigh = this.blockHigh
    const blockLow = this.blockLow
    this.sBlockHigh = blockHigh
    this.sBlockLow = blockLow
    if (slot === 0) {
      if (n > p && p > 1) blockSuffixes(hv, lv, this.hiSuf, this.loSuf)
    } else {
      bh = larger(bh, blockHigh)
      bl = smaller(bl, blockLow)
    }
    this.blockHigh = bh
    this.blockLow = bl
    if (n < p) return undefined
    let hh = bh
    let ll = bl
    if (n > p && next !== p) {
      hh = larger(this.hiSuf[next]!, bh)
      ll = smaller(this.loSuf[next]!, bl)
    }
    const raw = rawK(hh, ll, close)
    // %K: SmaKernel.step over raw %K
    const kp = this.kSmoothing
    const m = n - p + 1
    const kb = this.kBuf
    const kPos = this.kPos
    const kOld = kb[kPos]!
    this.sKSlot = kOld
    kb[kPos] = raw
    const kNext = kPos + 1 === kp ? 0 : kPos + 1
    this.kPos = kNext
    const kLast = this.kLast
    const kRun0 = this.kRun
    this.sKLast = kLast
    this.sKRun = kRun0
    const kRun = raw === kLast ? kRun0 + 1 : 1
    this.kRun = kRun
    this.kLast = raw
    let kSum = this.kSum
    const kCd = this.kCd
    this.sKSum = kSum
    this.sKCd = kCd
    if (m <= kp) {
      kSum += raw
      if (m === kp) this.kCd = this.kInterval
    } else if (kCd === 1) {
      this.kCd = this.kInterval
      // through the field: a call's result merged straight into kSum would make the compiler box
      // kSum on every update (16 bytes each); a field load is an unboxed double
      this.kSum = sumRing(kb, kNext)
      kSum = this.kSum
    } else {
      this.kCd = kCd - 1
      kSum += raw - kOld
    }
    this.kSum = kSum
    if (m < kp) return undefined
    const k = kRun >= kp ? raw : kSum / kp
    // %D: SmaKernel.step over %K
    const dp = this.dPeriod
    const q = m - kp + 1
    const db = this.dBuf
    const dPos = this.dPos
    const dOld = db[dPos]!
    this.sDSlot = dOld
    db[dPos] = k
    const dNext = dPos + 1 === dp ? 0 : dPos + 1
    this.dPos = dNext
    const dLast = this.dLast
    const dRun0 = this.dRun
    this.sDLast = dLast
    this.sDRun = dRun0
    const dRun = k === dLast ? dRun0 + 1 : 1
    this.dRun = dRun
    this.dLast = k
    let dSum = this.dSum
    const dCd = this.dCd
    this.sDSum = dSum
    this.sDCd = dCd
    if (q <= dp) {
      dSum += k
      if (q === dp) this.dCd = this.dInterval
    } else if (dCd === 1) {
      this.dCd = this.dInterval
      this.dSum = sumRing(db, dNext) // through the field, as kSum
      dSum = this.dSum
    } else {
      this.dCd = dCd - 1
      dSum += k - dOld
    }
    this.dSum = dSum
    if (q < dp) return undefined
    const r = this.result
    r.k = k
    r.d = dRun >= dp ? k : dSum / dp
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
  return stochasticOf(columns, kPeriod, kSmoothing, dPeriod)
}

/** {@link stochastic} once its options are read: see "Option objects" in the README. */
function stochasticOf(
  columns: HighLowCloseColumns,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
): StochasticReturnType {
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
