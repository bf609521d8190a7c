import { fromNewYork, ValidationError } from '@tradeblocks/core'
import { MemoryJournalStore, openJournal } from '@tradeblocks/journal'
import { describe, expect, test } from 'vitest'
import { type PerformanceAlert, RollingAlertTracker } from './index.js'

const t0 = fromNewYork(2026, 1, 5, 9, 30)
const trade = (i: number, netPnl: number) => ({ netPnl, exitTs: t0 + i * 60_000 })

function record(tracker: RollingAlertTracker) {
  const events: [string, PerformanceAlert][] = []
  tracker.on('alert', (a) => events.push(['alert', a]))
  tracker.on('cleared', (a) => events.push(['cleared', a]))
  return events
}

describe('RollingAlertTracker', () => {
  test('win rate: fires once when the last 20 trades drop below 50%, clears when back', () => {
    const tracker = new RollingAlertTracker({ profitFactor: false, drawdown: false })
    const events = record(tracker)
    // 10 wins then 10 losses: at trade 20 the window is full with 50% -> no alert (not below).
    for (let i = 0; i < 10; i++) tracker.onTrade(trade(i, 100))
    for (let i = 10; i < 20; i++) tracker.onTrade(trade(i, -50))
    expect(events).toEqual([])
    // One more loss: the window drops a win -> 45%.
    tracker.onTrade(trade(20, -50))
    expect(events).toEqual([
      [
        'alert',
        {
          kind: 'win_rate_below',
          ts: t0 + 20 * 60_000,
          value: 0.45,
          threshold: 0.5,
          window: 20,
          severity: 'warning',
          message: 'Win rate 45.0% over the last 20 trades is below 50.0%.',
        },
      ],
    ])
    // Still below: no repeat.
    for (let i = 21; i < 25; i++) tracker.onTrade(trade(i, -50))
    expect(events).toHaveLength(1)
    expect(tracker.active.map((a) => a.kind)).toEqual(['win_rate_below'])
    // Wins until the window is back at 50%: the last 20 are 5 losses... count it out.
    let i = 25
    while (events.length === 1) tracker.onTrade(trade(i++, 100))
    expect(events[1]?.[0]).toBe('cleared')
    expect(events[1]?.[1]).toMatchObject({ kind: 'win_rate_below', value: 0.5, severity: 'info' })
    expect(tracker.active).toEqual([])
  })

  test('no win-rate or profit-factor alert before the window is full', () => {
    const tracker = new RollingAlertTracker({ drawdown: false })
    const events = record(tracker)
    for (let i = 0; i < 19; i++) tracker.onTrade(trade(i, -10))
    expect(events).toEqual([])
    tracker.onTrade(trade(19, -10))
    expect(events.map(([e, a]) => [e, a.kind])).toEqual([
      ['alert', 'win_rate_below'],
      ['alert', 'profit_factor_below'],
    ])
  })

  test('profit factor below 1 over the last N trades; breakeven trades count as neither', () => {
    const tracker = new RollingAlertTracker({ winRate: false, drawdown: false, profitFactor: { window: 4 } })
    const events = record(tracker)
    tracker.onTrade(trade(0, 100))
    tracker.onTrade(trade(1, -60))
    tracker.onTrade(trade(2, 0))
    tracker.onTrade(trade(3, -50)) // 100 / 110
    expect(events.map(([e, a]) => [e, a.kind, a.value])).toEqual([
      ['alert', 'profit_factor_below', expect.closeTo(100 / 110, 12)],
    ])
    expect(events[0]?.[1].message).toBe('Profit factor 0.91 over the last 4 trades is below 1.00.')
    tracker.onTrade(trade(4, 30)) // window -60, 0, -50, 30 -> 30 / 110
    tracker.onTrade(trade(5, 200)) // 0, -50, 30, 200 -> 230 / 50
    expect(events.map(([e]) => e)).toEqual(['alert', 'cleared'])
  })

  test('drawdown from closed trades with a starting equity', () => {
    const tracker = new RollingAlertTracker({ winRate: false, profitFactor: false, startingEquity: 10_000 })
    const events = record(tracker)
    tracker.onTrade(trade(0, 400)) // peak 10,400
    tracker.onTrade(trade(1, -500)) // 9,900: 4.8%
    expect(events).toEqual([])
    tracker.onTrade(trade(2, -100)) // 9,800: 5.77%
    expect(events.map(([e, a]) => [e, a.kind, a.severity, a.message])).toEqual([
      [
        'alert',
        'drawdown_exceeded',
        'critical',
        'Drawdown 5.8% (600.00 below the peak 10,400.00) exceeds 5.0%.',
      ],
    ])
    tracker.onTrade(trade(3, 200)) // 10,000: 3.8%
    expect(events.map(([e]) => e)).toEqual(['alert', 'cleared'])
  })

  test('equity updates take over the drawdown from trades', () => {
    const tracker = new RollingAlertTracker({
      winRate: false,
      profitFactor: false,
      drawdown: { threshold: 0.02 },
    })
    const events = record(tracker)
    tracker.onEquity({ ts: t0, equity: 50_000 })
    tracker.onEquity({ ts: t0 + 1, equity: 51_000 })
    tracker.onTrade(trade(2, -5_000)) // ignored for drawdown: equity updates rule
    expect(events).toEqual([])
    tracker.onEquity({ ts: t0 + 3, equity: 49_900 }) // 2.16% below 51,000
    expect(events.map(([, a]) => [a.kind, a.value])).toEqual([
      ['drawdown_exceeded', expect.closeTo(1_100 / 51_000, 12)],
    ])
  })

  test('writes alerts and clearances to the journal alert stream', async () => {
    const journal = await openJournal({ store: new MemoryJournalStore() })
    const tracker = new RollingAlertTracker({
      winRate: false,
      profitFactor: false,
      startingEquity: 1_000,
      sink: journal,
      context: { strategy: 'bull-flag', mode: 'paper' },
    })
    tracker.onTrade(trade(0, -100))
    tracker.onTrade(trade(1, 100))
    await tracker.drain()
    const alerts = await journal.queryAlerts()
    expect(alerts.map((a) => [a.kind, a.severity, a.source, a.strategy, a.mode])).toEqual([
      ['drawdown_exceeded', 'critical', 'performance', 'bull-flag', 'paper'],
      ['drawdown_exceeded_cleared', 'info', 'performance', 'bull-flag', 'paper'],
    ])
    expect(alerts[0]?.details).toEqual({ value: 0.1, threshold: 0.05, window: null })
  })

  test('a failing sink is reported, not thrown into the bot', async () => {
    const failure = new Error('disk full')
    const tracker = new RollingAlertTracker({
      winRate: false,
      profitFactor: false,
      startingEquity: 1_000,
      sink: { appendAlert: () => Promise.reject(failure) },
    })
    const errors: unknown[] = []
    tracker.on('sinkError', (error) => errors.push(error))
    tracker.onTrade(trade(0, -100))
    await tracker.drain()
    expect(errors).toEqual([failure])
  })

  test('validates options and input', () => {
    expect(() => new RollingAlertTracker({ winRate: { window: 0 } })).toThrowError(ValidationError)
    expect(() => new RollingAlertTracker({ drawdown: { threshold: 5 } })).toThrowError(/must be below 1/)
    expect(() => new RollingAlertTracker().onTrade({ netPnl: Number.NaN, exitTs: 0 })).toThrowError(
      ValidationError,
    )
  })
})
