import { InvalidInputError, InvalidParameterError } from './errors.js'
import { checkColumn, checkHighLowClose, checkVolume } from './internal/bars.js'
import { checkNumber, columnsLength } from './internal/validate.js'
import type { HighLowCloseVolume, HighLowCloseVolumeColumns, StreamingIndicator } from './types.js'

/**
 * A bar for {@link VWAP}: high, low, close, volume and, when sessions come from a `sessionKey`,
 * its start time `ts` in epoch ms. A core `Bar` satisfies it.
 *
 * @example
 * ```ts
 * import type { VwapInput } from '@tradeblocks/indicators'
 *
 * const bar: VwapInput = { ts: 1767364200000, high: 10.5, low: 10.1, close: 10.4, volume: 12_500 }
 * ```
 */
export interface VwapInput extends HighLowCloseVolume {
  /** Bar start in epoch ms; required when a `sessionKey` is given. */
  readonly ts?: number
}

/**
 * Columns for {@link vwap}: high, low, close, volume and, with a `sessionKey`, `ts`.
 *
 * @example
 * ```ts
 * import type { VwapColumns } from '@tradeblocks/indicators'
 *
 * const columns: VwapColumns = { ts: [0, 60_000], high: [10, 11], low: [9, 10], close: [9.5, 10.5], volume: [100, 300] }
 * ```
 */
export interface VwapColumns extends HighLowCloseVolumeColumns {
  /** Bar start times in epoch ms; required when a `sessionKey` is given. */
  readonly ts?: ArrayLike<number>
}

/**
 * Options of {@link VWAP} and {@link vwap}.
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 * import type { VwapParameters } from '@tradeblocks/indicators'
 *
 * // Reset at the first bar of every New York trading date (extended hours included):
 * const daily: VwapParameters = { sessionKey: (ts) => nyse.sessionAt(ts).date, multiplier: 2 }
 * // Reset at each session (premarket, regular and after-hours apart):
 * const perSession: VwapParameters = { sessionKey: (ts) => nyse.sessionAt(ts).start }
 * ```
 */
export interface VwapParameters {
  /**
   * Maps a bar's `ts` to its session; a bar whose key differs (`!==`) from the previous bar's
   * starts a new session. Without it, the VWAP runs until you call `startSession()` (streaming)
   * or over the whole series (batch).
   */
  sessionKey?: (ts: number) => string | number
  /** Standard deviations between the VWAP and each band; finite and > 0. Defaults to 1. */
  multiplier?: number
}

/**
 * One reading of {@link VWAP}. The streaming class reuses this object: copy it to keep it.
 *
 * @example
 * ```ts
 * import type { VwapValue } from '@tradeblocks/indicators'
 *
 * const extended = (close: number, v: VwapValue) => close > v.upper
 * ```
 */
export interface VwapValue {
  /** Volume-weighted average of the typical price since the session start. */
  vwap: number
  /** Volume-weighted standard deviation of the typical price around the VWAP. */
  stdDev: number
  /** `vwap + multiplier · stdDev`. */
  upper: number
  /** `vwap − multiplier · stdDev`. */
  lower: number
}

/**
 * What {@link vwap} returns: one column per field of {@link VwapValue}; no warm-up.
 *
 * @example
 * ```ts
 * import { vwap, type VwapReturnType } from '@tradeblocks/indicators'
 *
 * const out: VwapReturnType = vwap({ high: [10, 11], low: [9, 10], close: [9.5, 10.5], volume: [100, 300] })
 * ```
 */
export interface VwapReturnType {
  /** VWAP per bar. */
  vwap: Float64Array
  /** Standard deviation per bar. */
  stdDev: Float64Array
  /** Upper band per bar. */
  upper: Float64Array
  /** Lower band per bar. */
  lower: Float64Array
}

