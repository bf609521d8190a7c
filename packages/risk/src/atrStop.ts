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
} from './positionSide.js'

const AtrStopParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  entry: PositiveNumberSchema,
  atr: PositiveNumberSchema,
  multiplier: PositiveNumberSchema.default(2),
  tick: TickSchema,
})

/**
 * Parameters of {@link atrStop}.
 *
 * @example
 * ```ts
 * import type { AtrStopParameters } from '@tradeblocks/risk'
 *
 * const params: AtrStopParameters = { entry: 25.4, atr: 0.38, multiplier: 1.5 }
 * ```
 */
export interface AtrStopParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Entry price. */
  entry: number
  /** Average true range, in price units; must be finite and above 0 (a warming-up indicator's NaN is refused). */
  atr: number
  /** How many ATRs away from the entry: default 2. */
  multiplier?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * The result of {@link atrStop}.
 *
 * @example
 * ```ts
 * import { atrStop, type AtrStopReturnType } from '@tradeblocks/risk'
 *
 * const { stop, distance }: AtrStopReturnType = atrStop({ entry: 50, atr: 1.2 })
 * ```
 */
export interface AtrStopReturnType {
  /** The stop price, rounded to a tick away from the entry (down for a long). */
  stop: number
  /** `|entry − stop|` after rounding. */
  distance: number
  /** One sentence: how the stop was computed. */
  reason: string
}

/**
 * A volatility stop: `entry − multiplier × ATR` for a long (default multiplier 2), `entry + multiplier × ATR`
 * for a short, rounded to a valid tick away from the entry.
 *
 * @throws ValidationError when a number is not finite or not positive (a NaN ATR names the field and the
 * value), or when a long's stop would fall to zero or below.
 *
 * @example
 * ```ts
 * import { atrStop } from '@tradeblocks/risk'
 *
 * atrStop({ entry: 50, atr: 1.237 }).stop // 47.52 (50 − 2 × 1.237 = 47.526, rounded down)
 * atrStop({ entry: 50, atr: 1.237, side: 'short' }).stop // 52.48 (rounded up)
 * ```
 */
export function atrStop(parameters: AtrStopParameters): AtrStopReturnType {
  const p = parse(AtrStopParametersSchema, parameters, 'ATR stop')
  const offset = p.multiplier * p.atr
  const raw = p.side === 'long' ? p.entry - offset : p.entry + offset
  if (!(raw > 0)) {
    throw new ValidationError('ATR stop', [
      {
        path: 'atr',
        message: `atr ${p.atr} × multiplier ${p.multiplier} puts a long's stop at ${formatPrice(raw)}, at or below 0 for entry ${formatPrice(p.entry)}`,
        value: p.atr,
      },
    ])
  }
  const stop = roundPrice(raw, lossSideRounding(p.side), p.tick)
  if (!(stop > 0)) {
    throw new ValidationError('ATR stop', [
      { path: 'atr', message: `atr ${p.atr} puts the stop below one tick (got ${stop})`, value: p.atr },
    ])
  }
  const distance = cleanDifference(Math.abs(p.entry - stop))
  return {
    stop,
    distance,
    reason: `${p.multiplier} × ATR ${formatPrice(p.atr)} ${p.side === 'long' ? 'below' : 'above'} entry ${formatPrice(p.entry)} = ${formatPrice(stop)}`,
  }
}
