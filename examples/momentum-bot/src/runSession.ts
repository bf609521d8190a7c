// Runs the momentum strategy through the engine's live runner against any Broker and MarketDataSource,
// with the circuit breaker, the journal, the performance alerts and the dashboard wired in.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BreakerRule, FileBreakerStore, TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
import {
  type Broker,
  type Clock,
  type MarketDataSource,
  nyse,
  roundMoney,
  type TradingCalendar,
  tradingDateOf,
} from '@tradeblocks/core'
import { type DashboardController, formatDaySummary, startDashboard } from '@tradeblocks/dashboard'
import { LiveRunner, type LiveRunResult, type Logger } from '@tradeblocks/engine'
import { type Journal, openJournal, type TradeMode, type TradeRecord } from '@tradeblocks/journal'
import { dailySummary, formatDailySummary, RollingAlertTracker } from '@tradeblocks/performance'
import type { BotConfig } from './config.js'
import { DashboardBridge } from './DashboardBridge.js'
import { MomentumStrategy, type WatchlistBuilder } from './MomentumStrategy.js'

/** Everything a session run needs from its mode (replay, paper, live). */
export interface RunSessionParameters {
  config: BotConfig
  broker: Broker
  marketData: MarketDataSource
  symbols: string[]
  clock: Clock
  calendar?: TradingCalendar
  watchlist: WatchlistBuilder
  tradeMode: TradeMode
  /** Directory for the journal, the breaker state and the daily summaries. */
  stateDir: string
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
  /** Install SIGINT/SIGTERM handlers for a graceful shutdown (the CLI does; tests do not). */
  handleSignals?: boolean
  /** Replay speed shown on the dashboard. */
  speed?: number
}

/** What a session run returns. */
export interface RunSessionResult {
  result: LiveRunResult
  trades: TradeRecord[]
  startEquity: number
  endEquity: number
  summaries: string[]
  breakerTripped: boolean
  breakerExplanation: string
  stateDir: string
}

const consoleless: Logger = { debug() {}, info() {}, warn() {}, error() {} }

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, text)
  await rename(temp, path)
}

