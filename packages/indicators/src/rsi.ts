import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link RSI} and {@link rsi}.
 *
 * @example
 * ```ts
 * import { rsi, type RsiParameters } from '@tradeblocks/indicators'
 *
 * const parameters: RsiParameters = { period: 14 }
 * rsi([1, 2, 3], parameters)
 * ```
 */
export interface RsiParameters {
  /** Wilder's length; a positive integer. Defaults to 14. */
  period?: number
}

/**
 * What {@link rsi} returns: one value per input in [0, 100], `NaN` for the first `period`.
 *
 * @example
 * ```ts
 * import { rsi, type RsiReturnType } from '@tradeblocks/indicators'
 *
 * const out: RsiReturnType = rsi([1, 2, 1, 2], { period: 2 }) // [NaN, NaN, 50, 75]
 * ```
 */
export type RsiReturnType = Float64Array

/**
 * Relative Strength Index with Wilder's smoothing: `100 · avgGain / (avgGain + avgLoss)`, as
 * TA-Lib's `RSI` and TradingView's `ta.rsi`.
 *
 * Needs `period` price changes, so the first value is at index `period`. The averages are seeded
 * with the plain mean of the first `period` gains and losses, then
 * `avg = (avg · (period − 1) + change) / period`. When both averages are exactly 0 (prices never
 * moved) the value is 0, as in TA-Lib; TradingView shows 100 there. TA-Lib also returns 0 when
 * the sum of the averages is below 1e-14, which only happens after several hundred unchanged
 * closes; this package keeps the last ratio instead. O(1) state.
 *
 * @example
 * ```ts
 * import { RSI } from '@tradeblocks/indicators'
 *
 * const rsi = new RSI({ period: 2 })
 * rsi.update(1) // undefined
 * rsi.update(2) // undefined
 * rsi.update(1) // 50: one gain of 1, one loss of 1
 * rsi.update(2) // 75
 * ```
 */
export class RSI implements StreamingIndicator<number, number> {
  /** Wilder's length. */
  readonly period: number
  /** Inputs before the first value: `period`. */
  readonly warmup: number
  private n = 0
  private prev = 0
  private gain = 0
  private loss = 0
  private out = Number.NaN
  private sN = 0
  private sPrev = 0
  private sGain = 0
  private sLoss = 0

  constructor(parameters: RsiParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 14)
    this.warmup = this.period
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n > this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.n > this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n > this.period ? this.out : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a close; returns the new RSI or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.sPrev = this.prev
    this.sGain = this.gain
    this.sLoss = this.loss
    return this.step(value)
  }

  /** Replaces the last close (a bar still forming) and returns the recomputed RSI. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.prev = this.sPrev
    this.gain = this.sGain
    this.loss = this.sLoss
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.prev = 0
    this.gain = 0
    this.loss = 0
    this.out = Number.NaN
  }

  private step(x: number): number | undefined {
    const n = ++this.n
    const p = this.period
    const d = x - this.prev
    this.prev = x
    if (n === 1) return undefined
    let gain = this.gain
    let loss = this.loss
    if (n > p + 1) {
      gain *= p - 1
      loss *= p - 1
      if (d < 0) loss -= d
      else gain += d
      gain /= p
      loss /= p
    } else {
      if (d < 0) loss -= d
      else gain += d
      if (n <= p) {
        this.gain = gain
        this.loss = loss
        return undefined
      }
      gain /= p
      loss /= p
    }
    this.gain = gain
    this.loss = loss
    const s = gain + loss
    const out = s !== 0 ? 100 * (gain / s) : 0
    this.out = out
    return out
  }
}

/**
 * RSI over a series of closes; the batch form of {@link RSI} (same values bit for bit). `NaN` for
 * the first `period` indices. Throws {@link InvalidInputError} with the index of the first NaN or
 * ±Infinity.
 *
 * @example
 * ```ts
 * import { rsi } from '@tradeblocks/indicators'
 *
 * rsi([44.34, 44.09, 44.15, 43.61, 44.33], { period: 3 }) // Float64Array [NaN, NaN, NaN, …, …]
 * ```
 */
export function rsi(values: ArrayLike<number>, parameters: RsiParameters = {}): RsiReturnType {
  const p = checkPeriod('period', parameters?.period ?? 14)
  return rsiOf(values, p)
}

/** {@link rsi} once its options are read: see "Option objects" in the README. */
function rsiOf(values: ArrayLike<number>, p: number): RsiReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  if (n === 0) return out
  let prev = values[0] as number
  if (typeof prev !== 'number' || prev - prev !== 0) throw badInput('value', 0, prev)
  out[0] = Number.NaN
  let gain = 0
  let loss = 0
  const warm = n <= p ? n : p + 1
  for (let i = 1; i < warm; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    const d = x - prev
    prev = x
    if (d < 0) loss -= d
    else gain += d
    if (i < p) out[i] = Number.NaN
  }
  if (n <= p) return out
  gain /= p
  loss /= p
  let s = gain + loss
  out[p] = s !== 0 ? 100 * (gain / s) : 0
  const m = p - 1
  for (let i = p + 1; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    const d = x - prev
    prev = x
    gain *= m
    loss *= m
    if (d < 0) loss -= d
    else gain += d
    gain /= p
    loss /= p
    s = gain + loss
    out[i] = s !== 0 ? 100 * (gain / s) : 0
  }
  return out
}
