import {
  type Bar,
  type BarsQuery,
  type Clock,
  type ManualClock,
  type MarketDataCapabilities,
  type MarketDataSource,
  type MarketDataSubscription,
  type MarketEvent,
  type Print,
  type Provenance,
  type Quote,
  type SubscriptionRequest,
  SystemClock,
  type Timeframe,
  ValidationError,
} from '@tradeblocks/core'
import { marketEventTime } from './marketEventTime.js'

/**
 * Options of {@link ReplayMarketDataSource}.
 *
 * @example
 * ```ts
 * import { ReplayMarketDataSource, type ReplayMarketDataSourceOptions } from '@tradeblocks/engine'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const options: ReplayMarketDataSourceOptions = { bars, clock: new ManualClock(), speed: 600 } // 10 minutes per second
 * const source = new ReplayMarketDataSource(options)
 * ```
 */
export interface ReplayMarketDataSourceOptions {
  /** Bars to replay (any order; they are sorted by the time they become known, their end). */
  bars?: readonly Bar[]
  /** Quotes to replay. */
  quotes?: readonly Quote[]
  /** Prints to replay. */
  prints?: readonly Print[]
  /**
   * A clock set to each event's time (a bar's end) just before the event is delivered, so a runner
   * using it lives in data time: timers, order timestamps and session boundaries follow the replay.
   */
  clock?: ManualClock
  /**
   * Data milliseconds per real millisecond: 1 replays in real time, 60 plays an hour per minute.
   * Default `Infinity`: as fast as possible (the source still yields to the event loop between events,
   * so a consumer's pending work finishes before the next event).
   */
  speed?: number
  /** The real clock that paces the replay. Default the system clock. */
  pacer?: Clock
  /** Source name for provenance. Default `replay`. */
  name?: string
}

const KIND_RANK = { bar: 0, quote: 1, print: 2, status: 3 } as const

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * A `MarketDataSource` that replays recorded bars, quotes and prints as a live subscription,
 * paced by a speed factor, optionally driving a `ManualClock`. Paper-trade a strategy on yesterday's
 * tape through the live runner, or prove that a live run matches a backtest (same events, same order).
 *
 * Events are delivered in the order they become known: a bar at its end (`ts` + timeframe), quotes and
 * prints at their `ts`; ties go bar, quote, print, then input order.
 *
 * @example
 * ```ts
 * import { LiveRunner, ReplayMarketDataSource } from '@tradeblocks/engine'
 * import { PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const clock = new ManualClock(bars[0].ts)
 * const marketData = new ReplayMarketDataSource({ bars, clock })
 * const runner = new LiveRunner({ strategy, clock, marketData, broker: new PaperBroker({ clock }),
 *   subscription: { bars: ['AAPL'] }, stopWhenDataEnds: true })
 * await runner.run()
 * ```
 */
export class ReplayMarketDataSource implements MarketDataSource {
  readonly name: string
  readonly capabilities: MarketDataCapabilities
  readonly #events: MarketEvent[]
  readonly #clock: ManualClock | undefined
  readonly #speed: number
  readonly #pacer: Clock

  constructor(options: ReplayMarketDataSourceOptions) {
    this.name = options.name ?? 'replay'
    this.#clock = options.clock
    this.#speed = options.speed ?? Number.POSITIVE_INFINITY
    if (!(this.#speed > 0))
      throw new ValidationError('replay options', [
        { path: 'speed', message: `speed must be greater than 0 (got ${this.#speed})`, value: this.#speed },
      ])
    this.#pacer = options.pacer ?? new SystemClock()
    const tagged: { event: MarketEvent; t: number; rank: number; i: number }[] = []
    let i = 0
    for (const bar of options.bars ?? []) {
      const event: MarketEvent = { kind: 'bar', bar }
      tagged.push({ event, t: marketEventTime(event), rank: KIND_RANK.bar, i: i++ })
    }
    for (const quote of options.quotes ?? [])
      tagged.push({ event: { kind: 'quote', quote }, t: quote.ts, rank: KIND_RANK.quote, i: i++ })
    for (const print of options.prints ?? [])
      tagged.push({ event: { kind: 'print', print }, t: print.ts, rank: KIND_RANK.print, i: i++ })
    tagged.sort((a, b) => a.t - b.t || a.rank - b.rank || a.i - b.i)
    this.#events = tagged.map((x) => x.event)
    const timeframes = [...new Set((options.bars ?? []).map((b) => b.timeframe))] as Timeframe[]
    const provenance: Provenance = { source: this.name, delayMs: 0, realtime: false }
    this.capabilities = {
      historicalBars: true,
      historicalQuotes: false,
      historicalPrints: false,
      latestQuote: false,
      latestPrint: false,
      snapshots: false,
      liveBars: true,
      liveQuotes: true,
      livePrints: true,
      timeframes,
      provenance,
    }
  }

  /**
   * The events a subscription with `request` delivers, in delivery order (all events without a
   * request). Feed these to the backtest runner to compare a backtest with a replayed live run.
   */
  events(request?: SubscriptionRequest): MarketEvent[] {
    if (request === undefined) return [...this.#events]
    const bars = new Set(request.bars ?? [])
    const quotes = new Set(request.quotes ?? [])
    const prints = new Set(request.prints ?? [])
    const timeframe = request.timeframe ?? '1m'
    return this.#events.filter((e) => {
      if (e.kind === 'bar') return bars.has(e.bar.symbol) && e.bar.timeframe === timeframe
      if (e.kind === 'quote') return quotes.has(e.quote.symbol)
      if (e.kind === 'print') return prints.has(e.print.symbol)
      return false
    })
  }

  /** Bars of the query's symbol and timeframe with `start ≤ ts < end`, in time order. */
  async *getBars(query: BarsQuery): AsyncIterable<Bar> {
    for (const e of this.#events) {
      if (e.kind !== 'bar') continue
      const b = e.bar
      if (
        b.symbol === query.symbol &&
        b.timeframe === query.timeframe &&
        b.ts >= query.start &&
        b.ts < query.end
      )
        yield b
    }
  }

  /** Replays the requested streams from the start, paced by `speed`. */
  subscribe(request: SubscriptionRequest): MarketDataSubscription {
    const events = this.events(request)
    const clock = this.#clock
    const speed = this.#speed
    const pacer = this.#pacer
    let closed = false
    let wake: (() => void) | undefined
    const provenance = this.capabilities.provenance
    return {
      provenance,
      close: async () => {
        closed = true
        wake?.()
      },
      [Symbol.asyncIterator]: async function* () {
        let previous: number | undefined
        for (const event of events) {
          if (closed) return
          const t = marketEventTime(event)
          if (Number.isFinite(speed) && previous !== undefined && t > previous) {
            const delay = (t - previous) / speed
            await new Promise<void>((resolve) => {
              wake = resolve
              pacer.setTimer(resolve, delay)
            })
            wake = undefined
          } else {
            await yieldToEventLoop()
          }
          if (closed) return
          previous = t
          if (clock !== undefined && t > clock.now()) clock.set(t)
          yield event
        }
      },
    }
  }
}
