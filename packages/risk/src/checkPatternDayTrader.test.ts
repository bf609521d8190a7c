import { fromNewYork, TradingCalendar } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { checkPatternDayTrader, isDayTrade } from './checkPatternDayTrader.js'

/** 11:00 New York time on a date, as epoch ms. */
const at = (date: string, hour = 11) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return fromNewYork(y, m, d, hour, 0)
}
const trades = (...dates: string[]) => dates.map((date) => ({ ts: at(date, 15) }))

describe('checkPatternDayTrader', () => {
  // Tuesday 2026-01-20 follows the weekend of Jan 17-18 and MLK Day (Monday Jan 19, a holiday).
  // The last 5 trading days are Jan 13, 14, 15, 16 and 20.
  const now = at('2026-01-20')

  it('counts the window over a weekend and a holiday with the calendar', () => {
    const result = checkPatternDayTrader({
      ts: now,
      equity: 12_000,
      dayTrades: trades('2026-01-12', '2026-01-13'),
    })
    expect(result.window).toEqual(['2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-20'])
    expect(result.dayTradesInWindow).toBe(1) // Jan 12 fell out of the window
    expect(result.ok).toBe(true)
    expect(result.remaining).toBe(2)
  })

  it('blocks the fourth day trade under the equity threshold', () => {
    const result = checkPatternDayTrader({
      ts: now,
      equity: 12_000,
      dayTrades: trades('2026-01-13', '2026-01-14', '2026-01-16'),
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('pattern_day_trader')
    expect(result.reason).toMatchInlineSnapshot(
      `"This would be day trade 4 in 5 trading days (2026-01-13 to 2026-01-20) with equity 12,000.00 under 25,000.00: 3 already made on 2026-01-13, 2026-01-14, 2026-01-16; the limit is 3."`,
    )
  })

  it('lets the same trades through a day later, when Jan 13 leaves the window', () => {
    const result = checkPatternDayTrader({
      ts: at('2026-01-21'),
      equity: 12_000,
      dayTrades: trades('2026-01-13', '2026-01-14', '2026-01-16'),
    })
    expect(result.window[0]).toBe('2026-01-14')
    expect(result.ok).toBe(true)
    expect(result.remaining).toBe(1)
  })

  it('does not limit an account at or above the threshold, or a trade held overnight', () => {
    const dayTrades = trades('2026-01-13', '2026-01-14', '2026-01-16')
    expect(checkPatternDayTrader({ ts: now, equity: 25_000, dayTrades }).ok).toBe(true)
    const overnight = checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades, wouldBeDayTrade: false })
    expect(overnight.ok).toBe(true)
    expect(overnight.remaining).toBe(0)
  })

  it('follows a changed rule: a lower threshold, another limit, or off', () => {
    const dayTrades = trades('2026-01-13', '2026-01-14', '2026-01-16')
    expect(
      checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades, config: { equityThreshold: 2_000 } }).ok,
    ).toBe(true)
    expect(
      checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades, config: { maxDayTrades: 4 } }).ok,
    ).toBe(true)
    expect(checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades, config: { enabled: false } }).ok).toBe(
      true,
    )
    expect(() =>
      checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades, config: { windowDays: 0 } }),
    ).toThrow('config.windowDays must be at least 1 (got 0)')
  })

  it("takes the broker's own count when it is higher", () => {
    const result = checkPatternDayTrader({ ts: now, equity: 12_000, dayTrades: [], brokerDayTradeCount: 3 })
    expect(result.ok).toBe(false)
    expect(result.dayTradesInWindow).toBe(3)
  })

  it('spans Good Friday and uses the previous trading day on a weekend', () => {
    // Monday 2026-04-06: Good Friday (Apr 3) and the weekend are skipped.
    const monday = checkPatternDayTrader({ ts: at('2026-04-06'), equity: 5_000, dayTrades: [] })
    expect(monday.window).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-06'])
    const saturday = checkPatternDayTrader({ ts: at('2026-04-04'), equity: 5_000, dayTrades: [] })
    expect(saturday.window).toEqual(['2026-03-27', '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02'])
  })

  it("uses a broker's own calendar when given one", () => {
    // A broker calendar that closes 2026-01-14 (say, for weather): the window reaches back to Jan 12.
    const days = ['2026-01-12', '2026-01-13', '2026-01-15', '2026-01-16', '2026-01-20'].map((date) => ({
      date,
      open: '09:30',
      close: '16:00',
    }))
    const calendar = new TradingCalendar({ schedule: days })
    const result = checkPatternDayTrader({
      ts: now,
      equity: 12_000,
      dayTrades: trades('2026-01-12', '2026-01-13', '2026-01-15'),
      calendar,
    })
    expect(result.window).toEqual(['2026-01-12', '2026-01-13', '2026-01-15', '2026-01-16', '2026-01-20'])
    expect(result.ok).toBe(false)
  })

  it('refuses NaN equity with the field and the value', () => {
    expect(() => checkPatternDayTrader({ ts: now, equity: Number.NaN, dayTrades: [] })).toThrow(
      'equity must be a finite number (got NaN)',
    )
  })
})

describe('isDayTrade', () => {
  it('compares New York dates, not UTC dates', () => {
    expect(
      isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 14, 45), closedAt: Date.UTC(2026, 0, 5, 20, 30) }),
    ).toBe(true)
    // 20:00 ET on Jan 5 is already Jan 6 in UTC.
    expect(isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 20, 30), closedAt: Date.UTC(2026, 0, 6, 1, 0) })).toBe(
      true,
    )
    expect(
      isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 14, 45), closedAt: Date.UTC(2026, 0, 6, 14, 45) }),
    ).toBe(false)
  })
})
