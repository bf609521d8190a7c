import { nyse } from '@tradeblocks/core'
import { StatsAccumulator, type StatsTrade } from '@tradeblocks/performance'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { computeRunStats } from './computeRunStats.js'

const START = Date.UTC(2026, 2, 6, 14, 30)

/** The statistics of every point of the curve, for comparison. */
function fullStats(trades: StatsTrade[], ts: Float64Array, equity: Float64Array, startingEquity?: number) {
  const accumulator = new StatsAccumulator(
    startingEquity === undefined ? { calendar: nyse } : { startingEquity, calendar: nyse },
  )
  for (const trade of trades) accumulator.addTrade(trade)
  for (let i = 0; i < ts.length; i++) accumulator.addEquity({ ts: ts[i]!, equity: equity[i]! })
  return accumulator.result()
}

/** A curve of `steps` (minutes forward, equity change in cents, 0 often), from 10,000. */
function curveOf(steps: Array<[number, number]>): { ts: Float64Array; equity: Float64Array } {
  const ts = new Float64Array(steps.length)
  const equity = new Float64Array(steps.length)
  let t = START
  let e = 10_000
  steps.forEach(([minutes, cents], i) => {
    t += minutes * 60_000
    e = Math.round(e * 100 + cents) / 100
    ts[i] = t
    equity[i] = e
  })
  return { ts, equity }
}

// Mostly one-minute steps (a new date now and then), changes of whole dollars (so the curve comes back
// to earlier peaks exactly) or none.
const step = fc.tuple(
  fc.oneof(
    { arbitrary: fc.constant(1), weight: 30 },
    { arbitrary: fc.constant(0), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 1 },
  ),
  fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: -3, max: 3 }).map((d) => d * 100), weight: 3 },
    { arbitrary: fc.integer({ min: -50_000, max: 50_000 }), weight: 1 },
  ),
)
const trade: StatsTrade = {
  id: '1',
  symbol: 'SPY',
  side: 'long',
  qty: 1,
  entryTs: START,
  entryPrice: 100,
  exitTs: START + 3_600_000,
  exitPrice: 101,
  netPnl: 1,
  fees: 0,
  exitReason: 'signal',
}

describe('computeRunStats', () => {
  test('equals the statistics of the whole curve (flat runs, new peaks, drawdowns, many days)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 400 }),
        fc.option(fc.constantFrom(5_000, 10_000, 20_000), { nil: undefined }),
        (steps, startingEquity) => {
          const { ts, equity } = curveOf(steps)
          const options =
            startingEquity === undefined ? { calendar: nyse } : { startingEquity, calendar: nyse }
          expect(computeRunStats([trade], { ts, equity }, options)).toEqual(
            fullStats([trade], ts, equity, startingEquity),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  test('a curve out of time order or with a non-finite value is rejected as by the accumulator', () => {
    const ts = Float64Array.of(START, START + 60_000, START + 30_000)
    const equity = Float64Array.of(10_000, 10_000, 10_000)
    expect(() => computeRunStats([], { ts, equity }, {})).toThrow(/equity point #2/)
    expect(() =>
      computeRunStats([], { ts: ts.slice(0, 2), equity: Float64Array.of(10_000, Number.NaN) }, {}),
    ).toThrow(/equity point #1/)
  })
})
