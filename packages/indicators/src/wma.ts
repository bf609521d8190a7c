import { recomputeInterval } from './internal/constants.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link WMA} and {@link wma}.
 *
 * @example
 * ```ts
 * import { wma, type WmaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: WmaParameters = { period: 10 }
 * wma([1, 2, 3], parameters)
 * ```
 */
export interface WmaParameters {
  /** Number of values weighted; a positive integer. */
  period: number
}

/**
 * What {@link wma} returns: one value per input, `NaN` for the first `period - 1`.
 *
 * @example
 * ```ts
 * import { wma, type WmaReturnType } from '@tradeblocks/indicators'
 *
 * const out: WmaReturnType = wma([1, 2, 3], { period: 2 }) // [NaN, 1.666…, 2.666…]
 * ```
 */
export type WmaReturnType = Float64Array

/**
 * Linearly weighted moving average: the newest of the last `period` values has weight `period`,
 * the oldest weight 1, divided by `period·(period+1)/2`. Same as TA-Lib's `WMA` and TradingView's
 * `ta.wma`; first value at index `period - 1`.
 *
 * O(1) per update with a rolling plain sum and weighted sum (recomputed from the window every
 * `max(period, 1024)` inputs); a window of equal values returns that value exactly. Holds
 * `period` numbers of state.
 *
 * @example
 * ```ts
 * import { WMA } from '@tradeblocks/indicators'
 *
 * const wma = new WMA({ period: 3 })
 * wma.update(1)
 * wma.update(2)
 * wma.update(3) // (1·1 + 2·2 + 3·3) / 6 = 2.333…
 * ```
 */
export class WMA implements StreamingIndicator<number, number> {
  /** The window length. */
  readonly period: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  private readonly buf: Float64Array
  private readonly interval: number
  private readonly divider: number
  private pos = 0
  private n = 0
  private sum = 0
  private wsum = 0
  private run = 0
  private last = Number.NaN
  private cd = 0
  private out = Number.NaN
  private sPos = 0
  private sN = 0
  private sSum = 0
  private sWsum = 0
  private sRun = 0
  private sLast = Number.NaN
  private sCd = 0
  private sSlot = 0

  constructor(parameters: WmaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = this.period - 1
    this.buf = new Float64Array(this.period)
    this.interval = recomputeInterval(this.period)
    this.divider = (this.period * (this.period + 1)) / 2
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.n >= this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n >= this.period ? this.out : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a value; returns the new WMA or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sPos = this.pos
    this.sN = this.n
    this.sSum = this.sum
    this.sWsum = this.wsum
    this.sRun = this.run
    this.sLast = this.last
    this.sCd = this.cd
    this.sSlot = this.buf[this.pos]!
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed WMA. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.pos = this.sPos
    this.n = this.sN
    this.sum = this.sSum
    this.wsum = this.sWsum
    this.run = this.sRun
    this.last = this.sLast
    this.cd = this.sCd
    this.buf[this.pos] = this.sSlot
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.buf.fill(0)
    this.pos = 0
    this.n = 0
    this.sum = 0
    this.wsum = 0
    this.run = 0
    this.last = Number.NaN
    this.cd = 0
    this.out = Number.NaN
  }

  /** Recomputes both sums from the window, oldest first (cold path, kept out of `step`). */
  private resum(oldest: number): void {
    const p = this.period
    const buf = this.buf
    let s = 0
    let w = 0
    let weight = 1
    for (let j = oldest; j < p; j++) {
      const v = buf[j]!
      s += v
      w += weight++ * v
    }
    for (let j = 0; j < oldest; j++) {
      const v = buf[j]!
      s += v
      w += weight++ * v
    }
    this.sum = s
    this.wsum = w
  }

  private step(x: number): number | undefined {
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
    if (n <= p) {
      this.sum += x
      this.wsum += n * x
      if (n < p) return undefined
      this.cd = this.interval
    } else if (--this.cd === 0) {
      this.cd = this.interval
      this.resum(next)
    } else {
      this.wsum = this.wsum - this.sum + p * x
      this.sum += x - old
    }
    const out = run >= p ? x : this.wsum / this.divider
    this.out = out
    return out
  }
}

/**
 * Weighted moving average over a series; the batch form of {@link WMA} (same values bit for bit).
 * `NaN` for the first `period - 1` indices. Throws {@link InvalidInputError} with the index of the
 * first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { wma } from '@tradeblocks/indicators'
 *
 * wma([1, 2, 3, 4], { period: 3 }) // Float64Array [NaN, NaN, 2.333…, 3.333…]
 * ```
 */
export function wma(values: ArrayLike<number>, parameters: WmaParameters): WmaReturnType {
  const p = checkPeriod('period', parameters?.period)
  return wmaOf(values, p)
}

/** {@link wma} once its options are read: see "Option objects" in the README. */
function wmaOf(values: ArrayLike<number>, p: number): WmaReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  const divider = (p * (p + 1)) / 2
  let sum = 0
  let wsum = 0
  let run = 0
  let last = Number.NaN
  const warm = Math.min(n, p)
  for (let i = 0; i < warm; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    sum += x
    wsum += (i + 1) * x
    run = x === last ? run + 1 : 1
    last = x
    out[i] = Number.NaN
  }
  if (n < p) return out
  out[p - 1] = run >= p ? last : wsum / divider
  const interval = recomputeInterval(p)
  let i = p
  while (i < n) {
    const stop = Math.min(i + interval - 1, n)
    for (; i < stop; i++) {
      const x = values[i] as number
      if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
      wsum = wsum - sum + p * x
      sum += x - (values[i - p] as number)
      run = x === last ? run + 1 : 1
      last = x
      out[i] = run >= p ? x : wsum / divider
    }
    if (i < n) {
      const x = values[i] as number
      if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
      let s = 0
      let w = 0
      let weight = 1
      for (let j = i - p + 1; j <= i; j++) {
        const v = values[j] as number
        s += v
        w += weight++ * v
      }
      sum = s
      wsum = w
      run = x === last ? run + 1 : 1
      last = x
      out[i] = run >= p ? x : wsum / divider
      i++
    }
  }
  return out
}
