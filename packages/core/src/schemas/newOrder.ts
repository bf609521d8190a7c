import type { Order } from './order.js'
import type { OrderRequest } from './orderRequest.js'

/**
 * What {@link newOrder} needs besides the request.
 *
 * @example
 * ```ts
 * import type { NewOrderIdentity } from '@tradeblocks/core'
 *
 * const identity: NewOrderIdentity = { id: 'paper-1', clientOrderId: 'bot-AAPL-1', orderClass: 'simple', createdAt: 1767364200000 }
 * ```
 */
export interface NewOrderIdentity {
  /** The broker's id of the order. */
  id: string
  /** The client order id: the request's own, or one the caller generated for it. */
  clientOrderId: string
  /** `simple`, or the class of the group the order belongs to (`bracket`, `oto`, `oco`). */
  orderClass: Order['orderClass']
  /** When the order was created (ms since the epoch); also its `updatedAt`. */
  createdAt: number
}

/**
 * The {@link Order} a validated request becomes when a broker (or an order manager) takes it: status
 * `new`, nothing filled, and the request's symbol, side, type, quantity or notional, prices, trailing
 * amount, time in force and extended-hours flag. Only the fields the request sets are present (no
 * `undefined` values), so the result passes `OrderSchema` and compares equal to a parsed order.
 *
 * @example
 * ```ts
 * import { newOrder, parseOrderRequest } from '@tradeblocks/core'
 *
 * const request = parseOrderRequest({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 190.25 })
 * const order = newOrder(request, { id: 'paper-1', clientOrderId: 'bot-AAPL-1', orderClass: 'simple', createdAt: 1767364200000 })
 * order.status // 'new'
 * order.limitPrice // 190.25
 * ```
 */
export function newOrder(request: OrderRequest, identity: NewOrderIdentity): Order {
  const order: Order = {
    id: identity.id,
    clientOrderId: identity.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    orderClass: identity.orderClass,
    filledQty: 0,
    timeInForce: request.timeInForce,
    extendedHours: request.extendedHours,
    status: 'new',
    createdAt: identity.createdAt,
    updatedAt: identity.createdAt,
  }
  if (request.qty !== undefined) order.qty = request.qty
  if (request.notional !== undefined) order.notional = request.notional
  if ('limitPrice' in request && request.limitPrice !== undefined) order.limitPrice = request.limitPrice
  if ('stopPrice' in request && request.stopPrice !== undefined) order.stopPrice = request.stopPrice
  if (request.type === 'trailing_stop') {
    if (request.trailPercent !== undefined) order.trailPercent = request.trailPercent
    if (request.trailPrice !== undefined) order.trailPrice = request.trailPrice
  }
  return order
}
