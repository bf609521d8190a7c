import { ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { generateSnapshots } from '../test/snapshots.js'
import type { PremarketSnapshot } from './PremarketSnapshot.js'
import { type ScanPremarketParameters, type ScanRejection, scanPremarket } from './scanPremarket.js'

/** A stock that passes every default filter: +20% gap, 5× volume, $6, $1.5M premarket dollar volume. */
const GOOD: PremarketSnapshot = {
  symbol: 'GOOD',
  prevClose: 5,
  lastPrice: 6,
  premarketVolume: 250_000,
  avgDailyVolume: 2_000_000,
  avgPremarketVolume: 50_000,
  float: 8_000_000,
  open: 5.5,
}

const messages = (r: ScanRejection | undefined) => r?.reasons.map((x) => x.message)
const one = (snapshot: unknown, options: ScanPremarketParameters = {}) =>
  scanPremarket([snapshot as PremarketSnapshot], options)

describe('scanPremarket: filters', () => {
  it('passes a stock that meets every rule, with its measurements', () => {
    const { passed, rejected } = one(GOOD)
    expect(rejected).toEqual([])
    expect(passed).toEqual([
      {
        symbol: 'GOOD',
        snapshot: GOOD,
        price: 6,
        gapPct: expect.closeTo(20, 9),
        relativeVolume: 5,
        relativeVolumeBasis: 'premarket',
        premarketDollarVolume: 1_500_000,
        dailyVolumeShare: 0.125,
        float: 8_000_000,
        floatRotation: 250_000 / 8_000_000,
        intradayChangePct: expect.closeTo((6 / 5.5 - 1) * 100, 9),
      },
    ])
  })

  it('rejects a small gap, low relative volume, a price out of range, low dollar volume: every reason at once', () => {
    const { passed, rejected } = one({
      ...GOOD,
      prevClose: 60,
      lastPrice: 61.2,
      premarketVolume: 1_500,
      avgPremarketVolume: 1_000,
    })
    expect(passed).toEqual([])
    expect(messages(rejected[0])).toEqual([
      'gap 2% is below 4%',
      'relative volume 1.5× is below 2×',
      'price $61.2 is above $50',
      'premarket dollar volume $91.8K is below $100K',
    ])
    expect(rejected[0]!.reasons.map((r) => r.code)).toEqual([
      'gap-too-small',
      'relative-volume-too-low',
      'price-too-high',
      'dollar-volume-too-low',
    ])
    expect(rejected[0]).toMatchObject({ index: 0, symbol: 'GOOD' })
  })

  it('applies the documented defaults at their edges', () => {
    // Exactly 4% gap, exactly 2× volume, exactly $1 and $50, exactly $100K: all pass.
    expect(
      one({ ...GOOD, prevClose: 0.96, lastPrice: 0.9984 }).rejected[0]?.reasons.map((r) => r.code),
    ).toEqual(['price-too-low'])
    expect(one({ ...GOOD, prevClose: 25, lastPrice: 26, premarketVolume: 100_000 }).passed).toHaveLength(1)
    expect(one({ ...GOOD, prevClose: 40, lastPrice: 50, premarketVolume: 100_000 }).passed).toHaveLength(1)
    expect(one({ ...GOOD, lastPrice: 1, prevClose: 0.9, premarketVolume: 100_000 }).passed).toHaveLength(1)
    expect(messages(one({ ...GOOD, prevClose: 5, lastPrice: 5.199 }).rejected[0])).toEqual([
      'gap 3.98% is below 4%',
    ])
  })

  it('rejects a float above maxFloat, and an unknown float unless allowed', () => {
    expect(messages(one(GOOD, { maxFloat: 5_000_000 }).rejected[0])).toEqual(['float 8M shares is above 5M'])
    const { float: _float, ...noFloat } = GOOD
    expect(messages(one(noFloat, { maxFloat: 20_000_000 }).rejected[0])).toEqual([
      'float is unknown and maxFloat is 20M shares',
    ])
    expect(
      one(noFloat, { maxFloat: 20_000_000, allowUnknownFloat: true }).passed[0]?.floatRotation,
    ).toBeUndefined()
    expect(one(noFloat).passed).toHaveLength(1)
  })

  it('rejects a gap above maxGapPct', () => {
    expect(messages(one({ ...GOOD, lastPrice: 30 }, { maxGapPct: 300 }).rejected[0])).toEqual([
      'gap 500% is above 300%',
    ])
  })

  it('needs the average premarket volume, or an explicit share of daily volume to estimate it', () => {
    const { avgPremarketVolume: _avg, ...noAverage } = GOOD
    expect(messages(one(noAverage).rejected[0])).toEqual([
      'relative volume unknown: avgPremarketVolume is missing (pass it, or set premarketVolumeShare to estimate it from avgDailyVolume)',
    ])
    // 2,000,000 × 5% = 100,000 expected: 250,000 is 2.5×.
    const estimated = one(noAverage, { premarketVolumeShare: 0.05 }).passed[0]!
    expect(estimated.relativeVolume).toBeCloseTo(2.5, 12)
    expect(estimated.relativeVolumeBasis).toBe('estimated')
    expect(messages(one(noAverage, { premarketVolumeShare: 0.2 }).rejected[0])).toEqual([
      'relative volume 0.63× is below 2× (estimated from avgDailyVolume)',
    ])
  })

  it('excludes symbols on plain or named lists', () => {
    expect(messages(one(GOOD, { exclude: ['GOOD'] }).rejected[0])).toEqual(['on the exclusion list'])
    expect(messages(one(GOOD, { exclude: { 'hard-to-borrow': ['XYZ', 'GOOD'] } }).rejected[0])).toEqual([
      'on the exclusion list "hard-to-borrow"',
    ])
  })

  it('rejects halted and stale snapshots', () => {
    expect(messages(one({ ...GOOD, halted: true }).rejected[0])).toEqual(['trading is halted'])
    const now = Date.UTC(2026, 0, 6, 14, 0)
    expect(messages(one({ ...GOOD, ts: now - 90_000 }, { now, maxAgeMs: 60_000 }).rejected[0])).toEqual([
      'snapshot is 90 s old, more than 60 s',
    ])
    expect(one({ ...GOOD, ts: now - 30_000 }, { now, maxAgeMs: 60_000 }).passed).toHaveLength(1)
    expect(messages(one(GOOD, { now, maxAgeMs: 60_000 }).rejected[0])).toEqual([
      'snapshot has no ts to check its age against maxAgeMs',
    ])
  })

  it('sorts the passed stocks by gap, largest first, ties by symbol', () => {
    const { passed } = scanPremarket([
      { ...GOOD, symbol: 'BBB', lastPrice: 6 },
      { ...GOOD, symbol: 'CCC', lastPrice: 7 },
      { ...GOOD, symbol: 'AAA', lastPrice: 6 },
    ])
    expect(passed.map((c) => c.symbol)).toEqual(['CCC', 'AAA', 'BBB'])
  })
})

describe('scanPremarket: bad input is a rejection with a reason, never a throw and never a pass', () => {
  const cases: [string, unknown, string[]][] = [
    ['missing previous close', { ...GOOD, prevClose: undefined }, ['prevClose is required']],
    ['NaN price', { ...GOOD, lastPrice: Number.NaN }, ['lastPrice must be a finite number (got NaN)']],
    [
      'negative volume',
      { ...GOOD, premarketVolume: -100 },
      ['premarketVolume must not be negative (got -100)'],
    ],
    ['price as a string', { ...GOOD, lastPrice: '6.00' }, ['lastPrice must be a finite number (got "6.00")']],
    ['zero previous close', { ...GOOD, prevClose: 0 }, ['prevClose must be greater than 0 (got 0)']],
    [
      'infinite average',
      { ...GOOD, avgPremarketVolume: Number.POSITIVE_INFINITY },
      ['avgPremarketVolume must be a finite number (got Infinity)'],
    ],
    ['zero float', { ...GOOD, float: 0 }, ['float must be greater than 0 (got 0)']],
    [
      'lower-case symbol',
      { ...GOOD, symbol: 'good' },
      ['symbol must be an uppercase ticker such as AAPL or BRK.B (got "good")'],
    ],
    ['no symbol', { ...GOOD, symbol: undefined }, ['symbol is required']],
    ['halted as a string', { ...GOOD, halted: 'yes' }, ['halted must be true or false (got "yes")']],
    ['bad ts', { ...GOOD, ts: 1.5 }, ['ts must be a non-negative integer of epoch ms (got 1.5)']],
    ['null', null, ['snapshot must be an object (got null)']],
    ['a number', 42, ['snapshot must be an object (got 42)']],
    [
      'several problems',
      { ...GOOD, prevClose: Number.NaN, premarketVolume: -1, avgDailyVolume: undefined },
      [
        'prevClose must be a finite number (got NaN)',
        'premarketVolume must not be negative (got -1)',
        'avgDailyVolume is required',
      ],
    ],
  ]
  for (const [name, snapshot, expected] of cases) {
    it(`${name}`, () => {
      const { passed, rejected } = scanPremarket([
        GOOD,
        snapshot as PremarketSnapshot,
        { ...GOOD, symbol: 'ALSO' },
      ])
      expect(passed.map((c) => c.symbol).sort()).toEqual(['ALSO', 'GOOD'])
      expect(rejected).toHaveLength(1)
      expect(rejected[0]!.index).toBe(1)
      expect(rejected[0]!.reasons.every((r) => r.code === 'invalid-input')).toBe(true)
      expect(messages(rejected[0])).toEqual(expected)
    })
  }

  it('names the field of each bad input', () => {
    const { rejected } = one({ ...GOOD, prevClose: Number.NaN })
    expect(rejected[0]!.reasons[0]).toEqual({
      code: 'invalid-input',
      message: 'prevClose must be a finite number (got NaN)',
      field: 'prevClose',
      value: Number.NaN,
    })
    expect(rejected[0]!.symbol).toBe('GOOD')
  })

  it('keeps the first valid snapshot of a symbol and rejects the repeats', () => {
    const { passed, rejected } = scanPremarket([
      { ...GOOD, prevClose: Number.NaN },
      GOOD,
      { ...GOOD, lastPrice: 7 },
    ])
    expect(passed).toHaveLength(1)
    expect(passed[0]!.price).toBe(6)
    expect(rejected.map((r) => [r.index, r.reasons[0]!.code])).toEqual([
      [0, 'invalid-input'],
      [2, 'duplicate'],
    ])
    expect(messages(rejected[1])).toEqual(['duplicate of the snapshot at index 1'])
  })

  it('throws only for misuse: bad options or a non-array', () => {
    expect(() => scanPremarket([], { minPrice: 60 })).toThrow(ValidationError)
    expect(() => scanPremarket([], { minPrice: 60 })).toThrow(
      'Invalid premarket scan options: minPrice must not be above maxPrice 50 (got 60)',
    )
    expect(() => scanPremarket([], { minRelativeVolume: -1 })).toThrow(
      'Invalid premarket scan options: minRelativeVolume must not be negative (got -1)',
    )
    expect(() => scanPremarket([], { maxAgeMs: 1000 })).toThrow(
      'Invalid premarket scan options: now is required',
    )
    expect(() => scanPremarket([], { minGap: 4 } as ScanPremarketParameters)).toThrow(ValidationError)
    expect(() => scanPremarket('AAPL' as unknown as PremarketSnapshot[])).toThrow(
      'Invalid snapshots: snapshots must be an array of snapshots (got "AAPL")',
    )
  })
})

/** The scan written the plain way, to cross-check the scanner over many snapshots. */
function oracle(snapshots: readonly PremarketSnapshot[], maxFloat: number, excluded: string[]): string[] {
  const seen = new Set<string>()
  const out: { symbol: string; gap: number }[] = []
  for (const s of snapshots) {
    const valid =
      typeof s.symbol === 'string' &&
      [s.prevClose, s.lastPrice, s.premarketVolume, s.avgDailyVolume, s.avgPremarketVolume].every(
        (x) => typeof x === 'number' && Number.isFinite(x),
      ) &&
      s.prevClose > 0 &&
      s.lastPrice > 0 &&
      s.premarketVolume >= 0 &&
      (s.avgPremarketVolume ?? 0) > 0
    if (!valid || seen.has(s.symbol)) continue
    seen.add(s.symbol)
    const gap = (s.lastPrice / s.prevClose - 1) * 100
    const rvol = s.premarketVolume / (s.avgPremarketVolume as number)
    if (
      gap >= 4 &&
      rvol >= 2 &&
      s.lastPrice >= 1 &&
      s.lastPrice <= 50 &&
      (s.float === undefined || s.float <= maxFloat) &&
      s.premarketVolume * s.lastPrice >= 100_000 &&
      !excluded.includes(s.symbol)
    )
      out.push({ symbol: s.symbol, gap })
  }
  out.sort((a, b) => b.gap - a.gap || (a.symbol < b.symbol ? -1 : 1))
  return out.map((x) => x.symbol)
}

describe('scanPremarket: 300 synthetic snapshots', () => {
  const snapshots = generateSnapshots({ seed: 42, count: 300 })
  const options: ScanPremarketParameters = {
    maxFloat: 50_000_000,
    allowUnknownFloat: true,
    exclude: { 'hard-to-borrow': ['S0007', 'S0127'] },
  }
  const { passed, rejected } = scanPremarket(snapshots, options)

  it('accounts for every snapshot exactly once', () => {
    expect(passed.length + rejected.length).toBe(snapshots.length)
    expect(rejected.map((r) => r.index)).toEqual([...rejected.map((r) => r.index)].sort((a, b) => a - b))
  })

  it('agrees with a plain re-implementation of the rules', () => {
    expect(passed.map((c) => c.symbol)).toEqual(oracle(snapshots, 50_000_000, ['S0007', 'S0127']))
  })

  it('pins which symbols pass, in order', () => {
    expect(passed.map((c) => c.symbol)).toMatchInlineSnapshot(`
      [
        "S0060",
        "S0196",
        "S0094",
        "S0145",
        "S0278",
        "S0131",
        "S0189",
        "S0103",
        "S0120",
        "S0226",
        "S0163",
        "S0088",
        "S0138",
        "S0203",
        "S0295",
        "S0026",
        "S0244",
        "S0057",
        "S0024",
        "S0025",
        "S0044",
        "S0053",
        "S0033",
        "S0213",
        "S0283",
        "S0259",
        "S0012",
        "S0107",
        "S0086",
        "S0160",
        "S0216",
        "S0172",
        "S0215",
        "S0233",
        "S0117",
        "S0219",
        "S0085",
        "S0242",
        "S0270",
        "S0164",
      ]
    `)
  })

  it('pins how many were rejected for each reason', () => {
    const counts: Record<string, number> = {}
    for (const r of rejected)
      for (const reason of r.reasons) counts[reason.code] = (counts[reason.code] ?? 0) + 1
    expect(counts).toMatchInlineSnapshot(`
      {
        "dollar-volume-too-low": 14,
        "duplicate": 2,
        "excluded": 2,
        "float-too-large": 154,
        "gap-too-small": 61,
        "invalid-input": 17,
        "price-too-high": 44,
        "price-too-low": 23,
        "relative-volume-too-low": 141,
      }
    `)
  })

  it('reports every bad snapshot with a reason', () => {
    const bad = rejected.filter((r) => r.reasons.some((x) => x.code === 'invalid-input'))
    expect(bad.length).toBeGreaterThanOrEqual(10)
    for (const r of bad) {
      expect(r.symbol).toMatch(/^S\d{4}$/)
      expect(r.reasons.length).toBeGreaterThan(0)
    }
    expect(new Set(bad.map((r) => r.reasons[0]!.field))).toEqual(
      new Set(['prevClose', 'lastPrice', 'premarketVolume', 'avgPremarketVolume']),
    )
  })
})
