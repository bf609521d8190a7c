import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromNewYork, nyse, TradingCalendar, toNewYork, ValidationError } from '../index.js'

const iso = (ts: number) => new Date(ts).toISOString()

describe('NYSE holidays and early closes by rule', () => {
  test('2026 matches the exchange-published list', () => {
    expect(nyse.holidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
      { date: '2026-02-16', name: "Washington's Birthday" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-05-25', name: 'Memorial Day' },
      { date: '2026-06-19', name: 'Juneteenth' },
      { date: '2026-07-03', name: 'Independence Day (observed)' },
      { date: '2026-09-07', name: 'Labor Day' },
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ])
    expect(nyse.earlyCloses(2026)).toEqual([
      { date: '2026-11-27', name: 'Day after Thanksgiving' },
      { date: '2026-12-24', name: 'Christmas Eve' },
    ])
  })

  test('2027 matches the exchange-published list', () => {
    expect(nyse.holidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18', // Juneteenth falls on a Saturday: observed Friday
      '2027-07-05', // Independence Day falls on a Sunday: observed Monday
      '2027-09-06',
      '2027-11-25',
      '2027-12-24', // Christmas falls on a Saturday: observed Friday
    ])
    // Christmas Eve is the observed holiday, so the only early close is after Thanksgiving.
    expect(nyse.earlyCloses(2027)).toEqual([{ date: '2027-11-26', name: 'Day after Thanksgiving' }])
  })

  test('observed-day rules in other years', () => {
    // New Year's Day on a Saturday (2022) is not observed on Friday 2021-12-31.
    expect(nyse.isTradingDay('2021-12-31')).toBe(true)
    // New Year's Day on a Sunday (2023) is observed Monday.
    expect(nyse.isTradingDay('2023-01-02')).toBe(false)
    // Juneteenth starts in 2022 (Sunday, observed Monday June 20); not a holiday in 2021.
    expect(nyse.isTradingDay('2022-06-20')).toBe(false)
    expect(nyse.isTradingDay('2021-06-18')).toBe(true)
    // Early closes on July 3 only when it is Monday-Thursday.
    expect(nyse.schedule('2025-07-03')?.earlyClose).toBe(true)
    expect(nyse.schedule('2024-07-03')?.earlyClose).toBe(true)
    expect(nyse.schedule('2026-07-02')?.earlyClose).toBe(false)
    // Special closure: national day of mourning for President Carter.
    expect(nyse.isTradingDay('2025-01-09')).toBe(false)
  })

  test('early-close session times', () => {
    const day = nyse.schedule('2026-11-27')
    expect(day && iso(day.regular.start)).toBe('2026-11-27T14:30:00.000Z')
    expect(day && iso(day.regular.end)).toBe('2026-11-27T18:00:00.000Z')
    expect(day && iso(day.afterhours.end)).toBe('2026-11-27T22:00:00.000Z')
  })
})

describe('sessions across DST changes', () => {
  test('the 2026-03-08 spring change moves the open from 14:30Z to 13:30Z', () => {
    expect(iso(nyse.schedule('2026-03-06')?.regular.start ?? 0)).toBe('2026-03-06T14:30:00.000Z')
    expect(iso(nyse.schedule('2026-03-09')?.regular.start ?? 0)).toBe('2026-03-09T13:30:00.000Z')
    expect(iso(nyse.schedule('2026-03-09')?.premarket.start ?? 0)).toBe('2026-03-09T08:00:00.000Z')
    // Local clock jumps from 01:59:59 EST to 03:00 EDT at 07:00Z.
    expect(toNewYork(Date.UTC(2026, 2, 8, 6, 59)).hour).toBe(1)
    expect(toNewYork(Date.UTC(2026, 2, 8, 7, 0)).hour).toBe(3)
  })

  test('the 2026-11-01 autumn change moves the open from 13:30Z to 14:30Z', () => {
    expect(iso(nyse.schedule('2026-10-30')?.regular.start ?? 0)).toBe('2026-10-30T13:30:00.000Z')
    expect(iso(nyse.schedule('2026-11-02')?.regular.start ?? 0)).toBe('2026-11-02T14:30:00.000Z')
    expect(iso(nyse.schedule('2026-11-02')?.afterhours.end ?? 0)).toBe('2026-11-03T01:00:00.000Z')
    expect(toNewYork(Date.UTC(2026, 10, 1, 5, 59)).hour).toBe(1)
    expect(toNewYork(Date.UTC(2026, 10, 1, 6, 0)).hour).toBe(1) // 01:00 again, now EST
  })

  test('sessionAt names each part of a day', () => {
    const at = (h: number, m: number) => nyse.sessionAt(fromNewYork(2026, 3, 9, h, m)).session
    expect(at(3, 59)).toBe('closed')
    expect(at(4, 0)).toBe('premarket')
    expect(at(9, 29)).toBe('premarket')
    expect(at(9, 30)).toBe('regular')
    expect(at(15, 59)).toBe('regular')
    expect(at(16, 0)).toBe('afterhours')
    expect(at(19, 59)).toBe('afterhours')
    expect(at(20, 0)).toBe('closed')
    expect(nyse.sessionAt(fromNewYork(2026, 3, 7, 12, 0)).session).toBe('closed') // Saturday
  })

  test('nextOpen skips weekends and holidays', () => {
    // Friday evening before MLK Day: next open is Tuesday 2026-01-20.
    expect(iso(nyse.nextOpen(fromNewYork(2026, 1, 16, 18, 0)))).toBe('2026-01-20T14:30:00.000Z')
    // Exactly at an open: the next one is the following day's.
    expect(iso(nyse.nextOpen(fromNewYork(2026, 1, 20, 9, 30)))).toBe('2026-01-21T14:30:00.000Z')
    // Thanksgiving Wednesday evening: Friday (early close day still opens at 09:30).
    expect(iso(nyse.nextOpen(fromNewYork(2026, 11, 25, 20, 0)))).toBe('2026-11-27T14:30:00.000Z')
    expect(iso(nyse.nextClose(fromNewYork(2026, 11, 27, 10, 0)))).toBe('2026-11-27T18:00:00.000Z')
  })

  test('previousTradingDay, nextTradingDay and tradingDaysBetween', () => {
    expect(nyse.previousTradingDay('2026-01-20')).toBe('2026-01-16')
    expect(nyse.nextTradingDay('2026-11-25')).toBe('2026-11-27')
    expect(nyse.tradingDaysBetween('2026-12-21', '2026-12-31')).toEqual([
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ])
    // 2026: 261 weekdays less 10 holidays, all on weekdays.
    expect(nyse.tradingDaysBetween('2026-01-01', '2026-12-31')).toHaveLength(251)
  })
})

