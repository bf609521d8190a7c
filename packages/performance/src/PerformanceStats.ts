import type { TradingCalendar, TradingDate } from '@tradeblocks/core'

/**
 * The least a trade must carry for statistics: a journal `TradeRecord` satisfies it, and so does a
 * backtest's closed trade. `side` may be `long`/`short` or the entry side `buy`/`sell`.
 * `netPnl` is after fees; `fees` is what was paid.
 *
 * @example
 * ```ts
 * import type { StatsTrade } from '@tradeblocks/performance'
 *
 * const trade: StatsTrade = {
 *   symbol: 'ABCD', side: 'long', qty: 100, entryTs: 1767364200000, entryPrice: 10,
 *   exitTs: 1767364800000, exitPrice: 10.5, netPnl: 49, fees: 1, rMultiple: 1.96, setup: 'bull-flag',
 * }
 * ```
 */
export interface StatsTrade {
  /** Optional id, shown in reports. */
  id?: string | undefined
  symbol: string
  side: 'long' | 'short' | 'buy' | 'sell'
  qty: number
  entryTs: number
  entryPrice: number
  exitTs: number
  exitPrice: number
  /** P&L after fees, in account currency. */
  netPnl: number
  /** Fees paid, `>= 0`. */
  fees: number
  /** Net P&L in units of initial risk, when the trade had a stop. */
  rMultiple?: number | undefined
  /** The setup that triggered the trade, for the per-setup breakdown. */
  setup?: string | undefined
  /** Planned stop, drawn on the report's trade chart. */
  plannedStop?: number | undefined
  /** Planned target, drawn on the report's trade chart. */
  plannedTarget?: number | undefined
  /** Why the trade was closed, shown in the report. */
  exitReason?: string | undefined
}

/**
 * One point of an equity curve: account equity (cash plus open positions at market) at an instant.
 *
 * @example
 * ```ts
 * import type { EquityPoint } from '@tradeblocks/performance'
 *
 * const curve: EquityPoint[] = [
 *   { ts: 1767364200000, equity: 25_000 },
 *   { ts: 1767387600000, equity: 25_312.5 },
 * ]
 * ```
 */
export interface EquityPoint {
  /** Epoch ms (UTC). */
  ts: number
  /** Equity in account currency. */
  equity: number
}

/**
 * Options shared by every statistics entry point.
 *
 * @example
 * ```ts
 * import type { StatsOptions } from '@tradeblocks/performance'
 *
 * const options: StatsOptions = { startingEquity: 25_000, riskFreeRate: 0.04 }
 * ```
 */
export interface StatsOptions {
  /**
   * The account's equity before the first trade. Without an equity curve, the curve is built from
   * closed trades (`startingEquity` plus cumulative net P&L at each exit). With a curve, it is the
   * opening equity before the curve's first point (handy when the curve only has later samples).
   * Without it and without a curve, money figures still work, but percentages, returns, Sharpe,
   * Sortino and CAGR are `null`: there is no capital to relate them to.
   */
  startingEquity?: number
  /** Annual risk-free rate as a fraction (0.04 = 4%); converted to a daily rate as `(1 + rf)^(1/252) - 1`. Default 0. */
  riskFreeRate?: number
  /** Periods per year for annualizing daily figures. Default 252 (US trading days). */
  periodsPerYear?: number
  /**
   * Which part of each trading day exposure is measured against: `regular` (09:30-16:00, shorter on
   * early-close days; the default) or `extended` (04:00-20:00).
   */
  exposureSession?: 'regular' | 'extended'
  /** Trading calendar for days and sessions. Default: core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * A drawdown: the fall from an equity peak to the following trough, and when equity got back.
 *
 * @example
 * ```ts
 * import type { Drawdown } from '@tradeblocks/performance'
 *
 * const describe = (d: Drawdown) => `-${d.amount} from ${d.peakDate} to ${d.troughDate}`
 * ```
 */
export interface Drawdown {
  /** Peak minus trough, in money (rounded to the cent), `> 0`. */
  amount: number
  /** The fall as a fraction of the peak (0.05 = 5%); `null` when the peak is not positive. */
  pct: number | null
  peakTs: number
  peakDate: TradingDate
  peakEquity: number
  troughTs: number
  troughDate: TradingDate
  troughEquity: number
  /** First instant after the trough at which equity was back at the peak; `null` if it never was. */
  recoveryTs: number | null
}

/**
 * Statistics of a group of trades (one symbol, one setup, one side).
 *
 * @example
 * ```ts
 * import type { Breakdown } from '@tradeblocks/performance'
 *
 * const line = (b: Breakdown) => `${b.key}: ${b.tradeCount} trades, ${b.netPnl} net`
 * ```
 */
export interface Breakdown {
  /** The symbol, setup name (`(none)` for trades without one) or side. */
  key: string
  tradeCount: number
  winners: number
  losers: number
  /** `winners / tradeCount`. */
  winRate: number
  netPnl: number
  grossProfit: number
  /** Sum of losing trades, `<= 0`. */
  grossLoss: number
  /** `grossProfit / -grossLoss`; `null` when there was no loss. */
  profitFactor: number | null
  /** Net P&L per trade (the money expectancy). */
  avgTrade: number
  /** Average R multiple of the trades that have one; `null` when none has. */
  avgR: number | null
  largestWin: number | null
  largestLoss: number | null
}

/**
 * The account at the end of one trading day.
 *
 * @example
 * ```ts
 * import type { DailyEquity } from '@tradeblocks/performance'
 *
 * const red = (d: DailyEquity) => d.pnl < 0
 * ```
 */
export interface DailyEquity {
  date: TradingDate
  /** Equity at the day's last point (carried forward over days without points). */
  equity: number
  /** Change from the previous day's equity (the opening equity for the first day), in money. */
  pnl: number
  /** `equity / previous - 1`; `null` when the previous equity is not positive. */
  return: number | null
}

/**
 * One calendar month of returns.
 *
 * @example
 * ```ts
 * import type { MonthlyReturn } from '@tradeblocks/performance'
 *
 * const pct = (m: MonthlyReturn) => (m.return === null ? 'n/a' : `${(m.return * 100).toFixed(1)}%`)
 * ```
 */
export interface MonthlyReturn {
  /** `YYYY-MM`. */
  month: string
  startEquity: number
  endEquity: number
  pnl: number
  /** `endEquity / startEquity - 1`; `null` when `startEquity` is not positive. */
  return: number | null
}

/**
 * Everything the statistics functions compute. Money is rounded to the cent and reconciles:
 * `netPnl` equals `grossProfit + grossLoss` and the sum of every breakdown's `netPnl`, because each
 * trade's net P&L is first rounded to the cent and sums are kept in whole cents.
 *
 * A figure that is not defined for the data is `null`, never `NaN` or `Infinity`: a win rate without
 * trades, a profit factor without losses, a Sharpe ratio without variance. Conventions:
 * - A trade wins when its net P&L (after fees) rounds to more than 0, loses below 0; a zero is
 *   breakeven and ends both streaks. Streaks follow exit time.
 * - `exposure` is the share of session time (see `exposureSession`) with at least one open position.
 * - Daily figures come from the equity at each New York trading day's last point (days without
 *   points carry the previous equity; days of the period that are not trading days are skipped).
 * - `sharpe = mean(r - rf) / sd(r - rf) * sqrt(252)` on daily returns, with the sample standard
 *   deviation (n - 1). `sortino = mean(r - rf) / dd * sqrt(252)` with the downside deviation
 *   `dd = sqrt(sum(min(0, r - rf)^2) / n)` over all n days. Both need at least 2 daily returns.
 * - `cagr = (endEquity / startEquity)^(252 / n) - 1` for n daily returns.
 *
 * @example
 * ```ts
 * import { computeStats, type PerformanceStats } from '@tradeblocks/performance'
 *
 * const stats: PerformanceStats = computeStats({ trades, startingEquity: 25_000 })
 * console.log(stats.netPnl, stats.winRate, stats.maxDrawdownPct, stats.sharpe)
 * ```
 */
export interface PerformanceStats {
  /** First instant covered (first equity point or entry), `null` without data. */
  from: number | null
  /** Last instant covered (last equity point or exit), `null` without data. */
  to: number | null
  fromDate: TradingDate | null
  toDate: TradingDate | null
  /** Trading days in the period. */
  tradingDays: number