/**
 * Session-anchored VWAP of the typical price `(high + low + close) / 3` (TradingView's default
 * source, `hlc3`), with volume-weighted standard-deviation bands as in TradingView's "VWAP"
 * (`sqrt(Σv·tp² / Σv − vwap²)`).
 *
 * Sessions: pass a `sessionKey` (bars then need `ts`) or call `startSession()` before the first
 * bar of each session. This package has no calendar; wire it to core's:
 * `sessionKey: (ts) => nyse.sessionAt(ts).date` resets at the first bar of each New York trading
 * date, `(ts) => nyse.sessionAt(ts).start` at each of premarket, regular and after-hours.
 * The sums are kept relative to the session's first typical price, so the bands keep their digits.
 * Until any volume trades in a session the VWAP is the latest typical price and the bands have
 * zero width. Each bar has a value (warm-up 0); O(1) state.
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 * import { VWAP } from '@tradeblocks/indicators'
 *
 * const vwap = new VWAP({ sessionKey: (ts) => nyse.sessionAt(ts).date, multiplier: 2 })
 * const v = vwap.update({ ts: Date.UTC(2026, 0, 5, 14, 30), high: 10.5, low: 10.1, close: 10.4, volume: 12_500 })
 * v.vwap // 10.333…
 * ```
 */
export class VWAP implements StreamingIndicator<VwapInput, VwapValue> {
  /** Inputs before the first value: 0. */
  readonly warmup = 0
  /** Standard deviations per band. */
  readonly multiplier: number
  private readonly kernel: VwapKernel
  private readonly result: VwapValue = {
    vwap: Number.NaN,
    stdDev: Number.NaN,
    upper: Number.NaN,
    lower: Number.NaN,
  }

  constructor(parameters: VwapParameters = {}) {
    this.multiplier = checkNumber('multiplier', parameters?.multiplier ?? 1, true)
    this.kernel = new VwapKernel(checkSessionKey(parameters?.sessionKey))
  }

  /** True once a bar was seen. */
  get isReady(): boolean {
    return this.kernel.n > 0
  }

  /** The latest value (the reused result object), or `undefined` before the first bar. */
  get value(): VwapValue | undefined {
    return this.kernel.n > 0 ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /**
   * Makes the next `update` start a new session (for callers that track sessions themselves).
   * A `replace` of the session's first bar keeps it the first bar.
   */
  startSession(): void {
    this.kernel.pendingReset = true
  }

  /** Adds a bar and returns the VWAP and bands. Throws {@link InvalidInputError} on a bad price, volume or `ts` and keeps the state. */
  update(bar: VwapInput): VwapValue {
    const key = this.kernel.check(bar)
    this.kernel.save()
    return this.step(bar, key)
  }

  /** Replaces the last bar (still forming) and returns the recomputed VWAP and bands. */
  replace(bar: VwapInput): VwapValue {
    const key = this.kernel.check(bar)
    if (this.kernel.n === 0) return this.update(bar)
    // a startSession() called after the last update belongs to the next update, not to this bar
    const pending = this.kernel.pendingReset
    this.kernel.restore()
    const out = this.step(bar, key)
    this.kernel.pendingReset = pending
    return out
  }

  /** Forgets every input. */
  reset(): void {
    this.kernel.reset()
  }

  private step(bar: VwapInput, key: string | number | undefined): VwapValue {
    const k = this.kernel
    k.step(bar.high, bar.low, bar.close, bar.volume, key)
    const r = this.result
    const width = this.multiplier * k.stdDev
    r.vwap = k.vwap
    r.stdDev = k.stdDev
    r.upper = k.vwap + width
    r.lower = k.vwap - width
    return r
  }
}

function checkSessionKey(fn: unknown): ((ts: number) => string | number) | undefined {
  if (fn !== undefined && typeof fn !== 'function') {
    throw new InvalidParameterError('sessionKey', fn, 'a function (ts) => key')
  }
  return fn as ((ts: number) => string | number) | undefined
}

class VwapKernel {
  readonly sessionKey: ((ts: number) => string | number) | undefined
  n = 0
  pendingReset = false
  vwap = Number.NaN
  stdDev = Number.NaN
  private key: string | number | undefined = undefined
  private anchor = 0
  private cumV = 0
  private cumDV = 0
  private cumD2V = 0
  private sN = 0
  private sPending = false
  private sKey: string | number | undefined = undefined
  private sAnchor = 0
  private sCumV = 0
  private sCumDV = 0
  private sCumD2V = 0

  constructor(sessionKey: ((ts: number) => string | number) | undefined) {
    this.sessionKey = sessionKey
  }

