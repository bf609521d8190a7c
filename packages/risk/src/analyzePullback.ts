import { parse } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  formatPrice,
  lossSideRounding,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  profitSideRounding,
  roundPrice,
  TickSchema,
  tickAt,
} from './positionSide.js'

const PullbackBarSchema = z
  .object({
    high: PositiveNumberSchema,
    low: PositiveNumberSchema,
    close: PositiveNumberSchema,
    volume: z.number({ error: 'must be a finite number' }).nonnegative({ error: 'must not be negative' }),
  })
  .refine((bar) => bar.high >= bar.low && bar.close <= bar.high && bar.close >= bar.low, {
    path: ['high'],
    error: 'must be at or above low and close, with close at or above low',
  })

const AnalyzePullbackParametersSchema = z
  .object({
    side: PositionSideSchema.default('long'),
    breakoutLevel: PositiveNumberSchema,
    breakoutBar: PullbackBarSchema,
    bars: z.array(PullbackBarSchema),
    vwap: PositiveNumberSchema,
    maxVolumeRatio: PositiveNumberSchema.default(1),
    levelTolerance: z
      .number({ error: 'must be a finite number' })
      .nonnegative({ error: 'must not be negative' })
      .default(0),
    tick: TickSchema,
  })
  .refine(
    (p) =>
      p.side === 'long' ? p.breakoutBar.close > p.breakoutLevel : p.breakoutBar.close < p.breakoutLevel,
    {
      path: ['breakoutBar', 'close'],
      error: 'must close beyond the breakout level (above it for a long, below it for a short)',
    },
  )

