import { badRow, checkHighLowClose, rowError } from './internal/bars.js'
import { trueRangeOf } from './internal/kernels.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link ADX} and {@link adx}.
 *
 * @example
 * ```ts
 * import { adx, type AdxParameters } from '@tradeblocks/indicators'
 *
 * const parameters: AdxParameters = { period: 14 }
 * adx({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, parameters)
 * ```
 */
export interface AdxParameters {
  /** Wilder's length for the directional movement, the true range and the ADX; a positive integer. Defaults to 14. */
  period?: number
}

/**
 * One reading of {@link ADX}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { AdxValue } from '@tradeblocks/indicators'
 *
 * const strongUptrend = (v: AdxValue) => v.adx > 25 && v.plusDI > v.minusDI
 * ```
 */
export interface AdxValue {
  /** Average directional index in [0, 100]. */
  adx: number
  /** +DI in [0, 100]. */
  plusDI: number
  /** −DI in [0, 100]. */
  minusDI: number
}

/**
 * What {@link adx} returns: ADX, +DI and −DI columns, `NaN` for the first `2 · period − 1`.
 *
 * @example
 * ```ts
 * import { adx, type AdxReturnType } from '@tradeblocks/indicators'
 *
 * const { adx: line, plusDI, minusDI }: AdxReturnType = adx({ high: [2, 3, 4], low: [1, 2, 3], close: [1.5, 2.5, 3.5] }, { period: 1 })
 * ```
 */
export interface AdxReturnType {
  /** ADX per bar. */
  adx: Float64Array
  /** +DI per bar. */
  plusDI: Float64Array
  /** −DI per bar. */
  minusDI: Float64Array
}

/**
 * Wilder's Average Directional Index with +DI and −DI, exactly as TA-Lib's `ADX`, `PLUS_DI` and
 * `MINUS_DI`.
 *
 * TA-Lib's conventions: +DM is `high − previous high` when it is positive and larger than
 * `previous low − low` (−DM the reverse); +DM, −DM and the true range are summed over bars
 * 1..period−1 and then Wilder-smoothed as sums (`s = s − s / period + x`); DI = 100 · DM / TR; DX =
 * 100 · |+DI − −DI| / (+DI + −DI); the ADX is seeded by the mean of the first `period` DX values
 * and then Wilder-smoothed. The first value of all three is at index `2 · period − 1` (TA-Lib's
 * +DI/−DI alone start at `period`). When the smoothed true range or the DI sum is 0 (flat
 * prices), the DIs are 0 and the ADX keeps its value, as TA-Lib does; TA-Lib treats values below
 * 1e-14 as 0 and this package only exact zeros. TradingView's DMI seeds its RMAs with SMAs of the
 * first bars instead: values differ early and converge. O(1) state.
 *
 * @example
 * ```ts
 * import { ADX } from '@tradeblocks/indicators'
 *
 * const adx = new ADX({ period: 14 })
 * const v = adx.update({ high: 10.5, low: 10.1, close: 10.4 }) // undefined for the first 27 bars
 * ```
 */
export class ADX implements StreamingIndicator<HighLowClose, AdxValue> {
  /** Wilder's length. */
  readonly period: number
  /** Inputs before the first value: `2 · period − 1`. */
  readonly warmup: number
  private readonly kernel: AdxKernel
  private readonly result: AdxValue = { adx: Number.NaN, plusDI: Number.NaN, minusDI: Number.NaN }

  constructor(parameters: AdxParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 14)
    this.warmup = 2 * this.period - 1
    this.kernel = new AdxKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n > this.warmup
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): AdxValue | undefined {
    return this.kernel.n > this.warmup ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a bar; returns ADX, +DI and −DI or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): AdxValue | undefined {
    checkHighLowClose(bar, this.kernel.n)
    this.kernel.save()
    return this.step(bar)
  }

  /** Replaces the last bar (still forming) and returns the recomputed reading. */
  replace(bar: HighLowClose): AdxValue | undefined {
    checkHighLowClose(bar, this.kernel.n)
    if (this.kernel.n === 0) return this.update(bar)
    this.kernel.restore()
    return this.step(bar)
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
  }

  private step(bar: HighLowClose): AdxValue | undefined {
    const k = this.kernel
    if (!k.step(bar.high, bar.low, bar.close)) return undefined
    const r = this.result
    r.adx = k.adx
    r.plusDI = k.plusDI
    r.minusDI = k.minusDI
    return r
  }
}

