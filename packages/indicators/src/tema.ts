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
  // The three EMAs live on the instance rather than in three EmaKernels: fewer objects to load and
  // one undo record instead of three. The arithmetic is EmaKernel's (which the batch form uses),
  // stage by stage: stage 2 takes stage 1's values from its first one, stage 3 stage 2's.
  private readonly k: number
  private readonly c: number
  private n = 0
  private e1 = Number.NaN
  private e2 = Number.NaN
  private e3 = Number.NaN
  private sum1 = 0
  private sum2 = 0
  private sum3 = 0
  private out = Number.NaN
  private sN = 0
  private sE1 = Number.NaN
  private sE2 = Number.NaN
  private sE3 = Number.NaN
  private sSum1 = 0
  private sSum2 = 0
  private sSum3 = 0

  constructor(parameters: TemaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = 3 * (this.period - 1)
    this.k = 2 / (this.period + 1)
    this.c = 1 - this.k
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
    const n = this.n
    this.sN = n
    this.sE1 = this.e1
    this.sE2 = this.e2
    this.sE3 = this.e3
    if (n <= this.warmup) {
      // the sums change only during the warm-up: afterwards the saved ones stay right
      this.sSum1 = this.sum1
      this.sSum2 = this.sum2
      this.sSum3 = this.sum3
    }
    return this.step(value)
  }

  /** Replaces the last value (a bar still forming) and returns the recomputed TEMA. */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
    if (this.n === 0) return this.update(value)
    this.n = this.sN
    this.e1 = this.sE1
    this.e2 = this.sE2
    this.e3 = this.sE3
    this.sum1 = this.sSum1
    this.sum2 = this.sSum2
    this.sum3 = this.sSum3
    return this.step(value)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.e1 = Number.NaN
    this.e2 = Number.NaN
    this.e3 = Number.NaN
    this.sum1 = 0
    this.sum2 = 0
    this.sum3 = 0
    this.out = Number.NaN
  }

  /**
   * One input through the three stages. Each stage is EmaKernel.step: the seed sum over its first
   * `period` inputs, then `e·(1 − k) + x·k` (unchanged when the input equals e).
   */
  private step(x: number): number | undefined {
    const n = ++this.n
    const p = this.period
    const c = this.c
    const k = this.k
    let e1 = this.e1
    if (n > p) e1 = x === e1 ? e1 : e1 * c + x * k
    else {
      const sum = this.sum1 + x
      this.sum1 = sum
      if (n < p) return undefined
      e1 = sum / p
    }
    this.e1 = e1
    // stage 2 has had n − p + 1 inputs, stage 3 n − 2p + 2
    const n2 = n - p + 1
    let e2 = this.e2
    if (n2 > p) e2 = e1 === e2 ? e2 : e2 * c + e1 * k
    else {
      const sum = this.sum2 + e1
      this.sum2 = sum
      if (n2 < p) return undefined
      e2 = sum / p
    }
    this.e2 = e2
    const n3 = n2 - p + 1
    let e3 = this.e3
    if (n3 > p) e3 = e2 === e3 ? e3 : e3 * c + e2 * k
    else {
      const sum = this.sum3 + e2
      this.sum3 = sum
      if (n3 < p) return undefined
      e3 = sum / p
    }
    this.e3 = e3
    const out = 3 * e1 - 3 * e2 + e3
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
  return temaOf(values, p)
}

/** {@link tema} once its options are read: see "Option objects" in the README. */
function temaOf(values: ArrayLike<number>, p: number): TemaReturnType {
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
