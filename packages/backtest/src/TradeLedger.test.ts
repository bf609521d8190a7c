import type { Fill, Order } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { exitReasonOf, TradeLedger } from './TradeLedger.js'

const T = Date.UTC(2026, 0, 5, 15)
let seq = 0

function fill(
  side: 'buy' | 'sell',
  qty: number,
  price: number,
  ts = T + seq * 60_000,
  commission = 0,
  id = `o${seq}`,
): Fill {
  seq++
  return {
    id: `f${seq}`,
    orderId: id,
    clientOrderId: `c-${id}`,
    symbol: 'ACME',
    side,
    qty,
    price,
    ts,
    commission,
  }
}

function order(partial: Partial<Order>): Order {
  return {
    id: 'x',
    clientOrderId: 'tb-s-20260105-1',
    symbol: 'ACME',
    side: 'sell',
    type: 'market',
    orderClass: 'simple',
    filledQty: 0,
    timeInForce: 'day',
    extendedHours: false,
    status: 'filled',
    createdAt: T,
    updatedAt: T,
    ...partial,
  }
}

describe('TradeLedger', () => {
  test('a long round trip with a scale-in and a partial exit', () => {
    const ledger = new TradeLedger(10_000)
    ledger.fill(fill('buy', 100, 10, T, 1), undefined)
    ledger.mark('ACME', 10.5, 10.6, 9.9)
    ledger.fill(fill('buy', 100, 11, T + 60_000, 1), undefined)
    ledger.fill(fill('sell', 50, 12, T + 120_000, 1), undefined)
    expect(ledger.trades).toHaveLength(0)
    expect(ledger.openTrades()).toEqual([
      expect.objectContaining({
        symbol: 'ACME',
        side: 'long',
        qty: 150,
        avgEntryPrice: 10.5,
        markPrice: 12,
        realizedPnl: 72,
      }),
    ])
    ledger.fill(fill('sell', 150, 9, T + 180_000, 1), order({ type: 'stop', stopPrice: 9 }))
    expect(ledger.trades).toEqual([
      expect.objectContaining({
        id: 1,
        side: 'long',
        qty: 200,
        entryTs: T,
        entryPrice: 10.5,
        exitTs: T + 180_000,
        exitPrice: 9.75,
        grossPnl: -150,
        fees: 4,
        netPnl: -154,
        exitReason: 'stop_loss',
        bestPrice: 12,
        worstPrice: 9,
        fills: 4,
      }),
    ])
    // Cash: 10000 - 1000 - 1100 + 600 + 1350 - 4 fees.
    expect(ledger.cash).toBeCloseTo(9846, 9)
    expect(ledger.equity).toBeCloseTo(9846, 9)
  })

  test('a reversal closes the long and opens a short with the rest of the fill; fees split in proportion', () => {
    const ledger = new TradeLedger(0)
    ledger.fill(fill('buy', 100, 10, T, 2), undefined)
    ledger.fill(fill('sell', 300, 11, T + 60_000, 3), undefined)
    expect(ledger.trades).toEqual([
      expect.objectContaining({ side: 'long', qty: 100, grossPnl: 100, fees: 3, netPnl: 97 }),
    ])
    expect(ledger.openTrades()).toEqual([
      expect.objectContaining({ side: 'short', qty: 200, avgEntryPrice: 11 }),
    ])
    ledger.mark('ACME', 10)
    expect(ledger.openTrades()[0]?.unrealizedPnl).toBe(200)
    ledger.fill(fill('buy', 200, 10.5, T + 120_000, 1), undefined)
    expect(ledger.trades[1]).toEqual(
      expect.objectContaining({ side: 'short', qty: 200, grossPnl: 100, fees: 3, netPnl: 97 }),
    )
  })

  test('property: equity always equals cash plus marked positions, and closed P&L adds up', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            buy: fc.boolean(),
            qty: fc.integer({ min: 1, max: 500 }),
            price: fc.integer({ min: 100, max: 20_000 }),
            mark: fc.integer({ min: 100, max: 20_000 }),
            fee: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 40 },
        ),
        (steps) => {
          const ledger = new TradeLedger(100_000)
          let position = 0
          let cash = 100_000
          let lastMark = 0
          for (const step of steps) {
            const price = step.price / 100
            const fee = step.fee / 100
            ledger.fill(fill(step.buy ? 'buy' : 'sell', step.qty, price, T, fee), undefined)
            position += step.buy ? step.qty : -step.qty
            cash -= (step.buy ? 1 : -1) * step.qty * price + fee
            lastMark = step.mark / 100
            ledger.mark('ACME', lastMark)
          }
          expect(ledger.cash).toBeCloseTo(cash, 6)
          expect(ledger.equity).toBeCloseTo(cash + position * lastMark, 6)
          const open = ledger.openTrades()
          expect(open.length).toBe(position === 0 ? 0 : 1)
          if (position !== 0) expect(open[0]?.qty).toBe(Math.abs(position))
          // Realized (closed trades and partial exits) plus unrealized equals the change in equity.
          const closed = ledger.trades.reduce((a, t) => a + t.netPnl, 0)
          const openPnl = open.reduce((a, t) => a + t.realizedPnl + t.unrealizedPnl, 0)
          expect(closed + openPnl).toBeCloseTo(ledger.equity - 100_000, 4)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('initial stops and R multiples: a bracket leg, a separate stop, a trailing stop, none', () => {
    const ledger = new TradeLedger(100_000)
    // Trade 1: bracket entry o1 with a native stop leg (parentId o1, created before the fill).
    ledger.fill({ ...fill('buy', 100, 10, T + 60_000), orderId: 'o1', clientOrderId: 'e1' }, undefined)
    ledger.fill(fill('sell', 100, 12, T + 120_000), order({ type: 'limit', limitPrice: 12, parentId: 'o1' }))
    // Trade 2: a stop placed after the entry.
    ledger.fill(fill('buy', 10, 20, T + 180_000), undefined)
    ledger.fill(fill('sell', 10, 19, T + 300_000), order({ type: 'stop', stopPrice: 19 }))
    // Trade 3: a trailing stop of $1.
    ledger.fill(fill('buy', 10, 30, T + 360_000), undefined)
    ledger.fill(fill('sell', 10, 31, T + 480_000), order({ type: 'trailing_stop', trailPrice: 1 }))
    // Trade 4: no stop at all.
    ledger.fill(fill('buy', 10, 40, T + 540_000), undefined)
    ledger.fill(fill('sell', 10, 41, T + 600_000), undefined)
    ledger.assignStops([
      order({ id: 'leg', parentId: 'o1', type: 'stop', stopPrice: 9.5, createdAt: T }),
      order({ id: 's2', type: 'stop', stopPrice: 19, createdAt: T + 200_000 }),
      order({ id: 's2b', type: 'stop', stopPrice: 19.5, createdAt: T + 250_000, replacesId: 's2' }),
      order({ id: 't3', type: 'trailing_stop', trailPrice: 1, createdAt: T + 370_000 }),
      order({ id: 'other', symbol: 'OTHER', type: 'stop', stopPrice: 1, createdAt: T + 550_000 }),
    ])
    const [t1, t2, t3, t4] = ledger.trades
    expect([t1?.exitReason, t2?.exitReason, t3?.exitReason, t4?.exitReason]).toEqual([
      'take_profit',
      'stop_loss',
      'trailing_stop',
      'signal',
    ])
    expect([t1?.initialStop, t1?.rMultiple]).toEqual([9.5, 4])
    expect([t2?.initialStop, t2?.rMultiple]).toEqual([19, -1])
    expect([t3?.initialStop, t3?.rMultiple]).toEqual([29, 1])
    expect(t4?.initialStop).toBeUndefined()
    expect(t4?.rMultiple).toBeUndefined()
  })

  test('closeAll marks open positions out at their last price as end_of_data trades', () => {
    const ledger = new TradeLedger(1000)
    ledger.fill(fill('sell', 10, 50), undefined)
    ledger.mark('ACME', 45)
    ledger.closeAll(T + 999)
    expect(ledger.trades).toEqual([
      expect.objectContaining({
        side: 'short',
        exitPrice: 45,
        grossPnl: 50,
        exitReason: 'end_of_data',
        exitTs: T + 999,
      }),
    ])
    expect(ledger.openTrades()).toEqual([])
  })

  test('exit reasons from client order id suffixes of emulated and native legs', () => {
    expect(exitReasonOf(order({ clientOrderId: 'tb-s-1-tp1', type: 'limit' }))).toBe('take_profit')
    expect(exitReasonOf(order({ clientOrderId: 'tb-s-1-sl', type: 'stop' }))).toBe('stop_loss')
    expect(exitReasonOf(order({ clientOrderId: 'tb-s-1-ts3', type: 'stop' }))).toBe('trailing_stop')
    expect(exitReasonOf(order({ type: 'limit' }))).toBe('signal')
    expect(exitReasonOf(order({ type: 'stop_limit' }))).toBe('stop_loss')
    expect(exitReasonOf(undefined)).toBe('signal')
  })
})
