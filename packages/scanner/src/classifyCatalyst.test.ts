import { nyse, TradingCalendar, ValidationError } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type CatalystCategoryValue,
  type CatalystSign,
  classifyCatalyst,
  combineSignals,
  type NewsItem,
} from './classifyCatalyst.js'

const NOW = Date.UTC(2026, 0, 6, 14, 0) // Tuesday 2026-01-06, 09:00 New York
const HOUR = 3_600_000

const classify = (headline: string, extra: Partial<NewsItem> = {}) =>
  classifyCatalyst({ headline, symbols: ['XYZ'], publishedAt: NOW - HOUR, ...extra }, { now: NOW })

// Realistic headlines (press-release and newswire style), with the category and direction a momentum
// trader would give them. The tricky ones are marked.
const HEADLINES: [headline: string, category: CatalystCategoryValue, sign: CatalystSign][] = [
  // FDA / clinical
  ['Acme Therapeutics Announces FDA Approval of ZX-101 for Rare Liver Disease', 'fda-clinical', 'positive'],
  ['Acme Therapeutics Receives Complete Response Letter from FDA for ZX-101', 'fda-clinical', 'negative'],
  [
    'BioCo Announces Positive Topline Results from Phase 2 Trial of BC-12 in Heart Failure',
    'fda-clinical',
    'positive',
  ],
  ['BioCo Phase 3 Trial of BC-12 Fails to Meet Primary Endpoint', 'fda-clinical', 'negative'],
  ["FDA Places Clinical Hold on NovaGen's Gene Therapy Program", 'fda-clinical', 'negative'],
  ['NovaGen Granted FDA Breakthrough Therapy Designation for NG-7', 'fda-clinical', 'positive'],
  ['NovaGen Receives Orphan Drug Designation for Pediatric Indication', 'fda-clinical', 'positive'],
  ['MedDevice Inc. Receives FDA 510(k) Clearance for Glucose Monitor', 'fda-clinical', 'positive'],
  // Tricky: "approval" here is only sought, not granted.
  ['NeuroX Submits New Drug Application to FDA Seeking Approval of NX-3', 'fda-clinical', 'neutral'],
  // Offering / dilution
  ['Company X Prices $50M Offering', 'offering-dilution', 'negative'],
  [
    'Company X Prices $50 Million Underwritten Public Offering of Common Stock',
    'offering-dilution',
    'negative',
  ],
  ['Company X Announces Proposed Public Offering of Common Stock', 'offering-dilution', 'negative'],
  [
    'Company X Announces $20 Million Registered Direct Offering Priced At-the-Market',
    'offering-dilution',
    'negative',
  ],
  ['Company X Files for $100M Mixed Shelf Offering', 'offering-dilution', 'negative'],
  ['Company X Enters into At-The-Market Equity Offering Sales Agreement', 'offering-dilution', 'negative'],
  ['Company X Announces $15 Million Private Placement', 'offering-dilution', 'negative'],
  ['Company X Announces Closing of $15 Million Underwritten Offering', 'offering-dilution', 'negative'],
  [
    'Company X Announces Pricing of Upsized $75 Million Convertible Senior Notes Offering',
    'offering-dilution',
    'negative',
  ],
  ['Company X Announces Exercise of Warrants for $8 Million Gross Proceeds', 'offering-dilution', 'negative'],
  // Tricky: withdrawing an offering is good news; a "product offering" is not a financing.
  ['Company X Terminates Proposed Public Offering', 'offering-dilution', 'positive'],
  ['Company X Expands Cloud Product Offering with New AI Features', 'other', 'neutral'],
  // Earnings and guidance
  ['XYZ Reports Q3 EPS of $0.45, Beats Estimates by $0.05; Revenue Tops Views', 'earnings', 'positive'],
  ['XYZ Misses Q2 Earnings Estimates as Revenue Falls 12%', 'earnings', 'negative'],
  // Tricky: good and bad news in one headline.
  ['XYZ Beats Estimates but Cuts Full-Year Guidance', 'guidance', 'mixed'],
  ['XYZ Misses on Revenue but Raises Full-Year Outlook', 'guidance', 'mixed'],
  ['XYZ Raises Full-Year Revenue Outlook Above Consensus', 'guidance', 'positive'],
  ['XYZ Lowers FY2026 Guidance Below Consensus', 'guidance', 'negative'],
  ['XYZ Withdraws 2026 Financial Guidance Citing Uncertainty', 'guidance', 'negative'],
  ['XYZ Reaffirms Full-Year Guidance', 'guidance', 'positive'],
  ['XYZ Reports Record Quarterly Revenue, Up 85% Year Over Year', 'earnings', 'positive'],
  ['XYZ to Report Fourth Quarter Results on February 12', 'earnings', 'neutral'],
  ['XYZ Swings to a Loss in Q4 as Sales Decline', 'earnings', 'negative'],
  // Merger / acquisition
  ['MegaCorp to Acquire SmallCo for $12.50 Per Share in Cash', 'merger-acquisition', 'positive'],
  ['SmallCo Enters into Definitive Agreement to Be Acquired by MegaCorp', 'merger-acquisition', 'positive'],
  [
    'SmallCo Receives Unsolicited Proposal to Acquire the Company at $9 Per Share',
    'merger-acquisition',
    'positive',
  ],
  ['MegaCorp Terminates Merger Agreement with SmallCo', 'merger-acquisition', 'negative'],
  ['SmallCo Board Explores Strategic Alternatives Including a Sale', 'merger-acquisition', 'positive'],
  // Contract / partnership
  ['DefenseTech Awarded $45 Million U.S. Army Contract', 'contract-partnership', 'positive'],
  [
    'DataCo Announces Strategic Partnership with Microsoft to Deploy AI Platform',
    'contract-partnership',
    'positive',
  ],
  ['EVCo Signs Multi-Year Supply Agreement with Major Automaker', 'contract-partnership', 'positive'],
  ['ChipCo Receives $5 Million Purchase Order from Tier-1 Customer', 'contract-partnership', 'positive'],
  ['RetailCo Loses Walmart Contract; Shares Slide', 'contract-partnership', 'negative'],
  // Analyst action
  ['Analyst Upgrades XYZ to Buy, Raises Price Target to $30', 'analyst-action', 'positive'],
  ['Morgan Stanley Downgrades XYZ to Underweight', 'analyst-action', 'negative'],
  ['XYZ Price Target Cut to $8 at Jefferies', 'analyst-action', 'negative'],
  ['Goldman Sachs Initiates Coverage of XYZ with Buy Rating', 'analyst-action', 'positive'],
  // Tricky: an upgrade that is not an analyst's.
  ['XYZ Completes Network Upgrade Across Data Centers', 'other', 'neutral'],
  // Legal / regulatory
  ['XYZ Receives Nasdaq Notification Regarding Minimum Bid Price Deficiency', 'legal-regulatory', 'negative'],
  ['XYZ Regains Compliance with Nasdaq Minimum Bid Price Requirement', 'legal-regulatory', 'positive'],
  ['SEC Charges XYZ Executives with Accounting Fraud', 'legal-regulatory', 'negative'],
  [
    'XYZ Wins Patent Infringement Lawsuit Against Rival; Jury Awards $120 Million',
    'legal-regulatory',
    'positive',
  ],
  [
    'Class Action Filed Against XYZ; Investors Encouraged to Contact the Firm',
    'legal-regulatory',
    'negative',
  ],
  ['XYZ Settles DOJ Investigation for $20 Million', 'legal-regulatory', 'positive'],
  ['XYZ Recalls 50,000 Vehicles Over Brake Defect', 'legal-regulatory', 'negative'],
  ['AirCo Receives FAA Certification for Electric Aircraft', 'legal-regulatory', 'positive'],
  // Other
  ['XYZ Announces 1-for-20 Reverse Stock Split', 'other', 'negative'],
  ['XYZ Appoints New Chief Financial Officer', 'other', 'neutral'],
  ['XYZ to Present at Upcoming Investor Conference', 'other', 'neutral'],
  ['XYZ Announces $50 Million Share Repurchase Program', 'other', 'positive'],
  ['Hindenburg Research Discloses Short Position in XYZ', 'other', 'negative'],
  ['XYZ Files for Chapter 11 Bankruptcy Protection', 'other', 'negative'],
  ['XYZ CEO Resigns Effective Immediately', 'other', 'negative'],
  ['Trading Halted in XYZ Pending News', 'other', 'neutral'],
  // Tricky: two stories in one; the approval is the stronger signal but the sign is mixed.
  ['FDA Approves ABC Drug; ABC Also Prices $100M Public Offering', 'fda-clinical', 'mixed'],
]

