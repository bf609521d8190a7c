import { DEFAULT_PAPER_CAPABILITIES, PaperBroker, type PaperBrokerOptions } from '@tradeblocks/broker-paper'
import { type Broker, ManualClock, type Order, type OrderUpdate } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import type { OrderAnomaly } from './EngineEvents.js'
import { OrderManager } from './OrderManager.js'
import { FaultyBroker, T0 } from './testing.test-helpers.js'

const BASIC = { ...DEFAULT_PAPER_CAPABILITIES, bracket: false, oco: false, oto: false, trailingStop: false }

function rig(paper: Partial<PaperBrokerOptions> = {}, wrap?: (b: PaperBroker) => Broker) {
  const clock = new ManualClock(T0)
  const inner = new PaperBroker({ clock, initialCash: 1_000_000, capabilities: BASIC, ...paper })
  const broker = wrap === undefined ? inner : wrap(inner)
  const manager = new OrderManager({ broker, clock, strategyName: 'emu' })
  const updates: OrderUpdate[] = []
  const anomalies: OrderAnomaly[] = []
  manager.onUpdate((u) => updates.push(u))
  manager.events.on('anomaly', (a) => anomalies.push(a))
  let minute = 0
  const bar = async (open: number, high: number, low: number, close: number, volume = 1_000_000) => {
    const ts = T0 + minute++ * 60_000
    clock.set(ts + 60_000)
    const event = {
      kind: 'bar' as const,
      bar: { symbol: 'AAPL', timeframe: '1m' as const, ts, open, high, low, close, volume },
    }
    inner.onMarketEvent(event)
    manager.onMarketEvent(event)
    await manager.settle()
  }
  /** Open exit legs at the broker, by role suffix. */
  const legs = async () => {
    const open = await inner.getOrders()
    const pick = (tag: string) => open.filter((o) => o.clientOrderId.includes(`-${tag}`))
    return { tp: pick('tp'), sl: pick('sl'), ts: pick('ts'), all: open }
  }
  const remaining = (o: Order | undefined) => (o === undefined ? 0 : (o.qty ?? 0) - o.filledQty)
  return { clock, inner, manager, updates, anomalies, bar, legs, remaining }
}

