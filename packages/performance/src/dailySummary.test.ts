import { fromNewYork, ManualClock, nyse } from '@tradeblocks/core'
import { MemoryJournalStore, openJournal } from '@tradeblocks/journal'
import { describe, expect, test } from 'vitest'
import {
  type DailySummary,
  DailySummaryScheduler,
  dailySummary,
  formatDailySummary,
  type StatsTrade,
} from './index.js'

const at = (day: number, hour: number, minute = 0) => fromNewYork(2026, 1, day, hour, minute)
const trade = (
  symbol: string,
  day: number,
  hour: number,
  netPnl: number,
  rMultiple?: number,
): StatsTrade => ({
  symbol,
  side: 'long',
  qty: 10,
  entryTs: at(day, hour),
  entryPrice: 10,
  exitTs: at(day, hour, 20),
  exitPrice: 10,
  netPnl,
  fees: 0.5,
  ...(rMultiple === undefined ? {} : { rMultiple }),
})

const trades = [
  trade('ABCD', 5, 10, 120, 1.2),
  trade('WXYZ', 5, 11, -40, -0.4),
  trade('ABCD', 5, 14, -30),
  trade('ABCD', 6, 10, 500, 5), // another day
]

describe('dailySummary', () => {
  test('summarizes the trades of one New York day', () => {
    const summary = dailySummary({ date: '2026-01-05', trades, startingEquity: 10_000 })
    expect(summary).toEqual({
      date: '2026-01-05',
      tradeCount: 3,
      winners: 1,
      losers: 2,
      winRate: 1 / 3,
      netPnl: 50,
      grossProfit: 120,
      grossLoss: -70,
      fees: 1.5,
      profitFactor: 120 / 70,
      avgR: expect.closeTo(0.4, 12),
      totalR: 0.8,
      largestWin: 120,
      largestLoss: -40,
      startEquity: 10_000,
      endEquity: 10_050,
      return: expect.closeTo(0.005, 12),
      // 10,120 -> 10,080 -> 10,050
      maxDrawdown: 70,
      bySymbol: [
        expect.objectContaining({ key: 'ABCD', tradeCount: 2, netPnl: 90 }),
        expect.objectContaining({ key: 'WXYZ', tradeCount: 1, netPnl: -40 }),
      ],
    })
    expect(formatDailySummary(summary)).toBe(
      [
        '2026-01-05: 3 trades, 1 won, 2 lost (win rate 33.3%)',
        'Net P&L 50.00 (gross +120.00 / -70.00, fees 1.50), profit factor 1.71, avg R 0.40',
        'Best 120.00, worst -40.00, max intraday drawdown 70.00',
        'Equity 10,000.00 -> 10,050.00 (0.5%)',
        '  ABCD       2 trades  net        90.00',
        '  WXYZ       1 trades  net       -40.00',
      ].join('\n'),
    )
  })

  test('a day without trades is a defined, empty summary', () => {
    const summary = dailySummary({ date: '2026-01-07', trades, startingEquity: 10_000 })
    expect(summary).toMatchObject({ tradeCount: 0, winRate: null, netPnl: 0, profitFactor: null, return: 0 })
    expect(formatDailySummary(summary)).toBe(
      [
        '2026-01-07: 0 trades, 0 won, 0 lost (win rate n/a)',
        'Net P&L 0.00 (gross +0.00 / 0.00, fees 0.00), profit factor n/a, avg R n/a',
        'Equity 10,000.00 -> 10,000.00 (0.0%)',
      ].join('\n'),
    )
  })
})

describe('DailySummaryScheduler', () => {
  test('summarizes each session close as a simulated clock crosses it, early closes included', async () => {
    const journal = await openJournal({ store: new MemoryJournalStore() })
    const base = {
      strategy: 'bull-flag',
      mode: 'backtest' as const,
      account: 'bt',
      side: 'long' as const,
      qty: 10,
      entryPrice: 10,
      exitPrice: 10.5,
      exitReason: 'target' as const,
      grossPnl: 5,
      netPnl: 4.5,
      fees: 0.5,
    }
    // Wed 25 Nov 2026 (regular close) and Fri 27 Nov (13:00 early close); Thanksgiving between.
    await journal.appendTrade({
      ...base,
      id: 'a',
      symbol: 'ABCD',
      entryTs: fromNewYork(2026, 11, 25, 10),
      exitTs: fromNewYork(2026, 11, 25, 11),
    })
    await journal.appendTrade({
      ...base,
      id: 'b',
      symbol: 'ABCD',
      entryTs: fromNewYork(2026, 11, 27, 10),
      exitTs: fromNewYork(2026, 11, 27, 12),
    })
    const clock = new ManualClock(fromNewYork(2026, 11, 25, 9))
    const scheduler = new DailySummaryScheduler({
      clock,
      source: journal,
      sink: journal,
      startingEquity: () => 1_000,
      offsetMs: 60_000,
    })
    const seen: [DailySummary, number][] = []
    scheduler.on('summary', (summary) => seen.push([summary, clock.now()]))
    scheduler.start()
    clock.set(fromNewYork(2026, 11, 27, 23))
    await scheduler.idle()
    await scheduler.idle()
    expect(seen.map(([s]) => [s.date, s.tradeCount, s.netPnl, s.endEquity])).toEqual([
      ['2026-11-25', 1, 4.5, 1_004.5],
      ['2026-11-27', 1, 4.5, 1_004.5],
    ])
    const alerts = await journal.queryAlerts()
    expect(alerts.map((a) => [a.kind, a.ts])).toEqual([
      ['daily_summary', nyse.schedule('2026-11-25')!.regular.end + 60_000],
      ['daily_summary', nyse.schedule('2026-11-27')!.regular.end + 60_000],
    ])
    expect(alerts[1]?.message).toContain('2026-11-27: 1 trade, 1 won, 0 lost')
    scheduler.stop()
    expect(scheduler.started).toBe(false)
    expect(clock.pendingTimers).toBe(0)
  })
})

test("a curve sampled only at the close still gives the day's start, return and intraday drawdown", () => {
  const summary = dailySummary({
    date: '2026-01-05',
    trades,
    equity: [{ ts: at(5, 16), equity: 10_050 }],
    startingEquity: 10_000,
  })
  expect(summary).toMatchObject({ startEquity: 10_000, endEquity: 10_050, maxDrawdown: 70 })
  expect(summary.return).toBeCloseTo(0.005, 12)
})
