import { safeParse, TimestampSchema, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  type CatalystClassification,
  type ClassifyCatalystParameters,
  classifyCatalyst,
  type NewsItem,
  NewsItemSchema,
} from './classifyCatalyst.js'

/**
 * The port a catalyst classifier implements: the built-in rules ({@link createRuleCatalystClassifier}), a
 * provider's own tags, or an LLM. It classifies a batch (an LLM classifier can send one request) and may
 * be asynchronous. It must return one classification per item, in order; {@link classifyNews} checks that.
 *
 * @example
 * ```ts
 * import { combineSignals, type CatalystClassifier } from '@tradeblocks/scanner'
 *
 * // An LLM-backed classifier, sketched: ask the model for signals, net them the same way the rules do.
 * const llm: CatalystClassifier = {
 *   name: 'llm-gpt',
 *   async classify(items, { now }) {
 *     const labels = await askModel(items) // your code: one array of signals per item
 *     return items.map((item, i) => {
 *       const signals = labels[i] ?? []
 *       const freshUntil = item.publishedAt + 24 * 3_600_000
 *       return { item, signals, ...combineSignals(signals), fresh: item.publishedAt <= now && now < freshUntil,
 *         ageMs: now - item.publishedAt, freshUntil, classifier: 'llm-gpt' }
 *     })
 *   },
 * }
 * ```
 */
export interface CatalystClassifier {
  /** A name for logs and for `CatalystClassification.classifier`. */
  readonly name: string
  /** Classifies `items` as of `context.now`: one classification per item, in the same order. */
  classify(
    items: readonly NewsItem[],
    context: { now: number },
  ): Promise<CatalystClassification[]> | CatalystClassification[]
}

/**
 * A query for news: the symbols (all when omitted) published in `[start, end)` (epoch ms).
 *
 * @example
 * ```ts
 * import type { NewsQuery } from '@tradeblocks/scanner'
 *
 * const overnight: NewsQuery = { symbols: ['ABCD'], start: Date.UTC(2026, 0, 5, 21), end: Date.UTC(2026, 0, 6, 14) }
 * ```
 */
export interface NewsQuery {
  symbols?: readonly string[]
  /** Inclusive start, epoch ms. */
  start: number
  /** Exclusive end, epoch ms. */
  end: number
  /** At most this many items. */
  limit?: number
}

/**
 * The port a news provider implements (an Alpaca or Polygon adapter, a press-release wire, a replay file):
 * every item of the query in time order, paging internally.
 *
 * @example
 * ```ts
 * import type { NewsItem, NewsSource } from '@tradeblocks/scanner'
 *
 * // A replay source over items loaded from a file.
 * function replayNews(all: NewsItem[]): NewsSource {
 *   return {
 *     name: 'replay',
 *     async *getNews({ symbols, start, end }) {
 *       for (const item of all)
 *         if (item.publishedAt >= start && item.publishedAt < end && (!symbols || item.symbols.some((s) => symbols.includes(s))))
 *           yield item
 *     },
 *   }
 * }
 * ```
 */
export interface NewsSource {
  readonly name: string
  getNews(query: NewsQuery): AsyncIterable<NewsItem>
}

/**
 * Options of {@link createRuleCatalystClassifier}: the freshness window and calendar of
 * {@link classifyCatalyst} (`now` comes with each call).
 *
 * @example
 * ```ts
 * import type { CreateRuleCatalystClassifierParameters } from '@tradeblocks/scanner'
 *
 * const params: CreateRuleCatalystClassifierParameters = { freshnessMs: 12 * 3_600_000 }
 * ```
 */
export type CreateRuleCatalystClassifierParameters = Omit<ClassifyCatalystParameters, 'now'>

/**
 * The result of {@link createRuleCatalystClassifier}.
 *
 * @example
 * ```ts
 * import { createRuleCatalystClassifier, type CreateRuleCatalystClassifierReturnType } from '@tradeblocks/scanner'
 *
 * const rules: CreateRuleCatalystClassifierReturnType = createRuleCatalystClassifier()
 * ```
 */
export type CreateRuleCatalystClassifierReturnType = CatalystClassifier

/**
 * The built-in rules ({@link classifyCatalyst}) behind the {@link CatalystClassifier} port, so the rules and
 * an LLM or provider classifier are interchangeable.
 *
 * @example
 * ```ts
 * import { classifyNews, createRuleCatalystClassifier } from '@tradeblocks/scanner'
 *
 * const { classified, rejected } = await classifyNews(items, { now, classifier: createRuleCatalystClassifier() })
 * ```
 */
