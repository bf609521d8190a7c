/**
 * Why a pre-trade check refused an entry, in a `{ ok: false }` {@link RuleResult}.
 *
 * @example
 * ```ts
 * import { RiskRejectionCode, type RuleResult } from '@tradeblocks/risk'
 *
 * const isPdt = (r: RuleResult) => !r.ok && r.code === RiskRejectionCode.PatternDayTrader
 * ```
 */
export const RiskRejectionCode = {
  /** The entry would be a day trade beyond the pattern-day-trader limit. */
  PatternDayTrader: 'pattern_day_trader',
  /** A new symbol beyond the maximum number of open positions. */
  MaxOpenPositions: 'max_open_positions',
  /** The symbol's exposure would exceed its share of equity. */
  MaxSymbolExposure: 'max_symbol_exposure',
  /** The account's total exposure would exceed its share of equity. */
  MaxTotalExposure: 'max_total_exposure',
  /** The time is outside the allowed sessions (or inside a no-entry window). */
  SessionNotAllowed: 'session_not_allowed',
  /** Equity is zero or negative. */
  NoEquity: 'no_equity',
} as const

/**
 * One of the {@link RiskRejectionCode} values.
 *
 * @example
 * ```ts
 * import type { RiskRejectionCodeValue } from '@tradeblocks/risk'
 *
 * const code: RiskRejectionCodeValue = 'max_total_exposure'
 * ```
 */
export type RiskRejectionCodeValue = (typeof RiskRejectionCode)[keyof typeof RiskRejectionCode]

/**
 * The rules a pre-trade check can run.
 *
 * @example
 * ```ts
 * import type { RiskRuleName } from '@tradeblocks/risk'
 *
 * const rule: RiskRuleName = 'pattern_day_trader'
 * ```
 */
export type RiskRuleName = 'pattern_day_trader' | 'max_open_positions' | 'exposure' | 'session'

/**
 * The outcome of one pre-trade check: `{ ok: true, rule, detail }` or `{ ok: false, rule, code, reason }`.
 * A refusal is a value, never a throw.
 *
 * @example
 * ```ts
 * import { checkSession, type RuleResult } from '@tradeblocks/risk'
 *
 * const result: RuleResult = checkSession({ ts: Date.UTC(2026, 0, 5, 13, 0) })
 * if (!result.ok) console.log(`${result.code}: ${result.reason}`)
 * ```
 */
export type RuleResult =
  | {
      ok: true
      rule: RiskRuleName
      /** What was checked, with its numbers. */
      detail: string
    }
  | {
      ok: false
      rule: RiskRuleName
      /** Why the entry is refused. */
      code: RiskRejectionCodeValue
      /** One sentence with the numbers. */
      reason: string
    }
