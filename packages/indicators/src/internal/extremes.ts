import { badRow, rowError } from './bars.js'

const HL = ['high', 'low'] as const
const HLC = ['high', 'low', 'close'] as const

/**
 * Batch periods up to this rescan the window when its extreme leaves it (at most `period`
 * comparisons, rare on market data, and about twice as fast as deques for short windows); longer
 * periods use monotonic deques (O(1) amortized whatever the data).
 */
const SCAN_MAX_PERIOD = 32

/**
 * Rolling highest high and lowest low of the last `period` bars, by van Herk and Gil-Werman's
 * method: O(period) memory, O(1) amortized per bar whatever the data, one level of O(1) undo for
 * `replace`.
 *
 * The bars are cut into blocks of `period`, aligned on the ring's slot 0. When a block starts, one
 * backward pass over the block just completed (still in the ring) stores its suffix extremes: in
 * `hiSuf[j]` the highest high of its slots `j .. period − 1`. Within a block the kernel keeps the
 * extremes of the block so far. The window ending at slot `k` of a block is then the suffix of the
 * previous block from slot `k + 1` plus this block up to `k`: its highest high is the larger of
 * `hiSuf[k + 1]` and the block's high so far (the block alone when `k = period − 1`).
 *
 * Unlike rescanning the window when its extreme leaves, this costs the same on every series, and
 * the comparisons are made without branches (see `larger`), so none is mispredicted.
 *
 * Undo restores the ring slot the step overwrote, the block's extremes and the outputs. The suffix
 * arrays need no undo: a step at slot 0 recomputes them from the previous block, which the step did
 * not change, so the step that follows `restore` computes the same values again.
 */
export class ExtremesKernel {
  readonly period: number
  n = 0
  highest = Number.NaN
  lowest = Number.NaN
  private readonly hiVal: Float64Array
  private readonly loVal: Float64Array
  private readonly hiSuf: Float64Array
  private readonly loSuf: Float64Array
  private pos = 0
  private blockHigh = Number.NEGATIVE_INFINITY
  private blockLow = Number.POSITIVE_INFINITY
  private saved = false
  private sN = 0
  private sSlotHigh = 0
  private sSlotLow = 0
  private sBlockHigh = Number.NEGATIVE_INFINITY
  private sBlockLow = Number.POSITIVE_INFINITY
  private sHighest = Number.NaN
  private sLowest = Number.NaN

  constructor(period: number) {
    this.period = period
    this.hiVal = new Float64Array(period)
    this.loVal = new Float64Array(period)
    this.hiSuf = new Float64Array(period)
    this.loSuf = new Float64Array(period)
  }

  /** Adds a bar; returns true once the window is full (`highest` and `lowest` cover `period` bars). */
  step(high: number, low: number): boolean {
    const p = this.period
    const n = this.n + 1
    this.n = n
    // the ring slot of this bar: its sequence number modulo p, kept incrementally
    const slot = this.pos
    const next = slot + 1
    this.pos = next === p ? 0 : next
    const hv = this.hiVal
    const lv = this.loVal
    if (this.saved) {
      this.sSlotHigh = hv[slot]!
      this.sSlotLow = lv[slot]!
    }
    hv[slot] = high
    lv[slot] = low
    // read back from the ring: a float64 for the compiler even when the bar's fields hold small
    // integers (tagged), so that the values computed below are never boxed
    let bh = hv[slot]!
    let bl = lv[slot]!
    if (slot === 0) {
      // a new block; the ring still holds the previous one in slots 1..p−1
      if (n > p && p > 1) blockSuffixes(hv, lv, this.hiSuf, this.loSuf)
    } else {
      bh = larger(bh, this.blockHigh)
      bl = smaller(bl, this.blockLow)
    }
    this.blockHigh = bh
    this.blockLow = bl
    if (n <= p || next === p) {
      // the first block (the window so far) or the last slot of a block (the window is the block)
      this.highest = bh
      this.lowest = bl
    } else {
      this.highest = larger(this.hiSuf[next]!, bh)
      this.lowest = smaller(this.loSuf[next]!, bl)
    }
    return n >= p
  }

