import type { Account, Order, OrderStatus, OrderUpdate, Position } from '../schemas/order.js'
import type { OrderRequest, ReplaceOrderRequest } from '../schemas/orderRequest.js'
import type { MarketEvent } from './MarketDataSource.js'

/**
 * What a broker supports natively. The engine's order manager emulates what is missing
 * (bracket, OCO and trailing stops) and refuses what it cannot (shorting where disabled).
 *
 * @example
 * ```ts
 * import type { BrokerCapabilities } from '@tradeblocks/core'
 *
 * const basic: BrokerCapabilities = { bracket: false, oco: false, oto: false, trailingStop: false,
 *   fractional: false, notional: false, shortSelling: true, extendedHours: true, replace: true }
 * ```
 */
export interface BrokerCapabilities {
  /** Native bracket orders (entry + take-profit + stop-loss). */
  bracket: boolean
  /** Native one-cancels-other exit pairs. */
  oco: boolean
  /** Native one-triggers-other (entry + one exit). */
  oto: boolean
  /** Native trailing stops. */
  trailingStop: boolean
  /** Fractional share quantities. */
  fractional: boolean
  /** Orders by dollar amount (`notional`). */
  notional: boolean
  /** Short selling. */
  shortSelling: boolean
  /** Orders in premarket and after-hours sessions. */
  extendedHours: boolean
  /** Replacing (modifying) a working order in place. */
  replace: boolean
}

/**
 * Filters for {@link Broker.getOrders}.
 *
 * @example
 * ```ts
 * import type { OrderQuery } from '@tradeblocks/core'
 *
 * const open: OrderQuery = { status: 'open', symbols: ['AAPL'] }
 * ```
 */
export interface OrderQuery {
  /** `open` (default): not terminal; `closed`: terminal; `all`. */
  status?: 'open' | 'closed' | 'all'
  /** Only these symbols. */
  symbols?: string[]
  /** Only orders created at or after this time (epoch ms). */
  after?: number
  /** At most this many, newest first. */
  limit?: number
}

/**
 * Stops a subscription.
 *
 * @example
 * ```ts
 * import type { Unsubscribe } from '@tradeblocks/core'
 *
 * const stop: Unsubscribe = broker.onOrderUpdate((u) => console.log(u.event))
 * stop()
 * ```
 */
export type Unsubscribe = () => void

/**
 * A broker, real or simulated. Every broker adapter implements this port and passes the shared
 * broker contract suite.
 *
 * Rules every implementation keeps:
 * - `submitOrder` is never retried inside the adapter: on a timeout or network error the caller
 *   looks the order up with {@link Broker.getOrderByClientId} before doing anything else.
 * - Errors are `BaseError`s with a core code (`rejected`, `insufficient_funds`, `rate_limited`, ...).
 * - Order updates arrive in the order the broker produced them; each carries the full order.
 *
 * @example
 * ```ts
 * import type { Broker } from '@tradeblocks/core'
 *
 * async function flatten(broker: Broker) {
 *   await broker.cancelAllOrders()
 *   for (const p of await broker.getPositions()) {
 *     await broker.submitOrder({ type: 'market', symbol: p.symbol, side: p.qty > 0 ? 'sell' : 'buy',
 *       qty: Math.abs(p.qty), timeInForce: 'day', extendedHours: false, clientOrderId: `flat-${p.symbol}` })
 *   }
 * }
 * ```
 */
export interface Broker {
  /** A short name for logs, e.g. `alpaca-paper`. */
  readonly name: string
  /** What the broker supports natively. */
  readonly capabilities: BrokerCapabilities
  /** The account snapshot. */
  getAccount(): Promise<Account>
  /** Open positions (never flat ones). */
  getPositions(): Promise<Position[]>
  /** Orders matching the query (open ones by default). */
  getOrders(query?: OrderQuery): Promise<Order[]>
  /** One order by broker id; throws `NotFoundError` when unknown. */
  getOrder(id: string): Promise<Order>
  /** One order by client order id, or `undefined` when the broker has none. */
  getOrderByClientId(clientOrderId: string): Promise<Order | undefined>
  /** Submits a validated request; `clientOrderId` is required so the outcome can be looked up. */
  submitOrder(request: OrderRequest & { clientOrderId: string }): Promise<Order>
  /** Requests cancellation; the final status arrives as an order update. */
  cancelOrder(id: string): Promise<void>
  /** Cancels every open order. */
  cancelAllOrders(): Promise<void>
  /** Replaces a working order; returns the new order (the old one ends `replaced`). */
  replaceOrder(id: string, patch: ReplaceOrderRequest): Promise<Order>
  /** Subscribes to order updates; returns a function that unsubscribes. */
  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe
}

/**
 * Open statuses: not terminal.
 *
 * @example
 * ```ts
 * import { OPEN_ORDER_STATUSES } from '@tradeblocks/core'
 *
 * OPEN_ORDER_STATUSES.includes('accepted') // true
 * ```
 */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [
  'new',
  'accepted',
  'partially_filled',
  'pending_cancel',
  'pending_replace',
]

/**
 * A broker driven by market data rather than a venue (broker-paper, a replay). A runner hands it
 * every market event, in time order, before the strategy sees that event, so orders placed on
 * one bar fill against the next one and never against data the strategy has not seen.
 *
 * @example
 * ```ts
 * import type { MarketEvent, SimulatedBroker } from '@tradeblocks/core'
 *
 * function replay(broker: SimulatedBroker, events: Iterable<MarketEvent>, onEvent: (e: MarketEvent) => void) {
 *   for (const event of events) {
 *     broker.onMarketEvent(event) // fills first
 *     onEvent(event) // then the strategy
 *   }
 * }
 * ```
 */
export interface SimulatedBroker extends Broker {
  /** Advances the simulation with one market event (fills, expiries, trailing-stop updates). */
  onMarketEvent(event: MarketEvent): void
}
