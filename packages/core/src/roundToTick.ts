/**
 * Which way to round a price or a quantity.
 *
 * - `down`: toward zero. Use for a buy limit you do not want to overpay, or a long's stop you want below support.
 * - `up`: away from zero. Use for a sell limit or a short's stop.
 * - `nearest`: to the closest valid value (halves go up).
 *
 * @example
 * ```ts
 * import { roundToTick, type RoundingDirection } from '@tradeblocks/core'
 *
 * const direction: RoundingDirection = 'down'
 * roundToTick(10.237, direction) // 10.23
 * ```
 */
export type RoundingDirection = 'up' | 'down' | 'nearest'

/** Prices at or above this use a one-cent tick; below it, 1/100 of a cent (SEC Rule 612). */
const SUB_PENNY_THRESHOLD = 1
const PENNY = 0.01
const SUB_PENNY = 0.0001
/** Tolerance in ticks for floating-point noise such as 0.1 + 0.2. */
const EPSILON_TICKS = 1e-7

/**
 * The minimum price increment for a US equity order at `price` under the sub-penny rule
 * (SEC Rule 612): $0.01 at or above $1.00, $0.0001 below.
 *
 * @example
 * ```ts
 * import { tickSize } from '@tradeblocks/core'
 *
 * tickSize(12.5) // 0.01
 * tickSize(0.42) // 0.0001
 * ```
 */
export function tickSize(price: number): number {
  return Math.abs(price) >= SUB_PENNY_THRESHOLD ? PENNY : SUB_PENNY
}

/** Number of decimals in a step's shortest representation: 0.25 → 2, 1e-9 → 9. */
function decimalsOf(step: number): number {
  const text = String(step)
  const exponent = text.indexOf('e-')
  if (exponent >= 0) {
    const mantissa = text.slice(0, exponent)
    const dot = mantissa.indexOf('.')
    return Math.min(20, (dot < 0 ? 0 : mantissa.length - dot - 1) + Number(text.slice(exponent + 2)))
  }
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : Math.min(20, text.length - dot - 1)
}

/**
 * Rounds `value` to a multiple of `step` in the given direction, immune to floating-point
 * noise (`roundToStep(0.1 + 0.2, 0.1, 'down')` is `0.3`, not `0.2`).
 *
 * @example
 * ```ts
 * import { roundToStep } from '@tradeblocks/core'
 *
 * roundToStep(37.8, 1, 'down') // 37
 * roundToStep(0.12345, 0.001, 'nearest') // 0.123
 * ```
 */
