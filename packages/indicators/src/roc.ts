import { LagState } from './internal/lagged.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link ROC} and {@link roc}.
 *
 * @example
 * ```ts
 * import { roc, type RocParameters } from '@tradeblocks/indicators'
 *
 * const parameters: RocParameters = { period: 10 }
 * roc([1, 2, 3], parameters)
 * ```
 */
export interface RocParameters {
  /** How many inputs back to compare with; a positive integer. Defaults to 10. */
  period?: number
}

/**
 * What {@link roc} returns: one percentage per input, `NaN` for the first `period`.
 *
 * @example
 * ```ts
 * import { roc, type RocReturnType } from '@tradeblocks/indicators'
 *
 * const out: RocReturnType = roc([10, 11, 12.1], { period: 1 }) // [NaN, ≈10, ≈10]
 * ```
 */
export type RocReturnType = Float64Array

/**
 * Rate of change in percent: `(x / x[period back] − 1) · 100`, as TA-Lib's `ROC` and
 * TradingView's `ta.roc`. First value at index `period`. When the old value is 0 the result is 0,
 * as in TA-Lib (TradingView gives na). Holds `period` numbers of state.
 *
 * @example
 * ```ts
 * import { ROC } from '@tradeblocks/indicators'
 *
 * const roc = new ROC({ period: 1 })
 * roc.update(100) // undefined
 * roc.update(105) // ≈ 5 (5.000000000000004 in floating point)
 * ```
 */
export class ROC implements StreamingIndicator<number, number> {
  /** How many inputs back. */
  readonly period: number
  /** Inputs before the first value: `period`. */
  readonly warmup: number
  private readonly lag: LagState
  private out = Number.NaN

  constructor(parameters: RocParameters = {}) {
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

  /** Adds a value; returns the new rate of change or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    this.lag.check(value)
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed rate of change. */
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
    const out = old !== 0 ? (x / old - 1) * 100 : 0
    this.out = out
    return out
  }
}

/**
 * Rate of change over a series; the batch form of {@link ROC} (same values bit for bit). `NaN`
 * for the first `period` indices. Throws {@link InvalidInputError} with the index of the first NaN
 * or ±Infinity.
 *
 * @example
 * ```ts
 * import { roc } from '@tradeblocks/indicators'
 *
 * roc([100, 105, 110.25], { period: 1 }) // Float64Array [NaN, ≈5, ≈5]
 * ```
 */
export function roc(values: ArrayLike<number>, parameters: RocParameters = {}): RocReturnType {
  const p = checkPeriod('period', parameters?.period ?? 10)
  return rocOf(values, p)
}

/** {@link roc} once its options are read: see "Option objects" in the README. */
function rocOf(values: ArrayLike<number>, p: number): RocReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    if (i < p) {
      out[i] = Number.NaN
      continue
    }
    const old = values[i - p] as number
    out[i] = old !== 0 ? (x / old - 1) * 100 : 0
  }
  return out
}
