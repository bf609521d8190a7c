import { PaperBroker, type PaperBrokerOptions } from '@tradeblocks/broker-paper'
import {
  type Account,
  type Bar,
  type Fill,
  formatValue,
  ManualClock,
  type MarketEvent,
  nyse,
  type Order,
  type Position,
  type TradingCalendar,
  TypedEmitter,
  timeframeToMs,
  ValidationError,
} from '@tradeblocks/core'
import {
  BacktestRunner,
  type EngineEvents,
  type Logger,
  type OnStrategyError,
  type RunnerOrderManagerOptions,
  type SessionMode,
  type Strategy,
  type StrategyError,
} from '@tradeblocks/engine'
import {
  type PerformanceStats,
  type ReportBar,
  renderHtmlReport,
  type StatsOptions,
  type StatsTrade,
} from '@tradeblocks/performance'
import { computeRunStats } from './computeRunStats.js'
import { type EquityCurve, EquityRecorder } from './EquityRecorder.js'
import {
  type MarketSeries,
  type MergeMarketEventsParameters,
  mergeMarketEvents,
} from './mergeMarketEvents.js'
import { ProgressBar, type ProgressBarOptions } from './ProgressBar.js'
import { type ClosedTrade, type OpenTrade, TradeLedger } from './TradeLedger.js'
import { writeFilesAtomic } from './writeFilesAtomic.js'

/**
 * The market data of a backtest: events already in time order (an array, a generator, the output of
 * {@link mergeMarketEvents}, an async iterable), or bars, quotes and prints per series, which are
 * merged and checked with {@link mergeMarketEvents}.
 *
 * @example
 * ```ts
 * import type { BacktestData } from '@tradeblocks/backtest'
 *
 * const data: BacktestData = { bars: { AAPL: aaplBars, MSFT: msftBars } }
 * ```
 */
export type BacktestData = Iterable<MarketEvent> | AsyncIterable<MarketEvent> | MergeMarketEventsParameters

/**
 * Files a successful run writes. Each is written to a temporary file and renamed into place only after
 * the run succeeded and every file was written, so a failed run leaves no file, complete or partial.
 *
 * @example
 * ```ts
 * import type { BacktestOutput } from '@tradeblocks/backtest'
 *
 * const output: BacktestOutput = { json: 'out/run.json', trades: 'out/trades.csv', equity: 'out/equity.csv' }
 * ```
 */
export interface BacktestOutput {
  /** The report as JSON: stats, trades, open trades, orders, fills and the equity curve. */
  json?: string
  /** Closed trades as CSV, one row per trade. */
  trades?: string
  /** The equity curve as CSV: `time,ts,equity`. */
  equity?: string
  /** A self-contained HTML report (performance's `renderHtmlReport`): stats, equity, trades with charts. */
  html?: string
}

/**
 * Parameters of {@link runBacktest}.
 *
 * @example
 * ```ts
 * import type { RunBacktestParameters } from '@tradeblocks/backtest'
 *
 * const params: RunBacktestParameters = {
 *   strategy, data: { bars: { SPY: bars } }, initialCash: 25_000,
 *   broker: { commission: { kind: 'per_share', perShare: 0.005, min: 1 }, slippage: { kind: 'bps', bps: 1 } },
 *   progress: true, output: { json: 'out/spy.json' },
 * }
 * ```
 */
