import { z } from 'zod'

const Money = z.number({ error: 'must be a finite number' }).positive({ error: 'must be greater than 0' })
const Fraction = z
  .number({ error: 'must be a finite number' })
  .gt(0, { error: 'must be greater than 0' })
  .lte(1, { error: 'must be at most 1 (a fraction: 0.03 = 3%)' })
const Count = z
  .number({ error: 'must be a finite number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
const ResetPolicy = z.enum(['next_session', 'manual'], { error: 'must be "next_session" or "manual"' })

/**
 * The trading circuit breaker's rules, validated. Every loss rule is off until configured; the runaway
 * guard is on by default (30 orders or 10 rejections in 60 seconds).
 *
 * @example
 * ```ts
 * import { BreakerConfigSchema } from '@tradeblocks/circuit-breaker'
 *
 * const config = BreakerConfigSchema.parse({ maxDailyLoss: 500, maxDailyLossPercent: 0.03, maxConsecutiveLosses: 3 })
 * ```
 */
export const BreakerConfigSchema = z.object({
  /** Halt when the day's P&L reaches minus this amount. */
  maxDailyLoss: Money.optional(),
  /** Halt when the day's P&L reaches minus this fraction of the session's starting equity. */
  maxDailyLossPercent: Fraction.optional(),
  /** Halt after this many losing trades in a row. */
  maxConsecutiveLosses: Count.optional(),
  /** Halt when equity falls this fraction below its peak. */
  maxDrawdownPercent: Fraction.optional(),
  /** Halt when equity falls this amount below its peak. */
  maxDrawdown: Money.optional(),
  /** Halt once this many entries were made in the day. */
  maxTradesPerDay: Count.optional(),
  /** The runaway guard: halt after `maxOrders` orders or `maxRejections` rejections within `windowMs`; `false` turns it off. */
  runaway: z
    .union([
      z.literal(false),
      z.object({
        maxOrders: Count.default(30),
        maxRejections: Count.default(10),
        windowMs: z
          .number({ error: 'must be a finite number' })
          .int({ error: 'must be whole milliseconds' })
          .min(1_000, { error: 'must be at least 1000 ms' })
          .max(86_400_000, { error: 'must be at most one day' })
          .default(60_000),
      }),
    ])
    .default({ maxOrders: 30, maxRejections: 10, windowMs: 60_000 }),
  /** Ask for every position to be flattened when a rule trips (emitted as a `flatten` event). Default false. */
  flattenOnHalt: z.boolean().default(false),
  /** When the trading day starts (and daily halts lift): the regular open (09:30 ET, default) or the premarket open (04:00 ET). */
  dayStartsAt: z.enum(['regular_open', 'premarket_open']).default('regular_open'),
  /** When a drawdown halt lifts: only by a manual reset (default) or at the next session. */
  drawdownReset: ResetPolicy.default('manual'),
  /** When a runaway halt lifts: only by a manual reset (default; a runaway is usually a bug) or at the next session. */
  runawayReset: ResetPolicy.default('manual'),
})

/**
 * The breaker's rules as you write them; see {@link BreakerConfigSchema}.
 *
 * @example
 * ```ts
 * import type { BreakerConfig } from '@tradeblocks/circuit-breaker'
 *
 * const config: BreakerConfig = {
 *   maxDailyLoss: 500,
 *   maxDailyLossPercent: 0.03,
 *   maxConsecutiveLosses: 3,
 *   maxDrawdownPercent: 0.1,
 *   maxTradesPerDay: 10,
 *   runaway: { maxOrders: 20, maxRejections: 5, windowMs: 60_000 },
 * }
 * ```
 */
export type BreakerConfig = z.input<typeof BreakerConfigSchema>
