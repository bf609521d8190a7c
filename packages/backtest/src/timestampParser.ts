import { fromNewYork, ValidationError } from '@tradeblocks/core'

/**
 * Converts wall-clock readings in one time zone to epoch ms. Supports `UTC`, `America/New_York`
 * (through core's DST rules, identical to the calendar's), fixed offsets such as `+01:00` or
 * `-05:00`, and any other IANA zone through `Intl` (offsets cached per quarter hour).
 *
 * A wall time skipped by a spring DST change maps one hour later; a repeated autumn time maps to its
 * first occurrence (the same rule as core's `fromNewYork`).
 */
export type WallClockToUtc = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
) => number

const MS_PER_MINUTE = 60_000
const OFFSET_PATTERN = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/

/** Parses a fixed UTC offset such as `+05:30`, `-0400` or `UTC+01:00` to minutes, or `undefined`. */
export function parseFixedOffset(zone: string): number | undefined {
  const match = OFFSET_PATTERN.exec(zone)
  if (match === null) return undefined
  const hours = Number(match[2])
  const minutes = Number(match[3])
  if (hours > 18 || minutes > 59) return undefined
  const total = hours * 60 + minutes
  return match[1] === '-' ? -total : total
}

/** Builds the converter for `zone`; throws a ValidationError naming the zone when it is unknown. */
export function wallClockToUtc(zone: string, field = 'timeZone'): WallClockToUtc {
  if (zone === 'UTC' || zone === 'Z' || zone === 'Etc/UTC' || zone === 'GMT') {
    return (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms)
  }
  if (zone === 'America/New_York' || zone === 'US/Eastern') {
    return (y, mo, d, h, mi, s, ms) => fromNewYork(y, mo, d, h, mi, s) + ms
  }
  const fixed = parseFixedOffset(zone)
  if (fixed !== undefined) {
    const shift = fixed * MS_PER_MINUTE
    return (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - shift
  }
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch (cause) {
    throw new ValidationError(
      'time zone',
      [
        {
          path: field,
          message: `${field} ${JSON.stringify(zone)} is not UTC, a fixed offset like +01:00, or an IANA zone like America/New_York`,
          value: zone,
        },
      ],
      { cause },
    )
  }
  const cache = new Map<number, number>()
  /** The zone's offset (ms) at instant `ts`. */
  const offsetAt = (ts: number): number => {
    const bucket = Math.floor(ts / (15 * MS_PER_MINUTE))
    const cached = cache.get(bucket)
    if (cached !== undefined) return cached
    const parts: Record<string, number> = {}
    for (const part of format.formatToParts(bucket * 15 * MS_PER_MINUTE)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value)
    }
    const asUtc = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    )
    const offset = asUtc - bucket * 15 * MS_PER_MINUTE
    if (cache.size > 100_000) cache.clear()
    cache.set(bucket, offset)
    return offset
  }
  return (y, mo, d, h, mi, s, ms) => {
    const local = Date.UTC(y, mo - 1, d, h, mi, s, ms)
    // Try the offsets in force just before and after; prefer the earlier instant (first occurrence).
    const before = local - offsetAt(local - 86_400_000)
    const after = local - offsetAt(local + 86_400_000)
    const candidates = before <= after ? [before, after] : [after, before]
    for (const candidate of candidates) if (candidate + offsetAt(candidate) === local) return candidate
    // In a spring-forward gap the wall time does not exist: read it with the earlier offset.
    return before
  }
}

/** A parsed date/time string: the instant, or a reason it could not be read. */
export type TimestampParseResult = { ok: true; ts: number } | { ok: false; reason: string }

/** A time of day read from a separate column. */
export interface TimeOfDay {
  hour: number
  minute: number
  second: number
  ms: number
}

/**
 * Parses one cell into epoch ms. With `time` (from a separate time column) the cell's own time of day,
 * if any, is replaced by it.
 */
export type TimestampParser = (text: string, time?: TimeOfDay) => TimestampParseResult

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function checkCivil(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12) return `month ${month} is not 1-12`
  const maxDay = month === 2 && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] as number)
  if (day < 1 || day > maxDay) return `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`
  if (hour > 23) return `hour ${hour} is not 0-23`
  if (minute > 59) return `minute ${minute} is not 0-59`
  if (second > 59) return `second ${second} is not 0-59`
  return undefined
}

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
  /** Explicit UTC offset in minutes when the text carried one. */
  offset: number | undefined
}

function fractionToMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction === '') return 0
  // Keep millisecond precision; finer digits are truncated (bars are ms-stamped).
  return Number(`${fraction}00`.slice(0, 3))
}

