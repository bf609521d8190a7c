import { badRow, checkHighLowClose, rowError } from './internal/bars.js'
import { AtrKernel, EmaKernel } from './internal/kernels.js'
import { checkNumber, checkPeriod, columnsLength } from './internal/validate.js'
import type { HighLowClose, HighLowCloseColumns, StreamingIndicator } from './types.js'

/**
 * Options of {@link Keltner} and {@link keltner}.
 *
 * @example
 * ```ts
 * import { keltner, type KeltnerParameters } from '@tradeblocks/indicators'
 *
 * const parameters: KeltnerParameters = { period: 20, atrPeriod: 10, multiplier: 2 }
 * keltner({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, parameters)
 * ```
 */
export interface KeltnerParameters {
  /** Length of the EMA of the close (middle line); a positive integer. Defaults to 20. */
  period?: number
  /** Length of the ATR; a positive integer. Defaults to 10. */
  atrPeriod?: number
  /** ATRs between the middle line and each band; finite and > 0. Defaults to 2. */
  multiplier?: number
}

/**
 * One reading of {@link Keltner}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { KeltnerValue } from '@tradeblocks/indicators'
 *
 * const squeeze = (bbUpper: number, bbLower: number, kc: KeltnerValue) => bbUpper < kc.upper && bbLower > kc.lower
 * ```
 */
export interface KeltnerValue {
  /** `middle + multiplier · ATR`. */
  upper: number
  /** EMA of the close. */
  middle: number
  /** `middle − multiplier · ATR`. */
  lower: number
}

/**
 * What {@link keltner} returns: upper, middle and lower columns, `NaN` during warm-up.
 *
 * @example
 * ```ts
 * import { keltner, type KeltnerReturnType } from '@tradeblocks/indicators'
 *
 * const { upper }: KeltnerReturnType = keltner({ high: [2, 3, 4], low: [1, 2, 3], close: [1.5, 2.5, 3.5] }, { period: 2, atrPeriod: 2 })
 * ```
 */
export interface KeltnerReturnType {
  /** Upper band per bar. */
  upper: Float64Array
  /** Middle line per bar. */
  middle: Float64Array
  /** Lower band per bar. */
  lower: Float64Array
}

/**
 * Keltner channel in its modern form (Raschke; StockCharts): an EMA of the close ± `multiplier`
 * ATRs. The EMA is seeded by an SMA and the ATR follows TA-Lib's `ATR` (see {@link EMA} and
 * {@link ATR}); the first value is at index `max(period − 1, atrPeriod)`.
 *
 * TradingView's built-in "Keltner Channels" defaults differ (an EMA of the true range with the
 * same length as the middle line, multiplier 2, EMAs seeded with the first value); Chester
 * Keltner's original used a 10-day SMA of the typical price ± the average high − low.
 * O(1) state.
 *
 * @example
 * ```ts
 * import { Keltner } from '@tradeblocks/indicators'
 *
 * const kc = new Keltner({ period: 20, atrPeriod: 10, multiplier: 2 })
 * const v = kc.update({ high: 10.5, low: 10.1, close: 10.4 }) // undefined until 20 bars
 * ```
 */
export class Keltner implements StreamingIndicator<HighLowClose, KeltnerValue> {
  /** EMA length. */
  readonly period: number
  /** ATR length. */
  readonly atrPeriod: number
  /** ATRs per band. */
  readonly multiplier: number
  /** Inputs before the first value: `max(period − 1, atrPeriod)`. */
  readonly warmup: number
  private readonly ema: EmaKernel
  private readonly atr: AtrKernel
  private readonly result: KeltnerValue = { upper: Number.NaN, middle: Number.NaN, lower: Number.NaN }

