import { type Bar, roundToTick, tickSize } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateLabelledSeries } from '../test/labelledFlags.js'
import type { BullFlagDetection, BullFlagSetup } from './BullFlagDetection.js'
import { type BullFlagBar, BullFlagDetector, type BullFlagEvent } from './BullFlagDetector.js'
import {
  type BullFlagOptions,
  type ResolvedBullFlagOptions,
  resolveBullFlagOptions,
} from './BullFlagOptions.js'
import { detectBullFlags } from './detectBullFlags.js'

/** Random bars in regimes (quiet, ramp up, pull back, sell off) so poles and flags come up often. */
const barsArbitrary = fc
  .array(
    fc.record({
      drift: fc.constantFrom(-0.01, -0.003, 0, 0, 0.004, 0.02, 0.04),
      length: fc.integer({ min: 1, max: 12 }),
      volume: fc.constantFrom(0, 1_000, 10_000, 50_000, 200_000),
    }),
    { minLength: 3, maxLength: 25 },
  )
  .chain((regimes) =>
    fc
      .array(
        fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
        {
          minLength: regimes.reduce((s, r) => s + r.length, 0),
          maxLength: regimes.reduce((s, r) => s + r.length, 0),
        },
      )
      .map((noise) => {
        const bars: Bar[] = []
        let price = 10
        let k = 0
        for (const regime of regimes) {
          for (let i = 0; i < regime.length; i++) {
            const [n, w] = noise[k++]!
            const open = price
            const close = Math.max(0.5, Number((open * (1 + regime.drift + 0.004 * n)).toFixed(2)))
            const high = Number((Math.max(open, close) * (1 + 0.003 * w)).toFixed(2))
            const low = Number((Math.min(open, close) * (1 - 0.003 * (1 - w))).toFixed(2))
            bars.push({
              symbol: 'PROP',
              timeframe: '1m',
              ts: 1_767_600_000_000 + bars.length * 60_000,
              open,
              high: Math.max(high, open, close),
              low: Math.min(low, open, close),
              close,
              volume: regime.volume * (0.5 + w),
            })
            price = close
          }
        }
        return bars
      }),
  )

const optionsArbitrary: fc.Arbitrary<BullFlagOptions> = fc.record(
  {
    minPoleGainPct: fc.constantFrom(4, 8, 12),
    maxPoleBars: fc.integer({ min: 1, max: 15 }),
    minFlagBars: fc.integer({ min: 1, max: 3 }),
    maxFlagBars: fc.integer({ min: 3, max: 15 }),
    minFlagRangePct: fc.constantFrom(0, 1, 3),
    maxFlagRangePct: fc.constantFrom(5, 8),
    maxRetracement: fc.constantFrom(0.382, 0.5, 0.8),
    useVolume: fc.boolean(),
    breakoutOn: fc.constantFrom('close' as const, 'trade' as const),
    minBreakoutVolumeRatio: fc.constantFrom(0, 1, 1.5),
  },
  { requiredKeys: [] },
)

/** Least-squares slope of ys against 0..n-1, computed the plain way. */
function slope(ys: number[]): number {
  const n = ys.length
  const mx = (n - 1) / 2
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  })
  return num / den
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/**
 * Re-derives a setup from the raw bars, the slow and obvious way, and checks it against the rules. This
 * pins the detector's incremental state (ring buffer, deques, running sums) to a plain computation.
 */
