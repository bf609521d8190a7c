import { ValidationError } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateSnapshots } from '../test/snapshots.js'
import { type CatalystClassification, classifyCatalyst, type NewsItem } from './classifyCatalyst.js'
import type { PremarketSnapshot } from './PremarketSnapshot.js'
import { DEFAULT_MOMENTUM_WEIGHTS, type RankMomentumParameters, rankMomentum } from './rankMomentum.js'
import { type PremarketCandidate, scanPremarket } from './scanPremarket.js'

const NOW = Date.UTC(2026, 0, 6, 14, 0) // Tuesday 09:00 New York

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

function candidates(...snapshots: PremarketSnapshot[]): PremarketCandidate[] {
  const { passed, rejected } = scanPremarket(snapshots)
  expect(rejected).toEqual([])
  return passed
}

function news(symbol: string, headline: string, hoursAgo = 1): CatalystClassification {
  const item: NewsItem = { headline, symbols: [symbol], publishedAt: NOW - hoursAgo * 3_600_000 }
  return classifyCatalyst(item, { now: NOW })
}

// gap 20% → 0.4; rvol 5× → log 5 / log 10; change +9.09% → /25; rotation 0.03125; no news → 0.
const BASE_SCORE =
  0.25 * 0.4 +
  0.25 * (Math.log(5) / Math.log(10)) +
  (0.1 * ((6 / 5.5 - 1) * 100)) / 25 +
  0.2 * (250_000 / 8_000_000)

