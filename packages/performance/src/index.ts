// @tradeblocks/performance: the reviewed public API. Every export is listed here by name.

export {
  type ComputeJournalStatsParameters,
  type ComputeJournalStatsReturnType,
  computeJournalStats,
  type TradeSource,
} from './computeJournalStats.js'
export { type ComputeStatsParameters, type ComputeStatsReturnType, computeStats } from './computeStats.js'
export type {
  Breakdown,
  DailyEquity,
  Drawdown,
  EquityPoint,
  MonthlyReturn,
  PerformanceStats,
  StatsOptions,
  StatsTrade,
} from './PerformanceStats.js'
export { StatsAccumulator } from './StatsAccumulator.js'
