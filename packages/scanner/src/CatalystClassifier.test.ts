import { ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import {
  type CatalystClassifier,
  classifyNews,
  createRuleCatalystClassifier,
  type NewsSource,
} from './CatalystClassifier.js'
import {
  type CatalystClassification,
  classifyCatalyst,
  combineSignals,
  type NewsItem,
} from './classifyCatalyst.js'
import { summarizeCatalysts } from './summarizeCatalysts.js'

const NOW = Date.UTC(2026, 0, 6, 14, 0)
const ITEMS: NewsItem[] = [
  {
    id: 'a',
    headline: 'ABCD Announces FDA Approval of Lead Drug',
    symbols: ['ABCD'],
    publishedAt: NOW - 3_600_000,
  },
  {
    id: 'b',
    headline: 'WXYZ Prices $20 Million Public Offering',
    symbols: ['WXYZ'],
    publishedAt: NOW - 1_800_000,
  },
]

describe('the CatalystClassifier port', () => {
  it('the rule classifier behind the port gives the same answers as classifyCatalyst', async () => {
    const rules = createRuleCatalystClassifier()
    expect(rules.name).toBe('rules')
    expect(await rules.classify(ITEMS, { now: NOW })).toEqual(
      ITEMS.map((item) => classifyCatalyst(item, { now: NOW })),
    )
    const fixed = createRuleCatalystClassifier({ freshnessMs: 60_000 })
    expect((await fixed.classify(ITEMS, { now: NOW })).map((c) => c.fresh)).toEqual([false, false])
  })

  it('classifyNews reports bad items without spoiling the batch', async () => {
    const items: unknown[] = [
      ITEMS[0],
      { headline: '', symbols: ['X'], publishedAt: NOW },
      { headline: 'No time', symbols: ['X'] },
      null,
      ITEMS[1],
    ]
    const { classified, rejected } = await classifyNews(items, { now: NOW })
    expect(classified.map((c) => [c.item.id, c.category, c.sign])).toEqual([
      ['a', 'fda-clinical', 'positive'],
      ['b', 'offering-dilution', 'negative'],
    ])
    expect(rejected.map((r) => [r.index, r.error.shortMessage])).toEqual([
      [1, 'Invalid news item 1: headline must not be empty (got "")'],
      [2, 'Invalid news item 2: publishedAt is required'],
      [3, 'Invalid news item 3: news item 3 must be an object (got null)'],
    ])
  })

  it('an async (LLM-style) classifier plugs in; malformed answers are rejected per item', async () => {
    const seen: NewsItem[][] = []
    const llm: CatalystClassifier = {
      name: 'fake-llm',
      async classify(items, { now }) {
        seen.push([...items])
        return items.map((item, i): CatalystClassification => {
          const signals = [
            {
              rule: 'llm',
              category: 'contract-partnership' as const,
              strength: i === 0 ? 0.7 : 3, // the second answer is out of range
              source: 'headline' as const,
              match: item.headline,
            },
          ]
          return {
            item,
            signals,
            ...combineSignals(signals),
            ...(i === 1 ? { strength: 3 } : {}),
            fresh: true,
            ageMs: now - item.publishedAt,
            freshUntil: now + 1,
            classifier: 'fake-llm',
          }
        })
      },
    }
    const { classified, rejected } = await classifyNews(ITEMS, { now: NOW, classifier: llm })
    expect(seen).toEqual([ITEMS])
    expect(classified.map((c) => [c.item.id, c.classifier, c.strength])).toEqual([['a', 'fake-llm', 0.7]])
    expect(rejected.map((r) => [r.index, r.error.shortMessage])).toEqual([
      [1, 'Invalid classification of news item 1: strength must be at most 1 (got 3)'],
    ])
  })

  it('a classifier returning the wrong number of answers is a bug, and throws', async () => {
    const broken: CatalystClassifier = { name: 'broken', classify: () => [] }
    await expect(classifyNews(ITEMS, { now: NOW, classifier: broken })).rejects.toThrow(
      'classifier "broken" returned 0 results for 2 items',
    )
    await expect(classifyNews(ITEMS, { now: Number.NaN })).rejects.toBeInstanceOf(ValidationError)
  })

  it('a NewsSource feeds the classifier (a replay source)', async () => {
    const all: NewsItem[] = [
      ...ITEMS,
      { headline: 'ABCD Prices $10M Offering', symbols: ['ABCD'], publishedAt: NOW + 60_000 }, // after now
    ]
    const replay: NewsSource = {
      name: 'replay',
      async *getNews({ symbols, start, end }) {
        for (const item of all)
          if (
            item.publishedAt >= start &&
            item.publishedAt < end &&
            (!symbols || item.symbols.some((s) => symbols.includes(s)))
          )
            yield item
      },
    }
    const got: NewsItem[] = []
    for await (const item of replay.getNews({ symbols: ['ABCD'], start: NOW - 86_400_000, end: NOW }))
      got.push(item)
    expect(got.map((i) => i.id)).toEqual(['a'])
    const { classified } = await classifyNews(got, { now: NOW })
    expect(summarizeCatalysts(classified).get('ABCD')).toMatchObject({ sign: 'positive', strength: 0.9 })
  })
})

describe('summarizeCatalysts', () => {
  const c = (headline: string, symbols: string[], minutesAgo: number) =>
    classifyCatalyst({ headline, symbols, publishedAt: NOW - minutesAgo * 60_000 }, { now: NOW })

  it('counts the same story once per category, nets across categories, newest first', () => {
    const map = summarizeCatalysts([
      c('ABCD Announces FDA Approval', ['ABCD'], 90),
      c('ABCD Wins FDA Approval for ZX-1', ['ABCD'], 60), // the same story from another feed
      c('ABCD Prices $30 Million Offering', ['ABCD', 'EFGH'], 30),
    ])
    const abcd = map.get('ABCD')!
    expect(abcd.strength).toBeCloseTo(0.1, 12)
    expect(abcd.sign).toBe('mixed')
    expect(abcd.categories).toEqual(['fda-clinical', 'offering-dilution'])
    expect(abcd.items.map((i) => i.item.headline)).toEqual([
      'ABCD Prices $30 Million Offering',
      'ABCD Wins FDA Approval for ZX-1',
      'ABCD Announces FDA Approval',
    ])
    expect(map.get('EFGH')).toMatchObject({ sign: 'negative', strength: -0.8 })
  })

  it('leaves stale news out', () => {
    const stale = classifyCatalyst(
      { headline: 'ABCD Announces FDA Approval', symbols: ['ABCD'], publishedAt: NOW - 3 * 86_400_000 },
      { now: NOW },
    )
    expect(stale.fresh).toBe(false)
    expect(summarizeCatalysts([stale]).size).toBe(0)
  })
})