describe('OrderManager emulation (broker without bracket, OCO or trailing stops)', () => {
  it('sends a bracket entry alone and its exits when it fills, sized to the fill', async () => {
    const t = rig()
    await t.manager.start()
    const entry = await t.manager.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    expect(entry.orderClass).toBe('bracket')
    const sent = await t.inner.getOrder(entry.id)
    expect(sent.orderClass).toBe('simple') // the broker got a plain market order
    expect((await t.legs()).all).toHaveLength(1)
    await t.bar(10, 10.2, 9.9, 10)
    const { tp, sl } = await t.legs()
    expect(tp.map((o) => [o.clientOrderId, o.type, o.side, o.qty, o.limitPrice])).toEqual([
      [`${entry.clientOrderId}-tp1`, 'limit', 'sell', 100, 11],
    ])
    expect(sl.map((o) => [o.clientOrderId, o.type, o.side, o.qty, o.stopPrice])).toEqual([
      [`${entry.clientOrderId}-sl2`, 'stop', 'sell', 100, 9],
    ])
    // The take-profit fills: the stop is canceled, the position is flat.
    await t.bar(10.5, 11.3, 10.4, 11.2)
    expect((await t.legs()).all).toEqual([])
    expect(t.manager.order(`${entry.clientOrderId}-sl2`)?.status).toBe('canceled')
    expect(t.manager.position('AAPL')).toBeUndefined()
    expect(await t.inner.getPositions()).toEqual([])
    expect(t.anomalies).toEqual([])
  })

  it('resizes the exits leg by leg through partial fills of the entry and of an exit', async () => {
    const t = rig({ fills: { participation: 0.1 } })
    await t.manager.start()
    const entry = await t.manager.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    const exposure = () => t.manager.position('AAPL')?.qty ?? 0
    const check = async () => {
      const { tp, sl } = await t.legs()
      expect(tp.length).toBeLessThanOrEqual(1)
      expect(sl.length).toBeLessThanOrEqual(1)
      expect(t.remaining(tp[0])).toBe(exposure())
      expect(t.remaining(sl[0])).toBe(exposure())
    }
    await t.bar(10, 10.2, 9.9, 10, 400) // entry 40
    expect(exposure()).toBe(40)
    await check()
    await t.bar(10, 10.3, 9.9, 10.1, 300) // entry +30 → 70: both exits resized by replace
    expect(exposure()).toBe(70)
    await check()
    const replaced = (await t.inner.getOrders({ status: 'closed' })).filter((o) => o.status === 'replaced')
    expect(replaced.map((o) => o.clientOrderId).sort()).toEqual([
      `${entry.clientOrderId}-sl2`,
      `${entry.clientOrderId}-tp1`,
    ])
    await t.bar(10.2, 10.4, 10.1, 10.3, 300) // entry +30 → 100 (done)
    expect(exposure()).toBe(100)
    expect(t.manager.order(entry.clientOrderId)?.status).toBe('filled')
    await check()
    await t.bar(10.8, 11.1, 10.7, 11, 400) // the take-profit sells 40: the stop shrinks to 60
    expect(exposure()).toBe(60)
    await check()
    await t.bar(10, 10.1, 8.8, 9, 10_000) // the stop sells the rest: the take-profit is canceled
    expect(exposure()).toBe(0)
    expect((await t.legs()).all).toEqual([])
    expect(await t.inner.getPositions()).toEqual([])
    expect(t.manager.orders()).toEqual([])
    expect(t.anomalies).toEqual([])
  })

  it('never sends exits for an entry canceled before any fill', async () => {
    const t = rig()
    await t.manager.start()
    const entry = await t.manager.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 9,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 8 } },
    })
    await t.bar(10, 10.2, 9.5, 10)
    await t.manager.cancel(entry.clientOrderId)
    await t.bar(8.5, 8.6, 8.4, 8.5)
    expect(t.manager.order(entry.clientOrderId)?.status).toBe('canceled')
    expect((await t.inner.getOrders({ status: 'all' })).map((o) => o.clientOrderId)).toEqual([
      entry.clientOrderId,
    ])
  })

  it('sends an OCO as two orders; when one bar reaches both, the stop fills and the limit is canceled in time', async () => {
    const t = rig()
    await t.manager.start()
    await t.manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 50 })
    await t.bar(10, 10, 10, 10)
    const oco = await t.manager.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'sell',
      qty: 50,
      limitPrice: 11,
      oco: { stopLoss: { stopPrice: 9 } },
    })
    expect(oco.orderClass).toBe('oco')
    const { tp, sl } = await t.legs()
    expect(sl.map((o) => [o.type, o.qty, o.stopPrice])).toEqual([['stop', 50, 9]])
    expect(tp).toHaveLength(0) // the limit itself carries the client id the strategy sees
    expect((await t.inner.getOrder(oco.id)).type).toBe('limit')
    await t.bar(10, 11.5, 8.5, 10)
    expect(t.manager.order(oco.clientOrderId)?.status).toBe('canceled')
    expect(t.manager.position('AAPL')).toBeUndefined()
    expect(await t.inner.getPositions()).toEqual([])
    expect(t.anomalies).toEqual([])
  })

  it('reports an overfill when a slow broker lets both exits fill', async () => {
    const t = rig({ capabilities: { ...BASIC, shortSelling: true }, marginMultiplier: 2 }, (inner) => {
      // Cancels take effect one macrotask late: the race the emulation cannot close at a real broker.
      const slow = new FaultyBroker(inner)
      slow.cancelOrder = (id: string) =>
        new Promise((resolve, reject) => setImmediate(() => inner.cancelOrder(id).then(resolve, reject)))
      return slow
    })
    await t.manager.start()
    await t.manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 50 })
    await t.bar(10, 10, 10, 10)
    await t.manager.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'sell',
      qty: 50,
      limitPrice: 11,
      oco: { stopLoss: { stopPrice: 9 } },
    })
    await t.bar(10, 11.5, 8.5, 10)
    expect(t.anomalies.map((a) => a.kind)).toEqual(['overfill'])
    expect(t.manager.position('AAPL')?.qty).toBe(-50)
    expect((await t.inner.getPositions())[0]?.qty).toBe(-50)
  })

  it('emulates a trailing stop with a stop order it moves up with the market', async () => {
    const t = rig()
    await t.manager.start()
    await t.manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    await t.bar(10, 10, 10, 10)
    t.updates.length = 0
    const trail = await t.manager.submit({
      type: 'trailing_stop',
      symbol: 'AAPL',
      side: 'sell',
      qty: 10,
      trailPrice: 0.5,
    })
    expect(trail.status).toBe('accepted')
    await t.bar(10, 10.4, 9.9, 10.3) // high 10.4: stop 9.9
    expect((await t.legs()).ts.map((o) => o.stopPrice)).toEqual([9.9])
    await t.bar(10.3, 11, 10.2, 10.9) // high 11: stop 10.5 (replaced)
    expect((await t.legs()).ts.map((o) => o.stopPrice)).toEqual([10.5])
    await t.bar(10.9, 10.95, 10.6, 10.7) // no new high: the stop stays
    expect((await t.legs()).ts.map((o) => o.stopPrice)).toEqual([10.5])
    await t.bar(10.7, 10.7, 10.2, 10.3) // falls through 10.5
    const done = t.manager.order(trail.clientOrderId)
    expect(done?.status).toBe('filled')
    expect(done?.avgFillPrice).toBe(10.5)
    expect(t.manager.position('AAPL')).toBeUndefined()
    // The strategy sees the trailing stop, not the stop orders behind it.
    expect(t.updates.map((u) => [u.order.clientOrderId, u.event])).toEqual([
      [trail.clientOrderId, 'accepted'],
      [trail.clientOrderId, 'fill'],
    ])
  })

  it('resizes by cancel and resend when the broker cannot replace', async () => {
    const t = rig({ capabilities: { ...BASIC, replace: false }, fills: { participation: 0.1 } })
    await t.manager.start()
    const entry = await t.manager.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { stopLoss: { stopPrice: 9 } },
    })
    expect(entry.orderClass).toBe('oto')
    await t.bar(10, 10.2, 9.9, 10, 500) // 50
    await t.bar(10, 10.2, 9.9, 10, 500) // 100
    const { sl, tp } = await t.legs()
    expect(tp).toEqual([])
    expect(sl.map((o) => [o.clientOrderId, o.qty])).toEqual([[`${entry.clientOrderId}-sl2`, 100]])
    expect(t.manager.order(`${entry.clientOrderId}-sl1`)?.status).toBe('canceled')
  })

  it('does not send canceled exits again: cancelAll on a filled bracket leaves the position unprotected on purpose', async () => {
    const t = rig()
    await t.manager.start()
    const entry = await t.manager.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      bracket: { takeProfit: { limitPrice: 12 }, stopLoss: { stopPrice: 9 } },
    })
    await t.bar(10, 10.2, 9.9, 10)
    expect((await t.legs()).all).toHaveLength(2)
    await t.manager.cancelAll()
    await t.manager.settle()
    await t.bar(10, 10.2, 9.9, 10)
    expect((await t.legs()).all).toEqual([])
    expect(t.manager.order(`${entry.clientOrderId}-tp1`)?.status).toBe('canceled')
    expect(t.manager.position('AAPL')?.qty).toBe(10)
  })

  it('cancels both orders of an emulated OCO when the strategy cancels it', async () => {
    const t = rig()
    await t.manager.start()
    await t.manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 5 })
    await t.bar(10, 10, 10, 10)
    const oco = await t.manager.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'sell',
      qty: 5,
      limitPrice: 11,
      oco: { stopLoss: { stopPrice: 9 } },
    })
    expect((await t.inner.getOrders()).length).toBe(2)
    await t.manager.cancel(oco.clientOrderId)
    await t.manager.settle()
    await t.bar(10, 10.1, 9.9, 10)
    expect(await t.inner.getOrders()).toEqual([])
    expect(t.manager.orders()).toEqual([])
  })

  it('places an emulated trailing stop at once from the last price seen', async () => {
    const t = rig()
    await t.manager.start()
    await t.manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    await t.bar(20, 20, 20, 20)
    await t.manager.submit({ type: 'trailing_stop', symbol: 'AAPL', side: 'sell', qty: 10, trailPercent: 5 })
    expect((await t.legs()).ts.map((o) => o.stopPrice)).toEqual([19])
  })
})
