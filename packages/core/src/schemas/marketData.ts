import { z } from 'zod'
import { NonNegativeNumberSchema, PriceSchema, SymbolSchema, TimestampSchema } from './primitives.js'
import { TimeframeSchema } from './timeframe.js'

/**
 * An OHLCV bar. `ts` is the bar's start (epoch ms, UTC). Rejects non-finite or non-positive prices,
 * negative volume, `high` below `low`, and an open or close outside the high-low range.
 *
 * @example
 * ```ts
 * import { BarSchema } from '@tradeblocks/core'
 *
 * const bar = BarSchema.parse({ symbol: 'AAPL', timeframe: '1m', ts: 1767364200000,
 *   open: 190.1, high: 190.5, low: 189.9, close: 190.3, volume: 12_500 })
 * ```
 */
export const BarSchema = z
  .object({
    symbol: SymbolSchema,
    timeframe: TimeframeSchema,
    ts: TimestampSchema,
    open: PriceSchema,
    high: PriceSchema,
    low: PriceSchema,
    close: PriceSchema,
    volume: NonNegativeNumberSchema,
    vwap: PriceSchema.optional(),
    trades: z
      .number({ error: 'must be a finite number' })
      .int({ error: 'must be an integer' })
      .nonnegative()
      .optional(),
  })
  .superRefine((bar, ctx) => {
    if (bar.high < bar.low) {
      ctx.addIssue({
        code: 'custom',
        path: ['high'],
        message: `must not be below low ${bar.low}`,
        input: bar.high,
      })
      return
    }
    for (const field of ['open', 'close'] as const) {
      const value = bar[field]
      if (value > bar.high) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `must not be above high ${bar.high}`,
          input: value,
        })
      } else if (value < bar.low) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `must not be below low ${bar.low}`,
          input: value,
        })
      }
    }
  })

/**
 * An OHLCV bar; see {@link BarSchema}.
 *
 * @example
 * ```ts
 * import type { Bar } from '@tradeblocks/core'
 *
 * const range = (bar: Bar) => bar.high - bar.low
 * ```
 */
export type Bar = z.output<typeof BarSchema>

/**
 * A national best bid and offer (NBBO) quote. Sizes are in shares. Prices may be 0 when a side is
 * empty; a crossed or locked quote is accepted because real feeds carry them (see `isCrossed`).
 *
 * @example
 * ```ts
 * import { QuoteSchema } from '@tradeblocks/core'
 *
 * QuoteSchema.parse({ symbol: 'AAPL', ts: 1767364200000, bidPrice: 190.1, bidSize: 300, askPrice: 190.12, askSize: 200 })
 * ```
 */
export const QuoteSchema = z.object({
  symbol: SymbolSchema,
  ts: TimestampSchema,
  bidPrice: NonNegativeNumberSchema,
  bidSize: NonNegativeNumberSchema,
  askPrice: NonNegativeNumberSchema,
  askSize: NonNegativeNumberSchema,
  bidExchange: z.string().optional(),
  askExchange: z.string().optional(),
  conditions: z.array(z.string()).optional(),
  tape: z.string().optional(),
})

/**
 * An NBBO quote; see {@link QuoteSchema}.
 *
 * @example
 * ```ts
 * import type { Quote } from '@tradeblocks/core'
 *
 * const mid = (q: Quote) => (q.bidPrice + q.askPrice) / 2
 * ```
 */
export type Quote = z.output<typeof QuoteSchema>

/**
 * A trade printed on the tape: price, size, venue and sale conditions.
 *
 * @example
 * ```ts
 * import { PrintSchema } from '@tradeblocks/core'
 *
 * PrintSchema.parse({ symbol: 'AAPL', ts: 1767364200123, price: 190.11, size: 100, exchange: 'V' })
 * ```
 */
export const PrintSchema = z.object({
  symbol: SymbolSchema,
  ts: TimestampSchema,
  price: PriceSchema,
  size: z.number({ error: 'must be a finite number' }).positive({ error: 'must be greater than 0' }),
  exchange: z.string().optional(),
  conditions: z.array(z.string()).optional(),
  id: z.string().optional(),
  tape: z.string().optional(),
})

/**
 * A trade on the tape; see {@link PrintSchema}.
 *
 * @example
 * ```ts
 * import type { Print } from '@tradeblocks/core'
 *
 * const notional = (p: Print) => p.price * p.size
 * ```
 */
export type Print = z.output<typeof PrintSchema>

/**
 * True when a quote is crossed (bid above ask) or locked (bid equal to ask) with both sides present.
 *
 * @example
 * ```ts
 * import { isCrossed } from '@tradeblocks/core'
 *
 * isCrossed({ bidPrice: 10.02, askPrice: 10.01 }) // true
 * ```
 */
export function isCrossed(quote: Pick<Quote, 'bidPrice' | 'askPrice'>): boolean {
  return quote.bidPrice > 0 && quote.askPrice > 0 && quote.bidPrice >= quote.askPrice
}
