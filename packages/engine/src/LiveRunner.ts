import {
  type BaseError,
  type Broker,
  type Clock,
  formatValue,
  isBaseError,
  type MarketDataSource,
  type MarketDataSubscription,
  type MarketEvent,
  NetworkError,
  nyse,
  type Order,
  type SimulatedBroker,
  type SubscriptionRequest,
  type Timeframe,
  type TimerHandle,
  type TradingCalendar,
  TypedEmitter,
  tradingDateOf,
  ValidationError,
} from '@tradeblocks/core'
import type { RunnerOrderManagerOptions } from './BacktestRunner.js'
import type { EngineEvents } from './EngineEvents.js'
import { type Logger, silentLogger } from './Logger.js'
import { marketEventTime } from './marketEventTime.js'
import type { OrderManager } from './OrderManager.js'
import type { ReconcileReport } from './reconcile.js'
import { createRuntime } from './runtime.js'
import { type SessionMode, SessionTracker } from './SessionTracker.js'
import type { SessionEvent, Strategy, StrategyContext } from './Strategy.js'
import type { StrategyError } from './StrategyError.js'
import type { OnStrategyError, StrategyHost } from './StrategyHost.js'

/**
 * Options of {@link LiveRunner}.
 *
 * @example
 * ```ts
 * import { LiveRunner, type LiveRunnerOptions } from '@tradeblocks/engine'
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const options: LiveRunnerOptions = {
 *   strategy, broker, marketData, clock: new SystemClock(),
 *   subscription: { bars: ['AAPL'], quotes: ['AAPL'] },
 *   staleAfterMs: 90_000, onShutdown: 'cancel',
 * }
 * ```
 */
export interface LiveRunnerOptions {
  /** The strategy. */
  strategy: Strategy
  /** Any broker. A simulated broker (`PaperBroker`) gets every market event as it arrives. */
  broker: Broker
  /** Where market data comes from; it must support `subscribe`. */
  marketData: MarketDataSource
  /** What to subscribe to. */
  subscription: SubscriptionRequest
  /** The clock (`SystemClock` live; a replay's `ManualClock` for replays). */
  clock: Clock
  /** Calendar for sessions and the watchdog. Default `nyse`. */
  calendar?: TradingCalendar
  /** Which session boundaries to deliver (and when the watchdog is armed). Default `regular`. */
  sessions?: SessionMode
  /** What happens to open orders on stop (and SIGINT/SIGTERM): `cancel` (default) or `keep`. */
  onShutdown?: 'cancel' | 'keep'
  /**
   * The staleness watchdog: when no market event arrives for this long during a session, the runner
   * publishes a `stale` event and resubscribes. Default 120,000 ms; 0 turns it off.
   */
  staleAfterMs?: number
  /** Resubscribe when the stream is stale, fails or ends. Default `true`. */
  resubscribe?: boolean
  /**
   * Backlog policy while the strategy is busy. Bars and order updates are never dropped. Quotes are
   * coalesced to the latest per symbol (`quotes: 'latest'`, default) or all kept (`'all'`); prints
   * waiting beyond `maxPendingPrints` (default 10,000) are dropped oldest first. Drops are published
   * as `dropped` events.
   */
  backlog?: { quotes?: 'latest' | 'all'; maxPendingPrints?: number }
  /** How often open orders are polled to recover dropped order updates. Default 15,000 ms; 0 turns it off. */
  orderSyncIntervalMs?: number
  /** A session boundary with no market event after it is delivered this late by a timer. Default 2,000 ms. */
  sessionGraceMs?: number
  /** Stop when the subscription ends instead of resubscribing (replays). Default `false`. */
  stopWhenDataEnds?: boolean
  /** What a throwing handler does. Default `stop` (then open orders follow `onShutdown`). */
  onStrategyError?: OnStrategyError
  /** Bars kept per symbol and timeframe for `ctx.history`. Default 1,000. */
  historySize?: number
  /**
   * Longer timeframes built from the incoming bars for `ctx.history` and `ctx.window` (for example
   * `['5m', '1h', '1d']` from one-minute bars); they are not delivered to `onBar`. Intraday buckets
   * are clock-aligned; `1d` is a New York trading date. A bar appears once complete.
   */
  aggregate?: Timeframe[]
  /** Order-manager settings (id prefix, persisted snapshot, timeouts, emulation). */
  orderManager?: RunnerOrderManagerOptions
  /** Logger. Default silent (log lines are still published as `log` events). */
  logger?: Logger
  /** The event bus. Default a new one. */
  events?: TypedEmitter<EngineEvents>
}