function offsetMinutes(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined
  if (text === 'Z' || text === 'z') return 0
  const sign = text[0] === '-' ? -1 : 1
  const digits = text.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/** Token table for custom formats: regex source and the part it fills. */
const TOKENS: ReadonlyArray<readonly [string, string, keyof Parts | 'yy' | 'fraction' | 'offsetText']> = [
  ['YYYY', '(\\d{4})', 'year'],
  ['YY', '(\\d{2})', 'yy'],
  ['MM', '(\\d{2})', 'month'],
  ['M', '(\\d{1,2})', 'month'],
  ['DD', '(\\d{2})', 'day'],
  ['D', '(\\d{1,2})', 'day'],
  ['HH', '(\\d{2})', 'hour'],
  ['H', '(\\d{1,2})', 'hour'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  ['SSS', '(\\d{1,9})', 'fraction'],
  ['Z', '(Z|z|[+-]\\d{2}(?::?\\d{2})?)', 'offsetText'],
]

/** The special formats {@link compileTimestampParser} accepts besides token patterns. */
export const SPECIAL_FORMATS = ['auto', 'iso', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns'] as const

function compileTokens(format: string): (text: string) => Parts | string {
  let source = '^'
  const fields: Array<keyof Parts | 'yy' | 'fraction' | 'offsetText'> = []
  let i = 0
  let hasYear = false
  let hasMonth = false
  let hasDay = false
  let hasHour = false
  while (i < format.length) {
    const token = TOKENS.find(([name]) => format.startsWith(name, i))
    if (token !== undefined) {
      source += token[1]
      fields.push(token[2])
      if (token[2] === 'year' || token[2] === 'yy') hasYear = true
      if (token[2] === 'month') hasMonth = true
      if (token[2] === 'day') hasDay = true
      if (token[2] === 'hour') hasHour = true
      i += token[0].length
    } else {
      source += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      i++
    }
  }
  if (!(hasYear && hasMonth && hasDay) && !hasHour) {
    throw new Error(
      `format ${JSON.stringify(format)} needs YYYY (or YY), MM and DD, or a time such as HH:mm:ss`,
    )
  }
  const pattern = new RegExp(`${source}$`)
  return (text) => {
    const match = pattern.exec(text)
    if (match === null) return `does not match the format ${format}`
    const parts: Parts = {
      year: 1970,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
      offset: undefined,
    }
    for (let f = 0; f < fields.length; f++) {
      const value = match[f + 1] as string
      const field = fields[f]
      if (field === 'yy') {
        const yy = Number(value)
        parts.year = yy < 70 ? 2000 + yy : 1900 + yy
      } else if (field === 'fraction') parts.millisecond = fractionToMs(value)
      else if (field === 'offsetText') parts.offset = offsetMinutes(value)
      else if (field !== undefined && field !== 'offset') parts[field] = Number(value)
    }
    return parts
  }
}

function parseIso(text: string): Parts | string {
  const match = ISO_PATTERN.exec(text)
  if (match === null) return 'is not an ISO 8601 date or date-time (YYYY-MM-DD[THH:mm[:ss[.SSS]]][Z|+HH:MM])'
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
    millisecond: fractionToMs(match[7]),
    offset: offsetMinutes(match[8]),
  }
}

const EPOCH_PATTERN = /^-?\d+(?:\.\d+)?$/

function epochParser(unitMs: number, label: string): TimestampParser {
  return (text, time) => {
    if (time !== undefined)
      return { ok: false, reason: `is ${label}, which cannot be combined with a time column` }
    if (!EPOCH_PATTERN.test(text)) return { ok: false, reason: `is not a number of ${label}` }
    const ts = Math.round(Number(text) * unitMs)
    if (!Number.isSafeInteger(ts) || ts < 0) return { ok: false, reason: `is out of range for ${label}` }
    return { ok: true, ts }
  }
}

function bigEpochParser(divisor: bigint, label: string): TimestampParser {
  return (text, time) => {
    if (time !== undefined)
      return { ok: false, reason: `is ${label}, which cannot be combined with a time column` }
    if (!/^\d+$/.test(text)) return { ok: false, reason: `is not a whole number of ${label}` }
    const ts = Number(BigInt(text) / divisor)
    if (!Number.isSafeInteger(ts)) return { ok: false, reason: `is out of range for ${label}` }
    return { ok: true, ts }
  }
}

/**
 * Compiles a date or date-time format into a parser. Formats: `auto` (ISO 8601, `YYYYMMDD`, or epoch
 * digits judged by length: 10 seconds, 13 milliseconds, 16 microseconds, 19 nanoseconds), `iso`,
 * `epoch_s`, `epoch_ms`, `epoch_us`, `epoch_ns`, or a pattern of the tokens `YYYY YY MM M DD D HH H
 * mm ss SSS Z` with literal characters between them (`MM/DD/YYYY`, `YYYY-MM-DD HH:mm:ss`,
 * `YYYYMMDD`, `DD.MM.YYYY`). A value with an explicit offset (`Z`, `+02:00`) ignores `toUtc`.
 */
export function compileTimestampParser(format: string, toUtc: WallClockToUtc): TimestampParser {
  switch (format) {
    case 'epoch_s':
      return epochParser(1000, 'epoch seconds')
    case 'epoch_ms':
      return epochParser(1, 'epoch milliseconds')
    case 'epoch_us':
      return bigEpochParser(1000n, 'epoch microseconds')
    case 'epoch_ns':
      return bigEpochParser(1000000n, 'epoch nanoseconds')
    default:
      break
  }
  const fromParts = (parts: Parts | string, time: TimeOfDay | undefined): TimestampParseResult => {
    if (typeof parts === 'string') return { ok: false, reason: parts }
    const hour = time === undefined ? parts.hour : time.hour
    const minute = time === undefined ? parts.minute : time.minute
    const second = time === undefined ? parts.second : time.second
    const ms = time === undefined ? parts.millisecond : time.ms
    const bad = checkCivil(parts.year, parts.month, parts.day, hour, minute, second)
    if (bad !== undefined) return { ok: false, reason: bad }
    const ts =
      parts.offset === undefined
        ? toUtc(parts.year, parts.month, parts.day, hour, minute, second, ms)
        : Date.UTC(parts.year, parts.month - 1, parts.day, hour, minute, second, ms) -
          parts.offset * MS_PER_MINUTE
    if (!Number.isSafeInteger(ts) || ts < 0) return { ok: false, reason: 'is before 1970 or out of range' }
    return { ok: true, ts }
  }
  // A date column repeats its value on every row of a day: remember the last one parsed.
  const remember = (parse: (text: string) => Parts | string) => {
    let lastText: string | undefined
    let lastParts: Parts | string = ''
    return (text: string): Parts | string => {
      if (text !== lastText) {
        lastParts = parse(text)
        lastText = text
      }
      return lastParts
    }
  }
  if (format === 'iso') {
    const iso = remember(parseIso)
    return (text, time) => fromParts(iso(text), time)
  }
  if (format === 'auto') {
    const seconds = epochParser(1000, 'epoch seconds')
    const millis = epochParser(1, 'epoch milliseconds')
    const micros = bigEpochParser(1000n, 'epoch microseconds')
    const nanos = bigEpochParser(1000000n, 'epoch nanoseconds')
    const compact = remember(compileTokens('YYYYMMDD'))
    const iso = remember(parseIso)
    return (text, time) => {
      const first = text.charCodeAt(0)
      // Epoch numbers and YYYYMMDD are all digits; ISO dates have a dash at position 4.
      if (text.charCodeAt(4) !== 45 && first >= 48 && first <= 57 && /^\d+$/.test(text)) {
        switch (text.length) {
          case 8:
            return fromParts(compact(text), time)
          case 9:
          case 10:
            return seconds(text, time)
          case 12:
          case 13:
            return millis(text, time)
          case 16:
            return micros(text, time)
          case 19:
            return nanos(text, time)
          default:
            return { ok: false, reason: 'is a number of unclear unit; set dateFormat to epoch_s or epoch_ms' }
        }
      }
      if (text.charCodeAt(4) !== 45 && /^\d{9,10}\.\d+$/.test(text)) return seconds(text, time)
      return fromParts(iso(text), time)
    }
  }
  const tokens = remember(compileTokens(format))
  return (text, time) => fromParts(tokens(text), time)
}

const TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/
const COMPACT_TIME_PATTERN = /^(\d{2})(\d{2})(\d{2})?$/

/**
 * Compiles the parser of a separate time-of-day column; returns milliseconds since midnight.
 * `auto` accepts `H:mm`, `HH:mm:ss`, `HH:mm:ss.SSS`, `HHmm` and `HHmmss`; otherwise a token pattern
 * of `HH H mm ss SSS`.
 */
export function compileTimeOfDayParser(
  format: string,
): (text: string) => ({ ok: true } & TimeOfDay) | { ok: false; reason: string } {
  if (format === 'auto') {
    return (text) => {
      const match = TIME_PATTERN.exec(text) ?? COMPACT_TIME_PATTERN.exec(text)
      if (match === null) return { ok: false, reason: 'is not a time such as 09:30, 09:30:00 or 093000' }
      const hour = Number(match[1])
      const minute = Number(match[2])
      const second = Number(match[3] ?? 0)
      if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'is not a valid time of day' }
      return { ok: true, hour, minute, second, ms: fractionToMs(match[4]) }
    }
  }
  const tokens = compileTokens(format)
  return (text) => {
    const parts = tokens(text)
    if (typeof parts === 'string') return { ok: false, reason: parts }
    if (parts.hour > 23 || parts.minute > 59 || parts.second > 59)
      return { ok: false, reason: 'is not a valid time of day' }
    return { ok: true, hour: parts.hour, minute: parts.minute, second: parts.second, ms: parts.millisecond }
  }
}
