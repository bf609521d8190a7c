import { smoothBatch } from './internal/kernels.js'
import { badInput, checkPeriod } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link EMA} and {@link ema}.
 *
 * @example
 * ```ts
 * import { ema, type EmaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: EmaParameters = { period: 9 }
 * ema([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], parameters)
 * ```
 */
export interface EmaParameters {
  /** The EMA length; the smoothing factor is `2 / (period + 1)`. A positive integer. */
  period: number
}

/**
 * What {@link ema} returns: one value per input, `NaN` for the first `period - 1`.
 *
 * @example
 * ```ts
 * import { ema, type EmaReturnType } from '@tradeblocks/indicators'
 *
 * const out: EmaReturnType = ema([1, 2, 3, 4], { period: 2 }) // [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export type EmaReturnType = Float64Array

/**
 * Exponential moving average with `k = 2 / (period + 1)`, as TA-Lib's `EMA`.
 *
 * Seeded by the SMA of the first `period` values (TA-Lib's default), so the first value is at
 * index `period - 1`; then `ema = ema · (1 − k) + x · k` (TA-Lib writes `(x − ema) · k + ema`: the
 * same up to 1e-16 rounding, with a shorter dependency chain). TradingView's `ta.ema` seeds with the
 * first value instead (its reference implementation `pine_ema`) and shows a value from the first
 * bar: the two differ early and converge, the gap shrinking by `1 - k` per bar (about 1e-9 of the
 * initial gap after 10 × period bars). O(1) state.
 *
 * @example
 * ```ts
 * import { EMA } from '@tradeblocks/indicators'
 *
 * const ema = new EMA({ period: 3 })
 * ema.update(1) // undefined
 * ema.update(2) // undefined
 * ema.update(3) // 2: SMA seed
 * ema.update(4) // 3: (4 - 2) * 0.5 + 2
 * ```
 */
export class EMA implements StreamingIndicator<number, number> {
  /** The EMA length. */
  readonly period: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  // The state lives on the instance rather than in an EmaKernel (as in DEMA, TEMA and MACD): one
  // object fewer to load on every update, about a tenth faster. Same arithmetic as the kernel.
  private readonly k: number
  private readonly c: number
  private n = 0
  private sum = 0
  private ema = Number.NaN
  private sN = 0
  private sSum = 0
  private sEma = Number.NaN

  constructor(parameters: EmaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = this.period - 1
    this.k = 2 / (this.period + 1)
    this.c = 1 - this.k
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.n >= this.period ? this.ema : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n >= this.period ? this.ema : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a value; returns the new EMA or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.sSum = this.sum
    this.sEma = this.ema
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed EMA. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.sum = this.sSum
    this.ema = this.sEma
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.sum = 0
    this.ema = Number.NaN
  }

  /** One input: the seed sum over the first `period`, then `ema·(1 − k) + x·k` (unchanged if x = ema). */
  private step(x: number): number | undefined {
    const n = ++this.n
    const p = this.period
    if (n > p) {
      const e = this.ema
      const v = x === e ? e : e * this.c + x * this.k
      this.ema = v
      return v
    }
    this.sum += x
    if (n < p) return undefined
    const v = this.sum / p
    this.ema = v
    return v
  }
}

/**
 * Exponential moving average over a series; the batch form of {@link EMA} (same values bit for
 * bit). `NaN` for the first `period - 1` indices. Throws {@link InvalidInputError} with the index
 * of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { ema } from '@tradeblocks/indicators'
 *
 * ema([1, 2, 3, 4, 5], { period: 3 }) // Float64Array [NaN, NaN, 2, 3, 4]
 * ```
 */
export function ema(values: ArrayLike<number>, parameters: EmaParameters): EmaReturnType {
  const p = checkPeriod('period', parameters?.period)
  return emaOf(values, p)
}

/** {@link ema} once its options are read: see "Option objects" in the README. */
function emaOf(values: ArrayLike<number>, p: number): EmaReturnType {
  return smoothBatch(values, p, 2 / (p + 1))
}
