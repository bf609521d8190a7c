import { parse, SymbolSchema } from '@tradeblocks/core'
import { z } from 'zod'
import { RiskRejectionCode, type RuleResult } from './RuleResult.js'

const CheckMaxOpenPositionsParametersSchema = z.object({
  symbol: SymbolSchema,
  positions: z.array(z.object({ symbol: SymbolSchema, qty: z.number({ error: 'must be a finite number' }) })),
  pendingSymbols: z.array(SymbolSchema).default([]),
  maxOpenPositions: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number' })
    .nonnegative({ error: 'must not be negative' }),
})

/**
 * Parameters of {@link checkMaxOpenPositions}.
 *
 * @example
 * ```ts
 * import type { CheckMaxOpenPositionsParameters } from '@tradeblocks/risk'
 *
 * const params: CheckMaxOpenPositionsParameters = {
 *   symbol: 'ABCD', maxOpenPositions: 3,
 *   positions: [{ symbol: 'EFGH', qty: 100 }, { symbol: 'IJKL', qty: -50 }],
 * }
 * ```
 */
export interface CheckMaxOpenPositionsParameters {
  /** The symbol of the entry. */
  symbol: string
  /** Open positions (core's `Position` fits); flat ones are ignored. */
  positions: readonly { symbol: string; qty: number }[]
  /** Symbols of entry orders sent but not filled yet; they count as positions. */
  pendingSymbols?: readonly string[]
  /** The most symbols held at once. */
  maxOpenPositions: number
}

/**
 * The result of {@link checkMaxOpenPositions}: a {@link RuleResult} plus the count.
 *
 * @example
 * ```ts
 * import { checkMaxOpenPositions, type CheckMaxOpenPositionsReturnType } from '@tradeblocks/risk'
 *
 * const result: CheckMaxOpenPositionsReturnType = checkMaxOpenPositions({ symbol: 'ABCD', positions: [], maxOpenPositions: 3 })
 * result.openPositions // 0
 * ```
 */
export type CheckMaxOpenPositionsReturnType = RuleResult & {
  /** Distinct symbols held or pending before this entry. */
  openPositions: number
}

/**
 * Refuses an entry in a new symbol when `maxOpenPositions` symbols are already held or pending. Adding to a
 * symbol already held is not a new position and passes.
 *
 * @throws ValidationError for bad symbols or a bad limit.
 *
 * @example
 * ```ts
 * import { checkMaxOpenPositions } from '@tradeblocks/risk'
 *
 * const result = checkMaxOpenPositions({
 *   symbol: 'MNOP',
 *   positions: [{ symbol: 'ABCD', qty: 100 }, { symbol: 'EFGH', qty: 20 }],
 *   maxOpenPositions: 2,
 * })
 * result.ok // false: code 'max_open_positions'
 * ```
 */
export function checkMaxOpenPositions(
  parameters: CheckMaxOpenPositionsParameters,
): CheckMaxOpenPositionsReturnType {
  const p = parse(CheckMaxOpenPositionsParametersSchema, parameters, 'open-positions check')
  const open = new Set<string>(p.pendingSymbols)
  for (const position of p.positions) if (position.qty !== 0) open.add(position.symbol)
  const base = { rule: 'max_open_positions' as const, openPositions: open.size }
  if (open.has(p.symbol)) {
    return {
      ...base,
      ok: true,
      detail: `${p.symbol} is already held or pending: adding to it opens no new position.`,
    }
  }
  if (open.size >= p.maxOpenPositions) {
    return {
      ...base,
      ok: false,
      code: RiskRejectionCode.MaxOpenPositions,
      reason: `${open.size} positions are open or pending (${[...open].sort().join(', ')}); the limit is ${p.maxOpenPositions}, so ${p.symbol} cannot be added.`,
    }
  }
  return {
    ...base,
    ok: true,
    detail: `${p.symbol} would be position ${open.size + 1} of ${p.maxOpenPositions}.`,
  }
}
