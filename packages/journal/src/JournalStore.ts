import {
  fromNewYork,
  parse,
  parseTradingDate,
  TimestampSchema,
  type TradingDate,
  tradingDateOf,
  ValidationError,
} from '@tradeblocks/core'
import { z } from 'zod'
import type { AlertRecord, BreakerEventRecord, OrderEventRecord } from './eventRecords.js'
import { TagSchema, type TradeMode, TradeModeSchema, type TradeRecord } from './TradeRecord.js'

/**
 * The journal's streams, each a directory of one JSONL file per trading day:
 * `trades` ({@link TradeRecord}), `orders` ({@link OrderEventRecord}),
 * `breakers` ({@link BreakerEventRecord}) and `alerts` ({@link AlertRecord}).
 *
 * @example
 * ```ts
 * import { JOURNAL_STREAMS } from '@tradeblocks/journal'
 *
 * JOURNAL_STREAMS // ['trades', 'orders', 'breakers', 'alerts']
 * ```
 */
export const JOURNAL_STREAMS = ['trades', 'orders', 'breakers', 'alerts'] as const

/**
 * One of {@link JOURNAL_STREAMS}.
 *
 * @example
 * ```ts
 * import type { JournalStreamName } from '@tradeblocks/journal'
 *
 * const stream: JournalStreamName = 'alerts'
 * ```
 */
export type JournalStreamName = (typeof JOURNAL_STREAMS)[number]

/**
 * The record type of each stream.
 *
 * @example
 * ```ts
 * import type { JournalRecordMap } from '@tradeblocks/journal'
 *
 * type Alert = JournalRecordMap['alerts']
 * ```
 */
export interface JournalRecordMap {
  trades: TradeRecord
  orders: OrderEventRecord
  breakers: BreakerEventRecord
  alerts: AlertRecord
}

/**
 * A filter over a stream. Every field is optional; a record must match all given fields.
 *
 * - `from` / `to` bound the record's time (the exit time for trades, `ts` for events), both inclusive.
 *   A number is an instant (epoch ms); a `YYYY-MM-DD` string is a whole New York day.
 * - `symbol`, `strategy`, `mode`, `account` accept one value or a list (any of them matches).
 * - `tags`: the record must carry every tag listed.
 * - `limit`: stop after this many matches.
 *
 * @example
 * ```ts
 * import type { JournalQuery } from '@tradeblocks/journal'
 *
 * const lastWeekLive: JournalQuery = { from: '2026-01-05', to: '2026-01-09', mode: 'live', symbol: ['ABCD', 'WXYZ'] }
 * ```
 */
export interface JournalQuery {
  /** Earliest record time: epoch ms, or a New York date meaning its midnight. Inclusive. */
  from?: number | TradingDate
  /** Latest record time: epoch ms, or a New York date meaning its end. Inclusive. */
  to?: number | TradingDate
  /** One symbol or any of several. */
  symbol?: string | readonly string[]
  /** One strategy or any of several. */
  strategy?: string | readonly string[]
  /** One mode or any of several. */
  mode?: TradeMode | readonly TradeMode[]
  /** One account or any of several. */
  account?: string | readonly string[]
  /** Tags the record must all carry. */
  tags?: readonly string[]
  /** Maximum number of records to return. */
  limit?: number
}

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)])
const DateOrTimestamp = z.union([TimestampSchema, z.string()])

const JournalQuerySchema = z.strictObject({
  from: DateOrTimestamp.optional(),
  to: DateOrTimestamp.optional(),
  symbol: oneOrMany(z.string().min(1)).optional(),
  strategy: oneOrMany(z.string().min(1)).optional(),
  mode: oneOrMany(TradeModeSchema).optional(),
  account: oneOrMany(z.string().min(1)).optional(),
  tags: z.array(TagSchema).optional(),
  limit: z.number().int().nonnegative().optional(),
})