function volume(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/**
 * A bar as the pullback analyzer needs it; core's `Bar` fits.
 *
 * @example
 * ```ts
 * import type { PullbackBar } from '@tradeblocks/risk'
 *
 * const bar: PullbackBar = { high: 10.62, low: 10.48, close: 10.55, volume: 41_000 }
 * ```
 */
export interface PullbackBar {
  high: number
  low: number
  close: number
  volume: number
}

/**
 * Parameters of {@link analyzePullback}.
 *
 * @example
 * ```ts
 * import type { AnalyzePullbackParameters } from '@tradeblocks/risk'
 *
 * const params: AnalyzePullbackParameters = {
 *   breakoutLevel: 10.4, // the flag's high
 *   breakoutBar: { high: 10.75, low: 10.38, close: 10.7, volume: 90_000 },
 *   bars: [{ high: 10.72, low: 10.5, close: 10.55, volume: 40_000 }],
 *   vwap: 10.2,
 * }
 * ```
 */
export interface AnalyzePullbackParameters {
  /** `long` (default: a bull-flag breakout) or `short` (a breakdown). */
  side?: PositionSide
  /** The level broken: the flag's high for a long, its low for a short. */
  breakoutLevel: number
  /** The bar that broke out; its volume is the yardstick for the pullback's. */
  breakoutBar: PullbackBar
  /** The completed bars after the breakout bar, oldest first. */
  bars: readonly PullbackBar[]
  /** The session VWAP at the latest bar. */
  vwap: number
  /** The pullback's average volume must stay below `breakoutBar.volume × maxVolumeRatio`: default 1. */
  maxVolumeRatio?: number
  /** How far (in price) the pullback may undercut the breakout level and still hold: default 0. */
  levelTolerance?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * One of the three tests of a pullback: `vwap` (held above VWAP), `breakout_level` (held above the flag
 * high) and `volume` (lighter than the breakout).
 *
 * @example
 * ```ts
 * import type { PullbackCheck } from '@tradeblocks/risk'
 *
 * const failed = (checks: PullbackCheck[]) => checks.filter((c) => !c.pass).map((c) => c.detail)
 * ```
 */
export interface PullbackCheck {
  name: 'vwap' | 'breakout_level' | 'volume'
  pass: boolean
  /** The numbers, e.g. `pullback low 10.48 held above VWAP 10.20`. */
  detail: string
}

/**
 * The entry a holding pullback offers: a stop order beyond the last bar and a protective stop beyond the
 * pullback's extreme.
 *
 * @example
 * ```ts
 * import type { PullbackEntry } from '@tradeblocks/risk'
 *
 * const toOrder = (e: PullbackEntry) => ({ type: 'stop', stopPrice: e.price, side: e.type === 'buy_stop' ? 'buy' : 'sell' })
 * ```
 */
export interface PullbackEntry {
  /** `buy_stop` for a long, `sell_stop` for a short. */
  type: 'buy_stop' | 'sell_stop'
  /** The entry trigger price. */
  price: number
  /** The protective stop: one tick beyond the pullback's low (long) or high (short). */
  stop: number
  /** `|price − stop|`. */
  riskPerShare: number
  /** One sentence: why this entry. */
  reason: string
}

/**
 * The verdict of {@link analyzePullback}:
 * - `waiting`: no bar after the breakout yet;
 * - `extended`: price kept running without a pullback (do not chase);
 * - `failed`: the pullback broke a check (see `checks`);
 * - `ready`: the pullback holds; place `entry` (a stop order beyond the last bar);
 * - `triggered`: the latest bar broke the prior bar's extreme: the entry fired at `entry.price`.
 *
 * @example
 * ```ts
 * import type { PullbackStatus } from '@tradeblocks/risk'
 *
 * const actionable = (s: PullbackStatus) => s === 'ready' || s === 'triggered'
 * ```
 */
export type PullbackStatus = 'waiting' | 'extended' | 'failed' | 'ready' | 'triggered'

/**
 * The result of {@link analyzePullback}.
 *
 * @example
 * ```ts
 * import { analyzePullback, type AnalyzePullbackReturnType } from '@tradeblocks/risk'
 *
 * declare const params: Parameters<typeof analyzePullback>[0]
 * const result: AnalyzePullbackReturnType = analyzePullback(params)
 * if (result.entry) console.log(result.entry.price, result.entry.stop, result.reason)
 * ```
 */
export interface AnalyzePullbackReturnType {
  status: PullbackStatus
  /** Whether the pullback holds so far; `undefined` while `waiting` or `extended`. */
  holds: boolean | undefined
  /** The three checks; empty while `waiting` or `extended`. */
  checks: PullbackCheck[]
  /** The entry, when `ready` or `triggered`. */
  entry: PullbackEntry | undefined
  /** The pullback's extreme against the trade (its low for a long), when there is a pullback. */
  pullbackExtreme: number | undefined
  /** One sentence that explains the verdict with its numbers. */
  reason: string
}

/**
 * After a breakout, decides whether the pullback holds (it stays above VWAP and above the broken level,
 * on lighter volume than the breakout bar) and gives the entry with its reason: a buy stop one tick over
 * the last pullback bar's high, with the stop one tick under the pullback's low (mirrored for a short).
 *
 * The pullback starts at the first bar whose high is below the highest high since the breakout; the bars
 * before it are the extension. The latest bar breaking the prior bar's high is the trigger; the trigger
 * bar's volume is not held against the pullback.
 *
 * @throws ValidationError for bad numbers, or a breakout bar that did not close beyond the level.
 *
 * @example
 * ```ts
 * import { analyzePullback } from '@tradeblocks/risk'
 *
 * const result = analyzePullback({
 *   breakoutLevel: 10.4,
 *   breakoutBar: { high: 10.75, low: 10.38, close: 10.7, volume: 90_000 },
 *   bars: [
 *     { high: 10.72, low: 10.55, close: 10.58, volume: 40_000 },
 *     { high: 10.6, low: 10.46, close: 10.52, volume: 30_000 },
 *   ],
 *   vwap: 10.2,
 * })
 * result.status // 'ready'
 * result.entry // { type: 'buy_stop', price: 10.61, stop: 10.45, riskPerShare: 0.16, ... }
 * ```
 */
export function analyzePullback(parameters: AnalyzePullbackParameters): AnalyzePullbackReturnType {
  const p = parse(AnalyzePullbackParametersSchema, parameters, 'pullback analysis')
  const long = p.side === 'long'
  const favourable = (bar: PullbackBar) => (long ? bar.high : bar.low)
  const adverse = (bar: PullbackBar) => (long ? bar.low : bar.high)
  /** True when `a` is beyond `b` in the trade's favour. */
  const beyond = (a: number, b: number) => (long ? a > b : a < b)
  const tick = tickAt(p.breakoutLevel, p.tick)
  const none = { holds: undefined, checks: [], entry: undefined, pullbackExtreme: undefined }

  if (p.bars.length === 0) return { status: 'waiting', ...none, reason: 'No bar after the breakout yet.' }

  let peak = favourable(p.breakoutBar)
  let start = -1
  for (let i = 0; i < p.bars.length; i++) {
    const bar = p.bars[i] as PullbackBar
    if (beyond(peak, favourable(bar))) {
      start = i
      break
    }
    peak = favourable(bar)
  }
  if (start === -1) {
    return {
      status: 'extended',
      ...none,
      reason: `Price is still running (${long ? 'new high' : 'new low'} ${formatPrice(peak)} on every bar): no pullback to enter, do not chase.`,
    }
  }

  const last = p.bars[p.bars.length - 1] as PullbackBar
  const previous = p.bars.length - 1 > start ? (p.bars[p.bars.length - 2] as PullbackBar) : undefined
  const triggered = previous !== undefined && beyond(favourable(last), favourable(previous))
  const pullbackBars = p.bars.slice(start)
  // The trigger bar's volume is the buyers returning; judge the pullback without it.
  const volumeBars = triggered ? pullbackBars.slice(0, -1) : pullbackBars
  const extremes = pullbackBars.map(adverse)
  const pullbackExtreme = long ? Math.min(...extremes) : Math.max(...extremes)
  const averageVolume = volumeBars.reduce((sum, bar) => sum + bar.volume, 0) / volumeBars.length
  const volumeLimit = p.breakoutBar.volume * p.maxVolumeRatio
  const levelLimit = long ? p.breakoutLevel - p.levelTolerance : p.breakoutLevel + p.levelTolerance
  const extremeName = long ? 'pullback low' : 'pullback high'
  const aboveOrBelow = long ? 'above' : 'below'

  const vwapPass = beyond(pullbackExtreme, p.vwap)
  const levelPass = pullbackExtreme === levelLimit || beyond(pullbackExtreme, levelLimit)
  const volumePass = averageVolume < volumeLimit
  const checks: PullbackCheck[] = [
    {
      name: 'vwap',
      pass: vwapPass,
      detail: `${extremeName} ${formatPrice(pullbackExtreme)} ${vwapPass ? 'held' : 'did not hold'} ${aboveOrBelow} VWAP ${formatPrice(p.vwap)}`,
    },
    {
      name: 'breakout_level',
      pass: levelPass,
      detail: `${extremeName} ${formatPrice(pullbackExtreme)} ${levelPass ? 'held' : 'did not hold'} ${aboveOrBelow} the breakout level ${formatPrice(p.breakoutLevel)}${p.levelTolerance > 0 ? ` (tolerance ${formatPrice(p.levelTolerance)})` : ''}`,
    },
    {
      name: 'volume',
      pass: volumePass,
      detail: `pullback volume averaged ${volume(averageVolume)} over ${volumeBars.length} bar${volumeBars.length === 1 ? '' : 's'}, ${volumePass ? 'lighter than' : 'not lighter than'} ${volume(volumeLimit)} (breakout ${volume(p.breakoutBar.volume)}${p.maxVolumeRatio === 1 ? '' : ` × ${p.maxVolumeRatio}`})`,
    },
  ]
  const failed = checks.filter((check) => !check.pass)
  if (failed.length > 0) {
    return {
      status: 'failed',
      holds: false,
      checks,
      entry: undefined,
      pullbackExtreme,
      reason: `The pullback failed: ${failed.map((check) => check.detail).join('; ')}.`,
    }
  }

  const reference = triggered ? (previous as PullbackBar) : last
  const rawEntry = long ? favourable(reference) + tick : favourable(reference) - tick
  const price = roundPrice(rawEntry, profitSideRounding(p.side), p.tick)
  const rawStop = long ? pullbackExtreme - tick : pullbackExtreme + tick
  const stop = roundPrice(Math.max(rawStop, tick), lossSideRounding(p.side), p.tick)
  const held = checks.map((check) => check.detail).join('; ')
  const order = long ? 'buy stop' : 'sell stop'
  const entryReason = `${order} ${formatPrice(price)}, one tick ${long ? 'over' : 'under'} the ${triggered ? 'prior' : 'last'} bar's ${long ? 'high' : 'low'} ${formatPrice(favourable(reference))}; stop ${formatPrice(stop)}, one tick ${long ? 'under' : 'over'} the ${extremeName} ${formatPrice(pullbackExtreme)}`
  const entry: PullbackEntry = {
    type: long ? 'buy_stop' : 'sell_stop',
    price,
    stop,
    riskPerShare: cleanDifference(Math.abs(price - stop)),
    reason: entryReason,
  }
  return {
    status: triggered ? 'triggered' : 'ready',
    holds: true,
    checks,
    entry,
    pullbackExtreme,
    reason: `The pullback holds (${held}): ${triggered ? 'triggered, ' : ''}${entryReason}.`,
  }
}
