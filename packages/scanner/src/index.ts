// @tradeblocks/scanner: the reviewed public API. Every export is listed here by name.

export {
  type CatalystClassifier,
  type ClassifyNewsParameters,
  type ClassifyNewsReturnType,
  type CreateRuleCatalystClassifierParameters,
  type CreateRuleCatalystClassifierReturnType,
  classifyNews,
  createRuleCatalystClassifier,
  type NewsQuery,
  type NewsRejection,
  type NewsSource,
} from './CatalystClassifier.js'
export {
  CatalystCategory,
  type CatalystCategoryValue,
  type CatalystClassification,
  type CatalystSign,
  type CatalystSignal,
  type ClassifyCatalystParameters,
  type ClassifyCatalystReturnType,
  type CombineSignalsReturnType,
  classifyCatalyst,
  combineSignals,
  type NewsItem,
  NewsItemSchema,
} from './classifyCatalyst.js'
export {
  type PremarketSnapshot,
  type ToPremarketSnapshotParameters,
  type ToPremarketSnapshotReturnType,
  toPremarketSnapshot,
} from './PremarketSnapshot.js'
export {
  DEFAULT_MOMENTUM_SATURATION,
  DEFAULT_MOMENTUM_WEIGHTS,
  type MomentumFactor,
  type MomentumScorePart,
  type RankedCandidate,
  RankMomentumOptionsSchema,
  type RankMomentumParameters,
  type RankMomentumReturnType,
  rankMomentum,
} from './rankMomentum.js'
export {
  type PremarketCandidate,
  type ResolvedScanPremarketOptions,
  resolveScanPremarketOptions,
  ScanPremarketOptionsSchema,
  type ScanPremarketParameters,
  type ScanPremarketReturnType,
  type ScanReason,
  ScanReasonCode,
  type ScanReasonCodeValue,
  type ScanRejection,
  scanPremarket,
} from './scanPremarket.js'
export {
  type SummarizeCatalystsReturnType,
  type SymbolCatalyst,
  summarizeCatalysts,
} from './summarizeCatalysts.js'
