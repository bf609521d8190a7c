import type { Bar, Print, Quote } from '../schemas/marketData.js'
import type { Timeframe } from '../schemas/timeframe.js'

/**
 * Where data came from and how fresh it is. Every source states it, so a strategy can refuse
 * delayed data in live trading and a report can say what it was computed on.
 *
 * @example
 * ```ts
 * import type { Provenance } from '@tradeblocks/core'
 *
 * const iex: Provenance = { source: 'alpaca', feed: 'iex', delayMs: 0, realtime: true }
 * ```
 */
export interface Provenance {
  /** The source's name: `alpaca`, `polygon`, `yahoo`, `replay`, `synthetic`. */
  source: string
  /** The vendor's feed, e.g. `sip` or `iex`, when it has several. */
  feed?: string
  /** How late the data is by contract, ms (0 for real time). */
  delayMs: number
  /** True for real-time data. */
  realtime: boolean
}

/**
 * What a market-data source can do.
 *
 * @example
 * ```ts
 * import type { MarketDataCapabilities } from '@tradeblocks/core'
 *
 * const caps: MarketDataCapabilities = { historicalBars: true, historicalQuotes: false, historicalPrints: false,
 *   latestQuote: true, latestPrint: true, snapshots: true, liveBars: true, liveQuotes: true, livePrints: true,
 *   timeframes: ['1m', '1d'], provenance: { source: 'replay', delayMs: 0, realtime: false } }
 * ```
 */
export interface MarketDataCapabilities {
  historicalBars: boolean
  historicalQuotes: boolean
  historicalPrints: boolean
  latestQuote: boolean
  latestPrint: boolean
  snapshots: boolean
  liveBars: boolean
  liveQuotes: boolean
  livePrints: boolean
  /** Timeframes the source serves bars in. */
  timeframes: readonly Timeframe[]
  /** Where the data comes from and how late it is. */
  provenance: Provenance
}

/**
 * A request for historical bars over `[start, end)` (epoch ms). Sources page internally and yield
 * every bar of the range in time order.
 *
 * @example
 * ```ts
 * import type { BarsQuery } from '@tradeblocks/core'
 *
 * const q: BarsQuery = { symbol: 'AAPL', timeframe: '1m', start: Date.UTC(2026, 0, 5), end: Date.UTC(2026, 0, 6) }
 * ```
 */
export interface BarsQuery {
  symbol: string
  timeframe: Timeframe
  /** Inclusive start, epoch ms. */
  start: number
  /** Exclusive end, epoch ms. */
  end: number
  /** Split/dividend adjustment, where the source supports it. Default `raw`. */
  adjustment?: 'raw' | 'split' | 'all'
}

/**
 * A point-in-time view of a symbol, as scanners use it.
 *
 * @example
 * ```ts
 * import type { Snapshot } from '@tradeblocks/core'
 *
 * const gapPct = (s: Snapshot) => (s.lastPrice / s.prevClose - 1) * 100
 * ```
 */
export interface Snapshot {
  symbol: string
  /** When the snapshot was taken, epoch ms. */
  ts: number
  /** The previous regular session's close. */
  prevClose: number
  /** The last trade price. */
  lastPrice: number
  /** Today's volume so far (including extended hours where the source counts it). */
  volume: number
  /** Today's regular-session bar so far, when the session has opened. */
  dailyBar?: Bar
  latestQuote?: Quote
  latestPrint?: Print
}

/**
 * Which live streams to open.
 *
 * @example
 * ```ts
 * import type { SubscriptionRequest } from '@tradeblocks/core'
 *
 * const req: SubscriptionRequest = { bars: ['AAPL', 'TSLA'], quotes: ['AAPL'], timeframe: '1m' }
 * ```
 */
export interface SubscriptionRequest {
  bars?: string[]
  quotes?: string[]
  prints?: string[]
  /** Bar timeframe for `bars`; default `1m`. */
  timeframe?: Timeframe
}

/**
 * One event of a live market-data stream.
 *
 * @example
 * ```ts
 * import type { MarketEvent } from '@tradeblocks/core'
 *
 * function handle(event: MarketEvent) {
 *   if (event.kind === 'bar') console.log(event.bar.close)
 * }
 * ```
 */
export type MarketEvent =
  | { kind: 'bar'; bar: Bar }
  | { kind: 'quote'; quote: Quote }
  | { kind: 'print'; print: Print }
  | { kind: 'status'; status: 'connected' | 'reconnecting' | 'disconnected'; ts: number; detail?: string }

/**
 * A live stream of market events. Iterate it with `for await`; `close()` ends the iteration.
 *
 * @example
 * ```ts
 * import type { MarketDataSubscription } from '@tradeblocks/core'
 *
 * async function run(sub: MarketDataSubscription) {
 *   for await (const event of sub) if (event.kind === 'bar') console.log(event.bar)
 * }
 * ```
 */
export interface MarketDataSubscription extends AsyncIterable<MarketEvent> {
  /** Where the events come from. */
  readonly provenance: Provenance
  /** Ends the stream; pending iterations finish. */
  close(): Promise<void>
}

/**
 * A source of market data: historical bars (paged, any range), latest quote and trade, snapshots,
 * and live subscriptions. Methods a source lacks are absent and its `capabilities` say so.
 *
 * @example
 * ```ts
 * import type { MarketDataSource } from '@tradeblocks/core'
 *
 * async function lastClose(source: MarketDataSource, symbol: string, start: number, end: number) {
 *   let close: number | undefined
 *   for await (const bar of source.getBars({ symbol, timeframe: '1d', start, end })) close = bar.close
 *   return close
 * }
 * ```
 */
export interface MarketDataSource {
  readonly name: string
  readonly capabilities: MarketDataCapabilities
  /** Every bar of the range in time order; pages internally. */
  getBars(query: BarsQuery): AsyncIterable<Bar>
  getLatestQuote?(symbol: string): Promise<Quote>
  getLatestPrint?(symbol: string): Promise<Print>
  getSnapshots?(symbols: string[]): Promise<Snapshot[]>
  subscribe?(request: SubscriptionRequest): MarketDataSubscription
}
