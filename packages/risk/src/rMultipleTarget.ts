import { parse, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  directionOf,
  formatPrice,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  profitSideRounding,
  roundPrice,
  TickSchema,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

const RMultipleTargetParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  entry: PositiveNumberSchema,
  stop: PositiveNumberSchema,
  multiple: PositiveNumberSchema.default(2),
  tick: TickSchema,
})

/**
 * Parameters of {@link rMultipleTarget}.
 *
 * @example
 * ```ts
 * import type { RMultipleTargetParameters } from '@tradeblocks/risk'
 *
 * const params: RMultipleTargetParameters = { entry: 20, stop: 19.4, multiple: 3 }
 * ```
 */
export interface RMultipleTargetParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Entry price. */
  entry: number
  /** Initial stop: one R is `|entry − stop|`. */
  stop: number
  /** How many R: default 2. */
  multiple?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * The result of {@link rMultipleTarget}.
 *
 * @example
 * ```ts
 * import { rMultipleTarget, type RMultipleTargetReturnType } from '@tradeblocks/risk'
 *
 * const { target, r }: RMultipleTargetReturnType = rMultipleTarget({ entry: 20, stop: 19.4 })
 * ```
 */
export interface RMultipleTargetReturnType {
  /** The target price, rounded to a tick away from the entry so the reward is at least `multiple` R. */
  target: number
  /** One R: `|entry − stop|`. */
  r: number
  /** The reward per share at the target. */
  rewardPerShare: number
  /** The achieved multiple after rounding (≥ the requested one). */
  multiple: number
}

/**
 * The R-multiple target: `entry + multiple × (entry − stop)` for a long (default 2R), mirrored for a short.
 * The price is rounded to a tick away from the entry, so the plan never promises less than asked.
 *
 * @throws WrongSideStopError when the stop is on the wrong side of the entry.
 * @throws ValidationError for bad numbers, or when a short's target would be at or below 0.
 *
 * @example
 * ```ts
 * import { rMultipleTarget } from '@tradeblocks/risk'
 *
 * rMultipleTarget({ entry: 20, stop: 19.4 }).target // 21.2 (2R = 1.20 above the entry)
 * rMultipleTarget({ entry: 20, stop: 20.5, side: 'short', multiple: 3 }).target // 18.5
 * ```
 */
export function rMultipleTarget(parameters: RMultipleTargetParameters): RMultipleTargetReturnType {
  const p = parse(RMultipleTargetParametersSchema, parameters, 'R-multiple target')
  assertStopSide(p.side, p.entry, p.stop)
  const r = cleanDifference(Math.abs(p.entry - p.stop))
  const raw = p.entry + directionOf(p.side) * p.multiple * r
  if (!(raw > 0)) {
    throw new ValidationError('R-multiple target', [
      {
        path: 'multiple',
        message: `multiple ${p.multiple} puts a short's target at ${formatPrice(raw)}, at or below 0`,
        value: p.multiple,
      },
    ])
  }
  const target = roundPrice(raw, profitSideRounding(p.side), p.tick)
  const rewardPerShare = cleanDifference(Math.abs(target - p.entry))
  return { target, r, rewardPerShare, multiple: Number((rewardPerShare / r).toFixed(6)) }
}
