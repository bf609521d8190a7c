import { nyse, parse, type TradingCalendar } from '@tradeblocks/core'
import { z } from 'zod'
import { checkExposure, type ExposurePosition } from './checkExposure.js'
import { checkMaxOpenPositions } from './checkMaxOpenPositions.js'
import {
  checkPatternDayTrader,
  type DayTradeRecord,
  PatternDayTraderConfigSchema,
} from './checkPatternDayTrader.js'
import { checkSession, SessionRuleConfigSchema } from './checkSession.js'
import { PositiveNumberSchema } from './positionSide.js'
import type { RuleResult } from './RuleResult.js'

/**
 * The pre-trade rules' settings, validated by {@link createPreTradeChecks}. Each rule runs when configured:
 * the pattern-day-trader rule and the regular-session rule run by default (pass `false` to turn one off);
 * open positions and exposure run when their limits are set.
 *
 * @example
 * ```ts
 * import { PreTradeConfigSchema } from '@tradeblocks/risk'
 *
 * PreTradeConfigSchema.parse({ maxOpenPositions: 3, maxSymbolExposure: 0.25, maxTotalExposure: 1 })
 * ```
 */
export const PreTradeConfigSchema = z.object({
  patternDayTrader: z.union([z.literal(false), PatternDayTraderConfigSchema]).default({
    enabled: true,
    equityThreshold: 25_000,
    maxDayTrades: 3,
    windowDays: 5,
  }),
  sessions: z.union([z.literal(false), SessionRuleConfigSchema]).default({
    allowedSessions: ['regular'],
    noEntryFirstMinutes: 0,
    noEntryLastMinutes: 0,
  }),
  maxOpenPositions: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number' })
    .nonnegative({ error: 'must not be negative' })
    .optional(),
  maxSymbolExposure: PositiveNumberSchema.optional(),
  maxTotalExposure: PositiveNumberSchema.optional(),
})

/**
 * Settings of {@link createPreTradeChecks}; see {@link PreTradeConfigSchema}.
 *
 * @example
 * ```ts
 * import type { PreTradeConfig } from '@tradeblocks/risk'
 *
 * const config: PreTradeConfig = {
 *   patternDayTrader: { equityThreshold: 25_000 },
 *   sessions: { allowedSessions: ['regular'], noEntryLastMinutes: 10 },
 *   maxOpenPositions: 3,
 *   maxSymbolExposure: 0.25,
 * }
 * ```
 */
export type PreTradeConfig = z.input<typeof PreTradeConfigSchema>

/**
 * Everything the pre-trade rules look at for one entry.
 *
 * @example
 * ```ts
 * import type { PreTradeContext } from '@tradeblocks/risk'
 *
 * const context: PreTradeContext = {
 *   ts: Date.UTC(2026, 0, 6, 15, 0), symbol: 'ABCD', orderValue: 3_000, equity: 20_000,
 *   positions: [], dayTrades: [],
 * }
 * ```
 */
export interface PreTradeContext {
  /** When the entry would be made. */
  ts: number
  /** The symbol. */
  symbol: string
  /** The entry's value, `qty × price`. */
  orderValue: number
  /** Account equity. */
  equity: number
  /** Open positions (core's `Position` fits). */
  positions: readonly ExposurePosition[]
  /** Day trades made so far. */
  dayTrades: readonly DayTradeRecord[]
  /** Whether this trade will be closed the same day. Default true. */
  wouldBeDayTrade?: boolean
  /** The broker's own day-trade count, when it reports one. */
  brokerDayTradeCount?: number
  /** Entry orders sent but not filled yet. */
  pending?: readonly { symbol: string; value: number }[]
}

/**
 * The report of a {@link PreTradeChecker}: `ok` only when every rule passed.
 *
 * @example
 * ```ts
 * import type { PreTradeReport } from '@tradeblocks/risk'
 *
 * const log = (report: PreTradeReport) => (report.ok ? 'go' : report.rejections.map((r) => r.reason).join(' '))
 * ```
 */
