import {
  type Bar,
  type DaySchedule,
  fromNewYork,
  nyse,
  parse,
  type Quote,
  roundToTick,
  type Snapshot,
  TradingCalendar,
  type TradingDate,
  tickSize,
  ValidationError,
} from '@tradeblocks/core'
import { z } from 'zod'
import { roundTick } from './fastTick.js'
import { Random } from './random.js'
import { drawCompany, drawNews, type NewsCategory, type Sector } from './syntheticNews.js'

const MINUTE = 60_000

/**
 * A made-up listed company of the synthetic universe, with the reference data a scanner needs.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, type SyntheticSymbol } from '@tradeblocks/backtest'
 *
 * const market = generateSyntheticMarket({ seed: 7 })
 * const lowFloat: SyntheticSymbol[] = market.symbols.filter((s) => s.float < 20_000_000)
 * ```
 */
export interface SyntheticSymbol {
  /** The ticker, 3-4 capital letters. */
  symbol: string
  /** The company name, e.g. `Helix Therapeutics Inc.` */
  name: string
  /** Its sector; it decides which news is plausible. */
  sector: Sector
  /** `small_cap` names are the gapper candidates; `large_cap` names are liquid and calm. */
  tier: 'small_cap' | 'large_cap'
  /** Shares available to trade. */
  float: number
  /** Shares outstanding (at least the float). */
  sharesOutstanding: number
  /** Average shares traded per day over the 30 days before the first generated date. */
  avgDailyVolume: number
  /** The close on the day before the first generated date. */
  initialPrice: number
  /** Typical daily volatility (standard deviation of daily returns), e.g. 0.02 for 2%. */
  dailyVolatility: number
  /** Typical regular-session bid-ask spread, in basis points of the price. */
  spreadBps: number
}

/**
 * A news item of the synthetic market. Gappers get a catalyst that matches the gap's direction;
 * quiet names get occasional news that moves nothing (so a catalyst classifier must read it).
 *
 * @example
 * ```ts
 * import type { SyntheticNewsItem } from '@tradeblocks/backtest'
 *
 * const isFda = (n: SyntheticNewsItem) => n.category === 'fda'
 * ```
 */
export interface SyntheticNewsItem {
  /** A stable id, e.g. `n-2026-03-10-1`. */
  id: string
  /** When it was published, epoch ms. */
  ts: number
  headline: string
  summary: string
  /** The symbols it is about. */
  symbols: string[]
  /** The kind of catalyst. */
  category: NewsCategory
  /** The intended effect on the price. */
  sentiment: 'positive' | 'negative' | 'neutral'
  /** Always `synthetic`. */
  source: string
}

/**
 * A premarket scanner's view of a symbol at the snapshot time (09:00 New York by default): core's
 * `Snapshot` plus premarket volume, average daily and premarket volume, float and the gap.
 *
 * @example
 * ```ts
 * import type { PremarketSnapshot } from '@tradeblocks/backtest'
 *
 * const inPlay = (s: PremarketSnapshot) => s.gapPct >= 10 && s.premarketVolume > 5 * s.avgPremarketVolume
 * ```
 */
export interface PremarketSnapshot extends Snapshot {
  /** Shares traded since 04:00 up to the snapshot time (the same as `volume`). */
  premarketVolume: number
  /** The average premarket volume up to the same time of day on ordinary days. */
  avgPremarketVolume: number
  /** Average daily volume. */
  avgDailyVolume: number
  /** Shares available to trade. */
  float: number
  /** `(lastPrice / prevClose - 1) * 100`. */
  gapPct: number
}

/**
 * The ground truth of one planted bull flag, computed from the bars as generated (after tick
 * rounding), so a detector can be scored against it:
 *
 * - the pole: `poleBars` rising bars on rising volume from `poleLow` to `poleHigh` (8-20%);
 * - the flag: 4-9 bars drifting down on lighter volume inside `[flagLow, flagHigh]`, 3.2-4.8% deep
 *   below the pole's last close (so the flag's range is inside the usual 3-5% band);
 * - the breakout bar at `breakoutTs`, closing above `flagHigh` on a volume surge;
 * - the outcome: `success` when the price reached the measured-move `target` (`flagHigh` plus the
 *   pole's height) before trading below `flagLow`, otherwise `failure`; `resolvedTs` is the bar where
 *   that happened.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, type PlantedBullFlag } from '@tradeblocks/backtest'
 *
 * const flags: PlantedBullFlag[] = generateSyntheticMarket({ seed: 1 }).days.flatMap((d) => d.flags)
 * const winRate = flags.filter((f) => f.outcome === 'success').length / flags.length
 * ```
 */
export interface PlantedBullFlag {
  symbol: string
  date: TradingDate
  /** Start (bar `ts`) of the first pole bar. */
  poleStartTs: number
  /** Start of the last pole bar. */
  poleEndTs: number
  /** Start of the first flag bar. */
  flagStartTs: number
  /** Start of the last flag bar. */
  flagEndTs: number
  /** Start of the breakout bar. */
  breakoutTs: number
  poleBars: number
  flagBars: number
  /** Lowest low of the pole. */
  poleLow: number
  /** Highest high of the pole. */
  poleHigh: number
  /** Highest high of the flag: the breakout level. */
  flagHigh: number
  /** Lowest low of the flag: the natural stop. */
  flagLow: number
  /** `(poleHigh / poleLow - 1) * 100`. */
  poleGainPct: number
  /** `(1 - flagLow / poleHigh) * 100`. */
  flagPullbackPct: number
  /** Measured move: `flagHigh + (poleHigh - poleLow)`. */
  target: number
  /** Average volume of the pole bars and of the flag bars, and the breakout bar's volume. */
  poleAvgVolume: number
  flagAvgVolume: number
  breakoutVolume: number
  outcome: 'success' | 'failure'
  /** Start of the bar where the outcome was decided. */
  resolvedTs: number
}

/**
 * One stock that gapped on news, with its catalyst and, when one was planted, its bull flag.
 *
 * @example
 * ```ts
 * import type { SyntheticGapper } from '@tradeblocks/backtest'
 *
 * const bigGap = (g: SyntheticGapper) => g.gapPct > 30
 * ```
 */
export interface SyntheticGapper {
  symbol: string
  direction: 'up' | 'down'
  /** Regular open versus previous close, percent. */
  gapPct: number
  /** The day's volume divided by the average daily volume. */
  relativeVolume: number
  /** The id of the news item that caused it. */
  newsId: string
  category: NewsCategory
  /** The planted bull flag, if any. */
  flag?: PlantedBullFlag
}

/**
 * One symbol's day in numbers.
 *
 * @example
 * ```ts
 * import type { SyntheticDailySummary } from '@tradeblocks/backtest'
 *
 * const range = (s: SyntheticDailySummary) => s.high - s.low
 * ```
 */
export interface SyntheticDailySummary {
  prevClose: number
  /** Regular-session open, high, low and close. */
  open: number
  high: number
  low: number
  close: number
  /** Volume of the whole day, 04:00-20:00. */
  volume: number
  /** Volume of the regular session only. */
  regularVolume: number
  /** Volume from 04:00 to the regular open. */
  premarketVolume: number
  /** `gapper` when the symbol gapped on news that day. */
  role: 'gapper' | 'noise'
}

