import { type Bar, ManualClock, type OrderRequestInput, type OrderUpdate } from '@tradeblocks/core'
import { PaperBroker } from './PaperBroker.js'
import type { PaperBrokerOptions } from './PaperBrokerOptions.js'

/** Monday 2026-01-05 10:00 New York. */
export const T0 = Date.UTC(2026, 0, 5, 15, 0)

/** A paper broker with helpers to feed hand-built events, as a runner would. */
export function setup(options: Partial<PaperBrokerOptions> = {}) {
  const clock = new ManualClock(T0)
  const broker = new PaperBroker({ clock, initialCash: 1_000_000, ...options })
  const updates: OrderUpdate[] = []
  broker.onOrderUpdate((u) => updates.push(u))
  let minute = 0
  let seq = 0
  /** Feeds the next one-minute bar (clock at its end, as the runners do). */
  const bar = (
    open: number,
    high: number,
    low: number,
    close: number,
    volume = 1_000_000,
    symbol = 'AAPL',
  ): Bar => {
    const ts = T0 + minute++ * 60_000
    const b: Bar = { symbol, timeframe: '1m', ts, open, high, low, close, volume }
    if (ts + 60_000 > clock.now()) clock.set(ts + 60_000)
    broker.onMarketEvent({ kind: 'bar', bar: b })
    return b
  }
  const quote = (bidPrice: number, askPrice: number, size = 1_000_000, symbol = 'AAPL') => {
    const ts = clock.now() + 1_000
    clock.set(ts)
    broker.onMarketEvent({
      kind: 'quote',
      quote: { symbol, ts, bidPrice, bidSize: size, askPrice, askSize: size },
    })
  }
  const print = (price: number, size = 1_000_000, symbol = 'AAPL') => {
    const ts = clock.now() + 1_000
    clock.set(ts)
    broker.onMarketEvent({ kind: 'print', print: { symbol, ts, price, size } })
  }
  const submit = (request: OrderRequestInput) =>
    broker.submitOrder({
      timeInForce: 'gtc',
      extendedHours: false,
      clientOrderId: `t-${++seq}`,
      ...request,
    } as Parameters<PaperBroker['submitOrder']>[0])
  const fills = (clientOrderId?: string) =>
    updates
      .filter(
        (u) =>
          u.fill !== undefined && (clientOrderId === undefined || u.order.clientOrderId === clientOrderId),
      )
      .map((u) => ({ order: u.order.clientOrderId, qty: u.fill?.qty, price: u.fill?.price }))
  const status = async (id: string) => (await broker.getOrder(id)).status
  return { clock, broker, updates, bar, quote, print, submit, fills, status }
}