  tradeCount: number
  winners: number
  losers: number
  breakeven: number
  /** `winners / tradeCount`; `null` without trades. */
  winRate: number | null
  netPnl: number
  grossProfit: number
  /** Sum of losing trades, `<= 0`. */
  grossLoss: number
  totalFees: number
  /** Average winning trade; `null` without winners. */
  avgWin: number | null
  /** Average losing trade (`<= 0`); `null` without losers. */
  avgLoss: number | null
  /** `avgWin / -avgLoss`; `null` unless there are winners and losers. */
  payoffRatio: number | null
  /** `grossProfit / -grossLoss`; `null` when there was no loss. */
  profitFactor: number | null
  /** Net P&L per trade (`winRate * avgWin + lossRate * avgLoss`); `null` without trades. */
  expectancy: number | null
  /** Average R multiple of the trades that have one; `null` when none has. */
  avgR: number | null
  /** How many trades carry an R multiple. */
  rTradeCount: number
  largestWin: number | null
  largestLoss: number | null
  longestWinStreak: number
  longestLossStreak: number
  /** Average holding time in ms; `null` without trades. */
  avgHoldingMs: number | null
  /** Time with at least one open position, in ms. */
  timeInMarketMs: number
  /** Share of session time in the market, 0..1; `null` without trades or sessions. */
  exposure: number | null

  /** Equity at the start of the curve; `null` without a curve or starting equity. */
  startEquity: number | null
  /** Equity at the end of the curve. */
  endEquity: number | null
  /** `endEquity / startEquity - 1`; `null` without a positive start. */
  totalReturn: number | null
  /** Largest peak-to-trough fall in money, `>= 0` (0 when equity never fell). */
  maxDrawdown: number
  /** Largest peak-to-trough fall as a fraction of the peak; `null` without a positive capital base. */
  maxDrawdownPct: number | null
  /** The drawdown behind `maxDrawdown`; `null` when equity never fell. */
  maxDrawdownPeriod: Drawdown | null
  /** The drawdown behind `maxDrawdownPct` (it can differ from the money one); `null` when none. */
  maxDrawdownPctPeriod: Drawdown | null
  /** Annualized Sharpe ratio of daily returns; `null` with fewer than 2 returns or no variance. */
  sharpe: number | null
  /** Annualized Sortino ratio; `null` with fewer than 2 returns or no downside. */
  sortino: number | null
  /** Annualized standard deviation of daily returns; `null` with fewer than 2 returns. */
  volatility: number | null
  /** Compound annual growth rate; `null` without a positive start or daily returns. */
  cagr: number | null
  /** The risk-free rate used (annual). */
  riskFreeRate: number

  /** Per trading day: equity, P&L and return. */
  daily: DailyEquity[]
  /** Per calendar month. */
  monthly: MonthlyReturn[]
  /** Per symbol, best net P&L first. */
  bySymbol: Breakdown[]
  /** Per setup (`(none)` for trades without one), best net P&L first. */
  bySetup: Breakdown[]
  /** `long` and `short`. */
  bySide: Breakdown[]
}
