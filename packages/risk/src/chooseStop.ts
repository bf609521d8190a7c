import { parse } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  formatPrice,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

const ChooseStopParametersSchema = z.object({
  side: PositionSideSchema.default('long'),
  entry: PositiveNumberSchema,
  candidates: z
    .array(
      z.object({ source: z.string().min(1, { error: 'must not be empty' }), stop: PositiveNumberSchema }),
    )
    .min(1, { error: 'must hold at least one stop' }),
  prefer: z.enum(['tighter', 'looser'], { error: 'must be "tighter" or "looser"' }).default('tighter'),
})

/**
 * A candidate stop and where it came from, e.g. `{ source: 'atr', stop: 47.52 }`.
 *
 * @example
 * ```ts
 * import { atrStop, structureStop, type StopCandidate } from '@tradeblocks/risk'
 *
 * const candidates: StopCandidate[] = [
 *   { source: 'atr', stop: atrStop({ entry: 50, atr: 1.2 }).stop },
 *   { source: 'structure', stop: structureStop({ level: 48.1 }).stop },
 * ]
 * ```
 */
export interface StopCandidate {
  /** A label for the explanation: `atr`, `structure`, ... */
  source: string
  /** The stop price. */
  stop: number
}

/**
 * Parameters of {@link chooseStop}.
 *
 * @example
 * ```ts
 * import type { ChooseStopParameters } from '@tradeblocks/risk'
 *
 * const params: ChooseStopParameters = {
 *   entry: 50,
 *   candidates: [{ source: 'atr', stop: 47.6 }, { source: 'structure', stop: 48.09 }],
 *   prefer: 'looser',
 * }
 * ```
 */
export interface ChooseStopParameters {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Entry price. */
  entry: number
  /** The stops to choose from; each must be on the loss side of the entry. */
  candidates: readonly StopCandidate[]
  /** `tighter` (default): the stop closest to the entry (smaller risk, larger size); `looser`: the farthest. */
  prefer?: 'tighter' | 'looser'
}

/**
 * The result of {@link chooseStop}.
 *
 * @example
 * ```ts
 * import { chooseStop, type ChooseStopReturnType } from '@tradeblocks/risk'
 *
 * const chosen: ChooseStopReturnType = chooseStop({ entry: 50, candidates: [{ source: 'atr', stop: 47.6 }] })
 * ```
 */
export interface ChooseStopReturnType {
  /** The chosen stop price. */
  stop: number
  /** The chosen candidate's source. */
  source: string
  /** `|entry − stop|`. */
  distance: number
  /** One sentence: which stop won and why. */
  reason: string
}

/**
 * Picks the tighter (closest to the entry) or the looser (farthest) of several stops, for example an ATR
 * stop and a structure stop. Every candidate must sit on the loss side of the entry.
 *
 * @throws WrongSideStopError when a candidate is at or beyond the entry on the profit side.
 * @throws ValidationError for non-finite prices or an empty candidate list.
 *
 * @example
 * ```ts
 * import { atrStop, chooseStop, structureStop } from '@tradeblocks/risk'
 *
 * const entry = 50
 * const chosen = chooseStop({
 *   entry,
 *   candidates: [
 *     { source: 'atr', stop: atrStop({ entry, atr: 1.2 }).stop }, // 47.60
 *     { source: 'structure', stop: structureStop({ level: 48.1, entry }).stop }, // 48.09
 *   ],
 * })
 * chosen.source // 'structure': the tighter of the two
 * ```
 */
export function chooseStop(parameters: ChooseStopParameters): ChooseStopReturnType {
  const p = parse(ChooseStopParametersSchema, parameters, 'stop choice')
  for (const candidate of p.candidates)
    assertStopSide(p.side, p.entry, candidate.stop, `Stop (${candidate.source})`)
  let best = p.candidates[0] as StopCandidate
  for (const candidate of p.candidates) {
    const distance = Math.abs(p.entry - candidate.stop)
    const bestDistance = Math.abs(p.entry - best.stop)
    if (p.prefer === 'tighter' ? distance < bestDistance : distance > bestDistance) best = candidate
  }
  const others = p.candidates
    .filter((candidate) => candidate !== best)
    .map((candidate) => `${candidate.source} ${formatPrice(candidate.stop)}`)
  return {
    stop: best.stop,
    source: best.source,
    distance: cleanDifference(Math.abs(p.entry - best.stop)),
    reason:
      others.length === 0
        ? `${best.source} stop ${formatPrice(best.stop)} is the only candidate`
        : `${best.source} stop ${formatPrice(best.stop)} is the ${p.prefer} one (vs ${others.join(', ')})`,
  }
}
