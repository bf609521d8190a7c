// The bot's premarket stage: scanner filters → catalyst classification → momentum ranking → watchlist.
import type { SyntheticMarket } from '@tradeblocks/backtest'
import { classifyCatalyst, type PremarketSnapshot, rankMomentum, scanPremarket } from '@tradeblocks/scanner'
import type { BotConfig } from './config.js'
import type { WatchlistEntry } from './MomentumStrategy.js'

/** Inputs of {@link buildWatchlist}. */
export interface BuildWatchlistParameters {
  market: SyntheticMarket
  date: string
  ts: number
  config: BotConfig
  /** Symbols the bot may trade (the replayed universe). */
  symbols: readonly string[]
}

/**
 * Ranks the day's gappers from the premarket snapshots and news of the synthetic market, exactly as a
 * live bot would from a vendor's snapshots and news feed: filters first (gap, relative volume, price,
 * float), then the catalyst of each passing symbol, then the momentum score; the top N are watched.
 */
export function buildWatchlist({
  market,
  date,
  ts,
  config,
  symbols,
}: BuildWatchlistParameters): WatchlistEntry[] {
  const day = market.days.find((d) => d.date === date)
  if (day === undefined) return []
  const allowed = new Set(symbols)
  const snapshots: PremarketSnapshot[] = day.snapshots
    .filter((s) => allowed.has(s.symbol))
    .map((s) => ({
      symbol: s.symbol,
      prevClose: s.prevClose,
      lastPrice: s.lastPrice,
      premarketVolume: s.premarketVolume,
      avgDailyVolume: s.avgDailyVolume,
      avgPremarketVolume: s.avgPremarketVolume,
      float: s.float,
      ts: s.ts,
    }))
  const { scanner } = config
  const scan = scanPremarket(snapshots, {
    minGapPct: scanner.minGapPct,
    minRelativeVolume: scanner.minRelativeVolume,
    minPrice: scanner.minPrice,
    maxPrice: scanner.maxPrice,
    ...(scanner.maxFloat === undefined ? {} : { maxFloat: scanner.maxFloat }),
  })
  const news = day.news.filter((item) => item.ts <= ts)
  const catalysts = news.map((item) =>
    classifyCatalyst(
      {
        id: item.id,
        headline: item.headline,
        summary: item.summary,
        publishedAt: item.ts,
        symbols: item.symbols,
        source: item.source,
      },
      { now: ts },
    ),
  )
  const ranked = rankMomentum(scan.passed, { catalysts, topN: scanner.topN })
  return ranked
    .filter((r) => r.catalyst?.sign !== 'negative')
    .map((r) => ({
      symbol: r.symbol,
      rank: r.rank,
      score: r.score,
      gapPct: r.candidate.gapPct,
      relativeVolume: r.candidate.relativeVolume,
      lastPrice: r.candidate.price,
      ...(r.catalyst === undefined
        ? {}
        : { catalyst: r.catalyst.categories[0] ?? 'other', catalystSign: r.catalyst.sign }),
    }))
}