/**
 * One trading day of the synthetic market.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, type SyntheticDay } from '@tradeblocks/backtest'
 *
 * const day: SyntheticDay = generateSyntheticMarket({ seed: 3 }).days[0]!
 * console.log(day.date, day.gappers.map((g) => `${g.symbol} +${g.gapPct.toFixed(1)}%`))
 * ```
 */
export interface SyntheticDay {
  date: TradingDate
  /** The day's sessions as instants (from the calendar: early closes and DST respected). */
  schedule: DaySchedule
  /**
   * One-minute bars per symbol, 04:00-20:00 New York (17:00 on early-close days), stamped at the bar's
   * start. Minutes without trades have no bar, as in real feeds: premarket and after-hours are sparse.
   */
  bars: Record<string, Bar[]>
  /** NBBO quotes per symbol for the quoted symbols (see `quoteSymbols`). */
  quotes: Record<string, Quote[]>
  /** Scanner snapshots of every symbol at the snapshot time, largest gap first. */
  snapshots: PremarketSnapshot[]
  /** News items of the day in time order. */
  news: SyntheticNewsItem[]
  /** The gappers of the day. */
  gappers: SyntheticGapper[]
  /** Ground truth of the planted bull flags. */
  flags: PlantedBullFlag[]
  /** Each symbol's day in numbers. */
  summaries: Record<string, SyntheticDailySummary>
}

/**
 * A generated market: the universe and its days.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, type SyntheticMarket } from '@tradeblocks/backtest'
 *
 * const market: SyntheticMarket = generateSyntheticMarket({ seed: 42, dates: ['2026-03-09', '2026-03-10'] })
 * ```
 */
export interface SyntheticMarket {
  /** The seed it was generated from. */
  seed: number | string
  /** The universe. */
  symbols: SyntheticSymbol[]
  /** One entry per requested date, in order. */
  days: SyntheticDay[]
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/

const ParametersSchema = z.object({
  seed: z.union([z.number().int({ error: 'must be an integer' }), z.string().min(1)]).optional(),
  dates: z.array(z.string()).min(1, { error: 'must list at least one date' }).optional(),
  symbols: z.number().int().min(1).max(200).optional(),
  gappersPerDay: z.number().int().min(0).max(60).optional(),
  smallCapShare: z.number().min(0).max(1).optional(),
  flagRate: z.number().min(0).max(1).optional(),
  flagSuccessRate: z.number().min(0).max(1).optional(),
  gapDownShare: z.number().min(0).max(1).optional(),
  quoteSymbols: z.union([z.enum(['gappers', 'all', 'none']), z.array(z.string())]).optional(),
  quoteIntervalMs: z
    .number()
    .int()
    .min(250)
    .max(60_000)
    .refine((ms) => MINUTE % ms === 0, { error: 'must divide one minute (e.g. 1000, 5000, 15000)' })
    .optional(),
  snapshotTime: z.string().regex(HHMM, { error: 'must be a premarket time written HH:MM' }).optional(),
  calendar: z.instanceof(TradingCalendar, { error: 'must be a TradingCalendar' }).optional(),
})

/**
 * Parameters of {@link generateSyntheticMarket}. Every field is optional.
 *
 * @example
 * ```ts
 * import type { GenerateSyntheticMarketParameters } from '@tradeblocks/backtest'
 *
 * const params: GenerateSyntheticMarketParameters = {
 *   seed: 2026, dates: ['2026-11-25', '2026-11-27'], symbols: 30, gappersPerDay: 4, quoteSymbols: 'gappers',
 * }
 * ```
 */
export interface GenerateSyntheticMarketParameters {
  /** The seed; the same seed and parameters give the same market on every machine. Default 1. */
  seed?: number | string
  /** Trading days (`YYYY-MM-DD`, ascending) to generate. Default `['2026-03-10']`. */
  dates?: readonly TradingDate[]
  /** Universe size, 1-200. Default 20. */
  symbols?: number
  /** Stocks that gap on news each day (drawn from the small caps). Default 3. */
  gappersPerDay?: number
  /** Share of the universe that is small caps (gapper candidates). Default 0.6. */
  smallCapShare?: number
  /** Share of gap-ups that get a planted bull flag after the open. Default 0.7. */
  flagRate?: number
  /** Share of planted flags that reach their measured move. Default 0.5. */
  flagSuccessRate?: number
  /** Share of gappers that gap down (on an offering, a miss, a failed trial). Default 0.15. */
  gapDownShare?: number
  /**
   * Which symbols get NBBO quotes: `gappers` (default), `all`, `none`, or a list. Quotes cost memory:
   * one per `quoteIntervalMs` per symbol (12 a minute at the default 5 s, about 11,500 a day).
   */
  quoteSymbols?: 'gappers' | 'all' | 'none' | readonly string[]
  /** Quote interval in ms; must divide one minute. Default 5000. */
  quoteIntervalMs?: number
  /** New York time of the premarket snapshots, `HH:MM`. Default `09:00`. */
  snapshotTime?: string
  /** The calendar; default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * The generated market; see {@link SyntheticMarket}.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, type GenerateSyntheticMarketReturnType } from '@tradeblocks/backtest'
 *
 * const market: GenerateSyntheticMarketReturnType = generateSyntheticMarket()
 * ```
 */
export type GenerateSyntheticMarketReturnType = SyntheticMarket

const SECTORS: readonly Sector[] = [
  'biotech',
  'technology',
  'energy',
  'consumer',
  'financials',
  'industrials',
]
const SMALL_CAP_SECTOR_WEIGHTS = [0.35, 0.25, 0.15, 0.1, 0.05, 0.1]
const LARGE_CAP_SECTOR_WEIGHTS = [0.12, 0.3, 0.12, 0.18, 0.16, 0.12]

function weighted<T>(rng: Random, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0)
  let x = rng.next() * total
  for (let i = 0; i < items.length; i++) {
    x -= weights[i] as number
    if (x < 0) return items[i] as T
  }
  return items[items.length - 1] as T
}

/** Profile fields that are not part of the public symbol record. */
interface Profile extends SyntheticSymbol {
  /** Premarket share of an ordinary day's volume. */
  premarketShare: number
  /** After-hours share of an ordinary day's volume. */
  afterhoursShare: number
  /** Typical trade size, shares. */
  tradeSize: number
}

function makeUniverse(rng: Random, count: number, smallCapShare: number): Profile[] {
  const taken = new Set<string>()
  const smallCount = Math.round(count * smallCapShare)
  const profiles: Profile[] = []
  for (let i = 0; i < count; i++) {
    const small = i < smallCount
    const sector = weighted(rng, SECTORS, small ? SMALL_CAP_SECTOR_WEIGHTS : LARGE_CAP_SECTOR_WEIGHTS)
    const { name, symbol } = drawCompany(rng, sector, taken)
    if (small) {
      const price = roundToTick(rng.logUniform(1.5, 25))
      const float = Math.round(rng.logUniform(1.5e6, 60e6) / 1000) * 1000
      const avgDailyVolume = Math.round((float * rng.logUniform(0.01, 0.08)) / 100) * 100
      profiles.push({
        symbol,
        name,
        sector,
        tier: 'small_cap',
        float,
        sharesOutstanding: Math.round((float * rng.uniform(1.1, 1.6)) / 1000) * 1000,
        avgDailyVolume,
        initialPrice: price,
        dailyVolatility: rng.uniform(0.035, 0.08),
        spreadBps: Math.min(150, rng.logNormal(25, 0.35) * Math.sqrt(Math.max(0.25, 1e6 / avgDailyVolume))),
        premarketShare: rng.uniform(0.01, 0.04),
        afterhoursShare: rng.uniform(0.01, 0.03),
        tradeSize: rng.int(80, 220),
      })
    } else {
      const price = roundToTick(rng.logUniform(20, 400))
      const float = Math.round(rng.logUniform(2e8, 5e9) / 1e5) * 1e5
      const avgDailyVolume = Math.round((float * rng.logUniform(0.003, 0.012)) / 1000) * 1000
      profiles.push({
        symbol,
        name,
        sector,
        tier: 'large_cap',
        float,
        sharesOutstanding: Math.round((float * rng.uniform(1.0, 1.15)) / 1e5) * 1e5,
        avgDailyVolume,
        initialPrice: price,
        dailyVolatility: rng.uniform(0.01, 0.025),
        spreadBps: rng.uniform(1, 4),
        premarketShare: rng.uniform(0.008, 0.02),
        afterhoursShare: rng.uniform(0.01, 0.025),
        tradeSize: rng.int(60, 150),
      })
    }
  }
  return profiles
}

/** Intraday volatility shape of the regular session (x in [0, 1)), normalised to mean square 1. */
function volatilityShape(x: number): number {
  return Math.sqrt(0.55 + 2.2 * Math.exp(-x / 0.06) + 0.6 * Math.exp(-(1 - x) / 0.05))
}

/** The U-shaped regular-session volume profile (x in [0, 1)). */
function volumeShape(x: number): number {
  return 0.55 + 3.2 * Math.exp(-x / 0.045) + 1.6 * Math.exp(-(1 - x) / 0.035) + 0.5 * (2 * x - 1) ** 2
}

/** Premarket volume rises toward the open (x in [0, 1) across 04:00-09:30). */
function premarketShape(x: number): number {
  return 0.08 + Math.exp(3 * (x - 1))
}

/** After-hours volume decays from the close. */
function afterhoursShape(x: number): number {
  return 0.06 + Math.exp(-x / 0.08)
}

/** The expected share of an ordinary premarket's volume done by minute `m` of `n` premarket minutes. */
function premarketFraction(m: number, n: number): number {
  let done = 0
  let total = 0
  for (let i = 0; i < n; i++) {
    const w = premarketShape((i + 0.5) / n)
    total += w
    if (i < m) done += w
  }
  return total === 0 ? 0 : done / total
}

interface GapperPlan {
  direction: 'up' | 'down'
  gap: number
  newsMinute: number
  newsSecond: number
  rvol: number
  volatility: number
  flag: { outcome: 'success' | 'failure' } | undefined
}

interface SymbolDayResult {
  bars: Bar[]
  quotes: Quote[] | undefined
  regularClose: number
  lastPrice: number
  summary: SyntheticDailySummary
  flag: PlantedBullFlag | undefined
}

/** Per-minute description of the price path and trading activity of one symbol-day. */
class DayPath {
  readonly n: number
  /** Price at the start of each minute; `price[n]` is the end of the day. */
  readonly price: Float64Array
  /** Per-minute log-volatility inside the minute. */
  readonly sigma: Float64Array
  readonly lo: Float64Array
  readonly hi: Float64Array
  /** Probability that the minute has trades (a bar). */
  readonly prob: Float64Array
  /** Raw volume weight; scaled per session to the volume targets. */
  readonly weight: Float64Array
  /** 1 for minutes of a planted pattern: exact open/close, no noise on volume. */
  readonly pattern: Uint8Array
  /** For pattern minutes: a high and low the bar must reach (NaN when free). */
  readonly forceHigh: Float64Array
  readonly forceLow: Float64Array