/**
 * How a live run ended.
 *
 * @example
 * ```ts
 * import type { LiveRunResult } from '@tradeblocks/engine'
 *
 * const describe = (r: LiveRunResult) => `${r.reason}: ${r.canceledOnShutdown} orders canceled`
 * ```
 */
export interface LiveRunResult {
  /** Why it stopped: `stop()`'s reason, `SIGINT`, `strategy error`, `end of data`. */
  reason: string
  /** The error that stopped it, if one did. */
  error: BaseError | undefined
  /** Orders canceled on shutdown (`onShutdown: 'cancel'`). */
  canceledOnShutdown: number
  /** Orders still open at the broker when the run ended (`keep`, or cancels that failed). */
  openOrders: Order[]
  /** Every order the engine tracked, oldest first. */
  orders: Order[]
  /** Strategy errors survived with `onStrategyError: 'continue'`. */
  errors: StrategyError[]
  /** Market events received (before coalescing). */
  received: number
  /** Market events dropped or coalesced by the backlog policy. */
  dropped: number
  /** Times the runner resubscribed. */
  resubscriptions: number
}

interface QueueItem {
  market: MarketEvent | undefined
  session: SessionEvent | undefined
  skip: boolean
}

function isSimulated(broker: Broker): broker is SimulatedBroker {
  return typeof (broker as Partial<SimulatedBroker>).onMarketEvent === 'function'
}

function positiveOrZero(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new ValidationError('live runner options', [
      {
        path: field,
        message: `${field} must be a non-negative finite number (got ${formatValue(value)})`,
        value,
      },
    ])
  return value
}

/**
 * Runs a strategy live: real (or replayed) market data, any broker, the real clock.
 *
 * - **Never blocks on the strategy.** A pump reads the subscription continuously (and hands each
 *   event to a simulated broker at once, so paper fills follow the market, not the strategy); the
 *   strategy consumes a queue one event at a time, awaiting async handlers. While it is busy, bars
 *   queue up, quotes coalesce to the latest per symbol, prints are bounded (drop-oldest), and order
 *   updates are delivered first and never dropped.
 * - **Survives silent streams.** When no market event arrives for `staleAfterMs` during a session,
 *   it publishes `stale`, closes the subscription and subscribes again (also when the stream fails or ends).
 * - **Stops cleanly.** `stop()` or SIGINT/SIGTERM (after `installSignalHandlers()`) stops the data,
 *   lets the current handler finish, calls `onStop`, cancels open orders (`onShutdown: 'cancel'`) or
 *   keeps them (`'keep'`), polls the broker for the final state and resolves `done`.
 * - **Starts from the broker's truth.** `start()` reconciles orders and positions first and publishes
 *   the report; the order manager polls open orders every `orderSyncIntervalMs` for lost updates.
 * - Sessions are delivered by the calendar as in the backtest runner, so a replay through this
 *   runner makes the same calls in the same order as a backtest over the same events.
 *
 * @example
 * ```ts
 * import { createConsoleLogger, LiveRunner } from '@tradeblocks/engine'
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const clock = new SystemClock()
 * const runner = new LiveRunner({ strategy, broker, marketData, clock, subscription: { bars: ['AAPL'] },
 *   logger: createConsoleLogger({ now: () => clock.now() }) })
 * const uninstall = runner.installSignalHandlers()
 * const result = await runner.run() // until SIGINT/SIGTERM or stop()
 * uninstall()
 * console.log(result.reason)
 * ```
 */
