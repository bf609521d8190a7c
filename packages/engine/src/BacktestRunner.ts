import {
  type Account,
  type Fill,
  type ManualClock,
  type MarketEvent,
  nyse,
  type Order,
  type Position,
  type SimulatedBroker,
  type Timeframe,
  type TradingCalendar,
  TypedEmitter,
  ValidationError,
} from '@tradeblocks/core'
import type { EngineEvents } from './EngineEvents.js'
import { type Logger, silentLogger } from './Logger.js'
import { marketEventTime } from './marketEventTime.js'
import type { OrderManager, OrderManagerOptions } from './OrderManager.js'
import type { ReconcileReport } from './reconcile.js'
import { createRuntime } from './runtime.js'
import { type SessionMode, SessionTracker } from './SessionTracker.js'
import type { SessionEvent, Strategy, StrategyContext } from './Strategy.js'
import type { StrategyError } from './StrategyError.js'
import type { OnStrategyError, StrategyHost } from './StrategyHost.js'

/**
 * Order-manager settings a runner passes through (the runner supplies broker, clock and strategy name).
 *
 * @example
 * ```ts
 * import type { RunnerOrderManagerOptions } from '@tradeblocks/engine'
 *
 * const om: RunnerOrderManagerOptions = { idPrefix: 'bt', emulation: 'always' }
 * ```
 */
export type RunnerOrderManagerOptions = Omit<
  OrderManagerOptions,
  'broker' | 'clock' | 'strategyName' | 'events' | 'logger'
>

/**
 * Options of {@link BacktestRunner}.
 *
 * @example
 * ```ts
 * import { BacktestRunner, type BacktestRunnerOptions } from '@tradeblocks/engine'
 * import { PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const clock = new ManualClock()
 * const options: BacktestRunnerOptions = {
 *   strategy, clock, data: events, // any iterable of MarketEvent in time order
 *   broker: new PaperBroker({ clock, initialCash: 10_000 }),
 * }
 * const result = await new BacktestRunner(options).run()
 * ```
 */
export interface BacktestRunnerOptions {
  /** The strategy. */
  strategy: Strategy
  /** A simulated broker (broker-paper's `PaperBroker`) using the same clock. */
  broker: SimulatedBroker
  /** The simulated clock; the runner moves it to each event's time (a bar's end). */
  clock: ManualClock
  /** Market events in time order (sync iterables are fastest; async iterables are awaited per event). */
  data: Iterable<MarketEvent> | AsyncIterable<MarketEvent>
  /** Calendar for sessions. Default `nyse`. */
  calendar?: TradingCalendar
  /** Which session boundaries to deliver. Default `regular`. */
  sessions?: SessionMode
  /**
   * Start time, epoch ms (default: the first event's time). A session already open at the start
   * is announced with `onSessionOpen` first.
   */
  start?: number
  /** What a throwing handler does. Default `stop`: the run rejects with a `StrategyError` naming the event. */
  onStrategyError?: OnStrategyError
  /** Bars kept per symbol and timeframe for `ctx.history`. Default 1,000. */
  historySize?: number
  /**
   * Longer timeframes built from the incoming bars for `ctx.history` and `ctx.window` (for example
   * `['5m', '1h', '1d']` from one-minute bars); they are not delivered to `onBar`. Intraday buckets
   * are clock-aligned; `1d` is a New York trading date. A bar appears once complete.
   */
  aggregate?: Timeframe[]
  /** Order-manager settings. */
  orderManager?: RunnerOrderManagerOptions
  /** Logger. Default silent (log lines are still published as `log` events). */
  logger?: Logger
  /** The event bus. Default a new one (`runner.events`). */
  events?: TypedEmitter<EngineEvents>
  /** Called after each event was fully handled (equity sampling, progress). Keep it cheap. */
  onEvent?: (event: MarketEvent, ctx: StrategyContext) => void
}

/**
 * What a backtest run produced. Nothing is returned when the run fails: the promise rejects instead,
 * so no half-written result exists.
 *
 * @example
 * ```ts
 * import type { BacktestResult } from '@tradeblocks/engine'
 *
 * function summary(r: BacktestResult) {
 *   return `${r.events} events, ${r.fills.length} fills, equity ${r.account.equity}`
 * }
 * ```
 */
