import { type Bar, formatValue, type Timeframe, timeframeToMs, ValidationError } from '@tradeblocks/core'
import type { BarsCsvColumns, BarsCsvOptions, CsvColumn } from './BarsCsvOptions.js'
import { barProblem, type DataPolicy, formatTs, OrderTracker } from './checkBars.js'
import type { DataProblem, DataProblemKind } from './DataProblemsError.js'
import {
  compileTimeOfDayParser,
  compileTimestampParser,
  type TimeOfDay,
  type TimestampParser,
  wallClockToUtc,
} from './timestampParser.js'

type Field = keyof BarsCsvColumns

const ALIASES: Record<Field, readonly string[]> = {
  symbol: ['symbol', 'ticker', 'sym'],
  datetime: ['datetime', 'timestamp', 'date_time', 'date time', 't'],
  date: ['date', 'day'],
  time: ['time'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'last'],
  volume: ['volume', 'vol', 'v'],
  vwap: ['vwap', 'vw'],
  trades: ['trades', 'trade_count', 'n', 'count'],
}

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const NUMERIC_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'vwap', 'trades'] as const
/** Marks an optional numeric field (vwap, trades) that is absent or empty. */
const OPTIONAL_ABSENT = Number.NEGATIVE_INFINITY

/**
 * A decimal number as written in a CSV field (`12`, `-0.5`, `.25`, `1e6`), or NaN. Stricter than
 * `Number()`: an empty field, hex/binary/octal literals and `Infinity` are not numbers here.
 */
function toNumber(text: string): number {
  if (text.length === 0) return Number.NaN
  if (text.length > 1) {
    const second = text.charCodeAt(1) | 0x20
    if (second === 0x78 || second === 0x62 || second === 0x6f) return Number.NaN // 0x.., 0b.., 0o..
  }
  const value = +text
  return Number.isFinite(value) ? value : Number.NaN
}
const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,9}(?:[./-][A-Z0-9]{1,5})?$/
const TIMEFRAME_PATTERN = /^[1-9]\d{0,3}[smhdw]$/

function configError(message: string, path: string, value: unknown): ValidationError {
  return new ValidationError('CSV options', [{ path, message, value }])
}

/** Splits one CSV line; supports double-quoted fields with `""` escapes (not newlines inside quotes). */
function splitLine(line: string, delimiter: string): string[] | string {
  if (!line.includes('"')) return line.split(delimiter)
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let value = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) return 'has a quoted field without its closing quote'
        value += line.slice(i, q)
        if (line[q + 1] === '"') {
          value += '"'
          i = q + 2
          continue
        }
        i = q + 1
        break
      }
      fields.push(value)
      if (i >= line.length) return fields
      if (line[i] !== delimiter) return `has text after a closing quote at character ${i + 1}`
      i++
    } else {
      const next = line.indexOf(delimiter, i)
      if (next < 0) {
        fields.push(line.slice(i))
        return fields
      }
      fields.push(line.slice(i, next))
      i = next + 1
    }
  }
}

/** What the reader did with one line. */
export type LineResult =
  | { kind: 'bar'; bar: Bar }
  | { kind: 'skipped' }
  | { kind: 'problem'; problem: DataProblem }

/**
 * Reads bars line by line: header detection, column resolution, field parsing and the data checks
 * (impossible bars, out-of-order and duplicate timestamps per symbol). Used by the string, file and
 * streaming loaders; it holds only per-symbol last timestamps, so memory stays flat on long files.
 */
export class BarsCsvReader {
  readonly file: string
  readonly policy: DataPolicy
  readonly maxProblems: number
  readonly #options: BarsCsvOptions
  readonly #delimiter: string
  readonly #timeframe: Timeframe
  readonly #shift: number
  readonly #parseTs: TimestampParser
  readonly #parseTime: ReturnType<typeof compileTimeOfDayParser>
  readonly #tracker = new OrderTracker()
  #headerDone = false
  /** The last symbol that passed the ticker check. */
  #okSymbol = ''
  #headerLength: number | undefined
  #strictLength = false
  #index: Partial<Record<Field, number>> = {}
  #names: string[] = []
  #fieldColumn: Record<string, number> = {}

