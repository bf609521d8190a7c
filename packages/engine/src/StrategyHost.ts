import type {
  Account,
  Bar,
  BaseError,
  Broker,
  Clock,
  MarketEvent,
  Order,
  OrderRequestInput,
  OrderUpdate,
  Position,
  Print,
  Quote,
  ReplaceOrderRequest,
  Timeframe,
  TradingCalendar,
  TypedEmitter,
} from '@tradeblocks/core'
import { timeframeToMs } from '@tradeblocks/core'
import { BarAggregator } from './BarAggregator.js'
import { BarWindow } from './BarWindow.js'
import type { EngineEvents } from './EngineEvents.js'
import type { LogFields, Logger, LogLevel } from './Logger.js'
import type { OrderManager } from './OrderManager.js'
import type {
  HandlerResult,
  SessionEvent,
  Strategy,
  StrategyContext,
  StrategyHandlerName,
} from './Strategy.js'
import { StrategyError } from './StrategyError.js'

/**
 * What the runners do when a strategy handler throws: `stop` the run with a {@link StrategyError}
 * (the default), or `continue` with the next event (the error is published on the bus and collected).
 *
 * @example
 * ```ts
 * import type { OnStrategyError } from '@tradeblocks/engine'
 *
 * const policy: OnStrategyError = 'continue'
 * ```
 */
export type OnStrategyError = 'stop' | 'continue'

export interface StrategyHostOptions {
  strategy: Strategy
  manager: OrderManager
  broker: Broker
  clock: Clock
  calendar: TradingCalendar
  mode: 'backtest' | 'live'
  logger: Logger
  events: TypedEmitter<EngineEvents>
  historySize: number
  onStrategyError: OnStrategyError
  /** Longer timeframes to build from incoming bars for the history windows. */
  aggregate?: readonly Timeframe[]
}

/**
 * A promise that tells its host when a continuation is chained on it. Derived promises are plain.
 */
class Watched<T> extends Promise<T> {
  host: StrategyHost | undefined

  static override get [Symbol.species](): PromiseConstructor {
    return Promise
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass overriding then, on purpose
  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const derived = super.then(onFulfilled, onRejected)
    this.host?.chained(derived)
    return derived
  }
}

function isPromise(value: unknown): value is Promise<void> {
  return value !== undefined && value !== null && typeof (value as Promise<void>).then === 'function'
}

/**
 * The strategy's side of a runner: the {@link StrategyContext}, history windows, the queue of order
 * updates for the strategy, and handler calls with the error policy. Shared by both runners so they
 * behave the same.
 *
 * @internal
 */
export class StrategyHost implements StrategyContext {
  readonly mode: 'backtest' | 'live'
  readonly clock: Clock
  readonly calendar: TradingCalendar
  readonly log: Logger
  readonly events: TypedEmitter<EngineEvents>
  readonly strategyName: string
  readonly strategy: Strategy
  readonly manager: OrderManager
  readonly errors: StrategyError[] = []
  /** Order updates waiting for `onOrderUpdate`. */
  readonly updates: OrderUpdate[] = []
  /** Promises the strategy got from the context that have not settled yet. */
  #pending = 0
  readonly #idle: (() => void)[] = []
  readonly #broker: Broker
  readonly #historySize: number
  readonly #onError: OnStrategyError
  readonly #windows = new Map<string, Map<string, BarWindow>>()
  readonly #quotes = new Map<string, Quote>()
  readonly #prints = new Map<string, Print>()
  readonly #aggregators: BarAggregator[]
  readonly #spans = new Map<string, number>()
  readonly #completed: Bar[] = []
  /** Set once a `stop`-policy error happened; runners stop on it. */
  fatal: StrategyError | undefined

