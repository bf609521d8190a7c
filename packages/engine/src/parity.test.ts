import { PaperBroker } from '@tradeblocks/broker-paper'
import { type Fill, ManualClock, type Order } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { BacktestRunner, type RunnerOrderManagerOptions } from './BacktestRunner.js'
import { LiveRunner } from './LiveRunner.js'
import { ReplayMarketDataSource } from './ReplayMarketDataSource.js'
import { type SmaCrossOptions, smaCross } from './strategies.test-helpers.js'
import { sessionBars } from './testing.test-helpers.js'

// Three sessions: Monday to Wednesday, 2026-01-05 to 2026-01-07, 09:30 New York.
const DAYS = [Date.UTC(2026, 0, 5, 14, 30), Date.UTC(2026, 0, 6, 14, 30), Date.UTC(2026, 0, 7, 14, 30)]
const START = Date.UTC(2026, 0, 5, 13, 0) // 08:00, before the first open

const orderKey = (o: Order) => [
  o.clientOrderId,
  o.symbol,
  o.side,
  o.type,
  o.orderClass,
  o.qty,
  o.limitPrice,
  o.stopPrice,
  o.status,
  o.filledQty,
  o.avgFillPrice,
  o.createdAt,
]
const fillKey = (f: Fill) => [f.clientOrderId, f.side, f.qty, f.price, f.ts, f.commission]

async function both(options: SmaCrossOptions, seed: number, orderManager: RunnerOrderManagerOptions = {}) {
  const bars = sessionBars('AAPL', DAYS, seed)
  const request = { bars: ['AAPL'] }
  const paper = {
    initialCash: 100_000,
    commission: { kind: 'percent' as const, percent: 0.1 },
    slippage: { kind: 'ticks' as const, ticks: 1 },
  }

  const backtestLog: string[] = []
  const btClock = new ManualClock(START)
  const backtest = await new BacktestRunner({
    strategy: smaCross({ ...options, log: backtestLog }),
    clock: btClock,
    broker: new PaperBroker({ clock: btClock, ...paper }),
    data: new ReplayMarketDataSource({ bars }).events(request),
    start: START,
    orderManager,
  }).run()

  const liveLog: string[] = []
  const liveClock = new ManualClock(START)
  const liveFills: Fill[] = []
  const live = new LiveRunner({
    strategy: smaCross({ ...options, log: liveLog }),
    clock: liveClock,
    broker: new PaperBroker({ clock: liveClock, ...paper }),
    marketData: new ReplayMarketDataSource({ bars, clock: liveClock }),
    subscription: request,
    stopWhenDataEnds: true,
    onShutdown: 'keep',
    orderManager,
  })
  live.events.on('fill', ({ fill }) => liveFills.push(fill))
  const result = await live.run()
  return { backtest, backtestLog, live: result, liveLog, liveFills, liveBroker: live }
}

describe('parity: the backtest runner and the live runner on a replay make the same orders and fills', () => {
  it('with a synchronous SMA-crossover strategy (market orders, next open)', async () => {
    const r = await both({}, 7)
    expect(r.backtest.fills.length).toBeGreaterThan(4)
    expect(r.backtest.orders.filter((o) => o.status === 'rejected')).toEqual([])
    expect(r.live.reason).toBe('end of data')
    expect(r.live.received).toBe(r.backtest.events)
    expect(r.liveLog).toEqual(r.backtestLog)
    expect(r.live.orders.map(orderKey)).toEqual(r.backtest.orders.map(orderKey))
    expect(r.liveFills.map(fillKey)).toEqual(r.backtest.fills.map(fillKey))
  })

  it('with async handlers, protective bracket stops and flattening at the close', async () => {
    const r = await both({ async: true, stopFraction: 0.003, flattenAtClose: true }, 11)
    const classes = new Set(r.backtest.orders.map((o) => o.orderClass))
    expect(classes.has('oto')).toBe(true)
    expect(r.backtest.orders.filter((o) => o.status === 'rejected')).toEqual([])
    expect(r.backtest.fills.some((f) => f.clientOrderId.endsWith('-sl'))).toBe(true)
    expect(r.backtestLog.filter((l) => l.includes(' close ')).length).toBe(3)
    expect(r.liveLog).toEqual(r.backtestLog)
    expect(r.live.orders.map(orderKey)).toEqual(r.backtest.orders.map(orderKey))
    expect(r.liveFills.map(fillKey)).toEqual(r.backtest.fills.map(fillKey))
  })

  it('with the order manager emulating the brackets', async () => {
    const r = await both({ stopFraction: 0.003, flattenAtClose: true }, 5, { emulation: 'always' })
    expect(r.backtest.orders.some((o) => /-sl\d+$/.test(o.clientOrderId))).toBe(true)
    expect(r.liveLog).toEqual(r.backtestLog)
    expect(r.live.orders.map(orderKey)).toEqual(r.backtest.orders.map(orderKey))
    expect(r.liveFills.map(fillKey)).toEqual(r.backtest.fills.map(fillKey))
  })
})
