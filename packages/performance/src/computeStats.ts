import type { EquityPoint, PerformanceStats, StatsOptions, StatsTrade } from './PerformanceStats.js'
import { StatsAccumulator } from './StatsAccumulator.js'

/**
 * Parameters of {@link computeStats}: closed trades and/or an equity curve, plus {@link StatsOptions}.
 *
 * @example
 * ```ts
 * import type { ComputeStatsParameters } from '@tradeblocks/performance'
 *
 * const params: ComputeStatsParameters = { trades: [], equity: [{ ts: 1767364200000, equity: 25_000 }] }
 * ```
 */
export interface ComputeStatsParameters extends StatsOptions {
  /** Closed trades, in any order (journal `TradeRecord`s or any {@link StatsTrade}). */
  trades?: Iterable<StatsTrade>
  /** The equity curve; sorted by time here if it is not. Without it, the curve is built from the trades. */
  equity?: Iterable<EquityPoint>
}

/**
 * What {@link computeStats} returns.
 *
 * @example
 * ```ts
 * import { computeStats, type ComputeStatsReturnType } from '@tradeblocks/performance'
 *
 * const stats: ComputeStatsReturnType = computeStats({ trades })
 * ```
 */
export type ComputeStatsReturnType = PerformanceStats

/**
 * Computes trading statistics from closed trades and/or an equity curve: P&L, win rate, averages,
 * profit factor, expectancy, R, streaks, exposure, drawdowns, Sharpe, Sortino, CAGR, daily and monthly
 * returns, and per-symbol, per-setup and per-side breakdowns. See {@link PerformanceStats} for the
 * definitions and conventions.
 *
 * @throws ValidationError when a trade or point has a non-finite number, an exit before its entry, or
 * bad options.
 *
 * @example
 * ```ts
 * import { computeStats } from '@tradeblocks/performance'
 *
 * const stats = computeStats({
 *   trades: [
 *     { symbol: 'ABCD', side: 'long', qty: 100, entryTs: 1767364200000, entryPrice: 10,
 *       exitTs: 1767364800000, exitPrice: 10.5, netPnl: 49, fees: 1, rMultiple: 1.96 },
 *     { symbol: 'WXYZ', side: 'short', qty: 50, entryTs: 1767366000000, entryPrice: 20,
 *       exitTs: 1767366600000, exitPrice: 20.3, netPnl: -15.5, fees: 0.5, rMultiple: -0.62 },
 *   ],
 *   startingEquity: 25_000,
 * })
 * stats.netPnl // 33.5
 * stats.winRate // 0.5
 * stats.profitFactor // 3.16...
 * ```
 */
export function computeStats(parameters: ComputeStatsParameters = {}): ComputeStatsReturnType {
  const { trades = [], equity = [], ...options } = parameters
  const accumulator = new StatsAccumulator(options)
  for (const trade of trades) accumulator.addTrade(trade)
  const points = [...equity]
  let ordered = true
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as EquityPoint).ts < (points[i - 1] as EquityPoint).ts) {
      ordered = false
      break
    }
  }
  // Array.prototype.sort is stable: points with the same time keep their order.
  for (const point of ordered ? points : points.sort((a, b) => a.ts - b.ts)) accumulator.addEquity(point)
  return accumulator.result()
}
