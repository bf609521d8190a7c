import { fromNewYork, HaltedError, ManualClock, ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import type { BreakerConfig } from './BreakerConfig.js'
import type { BreakerHalt } from './BreakerState.js'
import { MemoryBreakerStore } from './MemoryBreakerStore.js'
import { type BreakerResetEvent, type EntryDecision, TradingCircuitBreaker } from './TradingCircuitBreaker.js'

/** New York wall time as epoch ms. */
const ny = (y: number, m: number, d: number, h: number, min = 0, s = 0) =>
  fromNewYork(y, m, d, h, min) + s * 1000

async function make(config: BreakerConfig, start = ny(2026, 3, 6, 10, 0)) {
  const clock = new ManualClock(start)
  const store = new MemoryBreakerStore()
  const breaker = await TradingCircuitBreaker.create({ store, clock, config })
  const tripped: BreakerHalt[] = []
  const resets: BreakerResetEvent[] = []
  breaker.on('tripped', (halt) => tripped.push(halt))
  breaker.on('reset', (event) => resets.push(event))
  return { clock, store, breaker, tripped, resets }
}

describe('TradingCircuitBreaker rules', () => {
  it('trips on the daily loss in money and explains it with the numbers', async () => {
    const { breaker, tripped } = await make({ maxDailyLoss: 500 })
    expect(breaker.recordTradeClosed({ pnl: -300, symbol: 'ABCD' })).toEqual([])
    expect(breaker.canEnter().allowed).toBe(true)
    const halts = breaker.recordTradeClosed({ pnl: -212.4, symbol: 'EFGH' })
    expect(halts).toHaveLength(1)
    expect(halts[0]).toMatchObject({
      rule: 'daily_loss',
      values: { dailyPnl: -512.4, limit: -500, realizedToday: -512.4, unrealized: 0 },
      trippedAt: ny(2026, 3, 6, 10, 0),
      resetAt: ny(2026, 3, 9, 9, 30),
      flatten: false,
    })
    expect(tripped).toEqual(halts)
    const decision = breaker.canEnter('ABCD')
    expect(decision).toMatchObject({ allowed: false, code: 'halted', symbol: 'ABCD' })
    expect(breaker.explain()).toMatchInlineSnapshot(`
      "Trading is halted (1 rule):
      - daily_loss since 2026-03-06 10:00:00 ET: Daily P&L -512.40 reached the limit of -500.00 (realized -512.40, unrealized 0.00).
        Lifts at 2026-03-09 09:30:00 ET (next session start) or by a manual reset.
      Exits are still allowed."
    `)
  })

  it('counts unrealized losses through equity, as a percent of the starting equity', async () => {
    const { breaker } = await make({ maxDailyLossPercent: 0.03 })
    breaker.updateEquity({ equity: 20_000 })
    expect(breaker.updateEquity({ equity: 19_450, unrealized: -550 })).toEqual([])
    const [halt] = breaker.updateEquity({ equity: 19_400, unrealized: -600 })
    expect(halt?.rule).toBe('daily_loss_percent')
    expect(halt?.values).toMatchObject({
      dailyPnl: -600,
      startEquity: 20_000,
      limit: -600,
      limitPercent: 0.03,
    })
    expect(halt?.reason).toBe(
      "Daily P&L -600.00 is -3% of the session's starting equity 20,000.00, at the limit of -3% (realized 0.00, unrealized -600.00).",
    )
  })

  it('never lets open gains hide realized losses', async () => {
    const { breaker } = await make({ maxDailyLoss: 500 })
    breaker.updateEquity({ equity: 20_000 })
    breaker.updateEquity({ equity: 20_100, unrealized: 100 })
    const halts = breaker.recordTradeClosed({ pnl: -520 })
    expect(halts.map((halt) => halt.rule)).toEqual(['daily_loss'])
    expect(breaker.status().dailyPnl).toBe(-520)
  })

  it('uses the broker starting equity when given, and moves it with cash flows', async () => {
    const { breaker } = await make({ maxDailyLoss: 1_000 })
    breaker.updateEquity({ equity: 20_500, sessionStartEquity: 21_000 })
    expect(breaker.status()).toMatchObject({ startEquity: 21_000, dailyPnl: -500 })
    breaker.recordCashFlow(-5_000)
    breaker.updateEquity({ equity: 15_500 })
    expect(breaker.status()).toMatchObject({ startEquity: 16_000, dailyPnl: -500, state: 'trading' })
  })

  it('trips on a losing streak, which a win resets and a scratch leaves alone', async () => {
    const { breaker } = await make({ maxConsecutiveLosses: 3 })
    breaker.recordTradeClosed({ pnl: -10 })
    breaker.recordTradeClosed({ pnl: -10 })
    breaker.recordTradeClosed({ pnl: 25 })
    breaker.recordTradeClosed({ pnl: -10 })
    breaker.recordTradeClosed({ pnl: 0 })
    breaker.recordTradeClosed({ pnl: -10 })
    expect(breaker.status().consecutiveLosses).toBe(2)
    const [halt] = breaker.recordTradeClosed({ pnl: -42.5, symbol: 'ABCD' })
    expect(halt?.reason).toBe('3 losing trades in a row reached the limit of 3 (last ABCD -42.50).')
  })

  it('trips on the drawdown from the peak and latches until a manual reset by default', async () => {
    const { breaker, clock } = await make({ maxDrawdownPercent: 0.1 })
    breaker.updateEquity({ equity: 50_000 })
    breaker.updateEquity({ equity: 55_000 })
    expect(breaker.updateEquity({ equity: 49_600 })).toEqual([])
    const [halt] = breaker.updateEquity({ equity: 49_500 })
    expect(halt).toMatchObject({ rule: 'drawdown', resetAt: null })
    expect(halt?.reason).toBe(
      'Equity 49,500.00 is 5,500.00 (10%) below its peak 55,000.00, at the limit of 10%.',
    )
    clock.set(ny(2026, 3, 10, 10, 0))
    expect(breaker.canEnter().allowed).toBe(false)
    expect(breaker.status().latched).toBe(true)
    breaker.reset({ reason: 'reviewed' })
    expect(breaker.status().peakEquity).toBe(49_500)
    expect(breaker.updateEquity({ equity: 49_000 })).toEqual([])
  })

  it('trips on the drawdown in money, lifting at the next session when configured', async () => {
    const { breaker, clock } = await make({ maxDrawdown: 1_000, drawdownReset: 'next_session' })
    breaker.updateEquity({ equity: 10_000 })
    const [halt] = breaker.updateEquity({ equity: 9_000 })
    expect(halt?.resetAt).toBe(ny(2026, 3, 9, 9, 30))
    clock.set(ny(2026, 3, 9, 9, 30))
    expect(breaker.canEnter().allowed).toBe(true)
    expect(breaker.status().peakEquity).toBe(9_000)
  })

  it('trips once the day has used its entries; exits do not count', async () => {
    const { breaker } = await make({ maxTradesPerDay: 2 })
    breaker.recordOrder({ symbol: 'ABCD', kind: 'entry' })
    breaker.recordOrder({ symbol: 'ABCD', kind: 'exit' })
    expect(breaker.canEnter().allowed).toBe(true)
    const [halt] = breaker.recordOrder({ symbol: 'EFGH' })
    expect(halt?.reason).toBe('2 entries today reached the limit of 2.')
  })

  it('guards against runaway orders and rejections inside the window only', async () => {
    const { breaker, clock } = await make({ runaway: { maxOrders: 3, maxRejections: 2, windowMs: 10_000 } })
    breaker.recordOrder({ kind: 'exit' })
    clock.advance(6_000)
    breaker.recordOrder({ kind: 'exit' })
    clock.advance(5_000) // the first order left the 10 s window
    expect(breaker.recordOrder({ kind: 'exit' })).toEqual([])
    expect(breaker.status().ordersInWindow).toBe(2)
    const [orders] = breaker.recordOrder({ kind: 'exit' })
    expect(orders?.rule).toBe('runaway_orders')
    expect(orders?.resetAt).toBeNull()
    breaker.recordRejection({ reason: 'insufficient buying power' })
    const [rejections] = breaker.recordRejection({})
    expect(rejections?.reason).toBe('2 rejections in the last 10 s reached the limit of 2.')
  })

  it('has a runaway guard on by default', async () => {
    const { breaker } = await make({})
    for (let i = 0; i < 29; i++) breaker.recordOrder({ kind: 'exit' })
    expect(breaker.canEnter().allowed).toBe(true)
    expect(breaker.recordOrder({ kind: 'exit' })[0]?.rule).toBe('runaway_orders')
  })

  it('asks to flatten when configured or asked', async () => {
    const { breaker } = await make({ maxDailyLoss: 100, flattenOnHalt: true })
    const flattened: BreakerHalt[] = []
    breaker.on('flatten', (halt) => flattened.push(halt))
    breaker.recordTradeClosed({ pnl: -100 })
    expect(flattened.map((halt) => halt.rule)).toEqual(['daily_loss'])
    const other = await make({})
    const asked: BreakerHalt[] = []
    other.breaker.on('flatten', (halt) => asked.push(halt))
    other.breaker.kill({ reason: 'operator', flatten: true })
    other.breaker.trip({ reason: 'news' })
    expect(asked.map((halt) => halt.rule)).toEqual(['kill_switch'])
  })

  it('throws HaltedError from assertCanEnter and emits every decision', async () => {
    const { breaker } = await make({})
    const decisions: EntryDecision[] = []
    breaker.on('decision', (decision) => decisions.push(decision))
    breaker.assertCanEnter('ABCD')
    breaker.trip({ reason: 'FOMC at 14:00' })
    let error: unknown
    try {
      breaker.assertCanEnter('ABCD')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(HaltedError)
    expect((error as HaltedError).code).toBe('halted')
    expect((error as HaltedError).details).toBe('Manual halt: FOMC at 14:00')
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, false])
  })

  it('refuses misuse with a ValidationError naming the field and the value', async () => {
    await expect(
      TradingCircuitBreaker.create({ store: new MemoryBreakerStore(), config: { maxDailyLoss: -5 } }),
    ).rejects.toThrow('maxDailyLoss must be greater than 0 (got -5)')
    await expect(
      TradingCircuitBreaker.create({ store: new MemoryBreakerStore(), config: { maxDailyLossPercent: 3 } }),
    ).rejects.toThrow('maxDailyLossPercent must be at most 1 (a fraction: 0.03 = 3%) (got 3)')
    const { breaker } = await make({})
    expect(() => breaker.recordTradeClosed({ pnl: Number.NaN })).toThrow(ValidationError)
    expect(() => breaker.updateEquity({ equity: Number.POSITIVE_INFINITY })).toThrow(
      'equity must be a finite number (got Infinity)',
    )
    expect(() => breaker.kill({ reason: '' })).toThrow('reason must not be empty')
  })
})

