import { describe, expect, it } from 'vitest'
import { setup } from './testing.test-helpers.js'

describe('PaperBroker fill rules on bars', () => {
  it('fills a market order at the next bar open, never on bars before it was placed', async () => {
    const t = setup()
    t.bar(10, 10.5, 9.5, 10.2)
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    expect(t.fills()).toEqual([])
    const next = t.bar(10.3, 10.8, 10.1, 10.6)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 100, price: 10.3 }])
    const filled = await t.broker.getOrder(order.id)
    expect(filled.status).toBe('filled')
    expect(filled.filledAt).toBe(next.ts)
    expect(t.updates.find((u) => u.fill)?.fill?.ts).toBe(next.ts)
  })

  it('does not fill an order placed while an event is processed on that same event', async () => {
    const t = setup()
    let placed = false
    t.broker.onOrderUpdate((u) => {
      if (u.event === 'fill' && !placed) {
        placed = true
        void t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 1, limitPrice: 10 })
      }
    })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
    t.bar(10, 10.5, 9.5, 10.2) // fills the market order; the new limit at 10 is touched but new
    expect(t.fills().map((f) => f.order)).toEqual(['t-1'])
    t.bar(10.2, 10.4, 9.9, 10)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 1, price: 10 },
      { order: 't-2', qty: 1, price: 10 },
    ])
  })

  it('fills a buy limit at the limit when the low touches it, at the open when it gaps through', async () => {
    const t = setup()
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 10 })
    t.bar(10.5, 10.6, 10.01, 10.2)
    expect(t.fills()).toEqual([])
    t.bar(10.2, 10.3, 9.8, 10.1)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 10 }])
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 10 })
    t.bar(9.5, 9.9, 9.4, 9.8) // gap below the limit: the open
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 9.5 }])
  })

  it('fills a sell limit at the limit when the high touches it, at the open on a gap up', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 20 })
    t.bar(10, 10.1, 9.9, 10)
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'sell', qty: 10, limitPrice: 11 })
    t.bar(10.5, 11, 10.4, 10.9)
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 11 }])
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'sell', qty: 10, limitPrice: 11 })
    t.bar(11.4, 11.5, 11.2, 11.3)
    expect(t.fills('t-3')).toEqual([{ order: 't-3', qty: 10, price: 11.4 }])
  })

  it("with limitFill 'through' a limit needs the price beyond it", async () => {
    const t = setup({ fills: { limitFill: 'through' } })
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 10 })
    t.bar(10.2, 10.3, 10, 10.1) // touches 10 exactly
    expect(t.fills()).toEqual([])
    t.bar(10.1, 10.2, 9.99, 10)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 10 }])
  })

  it('fills a buy stop at the stop when the high reaches it, at the open on a gap, with slippage', async () => {
    const t = setup({ slippage: { kind: 'bps', bps: 10 } })
    await t.submit({ type: 'stop', symbol: 'AAPL', side: 'buy', qty: 10, stopPrice: 11 })
    t.bar(10.5, 10.99, 10.4, 10.9)
    expect(t.fills()).toEqual([])
    t.bar(10.9, 11.2, 10.8, 11.1)
    // 11 * 1.001 = 11.011, rounded up against the buyer
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 11.02 }])
    await t.submit({ type: 'stop', symbol: 'AAPL', side: 'buy', qty: 10, stopPrice: 11.5 })
    t.bar(12, 12.1, 11.9, 12) // gap through the stop: the open, plus slippage
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 12.02 }])
  })

  it('passes the fill quantity to a slippage function, never past a limit', async () => {
    const impact = ({ price, qty, side }: { price: number; qty: number; side: 'buy' | 'sell' }) =>
      price + (side === 'buy' ? 1 : -1) * (qty >= 100 ? 0.05 : 0.01)
    const t = setup({ slippage: impact })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 10.02 })
    t.bar(10, 10.1, 9.9, 10)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 100, price: 10.05 },
      { order: 't-2', qty: 10, price: 10.01 },
      { order: 't-3', qty: 100, price: 10.02 }, // marketable limit: slips, capped at its limit
    ])
  })

  it('fills a sell stop (stop loss) at the stop, at the open when it gaps down', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 20 })
    t.bar(10, 10.1, 9.9, 10)
    await t.submit({ type: 'stop', symbol: 'AAPL', side: 'sell', qty: 10, stopPrice: 9 })
    t.bar(9.5, 9.6, 8.9, 9.2)
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 9 }])
    await t.submit({ type: 'stop', symbol: 'AAPL', side: 'sell', qty: 10, stopPrice: 9 })
    t.bar(8.5, 8.7, 8.4, 8.6)
    expect(t.fills('t-3')).toEqual([{ order: 't-3', qty: 10, price: 8.5 }])
  })

  it('fills a stop-limit at the stop when triggered intrabar within the limit, and rests as a limit otherwise', async () => {
    const t = setup()
    await t.submit({
      type: 'stop_limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      stopPrice: 11,
      limitPrice: 11.1,
    })
    t.bar(10.8, 11.5, 10.7, 11.4)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 11 }])
    // Gap above the limit: triggered, not filled; later the price comes back within the limit.
    await t.submit({
      type: 'stop_limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      stopPrice: 11,
      limitPrice: 11.1,
    })
    t.bar(11.3, 11.6, 11.2, 11.5)
    expect(t.fills('t-2')).toEqual([])
    t.bar(11.5, 11.6, 11.05, 11.2)
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 11.1 }])
    // A limit below the stop: triggered inside a bar, it never fills on that bar.
    await t.submit({
      type: 'stop_limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      stopPrice: 12,
      limitPrice: 11.9,
    })
    t.bar(11.5, 12.2, 11.5, 12) // triggers; the low after the high is unknown
    expect(t.fills('t-3')).toEqual([])
    t.bar(12.1, 12.2, 11.85, 11.95)
    expect(t.fills('t-3')).toEqual([{ order: 't-3', qty: 10, price: 11.9 }])
  })

  it('trails a sell stop behind the highest price, ratcheting after each bar', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(10, 10, 10, 10)
    const trail = await t.submit({
      type: 'trailing_stop',
      symbol: 'AAPL',
      side: 'sell',
      qty: 10,
      trailPrice: 1,
    })
    expect(trail.stopPrice).toBe(9) // the mark (10) minus the trail
    t.bar(10.2, 11, 9.5, 10.8) // 9.5 does not reach 9; the high moves the stop to 10 for the next bar
    expect(t.fills('t-2')).toEqual([])
    expect((await t.broker.getOrder(trail.id)).stopPrice).toBe(10)
    t.bar(10.5, 10.6, 9.9, 10)
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 10 }])
  })

  it('fills a trailing stop at the open when the market gaps through it; percent trails round away', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(100, 100, 100, 100)
    const trail = await t.submit({
      type: 'trailing_stop',
      symbol: 'AAPL',
      side: 'sell',
      qty: 10,
      trailPercent: 2.5,
    })
    expect(trail.stopPrice).toBe(97.5)
    t.bar(100, 103.33, 99, 103)
    expect((await t.broker.getOrder(trail.id)).stopPrice).toBe(100.74) // 103.33 * 0.975 = 100.746..., down
    t.bar(99, 99.5, 98, 98.5)
    expect(t.fills('t-2')).toEqual([{ order: 't-2', qty: 10, price: 99 }])
  })

  it('fills a bracket: entry at the open, then the stop wins when one bar touches both legs', async () => {
    const t = setup()
    t.bar(10, 10, 10, 10)
    const entry = await t.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    expect(entry.orderClass).toBe('bracket')
    expect(entry.legIds).toHaveLength(2)
    const legs = await Promise.all((entry.legIds ?? []).map((id) => t.broker.getOrder(id)))
    expect(legs.map((l) => l.status)).toEqual(['new', 'new']) // held until the entry fills
    t.bar(10, 10.5, 9.8, 10.2) // entry fills at 10; neither leg touched
    expect(t.fills()).toEqual([{ order: 't-1', qty: 100, price: 10 }])
    t.bar(10, 11.2, 8.8, 10) // both legs touched: the stop wins
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 100, price: 10 },
      { order: 't-1-sl', qty: 100, price: 9 },
    ])
    expect(await t.status(legs[0]?.id as string)).toBe('canceled')
    expect(await t.broker.getPositions()).toEqual([])
  })

  it("lets the take-profit win with intrabarPriority 'limit'", async () => {
    const t = setup({ fills: { intrabarPriority: 'limit' } })
    t.bar(10, 10, 10, 10)
    await t.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    t.bar(10, 10.5, 9.8, 10.2)
    t.bar(10, 11.2, 8.8, 10)
    expect(t.fills().map((f) => [f.order, f.price])).toEqual([
      ['t-1', 10],
      ['t-1-tp', 11],
    ])
  })

  it('exits a bracket on the entry bar when the stop is hit after the open (legsOnEntryEvent)', async () => {
    const on = setup()
    await on.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      bracket: { stopLoss: { stopPrice: 9.5 } },
    })
    on.bar(10, 10.2, 9.4, 9.6)
    expect(on.fills().map((f) => [f.order, f.price])).toEqual([
      ['t-1', 10],
      ['t-1-sl', 9.5],
    ])
    const off = setup({ fills: { legsOnEntryEvent: false } })
    await off.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      bracket: { stopLoss: { stopPrice: 9.5 } },
    })
    off.bar(10, 10.2, 9.4, 9.6)
    expect(off.fills().map((f) => f.order)).toEqual(['t-1'])
    off.bar(9.6, 9.7, 9.5, 9.6)
    expect(off.fills().map((f) => [f.order, f.price])).toEqual([
      ['t-1', 10],
      ['t-1-sl', 9.5],
    ])
  })

  it('fills a gapped bracket stop at the open', async () => {
    const t = setup()
    await t.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      bracket: { takeProfit: { limitPrice: 12 }, stopLoss: { stopPrice: 9 } },
    })
    t.bar(10, 10.1, 9.9, 10)
    t.bar(8, 8.5, 7.5, 8.2)
    expect(t.fills().map((f) => [f.order, f.price])).toEqual([
      ['t-1', 10],
      ['t-1-sl', 8],
    ])
  })

  it('resizes bracket legs leg by leg through partial fills (volume participation)', async () => {
    const t = setup({ fills: { participation: 0.1 } })
    const entry = await t.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    const [tpId, slId] = entry.legIds as [string, string]
    t.bar(10, 10.2, 9.9, 10, 400) // 10% of 400: the entry fills 40
    expect(t.fills()).toEqual([{ order: 't-1', qty: 40, price: 10 }])
    expect((await t.broker.getOrder(tpId)).status).toBe('accepted')
    t.bar(10.5, 11.1, 10.4, 11, 1_000) // budget 100: the entry's 60 at the open, then the TP sells 40
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 40, price: 10 },
      { order: 't-1', qty: 60, price: 10.5 },
      { order: 't-1-tp', qty: 40, price: 11 },
    ])
    const sl = await t.broker.getOrder(slId)
    expect(sl.qty).toBe(60) // resized to what is still held
    expect((await t.broker.getOrder(tpId)).status).toBe('partially_filled')
    t.bar(10, 10.2, 8.5, 9, 10_000) // the stop sells the remaining 60; the TP is canceled
    expect(t.fills().slice(3)).toEqual([{ order: 't-1-sl', qty: 60, price: 9 }])
    expect(await t.status(tpId)).toBe('canceled')
    expect(await t.status(slId)).toBe('filled')
    expect(await t.broker.getPositions()).toEqual([])
  })

  it('sizes the legs to the filled part when a partially filled entry is canceled', async () => {
    const t = setup({ fills: { participation: 0.5 } })
    const entry = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      limitPrice: 10,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
    })
    t.bar(10.2, 10.3, 9.9, 10, 60) // fills 30 at the limit
    await t.broker.cancelOrder(entry.id)
    const [tpId, slId] = entry.legIds as [string, string]
    expect((await t.broker.getOrder(tpId)).qty).toBe(30)
    expect((await t.broker.getOrder(slId)).qty).toBe(30)
    t.bar(10, 11.5, 10, 11, 1_000)
    expect(t.fills('t-1-tp')).toEqual([{ order: 't-1-tp', qty: 30, price: 11 }])
    expect(await t.status(slId)).toBe('canceled')
  })

  it('cancels the held legs when an unfilled bracket entry is canceled', async () => {
    const t = setup()
    const entry = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 9,
      bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 8 } },
    })
    await t.broker.cancelOrder(entry.id)
    for (const id of entry.legIds ?? []) expect(await t.status(id)).toBe('canceled')
    expect(await t.broker.getOrders()).toEqual([])
  })

  it('fills an OCO exit pair: one leg fills, the other is canceled', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 50 })
    t.bar(10, 10, 10, 10)
    const oco = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'sell',
      qty: 50,
      limitPrice: 11,
      oco: { stopLoss: { stopPrice: 9 } },
    })
    expect(oco.orderClass).toBe('oco')
    const stopId = (oco.legIds as [string])[0]
    expect(await t.status(stopId)).toBe('accepted')
    t.bar(10, 11.3, 9.9, 11.2)
    expect(t.fills().slice(1)).toEqual([{ order: 't-2', qty: 50, price: 11 }])
    expect(await t.status(stopId)).toBe('canceled')
  })

  it('caps fills at a share of bar volume and fills the rest on later bars', async () => {
    const t = setup({ fills: { participation: 0.1 } })
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 120 })
    t.bar(10, 10.1, 9.9, 10, 500)
    t.bar(10.1, 10.2, 10, 10.1, 500)
    expect(await t.status(order.id)).toBe('partially_filled')
    t.bar(10.2, 10.3, 10.1, 10.2, 500)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 50, price: 10 },
      { order: 't-1', qty: 50, price: 10.1 },
      { order: 't-1', qty: 20, price: 10.2 },
    ])
    const filled = await t.broker.getOrder(order.id)
    expect(filled.status).toBe('filled')
    expect(filled.avgFillPrice).toBeCloseTo((50 * 10 + 50 * 10.1 + 20 * 10.2) / 120, 10)
    expect(t.updates.filter((u) => u.order.id === order.id).map((u) => u.event)).toEqual([
      'accepted',
      'partial_fill',
      'partial_fill',
      'fill',
    ])
  })

  it('shares one bar of volume among the orders of a symbol, in priority order', async () => {
    const t = setup({ fills: { participation: 0.1 } })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 30 })
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 30, limitPrice: 9.9 })
    t.bar(10, 10.1, 9.8, 10, 400)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 30, price: 10 },
      { order: 't-2', qty: 10, price: 9.9 },
    ])
  })
})

