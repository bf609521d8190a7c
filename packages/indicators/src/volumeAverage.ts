import { checkVolume } from './internal/bars.js'
import { recomputeInterval } from './internal/constants.js'
import { SmaKernel } from './internal/kernels.js'
import { checkPeriod, checkValues } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

/**
 * Options of {@link VolumeAverage} and {@link volumeAverage}.
 *
 * @example
 * ```ts
 * import { volumeAverage, type VolumeAverageParameters } from '@tradeblocks/indicators'
 *
 * const parameters: VolumeAverageParameters = { period: 50 }
 * volumeAverage([1000, 1200], parameters)
 * ```
 */
export interface VolumeAverageParameters {
  /** Number of bars averaged; a positive integer. Defaults to 20. */
  period?: number
}

/**
 * What {@link volumeAverage} returns: one value per bar, `NaN` for the first `period − 1`.
 *
 * @example
 * ```ts
 * import { volumeAverage, type VolumeAverageReturnType } from '@tradeblocks/indicators'
 *
 * const out: VolumeAverageReturnType = volumeAverage([100, 300, 200], { period: 2 }) // [NaN, 200, 250]
 * ```
 */
export type VolumeAverageReturnType = Float64Array

/**
 * Rolling average volume: the SMA of the last `period` bar volumes (see {@link SMA} for the
 * arithmetic), the denominator of the simple "relative volume = volume / average volume". Takes
 * bars (`{ volume }`, a core `Bar` works) and rejects negative volumes. First value at index
 * `period − 1`; O(period) state.
 *
 * @example
 * ```ts
 * import { VolumeAverage } from '@tradeblocks/indicators'
 *
 * const avg = new VolumeAverage({ period: 2 })
 * avg.update({ volume: 100 }) // undefined
 * avg.update({ volume: 300 }) // 200
 * ```
 */
export class VolumeAverage implements StreamingIndicator<{ readonly volume: number }, number> {
  /** Number of bars averaged. */
  readonly period: number
  /** Inputs before the first value: `period − 1`. */
  readonly warmup: number
  private readonly kernel: SmaKernel
  private out = Number.NaN

  constructor(parameters: VolumeAverageParameters = {}) {
    this.period = checkPeriod('period', parameters?.period ?? 20)
    this.warmup = this.period - 1
    this.kernel = new SmaKernel(this.period, recomputeInterval(this.period))
  }

  /** True once the first value is available. */
  get isReady(): boolean {
    return this.kernel.n >= this.period
  }

  /** The latest value, or `undefined` during warm-up. */
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

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a bar; returns the average volume or `undefined` during warm-up. Throws {@link InvalidInputError} on a negative, NaN or infinite volume and keeps the state. */
  update(bar: { readonly volume: number }): number | undefined {
    checkVolume(bar?.volume, this.kernel.n)
    this.kernel.save()
    const out = this.kernel.step(bar.volume)
    this.out = out
    return !Number.isNaN(out) ? out : undefined
  }

  /** Replaces the last bar (still forming) and returns the recomputed average. */
  replace(bar: { readonly volume: number }): number | undefined {
    checkVolume(bar?.volume, this.kernel.n)
    if (this.kernel.n === 0) return this.update(bar)
    this.kernel.restore()
    const out = this.kernel.step(bar.volume)
    this.out = out
    return !Number.isNaN(out) ? out : undefined
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
    this.out = Number.NaN
  }
}

/**
 * Rolling average of a volume column; the batch form of {@link VolumeAverage} (same values bit
 * for bit). `NaN` for the first `period − 1` indices. Throws {@link InvalidInputError} with the
 * index of the first negative, NaN or infinite volume.
 *
 * @example
 * ```ts
 * import { volumeAverage } from '@tradeblocks/indicators'
 *
 * volumeAverage([100, 300, 200, 0], { period: 2 }) // [NaN, 200, 250, 100]
 * ```
 */
export function volumeAverage(
  volumes: ArrayLike<number>,
  parameters: VolumeAverageParameters = {},
): VolumeAverageReturnType {
  const p = checkPeriod('period', parameters?.period ?? 20)
  return volumeAverageOf(volumes, p)
}

/** {@link volumeAverage} once its options are read: see "Option objects" in the README. */
function volumeAverageOf(volumes: ArrayLike<number>, p: number): VolumeAverageReturnType {
  checkValues(volumes)
  const n = volumes.length
  const out = new Float64Array(n)
  const kernel = new SmaKernel(p, recomputeInterval(p))
  for (let i = 0; i < n; i++) {
    const v = volumes[i] as number
    checkVolume(v, i)
    out[i] = kernel.step(v)
  }
  return out
}
