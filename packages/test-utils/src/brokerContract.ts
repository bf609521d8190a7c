import {
  AccountSchema,
  type Broker,
  canTransition,
  isBaseError,
  isTerminalStatus,
  type Order,
  type OrderRequest,
  OrderSchema,
  type OrderUpdate,
  PositionSchema,
  roundToTick,
} from '@tradeblocks/core'
import { afterEach, describe, expect, it, vi } from 'vitest'

/**
 * One fresh broker for one contract test, and a way to move its market.
 */
export interface BrokerContractHarness {
  /** The broker under test, with an empty account (no orders, no positions). */
  broker: Broker
  /** A symbol the venue trades. */
  symbol: string
  /** Where the venue trades `symbol` now; limits at half of it rest without filling. */
  price: number
  /**
   * Makes the venue trade `symbol` at `price` (a quote and a bar for a simulated broker, a fill on a
   * loopback fake), so marketable orders fill.
   */
  trade(price: number): Promise<void>
  /** Releases the harness (servers, timers). */
  close?(): Promise<void>
}

/**
 * Options of {@link brokerContract}.
 */
export interface BrokerContractOptions {
  /** Shown in the test names. */
  name: string
  /** Creates a fresh harness per test. */
  create: () => BrokerContractHarness | Promise<BrokerContractHarness>
  /** How long to wait for asynchronous updates, ms. Default 2,000. */
  waitMs?: number
}

type ClientRequest = OrderRequest & { clientOrderId: string }
type LimitRequest = Extract<OrderRequest, { type: 'limit' }> & { clientOrderId: string }

let counter = 0
function clientId(tag: string): string {
  counter++
  return `contract-${tag}-${counter}`
}

function limitBuy(symbol: string, price: number, tag = 'lmt'): LimitRequest {
  return {
    type: 'limit',
    symbol,
    side: 'buy',
    qty: 1,
    limitPrice: roundToTick(price / 2, 'down'),
    timeInForce: 'gtc',
    extendedHours: false,
    clientOrderId: clientId(tag),
  }
}

