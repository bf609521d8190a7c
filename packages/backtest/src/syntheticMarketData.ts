import type { Bar, Quote, TradingDate } from '@tradeblocks/core'
import type { SyntheticMarket } from './generateSyntheticMarket.js'

/**
 * Parameters of {@link syntheticMarketData}.
 *
 * @example
 * ```ts
 * import type { SyntheticMarketDataParameters } from '@tradeblocks/backtest'
 *
 * const params: SyntheticMarketDataParameters = { dates: ['2026-03-10'], quotes: true }
 * ```
 */
export interface SyntheticMarketDataParameters {
  /** Only these days (default all of the market's days). */
  dates?: readonly TradingDate[]
  /** Only these symbols (default all). */
  symbols?: readonly string[]
  /** Include the generated NBBO quotes. Default false. */
  quotes?: boolean
}

/**
 * A synthetic market's bars (and quotes) per symbol: ready for {@link runBacktest}'s `data` or for
 * {@link mergeMarketEvents}.
 *
 * @example
 * ```ts
 * import { syntheticMarketData, type SyntheticMarketDataReturnType } from '@tradeblocks/backtest'
 *
 * const data: SyntheticMarketDataReturnType = syntheticMarketData(market, { quotes: true })
 * ```
 */
export interface SyntheticMarketDataReturnType {
  /** Bars per symbol, every selected day joined, in time order. */
  bars: Record<string, Bar[]>
  /** Quotes per symbol, with `quotes: true`. */
  quotes?: Record<string, Quote[]>
}

/**
 * Joins the days of a generated market into one time-ordered series per symbol, so a multi-day replay
 * is one call: `runBacktest({ strategy, data: syntheticMarketData(market) })`. The arrays are new; the
 * bars and quotes are the market's own objects.
 *
 * @example
 * ```ts
 * import { generateSyntheticMarket, mergeMarketEvents, syntheticMarketData } from '@tradeblocks/backtest'
 *
 * const market = generateSyntheticMarket({ seed: 3, dates: ['2026-03-09', '2026-03-10'] })
 * for (const event of mergeMarketEvents(syntheticMarketData(market, { quotes: true }))) {
 *   // bars at their end, quotes in between, in time order
 * }
 * ```
 */
export function syntheticMarketData(
  market: SyntheticMarket,
  parameters: SyntheticMarketDataParameters = {},
): SyntheticMarketDataReturnType {
  const dates = parameters.dates === undefined ? undefined : new Set(parameters.dates)
  const symbols = parameters.symbols === undefined ? undefined : new Set(parameters.symbols)
  const bars: Record<string, Bar[]> = {}
  const quotes: Record<string, Quote[]> = {}
  const append = <T>(into: Record<string, T[]>, from: Record<string, T[]>) => {
    for (const [symbol, list] of Object.entries(from)) {
      if (symbols !== undefined && !symbols.has(symbol)) continue
      const target = into[symbol]
      if (target === undefined) into[symbol] = list.slice()
      else for (const item of list) target.push(item)
    }
  }
  for (const day of market.days) {
    if (dates !== undefined && !dates.has(day.date)) continue
    append(bars, day.bars)
    if (parameters.quotes === true) append(quotes, day.quotes)
  }
  return parameters.quotes === true ? { bars, quotes } : { bars }
}
