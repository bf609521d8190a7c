import { createWriteStream } from 'node:fs'
import { mkdir, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse } from '@tradeblocks/core'
import {
  type AlertRecord,
  type AlertRecordInput,
  AlertRecordSchema,
  type BreakerEventRecord,
  type BreakerEventRecordInput,
  BreakerEventRecordSchema,
  EVENT_RECORD_SCHEMA_VERSION,
  type OrderEventRecord,
  type OrderEventRecordInput,
  OrderEventRecordSchema,
} from './eventRecords.js'
import {
  type JournalQuery,
  type JournalRecordMap,
  type JournalStore,
  type JournalStreamName,
  normalizeQuery,
  type RecoveryReport,
} from './JournalStore.js'
import { createTradeRecord, type TradeRecord, type TradeRecordInput } from './TradeRecord.js'
import { type TradesToCsvParameters, tradesToCsv } from './tradesToCsv.js'

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/**
 * Where {@link Journal.exportCsv} writes: a file path (its directory is created; the file is written
 * to a temporary file, then renamed into place, so a reader never sees half a file) or any writable
 * stream (left open).
 *
 * @example
 * ```ts
 * import type { ExportCsvDestination } from '@tradeblocks/journal'
 *
 * const toFile: ExportCsvDestination = './exports/january.csv'
 * const toStdout: ExportCsvDestination = process.stdout
 * ```
 */
export type ExportCsvDestination = string | Writable

/**
 * Options of {@link Journal.exportCsv}: the query selecting the trades plus the CSV options.
 *
 * @example
 * ```ts
 * import type { ExportCsvParameters } from '@tradeblocks/journal'
 *
 * const options: ExportCsvParameters = { query: { from: '2026-01-01', to: '2026-01-31' }, escapeFormulas: true }
 * ```
 */
export interface ExportCsvParameters extends TradesToCsvParameters {
  /** Which trades; all by default. */
  query?: JournalQuery
}

/**
 * What {@link Journal.exportCsv} resolves to.
 *
 * @example
 * ```ts
 * import type { ExportCsvReturnType } from '@tradeblocks/journal'
 *
 * const result: ExportCsvReturnType = await journal.exportCsv('trades.csv')
 * console.log(`${result.rows} trades exported`)
 * ```
 */
export interface ExportCsvReturnType {
  /** Number of trade rows written (the header not counted). */
  rows: number
}

/**
 * The trade journal: validates and appends trade records and order, breaker and alert events, and
 * queries them back, over any {@link JournalStore}. Get one from `openJournal`.
 *
 * Appends validate with the record's zod schema first (a bad record throws a `ValidationError` naming
 * the field and is not written) and resolve once the store made the record durable. Reads stream:
 * memory stays flat for any log size.
 *
 * @example
 * ```ts
 * import { Journal, MemoryJournalStore } from '@tradeblocks/journal'
 *
 * const journal = new Journal(new MemoryJournalStore())
 * await journal.appendTrade({
 *   id: 't-1', strategy: 'bull-flag', mode: 'backtest', account: 'bt', symbol: 'ABCD', side: 'long',
 *   qty: 100, entryTs: 1767364200000, entryPrice: 10, exitTs: 1767364800000, exitPrice: 10.5,
 *   plannedStop: 9.75, exitReason: 'target', grossPnl: 50, netPnl: 49, fees: 1,
 * })
 * const winners = (await journal.queryTrades({ symbol: 'ABCD' })).filter((t) => t.netPnl > 0)
 * ```
 */
export class Journal {
  /** The storage behind this journal. */
  readonly store: JournalStore

  constructor(store: JournalStore) {
    this.store = store
  }

  /** Torn lines the store found and set aside when it was opened; empty after a clean shutdown. */
  get recoveries(): readonly RecoveryReport[] {
    return this.store.recoveries
  }

  /**
   * Validates a closed trade (filling in derivable fields, see `createTradeRecord`) and appends it to
   * the `trades` stream, filed under the New York trading day of its exit time.
   *
   * @returns The record as stored.
   * @throws ValidationError when the record is invalid; JournalWriteError when it could not be stored.
   */
  async appendTrade(input: TradeRecordInput): Promise<TradeRecord> {
    const record = createTradeRecord(input)
    await this.store.append('trades', record)
    return record
  }

  /**
   * Validates and appends an order event (see `OrderEventRecordSchema`).
   *
   * @throws ValidationError when the event is invalid; JournalWriteError when it could not be stored.
   */
  async appendOrderEvent(input: OrderEventRecordInput): Promise<OrderEventRecord> {
    const record = parse(
      OrderEventRecordSchema,
      { schemaVersion: EVENT_RECORD_SCHEMA_VERSION, ...input },
      'order event record',
    )
    await this.store.append('orders', record)
    return record
  }