  constructor(n: number) {
    this.n = n
    this.price = new Float64Array(n + 1)
    this.sigma = new Float64Array(n)
    this.lo = new Float64Array(n).fill(0)
    this.hi = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
    this.prob = new Float64Array(n)
    this.weight = new Float64Array(n)
    this.pattern = new Uint8Array(n)
    this.forceHigh = new Float64Array(n).fill(Number.NaN)
    this.forceLow = new Float64Array(n).fill(Number.NaN)
  }

  /**
   * A Brownian bridge in log price from `price[from]` to `target` at `to`, with per-minute
   * volatility `sigma[i]` (already set). Writes `price[from + 1 .. to]`.
   */
  bridge(rng: Random, from: number, to: number, target: number): void {
    const steps = to - from
    if (steps <= 0) return
    const start = Math.log(this.price[from] as number)
    const walk = new Float64Array(steps + 1)
    for (let k = 1; k <= steps; k++)
      walk[k] = (walk[k - 1] as number) + (this.sigma[from + k - 1] as number) * rng.normal()
    const end = walk[steps] as number
    const goal = Math.log(target) - start
    for (let k = 1; k <= steps; k++) {
      const frac = k / steps
      this.price[from + k] = Math.exp(start + (walk[k] as number) - frac * end + frac * goal)
    }
  }

