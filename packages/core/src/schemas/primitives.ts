import { z } from 'zod'
import { isValidTick } from '../roundToTick.js'

/**
 * Symbols: an uppercase ticker of 1-10 letters or digits starting with a letter, with an optional
 * class or pair suffix after `.`, `-` or `/` (`AAPL`, `BRK.B`, `BF-B`, `BTC/USD`).
 */
const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,9}(?:[./-][A-Z0-9]{1,5})?$/

/**
 * True when `value` is a valid ticker symbol (the rule of {@link SymbolSchema}), without the cost of a
 * zod parse: for hot paths such as scanning thousands of snapshots.
 *
 * @example
 * ```ts
 * import { isSymbol } from '@tradeblocks/core'
 *
 * isSymbol('BRK.B') // true
 * isSymbol('aapl') // false
 * ```
 */
export function isSymbol(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_PATTERN.test(value)
}

/**
 * A ticker symbol: `AAPL`, `BRK.B`, `BF-B`, `BTC/USD`. Lower case, spaces and other characters are rejected.
 *
 * @example
 * ```ts
 * import { SymbolSchema } from '@tradeblocks/core'
 *
 * SymbolSchema.parse('BRK.B') // 'BRK.B'
 * SymbolSchema.safeParse('aapl').success // false
 * ```
 */
export const SymbolSchema = z
  .string({ error: 'must be a string' })
  .regex(SYMBOL_PATTERN, { error: 'must be an uppercase ticker such as AAPL, BRK.B or BTC/USD' })

/**
 * An instant as integer epoch milliseconds (UTC), the only time representation inside tradeblocks.
 *
 * @example
 * ```ts
 * import { TimestampSchema } from '@tradeblocks/core'
 *
 * TimestampSchema.parse(Date.UTC(2026, 0, 2, 14, 30)) // ok
 * TimestampSchema.safeParse(1.5).success // false: not an integer
 * ```
 */
export const TimestampSchema = z
  .number({ error: 'must be a finite number of epoch milliseconds' })
  .int({ error: 'must be an integer number of epoch milliseconds' })
  .nonnegative({ error: 'must not be negative' })

/**
 * A price: finite and greater than zero.
 *
 * @example
 * ```ts
 * import { PriceSchema } from '@tradeblocks/core'
 *
 * PriceSchema.parse(12.34) // 12.34
 * PriceSchema.safeParse(-1).success // false
 * ```
 */
export const PriceSchema = z
  .number({ error: 'must be a finite number' })
  .positive({ error: 'must be greater than 0' })

/**
 * An order price: a {@link PriceSchema} that also sits on a valid tick ($0.01 at or above
 * $1.00, $0.0001 below). Round with `roundToTick` before submitting.
 *
 * @example
 * ```ts
 * import { OrderPriceSchema } from '@tradeblocks/core'
 *
 * OrderPriceSchema.parse(10.25) // ok
 * OrderPriceSchema.safeParse(10.255).success // false: sub-penny above $1
 * ```
 */
export const OrderPriceSchema = PriceSchema.refine((price) => isValidTick(price), {
  error: 'is not on a valid tick ($0.01 at or above $1.00, $0.0001 below; use roundToTick)',
})

/**
 * A quote price or size that may be zero (an empty side of the book), never negative or non-finite.
 *
 * @example
 * ```ts
 * import { NonNegativeNumberSchema } from '@tradeblocks/core'
 *
 * NonNegativeNumberSchema.parse(0) // 0
 * ```
 */
export const NonNegativeNumberSchema = z
  .number({ error: 'must be a finite number' })
  .nonnegative({ error: 'must not be negative' })

/**
 * An order or fill quantity: finite and greater than zero (fractional allowed).
 *
 * @example
 * ```ts
 * import { QuantitySchema } from '@tradeblocks/core'
 *
 * QuantitySchema.parse(100) // 100
 * QuantitySchema.safeParse(0).success // false
 * ```
 */
export const QuantitySchema = z
  .number({ error: 'must be a finite number' })
  .positive({ error: 'must be greater than 0' })

/**
 * Buy or sell.
 *
 * @example
 * ```ts
 * import { OrderSideSchema } from '@tradeblocks/core'
 *
 * OrderSideSchema.parse('buy')
 * ```
 */
export const OrderSideSchema = z.enum(['buy', 'sell'], { error: 'must be "buy" or "sell"' })

/**
 * `buy` or `sell`.
 *
 * @example
 * ```ts
 * import type { OrderSide } from '@tradeblocks/core'
 *
 * const exitSide: OrderSide = 'sell'
 * ```
 */
export type OrderSide = z.output<typeof OrderSideSchema>