describe('TradingCircuitBreaker resets', () => {
  it('lifts daily halts at the next session start, 09:30 New York time across the DST change', async () => {
    // Friday 2026-03-06 is in standard time (09:30 ET = 14:30Z); Monday 2026-03-09 in daylight time (13:30Z).
    const { breaker, clock, resets } = await make({ maxDailyLoss: 100 }, ny(2026, 3, 6, 15, 0))
    breaker.recordTradeClosed({ pnl: -150 })
    expect(breaker.status().nextResetAt).toBe(Date.UTC(2026, 2, 9, 13, 30))
    clock.set(Date.UTC(2026, 2, 7, 14, 30)) // Saturday
    expect(breaker.canEnter().allowed).toBe(false)
    clock.set(Date.UTC(2026, 2, 9, 13, 29, 59, 999))
    expect(breaker.canEnter().allowed).toBe(false)
    expect(breaker.status().period.date).toBe('2026-03-06')
    clock.set(Date.UTC(2026, 2, 9, 13, 30))
    expect(breaker.canEnter().allowed).toBe(true)
    expect(resets).toEqual([
      {
        rules: ['daily_loss'],
        by: 'session',
        reason: 'A new trading day began at 2026-03-09 09:30:00 ET.',
        ts: Date.UTC(2026, 2, 9, 13, 30),
      },
    ])
    expect(breaker.status()).toMatchObject({ realizedToday: 0, dailyPnl: 0, period: { date: '2026-03-09' } })
  })

  it('lifts at 09:30 New York time across the November change back to standard time', async () => {
    // Friday 2026-10-30 is in daylight time; Monday 2026-11-02 in standard time (09:30 ET = 14:30Z).
    const { breaker, clock } = await make({ maxTradesPerDay: 1 }, ny(2026, 10, 30, 15, 0))
    breaker.recordOrder({ symbol: 'ABCD' })
    clock.set(Date.UTC(2026, 10, 2, 13, 30)) // 08:30 ET: still the old trading day
    expect(breaker.canEnter().allowed).toBe(false)
    clock.set(Date.UTC(2026, 10, 2, 14, 29, 59, 999))
    expect(breaker.canEnter().allowed).toBe(false)
    clock.set(Date.UTC(2026, 10, 2, 14, 30))
    expect(breaker.canEnter().allowed).toBe(true)
    expect(breaker.status().entriesToday).toBe(0)
  })

  it('skips holidays: a halt on the Friday before MLK Day lifts on Tuesday', async () => {
    const { breaker, clock } = await make({ maxConsecutiveLosses: 1 }, ny(2026, 1, 16, 11))
    breaker.recordTradeClosed({ pnl: -1 })
    expect(breaker.status().nextResetAt).toBe(ny(2026, 1, 20, 9, 30))
    clock.set(ny(2026, 1, 19, 10))
    expect(breaker.canEnter().allowed).toBe(false)
    clock.set(ny(2026, 1, 20, 9, 30))
    expect(breaker.canEnter().allowed).toBe(true)
    expect(breaker.status().consecutiveLosses).toBe(0)
  })

  it('treats premarket as part of the previous trading day unless the day starts at the premarket open', async () => {
    const regular = await make({ maxDailyLoss: 100 }, ny(2026, 3, 10, 8, 0))
    expect(regular.breaker.status().period.date).toBe('2026-03-09')
    regular.breaker.recordTradeClosed({ pnl: -100 })
    expect(regular.breaker.status().nextResetAt).toBe(ny(2026, 3, 10, 9, 30))
    const premarket = await make({ maxDailyLoss: 100, dayStartsAt: 'premarket_open' }, ny(2026, 3, 10, 8, 0))
    expect(premarket.breaker.status().period).toEqual({
      date: '2026-03-10',
      start: ny(2026, 3, 10, 4, 0),
      end: ny(2026, 3, 11, 4, 0),
    })
  })

  it('keeps the kill switch latched across sessions until a manual reset', async () => {
    const { breaker, clock, resets } = await make({})
    breaker.kill({ reason: 'operator pressed the button' })
    clock.set(ny(2026, 3, 20, 10))
    expect(breaker.canEnter().allowed).toBe(false)
    expect(breaker.status()).toMatchObject({ latched: true, nextResetAt: null })
    expect(breaker.reset({ reason: 'all clear' }).map((halt) => halt.rule)).toEqual(['kill_switch'])
    expect(breaker.canEnter().allowed).toBe(true)
    expect(resets.at(-1)).toMatchObject({ rules: ['kill_switch'], by: 'manual', reason: 'all clear' })
  })

  it('re-arms a daily-loss rule from the reset: a fresh allowance, not an instant re-trip', async () => {
    const { breaker } = await make({ maxDailyLoss: 500, maxTradesPerDay: 5 })
    breaker.recordTradeClosed({ pnl: -600 })
    breaker.reset({ reason: 'one more try', rules: ['daily_loss'] })
    expect(breaker.status().dailyPnl).toBe(0)
    expect(breaker.recordTradeClosed({ pnl: -400 })).toEqual([])
    expect(breaker.recordTradeClosed({ pnl: -100 })[0]?.values.dailyPnl).toBe(-500)
  })

  it('lifts only the rules named', async () => {
    const { breaker } = await make({ maxConsecutiveLosses: 1 })
    breaker.kill({ reason: 'x' })
    breaker.recordTradeClosed({ pnl: -1 })
    breaker.reset({ reason: 'streak reviewed', rules: ['consecutive_losses'] })
    expect(breaker.status().halts.map((halt) => halt.rule)).toEqual(['kill_switch'])
  })

  it('explains the room left while trading', async () => {
    const { breaker } = await make({ maxDailyLoss: 500, maxConsecutiveLosses: 3, maxTradesPerDay: 10 })
    breaker.recordOrder({ symbol: 'ABCD' })
    breaker.recordTradeClosed({ pnl: -120 })
    expect(breaker.explain()).toBe(
      'Trading is allowed on 2026-03-06 (day started 2026-03-06 09:30:00 ET, next at 2026-03-09 09:30:00 ET). daily P&L -120.00 of the -500.00 limit; 1 of 3 losing trades in a row; 1 of 10 entries; 1 of 30 orders and 0 of 10 rejections in the last 60 s.',
    )
  })
})