  /** Validates a bar and returns its session key (undefined without `sessionKey`). */
  check(bar: VwapInput): string | number | undefined {
    checkHighLowClose(bar, this.n)
    checkVolume(bar.volume, this.n)
    if (this.sessionKey === undefined) return undefined
    const ts = bar.ts
    if (typeof ts !== 'number' || ts - ts !== 0)
      throw new InvalidInputError('ts', this.n, ts, 'a finite epoch-ms time')
    return this.sessionKey(ts)
  }

  step(high: number, low: number, close: number, volume: number, key: string | number | undefined): void {
    const tp = (high + low + close) / 3
    if (this.n++ === 0 || this.pendingReset || key !== this.key) {
      this.pendingReset = false
      this.key = key
      this.anchor = tp
      this.cumV = 0
      this.cumDV = 0
      this.cumD2V = 0
    }
    const d = tp - this.anchor
    const vd = volume * d
    this.cumV += volume
    this.cumDV += vd
    this.cumD2V += vd * d
    const cumV = this.cumV
    if (cumV > 0) {
      const m = this.cumDV / cumV
      const variance = this.cumD2V / cumV - m * m
      this.vwap = this.anchor + m
      this.stdDev = variance > 0 ? Math.sqrt(variance) : 0
    } else {
      this.vwap = tp
      this.stdDev = 0
    }
  }

  save(): void {
    this.sN = this.n
    this.sPending = this.pendingReset
    this.sKey = this.key
    this.sAnchor = this.anchor
    this.sCumV = this.cumV
    this.sCumDV = this.cumDV
    this.sCumD2V = this.cumD2V
  }

  restore(): void {
    this.n = this.sN
    this.pendingReset = this.sPending
    this.key = this.sKey
    this.anchor = this.sAnchor
    this.cumV = this.sCumV
    this.cumDV = this.sCumDV
    this.cumD2V = this.sCumD2V
  }

  reset(): void {
    this.n = 0
    this.pendingReset = false
    this.key = undefined
    this.anchor = 0
    this.cumV = 0
    this.cumDV = 0
    this.cumD2V = 0
    this.vwap = Number.NaN
    this.stdDev = Number.NaN
  }
}

/**
 * Session-anchored VWAP over columns; the batch form of {@link VWAP} (same values bit for bit).
 * With a `sessionKey`, the `ts` column is required. Throws {@link InvalidInputError} with the index
 * and column of the first bad value.
 *
 * @example
 * ```ts
 * import { vwap } from '@tradeblocks/indicators'
 *
 * const day = 86_400_000
 * const out = vwap(
 *   { ts: [0, 60_000, day], high: [10, 11, 20], low: [10, 11, 20], close: [10, 11, 20], volume: [100, 300, 50] },
 *   { sessionKey: (ts) => Math.floor(ts / day) },
 * )
 * out.vwap // [10, 10.75, 20]: the third bar starts a new day
 * ```
 */
export function vwap(columns: VwapColumns, parameters: VwapParameters = {}): VwapReturnType {
  const multiplier = checkNumber('multiplier', parameters?.multiplier ?? 1, true)
  const sessionKey = checkSessionKey(parameters?.sessionKey)
  const names =
    sessionKey === undefined ? ['high', 'low', 'close', 'volume'] : ['ts', 'high', 'low', 'close', 'volume']
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, names)
  const { high, low, close, volume } = columns
  const ts = columns.ts
  const vwapOut = new Float64Array(n)
  const sdOut = new Float64Array(n)
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  // built before the loops, not returned as a literal after them: see "Result objects" in the README
  const result: VwapReturnType = { vwap: vwapOut, stdDev: sdOut, upper, lower }
  const k = new VwapKernel(sessionKey)
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    const v = volume[i] as number
    checkColumn('high', h, i)
    checkColumn('low', l, i)
    checkColumn('close', c, i)
    checkVolume(v, i)
    let key: string | number | undefined
    if (sessionKey !== undefined) {
      const t = (ts as ArrayLike<number>)[i] as number
      if (typeof t !== 'number' || t - t !== 0)
        throw new InvalidInputError('ts', i, t, 'a finite epoch-ms time')
      key = sessionKey(t)
    }
    k.step(h, l, c, v, key)
    const width = multiplier * k.stdDev
    vwapOut[i] = k.vwap
    sdOut[i] = k.stdDev
    upper[i] = k.vwap + width
    lower[i] = k.vwap - width
  }
  return result
}