  /** Records the state before the next `step`, so that `restore` can undo it. */
  save(): void {
    this.saved = true
    this.sN = this.n
    this.sBlockHigh = this.blockHigh
    this.sBlockLow = this.blockLow
    this.sHighest = this.highest
    this.sLowest = this.lowest
  }

  /** Undoes the last `step` taken after `save`; the following `step` records its slot again. */
  restore(): void {
    const slot = this.pos === 0 ? this.period - 1 : this.pos - 1
    this.hiVal[slot] = this.sSlotHigh
    this.loVal[slot] = this.sSlotLow
    this.pos = slot
    this.n = this.sN
    this.blockHigh = this.sBlockHigh
    this.blockLow = this.sBlockLow
    this.highest = this.sHighest
    this.lowest = this.sLowest
  }

  reset(): void {
    this.n = 0
    this.pos = 0
    this.blockHigh = Number.NEGATIVE_INFINITY
    this.blockLow = Number.POSITIVE_INFINITY
    this.highest = Number.NaN
    this.lowest = Number.NaN
    this.saved = false
  }
}

/**
 * The suffix extremes of the block held in a ring of `period` slots, the step van Herk and
 * Gil-Werman's method takes when a block is complete: `hs[j]` gets the highest of `hv[j..period−1]`
 * and `ls[j]` the lowest of `lv[j..period−1]`, for `j ≥ 1` (slot 0 is never read back).
 */
export function blockSuffixes(hv: Float64Array, lv: Float64Array, hs: Float64Array, ls: Float64Array): void {
  const last = hv.length - 1
  let h = hv[last]!
  let l = lv[last]!
  hs[last] = h
  ls[last] = l
  for (let j = last - 1; j > 0; j--) {
    h = larger(hv[j]!, h)
    l = smaller(lv[j]!, l)
    hs[j] = h
    ls[j] = l
  }
}

/**
 * The larger of two finite numbers, without a branch: which one is larger is as likely to change
 * as not on market data, so a branch would often be mispredicted. The comparison becomes a 0/1
 * factor; one product is exact and the other ±0, which adds nothing, so the result is exactly `a`
 * or `b` (`b` on a tie). Not for infinities: 0 × ∞ is NaN.
 */
export function larger(a: number, b: number): number {
  const c = +(a > b)
  return c * a + (1 - c) * b
}

/** The smaller of two finite numbers, without a branch (see {@link larger}). */
export function smaller(a: number, b: number): number {
  const c = +(a < b)
  return c * a + (1 - c) * b
}

/** {@link rollingExtremes} writes the highest high into `a` and the lowest low into `b`. */
export const EXTREMES = 0
/** {@link rollingExtremes} writes the stochastic's raw %K into `a`. */
export const STOCHASTIC_K = 1
/** {@link rollingExtremes} writes Williams %R into `a`. */
export const WILLIAMS_R = 2

/**
 * Raw stochastic %K: where the close sits in the range, 0 (at the low) to 100 (at the high). A flat
 * range (high = low) gives 0, as TA-Lib does, rather than 0/0.
 */
export function rawK(hh: number, ll: number, close: number): number {
  const range = hh - ll
  return range !== 0 ? ((close - ll) / range) * 100 : 0
}

/**
 * Williams %R: how far the close is below the high, 0 (at the high) to −100 (at the low). A flat
 * range gives 0; a close at the high gives +0 rather than −0.
 */
export function percentR(hh: number, ll: number, close: number): number {
  const range = hh - ll
  return range !== 0 && close !== hh ? ((hh - close) / range) * -100 : 0
}

interface ExtremesColumns {
  readonly high: ArrayLike<number>
  readonly low: ArrayLike<number>
  readonly close?: ArrayLike<number>
}

