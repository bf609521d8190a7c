import { describe, expect, it } from 'vitest'
import { newOrder, OrderSchema, parseOrderRequest } from '../index.js'

const identity = {
  id: 'paper-7',
  clientOrderId: 'bot-X-7',
  orderClass: 'simple',
  createdAt: 1767364200000,
} as const

describe('newOrder', () => {
  it('copies what each order type sets and nothing else', () => {
    const cases = [
      { type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 },
      { type: 'market', symbol: 'AAPL', side: 'buy', notional: 1500 },
      { type: 'limit', symbol: 'AAPL', side: 'sell', qty: 5, limitPrice: 190.25, timeInForce: 'gtc' },
      { type: 'stop', symbol: 'BRK.B', side: 'sell', qty: 3, stopPrice: 401.1 },
      { type: 'stop_limit', symbol: 'MSFT', side: 'buy', qty: 2, stopPrice: 410, limitPrice: 410.5 },
      { type: 'trailing_stop', symbol: 'TSLA', side: 'sell', qty: 4, trailPercent: 2.5 },
      { type: 'trailing_stop', symbol: 'TSLA', side: 'sell', qty: 4, trailPrice: 1.25, extendedHours: false },
    ]
    for (const input of cases) {
      const request = parseOrderRequest(input)
      const order = newOrder(request, identity)
      expect(OrderSchema.parse(order)).toEqual(order)
      expect(Object.values(order)).not.toContain(undefined)
      const { type, symbol, side, timeInForce, extendedHours } = request
      expect(order).toMatchObject({
        type,
        symbol,
        side,
        timeInForce,
        extendedHours,
        status: 'new',
        filledQty: 0,
      })
      for (const key of ['qty', 'notional', 'limitPrice', 'stopPrice', 'trailPercent', 'trailPrice'] as const)
        expect(order[key]).toBe((request as Record<string, unknown>)[key])
    }
  })

  it('takes its id, client id, class and times from the identity', () => {
    const order = newOrder(parseOrderRequest({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 }), {
      ...identity,
      orderClass: 'bracket',
    })
    expect(order).toMatchObject({
      id: 'paper-7',
      clientOrderId: 'bot-X-7',
      orderClass: 'bracket',
      createdAt: 1767364200000,
      updatedAt: 1767364200000,
    })
  })
})
