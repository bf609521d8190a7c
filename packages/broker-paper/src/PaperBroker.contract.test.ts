import { ManualClock } from '@tradeblocks/core'
import { brokerContract } from '@tradeblocks/test-utils'
import { PaperBroker } from './PaperBroker.js'

const T0 = Date.UTC(2026, 0, 5, 15, 0) // 10:00 New York, a Monday

brokerContract({
  name: 'PaperBroker',
  create: () => {
    const clock = new ManualClock(T0)
    const broker = new PaperBroker({
      clock,
      initialCash: 100_000,
      commission: { kind: 'fixed', perOrder: 1 },
    })
    let ts = T0
    return {
      broker,
      symbol: 'AAPL',
      price: 100,
      trade: async (price: number) => {
        ts += 1_000
        clock.set(ts)
        broker.onMarketEvent({
          kind: 'quote',
          quote: {
            symbol: 'AAPL',
            ts,
            bidPrice: price - 0.01,
            bidSize: 500,
            askPrice: price + 0.01,
            askSize: 500,
          },
        })
      },
    }
  },
})

brokerContract({
  name: 'PaperBroker without replace, with latency',
  create: () => {
    const clock = new ManualClock(T0)
    const broker = new PaperBroker({ clock, latencyMs: 50, capabilities: { replace: false } })
    let ts = T0
    // Latency runs on the clock: move it along while the contract waits.
    const timer = setInterval(() => {
      ts += 25
      clock.set(ts)
    }, 2)
    return {
      broker,
      symbol: 'MSFT',
      price: 400,
      trade: async (price: number) => {
        ts += 100
        clock.set(ts)
        broker.onMarketEvent({
          kind: 'bar',
          bar: {
            symbol: 'MSFT',
            timeframe: '1m',
            ts,
            open: price,
            high: price,
            low: price,
            close: price,
            volume: 10_000,
          },
        })
      },
      close: async () => clearInterval(timer),
    }
  },
})
