import { parse, roundMoney, roundQty } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  FiniteNumberSchema,
  formatMoney,
  formatPrice,
  formatQty,
  formatShares,
  LotRulesSchema,
  lossSideRounding,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  profitSideRounding,
  roundPrice,
  TickSchema,
  toLotRules,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

/**
 * The caps that can limit a position size, named in {@link SizingLimit.kind}:
 * `risk` (the fixed fraction of equity at risk), `buying_power`, `max_position_value`
 * (a fraction of equity) and `max_shares`.
 *
 * @example
 * ```ts
 * import { SizingLimitKind, sizePosition } from '@tradeblocks/risk'
 *
 * const result = sizePosition({ equity: 25_000, buyingPower: 1_500, entry: 40, stop: 39 })
 * result.binding.includes(SizingLimitKind.BuyingPower) // true: 1,500 buys 37 shares, risk alone allowed 500
 * ```
 */
export const SizingLimitKind = {
  /** `equity × riskFraction / (entry − stop)`. */
  Risk: 'risk',
  /** `buyingPower / entry`. */
  BuyingPower: 'buying_power',
  /** `equity × maxPositionFraction / entry`. */
  MaxPositionValue: 'max_position_value',
  /** `maxShares`. */
  MaxShares: 'max_shares',
} as const

/**
 * One of the {@link SizingLimitKind} values.
 *
 * @example
 * ```ts
 * import type { SizingLimitKindValue } from '@tradeblocks/risk'
 *
 * const kind: SizingLimitKindValue = 'buying_power'
 * ```
 */
export type SizingLimitKindValue = (typeof SizingLimitKind)[keyof typeof SizingLimitKind]

/**
 * Why a size could not be computed, in a `{ ok: false }` {@link SizePositionReturnType}:
 * `no_equity` (equity is zero or negative) or `below_minimum` (the caps leave less than one lot).
 *
 * @example
 * ```ts
 * import { SizingRejectionCode, sizePosition } from '@tradeblocks/risk'
 *
 * const result = sizePosition({ equity: 0, buyingPower: 0, entry: 10, stop: 9 })
 * if (!result.ok && result.code === SizingRejectionCode.NoEquity) console.log(result.reason)
 * ```
 */
export const SizingRejectionCode = {
  /** Equity is zero or negative: there is nothing to risk. */
  NoEquity: 'no_equity',
  /** The tightest cap allows less than the broker's minimum quantity. */
  BelowMinimum: 'below_minimum',
} as const

/**
 * One of the {@link SizingRejectionCode} values.
 *
 * @example
 * ```ts
 * import type { SizingRejectionCodeValue } from '@tradeblocks/risk'
 *
 * const code: SizingRejectionCodeValue = 'below_minimum'
 * ```
 */
export type SizingRejectionCodeValue = (typeof SizingRejectionCode)[keyof typeof SizingRejectionCode]

/**
 * The zod schema of {@link SizePositionParameters}; {@link sizePosition} validates with it.
 *
 * @example
 * ```ts
 * import { SizePositionParametersSchema } from '@tradeblocks/risk'
 *
 * SizePositionParametersSchema.safeParse({ equity: 25_000, buyingPower: 25_000, entry: 10, stop: 9.5 }).success // true
 * ```
 */
export const SizePositionParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  equity: FiniteNumberSchema,
  buyingPower: z.number({ error: 'must be a finite number' }).nonnegative({ error: 'must not be negative' }),
  entry: PositiveNumberSchema,
  stop: PositiveNumberSchema,
  riskFraction: z
    .number({ error: 'must be a finite number' })
    .gt(0, { error: 'must be greater than 0' })
    .lte(0.1, { error: 'must be at most 0.1 (10% of equity)' })
    .default(0.02),
  maxPositionFraction: PositiveNumberSchema.optional(),
  maxShares: PositiveNumberSchema.optional(),
  lot: LotRulesSchema.default({ step: 1 }),
  tick: TickSchema,
})

/**
 * Parameters of {@link sizePosition}.
 *
 * @example
 * ```ts
 * import type { SizePositionParameters } from '@tradeblocks/risk'
 *
 * const params: SizePositionParameters = {
 *   equity: 30_000, buyingPower: 60_000, entry: 12.4, stop: 12.05,
 *   riskFraction: 0.01, maxPositionFraction: 0.25, maxShares: 5_000,
 * }
 * ```
 */