describe('classifyCatalyst: realistic headlines', () => {
  it(`covers at least 40 headlines across every category`, () => {
    expect(HEADLINES.length).toBeGreaterThanOrEqual(40)
    expect(new Set(HEADLINES.map(([, category]) => category)).size).toBe(9)
  })

  for (const [headline, category, sign] of HEADLINES) {
    it(`${headline} → ${category}, ${sign}`, () => {
      const c = classify(headline)
      expect({ category: c.category, sign: c.sign }).toEqual({ category, sign })
      if (sign === 'positive') expect(c.strength).toBeGreaterThan(0)
      if (sign === 'negative') expect(c.strength).toBeLessThan(0)
      if (sign === 'neutral') expect(c.strength).toBe(0)
    })
  }

  it('"Company X prices $50M offering" is dilutive and says why', () => {
    const c = classify('Company X Prices $50M Offering')
    expect(c.strength).toBe(-0.8)
    expect(c.signals).toEqual([
      {
        rule: 'offering-priced',
        category: 'offering-dilution',
        strength: -0.8,
        source: 'headline',
        match: 'prices $50m offering',
      },
      expect.objectContaining({ rule: 'offering-financing', strength: -0.6 }),
    ])
  })

  it('"beats estimates but cuts guidance" is mixed, lists both categories, and nets slightly negative', () => {
    const c = classify('XYZ Beats Estimates but Cuts Full-Year Guidance')
    expect(c.categories).toEqual(['guidance', 'earnings'])
    expect(c.strength).toBeCloseTo(-0.1, 12)
    expect(c.signals.map((s) => s.rule)).toEqual(['guidance-cut', 'guidance-mentioned', 'earnings-beat'])
  })

  it('reads the summary when the headline says little, at three quarters weight', () => {
    const c = classify('XYZ Reports Third Quarter 2026 Results', {
      summary: 'Revenue of $41.2 million beat consensus estimates; the company raised its full-year outlook.',
    })
    expect(c.sign).toBe('positive')
    expect(c.category).toBe('guidance')
    const raised = c.signals.find((s) => s.rule === 'guidance-raised')!
    expect(raised).toMatchObject({ source: 'summary', strength: expect.closeTo(0.45, 12) })
    expect(c.signals.find((s) => s.rule === 'earnings-report')?.source).toBe('headline')
  })

  it('ignores case, curly quotes, dashes and extra spaces', () => {
    const a = classify('COMPANY X   PRICES $50M  OFFERING')
    const b = classify('company x prices $50m offering')
    expect({ ...a, item: undefined }).toEqual({ ...b, item: undefined })
    expect(classify('XYZ’s Phase 3 Trial Meets Primary Endpoint').sign).toBe('positive')
  })
})

