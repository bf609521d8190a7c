import { DEFAULT_PAPER_CAPABILITIES, PaperBroker } from '@tradeblocks/broker-paper'
import { ManualClock } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { OrderManager } from './OrderManager.js'
import type { ReconcileReport } from './reconcile.js'
import { T0 } from './testing.test-helpers.js'

function market() {
  const clock = new ManualClock(T0)
  const broker = new PaperBroker({ clock, initialCash: 1_000_000 })
  let minute = 0
  const bar = (price: number) => {
    const ts = T0 + minute++ * 60_000
    clock.set(ts + 60_000)
    broker.onMarketEvent({
      kind: 'bar',
      bar: {
        symbol: 'AAPL',
        timeframe: '1m',
        ts,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1e6,
      },
    })
  }
  return { clock, broker, bar }
}

describe('OrderManager reconciliation and restarts', () => {
  it('is clean on a fresh account', async () => {
    const { clock, broker } = market()
    const manager = new OrderManager({ broker, clock, strategyName: 'r' })
    const report = await manager.start()
    expect(report).toEqual({ ts: T0, clean: true, differences: [], openOrders: 0, positions: 0, sequence: 1 })
  })

  it('restores a snapshot after a restart and reports what changed while it was down', async () => {
    const { clock, broker, bar } = market()
    const first = new OrderManager({ broker, clock, strategyName: 'r' })
    await first.start()
    await first.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    bar(10)
    const resting = await first.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'sell',
      qty: 10,
      limitPrice: 12,
      timeInForce: 'gtc',
    })
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()))
    first.stop() // the process dies

    bar(12.5) // while down: the resting sell fills
    // Someone trades by hand in the same account.
    await broker.submitOrder({
      type: 'limit',
      symbol: 'MSFT',
      side: 'buy',
      qty: 1,
      limitPrice: 100,
      timeInForce: 'gtc',
      extendedHours: false,
      clientOrderId: 'manual-1',
    })

    const second = new OrderManager({ broker, clock, strategyName: 'r', snapshot })
    const reports: ReconcileReport[] = []
    second.events.on('reconcile', (r) => reports.push(r))
    const report = await second.start()
    expect(reports).toEqual([report])
    expect(report.clean).toBe(false)
    expect(report.differences).toEqual([
      { kind: 'order_status', clientOrderId: resting.clientOrderId, local: 'accepted', broker: 'filled' },
      { kind: 'order_filled_qty', clientOrderId: resting.clientOrderId, local: 0, broker: 10 },
      expect.objectContaining({ kind: 'order_foreign', clientOrderId: 'manual-1' }),
    ])
    expect(second.order(resting.clientOrderId)?.status).toBe('filled')
    expect(second.position('AAPL')).toBeUndefined() // the fill was applied: flat again
    expect(report.sequence).toBe(3)
    const next = await second.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
    expect(next.clientOrderId).toBe('tb-r-20260105-3')
  })

  it('without a snapshot, adopts its own open orders, moves past used ids and adopts positions', async () => {
    const { clock, broker, bar } = market()
    const first = new OrderManager({ broker, clock, strategyName: 'r', idPrefix: 'bot' })
    await first.start()
    await first.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    bar(10)
    const resting = await first.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 5,
      limitPrice: 8,
      timeInForce: 'gtc',
    })
    first.stop()

    const second = new OrderManager({ broker, clock, strategyName: 'r', idPrefix: 'bot' })
    const report = await second.start()
    expect(report.differences).toEqual([
      expect.objectContaining({ kind: 'order_adopted', clientOrderId: resting.clientOrderId }),
      { kind: 'position_qty', symbol: 'AAPL', local: 0, broker: 10 },
    ])
    expect(second.position('AAPL')?.qty).toBe(10)
    expect(second.orders().map((o) => o.clientOrderId)).toEqual([resting.clientOrderId])
    const next = await second.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
    expect(next.clientOrderId).toBe('bot-r-20260105-3') // never reuses 1 or 2
    // Adopted orders are managed like any other.
    await second.cancel(resting.clientOrderId)
    expect(second.order(resting.clientOrderId)?.status).toBe('canceled')
  })

  it("with positions: 'report', reports position differences without adopting them", async () => {
    const { clock, broker, bar } = market()
    await broker.submitOrder({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 7,
      timeInForce: 'day',
      extendedHours: false,
      clientOrderId: 'other-1',
    })
    bar(10)
    const manager = new OrderManager({ broker, clock, strategyName: 'r', positions: 'report' })
    const report = await manager.start()
    expect(report.differences).toEqual([{ kind: 'position_qty', symbol: 'AAPL', local: 0, broker: 7 }])
    expect(manager.position('AAPL')).toBeUndefined()
  })

  it('marks an order the broker never heard of as missing (rejected)', async () => {
    const { clock, broker } = market()
    const manager = new OrderManager({
      broker,
      clock,
      strategyName: 'r',
      snapshot: {
        version: 1,
        strategyName: 'r',
        idPrefix: 'tb',
        sequence: 8,
        positions: [],
        groups: [],
        orders: [
          {
            clientOrderId: 'tb-r-20260105-7',
            acknowledged: false,
            request: {
              type: 'market',
              symbol: 'AAPL',
              side: 'buy',
              qty: 1,
              timeInForce: 'day',
              extendedHours: false,
              clientOrderId: 'tb-r-20260105-7',
            },
            order: {
              id: 'local:tb-r-20260105-7',
              clientOrderId: 'tb-r-20260105-7',
              symbol: 'AAPL',
              side: 'buy',
              type: 'market',
              orderClass: 'simple',
              qty: 1,
              filledQty: 0,
              timeInForce: 'day',
              extendedHours: false,
              status: 'new',
              createdAt: T0,
              updatedAt: T0,
            },
          },
        ],
      },
    })
    const report = await manager.start()
    expect(report.differences).toEqual([
      { kind: 'order_missing', clientOrderId: 'tb-r-20260105-7', local: 'new' },
    ])
    expect(manager.order('tb-r-20260105-7')?.status).toBe('rejected')
    expect(manager.sequence).toBe(8)
  })

  it('restores an emulated bracket and keeps protecting the position after a restart', async () => {
    const clock = new ManualClock(T0)
    const broker = new PaperBroker({
      clock,
      initialCash: 1_000_000,
      capabilities: { ...DEFAULT_PAPER_CAPABILITIES, bracket: false },
    })
    const feed = (ts: number, o: number, h: number, l: number, c: number) => {
      clock.set(ts + 60_000)
      broker.onMarketEvent({
        kind: 'bar',
        bar: { symbol: 'AAPL', timeframe: '1m', ts, open: o, high: h, low: l, close: c, volume: 1e6 },
      })
    }
    const first = new OrderManager({ broker, clock, strategyName: 'b' })
    await first.start()
    const entry = await first.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      timeInForce: 'gtc',
      bracket: { takeProfit: { limitPrice: 12 }, stopLoss: { stopPrice: 9 } },
    })
    feed(T0, 10, 10, 10, 10)
    await first.settle()
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()))
    first.stop()
    const second = new OrderManager({ broker, clock, strategyName: 'b', snapshot })
    expect((await second.start()).clean).toBe(true)
    feed(T0 + 60_000, 10, 12.5, 10, 12)
    await second.settle()
    expect(second.order(`${entry.clientOrderId}-tp1`)?.status).toBe('filled')
    expect(second.order(`${entry.clientOrderId}-sl2`)?.status).toBe('canceled')
    expect(second.position('AAPL')).toBeUndefined()
  })
})