export interface SizePositionParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Account equity (cash plus positions at market). Zero or less gives `{ ok: false, code: 'no_equity' }`. */
  equity: number
  /** What the broker lets you spend now. The position's notional never exceeds it. */
  buyingPower: number
  /** Expected entry price. Rounded to a tick away from the stop (up for a long). */
  entry: number
  /** Protective stop price: below the entry for a long, above for a short. Rounded to a tick away from the entry. */
  stop: number
  /** Fraction of equity at risk per trade: `0 < riskFraction ≤ 0.1`. Default `0.02` (2%). */
  riskFraction?: number
  /** Largest position value as a fraction of equity (`0.25` = 25%; above 1 on margin). No cap when omitted. */
  maxPositionFraction?: number
  /** Largest quantity. No cap when omitted. */
  maxShares?: number
  /** The broker's lot rules: `{ step: 1 }` (default) for whole shares, `{ step: 0.0001 }` for fractional shares. */
  lot?: { step: number; minQty?: number }
  /** An explicit price grid; by default the sub-penny rule ($0.01 at or above $1, $0.0001 below). */
  tick?: number
}

/**
 * One cap on the size and the largest quantity it allows (before lot rounding).
 *
 * @example
 * ```ts
 * import type { SizingLimit } from '@tradeblocks/risk'
 *
 * const describe = (limit: SizingLimit) => `${limit.kind}: at most ${limit.maxQty} (${limit.description})`
 * ```
 */
export interface SizingLimit {
  /** Which cap. */
  kind: SizingLimitKindValue
  /** The largest quantity this cap allows, before rounding to the lot step. */
  maxQty: number
  /** How the number was computed, e.g. `buying power 1,500.00 / entry 40.00 = 37.5`. */
  description: string
}

/**
 * What {@link sizePosition} returns in both outcomes: the prices it used and every cap it weighed.
 *
 * @example
 * ```ts
 * import type { SizingDetails } from '@tradeblocks/risk'
 *
 * const why = (d: SizingDetails) => d.limits.filter((l) => d.binding.includes(l.kind)).map((l) => l.description)
 * ```
 */
export interface SizingDetails {
  /** The side sized. */
  side: PositionSide
  /** The entry, rounded to a tick away from the stop. */
  entry: number
  /** The stop, rounded to a tick away from the entry. */
  stop: number
  /** `|entry − stop|` with the rounded prices. */
  riskPerShare: number
  /** The risk fraction used. */
  riskFraction: number
  /** `equity × riskFraction`, rounded down to the cent: the most money this trade may lose at the stop. */
  riskBudget: number
  /** The quantity the risk budget alone allows, before any other cap and before rounding. */
  riskQty: number
  /** Every cap considered. */
  limits: SizingLimit[]
  /** The caps that set the size (the smallest `maxQty`; several when they tie). */
  binding: SizingLimitKindValue[]
}

/**
 * The result of {@link sizePosition}: `{ ok: true, qty, ... }` or `{ ok: false, code, reason, ... }`.
 *
 * @example
 * ```ts
 * import { sizePosition, type SizePositionReturnType } from '@tradeblocks/risk'
 *
 * const result: SizePositionReturnType = sizePosition({ equity: 25_000, buyingPower: 50_000, entry: 20, stop: 19.5 })
 * if (result.ok) console.log(result.qty, result.riskAmount, result.notional)
 * else console.log(result.code, result.reason)
 * ```
 */
export type SizePositionReturnType =
  | (SizingDetails & {
      ok: true
      /** The quantity to trade, rounded down to the lot step. */
      qty: number
      /** `qty × riskPerShare`, in cents: the money lost if the stop fills at its price. */
      riskAmount: number
      /** `qty × entry`, in cents. */
      notional: number
      /** One sentence: the size and the caps that set it. */
      explanation: string
    })
  | (SizingDetails & {
      ok: false
      /** Why no size. */
      code: SizingRejectionCodeValue
      /** One sentence that names the numbers. */
      reason: string
    })

