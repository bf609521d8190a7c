import { PaperBroker } from '@tradeblocks/broker-paper'
import { type Bar, ManualClock, type MarketEvent, ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { BacktestRunner, type BacktestRunnerOptions } from './BacktestRunner.js'
import type { Strategy } from './Strategy.js'
import { StrategyError } from './StrategyError.js'
import { minuteBars } from './testing.test-helpers.js'

const MON_OPEN = Date.UTC(2026, 0, 5, 14, 30)
const TUE_OPEN = Date.UTC(2026, 0, 6, 14, 30)
const MON_LAST = Date.UTC(2026, 0, 5, 20, 59) // 15:59, the bar that ends at the close

const events = (bars: Bar[]): MarketEvent[] => bars.map((bar) => ({ kind: 'bar', bar }))

function runner(
  strategy: Strategy,
  data: BacktestRunnerOptions['data'],
  options: Partial<BacktestRunnerOptions> = {},
) {
  const clock = new ManualClock(0)
  const broker = new PaperBroker({ clock, initialCash: 100_000 })
  return new BacktestRunner({ strategy, clock, broker, data, ...options })
}

/** A strategy that records every call. */
function recorder(log: string[], extra: Partial<Strategy> = {}): Strategy {
  return {
    name: 'rec',
    onStart: (ctx) => {
      log.push(`start ${ctx.now()}`)
    },
    onBar: (bar, ctx) => {
      log.push(`bar ${bar.ts} at ${ctx.now()}`)
    },
    onOrderUpdate: (u) => {
      log.push(`order ${u.event}`)
    },
    onSessionOpen: (s) => {
      log.push(`open ${s.date}`)
    },
    onSessionClose: (s) => {
      log.push(`close ${s.date}`)
    },
    onStop: () => {
      log.push('stop')
    },
    ...extra,
  }
}

describe('BacktestRunner', () => {
  it('calls the strategy in order: start, sessions around the bars, bars at their end time, stop', async () => {
    const log: string[] = []
    const data = events([
      ...minuteBars('AAPL', MON_LAST - 60_000, [10, 10.1]),
      ...minuteBars('AAPL', TUE_OPEN, [10.2]),
    ])
    await runner(recorder(log), data).run()
    expect(log).toEqual([
      `start ${MON_LAST}`,
      'open 2026-01-05', // the run starts inside Monday's session
      `bar ${MON_LAST - 60_000} at ${MON_LAST}`,
      `bar ${MON_LAST} at ${MON_LAST + 60_000}`,
      'close 2026-01-05', // right after the bar that ends at the close
      'open 2026-01-06',
      `bar ${TUE_OPEN} at ${TUE_OPEN + 60_000}`,
      'stop',
    ])
  })

  it('delivers order updates after the handler that caused them, fills before the next bar', async () => {
    const log: string[] = []
    let sent = false
    const strategy = recorder(log, {
      onBar: (bar, ctx) => {
        log.push(`bar ${bar.close}`)
        if (!sent) {
          sent = true
          void ctx.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
        }
      },
    })
    await runner(strategy, events(minuteBars('AAPL', MON_OPEN, [10, 11, 12])), { sessions: 'none' }).run()
    expect(log.slice(1, -1)).toEqual(['bar 10', 'order accepted', 'order fill', 'bar 11', 'bar 12'])
  })

  it('awaits async handlers and lets their broker calls finish before the next event', async () => {
    const statuses: string[] = []
    const strategy: Strategy = {
      name: 'async',
      async onBar(bar, ctx) {
        if (ctx.position('AAPL') !== undefined || ctx.openOrders().length > 0) return
        const order = await ctx.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 5 })
        const account = await ctx.account()
        statuses.push(`${bar.close} ${order.status} ${account.cash}`)
      },
    }
    const result = await runner(strategy, events(minuteBars('AAPL', MON_OPEN, [10, 11, 12])), {
      sessions: 'none',
    }).run()
    expect(statuses).toEqual(['10 accepted 100000'])
    expect(result.fills.map((f) => [f.qty, f.price])).toEqual([[5, 10]])
    expect(result.account.cash).toBe(100_000 - 50)
  })

  it('keeps history windows per symbol and timeframe', async () => {
    const seen: number[][] = []
    const strategy: Strategy = {
      name: 'hist',
      onBar(_bar, ctx) {
        seen.push(ctx.history('AAPL', '1m', 2).map((b) => b.close))
        expect(ctx.window('AAPL', '1m')?.length).toBeLessThanOrEqual(3)
        expect(ctx.history('MSFT', '1m')).toEqual([])
      },
    }
    await runner(strategy, events(minuteBars('AAPL', MON_OPEN, [1, 2, 3, 4])), { historySize: 3 }).run()
    expect(seen).toEqual([[1], [1, 2], [2, 3], [3, 4]])
  })

  it('stops with a StrategyError naming the handler and the bar the strategy failed on', async () => {
    const strategy: Strategy = {
      name: 'boom',
      onBar(bar) {
        if (bar.close === 12) throw new RangeError('cannot handle 12')
      },
    }
    const run = runner(strategy, events(minuteBars('AAPL', MON_OPEN, [10, 11, 12, 13]))).run()
    const error = await run.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StrategyError)
    const e = error as StrategyError
    expect(e.handler).toBe('onBar')
    expect(e.event).toEqual({
      kind: 'bar',
      bar: expect.objectContaining({ close: 12, ts: MON_OPEN + 120_000 }),
    })
    expect(e.cause).toBeInstanceOf(RangeError)
    expect(e.message).toMatchInlineSnapshot(`
      "Strategy "boom" threw in onBar: cannot handle 12

      While handling: bar AAPL 1m 2026-01-05T14:32:00.000Z O=11 H=12.05 L=10.95 C=12 V=100000"
    `)
  })

  it("continues past a throwing handler with onStrategyError: 'continue' and reports every error", async () => {
    const seen: number[] = []
    const strategy: Strategy = {
      name: 'flaky',
      onBar(bar) {
        if (bar.close % 2 === 0) throw new Error(`even ${bar.close}`)
        seen.push(bar.close)
      },
    }
    const r = runner(strategy, events(minuteBars('AAPL', MON_OPEN, [1, 2, 3, 4, 5])), {
      onStrategyError: 'continue',
    })
    const published: string[] = []
    r.events.on('error', (e) => published.push(e.shortMessage))
    const result = await r.run()
    expect(seen).toEqual([1, 3, 5])
    expect(result.errors.map((e) => e.shortMessage)).toEqual([
      'Strategy "flaky" threw in onBar: even 2',
      'Strategy "flaky" threw in onBar: even 4',
    ])
    expect(published).toEqual(result.errors.map((e) => e.shortMessage))
  })

  it('refuses out-of-order data with a ValidationError naming both times, and returns no result', async () => {
    const bars = minuteBars('AAPL', MON_OPEN, [10, 11, 12])
    const data = events([bars[0] as Bar, bars[2] as Bar, bars[1] as Bar])
    const error = await runner({ name: 'x' }, data)
      .run()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).message).toMatchInlineSnapshot(
      `
      "Invalid market data: events must be in time order: bar AAPL 1m at 2026-01-05T14:31:00.000Z (known at 2026-01-05T14:32:00.000Z) comes after an event known at 2026-01-05T14:33:00.000Z
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#validation"
    `,
    )
  })

  it('turns an order with a bad price into the strategy error of that bar', async () => {
    const strategy: Strategy = {
      name: 'badprice',
      onBar(bar, ctx) {
        void ctx.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 1, limitPrice: bar.close * 0.99 })
      },
    }
    const error = await runner(strategy, events(minuteBars('AAPL', MON_OPEN, [10.13])))
      .run()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StrategyError)
    expect((error as StrategyError).cause).toBeInstanceOf(ValidationError)
    expect((error as StrategyError).shortMessage).toMatchInlineSnapshot(
      `"Strategy "badprice" threw in onBar: Invalid order request: limitPrice is not on a valid tick ($0.01 at or above $1.00, $0.0001 below; use roundToTick) (got 10.0287)"`,
    )
  })

  it('accepts async iterables and calls onEvent after each event', async () => {
    async function* stream() {
      for (const e of events(minuteBars('AAPL', MON_OPEN, [1, 2, 3]))) yield e
    }
    const seen: number[] = []
    const result = await runner({ name: 'x' }, stream(), {
      onEvent: (e) => {
        if (e.kind === 'bar') seen.push(e.bar.close)
      },
    }).run()
    expect(seen).toEqual([1, 2, 3])
    expect(result).toMatchObject({
      events: 3,
      bars: 3,
      quotes: 0,
      prints: 0,
      start: MON_OPEN + 60_000,
      end: MON_OPEN + 180_000,
    })
  })

  it('runs once', async () => {
    const r = runner({ name: 'x' }, [])
    await r.run()
    await expect(r.run()).rejects.toThrow(/runs once/)
  })

  it('builds longer timeframes from the bars for history (aggregate)', async () => {
    const closes = Array.from({ length: 390 }, (_, i) => 100 + (i % 7))
    const bars = minuteBars('AAPL', MON_OPEN, closes)
    let fiveAtTen: Bar[] = []
    let hourly: Bar[] = []
    const strategy: Strategy = {
      name: 'agg',
      onBar(bar, ctx) {
        if (bar.ts === MON_OPEN + 29 * 60_000) {
          // 09:59: six complete 5m bars (09:30-10:00) and the first, short hour (09:30-10:00)
          fiveAtTen = ctx.history('AAPL', '5m')
          hourly = ctx.history('AAPL', '1h')
        }
      },
    }
    const r = runner(strategy, events(bars), { aggregate: ['5m', '1h', '1d'] })
    await r.run()
    expect(fiveAtTen.map((b) => b.ts)).toEqual([0, 1, 2, 3, 4, 5].map((k) => MON_OPEN + k * 300_000))
    const first = fiveAtTen[0] as Bar
    const source = bars.slice(0, 5)
    expect(first).toEqual({
      symbol: 'AAPL',
      timeframe: '5m',
      ts: MON_OPEN,
      open: source[0]?.open,
      high: Math.max(...source.map((b) => b.high)),
      low: Math.min(...source.map((b) => b.low)),
      close: source[4]?.close,
      volume: 5 * 100_000,
    })
    expect(hourly.map((b) => [b.ts, b.volume])).toEqual([[Date.UTC(2026, 0, 5, 14, 0), 30 * 100_000]])
    const daily = r.context.history('AAPL', '1d')
    expect(daily).toHaveLength(1) // complete at the close
    expect(daily[0]?.volume).toBe(390 * 100_000)
    expect(r.context.history('AAPL', '5m')).toHaveLength(78)
  })

  it('refuses to aggregate weeks', () => {
    expect(() => runner({ name: 'x' }, [], { aggregate: ['1w'] })).toThrow(/aggregate supports/)
  })
})
