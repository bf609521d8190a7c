import { InsufficientFundsError, ManualClock, RejectedError, ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { PaperBroker } from './PaperBroker.js'
import { setup, T0 } from './testing.test-helpers.js'

describe('PaperBroker account rules', () => {
  it('keeps cash, equity and positions to the cent through a round trip with commission', async () => {
    const t = setup({ initialCash: 10_000, commission: { kind: 'per_share', perShare: 0.005, min: 1 } })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    t.bar(12.34, 12.5, 12.3, 12.4)
    let account = await t.broker.getAccount()
    expect(account.cash).toBe(10_000 - 1234 - 1) // 100 × 12.34 and the $1 minimum
    expect(account.equity).toBe(8765 + 1240) // marked at the close, 12.40
    expect(await t.broker.getPositions()).toEqual([
      { symbol: 'AAPL', qty: 100, avgEntryPrice: 12.34, realizedPnl: 0, marketPrice: 12.4, unrealizedPnl: 6 },
    ])
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 100 })
    t.bar(12.61, 12.7, 12.6, 12.65)
    account = await t.broker.getAccount()
    expect(account.cash).toBe(10_000 - 1234 - 1 + 1261 - 1)
    expect(account.equity).toBe(account.cash)
    expect(await t.broker.getPositions()).toEqual([])
    expect(t.updates.filter((u) => u.fill).map((u) => u.fill?.commission)).toEqual([1, 1])
  })

  it('charges a per-order commission once across partial fills', async () => {
    const t = setup({
      commission: { kind: 'per_share', perShare: 0.01, min: 1.5 },
      fills: { participation: 0.1 },
    })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 300 })
    t.bar(10, 10, 10, 10, 1_000) // 100 shares: $1 by the share, $1.50 by the minimum
    t.bar(10, 10, 10, 10, 1_000) // 200 shares: $2 in total, so $0.50 more
    t.bar(10, 10, 10, 10, 1_000) // 300 shares: $3, so $1 more
    expect(t.updates.filter((u) => u.fill).map((u) => u.fill?.commission)).toEqual([1.5, 0.5, 1])
  })

  it('charges percent-of-value and fixed commissions', async () => {
    const pct = setup({ commission: { kind: 'percent', percent: 0.1 } })
    await pct.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    pct.bar(25.55, 26, 25, 25.8)
    expect(pct.updates.find((u) => u.fill)?.fill?.commission).toBe(2.56) // 0.1% of 2,555
    const fixed = setup({ commission: { kind: 'fixed', perOrder: 4.95 } })
    await fixed.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    fixed.bar(25.55, 26, 25, 25.8)
    expect(fixed.updates.find((u) => u.fill)?.fill?.commission).toBe(4.95)
  })

  it('rejects an order the account cannot pay for, counting orders already working', async () => {
    const t = setup({ initialCash: 1_000 })
    t.bar(10, 10, 10, 10)
    await expect(t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 101 })).rejects.toBeInstanceOf(
      InsufficientFundsError,
    )
    await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 60, limitPrice: 10 })
    // 600 is reserved by the working limit: 50 more at 10 does not fit.
    await expect(
      t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 50, limitPrice: 10 }),
    ).rejects.toThrow(/Buying power 400\.00 is below the 500\.00/)
    expect((await t.broker.getAccount()).buyingPower).toBe(400)
  })

  it('cuts a fill to what the account can pay when the price gaps up', async () => {
    const t = setup({ initialCash: 1_000 })
    t.bar(10, 10, 10, 10)
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 100 })
    t.bar(12.5, 12.6, 12.4, 12.5)
    expect(t.fills()).toEqual([{ order: 't-1', qty: 80, price: 12.5 }])
    const after = await t.broker.getOrder(order.id)
    expect(after.status).toBe('canceled')
    expect(after.rejectReason).toMatch(/insufficient buying power/)
    expect((await t.broker.getAccount()).cash).toBe(0)
  })

  it('uses the margin multiplier for buying power', async () => {
    const t = setup({ initialCash: 1_000, marginMultiplier: 2 })
    t.bar(10, 10, 10, 10)
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 150 })
    t.bar(10, 10, 10, 10)
    const account = await t.broker.getAccount()
    expect(account.cash).toBe(-500)
    expect(account.equity).toBe(1_000)
    expect(account.buyingPower).toBe(500) // 2 × 1,000 − 1,500 held
  })

  it('refuses to sell short unless short selling is enabled', async () => {
    const t = setup()
    t.bar(10, 10, 10, 10)
    await expect(t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 10 })).rejects.toBeInstanceOf(
      RejectedError,
    )
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(10, 10, 10, 10)
    await expect(t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 11 })).rejects.toThrow(
      /short selling is disabled/,
    )
    const short = setup({ capabilities: { shortSelling: true }, marginMultiplier: 2 })
    short.bar(10, 10, 10, 10)
    await short.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 10 })
    short.bar(10, 10, 10, 9)
    const [position] = await short.broker.getPositions()
    expect(position?.qty).toBe(-10)
    expect(position?.unrealizedPnl).toBe(10)
  })

  it('never takes a position short at fill time when shorting is off (two exits racing)', async () => {
    const t = setup()
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(10, 10, 10, 10)
    const a = await t.submit({ type: 'limit', symbol: 'AAPL', side: 'sell', qty: 10, limitPrice: 11 })
    const b = await t.submit({ type: 'stop', symbol: 'AAPL', side: 'sell', qty: 10, stopPrice: 9 })
    t.bar(10, 11.5, 8.5, 10)
    expect(t.fills().slice(1)).toEqual([{ order: b.clientOrderId, qty: 10, price: 9 }])
    const refused = await t.broker.getOrder(a.id)
    expect(refused.status).toBe('rejected')
    expect(refused.rejectReason).toMatch(/short/)
    expect(await t.broker.getPositions()).toEqual([])
  })

  it('realizes P&L when a position flips from long to short', async () => {
    const t = setup({ capabilities: { shortSelling: true }, marginMultiplier: 2 })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(10, 10, 10, 10)
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 15 })
    t.bar(12, 12, 12, 12)
    expect(await t.broker.getPositions()).toEqual([
      { symbol: 'AAPL', qty: -5, avgEntryPrice: 12, realizedPnl: 20, marketPrice: 12, unrealizedPnl: 0 },
    ])
  })

  it('counts day trades by New York trading date and protects against a fourth one', async () => {
    const t = setup({ initialCash: 10_000, patternDayTrader: { protection: true } })
    for (let i = 0; i < 3; i++) {
      await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
      t.bar(10, 10, 10, 10)
      await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 1 })
      t.bar(10, 10, 10, 10)
    }
    expect((await t.broker.getAccount()).dayTradeCount).toBe(3)
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
    t.bar(10, 10, 10, 10)
    await expect(t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 1 })).rejects.toThrow(
      /pattern day trader/,
    )
    // The next day the position is no longer opened today: selling it is not a day trade.
    t.clock.set(Date.UTC(2026, 0, 6, 15, 0))
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 1 })
    const account = await t.broker.getAccount()
    expect(account.dayTradeCount).toBe(3)
    expect(account.patternDayTrader).toBe(false)
  })

  it('validates its options and requests, naming the field', async () => {
    const clock = new ManualClock(T0)
    expect(() => new PaperBroker({ clock, fills: { participation: 1.5 } })).toThrow(ValidationError)
    expect(() => new PaperBroker({ clock, initialCash: -1 })).toThrow(/initialCash/)
    expect(() => new PaperBroker({ clock, commission: { kind: 'percent', percent: -1 } })).toThrow(/percent/)
    expect(() => new PaperBroker({ clock, slippage: { kind: 'ticks', ticks: 1.5 } })).toThrow(/whole number/)
    const t = setup()
    await expect(
      t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 1, limitPrice: 10.005 }),
    ).rejects.toThrow(/limitPrice is not on a valid tick/)
    await expect(t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1.5 })).rejects.toThrow(
      /fractional/,
    )
    await expect(
      t.submit({
        type: 'market',
        symbol: 'AAPL',
        side: 'buy',
        qty: 1,
        extendedHours: true,
        timeInForce: 'day',
      }),
    ).rejects.toThrow(/extended-hours/)
    const noBracket = setup({ capabilities: { bracket: false } })
    await expect(
      noBracket.submit({
        type: 'market',
        symbol: 'AAPL',
        side: 'buy',
        qty: 1,
        bracket: { takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9 } },
      }),
    ).rejects.toThrow(/does not support bracket/)
  })

  it('fills notional and fractional orders when enabled', async () => {
    const t = setup({ capabilities: { notional: true, fractional: true } })
    const order = await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', notional: 1_000 })
    t.bar(300, 301, 299, 300)
    const filled = await t.broker.getOrder(order.id)
    expect(filled.status).toBe('filled')
    expect(filled.filledQty).toBeCloseTo(3.333333333, 9)
    expect((await t.broker.getAccount()).cash).toBeCloseTo(1_000_000 - 1_000, 2)
  })

  it('replaces a partially filled order: fills stay on the old order, the new one works the rest', async () => {
    const t = setup({ fills: { participation: 0.1 } })
    const order = await t.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 10 })
    t.bar(10, 10, 9.9, 10, 400)
    const replacement = await t.broker.replaceOrder(order.id, { limitPrice: 10.5 })
    expect(replacement.qty).toBe(60)
    expect(replacement.replacesId).toBe(order.id)
    const old = await t.broker.getOrder(order.id)
    expect(old.status).toBe('replaced')
    expect(old.filledQty).toBe(40)
    expect(old.replacedById).toBe(replacement.id)
    t.bar(10.4, 10.6, 10.3, 10.5, 1_000)
    expect(t.fills(replacement.clientOrderId)).toEqual([
      { order: replacement.clientOrderId, qty: 60, price: 10.4 },
    ])
    expect((await t.broker.getPositions())[0]?.qty).toBe(100)
  })
})

