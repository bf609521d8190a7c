import { isValidTick, roundToTick } from '@tradeblocks/core'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { roundTick } from './fastTick.js'

test('roundTick gives exactly what core roundToTick gives, in every direction', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.double({ min: 0.0001, max: 5, noNaN: true }),
        fc.double({ min: 0.0001, max: 50_000, noNaN: true }),
      ),
      fc.constantFrom('nearest' as const, 'up' as const, 'down' as const),
      (price, direction) => {
        const fast = roundTick(price, direction)
        expect(fast).toBe(roundToTick(price, direction))
        expect(isValidTick(fast)).toBe(true)
      },
    ),
    { numRuns: 20_000 },
  )
  for (const price of [0.99995, 0.99999, 1, 1.004, 1.005, 0.1 + 0.2, 19.99, 2.675]) {
    for (const direction of ['nearest', 'up', 'down'] as const)
      expect(roundTick(price, direction)).toBe(roundToTick(price, direction))
  }
})
