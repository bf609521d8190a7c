import { smoothBatch } from './internal/kernels.js'
import { badInput, checkPeriod } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link RMA} and {@link rma}.
 *
 * @example
 * ```ts
 * import { rma, type RmaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: RmaParameters = { period: 14 }
 * rma([1, 2, 3], parameters)
 * ```
 */
export interface RmaParameters {
  /** The smoothing length; the factor is `1 / period`. A positive integer. */
  period: number
}

/**
 * What {@link rma} returns: one value per input, `NaN` for the first `period - 1`.
 *
 * @example
 * ```ts
 * import { rma, type RmaReturnType } from '@tradeblocks/indicators'
 *
 * const out: RmaReturnType = rma([1, 2, 3, 4], { period: 2 }) // [NaN, 1.5, 2.25, 3.125]
 * ```
 */
export type RmaReturnType = Float64Array

/**
 * Wilder's smoothing, also called RMA or SMMA: an EMA with factor `alpha = 1 / period`, computed
 * as TradingView's `ta.rma` does, `alpha · x + (1 − alpha) · previous`, except that an input equal to
 * the average leaves it exactly as it is (a flat series keeps its value to the last bit). `RSI` and
 * `ATR` smooth the same way with TA-Lib's arithmetic, `(previous · (period − 1) + x) / period`, so
 * that they equal TA-Lib bit for bit; the two forms differ by a few units in the last place, and the
 * multiply-add is about twice as fast as the divide it replaces.
 *
 * Seeded by the SMA of the first `period` values, first value at index `period - 1`; this is
 * also how TradingView's `ta.rma` starts (its reference `pine_rma` seeds with `ta.sma`), so the
 * two agree from the first value. O(1) state.
 *
 * @example
 * ```ts
 * import { RMA } from '@tradeblocks/indicators'
 *
 * const rma = new RMA({ period: 2 })
 * rma.update(1) // undefined
 * rma.update(2) // 1.5
 * rma.update(3) // 2.25
 * ```
 */
export class RMA implements StreamingIndicator<number, number> {
  /** The smoothing length. */
  readonly period: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  // The state lives on the instance, as in EMA (this is EMA's update with the factor 1/period): one
  // object fewer to load on every update than with a kernel object, about a fifth faster.
  private readonly k: number
  private readonly c: number
  private n = 0
  private sum = 0
  private rma = Number.NaN
  private sN = 0
  private sSum = 0
  private sRma = Number.NaN

  constructor(parameters: RmaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = this.period - 1
    this.k = 1 / this.period
    this.c = 1 - this.k
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.n >= this.period ? this.rma : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n >= this.period ? this.rma : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a value; returns the new average or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.sSum = this.sum
    this.sRma = this.rma
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed average. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.sum = this.sSum
    this.rma = this.sRma
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.sum = 0
    this.rma = Number.NaN
  }

  /** One input: the seed mean over the first `period`, then TradingView's `x·(1/p) + prev·(1 − 1/p)`. */
  private step(x: number): number | undefined {
    const n = ++this.n
    const p = this.period
    if (n > p) {
      const e = this.rma
      const v = x === e ? e : e * this.c + x * this.k
      this.rma = v
      return v
    }
    this.sum += x
    if (n < p) return undefined
    const v = this.sum / p
    this.rma = v
    return v
  }
}

/**
 * Wilder's smoothing over a series; the batch form of {@link RMA} (same values bit for bit).
 * `NaN` for the first `period - 1` indices. Throws {@link InvalidInputError} with the index of the
 * first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { rma } from '@tradeblocks/indicators'
 *
 * rma([1, 2, 3, 4], { period: 2 }) // Float64Array [NaN, 1.5, 2.25, 3.125]
 * ```
 */
export function rma(values: ArrayLike<number>, parameters: RmaParameters): RmaReturnType {
  const p = checkPeriod('period', parameters?.period)
  return rmaOf(values, p)
}

/** {@link rma} once its options are read: see "Option objects" in the README. */
function rmaOf(values: ArrayLike<number>, p: number): RmaReturnType {
  return smoothBatch(values, p, 1 / p)
}
