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
  /**
   * Whether to compute the standard deviation and the bands; defaults to `true`. With `false`,
   * `stdDev`, `upper` and `lower` are `NaN` and each update skips the variance, its square root and
   * its undo level: the plain VWAP, about a sixth faster per streaming update.
   */
  bands?: boolean
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
  /** Volume-weighted standard deviation of the typical price around the VWAP; `NaN` with `bands: false`. */
  stdDev: number
  /** `vwap + multiplier · stdDev`; `NaN` with `bands: false`. */
  upper: number
  /** `vwap − multiplier · stdDev`; `NaN` with `bands: false`. */
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
  /** Whether the standard deviation and the bands are computed (`bands` option). */
  readonly bands: boolean
  private readonly sessionKey: ((ts: number) => string | number) | undefined
  private readonly result: VwapValue = {
    vwap: Number.NaN,
    stdDev: Number.NaN,
    upper: Number.NaN,
    lower: Number.NaN,
  }
  // The state sits on the instance (no kernel object) and its arithmetic is written out here and in
  // vwap(): one level of indirection less per update; the contract tests hold the two equal.
  private n = 0
  /** 1 after startSession() until the next update: a number, as storing it costs less than a boolean. */
  private pendingReset = 0
  private key: string | number | undefined = undefined
  /** The session's first typical price: the sums are kept relative to it. */
  private anchor = 0
  private cumV = 0
  private cumDV = 0
  private cumD2V = 0
  // the undo level of replace(): the state before the last update
  private sPending = 0
  private sKey: string | number | undefined = undefined
  private sAnchor = 0
  private sCumV = 0
  private sCumDV = 0
  private sCumD2V = 0

  constructor(parameters: VwapParameters = {}) {
    this.multiplier = checkNumber('multiplier', parameters?.multiplier ?? 1, true)
    this.bands = checkBands(parameters?.bands)
    this.sessionKey = checkSessionKey(parameters?.sessionKey)
  }

  /** True once a bar was seen. */
  get isReady(): boolean {
    return this.n > 0
  }

  /** The latest value (the reused result object), or `undefined` before the first bar. */
  get value(): VwapValue | undefined {
    return this.n > 0 ? this.result : undefined
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.n
  }

  /**
   * Makes the next `update` start a new session (for callers that track sessions themselves).
   * A `replace` of the session's first bar keeps it the first bar.
   */
  startSession(): void {
    this.pendingReset = 1
  }

  /** Adds a bar and returns the VWAP and bands. Throws {@link InvalidInputError} on a bad price, volume or `ts` and keeps the state. */
  update(bar: VwapInput): VwapValue {
    const key = this.check(bar)
    this.sPending = this.pendingReset
    // without sessionKey the key stays undefined: no need to store it (a tagged store costs ~1 ns)
    if (this.sessionKey !== undefined) this.sKey = this.key
    this.sAnchor = this.anchor
    this.sCumV = this.cumV
    this.sCumDV = this.cumDV
    this.sCumD2V = this.cumD2V
    return this.step(bar.high, bar.low, bar.close, bar.volume, key)
  }

  /** Replaces the last bar (still forming) and returns the recomputed VWAP and bands. */
  replace(bar: VwapInput): VwapValue {
    const key = this.check(bar)
    if (this.n === 0) return this.update(bar)
    // a startSession() called after the last update belongs to the next update, not to this bar
    const pending = this.pendingReset
    this.n--
    this.pendingReset = this.sPending
    this.key = this.sKey
    this.anchor = this.sAnchor
    this.cumV = this.sCumV
    this.cumDV = this.sCumDV
    this.cumD2V = this.sCumD2V
    const out = this.step(bar.high, bar.low, bar.close, bar.volume, key)
    this.pendingReset = pending
    return out
  }

  /** Forgets every input. */
  reset(): void {
    this.n = 0
    this.pendingReset = 0
    this.key = undefined
    this.anchor = 0
    this.cumV = 0
    this.cumDV = 0
    this.cumD2V = 0
  }

  /** Validates a bar and returns its session key (undefined without `sessionKey`). */
  private check(bar: VwapInput): string | number | undefined {
    checkHighLowClose(bar, this.n)
    checkVolume(bar.volume, this.n)
    return this.sessionKey === undefined ? undefined : sessionOf(this.sessionKey, bar.ts, this.n)
  }

  private step(
    high: number,
    low: number,
    close: number,
    volume: number,
    key: string | number | undefined,
  ): VwapValue {
    const tp = (high + low + close) / 3
    let anchor = this.anchor
    let cumV = this.cumV
    let cumDV = this.cumDV
    if (this.n++ === 0 || this.pendingReset !== 0 || key !== this.key) {
      this.pendingReset = 0
      this.key = key
      anchor = tp
      this.anchor = tp
      cumV = 0
      cumDV = 0
      this.cumD2V = 0
    }
    const d = tp - anchor
    const vd = volume * d
    cumV += volume
    cumDV += vd
    this.cumV = cumV
    this.cumDV = cumDV
    const r = this.result
    let vw = tp
    let sd = 0
    if (cumV > 0) {
      const m = cumDV / cumV
      vw = anchor + m
      if (this.bands) {
        const cumD2V = this.cumD2V + vd * d
        this.cumD2V = cumD2V
        const variance = cumD2V / cumV - m * m
        sd = variance > 0 ? Math.sqrt(variance) : 0
      }
    }
    r.vwap = vw
    if (this.bands) {
      const width = this.multiplier * sd
      r.stdDev = sd
      r.upper = vw + width
      r.lower = vw - width
    }
    return r
  }
}

