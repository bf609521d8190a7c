import { LagState } from './internal/lagged.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link Momentum} and {@link momentum}.
 *
 * @example
 * ```ts
 * import { momentum, type MomentumParameters } from '@tradeblocks/indicators'
 *
 * const parameters: MomentumParameters = { period: 10 }
 * momentum([1, 2, 3], parameters)
 * ```
 */
export interface MomentumParameters {
  /** How many inputs back to compare with; a positive integer. Defaults to 10. */
  period?: number
}

/**
 * What {@link momentum} returns: one difference per input, `NaN` for the first `period`.
 *
 * @example
 * ```ts
 * import { momentum, type MomentumReturnType } from '@tradeblocks/indicators'
 *
 * const out: MomentumReturnType = momentum([10, 11, 13], { period: 1 }) // [NaN, 1, 2]
 * ```
 */
export type MomentumReturnType = Float64Array

/**
 * Momentum: `x − x[period back]`, as TA-Lib's `MOM` and TradingView's `ta.mom`. First value at
 * index `period`. Holds `period` numbers of state.
 *
 * @example
 * ```ts
 * import { Momentum } from '@tradeblocks/indicators'
 *
 * const mom = new Momentum({ period: 2 })
 * mom.update(10)
 * mom.update(11)
 * mom.update(13) // 3
 * ```
 */
export class Momentum implements StreamingIndicator<number, number> {
  /** How many inputs back. */
  readonly period: number
  /** Inputs before the first value: `period`. */
  readonly warmup: number
  private readonly lag: LagState
  private out = Number.NaN

  constructor(parameters: MomentumParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 10)
    this.warmup = this.period
    this.lag = new LagState(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.lag.n > this.period
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.lag.n > this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.lag.n > this.period ? this.out : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.lag.n
  }

  /** Adds a value; returns the new momentum or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    this.lag.check(value)
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed momentum. */
  replace(value: number): number | undefined {
    this.lag.check(value)
    if (this.lag.n === 0) return this.update(value)
    this.lag.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.lag.reset()
    this.out = Number.NaN
  }

  private step(x: number): number | undefined {
    const old = this.lag.push(x)
    if (Number.isNaN(old)) return undefined
    const out = x - old
    this.out = out
    return out
  }
}

/**
 * Momentum over a series; the batch form of {@link Momentum} (same values bit for bit). `NaN` for
 * the first `period` indices. Throws {@link InvalidInputError} with the index of the first NaN or
 * ±Infinity.
 *
 * @example
 * ```ts
 * import { momentum } from '@tradeblocks/indicators'
 *
 * momentum([10, 11, 13, 12], { period: 2 }) // Float64Array [NaN, NaN, 3, 1]
 * ```
 */
export function momentum(values: ArrayLike<number>, parameters: MomentumParameters = {}): MomentumReturnType {
  const p = checkPeriod('period', parameters?.period ?? 10)
  return momentumOf(values, p)
}

/** {@link momentum} once its options are read: see "Option objects" in the README. */
function momentumOf(values: ArrayLike<number>, p: number): MomentumReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    out[i] = i < p ? Number.NaN : x - (values[i - p] as number)
  }
  return out
}
