import { nyse, parse, TimestampSchema, type TradingCalendar } from '@tradeblocks/core'
import { z } from 'zod'
import { CATALYST_RULES } from './catalystRules.js'

/**
 * The catalyst categories. Each has a sign per item: an FDA approval is positive, a complete response
 * letter negative; an offering is dilutive and negative.
 *
 * @example
 * ```ts
 * import { CatalystCategory } from '@tradeblocks/scanner'
 *
 * const dilutive = (category: string) => category === CatalystCategory.Offering
 * ```
 */
export const CatalystCategory = {
  Earnings: 'earnings',
  Guidance: 'guidance',
  Clinical: 'fda-clinical',
  Merger: 'merger-acquisition',
  Contract: 'contract-partnership',
  Analyst: 'analyst-action',
  Offering: 'offering-dilution',
  Legal: 'legal-regulatory',
  Other: 'other',
} as const

/**
 * One of the {@link CatalystCategory} values.
 *
 * @example
 * ```ts
 * import type { CatalystCategoryValue } from '@tradeblocks/scanner'
 *
 * const category: CatalystCategoryValue = 'fda-clinical'
 * ```
 */
export type CatalystCategoryValue = (typeof CatalystCategory)[keyof typeof CatalystCategory]

/**
 * The direction of a news item: `mixed` when it carries both good and bad news ("beats estimates but cuts
 * guidance"), `neutral` when it carries no direction ("to report Q3 results on May 5").
 *
 * @example
 * ```ts
 * import type { CatalystSign } from '@tradeblocks/scanner'
 *
 * const tradable = (sign: CatalystSign) => sign === 'positive'
 * ```
 */
export type CatalystSign = 'positive' | 'negative' | 'mixed' | 'neutral'

/**
 * A news item, as a provider's feed (Alpaca, Polygon, a press-release wire) delivers it.
 *
 * @example
 * ```ts
 * import type { NewsItem } from '@tradeblocks/scanner'
 *
 * const item: NewsItem = {
 *   id: 'pr-1042',
 *   headline: 'ABCD Announces FDA Approval of ZX-101',
 *   summary: 'The approval covers adults with ...',
 *   publishedAt: Date.UTC(2026, 0, 6, 12, 5),
 *   symbols: ['ABCD'],
 *   source: 'globenewswire',
 * }
 * ```
 */
export interface NewsItem {
  /** The provider's id, when it has one. */
  id?: string
  headline: string
  summary?: string
  /** When it was published, epoch ms. */
  publishedAt: number
  /** The tickers it is about. */
  symbols: readonly string[]
  /** Who published it. */
  source?: string
  url?: string
}

/**
 * The zod schema of {@link NewsItem}.
 *
 * @example
 * ```ts
 * import { NewsItemSchema } from '@tradeblocks/scanner'
 *
 * NewsItemSchema.safeParse({ headline: '', publishedAt: 0, symbols: [] }).success // false: empty headline
 * ```
 */
export const NewsItemSchema = z.object(
  {
    id: z.string({ error: 'must be a string' }).optional(),
    headline: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }),
    summary: z.string({ error: 'must be a string' }).optional(),
    publishedAt: TimestampSchema,
    symbols: z.array(z.string({ error: 'must be a string' }), { error: 'must be an array of symbols' }),
    source: z.string({ error: 'must be a string' }).optional(),
    url: z.string({ error: 'must be a string' }).optional(),
  },
  { error: 'must be an object' },
)

/**
 * One rule that fired on a news item.
 *
 * @example
 * ```ts
 * import type { CatalystSignal } from '@tradeblocks/scanner'
 *
 * const signal: CatalystSignal = { rule: 'offering-priced', category: 'offering-dilution', strength: -0.8,
 *   source: 'headline', match: 'prices $50 million public offering' }
 * ```
 */
export interface CatalystSignal {
  /** The rule's id (`fda-approval`, `offering-priced`, ...), or a classifier's own label. */
  rule: string
  category: CatalystCategoryValue
  /** Signed strength in `[−1, 1]`; 0 marks the category without a direction. */
  strength: number
  /** Where it matched; a match in the summary only counts three quarters. */
  source: 'headline' | 'summary'
  /** The matched text. */
  match: string
}

