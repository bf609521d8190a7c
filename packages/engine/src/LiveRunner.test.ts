import { PaperBroker } from '@tradeblocks/broker-paper'
import {
  type Bar,
  ManualClock,
  type MarketDataCapabilities,
  type MarketDataSource,
  type MarketDataSubscription,
  type MarketEvent,
  type Quote,
  type SubscriptionRequest,
} from '@tradeblocks/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StaleEvent } from './EngineEvents.js'
import { LiveRunner, type LiveRunnerOptions } from './LiveRunner.js'
import type { Strategy } from './Strategy.js'
import { StrategyError } from './StrategyError.js'
import { FaultyBroker } from './testing.test-helpers.js'

const T0 = Date.UTC(2026, 0, 5, 15, 0) // Monday 10:00 New York

const capabilities: MarketDataCapabilities = {
  historicalBars: false,
  historicalQuotes: false,
  historicalPrints: false,
  latestQuote: false,
  latestPrint: false,
  snapshots: false,
  liveBars: true,
  liveQuotes: true,
  livePrints: true,
  timeframes: ['1m'],
  provenance: { source: 'test', delayMs: 0, realtime: true },
}

/** A live source the test drives: push events into the current subscription, or let it go silent. */
class ControlledSource implements MarketDataSource {
  readonly name = 'controlled'
  readonly capabilities = capabilities
  readonly requests: SubscriptionRequest[] = []

  /** A live-only source has no history. */
  getBars(): AsyncIterable<Bar> {
    return {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: undefined }) }),
    }
  }
  #push: ((event: MarketEvent) => void) | undefined
  #end: ((error?: Error) => void) | undefined

  subscribe(request: SubscriptionRequest): MarketDataSubscription {
    this.requests.push(request)
    const queue: MarketEvent[] = []
    let waiting: (() => void) | undefined
    let closed = false
    let failure: Error | undefined
    this.#push = (event) => {
      queue.push(event)
      waiting?.()
    }
    this.#end = (error) => {
      closed = true
      failure = error
      waiting?.()
    }
    return {
      provenance: capabilities.provenance,
      close: async () => {
        closed = true
        waiting?.()
      },
      [Symbol.asyncIterator]: async function* () {
        for (;;) {
          while (queue.length > 0) yield queue.shift() as MarketEvent
          if (failure !== undefined) throw failure
          if (closed) return
          await new Promise<void>((resolve) => {
            waiting = resolve
          })
          waiting = undefined
        }
      },
    }
  }

  push(event: MarketEvent): void {
    this.#push?.(event)
  }

  fail(error: Error): void {
    this.#end?.(error)
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 2_000, interval: 1 })
}

function quote(ts: number, bid: number, ask: number): MarketEvent {
  return {
    kind: 'quote',
    quote: { symbol: 'AAPL', ts, bidPrice: bid, bidSize: 100, askPrice: ask, askSize: 100 } satisfies Quote,
  }
}
function bar(ts: number, close: number): MarketEvent {
  return {
    kind: 'bar',
    bar: {
      symbol: 'AAPL',
      timeframe: '1m',
      ts,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1_000,
    } satisfies Bar,
  }
}

const runners: LiveRunner[] = []
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop('test end')
})

function rig(strategy: Strategy, options: Partial<LiveRunnerOptions> = {}) {
  const clock = new ManualClock(T0)
  const broker = new PaperBroker({ clock, initialCash: 100_000 })
  const source = new ControlledSource()
  const runner = new LiveRunner({
    strategy,
    broker,
    clock,
    marketData: source,
    subscription: { bars: ['AAPL'], quotes: ['AAPL'] },
    orderSyncIntervalMs: 0,
    ...options,
  })
  runners.push(runner)
  return { clock, broker, source, runner }
}