/** Runs one session (or many days of a replay) until the data ends or the operator quits. */
export async function runSession(parameters: RunSessionParameters): Promise<RunSessionResult> {
  const { config, broker, marketData, clock } = parameters
  const calendar = parameters.calendar ?? nyse
  const stdout = parameters.stdout ?? process.stdout
  await mkdir(join(parameters.stateDir, 'summaries'), { recursive: true })

  const journal: Journal = await openJournal({
    dir: join(parameters.stateDir, 'journal'),
    durability: { mode: 'group', intervalMs: 50 },
    clock,
  })
  const breaker = await TradingCircuitBreaker.create({
    clock,
    calendar,
    store: new FileBreakerStore(join(parameters.stateDir, 'breaker.json'), { clock }),
    config: {
      maxDailyLoss: config.breaker.maxDailyLoss,
      maxDailyLossPercent: config.breaker.maxDailyLossPct / 100,
      maxConsecutiveLosses: config.breaker.maxConsecutiveLosses,
      maxDrawdownPercent: config.breaker.maxDrawdownPct / 100,
      maxTradesPerDay: config.breaker.maxTradesPerDay,
    },
  })
  const strategy = new MomentumStrategy({
    config,
    mode: parameters.tradeMode,
    accountId: (await broker.getAccount()).id,
    breaker,
    watchlist: parameters.watchlist,
    journal,
  })
  const startEquity = (await broker.getAccount()).equity
  const alerts = new RollingAlertTracker({
    startingEquity: startEquity,
    sink: journal,
    context: { strategy: strategy.name, mode: parameters.tradeMode },
  })

  let dashboard: DashboardController | undefined
  let runner: LiveRunner | undefined
  const bridge = new DashboardBridge({ strategy, breaker, broker, config, speed: parameters.speed ?? 1 })
  dashboard = await startDashboard({
    state: bridge.initialState(clock.now()),
    stdout,
    ...(parameters.stdin === undefined ? {} : { stdin: parameters.stdin }),
    isTTY: config.dashboard && stdout.isTTY === true,
    clock,
    calendar,
    onQuit: () => {
      void runner?.stop('operator quit')
    },
    onPauseToggle: (paused) => {
      strategy.paused = paused
    },
    onKill: async () => {
      breaker.kill({ reason: 'kill switch pressed on the dashboard', flatten: true })
      if (runner) await strategy.flatten(runner.context, 'breaker', 'kill switch')
    },
  })
  bridge.attach(dashboard)

  breaker.on('tripped', (halt) => {
    void journal.appendBreakerEvent({
      ts: halt.trippedAt,
      breaker: halt.rule,
      event: 'tripped',
      reason: halt.reason,
      strategy: strategy.name,
      mode: parameters.tradeMode,
      details: { values: halt.values, resetAt: halt.resetAt, flatten: halt.flatten },
    })
  })
  breaker.on('reset', (event) => {
    void journal.appendBreakerEvent({
      ts: event.ts,
      breaker: event.rules.join(',') || 'none',
      event: 'reset',
      reason: event.reason,
      strategy: strategy.name,
      mode: parameters.tradeMode,
    })
  })
  alerts.on('alert', (alert) => dashboard?.alert(alert.message, alert.severity))
  strategy.events.on('exit', (record) => alerts.onTrade(record))

  runner = new LiveRunner({
    strategy,
    broker,
    marketData,
    subscription: { bars: parameters.symbols, timeframe: '1m' },
    clock,
    calendar,
    onShutdown: config.onShutdown,
    stopWhenDataEnds: true,
    logger: consoleless,
  })
  runner.events.on('order', (update) => {
    void journal.appendOrderEvent({
      ts: update.ts,
      event: update.event,
      symbol: update.order.symbol,
      orderId: update.order.id,
      clientOrderId: update.order.clientOrderId,
      order: update.order,
      ...(update.fill === undefined ? {} : { fill: update.fill }),
      strategy: strategy.name,
      mode: parameters.tradeMode,
    })
    void bridge.refresh(clock.now())
  })
  runner.events.on('fill', () => void bridge.refresh(clock.now()))
  if (process.env.TRADEBLOCKS_DEBUG === '1') {
    strategy.events.on('log', (level, message, ts) =>
      process.stderr.write(`${new Date(ts).toISOString()} ${level} ${message}\n`),
    )
  }
  strategy.events.on('tick', (ts) => {
    // Once per market minute: the dashboard's clock and positions, and an equity sample for the alerts.
    void bridge.refresh(ts)
    void broker.getAccount().then((account) => alerts.onEquity({ ts, equity: account.equity }))
  })
  const summaries: string[] = []
  const dayStartEquity = new Map<string, number>()
  runner.events.on('session', (session) => {
    if (session.kind === 'open') {
      void broker.getAccount().then((account) => dayStartEquity.set(session.date, account.equity))
      return
    }
    void (async () => {
      const account = await broker.getAccount()
      const dayTrades = strategy.closed.filter((t) => tradingDateOf(t.exitTs) === session.date)
      const summary = dailySummary({
        date: session.date,
        trades: dayTrades,
        equity: [{ ts: session.ts, equity: account.equity }],
        startingEquity: dayStartEquity.get(session.date) ?? startEquity,
      })
      const text = `${dashboard ? formatDaySummary(dashboard.getState()) : ''}\n${formatDailySummary(summary)}`
      summaries.push(text)
      dashboard?.log(`session close ${session.date}: ${formatDailySummary(summary).split('\n')[0]}`, 'info')
      await writeAtomic(
        join(parameters.stateDir, 'summaries', `${session.date}.json`),
        `${JSON.stringify(summary, null, 2)}\n`,
      )
    })()
  })
  const uninstall = parameters.handleSignals ? runner.installSignalHandlers() : undefined

  let result: LiveRunResult
  try {
    result = await runner.run()
  } finally {
    uninstall?.()
  }
  await dashboard.stop()
  await breaker.flush()
  await journal.flush()
  await journal.close()
  const endEquity = (await broker.getAccount()).equity
  const status = breaker.status()
  return {
    result,
    trades: strategy.closed,
    startEquity,
    endEquity: roundMoney(endEquity),
    summaries,
    breakerTripped: status.halts.some((h) => h.rule !== BreakerRule.KillSwitch) || status.state === 'halted',
    breakerExplanation: breaker.explain(),
    stateDir: parameters.stateDir,
  }
}