/**
 * A classified news item: its category and direction, how strong it is, which rules fired, and whether
 * it is still fresh.
 *
 * @example
 * ```ts
 * import type { CatalystClassification } from '@tradeblocks/scanner'
 *
 * const line = (c: CatalystClassification) => `${c.item.symbols.join(',')} ${c.category} ${c.sign} ${c.strength.toFixed(2)}`
 * ```
 */
export interface CatalystClassification {
  /** The item classified. */
  item: NewsItem
  /** The main category: the one with the strongest signal (`other` when nothing matched). */
  category: CatalystCategoryValue
  /** Every category that matched, strongest first. */
  categories: CatalystCategoryValue[]
  sign: CatalystSign
  /** Net strength in `[−1, 1]`: per category the strongest positive plus the strongest negative signal, summed. */
  strength: number
  /** The rules that fired. */
  signals: CatalystSignal[]
  /** True when `publishedAt <= now < freshUntil`. News from the future (in a backtest) is never fresh. */
  fresh: boolean
  /** `now − publishedAt` (negative for an item from the future). */
  ageMs: number
  /** When the item stops being fresh. */
  freshUntil: number
  /** Which classifier produced this (`rules` for {@link classifyCatalyst}). */
  classifier: string
}

/**
 * Options of {@link classifyCatalyst}.
 *
 * @example
 * ```ts
 * import type { ClassifyCatalystParameters } from '@tradeblocks/scanner'
 *
 * const params: ClassifyCatalystParameters = { now: clock.now(), freshnessMs: 24 * 3_600_000 }
 * ```
 */