const RELATIVE_TOLERANCE = 1e-9

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`
}

/**
 * Sizes a position by fixed fractional risk: `qty = equity × riskFraction / |entry − stop|`, capped by
 * buying power, by a maximum position value (a fraction of equity) and by a maximum quantity, then
 * rounded down to the broker's lot step. Prices are first rounded to valid ticks away from each other,
 * so the risk per share used is never smaller than the one asked for.
 *
 * Guarantees: `riskAmount ≤ equity × riskFraction` and `notional ≤ buyingPower`. The result lists
 * every cap and the ones that bound, so a user sees why the size is 37 and not 120.
 *
 * Outcomes are values: zero equity or a size below one lot give `{ ok: false, code, reason }`.
 * Misuse throws: a non-finite number or a bad config throws a `ValidationError` naming the field and
 * the value; a stop on the wrong side of the entry throws a {@link WrongSideStopError}.
 *
 * @example
 * ```ts
 * import { sizePosition } from '@tradeblocks/risk'
 *
 * const result = sizePosition({ equity: 25_000, buyingPower: 1_500, entry: 40, stop: 39 })
 * if (result.ok) {
 *   result.qty // 37: 2% risk alone allows 500 shares, but 1,500 of buying power buys 37.5
 *   result.binding // ['buying_power']
 *   result.riskAmount // 37
 *   result.explanation
 * }
 * ```
 */
export function sizePosition(parameters: SizePositionParameters): SizePositionReturnType {
  const p = parse(SizePositionParametersSchema, parameters, 'position sizing')
  assertStopSide(p.side, p.entry, p.stop)
  const entry = roundPrice(p.entry, profitSideRounding(p.side), p.tick)
  const stop = roundPrice(p.stop, lossSideRounding(p.side), p.tick)
  assertStopSide(p.side, entry, stop)
  const riskPerShare = cleanDifference(Math.abs(entry - stop))
  const equity = Math.max(0, p.equity)
  // Whole cents, never above equity × riskFraction (not even by floating-point noise).
  const rawBudget = equity * p.riskFraction
  const nearestCent = Math.round(rawBudget * 100) / 100
  const riskBudget = nearestCent <= rawBudget ? nearestCent : Math.floor(rawBudget * 100) / 100
  const riskQty = riskBudget / riskPerShare

  const limits: SizingLimit[] = [
    {
      kind: SizingLimitKind.Risk,
      maxQty: riskQty,
      description: `${percent(p.riskFraction)} of equity ${formatMoney(p.equity)} = ${formatMoney(riskBudget)} at risk / ${formatPrice(riskPerShare)} per share = ${formatShares(riskQty)}`,
    },
    {
      kind: SizingLimitKind.BuyingPower,
      maxQty: p.buyingPower / entry,
      description: `buying power ${formatMoney(p.buyingPower)} / entry ${formatPrice(entry)} = ${formatShares(p.buyingPower / entry)}`,
    },
  ]
  if (p.maxPositionFraction !== undefined) {
    const value = equity * p.maxPositionFraction
    limits.push({
      kind: SizingLimitKind.MaxPositionValue,
      maxQty: value / entry,
      description: `${percent(p.maxPositionFraction)} of equity = ${formatMoney(value)} / entry ${formatPrice(entry)} = ${formatShares(value / entry)}`,
    })
  }
  if (p.maxShares !== undefined) {
    limits.push({
      kind: SizingLimitKind.MaxShares,
      maxQty: p.maxShares,
      description: `max shares ${formatQty(p.maxShares)}`,
    })
  }

  const capQty = Math.min(...limits.map((limit) => limit.maxQty))
  const binding = limits
    .filter((limit) => limit.maxQty <= capQty * (1 + RELATIVE_TOLERANCE))
    .map((limit) => limit.kind)
  const details: SizingDetails = {
    side: p.side,
    entry,
    stop,
    riskPerShare,
    riskFraction: p.riskFraction,
    riskBudget,
    riskQty,
    limits,
    binding,
  }

  if (p.equity <= 0) {
    return {
      ...details,
      ok: false,
      code: SizingRejectionCode.NoEquity,
      reason: `Equity is ${formatMoney(p.equity)}: there is nothing to risk.`,
    }
  }

  const lot = toLotRules(p.lot)
  let qty = roundQty(capQty, lot)
  // roundQty forgives floating-point noise within 1e-7 of a step; never let that noise exceed a cap.
  if (qty > capQty * (1 + RELATIVE_TOLERANCE)) qty = roundQty(Math.max(0, qty - lot.step), lot)
  const bindingText = limits
    .filter((limit) => binding.includes(limit.kind))
    .map((limit) => `${limit.kind.replaceAll('_', ' ')} (${limit.description})`)
    .join(' and ')

  if (qty === 0) {
    const minQty = p.lot.minQty ?? p.lot.step
    return {
      ...details,
      ok: false,
      code: SizingRejectionCode.BelowMinimum,
      reason: `The size rounds to 0: ${bindingText} allows ${formatShares(capQty)}, below the minimum quantity ${formatQty(minQty)}.`,
    }
  }

  const riskAmount = roundMoney(qty * riskPerShare)
  const notional = roundMoney(qty * entry)
  const capped =
    binding.length === 1 && binding[0] === SizingLimitKind.Risk
      ? `set by ${bindingText}`
      : `capped by ${bindingText}; risk alone allowed ${formatShares(riskQty)}`
  return {
    ...details,
    ok: true,
    qty,
    riskAmount,
    notional,
    explanation: `${formatQty(qty)} ${qty === 1 ? 'share' : 'shares'} ${p.side} at ${formatPrice(entry)} with stop ${formatPrice(stop)}: ${capped}; ${formatMoney(riskAmount)} at risk, ${formatMoney(notional)} notional.`,
  }
}