export interface BacktestResult {
  /** The strategy's name. */
  strategy: string
  /** Market events processed. */
  events: number
  /** Of which bars, quotes, prints. */
  bars: number
  quotes: number
  prints: number
  /** Time of the first and last event, epoch ms (undefined without data). */
  start: number | undefined
  end: number | undefined
  /** Every order the engine sent, oldest first. */
  orders: Order[]
  /** Every fill, in the order they happened. */
  fills: Fill[]
  /** The broker's account at the end. */
  account: Account
  /** The broker's positions at the end. */
  positions: Position[]
  /** Strategy errors survived with `onStrategyError: 'continue'`. */
  errors: StrategyError[]
  /** The reconciliation at the start (clean unless the broker held state). */
  reconcile: ReconcileReport
}

/** Event counts and times, as numbers from the start (a field that held `undefined` would box every time stored). */
class Counts {
  events = 0
  bars = 0
  quotes = 0
  prints = 0
  first = Number.NEGATIVE_INFINITY
  last = Number.NEGATIVE_INFINITY
}

function isAsyncIterable<T>(value: Iterable<T> | AsyncIterable<T>): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T>)[Symbol.asyncIterator] === 'function'
}

function describe(event: MarketEvent): string {
  switch (event.kind) {
    case 'bar':
      return `bar ${event.bar.symbol} ${event.bar.timeframe} at ${new Date(event.bar.ts).toISOString()}`
    case 'quote':
      return `quote ${event.quote.symbol} at ${new Date(event.quote.ts).toISOString()}`
    case 'print':
      return `print ${event.print.symbol} at ${new Date(event.print.ts).toISOString()}`
    case 'status':
      return `status ${event.status} at ${new Date(event.ts).toISOString()}`
  }
}

/**
 * Runs a strategy over recorded market events against a simulated broker, on a simulated clock.
 *
 * For each event, in order: the clock moves to the event's time (a bar's end), session boundaries
 * before that time are delivered, the broker fills against the event, the resulting order updates
 * are delivered, the history is updated and the event's handler runs, then the order updates of
 * the handler's own orders, then session boundaries at that time. The hot path is synchronous: a
 * promise is awaited only when a handler returns one or the order manager has broker calls in
 * flight, so a synchronous strategy runs at millions of bars per second.
 *
 * Bad input stops the run with a clear error and no result: an event out of time order
 * (`ValidationError` naming both times), a strategy that throws (`StrategyError` with the handler
 * and the event, unless `onStrategyError: 'continue'`), an invalid order (`ValidationError` from
 * `ctx.submit`, surfacing as the strategy's error).
 *
 * @example
 * ```ts
 * import { BacktestRunner, type Strategy } from '@tradeblocks/engine'
 * import { PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const strategy: Strategy = {
 *   name: 'first-bar',
 *   onBar(bar, ctx) {
 *     if (ctx.position(bar.symbol) === undefined && ctx.openOrders().length === 0)
 *       void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: 1 })
 *   },
 * }
 * const clock = new ManualClock()
 * const result = await new BacktestRunner({ strategy, clock, broker: new PaperBroker({ clock }), data: events }).run()
 * console.log(result.fills)
 * ```
 */
export class BacktestRunner {
  /** The event bus (order updates, fills, sessions, errors, logs). */
  readonly events: TypedEmitter<EngineEvents>
  /** The order manager of this run. */
  readonly orderManager: OrderManager
  readonly #options: BacktestRunnerOptions
  readonly #host: StrategyHost
  readonly #sessions: SessionTracker
  #ran = false

  constructor(options: BacktestRunnerOptions) {
    this.#options = options
    const calendar = options.calendar ?? nyse
    const logger = options.logger ?? silentLogger
    this.events = options.events ?? new TypedEmitter<EngineEvents>()
    const runtime = createRuntime(options, {
      mode: 'backtest',
      subject: 'backtest options',
      calendar: calendar,
      logger,
      events: this.events,
    })
    this.orderManager = runtime.orderManager
    this.#host = runtime.host
    this.#sessions = new SessionTracker(calendar, options.sessions ?? 'regular')
  }

  /** The strategy's context (for inspection after or during a run). */
  get context(): StrategyContext {
    return this.#host
  }

