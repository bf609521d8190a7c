import { PaperBroker } from '@tradeblocks/broker-paper'
import { type Bar, isTerminalStatus, type OrderRequestInput } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { OrderAnomaly } from './EngineEvents.js'
import { OrderManager } from './OrderManager.js'
import {
  AutoClock,
  FaultyBroker,
  type FaultyBrokerOptions,
  type SubmitFault,
  T0,
} from './testing.test-helpers.js'

function rig(
  options: FaultyBrokerOptions = {},
  paper: ConstructorParameters<typeof PaperBroker>[0] | undefined = undefined,
) {
  const clock = new AutoClock(T0)
  const inner = new PaperBroker(paper ?? { clock, initialCash: 1_000_000 })
  const broker = new FaultyBroker(inner, options)
  const manager = new OrderManager({
    broker,
    clock,
    strategyName: 'faults',
    submitTimeoutMs: 5_000,
    lookupDelayMs: 200,
    lookupAttempts: 6,
  })
  const anomalies: OrderAnomaly[] = []
  manager.events.on('anomaly', (a) => anomalies.push(a))
  let minute = 0
  const bar = async (open: number, high: number, low: number, close: number, volume = 1_000_000) => {
    const ts = T0 + minute++ * 60_000
    const b: Bar = { symbol: 'AAPL', timeframe: '1m', ts, open, high, low, close, volume }
    clock.advanceTo(ts + 60_000)
    inner.onMarketEvent({ kind: 'bar', bar: b })
    await manager.settle()
  }
  return { clock, inner, broker, manager, anomalies, bar }
}

async function brokerClientIds(broker: PaperBroker): Promise<string[]> {
  return (await broker.getOrders({ status: 'all' })).map((o) => o.clientOrderId)
}

const buy = (qty = 10): OrderRequestInput => ({ type: 'market', symbol: 'AAPL', side: 'buy', qty })

