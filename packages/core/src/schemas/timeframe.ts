import { z } from 'zod'

/**
 * A bar interval: a positive integer and a unit, `s` seconds, `m` minutes, `h` hours, `d` days, `w` weeks
 * (`1m`, `5m`, `1h`, `1d`).
 *
 * @example
 * ```ts
 * import { TimeframeSchema } from '@tradeblocks/core'
 *
 * TimeframeSchema.parse('5m') // '5m'
 * TimeframeSchema.safeParse('5 min').success // false
 * ```
 */
export const TimeframeSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[1-9]\d{0,3}[smhdw]$/, { error: 'must be a number and a unit s, m, h, d or w, such as 1m or 1d' })
  .transform((value) => value as Timeframe)

/**
 * A bar interval such as `1m`, `5m`, `1h`, `1d`.
 *
 * @example
 * ```ts
 * import type { Timeframe } from '@tradeblocks/core'
 *
 * const tf: Timeframe = '1m'
 * ```
 */
export type Timeframe = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

/**
 * The nominal length of a timeframe in milliseconds (`1d` is 24 h; trading sessions are shorter).
 *
 * @throws RangeError for a string that is not a timeframe.
 *
 * @example
 * ```ts
 * import { timeframeToMs } from '@tradeblocks/core'
 *
 * timeframeToMs('5m') // 300000
 * ```
 */
export function timeframeToMs(timeframe: Timeframe): number {
  const match = /^([1-9]\d{0,3})([smhdw])$/.exec(timeframe)
  if (!match)
    throw new RangeError(`timeframe must be a number and a unit s, m, h, d or w (got "${timeframe}")`)
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
}
