import { z } from 'zod'
import { ValidationError } from '../errors.js'
import { parse } from '../validation.js'
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  fromNewYork,
  nthWeekday,
  parseTradingDate,
  type TradingDate,
  toNewYork,
  weekdayOfDays,
} from './newYorkTime.js'

/**
 * The parts of a day: `premarket` 04:00-09:30, `regular` 09:30-16:00 (13:00 on early-close days),
 * `afterhours` to 20:00 (17:00 on early-close days), and `closed` for everything else.
 *
 * @example
 * ```ts
 * import type { SessionName } from '@tradeblocks/core'
 *
 * const canEnter = (s: SessionName) => s === 'regular'
 * ```
 */
export type SessionName = 'premarket' | 'regular' | 'afterhours' | 'closed'

/**
 * A half-open interval `[start, end)` of epoch ms.
 *
 * @example
 * ```ts
 * import type { TimeWindow } from '@tradeblocks/core'
 *
 * const contains = (w: TimeWindow, ts: number) => ts >= w.start && ts < w.end
 * ```
 */
export interface TimeWindow {
  start: number
  end: number
}

/**
 * The sessions of one trading day, as instants.
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 *
 * const day = nyse.schedule('2026-11-27')
 * day?.earlyClose // true: the day after Thanksgiving closes at 13:00
 * ```
 */
export interface DaySchedule {
  date: TradingDate
  premarket: TimeWindow
  regular: TimeWindow
  afterhours: TimeWindow
  /** True when the regular session closes before 16:00. */
  earlyClose: boolean
}

/**
 * Where an instant falls: the session, the New York date, and the bounds of that session (for
 * `closed`, from the end of the last session to the start of the next one).
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 *
 * const at = nyse.sessionAt(Date.UTC(2026, 0, 5, 14, 45))
 * at.session // 'regular'
 * ```
 */
export interface SessionInfo {
  session: SessionName
  /** New York date of the instant. */
  date: TradingDate
  /** Start of this session (or closed stretch). */
  start: number
  /** End of this session (or closed stretch). */
  end: number
}

/**
 * A named market holiday or early close.
 *
 * @example
 * ```ts
 * import { nyse, type CalendarEvent } from '@tradeblocks/core'
 *
 * const events: CalendarEvent[] = nyse.holidays(2026)
 * ```
 */
export interface CalendarEvent {
  date: TradingDate
  name: string
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM' })
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })

/**
 * One day of a broker's (or exchange's) own calendar: the date and its regular open and close in
 * New York time; optionally the extended-hours bounds. Alpaca's `/v2/calendar` has this shape.
 *
 * @example
 * ```ts
 * import { CalendarDaySchema } from '@tradeblocks/core'
 *
 * CalendarDaySchema.parse({ date: '2026-11-27', open: '09:30', close: '13:00' })
 * ```
 */
export const CalendarDaySchema = z.object({
  date: DATE,
  open: HHMM,
  close: HHMM,
  premarketOpen: HHMM.optional(),
  afterhoursClose: HHMM.optional(),
})

/**
 * A day of a loaded calendar; see {@link CalendarDaySchema}.
 *
 * @example
 * ```ts
 * import type { CalendarDay } from '@tradeblocks/core'
 *
 * const day: CalendarDay = { date: '2026-07-02', open: '09:30', close: '13:00' }
 * ```
 */
export type CalendarDay = z.output<typeof CalendarDaySchema>

/**
 * Options of {@link TradingCalendar}.
 *
 * @example
 * ```ts
 * import { TradingCalendar, type TradingCalendarOptions } from '@tradeblocks/core'
 *
 * const options: TradingCalendarOptions = { schedule: daysFromMyBroker }
 * const calendar = new TradingCalendar(options)
 * ```
 */
export interface TradingCalendarOptions {
  /**
   * A broker's or exchange's own calendar. Between its first and last date it replaces the rules:
   * listed days trade with the listed hours, unlisted days are closed. Outside that range the
   * NYSE rules apply.
   */
  schedule?: readonly CalendarDay[]
}