/**
 * A {@link JournalQuery} checked and resolved to instants and sets, as stores receive it.
 * `fromDate` / `toDate` are the New York trading days that can hold matches, for pruning day files.
 *
 * @example
 * ```ts
 * import { normalizeQuery, type NormalizedJournalQuery } from '@tradeblocks/journal'
 *
 * const q: NormalizedJournalQuery = normalizeQuery({ from: '2026-01-05', symbol: 'ABCD' })
 * q.fromDate // '2026-01-05'
 * ```
 */
export interface NormalizedJournalQuery {
  fromTs: number | undefined
  toTs: number | undefined
  fromDate: TradingDate | undefined
  toDate: TradingDate | undefined
  symbols: ReadonlySet<string> | undefined
  strategies: ReadonlySet<string> | undefined
  modes: ReadonlySet<string> | undefined
  accounts: ReadonlySet<string> | undefined
  tags: readonly string[] | undefined
  limit: number | undefined
}

const MS_PER_DAY = 86_400_000

function toSet(value: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined
  return new Set(typeof value === 'string' ? [value] : value)
}

/**
 * Validates a {@link JournalQuery} and resolves dates to New York instants.
 *
 * @throws ValidationError for unknown fields, malformed dates, or `from` after `to`.
 *
 * @example
 * ```ts
 * import { normalizeQuery } from '@tradeblocks/journal'
 *
 * const q = normalizeQuery({ from: '2026-03-09', to: '2026-03-09' })
 * q.fromTs // 1773028800000 (2026-03-09 00:00 in New York, daylight time)
 * q.toTs // 1773115199999
 * ```
 */
export function normalizeQuery(query: JournalQuery = {}): NormalizedJournalQuery {
  const q = parse(JournalQuerySchema, query, 'journal query')
  let fromTs: number | undefined
  let toTs: number | undefined
  if (typeof q.from === 'string') {
    const { year, month, day } = parseTradingDate(q.from, 'from')
    fromTs = fromNewYork(year, month, day)
  } else fromTs = q.from
  if (typeof q.to === 'string') {
    const { days } = parseTradingDate(q.to, 'to')
    const next = new Date((days + 1) * MS_PER_DAY)
    toTs = fromNewYork(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) - 1
  } else toTs = q.to
  if (fromTs !== undefined && toTs !== undefined && fromTs > toTs) {
    throw new ValidationError('journal query', [
      {
        path: 'from',
        message: `from must not be after to ${JSON.stringify(query.to)} (got ${JSON.stringify(query.from)})`,
        value: query.from,
      },
    ])
  }
  return {
    fromTs,
    toTs,
    fromDate: fromTs === undefined ? undefined : tradingDateOf(fromTs),
    toDate: toTs === undefined ? undefined : tradingDateOf(toTs),
    symbols: toSet(q.symbol),
    strategies: toSet(q.strategy),
    modes: toSet(q.mode),
    accounts: toSet(q.account),
    tags: q.tags,
    limit: q.limit,
  }
}

/**
 * The instant that files a record under its trading day and that `from`/`to` compare against:
 * `exitTs` for trades, `ts` for events.
 *
 * @example
 * ```ts
 * import { recordTime } from '@tradeblocks/journal'
 *
 * recordTime('alerts', alert) // alert.ts
 * ```
 */
export function recordTime<S extends JournalStreamName>(stream: S, record: JournalRecordMap[S]): number {
  return stream === 'trades' ? (record as TradeRecord).exitTs : (record as { ts: number }).ts
}

/**
 * True when `record` of `stream` matches every field of the query (all but `limit`, which the
 * caller counts). Stores that cannot push a filter down use this.
 *
 * @example
 * ```ts
 * import { matchesQuery, normalizeQuery } from '@tradeblocks/journal'
 *
 * const q = normalizeQuery({ symbol: 'ABCD' })
 * const mine = trades.filter((t) => matchesQuery('trades', t, q))
 * ```
 */
