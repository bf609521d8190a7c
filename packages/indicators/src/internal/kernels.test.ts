import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { trueRangeOf } from './kernels.js'

// Finite prices small enough that no difference of two overflows, with ties and zeros common.
const price = fc.oneof(
  fc.double({ min: -1e300, max: 1e300, noNaN: true }),
  fc.integer({ min: -3, max: 3 }).map((x) => x / 4),
)

describe('trueRangeOf', () => {
  it('selects without branches exactly what the comparisons select', () => {
    fc.assert(
      fc.property(price, price, price, (high, low, prevClose) => {
        // TA-Lib's TRUE_RANGE, written with branches
        let expected = high - low
        const a = Math.abs(high - prevClose)
        if (a > expected) expected = a
        const b = Math.abs(low - prevClose)
        if (b > expected) expected = b
        // `+ 0` turns −0 into +0: a true range of −0 (high −0, low +0) is the same price as 0
        expect(trueRangeOf(high, low, prevClose) + 0).toBe(expected + 0)
      }),
      { numRuns: 5000 },
    )
  })

  it('is the largest of the three terms on a gap up, a gap down and an inside bar', () => {
    expect(trueRangeOf(12, 11, 10)).toBe(2)
    expect(trueRangeOf(9, 8, 10)).toBe(2)
    expect(trueRangeOf(10.5, 9.5, 10)).toBe(1)
    expect(trueRangeOf(10, 10, 10)).toBe(0)
  })
})