export interface RunBacktestParameters {
  /** The strategy (engine's `Strategy`). */
  strategy: Strategy
  /** The market data; see {@link BacktestData}. */
  data: BacktestData
  /** Starting cash. Default 100,000. */
  initialCash?: number
  /** Paper-broker models: fills, slippage, commission, latency, margin, capabilities. */
  broker?: Omit<PaperBrokerOptions, 'clock' | 'initialCash' | 'calendar'>
  /** The trading calendar. Default core's `nyse`. */
  calendar?: TradingCalendar
  /** Which session boundaries the strategy gets (`regular`, `extended`, `none`). Default `regular`. */
  sessions?: SessionMode
  /** A throwing handler stops the run (`stop`, default) or is recorded in `errors` (`continue`). */
  onStrategyError?: OnStrategyError
  /** Bars kept per symbol and timeframe for `ctx.history`. Default 1,000. */
  historySize?: number
  /**
   * Order-manager settings (client id prefix; `emulation: 'always'` to have the engine manage bracket,
   * OCO and trailing-stop legs even though the paper broker supports them natively).
   */
  orderManager?: RunnerOrderManagerOptions
  /** A logger for the strategy's `ctx.log`. Default silent. */
  logger?: Logger
  /** The engine's event bus, to observe fills, orders and logs while the run goes. */
  events?: TypedEmitter<EngineEvents>
  /** Close positions still open at the end at their last price, as trades with reason `end_of_data`. Default false. */
  closeAtEnd?: boolean
  /** Equity sampling: `bar` (default: after each bar, one point per bar time) or `event` (after every event). */
  equitySampling?: 'bar' | 'event'
  /** A terminal progress bar: `true` (on stderr when it is a terminal), its options, or your own instance. */
  progress?: boolean | ProgressBarOptions | ProgressBar
  /** Files to write after a successful run; see {@link BacktestOutput}. */
  output?: BacktestOutput
  /** Options of the statistics (risk-free rate, periods per year, exposure session). */
  stats?: Omit<StatsOptions, 'startingEquity' | 'calendar'>
}

/**
 * What a run produced. Returned only when the run succeeded; a failed run rejects instead (the strategy's
 * `StrategyError` naming the bar it failed on, a `DataProblemsError` naming the bad event, a
 * `ValidationError` for bad parameters).
 *
 * @example
 * ```ts
 * import { runBacktest, type RunBacktestReturnType } from '@tradeblocks/backtest'
 *
 * const report: RunBacktestReturnType = await runBacktest({ strategy, data: { bars: [bars] } })
 * console.log(report.stats.netPnl, report.trades.length)
 * ```
 */
export interface RunBacktestReturnType {
  /** The strategy's name. */
  strategy: string
  /** Delivery time of the first and last event (epoch ms); undefined without data. */
  start: number | undefined
  end: number | undefined
  /** Market events processed, and of which bars, quotes and prints. */
  events: number
  bars: number
  quotes: number
  prints: number
  initialCash: number
  /** The broker's equity at the end. */
  finalEquity: number
  /** Every order of the run, oldest first. */
  orders: Order[]
  /** Every fill, in the order they happened. */
  fills: Fill[]
  /** Closed round trips with entry, exit, P&L, fees, R multiple and exit reason. */
  trades: ClosedTrade[]
  /** Positions still open at the end (empty with `closeAtEnd`). */
  openTrades: OpenTrade[]
  /** The equity curve, one point per bar time. */
  equity: EquityCurve
  /**
   * Statistics from performance's `computeStats` over the closed trades and the equity curve: net P&L,
   * win rate, profit factor, expectancy, average R, max drawdown, Sharpe and Sortino of daily returns,
   * CAGR, exposure, and breakdowns per day, month, symbol and side.
   */
  stats: PerformanceStats
  /** The broker's account and positions at the end. */
  account: Account
  positions: Position[]
  /** Strategy errors survived with `onStrategyError: 'continue'`. */
  errors: StrategyError[]
  /** Wall-clock duration of the run, ms. */
  elapsedMs: number
}

function isIterable(value: unknown): value is Iterable<MarketEvent> | AsyncIterable<MarketEvent> {
  return (
    value !== null &&
    typeof value === 'object' &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  )
}

function countOf(series: MarketSeries<unknown> | undefined): number | undefined {
  if (series === undefined) return 0
  let total = 0
  for (const list of Array.isArray(series) ? series : Object.values(series)) {
    if (!Array.isArray(list)) return undefined
    total += list.length
  }
  return total
}

function invalid(path: string, message: string, value: unknown): ValidationError {
  return new ValidationError('backtest parameters', [{ path, message, value }])
}

const TRADE_COLUMNS = [
  'id',
  'symbol',
  'side',
  'qty',
  'entryTime',
  'entryPrice',
  'exitTime',
  'exitPrice',
  'grossPnl',
  'fees',
  'netPnl',
  'returnPct',
  'initialStop',
  'rMultiple',
  'exitReason',
  'bestPrice',
  'worstPrice',
  'entryOrders',
  'exitOrders',
] as const

