import { expect, test } from 'vitest'
import { nyse, OrderRequestSchema, parse, roundToTick, ValidationError } from './index.js'

// Mirrors the README example so it cannot rot.
test('the README example runs and prints what it says', () => {
  const now = Date.UTC(2026, 10, 27, 15, 0)
  expect(nyse.sessionAt(now).session).toBe('regular')
  expect(nyse.schedule(now)?.earlyClose).toBe(true)
  const entry = roundToTick(12.3456, 'down')
  const stop = roundToTick(11.8712, 'down')
  expect([entry, stop]).toEqual([12.34, 11.87])
  const order = parse(
    OrderRequestSchema,
    {
      type: 'limit',
      symbol: 'ABCD',
      side: 'buy',
      qty: 100,
      limitPrice: entry,
      bracket: { stopLoss: { stopPrice: stop } },
    },
    'order request',
  )
  expect(order.timeInForce).toBe('day')
  expect(() =>
    parse(
      OrderRequestSchema,
      {
        type: 'limit',
        symbol: 'ABCD',
        side: 'buy',
        qty: 100,
        limitPrice: 12.34,
        bracket: { stopLoss: { stopPrice: 12.5 } },
      },
      'order request',
    ),
  ).toThrow(
    new ValidationError('order request', [
      {
        path: '',
        message: 'bracket.stopLoss.stopPrice must be below the entry limitPrice 12.34 for a buy (got 12.5)',
      },
    ]).message,
  )
})