  /**
   * Validates and appends a circuit-breaker event (see `BreakerEventRecordSchema`).
   *
   * @throws ValidationError when the event is invalid; JournalWriteError when it could not be stored.
   */
  async appendBreakerEvent(input: BreakerEventRecordInput): Promise<BreakerEventRecord> {
    const record = parse(
      BreakerEventRecordSchema,
      { schemaVersion: EVENT_RECORD_SCHEMA_VERSION, ...input },
      'breaker event record',
    )
    await this.store.append('breakers', record)
    return record
  }

  /**
   * Validates and appends an alert (see `AlertRecordSchema`).
   *
   * @throws ValidationError when the alert is invalid; JournalWriteError when it could not be stored.
   */
  async appendAlert(input: AlertRecordInput): Promise<AlertRecord> {
    const record = parse(
      AlertRecordSchema,
      { schemaVersion: EVENT_RECORD_SCHEMA_VERSION, ...input },
      'alert record',
    )
    await this.store.append('alerts', record)
    return record
  }

  /**
   * Streams the records of any stream that match a query.
   *
   * @throws ValidationError for a malformed query (before iterating); JournalLineError while iterating
   * when a stored line is invalid.
   */
  read<S extends JournalStreamName>(stream: S, query: JournalQuery = {}): AsyncIterable<JournalRecordMap[S]> {
    return this.store.read(stream, normalizeQuery(query))
  }

  /**
   * Streams matching trades in trading-day order (and append order within a day).
   *
   * @example
   * ```ts
   * for await (const trade of journal.readTrades({ strategy: 'bull-flag', tags: ['a-plus'] })) {
   *   console.log(trade.symbol, trade.netPnl)
   * }
   * ```
   */
  readTrades(query: JournalQuery = {}): AsyncIterable<TradeRecord> {
    return this.read('trades', query)
  }

  /** Streams matching order events. */
  readOrderEvents(query: JournalQuery = {}): AsyncIterable<OrderEventRecord> {
    return this.read('orders', query)
  }

  /** Streams matching circuit-breaker events. */
  readBreakerEvents(query: JournalQuery = {}): AsyncIterable<BreakerEventRecord> {
    return this.read('breakers', query)
  }

  /** Streams matching alerts. */
  readAlerts(query: JournalQuery = {}): AsyncIterable<AlertRecord> {
    return this.read('alerts', query)
  }

  /** Collects matching trades into an array (use `readTrades` for large logs). */
  queryTrades(query: JournalQuery = {}): Promise<TradeRecord[]> {
    return collect(this.readTrades(query))
  }

  /** Collects matching order events into an array. */
  queryOrderEvents(query: JournalQuery = {}): Promise<OrderEventRecord[]> {
    return collect(this.readOrderEvents(query))
  }

  /** Collects matching circuit-breaker events into an array. */
  queryBreakerEvents(query: JournalQuery = {}): Promise<BreakerEventRecord[]> {
    return collect(this.readBreakerEvents(query))
  }

  /** Collects matching alerts into an array. */
  queryAlerts(query: JournalQuery = {}): Promise<AlertRecord[]> {
    return collect(this.readAlerts(query))
  }

  /**
   * Exports matching trades as CSV (see `TRADE_CSV_COLUMNS`), streaming.
   *
   * @example
   * ```ts
   * const { rows } = await journal.exportCsv('./exports/2026-01.csv', { query: { from: '2026-01-01', to: '2026-01-31' } })
   * ```
   */
  async exportCsv(
    destination: ExportCsvDestination,
    options: ExportCsvParameters = {},
  ): Promise<ExportCsvReturnType> {
    const { query, ...csvOptions } = options
    let rows = 0
    const trades = this.readTrades(query)
    const counted = (async function* () {
      for await (const trade of trades) {
        rows++
        yield trade
      }
    })()
    const source = Readable.from(tradesToCsv(counted, csvOptions))
    if (typeof destination !== 'string') {
      await pipeline(source, destination, { end: false })
      return { rows }
    }
    const temporary = `${destination}.${process.pid}.tmp`
    await mkdir(dirname(destination), { recursive: true })
    try {
      await pipeline(source, createWriteStream(temporary))
      await rename(temporary, destination)
    } catch (error) {
      await unlink(temporary).catch(() => undefined)
      throw error
    }
    return { rows }
  }

  /**
   * Resolves once everything appended so far is durable.
   *
   * @throws JournalWriteError when an append since the previous flush failed.
   */
  flush(): Promise<void> {
    return this.store.flush()
  }

  /** Flushes, then releases files, timers and the writer lock. Safe to call twice. */
  close(): Promise<void> {
    return this.store.close()
  }
}