  constructor(options: StrategyHostOptions) {
    this.strategy = options.strategy
    this.strategyName = options.strategy.name
    this.manager = options.manager
    this.#broker = options.broker
    this.clock = options.clock
    this.calendar = options.calendar
    this.mode = options.mode
    this.events = options.events
    this.#historySize = options.historySize
    this.#onError = options.onStrategyError
    this.#aggregators = [...new Set(options.aggregate ?? [])].map(
      (tf) => new BarAggregator(tf, options.calendar),
    )
    const base = options.logger
    const bus = options.events
    const clock = options.clock
    const line = (level: LogLevel) => (message: string, fields?: LogFields) => {
      base[level](message, fields)
      if (bus.listenerCount('log') > 0) {
        const entry =
          fields === undefined
            ? { level, message, ts: clock.now() }
            : { level, message, fields, ts: clock.now() }
        bus.emit('log', entry)
      }
    }
    this.log = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') }
    this.manager.onUpdate((update) => {
      this.updates.push(update)
    })
  }

  // ---------------------------------------------------------------------------------------------
  // StrategyContext

  now(): number {
    return this.clock.now()
  }

  submit(request: OrderRequestInput): Promise<Order> {
    return this.#watch(this.manager.submit(request))
  }

  cancel(clientOrderId: string): Promise<void> {
    return this.#watch(this.manager.cancel(clientOrderId))
  }

  cancelAll(symbol?: string): Promise<void> {
    return this.#watch(this.manager.cancelAll(symbol))
  }

  replace(clientOrderId: string, patch: ReplaceOrderRequest): Promise<Order> {
    return this.#watch(this.manager.replace(clientOrderId, patch))
  }

  /**
   * Hands a promise to the strategy so that the runner notices when the strategy chains on it
   * (`.then`, `await`, `.catch`): the runner then lets those continuations finish before the next
   * event. A promise nobody chains on costs nothing to wait for.
   */
  #watch<T>(promise: Promise<T>): Promise<T> {
    const watched = new Watched<T>((resolve, reject) => {
      promise.then(resolve, reject)
    })
    watched.host = this
    return watched
  }

  /** A continuation was chained on a context promise: wait for `derived`, which settles after it. */
  chained(derived: Promise<unknown>): void {
    this.#pending++
    derived.then(this.#unwatch, this.#unwatch)
  }

  readonly #unwatch = (): void => {
    if (--this.#pending > 0) return
    const waiters = this.#idle.splice(0)
    for (const resolve of waiters) resolve()
  }

  order(clientOrderId: string): Order | undefined {
    return this.manager.order(clientOrderId)
  }

  openOrders(symbol?: string): Order[] {
    return this.manager.orders(symbol === undefined ? { status: 'open' } : { status: 'open', symbol })
  }

  position(symbol: string): Position | undefined {
    return this.manager.position(symbol)
  }

  positions(): Position[] {
    return this.manager.positions()
  }

  account(): Promise<Account> {
    return this.#watch(this.#broker.getAccount())
  }

  history(symbol: string, timeframe: Timeframe, n?: number): Bar[] {
    const window = this.#windows.get(symbol)?.get(timeframe)
    if (window === undefined) return []
    return n === undefined ? window.toArray() : window.toArray(n)
  }

  window(symbol: string, timeframe: Timeframe): BarWindow | undefined {
    return this.#windows.get(symbol)?.get(timeframe)
  }

  lastQuote(symbol: string): Quote | undefined {
    return this.#quotes.get(symbol)
  }

  lastPrint(symbol: string): Print | undefined {
    return this.#prints.get(symbol)
  }

  // ---------------------------------------------------------------------------------------------
  // Runner side

  /** True when something is left to finish before the next event. */
  get unsettled(): boolean {
    return this.#pending > 0 || this.manager.busy || this.updates.length > 0 || this.fatal !== undefined
  }

  /**
   * Settles what can be settled without waiting: delivers queued order updates to synchronous
   * `onOrderUpdate` handlers. Returns undefined when nothing is left, or a promise (from
   * {@link StrategyHost.settle}) when something must be awaited.
   */
  trySettle(): Promise<void> | undefined {
    for (;;) {
      if (this.fatal !== undefined || this.#pending > 0 || this.manager.busy) return this.settle(undefined)
      if (this.updates.length === 0) return undefined
      const drained = this.drainUpdates()
      if (drained !== undefined) return this.settle(drained)
    }
  }

  /**
   * Waits for a handler's result, then for everything it set in motion: context promises and their
   * continuations, the order manager's broker calls, and the order updates those produced (delivered
   * to `onOrderUpdate`, which may start more). Uses promise jobs only, never the timer or I/O queues,
   * so no market event can slip in between. Throws the fatal strategy error, if any.
   */
  async settle(result: HandlerResult, throwFatal = true): Promise<void> {
    if (result !== undefined) await result
    for (;;) {
      if (throwFatal && this.fatal !== undefined) throw this.fatal
      if (this.#pending > 0) {
        await new Promise<void>((resolve) => {
          this.#idle.push(resolve)
        })
        // Continuations chained on derived promises run a few jobs later.
        for (let i = 0; i < 3; i++) await null
        continue
      }
      if (this.manager.busy) {
        await this.manager.settle()
        continue
      }
      if (this.updates.length > 0) {
        const drained = this.drainUpdates()
        if (drained !== undefined) await drained
        continue
      }
      return
    }
  }

  /** Records a market event in the history windows / last quote / last print. */
  record(event: MarketEvent): void {
    if (event.kind === 'bar') {
      const bar = event.bar
      let bySymbol = this.#windows.get(bar.symbol)
      if (bySymbol === undefined) {
        bySymbol = new Map()
        this.#windows.set(bar.symbol, bySymbol)
      }
      let window = bySymbol.get(bar.timeframe)
      if (window === undefined) {
        window = new BarWindow(this.#historySize)
        bySymbol.set(bar.timeframe, window)
      }
      window.push(bar)
      if (this.#aggregators.length > 0) this.#aggregate(bar, bySymbol)
    } else if (event.kind === 'quote') {
      this.#quotes.set(event.quote.symbol, event.quote)
    } else if (event.kind === 'print') {
      this.#prints.set(event.print.symbol, event.print)
    }
  }

  #aggregate(bar: Bar, bySymbol: Map<string, BarWindow>): void {
    let span = this.#spans.get(bar.timeframe)
    if (span === undefined) {
      span = timeframeToMs(bar.timeframe)
      this.#spans.set(bar.timeframe, span)
    }
    const out = this.#completed
    for (const aggregator of this.#aggregators) {
      aggregator.push(bar, span, out)
      for (const done of out) {
        let window = bySymbol.get(done.timeframe)
        if (window === undefined) {
          window = new BarWindow(this.#historySize)
          bySymbol.set(done.timeframe, window)
        }
        window.push(done)
      }
      out.length = 0
    }
  }

  /** Calls the handler for a market event; returns a promise only when the handler returned one. */
  dispatchMarket(event: MarketEvent): HandlerResult {
    const s = this.strategy
    try {
      let result: HandlerResult
      switch (event.kind) {
        case 'bar':
          if (s.onBar === undefined) return
          result = s.onBar(event.bar, this)
          break
        case 'quote':
          if (s.onQuote === undefined) return
          result = s.onQuote(event.quote, this)
          break
        case 'print':
          if (s.onPrint === undefined) return
          result = s.onPrint(event.print, this)
          break
        case 'status':
          return
      }
      if (isPromise(result)) return this.#guard(result, handlerOf(event), event)
    } catch (error) {
      this.fail(handlerOf(event), error, event)
    }
    return undefined
  }

  /** Delivers queued order updates to `onOrderUpdate`, in order. */
  drainUpdates(): HandlerResult {
    const handler = this.strategy.onOrderUpdate
    if (handler === undefined) {
      this.updates.length = 0
      return
    }
    while (this.updates.length > 0) {
      const update = this.updates.shift() as OrderUpdate
      try {
        const result = handler.call(this.strategy, update, this)
        if (isPromise(result))
          return this.#guard(result, 'onOrderUpdate', undefined).then(() => this.drainUpdates())
      } catch (error) {
        this.fail('onOrderUpdate', error, undefined)
      }
    }
    return
  }

  /** Calls onSessionOpen/onSessionClose and publishes the boundary on the bus. */
  dispatchSession(session: SessionEvent): HandlerResult {
    this.events.emit('session', session)
    const handler = session.kind === 'open' ? this.strategy.onSessionOpen : this.strategy.onSessionClose
    const name = session.kind === 'open' ? 'onSessionOpen' : 'onSessionClose'
    if (handler === undefined) return
    try {
      const result = handler.call(this.strategy, session, this)
      if (isPromise(result)) return this.#guard(result, name, undefined)
    } catch (error) {
      this.fail(name, error, undefined)
    }
    return
  }

  /** Calls onStart or onStop. */
  dispatchLifecycle(name: 'onStart' | 'onStop'): HandlerResult {
    const handler = this.strategy[name]
    if (handler === undefined) return
    try {
      const result = handler.call(this.strategy, this)
      if (isPromise(result)) return this.#guard(result, name, undefined)
    } catch (error) {
      this.fail(name, error, undefined)
    }
    return
  }

  #guard(
    promise: Promise<void>,
    handler: StrategyHandlerName,
    event: MarketEvent | undefined,
  ): Promise<void> {
    return promise.then(
      () => undefined,
      (error: unknown) => this.fail(handler, error, event),
    )
  }

  /** Applies the error policy to an error a handler threw. */
  fail(handler: StrategyHandlerName, error: unknown, event: MarketEvent | undefined): void {
    const wrapped = new StrategyError({
      strategy: this.strategyName,
      handler,
      cause: error,
      ...(event === undefined ? {} : { event }),
    })
    this.errors.push(wrapped)
    if (this.errors.length > 10_000) this.errors.splice(0, this.errors.length - 10_000)
    this.log.error(wrapped.shortMessage, { handler })
    this.events.emit('error', wrapped as BaseError)
    if (this.#onError === 'stop' && this.fatal === undefined) this.fatal = wrapped
  }
}

function handlerOf(event: MarketEvent): StrategyHandlerName {
  return event.kind === 'bar' ? 'onBar' : event.kind === 'quote' ? 'onQuote' : 'onPrint'
}