function checkSetup(bars: readonly Bar[], s: BullFlagSetup, o: ResolvedBullFlagOptions, flagEnd: number) {
  const index = new Map(bars.map((b, i) => [b.ts, i]))
  const ps = index.get(s.pole.start)!
  const pe = index.get(s.pole.end)!
  const fs = index.get(s.flag.start)!
  const fe = index.get(s.flag.end)!
  expect(fs).toBe(pe + 1)
  expect(fe).toBe(flagEnd)
  const pole = bars.slice(ps, pe + 1)
  const flag = bars.slice(fs, fe + 1)
  // The pole: its high is the top of everything from its low to the flag's end; its low the bottom of the pole.
  expect(s.pole.bars).toBe(pe - ps + 1)
  expect(s.pole.bars).toBeGreaterThanOrEqual(o.minPoleBars)
  expect(s.pole.bars).toBeLessThanOrEqual(o.maxPoleBars)
  expect(s.pole.high).toBe(bars[pe]!.high)
  expect(s.pole.low).toBe(bars[ps]!.low)
  expect(Math.max(...pole.map((b) => b.high))).toBe(s.pole.high)
  expect(Math.min(...pole.map((b) => b.low))).toBe(s.pole.low)
  expect(Math.max(...flag.map((b) => b.high))).toBeLessThanOrEqual(s.pole.high)
  // No bar between the last higher high and the pole's high went lower than the pole's low.
  let from = Math.max(0, pe - o.maxPoleBars + 1)
  for (let k = pe - 1; k >= from; k--)
    if (bars[k]!.high > s.pole.high) {
      from = k + 1
      break
    }
  expect(Math.min(...bars.slice(from, pe + 1).map((b) => b.low))).toBe(s.pole.low)
  const gain = (s.pole.high / s.pole.low - 1) * 100
  expect(s.pole.gainPct).toBeCloseTo(gain, 9)
  expect(gain).toBeGreaterThanOrEqual(o.minPoleGainPct - 1e-9)
  // The flag.
  expect(s.flag.bars).toBe(flag.length)
  expect(s.flag.bars).toBeGreaterThanOrEqual(o.minFlagBars)
  expect(s.flag.bars).toBeLessThanOrEqual(o.maxFlagBars)
  const high = Math.max(...flag.map((b) => b.high))
  const low = Math.min(...flag.map((b) => b.low))
  expect(s.flag.high).toBe(high)
  expect(s.flag.low).toBe(low)
  const range = ((high - low) / high) * 100
  expect(s.flag.rangePct).toBeCloseTo(range, 9)
  expect(range).toBeGreaterThanOrEqual(o.minFlagRangePct)
  expect(range).toBeLessThanOrEqual(o.maxFlagRangePct)
  const retracement = (s.pole.high - low) / (s.pole.high - s.pole.low)
  expect(s.flag.retracement).toBeCloseTo(retracement, 9)
  expect(retracement).toBeLessThanOrEqual(o.maxRetracement)
  const rise =
    flag.length < 3 || high === low ? 0 : (slope(flag.map((b) => b.close)) * (flag.length - 1)) / (high - low)
  expect(s.flag.rise).toBeCloseTo(rise, 6)
  expect(rise).toBeLessThanOrEqual(o.maxFlagRise + 1e-9)
  // Volume.
  expect(s.pole.avgVolume).toBeCloseTo(avg(pole.map((b) => b.volume)), 6)
  expect(s.flag.avgVolume).toBeCloseTo(avg(flag.map((b) => b.volume)), 6)
  const baseline = bars.slice(Math.max(0, ps - o.volumeLookback), ps)
  expect(s.pole.baselineBars).toBe(baseline.length)
  if (o.useVolume) {
    if (o.minPoleVolumeRatio > 0) {
      expect(baseline.length).toBeGreaterThanOrEqual(o.minVolumeHistoryBars)
      expect(s.pole.volumeRatio).toBeGreaterThanOrEqual(o.minPoleVolumeRatio)
    }
    expect(s.flag.volumeRatio).toBeLessThanOrEqual(o.maxFlagVolumeRatio)
  }
  // Levels: the first tick above the flag high; the support and target on the grid.
  expect(s.breakoutPrice).toBeGreaterThan(high)
  expect(roundToTick(s.breakoutPrice - tickSize(high), 'nearest')).toBeLessThanOrEqual(high)
  expect(s.support).toBe(roundToTick(low, 'down'))
  expect(s.target).toBe(roundToTick(s.breakoutPrice + s.pole.high - s.pole.low, 'down'))
}

function checkDetection(bars: readonly Bar[], d: BullFlagDetection, o: ResolvedBullFlagOptions) {
  const bi = bars.findIndex((b) => b.ts === d.breakout.ts)
  checkSetup(bars, d, o, bi - 1)
  const bar = bars[bi]!
  if (o.breakoutOn === 'close') {
    expect(bar.close).toBeGreaterThanOrEqual(d.breakoutPrice)
    expect(d.breakout.entryPrice).toBe(bar.close)
  } else {
    expect(bar.high).toBeGreaterThanOrEqual(d.breakoutPrice)
    expect(d.breakout.entryPrice).toBe(Math.max(bar.open, d.breakoutPrice))
  }
  if (o.useVolume && o.minBreakoutVolumeRatio > 0)
    expect(d.breakout.volumeRatio).toBeGreaterThanOrEqual(o.minBreakoutVolumeRatio)
  expect(d.quality).toBeGreaterThanOrEqual(0)
  expect(d.quality).toBeLessThanOrEqual(1)
  for (const part of Object.values(d.qualityParts)) {
    if (part === undefined) continue
    expect(part).toBeGreaterThanOrEqual(0)
    expect(part).toBeLessThanOrEqual(1)
  }
}

function checkEvents(bars: readonly Bar[], events: readonly BullFlagEvent[], o: ResolvedBullFlagOptions) {
  let checked = 0
  for (const event of events) {
    if (event.type === 'breakout') {
      checkDetection(bars, event.detection, o)
      checked++
    } else if (event.type === 'flag-forming') {
      checkSetup(
        bars,
        event.setup,
        o,
        bars.findIndex((b) => b.ts === event.ts),
      )
      checked++
    }
  }
  return checked
}