function checkBands(bands: unknown): boolean {
  if (bands !== undefined && typeof bands !== 'boolean')
    throw new InvalidParameterError('bands', bands, 'a boolean')
  return bands ?? true
}

/** The session key of a bar's `ts`, which must be a finite time. */
function sessionOf(
  sessionKey: (ts: number) => string | number,
  ts: number | undefined,
  index: number,
): string | number {
  if (typeof ts !== 'number' || ts - ts !== 0)
    throw new InvalidInputError('ts', index, ts, 'a finite epoch-ms time')
  return sessionKey(ts)
}

function checkSessionKey(fn: unknown): ((ts: number) => string | number) | undefined {
  if (fn !== undefined && typeof fn !== 'function') {
    throw new InvalidParameterError('sessionKey', fn, 'a function (ts) => key')
  }
  return fn as ((ts: number) => string | number) | undefined
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
  const bands = checkBands(parameters?.bands)
  const sessionKey = checkSessionKey(parameters?.sessionKey)
  return vwapOf(columns, multiplier, bands, sessionKey)
}

/** {@link vwap} once its options are read: see "Option objects" in the README. */
function vwapOf(
  columns: VwapColumns,
  multiplier: number,
  bands: boolean,
  sessionKey: ((ts: number) => string | number) | undefined,
): VwapReturnType {
  const names =
    sessionKey === undefined ? ['high', 'low', 'close', 'volume'] : ['ts', 'high', 'low', 'close', 'volume']
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, names)
  const { high, low, close, volume } = columns
  const ts = columns.ts as ArrayLike<number>
  const vwapOut = new Float64Array(n)
  const sdOut = new Float64Array(n)
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  // without bands the standard deviation, and with it both bands, is NaN on every row
  const noVolumeSd = bands ? 0 : Number.NaN
  // built before the loop, not returned as a literal after it: see "Result objects" in the README
  const result: VwapReturnType = { vwap: vwapOut, stdDev: sdOut, upper, lower }
  // VWAP.step's arithmetic, on locals
  let key: string | number | undefined
  let anchor = 0
  let cumV = 0
  let cumDV = 0
  let cumD2V = 0
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    const c = close[i] as number
    const v = volume[i] as number
    checkColumn('high', h, i)
    checkColumn('low', l, i)
    checkColumn('close', c, i)
    checkVolume(v, i)
    const k = sessionKey === undefined ? undefined : sessionOf(sessionKey, ts[i], i)
    const tp = (h + l + c) / 3
    if (i === 0 || k !== key) {
      key = k
      anchor = tp
      cumV = 0
      cumDV = 0
      cumD2V = 0
    }
    const d = tp - anchor
    const vd = v * d
    cumV += v
    cumDV += vd
    let vw = tp
    let sd = noVolumeSd
    if (cumV > 0) {
      const m = cumDV / cumV
      vw = anchor + m
      if (bands) {
        cumD2V += vd * d
        const variance = cumD2V / cumV - m * m
        sd = variance > 0 ? Math.sqrt(variance) : 0
      }
    }
    const width = multiplier * sd
    vwapOut[i] = vw
    sdOut[i] = sd
    upper[i] = vw + width
    lower[i] = vw - width
  }
  return result
}