describe('PaperBroker fill rules on quotes and prints', () => {
  it('fills market buys at the ask and sells at the bid', async () => {
    const t = setup({ fills: { bars: false } })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.quote(9.99, 10.01)
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 10 })
    t.quote(10.04, 10.06)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 10, price: 10.01 },
      { order: 't-2', qty: 10, price: 10.04 },
    ])
  })

  it('fills a marketable limit at the quote and a resting limit at its price', async () => {
    const t = setup({ fills: { bars: false } })
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 10.05 })
    t.quote(9.99, 10.01) // marketable when it arrives: the ask
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 9.9 })
    t.quote(9.95, 9.97) // not yet
    t.quote(9.85, 9.88) // the ask crosses the resting limit: filled at the limit
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 10, price: 10.01 },
      { order: 't-2', qty: 10, price: 9.9 },
    ])
  })

  it('triggers stops on the ask (buys) and the bid (sells)', async () => {
    const t = setup({ fills: { bars: false } })
    await t.submit({ type: 'stop', symbol: 'AAPL', side: 'buy', qty: 10, stopPrice: 10.1 })
    t.quote(10.05, 10.09)
    expect(t.fills()).toEqual([])
    t.quote(10.1, 10.12)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 10.12 }])
  })

  it('caps a quote fill at a share of the displayed size', async () => {
    const t = setup({ fills: { bars: false, participation: 0.5 } })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    t.quote(9.99, 10.01, 120)
    t.quote(9.99, 10.02, 200)
    expect(t.fills()).toEqual([
      { order: 't-1', qty: 60, price: 10.01 },
      { order: 't-1', qty: 40, price: 10.02 },
    ])
  })

  it('fills on prints when enabled, and ignores them by default', async () => {
    const off = setup()
    await off.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    off.print(10)
    expect(off.fills()).toEqual([])
    const on = setup({ fills: { prints: true } })
    await on.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    on.print(10.02)
    await on.submit({ type: 'limit', symbol: 'AAPL', side: 'sell', qty: 10, limitPrice: 10.1 })
    on.print(10.05)
    on.print(10.12)
    expect(on.fills()).toEqual([
      { order: 't-1', qty: 10, price: 10.02 },
      { order: 't-2', qty: 10, price: 10.1 },
    ])
  })
})

