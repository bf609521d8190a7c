import { checkHighLowClose, firstBadRow } from './internal/bars.js'
import { CHECK_BLOCK, checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link CCI} and {@link cci}.
 *
 * @example
 * ```ts
 * import { cci, type CciParameters } from '@tradeblocks/indicators'
 *
 * const parameters: CciParameters = { period: 20 }
 * cci({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, parameters)
 * ```
 */
export interface CciParameters {
  /** Window of the typical-price average and mean deviation; a positive integer. Defaults to 20. */
  period?: number
}

/**
 * What {@link cci} returns: one value per bar, `NaN` for the first `period − 1`.
 *
 * @example
 * ```ts
 * import { cci, type CciReturnType } from '@tradeblocks/indicators'
 *
 * const out: CciReturnType = cci({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, { period: 2 }) // [NaN, 66.66…]
 * ```
 */
export type CciReturnType = Float64Array

/**
 * Commodity Channel Index (Lambert): `(tp − SMA(tp)) / (0.015 · meanDeviation(tp))` with the
 * typical price `tp = (high + low + close) / 3`, as TA-Lib's `CCI` and TradingView's `ta.cci`
 * over `hlc3`. First value at index `period − 1`.
 *
 * The mean deviation needs the whole window at every bar, so an update costs O(period), as in
 * TA-Lib. Deviations are taken from the current typical price before averaging, so a flat window
 * gives exactly 0 (TA-Lib also gives 0 when either term is 0). O(period) state.
 *
 * @example
 * ```ts
 * import { CCI } from '@tradeblocks/indicators'
 *
 * const cci = new CCI({ period: 20 })
 * const v = cci.update({ high: 10.5, low: 10.1, close: 10.4 }) // undefined until 20 bars
 * ```
 */
export class CCI implements StreamingIndicator<HighLowClose, number> {
  /** Window length. */
  readonly period: number
  /** Inputs before the first value: `period − 1`. */
  readonly warmup: number
  private readonly kernel: CciKernel
  private out = Number.NaN

  constructor(parameters: CciParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 20)
    this.warmup = this.period - 1
    this.kernel = new CciKernel(this.period)
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

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a bar; returns the CCI or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.kernel.n)
    this.kernel.save()
    return this.step(bar)
  }

  /** Replaces the last bar (still forming) and returns the recomputed CCI. */
  replace(bar: HighLowClose): number | undefined {
    checkHighLowClose(bar, this.kernel.n)
    if (this.kernel.n === 0) return this.update(bar)
    this.kernel.restore()
    return this.step(bar)
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
    this.out = Number.NaN
  }

  private step(bar: HighLowClose): number | undefined {
    const out = this.kernel.step(bar.high, bar.low, bar.close)
    if (Number.isNaN(out)) return undefined
    this.out = out
    return out
  }
}

class CciKernel {
  readonly period: number
  private readonly buf: Float64Array
  private pos = 0
  n = 0
  private sPos = 0
  private sN = 0
  private sSlot = 0

  constructor(period: number) {
    this.period = period
    this.buf = new Float64Array(period)
  }

  step(high: number, low: number, close: number): number {
    const p = this.period
    const buf = this.buf
    const tp = (high + low + close) / 3
    const pos = this.pos
    buf[pos] = tp
    const next = pos + 1 === p ? 0 : pos + 1
    this.pos = next
    if (++this.n < p) return Number.NaN
    let s = 0
    for (let j = next; j < p; j++) s += buf[j]! - tp
    for (let j = 0; j < next; j++) s += buf[j]! - tp
    const mean = s / p
    let dev = 0
    for (let j = next; j < p; j++) dev += Math.abs(buf[j]! - tp - mean)
    for (let j = 0; j < next; j++) dev += Math.abs(buf[j]! - tp - mean)
    return cciOf(mean, dev, p)
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
  }
}

/**
 * CCI over OHLC columns; the batch form of {@link CCI} (same values bit for bit). `NaN` for the
 * first `period − 1` indices. Throws {@link InvalidInputError} with the index and column of the
 * first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { cci } from '@tradeblocks/indicators'
 *
 * const out = cci({ high: [10, 11, 12], low: [9, 10, 11], close: [9.5, 10.5, 11.5] }, { period: 3 })
 * out[2] // 100: the last typical price is one mean deviation / 0.015 above the average
 * ```
 */
export function cci(columns: HighLowCloseColumns, parameters: CciParameters = {}): CciReturnType {
  const p = checkPeriod('period', parameters?.period ?? 20)
  return cciBatch(columns, p)
}