/**
 * Batch form of the rolling extremes, fused with the pass that checks the input and the one that
 * uses the extremes, so that the columns are read once and no intermediate array is needed.
 *
 * Every row `i < n` is checked (high and low, and close unless `mode` is {@link EXTREMES}), throwing
 * the typed error of the first bad field. Then, with `hh`/`ll` the highest high and lowest low of bars
 * `max(0, i − period + 1) .. i`: {@link EXTREMES} writes `a[i] = hh`, `b[i] = ll` at every index;
 * {@link STOCHASTIC_K} and {@link WILLIAMS_R} write {@link rawK} or {@link percentR} into `a[i]`, and
 * `NaN` before index `period − 1`. Maxima and minima pick input values without rounding, so the
 * results equal {@link ExtremesKernel}'s bit for bit.
 */
export function rollingExtremes(
  columns: ExtremesColumns,
  p: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  mode: number,
): void {
  if (p <= SCAN_MAX_PERIOD) rollingExtremesScan(columns, p, n, a, b, mode)
  else rollingExtremesDeque(columns, p, n, a, b, mode)
}

/** The deque method of {@link rollingExtremes}, for long periods. */
function rollingExtremesDeque(
  columns: ExtremesColumns,
  p: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  mode: number,
): void {
  const { high, low } = columns
  const close = mode === EXTREMES ? low : (columns.close as ArrayLike<number>)
  const hq = new Int32Array(p)
  const lq = new Int32Array(p)
  let hHead = 0
  let hSize = 0
  let lHead = 0
  let lSize = 0
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, mode === EXTREMES ? HL : HLC, i)
    const expired = i - p
    if (hSize > 0 && hq[hHead]! <= expired) {
      hHead = hHead + 1 === p ? 0 : hHead + 1
      hSize--
    }
    while (hSize > 0) {
      let back = hHead + hSize - 1
      if (back >= p) back -= p
      if ((high[hq[back]!] as number) > h) break
      hSize--
    }
    let slot = hHead + hSize
    if (slot >= p) slot -= p
    hq[slot] = i
    hSize++
    if (lSize > 0 && lq[lHead]! <= expired) {
      lHead = lHead + 1 === p ? 0 : lHead + 1
      lSize--
    }
    while (lSize > 0) {
      let back = lHead + lSize - 1
      if (back >= p) back -= p
      if ((low[lq[back]!] as number) < l) break
      lSize--
    }
    slot = lHead + lSize
    if (slot >= p) slot -= p
    lq[slot] = i
    lSize++
    emit(mode, i, p, high[hq[hHead]!] as number, low[lq[lHead]!] as number, c, a, b)
  }
}

/** The scan method of {@link rollingExtremes} for short periods; same values bit for bit. */
function rollingExtremesScan(
  columns: ExtremesColumns,
  p: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  mode: number,
): void {
  const { high, low } = columns
  const close = mode === EXTREMES ? low : (columns.close as ArrayLike<number>)
  let hiAt = -1
  let loAt = -1
  let hv = Number.NEGATIVE_INFINITY
  let lv = Number.POSITIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, mode === EXTREMES ? HL : HLC, i)
    const first = i - p + 1
    if (hiAt < first) {
      const s0 = first > 0 ? first : 0
      hv = high[s0] as number
      hiAt = s0
      for (let j = s0 + 1; j <= i; j++) {
        const v = high[j] as number
        if (v >= hv) {
          hv = v
          hiAt = j
        }
      }
    } else if (h >= hv) {
      hv = h
      hiAt = i
    }
    if (loAt < first) {
      const s0 = first > 0 ? first : 0
      lv = low[s0] as number
      loAt = s0
      for (let j = s0 + 1; j <= i; j++) {
        const v = low[j] as number
        if (v <= lv) {
          lv = v
          loAt = j
        }
      }
    } else if (l <= lv) {
      lv = l
      loAt = i
    }
    emit(mode, i, p, hv, lv, c, a, b)
  }
}

/** Writes what `mode` asks for at index `i` (see {@link rollingExtremes}). */
function emit(
  mode: number,
  i: number,
  p: number,
  hh: number,
  ll: number,
  close: number,
  a: Float64Array,
  b: Float64Array,
): void {
  if (mode === EXTREMES) {
    a[i] = hh
    b[i] = ll
  } else if (i < p - 1) a[i] = Number.NaN
  else a[i] = mode === STOCHASTIC_K ? rawK(hh, ll, close) : percentR(hh, ll, close)
}