  /**
   * Runs to the end of the data. Resolves with the result; rejects with the first error that stops
   * the run (`StrategyError`, `ValidationError` for out-of-order data).
   */
  async run(): Promise<BacktestResult> {
    if (this.#ran)
      throw new ValidationError('backtest', [
        { path: 'run', message: 'a BacktestRunner runs once; create a new one' },
      ])
    this.#ran = true
    const { broker, clock, data } = this.#options
    const host = this.#host
    const manager = this.orderManager
    const fills: Fill[] = []
    const stopFills = this.events.on('fill', ({ fill }) => fills.push(fill))
    try {
      const reconcile = await manager.start()
      const counts = new Counts()
      let started = false
      const begin = async (t0: number) => {
        started = true
        if (t0 > clock.now()) clock.set(t0)
        await this.#settle(host.dispatchLifecycle('onStart'))
        const opens = this.#sessions.start(t0)
        for (const s of opens) await this.#settle(host.dispatchSession(s))
      }
      if (this.#options.start !== undefined) await begin(this.#options.start)
      const step = (event: MarketEvent): Promise<void> | undefined => this.#step(event, counts)
      if (isAsyncIterable(data)) {
        for await (const event of data) {
          if (!started) await begin(this.#options.start ?? marketEventTime(event))
          await step(event)
        }
      } else {
        for (const event of data) {
          if (!started) await begin(this.#options.start ?? marketEventTime(event))
          const pending = step(event)
          if (pending !== undefined) await pending
        }
      }
      if (!started) await begin(this.#options.start ?? clock.now())
      await this.#settle(host.dispatchLifecycle('onStop'))
      await manager.settle()
      await this.#settle(host.drainUpdates())
      this.events.emit('stop', { reason: 'end of data', ts: clock.now() })
      return {
        strategy: host.strategyName,
        events: counts.events,
        bars: counts.bars,
        quotes: counts.quotes,
        prints: counts.prints,
        start: counts.events === 0 ? undefined : counts.first,
        end: counts.events === 0 ? undefined : counts.last,
        orders: manager.orders({ status: 'all' }),
        fills,
        account: await broker.getAccount(),
        positions: await broker.getPositions(),
        errors: [...host.errors],
        reconcile,
      }
    } finally {
      stopFills()
      manager.stop()
    }
  }

  /** Awaits a handler result and everything it set in motion; throws the fatal strategy error if any. */
  #settle(result: void | Promise<void>): Promise<void> {
    return this.#host.settle(result)
  }

  /**
   * One event. Returns undefined when everything happened synchronously, or a promise to await.
   */
  #step(event: MarketEvent, counts: Counts): Promise<void> | undefined {
    const t = marketEventTime(event)
    const clock = this.#options.clock
    const last = counts.last
    if (t < last) {
      throw new ValidationError('market data', [
        {
          path: 'ts',
          message: `events must be in time order: ${describe(event)} (known at ${new Date(t).toISOString()}) comes after an event known at ${new Date(last).toISOString()}`,
          value: t,
        },
      ])
    }
    if (!Number.isFinite(t)) {
      throw new ValidationError('market data', [
        { path: 'ts', message: `${event.kind} has no valid time (got ${t})`, value: t },
      ])
    }
    if (counts.events++ === 0) counts.first = t
    counts.last = t
    if (event.kind === 'bar') counts.bars++
    else if (event.kind === 'quote') counts.quotes++
    else if (event.kind === 'print') counts.prints++
    if (t > clock.now()) clock.set(t)
    const sessions = this.#sessions
    if (sessions.next < t) return this.#slowStep(event, t)
    return this.#core(event, t)
  }

  /** The event itself: broker, updates, history, handler, own updates, trailing boundaries. */
  #core(event: MarketEvent, t: number): Promise<void> | undefined {
    const host = this.#host
    this.#options.broker.onMarketEvent(event)
    this.orderManager.onMarketEvent(event)
    if (host.unsettled) {
      const pending = host.trySettle()
      if (pending !== undefined) return this.#coreAsync(event, t, pending)
    }
    host.record(event)
    const result = host.dispatchMarket(event)
    if (result !== undefined) return this.#afterHandler(event, t, result)
    if (host.unsettled) {
      const pending = host.trySettle()
      if (pending !== undefined) return this.#afterHandler(event, t, pending)
    }
    if (this.#sessions.next <= t) return this.#afterHandler(event, t, undefined)
    this.#options.onEvent?.(event, host)
    return undefined
  }

  async #coreAsync(event: MarketEvent, t: number, pending: Promise<void>): Promise<void> {
    const host = this.#host
    await pending
    await this.#settle(undefined)
    host.record(event)
    await this.#afterHandler(event, t, host.dispatchMarket(event))
  }

  async #afterHandler(event: MarketEvent, t: number, result: void | Promise<void>): Promise<void> {
    await this.#settle(result)
    const out: SessionEvent[] = []
    this.#sessions.advance(t, true, out)
    for (const s of out) await this.#settle(this.#host.dispatchSession(s))
    this.#options.onEvent?.(event, this.#host)
  }

  async #slowStep(event: MarketEvent, t: number): Promise<void> {
    const out: SessionEvent[] = []
    this.#sessions.advance(t, false, out)
    for (const s of out) await this.#settle(this.#host.dispatchSession(s))
    const pending = this.#core(event, t)
    if (pending !== undefined) await pending
  }
}
