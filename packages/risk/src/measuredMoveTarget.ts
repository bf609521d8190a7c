import { parse, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  directionOf,
  formatPrice,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  roundPrice,
  TickSchema,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

const MeasuredMoveTargetParametersSchema = z
  .object({
    side: PositionSideSchema.default('long'),
    moveLow: PositiveNumberSchema,
    moveHigh: PositiveNumberSchema,
    from: PositiveNumberSchema,
    entry: PositiveNumberSchema.optional(),
    stop: PositiveNumberSchema.optional(),
    tick: TickSchema,
  })
  .refine((p) => p.moveHigh > p.moveLow, {
    path: ['moveHigh'],
    error: 'must be above moveLow',
  })

/**
 * Parameters of {@link measuredMoveTarget}.
 *
 * @example
 * ```ts
 * import type { MeasuredMoveTargetParameters } from '@tradeblocks/risk'
 *
 * // Flagpole from 8.10 to 10.40, breakout from the flag at 10.05.
 * const params: MeasuredMoveTargetParameters = { moveLow: 8.1, moveHigh: 10.4, from: 10.05 }
 * ```
 */
export interface MeasuredMoveTargetParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Low of the measured leg (a flagpole's base). */
  moveLow: number
  /** High of the measured leg (a flagpole's top). */
  moveHigh: number
  /** Where the projection starts: the breakout level (a flag's high for a long, its low for a short). */
  from: number
  /** Entry price; with `stop`, the result reports the target's R multiple. */
  entry?: number
  /** Initial stop; with `entry`, the result reports the target's R multiple. */
  stop?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * The result of {@link measuredMoveTarget}.
 *
 * @example
 * ```ts
 * import { measuredMoveTarget, type MeasuredMoveTargetReturnType } from '@tradeblocks/risk'
 *
 * const { target, height }: MeasuredMoveTargetReturnType = measuredMoveTarget({ moveLow: 8.1, moveHigh: 10.4, from: 10.05 })
 * ```
 */
export interface MeasuredMoveTargetReturnType {
  /** The projected target, rounded to a tick toward `from` (the level is reached before the exact projection). */
  target: number
  /** The measured leg: `moveHigh − moveLow`. */
  height: number
  /** The target's reward in R when `entry` and `stop` were given. */
  rMultiple: number | undefined
}

/**
 * A measured-move target: the height of the prior leg (a flagpole) projected from the breakout level,
 * `from + (moveHigh − moveLow)` for a long and `from − (moveHigh − moveLow)` for a short.
 *
 * @throws ValidationError when `moveHigh ≤ moveLow`, a number is bad, the short's projection falls to 0,
 * or the target is not beyond the entry.
 * @throws WrongSideStopError when `entry` and `stop` are given and the stop is on the wrong side.
 *
 * @example
 * ```ts
 * import { measuredMoveTarget } from '@tradeblocks/risk'
 *
 * const mm = measuredMoveTarget({ moveLow: 8.1, moveHigh: 10.4, from: 10.05, entry: 10.06, stop: 9.7 })
 * mm.target // 12.35
 * mm.rMultiple // 6.36: (12.35 − 10.06) / 0.36
 * ```
 */
export function measuredMoveTarget(parameters: MeasuredMoveTargetParameters): MeasuredMoveTargetReturnType {
  const p = parse(MeasuredMoveTargetParametersSchema, parameters, 'measured-move target')
  const height = cleanDifference(p.moveHigh - p.moveLow)
  const raw = p.from + directionOf(p.side) * height
  if (!(raw > 0)) {
    throw new ValidationError('measured-move target', [
      {
        path: 'from',
        message: `from ${formatPrice(p.from)} minus the leg ${formatPrice(height)} puts a short's target at or below 0`,
        value: p.from,
      },
    ])
  }
  const target = roundPrice(raw, p.side === 'long' ? 'down' : 'up', p.tick)
  if (p.entry !== undefined && directionOf(p.side) * (target - p.entry) <= 0) {
    throw new ValidationError('measured-move target', [
      {
        path: 'entry',
        message: `entry ${formatPrice(p.entry)} is already at or beyond the target ${formatPrice(target)}`,
        value: p.entry,
      },
    ])
  }
  let rMultiple: number | undefined
  if (p.entry !== undefined && p.stop !== undefined) {
    assertStopSide(p.side, p.entry, p.stop)
    rMultiple = Number((Math.abs(target - p.entry) / Math.abs(p.entry - p.stop)).toFixed(2))
  }
  return { target, height, rMultiple }
}