describe('LiveRunner', () => {
  it('publishes stale and resubscribes when the stream goes silent during the session', async () => {
    const { clock, source, runner } = rig({ name: 'quiet' }, { staleAfterMs: 60_000 })
    const stale: StaleEvent[] = []
    runner.events.on('stale', (s) => stale.push(s))
    await runner.start()
    expect(source.requests).toHaveLength(1)
    source.push(bar(T0 - 60_000, 10))
    await tick()
    clock.advance(59_000)
    expect(stale).toEqual([])
    clock.advance(2_000) // 61 s without an event
    await until(() => source.requests.length === 2)
    // The watchdog fires when the silence reaches the limit (a timer on the clock, due at 60 s).
    expect(stale).toEqual([{ silentMs: 60_000, lastEventAt: T0, ts: T0 + 60_000, resubscribing: true }])
    // The new subscription delivers again.
    const bars: number[] = []
    runner.events.on('order', () => undefined)
    source.push(bar(T0, 11))
    await until(() => runner.context.history('AAPL', '1m').length === 2)
    bars.push(...runner.context.history('AAPL', '1m').map((b) => b.close))
    expect(bars).toEqual([10, 11])
  })

  it('does not call a closed market stale', async () => {
    const { clock, source, runner } = rig({ name: 'night' }, { staleAfterMs: 60_000 })
    const stale: StaleEvent[] = []
    runner.events.on('stale', (s) => stale.push(s))
    clock.set(Date.UTC(2026, 0, 5, 22, 0)) // 17:00 New York, after the close
    await runner.start()
    clock.set(Date.UTC(2026, 0, 6, 14, 0)) // Tuesday 09:00: still closed
    await tick()
    expect(stale).toEqual([])
    expect(source.requests).toHaveLength(1)
    clock.set(Date.UTC(2026, 0, 6, 14, 31, 1)) // 61 s into Tuesday's session, no data
    await until(() => stale.length === 1)
    expect(stale[0]).toMatchObject({ silentMs: 60_000, ts: Date.UTC(2026, 0, 6, 14, 31) })
  })

  it('resubscribes when the stream fails', async () => {
    const { clock, source, runner } = rig({ name: 'fail' }, { staleAfterMs: 60_000 })
    const errors: string[] = []
    runner.events.on('error', (e) => errors.push(e.shortMessage))
    await runner.start()
    source.fail(new Error('socket closed'))
    await until(() => errors.length === 1)
    expect(errors).toEqual(['market data stream failed.'])
    clock.advance(5_000)
    await until(() => source.requests.length === 2)
  })

  it('keeps reading while the strategy is slow: quotes coalesce, bars and order updates are all delivered', async () => {
    let release: (() => void) | undefined
    const seen: string[] = []
    const strategy: Strategy = {
      name: 'slow',
      async onQuote(q, ctx) {
        seen.push(`quote ${q.askPrice}`)
        if (q.askPrice === 10.01) {
          void ctx.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 })
          await new Promise<void>((resolve) => {
            release = resolve
          })
        }
      },
      onBar(b) {
        seen.push(`bar ${b.close}`)
      },
      onOrderUpdate(u) {
        seen.push(`order ${u.event} ${u.fill?.price ?? ''}`.trim())
      },
    }
    const { source, runner, broker } = rig(strategy, { staleAfterMs: 0 })
    let dropped = 0
    runner.events.on('dropped', (d) => {
      dropped += d.count
    })
    await runner.start()
    source.push(quote(T0 + 1, 10, 10.01))
    await until(() => release !== undefined) // the strategy is now stuck in onQuote
    for (let i = 2; i <= 50; i++) source.push(quote(T0 + i, 10 + i / 100, 10.01 + i / 100))
    source.push(bar(T0, 10.3))
    source.push(bar(T0 + 60_000, 10.4))
    await tick()
    // The market moved on without the strategy: the order filled at the next quote.
    const [position] = await broker.getPositions()
    expect(position?.qty).toBe(10)
    expect(position?.avgEntryPrice).toBe(10.03)
    release?.()
    await until(() => seen.includes('bar 10.4'))
    expect(seen).toEqual([
      'quote 10.01',
      'order accepted',
      'order fill 10.03',
      'quote 10.51', // 48 quotes coalesced into the latest
      'bar 10.3',
      'bar 10.4',
    ])
    expect(dropped).toBe(48)
  })

  it('stops on SIGINT, cancels open orders, and removes its signal handlers', async () => {
    const before = process.listenerCount('SIGINT')
    const strategy: Strategy = {
      name: 'sig',
      onStart(ctx) {
        void ctx.submit({
          type: 'limit',
          symbol: 'AAPL',
          side: 'buy',
          qty: 1,
          limitPrice: 5,
          timeInForce: 'gtc',
        })
      },
    }
    const { broker, runner } = rig(strategy, { staleAfterMs: 0 })
    await runner.start()
    runner.installSignalHandlers()
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    process.emit('SIGINT')
    const result = await runner.done
    expect(result.reason).toBe('SIGINT')
    expect(result.canceledOnShutdown).toBe(1)
    expect(result.openOrders).toEqual([])
    expect(await broker.getOrders()).toEqual([])
    expect(process.listenerCount('SIGINT')).toBe(before)
  })

  it("keeps open orders on SIGTERM with onShutdown: 'keep'", async () => {
    const before = process.listenerCount('SIGTERM')
    const strategy: Strategy = {
      name: 'keep',
      onStart(ctx) {
        void ctx.submit({
          type: 'limit',
          symbol: 'AAPL',
          side: 'buy',
          qty: 1,
          limitPrice: 5,
          timeInForce: 'gtc',
        })
      },
    }
    const { broker, runner } = rig(strategy, { staleAfterMs: 0, onShutdown: 'keep' })
    await runner.start()
    const uninstall = runner.installSignalHandlers()
    process.emit('SIGTERM')
    const result = await runner.done
    expect(result.reason).toBe('SIGTERM')
    expect(result.openOrders).toHaveLength(1)
    expect(await broker.getOrders()).toHaveLength(1)
    uninstall() // a no-op now, and safe to call
    expect(process.listenerCount('SIGTERM')).toBe(before)
  })

  it('stops with the strategy error, calls onStop and cancels orders', async () => {
    const calls: string[] = []
    const strategy: Strategy = {
      name: 'throws',
      onStart(ctx) {
        void ctx.submit({
          type: 'limit',
          symbol: 'AAPL',
          side: 'buy',
          qty: 1,
          limitPrice: 5,
          timeInForce: 'gtc',
        })
      },
      onBar() {
        throw new Error('bad bar')
      },
      onStop() {
        calls.push('stop')
      },
    }
    const { source, runner, broker } = rig(strategy, { staleAfterMs: 0 })
    const run = runner.run()
    await until(() => runner.state === 'running')
    source.push(bar(T0, 10))
    const error = await run.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StrategyError)
    expect((error as StrategyError).event?.kind).toBe('bar')
    expect(calls).toEqual(['stop'])
    expect(await broker.getOrders()).toEqual([])
    expect((await runner.done).reason).toBe('strategy error')
  })

  it('delivers session boundaries by timer when no data arrives', async () => {
    const sessions: string[] = []
    const strategy: Strategy = {
      name: 'sessions',
      onSessionOpen: (s) => {
        sessions.push(`open ${s.date}`)
      },
      onSessionClose: (s) => {
        sessions.push(`close ${s.date}`)
      },
    }
    const { clock, runner } = rig(strategy, { staleAfterMs: 0 })
    await runner.start()
    expect(sessions).toEqual(['open 2026-01-05'])
    clock.set(Date.UTC(2026, 0, 6, 15, 0))
    await until(() => sessions.length === 3)
    expect(sessions).toEqual(['open 2026-01-05', 'close 2026-01-05', 'open 2026-01-06'])
  })

  it('stop() is idempotent and resolves done', async () => {
    const { runner } = rig({ name: 'x' }, { staleAfterMs: 0 })
    await runner.start()
    const [a, b] = await Promise.all([runner.stop('first'), runner.stop('second')])
    expect(a).toBe(b)
    expect((await runner.done).reason).toBe('first')
    expect(runner.state).toBe('stopped')
  })
})