function market(symbol: string, side: 'buy' | 'sell', qty: number, tag = 'mkt'): ClientRequest {
  return {
    type: 'market',
    symbol,
    side,
    qty,
    timeInForce: 'day',
    extendedHours: false,
    clientOrderId: clientId(tag),
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the broker call to reject, but it resolved')
}

/**
 * The shared broker contract: every `Broker` implementation (broker-paper, and every adapter against
 * its loopback fake) passes it. It tests the port only: submit, get by id and by client order id,
 * list, cancel, cancel all, replace, positions, account, the update stream, duplicate client order
 * ids and validation.
 *
 * @example
 * ```ts
 * import { brokerContract } from '@tradeblocks/test-utils'
 *
 * brokerContract({ name: 'PaperBroker', create: () => makeHarness() })
 * ```
 */
export function brokerContract(options: BrokerContractOptions): void {
  const waitMs = options.waitMs ?? 2_000
  const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: waitMs, interval: 10 })

  describe(`broker contract: ${options.name}`, () => {
    let harness: BrokerContractHarness | undefined
    const fresh = async () => {
      harness = await options.create()
      return harness
    }
    afterEach(async () => {
      await harness?.close?.()
      harness = undefined
    })

    it('reports a valid account, capabilities and a name', async () => {
      const { broker } = await fresh()
      expect(typeof broker.name).toBe('string')
      expect(broker.name.length).toBeGreaterThan(0)
      for (const key of [
        'bracket',
        'oco',
        'oto',
        'trailingStop',
        'fractional',
        'notional',
        'shortSelling',
        'extendedHours',
        'replace',
      ] as const) {
        expect(typeof broker.capabilities[key]).toBe('boolean')
      }
      const account = await broker.getAccount()
      expect(AccountSchema.safeParse(account).success).toBe(true)
      expect(account.equity).toBeGreaterThan(0)
      expect(await broker.getPositions()).toEqual([])
      expect(await broker.getOrders()).toEqual([])
    })

    it('submits an order and finds it by id, by client order id and in the open list', async () => {
      const { broker, symbol, price } = await fresh()
      const request = limitBuy(symbol, price)
      const order = await broker.submitOrder(request)
      expect(OrderSchema.safeParse(order).success).toBe(true)
      expect(order.clientOrderId).toBe(request.clientOrderId)
      expect(order.symbol).toBe(symbol)
      expect(order.side).toBe('buy')
      expect(order.type).toBe('limit')
      expect(order.limitPrice).toBe(request.limitPrice)
      expect(order.qty).toBe(1)
      expect(order.filledQty).toBe(0)
      expect(['new', 'accepted']).toContain(order.status)
      const byId = await broker.getOrder(order.id)
      expect(byId.id).toBe(order.id)
      expect(byId.clientOrderId).toBe(request.clientOrderId)
      const byClient = await broker.getOrderByClientId(request.clientOrderId)
      expect(byClient?.id).toBe(order.id)
      const openOrders = await broker.getOrders()
      expect(openOrders.map((o) => o.id)).toContain(order.id)
      expect((await broker.getOrders({ status: 'closed' })).map((o) => o.id)).not.toContain(order.id)
      expect((await broker.getOrders({ status: 'open', symbols: ['ZZZZ'] })).map((o) => o.id)).not.toContain(
        order.id,
      )
    })

    it('answers unknown ids: getOrder throws not_found, getOrderByClientId returns undefined', async () => {
      const { broker } = await fresh()
      const error = await rejection(broker.getOrder('no-such-order-id'))
      expect(isBaseError(error)).toBe(true)
      expect((error as { code: string }).code).toBe('not_found')
      expect(await broker.getOrderByClientId('contract-never-sent')).toBeUndefined()
    })

    it('refuses a duplicate client order id and keeps a single order', async () => {
      const { broker, symbol, price } = await fresh()
      const request = limitBuy(symbol, price, 'dup')
      const first = await broker.submitOrder(request)
      const error = await rejection(broker.submitOrder({ ...request }))
      expect(isBaseError(error)).toBe(true)
      expect(['rejected', 'validation']).toContain((error as { code: string }).code)
      const all = await broker.getOrders({ status: 'all' })
      expect(all.filter((o) => o.clientOrderId === request.clientOrderId).map((o) => o.id)).toEqual([
        first.id,
      ])
      // Still refused after the first one is canceled: client ids are never reused.
      await broker.cancelOrder(first.id)
      await waitFor(async () => expect((await broker.getOrder(first.id)).status).toBe('canceled'))
      const again = await rejection(broker.submitOrder({ ...request }))
      expect(isBaseError(again)).toBe(true)
    })

    it('refuses invalid requests with a typed error and creates nothing', async () => {
      const { broker, symbol, price } = await fresh()
      const bad: LimitRequest[] = [
        { ...limitBuy(symbol, price, 'badqty'), qty: -5 },
        { ...limitBuy(symbol, price, 'zeroqty'), qty: 0 },
        { ...limitBuy(symbol, price, 'offtick'), limitPrice: roundToTick(price / 2, 'down') + 0.005 },
        { ...limitBuy(symbol, price, 'nanprice'), limitPrice: Number.NaN },
        { ...limitBuy(symbol, price, 'badsym'), symbol: 'not a symbol' },
      ]
      for (const request of bad) {
        const error = await rejection(broker.submitOrder(request))
        expect(isBaseError(error), `request ${request.clientOrderId}`).toBe(true)
        expect(['validation', 'rejected']).toContain((error as { code: string }).code)
        expect(await broker.getOrderByClientId(request.clientOrderId)).toBeUndefined()
      }
      expect(await broker.getOrders({ status: 'all' })).toEqual([])
    })

    it('cancels an order: the update stream reports it and it leaves the open list', async () => {
      const { broker, symbol, price } = await fresh()
      const updates: OrderUpdate[] = []
      const stop = broker.onOrderUpdate((u) => updates.push(u))
      const order = await broker.submitOrder(limitBuy(symbol, price, 'cxl'))
      await broker.cancelOrder(order.id)
      await waitFor(async () => expect((await broker.getOrder(order.id)).status).toBe('canceled'))
      await waitFor(() =>
        expect(updates.some((u) => u.order.id === order.id && u.event === 'canceled')).toBe(true),
      )
      expect((await broker.getOrders()).map((o) => o.id)).not.toContain(order.id)
      expect((await broker.getOrders({ status: 'closed' })).map((o) => o.id)).toContain(order.id)
      // Canceling again does not change a terminal order.
      await broker.cancelOrder(order.id).catch(() => undefined)
      expect((await broker.getOrder(order.id)).status).toBe('canceled')
      stop()
    })

    it('cancels every open order with cancelAllOrders', async () => {
      const { broker, symbol, price } = await fresh()
      const a = await broker.submitOrder(limitBuy(symbol, price, 'all'))
      const b = await broker.submitOrder(limitBuy(symbol, price * 0.9, 'all'))
      await broker.cancelAllOrders()
      await waitFor(async () => {
        expect((await broker.getOrder(a.id)).status).toBe('canceled')
        expect((await broker.getOrder(b.id)).status).toBe('canceled')
      })
      expect(await broker.getOrders()).toEqual([])
    })

    it('replaces a working order when it supports replace', async () => {
      const { broker, symbol, price } = await fresh()
      const order = await broker.submitOrder(limitBuy(symbol, price, 'rpl'))
      if (!broker.capabilities.replace) {
        const error = await rejection(
          broker.replaceOrder(order.id, { limitPrice: order.limitPrice as number }),
        )
        expect(isBaseError(error)).toBe(true)
        return
      }
      const newPrice = roundToTick((order.limitPrice as number) - 0.01, 'down')
      const replacement = await broker.replaceOrder(order.id, { limitPrice: newPrice })
      expect(replacement.id).not.toBe(order.id)
      expect(replacement.limitPrice).toBe(newPrice)
      expect(replacement.clientOrderId).not.toBe(order.clientOrderId)
      await waitFor(async () => expect((await broker.getOrder(order.id)).status).toBe('replaced'))
      const working = await broker.getOrders()
      expect(working.map((o) => o.id)).toContain(replacement.id)
      expect(working.map((o) => o.id)).not.toContain(order.id)
      if (replacement.replacesId !== undefined) expect(replacement.replacesId).toBe(order.id)
    })

    it('fills a market order: fill update, position, cash; then flattens', async () => {
      const { broker, symbol, price, trade } = await fresh()
      const before = await broker.getAccount()
      const updates: OrderUpdate[] = []
      const stop = broker.onOrderUpdate((u) => updates.push(u))
      const buy = await broker.submitOrder(market(symbol, 'buy', 3))
      await trade(price)
      await waitFor(async () => expect((await broker.getOrder(buy.id)).status).toBe('filled'))
      const filled = await broker.getOrder(buy.id)
      expect(filled.filledQty).toBe(3)
      expect(filled.avgFillPrice).toBeGreaterThan(0)
      await waitFor(() => expect(updates.some((u) => u.order.id === buy.id && u.event === 'fill')).toBe(true))
      const fills = updates.filter((u) => u.order.id === buy.id && u.fill !== undefined).map((u) => u.fill!)
      expect(fills.reduce((sum, f) => sum + f.qty, 0)).toBe(3)
      for (const f of fills) {
        expect(f.orderId).toBe(buy.id)
        expect(f.clientOrderId).toBe(buy.clientOrderId)
        expect(f.price).toBeGreaterThan(0)
        expect(f.commission).toBeGreaterThanOrEqual(0)
      }
      const positions = await broker.getPositions()
      expect(positions).toHaveLength(1)
      expect(PositionSchema.safeParse(positions[0]).success).toBe(true)
      expect(positions[0]?.symbol).toBe(symbol)
      expect(positions[0]?.qty).toBe(3)
      const after = await broker.getAccount()
      expect(after.cash).toBeLessThan(before.cash)
      const paid = before.cash - after.cash
      const value = 3 * (filled.avgFillPrice as number)
      expect(paid).toBeGreaterThanOrEqual(value - 0.01)

      const sell = await broker.submitOrder(market(symbol, 'sell', 3))
      await trade(price)
      await waitFor(async () => expect((await broker.getOrder(sell.id)).status).toBe('filled'))
      await waitFor(async () => expect(await broker.getPositions()).toEqual([]))
      stop()
    })

    it('streams updates in order, each a valid order moving along the state machine', async () => {
      const { broker, symbol, price, trade } = await fresh()
      const updates: OrderUpdate[] = []
      const stop = broker.onOrderUpdate((u) => updates.push(u))
      const resting = await broker.submitOrder(limitBuy(symbol, price, 'seq'))
      const buy = await broker.submitOrder(market(symbol, 'buy', 1, 'seq'))
      await trade(price)
      await broker.cancelOrder(resting.id)
      await waitFor(async () => {
        expect((await broker.getOrder(buy.id)).status).toBe('filled')
        expect((await broker.getOrder(resting.id)).status).toBe('canceled')
      })
      await waitFor(() => {
        expect(updates.some((u) => u.order.id === resting.id && u.event === 'canceled')).toBe(true)
        expect(updates.some((u) => u.order.id === buy.id && u.event === 'fill')).toBe(true)
      })
      const lastStatus = new Map<string, Order['status']>()
      for (const u of updates) {
        expect(OrderSchema.safeParse(u.order).success, JSON.stringify(u.order)).toBe(true)
        expect(Number.isFinite(u.ts)).toBe(true)
        if (u.event === 'fill' || u.event === 'partial_fill') expect(u.fill).toBeDefined()
        const previous = lastStatus.get(u.order.id)
        if (previous !== undefined && previous !== u.order.status) {
          expect(canTransition(previous, u.order.status), `${previous} -> ${u.order.status}`).toBe(true)
        }
        if (previous !== undefined)
          expect(isTerminalStatus(previous) && previous !== u.order.status).toBe(false)
        lastStatus.set(u.order.id, u.order.status)
      }
      // Unsubscribing stops delivery.
      stop()
      const count = updates.length
      const late = await broker.submitOrder(limitBuy(symbol, price, 'late'))
      await broker.cancelOrder(late.id)
      await waitFor(async () => expect((await broker.getOrder(late.id)).status).toBe('canceled'))
      expect(updates.length).toBe(count)
    })
  })
}