  constructor(options: BarsCsvOptions, file: string) {
    this.#options = options
    this.file = file
    if (typeof options !== 'object' || options === null)
      throw configError('options must be an object with at least a timeframe', '', options)
    if (typeof options.timeframe !== 'string' || !TIMEFRAME_PATTERN.test(options.timeframe))
      throw configError(
        `timeframe must be like 1m, 5m or 1d (got ${formatValue(options.timeframe)})`,
        'timeframe',
        options.timeframe,
      )
    this.#timeframe = options.timeframe
    if (options.symbol !== undefined && !SYMBOL_PATTERN.test(options.symbol))
      throw configError(
        `symbol must be an uppercase ticker such as AAPL (got ${formatValue(options.symbol)})`,
        'symbol',
        options.symbol,
      )
    const delimiter = options.delimiter ?? ','
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw configError(
        `delimiter must be one character other than a quote or newline (got ${formatValue(delimiter)})`,
        'delimiter',
        delimiter,
      )
    this.#delimiter = delimiter
    const policy = options.policy ?? 'error'
    if (policy !== 'error' && policy !== 'skip')
      throw configError(`policy must be "error" or "skip" (got ${formatValue(policy)})`, 'policy', policy)
    this.policy = policy
    const maxProblems = options.maxProblems ?? 1000
    if (!Number.isInteger(maxProblems) || maxProblems < 1)
      throw configError(
        `maxProblems must be a positive integer (got ${formatValue(maxProblems)})`,
        'maxProblems',
        maxProblems,
      )
    this.maxProblems = maxProblems
    const timestamp = options.timestamp ?? 'start'
    if (timestamp !== 'start' && timestamp !== 'end')
      throw configError(
        `timestamp must be "start" or "end" (got ${formatValue(timestamp)})`,
        'timestamp',
        timestamp,
      )
    this.#shift = timestamp === 'end' ? timeframeToMs(this.#timeframe) : 0
    const toUtc = wallClockToUtc(options.timeZone ?? 'America/New_York')
    const dateFormat = options.dateFormat ?? 'auto'
    const timeFormat = options.timeFormat ?? 'auto'
    try {
      this.#parseTs = compileTimestampParser(dateFormat, toUtc)
    } catch (cause) {
      throw configError(`dateFormat ${(cause as Error).message}`, 'dateFormat', dateFormat)
    }
    try {
      this.#parseTime = compileTimeOfDayParser(timeFormat)
    } catch (cause) {
      throw configError(`timeFormat ${(cause as Error).message}`, 'timeFormat', timeFormat)
    }
  }