describe('PaperBroker snapshots', () => {
  it('continues after a restart: cash, positions, working brackets, day trades and used client ids', async () => {
    const t = setup({ initialCash: 50_000, commission: { kind: 'fixed', perOrder: 1 } })
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
    t.bar(10, 10, 10, 10)
    await t.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 10 }) // a day trade
    t.bar(10.5, 10.5, 10.5, 10.5)
    const entry = await t.submit({
      type: 'market',
      symbol: 'AAPL',
      side: 'buy',
      qty: 20,
      bracket: { takeProfit: { limitPrice: 12 }, stopLoss: { stopPrice: 9 } },
    })
    t.bar(10, 10.2, 9.9, 10) // entry fills; exits work
    const resting = await t.submit({ type: 'limit', symbol: 'MSFT', side: 'buy', qty: 1, limitPrice: 100 })
    const before = {
      account: await t.broker.getAccount(),
      positions: await t.broker.getPositions(),
      orders: await t.broker.getOrders(),
    }
    const saved = JSON.parse(JSON.stringify(t.broker.snapshot()))

    const clock = new ManualClock(t.clock.now())
    const restored = new PaperBroker({ clock, snapshot: saved, commission: { kind: 'fixed', perOrder: 1 } })
    expect(await restored.getAccount()).toEqual(before.account)
    expect(await restored.getPositions()).toEqual(before.positions)
    expect(await restored.getOrders()).toEqual(before.orders)
    expect((await restored.getAccount()).dayTradeCount).toBe(1)
    // Used client ids stay used, order ids continue.
    await expect(
      restored.submitOrder({
        type: 'market',
        symbol: 'AAPL',
        side: 'buy',
        qty: 1,
        timeInForce: 'day',
        extendedHours: false,
        clientOrderId: 't-1',
      }),
    ).rejects.toThrow(/already in use/)
    const next = await restored.submitOrder({
      type: 'limit',
      symbol: 'AAPL',
      side: 'buy',
      qty: 1,
      limitPrice: 5,
      timeInForce: 'gtc',
      extendedHours: false,
      clientOrderId: 'after-restart',
    })
    expect(Number(next.id.split('-')[1])).toBeGreaterThan(Number(resting.id.split('-')[1]))
    // The bracket still works: the take-profit fills and the stop is canceled.
    const updates: string[] = []
    restored.onOrderUpdate((u) => updates.push(`${u.order.clientOrderId} ${u.event}`))
    const ts = T0 + 10 * 60_000
    clock.set(ts + 60_000)
    restored.onMarketEvent({
      kind: 'bar',
      bar: { symbol: 'AAPL', timeframe: '1m', ts, open: 11, high: 12.5, low: 11, close: 12, volume: 1e6 },
    })
    expect(updates).toEqual([`${entry.clientOrderId}-tp fill`, `${entry.clientOrderId}-sl canceled`])
    expect(await restored.getPositions()).toEqual([])
  })

  it('refuses a snapshot of another version', () => {
    const clock = new ManualClock(T0)
    const bad = { version: 2 } as unknown as ConstructorParameters<typeof PaperBroker>[0]['snapshot']
    expect(() => new PaperBroker({ clock, ...(bad === undefined ? {} : { snapshot: bad }) })).toThrow(
      /version must be 1/,
    )
  })
})
