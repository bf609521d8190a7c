// Replay mode: a seeded synthetic market day (or days) from @tradeblocks/backtest, run at accelerated
// speed through the engine's live runner against broker-paper. No keys, no network.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSyntheticMarket, type SyntheticMarket } from '@tradeblocks/backtest'
import { PaperBroker } from '@tradeblocks/broker-paper'
import { type Bar, ManualClock, nyse, SystemClock } from '@tradeblocks/core'
import { ReplayMarketDataSource } from '@tradeblocks/engine'
import type { BotConfig } from './config.js'
import { type RunSessionResult, runSession } from './runSession.js'
import { buildWatchlist } from './scanWatchlist.js'

/** The trading days a run covers: `days` trading days from `startDate` (or the next trading day). */
export function tradingDates(startDate: string, days: number): string[] {
  const first = nyse.isTradingDay(startDate) ? startDate : nyse.nextTradingDay(startDate)
  const dates = [first]
  while (dates.length < days) dates.push(nyse.nextTradingDay(dates[dates.length - 1] as string))
  return dates
}

/** Generates the synthetic market of a config (the same for the same seed and dates). */
export function syntheticMarketFor(config: BotConfig): SyntheticMarket {
  return generateSyntheticMarket({
    seed: config.seed,
    dates: tradingDates(config.startDate, config.days),
    symbols: config.universe,
    gappersPerDay: config.market.gappersPerDay,
    flagRate: config.market.flagRate,
    quoteSymbols: 'none',
  })
}

/** The broker-paper settings a config asks for. */
export function paperBrokerOptions(config: BotConfig) {
  return {
    initialCash: config.account.initialCash,
    marginMultiplier: config.account.marginMultiplier,
    commission: {
      kind: 'per_share',
      perShare: config.broker.commissionPerShare,
      min: config.broker.minCommission,
    } as const,
    slippage: { kind: 'bps', bps: config.broker.slippageBps } as const,
  }
}

/** Options of {@link runReplay}. */
export interface RunReplayParameters {
  config: BotConfig
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
  handleSignals?: boolean
  /** Replaces the market (tests build losing scenarios). */
  market?: SyntheticMarket
}

/** Runs the replay. A replay is a fresh simulated account: its state directory starts empty. */
export async function runReplay(
  parameters: RunReplayParameters,
): Promise<RunSessionResult & { market: SyntheticMarket; broker: PaperBroker }> {
  const { config } = parameters
  const market = parameters.market ?? syntheticMarketFor(config)
  const wanted = config.symbols === undefined ? undefined : new Set(config.symbols)
  const symbols = market.symbols.map((s) => s.symbol).filter((s) => wanted === undefined || wanted.has(s))
  const bars: Bar[] = []
  for (const day of market.days) for (const symbol of symbols) bars.push(...(day.bars[symbol] ?? []))
  const firstDay = market.days[0]
  if (firstDay === undefined) throw new Error('the synthetic market has no days')

  const clock = new ManualClock(firstDay.schedule.premarket.start - 60_000)
  const speed = config.speed === 'max' ? Number.POSITIVE_INFINITY : config.speed
  const marketData = new ReplayMarketDataSource({
    bars,
    clock,
    speed,
    pacer: new SystemClock(),
    name: 'synthetic',
  })
  const broker = new PaperBroker({
    clock,
    calendar: nyse,
    accountId: `replay-${config.seed}`,
    ...paperBrokerOptions(config),
  })

  const stateDir = join(config.stateDir, 'replay', `seed-${config.seed}-${firstDay.date}`)
  await rm(stateDir, { recursive: true, force: true })
  const result = await runSession({
    config,
    broker,
    marketData,
    symbols,
    clock,
    watchlist: (date, ts) => buildWatchlist({ market, date, ts, config, symbols }),
    tradeMode: 'backtest',
    stateDir,
    ...(parameters.stdout === undefined ? {} : { stdout: parameters.stdout }),
    ...(parameters.stdin === undefined ? {} : { stdin: parameters.stdin }),
    ...(parameters.handleSignals === undefined ? {} : { handleSignals: parameters.handleSignals }),
    speed: Number.isFinite(speed) ? speed : 1_000_000,
  })
  return { ...result, market, broker }
}