describe('classifyCatalyst: freshness', () => {
  const at = (
    publishedAt: number,
    now = NOW,
    extra: { freshnessMs?: number; calendar?: TradingCalendar } = {},
  ) =>
    classifyCatalyst(
      { headline: 'XYZ Announces FDA Approval', symbols: ['XYZ'], publishedAt },
      { now, ...extra },
    )

  it("is fresh until the next regular close after publication: last night's news is fresh this morning", () => {
    const lastNight = Date.UTC(2026, 0, 5, 22, 30) // Monday 17:30 New York
    const c = at(lastNight)
    expect(c.fresh).toBe(true)
    expect(c.ageMs).toBe(NOW - lastNight)
    expect(c.freshUntil).toBe(Date.UTC(2026, 0, 6, 21, 0)) // Tuesday 16:00 New York
    expect(at(lastNight, Date.UTC(2026, 0, 7, 14, 0)).fresh).toBe(false) // Wednesday morning: stale
  })

  it('carries weekend and holiday news to the next session', () => {
    const friday = Date.UTC(2026, 0, 16, 22, 0) // Friday before MLK Day
    const tuesdayMorning = Date.UTC(2026, 0, 20, 13, 0)
    expect(at(friday, tuesdayMorning).fresh).toBe(true)
    expect(at(friday, tuesdayMorning).freshUntil).toBe(nyse.nextClose(friday))
  })

  it('never treats news from the future as fresh (no look-ahead in a backtest)', () => {
    const c = at(NOW + 60_000)
    expect(c.fresh).toBe(false)
    expect(c.ageMs).toBe(-60_000)
  })

  it('takes a fixed window or another calendar when given', () => {
    expect(at(NOW - 5 * HOUR, NOW, { freshnessMs: 4 * HOUR }).fresh).toBe(false)
    expect(at(NOW - 3 * HOUR, NOW, { freshnessMs: 4 * HOUR })).toMatchObject({
      fresh: true,
      freshUntil: NOW + HOUR,
    })
    // A broker calendar where Tuesday is closed: Monday night's news stays fresh until Wednesday's close.
    const closedTuesday = new TradingCalendar({
      schedule: [
        { date: '2026-01-05', open: '09:30', close: '16:00' },
        { date: '2026-01-07', open: '09:30', close: '16:00' },
      ],
    })
    expect(at(Date.UTC(2026, 0, 5, 22, 30), NOW, { calendar: closedTuesday }).freshUntil).toBe(
      Date.UTC(2026, 0, 7, 21, 0),
    )
  })
})

