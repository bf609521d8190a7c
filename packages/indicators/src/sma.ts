import { recomputeInterval } from './internal/constants.js'
import { SmaKernel } from './internal/kernels.js'
import { badInput, checkPeriod, checkValues, firstNonFinite } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link SMA} and {@link sma}.
 *
 * @example
 * ```ts
 * import { sma, type SmaParameters } from '@tradeblocks/indicators'
 *
 * const parameters: SmaParameters = { period: 20 }
 * sma([1, 2, 3], parameters)
 * ```
 */
export interface SmaParameters {
  /** Number of values averaged; a positive integer. */
  period: number
}

/**
 * What {@link sma} returns: one value per input, `NaN` for the first `period - 1`.
 *
 * @example
 * ```ts
 * import { sma, type SmaReturnType } from '@tradeblocks/indicators'
 *
 * const out: SmaReturnType = sma([1, 2, 3, 4], { period: 2 }) // [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export type SmaReturnType = Float64Array

/**
 * Simple moving average: the mean of the last `period` values, as TA-Lib's `SMA` and
 * TradingView's `ta.sma`.
 *
 * First value at index `period - 1`. A rolling sum keeps each update O(1); it is recomputed from
 * the window every `max(period, 1024)` inputs so rounding residue cannot build up, and a window
 * whose values are all equal returns that value exactly. Holds `period` numbers of state.
 *
 * @example
 * ```ts
 * import { SMA } from '@tradeblocks/indicators'
 *
 * const sma = new SMA({ period: 3 })
 * sma.update(1) // undefined
 * sma.update(2) // undefined
 * sma.update(3) // 2
 * sma.update(4) // 3
 * sma.replace(7) // 4: the last value was revised from 4 to 7
 * ```
 */
export class SMA implements StreamingIndicator<number, number> {
  /** The window length. */
  readonly period: number
  /** Inputs before the first value: `period - 1`. */
  readonly warmup: number
  private readonly kernel: SmaKernel
  private out = Number.NaN

  constructor(parameters: SmaParameters) {
    this.period = checkPeriod('period', parameters?.period)
    this.warmup = this.period - 1
    this.kernel = new SmaKernel(this.period, recomputeInterval(this.period))
  }

  /**
   * True once `period` values have been seen.
   *
   * @example
   * ```ts
   * new SMA({ period: 2 }).isReady // false
   * ```
   */
  get isReady(): boolean {
    return this.kernel.n >= this.period
  }

  /**
   * The latest average, or `undefined` during warm-up.
   *
   * @example
   * ```ts
   * const sma = new SMA({ period: 1 })
   * sma.update(5)
   * sma.value // 5
   * ```
   */
  get value(): number | undefined {
    return this.kernel.n >= this.period ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.kernel.n >= this.period ? this.out : Number.NaN
  }

  /**
   * Number of values accepted so far.
   *
   * @example
   * ```ts
   * new SMA({ period: 2 }).count // 0
   * ```
   */
  get count(): number {
    return this.kernel.n
  }

  /**
   * Adds a value; returns the new average or `undefined` during warm-up.
   * Throws {@link InvalidInputError} for NaN or ±Infinity and keeps the state.
   *
   * @example
   * ```ts
   * new SMA({ period: 1 }).update(3) // 3
   * ```
   */
  update(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    this.kernel.save()
    const out = this.kernel.step(value)
    this.out = out
    return !Number.isNaN(out) ? out : undefined
  }

  /**
   * Replaces the last value (a bar still forming) and returns the recomputed average.
   *
   * @example
   * ```ts
   * const sma = new SMA({ period: 2 })
   * sma.update(1)
   * sma.update(2) // 1.5
   * sma.replace(3) // 2
   * ```
   */
  replace(value: number): number | undefined {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.kernel.n, value)
    if (this.kernel.n === 0) return this.update(value)
    this.kernel.restore()
    const out = this.kernel.step(value)
    this.out = out
    return !Number.isNaN(out) ? out : undefined
  }

  /**
   * Forgets every value.
   *
   * @example
   * ```ts
   * const sma = new SMA({ period: 2 })
   * sma.update(1)
   * sma.reset()
   * sma.count // 0
   * ```
   */
  reset(): void {
    this.kernel.reset()
    this.out = Number.NaN
  }
}

/**
 * Simple moving average over a series; the batch form of {@link SMA} (same arithmetic, same
 * values bit for bit). `NaN` for the first `period - 1` indices.
 * Throws {@link InvalidInputError} with the index of the first NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { sma } from '@tradeblocks/indicators'
 *
 * sma([1, 2, 3, 4, 5], { period: 3 }) // Float64Array [NaN, NaN, 2, 3, 4]
 * ```
 */
export function sma(values: ArrayLike<number>, parameters: SmaParameters): SmaReturnType {
  const p = checkPeriod('period', parameters?.period)
  return smaOf(values, p)
}

/** {@link sma} once its options are read: see "Option objects" in the README. */
function smaOf(values: ArrayLike<number>, p: number): SmaReturnType {
  checkValues(values)
  const n = values.length
  const out = new Float64Array(n)
  let sum = 0
  let run = 0
  let last = Number.NaN
  const warm = Math.min(n, p)
  for (let i = 0; i < warm; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) throw badInput('value', i, x)
    sum += x
    run = x === last ? run + 1 : 1
    last = x
    out[i] = Number.NaN
  }
  if (n < p) return out
  out[p - 1] = run >= p ? last : sum / p
  const interval = recomputeInterval(p)
  let finite = 0 // stays 0 while every value is finite (see firstNonFinite)
  let i = p
  while (i < n) {
    const stop = Math.min(i + interval - 1, n)
    for (; i < stop; i++) {
      const x = values[i] as number
      if (typeof x !== 'number') throw firstNonFinite(values, p)
      finite += x - x
      sum += x - (values[i - p] as number)
      run = x === last ? run + 1 : 1
      last = x
      out[i] = run >= p ? x : sum / p
    }
    // tested after each block, not once after the loop: see CHECK_BLOCK
    if (finite !== 0) throw firstNonFinite(values, p)
    if (i < n) {
      const x = values[i] as number
      // the block's values are finite (just tested): this one is tested at once
      if (typeof x !== 'number' || x - x !== 0) throw firstNonFinite(values, p)
      let s = 0
      for (let j = i - p + 1; j <= i; j++) s += values[j] as number
      sum = s
      run = x === last ? run + 1 : 1
      last = x
      out[i] = run >= p ? x : sum / p
      i++
    }
  }
  return out
}
