import { fromNewYork, tradingDateOf } from '@tradeblocks/core'
import type { EquityCurve } from './EquityRecorder.js'
import type { ClosedTrade } from './TradeLedger.js'

/**
 * The headline statistics of a backtest. Ratios that do not exist (a profit factor without losing
 * trades, a Sharpe ratio of fewer than two days) are `null`, never `Infinity` or `NaN`, so the
 * result survives `JSON.stringify`.
 *
 * @example
 * ```ts
 * import type { BacktestStats } from '@tradeblocks/backtest'
 *
 * const line = (s: BacktestStats) =>
 *   `net ${s.netPnl.toFixed(2)} | win ${(s.winRate * 100).toFixed(0)}% | PF ${s.profitFactor?.toFixed(2) ?? '-'} | ` +
 *   `maxDD ${s.maxDrawdownPct.toFixed(1)}% | Sharpe ${s.sharpe?.toFixed(2) ?? '-'}`
 * ```
 */
export interface BacktestStats {
  initialEquity: number
  finalEquity: number
  /** `finalEquity - initialEquity` (realized and unrealized, after fees). */
  netPnl: number
  /** `netPnl` as a percentage of the initial equity. */
  totalReturnPct: number
  /** Closed trades. */
  trades: number
  /** Trades with a positive and a negative net P&L. */
  wins: number
  losses: number
  /** `wins / trades` in [0, 1]; 0 without trades. */
  winRate: number
  /** Sum of the winners' and (as a positive number) of the losers' net P&L. */
  grossProfit: number
  grossLoss: number
  /** `grossProfit / grossLoss`; `null` without losing trades. */
  profitFactor: number | null
  /** Average net P&L of winners and of losers (losers negative); 0 when there are none. */
  avgWin: number
  avgLoss: number
  /** Average net P&L per closed trade. */
  expectancy: number
  /** Average R multiple of the trades that had a stop; `null` when none had. */
  avgR: number | null
  /** Commissions paid by all fills (closed and open trades). */
  fees: number
  /** Largest peak-to-trough fall of the equity curve, in money and as a percentage of the peak. */
  maxDrawdown: number
  maxDrawdownPct: number
  /** Trading days (New York dates) the equity curve covers. */
  days: number
  /** Annualized Sharpe ratio (252 days, zero risk-free rate) of daily returns; `null` under two days or without variance. */
  sharpe: number | null
}

/**
 * Parameters of {@link summarizeBacktest}.
 *
 * @example
 * ```ts
 * import type { SummarizeBacktestParameters } from '@tradeblocks/backtest'
 *
 * const params: SummarizeBacktestParameters = { trades: [], equity: { ts: new Float64Array(0), equity: new Float64Array(0) },
 *   initialEquity: 10_000, finalEquity: 10_000, fees: 0 }
 * ```
 */
export interface SummarizeBacktestParameters {
  trades: readonly ClosedTrade[]
  equity: EquityCurve
  initialEquity: number
  finalEquity: number
  /** Commissions of every fill. */
  fees: number
}

function round(value: number, decimals = 6): number {
  const f = 10 ** decimals
  const r = Math.round(value * f) / f
  return r === 0 ? 0 : r
}

/**
 * Computes {@link BacktestStats} from closed trades and an equity curve: net P&L and return, win rate,
 * profit factor, average win and loss, expectancy, average R, fees, maximum drawdown, and the Sharpe
 * ratio of daily returns (each New York trading day's last equity against the previous day's, the
 * first against the initial equity).
 *
 * @example
 * ```ts
 * import { summarizeBacktest } from '@tradeblocks/backtest'
 *
 * const stats = summarizeBacktest({ trades: report.trades, equity: report.equity, initialEquity: 25_000,
 *   finalEquity: report.finalEquity, fees: report.stats.fees })
 * console.log(stats.profitFactor, stats.maxDrawdownPct)
 * ```
 */
export function summarizeBacktest(parameters: SummarizeBacktestParameters): BacktestStats {
  const { trades, equity, initialEquity, finalEquity, fees } = parameters
  let wins = 0
  let losses = 0
  let grossProfit = 0
  let grossLoss = 0
  let rSum = 0
  let rCount = 0
  let net = 0
  for (const trade of trades) {
    net += trade.netPnl
    if (trade.netPnl > 0) {
      wins++
      grossProfit += trade.netPnl
    } else if (trade.netPnl < 0) {
      losses++
      grossLoss -= trade.netPnl
    }
    if (trade.rMultiple !== undefined) {
      rSum += trade.rMultiple
      rCount++
    }
  }
  // Drawdown and daily returns from the curve.
  let peak = initialEquity
  let maxDrawdown = 0
  let maxDrawdownPct = 0
  const daily: number[] = []
  let day = ''
  let dayEnd = Number.NEGATIVE_INFINITY
  let dayLast = initialEquity
  const n = equity.ts.length
  for (let i = 0; i < n; i++) {
    const value = equity.equity[i] as number
    if (value > peak) peak = value
    const dd = peak - value
    if (dd > maxDrawdown) maxDrawdown = dd
    if (peak > 0 && dd / peak > maxDrawdownPct) maxDrawdownPct = dd / peak
    const ts = equity.ts[i] as number
    if (ts >= dayEnd) {
      // A new New York date: close the previous one, find where this one ends.
      if (day !== '') daily.push(dayLast)
      day = tradingDateOf(ts)
      const [y, m, d] = day.split('-').map(Number) as [number, number, number]
      dayEnd = fromNewYork(y, m, d + 1)
      if (dayEnd <= ts) dayEnd = ts + 1
    }
    dayLast = value
  }
  if (day !== '') daily.push(dayLast)
  const returns: number[] = []
  let previous = initialEquity
  for (const value of daily) {
    returns.push(previous === 0 ? 0 : value / previous - 1)
    previous = value
  }
  let sharpe: number | null = null
  if (returns.length >= 2) {
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length
    const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1)
    const sd = Math.sqrt(variance)
    if (sd > 1e-12) sharpe = round((mean / sd) * Math.sqrt(252), 4)
  }
  return {
    initialEquity,
    finalEquity: round(finalEquity),
    netPnl: round(finalEquity - initialEquity),
    totalReturnPct: round(initialEquity === 0 ? 0 : ((finalEquity - initialEquity) / initialEquity) * 100),
    trades: trades.length,
    wins,
    losses,
    winRate: trades.length === 0 ? 0 : round(wins / trades.length),
    grossProfit: round(grossProfit),
    grossLoss: round(grossLoss),
    profitFactor: grossLoss > 0 ? round(grossProfit / grossLoss, 4) : null,
    avgWin: wins === 0 ? 0 : round(grossProfit / wins),
    avgLoss: losses === 0 ? 0 : round(-grossLoss / losses),
    expectancy: trades.length === 0 ? 0 : round(net / trades.length),
    avgR: rCount === 0 ? null : round(rSum / rCount, 4),
    fees: round(fees),
    maxDrawdown: round(maxDrawdown),
    maxDrawdownPct: round(maxDrawdownPct * 100, 4),
    days: daily.length,
    sharpe,
  }
}