  /** A random walk in log price with drift `mu` per minute from `from` to `to`. */
  walk(rng: Random, from: number, to: number, mu: number, floor: number): void {
    for (let i = from; i < to; i++) {
      const next = (this.price[i] as number) * Math.exp(mu + (this.sigma[i] as number) * rng.normal())
      this.price[i + 1] = Math.max(floor, next)
    }
  }
}

/** Ticks of margin, in price, at `price`. */
function ticks(price: number, count: number): number {
  return tickSize(price) * count
}

interface PatternResult {
  start: number
  poleEnd: number
  flagStart: number
  flagEnd: number
  breakout: number
  end: number
  outcome: 'success' | 'failure'
}

/**
 * Plants a bull flag into `path` starting at minute `s` (regular session). Returns the minute indices
 * of its parts and the minute after the pattern's end, from where the day continues.
 */
function plantBullFlag(
  path: DayPath,
  rng: Random,
  s: number,
  refWeight: number,
  outcome: 'success' | 'failure',
  lastMinute: number,
): PatternResult {
  const price = path.price
  const S = price[s] as number
  const poleBars = rng.int(3, 8)
  const gain = rng.uniform(0.08, 0.2)
  // The pole's last close, and its high a little above it (an upper wick): the flag starts below it.
  const poleTop = S * (1 + gain)
  const H = poleTop * (1 + rng.uniform(0.002, 0.008)) + ticks(poleTop, 1)
  // Pole: increments with random weights, every bar green.
  const parts: number[] = []
  for (let j = 0; j < poleBars; j++) parts.push(rng.uniform(0.6, 1.4))
  const partSum = parts.reduce((a, b) => a + b, 0)
  let cum = 0
  const multipliers: number[] = []
  for (let j = 0; j < poleBars; j++) multipliers.push(1.6 + 0.9 * j + rng.uniform(0, 0.5))
  for (let j = 0; j < poleBars; j++) {
    const i = s + j
    cum += (parts[j] as number) / partSum
    const open = price[i] as number
    const close = j === poleBars - 1 ? poleTop : S * (1 + gain * cum)
    price[i + 1] = close
    path.lo[i] = open - ticks(open, 1) * rng.uniform(0, 2)
    path.hi[i] = j === poleBars - 1 ? H : close + ticks(close, 1) * rng.uniform(0, 2)
    if (j === poleBars - 1) path.forceHigh[i] = H
    path.sigma[i] = Math.log(close / open) * 0.5 + 0.002
    path.weight[i] = refWeight * (multipliers[j] as number)
    path.pattern[i] = 1
    path.prob[i] = 1
  }
  const poleAvg = refWeight * (multipliers.reduce((a, b) => a + b, 0) / poleBars)
  // Flag: 4-9 bars drifting down under a falling upper line, 3.2-4.8% deep below the pole's last
  // close (the flag's high), so the flag's range sits inside the 3-5% band a detector measures.
  const flagBars = rng.int(4, 9)
  const first = s + poleBars
  const poleClose = price[first] as number
  const L = poleClose * (1 - rng.uniform(0.032, 0.048))
  const pullback = 1 - L / H
  let flagWeight = poleAvg * rng.uniform(0.35, 0.5)
  // The bar where the flag touches its bottom: its close sits one tick above it.
  const touch = Math.max(1, Math.round((flagBars - 1) * rng.uniform(0.5, 1)))
  // The upper line falls from the pole's close; each close stays under this bar's and the next bar's
  // line, so the next bar opens where this one closed.
  const tops: number[] = []
  for (let k = 0; k <= flagBars; k++) {
    const frac = flagBars === 1 ? 1 : Math.min(1, k / (flagBars - 1))
    tops.push(k === 0 ? poleClose : Math.min(poleClose, H * (1 - pullback * (0.12 + 0.45 * frac))))
  }
  for (let k = 0; k < flagBars; k++) {
    const i = first + k
    const frac = flagBars === 1 ? 1 : k / (flagBars - 1)
    const top = tops[k] as number
    const nextTop = k === flagBars - 1 ? top : Math.min(top, tops[k + 1] as number)
    const bottom = L
    const centre = H * (1 - pullback * (0.35 + 0.45 * frac))
    const wobble = pullback * H * 0.12 * (k % 2 === 0 ? -1 : 1) * rng.uniform(0.3, 1)
    const close =
      k === touch
        ? bottom + ticks(bottom, 1)
        : Math.min(nextTop - ticks(nextTop, 1), Math.max(bottom + ticks(bottom, 1), centre + wobble))
    price[i + 1] = close
    if (k === touch) path.forceLow[i] = bottom
    path.hi[i] = top
    const barLow = Math.min(price[i] as number, close)
    path.lo[i] =
      k === flagBars - 1 || rng.chance(0.3) ? bottom : Math.max(bottom, barLow - pullback * H * 0.25)
    path.sigma[i] = pullback * 0.15
    path.weight[i] = flagWeight
    flagWeight *= rng.uniform(0.8, 0.97)
    path.pattern[i] = 1
    path.prob[i] = 1
  }
  const flagEnd = first + flagBars - 1
  // The flag's highest high is at most the first flag bar's top.
  const flagTop = poleClose
  const flagAvg = poleAvg * 0.3
  // Breakout: closes 0.6-2% above the flag's top on a volume surge.
  const b = flagEnd + 1
  const breakoutClose = flagTop * (1 + rng.uniform(0.006, 0.02)) + ticks(flagTop, 2)
  price[b + 1] = breakoutClose
  path.lo[b] = (price[b] as number) - ticks(price[b] as number, 1)
  path.hi[b] = breakoutClose * (1 + rng.uniform(0.001, 0.006))
  path.sigma[b] = 0.004
  path.weight[b] = Math.max(poleAvg * rng.uniform(1.0, 1.4), flagAvg * 5)
  path.pattern[b] = 1
  path.prob[b] = 1
  const target = flagTop + (H - S)
  let i = b + 1
  if (outcome === 'success') {
    // Rally to 100-104% of the measured move without trading below the flag.
    const peak = target * (1 + rng.uniform(0.004, 0.04)) + ticks(target, 3)
    const bars = Math.min(rng.int(4, 22), lastMinute - i - 1)
    const floor = L + Math.max(ticks(L, 3), L * 0.006)
    path.price[i + bars] = peak
    for (let k = 0; k < bars; k++) path.sigma[i + k] = 0.006
    path.bridge(rng, i, i + bars, peak)
    for (let k = 0; k < bars; k++) {
      const m = i + k
      if (k < bars - 1)
        path.price[m + 1] = Math.min(
          target - ticks(target, 2),
          Math.max(floor * 1.002, path.price[m + 1] as number),
        )
      path.lo[m] = floor
      path.hi[m] = k === bars - 1 ? Number.POSITIVE_INFINITY : target - ticks(target, 1)
      path.prob[m] = 1
      path.weight[m] = poleAvg * rng.uniform(0.5, 1.1)
      path.pattern[m] = 1
    }
    path.price[i + bars] = peak
    path.hi[i + bars - 1] = peak * 1.003
    path.forceHigh[i + bars - 1] = peak
    i += bars
  } else {
    // Failure: a brief push, then a slide below the flag low without getting near the target.
    const bars = Math.min(rng.int(2, 8), lastMinute - i - 1)
    const trough = L * (1 - rng.uniform(0.01, 0.035)) - ticks(L, 2)
    const ceiling = Math.min(breakoutClose * 1.012, target * 0.97)
    for (let k = 0; k < bars; k++) path.sigma[i + k] = 0.005
    path.bridge(rng, i, i + bars, trough)
    for (let k = 0; k < bars; k++) {
      const m = i + k
      if (k < bars - 1)
        path.price[m + 1] = Math.min(ceiling * 0.998, Math.max(L + ticks(L, 2), path.price[m + 1] as number))
      path.hi[m] = ceiling
      path.lo[m] = k === bars - 1 ? 0 : L + ticks(L, 1)
      path.prob[m] = 1
      path.weight[m] = poleAvg * rng.uniform(0.4, 0.8)
      path.pattern[m] = 1
    }
    path.price[i + bars] = trough
    i += bars
  }
  return { start: s, poleEnd: s + poleBars - 1, flagStart: first, flagEnd, breakout: b, end: i, outcome }
}

interface SimulateParameters {
  profile: Profile
  date: TradingDate
  schedule: DaySchedule
  prevClose: number
  startPrice: number
  gapper: GapperPlan | undefined
  quoteIntervalMs: number | undefined
  rng: Random
}

function simulateSymbolDay(p: SimulateParameters): SymbolDayResult {
  const { profile, schedule, prevClose, rng, gapper } = p
  const t0 = schedule.premarket.start
  const n = (schedule.afterhours.end - t0) / MINUTE
  const openIdx = (schedule.regular.start - t0) / MINUTE
  const closeIdx = (schedule.regular.end - t0) / MINUTE
  const regularMinutes = closeIdx - openIdx
  const path = new DayPath(n)
  const small = profile.tier === 'small_cap'
  const dailyVol = gapper ? gapper.volatility : profile.dailyVolatility * rng.logNormal(1, 0.25)
  const regSigma = dailyVol / Math.sqrt(390)
  const floor = 0.05
  path.price[0] = p.startPrice

  // Activity: probability that a minute has a trade.
  const regularProb = small
    ? Math.min(1, Math.max(0.6, 0.6 + 0.2 * Math.log10(profile.avgDailyVolume / 1e5)))
    : 1
  const preProb = small ? rng.uniform(0.04, 0.25) : rng.uniform(0.3, 0.7)
  const postProb = small ? rng.uniform(0.04, 0.2) : rng.uniform(0.3, 0.6)

  // Volume targets per session.
  const dayFactor = gapper ? gapper.rvol : rng.logNormal(1, 0.3)
  const dayVolume = profile.avgDailyVolume * dayFactor
  const preTarget = gapper ? dayVolume * rng.uniform(0.15, 0.28) : dayVolume * profile.premarketShare
  const postTarget = gapper ? dayVolume * rng.uniform(0.04, 0.09) : dayVolume * profile.afterhoursShare
  const regTarget = dayVolume - preTarget - postTarget

  // --- Premarket ---
  for (let i = 0; i < openIdx; i++) {
    path.sigma[i] = regSigma * 0.35
    path.prob[i] = preProb
    path.weight[i] = premarketShape((i + 0.5) / openIdx)
  }
  let openLevel: number
  if (gapper) {
    openLevel = prevClose * (1 + gapper.gap)
    const news = gapper.newsMinute
    const quietSigma = (profile.dailyVolatility / Math.sqrt(390)) * 0.35
    for (let i = 0; i < news; i++) {
      path.sigma[i] = quietSigma
      path.prob[i] = preProb * 0.4
      path.weight[i] = (path.weight[i] as number) * 0.15
    }
    path.bridge(rng, 0, news, prevClose * Math.exp(0.004 * rng.normal()))
    // The news hits: most of the gap happens in the next minutes on heavy volume.
    const jump = prevClose * (1 + gapper.gap * rng.uniform(0.55, 0.95))
    path.price[news + 1] = jump
    path.sigma[news] = Math.abs(gapper.gap) * 0.15
    path.prob[news] = 1
    path.weight[news] = 14
    for (let i = news + 1; i < openIdx; i++) {
      path.sigma[i] = regSigma * 0.9
      path.prob[i] = rng.uniform(0.85, 1)
      path.weight[i] = 1.2 + 6 * Math.exp(-(i - news) / 12) + 2.5 * premarketShape((i + 0.5) / openIdx)
    }
    path.bridge(rng, news + 1, openIdx, openLevel)
  } else {
    openLevel = prevClose * Math.exp(dailyVol * 0.3 * rng.normal())
    path.bridge(rng, 0, openIdx, openLevel)
  }

  // --- Regular session ---
  for (let i = openIdx; i < closeIdx; i++) {
    const x = (i - openIdx + 0.5) / regularMinutes
    path.sigma[i] = regSigma * volatilityShape(x)
    path.prob[i] = gapper ? 1 : regularProb
    path.weight[i] = volumeShape(x)
  }
  let pattern: PatternResult | undefined
  const drift = gapper
    ? ((gapper.direction === 'up' ? -0.25 : 0.1) * dailyVol * rng.uniform(0.3, 1.5)) / regularMinutes
    : (dailyVol * 0.2 * rng.normal()) / regularMinutes
  if (gapper?.flag !== undefined) {
    const delay = Math.min(regularMinutes - 100, Math.floor(rng.logUniform(2, 45)))
    const s = openIdx + Math.max(1, delay)
    path.walk(rng, openIdx, s, 0, floor)
    // Volume reference: the typical early-session minute, so the pole is heavy against it.
    const refWeight = volumeShape(0.08) * rng.uniform(0.9, 1.3)
    pattern = plantBullFlag(path, rng, s, refWeight, gapper.flag.outcome, closeIdx - 1)
    path.walk(rng, pattern.end, closeIdx, drift, floor)
  } else {
    path.walk(rng, openIdx, closeIdx, drift, floor)
  }

  // --- After hours ---
  for (let i = closeIdx; i < n; i++) {
    path.sigma[i] = regSigma * (gapper ? 0.5 : 0.3)
    path.prob[i] = gapper ? rng.uniform(0.5, 0.9) : postProb
    path.weight[i] = afterhoursShape((i - closeIdx + 0.5) / (n - closeIdx))
  }
  path.walk(rng, closeIdx, n, 0, floor)

  return buildBars(p, path, { openIdx, closeIdx, preTarget, regTarget, postTarget, pattern })
}

function spreadFor(
  profile: Profile,
  price: number,
  session: 0 | 1 | 2,
  active: boolean,
  liquidity: number,
): number {
  let bps = profile.spreadBps * liquidity
  if (session !== 1) bps *= active ? 2 : session === 0 ? 4.5 : 3
  return Math.max(tickSize(price), (price * bps) / 10_000)
}

function buildBars(
  p: SimulateParameters,
  path: DayPath,
  plan: {
    openIdx: number
    closeIdx: number
    preTarget: number
    regTarget: number
    postTarget: number
    pattern: PatternResult | undefined
  },
): SymbolDayResult {
  const { profile, schedule, gapper } = p
  // Separate streams: whether a minute trades, its volume and open/close noise do not depend on
  // the quote settings; only the path inside the minute (highs, lows) does.
  const rng = p.rng.derive('bars')
  const bridgeRng = p.rng.derive(`bridge/${p.quoteIntervalMs ?? 0}`)
  const quoteRng = p.rng.derive('quotes')
  // A gapper in play is far more liquid than usual: spreads narrow with relative volume.
  const liquidity = gapper ? Math.max(0.3, 1 / Math.sqrt(gapper.rvol)) : 1
  const symbol = profile.symbol
  const t0 = schedule.premarket.start
  const n = path.n
  const steps = p.quoteIntervalMs === undefined ? 4 : MINUTE / p.quoteIntervalMs
  const sub = new Float64Array(steps + 1)
  const exists = new Uint8Array(n)
  const raw = new Float64Array(n)
  const open = new Float64Array(n)
  const high = new Float64Array(n)
  const low = new Float64Array(n)
  const close = new Float64Array(n)
  const vwap = new Float64Array(n)
  const quotes: Quote[] | undefined = p.quoteIntervalMs === undefined ? undefined : []
  const newsMinute = gapper?.newsMinute ?? n
  for (let i = 0; i < n; i++) {
    const session = i < plan.openIdx ? 0 : i < plan.closeIdx ? 1 : 2
    const has = path.pattern[i] === 1 || rng.next() < (path.prob[i] as number)
    const lo = path.lo[i] as number
    const hi = path.hi[i] as number
    // The path inside the minute: a Brownian bridge between the minute's end points, kept in the band.
    const a = Math.log(path.price[i] as number)
    const bEnd = Math.log(path.price[i + 1] as number)
    const sd = (path.sigma[i] as number) / Math.sqrt(steps)
    let w = 0
    sub[0] = 0
    for (let k = 1; k <= steps; k++) {
      w += sd * bridgeRng.normal()
      sub[k] = w
    }
    const wEnd = sub[steps] as number
    for (let k = 0; k <= steps; k++) {
      const frac = k / steps
      const value = Math.exp(a + (sub[k] as number) - frac * wEnd + frac * (bEnd - a))
      sub[k] = Math.min(hi, Math.max(lo, value))
    }
    const mid = path.price[i] as number
    const active = session === 1 || (gapper !== undefined && i >= newsMinute)
    const spread = spreadFor(profile, mid, session as 0 | 1 | 2, active, liquidity)
    if (has) {
      const patterned = path.pattern[i] === 1
      let o = sub[0] as number
      let c = sub[steps] as number
      if (!patterned) {
        o = Math.min(hi, Math.max(lo, o + (rng.next() - 0.5) * spread))
        c = Math.min(hi, Math.max(lo, c + (rng.next() - 0.5) * spread))
      }
      const fh = path.forceHigh[i] as number
      const fl = path.forceLow[i] as number
      let h = Number.isNaN(fh) ? Math.max(o, c) : Math.max(o, c, fh)
      let l = Number.isNaN(fl) ? Math.min(o, c) : Math.min(o, c, fl)
      let sum = o + c
      for (let k = 1; k < steps; k++) {
        const v = sub[k] as number
        if (v > h) h = v
        if (v < l) l = v
        sum += v
      }
      const ro = roundTick(Math.max(o, 0.0001))
      const rc = roundTick(Math.max(c, 0.0001))
      const rh = Math.max(roundTick(Math.max(h, 0.0001)), ro, rc)
      const rl = Math.min(roundTick(Math.max(l, 0.0001)), ro, rc)
      exists[i] = 1
      open[i] = ro
      close[i] = rc
      high[i] = rh
      low[i] = Math.max(rl, 0.0001)
      vwap[i] = Math.min(rh, Math.max(low[i] as number, Math.round((sum / (steps + 1)) * 10_000) / 10_000))
      const move = Math.abs(Math.log(rc / ro)) / Math.max(1e-6, path.sigma[i] as number)
      raw[i] = patterned
        ? (path.weight[i] as number)
        : (path.weight[i] as number) * rng.logNormal(1, 0.45) * (1 + 0.35 * Math.min(4, move))
    }
    if (quotes !== undefined) {
      // Quote at every step while the minute trades; sparser when it does not.
      const stepMs = MINUTE / steps
      for (let k = 0; k < steps; k++) {
        if (!has && session !== 1 && !quoteRng.chance(0.25)) continue
        const m = sub[k] as number
        const half = (spread / 2) * quoteRng.uniform(0.7, 1.4)
        const tick = tickSize(m)
        let bid = roundTick(Math.max(m - half, tick), 'down')
        let ask = roundTick(m + half, 'up')
        if (bid <= 0) bid = tick
        if (ask <= bid) ask = roundTick(bid + tickSize(bid), 'up')
        const maxLots = profile.tier === 'small_cap' ? 40 : 25
        quotes.push({
          symbol,
          ts: t0 + i * MINUTE + k * stepMs + quoteRng.int(0, Math.max(0, stepMs - 1)),
          bidPrice: bid,
          bidSize: 100 * quoteRng.int(1, maxLots),
          askPrice: ask,
          askSize: 100 * quoteRng.int(1, maxLots),
        })
      }
    }
  }
  // Scale volumes per session to the targets; integers, at least one share.
  const sessionOf = (i: number) => (i < plan.openIdx ? 0 : i < plan.closeIdx ? 1 : 2)
  const targets = [plan.preTarget, plan.regTarget, plan.postTarget]
  const sums = new Float64Array(3)
  for (let i = 0; i < n; i++)
    if (exists[i] === 1) sums[sessionOf(i)] = (sums[sessionOf(i)] as number) + (raw[i] as number)
  const bars: Bar[] = []
  const volume = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    if (exists[i] !== 1) continue
    const s = sessionOf(i)
    const v = Math.max(1, Math.round(((raw[i] as number) / (sums[s] as number)) * (targets[s] as number)))
    volume[i] = v
    bars.push({
      symbol,
      timeframe: '1m',
      ts: t0 + i * MINUTE,
      open: open[i] as number,
      high: high[i] as number,
      low: low[i] as number,
      close: close[i] as number,
      volume: v,
      vwap: vwap[i] as number,
      trades: Math.max(1, Math.round(v / profile.tradeSize)),
    })
  }
  // Summary of the day.
  let regOpen = 0
  let regHigh = 0
  let regLow = Number.POSITIVE_INFINITY
  let regClose = 0
  let preVolume = 0
  let regVolume = 0
  let dayVolume = 0
  let lastPrice = p.startPrice
  for (const bar of bars) {
    const i = (bar.ts - t0) / MINUTE
    dayVolume += bar.volume
    lastPrice = bar.close
    if (i < plan.openIdx) preVolume += bar.volume
    else if (i < plan.closeIdx) {
      if (regOpen === 0) regOpen = bar.open
      regHigh = Math.max(regHigh, bar.high)
      regLow = Math.min(regLow, bar.low)
      regClose = bar.close
      regVolume += bar.volume
    }
  }
  if (regOpen === 0) {
    // No regular trade at all (cannot happen with the activity floor, but stay total).
    regOpen = p.prevClose
    regHigh = p.prevClose
    regLow = p.prevClose
    regClose = p.prevClose
  }
  let flag: PlantedBullFlag | undefined
  if (plan.pattern !== undefined) flag = describeFlag(p, plan.pattern, { open, high, low, close, volume }, t0)
  return {
    bars,
    quotes,
    regularClose: regClose,
    lastPrice,
    summary: {
      prevClose: p.prevClose,
      open: regOpen,
      high: regHigh,
      low: regLow,
      close: regClose,
      volume: dayVolume,
      regularVolume: regVolume,
      premarketVolume: preVolume,
      role: gapper ? 'gapper' : 'noise',
    },
    flag,
  }
}

