import { isValidTick } from '../roundToTick.js'
import { parse } from '../validation.js'
import { CLIENT_ORDER_ID_PATTERN, type OrderRequest, OrderRequestSchema } from './orderRequest.js'
import { isSymbol } from './primitives.js'

const TIME_IN_FORCE: ReadonlySet<unknown> = new Set(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'])

function positive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
}

function price(value: unknown): value is number {
  return positive(value) && isValidTick(value)
}

/**
 * Validates an order request: `parse(OrderRequestSchema, input, 'order request')` with a fast path for
 * the common case, a plain market, limit, stop or stop-limit order without bracket or OCO legs whose
 * fields are all valid. For such input it returns exactly what the schema returns (defaults applied,
 * unknown keys dropped); anything else, including every invalid input, goes through the schema, so
 * the errors are the schema's. Order managers and simulated brokers call it once per order.
 *
 * @throws ValidationError naming each bad field and its value.
 *
 * @example
 * ```ts
 * import { parseOrderRequest } from '@tradeblocks/core'
 *
 * const request = parseOrderRequest({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 190.25 })
 * request.timeInForce // 'day'
 * ```
 */
export function parseOrderRequest(input: unknown): OrderRequest {
  if (typeof input === 'object' && input !== null) {
    const r = input as Record<string, unknown>
    const type = r.type
    if (
      (type === 'market' || type === 'limit' || type === 'stop' || type === 'stop_limit') &&
      r.bracket === undefined &&
      r.oco === undefined &&
      (r.side === 'buy' || r.side === 'sell') &&
      isSymbol(r.symbol) &&
      (r.qty === undefined ? positive(r.notional) : positive(r.qty) && r.notional === undefined) &&
      (r.timeInForce === undefined || TIME_IN_FORCE.has(r.timeInForce)) &&
      (r.extendedHours === undefined || typeof r.extendedHours === 'boolean') &&
      (r.clientOrderId === undefined ||
        (typeof r.clientOrderId === 'string' && CLIENT_ORDER_ID_PATTERN.test(r.clientOrderId))) &&
      (type === 'limit' || type === 'stop_limit' ? price(r.limitPrice) : true) &&
      (type === 'stop' || type === 'stop_limit' ? price(r.stopPrice) : true)
    ) {
      const out: Record<string, unknown> = {
        type,
        symbol: r.symbol,
        side: r.side,
        timeInForce: r.timeInForce ?? 'day',
        extendedHours: r.extendedHours ?? false,
      }
      if (r.qty !== undefined) out.qty = r.qty
      else out.notional = r.notional
      if (r.clientOrderId !== undefined) out.clientOrderId = r.clientOrderId
      if (type === 'limit' || type === 'stop_limit') out.limitPrice = r.limitPrice
      if (type === 'stop' || type === 'stop_limit') out.stopPrice = r.stopPrice
      return out as OrderRequest
    }
  }
  return parse(OrderRequestSchema, input, 'order request')
}