  constructor(parameters: KeltnerParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 20)
    this.atrPeriod = checkPeriod('atrPeriod', parameters?.atrPeriod ?? 10)
    this.multiplier = checkNumber('multiplier', parameters?.multiplier ?? 2, true)
    this.warmup = Math.max(this.period - 1, this.atrPeriod)
    this.ema = new EmaKernel(this.period)
    this.atr = new AtrKernel(this.atrPeriod)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.ema.n > this.warmup
  }

  /** The latest value (the reused result object), or `undefined` during warm-up. */
  get value(): KeltnerValue | undefined {
    return this.ema.n > this.warmup ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.ema.n
  }

  /** Adds a bar; returns the channel or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(bar: HighLowClose): KeltnerValue | undefined {
    checkHighLowClose(bar, this.ema.n)
    this.ema.save()
    this.atr.save()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Replaces the last bar (still forming) and returns the recomputed channel. */
  replace(bar: HighLowClose): KeltnerValue | undefined {
    checkHighLowClose(bar, this.ema.n)
    if (this.ema.n === 0) return this.update(bar)
    this.ema.restore()
    this.atr.restore()
    return this.step(bar.high, bar.low, bar.close)
  }

  /** Forgets every input. */
  reset(): void {
    this.ema.reset()
    this.atr.reset()
  }

  private step(high: number, low: number, close: number): KeltnerValue | undefined {
    const middle = this.ema.step(close)
    const range = this.atr.step(high, low, close)
    if (Number.isNaN(middle) || Number.isNaN(range)) return undefined
    const width = this.multiplier * range
    const r = this.result
    r.upper = middle + width
    r.middle = middle
    r.lower = middle - width
    return r
  }
}

/**
 * Keltner channel over OHLC columns; the batch form of {@link Keltner} (same values bit for bit).
 * `NaN` during warm-up. Throws {@link InvalidInputError} with the index and column of the first
 * NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { keltner } from '@tradeblocks/indicators'
 *
 * const { upper, middle, lower } = keltner(
 *   { high: [10, 12, 11], low: [9, 11, 10.5], close: [9.5, 11.5, 11] },
 *   { period: 2, atrPeriod: 2, multiplier: 1 },
 * )
 * upper[2] - middle[2] // ≈ 1.75, the ATR
 * ```
 */
export function keltner(columns: HighLowCloseColumns, parameters: KeltnerParameters = {}): KeltnerReturnType {
  const period = checkPeriod('period', parameters?.period ?? 20)
  const atrPeriod = checkPeriod('atrPeriod', parameters?.atrPeriod ?? 10)
  const mult = checkNumber('multiplier', parameters?.multiplier ?? 2, true)
  return keltnerOf(columns, period, atrPeriod, mult)
}

/** {@link keltner} once its options are read: see "Option objects" in the README. */
function keltnerOf(
  columns: HighLowCloseColumns,
  period: number,
  atrPeriod: number,
  mult: number,
): KeltnerReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['high', 'low', 'close'])
  const { high, low, close } = columns
  const upper = new Float64Array(n)
  const middleOut = new Float64Array(n)
  const lower = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: KeltnerReturnType = { upper, middle: middleOut, lower }
  const ema = new EmaKernel(period)
  const atrK = new AtrKernel(atrPeriod)
  // the warm-up here, the rest in a function of its own that starts once both kernels have a value
  // (see "First calls" in the README)
  let i = 0
  for (; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, HLC, i)
    const middle = ema.step(c)
    const range = atrK.step(h, l, c)
    if (Number.isNaN(middle) || Number.isNaN(range)) {
      upper[i] = Number.NaN
      middleOut[i] = Number.NaN
      lower[i] = Number.NaN
      continue
    }
    const width = mult * range
    upper[i] = middle + width
    middleOut[i] = middle
    lower[i] = middle - width
    break
  }
  channels(columns, i + 1, n, ema, atrK, mult, result)
  return result
}

const HLC = ['high', 'low', 'close'] as const

/** The rows after the first value; both kernels are past their warm-up. */
function channels(
  columns: HighLowCloseColumns,
  from: number,
  n: number,
  ema: EmaKernel,
  atrK: AtrKernel,
  mult: number,
  out: KeltnerReturnType,
): void {
  const { high, low, close } = columns
  const { upper, middle: middleOut, lower } = out
  for (let i = from; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    if (badRow(h, l, c)) throw rowError(columns, HLC, i)
    const middle = ema.step(c)
    const width = mult * atrK.step(h, l, c)
    upper[i] = middle + width
    middleOut[i] = middle
    lower[i] = middle - width
  }
}
