import type { CatalystCategoryValue, CatalystClassification, CatalystSign } from './classifyCatalyst.js'

/**
 * A symbol's fresh news, netted: the strongest item per category, summed across categories and capped to
 * `[−1, 1]`.
 *
 * @example
 * ```ts
 * import type { SymbolCatalyst } from '@tradeblocks/scanner'
 *
 * const avoid = (c: SymbolCatalyst | undefined) => c?.categories.includes('offering-dilution') === true
 * ```
 */
export interface SymbolCatalyst {
  symbol: string
  /** Net strength in `[−1, 1]`. */
  strength: number
  /** `positive`, `negative`, `mixed` (both kinds of news), or `neutral` (news of unknown direction). */
  sign: CatalystSign
  /** The categories of its fresh news, strongest first. */
  categories: CatalystCategoryValue[]
  /** The fresh classified items, newest first. */
  items: CatalystClassification[]
}

/**
 * The result of {@link summarizeCatalysts}.
 *
 * @example
 * ```ts
 * import { summarizeCatalysts, type SummarizeCatalystsReturnType } from '@tradeblocks/scanner'
 *
 * const bySymbol: SummarizeCatalystsReturnType = summarizeCatalysts(classifications)
 * ```
 */
export type SummarizeCatalystsReturnType = Map<string, SymbolCatalyst>

/**
 * Groups classified news by symbol (upper-cased; an item naming three symbols counts for each) and nets each symbol's
 * fresh items: per category the item with the largest absolute strength (so the same story from two
 * feeds does not count twice), then the sum across categories, capped to `[−1, 1]`. Stale items and items
 * with a non-finite strength are left out.
 *
 * @example
 * ```ts
 * import { classifyCatalyst, summarizeCatalysts } from '@tradeblocks/scanner'
 *
 * const now = Date.UTC(2026, 0, 6, 14, 0)
 * const items = [
 *   { headline: 'ABCD Receives FDA Approval for Lead Candidate', symbols: ['ABCD'], publishedAt: now - 3_600_000 },
 *   { headline: 'ABCD Prices $25 Million Public Offering', symbols: ['ABCD'], publishedAt: now - 600_000 },
 * ]
 * const abcd = summarizeCatalysts(items.map((item) => classifyCatalyst(item, { now }))).get('ABCD')
 * abcd?.sign // 'mixed'
 * ```
 */
export function summarizeCatalysts(
  classifications: readonly CatalystClassification[],
): SummarizeCatalystsReturnType {
  const grouped = new Map<string, CatalystClassification[]>()
  for (const c of classifications) {
    if (!c.fresh || !Number.isFinite(c.strength)) continue
    for (const symbol of new Set(c.item.symbols.map((s) => s.toUpperCase()))) {
      const list = grouped.get(symbol)
      if (list === undefined) grouped.set(symbol, [c])
      else list.push(c)
    }
  }
  const out: SummarizeCatalystsReturnType = new Map()
  for (const [symbol, items] of grouped) {
    const strongest = new Map<CatalystCategoryValue, number>()
    let positive = false
    let negative = false
    for (const c of items) {
      const s = Math.max(-1, Math.min(1, c.strength))
      const current = strongest.get(c.category)
      if (current === undefined || Math.abs(s) > Math.abs(current)) strongest.set(c.category, s)
      if (c.sign === 'positive' || c.sign === 'mixed') positive = true
      if (c.sign === 'negative' || c.sign === 'mixed') negative = true
    }
    let strength = 0
    for (const s of strongest.values()) strength += s
    strength = Math.max(-1, Math.min(1, strength))
    const sign: CatalystSign =
      positive && negative ? 'mixed' : positive ? 'positive' : negative ? 'negative' : 'neutral'
    const categories = [...strongest.entries()]
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .map(([category]) => category)
    items.sort((a, b) => b.item.publishedAt - a.item.publishedAt)
    out.set(symbol, { symbol, strength, sign, categories, items })
  }
  return out
}
