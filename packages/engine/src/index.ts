// @tradeblocks/engine: the reviewed public API. Every export is listed here by name.

export {
  type BacktestResult,
  BacktestRunner,
  type BacktestRunnerOptions,
  type RunnerOrderManagerOptions,
} from './BacktestRunner.js'
export { BarWindow } from './BarWindow.js'
export type { DroppedEvent, EngineEvents, LogEntry, OrderAnomaly, StaleEvent } from './EngineEvents.js'
export { LiveRunner, type LiveRunnerOptions, type LiveRunResult } from './LiveRunner.js'
export {
  type CreateConsoleLoggerParameters,
  type CreateConsoleLoggerReturnType,
  createConsoleLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from './Logger.js'
export { marketEventTime } from './marketEventTime.js'
export {
  type GroupKind,
  type GroupRole,
  OrderManager,
  type OrderManagerOptions,
  type OrderManagerSnapshot,
  type SnapshotGroup,
  type SnapshotOrder,
  type SynchronousSubmit,
} from './OrderManager.js'
export { ReplayMarketDataSource, type ReplayMarketDataSourceOptions } from './ReplayMarketDataSource.js'
export type { ReconcileDifference, ReconcileReport } from './reconcile.js'
export type { SessionMode } from './SessionTracker.js'
export type {
  EngineFill,
  HandlerResult,
  SessionEvent,
  Strategy,
  StrategyContext,
  StrategyHandlerName,
} from './Strategy.js'
export { StrategyError, type StrategyErrorParameters } from './StrategyError.js'
export type { OnStrategyError } from './StrategyHost.js'
