// @tradeblocks/journal: the reviewed public API. Every export is listed here by name.

export {
  JournalClosedError,
  JournalLineError,
  JournalLockedError,
  JournalWriteError,
} from './errors.js'
export {
  type AlertRecord,
  type AlertRecordInput,
  AlertRecordSchema,
  type AlertSeverity,
  AlertSeveritySchema,
  BreakerEventKindSchema,
  type BreakerEventRecord,
  type BreakerEventRecordInput,
  BreakerEventRecordSchema,
  EVENT_RECORD_SCHEMA_VERSION,
  OrderEventKindSchema,
  type OrderEventRecord,
  type OrderEventRecordInput,
  OrderEventRecordSchema,
} from './eventRecords.js'
export { isJsonValue, type JsonValue } from './isJsonValue.js'
export {
  type ExportCsvDestination,
  type ExportCsvParameters,
  type ExportCsvReturnType,
  Journal,
} from './Journal.js'
export {
  JOURNAL_STREAMS,
  type JournalQuery,
  type JournalRecordMap,
  type JournalStore,
  type JournalStreamName,
  matchesQuery,
  type NormalizedJournalQuery,
  normalizeQuery,
  type RecoveryReport,
  recordTime,
} from './JournalStore.js'
export { type Durability, JsonlJournalStore, type JsonlJournalStoreOptions } from './JsonlJournalStore.js'
export { MemoryJournalStore } from './MemoryJournalStore.js'
export { type OpenJournalParameters, type OpenJournalReturnType, openJournal } from './openJournal.js'
export {
  createTradeRecord,
  type ExitReason,
  ExitReasonSchema,
  type JsonData,
  JsonDataSchema,
  rMultipleOf,
  TagSchema,
  TRADE_RECORD_SCHEMA_VERSION,
  type TradeMode,
  TradeModeSchema,
  type TradeRecord,
  type TradeRecordInput,
  TradeRecordSchema,
  type TradeSide,
  TradeSideSchema,
} from './TradeRecord.js'
export {
  TRADE_CSV_COLUMNS,
  type TradesToCsvParameters,
  type TradesToCsvReturnType,
  tradesToCsv,
} from './tradesToCsv.js'
