import { ValidationError } from '../errors.js'

const MS_PER_MINUTE = 60_000
const MS_PER_HOUR = 3_600_000
const MS_PER_DAY = 86_400_000

/**
 * A calendar date as `YYYY-MM-DD`, always meant in America/New_York.
 *
 * @example
 * ```ts
 * import type { TradingDate } from '@tradeblocks/core'
 *
 * const christmas: TradingDate = '2026-12-25'
 * ```
 */
export type TradingDate = string

/**
 * A wall-clock reading in America/New_York.
 *
 * @example
 * ```ts
 * import { toNewYork, type NewYorkTime } from '@tradeblocks/core'
 *
 * const t: NewYorkTime = toNewYork(Date.UTC(2026, 0, 5, 14, 30))
 * t.hour // 9
 * ```
 */
export interface NewYorkTime {
  year: number
  /** 1-12. */
  month: number
  /** 1-31. */
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number
  /** Minutes since local midnight, 0-1439. */
  minuteOfDay: number
  /** `YYYY-MM-DD`. */
  date: TradingDate
  /** UTC offset in minutes: -240 in daylight time, -300 in standard time. */
  offsetMinutes: number
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian); Howard Hinnant's algorithm. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The civil date of a day count since 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Weekday of a day count since 1970-01-01 (a Thursday): 0 = Sunday. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7
}

/** Day count of the n-th (1-based) `weekday` of a month; n = -1 for the last one. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1)
    return first + ((weekday - weekdayOfDays(first) + 7) % 7) + (n - 1) * 7
  }
  const nextMonthFirst = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)
  const last = nextMonthFirst - 1
  return last - ((weekdayOfDays(last) - weekday + 7) % 7)
}

const dstCache = new Map<number, readonly [number, number]>()

/**
 * The UTC instants at which daylight time starts and ends in New York in `year`:
 * since 2007 the second Sunday of March and the first Sunday of November at 02:00 local;
 * 1987-2006 the first Sunday of April and the last Sunday of October; before, the last Sunday of April.
 */
function dstBounds(year: number): readonly [number, number] {
  let bounds = dstCache.get(year)
  if (bounds === undefined) {
    let startDay: number
    let endDay: number
    if (year >= 2007) {
      startDay = nthWeekday(year, 3, 0, 2)
      endDay = nthWeekday(year, 11, 0, 1)
    } else if (year >= 1987) {
      startDay = nthWeekday(year, 4, 0, 1)
      endDay = nthWeekday(year, 10, 0, -1)
    } else {
      startDay = nthWeekday(year, 4, 0, -1)
      endDay = nthWeekday(year, 10, 0, -1)
    }
    // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
    bounds = [startDay * MS_PER_DAY + 7 * MS_PER_HOUR, endDay * MS_PER_DAY + 6 * MS_PER_HOUR] as const
    dstCache.set(year, bounds)
  }
  return bounds
}

/**
 * New York's UTC offset at instant `ts`, in minutes: -240 (EDT) or -300 (EST).
 *
 * @example
 * ```ts
 * import { newYorkOffsetMinutes } from '@tradeblocks/core'
 *
 * newYorkOffsetMinutes(Date.UTC(2026, 6, 1)) // -240
 * newYorkOffsetMinutes(Date.UTC(2026, 0, 1)) // -300
 * ```
 */
