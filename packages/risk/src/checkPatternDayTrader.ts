import { nyse, parse, TimestampSchema, type TradingCalendar, tradingDateOf } from '@tradeblocks/core'
import { z } from 'zod'
import { FiniteNumberSchema, formatMoney } from './positionSide.js'
import { RiskRejectionCode, type RuleResult } from './RuleResult.js'

/**
 * The pattern-day-trader rule's settings, validated. Defaults follow FINRA Rule 4210 as of 2025: at most
 * 3 day trades in 5 trading days while equity is under $25,000. Brokers and regulators change these
 * numbers; set them to your broker's.
 *
 * @example
 * ```ts
 * import { PatternDayTraderConfigSchema } from '@tradeblocks/risk'
 *
 * const config = PatternDayTraderConfigSchema.parse({ equityThreshold: 2_000 }) // a lower threshold
 * ```
 */
export const PatternDayTraderConfigSchema = z.object({
  /** Turn the rule off (a cash account or a non-US broker). Default true. */
  enabled: z.boolean().default(true),
  /** Equity at or above which day trades are not limited. Default 25,000. */
  equityThreshold: z
    .number({ error: 'must be a finite number' })
    .nonnegative({ error: 'must not be negative' })
    .default(25_000),
  /** Day trades allowed in the window; the next one is blocked. Default 3. */
  maxDayTrades: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number' })
    .nonnegative({ error: 'must not be negative' })
    .default(3),
  /** The rolling window in trading days, today included. Default 5. */
  windowDays: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(60, { error: 'must be at most 60' })
    .default(5),
})

/**
 * Settings of the pattern-day-trader rule; see {@link PatternDayTraderConfigSchema}.
 *
 * @example
 * ```ts
 * import type { PatternDayTraderConfig } from '@tradeblocks/risk'
 *
 * const config: PatternDayTraderConfig = { equityThreshold: 25_000, maxDayTrades: 3, windowDays: 5 }
 * ```
 */
export type PatternDayTraderConfig = z.input<typeof PatternDayTraderConfigSchema>

/**
 * A day trade already made: `ts` is when the position was closed (its New York date is the day counted).
 *
 * @example
 * ```ts
 * import type { DayTradeRecord } from '@tradeblocks/risk'
 *
 * const record: DayTradeRecord = { ts: Date.UTC(2026, 0, 13, 15, 2), symbol: 'ABCD' }
 * ```
 */
export interface DayTradeRecord {
  ts: number
  symbol?: string
}

const CheckPatternDayTraderParametersSchema = z.object({
  ts: TimestampSchema,
  equity: FiniteNumberSchema,
  dayTrades: z.array(z.object({ ts: TimestampSchema, symbol: z.string().optional() })),
  wouldBeDayTrade: z.boolean().default(true),
  brokerDayTradeCount: z.number().int().nonnegative().optional(),
  config: PatternDayTraderConfigSchema.default({
    enabled: true,
    equityThreshold: 25_000,
    maxDayTrades: 3,
    windowDays: 5,
  }),
})

/**
 * Parameters of {@link checkPatternDayTrader}.
 *
 * @example
 * ```ts
 * import type { CheckPatternDayTraderParameters } from '@tradeblocks/risk'
 *
 * const params: CheckPatternDayTraderParameters = {
 *   ts: Date.UTC(2026, 0, 20, 15, 0),
 *   equity: 12_000,
 *   dayTrades: [{ ts: Date.UTC(2026, 0, 13, 16, 0) }, { ts: Date.UTC(2026, 0, 15, 16, 0) }],
 * }
 * ```
 */
