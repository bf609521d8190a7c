import type {
  Account,
  Bar,
  Clock,
  Fill,
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
import type { BarWindow } from './BarWindow.js'
import type { EngineEvents } from './EngineEvents.js'
import type { Logger } from './Logger.js'

/**
 * A regular (or extended) session boundary, passed to `onSessionOpen` and `onSessionClose`.
 *
 * @example
 * ```ts
 * import type { SessionEvent } from '@tradeblocks/engine'
 *
 * const e: SessionEvent = { kind: 'close', date: '2026-01-05', ts: Date.UTC(2026, 0, 5, 21), earlyClose: false }
 * ```
 */
export interface SessionEvent {
  /** `open` or `close`. */
  kind: 'open' | 'close'
  /** The New York trading date. */
  date: string
  /** The boundary instant, epoch ms. */
  ts: number
  /** True on an early-close day (13:00). */
  earlyClose: boolean
}

/**
 * What a strategy handler may return: nothing, or a promise the runner awaits before the next event.
 * Return plain values from synchronous code: the backtest runner then never awaits.
 *
 * @example
 * ```ts
 * import type { HandlerResult } from '@tradeblocks/engine'
 *
 * const sync: HandlerResult = undefined
 * ```
 */
export type HandlerResult = void | Promise<void>

/**
 * The runtime a strategy sees: time, orders, positions, history, logs and events. The same object
 * is used by the backtest runner and the live runner, so strategy code cannot tell them apart
 * except through `mode`.
 *
 * @example
 * ```ts
 * import type { StrategyContext } from '@tradeblocks/engine'
 *
 * async function enter(ctx: StrategyContext, symbol: string) {
 *   if (ctx.position(symbol) !== undefined || ctx.openOrders(symbol).length > 0) return
 *   const order = await ctx.submit({ type: 'market', symbol, side: 'buy', qty: 100 })
 *   ctx.log.info('submitted', { clientOrderId: order.clientOrderId, status: order.status })
 * }
 * ```
 */
export interface StrategyContext {
  /** `backtest` or `live` (paper trading is live against a paper broker). */
  readonly mode: 'backtest' | 'live'
  /** The runner's clock: data time in a backtest, the real time live. */
  readonly clock: Clock
  /** The trading calendar. */
  readonly calendar: TradingCalendar
  /** Structured logs. */
  readonly log: Logger
  /** The engine's event bus: order updates, fills, reconciliation, staleness, errors. */
  readonly events: TypedEmitter<EngineEvents>
  /** The strategy's name, as used in client order ids. */
  readonly strategyName: string
  /** `clock.now()`. */
  now(): number
  /**
   * Validates and submits an order through the order manager, which assigns a deterministic client
   * order id (unless the request has one), emulates brackets/OCO/trailing stops the broker lacks and
   * never sends a duplicate. Resolves with the order as known after the broker answered (status
   * `rejected` with `rejectReason` when refused); never rejects for a broker refusal.
   *
   * @throws ValidationError synchronously when the request is invalid (a bad price, no quantity...).
   */
  submit(request: OrderRequestInput): Promise<Order>
  /** Requests cancellation of one of this strategy's orders by client order id. */
  cancel(clientOrderId: string): Promise<void>
  /** Cancels every open order of this strategy (of one symbol when given). */
  cancelAll(symbol?: string): Promise<void>
  /** Replaces a working order; resolves with the new order (the old one ends `replaced`). */
  replace(clientOrderId: string, patch: ReplaceOrderRequest): Promise<Order>
  /** One order by client order id, as the order manager knows it. */
  order(clientOrderId: string): Order | undefined
  /** Open orders (of one symbol when given), oldest first. */
  openOrders(symbol?: string): Order[]
  /** The position in `symbol` from this engine's fills, or `undefined` when flat. */
  position(symbol: string): Position | undefined
  /** Every open position the engine holds. */
  positions(): Position[]
  /** The broker's account snapshot. */
  account(): Promise<Account>
  /**
   * The last `n` completed bars of `symbol` in `timeframe`, oldest first (fewer at the start of a
   * run). `n` defaults to all the window holds.
   */
  history(symbol: string, timeframe: Timeframe, n?: number): Bar[]
  /** The live window of bars of `symbol` in `timeframe`, without copying; `undefined` before the first bar. */
  window(symbol: string, timeframe: Timeframe): BarWindow | undefined
  /** The last quote seen for `symbol`. */
  lastQuote(symbol: string): Quote | undefined
  /** The last print seen for `symbol`. */
  lastPrint(symbol: string): Print | undefined
}

/**
 * A trading strategy: handlers the runners call in the same order for the same data, in backtests
 * and live. Every handler is optional. Handlers may be synchronous (fastest in backtests) or async;
 * the runner awaits a returned promise before it delivers the next event, so a strategy never sees
 * events concurrently.
 *
 * Order of calls for one market event: the broker (simulated brokers fill first), then any order
 * updates that produced, then the event's handler (`onBar`, `onQuote` or `onPrint`), then the order
 * updates the handler's own orders produced. Session boundaries are delivered before the first
 * event after them.
 *
 * @example
 * ```ts
 * import type { Strategy } from '@tradeblocks/engine'
 *
 * const buyTheOpen: Strategy = {
 *   name: 'buy-open',
 *   onSessionOpen(session, ctx) {
 *     ctx.log.info('open', { date: session.date })
 *   },
 *   onBar(bar, ctx) {
 *     if (ctx.position(bar.symbol) === undefined && ctx.openOrders(bar.symbol).length === 0)
 *       void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: 10 })
 *   },
 *   onOrderUpdate(update, ctx) {
 *     if (update.fill) ctx.log.info('fill', { price: update.fill.price })
 *   },
 * }
 * ```
 */
export interface Strategy {
  /** A short name: letters, digits, `.`, `_` and `-` (it goes into client order ids). */
  readonly name: string
  /** Called once before the first event, after reconciliation. */
  onStart?(ctx: StrategyContext): HandlerResult
  /** A completed bar. */
  onBar?(bar: Bar, ctx: StrategyContext): HandlerResult
  /** An NBBO quote. */
  onQuote?(quote: Quote, ctx: StrategyContext): HandlerResult
  /** A trade print. */
  onPrint?(print: Print, ctx: StrategyContext): HandlerResult
  /** An update of one of this engine's orders (fills carry `update.fill`). */
  onOrderUpdate?(update: OrderUpdate, ctx: StrategyContext): HandlerResult
  /** The session opened. */
  onSessionOpen?(session: SessionEvent, ctx: StrategyContext): HandlerResult
  /** The session closed. */
  onSessionClose?(session: SessionEvent, ctx: StrategyContext): HandlerResult
  /** Called once when the run ends (end of data, stop, signal). */
  onStop?(ctx: StrategyContext): HandlerResult
}

/**
 * The names of the strategy's handlers, as reported by `StrategyError.handler`.
 *
 * @example
 * ```ts
 * import type { StrategyHandlerName } from '@tradeblocks/engine'
 *
 * const h: StrategyHandlerName = 'onBar'
 * ```
 */
export type StrategyHandlerName =
  | 'onStart'
  | 'onBar'
  | 'onQuote'
  | 'onPrint'
  | 'onOrderUpdate'
  | 'onSessionOpen'
  | 'onSessionClose'
  | 'onStop'

/**
 * A fill together with the order it belongs to, as the engine reports it on the `fill` event.
 *
 * @example
 * ```ts
 * import type { EngineFill } from '@tradeblocks/engine'
 *
 * const describe = (f: EngineFill) => `${f.fill.side} ${f.fill.qty} ${f.fill.symbol} @ ${f.fill.price} (${f.order.clientOrderId})`
 * ```
 */
export interface EngineFill {
  fill: Fill
  order: Order
}