class AdxKernel {
  readonly period: number
  n = 0
  adx = Number.NaN
  plusDI = Number.NaN
  minusDI = Number.NaN
  private prevHigh = 0
  private prevLow = 0
  private prevClose = 0
  private pdm = 0
  private mdm = 0
  private tr = 0
  private sumDX = 0
  private sN = 0
  private sAdx = Number.NaN
  private sPrevHigh = 0
  private sPrevLow = 0
  private sPrevClose = 0
  private sPdm = 0
  private sMdm = 0
  private sTr = 0
  private sSumDX = 0

  constructor(period: number) {
    this.period = period
  }

  /** Returns true when `adx`, `plusDI` and `minusDI` hold values. */
  step(high: number, low: number, close: number): boolean {
    const n = ++this.n
    const p = this.period
    const diffP = high - this.prevHigh
    const diffM = this.prevLow - low
    const prevClose = this.prevClose
    this.prevHigh = high
    this.prevLow = low
    this.prevClose = close
    if (n === 1) return false
    const tr = trueRangeOf(high, low, prevClose)
    let pdm = this.pdm
    let mdm = this.mdm
    let str = this.tr
    if (n < p + 1) {
      // bars 1..period−1: plain sums
      this.pdm = pdm + plusDM(diffP, diffM)
      this.mdm = mdm + minusDM(diffP, diffM)
      this.tr = str + tr
      return false
    }
    mdm = mdm - mdm / p + minusDM(diffP, diffM)
    pdm = pdm - pdm / p + plusDM(diffP, diffM)
    str = str - str / p + tr
    this.pdm = pdm
    this.mdm = mdm
    this.tr = str
    let dx = Number.NaN
    if (str !== 0) {
      const minusDI = 100 * (mdm / str)
      const plusDI = 100 * (pdm / str)
      this.minusDI = minusDI
      this.plusDI = plusDI
      const sum = minusDI + plusDI
      if (sum !== 0) dx = 100 * (Math.abs(minusDI - plusDI) / sum)
    } else {
      this.minusDI = 0
      this.plusDI = 0
    }
    if (n <= 2 * p) {
      if (!Number.isNaN(dx)) this.sumDX += dx
      if (n < 2 * p) return false
      this.adx = this.sumDX / p
      return true
    }
    if (!Number.isNaN(dx)) this.adx = (this.adx * (p - 1) + dx) / p
    return true
  }

  save(): void {
    this.sN = this.n
    this.sAdx = this.adx
    this.sPrevHigh = this.prevHigh
    this.sPrevLow = this.prevLow
    this.sPrevClose = this.prevClose
    this.sPdm = this.pdm
    this.sMdm = this.mdm
    this.sTr = this.tr
    this.sSumDX = this.sumDX
  }

  restore(): void {
    this.n = this.sN
    this.adx = this.sAdx
    this.prevHigh = this.sPrevHigh
    this.prevLow = this.sPrevLow
    this.prevClose = this.sPrevClose
    this.pdm = this.sPdm
    this.mdm = this.sMdm
    this.tr = this.sTr
    this.sumDX = this.sSumDX
  }

  reset(): void {
    this.n = 0
    this.adx = Number.NaN
    this.plusDI = Number.NaN
    this.minusDI = Number.NaN
    this.prevHigh = 0
    this.prevLow = 0
    this.prevClose = 0
    this.pdm = 0
    this.mdm = 0
    this.tr = 0
    this.sumDX = 0
  }
}

/**
 * ADX, +DI and −DI over OHLC columns; the batch form of {@link ADX} (same values bit for bit).
 * `NaN` for the first `2 · period − 1` indices. Throws {@link InvalidInputError} with the index and
 * column of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { adx } from '@tradeblocks/indicators'
 *
 * const high = Array.from({ length: 60 }, (_, i) => 100 + i)
 * const low = high.map((h) => h - 1)
 * const close = high.map((h) => h - 0.5)
 * const out = adx({ high, low, close }, { period: 14 })
 * out.adx[59] // 100: a steady uptrend has no −DM at all
 * ```
 */