describe('rankMomentum: the score', () => {
  it('is the documented weighted sum, with each part shown', () => {
    const [ranked] = rankMomentum(candidates(GOOD))
    expect(ranked!.rank).toBe(1)
    expect(ranked!.score).toBeCloseTo(BASE_SCORE, 12)
    expect(ranked!.parts).toEqual({
      gap: {
        value: expect.closeTo(20, 9),
        part: expect.closeTo(0.4, 9),
        weight: 0.25,
        contribution: expect.closeTo(0.1, 9),
      },
      relativeVolume: {
        value: 5,
        part: expect.closeTo(Math.log10(5), 12),
        weight: 0.25,
        contribution: expect.closeTo(0.25 * Math.log10(5), 12),
      },
      intradayChange: {
        value: expect.closeTo(9.0909, 3),
        part: expect.closeTo(9.0909 / 25, 4),
        weight: 0.1,
        contribution: expect.closeTo(0.036364, 5),
      },
      floatRotation: { value: 0.03125, part: 0.03125, weight: 0.2, contribution: 0.00625 },
      catalyst: { value: undefined, part: 0, weight: 0.2, contribution: 0 },
    })
    const sum = Object.values(ranked!.parts).reduce((s, p) => s + p.contribution, 0)
    expect(sum).toBeCloseTo(ranked!.score, 12)
    expect(ranked!.catalyst).toBeUndefined()
  })

  it('caps each part: a 120% gap on 40× volume rotating the float twice scores the full weight', () => {
    const [r] = rankMomentum(
      candidates({ ...GOOD, lastPrice: 11, premarketVolume: 2_000_000, float: 1_000_000, open: 7 }),
    )
    expect(r!.parts.gap.part).toBe(1)
    expect(r!.parts.relativeVolume.part).toBe(1)
    expect(r!.parts.intradayChange.part).toBe(1)
    expect(r!.parts.floatRotation.part).toBe(1)
    expect(r!.score).toBeCloseTo(0.8, 12)
  })

  it('scores unknown values 0: a missing float or open never helps', () => {
    const { float: _f, open: _o, ...bare } = GOOD
    const [r] = rankMomentum(candidates(bare))
    expect(r!.parts.floatRotation).toMatchObject({ value: undefined, part: 0 })
    expect(r!.parts.intradayChange).toMatchObject({ value: undefined, part: 0 })
    expect(r!.score).toBeCloseTo(0.25 * 0.4 + 0.25 * Math.log10(5), 12)
  })

  it('adds the fresh news: an FDA approval lifts, an offering sinks, both net out', () => {
    const list = candidates(
      { ...GOOD, symbol: 'APPR' },
      { ...GOOD, symbol: 'PLAIN' },
      { ...GOOD, symbol: 'DILU' },
      { ...GOOD, symbol: 'BOTH' },
    )
    const catalysts = [
      news('APPR', 'APPR Announces FDA Approval of Lead Drug'),
      news('DILU', 'DILU Prices $30 Million Public Offering'),
      news('BOTH', 'BOTH Receives FDA Approval'),
      news('BOTH', 'BOTH Prices $40 Million Registered Direct Offering', 0.5),
    ]
    const ranked = rankMomentum(list, { catalysts })
    expect(ranked.map((r) => r.symbol)).toEqual(['APPR', 'BOTH', 'PLAIN', 'DILU'])
    const by = Object.fromEntries(ranked.map((r) => [r.symbol, r]))
    expect(by.APPR!.score).toBeCloseTo(BASE_SCORE + 0.2 * 0.9, 12)
    expect(by.DILU!.score).toBeCloseTo(BASE_SCORE - 0.2 * 0.8, 12)
    expect(by.BOTH!.parts.catalyst.value).toBeCloseTo(0.1, 12)
    expect(by.BOTH!.catalyst?.sign).toBe('mixed')
    expect(by.BOTH!.catalyst?.categories).toEqual(['fda-clinical', 'offering-dilution'])
    expect(by.PLAIN!.catalyst).toBeUndefined()
  })

  it('gives news of unknown direction the neutral credit, and ignores stale news', () => {
    const list = candidates({ ...GOOD, symbol: 'SCHED' }, { ...GOOD, symbol: 'OLD' })
    const catalysts = [
      news('SCHED', 'SCHED to Report Fourth Quarter Results on February 12'),
      news('OLD', 'OLD Announces FDA Approval', 40), // published Sunday evening: stale after Monday's close
    ]
    const by = Object.fromEntries(rankMomentum(list, { catalysts }).map((r) => [r.symbol, r]))
    expect(by.SCHED!.parts.catalyst).toMatchObject({ value: 0, part: 0.25 })
    expect(by.OLD!.parts.catalyst).toMatchObject({ value: undefined, part: 0 })
    const none = rankMomentum(list, { catalysts, neutralCatalystCredit: 0 })
    expect(none.find((r) => r.symbol === 'SCHED')!.parts.catalyst.part).toBe(0)
  })

  it('scales custom weights to sum to 1', () => {
    const [r] = rankMomentum(candidates(GOOD), {
      weights: { gap: 1, relativeVolume: 1, intradayChange: 0, floatRotation: 0, catalyst: 0 },
    })
    expect(r!.parts.gap.weight).toBe(0.5)
    expect(r!.score).toBeCloseTo(0.5 * 0.4 + 0.5 * Math.log10(5), 12)
    expect(Object.values(DEFAULT_MOMENTUM_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('scores a malformed hand-made candidate (NaN gap) as 0 for that part instead of poisoning the order', () => {
    const [good] = candidates(GOOD)
    const broken: PremarketCandidate = { ...good!, symbol: 'NANX', gapPct: Number.NaN }
    const ranked = rankMomentum([broken, good!])
    expect(ranked.map((r) => r.symbol)).toEqual(['GOOD', 'NANX'])
    expect(Number.isFinite(ranked[1]!.score)).toBe(true)
    expect(ranked[1]!.parts.gap.part).toBe(0)
  })

  it('validates its options', () => {
    const bad = (options: RankMomentumParameters) => () => rankMomentum([], options)
    expect(bad({ topN: 0 })).toThrow('Invalid momentum ranking options: topN must be greater than 0 (got 0)')
    expect(bad({ topN: 2.5 })).toThrow(ValidationError)
    expect(bad({ weights: { gap: -1 } })).toThrow(
      'Invalid momentum ranking options: weights.gap must not be negative (got -1)',
    )
    expect(
      bad({ weights: { gap: 0, relativeVolume: 0, intradayChange: 0, floatRotation: 0, catalyst: 0 } }),
    ).toThrow('weights must not all be 0')
    expect(bad({ saturation: { relativeVolume: 1 } })).toThrow(
      'saturation.relativeVolume must be greater than 1',
    )
    expect(bad({ weights: { volume: 1 } as never })).toThrow(ValidationError)
  })
})

describe('rankMomentum: the order', () => {
  it('returns the top N, best first; ties go to the larger gap, then the symbol', () => {
    const list = candidates(
      { ...GOOD, symbol: 'BBB' },
      { ...GOOD, symbol: 'AAA' },
      { ...GOOD, symbol: 'CCC', lastPrice: 6.5, open: 6.5 * (5.5 / 6) },
    )
    expect(rankMomentum(list).map((r) => [r.rank, r.symbol])).toEqual([
      [1, 'CCC'],
      [2, 'AAA'],
      [3, 'BBB'],
    ])
    expect(rankMomentum(list, { topN: 2 }).map((r) => r.symbol)).toEqual(['CCC', 'AAA'])
    expect(rankMomentum([])).toEqual([])
  })

  it('the top-N selection equals a full sort (random scores with ties)', () => {
    const arbitrary = fc.array(
      fc.record({
        gap: fc.integer({ min: 4, max: 60 }),
        rvol: fc.constantFrom(2, 3, 5, 8, 12),
        float: fc.option(fc.constantFrom(1e6, 5e6, 2e7), { nil: undefined }),
      }),
      { maxLength: 80 },
    )
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 30 }), (rows, topN) => {
        const snapshots = rows.map((row, i) => ({
          symbol: `R${i}`,
          prevClose: 10,
          lastPrice: 10 * (1 + row.gap / 100),
          premarketVolume: 100_000 * row.rvol,
          avgDailyVolume: 1e6,
          avgPremarketVolume: 100_000,
          ...(row.float === undefined ? {} : { float: row.float }),
        }))
        const list = scanPremarket(snapshots).passed
        const all = rankMomentum(list, { topN: 10_000 })
        const full = [...all].sort(
          (a, b) =>
            b.score - a.score ||
            b.candidate.gapPct - a.candidate.gapPct ||
            (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
        )
        expect(all.map((r) => r.symbol)).toEqual(full.map((r) => r.symbol))
        expect(rankMomentum(list, { topN }).map((r) => r.symbol)).toEqual(
          full.slice(0, topN).map((r) => r.symbol),
        )
        for (const r of all) {
          expect(r.score).toBeLessThanOrEqual(1)
          expect(r.score).toBeCloseTo(
            Object.values(r.parts).reduce((s, p) => s + p.contribution, 0),
            12,
          )
        }
      }),
      { numRuns: 200, seed: 17 },
    )
  })

  it('pins the top 20 of 300 synthetic snapshots, with news', () => {
    const snapshots = generateSnapshots({ seed: 42, count: 300 })
    const { passed } = scanPremarket(snapshots, { maxFloat: 50_000_000, allowUnknownFloat: true })
    const catalysts = [
      news('S0213', 'S0213 Announces FDA Approval of Its First Product'),
      news('S0026', 'S0026 Prices $12 Million Registered Direct Offering'),
      news('S0172', 'S0172 Awarded $30 Million Department of Defense Contract'),
    ]
    const ranked = rankMomentum(passed, { catalysts })
    expect(ranked).toHaveLength(20)
    expect(ranked.map((r) => `${r.rank} ${r.symbol} ${r.score.toFixed(4)}`)).toMatchInlineSnapshot(`
      [
        "1 S0103 0.6222",
        "2 S0060 0.5309",
        "3 S0226 0.5138",
        "4 S0088 0.5025",
        "5 S0213 0.5002",
        "6 S0278 0.5000",
        "7 S0163 0.4899",
        "8 S0145 0.4693",
        "9 S0138 0.4551",
        "10 S0164 0.4300",
        "11 S0053 0.4157",
        "12 S0189 0.3964",
        "13 S0295 0.3771",
        "14 S0259 0.3758",
        "15 S0131 0.3731",
        "16 S0120 0.3704",
        "17 S0024 0.3687",
        "18 S0094 0.3537",
        "19 S0025 0.3515",
        "20 S0203 0.3499",
      ]
    `)
    // The news moved the ranks: the approval up, the offering down.
    const rankOf = (list: { symbol: string; rank: number }[], symbol: string) =>
      list.find((r) => r.symbol === symbol)?.rank ?? Number.POSITIVE_INFINITY
    const plain = rankMomentum(passed, { topN: passed.length })
    const withNews = rankMomentum(passed, { catalysts, topN: passed.length })
    expect(rankOf(withNews, 'S0213')).toBeLessThan(rankOf(plain, 'S0213'))
    expect(rankOf(withNews, 'S0026')).toBeGreaterThan(rankOf(plain, 'S0026'))
    expect(rankOf(withNews, 'S0172')).toBeLessThan(rankOf(plain, 'S0172'))
    // The same order as scoring every candidate and sorting.
    const all = rankMomentum(passed, { catalysts, topN: passed.length })
    expect(all.slice(0, 20).map((r) => r.symbol)).toEqual(ranked.map((r) => r.symbol))
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score)
  })
})
