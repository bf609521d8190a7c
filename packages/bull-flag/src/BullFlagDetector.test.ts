import { isBaseError, ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { makeBars, quietRows, type Row, scaleRow } from '../test/bars.js'
import { BULL_FLAG_QUALITY_WEIGHTS } from './BullFlagDetection.js'
import { type BullFlagBar, BullFlagDetector, type BullFlagEvent } from './BullFlagDetector.js'
import type { BullFlagOptions } from './BullFlagOptions.js'

// A textbook 1-minute flag on a $10 stock:
// 20 quiet bars at $10 on 10k shares; a 4-bar pole from 9.90 to 11.00 (+11.1%) on 40-70k shares;
// a 4-bar flag between 10.95 and 10.56 (range 3.56%, 40% of the pole given back) on 15-25k shares;
// a breakout bar closing at 11.02 on 45k shares.
const BASE = quietRows(20, 10, 10_000)
const POLE: Row[] = [
  [10.0, 10.32, 9.9, 10.3, 40_000],
  [10.3, 10.66, 10.28, 10.64, 50_000],
  [10.64, 10.95, 10.6, 10.92, 60_000],
  [10.92, 11.0, 10.85, 10.96, 70_000],
]
const FLAG: Row[] = [
  [10.95, 10.95, 10.7, 10.75, 25_000],
  [10.75, 10.85, 10.6, 10.65, 20_000],
  [10.65, 10.78, 10.56, 10.7, 18_000],
  [10.7, 10.8, 10.6, 10.72, 15_000],
]
const BREAKOUT: Row = [10.74, 11.05, 10.72, 11.02, 45_000]
const TEXTBOOK: Row[] = [...BASE, ...POLE, ...FLAG, BREAKOUT]

const T0 = Date.UTC(2026, 0, 5, 14, 30)
const MIN = 60_000

/** Feeds rows and returns `[barIndex, event]` pairs. */
function run(rows: readonly Row[], options: BullFlagOptions = {}, make = makeBars) {
  const detector = new BullFlagDetector(options)
  const events: [number, BullFlagEvent][] = []
  make(rows).forEach((bar, i) => {
    for (const event of detector.update(bar)) events.push([i, event])
  })
  return { detector, events, types: events.map(([i, e]) => `${i}:${e.type}`) }
}

function only<T extends BullFlagEvent['type']>(events: [number, BullFlagEvent][], type: T) {
  return events.filter(([, e]) => e.type === type).map(([, e]) => e as Extract<BullFlagEvent, { type: T }>)
}

function reasonsOf(event: BullFlagEvent): string[] {
  return 'reasons' in event ? event.reasons.map((r) => r.message) : []
}

describe('BullFlagDetector: a textbook flag on 1-minute bars', () => {
  const { events, types, detector } = run(TEXTBOOK)

  it('arms when the flag has two bars, re-arms when the support moves, then breaks out', () => {
    expect(types).toEqual(['25:flag-forming', '26:flag-forming', '28:breakout'])
    const [first, second] = only(events, 'flag-forming')
    expect(first!.setup).toMatchObject({ breakoutPrice: 10.96, support: 10.6, target: 12.06 })
    expect(second!.setup).toMatchObject({ breakoutPrice: 10.96, support: 10.56, target: 12.06 })
  })

  it('reports every field of the detection', () => {
    const [breakout] = only(events, 'breakout')
    const d = breakout!.detection
    expect(breakout!.ts).toBe(T0 + 28 * MIN)
    expect(d.symbol).toBe('TEST')
    expect(d.pole).toEqual({
      start: T0 + 20 * MIN,
      end: T0 + 23 * MIN,
      bars: 4,
      low: 9.9,
      high: 11,
      gainPct: expect.closeTo(11.1111, 3),
      avgVolume: 55_000,
      volumeRatio: 5.5,
      baselineBars: 20,
    })
    expect(d.flag).toEqual({
      start: T0 + 24 * MIN,
      end: T0 + 27 * MIN,
      bars: 4,
      high: 10.95,
      low: 10.56,
      rangePct: expect.closeTo(3.5616, 3),
      retracement: expect.closeTo(0.4, 9),
      avgVolume: 19_500,
      volumeRatio: expect.closeTo(19_500 / 55_000, 9),
      // Closes 10.75, 10.65, 10.70, 10.72: slope −0.004 per bar, −0.012 over the flag, over a 0.39 range.
      rise: expect.closeTo(-0.012 / 0.39, 6),
    })
    expect(d.breakoutPrice).toBe(10.96)
    expect(d.support).toBe(10.56)
    expect(d.target).toBe(12.06) // 10.96 + (11.00 − 9.90)
    expect(d.breakout).toEqual({
      ts: T0 + 28 * MIN,
      open: 10.74,
      high: 11.05,
      low: 10.72,
      close: 11.02,
      volume: 45_000,
      volumeRatio: expect.closeTo(45_000 / 19_500, 9),
      entryPrice: 11.02,
    })
    expect(d.rewardRisk).toBeCloseTo((12.06 - 11.02) / (11.02 - 10.56), 9)
  })

  it('scores quality from its documented parts', () => {
    const d = only(events, 'breakout')[0]!.detection
    expect(d.qualityParts.poleGain).toBeCloseTo(11.1111 / 20, 4)
    expect(d.qualityParts.poleVolume).toBe(1)
    expect(d.qualityParts.retracement).toBeCloseTo(0.6, 9)
    expect(d.qualityParts.tightness).toBeCloseTo(1 - 3.5616 / 10, 4)
    expect(d.qualityParts.flagVolume).toBeCloseTo(1 - 19_500 / 55_000, 9)
    expect(d.qualityParts.breakoutVolume).toBeCloseTo(45_000 / 19_500 / 3, 9)
    let expected = 0
    for (const [key, weight] of Object.entries(BULL_FLAG_QUALITY_WEIGHTS))
      expected += weight * (d.qualityParts[key as keyof typeof d.qualityParts] ?? 0)
    expect(d.quality).toBeCloseTo(expected, 12)
    expect(d.quality).toBeCloseTo(0.6855, 3)
  })

  it('explains an armed flag before the breakout', () => {
    const before = new BullFlagDetector()
    for (const bar of makeBars([...BASE, ...POLE, ...FLAG])) before.update(bar)
    const why = before.explain()
    expect(why.status).toBe('armed')
    expect(why.reasons).toEqual([])
    expect(why.summary).toBe('TEST: bull flag armed: breakout at 10.96, support 10.56, target 12.06')
    expect(before.armedSetup).toMatchObject({ breakoutPrice: 10.96, support: 10.56 })
    // After the breakout nothing is armed any more.
    expect(detector.armedSetup).toBeUndefined()
  })
})

describe('BullFlagDetector: rejections with their exact reasons', () => {
  it('a pole too weak: 9.90 to 10.41 is +5.2%, and every other failed check is listed too', () => {
    const weak: Row[] = [
      [10.0, 10.15, 9.9, 10.12, 40_000],
      [10.12, 10.3, 10.1, 10.28, 50_000],
      [10.28, 10.41, 10.25, 10.36, 60_000],
      [10.38, 10.38, 10.2, 10.25, 20_000],
      [10.25, 10.3, 10.1, 10.2, 18_000],
      [10.2, 10.28, 10.12, 10.22, 15_000],
    ]
    const { detector, events } = run([...BASE, ...weak])
    expect(events).toEqual([])
    const why = detector.explain()
    expect(why.status).toBe('rejected')
    expect(why.reasons.map((r) => r.code)).toEqual(['pole-too-weak', 'flag-too-tight', 'flag-too-deep'])
    expect(why.reasons.map((r) => r.message)).toEqual([
      'pole gain 5.2% is below 8%',
      'flag range 2.7% is below 3%',
      'flag retraced 61% of the pole, above 50%',
    ])
    expect(why.summary).toBe(
      'TEST: not a bull flag: pole gain 5.2% is below 8%; flag range 2.7% is below 3%; flag retraced 61% of the pole, above 50%',
    )
    expect(why.reasons[0]).toMatchObject({ value: expect.closeTo(5.1515, 3), limit: 8 })
    // A breakout above the flag on volume is still not reported.
    const after = run([...BASE, ...weak, [10.22, 10.5, 10.2, 10.45, 40_000]])
    expect(only(after.events, 'breakout')).toEqual([])
  })

  it('a flag too deep: armed, then a bar gives back 72% of the pole and the setup is invalidated for good', () => {
    const rows: Row[] = [
      ...BASE,
      ...POLE,
      FLAG[0]!,
      FLAG[1]!,
      [10.65, 10.7, 10.21, 10.3, 22_000],
      [10.3, 10.6, 10.28, 10.55, 15_000],
      [10.55, 10.99, 10.5, 10.97, 40_000],
    ]
    // A wider range limit isolates the retracement rule.
    const { events, types, detector } = run(rows, { maxFlagRangePct: 8 })
    expect(types).toEqual(['25:flag-forming', '26:invalidated'])
    const [invalidated] = only(events, 'invalidated')
    expect(invalidated!.permanent).toBe(true)
    expect(invalidated!.reasons).toEqual([
      {
        code: 'flag-too-deep',
        message: 'flag retraced 72% of the pole, above 50%',
        value: expect.closeTo(0.7182, 3),
        limit: 0.5,
      },
    ])
    expect(detector.explain().reasons.map((r) => r.message)).toEqual([
      'flag retraced 72% of the pole, above 50%',
    ])
  })

  it('a flag too long: the eleventh bar invalidates it and a later push through the flag high is not a breakout', () => {
    const long: Row[] = Array.from({ length: 11 }, (_, i) =>
      i % 2 === 0 ? ([10.8, 10.9, 10.55, 10.7, 15_000] as Row) : ([10.7, 10.85, 10.58, 10.8, 14_000] as Row),
    )
    const { events, types, detector } = run([...BASE, ...POLE, ...long, [10.8, 10.99, 10.78, 10.98, 40_000]])
    expect(types).toEqual(['25:flag-forming', '34:invalidated'])
    expect(only(events, 'invalidated')[0]!.reasons.map((r) => r.message)).toEqual([
      'flag has lasted 11 bars, more than 10',
    ])
    expect(detector.explain().reasons.map((r) => r.message)).toEqual([
      'flag has lasted 12 bars, more than 10',
    ])
  })

  it('a breakout on low volume is rejected with the ratio; a retry on volume confirms', () => {
    const rows: Row[] = [
      ...BASE,
      ...POLE,
      ...FLAG,
      [10.74, 10.97, 10.72, 10.96, 10_000],
      [10.96, 11.1, 10.94, 11.08, 40_000],
    ]
    const { events, types } = run(rows)
    expect(types).toEqual([
      '25:flag-forming',
      '26:flag-forming',
      '28:breakout-rejected',
      '28:flag-forming',
      '29:breakout',
    ])
    const [rejected] = only(events, 'breakout-rejected')
    expect(rejected!.reasons).toEqual([
      {
        code: 'breakout-volume-too-low',
        message: 'breakout volume is 0.51× the flag average, below 1×',
        value: expect.closeTo(10_000 / 19_500, 9),
        limit: 1,
      },
    ])
    // The rejected bar joined the flag: its high 10.97 is the new boundary.
    const rearmed = only(events, 'flag-forming')[2]!
    expect(rearmed.setup).toMatchObject({ breakoutPrice: 10.98, support: 10.56 })
    const d = only(events, 'breakout')[0]!.detection
    expect(d.flag.bars).toBe(5)
    expect(d.breakoutPrice).toBe(10.98)
    expect(d.breakout.volumeRatio).toBeCloseTo(40_000 / ((25_000 + 20_000 + 18_000 + 15_000 + 10_000) / 5), 9)
  })

  it('with the volume rule off, the same low-volume bar breaks out', () => {
    const { types } = run([...BASE, ...POLE, ...FLAG, [10.74, 10.97, 10.72, 10.96, 10_000]], {
      minBreakoutVolumeRatio: 0,
    })
    expect(types).toEqual(['25:flag-forming', '26:flag-forming', '28:breakout'])
  })

  it('a failed breakout: the next bar closes back in the flag', () => {
    const { events, types } = run([...TEXTBOOK, [11.0, 11.02, 10.88, 10.9, 30_000]])
    expect(types.slice(-2)).toEqual(['28:breakout', '29:breakout-failed'])
    const [failed] = only(events, 'breakout-failed')
    expect(failed!.reasons).toEqual([
      {
        code: 'back-in-flag',
        message: 'closed at 10.9, back at or below the flag high 10.95, 1 bar after the breakout',
        value: 10.9,
        limit: 10.95,
      },
    ])
    expect(failed!.detection.breakoutPrice).toBe(10.96)
  })

  it('a failed breakout: a later bar trades through the support', () => {
    const rows: Row[] = [...TEXTBOOK, [11.0, 11.1, 10.99, 11.05, 30_000], [11.05, 11.06, 10.5, 10.97, 30_000]]
    const { events } = run(rows)
    expect(reasonsOf(only(events, 'breakout-failed')[0]!)).toEqual([
      'traded down to 10.5, below the support 10.56, 2 bars after the breakout',
    ])
  })

  it('stops watching a breakout after followThroughBars', () => {
    const rows: Row[] = [...TEXTBOOK, [11.0, 11.1, 10.99, 11.05, 30_000], [11.05, 11.06, 10.5, 10.97, 30_000]]
    expect(only(run(rows, { followThroughBars: 1 }).events, 'breakout-failed')).toEqual([])
    expect(only(run(rows, { followThroughBars: 0 }).events, 'breakout-failed')).toEqual([])
  })

  it('a new high without a breakout close extends the pole and invalidates the armed flag', () => {
    const { events, types } = run([...BASE, ...POLE, ...FLAG, [10.9, 11.05, 10.85, 10.93, 45_000]])
    expect(types).toEqual(['25:flag-forming', '26:flag-forming', '28:invalidated'])
    const [invalidated] = only(events, 'invalidated')
    expect(invalidated!.permanent).toBe(true)
    expect(reasonsOf(invalidated!)).toEqual([
      'price made a new high 11.05 above the pole high 11, extending the pole',
    ])
  })

  it('a heavy flag disarms (not permanently) with the volume ratio', () => {
    const rows: Row[] = [...BASE, ...POLE, FLAG[0]!, FLAG[1]!, [10.65, 10.78, 10.6, 10.7, 160_000]]
    const { events, types } = run(rows)
    expect(types).toEqual(['25:flag-forming', '26:invalidated'])
    const [invalidated] = only(events, 'invalidated')
    expect(invalidated!.permanent).toBe(false)
    expect(reasonsOf(invalidated!)).toEqual(["flag volume is 1.24× the pole's, above 0.8×"])
  })

  it('a rising flag is not a flag', () => {
    const rising: Row[] = [
      [10.95, 10.95, 10.55, 10.6, 20_000],
      [10.6, 10.7, 10.58, 10.68, 18_000],
      [10.68, 10.8, 10.66, 10.78, 18_000],
      [10.78, 10.9, 10.76, 10.88, 18_000],
    ]
    const { detector } = run([...BASE, ...POLE, ...rising])
    const why = detector.explain()
    expect(why.status).toBe('forming')
    expect(why.reasons.map((r) => r.code)).toEqual(['flag-rising'])
    expect(why.reasons[0]!.message).toMatch(/^flag closes rose \d+% of its range, above 50%$/)
  })

  it('a pole without rising volume is not a pole', () => {
    const quietPole = POLE.map(([o, h, l, c]) => [o, h, l, c, 12_000] as Row)
    const { detector, events } = run([...BASE, ...quietPole, ...FLAG, BREAKOUT])
    expect(only(events, 'breakout')).toEqual([])
    const before = run([...BASE, ...quietPole, ...FLAG]).detector.explain()
    expect(before.reasons.map((r) => r.message)).toEqual([
      'pole volume is 1.2× the 20 bars before it, below 1.5×',
      "flag volume is 1.63× the pole's, above 0.8×",
    ])
    expect(detector.explain().status).not.toBe('armed')
  })

  it('needs history before the pole to judge its volume', () => {
    const { detector } = run([...BASE.slice(0, 2), ...POLE, ...FLAG])
    expect(detector.explain().reasons.map((r) => r.message)).toEqual([
      'only 2 bars before the pole to judge its volume, need 3',
    ])
    // Without volume rules the same chart is armed.
    expect(run([...BASE.slice(0, 2), ...POLE, ...FLAG], { useVolume: false }).detector.explain().status).toBe(
      'armed',
    )
  })
})

describe('BullFlagDetector: timeframes, ticks and breakout modes', () => {
  it('finds the same flag on daily bars of a $45 stock', () => {
    const rows = TEXTBOOK.map((row) => scaleRow(row, 4.5))
    const { events } = run(rows, {}, (r) => makeBars(r, { timeframe: '1d', symbol: 'DAILY' }))
    const d = only(events, 'breakout')[0]!.detection
    const DAY = 86_400_000
    expect(d.symbol).toBe('DAILY')
    expect(d.pole).toMatchObject({ start: T0 + 20 * DAY, end: T0 + 23 * DAY, low: 44.55, high: 49.5 })
    expect(d.flag).toMatchObject({ start: T0 + 24 * DAY, end: T0 + 27 * DAY, high: 49.27, low: 47.52 })
    expect(d.breakoutPrice).toBe(49.28)
    expect(d.support).toBe(47.52)
    expect(d.target).toBe(54.23) // 49.28 + (49.50 − 44.55)
    expect(d.pole.gainPct).toBeCloseTo(11.1111, 3)
  })

  it('prices a sub-dollar breakout in $0.0001 ticks (the sub-penny rule)', () => {
    const rows = TEXTBOOK.map((row) => scaleRow(row, 0.08, 4))
    const d = only(run(rows).events, 'breakout')[0]!.detection
    expect(d.flag.high).toBe(0.876)
    expect(d.breakoutPrice).toBe(0.8761)
    expect(d.support).toBe(0.8448)
    expect(d.target).toBe(0.9641) // 0.8761 + (0.88 − 0.792)
  })

  it('crosses the $1 boundary: a flag high of 0.9999 breaks out at 1.00', () => {
    const k = 0.9999 / 10.95
    const rows = TEXTBOOK.map((row) => scaleRow(row, k, 4))
    const d = only(run(rows).events, 'breakout')[0]!.detection
    expect(d.flag.high).toBe(0.9999)
    expect(d.breakoutPrice).toBe(1)
  })

  it('uses an explicit tick when given', () => {
    const d = only(run(TEXTBOOK, { tick: 0.05 }).events, 'flag-forming')[0]!.setup
    expect(d.breakoutPrice).toBe(11) // 10.95 is on the grid: the next tick is 11.00
    expect(d.support).toBe(10.6)
  })

  it("breakoutOn 'trade': a bar trading through the breakout price breaks out at that price", () => {
    const rows: Row[] = [...BASE, ...POLE, ...FLAG, [10.9, 11.05, 10.85, 10.99, 45_000]]
    const { events } = run(rows, { breakoutOn: 'trade' })
    const d = only(events, 'breakout')[0]!.detection
    expect(d.breakout.entryPrice).toBe(10.96)
    expect(d.rewardRisk).toBeCloseTo((12.06 - 10.96) / (10.96 - 10.56), 9)
    // A gap above the breakout price enters at the open.
    const gap = run([...BASE, ...POLE, ...FLAG, [10.98, 11.05, 10.97, 11.0, 45_000]], { breakoutOn: 'trade' })
    expect(only(gap.events, 'breakout')[0]!.detection.breakout.entryPrice).toBe(10.98)
  })

  it("breakoutOn 'trade': a wick through the level that closes back in the flag fails on the same bar", () => {
    const { types, events } = run([...BASE, ...POLE, ...FLAG, [10.9, 11.05, 10.85, 10.93, 45_000]], {
      breakoutOn: 'trade',
    })
    expect(types.slice(-2)).toEqual(['28:breakout', '28:breakout-failed'])
    expect(reasonsOf(only(events, 'breakout-failed')[0]!)).toEqual([
      'closed at 10.93, back at or below the flag high 10.95, on the breakout bar',
    ])
  })
})

describe('BullFlagDetector: bad bars', () => {
  const bars = makeBars(TEXTBOOK)
  const good = (i: number): BullFlagBar => ({ ...bars[i]! })

  const cases: [string, BullFlagBar, string][] = [
    ['NaN close', { ...good(5), close: Number.NaN }, 'Invalid bar: close must be a finite number (got NaN)'],
    ['high below low', { ...good(5), high: 9.0 }, 'Invalid bar: high 9 is below low 9.95'],
    ['negative volume', { ...good(5), volume: -1 }, 'Invalid bar: volume must not be negative (got -1)'],
    ['zero price', { ...good(5), low: 0 }, 'Invalid bar: low must be greater than 0 (got 0)'],
    ['close above high', { ...good(5), close: 11 }, 'Invalid bar: close 11 is above high 10.05'],
    [
      'infinite volume',
      { ...good(5), volume: Number.POSITIVE_INFINITY },
      'Invalid bar: volume must be a finite number (got Infinity)',
    ],
    [
      'a bar from the past',
      { ...good(5), ts: bars[3]!.ts },
      `Invalid bar: ts ${bars[3]!.ts} is not after the previous bar's ${bars[4]!.ts} (bars must arrive once each, in time order)`,
    ],
    [
      'a repeated bar',
      { ...good(4) },
      `Invalid bar: ts ${bars[4]!.ts} is not after the previous bar's ${bars[4]!.ts} (bars must arrive once each, in time order)`,
    ],
    [
      'another symbol',
      { ...good(5), symbol: 'OTHER' },
      `Invalid bar: symbol "OTHER" does not match this detector's "TEST" (use one detector per symbol)`,
    ],
  ]

  for (const [name, bad, message] of cases) {
    it(`throws a ValidationError for ${name} and keeps its state`, () => {
      const detector = new BullFlagDetector()
      for (let i = 0; i < 5; i++) detector.update(bars[i]!)
      let error: unknown
      try {
        detector.update(bad)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ValidationError)
      expect(isBaseError(error) && error.code).toBe('validation')
      expect((error as ValidationError).shortMessage).toBe(message)
      expect(detector.barCount).toBe(5)
      expect(detector.rejectedBarCount).toBe(1)
      // The rest of the series still yields the textbook breakout.
      const types: string[] = []
      for (let i = 5; i < bars.length; i++) for (const e of detector.update(bars[i]!)) types.push(e.type)
      expect(types).toEqual(['flag-forming', 'flag-forming', 'breakout'])
    })
  }

  it('rejects a non-object', () => {
    const detector = new BullFlagDetector({ onInvalidBar: 'report' })
    const [event] = detector.update(null as unknown as BullFlagBar)
    expect(event?.type).toBe('bar-rejected')
    expect(event?.type === 'bar-rejected' && event.error.shortMessage).toBe(
      'Invalid bar: bar must be an object (got null)',
    )
  })

  it("with onInvalidBar 'report', bad bars come back as events and change nothing", () => {
    const clean = run(TEXTBOOK).events.map(([, e]) => e)
    const detector = new BullFlagDetector({ onInvalidBar: 'report' })
    const events: BullFlagEvent[] = []
    bars.forEach((bar, i) => {
      if (i > 0 && i % 3 === 0) {
        const previous = bars[i - 1]!
        const bad: BullFlagBar[] = [
          { ...bar, close: Number.NaN },
          { ...bar, high: bar.low - 0.01 },
          { ...bar, volume: -5 },
          { ...bar, open: Number.POSITIVE_INFINITY },
          { ...previous },
          { ...bar, ts: previous.ts - MIN },
          { ...bar, symbol: 'OTHER' },
        ]
        for (const b of bad) events.push(...detector.update(b))
      }
      events.push(...detector.update(bar))
    })
    const rejected = events.filter((e) => e.type === 'bar-rejected')
    expect(rejected.length).toBeGreaterThan(cases.length)
    expect(detector.rejectedBarCount).toBe(rejected.length)
    expect(events.filter((e) => e.type !== 'bar-rejected')).toEqual(clean)
  })
})

describe('BullFlagDetector: explain, reset, symbols', () => {
  it('has no data before the first bar', () => {
    const why = new BullFlagDetector({ symbol: 'ABC' }).explain()
    expect(why).toMatchObject({ symbol: 'ABC', status: 'no-data', reasons: [], summary: 'ABC: no bars yet' })
  })

  it('reports a forming flag while the flag is one bar long', () => {
    const { detector } = run([...BASE, ...POLE, FLAG[0]!])
    const why = detector.explain()
    expect(why.status).toBe('forming')
    expect(why.reasons.map((r) => r.message)).toEqual([
      'flag has 1 bar, fewer than 2',
      'flag range 2.3% is below 3%',
    ])
    expect(why.pole).toMatchObject({ low: 9.9, high: 11, bars: 4 })
    expect(why.flag).toMatchObject({ bars: 1, high: 10.95, low: 10.7 })
  })

  it('reports a quiet market as no pole', () => {
    const { detector } = run(BASE)
    const why = detector.explain()
    expect(why.status).toBe('rejected')
    expect(why.reasons[0]!.code).toBe('pole-too-weak')
  })

  it('adopts the first symbol and resets to a clean state', () => {
    const detector = new BullFlagDetector()
    expect(detector.symbol).toBeUndefined()
    const bars = makeBars(TEXTBOOK, { symbol: 'ABCD' })
    const first: string[] = []
    for (const bar of bars) for (const e of detector.update(bar)) first.push(e.type)
    expect(detector.symbol).toBe('ABCD')
    expect(detector.barCount).toBe(bars.length)
    detector.reset()
    expect(detector.symbol).toBeUndefined()
    expect(detector.barCount).toBe(0)
    expect(detector.explain().status).toBe('no-data')
    const second: string[] = []
    for (const bar of makeBars(TEXTBOOK, { symbol: 'WXYZ' }))
      for (const e of detector.update(bar)) second.push(e.type)
    expect(second).toEqual(first)
  })

  it('accepts bars without a symbol', () => {
    const detector = new BullFlagDetector()
    const types: string[] = []
    for (const { symbol: _symbol, timeframe: _tf, ...bar } of makeBars(TEXTBOOK))
      for (const e of detector.update(bar)) types.push(e.type)
    expect(types).toEqual(['flag-forming', 'flag-forming', 'breakout'])
    expect(detector.symbol).toBeUndefined()
  })
})
