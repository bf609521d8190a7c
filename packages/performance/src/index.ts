// @tradeblocks/performance: the reviewed public API. Every export is listed here by name.

export {
  type ComputeJournalStatsParameters,
  type ComputeJournalStatsReturnType,
  computeJournalStats,
  type TradeSource,
} from './computeJournalStats.js'
export { type ComputeStatsParameters, type ComputeStatsReturnType, computeStats } from './computeStats.js'
export {
  type DailySummaryEvents,
  DailySummaryScheduler,
  type DailySummarySchedulerOptions,
} from './DailySummaryScheduler.js'
export {
  type DailySummary,
  type DailySummaryParameters,
  type DailySummaryReturnType,
  dailySummary,
  formatDailySummary,
} from './dailySummary.js'
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
export {
  type AlertContext,
  type AlertSink,
  type PerformanceAlert,
  type PerformanceAlertKind,
  type RollingAlertEvents,
  type RollingAlertOptions,
  RollingAlertTracker,
} from './RollingAlertTracker.js'
export {
  type HtmlReportParameters,
  type RenderHtmlReportReturnType,
  type ReportBar,
  renderHtmlReport,
  type WriteHtmlReportParameters,
  type WriteHtmlReportReturnType,
  writeHtmlReport,
} from './renderHtmlReport.js'
export { StatsAccumulator } from './StatsAccumulator.js'