export function adx(columns: HighLowCloseColumns, parameters: AdxParameters = {}): AdxReturnType {
  return adxOf(columns, checkPeriod('period', parameters?.period ?? 14))
}

/** {@link adx} once its options are read: see "Option objects" in the README. */
function adxOf(columns: HighLowCloseColumns, p: number): AdxReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const result: AdxReturnType = {
    adx: new Float64Array(n),
    plusDI: new Float64Array(n),
    minusDI: new Float64Array(n),
  }
  adxLoops(columns, columns.high, columns.low, columns.close, n, p, result.adx, result.plusDI, result.minusDI)
  return result
}

/**
 * The loops of {@link adx}, given everything they need as arguments: nothing runs before them that
 * needs V8's type feedback (see "First calls" in the README).
 */
function adxLoops(
  columns: HighLowCloseColumns,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n: number,
  p: number,
  adxOut: Float64Array,
  plusOut: Float64Array,
  minusOut: Float64Array,
): void {
  // the arithmetic of AdxKernel.step, in local variables; the warm-up bars (no ADX yet) in a loop
  // of their own, so that the main loop has no warm-up tests and writes each output once
  let prevHigh = 0
  let prevLow = 0
  let prevClose = 0
  let pdm = 0
  let mdm = 0
  let str = 0
  let sumDX = 0
  let plusDI = Number.NaN
  let minusDI = Number.NaN
  const warm = n < 2 * p - 1 ? n : 2 * p - 1
  let i = 0
  for (; i < warm; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, HLC, i)
    const diffP = h - prevHigh
    const diffM = prevLow - l
    const pc = prevClose
    prevHigh = h
    prevLow = l
    prevClose = c
    adxOut[i] = Number.NaN
    plusOut[i] = Number.NaN
    minusOut[i] = Number.NaN
    if (i === 0) continue
    const tr = trueRangeOf(h, l, pc)
    if (i < p) {
      pdm += plusDM(diffP, diffM)
      mdm += minusDM(diffP, diffM)
      str = str + tr
      continue
    }
    mdm = mdm - mdm / p + minusDM(diffP, diffM)
    pdm = pdm - pdm / p + plusDM(diffP, diffM)
    str = str - str / p + tr
    if (str !== 0) {
      minusDI = 100 * (mdm / str)
      plusDI = 100 * (pdm / str)
      const sum = minusDI + plusDI
      if (sum !== 0) sumDX += 100 * (Math.abs(minusDI - plusDI) / sum)
    }
  }
  let adxValue = Number.NaN
  const m = p - 1
  for (; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, HLC, i)
    const diffP = h - prevHigh
    const diffM = prevLow - l
    const tr = trueRangeOf(h, l, prevClose)
    prevHigh = h
    prevLow = l
    prevClose = c
    mdm = mdm - mdm / p + minusDM(diffP, diffM)
    pdm = pdm - pdm / p + plusDM(diffP, diffM)
    str = str - str / p + tr
    let dx = Number.NaN
    if (str !== 0) {
      minusDI = 100 * (mdm / str)
      plusDI = 100 * (pdm / str)
      const sum = minusDI + plusDI
      if (sum !== 0) dx = 100 * (Math.abs(minusDI - plusDI) / sum)
    } else {
      minusDI = 0
      plusDI = 0
    }
    if (i === 2 * p - 1) {
      if (!Number.isNaN(dx)) sumDX += dx
      adxValue = sumDX / p
    } else if (!Number.isNaN(dx)) adxValue = (adxValue * m + dx) / p
    adxOut[i] = adxValue
    plusOut[i] = plusDI
    minusOut[i] = minusDI
  }
}

/**
 * TA-Lib's +DM of one bar: the rise of the high when it is positive and larger than the fall of the
 * low, else 0. The two tests are 0/1 factors rather than branches (which way a bar moves is random,
 * so a branch would be mispredicted half the time); a factor of 0 gives ±0, which adds nothing.
 */
function plusDM(diffP: number, diffM: number): number {
  return +(diffP > 0) * +(diffP > diffM) * diffP
}

/** TA-Lib's −DM of one bar: the fall of the low when positive and larger than the rise of the high. */
function minusDM(diffP: number, diffM: number): number {
  return +(diffM > 0) * +(diffM > diffP) * diffM
}

const HLC = ['high', 'low', 'close'] as const
