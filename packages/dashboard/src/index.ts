// @tradeblocks/dashboard: the reviewed public API. Every export is listed here by name.

export { applyDashboardUpdate } from './applyDashboardUpdate.js'
export { createDashboardState } from './createDashboardState.js'
export {
  type CreateLineWriterParameters,
  type CreateLineWriterReturnType,
  createLineWriter,
  type LineWriter,
} from './createLineWriter.js'
export {
  type AccountView,
  AccountViewSchema,
  type AlertSeverity,
  AlertSeveritySchema,
  type BreakerRuleView,
  BreakerRuleViewSchema,
  type BreakerView,
  BreakerViewSchema,
  type ClosedTradeRow,
  ClosedTradeRowSchema,
  type DashboardAlert,
  type DashboardClock,
  DashboardClockSchema,
  type DashboardLogLine,
  type DashboardMode,
  DashboardModeSchema,
  type DashboardState,
  type DashboardStateInput,
  DashboardStateInputSchema,
  type DashboardUpdate,
  DashboardUpdateSchema,
  type LogLevel,
  LogLevelSchema,
  type OrderRow,
  OrderRowSchema,
  type PositionRow,
  PositionRowSchema,
  SessionPhaseSchema,
  type WatchlistRow,
  WatchlistRowSchema,
  type WatchlistStatus,
  WatchlistStatusSchema,
} from './DashboardState.js'
export {
  type DashboardEvent,
  type DiffDashboardStatesParameters,
  type DiffDashboardStatesReturnType,
  diffDashboardStates,
} from './diffDashboardStates.js'
export {
  type FormatDashboardEventParameters,
  type FormatDashboardEventReturnType,
  formatDashboardEvent,
  type LineFormat,
} from './formatDashboardEvent.js'
export { formatDaySummary } from './formatDaySummary.js'
export { type FormatMoneyOptions, formatMoney } from './formatMoney.js'
export {
  type DashboardController,
  type StartDashboardParameters,
  type StartDashboardReturnType,
  startDashboard,
} from './startDashboard.js'