export function roundToStep(value: number, step: number, direction: RoundingDirection = 'nearest'): number {
  if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number (got ${value})`)
  if (!(step > 0) || !Number.isFinite(step))
    throw new RangeError(`step must be a positive finite number (got ${step})`)
  const units = Math.abs(value) / step
  const floor = Math.floor(units)
  const fraction = units - floor
  let n: number
  if (fraction <= EPSILON_TICKS) n = floor
  else if (fraction >= 1 - EPSILON_TICKS) n = floor + 1
  else if (direction === 'down') n = floor
  else if (direction === 'up') n = floor + 1
  else n = fraction >= 0.5 - EPSILON_TICKS ? floor + 1 : floor
  n = value < 0 ? -n : n
  const decimals = decimalsOf(step)
  const rounded = Number((n * step).toFixed(decimals))
  return rounded === 0 ? 0 : rounded
}

/**
 * Rounds a price to a valid tick for US equities: $0.01 at or above $1.00, $0.0001 below
 * (the sub-penny rule). Pass `tick` to use another grid (futures, a broker's own rule).
 *
 * Rounding across the $1.00 boundary is handled: `roundToTick(0.99999, 'up')` is `1`,
 * `roundToTick(1.004, 'down')` is `1`.
 *
 * @param price - A finite price.
 * @param direction - `down`, `up` or `nearest` (default).
 * @param tick - An explicit tick size; by default the sub-penny rule decides.
 * @throws RangeError when the price is not finite or the tick is not positive.
 *
 * @example
 * ```ts
 * import { roundToTick } from '@tradeblocks/core'
 *
 * roundToTick(10.237, 'down') // 10.23 — a buy limit that never overpays
 * roundToTick(10.231, 'up') // 10.24
 * roundToTick(0.51237) // 0.5124
 * ```
 */
export function roundToTick(price: number, direction: RoundingDirection = 'nearest', tick?: number): number {
  if (tick !== undefined) return roundToStep(price, tick, direction)
  if (!Number.isFinite(price)) throw new RangeError(`price must be a finite number (got ${price})`)
  const coarse = roundToStep(price, PENNY, direction)
  if (Math.abs(price) >= SUB_PENNY_THRESHOLD) {
    // The result may still fall below $1 when rounding down from just above it; that stays valid.
    return coarse
  }
  const fine = roundToStep(price, SUB_PENNY, direction)
  // Rounding up from just below $1.00 may land on or above $1.00: then it must sit on a penny.
  return Math.abs(fine) >= SUB_PENNY_THRESHOLD ? roundToStep(fine, PENNY, direction) : fine
}

/**
 * True when `price` already sits on a valid tick under the sub-penny rule (or on `tick` when given).
 *
 * @example
 * ```ts
 * import { isValidTick } from '@tradeblocks/core'
 *
 * isValidTick(10.25) // true
 * isValidTick(10.255) // false
 * isValidTick(0.5123) // true
 * ```
 */
export function isValidTick(price: number, tick?: number): boolean {
  if (!Number.isFinite(price)) return false
  const step = tick ?? tickSize(price)
  const units = price / step
  return Math.abs(units - Math.round(units)) <= EPSILON_TICKS
}

/**
 * A broker's quantity rules.
 *
 * @example
 * ```ts
 * import type { LotRules } from '@tradeblocks/core'
 *
 * const wholeShares: LotRules = { step: 1 }
 * const fractional: LotRules = { step: 0.000000001, minQty: 0.000000001 }
 * ```
 */
export interface LotRules {
  /** The quantity increment: 1 for whole shares, 100 for round lots, 1e-9 for Alpaca fractional shares. */
  step: number
  /** Smallest quantity the broker accepts; smaller results round to 0. Defaults to `step`. */
  minQty?: number
}

/**
 * Rounds a quantity to the broker's lot rules (down by default, so a size never grows past
 * what risk allowed). Returns 0 when the result is below `minQty`.
 *
 * @throws RangeError when `qty` is negative or not finite, or the rules are invalid.
 *
 * @example
 * ```ts
 * import { roundQty } from '@tradeblocks/core'
 *
 * roundQty(37.9) // 37
 * roundQty(250, { step: 100 }) // 200
 * roundQty(1.23456789012, { step: 1e-9 }) // 1.23456789
 * ```
 */
export function roundQty(
  qty: number,
  rules: LotRules = { step: 1 },
  direction: RoundingDirection = 'down',
): number {
  if (!Number.isFinite(qty) || qty < 0)
    throw new RangeError(`qty must be a non-negative finite number (got ${qty})`)
  const rounded = roundToStep(qty, rules.step, direction)
  const min = rules.minQty ?? rules.step
  return rounded < min ? 0 : rounded
}

/**
 * Rounds an amount of money to whole cents (half away from zero), the unit P&L reconciles in.
 *
 * @example
 * ```ts
 * import { roundMoney } from '@tradeblocks/core'
 *
 * roundMoney(0.1 + 0.2) // 0.3
 * roundMoney(-12.345) // -12.35
 * ```
 */
export function roundMoney(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number (got ${amount})`)
  const cents = Math.round(Math.abs(amount) * 100 + 1e-7)
  const result = (Math.sign(amount) * cents) / 100
  return result === 0 ? 0 : result
}
