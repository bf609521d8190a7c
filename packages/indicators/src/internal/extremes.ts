import { badRow, rowError } from './bars.js'

const HL = ['high', 'low'] as const
const HLC = ['high', 'low', 'close'] as const

/**
 * Periods up to this use a rescan of the window when its extreme leaves it (at most `period`
 * comparisons, rare on market data, and about twice as fast as deques for short windows); longer
 * periods use monotonic deques (O(1) amortized whatever the data).
 */
const SCAN_MAX_PERIOD = 32

/**
 * Rolling highest high and lowest low of the last `period` bars: O(period) memory, one level of
 * O(1) undo for `replace`, and either of two methods chosen by the period (see `SCAN_MAX_PERIOD`).
 *
 * Short periods keep the window's highs and lows in two rings with the position of each extreme;
 * when an extreme leaves the window the ring is scanned again. Long periods use two monotonic
 * deques, O(1) amortized per bar whatever the data.
 *
 * Each deque is a ring of (sequence, value) pairs. A push first drops entries that left the
 * window at the front, then entries the new value dominates at the back, then appends; only the
 * appended slot overwrites memory, so undo restores the head, the size and that one slot.
 */
export class ExtremesKernel {
  readonly period: number
  n = 0
  highest = Number.NaN
  lowest = Number.NaN
  private readonly hiSeq: Float64Array
  private readonly hiVal: Float64Array
  private readonly loSeq: Float64Array
  private readonly loVal: Float64Array
  private hiHead = 0
  private hiSize = 0
  private loHead = 0
  private loSize = 0
  private sN = 0
  private sHiHead = 0
  private sHiSize = 0
  private sLoHead = 0
  private sLoSize = 0
  private sHiSlot = 0
  private sHiSlotSeq = 0
  private sHiSlotVal = 0
  private sLoSlot = 0
  private sLoSlotSeq = 0
  private sLoSlotVal = 0
  private saved = false
  private readonly scan: boolean
  // scan method: the extremes' sequence numbers and the slot the last step overwrote
  private hiAt = -1
  private pos = 0
  private loAt = -1
  private sHiAt = -1
  private sLoAt = -1
  private sHighest = Number.NaN
  private sLowest = Number.NaN

  constructor(period: number) {
    this.period = period
    this.scan = period <= SCAN_MAX_PERIOD
    // the scan method keeps the window's highs in hiVal and lows in loVal, by sequence modulo period
    this.hiSeq = new Float64Array(this.scan ? 0 : period)
    this.hiVal = new Float64Array(period)
    this.loSeq = new Float64Array(this.scan ? 0 : period)
    this.loVal = new Float64Array(period)
  }

  /** Adds a bar; updates `highest` and `lowest`; returns true once `period` bars were seen. */
  step(high: number, low: number): boolean {
    return this.scan ? this.stepScan(high, low) : this.stepDeque(high, low)
  }

  private stepScan(high: number, low: number): boolean {
    const p = this.period
    const seq = this.n
    const n = seq + 1
    this.n = n
    // the ring slot of this bar: seq modulo p, kept incrementally rather than divided for
    const slot = this.pos
    this.pos = slot + 1 === p ? 0 : slot + 1
    const hv = this.hiVal
    const lv = this.loVal
    if (this.saved) {
      this.sHiSlot = slot
      this.sHiSlotVal = hv[slot]!
      this.sLoSlotVal = lv[slot]!
    }
    hv[slot] = high
    lv[slot] = low
    // Small on purpose, so that V8 inlines it into each indicator's update; the rescans, when an
    // extreme leaves the window, are calls.
    const first = seq - p + 1
    if (this.hiAt < first || seq === 0) this.rescanHigh(first, seq)
    else if (high >= this.highest) {
      this.highest = high
      this.hiAt = seq
    }
    if (this.loAt < first || seq === 0) this.rescanLow(first, seq)
    else if (low <= this.lowest) {
      this.lowest = low
      this.loAt = seq
    }
    return n >= p
  }

  /** The highest of the window again, oldest first so that ties keep the newest. */
  private rescanHigh(first: number, seq: number): void {
    const p = this.period
    const hv = this.hiVal
    let best = Number.NEGATIVE_INFINITY
    let at = seq
    let j = first > 0 ? this.pos : 0
    for (let s = first > 0 ? first : 0; s <= seq; s++) {
      const v = hv[j]!
      if (v >= best) {
        best = v
        at = s
      }
      if (++j === p) j = 0
    }
    this.highest = best
    this.hiAt = at
  }

