import { parse, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  formatPrice,
  lossSideRounding,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  roundPrice,
  TickSchema,
  tickAt,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

const StructureStopParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  level: PositiveNumberSchema,
  offsetTicks: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number of ticks' })
    .nonnegative({ error: 'must not be negative' })
    .default(1),
  entry: PositiveNumberSchema.optional(),
  tick: TickSchema,
})

/**
 * Parameters of {@link structureStop}.
 *
 * @example
 * ```ts
 * import type { StructureStopParameters } from '@tradeblocks/risk'
 *
 * // A bull flag's low at 10.42: stop one tick under it.
 * const params: StructureStopParameters = { level: 10.42, entry: 10.86 }
 * ```
 */
export interface StructureStopParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** The structure that invalidates the trade: a pattern's support (long) or resistance (short). */
  level: number
  /** How many ticks beyond the level: default 1. */
  offsetTicks?: number
  /** The entry; when given, a stop on the wrong side of it throws {@link WrongSideStopError}. */
  entry?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * The result of {@link structureStop}.
 *
 * @example
 * ```ts
 * import { structureStop, type StructureStopReturnType } from '@tradeblocks/risk'
 *
 * const result: StructureStopReturnType = structureStop({ level: 10.42 })
 * ```
 */
export interface StructureStopReturnType {
  /** The stop price on a valid tick. */
  stop: number
  /** `|entry − stop|` when the entry was given. */
  distance: number | undefined
  /** One sentence: how the stop was computed. */
  reason: string
}

/**
 * A structure stop: the pattern's support minus `offsetTicks` ticks for a long (default one tick),
 * the resistance plus that for a short, on a valid tick.
 *
 * @throws ValidationError for non-finite or non-positive numbers.
 * @throws WrongSideStopError when `entry` is given and the stop is not beyond it on the loss side.
 *
 * @example
 * ```ts
 * import { structureStop } from '@tradeblocks/risk'
 *
 * structureStop({ level: 10.42 }).stop // 10.41
 * structureStop({ level: 0.5123, offsetTicks: 2 }).stop // 0.5121 (sub-penny ticks below $1)
 * structureStop({ level: 11.8, side: 'short' }).stop // 11.81
 * ```
 */
export function structureStop(parameters: StructureStopParameters): StructureStopReturnType {
  const p = parse(StructureStopParametersSchema, parameters, 'structure stop')
  const tick = tickAt(p.level, p.tick)
  const raw = p.side === 'long' ? p.level - p.offsetTicks * tick : p.level + p.offsetTicks * tick
  const stop = roundPrice(Math.max(raw, 0), lossSideRounding(p.side), p.tick)
  if (!(stop > 0)) {
    throw new ValidationError('structure stop', [
      {
        path: 'level',
        message: `level ${p.level} minus ${p.offsetTicks} ticks puts the stop at or below 0`,
        value: p.level,
      },
    ])
  }
  if (p.entry !== undefined) assertStopSide(p.side, p.entry, stop, 'Structure stop')
  const where = p.side === 'long' ? 'below support' : 'above resistance'
  return {
    stop,
    distance: p.entry === undefined ? undefined : cleanDifference(Math.abs(p.entry - stop)),
    reason: `${p.offsetTicks} tick${p.offsetTicks === 1 ? '' : 's'} ${where} ${formatPrice(p.level)} = ${formatPrice(stop)}`,
  }
}