export function newYorkOffsetMinutes(ts: number): number {
  // The UTC year is the New York year except in the first hours of January 1st, when it is
  // standard time in both years anyway.
  const year = civilFromDays(Math.floor(ts / MS_PER_DAY)).year
  const [start, end] = dstBounds(year)
  return ts >= start && ts < end ? -240 : -300
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/**
 * Formats a civil date as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import { formatDate } from '@tradeblocks/core'
 *
 * formatDate(2026, 7, 3) // '2026-07-03'
 * ```
 */
export function formatDate(year: number, month: number, day: number): TradingDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/**
 * The New York wall-clock reading of an instant, DST included.
 *
 * @throws ValidationError when `ts` is not a finite number.
 *
 * @example
 * ```ts
 * import { toNewYork } from '@tradeblocks/core'
 *
 * const t = toNewYork(Date.UTC(2026, 2, 9, 13, 30)) // the Monday after the 2026 spring change
 * t.date // '2026-03-09'
 * `${t.hour}:${t.minute}` // '9:30'
 * ```
 */
export function toNewYork(ts: number): NewYorkTime {
  if (!Number.isFinite(ts)) {
    throw new ValidationError('timestamp', [
      { path: 'ts', message: `ts must be a finite number (got ${ts})`, value: ts },
    ])
  }
  const offsetMinutes = newYorkOffsetMinutes(ts)
  const local = ts + offsetMinutes * MS_PER_MINUTE
  const days = Math.floor(local / MS_PER_DAY)
  const msOfDay = local - days * MS_PER_DAY
  const { year, month, day } = civilFromDays(days)
  const minuteOfDay = Math.floor(msOfDay / MS_PER_MINUTE)
  return {
    year,
    month,
    day,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    second: Math.floor((msOfDay % MS_PER_MINUTE) / 1000),
    millisecond: msOfDay % 1000,
    weekday: weekdayOfDays(days),
    minuteOfDay,
    date: formatDate(year, month, day),
    offsetMinutes,
  }
}

/**
 * The instant of a New York wall-clock time. A time skipped by the spring change (02:30 on the
 * change day) maps one hour later; a repeated time in the autumn maps to its first (daylight) occurrence.
 *
 * @example
 * ```ts
 * import { fromNewYork } from '@tradeblocks/core'
 *
 * fromNewYork(2026, 11, 2, 9, 30) // 2026-11-02T14:30:00Z (EST)
 * fromNewYork(2026, 10, 30, 9, 30) // 2026-10-30T13:30:00Z (EDT)
 * ```
 */
export function fromNewYork(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const localAsUtc =
    daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000
  // Try daylight time first so an ambiguous autumn time resolves to its first occurrence.
  const asDaylight = localAsUtc + 240 * MS_PER_MINUTE
  if (newYorkOffsetMinutes(asDaylight) === -240) return asDaylight
  const asStandard = localAsUtc + 300 * MS_PER_MINUTE
  if (newYorkOffsetMinutes(asStandard) === -300) return asStandard
  // Inside the spring gap: the wall time does not exist; use the standard reading (one hour later on the clock).
  return asStandard
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Parses and checks a `YYYY-MM-DD` date.
 *
 * @throws ValidationError naming the value when it is not a real calendar date.
 *
 * @example
 * ```ts
 * import { parseTradingDate } from '@tradeblocks/core'
 *
 * parseTradingDate('2026-02-29') // throws: 2026 is not a leap year
 * ```
 */
export function parseTradingDate(
  date: TradingDate,
  field = 'date',
): { year: number; month: number; day: number; days: number } {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null
  if (match) {
    const year = Number(match[1])
    const month = Number(match[2])
    const day = Number(match[3])
    const days = daysFromCivil(year, month, day)
    const back = civilFromDays(days)
    if (back.year === year && back.month === month && back.day === day) return { year, month, day, days }
  }
  throw new ValidationError('date', [
    {
      path: field,
      message: `${field} must be a real date written YYYY-MM-DD (got ${JSON.stringify(date)})`,
      value: date,
    },
  ])
}

/**
 * The New York calendar date (`YYYY-MM-DD`) of an instant.
 *
 * @example
 * ```ts
 * import { tradingDateOf } from '@tradeblocks/core'
 *
 * tradingDateOf(Date.UTC(2026, 0, 6, 2, 0)) // '2026-01-05' (21:00 in New York)
 * ```
 */
export function tradingDateOf(ts: number): TradingDate {
  return toNewYork(ts).date
}
