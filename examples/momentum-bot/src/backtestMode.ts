// Backtest mode: many synthetic days (or CSV bars) through runBacktest, statistics, and the HTML report.
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadBarsCsv, runBacktest, type SyntheticMarket } from '@tradeblocks/backtest'
import { MemoryBreakerStore, TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
import { type Bar, nyse } from '@tradeblocks/core'
import { computeStats, type PerformanceStats, writeHtmlReport } from '@tradeblocks/performance'
import type { BotConfig } from './config.js'
import { LateBoundClock } from './LateBoundClock.js'
import { MomentumStrategy, type WatchlistEntry } from './MomentumStrategy.js'
import { paperBrokerOptions, syntheticMarketFor } from './replayMode.js'
import { buildWatchlist } from './scanWatchlist.js'

/** Options of {@link runBacktestMode}. */
export interface RunBacktestModeParameters {
  config: BotConfig
  /** Replaces the synthetic market (tests). */
  market?: SyntheticMarket
  /** Where progress and the statistics go (default stdout). */
  out?: (line: string) => void
}

async function loadCsvDir(dir: string): Promise<Bar[][]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort()
  if (files.length === 0) throw new Error(`--data ${dir}: no .csv files found`)
  const series: Bar[][] = []
  for (const file of files) {
    const symbol = file.replace(/\.csv$/, '').toUpperCase()
    const { bars } = await loadBarsCsv(join(dir, file), {
      symbol,
      timeframe: '1m',
      timeZone: 'America/New_York',
    })
    series.push(bars)
  }
  return series
}

/** Runs the strategy over many days and returns the trades and the statistics. */
export async function runBacktestMode(parameters: RunBacktestModeParameters) {
  const { config } = parameters
  const out = parameters.out ?? ((line: string) => console.log(line))
  let series: Bar[][]
  let watchlist: (date: string, ts: number) => WatchlistEntry[]
  let market: SyntheticMarket | undefined
  if (config.dataDir !== undefined) {
    series = await loadCsvDir(config.dataDir)
    // CSV bars carry no premarket snapshots or news: every loaded symbol is watched.
    const symbols = series.map((bars) => bars[0]?.symbol).filter((s): s is string => s !== undefined)
    watchlist = () =>
      symbols.map((symbol, i) => ({
        symbol,
        rank: i + 1,
        score: 0,
        gapPct: 0,
        relativeVolume: 0,
        lastPrice: 0,
      }))
  } else {
    market = parameters.market ?? syntheticMarketFor(config)
    const wanted = config.symbols === undefined ? undefined : new Set(config.symbols)
    const symbols = market.symbols.map((s) => s.symbol).filter((s) => wanted === undefined || wanted.has(s))
    series = symbols.map((symbol) => market?.days.flatMap((day) => day.bars[symbol] ?? []) ?? [])
    const m = market
    watchlist = (date, ts) => buildWatchlist({ market: m, date, ts, config, symbols })
  }

  const clock = new LateBoundClock(0)
  const breaker = await TradingCircuitBreaker.create({
    clock,
    calendar: nyse,
    store: new MemoryBreakerStore(),
    config: {
      maxDailyLoss: config.breaker.maxDailyLoss,
      maxDailyLossPercent: config.breaker.maxDailyLossPct / 100,
      maxConsecutiveLosses: config.breaker.maxConsecutiveLosses,
      maxDrawdownPercent: config.breaker.maxDrawdownPct / 100,
      maxTradesPerDay: config.breaker.maxTradesPerDay,
      drawdownReset: 'next_session',
    },
  })
  const strategy = new MomentumStrategy({
    config,
    mode: 'backtest',
    accountId: `backtest-${config.seed}`,
    breaker,
    watchlist,
    onStart: (ctx) => clock.bind(ctx.clock),
  })
  const result = await runBacktest({
    strategy,
    data: { bars: series },
    initialCash: config.account.initialCash,
    broker: paperBrokerOptions(config),
    calendar: nyse,
    closeAtEnd: true,
    progress: process.stderr.isTTY === true,
  })
  if (result.errors.length > 0) throw result.errors[0]
  const stats: PerformanceStats = computeStats({
    trades: strategy.closed,
    equity: Array.from(result.equity.ts, (ts, i) => ({ ts, equity: result.equity.equity[i] as number })),
    startingEquity: config.account.initialCash,
  })
  out(`Backtest of ${config.days} day(s), seed ${config.seed}: ${strategy.closed.length} trades`)
  out(
    `  net P&L ${stats.netPnl.toFixed(2)}, win rate ${stats.winRate === null ? 'n/a' : `${(stats.winRate * 100).toFixed(1)}%`}, ` +
      `profit factor ${stats.profitFactor === null ? 'n/a' : stats.profitFactor.toFixed(2)}, ` +
      `max drawdown ${stats.maxDrawdown.toFixed(2)} (${((stats.maxDrawdownPct ?? 0) * 100).toFixed(2)}%), Sharpe ${stats.sharpe === null ? 'n/a' : stats.sharpe.toFixed(2)}`,
  )
  const reportPath = resolve(
    process.env.INIT_CWD ?? process.cwd(),
    config.report ?? join(config.stateDir, 'backtest', `seed-${config.seed}-${config.days}d-report.html`),
  )
  const barsBySymbol = new Map(series.map((bars) => [bars[0]?.symbol ?? '', bars] as const))
  const tradeBars: Record<
    string,
    { ts: number; open: number; high: number; low: number; close: number; volume: number }[]
  > = {}
  for (const trade of strategy.closed) {
    const bars = barsBySymbol.get(trade.symbol) ?? []
    // Thirty minutes before the entry to thirty minutes after the exit.
    tradeBars[trade.id] = bars.filter(
      (b) => b.ts >= trade.entryTs - 1_800_000 && b.ts <= trade.exitTs + 1_800_000,
    )
  }
  const written = await writeHtmlReport({
    path: reportPath,
    title: `Momentum bot backtest · ${config.days} day(s) · seed ${config.seed}`,
    stats,
    trades: strategy.closed,
    equity: Array.from(result.equity.ts, (ts, i) => ({ ts, equity: result.equity.equity[i] as number })),
    bars: tradeBars,
  })
  out(`  report: ${written.path} (${(written.bytes / 1024).toFixed(0)} KiB)`)
  return { result, stats, trades: strategy.closed, market, breaker, reportPath: written.path }
}
