import { type LotRules, type RoundingDirection, roundToTick } from '@tradeblocks/core'
import { z } from 'zod'

/**
 * The side of a position: `long` profits when the price rises, `short` when it falls. Every function
 * of this package takes a side and defaults to `long`.
 *
 * @example
 * ```ts
 * import { PositionSideSchema } from '@tradeblocks/risk'
 *
 * PositionSideSchema.parse('short') // 'short'
 * ```
 */
export const PositionSideSchema = z.enum(['long', 'short'], { error: 'must be "long" or "short"' })

/**
 * `long` or `short`; see {@link PositionSideSchema}.
 *
 * @example
 * ```ts
 * import type { PositionSide } from '@tradeblocks/risk'
 *
 * const side: PositionSide = 'long'
 * ```
 */
export type PositionSide = z.output<typeof PositionSideSchema>

/** +1 for long, -1 for short: multiply a price move by it to get the P&L direction. */
export function directionOf(side: PositionSide): 1 | -1 {
  return side === 'long' ? 1 : -1
}

/** Rounding that moves a price away from the entry on the loss side (a long's stop goes down). */
export function lossSideRounding(side: PositionSide): RoundingDirection {
  return side === 'long' ? 'down' : 'up'
}

/** Rounding that moves a price toward the profit side (a long's target goes up). */
export function profitSideRounding(side: PositionSide): RoundingDirection {
  return side === 'long' ? 'up' : 'down'
}

/** Rounds a price to a valid tick (the sub-penny rule, or `tick` when given). */
export function roundPrice(price: number, direction: RoundingDirection, tick: number | undefined): number {
  return roundToTick(price, direction, tick)
}

/** One tick at `price`: the explicit tick, or the sub-penny rule's. */
export function tickAt(price: number, tick: number | undefined): number {
  if (tick !== undefined) return tick
  return Math.abs(price) >= 1 ? 0.01 : 0.0001
}

/** Cleans floating-point noise from a price difference (10.01 - 9.99 is 0.02, not 0.020000000000000462). */
export function cleanDifference(value: number): number {
  return Number(value.toFixed(10))
}

/** Formats a price for a reason string: at least two decimals, up to four. */
export function formatPrice(price: number): string {
  const fixed = price.toFixed(4)
  const trimmed = fixed.replace(/0{1,2}$/, '')
  return trimmed
}

/** Formats money with thousands separators and cents. */
export function formatMoney(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** Formats a quantity: whole numbers as is, fractions up to nine decimals. */
export function formatQty(qty: number): string {
  return Number.isInteger(qty) ? String(qty) : String(Number(qty.toFixed(9)))
}

/** Formats a computed (unrounded) share count for an explanation: up to four decimals. */
export function formatShares(qty: number): string {
  return String(Number(qty.toFixed(4)))
}

/** A finite number, with core's wording. */
export const FiniteNumberSchema = z.number({ error: 'must be a finite number' })

/** A positive finite number. */
export const PositiveNumberSchema = z
  .number({ error: 'must be a finite number' })
  .positive({ error: 'must be greater than 0' })

/** A price grid: a positive tick size. */
export const TickSchema = PositiveNumberSchema.optional()

/** The broker's quantity rules, as core's `LotRules`. */
export const LotRulesSchema = z.object({
  step: PositiveNumberSchema,
  minQty: PositiveNumberSchema.optional(),
})

/** Core's `LotRules` from a parsed lot (drops an absent `minQty`). */
export function toLotRules(lot: { step: number; minQty?: number | undefined }): LotRules {
  return lot.minQty === undefined ? { step: lot.step } : { step: lot.step, minQty: lot.minQty }
}