/** {@link cci} once its options are read: see "Option objects" in the README. */
function cciBatch(columns: HighLowCloseColumns, p: number): CciReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, HLC)
  const out = new Float64Array(n)
  // one hot loop per function, with only the return after it (see "Result objects" in the README)
  const tp = typicalPrices(columns, n)
  const warm = Math.min(n, p - 1)
  for (let i = 0; i < warm; i++) out[i] = Number.NaN
  windows(tp, p, n, out)
  return out
}

const HLC = ['high', 'low', 'close']

/** `(high + low + close) / 3` of every bar; throws for the first bar with a non-finite field. */
function typicalPrices(columns: HighLowCloseColumns, n: number): Float64Array {
  const { high, low, close } = columns
  const tp = new Float64Array(n)
  let finite = 0 // stays 0 while every field is finite (see firstBadRow)
  let i = 0
  while (i < n) {
    const stop = n - i > CHECK_BLOCK ? i + CHECK_BLOCK : n
    for (; i < stop; i++) {
      const h = high[i] as number
      const l = low[i] as number
      const c = close[i] as number
      if (typeof h !== 'number' || typeof l !== 'number' || typeof c !== 'number')
        throw firstBadRow(columns as unknown as Record<string, ArrayLike<number>>, HLC, 0, n)
      finite += h - h + (l - l) + (c - c)
      tp[i] = (h + l + c) / 3
    }
    // tested after each block, not once after the loop: see CHECK_BLOCK
    if (finite !== 0) throw firstBadRow(columns as unknown as Record<string, ArrayLike<number>>, HLC, 0, n)
  }
  return tp
}

/** CCI of every full window of `tp` into `out`. */
function windows(tp: Float64Array, p: number, n: number, out: Float64Array): void {
  // Each window's sums run oldest to newest, in the same order as the streaming kernel (so the
  // values are the same bit for bit), but four windows at a time: four independent chains of
  // additions instead of one keep the floating-point adder busy. The windows left over by groups of
  // four are done first, one by one, so that nothing but the return follows the main loop (code
  // V8 has not run when it compiles that loop on a first long call would deoptimize every call).
  const first4 = p - 1 + (Math.max(0, n - p + 1) % 4)
  for (let i = p - 1; i < first4; i++) out[i] = cciAt(tp, i, p)
  for (let i = first4; i + 3 < n; i += 4) {
    const first = i - p + 1
    const a = tp[i]!
    const b = tp[i + 1]!
    const c = tp[i + 2]!
    const d = tp[i + 3]!
    let sa = 0
    let sb = 0
    let sc = 0
    let sd = 0
    // each value loaded once: the window of b is a's shifted by one, and so on
    let v0 = tp[first]!
    let v1 = tp[first + 1]!
    let v2 = tp[first + 2]!
    for (let j = first; j <= i; j++) {
      const v3 = tp[j + 3]!
      sa += v0 - a
      sb += v1 - b
      sc += v2 - c
      sd += v3 - d
      v0 = v1
      v1 = v2
      v2 = v3
    }
    const ma = sa / p
    const mb = sb / p
    const mc = sc / p
    const md = sd / p
    let da = 0
    let db = 0
    let dc = 0
    let dd = 0
    v0 = tp[first]!
    v1 = tp[first + 1]!
    v2 = tp[first + 2]!
    for (let j = first; j <= i; j++) {
      const v3 = tp[j + 3]!
      da += Math.abs(v0 - a - ma)
      db += Math.abs(v1 - b - mb)
      dc += Math.abs(v2 - c - mc)
      dd += Math.abs(v3 - d - md)
      v0 = v1
      v1 = v2
      v2 = v3
    }
    out[i] = cciOf(ma, da, p)
    out[i + 1] = cciOf(mb, db, p)
    out[i + 2] = cciOf(mc, dc, p)
    out[i + 3] = cciOf(md, dd, p)
  }
}

/** CCI of the window ending at `i`, as the streaming kernel computes it. */
function cciAt(tp: Float64Array, i: number, p: number): number {
  const first = i - p + 1
  const a = tp[i]!
  let sa = 0
  for (let j = first; j <= i; j++) sa += tp[j]! - a
  const ma = sa / p
  let da = 0
  for (let j = first; j <= i; j++) da += Math.abs(tp[j]! - a - ma)
  return cciOf(ma, da, p)
}

/**
 * CCI from the window's mean of (typical price - latest typical price) and the sum of absolute
 * deviations from it; 0 when either is 0 (a flat window, or the latest price at the mean).
 */
function cciOf(mean: number, dev: number, p: number): number {
  return mean !== 0 && dev !== 0 ? -mean / (0.015 * (dev / p)) : 0
}
