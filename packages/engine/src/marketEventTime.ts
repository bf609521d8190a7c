import { type MarketEvent, type Timeframe, timeframeToMs } from '@tradeblocks/core'

const spans = new Map<string, number>()

function span(timeframe: Timeframe): number {
  let ms = spans.get(timeframe)
  if (ms === undefined) {
    ms = timeframeToMs(timeframe)
    spans.set(timeframe, ms)
  }
  return ms
}

/**
 * The instant a market event becomes known: a bar's end (`ts` + its timeframe, since `ts` is the
 * bar's start and a bar is complete only when it ends), a quote's, print's or status's own `ts`.
 * Runners set the clock to this time before delivering the event, so replays and backtests agree.
 *
 * @example
 * ```ts
 * import { marketEventTime } from '@tradeblocks/engine'
 *
 * marketEventTime({ kind: 'bar', bar: { symbol: 'AAPL', timeframe: '1m', ts: 0, open: 1, high: 1, low: 1,
 *   close: 1, volume: 0 } }) // 60000
 * ```
 */
export function marketEventTime(event: MarketEvent): number {
  switch (event.kind) {
    case 'bar':
      return event.bar.ts + span(event.bar.timeframe)
    case 'quote':
      return event.quote.ts
    case 'print':
      return event.print.ts
    case 'status':
      return event.ts
  }
}
