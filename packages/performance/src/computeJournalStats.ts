import type { JournalQuery, TradeRecord } from '@tradeblocks/journal'
import type { EquityPoint, PerformanceStats, StatsOptions } from './PerformanceStats.js'
import { StatsAccumulator } from './StatsAccumulator.js'

/**
 * What {@link computeJournalStats} reads from: a journal (anything with `readTrades`).
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 * import type { TradeSource } from '@tradeblocks/performance'
 *
 * const source: TradeSource = await openJournal({ dir: './journal', readOnly: true })
 * ```
 */
export interface TradeSource {
  readTrades(query?: JournalQuery): AsyncIterable<TradeRecord>
}

/**
 * Parameters of {@link computeJournalStats}: which trades, an optional equity curve, and {@link StatsOptions}.
 *
 * @example
 * ```ts
 * import type { ComputeJournalStatsParameters } from '@tradeblocks/performance'
 *
 * const params: ComputeJournalStatsParameters = { query: { mode: 'live', from: '2026-01-01' }, startingEquity: 25_000 }
 * ```
 */
export interface ComputeJournalStatsParameters extends StatsOptions {
  /** Which trades to include; all by default. */
  query?: JournalQuery
  /** An equity curve in time order; without it the curve is built from the trades. */
  equity?: Iterable<EquityPoint>
}

/**
 * What {@link computeJournalStats} resolves to.
 *
 * @example
 * ```ts
 * import type { ComputeJournalStatsReturnType } from '@tradeblocks/performance'
 *
 * const stats: ComputeJournalStatsReturnType = await computeJournalStats(journal)
 * ```
 */
export type ComputeJournalStatsReturnType = PerformanceStats

/**
 * Streams trades from a journal into a {@link StatsAccumulator} and returns the statistics: memory
 * stays flat however large the log.
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 * import { computeJournalStats } from '@tradeblocks/performance'
 *
 * const journal = await openJournal({ dir: './journal', readOnly: true })
 * const stats = await computeJournalStats(journal, { query: { strategy: 'bull-flag' }, startingEquity: 25_000 })
 * console.log(`${stats.tradeCount} trades, net ${stats.netPnl}, max drawdown ${stats.maxDrawdown}`)
 * ```
 */
export async function computeJournalStats(
  source: TradeSource,
  parameters: ComputeJournalStatsParameters = {},
): Promise<ComputeJournalStatsReturnType> {
  const { query, equity = [], ...options } = parameters
  const accumulator = new StatsAccumulator(options)
  for await (const trade of source.readTrades(query)) accumulator.addTrade(trade)
  for (const point of equity) accumulator.addEquity(point)
  return accumulator.result()
}