describe('classifyCatalyst: input and properties', () => {
  it('rejects bad items and parameters with a ValidationError naming the field', () => {
    expect(() => classify('   ')).toThrow('Invalid news item: headline must not be empty')
    expect(() =>
      classifyCatalyst({ headline: 'x', symbols: ['X'], publishedAt: Number.NaN }, { now: NOW }),
    ).toThrow(ValidationError)
    expect(() =>
      classifyCatalyst({ headline: 'x', symbols: 'X' as never, publishedAt: NOW }, { now: NOW }),
    ).toThrow('Invalid news item: symbols must be an array of symbols')
    expect(() => classifyCatalyst({ headline: 'x', symbols: [], publishedAt: NOW }, { now: -1 })).toThrow(
      'Invalid classifyCatalyst parameters: now must not be negative (got -1)',
    )
  })

  it('is pure and deterministic: same input, same output, input untouched', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HEADLINES.map(([h]) => h)),
        fc.string({ maxLength: 40 }),
        (headline, noise) => {
          const item: NewsItem = {
            headline: `${headline} ${noise}`,
            symbols: ['XYZ'],
            publishedAt: NOW - HOUR,
          }
          const copy = structuredClone(item)
          const a = classifyCatalyst(item, { now: NOW })
          const b = classifyCatalyst(item, { now: NOW })
          expect(a).toEqual(b)
          expect(item).toEqual(copy)
          expect(a.strength).toBeGreaterThanOrEqual(-1)
          expect(a.strength).toBeLessThanOrEqual(1)
          const positive = a.signals.some((s) => s.strength > 0)
          const negative = a.signals.some((s) => s.strength < 0)
          expect(a.sign).toBe(
            positive && negative ? 'mixed' : positive ? 'positive' : negative ? 'negative' : 'neutral',
          )
          expect(a.categories[0] ?? 'other').toBe(a.category)
        },
      ),
      { numRuns: 300, seed: 9 },
    )
  })

  it('handles any text without throwing', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s.trim() !== ''),
        (headline) => {
          const c = classifyCatalyst({ headline, symbols: [], publishedAt: NOW }, { now: NOW })
          expect(Math.abs(c.strength)).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: 300, seed: 10 },
    )
  })

  it('combineSignals nets per category then across categories', () => {
    expect(
      combineSignals([
        { rule: 'a', category: 'earnings', strength: 0.5, source: 'headline', match: '' },
        { rule: 'b', category: 'earnings', strength: 0.3, source: 'headline', match: '' },
        { rule: 'c', category: 'guidance', strength: -0.6, source: 'headline', match: '' },
        { rule: 'd', category: 'fda-clinical', strength: 0.9, source: 'headline', match: '' },
      ]),
    ).toEqual({
      category: 'fda-clinical',
      categories: ['fda-clinical', 'guidance', 'earnings'],
      sign: 'mixed',
      strength: 0.8,
    })
    expect(combineSignals([])).toEqual({ category: 'other', categories: [], sign: 'neutral', strength: 0 })
  })
})
