import {
  type Bar,
  type Timeframe,
  type TradingCalendar,
  timeframeToMs,
  tradingDateOf,
  ValidationError,
} from '@tradeblocks/core'

interface Partial {
  bucket: number | string
  bar: Bar
}

/**
 * Builds bars of a longer timeframe from the bars that arrive, for `ctx.history`. Intraday
 * timeframes (`5m`, `1h`) use clock-aligned buckets (New York offsets are whole hours, so a `1h` bar
 * is 10:00-11:00 New York; the first one of a session is 09:30-10:00). `1d` collects one New York
 * trading date. A bar is complete when a source bar ends at its bucket's end (for `1d`: at the
 * regular close), or when a source bar of a later bucket arrives.
 *
 * @internal
 */
export class BarAggregator {
  readonly timeframe: Timeframe
  readonly #span: number
  readonly #daily: boolean
  readonly #calendar: TradingCalendar
  readonly #partial = new Map<string, Partial>()

  constructor(timeframe: Timeframe, calendar: TradingCalendar) {
    this.timeframe = timeframe
    this.#calendar = calendar
    const span = timeframeToMs(timeframe)
    this.#daily = timeframe.endsWith('d')
    if (timeframe.endsWith('w') || (this.#daily && span !== 86_400_000)) {
      throw new ValidationError('runner options', [
        {
          path: 'aggregate',
          message: `aggregate supports second, minute, hour and 1d timeframes (got "${timeframe}")`,
          value: timeframe,
        },
      ])
    }
    this.#span = span
  }

  /** Feeds a source bar; returns the bars it completed (0, 1 or 2), oldest first. */
  push(bar: Bar, sourceSpan: number, out: Bar[]): void {
    if (sourceSpan >= this.#span) return
    const end = bar.ts + sourceSpan
    let bucket: number | string
    let bucketEnd: number
    if (this.#daily) {
      bucket = tradingDateOf(bar.ts)
      bucketEnd = this.#calendar.schedule(bucket)?.regular.end ?? Number.NaN
    } else {
      bucket = Math.floor(bar.ts / this.#span)
      bucketEnd = (bucket + 1) * this.#span
    }
    const current = this.#partial.get(bar.symbol)
    if (current !== undefined && current.bucket !== bucket) {
      out.push(current.bar)
      this.#partial.delete(bar.symbol)
    }
    const open = this.#partial.get(bar.symbol)
    let merged: Bar
    if (open === undefined) {
      merged = {
        ...bar,
        timeframe: this.timeframe,
        ts: this.#daily ? bar.ts : (bucket as number) * this.#span,
      }
    } else {
      const b = open.bar
      const volume = b.volume + bar.volume
      merged = {
        symbol: b.symbol,
        timeframe: this.timeframe,
        ts: b.ts,
        open: b.open,
        high: Math.max(b.high, bar.high),
        low: Math.min(b.low, bar.low),
        close: bar.close,
        volume,
      }
      if (b.vwap !== undefined && bar.vwap !== undefined && volume > 0)
        merged.vwap = (b.vwap * b.volume + bar.vwap * bar.volume) / volume
      if (b.trades !== undefined && bar.trades !== undefined) merged.trades = b.trades + bar.trades
    }
    if (end >= bucketEnd) {
      out.push(merged)
      this.#partial.delete(bar.symbol)
    } else {
      this.#partial.set(bar.symbol, { bucket, bar: merged })
    }
  }
}
