import { isValidTick, type OrderRequest, OrderRequestSchema, parse } from '@tradeblocks/core'

const SYMBOL = /^[A-Z][A-Z0-9]{0,9}(?:[./-][A-Z0-9]{1,5})?$/
const CLIENT_ORDER_ID = /^[A-Za-z0-9._:-]{1,128}$/
const TIME_IN_FORCE = new Set(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'])

function positive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
}

function price(value: unknown): value is number {
  return positive(value) && isValidTick(value)
}

/**
 * `parse(OrderRequestSchema, input, 'order request')`, with a fast path for the common case: a plain
 * market, limit, stop or stop-limit order without bracket or OCO legs whose fields are all valid. It
 * returns what the schema returns for such input (defaults applied, unknown keys dropped); anything
 * else, including every invalid input, goes through the schema, so errors are the schema's.
 *
 * @internal
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
      typeof r.symbol === 'string' &&
      SYMBOL.test(r.symbol) &&
      (r.qty === undefined ? positive(r.notional) : positive(r.qty) && r.notional === undefined) &&
      (r.timeInForce === undefined ||
        (typeof r.timeInForce === 'string' && TIME_IN_FORCE.has(r.timeInForce))) &&
      (r.extendedHours === undefined || typeof r.extendedHours === 'boolean') &&
      (r.clientOrderId === undefined ||
        (typeof r.clientOrderId === 'string' && CLIENT_ORDER_ID.test(r.clientOrderId))) &&
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
