import type { Timeframe } from '@tradeblocks/core'
import type { DataPolicy } from './checkBars.js'

/**
 * A column of a CSV file: its header name (matched case-insensitively, surrounding spaces ignored) or
 * its 0-based index. Messages count columns from 1, as editors do.
 *
 * @example
 * ```ts
 * import type { CsvColumn } from '@tradeblocks/backtest'
 *
 * const byName: CsvColumn = 'Close'
 * const byIndex: CsvColumn = 4 // the fifth field
 * ```
 */
export type CsvColumn = string | number

/**
 * Where each field of a bar is in the file. Unset fields are found by header name: `datetime`
 * (`datetime`, `timestamp`, `date_time`, `t`), `date` (`date`, `day`), `time` (`time`), `open` (`open`, `o`),
 * `high` (`high`, `h`), `low` (`low`, `l`), `close` (`close`, `c`, `last`), `volume` (`volume`, `vol`,
 * `v`), `vwap` (`vwap`, `vw`), `trades` (`trades`, `trade_count`, `n`), `symbol` (`symbol`, `ticker`).
 * A file without a header needs every column given by index.
 *
 * Give either `datetime` (one column holding date and time) or `date` with an optional `time`.
 * `volume: null` means the file has no volume (bars get volume 0); `vwap`, `trades` and `symbol` are optional.
 *
 * @example
 * ```ts
 * import type { BarsCsvColumns } from '@tradeblocks/backtest'
 *
 * // backtrader's minute file: the header names 7 columns but rows have 8 (Date,Time,Open,...).
 * const columns: BarsCsvColumns = { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 }
 * ```
 */
export interface BarsCsvColumns {
  symbol?: CsvColumn
  datetime?: CsvColumn
  date?: CsvColumn
  time?: CsvColumn
  open?: CsvColumn
  high?: CsvColumn
  low?: CsvColumn
  close?: CsvColumn
  volume?: CsvColumn | null
  vwap?: CsvColumn
  trades?: CsvColumn
}

/**
 * How to read bars from CSV text: columns, date format, time zone, header, delimiter and what to do
 * with bad rows. Shared by {@link parseBarsCsv}, {@link loadBarsCsv} and {@link streamBarsCsv}.
 *
 * @example
 * ```ts
 * import type { BarsCsvOptions } from '@tradeblocks/backtest'
 *
 * // Yahoo's daily layout: Date,Open,High,Low,Close,Adj Close,Volume
 * const yahooDaily: BarsCsvOptions = { symbol: 'ORCL', timeframe: '1d', dateFormat: 'YYYY-MM-DD' }
 * ```
 */
export interface BarsCsvOptions {
  /** The bars' timeframe, e.g. `1m` or `1d`. */
  timeframe: Timeframe
  /** The symbol of every bar, when the file has no symbol column. */
  symbol?: string
  /** Where the fields are; see {@link BarsCsvColumns}. */
  columns?: BarsCsvColumns
  /**
   * Format of the `datetime` (or `date`) column: `auto` (default: ISO 8601, `YYYYMMDD`, or epoch digits
   * judged by length), `iso`, `epoch_s`, `epoch_ms`, `epoch_us`, `epoch_ns`, or a pattern of the tokens
   * `YYYY YY MM M DD D HH H mm ss SSS Z`, e.g. `MM/DD/YYYY`, `YYYY-MM-DD HH:mm:ss`, `DD.MM.YYYY`.
   * Ambiguous day/month orders are never guessed: `auto` does not read `01/02/2006`.
   */
  dateFormat?: string
  /** Format of a separate `time` column: `auto` (default: `09:30`, `09:30:00`, `09:30:00.250`, `093000`) or a token pattern. */
  timeFormat?: string
  /**
   * The zone of wall-clock times without an offset: `America/New_York` (default; DST by core's rules),
   * `UTC`, a fixed offset such as `+01:00`, or any IANA zone. Values with `Z` or `+hh:mm` ignore it.
   */
  timeZone?: string
  /**
   * What the file's time marks: `start` (default; tradeblocks bars are stamped at their start) or `end`
   * (many platforms stamp a 09:31 bar for 09:30-09:31); `end` subtracts one timeframe.
   */
  timestamp?: 'start' | 'end'
  /** `auto` (default): the first line is a header when none of its fields is a number. */
  header?: boolean | 'auto'
  /** The field separator, one character. Default `,`. */
  delimiter?: string
  /** `error` (default) throws a {@link DataProblemsError} listing every problem; `skip` drops bad rows and reports them. */
  policy?: DataPolicy
  /** Stop reading after this many problems (default 1000), so a wrong format fails fast. */
  maxProblems?: number
  /** The name used in messages; default the path, or `csv` for text. */
  file?: string
}