/** Reads the planted flag's ground truth off the generated (rounded) bars. */
function describeFlag(
  p: SimulateParameters,
  pattern: PatternResult,
  ohlcv: {
    open: Float64Array
    high: Float64Array
    low: Float64Array
    close: Float64Array
    volume: Float64Array
  },
  t0: number,
): PlantedBullFlag {
  const { high, low, volume } = ohlcv
  let poleLow = Number.POSITIVE_INFINITY
  let poleHigh = 0
  let poleVolume = 0
  for (let i = pattern.start; i <= pattern.poleEnd; i++) {
    poleLow = Math.min(poleLow, low[i] as number)
    poleHigh = Math.max(poleHigh, high[i] as number)
    poleVolume += volume[i] as number
  }
  let flagLow = Number.POSITIVE_INFINITY
  let flagHigh = 0
  let flagVolume = 0
  for (let i = pattern.flagStart; i <= pattern.flagEnd; i++) {
    flagLow = Math.min(flagLow, low[i] as number)
    flagHigh = Math.max(flagHigh, high[i] as number)
    flagVolume += volume[i] as number
  }
  const target = roundToTick(flagHigh + (poleHigh - poleLow))
  // Resolve on the bars after the breakout bar (the breakout bar itself is the entry).
  let outcome: 'success' | 'failure' = 'failure'
  let resolved = pattern.end
  for (let i = pattern.breakout + 1; i < (ohlcv.high.length as number); i++) {
    if ((volume[i] as number) === 0) continue
    const hitTarget = (high[i] as number) >= target
    const hitStop = (low[i] as number) < flagLow
    if (hitStop) {
      outcome = 'failure'
      resolved = i
      break
    }
    if (hitTarget) {
      outcome = 'success'
      resolved = i
      break
    }
  }
  const poleBars = pattern.poleEnd - pattern.start + 1
  const flagBars = pattern.flagEnd - pattern.flagStart + 1
  return {
    symbol: p.profile.symbol,
    date: p.date,
    poleStartTs: t0 + pattern.start * MINUTE,
    poleEndTs: t0 + pattern.poleEnd * MINUTE,
    flagStartTs: t0 + pattern.flagStart * MINUTE,
    flagEndTs: t0 + pattern.flagEnd * MINUTE,
    breakoutTs: t0 + pattern.breakout * MINUTE,
    poleBars,
    flagBars,
    poleLow,
    poleHigh,
    flagHigh,
    flagLow,
    poleGainPct: (poleHigh / poleLow - 1) * 100,
    flagPullbackPct: (1 - flagLow / poleHigh) * 100,
    target,
    poleAvgVolume: Math.round(poleVolume / poleBars),
    flagAvgVolume: Math.round(flagVolume / flagBars),
    breakoutVolume: volume[pattern.breakout] as number,
    outcome,
    resolvedTs: t0 + resolved * MINUTE,
  }
}