export interface ClassifyCatalystParameters {
  /** The time of the decision (from a `Clock`), epoch ms. */
  now: number
  /**
   * How long an item stays fresh after it is published. Default: until the next regular-session close
   * after its publication (`calendar.nextClose`), so last night's news is fresh for today's premarket and
   * session, and stale the next morning, weekends and holidays included.
   */
  freshnessMs?: number
  /** The calendar for the default freshness window. Default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * The result of {@link classifyCatalyst}.
 *
 * @example
 * ```ts
 * import { classifyCatalyst, type ClassifyCatalystReturnType } from '@tradeblocks/scanner'
 *
 * const c: ClassifyCatalystReturnType = classifyCatalyst(item, { now })
 * ```
 */
export type ClassifyCatalystReturnType = CatalystClassification

const ParametersSchema = z.object({
  now: TimestampSchema,
  freshnessMs: z
    .number({ error: 'must be a finite number' })
    .positive({ error: 'must be greater than 0' })
    .optional(),
  calendar: z.unknown().optional(),
})

const SUMMARY_WEIGHT = 0.75

/**
 * Lower case, plain quotes and dashes, single spaces; periods that do not end a sentence (decimals, "U.S.",
 * "Inc.") are removed so that the rules' sentence windows (`[^.;]`) are not cut short.
 */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐-―]/g, '-')
    .replace(/(\d)\.(?=\d)/g, '$1_')
    .replace(/\b([a-z])\.([a-z])\.(?:([a-z])\.)?/g, '$1$2$3')
    .replace(/\b(inc|corp|co|ltd|llc|plc|no|vs|st|jr|sr|mr|ms|dr|dept)\./g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The rules that fire on a text, with their matches. */
function signalsOf(text: string, source: CatalystSignal['source']): CatalystSignal[] {
  const out: CatalystSignal[] = []
  const weight = source === 'headline' ? 1 : SUMMARY_WEIGHT
  for (const rule of CATALYST_RULES) {
    const match = rule.pattern.exec(text)
    if (match === null) continue
    if (rule.unless?.test(text)) continue
    out.push({
      rule: rule.id,
      category: rule.category,
      strength: rule.strength * weight,
      source,
      match: match[0].trim(),
    })
  }
  return out
}

/**
 * The result of {@link combineSignals}.
 *
 * @example
 * ```ts
 * import { combineSignals, type CombineSignalsReturnType } from '@tradeblocks/scanner'
 *
 * const net: CombineSignalsReturnType = combineSignals(signals)
 * ```
 */
export type CombineSignalsReturnType = Pick<
  CatalystClassification,
  'category' | 'categories' | 'sign' | 'strength'
>

/**
 * Nets signals into a main category, a sign and a strength, the way {@link classifyCatalyst} does: per
 * category the strongest positive plus the strongest negative signal, summed over categories and capped to
 * `[−1, 1]`. A classifier of your own (an LLM's labels turned into signals) can use it to stay consistent.
 *
 * @example
 * ```ts
 * import { combineSignals } from '@tradeblocks/scanner'
 *
 * combineSignals([
 *   { rule: 'earnings-beat', category: 'earnings', strength: 0.5, source: 'headline', match: 'beats estimates' },
 *   { rule: 'guidance-cut', category: 'guidance', strength: -0.6, source: 'headline', match: 'cuts guidance' },
 * ]) // { category: 'guidance', categories: ['guidance', 'earnings'], sign: 'mixed', strength: -0.1 }
 * ```
 */
export function combineSignals(signals: readonly CatalystSignal[]): CombineSignalsReturnType {
  const best = new Map<CatalystCategoryValue, { pos: number; neg: number }>()
  let positive = false
  let negative = false
  for (const s of signals) {
    const entry = best.get(s.category) ?? { pos: 0, neg: 0 }
    if (s.strength > entry.pos) entry.pos = s.strength
    if (s.strength < entry.neg) entry.neg = s.strength
    best.set(s.category, entry)
    if (s.strength > 0) positive = true
    if (s.strength < 0) negative = true
  }
  let strength = 0
  const ranked: [CatalystCategoryValue, number][] = []
  let order = 0
  const orderOf = new Map<CatalystCategoryValue, number>()
  for (const [category, { pos, neg }] of best) {
    strength += pos + neg
    ranked.push([category, Math.max(pos, -neg)])
    orderOf.set(category, order++)
  }
  // Strongest first; among equals, the first to match (rules are listed most specific first).
  ranked.sort((a, b) => b[1] - a[1] || orderOf.get(a[0])! - orderOf.get(b[0])!)
  const categories = ranked.map(([category]) => category)
  strength = Math.max(-1, Math.min(1, Math.round(strength * 1e9) / 1e9))
  const sign: CatalystSign =
    positive && negative ? 'mixed' : positive ? 'positive' : negative ? 'negative' : 'neutral'
  return { category: categories[0] ?? CatalystCategory.Other, categories, sign, strength }
}

/**
 * Classifies one news item with deterministic rules: pure, no network, the same answer every time.
 *
 * About 60 patterns over the lower-cased headline (and, at three quarters weight, the summary) find
 * categories and directions: "prices $50M offering" is dilutive (negative), "beats estimates but cuts
 * guidance" is `mixed`, "receives complete response letter" is negative, "product offering" is not an
 * offering. Each rule that fires is listed in `signals` with the text it matched, so a trader can see why.
 *
 * To use a provider's or an LLM's judgment instead, implement the {@link CatalystClassifier} port.
 *
 * @throws ValidationError when the item or the parameters are invalid (an empty headline, a bad time).
 *
 * @example
 * ```ts
 * import { classifyCatalyst } from '@tradeblocks/scanner'
 *
 * const now = Date.UTC(2026, 0, 6, 14, 0) // 09:00 New York
 * const c = classifyCatalyst(
 *   { headline: 'ABCD Prices $50 Million Public Offering', symbols: ['ABCD'], publishedAt: now - 3_600_000 },
 *   { now },
 * )
 * c.category // 'offering-dilution'
 * c.sign // 'negative'
 * c.fresh // true
 * ```
 */
export function classifyCatalyst(
  item: NewsItem,
  parameters: ClassifyCatalystParameters,
): ClassifyCatalystReturnType {
  const news = parse(NewsItemSchema, item, 'news item')
  const p = parse(ParametersSchema, parameters, 'classifyCatalyst parameters')
  const calendar = parameters.calendar ?? nyse
  const headline = normalize(news.headline)
  const signals = signalsOf(headline, 'headline')
  if (news.summary !== undefined && news.summary.trim() !== '') {
    const seen = new Set(signals.map((s) => s.rule))
    for (const s of signalsOf(normalize(news.summary), 'summary')) if (!seen.has(s.rule)) signals.push(s)
  }
  const freshUntil =
    p.freshnessMs === undefined ? calendar.nextClose(news.publishedAt) : news.publishedAt + p.freshnessMs
  return {
    item,
    ...combineSignals(signals),
    signals,
    fresh: news.publishedAt <= p.now && p.now < freshUntil,
    ageMs: p.now - news.publishedAt,
    freshUntil,
    classifier: 'rules',
  }
}
