import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSymbol, OrderRequestSchema, parseOrderRequest, SymbolSchema } from '../index.js'

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

describe('parseOrderRequest', () => {
  it('agrees with OrderRequestSchema on valid and invalid requests', () => {
    const price = fc.oneof(
      fc.constantFrom(0.5, 0.5001, 1, 10.25, 10.255, 0, -1, Number.NaN, Number.POSITIVE_INFINITY),
      fc.double({ min: 0.0001, max: 1000 }),
    )
    const request = fc.record(
      {
        type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'trailing_stop', 'bogus'),
        symbol: fc.constantFrom('AAPL', 'BRK.B', 'aapl', '', 'TOOLONGSYMBOL1', 3),
        side: fc.constantFrom('buy', 'sell', 'hold'),
        qty: fc.oneof(fc.constantFrom(1, 100, 0, -5, 1.5, Number.NaN), fc.constant(undefined)),
        notional: fc.oneof(fc.constantFrom(1000, 0, -1), fc.constant(undefined)),
        limitPrice: fc.oneof(price, fc.constant(undefined)),
        stopPrice: fc.oneof(price, fc.constant(undefined)),
        timeInForce: fc.constantFrom(undefined, 'day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'week'),
        extendedHours: fc.constantFrom(undefined, true, false, 'yes'),
        clientOrderId: fc.constantFrom(undefined, 'bot-1', 'bad id', ''),
        bracket: fc.constantFrom(undefined, { stopLoss: { stopPrice: 1 } }),
        extra: fc.constantFrom(undefined, 'ignored'),
      },
      { requiredKeys: ['type', 'symbol', 'side'] },
    )
    fc.assert(
      fc.property(request, (input) => {
        const expected = OrderRequestSchema.safeParse(input)
        let actual: unknown
        let threw = false
        try {
          actual = parseOrderRequest(input)
        } catch {
          threw = true
        }
        expect(threw).toBe(!expected.success)
        if (expected.success) expect(defined(actual as object)).toEqual(defined(expected.data))
      }),
      { numRuns: 3000 },
    )
  })
})

describe('isSymbol', () => {
  it('agrees with SymbolSchema', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[A-Z][A-Z0-9./-]{0,12}$/), fc.integer()),
        (value) => {
          expect(isSymbol(value)).toBe(SymbolSchema.safeParse(value).success)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
