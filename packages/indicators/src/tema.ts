import { EmaKernel } from './internal/kernels.js'
import { badInput, checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link TEMA} and {@link tema}.
 *
 * @example
 * ```ts
 * import { tema, type TemaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: TemaParameters = { period: 20 }
 * tema([1, 2, 3], parameters)
 * ```
 */
export interface TemaParameters {
  /** The length of the three EMAs; a positive integer. */
  period: number
}

/**
 * What {@link tema} returns: one value per input, `NaN` for the first `3 · (period − 1)`.
 *
 * @example
 * ```ts
 * import { tema, type TemaReturnType } from '@tradeblocks/indicators'
 *
 * const out: TemaReturnType = tema([1, 2, 3, 4, 5], { period: 2 })
 * ```
 */
export type TemaReturnType = Float64Array

/**
 * Triple exponential moving average (Mulloy): `3·e1 − 3·e2 + e3` with `e1 = EMA(x)`,
 * `e2 = EMA(e1)`, `e3 = EMA(e2)`, as TA-Lib's `TEMA`.
 *
 * Each EMA is seeded by the SMA of its first `period` inputs, so the first value is at index
 * `3 · (period − 1)`. TradingView's scripts build it on `ta.ema` (seeded with the first value):
 * they differ early and converge. O(1) state.
 *
 * @example
 * ```ts
 * import { TEMA } from '@tradeblocks/indicators'
 *
 * const tema = new TEMA({ period: 2 })
 * for (const x of [1, 2, 3]) tema.update(x) // undefined while warming up
 * tema.update(4) // 4: no lag on a straight line
 * ```
 */
export class TEMA implements StreamingIndicator<number, number> {
  /** The EMA length. */
  readonly period: number
  /** Inputs before the first value: `3 · (period − 1)`. */
  readonly warmup: number
  private readonly e1: EmaKernel
  private readonly e2: EmaKernel
  private readonly e3: EmaKernel
  private n = 0
  private out = Number.NaN
  private sN = 0

  constructor(parameters: TemaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = 3 * (this.period - 1)
    this.e1 = new EmaKernel(this.period)
    this.e2 = new EmaKernel(this.period)
    this.e3 = new EmaKernel(this.period)
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

  /** Adds a value; returns the new TEMA or `undefined` during warm-up. Throws {@link InvalidInputError} on NaN or ±Infinity and keeps the state. */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    this.sN = this.n
    this.e1.save()
    this.e2.save()
    this.e3.save()
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed TEMA. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.e1.restore()
    this.e2.restore()
    this.e3.restore()
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.out = Number.NaN
    this.e1.reset()
    this.e2.reset()
    this.e3.reset()
  }

  private step(x: number): number | undefined {
    this.n++
    const a = this.e1.step(x)
    if (Number.isNaN(a)) return undefined
    const b = this.e2.step(a)
    if (Number.isNaN(b)) return undefined
    const c = this.e3.step(b)
    if (Number.isNaN(c)) return undefined
    const out = 3 * a - 3 * b + c
    this.out = out
    return out
  }
}

/**
 * TEMA over a series; the batch form of {@link TEMA} (same values bit for bit). `NaN` for the
 * first `3 · (period − 1)` indices. Throws {@link InvalidInputError} with the index of the first
 * NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { tema } from '@tradeblocks/indicators'
 *
 * tema([1, 2, 3, 4, 5], { period: 2 }) // Float64Array [NaN, NaN, NaN, 4, 5]
 * ```
 */
export function tema(values: ArrayLike<number>, parameters: TemaParameters): TemaReturnType {
  const p = checkPeriod('period', parameters?.period)
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  const e1 = new EmaKernel(p)
  const e2 = new EmaKernel(p)
  const e3 = new EmaKernel(p)
  for (let i = 0; i < n; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    const a = e1.step(x)
    if (Number.isNaN(a)) {
      out[i] = Number.NaN
      continue
    }
    const b = e2.step(a)
    if (Number.isNaN(b)) {
      out[i] = Number.NaN
      continue
    }
    const c = e3.step(b)
    out[i] = Number.isNaN(c) ? Number.NaN : 3 * a - 3 * b + c
  }
  return out
}