export interface CheckPatternDayTraderParameters {
  /** When the entry would be made. */
  ts: number
  /** The equity the broker judges the rule by (usually the previous close's). */
  equity: number
  /** Day trades made so far; only those inside the window count. */
  dayTrades: readonly DayTradeRecord[]
  /** Whether this trade will be opened and closed the same day. Default true (a day-trading bot). */
  wouldBeDayTrade?: boolean
  /** The broker's own count (e.g. Alpaca's `daytrade_count`); the larger of the two counts. */
  brokerDayTradeCount?: number
  /** The rule's settings; FINRA's defaults when omitted. */
  config?: PatternDayTraderConfig
  /** The calendar that defines trading days: default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * The result of {@link checkPatternDayTrader}: a {@link RuleResult} plus the count and the window.
 *
 * @example
 * ```ts
 * import { checkPatternDayTrader, type CheckPatternDayTraderReturnType } from '@tradeblocks/risk'
 *
 * const result: CheckPatternDayTraderReturnType = checkPatternDayTrader({ ts: Date.UTC(2026, 0, 20, 15), equity: 12_000, dayTrades: [] })
 * result.remaining // 3
 * ```
 */
export type CheckPatternDayTraderReturnType = RuleResult & {
  /** Day trades counted in the window. */
  dayTradesInWindow: number
  /** Day trades still allowed in the window (`Infinity` when the rule does not limit this account). */
  remaining: number
  /** The trading days of the window, oldest first. */
  window: string[]
}

/**
 * The pattern-day-trader pre-trade check. It counts day trades over the last `windowDays` trading days
 * (today included; weekends and holidays skipped by the calendar) and blocks the one that would exceed
 * `maxDayTrades` while equity is under `equityThreshold`. The rule is configurable because brokers and
 * regulators change it.
 *
 * @throws ValidationError for non-finite equity, bad timestamps or a bad config.
 *
 * @example
 * ```ts
 * import { checkPatternDayTrader } from '@tradeblocks/risk'
 *
 * // Tuesday 2026-01-20, after the MLK Day weekend: the window is Jan 13, 14, 15, 16 and 20.
 * const result = checkPatternDayTrader({
 *   ts: Date.UTC(2026, 0, 20, 15, 0),
 *   equity: 12_000,
 *   dayTrades: [Date.UTC(2026, 0, 13, 16), Date.UTC(2026, 0, 14, 16), Date.UTC(2026, 0, 16, 16)].map((ts) => ({ ts })),
 * })
 * result.ok // false: this would be the 4th day trade
 * ```
 */
export function checkPatternDayTrader(
  parameters: CheckPatternDayTraderParameters,
): CheckPatternDayTraderReturnType {
  const { calendar = nyse, ...rest } = parameters
  const p = parse(CheckPatternDayTraderParametersSchema, rest, 'pattern-day-trader check')
  const to = calendar.isTradingDay(p.ts) ? tradingDateOf(p.ts) : calendar.previousTradingDay(p.ts)
  let from = to
  for (let i = 1; i < p.config.windowDays; i++) from = calendar.previousTradingDay(from)
  const window = calendar.tradingDaysBetween(from, to)
  const inWindow = p.dayTrades
    .map((record) => tradingDateOf(record.ts))
    .filter((date) => date >= from && date <= to)
    .sort()
  const counted = Math.max(inWindow.length, p.brokerDayTradeCount ?? 0)
  const base = { rule: 'pattern_day_trader' as const, dayTradesInWindow: counted, window }
  const span = `${p.config.windowDays} trading days (${from} to ${to})`

  if (!p.config.enabled)
    return {
      ...base,
      ok: true,
      remaining: Number.POSITIVE_INFINITY,
      detail: 'The pattern-day-trader rule is off.',
    }
  if (p.equity >= p.config.equityThreshold) {
    return {
      ...base,
      ok: true,
      remaining: Number.POSITIVE_INFINITY,
      detail: `Equity ${formatMoney(p.equity)} is at or above ${formatMoney(p.config.equityThreshold)}: day trades are not limited (${counted} in ${span}).`,
    }
  }
  const remaining = Math.max(0, p.config.maxDayTrades - counted)
  if (!p.wouldBeDayTrade) {
    return {
      ...base,
      ok: true,
      remaining,
      detail: `Not a day trade; ${counted} of ${p.config.maxDayTrades} day trades used in ${span}.`,
    }
  }
  if (counted >= p.config.maxDayTrades) {
    const dates = inWindow.length > 0 ? ` on ${inWindow.join(', ')}` : ''
    return {
      ...base,
      ok: false,
      remaining: 0,
      code: RiskRejectionCode.PatternDayTrader,
      reason: `This would be day trade ${counted + 1} in ${span} with equity ${formatMoney(p.equity)} under ${formatMoney(p.config.equityThreshold)}: ${counted} already made${dates}; the limit is ${p.config.maxDayTrades}.`,
    }
  }
  return {
    ...base,
    ok: true,
    remaining,
    detail: `Day trade ${counted + 1} of ${p.config.maxDayTrades} allowed in ${span} (equity ${formatMoney(p.equity)} under ${formatMoney(p.config.equityThreshold)}).`,
  }
}

/**
 * Parameters of {@link isDayTrade}.
 *
 * @example
 * ```ts
 * import type { IsDayTradeParameters } from '@tradeblocks/risk'
 *
 * const trade: IsDayTradeParameters = { openedAt: Date.UTC(2026, 0, 5, 14, 45), closedAt: Date.UTC(2026, 0, 5, 19, 0) }
 * ```
 */
export interface IsDayTradeParameters {
  /** When the position was opened (epoch ms). */
  openedAt: number
  /** When it was closed (epoch ms). */
  closedAt: number
}

/**
 * True when a position was opened and closed on the same New York date: a day trade.
 *
 * @example
 * ```ts
 * import { isDayTrade } from '@tradeblocks/risk'
 *
 * isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 14, 45), closedAt: Date.UTC(2026, 0, 5, 20, 30) }) // true
 * isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 20, 30), closedAt: Date.UTC(2026, 0, 6, 1, 0) }) // true: 20:00 ET on Jan 5
 * isDayTrade({ openedAt: Date.UTC(2026, 0, 5, 14, 45), closedAt: Date.UTC(2026, 0, 6, 14, 45) }) // false
 * ```
 */
export function isDayTrade(parameters: IsDayTradeParameters): boolean {
  const p = parse(z.object({ openedAt: TimestampSchema, closedAt: TimestampSchema }), parameters, 'day trade')
  return tradingDateOf(p.openedAt) === tradingDateOf(p.closedAt)
}