  /** The lowest of the window again, oldest first so that ties keep the newest. */
  private rescanLow(first: number, seq: number): void {
    const p = this.period
    const lv = this.loVal
    let best = Number.POSITIVE_INFINITY
    let at = seq
    let j = first > 0 ? this.pos : 0
    for (let s = first > 0 ? first : 0; s <= seq; s++) {
      const v = lv[j]!
      if (v <= best) {
        best = v
        at = s
      }
      if (++j === p) j = 0
    }
    this.lowest = best
    this.loAt = at
  }

  private stepDeque(high: number, low: number): boolean {
    const p = this.period
    const seq = this.n
    const n = ++this.n
    const expired = seq - p
    // highs: keep values strictly greater than the new one, newest last
    let head = this.hiHead
    let size = this.hiSize
    const hs = this.hiSeq
    const hv = this.hiVal
    while (size > 0 && hs[head]! <= expired) {
      head = head + 1 === p ? 0 : head + 1
      size--
    }
    while (size > 0) {
      let back = head + size - 1
      if (back >= p) back -= p
      if (hv[back]! > high) break
      size--
    }
    let slot = head + size
    if (slot >= p) slot -= p
    if (this.saved) {
      this.sHiSlot = slot
      this.sHiSlotSeq = hs[slot]!
      this.sHiSlotVal = hv[slot]!
    }
    hs[slot] = seq
    hv[slot] = high
    this.hiHead = head
    this.hiSize = size + 1
    this.highest = hv[head]!
    // lows: keep values strictly smaller than the new one
    head = this.loHead
    size = this.loSize
    const ls = this.loSeq
    const lv = this.loVal
    while (size > 0 && ls[head]! <= expired) {
      head = head + 1 === p ? 0 : head + 1
      size--
    }
    while (size > 0) {
      let back = head + size - 1
      if (back >= p) back -= p
      if (lv[back]! < low) break
      size--
    }
    slot = head + size
    if (slot >= p) slot -= p
    if (this.saved) {
      this.sLoSlot = slot
      this.sLoSlotSeq = ls[slot]!
      this.sLoSlotVal = lv[slot]!
    }
    ls[slot] = seq
    lv[slot] = low
    this.loHead = head
    this.loSize = size + 1
    this.lowest = lv[head]!
    return n >= p
  }

  /** Saves the state before the next `step`, which also records the slots it overwrites. */
  save(): void {
    this.saved = true
    this.sN = this.n
    if (this.scan) {
      this.sHiAt = this.hiAt
      this.sLoAt = this.loAt
      this.sHighest = this.highest
      this.sLowest = this.lowest
      return
    }
    this.sHiHead = this.hiHead
    this.sHiSize = this.hiSize
    this.sLoHead = this.loHead
    this.sLoSize = this.loSize
  }

  /** Undoes the last `step` taken after `save`; the following `step` records its slots again. */
  restore(): void {
    if (this.scan) {
      this.hiVal[this.sHiSlot] = this.sHiSlotVal
      this.loVal[this.sHiSlot] = this.sLoSlotVal
      this.pos = this.sHiSlot
      this.n = this.sN
      this.hiAt = this.sHiAt
      this.loAt = this.sLoAt
      this.highest = this.sHighest
      this.lowest = this.sLowest
      return
    }
    this.hiSeq[this.sHiSlot] = this.sHiSlotSeq
    this.hiVal[this.sHiSlot] = this.sHiSlotVal
    this.loSeq[this.sLoSlot] = this.sLoSlotSeq
    this.loVal[this.sLoSlot] = this.sLoSlotVal
    this.n = this.sN
    this.hiHead = this.sHiHead
    this.hiSize = this.sHiSize
    this.loHead = this.sLoHead
    this.loSize = this.sLoSize
  }

  reset(): void {
    this.n = 0
    this.hiHead = 0
    this.hiSize = 0
    this.loHead = 0
    this.loSize = 0
    this.hiAt = -1
    this.loAt = -1
    this.pos = 0
    this.highest = Number.NaN
    this.lowest = Number.NaN
    this.saved = false
  }
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