function checkDates(dates: readonly string[], calendar: TradingCalendar): DaySchedule[] {
  const schedules: DaySchedule[] = []
  let previous = ''
  dates.forEach((date, index) => {
    const schedule = calendar.schedule(date)
    if (schedule === undefined)
      throw new ValidationError('synthetic market parameters', [
        { path: `dates.${index}`, message: `dates.${index} ${date} is not a trading day`, value: date },
      ])
    if (date <= previous)
      throw new ValidationError('synthetic market parameters', [
        {
          path: `dates.${index}`,
          message: `dates.${index} ${date} must come after ${previous} (ascending, no repeats)`,
          value: date,
        },
      ])
    previous = date
    schedules.push(schedule)
  })
  return schedules
}

/** A news time in the premarket, mostly 06:30-08:45 New York. Returns minutes after 04:00. */
function drawNewsMinute(rng: Random, snapshotMinute: number): number {
  const latest = Math.max(10, snapshotMinute - 10)
  const r = rng.next()
  if (r < 0.15) return rng.int(0, Math.min(latest, 90))
  if (r < 0.35) return rng.int(Math.min(latest, 90), Math.min(latest, 150))
  return rng.int(Math.min(latest, 150), latest)
}

/**
 * Generates a seeded, deterministic intraday market for backtests and first experiments: a universe
 * of made-up companies (small caps with low floats and large caps), and for each trading day one-minute
 * bars from 04:00 to 20:00 New York with sparse, light premarket and after-hours trading and a U-shaped
 * regular session; NBBO quotes with realistic spreads (wider outside the regular session); stocks that
 * gap on news with a realistic headline (earnings, FDA, contracts, offerings, analyst calls, ...);
 * premarket scanner snapshots; and bull flags planted after the open in some gappers, with their ground
 * truth: a pole of 8-20% over 3-8 bars on rising volume, a 3-5% flag drifting down on lighter volume,
 * and a breakout on a volume surge that reaches its measured move (`success`) or falls back through the
 * flag (`failure`). Everything else is noise.
 *
 * Days come from the calendar (holidays refused, early closes and DST respected). Prices sit on valid
 * ticks, bars pass core's `BarSchema`, volumes are integers. Closes carry over: each day's previous close
 * is the prior generated day's regular close. No `Math.random`: the same seed and parameters give the
 * same market everywhere, and each symbol-day draws from its own stream derived from the seed.
 *
 * @throws ValidationError for bad parameters (a date that is not a trading day, more gappers than small caps).
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket } from '@tradeblocks/backtest'
 *
 * const market = generateSyntheticMarket({ seed: 7, dates: ['2026-03-09', '2026-03-10'], symbols: 24 })
 * const day = market.days[0]!
 * for (const gapper of day.gappers) {
 *   const news = day.news.find((n) => n.id === gapper.newsId)
 *   console.log(gapper.symbol, gapper.gapPct.toFixed(1), news?.headline, gapper.flag?.outcome)
 * }
 * ```
 */