export function matchesQuery<S extends JournalStreamName>(
  stream: S,
  record: JournalRecordMap[S],
  query: NormalizedJournalQuery,
): boolean {
  const ts = recordTime(stream, record)
  if (query.fromTs !== undefined && ts < query.fromTs) return false
  if (query.toTs !== undefined && ts > query.toTs) return false
  const r = record as {
    symbol?: string
    strategy?: string
    mode?: string
    account?: string
    tags?: readonly string[]
  }
  if (query.symbols !== undefined && (r.symbol === undefined || !query.symbols.has(r.symbol))) return false
  if (query.strategies !== undefined && (r.strategy === undefined || !query.strategies.has(r.strategy)))
    return false
  if (query.modes !== undefined && (r.mode === undefined || !query.modes.has(r.mode))) return false
  if (query.accounts !== undefined && (r.account === undefined || !query.accounts.has(r.account)))
    return false
  if (query.tags !== undefined && query.tags.length > 0) {
    const tags = r.tags
    if (tags === undefined) return false
    for (const tag of query.tags) if (!tags.includes(tag)) return false
  }
  return true
}

/**
 * What a store reports when it finds the end of a day file torn by a crash: the bytes after the
 * last complete line.
 *
 * - `action: 'set_aside'`: a writer moved the bytes to `corruptFile` (appended as one JSON line with
 *   the exact bytes in base64) and cut the day file back to its last complete line.
 * - `action: 'ignored'`: a read-only handle skipped them (a live writer may still be writing that line).
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 *
 * const journal = await openJournal({ dir: './journal', onRecovery: (r) => console.warn(r.message) })
 * for (const report of journal.recoveries) console.warn(report.file, report.line, report.length)
 * ```
 */
export interface RecoveryReport {
  /** The stream of the file. */
  stream: JournalStreamName
  /** Path of the day file. */
  file: string
  /** 1-based line number the torn line would have had. */
  line: number
  /** Byte offset of the torn bytes in the file. */
  offset: number
  /** Number of torn bytes. */
  length: number
  /** What was done with them. */
  action: 'set_aside' | 'ignored'
  /** Where the bytes were set aside, for `set_aside`. */
  corruptFile: string | undefined
  /** When the tear was detected, epoch ms. */
  detectedAt: number
  /** A one-line description for logs. */
  message: string
}

/**
 * The storage behind a `Journal`. The JSONL store and the memory store implement it; a SQLite or
 * Postgres store can too, without changing any caller (they talk to `Journal`).
 *
 * Contract:
 * - `append` receives records already validated by the journal; it resolves only when the record is
 *   as durable as the store promises, and rejects when it is not stored.
 * - `read` yields validated records of a stream that match a {@link NormalizedJournalQuery}, at most
 *   `limit` of them, in trading-day order and, within a day, in append order. It must see every
 *   record whose `append` has resolved.
 * - `flush` resolves once every record appended so far is durable; `close` flushes and releases
 *   resources; both may be called more than once.
 *
 * @example
 * ```ts
 * import { Journal, MemoryJournalStore, type JournalStore } from '@tradeblocks/journal'
 *
 * const store: JournalStore = new MemoryJournalStore()
 * const journal = new Journal(store)
 * ```
 */
export interface JournalStore {
  /** A short name of the implementation: `jsonl`, `memory`, `sqlite`... */
  readonly kind: string
  /** True when appends are refused. */
  readonly readOnly: boolean
  /** Torn lines found (and how they were handled) when the store was opened. */
  readonly recoveries: readonly RecoveryReport[]
  /** Stores one validated record. */
  append<S extends JournalStreamName>(stream: S, record: JournalRecordMap[S]): Promise<void>
  /** Yields the matching records of a stream. */
  read<S extends JournalStreamName>(
    stream: S,
    query: NormalizedJournalQuery,
  ): AsyncIterable<JournalRecordMap[S]>
  /** Resolves when everything appended so far is durable. */
  flush(): Promise<void>
  /** Flushes and releases files, locks and timers. */
  close(): Promise<void>
}