describe('PaperBroker time in force and latency', () => {
  it('expires day orders when data from after the close arrives, before matching it', async () => {
    const t = setup()
    const day = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 5,
      timeInForce: 'day',
    })
    const gtc = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 5,
      timeInForce: 'gtc',
    })
    const ts = Date.UTC(2026, 0, 6, 14, 30) // Tuesday 09:30
    t.clock.set(ts + 60_000)
    expect(await t.status(day.id)).toBe('accepted') // no timer by default
    t.broker.onMarketEvent({
      kind: 'bar',
      bar: { symbol: 'AAPL', timeframe: '1m', ts, open: 4, high: 4, low: 4, close: 4, volume: 1e6 },
    })
    expect(await t.status(day.id)).toBe('expired')
    expect(t.fills()).toEqual([{ order: gtc.clientOrderId, qty: 10, price: 4 }])
  })

  it('fills a day order placed after a daily bar on the next daily bar, which arrives after the close', async () => {
    const t = setup()
    const monday = Date.UTC(2026, 0, 5, 5, 0) // daily bars stamped 00:00 New York
    const daily = (ts: number, price: number) => {
      t.clock.set(ts + 86_400_000) // known when it ends
      t.broker.onMarketEvent({
        kind: 'bar',
        bar: {
          symbol: 'AAPL',
          timeframe: '1d',
          ts,
          open: price,
          high: price,
          low: price,
          close: price,
          volume: 1e6,
        },
      })
    }
    daily(monday, 10)
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10, timeInForce: 'day' })
    daily(monday + 86_400_000, 11)
    expect(await t.status(order.id)).toBe('filled')
    expect(t.fills()).toEqual([{ order: order.clientOrderId, qty: 10, price: 11 }])
  })

  it('with expiryGraceMs, expires day orders by timer after the close when no data comes', async () => {
    const t = setup({ expiryGraceMs: 60_000 })
    const day = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 5,
      timeInForce: 'day',
    })
    const gtc = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 5,
      timeInForce: 'gtc',
    })
    // Tuesday 09:30 New York: the first bar of the next session.
    const ts = Date.UTC(2026, 0, 6, 14, 30)
    t.clock.set(ts + 60_000)
    expect(await t.status(day.id)).toBe('expired') // the grace timer expired it overnight
    t.broker.onMarketEvent({
      kind: 'bar',
      bar: { symbol: 'AAPL', timeframe: '1m', ts, open: 4, high: 4, low: 4, close: 4, volume: 1e6 },
    })
    expect(t.fills()).toEqual([{ order: gtc.clientOrderId, qty: 10, price: 4 }])
  })

  it('lets the bar that ends at the close fill a day order', async () => {
    const t = setup()
    const order = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      limitPrice: 5,
      timeInForce: 'day',
    })
    const ts = Date.UTC(2026, 0, 5, 20, 59) // 15:59
    t.clock.set(ts + 60_000)
    t.broker.onMarketEvent({
      kind: 'bar',
      bar: { symbol: 'AAPL', timeframe: '1m', ts, open: 5.5, high: 5.5, low: 4.9, close: 5, volume: 1e6 },
    })
    expect(await t.status(order.id)).toBe('filled')
  })

  it('cancels the unfilled rest of an ioc order and the whole of an unfillable fok order', async () => {
    const t = setup({ fills: { participation: 0.1 } })
    const ioc = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100, timeInForce: 'ioc' })
    const fok = await t.submit({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      limitPrice: 11,
      timeInForce: 'fok',
    })
    t.bar(10, 10.1, 9.9, 10, 300)
    expect(t.fills()).toEqual([{ order: ioc.clientOrderId, qty: 30, price: 10 }])
    expect(await t.status(ioc.id)).toBe('canceled')
    expect(await t.status(fok.id)).toBe('canceled')
  })

  it('fills opg orders at the opening bar and cls orders at the closing bar only', async () => {
    const t = setup()
    t.clock.set(Date.UTC(2026, 0, 6, 13, 0)) // Tuesday 08:00 New York
    const opg = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10, timeInForce: 'opg' })
    const cls = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 5, timeInForce: 'cls' })
    const feed = (hhmm: [number, number], price: number) => {
      const ts = Date.UTC(2026, 0, 6, hhmm[0] + 5, hhmm[1])
      t.clock.set(ts + 60_000)
      t.broker.onMarketEvent({
        kind: 'bar',
        bar: {
          symbol: 'AAPL',
          timeframe: '1m',
          ts,
          open: price,
          high: price + 0.5,
          low: price - 0.5,
          close: price + 0.1,
          volume: 1e6,
        },
      })
    }
    feed([9, 29], 9)
    expect(t.fills()).toEqual([])
    feed([9, 30], 10)
    feed([12, 0], 12)
    feed([15, 59], 14)
    expect(t.fills()).toEqual([
      { order: opg.clientOrderId, qty: 10, price: 10 },
      { order: cls.clientOrderId, qty: 5, price: 14.1 },
    ])
  })

  it('expires an opg order that missed the opening bar', async () => {
    const t = setup()
    t.clock.set(Date.UTC(2026, 0, 6, 13, 0))
    const opg = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10, timeInForce: 'opg' })
    const ts = Date.UTC(2026, 0, 6, 14, 35)
    t.clock.set(ts + 60_000)
    t.broker.onMarketEvent({
      kind: 'bar',
      bar: { symbol: 'AAPL', timeframe: '1m', ts, open: 10, high: 10, low: 10, close: 10, volume: 1e6 },
    })
    expect(await t.status(opg.id)).toBe('expired')
    expect(t.fills()).toEqual([])
  })

  it('with latency, an order starts working only after the delay on the clock', async () => {
    const t = setup({ latencyMs: 1_500 })
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    expect(order.status).toBe('new')
    t.quote(9.99, 10.01) // 1 s later: not working yet
    expect(t.fills()).toEqual([])
    t.quote(10, 10.02) // 2 s later: working since 1.5 s, this quote fills it
    expect(t.fills()).toEqual([{ order: 't-1', qty: 10, price: 10.02 }])
    expect(t.updates.filter((u) => u.order.id === order.id).map((u) => u.event)).toEqual([
      'new',
      'accepted',
      'fill',
    ])
  })

  it('with latency, a cancel is pending and a fill can still beat it', async () => {
    const t = setup({ latencyMs: 1_500 })
    const order = await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 10 })
    t.clock.advance(2_000)
    await t.broker.cancelOrder(order.id)
    expect(await t.status(order.id)).toBe('pending_cancel')
    t.quote(9.97, 9.99) // fills before the cancel lands
    t.clock.advance(2_000)
    expect(await t.status(order.id)).toBe('filled')
  })
})