export interface PreTradeReport {
  /** True when no rule refused. */
  ok: boolean
  /** Every rule's result, in the order run. */
  results: RuleResult[]
  /** The refusals only. */
  rejections: Extract<RuleResult, { ok: false }>[]
}

/**
 * Runs the configured pre-trade rules on one entry; made by {@link createPreTradeChecks}.
 *
 * @example
 * ```ts
 * import { createPreTradeChecks, type PreTradeChecker } from '@tradeblocks/risk'
 *
 * const check: PreTradeChecker = createPreTradeChecks({ maxOpenPositions: 3 })
 * ```
 */
export type PreTradeChecker = (context: PreTradeContext) => PreTradeReport

/**
 * Parameters of {@link createPreTradeChecks}: the rules' settings and the calendar.
 *
 * @example
 * ```ts
 * import { nyse } from '@tradeblocks/core'
 * import type { CreatePreTradeChecksParameters } from '@tradeblocks/risk'
 *
 * const params: CreatePreTradeChecksParameters = { maxOpenPositions: 5, calendar: nyse }
 * ```
 */
export type CreatePreTradeChecksParameters = PreTradeConfig & {
  /** The calendar for trading days and sessions: default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * Validates the broker-rule settings once and returns a checker that runs every configured rule on an
 * entry: pattern-day-trader, allowed sessions, maximum open positions, and exposure per symbol and in
 * total. Each refusal is a value with a code and a reason; the checker never throws for a refusal.
 *
 * @throws ValidationError for a bad config (at creation) or a bad context (at each check).
 *
 * @example
 * ```ts
 * import { createPreTradeChecks } from '@tradeblocks/risk'
 *
 * const check = createPreTradeChecks({ maxOpenPositions: 3, maxSymbolExposure: 0.25, maxTotalExposure: 1 })
 * const report = check({
 *   ts: Date.UTC(2026, 0, 6, 15, 0), symbol: 'ABCD', orderValue: 3_000, equity: 20_000,
 *   positions: [{ symbol: 'EFGH', qty: 100, avgEntryPrice: 40 }],
 *   dayTrades: [],
 * })
 * report.ok // true
 * ```
 */
export function createPreTradeChecks(parameters: CreatePreTradeChecksParameters = {}): PreTradeChecker {
  const { calendar = nyse, ...rest } = parameters
  const config = parse(PreTradeConfigSchema, rest, 'pre-trade config')
  return (context) => {
    const results: RuleResult[] = []
    if (config.sessions !== false) {
      results.push(checkSession({ ts: context.ts, config: config.sessions, calendar }))
    }
    if (config.patternDayTrader !== false) {
      results.push(
        checkPatternDayTrader({
          ts: context.ts,
          equity: context.equity,
          dayTrades: context.dayTrades,
          config: config.patternDayTrader,
          calendar,
          ...(context.wouldBeDayTrade === undefined ? {} : { wouldBeDayTrade: context.wouldBeDayTrade }),
          ...(context.brokerDayTradeCount === undefined
            ? {}
            : { brokerDayTradeCount: context.brokerDayTradeCount }),
        }),
      )
    }
    if (config.maxOpenPositions !== undefined) {
      results.push(
        checkMaxOpenPositions({
          symbol: context.symbol,
          positions: context.positions,
          pendingSymbols: (context.pending ?? []).map((order) => order.symbol),
          maxOpenPositions: config.maxOpenPositions,
        }),
      )
    }
    if (config.maxSymbolExposure !== undefined || config.maxTotalExposure !== undefined) {
      results.push(
        checkExposure({
          symbol: context.symbol,
          orderValue: context.orderValue,
          equity: context.equity,
          positions: context.positions,
          pending: context.pending ?? [],
          ...(config.maxSymbolExposure === undefined ? {} : { maxSymbolExposure: config.maxSymbolExposure }),
          ...(config.maxTotalExposure === undefined ? {} : { maxTotalExposure: config.maxTotalExposure }),
        }),
      )
    }
    const rejections = results.filter((result): result is Extract<RuleResult, { ok: false }> => !result.ok)
    return { ok: rejections.length === 0, results, rejections }
  }
}
