import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { atr } from './atr.js'
import { rma } from './rma.js'
import { trueRange } from './trueRange.js'

// Cent prices on a coarse grid, so that repeated values (where the two formulas may differ) occur.
const prices = fc.array(
  fc.integer({ min: 9_000, max: 11_000 }).map((c) => c / 100),
  { minLength: 1, maxLength: 300 },
)

describe('rma', () => {
  it("steps as TradingView's pine_rma: alpha·x + (1 − alpha)·previous after an SMA seed", () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 1, max: 30 }), (xs, period) => {
        const out = rma(xs, { period })
        const alpha = 1 / period
        let previous = Number.NaN
        for (let i = 0; i < xs.length; i++) {
          if (i < period - 1) {
            expect(out[i]).toBeNaN()
            continue
          }
          if (i === period - 1) {
            let sum = 0
            for (let j = 0; j < period; j++) sum += xs[j]!
            previous = sum / period
          } else if (xs[i] !== previous) {
            previous = alpha * xs[i]! + (1 - alpha) * previous
          }
          expect(out[i]).toBe(previous)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('of the true range is ATR (TA-Lib arithmetic) to a few units in the last place', () => {
    const bar = fc.record({
      close: fc.integer({ min: 9_000, max: 11_000 }),
      range: fc.integer({ min: 0, max: 300 }),
    })
    fc.assert(
      fc.property(fc.array(bar, { minLength: 30, maxLength: 300 }), (bars) => {
        const close = bars.map((b) => b.close / 100)
        const high = bars.map((b) => (b.close + b.range) / 100)
        const low = bars.map((b) => (b.close - b.range / 2) / 100)
        const period = 14
        const a = atr({ high, low, close }, { period })
        // ATR has no true range for bar 0 (no previous close): smooth the true ranges from bar 1
        const r = rma(trueRange({ high, low, close }).subarray(1), { period })
        for (let i = period; i < close.length; i++) {
          expect(Math.abs(r[i - 1]! - a[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a[i]!)))
        }
      }),
      { numRuns: 100 },
    )
  })
})