const PREMARKET_OPEN = 4 * 60
const REGULAR_OPEN = 9 * 60 + 30
const REGULAR_CLOSE = 16 * 60
const EARLY_CLOSE = 13 * 60
const AFTERHOURS_CLOSE = 20 * 60
const EARLY_AFTERHOURS_CLOSE = 17 * 60

/** Closures decided at the time (national mourning, weather, 9/11); rules cannot predict them. */
const SPECIAL_CLOSURES: readonly CalendarEvent[] = [
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National Day of Mourning (Ronald Reagan)' },
  { date: '2007-01-02', name: 'National Day of Mourning (Gerald Ford)' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National Day of Mourning (George H. W. Bush)' },
  { date: '2025-01-09', name: 'National Day of Mourning (Jimmy Carter)' },
]

/** Day count of Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return daysFromCivil(year, month, day)
}

/** Saturday holidays move to Friday, Sunday holidays to Monday. */
function observed(days: number): number {
  const weekday = weekdayOfDays(days)
  if (weekday === 6) return days - 1
  if (weekday === 0) return days + 1
  return days
}

interface YearRules {
  holidays: Map<number, string>
  earlyCloses: Map<number, string>
}

function rulesFor(year: number): YearRules {
  const holidays = new Map<number, string>()
  const add = (days: number, name: string) => holidays.set(days, name)
  // New Year's Day: a Sunday moves to Monday; a Saturday is not observed (NYSE Rule 7.2).
  const newYear = daysFromCivil(year, 1, 1)
  const newYearWeekday = weekdayOfDays(newYear)
  if (newYearWeekday === 0) add(newYear + 1, "New Year's Day (observed)")
  else if (newYearWeekday !== 6) add(newYear, "New Year's Day")
  if (year >= 1998) add(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day')
  add(nthWeekday(year, 2, 1, 3), "Washington's Birthday")
  add(easter(year) - 2, 'Good Friday')
  add(nthWeekday(year, 5, 1, -1), 'Memorial Day')
  if (year >= 2022) {
    const juneteenth = daysFromCivil(year, 6, 19)
    add(observed(juneteenth), observed(juneteenth) === juneteenth ? 'Juneteenth' : 'Juneteenth (observed)')
  }
  const july4 = daysFromCivil(year, 7, 4)
  add(observed(july4), observed(july4) === july4 ? 'Independence Day' : 'Independence Day (observed)')
  add(nthWeekday(year, 9, 1, 1), 'Labor Day')
  const thanksgiving = nthWeekday(year, 11, 4, 4)
  add(thanksgiving, 'Thanksgiving Day')
  const christmas = daysFromCivil(year, 12, 25)
  add(observed(christmas), observed(christmas) === christmas ? 'Christmas Day' : 'Christmas Day (observed)')
  for (const closure of SPECIAL_CLOSURES) {
    if (closure.date.startsWith(`${year}-`)) add(parseTradingDate(closure.date).days, closure.name)
  }

  const earlyCloses = new Map<number, string>()
  // 13:00 closes: July 3 when it is Monday-Thursday, the day after Thanksgiving, and
  // Christmas Eve when it is Monday-Thursday.
  const july3 = daysFromCivil(year, 7, 3)
  if (weekdayOfDays(july3) >= 1 && weekdayOfDays(july3) <= 4)
    earlyCloses.set(july3, 'Day before Independence Day')
  earlyCloses.set(thanksgiving + 1, 'Day after Thanksgiving')
  const christmasEve = daysFromCivil(year, 12, 24)
  if (weekdayOfDays(christmasEve) >= 1 && weekdayOfDays(christmasEve) <= 4)
    earlyCloses.set(christmasEve, 'Christmas Eve')
  for (const days of holidays.keys()) earlyCloses.delete(days)
  return { holidays, earlyCloses }
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

interface DayHours {
  premarketOpen: number
  open: number
  close: number
  afterhoursClose: number
}

/**
 * The NYSE calendar, computed by rule for any year (no list that runs out): the ten regular
 * holidays with their observed-day rules (Juneteenth from 2022, Saturday New Year's Day not
 * observed), the 13:00 early closes (July 3, the day after Thanksgiving, Christmas Eve), past
 * special closures, and the sessions of each day in New York time across DST changes.
 *
 * Load a broker's own calendar with the `schedule` option to override the rules where they differ.
 *
 * @example
 * ```ts
 * import { TradingCalendar } from '@tradeblocks/core'
 *
 * const calendar = new TradingCalendar()
 * calendar.isTradingDay('2026-07-03') // false: Independence Day observed
 * calendar.sessionAt(Date.UTC(2026, 0, 5, 13, 0)).session // 'premarket' (08:00 in New York)
 * new Date(calendar.nextOpen(Date.UTC(2026, 0, 5, 22, 0))).toISOString() // '2026-01-06T14:30:00.000Z'
 * ```
 */
export class TradingCalendar {
  readonly #years = new Map<number, YearRules>()
  readonly #hours = new Map<number, DayHours | null>()
  readonly #schedule: Map<number, DayHours> | undefined
  readonly #scheduleRange: readonly [number, number] | undefined

  constructor(options: TradingCalendarOptions = {}) {
    if (options.schedule !== undefined && options.schedule.length > 0) {
      const days = parse(z.array(CalendarDaySchema), options.schedule, 'calendar schedule')
      const schedule = new Map<number, DayHours>()
      let min = Number.POSITIVE_INFINITY
      let max = Number.NEGATIVE_INFINITY
      days.forEach((day, index) => {
        const { days: n } = parseTradingDate(day.date, `schedule.${index}.date`)
        const open = minutesOf(day.open)
        const close = minutesOf(day.close)
        if (close <= open) {
          throw new ValidationError('calendar schedule', [
            {
              path: `${index}.close`,
              message: `${index}.close ${day.close} must be after open ${day.open}`,
              value: day.close,
            },
          ])
        }
        schedule.set(n, {
          premarketOpen: day.premarketOpen === undefined ? PREMARKET_OPEN : minutesOf(day.premarketOpen),
          open,
          close,
          afterhoursClose:
            day.afterhoursClose === undefined
              ? close +
                (close < REGULAR_CLOSE
                  ? EARLY_AFTERHOURS_CLOSE - EARLY_CLOSE
                  : AFTERHOURS_CLOSE - REGULAR_CLOSE)
              : minutesOf(day.afterhoursClose),
        })
        min = Math.min(min, n)
        max = Math.max(max, n)
      })
      this.#schedule = schedule
      this.#scheduleRange = [min, max]
    }
  }

  #rules(year: number): YearRules {
    let rules = this.#years.get(year)
    if (rules === undefined) {
      rules = rulesFor(year)
      this.#years.set(year, rules)
    }
    return rules
  }

  /** Trading hours of a day count, or null when the market is closed that day. */
  #hoursOf(days: number): DayHours | null {
    const cached = this.#hours.get(days)
    if (cached !== undefined) return cached
    let hours: DayHours | null
    if (
      this.#scheduleRange !== undefined &&
      days >= this.#scheduleRange[0] &&
      days <= this.#scheduleRange[1]
    ) {
      hours = this.#schedule?.get(days) ?? null
    } else {
      const weekday = weekdayOfDays(days)
      const rules = this.#rules(civilFromDays(days).year)
      if (weekday === 0 || weekday === 6 || rules.holidays.has(days)) hours = null
      else if (rules.earlyCloses.has(days)) {
        hours = {
          premarketOpen: PREMARKET_OPEN,
          open: REGULAR_OPEN,
          close: EARLY_CLOSE,
          afterhoursClose: EARLY_AFTERHOURS_CLOSE,
        }
      } else {
        hours = {
          premarketOpen: PREMARKET_OPEN,
          open: REGULAR_OPEN,
          close: REGULAR_CLOSE,
          afterhoursClose: AFTERHOURS_CLOSE,
        }
      }
    }
    if (this.#hours.size > 20_000) this.#hours.clear()
    this.#hours.set(days, hours)
    return hours
  }

  #days(date: TradingDate | number, field = 'date'): number {
    if (typeof date === 'number') {
      const ny = toNewYork(date)
      return daysFromCivil(ny.year, ny.month, ny.day)
    }
    return parseTradingDate(date, field).days
  }

  #scheduleOf(days: number, hours: DayHours): DaySchedule {
    const { year, month, day } = civilFromDays(days)
    const at = (minutes: number) => fromNewYork(year, month, day, Math.floor(minutes / 60), minutes % 60)
    return {
      date: formatDate(year, month, day),
      premarket: { start: at(hours.premarketOpen), end: at(hours.open) },
      regular: { start: at(hours.open), end: at(hours.close) },
      afterhours: { start: at(hours.close), end: at(hours.afterhoursClose) },
      earlyClose: hours.close < REGULAR_CLOSE,
    }
  }

  /**
   * True when the market holds a regular session on `date` (a `YYYY-MM-DD` string or an instant,
   * read in New York time).
   *
   * @example
   * ```ts
   * nyse.isTradingDay('2026-04-03') // false: Good Friday
   * ```
   */
  isTradingDay(date: TradingDate | number): boolean {
    return this.#hoursOf(this.#days(date)) !== null
  }

  /**
   * The sessions of `date`, or `undefined` when the market is closed that day.
   *
   * @example
   * ```ts
   * nyse.schedule('2026-12-24')?.earlyClose // true
   * ```
   */
  schedule(date: TradingDate | number): DaySchedule | undefined {
    const days = this.#days(date)
    const hours = this.#hoursOf(days)
    return hours === null ? undefined : this.#scheduleOf(days, hours)
  }

  /**
   * The session an instant falls in. Every instant falls in exactly one: premarket, regular,
   * after-hours, or closed.
   *
   * @example
   * ```ts
   * nyse.sessionAt(Date.UTC(2026, 0, 5, 21, 30)).session // 'afterhours' (16:30 in New York)
   * ```
   */
  sessionAt(ts: number): SessionInfo {
    const ny = toNewYork(ts)
    const days = daysFromCivil(ny.year, ny.month, ny.day)
    const hours = this.#hoursOf(days)
    if (hours !== null) {
      const s = this.#scheduleOf(days, hours)
      if (ts >= s.premarket.start && ts < s.premarket.end)
        return { session: 'premarket', date: ny.date, ...s.premarket }
      if (ts >= s.regular.start && ts < s.regular.end)
        return { session: 'regular', date: ny.date, ...s.regular }
      if (ts >= s.afterhours.start && ts < s.afterhours.end)
        return { session: 'afterhours', date: ny.date, ...s.afterhours }
    }
    return {
      session: 'closed',
      date: ny.date,
      start: this.#previousSessionEnd(ts),
      end: this.#nextSessionStart(ts),
    }
  }

  #previousSessionEnd(ts: number): number {
    const ny = toNewYork(ts)
    let days = daysFromCivil(ny.year, ny.month, ny.day)
    for (let i = 0; i < 30; i++, days--) {
      const hours = this.#hoursOf(days)
      if (hours === null) continue
      const end = this.#scheduleOf(days, hours).afterhours.end
      if (end <= ts) return end
    }
    throw new ValidationError('calendar', [
      { path: 'ts', message: `no session found in the 30 days before ${ts}`, value: ts },
    ])
  }

  #nextSessionStart(ts: number): number {
    const ny = toNewYork(ts)
    let days = daysFromCivil(ny.year, ny.month, ny.day)
    for (let i = 0; i < 30; i++, days++) {
      const hours = this.#hoursOf(days)
      if (hours === null) continue
      const start = this.#scheduleOf(days, hours).premarket.start
      if (start > ts) return start
    }
    throw new ValidationError('calendar', [
      { path: 'ts', message: `no session found in the 30 days after ${ts}`, value: ts },
    ])
  }

  /**
   * The next regular-session open strictly after `ts` (a trading day's 09:30 in New York).
   *
   * @example
   * ```ts
   * // Friday evening before a Monday holiday: the next open is Tuesday.
   * nyse.nextOpen(Date.UTC(2026, 0, 16, 23, 0)) // 2026-01-20T14:30:00Z
   * ```
   */
  nextOpen(ts: number): number {
    const ny = toNewYork(ts)
    let days = daysFromCivil(ny.year, ny.month, ny.day)
    for (let i = 0; i < 30; i++, days++) {
      const hours = this.#hoursOf(days)
      if (hours === null) continue
      const open = this.#scheduleOf(days, hours).regular.start
      if (open > ts) return open
    }
    throw new ValidationError('calendar', [
      { path: 'ts', message: `no open found in the 30 days after ${ts}`, value: ts },
    ])
  }

  /**
   * The next regular-session close strictly after `ts`.
   *
   * @example
   * ```ts
   * nyse.nextClose(Date.UTC(2026, 10, 27, 15, 0)) // 2026-11-27T18:00:00Z (13:00, early close)
   * ```
   */
  nextClose(ts: number): number {
    const ny = toNewYork(ts)
    let days = daysFromCivil(ny.year, ny.month, ny.day)
    for (let i = 0; i < 30; i++, days++) {
      const hours = this.#hoursOf(days)
      if (hours === null) continue
      const close = this.#scheduleOf(days, hours).regular.end
      if (close > ts) return close
    }
    throw new ValidationError('calendar', [
      { path: 'ts', message: `no close found in the 30 days after ${ts}`, value: ts },
    ])
  }

  /**
   * The trading day before `date`.
   *
   * @example
   * ```ts
   * nyse.previousTradingDay('2026-01-20') // '2026-01-16' (skips the weekend and MLK Day)
   * ```
   */
  previousTradingDay(date: TradingDate | number): TradingDate {
    let days = this.#days(date) - 1
    while (this.#hoursOf(days) === null) days--
    const { year, month, day } = civilFromDays(days)
    return formatDate(year, month, day)
  }

  /**
   * The trading day after `date`.
   *
   * @example
   * ```ts
   * nyse.nextTradingDay('2026-11-25') // '2026-11-27' (skips Thanksgiving)
   * ```
   */
  nextTradingDay(date: TradingDate | number): TradingDate {
    let days = this.#days(date) + 1
    while (this.#hoursOf(days) === null) days++
    const { year, month, day } = civilFromDays(days)
    return formatDate(year, month, day)
  }

  /**
   * Every trading day from `from` to `to`, both included, in order.
   *
   * @throws ValidationError when `to` is before `from`.
   *
   * @example
   * ```ts
   * nyse.tradingDaysBetween('2026-12-21', '2026-12-31').length // 8 (Christmas and two weekend days out)
   * ```
   */
  tradingDaysBetween(from: TradingDate | number, to: TradingDate | number): TradingDate[] {
    const start = this.#days(from, 'from')
    const end = this.#days(to, 'to')
    if (end < start) {
      throw new ValidationError('date range', [
        { path: 'to', message: `to ${String(to)} must not be before from ${String(from)}`, value: to },
      ])
    }
    const result: TradingDate[] = []
    for (let days = start; days <= end; days++) {
      if (this.#hoursOf(days) === null) continue
      const { year, month, day } = civilFromDays(days)
      result.push(formatDate(year, month, day))
    }
    return result
  }

  /**
   * The rule-based full-day closures of a year (weekday holidays and special closures).
   *
   * @example
   * ```ts
   * nyse.holidays(2027).map((h) => h.date)
   * ```
   */
  holidays(year: number): CalendarEvent[] {
    return [...this.#rules(year).holidays]
      .sort(([a], [b]) => a - b)
      .map(([days, name]) => {
        const { year: y, month, day } = civilFromDays(days)
        return { date: formatDate(y, month, day), name }
      })
      .filter((event) => event.date.startsWith(`${year}-`))
  }

  /**
   * The rule-based 13:00 early closes of a year.
   *
   * @example
   * ```ts
   * nyse.earlyCloses(2026) // [{ date: '2026-11-27', ... }, { date: '2026-12-24', ... }]
   * ```
   */
  earlyCloses(year: number): CalendarEvent[] {
    return [...this.#rules(year).earlyCloses]
      .sort(([a], [b]) => a - b)
      .map(([days, name]) => {
        const { year: y, month, day } = civilFromDays(days)
        return { date: formatDate(y, month, day), name }
      })
  }
}

/**
 * A shared rule-based NYSE calendar.
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 *
 * nyse.isTradingDay('2026-11-26') // false: Thanksgiving
 * ```
 */
export const nyse: TradingCalendar = new TradingCalendar()