export class LiveRunner {
  /** The event bus. */
  readonly events: TypedEmitter<EngineEvents>
  /** The order manager of this run. */
  readonly orderManager: OrderManager
  /** Resolves when the run has stopped (never rejects). */
  readonly done: Promise<LiveRunResult>

  readonly #options: LiveRunnerOptions
  readonly #clock: Clock
  readonly #calendar: TradingCalendar
  readonly #host: StrategyHost
  readonly #sessions: SessionTracker
  readonly #mode: SessionMode
  readonly #staleAfterMs: number
  readonly #resubscribe: boolean
  readonly #coalesceQuotes: boolean
  readonly #maxPrints: number
  readonly #syncEveryMs: number
  readonly #graceMs: number
  readonly #onShutdown: 'cancel' | 'keep'
  #resolveDone!: (result: LiveRunResult) => void

  #state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle'
  readonly #queue: QueueItem[] = []
  #head = 0
  readonly #pendingQuotes = new Map<string, QueueItem>()
  readonly #pendingPrints: QueueItem[] = []
  #wake: (() => void) | undefined
  #subscription: MarketDataSubscription | undefined
  #generation = 0
  #lastEventAt = 0
  #received = 0
  #dropped = 0
  #resubscriptions = 0
  #watchdog: TimerHandle | undefined
  #sessionTimer: TimerHandle | undefined
  #syncTimer: TimerHandle | undefined
  #syncing = false
  #consumer: Promise<void> | undefined
  #stopPromise: Promise<LiveRunResult> | undefined
  #stopReason = 'stopped'
  #stopError: BaseError | undefined
  readonly #signalUninstalls = new Set<() => void>()