describe('detectBullFlags: properties', () => {
  it('every detection and armed setup agrees with a plain recomputation from the bars (random regimes)', () => {
    let total = 0
    fc.assert(
      fc.property(barsArbitrary, optionsArbitrary, (bars, options) => {
        const o = resolveBullFlagOptions(options)
        const { events } = detectBullFlags(bars, options)
        total += checkEvents(bars, events, o)
      }),
      { numRuns: 300, seed: 20_260_105 },
    )
    // The arbitrary is built to produce setups; make sure it does.
    expect(total).toBeGreaterThan(50)
  })

  it('every detection agrees with a plain recomputation (planted flags, random options)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), optionsArbitrary, (seed, options) => {
        const series = generateLabelledSeries({ seed, patterns: 12 })
        const o = resolveBullFlagOptions(options)
        checkEvents(series.bars, detectBullFlags(series.bars, options).events, o)
      }),
      { numRuns: 60, seed: 7 },
    )
  })

  it('streaming, batch and a fresh detector after reset give the same events', () => {
    fc.assert(
      fc.property(barsArbitrary, optionsArbitrary, (bars, options) => {
        const batch = detectBullFlags(bars, options).events
        const detector = new BullFlagDetector(options)
        const streamed = bars.flatMap((bar) => [...detector.update(bar)])
        expect(streamed).toEqual(batch)
        detector.reset()
        expect(bars.flatMap((bar) => [...detector.update(bar)])).toEqual(batch)
      }),
      { numRuns: 100, seed: 3 },
    )
  })

  it('the fast rule check and the explained reasons agree: armed exactly when explain() finds no reason', () => {
    fc.assert(
      fc.property(barsArbitrary, optionsArbitrary, (bars, options) => {
        const detector = new BullFlagDetector(options)
        for (const bar of bars) {
          detector.update(bar)
          const armed = detector.armedSetup
          const why = detector.explain()
          expect(why.status === 'armed').toBe(armed !== undefined)
          if (armed !== undefined) expect(why.setup).toEqual(armed)
        }
      }),
      { numRuns: 150, seed: 5 },
    )
  })

  it('bad bars interleaved anywhere change nothing but the rejection count', () => {
    const badBar = fc.constantFrom<(bar: Bar, previous: Bar | undefined) => BullFlagBar>(
      (b) => ({ ...b, close: Number.NaN }),
      (b) => ({ ...b, high: b.low / 2 }),
      (b) => ({ ...b, volume: -1 }),
      (b) => ({ ...b, low: -b.low }),
      (b, p) => ({ ...b, ts: p?.ts ?? Number.NaN }),
      (b) => ({ ...b, symbol: 'ELSE', ts: b.ts - 1 }),
    )
    fc.assert(
      fc.property(barsArbitrary, fc.array(fc.tuple(fc.nat(), badBar), { maxLength: 20 }), (bars, bad) => {
        const clean = detectBullFlags(bars).events
        const detector = new BullFlagDetector({ onInvalidBar: 'report', symbol: 'PROP' })
        const inserts = new Map(bad.map(([at, make]) => [at % bars.length, make]))
        const events: BullFlagEvent[] = []
        bars.forEach((bar, i) => {
          const make = inserts.get(i)
          if (make !== undefined) events.push(...detector.update(make(bar, bars[i - 1])))
          events.push(...detector.update(bar))
        })
        expect(events.filter((e) => e.type !== 'bar-rejected')).toEqual(clean)
        expect(events.filter((e) => e.type === 'bar-rejected').length).toBe(inserts.size)
        expect(detector.rejectedBarCount).toBe(inserts.size)
      }),
      { numRuns: 100, seed: 11 },
    )
  })

  it('collects detections and rejected bars', () => {
    const series = generateLabelledSeries({ seed: 9, patterns: 10 })
    const bars: BullFlagBar[] = [...series.bars]
    bars.splice(50, 0, { ...series.bars[50]!, close: Number.NaN })
    const result = detectBullFlags(bars)
    expect(result.rejected).toHaveLength(1)
    expect(result.rejected[0]!.error.shortMessage).toBe(
      'Invalid bar: close must be a finite number (got NaN)',
    )
    expect(result.detections.length).toBeGreaterThan(0)
    expect(result.detections).toEqual(
      result.events
        .filter((e) => e.type === 'breakout')
        .map((e) => (e.type === 'breakout' ? e.detection : undefined)),
    )
    expect(result.detector.barCount).toBe(series.bars.length)
  })
})
