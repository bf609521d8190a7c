import { EmaKernel } from './internal/kernels.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link DEMA} and {@link dema}.
 *
 * @example
 * ```ts
 * import { dema, type DemaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: DemaParameters = { period: 20 }
 * dema([1, 2, 3], parameters)
 * ```
 */
export interface DemaParameters {
  /** The length of both EMAs; a positive integer. */
  period: number
}

/**
 * What {@link dema} returns: one value per input, `NaN` for the first `2 · (period − 1)`.
 *
 * @example
 * ```ts
 * import { dema, type DemaReturnType } from '@tradeblocks/indicators'
 *
 * const out: DemaReturnType = dema([1, 2, 3, 4, 5], { period: 2 })
 * ```
 */
export type DemaReturnType = Float64Array

/**
 * Double exponential moving average (Mulloy): `2 · EMA(x) − EMA(EMA(x))`, as TA-Lib's `DEMA`.
 *
 * Each EMA is seeded by the SMA of its first `period` inputs, so the inner EMA starts at index
 * `period − 1`, the outer one at `2 · (period − 1)`, which is the first valid index. TradingView's
 * `ta.dema`-style scripts build on `ta.ema`, seeded with the first value: they differ early and
 * converge. O(1) state.
 *
 * @example
 * ```ts
 * import { DEMA } from '@tradeblocks/indicators'
 *
 * const dema = new DEMA({ period: 2 })
 * dema.update(1) // undefined
 * dema.update(2) // undefined
 * dema.update(3) // 3: no lag on a straight line
 * ```
 */
export class DEMA implements StreamingIndicator<number, number> {
  /** The EMA length. */
  readonly period: number
  /** Inputs before the first value: `2 · (period − 1)`. */
  readonly warmup: number
  private readonly e1: EmaKernel
  private readonly e2: EmaKernel
  private n = 0
  private out = Number.NaN
  private sN = 0

  constructor(parameters: DemaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = 2 * (this.period - 1)
    this.e1 = new EmaKernel(this.period)
    this.e2 = new EmaKernel(this.period)
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.n > this.warmup
  }

  /** The latest value, or `undefined` during warm-up. */
  get value(): number | undefined {
    return this.n > this.warmup ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n > this.warmup ? this.out : Number.NaN
  }

  /** Number of inputs accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a value; returns the new DEMA or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.e1.save()
    this.e2.save()
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed DEMA. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.e1.restore()
    this.e2.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.out = Number.NaN
    this.e1.reset()
    this.e2.reset()
  }

  private step(x: number): number | undefined {
    this.n++
    const a = this.e1.step(x)
    if (Number.isNaN(a)) return undefined
    const b = this.e2.step(a)
    if (Number.isNaN(b)) return undefined
    // stored, then returned from the field: returning the computed double too made V8 box it on
    // every update, even for a caller that ignores it
    this.out = 2 * a - b
    return this.out
  }
}

/**
 * DEMA over a series; the batch form of {@link DEMA} (same values bit for bit). `NaN` for the
 * first `2 · (period − 1)` indices. Throws {@link InvalidInputError} with the index of the first
 * NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { dema } from '@tradeblocks/indicators'
 *
 * dema([1, 2, 3, 4, 5], { period: 2 }) // Float64Array [NaN, NaN, 3, 4, 5]
 * ```
 */
export function dema(values: ArrayLike<number>, parameters: DemaParameters): DemaReturnType {
  const p = checkPeriod('period', parameters?.period)
  return demaOf(values, p)
}

/** {@link dema} once its options are read: see "Option objects" in the README. */
function demaOf(values: ArrayLike<number>, p: number): DemaReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  const k = 2 / (p + 1)
  const c = 1 - k
  let sum1 = 0
  let sum2 = 0
  let e1 = 0
  let e2 = 0
  const start2 = p - 1
  const start = 2 * (p - 1)
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    if (i >= p) e1 = x === e1 ? e1 : e1 * c + x * k
    else {
      sum1 += x
      if (i < p - 1) {
        out[i] = Number.NaN
        continue
      }
      e1 = sum1 / p
    }
    const j = i - start2
    if (j >= p) e2 = e1 === e2 ? e2 : e2 * c + e1 * k
    else {
      sum2 += e1
      if (i < start) {
        out[i] = Number.NaN
        continue
      }
      e2 = sum2 / p
    }
    out[i] = 2 * e1 - e2
  }
  return out
}
