import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EXTREMES, ExtremesKernel, rollingExtremes } from './extremes.js'

/** The highest high and lowest low of the last `p` bars, by looking at every one of them. */
function naive(high: number[], low: number[], p: number, i: number): [number, number] {
  let hh = Number.NEGATIVE_INFINITY
  let ll = Number.POSITIVE_INFINITY
  for (let j = Math.max(0, i - p + 1); j <= i; j++) {
    hh = Math.max(hh, high[j]!)
    ll = Math.min(ll, low[j]!)
  }
  return [hh, ll]
}

// Prices on a coarse grid so that ties and flat stretches are common.
const bar = fc.record({ h: fc.integer({ min: 0, max: 12 }), d: fc.integer({ min: 0, max: 3 }) })
// Periods on both sides of the switch from the window scan to the deques (32).
const period = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(31, 32, 33, 64))

describe('rolling extremes', () => {
  it('batch equals a naive window for short (scan) and long (deque) periods', () => {
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 200 }), period, (bars, p) => {
        const high = bars.map((b) => b.h)
        const low = bars.map((b) => b.h - b.d)
        const hh = new Float64Array(bars.length)
        const ll = new Float64Array(bars.length)
        rollingExtremes({ high, low }, p, bars.length, hh, ll, EXTREMES)
        for (let i = 0; i < bars.length; i++) expect([hh[i], ll[i]]).toEqual(naive(high, low, p, i))
      }),
      { numRuns: 400 },
    )
  })

  it('the streaming kernel equals a naive window through update and replace sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bar, replaces: fc.array(bar, { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 150,
        }),
        period,
        (steps, p) => {
          const kernel = new ExtremesKernel(p)
          const high: number[] = []
          const low: number[] = []
          for (const { bar: b, replaces } of steps) {
            kernel.save()
            kernel.step(b.h, b.h - b.d)
            high.push(b.h)
            low.push(b.h - b.d)
            for (const r of replaces) {
              kernel.restore()
              kernel.step(r.h, r.h - r.d)
              high[high.length - 1] = r.h
              low[low.length - 1] = r.h - r.d
            }
            expect([kernel.highest, kernel.lowest]).toEqual(naive(high, low, p, high.length - 1))
            expect(kernel.n).toBe(high.length)
          }
        },
      ),
      { numRuns: 400 },
    )
  })

  it('starts again after reset', () => {
    const kernel = new ExtremesKernel(3)
    for (const v of [5, 9, 7]) {
      kernel.save()
      kernel.step(v, v - 1)
    }
    kernel.reset()
    kernel.save()
    kernel.step(2, 1)
    expect([kernel.n, kernel.highest, kernel.lowest]).toEqual([1, 2, 1])
  })
})