describe('a broker calendar overrides the rules in its range', () => {
  test('listed days trade with their hours; unlisted days in range are closed', () => {
    const calendar = new TradingCalendar({
      schedule: [
        { date: '2026-07-01', open: '09:30', close: '16:00' },
        { date: '2026-07-02', open: '09:30', close: '13:00' },
        // 2026-07-06 missing on purpose: an unscheduled closure
        { date: '2026-07-07', open: '09:30', close: '16:00' },
      ],
    })
    expect(calendar.schedule('2026-07-02')?.earlyClose).toBe(true)
    expect(iso(calendar.schedule('2026-07-02')?.afterhours.end ?? 0)).toBe('2026-07-02T21:00:00.000Z')
    expect(calendar.isTradingDay('2026-07-06')).toBe(false)
    expect(calendar.isTradingDay('2026-07-08')).toBe(true) // outside the range: rules
    expect(nyse.schedule('2026-07-02')?.earlyClose).toBe(false)
  })

  test('a malformed schedule is rejected naming the field', () => {
    expect(
      () => new TradingCalendar({ schedule: [{ date: '2026-07-02', open: '9:30', close: '16:00' }] }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ValidationError: Invalid calendar schedule: 0.open must be a time written HH:MM (got "9:30")
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#validation]
    `)
    expect(() => nyse.isTradingDay('2026-02-30')).toThrow(ValidationError)
  })
})

describe('properties', () => {
  // 1990-01-01 .. 2100-01-01
  const instant = fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 })

  test('nextOpen is always a trading day at 09:30 New York time, after the instant', () => {
    fc.assert(
      fc.property(instant, (ts) => {
        const open = nyse.nextOpen(ts)
        const ny = toNewYork(open)
        expect(open).toBeGreaterThan(ts)
        expect(ny.hour * 60 + ny.minute).toBe(9 * 60 + 30)
        expect(nyse.isTradingDay(ny.date)).toBe(true)
        expect(nyse.sessionAt(open).session).toBe('regular')
        // No open was skipped: the instant is not before an earlier open on a trading day in between.
        expect(nyse.nextOpen(open - 1)).toBe(open)
      }),
      { numRuns: 2000 },
    )
  })

  test('every instant falls in exactly one session, whose bounds contain it', () => {
    fc.assert(
      fc.property(instant, (ts) => {
        const info = nyse.sessionAt(ts)
        expect(info.start).toBeLessThanOrEqual(ts)
        expect(info.end).toBeGreaterThan(ts)
        const day = nyse.schedule(ts)
        const inside = day
          ? [day.premarket, day.regular, day.afterhours].filter((w) => ts >= w.start && ts < w.end).length
          : 0
        expect(inside).toBe(info.session === 'closed' ? 0 : 1)
        // The session just before the end is the same one (no gaps inside a session).
        expect(nyse.sessionAt(info.end - 1).session).toBe(info.session)
      }),
      { numRuns: 2000 },
    )
  })

  test('New York wall time agrees with the platform time-zone database', () => {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    fc.assert(
      fc.property(instant, (ts) => {
        const parts = Object.fromEntries(format.formatToParts(ts).map((p) => [p.type, p.value]))
        const ny = toNewYork(ts)
        expect(ny.date).toBe(`${parts.year}-${parts.month}-${parts.day}`)
        expect(ny.hour).toBe(Number(parts.hour))
        expect(ny.minute).toBe(Number(parts.minute))
      }),
      { numRuns: 3000 },
    )
  })

  test('fromNewYork inverts toNewYork for wall times that exist once', () => {
    fc.assert(
      fc.property(instant, (ts) => {
        const minuteTs = ts - (ts % 60_000)
        const ny = toNewYork(minuteTs)
        expect(fromNewYork(ny.year, ny.month, ny.day, ny.hour, ny.minute)).toBe(
          // In the repeated autumn hour the first (daylight) reading wins.
          ny.offsetMinutes === -300 && toNewYork(minuteTs - 3_600_000).hour === ny.hour
            ? minuteTs - 3_600_000
            : minuteTs,
        )
      }),
      { numRuns: 2000 },
    )
  })
})