describe('PaperBroker orders that ended', () => {
  it('are still found by id, client id and in closed queries, and refuse cancel, replace and reuse', async () => {
    const t = setup()
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    const limit = await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 5 })
    t.bar(10, 10.5, 9.5, 10.2)
    await t.broker.cancelOrder(limit.id)
    const filled = await t.broker.getOrder(order.id)
    expect(filled).toMatchObject({ status: 'filled', filledQty: 10, clientOrderId: order.clientOrderId })
    expect(await t.broker.getOrderByClientId(order.clientOrderId)).toEqual(filled)
    expect((await t.broker.getOrder(limit.id)).status).toBe('canceled')
    expect((await t.broker.getOrders({ status: 'closed' })).map((o) => o.id)).toEqual([limit.id, order.id])
    expect(await t.broker.getOrders()).toEqual([])
    await expect(t.broker.cancelOrder(order.id)).rejects.toThrow(/cannot be canceled: it is already filled/)
    await expect(t.broker.replaceOrder(limit.id, { limitPrice: 6 })).rejects.toThrow(
      /cannot be replaced: it is already canceled/,
    )
    await expect(
      t.broker.submitOrder({
        type: 'market',
        symbol: 'AAPL',
        side: 'buy',
        qty: 1,
        timeInForce: 'day',
        extendedHours: false,
        clientOrderId: order.clientOrderId,
      }),
    ).rejects.toThrow(/already in use/)
    await t.broker.cancelAllOrders()
    expect(t.broker.snapshot().orders).toEqual([])
  })
})