  constructor(options: LiveRunnerOptions) {
    this.#options = options
    this.#clock = options.clock
    this.#calendar = options.calendar ?? nyse
    const logger = options.logger ?? silentLogger
    this.events = options.events ?? new TypedEmitter<EngineEvents>()
    if (typeof options.marketData.subscribe !== 'function')
      throw new ValidationError('live runner options', [
        {
          path: 'marketData',
          message: `market data source ${options.marketData.name} does not support live subscriptions`,
        },
      ])
    this.#staleAfterMs = positiveOrZero(options.staleAfterMs ?? 120_000, 'staleAfterMs')
    this.#resubscribe = options.resubscribe ?? true
    this.#coalesceQuotes = (options.backlog?.quotes ?? 'latest') === 'latest'
    this.#maxPrints = positiveOrZero(options.backlog?.maxPendingPrints ?? 10_000, 'backlog.maxPendingPrints')
    this.#syncEveryMs = positiveOrZero(options.orderSyncIntervalMs ?? 15_000, 'orderSyncIntervalMs')
    this.#graceMs = positiveOrZero(options.sessionGraceMs ?? 2_000, 'sessionGraceMs')
    this.#onShutdown = options.onShutdown ?? 'cancel'
    const runtime = createRuntime(options, {
      mode: 'live',
      subject: 'live runner options',
      calendar: this.#calendar,
      logger,
      events: this.events,
    })
    this.orderManager = runtime.orderManager
    this.#host = runtime.host
    // Order updates wake an idle consumer: a fill at a real broker must not wait for market data.
    this.orderManager.onUpdate(() => {
      const wake = this.#wake
      if (wake !== undefined) {
        this.#wake = undefined
        wake()
      }
    })
    this.#mode = options.sessions ?? 'regular'
    this.#sessions = new SessionTracker(this.#calendar, this.#mode)
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve
    })
  }

  /** The strategy's context. */
  get context(): StrategyContext {
    return this.#host
  }

  /** `idle`, `starting`, `running`, `stopping` or `stopped`. */
  get state(): 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' {
    return this.#state
  }

  /** Starts and resolves when the run stops; rejects with the error that stopped it, if any. */
  async run(): Promise<LiveRunResult> {
    await this.start()
    const result = await this.done
    if (result.error !== undefined) throw result.error
    return result
  }

  /**
   * Reconciles with the broker, calls `onStart`, subscribes and starts the loops. Resolves with the
   * reconciliation report once running.
   */
  start(): Promise<ReconcileReport> {
    if (this.#state !== 'idle')
      return Promise.reject(
        new ValidationError('live runner', [
          { path: 'state', message: `start() was already called (state ${this.#state})` },
        ]),
      )
    this.#state = 'starting'
    this.#starting = this.#start()
    return this.#starting
  }

  async #start(): Promise<ReconcileReport> {
    const report = await this.orderManager.start()
    if (this.#stopRequested) return report
    const t0 = this.#clock.now()
    const opens = this.#sessions.start(t0)
    this.#strategyStarted = true
    try {
      await this.#host.settle(this.#host.dispatchLifecycle('onStart'))
      for (const s of opens) await this.#host.settle(this.#host.dispatchSession(s))
    } catch {
      void this.stop('strategy error', this.#host.fatal)
      return report
    }
    if (this.#stopRequested) return report
    this.#state = 'running'
    this.#lastEventAt = t0
    this.#startPump()
    this.#armSessionTimer()
    this.#armWatchdog()
    this.#armSync()
    this.#consumer = this.#consume()
    return report
  }

  #starting: Promise<ReconcileReport> | undefined
  #stopRequested = false
  #strategyStarted = false

  /**
   * Stops: no more market data, the current handler finishes, `onStop` runs, open orders are
   * canceled or kept (`onShutdown`), the final order states are fetched. Idempotent.
   */
  stop(reason = 'stopped', error?: BaseError): Promise<LiveRunResult> {
    if (this.#stopPromise !== undefined) return this.#stopPromise
    this.#stopReason = reason
    this.#stopError = error
    this.#stopRequested = true
    // A stop during start() waits for it to reach a checkpoint; start() then does not start the loops.
    const started = this.#starting ?? Promise.resolve()
    this.#stopPromise = started.then(
      () => this.#shutdown(),
      () => this.#shutdown(),
    )
    return this.#stopPromise
  }

  /**
   * Stops the runner on SIGINT and SIGTERM (or the given signals); returns a function that removes
   * the handlers. They are also removed when the run stops, so tests and embedding apps keep a clean
   * process. A second signal while stopping is ignored (the stop is already under way).
   */
  installSignalHandlers(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
    const handlers = signals.map((signal) => {
      const handler = () => {
        this.#host.log.warn(`received ${signal}; stopping`, { onShutdown: this.#onShutdown })
        void this.stop(signal)
      }
      process.on(signal, handler)
      return [signal, handler] as const
    })
    const uninstall = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
      this.#signalUninstalls.delete(uninstall)
    }
    this.#signalUninstalls.add(uninstall)
    return uninstall
  }

  // ---------------------------------------------------------------------------------------------
  // Market data

  #startPump(): void {
    const generation = ++this.#generation
    let subscription: MarketDataSubscription
    try {
      subscription = (
        this.#options.marketData.subscribe as (r: SubscriptionRequest) => MarketDataSubscription
      )(this.#options.subscription)
    } catch (error) {
      this.#streamTrouble(generation, error, 'subscribe failed')
      return
    }
    this.#subscription = subscription
    void this.#pump(subscription, generation)
  }

  async #pump(subscription: MarketDataSubscription, generation: number): Promise<void> {
    const broker = this.#options.broker
    const simulated = isSimulated(broker) ? broker : undefined
    try {
      for await (const event of subscription) {
        if (generation !== this.#generation || this.#state !== 'running') return
        this.#lastEventAt = this.#clock.now()
        if (event.kind === 'status') {
          this.#host.log.info(
            `market data ${event.status}`,
            event.detail === undefined ? {} : { detail: event.detail },
          )
          continue
        }
        this.#received++
        // The market does not wait for the strategy: the simulated broker sees the event now.
        simulated?.onMarketEvent(event)
        this.orderManager.onMarketEvent(event)
        this.#enqueueMarket(event)
      }
    } catch (error) {
      this.#streamTrouble(generation, error, 'market data stream failed')
      return
    }
    if (generation !== this.#generation || this.#state !== 'running') return
    if (this.#options.stopWhenDataEnds === true) {
      this.#enqueue({ market: undefined, session: undefined, skip: true }) // wake the consumer
      this.#dataEnded = true
      this.#wake?.()
      return
    }
    this.#streamTrouble(
      generation,
      new NetworkError('The market data stream ended.'),
      'market data stream ended',
    )
  }

  #dataEnded = false

  #streamTrouble(generation: number, error: unknown, what: string): void {
    if (generation !== this.#generation || this.#state !== 'running') return
    const wrapped = isBaseError(error) ? error : new NetworkError(`${what}.`, { cause: error })
    this.#host.log.error(what, { error: wrapped.shortMessage })
    this.events.emit('error', wrapped)
    if (this.#resubscribe) this.#scheduleResubscribe(Math.min(this.#staleAfterMs || 1_000, 5_000))
  }

  #resubscribeTimer: TimerHandle | undefined

  #scheduleResubscribe(delayMs: number): void {
    if (this.#resubscribeTimer !== undefined) return
    this.#resubscribeTimer = this.#clock.setTimer(() => {
      this.#resubscribeTimer = undefined
      if (this.#state === 'running') void this.#doResubscribe()
    }, delayMs)
  }

  async #doResubscribe(): Promise<void> {
    const old = this.#subscription
    this.#generation++ // the old pump's events are ignored from now on
    if (old !== undefined) {
      try {
        await old.close()
      } catch (error) {
        this.#host.log.warn('closing the stale subscription failed', { error: String(error) })
      }
    }
    if (this.#state !== 'running') return
    this.#resubscriptions++
    this.#lastEventAt = this.#clock.now()
    this.events.emit('resubscribed', { attempt: this.#resubscriptions, ts: this.#clock.now() })
    this.#host.log.info('resubscribed to market data', { attempt: this.#resubscriptions })
    this.#startPump()
  }

  // ---------------------------------------------------------------------------------------------
  // Watchdog, sessions and order sync

  #inSession(ts: number): { inside: boolean; start: number; nextStart: number } {
    if (this.#mode === 'none') return { inside: true, start: Number.NEGATIVE_INFINITY, nextStart: ts }
    const day = this.#calendar.schedule(ts)
    if (day !== undefined) {
      const start = this.#mode === 'regular' ? day.regular.start : day.premarket.start
      const end = this.#mode === 'regular' ? day.regular.end : day.afterhours.end
      if (ts >= start && ts < end) return { inside: true, start, nextStart: start }
    }
    if (this.#mode === 'regular') return { inside: false, start: 0, nextStart: this.#calendar.nextOpen(ts) }
    // Extended hours: the next premarket start.
    let date = tradingDateOf(ts)
    for (let i = 0; i < 40; i++) {
      const next = this.#calendar.schedule(date)
      if (next !== undefined && next.premarket.start > ts)
        return { inside: false, start: 0, nextStart: next.premarket.start }
      date = this.#calendar.nextTradingDay(date)
    }
    return { inside: false, start: 0, nextStart: this.#calendar.nextOpen(ts) }
  }

  #armWatchdog(): void {
    if (this.#staleAfterMs === 0 || this.#state !== 'running') return
    const now = this.#clock.now()
    const session = this.#inSession(now)
    let due: number
    if (session.inside) due = Math.max(this.#lastEventAt, session.start) + this.#staleAfterMs
    else due = session.nextStart + this.#staleAfterMs
    this.#watchdog = this.#clock.setTimer(() => this.#checkStale(), Math.max(1, due - now))
  }

  #checkStale(): void {
    this.#watchdog = undefined
    if (this.#state !== 'running') return
    const now = this.#clock.now()
    const session = this.#inSession(now)
    if (session.inside) {
      const since = Math.max(this.#lastEventAt, session.start)
      const silent = now - since
      if (silent >= this.#staleAfterMs) {
        const resubscribing = this.#resubscribe
        this.events.emit('stale', {
          silentMs: silent,
          lastEventAt: this.#lastEventAt,
          ts: now,
          resubscribing,
        })
        this.#host.log.warn('market data is stale', { silentMs: silent, resubscribing })
        if (resubscribing) {
          this.#lastEventAt = now
          void this.#doResubscribe()
        } else {
          this.#lastEventAt = now
        }
      }
    }
    this.#armWatchdog()
  }

  #armSessionTimer(): void {
    if (this.#state !== 'running') return
    const next = this.#sessions.next
    if (!Number.isFinite(next)) return
    const delay = Math.max(0, next + this.#graceMs - this.#clock.now())
    this.#sessionTimer = this.#clock.setTimer(() => {
      this.#sessionTimer = undefined
      if (this.#state !== 'running') return
      const out: SessionEvent[] = []
      this.#sessions.advance(this.#clock.now() - this.#graceMs, true, out)
      for (const s of out) this.#enqueue({ market: undefined, session: s, skip: false })
      this.#armSessionTimer()
    }, delay)
  }

  #armSync(): void {
    if (this.#syncEveryMs === 0 || this.#state !== 'running') return
    this.#syncTimer = this.#clock.setTimer(() => {
      this.#syncTimer = undefined
      if (this.#state !== 'running') return
      if (!this.#syncing) {
        this.#syncing = true
        this.orderManager
          .syncOpenOrders()
          .catch((error: unknown) => this.#host.log.warn('order sync failed', { error: String(error) }))
          .finally(() => {
            this.#syncing = false
          })
      }
      this.#armSync()
    }, this.#syncEveryMs)
  }

  // ---------------------------------------------------------------------------------------------
  // Queue and consumer

  #enqueue(item: QueueItem): void {
    this.#queue.push(item)
    const wake = this.#wake
    if (wake !== undefined) {
      this.#wake = undefined
      wake()
    }
  }

  #enqueueMarket(event: MarketEvent): void {
    if (event.kind === 'quote' && this.#coalesceQuotes) {
      const waiting = this.#pendingQuotes.get(event.quote.symbol)
      if (waiting !== undefined) {
        waiting.market = event
        this.#drop('quote', event.quote.symbol, 1)
        return
      }
      const item: QueueItem = { market: event, session: undefined, skip: false }
      this.#pendingQuotes.set(event.quote.symbol, item)
      this.#enqueue(item)
      return
    }
    if (event.kind === 'print') {
      const item: QueueItem = { market: event, session: undefined, skip: false }
      this.#pendingPrints.push(item)
      while (this.#pendingPrints.length > this.#maxPrints) {
        const oldest = this.#pendingPrints.shift() as QueueItem
        oldest.skip = true
        const sym = oldest.market?.kind === 'print' ? oldest.market.print.symbol : ''
        this.#drop('print', sym, 1)
      }
      this.#enqueue(item)
      return
    }
    this.#enqueue({ market: event, session: undefined, skip: false })
  }

  #drop(kind: 'quote' | 'print', symbol: string, count: number): void {
    this.#dropped += count
    if (this.events.listenerCount('dropped') > 0)
      this.events.emit('dropped', { kind, symbol, count, ts: this.#clock.now() })
  }

  #dequeue(): QueueItem | undefined {
    if (this.#head >= this.#queue.length) return undefined
    const item = this.#queue[this.#head++] as QueueItem
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head)
      this.#head = 0
    }
    return item
  }

  async #consume(): Promise<void> {
    const host = this.#host
    try {
      while (this.#state === 'running') {
        if (host.unsettled) await host.settle(undefined)
        const item = this.#dequeue()
        if (item === undefined) {
          if (this.#dataEnded) {
            void this.stop('end of data')
            break
          }
          await new Promise<void>((resolve) => {
            this.#wake = resolve
          })
          continue
        }
        if (item.skip) continue
        if (item.session !== undefined) {
          await host.settle(host.dispatchSession(item.session))
        } else if (item.market !== undefined) {
          const event = item.market
          if (event.kind === 'quote' && this.#pendingQuotes.get(event.quote.symbol) === item)
            this.#pendingQuotes.delete(event.quote.symbol)
          if (event.kind === 'print') {
            const at = this.#pendingPrints.indexOf(item)
            if (at >= 0) this.#pendingPrints.splice(at, 1)
          }
          await this.#handleMarket(event)
        }
      }
    } catch (error) {
      // A fatal strategy error (policy `stop`) ends the run; anything else is a bug worth surfacing.
      if (host.fatal === undefined) {
        const wrapped = isBaseError(error)
          ? error
          : new NetworkError('The live runner failed.', { cause: error })
        this.events.emit('error', wrapped)
        if (this.#state === 'running') void this.stop('runner error', wrapped)
        return
      }
    }
    if (host.fatal !== undefined && this.#state === 'running') void this.stop('strategy error', host.fatal)
  }

  async #handleMarket(event: MarketEvent): Promise<void> {
    const host = this.#host
    const t = marketEventTime(event)
    const before: SessionEvent[] = []
    this.#sessions.advance(t, false, before)
    for (const s of before) await host.settle(host.dispatchSession(s))
    host.record(event)
    await host.settle(host.dispatchMarket(event))
    const after: SessionEvent[] = []
    this.#sessions.advance(t, true, after)
    for (const s of after) await host.settle(host.dispatchSession(s))
  }

  // ---------------------------------------------------------------------------------------------
  // Shutdown

  /** Settles during shutdown: a strategy error there is recorded, not thrown. */
  async #quietly(result: void | Promise<void>): Promise<void> {
    try {
      await this.#host.settle(result, false)
    } catch {
      // Recorded in host.errors and on the bus; shutdown goes on.
    }
  }

  async #shutdown(): Promise<LiveRunResult> {
    this.#state = 'stopping'
    for (const timer of [this.#watchdog, this.#sessionTimer, this.#syncTimer, this.#resubscribeTimer]) {
      if (timer !== undefined) this.#clock.clearTimer(timer)
    }
    this.#watchdog = this.#sessionTimer = this.#syncTimer = this.#resubscribeTimer = undefined
    this.#generation++
    const subscription = this.#subscription
    this.#subscription = undefined
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
    const host = this.#host
    const manager = this.orderManager
    if (subscription !== undefined) {
      try {
        await subscription.close()
      } catch (error) {
        host.log.warn('closing the subscription failed', { error: String(error) })
      }
    }
    if (this.#consumer !== undefined) await this.#consumer
    if (this.#strategyStarted) await this.#quietly(host.dispatchLifecycle('onStop'))
    let canceled = 0
    if (this.#onShutdown === 'cancel') {
      const open = manager.orders({ status: 'open' })
      canceled = open.length
      if (open.length > 0) {
        host.log.info('canceling open orders on shutdown', { count: open.length })
        await manager.cancelAll()
      }
    }
    try {
      await manager.syncOpenOrders()
    } catch (error) {
      host.log.warn('final order sync failed', { error: String(error) })
    }
    await this.#quietly(undefined)
    manager.stop()
    for (const uninstall of [...this.#signalUninstalls]) uninstall()
    this.#state = 'stopped'
    const error = this.#stopError ?? host.fatal
    const openOrders = manager.orders({ status: 'open' })
    const result: LiveRunResult = {
      reason: this.#stopReason,
      error,
      canceledOnShutdown: this.#onShutdown === 'cancel' ? canceled - openOrders.length : 0,
      openOrders,
      orders: manager.orders({ status: 'all' }),
      errors: [...host.errors],
      received: this.#received,
      dropped: this.#dropped,
      resubscriptions: this.#resubscriptions,
    }
    this.events.emit('stop', { reason: this.#stopReason, ts: this.#clock.now() })
    this.#resolveDone(result)
    return result
  }
}