  /** Where a problem is: `file:line:column (Name)`. */
  #where(line: number, column?: number): string {
    if (column === undefined) return `${this.file}:${line}`
    const name = this.#names[column]
    return `${this.file}:${line}:${column + 1}${name === undefined || name === '' ? '' : ` (${name})`}`
  }

  #problem(
    kind: DataProblemKind,
    line: number,
    column: number | undefined,
    message: string,
    extra: { symbol?: string; ts?: number } = {},
  ): LineResult {
    const problem: DataProblem = {
      kind,
      message: `${this.#where(line, column)}: ${message}`,
      file: this.file,
      line,
      ...extra,
    }
    if (column !== undefined) problem.column = column + 1
    return { kind: 'problem', problem }
  }

  #resolveColumns(headerFields: string[] | undefined): void {
    const given = this.#options.columns ?? {}
    const lower = headerFields?.map((name) => name.trim().toLowerCase())
    const resolve = (field: Field, spec: CsvColumn): number => {
      if (typeof spec === 'number') {
        if (!Number.isInteger(spec) || spec < 0)
          throw configError(
            `columns.${field} must be a 0-based index or a header name (got ${spec})`,
            `columns.${field}`,
            spec,
          )
        return spec
      }
      if (lower === undefined)
        throw configError(
          `columns.${field} is the name ${JSON.stringify(spec)} but ${this.file} has no header; give a 0-based index`,
          `columns.${field}`,
          spec,
        )
      const at = lower.indexOf(spec.trim().toLowerCase())
      if (at < 0)
        throw configError(
          `columns.${field} ${JSON.stringify(spec)} is not in the header of ${this.file} (${headerFields?.join(', ')})`,
          `columns.${field}`,
          spec,
        )
      this.#strictLength = true
      return at
    }
    const index: Partial<Record<Field, number>> = {}
    for (const field of Object.keys(ALIASES) as Field[]) {
      const spec = given[field]
      if (spec === null) continue
      if (spec !== undefined) {
        index[field] = resolve(field, spec)
        continue
      }
      if (lower === undefined) continue
      // Find by alias. `date` alone in a header may hold date and time: it is read as the date column,
      // and the date format decides.
      if (field === 'datetime' && (given.date !== undefined || given.time !== undefined)) continue
      if ((field === 'date' || field === 'time') && given.datetime !== undefined) continue
      const at = lower.findIndex((name) => ALIASES[field].includes(name))
      if (at >= 0) {
        index[field] = at
        this.#strictLength = true
      }
    }
    if (index.datetime !== undefined && (index.date !== undefined || index.time !== undefined)) {
      if (given.datetime !== undefined)
        throw configError(
          'give columns.datetime or columns.date (with columns.time), not both',
          'columns',
          given,
        )
      delete index.datetime
    }
    if (index.datetime !== undefined) {
      index.date = index.datetime
      delete index.datetime
    }
    const missing: string[] = []
    if (index.date === undefined) missing.push('datetime (or date)')
    for (const field of ['open', 'high', 'low', 'close'] as const)
      if (index[field] === undefined) missing.push(field)
    if (missing.length > 0) {
      const where =
        lower === undefined
          ? `${this.file} has no header, so give columns by 0-based index`
          : `the header of ${this.file} is: ${headerFields?.join(', ')}`
      throw configError(`columns not found: ${missing.join(', ')}; ${where}`, 'columns', given)
    }
    if (index.symbol === undefined && this.#options.symbol === undefined)
      throw configError(
        `${this.file} has no symbol column; pass the symbol option (e.g. symbol: 'AAPL')`,
        'symbol',
        undefined,
      )
    this.#index = index
    this.#names = headerFields?.map((name) => name.trim()) ?? []
    const column: Record<string, number> = {}
    for (const [field, at] of Object.entries(index)) column[field] = at
    column.ts = index.date as number
    column.timeframe = index.date as number
    this.#fieldColumn = column
  }

  /** Reads one line (1-based `line` number, without its line ending). */
  read(text: string, line: number): LineResult {
    if (text.length === 0 || (text.trim() === '' && text.length < 1000)) return { kind: 'skipped' }
    const fields = splitLine(text, this.#delimiter)
    if (typeof fields === 'string') return this.#problem('malformed', line, undefined, `the row ${fields}`)
    if (!this.#headerDone) {
      this.#headerDone = true
      const header = this.#options.header ?? 'auto'
      const isHeader =
        header === 'auto' ? !fields.some((field) => NUMBER_PATTERN.test(field.trim())) : header === true
      if (isHeader) {
        this.#resolveColumns(fields)
        this.#headerLength = fields.length
        return { kind: 'skipped' }
      }
      this.#resolveColumns(undefined)
    }
    return this.#row(fields, line)
  }

  #missing(name: string, at: number, fields: string[], line: number): LineResult {
    return this.#problem('malformed', line, at, `${name} is missing (the row has ${fields.length} fields)`)
  }

  #row(fields: string[], line: number): LineResult {
    const index = this.#index
    if (this.#strictLength && this.#headerLength !== undefined && fields.length !== this.#headerLength) {
      return this.#problem(
        'malformed',
        line,
        undefined,
        `the row has ${fields.length} fields but the header has ${this.#headerLength}; if the header is wrong, give columns by 0-based index`,
      )
    }
    let symbol = this.#options.symbol as string
    const symbolAt = index.symbol
    if (symbolAt !== undefined) {
      const raw = fields[symbolAt]?.trim()
      if (raw === undefined) return this.#missing('symbol', symbolAt, fields, line)
      if (raw !== this.#okSymbol) {
        if (!SYMBOL_PATTERN.test(raw))
          return this.#problem(
            'malformed',
            line,
            symbolAt,
            `symbol ${formatValue(raw)} is not an uppercase ticker`,
          )
        this.#okSymbol = raw
      }
      symbol = raw
    }
    const dateAt = index.date as number
    const dateText = fields[dateAt]?.trim()
    if (dateText === undefined) return this.#missing('date', dateAt, fields, line)
    let time: TimeOfDay | undefined
    const timeAt = index.time
    if (timeAt !== undefined) {
      const timeText = fields[timeAt]?.trim()
      if (timeText === undefined) return this.#missing('time', timeAt, fields, line)
      const parsed = this.#parseTime(timeText)
      if (!parsed.ok)
        return this.#problem('malformed', line, timeAt, `time ${formatValue(timeText)} ${parsed.reason}`, {
          symbol,
        })
      time = parsed
    }
    const parsedTs = this.#parseTs(dateText, time)
    if (!parsedTs.ok)
      return this.#problem('malformed', line, dateAt, `date ${formatValue(dateText)} ${parsedTs.reason}`, {
        symbol,
      })
    const ts = parsedTs.ts - this.#shift
    const open = this.#number(fields, index.open as number)
    const high = this.#number(fields, index.high as number)
    const low = this.#number(fields, index.low as number)
    const close = this.#number(fields, index.close as number)
    const volumeAt = index.volume
    const volume = volumeAt === undefined ? 0 : this.#number(fields, volumeAt)
    const vwapAt = index.vwap
    const vwap = vwapAt === undefined ? OPTIONAL_ABSENT : this.#number(fields, vwapAt, true)
    const tradesAt = index.trades
    const trades = tradesAt === undefined ? OPTIONAL_ABSENT : this.#number(fields, tradesAt, true)
    if (
      !(
        Number.isFinite(open) &&
        Number.isFinite(high) &&
        Number.isFinite(low) &&
        Number.isFinite(close) &&
        Number.isFinite(volume) &&
        !Number.isNaN(vwap) &&
        !Number.isNaN(trades)
      )
    ) {
      // Name the first field that is not a number.
      for (const name of NUMERIC_FIELDS) {
        const at = index[name]
        if (at === undefined) continue
        const raw = fields[at]?.trim()
        if (raw === undefined) return this.#missing(name, at, fields, line)
        if ((name === 'vwap' || name === 'trades') && raw === '') continue
        if (!Number.isFinite(toNumber(raw)))
          return this.#problem('malformed', line, at, `${name} ${formatValue(raw)} is not a number`, {
            symbol,
            ts,
          })
      }
    }
    const bar: Bar = { symbol, timeframe: this.#timeframe, ts, open, high, low, close, volume }
    if (vwap !== OPTIONAL_ABSENT) bar.vwap = vwap
    if (trades !== OPTIONAL_ABSENT) bar.trades = trades
    // Fast check of the bar rules; the slow one only names what is wrong.
    if (
      !(
        low > 0 &&
        high >= low &&
        open >= low &&
        open <= high &&
        close >= low &&
        close <= high &&
        volume >= 0 &&
        Number.isInteger(ts) &&
        ts >= 0 &&
        (vwap === OPTIONAL_ABSENT || vwap > 0) &&
        (trades === OPTIONAL_ABSENT || (Number.isInteger(trades) && trades >= 0))
      )
    ) {
      const impossible = barProblem(bar)
      if (impossible !== undefined)
        return this.#problem('impossible', line, this.#fieldColumn[impossible.field], impossible.message, {
          symbol,
          ts,
        })
    }
    const order = this.#tracker.check(symbol, ts)
    if (order !== undefined) {
      const message =
        order.kind === 'duplicate'
          ? `${symbol} at ${formatTs(ts)} duplicates the timestamp of the previous ${symbol} bar`
          : `${symbol} at ${formatTs(ts)} is earlier than the previous ${symbol} bar at ${formatTs(order.previous)}`
      return this.#problem(order.kind, line, dateAt, message, { symbol, ts })
    }
    return { kind: 'bar', bar }
  }

  /** The number in field `at`; NaN when missing or not a number; `OPTIONAL_ABSENT` for an empty optional field. */
  #number(fields: string[], at: number, optional = false): number {
    const raw = fields[at]
    if (raw === undefined) return Number.NaN
    const text =
      raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw
    if (optional && text === '') return OPTIONAL_ABSENT
    return toNumber(text)
  }
}
