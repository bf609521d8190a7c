import { checkCloseVolume, checkColumn, checkVolume } from './internal/bars.js'
import { columnsLength } from './internal/validate.js'
import type { CloseVolume, CloseVolumeColumns, StreamingIndicator } from './types.js'

/**
 * What {@link obv} returns: one running total per bar, with no warm-up.
 *
 * @example
 * ```ts
 * import { obv, type ObvReturnType } from '@tradeblocks/indicators'
 *
 * const out: ObvReturnType = obv({ close: [10, 11, 10.5], volume: [100, 200, 50] }) // [100, 300, 250]
 * ```
 */
export type ObvReturnType = Float64Array

/**
 * On-balance volume (Granville): the running total of volume, added on an up close and
 * subtracted on a down close (unchanged on an equal close). As TA-Lib's `OBV`, the total starts at
 * the first bar's volume; TradingView's `ta.obv` starts at 0, so its line is the same shifted by
 * the first volume. Volumes must be finite and ≥ 0. O(1) state.
 *
 * @example
 * ```ts
 * import { OBV } from '@tradeblocks/indicators'
 *
 * const obv = new OBV()
 * obv.update({ close: 10, volume: 100 }) // 100
 * obv.update({ close: 11, volume: 200 }) // 300
 * obv.update({ close: 10.5, volume: 50 }) // 250
 * ```
 */
export class OBV implements StreamingIndicator<CloseVolume, number> {
  /** Inputs before the first value: 0. */
  readonly warmup = 0
  private n = 0
  private prevClose = 0
  private total = 0
  private sN = 0
  private sPrevClose = 0
  private sTotal = 0

  /** True once a bar was seen. */
  get isReady(): boolean {
    return this.n > 0
  }

  /** The running total, or `undefined` before the first bar. */
  get value(): number | undefined {
    return this.n > 0 ? this.total : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return this.n > 0 ? this.total : Number.NaN
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.n
  }

  /** Adds a bar and returns the new total. Throws {@link InvalidInputError} on a bad close or volume and keeps the state. */
  update(bar: CloseVolume): number {
    checkCloseVolume(bar, this.n)
    this.sN = this.n
    this.sPrevClose = this.prevClose
    this.sTotal = this.total
    return this.step(bar.close, bar.volume)
  }

  /** Replaces the last bar (still forming) and returns the recomputed total. */
  replace(bar: CloseVolume): number {
    checkCloseVolume(bar, this.n)
    if (this.n === 0) return this.update(bar)
    this.n = this.sN
    this.prevClose = this.sPrevClose
    this.total = this.sTotal
    return this.step(bar.close, bar.volume)
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.prevClose = 0
    this.total = 0
  }

  private step(close: number, volume: number): number {
    if (this.n++ === 0) this.total = volume
    else this.total += signed(close, this.prevClose, volume)
    this.prevClose = close
    return this.total
  }
}

/**
 * On-balance volume over close/volume columns; the batch form of {@link OBV} (same values bit for
 * bit). Throws {@link InvalidInputError} with the index and column of the first bad value.
 *
 * @example
 * ```ts
 * import { obv } from '@tradeblocks/indicators'
 *
 * obv({ close: [10, 11, 11, 10.5], volume: [100, 200, 80, 50] }) // [100, 300, 300, 250]
 * ```
 */
export function obv(columns: CloseVolumeColumns): ObvReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['close', 'volume'])
  const { close, volume } = columns
  const out = new Float64Array(n)
  if (n === 0) return out
  let prev = close[0] as number
  let total = volume[0] as number
  checkColumn('close', prev, 0)
  checkVolume(total, 0)
  out[0] = total
  for (let i = 1; i < n; i++) {
    const c = close[i] as number
    const v = volume[i] as number
    checkColumn('close', c, i)
    checkVolume(v, i)
    total += signed(c, prev, v)
    prev = c
    out[i] = total
  }
  return out
}

/**
 * `volume` with the sign of the close's move: +volume up, −volume down, ±0 unchanged. Computed from
 * 0/1 factors rather than branches, since up and down bars alternate at random and a branch would be
 * mispredicted about half the time; adding ±0 leaves the total as it is, so the totals are the ones
 * the branches give.
 */
function signed(close: number, prevClose: number, volume: number): number {
  return (+(close > prevClose) - +(close < prevClose)) * volume
}