export function generateSyntheticMarket(
  parameters: GenerateSyntheticMarketParameters = {},
): GenerateSyntheticMarketReturnType {
  const params = parse(ParametersSchema, parameters, 'synthetic market parameters')
  const seed = params.seed ?? 1
  const calendar = params.calendar ?? nyse
  const dates = params.dates ?? ['2026-03-10']
  const schedules = checkDates(dates, calendar)
  const universeSize = params.symbols ?? 20
  const smallCapShare = params.smallCapShare ?? 0.6
  const gappersPerDay = params.gappersPerDay ?? 3
  const flagRate = params.flagRate ?? 0.7
  const flagSuccessRate = params.flagSuccessRate ?? 0.5
  const gapDownShare = params.gapDownShare ?? 0.15
  const quoteIntervalMs = params.quoteIntervalMs ?? 5000
  const snapshotTime = params.snapshotTime ?? '09:00'
  const root = new Random(typeof seed === 'number' ? seed : `s:${seed}`)
  const profiles = makeUniverse(root.derive('universe'), universeSize, smallCapShare)
  const smallCaps = profiles.filter((profile) => profile.tier === 'small_cap')
  if (gappersPerDay > smallCaps.length)
    throw new ValidationError('synthetic market parameters', [
      {
        path: 'gappersPerDay',
        message: `gappersPerDay ${gappersPerDay} exceeds the ${smallCaps.length} small caps of the universe; raise symbols or smallCapShare`,
        value: gappersPerDay,
      },
    ])
  const symbolSet = new Set(profiles.map((profile) => profile.symbol))
  const quoteList = params.quoteSymbols ?? 'gappers'
  if (Array.isArray(quoteList)) {
    quoteList.forEach((symbol, index) => {
      if (!symbolSet.has(symbol))
        throw new ValidationError('synthetic market parameters', [
          {
            path: `quoteSymbols.${index}`,
            message: `quoteSymbols.${index} ${symbol} is not in the universe (${[...symbolSet].join(', ')})`,
            value: symbol,
          },
        ])
    })
  }
  const [snapHour, snapMinute] = snapshotTime.split(':').map(Number) as [number, number]

  const prevClose = new Map<string, number>()
  const lastPrice = new Map<string, number>()
  for (const profile of profiles) {
    prevClose.set(profile.symbol, profile.initialPrice)
    lastPrice.set(profile.symbol, profile.initialPrice)
  }
  const days: SyntheticDay[] = []
  schedules.forEach((schedule, dayIndex) => {
    const date = dates[dayIndex] as string
    const dayRng = root.derive(`day/${date}`)
    const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number]
    const snapshotTs = fromNewYork(year, month, dayOfMonth, snapHour, snapMinute)
    if (snapshotTs < schedule.premarket.start || snapshotTs >= schedule.regular.start)
      throw new ValidationError('synthetic market parameters', [
        {
          path: 'snapshotTime',
          message: `snapshotTime ${snapshotTime} must fall in the premarket (04:00-09:30 New York)`,
          value: snapshotTime,
        },
      ])
    const snapshotMinute = (snapshotTs - schedule.premarket.start) / MINUTE
    const openMinute = (schedule.regular.start - schedule.premarket.start) / MINUTE
    // Pick the gappers and plan their day.
    const chosen = dayRng.shuffle(smallCaps).slice(0, gappersPerDay)
    const plans = new Map<string, GapperPlan>()
    for (const profile of chosen) {
      const down = dayRng.chance(gapDownShare)
      const gap = down ? -dayRng.uniform(0.08, 0.35) : dayRng.logUniform(0.08, 0.8)
      const flag = !down && dayRng.chance(flagRate)
      plans.set(profile.symbol, {
        direction: down ? 'down' : 'up',
        gap,
        newsMinute: Math.min(drawNewsMinute(dayRng, snapshotMinute), openMinute - 5),
        newsSecond: dayRng.int(0, 59),
        rvol: down ? dayRng.logUniform(2, 8) : dayRng.logUniform(4, 30),
        volatility: dayRng.uniform(0.09, 0.2),
        flag: flag ? { outcome: dayRng.chance(flagSuccessRate) ? 'success' : 'failure' } : undefined,
      })
    }
    const quoted = new Set<string>(
      quoteList === 'all'
        ? profiles.map((profile) => profile.symbol)
        : quoteList === 'none'
          ? []
          : quoteList === 'gappers'
            ? chosen.map((profile) => profile.symbol)
            : quoteList,
    )
    const day: SyntheticDay = {
      date,
      schedule,
      bars: {},
      quotes: {},
      snapshots: [],
      news: [],
      gappers: [],
      flags: [],
      summaries: {},
    }
    let newsCount = 0
    const newsId = () => `n-${date}-${++newsCount}`
    for (const profile of profiles) {
      const symbol = profile.symbol
      const plan = plans.get(symbol)
      const pc = prevClose.get(symbol) as number
      const result = simulateSymbolDay({
        profile,
        date,
        schedule,
        prevClose: pc,
        startPrice: (lastPrice.get(symbol) as number) * Math.exp(0.002 * dayRng.normal()),
        gapper: plan,
        quoteIntervalMs: quoted.has(symbol) ? quoteIntervalMs : undefined,
        rng: root.derive(`path/${symbol}/${date}`),
      })
      day.bars[symbol] = result.bars
      if (result.quotes !== undefined) day.quotes[symbol] = result.quotes
      day.summaries[symbol] = result.summary
      prevClose.set(symbol, result.regularClose)
      lastPrice.set(symbol, result.lastPrice)
      if (plan !== undefined) {
        const gapPct = (result.summary.open / pc - 1) * 100
        const story = drawNews(
          root.derive(`news/${symbol}/${date}`),
          plan.direction === 'up' ? 'positive' : 'negative',
          { ...profile, price: pc },
          gapPct,
          date,
        )
        const id = newsId()
        day.news.push({
          id,
          ts: schedule.premarket.start + plan.newsMinute * MINUTE + plan.newsSecond * 1000,
          headline: story.headline,
          summary: story.summary,
          symbols: [symbol],
          category: story.category,
          sentiment: story.sentiment,
          source: 'synthetic',
        })
        const gapper: SyntheticGapper = {
          symbol,
          direction: plan.direction,
          gapPct,
          relativeVolume: result.summary.volume / profile.avgDailyVolume,
          newsId: id,
          category: story.category,
        }
        if (result.flag !== undefined) {
          gapper.flag = result.flag
          day.flags.push(result.flag)
        }
        day.gappers.push(gapper)
      }
      // Snapshot at the snapshot time: bars that completed by then.
      let last = pc
      let volume = 0
      for (const bar of result.bars) {
        if (bar.ts + MINUTE > snapshotTs) break
        last = bar.close
        volume += bar.volume
      }
      const snapshot: PremarketSnapshot = {
        symbol,
        ts: snapshotTs,
        prevClose: pc,
        lastPrice: last,
        volume,
        premarketVolume: volume,
        avgPremarketVolume: Math.round(
          profile.avgDailyVolume * profile.premarketShare * premarketFraction(snapshotMinute, openMinute),
        ),
        avgDailyVolume: profile.avgDailyVolume,
        float: profile.float,
        gapPct: (last / pc - 1) * 100,
      }
      const quotes = result.quotes
      if (quotes !== undefined) {
        let latest: Quote | undefined
        for (const quote of quotes) {
          if (quote.ts > snapshotTs) break
          latest = quote
        }
        if (latest !== undefined) snapshot.latestQuote = latest
      }
      day.snapshots.push(snapshot)
    }
    // Quiet news: a few items on symbols that do not move.
    const quiet = profiles.filter((profile) => !plans.has(profile.symbol))
    const quietCount = Math.min(quiet.length, dayRng.int(1, 3))
    for (const profile of dayRng.shuffle(quiet).slice(0, quietCount)) {
      const story = drawNews(
        root.derive(`news/${profile.symbol}/${date}`),
        'neutral',
        { ...profile, price: day.summaries[profile.symbol]?.prevClose ?? profile.initialPrice },
        0,
        date,
      )
      day.news.push({
        id: newsId(),
        ts:
          schedule.premarket.start + dayRng.int(30, snapshotMinute + 200) * MINUTE + dayRng.int(0, 59) * 1000,
        headline: story.headline,
        summary: story.summary,
        symbols: [profile.symbol],
        category: story.category,
        sentiment: 'neutral',
        source: 'synthetic',
      })
    }
    day.news.sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id))
    day.snapshots.sort((a, b) => b.gapPct - a.gapPct || (a.symbol < b.symbol ? -1 : 1))
    days.push(day)
  })
  const symbols: SyntheticSymbol[] = profiles.map(
    ({ premarketShare: _p, afterhoursShare: _a, tradeSize: _t, ...symbol }) => symbol,
  )
  return { seed, symbols, days }
}