describe('LiveRunner start and stop races', () => {
  it('a stop during start() waits for it and never starts the loops', async () => {
    const calls: string[] = []
    let release: (() => void) | undefined
    const strategy: Strategy = {
      name: 'race',
      async onStart() {
        calls.push('start')
        await new Promise<void>((resolve) => {
          release = resolve
        })
      },
      onStop() {
        calls.push('stop')
      },
    }
    const { source, runner } = rig(strategy, { staleAfterMs: 0 })
    const started = runner.start()
    await until(() => release !== undefined) // inside onStart
    const stopped = runner.stop('early')
    release?.()
    await started
    const result = await stopped
    expect(result.reason).toBe('early')
    expect(calls).toEqual(['start', 'stop'])
    expect(source.requests).toEqual([]) // never subscribed
    expect(runner.state).toBe('stopped')
    await expect(runner.start()).rejects.toThrow(/already called/)
  })

  it('a stop before the strategy started skips both onStart and onStop', async () => {
    const calls: string[] = []
    const { runner } = rig(
      { name: 'never', onStart: () => void calls.push('start'), onStop: () => void calls.push('stop') },
      { staleAfterMs: 0 },
    )
    const started = runner.start()
    const result = await runner.stop('right away')
    await started
    expect(result.reason).toBe('right away')
    expect(calls).toEqual([])
  })

  it('delivers order updates from a real broker while no market data arrives', async () => {
    const updates: string[] = []
    const strategy: Strategy = {
      name: 'idle',
      onStart(ctx) {
        void ctx.submit({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1 })
      },
      onOrderUpdate(u) {
        updates.push(u.event)
      },
    }
    const clock = new ManualClock(T0)
    const paper = new PaperBroker({ clock })
    const broker = new FaultyBroker(paper) // not a SimulatedBroker: the runner does not feed it
    const runner = new LiveRunner({
      strategy,
      broker,
      clock,
      marketData: new ControlledSource(),
      subscription: { bars: ['AAPL'] },
      staleAfterMs: 0,
      orderSyncIntervalMs: 0,
    })
    runners.push(runner)
    await runner.start()
    await until(() => updates.length === 1)
    // The venue fills the order; no market event reaches the runner.
    paper.onMarketEvent(quote(T0 + 1, 10, 10.01))
    await until(() => updates.length === 2)
    expect(updates).toEqual(['accepted', 'fill'])
  })
})
