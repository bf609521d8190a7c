import { toNewYork } from '@tradeblocks/core'
import type { TradeRecord } from './TradeRecord.js'

/**
 * The columns of the trade CSV export, in order. Times appear twice: as epoch ms (`entryTs`) and as
 * New York wall-clock time (`entryTimeNy`, `YYYY-MM-DD HH:mm:ss.SSS`). Lists (`tags`, order ids) are
 * joined with `;`, `signal` is JSON, a missing optional value is an empty cell.
 *
 * @example
 * ```ts
 * import { TRADE_CSV_COLUMNS } from '@tradeblocks/journal'
 *
 * TRADE_CSV_COLUMNS.includes('netPnl') // true
 * ```
 */
export const TRADE_CSV_COLUMNS = [
  'id',
  'strategy',
  'mode',
  'account',
  'symbol',
  'side',
  'qty',
  'entryTs',
  'entryTimeNy',
  'entryPrice',
  'exitTs',
  'exitTimeNy',
  'exitPrice',
  'plannedStop',
  'plannedTarget',
  'exitReason',
  'grossPnl',
  'netPnl',
  'fees',
  'slippage',
  'rMultiple',
  'holdingMs',
  'mfe',
  'mae',
  'setup',
  'scannerScore',
  'catalyst',
  'entryOrderIds',
  'exitOrderIds',
  'tags',
  'notes',
  'signal',
  'schemaVersion',
] as const

/**
 * Options of {@link tradesToCsv}.
 *
 * @example
 * ```ts
 * import type { TradesToCsvParameters } from '@tradeblocks/journal'
 *
 * const options: TradesToCsvParameters = { escapeFormulas: false, lineEnding: '\n' }
 * ```
 */
export interface TradesToCsvParameters {
  /**
   * Prefix text cells that start with `=`, `+`, `-`, `@`, tab or carriage return with `'`, so a
   * spreadsheet does not run them as formulas (CSV injection). Numbers are never changed. Default true.
   */
  escapeFormulas?: boolean
  /** Row separator; RFC 4180 says `\r\n` (the default). */
  lineEnding?: '\r\n' | '\n'
}

/**
 * What {@link tradesToCsv} yields: the header row, then one row per trade, each ending with the line ending.
 *
 * @example
 * ```ts
 * import { tradesToCsv, type TradesToCsvReturnType } from '@tradeblocks/journal'
 *
 * const rows: TradesToCsvReturnType = tradesToCsv(trades)
 * ```
 */
export type TradesToCsvReturnType = AsyncGenerator<string, void, undefined>

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function newYorkTime(ts: number): string {
  const t = toNewYork(ts)
  return `${t.date} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.millisecond, 3)}`
}

function cell(value: unknown, escapeFormulas: boolean): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'number') return String(value)
  let text = String(value)
  if (escapeFormulas && FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function row(trade: TradeRecord, escapeFormulas: boolean): string[] {
  return [
    cell(trade.id, escapeFormulas),
    cell(trade.strategy, escapeFormulas),
    trade.mode,
    cell(trade.account, escapeFormulas),
    trade.symbol,
    trade.side,
    cell(trade.qty, false),
    cell(trade.entryTs, false),
    newYorkTime(trade.entryTs),
    cell(trade.entryPrice, false),
    cell(trade.exitTs, false),
    newYorkTime(trade.exitTs),
    cell(trade.exitPrice, false),
    cell(trade.plannedStop, false),
    cell(trade.plannedTarget, false),
    trade.exitReason,
    cell(trade.grossPnl, false),
    cell(trade.netPnl, false),
    cell(trade.fees, false),
    cell(trade.slippage, false),
    cell(trade.rMultiple, false),
    cell(trade.holdingMs, false),
    cell(trade.mfe, false),
    cell(trade.mae, false),
    cell(trade.setup, escapeFormulas),
    cell(trade.scannerScore, false),
    cell(trade.catalyst, escapeFormulas),
    cell(trade.entryOrderIds.join(';'), escapeFormulas),
    cell(trade.exitOrderIds.join(';'), escapeFormulas),
    cell(trade.tags.join(';'), escapeFormulas),
    cell(trade.notes, escapeFormulas),
    // JSON is data, not a formula: quote it but never prefix it.
    cell(trade.signal === undefined ? undefined : JSON.stringify(trade.signal), false),
    cell(trade.schemaVersion, false),
  ]
}

/**
 * Turns trades (an array, or a stream such as `journal.readTrades()`) into CSV rows with the
 * {@link TRADE_CSV_COLUMNS}, quoting per RFC 4180. Streams: memory stays flat for any log size.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs'
 * import { Readable } from 'node:stream'
 * import { pipeline } from 'node:stream/promises'
 * import { tradesToCsv } from '@tradeblocks/journal'
 *
 * await pipeline(Readable.from(tradesToCsv(journal.readTrades({ mode: 'live' }))), createWriteStream('live.csv'))
 * ```
 */
export async function* tradesToCsv(
  trades: Iterable<TradeRecord> | AsyncIterable<TradeRecord>,
  options: TradesToCsvParameters = {},
): TradesToCsvReturnType {
  const escapeFormulas = options.escapeFormulas ?? true
  const eol = options.lineEnding ?? '\r\n'
  yield `${TRADE_CSV_COLUMNS.join(',')}${eol}`
  for await (const trade of trades) yield `${row(trade, escapeFormulas).join(',')}${eol}`
}
