// @tradeblocks/backtest: the reviewed public API. Every export is listed here by name.

export type { BarsCsvColumns, BarsCsvOptions, CsvColumn } from './BarsCsvOptions.js'
export {
  type CheckBarsParameters,
  type CheckBarsReturnType,
  checkBars,
  type DataPolicy,
} from './checkBars.js'
export { type DataProblem, type DataProblemKind, DataProblemsError } from './DataProblemsError.js'
export type { EquityCurve } from './EquityRecorder.js'
export {
  type GenerateSyntheticMarketParameters,
  type GenerateSyntheticMarketReturnType,
  generateSyntheticMarket,
  type PlantedBullFlag,
  type PremarketSnapshot,
  type SyntheticDailySummary,
  type SyntheticDay,
  type SyntheticGapper,
  type SyntheticMarket,
  type SyntheticNewsItem,
  type SyntheticSymbol,
} from './generateSyntheticMarket.js'
export {
  type LoadBarsCsvParameters,
  type LoadBarsCsvReturnType,
  loadBarsCsv,
  type StreamBarsCsvParameters,
  type StreamBarsCsvReturnType,
  streamBarsCsv,
} from './loadBarsCsv.js'
export type { SweepDataSpec } from './loadSweepData.js'
export {
  type MarketSeries,
  type MergeMarketEventsParameters,
  type MergeMarketEventsReturnType,
  mergeMarketEvents,
} from './mergeMarketEvents.js'
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './ProgressBar.js'
export { type ParseBarsCsvParameters, type ParseBarsCsvReturnType, parseBarsCsv } from './parseBarsCsv.js'
export {
  type BacktestData,
  type BacktestOutput,
  type RunBacktestParameters,
  type RunBacktestReturnType,
  runBacktest,
} from './runBacktest.js'
export {
  type SweepBacktestOptions,
  SweepError,
  type SweepGrid,
  type SweepParameters,
  type SweepReturnType,
  type SweepRun,
  type SweepRunFailure,
  sweep,
} from './sweep.js'
export {
  type SyntheticMarketDataParameters,
  type SyntheticMarketDataReturnType,
  syntheticMarketData,
} from './syntheticMarketData.js'
export type { NewsCategory, Sector } from './syntheticNews.js'
export type { ClosedTrade, ExitReason, OpenTrade } from './TradeLedger.js'
