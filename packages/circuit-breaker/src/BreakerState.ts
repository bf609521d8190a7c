import { TimestampSchema } from '@tradeblocks/core'
import { z } from 'zod'
import { BREAKER_RULES, type BreakerRuleValue } from './BreakerRule.js'

/**
 * One active halt: the rule, a sentence with the numbers, when it tripped, and when it lifts (`null`:
 * only a manual reset lifts it).
 *
 * @example
 * ```ts
 * import type { BreakerHalt } from '@tradeblocks/circuit-breaker'
 *
 * const latched = (halt: BreakerHalt) => halt.resetAt === null
 * ```
 */
export interface BreakerHalt {
  /** The rule that tripped. */
  rule: BreakerRuleValue
  /** One sentence with the numbers, e.g. `Daily P&L -512.40 reached the limit of -500.00 ...`. */
  reason: string
  /** When it tripped (epoch ms). */
  trippedAt: number
  /** When it lifts (epoch ms: the next session's start), or `null` for a manual reset only. */
  resetAt: number | null
  /** The numbers behind the decision, e.g. `{ dailyPnl: -512.4, limit: -500 }`. */
  values: Record<string, number>
  /** Whether flattening every position was asked for. */
  flatten: boolean
}

const HaltSchema = z.object({
  rule: z.enum(BREAKER_RULES),
  reason: z.string(),
  trippedAt: TimestampSchema,
  resetAt: TimestampSchema.nullable(),
  values: z.record(z.string(), z.number()),
  flatten: z.boolean(),
})

/**
 * The persisted state of a trading circuit breaker, versioned. A store saves and loads exactly this;
 * anything else found at start-up halts the breaker.
 *
 * @example
 * ```ts
 * import { BreakerStateSchema } from '@tradeblocks/circuit-breaker'
 *
 * const ok = BreakerStateSchema.safeParse(JSON.parse(text)).success
 * ```
 */
export const BreakerStateSchema = z.object({
  version: z.literal(1),
  /** The trading day in force: its date and its bounds (session start to the next session start). */
  period: z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    start: TimestampSchema,
    end: TimestampSchema,
  }),
  /** Equity at the start of the day, when known. */
  startEquity: z.number().nullable(),
  /** The latest equity, when known. */
  equity: z.number().nullable(),
  /** The latest unrealized P&L reported. */
  unrealized: z.number(),
  /** The highest equity seen (since the last drawdown reset). */
  peakEquity: z.number().nullable(),
  /** Realized P&L of trades closed today. */
  realizedToday: z.number(),
  /** Losing trades in a row. */
  consecutiveLosses: z.number().int().nonnegative(),
  /** Entries made today. */
  entriesToday: z.number().int().nonnegative(),
  /** What a manual reset re-armed from: the day's P&L and entry count at that moment. */
  baselines: z.object({ dailyPnl: z.number(), entries: z.number().int().nonnegative() }),
  /** Order and rejection times inside the runaway window. */
  orderTimes: z.array(TimestampSchema),
  rejectionTimes: z.array(TimestampSchema),
  /** Active halts. */
  halts: z.array(HaltSchema),
  /** When this state was produced. */
  savedAt: TimestampSchema,
})

/**
 * The persisted state; see {@link BreakerStateSchema}.
 *
 * @example
 * ```ts
 * import type { BreakerState } from '@tradeblocks/circuit-breaker'
 *
 * const halted = (state: BreakerState) => state.halts.length > 0
 * ```
 */
export type BreakerState = z.output<typeof BreakerStateSchema>