function csvField(value: unknown): string {
  if (value === undefined || value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function tradesCsv(trades: readonly ClosedTrade[]): string {
  const rows = [TRADE_COLUMNS.join(',')]
  for (const t of trades) {
    rows.push(
      [
        t.id,
        t.symbol,
        t.side,
        t.qty,
        new Date(t.entryTs).toISOString(),
        t.entryPrice,
        new Date(t.exitTs).toISOString(),
        t.exitPrice,
        t.grossPnl,
        t.fees,
        t.netPnl,
        t.returnPct,
        t.initialStop,
        t.rMultiple,
        t.exitReason,
        t.bestPrice,
        t.worstPrice,
        t.entryOrders.join(' '),
        t.exitOrders.join(' '),
      ]
        .map(csvField)
        .join(','),
    )
  }
  return `${rows.join('\n')}\n`
}

function equityCsv(curve: EquityCurve): string {
  const rows = ['time,ts,equity']
  for (let i = 0; i < curve.ts.length; i++) {
    const ts = curve.ts[i] as number
    rows.push(`${new Date(ts).toISOString()},${ts},${curve.equity[i]}`)
  }
  return `${rows.join('\n')}\n`
}

/** A closed trade as performance's statistics take it. */
function toStatsTrade(trade: ClosedTrade): StatsTrade {
  const out: StatsTrade = {
    id: String(trade.id),
    symbol: trade.symbol,
    side: trade.side,
    qty: trade.qty,
    entryTs: trade.entryTs,
    entryPrice: trade.entryPrice,
    exitTs: trade.exitTs,
    exitPrice: trade.exitPrice,
    netPnl: trade.netPnl,
    fees: trade.fees,
    exitReason: trade.exitReason,
  }
  if (trade.rMultiple !== undefined) out.rMultiple = trade.rMultiple
  if (trade.initialStop !== undefined) out.plannedStop = trade.initialStop
  if (trade.initialTarget !== undefined) out.plannedTarget = trade.initialTarget
  return out
}

/** The closed trades as statistics take them, one at a time (no second array of a run's trades). */
function* statsTradesOf(trades: readonly ClosedTrade[]): Generator<StatsTrade> {
  for (const trade of trades) yield toStatsTrade(trade)
}

/** The bars of the traded symbols, for the report's trade charts (when the data was given as bars). */
function barsForReport(
  series: MergeMarketEventsParameters['bars'],
  trades: readonly ClosedTrade[],
): Record<string, ReportBar[]> | undefined {
  if (series === undefined) return undefined
  const traded = new Set(trades.map((t) => t.symbol))
  const out: Record<string, ReportBar[]> = {}
  for (const list of Array.isArray(series) ? series : Object.values(series)) {
    if (!Array.isArray(list)) continue
    for (const bar of list as Bar[]) {
      if (!traded.has(bar.symbol)) continue
      const into = out[bar.symbol]
      if (into === undefined) out[bar.symbol] = [bar]
      else into.push(bar)
    }
  }
  return out
}

function reportJson(report: RunBacktestReturnType): string {
  return JSON.stringify(
    {
      ...report,
      equity: { ts: Array.from(report.equity.ts), equity: Array.from(report.equity.equity) },
      errors: report.errors.map((e) => ({ name: e.name, message: e.message, handler: e.handler })),
    },
    null,
    2,
  )
}

/**
 * Runs a strategy over market data against broker-paper's simulated broker, on engine's backtest
 * runner, and returns everything a trader reviews: orders, fills, closed trades (entry and exit,
 * P&L, fees, R multiple when the strategy gave a stop, exit reason), open positions, the equity curve
 * per bar (typed arrays) and statistics (net P&L, win rate, profit factor, max drawdown, Sharpe of
 * daily returns).
 *
 * Nothing half-done comes out of a failed run: the promise rejects with the error that stopped it
 * (the strategy's `StrategyError` with the handler and the bar it failed on; a `DataProblemsError` for
 * an out-of-order or impossible event; a `ValidationError` for an invalid order, through the strategy's
 * error), the progress bar is marked failed and no output file is written. Files in `output` are
 * written only after success, atomically.
 *
 * @throws ValidationError for bad parameters.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, runBacktest } from '@tradeblocks/backtest'
 * import type { Strategy } from '@tradeblocks/engine'
 *
 * const market = generateSyntheticMarket({ seed: 1 })
 * const day = market.days[0]!
 * const buyTheFlag: Strategy = {
 *   name: 'first-breakout',
 *   onBar(bar, ctx) {
 *     const flag = day.flags.find((f) => f.symbol === bar.symbol && f.breakoutTs === bar.ts)
 *     if (flag && !ctx.position(bar.symbol))
 *       void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: 100,
 *         bracket: { stopLoss: { stopPrice: flag.flagLow }, takeProfit: { limitPrice: flag.target } } })
 *   },
 * }
 * const report = await runBacktest({ strategy: buyTheFlag, data: { bars: day.bars }, initialCash: 25_000 })
 * console.log(report.stats.netPnl, report.trades.map((t) => `${t.symbol} ${t.exitReason} ${t.rMultiple}R`))
 * ```
 */
export async function runBacktest(parameters: RunBacktestParameters): Promise<RunBacktestReturnType> {
  if (parameters === null || typeof parameters !== 'object')
    throw invalid('', 'parameters must be an object with strategy and data', parameters)
  const { strategy, data } = parameters
  if (strategy === null || typeof strategy !== 'object' || typeof strategy.name !== 'string')
    throw invalid(
      'strategy',
      `strategy must be a Strategy object with a name (got ${formatValue(strategy)})`,
      strategy,
    )
  const initialCash = parameters.initialCash ?? 100_000
  if (!(Number.isFinite(initialCash) && initialCash > 0))
    throw invalid(
      'initialCash',
      `initialCash must be a positive finite number (got ${formatValue(initialCash)})`,
      initialCash,
    )
  const sampling = parameters.equitySampling ?? 'bar'
  if (sampling !== 'bar' && sampling !== 'event')
    throw invalid(
      'equitySampling',
      `equitySampling must be "bar" or "event" (got ${formatValue(sampling)})`,
      sampling,
    )
  if (data === null || typeof data !== 'object')
    throw invalid(
      'data',
      `data must be market events or { bars, quotes, prints } (got ${formatValue(data)})`,
      data,
    )

  let events: Iterable<MarketEvent> | AsyncIterable<MarketEvent>
  let total: number | undefined
  if (isIterable(data)) {
    events = data
    total = Array.isArray(data) ? data.length : undefined
  } else {
    const merge = data as MergeMarketEventsParameters
    events = mergeMarketEvents(merge)
    const counts = [countOf(merge.bars), countOf(merge.quotes), countOf(merge.prints)]
    total = counts.every((c) => c !== undefined)
      ? counts.reduce((a, b) => (a as number) + (b as number), 0)
      : undefined
  }

  const calendar = parameters.calendar ?? nyse
  const clock = new ManualClock(0)
  const broker = new PaperBroker({ ...parameters.broker, clock, calendar, initialCash })
  const bus = parameters.events ?? new TypedEmitter<EngineEvents>()
  const ledger = new TradeLedger(initialCash)
  const recorder = new EquityRecorder(total === undefined ? 4096 : Math.min(total + 1, 1 << 22))
  // The broker is the source of truth for fills: every execution, including those of order legs the
  // broker manages itself, goes into the ledger in the order it happened.
  const fills: Fill[] = []
  const stopFills = broker.onOrderUpdate((update) => {
    const fill = update.fill
    if (fill === undefined) return
    fills.push(fill)
    ledger.fill(fill, update.order)
  })

  const progressOption = parameters.progress ?? false
  const progress =
    progressOption instanceof ProgressBar
      ? progressOption
      : progressOption === false
        ? undefined
        : new ProgressBar({
            label: strategy.name,
            unit: 'events',
            ...(total === undefined ? {} : { total }),
            ...(progressOption === true ? {} : progressOption),
          })
  if (progress !== undefined && total !== undefined && progressOption instanceof ProgressBar)
    progress.setTotal(total)

  let count = 0
  const everyEvent = sampling === 'event'
  let timeframe = ''
  let span = 0
  const onEvent = (event: MarketEvent) => {
    if (++count === 1) {
      // The equity before anything happened, at the start of the first event's interval.
      const start =
        event.kind === 'bar'
          ? event.bar.ts
          : event.kind === 'quote'
            ? event.quote.ts - 1
            : event.kind === 'print'
              ? event.print.ts - 1
              : 0
      if (start > 0) recorder.record(start, initialCash)
    }
    switch (event.kind) {
      case 'bar': {
        const bar = event.bar
        ledger.mark(bar.symbol, bar.close, bar.high, bar.low)
        if (bar.timeframe !== timeframe) {
          timeframe = bar.timeframe
          span = timeframeToMs(bar.timeframe)
        }
        // Sampled at the bar's end, when the runner delivered it.
        recorder.record(bar.ts + span, ledger.cash + ledger.positionValue)
        break
      }
      case 'quote': {
        const q = event.quote
        if (q.bidPrice > 0 && q.askPrice > 0) ledger.mark(q.symbol, (q.bidPrice + q.askPrice) / 2)
        if (everyEvent) recorder.record(q.ts, ledger.equity)
        break
      }
      case 'print': {
        const p = event.print
        ledger.mark(p.symbol, p.price)
        if (everyEvent) recorder.record(p.ts, ledger.equity)
        break
      }
      default:
        break
    }
    if (progress !== undefined && (count & 1023) === 0) progress.update(count)
  }

  const runner = new BacktestRunner({
    strategy,
    broker,
    clock,
    calendar,
    data: events,
    events: bus,
    onEvent,
    ...(parameters.sessions === undefined ? {} : { sessions: parameters.sessions }),
    ...(parameters.onStrategyError === undefined ? {} : { onStrategyError: parameters.onStrategyError }),
    ...(parameters.historySize === undefined ? {} : { historySize: parameters.historySize }),
    ...(parameters.orderManager === undefined ? {} : { orderManager: parameters.orderManager }),
    ...(parameters.logger === undefined ? {} : { logger: parameters.logger }),
  })
  const started = performance.now()
  let result: Awaited<ReturnType<BacktestRunner['run']>>
  try {
    result = await runner.run()
  } catch (error) {
    progress?.fail()
    throw error
  } finally {
    stopFills()
  }
  progress?.update(count)
  progress?.done()
  const elapsedMs = performance.now() - started

  // Every order of the run (the order manager tracks native bracket legs too), oldest first.
  const orders = result.orders
  ledger.assignStops(orders)
  if (parameters.closeAtEnd === true) ledger.closeAll(result.end ?? clock.now())
  if (result.end !== undefined) recorder.record(Math.max(result.end, clock.now()), ledger.equity)
  const equity = recorder.curve()
  const finalEquity = result.account.equity
  const report: RunBacktestReturnType = {
    strategy: result.strategy,
    start: result.start,
    end: result.end,
    events: result.events,
    bars: result.bars,
    quotes: result.quotes,
    prints: result.prints,
    initialCash,
    finalEquity,
    orders,
    fills,
    trades: ledger.trades,
    openTrades: ledger.openTrades(),
    equity,
    stats: computeRunStats(statsTradesOf(ledger.trades), equity, {
      ...parameters.stats,
      startingEquity: initialCash,
      calendar,
    }),
    account: result.account,
    positions: result.positions,
    errors: result.errors,
    elapsedMs,
  }
  const output = parameters.output
  if (output !== undefined) {
    const files: Array<{ path: string; data: string }> = []
    if (output.json !== undefined) files.push({ path: output.json, data: reportJson(report) })
    if (output.trades !== undefined) files.push({ path: output.trades, data: tradesCsv(report.trades) })
    if (output.equity !== undefined) files.push({ path: output.equity, data: equityCsv(report.equity) })
    if (output.html !== undefined) {
      const points: Array<{ ts: number; equity: number }> = []
      for (let i = 0; i < equity.ts.length; i++)
        points.push({ ts: equity.ts[i] as number, equity: equity.equity[i] as number })
      const bars = barsForReport(
        isIterable(data) ? undefined : (data as MergeMarketEventsParameters).bars,
        report.trades,
      )
      files.push({
        path: output.html,
        data: renderHtmlReport({
          title: `Backtest: ${report.strategy}`,
          stats: report.stats,
          trades: report.trades.map(toStatsTrade),
          equity: points,
          ...(bars === undefined ? {} : { bars }),
        }),
      })
    }
    await writeFilesAtomic(files)
  }
  return report
}
