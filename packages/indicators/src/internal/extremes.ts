/**
 * Rolling highest high and lowest low of the last `period` bars with two monotonic deques:
 * O(1) amortized per bar, O(period) memory, and one level of O(1) undo for `replace`.
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

  constructor(period: number) {
    this.period = period
    this.hiSeq = new Float64Array(period)
    this.hiVal = new Float64Array(period)
    this.loSeq = new Float64Array(period)
    this.loVal = new Float64Array(period)
  }

  /** Adds a bar; updates `highest` and `lowest`; returns true once `period` bars were seen. */
  step(high: number, low: number): boolean {
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
    this.sHiHead = this.hiHead
    this.sHiSize = this.hiSize
    this.sLoHead = this.loHead
    this.sLoSize = this.loSize
  }

  /** Undoes the last `step` taken after `save`; the following `step` records its slots again. */
  restore(): void {
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
    this.highest = Number.NaN
    this.lowest = Number.NaN
    this.saved = false
  }
}

/**
 * Batch form of the rolling extremes: fills `hh[i]`/`ll[i]` with the highest high and lowest low of
 * bars `max(0, i − period + 1) .. i`, with index deques in local variables. Maxima and minima pick
 * input values without rounding, so the results equal {@link ExtremesKernel}'s bit for bit.
 */
export function rollingExtremes(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  p: number,
  n: number,
  hh: Float64Array,
  ll: Float64Array,
): void {
  const hq = new Int32Array(p)
  const lq = new Int32Array(p)
  let hHead = 0
  let hSize = 0
  let lHead = 0
  let lSize = 0
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
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
    hh[i] = high[hq[hHead]!] as number
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
    ll[i] = low[lq[lHead]!] as number
  }
}
