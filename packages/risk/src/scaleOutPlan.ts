import { parse, roundQty, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  formatPrice,
  formatQty,
  LotRulesSchema,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  TickSchema,
  toLotRules,
} from './positionSide.js'
import { rMultipleTarget } from './rMultipleTarget.js'
import { assertStopSide } from './WrongSideStopError.js'

const FractionSchema = z
  .number({ error: 'must be a finite number' })
  .gt(0, { error: 'must be greater than 0' })
  .lte(1, { error: 'must be at most 1' })

const LegSchema = z.union([
  z.strictObject({ fraction: FractionSchema, rMultiple: PositiveNumberSchema }),
  z.strictObject({ fraction: FractionSchema, price: PositiveNumberSchema }),
  z.strictObject({ fraction: FractionSchema, trail: z.literal(true) }),
])

const ScaleOutPlanParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  qty: PositiveNumberSchema,
  entry: PositiveNumberSchema,
  stop: PositiveNumberSchema,
  legs: z
    .array(LegSchema)
    .min(1, { error: 'must hold at least one leg' })
    .refine((legs) => Math.abs(legs.reduce((sum, leg) => sum + leg.fraction, 0) - 1) <= 1e-9, {
      error: 'fractions must add up to 1',
    })
    .default([
      { fraction: 0.5, rMultiple: 2 },
      { fraction: 0.5, trail: true },
    ]),
  lot: LotRulesSchema.default({ step: 1 }),
  tick: TickSchema,
})

/**
 * One leg of a scale-out plan as asked for: a fraction of the position sold at an R multiple, at a price,
 * or left to a trailing stop.
 *
 * @example
 * ```ts
 * import type { ScaleOutLegSpec } from '@tradeblocks/risk'
 *
 * const legs: ScaleOutLegSpec[] = [{ fraction: 1 / 3, rMultiple: 1 }, { fraction: 1 / 3, rMultiple: 2 }, { fraction: 1 / 3, trail: true }]
 * ```
 */
export type ScaleOutLegSpec =
  | { fraction: number; rMultiple: number }
  | { fraction: number; price: number }
  | { fraction: number; trail: true }

/**
 * Parameters of {@link scaleOutPlan}.
 *
 * @example
 * ```ts
 * import type { ScaleOutPlanParameters } from '@tradeblocks/risk'
 *
 * const params: ScaleOutPlanParameters = { qty: 150, entry: 20, stop: 19.4 } // half at 2R, the rest trailed
 * ```
 */
export interface ScaleOutPlanParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** The whole position's quantity. */
  qty: number
  /** Entry price. */
  entry: number
  /** Initial stop. */
  stop: number
  /** The legs; fractions add up to 1. Default: half at 2R, the rest trailed. */
  legs?: readonly ScaleOutLegSpec[]
  /** The broker's lot rules; default whole shares. */
  lot?: { step: number; minQty?: number }
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * One leg of a computed plan: a limit exit at `price`, or a quantity left to the trailing stop.
 *
 * @example
 * ```ts
 * import type { ScaleOutLeg } from '@tradeblocks/risk'
 *
 * const describe = (leg: ScaleOutLeg) => (leg.kind === 'target' ? `${leg.qty} @ ${leg.price}` : `${leg.qty} trailed`)
 * ```
 */
export type ScaleOutLeg =
  | {
      kind: 'target'
      qty: number
      price: number
      /** The leg's reward in R. */
      rMultiple: number
    }
  | { kind: 'trail'; qty: number }

/**
 * The result of {@link scaleOutPlan}.
 *
 * @example
 * ```ts
 * import { scaleOutPlan, type ScaleOutPlanReturnType } from '@tradeblocks/risk'
 *
 * const plan: ScaleOutPlanReturnType = scaleOutPlan({ qty: 150, entry: 20, stop: 19.4 })
 * ```
 */
export interface ScaleOutPlanReturnType {
  /** The legs that got a quantity, in the order asked; their quantities add up to `qty`. */
  legs: ScaleOutLeg[]
  /** Indexes of requested legs whose share rounded to 0 (their quantity moved to the last leg). */
  skipped: number[]
  /** One line per leg. */
  summary: string
}

/**
 * Splits a position into exits: for example half at 2R and the rest trailed (the default). Each leg's
 * quantity is rounded down to the lot step and the last leg takes the remainder, so the legs always add
 * up to the position. Target prices are rounded to a tick away from the entry.
 *
 * @throws ValidationError when fractions do not add up to 1, a price target is not beyond the entry, or a
 * number is bad.
 * @throws WrongSideStopError when the stop is on the wrong side of the entry.
 *
 * @example
 * ```ts
 * import { scaleOutPlan } from '@tradeblocks/risk'
 *
 * const plan = scaleOutPlan({ qty: 151, entry: 20, stop: 19.4 })
 * plan.legs // [{ kind: 'target', qty: 75, price: 21.2, rMultiple: 2 }, { kind: 'trail', qty: 76 }]
 * ```
 */
export function scaleOutPlan(parameters: ScaleOutPlanParameters): ScaleOutPlanReturnType {
  const p = parse(ScaleOutPlanParametersSchema, parameters, 'scale-out plan')
  assertStopSide(p.side, p.entry, p.stop)
  const r = Math.abs(p.entry - p.stop)
  const sign = p.side === 'long' ? 1 : -1
  const lot = toLotRules(p.lot)
  const total = roundQty(p.qty, lot)
  if (total === 0) {
    throw new ValidationError('scale-out plan', [
      { path: 'qty', message: `qty ${p.qty} is below one lot of ${p.lot.step}`, value: p.qty },
    ])
  }

  const planned = p.legs.map((leg, index) => {
    const last = index === p.legs.length - 1
    const qty = last ? 0 : roundQty(total * leg.fraction, lot)
    if ('trail' in leg) return { index, qty, leg: { kind: 'trail' as const, qty } }
    let price: number
    if ('rMultiple' in leg) {
      price = rMultipleTarget({
        side: p.side,
        entry: p.entry,
        stop: p.stop,
        multiple: leg.rMultiple,
        ...(p.tick === undefined ? {} : { tick: p.tick }),
      }).target
    } else {
      price = leg.price
      if (sign * (price - p.entry) <= 0) {
        throw new ValidationError('scale-out plan', [
          {
            path: `legs.${index}.price`,
            message: `legs.${index}.price ${formatPrice(price)} is not beyond the entry ${formatPrice(p.entry)} for a ${p.side}`,
            value: price,
          },
        ])
      }
    }
    const rMultiple = Number((Math.abs(price - p.entry) / r).toFixed(4))
    return { index, qty, leg: { kind: 'target' as const, qty, price, rMultiple } }
  })
  const assigned = planned.reduce((sum, leg) => sum + leg.qty, 0)
  const lastPlanned = planned[planned.length - 1]
  if (lastPlanned !== undefined) {
    // The last leg takes what the others left; clean the subtraction of floating-point noise.
    const remainder = Number((total - assigned).toFixed(9))
    lastPlanned.qty = remainder
    lastPlanned.leg.qty = remainder
  }
  const legs: ScaleOutLeg[] = []
  const skipped: number[] = []
  for (const item of planned) {
    if (item.qty > 0) legs.push(item.leg)
    else skipped.push(item.index)
  }
  const summary = legs
    .map((leg) =>
      leg.kind === 'target'
        ? `${formatQty(leg.qty)} at ${formatPrice(leg.price)} (${leg.rMultiple}R)`
        : `${formatQty(leg.qty)} trailed`,
    )
    .join(', ')
  return { legs, skipped, summary }
}