describe('OrderManager against a faulty broker', () => {
  it('assigns deterministic, unique client order ids from the New York date and a sequence', async () => {
    const { manager } = rig()
    await manager.start()
    const a = await manager.submit(buy())
    const b = await manager.submit(buy())
    expect(a.clientOrderId).toBe('tb-faults-20260105-1')
    expect(b.clientOrderId).toBe('tb-faults-20260105-2')
    expect(manager.sequence).toBe(3)
  })

  it('adopts an order whose submit timed out after the broker accepted it, without resending', async () => {
    const { inner, broker, manager, bar } = rig({ submitFaults: ['timeout_after_accept'] })
    await manager.start()
    const order = await manager.submit(buy())
    expect(order.status).toBe('accepted')
    expect(order.id).not.toMatch(/^local:/)
    expect(broker.submits).toEqual([order.clientOrderId])
    await bar(10, 10, 10, 10)
    expect(manager.order(order.clientOrderId)?.status).toBe('filled')
    expect(await brokerClientIds(inner as PaperBroker)).toEqual([order.clientOrderId])
    expect(broker.duplicateSends).toEqual([])
  })

  it('adopts an order after a 5xx when the order exists, looking up through failing lookups', async () => {
    const { inner, broker, manager } = rig({ submitFaults: ['unavailable_after_accept'], lookupFailures: 2 })
    await manager.start()
    const order = await manager.submit(buy())
    expect(order.status).toBe('accepted')
    expect(broker.submits).toHaveLength(1)
    expect(await brokerClientIds(inner as PaperBroker)).toEqual([order.clientOrderId])
  })

  it('resolves a submit whose acknowledgement never comes (call hangs, update dropped)', async () => {
    const { broker, manager, bar } = rig({ submitFaults: ['hang'], drop: (u) => u.event === 'accepted' })
    await manager.start()
    const order = await manager.submit(buy())
    expect(order.status).toBe('accepted')
    expect(broker.submits).toHaveLength(1)
    await bar(10, 10, 10, 10)
    expect(manager.order(order.clientOrderId)?.status).toBe('filled')
  })

  it('sends again, with the same client order id, only after lookups find no order', async () => {
    const { inner, broker, manager } = rig({ submitFaults: ['network_before'] })
    await manager.start()
    const order = await manager.submit(buy())
    expect(order.status).toBe('accepted')
    expect(broker.submits).toEqual([order.clientOrderId, order.clientOrderId])
    expect(broker.duplicateSends).toEqual([])
    expect(await brokerClientIds(inner as PaperBroker)).toEqual([order.clientOrderId])
  })

  it('reports a refusal as a rejected order, without throwing', async () => {
    const { manager } = rig()
    await manager.start()
    const updates: string[] = []
    manager.onUpdate((u) => updates.push(u.event))
    const order = await manager.submit({ type: 'market', symbol: 'AAPL', side: 'sell', qty: 10 })
    expect(order.status).toBe('rejected')
    expect(order.rejectReason).toMatch(/short selling is disabled/)
    expect(updates).toEqual(['rejected'])
  })

  it('throws synchronously for an invalid request, naming the field and the value', () => {
    const { manager } = rig()
    expect(() =>
      manager.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 1, limitPrice: 10.001 }),
    ).toThrow(/limitPrice is not on a valid tick.*10\.001/)
    expect(() => manager.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: -1 })).toThrow(
      /qty must be greater than 0/,
    )
  })

  it('ignores a stale partial fill that arrives after the final fill', async () => {
    const clock = new AutoClock(T0)
    const inner = new PaperBroker({ clock, initialCash: 1_000_000, fills: { participation: 0.1 } })
    const broker = new FaultyBroker(inner, { reorderFills: true })
    const manager = new OrderManager({ broker, clock, strategyName: 'ooo' })
    const stale: OrderAnomaly[] = []
    manager.events.on('anomaly', (a) => stale.push(a))
    await manager.start()
    const order = await manager.submit(buy(30))
    for (let i = 0; i < 3; i++) {
      const ts = T0 + i * 60_000
      clock.advanceTo(ts + 60_000)
      inner.onMarketEvent({
        kind: 'bar',
        bar: {
          symbol: 'AAPL',
          timeframe: '1m',
          ts,
          open: 10 + i,
          high: 10 + i,
          low: 10 + i,
          close: 10 + i,
          volume: 100,
        },
      })
    }
    const fills: number[] = []
    manager.events.on('fill', ({ fill }) => fills.push(fill.price))
    broker.flush() // fill(12), partial(11), partial(10)
    await manager.settle()
    const tracked = manager.order(order.clientOrderId)
    expect(tracked?.status).toBe('filled')
    expect(tracked?.filledQty).toBe(30)
    expect(fills).toEqual([12, 11, 10]) // every execution reported once
    expect(stale.map((a) => a.kind)).toEqual(['stale_update', 'stale_update'])
    const position = manager.position('AAPL')
    expect(position?.qty).toBe(30)
    expect(position?.avgEntryPrice).toBeCloseTo(11, 10)
    expect((await inner.getPositions())[0]?.qty).toBe(30)
  })

  it('recovers a dropped fill update with syncOpenOrders', async () => {
    const { manager, bar } = rig({ drop: (u) => u.event === 'fill' })
    await manager.start()
    const order = await manager.submit(buy())
    await bar(10, 10, 10, 10)
    expect(manager.order(order.clientOrderId)?.status).toBe('accepted')
    await manager.syncOpenOrders()
    expect(manager.order(order.clientOrderId)?.status).toBe('filled')
    expect(manager.position('AAPL')?.qty).toBe(10)
  })

  it('never duplicates, ends every order terminal and reconciles positions, whatever the faults', async () => {
    const faults: SubmitFault[] = [
      'none',
      'hang',
      'timeout_after_accept',
      'unavailable_after_accept',
      'network_before',
      'unavailable_before',
    ]
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('buy' as const),
        qty: fc.integer({ min: 1, max: 50 }),
        limit: fc.option(fc.integer({ min: 95, max: 105 })),
      }),
      fc.record({ kind: fc.constant('sell' as const), qty: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() }),
      fc.record({ kind: fc.constant('bar' as const), close: fc.integer({ min: 95, max: 105 }) }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...faults), { maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(action, { minLength: 1, maxLength: 25 }),
        async (submitFaults, lookupFailures, dropAcks, reorderFills, actions) => {
          const clock = new AutoClock(T0)
          const inner = new PaperBroker({ clock, initialCash: 1_000_000, fills: { participation: 0.001 } })
          const broker = new FaultyBroker(inner, {
            submitFaults,
            lookupFailures,
            reorderFills,
            ...(dropAcks ? { drop: (u: { event: string }) => u.event === 'accepted' } : {}),
          })
          const manager = new OrderManager({
            broker,
            clock,
            strategyName: 'prop',
            submitTimeoutMs: 2_000,
            lookupDelayMs: 100,
            lookupAttempts: 8,
          })
          await manager.start()
          let minute = 0
          const ids: string[] = []
          const pending: Promise<unknown>[] = []
          for (const a of actions) {
            if (a.kind === 'buy') {
              const request: OrderRequestInput =
                a.limit === null
                  ? { type: 'market', symbol: 'AAPL', side: 'buy', qty: a.qty, timeInForce: 'gtc' }
                  : {
                      type: 'limit',
                      symbol: 'AAPL',
                      side: 'buy',
                      qty: a.qty,
                      limitPrice: a.limit,
                      timeInForce: 'gtc',
                    }
              const p = manager.submit(request)
              pending.push(p.then((o) => ids.push(o.clientOrderId)))
            } else if (a.kind === 'sell') {
              const held = manager.position('AAPL')?.qty ?? 0
              if (held >= a.qty)
                pending.push(
                  manager.submit({
                    type: 'market',
                    symbol: 'AAPL',
                    side: 'sell',
                    qty: a.qty,
                    timeInForce: 'gtc',
                  }),
                )
            } else if (a.kind === 'cancel') {
              const open = manager.orders()
              const target = open[a.which % Math.max(1, open.length)]
              if (target !== undefined)
                pending.push(manager.cancel(target.clientOrderId).catch(() => undefined))
            } else {
              const ts = T0 + minute++ * 60_000
              clock.advanceTo(ts + 60_000)
              inner.onMarketEvent({
                kind: 'bar',
                bar: {
                  symbol: 'AAPL',
                  timeframe: '1m',
                  ts,
                  open: a.close,
                  high: a.close + 1,
                  low: a.close - 1,
                  close: a.close,
                  volume: 20_000,
                },
              })
            }
          }
          await Promise.all(pending)
          await manager.settle()
          await manager.cancelAll()
          broker.flush()
          await manager.syncOpenOrders()
          broker.flush()
          await manager.settle()
          // No duplicate: one broker order per client order id, and no submit for an id it had.
          const atBroker = await inner.getOrders({ status: 'all' })
          const cids = atBroker.map((o) => o.clientOrderId)
          expect(new Set(cids).size).toBe(cids.length)
          expect(broker.duplicateSends).toEqual([])
          // Every order terminal, in the manager and at the broker.
          expect(manager.orders({ status: 'open' })).toEqual([])
          for (const o of atBroker) expect(isTerminalStatus(o.status)).toBe(true)
          for (const o of manager.orders({ status: 'all' })) {
            const remote = atBroker.find((b) => b.clientOrderId === o.clientOrderId)
            if (remote !== undefined) {
              expect(o.status).toBe(remote.status)
              expect(o.filledQty).toBe(remote.filledQty)
            } else {
              // Never reached the broker: refused, or given up after the strategy canceled it.
              expect(['rejected', 'canceled']).toContain(o.status)
            }
          }
          // Positions reconcile.
          const remote = (await inner.getPositions()).find((p) => p.symbol === 'AAPL')?.qty ?? 0
          expect(manager.position('AAPL')?.qty ?? 0).toBe(remote)
        },
      ),
      { numRuns: 150 },
    )
  })
})