export function createRuleCatalystClassifier(
  options: CreateRuleCatalystClassifierParameters = {},
): CreateRuleCatalystClassifierReturnType {
  return {
    name: 'rules',
    classify: (items, { now }) => items.map((item) => classifyCatalyst(item, { ...options, now })),
  }
}

/**
 * A news item {@link classifyNews} could not classify, with the reason.
 *
 * @example
 * ```ts
 * import type { NewsRejection } from '@tradeblocks/scanner'
 *
 * const log = (r: NewsRejection) => `news #${r.index}: ${r.error.shortMessage}`
 * ```
 */
export interface NewsRejection {
  /** Position in the input. */
  index: number
  /** The input as given. */
  item: unknown
  error: ValidationError
}

/**
 * Options of {@link classifyNews}.
 *
 * @example
 * ```ts
 * import type { ClassifyNewsParameters } from '@tradeblocks/scanner'
 *
 * const params: ClassifyNewsParameters = { now: clock.now() }
 * ```
 */
export interface ClassifyNewsParameters {
  /** The time of the decision, epoch ms. */
  now: number
  /** Default: the built-in rules. */
  classifier?: CatalystClassifier
}

/**
 * The result of {@link classifyNews}.
 *
 * @example
 * ```ts
 * import { classifyNews, type ClassifyNewsReturnType } from '@tradeblocks/scanner'
 *
 * const result: ClassifyNewsReturnType = await classifyNews(items, { now })
 * ```
 */
export interface ClassifyNewsReturnType {
  /** One per valid item, in input order. */
  classified: CatalystClassification[]
  /** Invalid items, and items the classifier returned a malformed classification for. */
  rejected: NewsRejection[]
}

const ClassificationShape = z.object({
  category: z.enum([
    'earnings',
    'guidance',
    'fda-clinical',
    'merger-acquisition',
    'contract-partnership',
    'analyst-action',
    'offering-dilution',
    'legal-regulatory',
    'other',
  ]),
  sign: z.enum(['positive', 'negative', 'mixed', 'neutral']),
  strength: z
    .number({ error: 'must be a finite number' })
    .min(-1, { error: 'must be at least -1' })
    .max(1, { error: 'must be at most 1' }),
  fresh: z.boolean(),
  freshUntil: TimestampSchema,
  classifier: z.string(),
})

/**
 * Classifies a batch of news through a {@link CatalystClassifier} (the rules by default) without letting
 * one bad item spoil the batch: invalid items (an empty headline, a missing time) come back in `rejected`
 * with a `ValidationError`, and so do classifications that break the port's contract (a strength outside
 * `[−1, 1]`, an unknown category). Errors thrown by the classifier itself propagate.
 *
 * @throws ValidationError when `now` is invalid, or when the classifier returns the wrong number of results.
 *
 * @example
 * ```ts
 * import { classifyNews, rankMomentum, scanPremarket } from '@tradeblocks/scanner'
 *
 * const now = clock.now()
 * const { classified, rejected } = await classifyNews(newsItems, { now })
 * for (const r of rejected) log.warn(r.error.shortMessage)
 * const watchlist = rankMomentum(scanPremarket(snapshots).passed, { catalysts: classified })
 * ```
 */
export async function classifyNews(
  items: readonly unknown[],
  parameters: ClassifyNewsParameters,
): Promise<ClassifyNewsReturnType> {
  const now = safeParse(TimestampSchema, parameters.now, 'now')
  if (!now.success) throw now.error
  const classifier = parameters.classifier ?? createRuleCatalystClassifier()
  const valid: NewsItem[] = []
  const positions: number[] = []
  const rejected: NewsRejection[] = []
  items.forEach((item, index) => {
    const parsed = safeParse(NewsItemSchema, item, `news item ${index}`)
    if (parsed.success) {
      valid.push(item as NewsItem)
      positions.push(index)
    } else rejected.push({ index, item, error: parsed.error })
  })
  const results = valid.length === 0 ? [] : await classifier.classify(valid, { now: now.data })
  if (!Array.isArray(results) || results.length !== valid.length)
    throw new ValidationError(`classifications from "${classifier.name}"`, [
      {
        path: '',
        message: `classifier "${classifier.name}" returned ${Array.isArray(results) ? results.length : typeof results} results for ${valid.length} items`,
        value: Array.isArray(results) ? results.length : results,
      },
    ])
  const classified: CatalystClassification[] = []
  results.forEach((result, i) => {
    const index = positions[i]!
    const check = safeParse(ClassificationShape, result, `classification of news item ${index}`)
    if (check.success) classified.push(result)
    else rejected.push({ index, item: items[index], error: check.error })
  })
  rejected.sort((a, b) => a.index - b.index)
  return { classified, rejected }
}
