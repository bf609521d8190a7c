import { parseTradingDate, roundMoney, type TradingDate, tradingDateOf } from '@tradeblocks/core'
import { computeStats } from './computeStats.js'
import type { Breakdown, EquityPoint, StatsOptions, StatsTrade } from './PerformanceStats.js'

/**
 * The day in one object: what a trader reads at the close.
 *
 * @example
 * ```ts
 * import type { DailySummary } from '@tradeblocks/performance'
 *
 * const headline = (s: DailySummary) => `${s.date}: ${s.tradeCount} trades, net ${s.netPnl}`
 * ```
 */
export interface DailySummary {
  date: TradingDate
  tradeCount: number
  winners: number
  losers: number
  /** `null` without trades. */
  winRate: number | null
  netPnl: number
  grossProfit: number
  grossLoss: number
  fees: number
  /** `null` without losses. */
  profitFactor: number | null
  /** `null` when no trade carries an R multiple. */
  avgR: number | null
  /** Sum of the R multiples of the day. */
  totalR: number
  largestWin: number | null
  largestLoss: number | null
  /** Equity before the day's first trade; `null` when unknown. */
  startEquity: number | null
  /** Equity at the end of the day; `null` when unknown. */
  endEquity: number | null
  /** `endEquity / startEquity - 1`; `null` when unknown. */
  return: number | null
  /** Largest intraday fall from a peak, in money: the larger of the day's equity points and its closed trades. */
  maxDrawdown: number
  /** Per symbol, best first. */
  bySymbol: Breakdown[]
}

/**
 * Parameters of {@link dailySummary}. Trades and points outside `date` (New York) are ignored, so
 * the whole log may be passed.
 *
 * @example
 * ```ts
 * import type { DailySummaryParameters } from '@tradeblocks/performance'
 *
 * const params: DailySummaryParameters = { date: '2026-01-05', trades: [], startingEquity: 25_000 }
 * ```
 */
export interface DailySummaryParameters extends Pick<StatsOptions, 'calendar'> {
  /** The New York trading day, `YYYY-MM-DD`. */
  date: TradingDate
  /** Closed trades; those whose exit falls on `date` count. */
  trades: Iterable<StatsTrade>
  /** Equity points; those on `date` count. */
  equity?: Iterable<EquityPoint>
  /** Equity at the start of the day (before its first equity point or trade). */
  startingEquity?: number
}

/**
 * What {@link dailySummary} returns.
 *
 * @example
 * ```ts
 * import { dailySummary, type DailySummaryReturnType } from '@tradeblocks/performance'
 *
 * const summary: DailySummaryReturnType = dailySummary({ date: '2026-01-05', trades })
 * ```
 */
export type DailySummaryReturnType = DailySummary

/**
 * Summarizes one trading day: trades, win rate, P&L, fees, R, best and worst trade, equity change
 * and intraday drawdown, per symbol. Money is rounded to the cent and reconciles with the trades.
 *
 * @throws ValidationError for a malformed date or invalid trades.
 *
 * @example
 * ```ts
 * import { dailySummary, formatDailySummary } from '@tradeblocks/performance'
 *
 * const summary = dailySummary({ date: '2026-01-05', trades: await journal.queryTrades({ from: '2026-01-05', to: '2026-01-05' }), startingEquity: 25_000 })
 * console.log(formatDailySummary(summary))
 * ```
 */
export function dailySummary(parameters: DailySummaryParameters): DailySummaryReturnType {
  const { date, calendar } = parameters
  parseTradingDate(date)
  const trades = [...parameters.trades].filter((t) => tradingDateOf(t.exitTs) === date)
  const equity = [...(parameters.equity ?? [])].filter((p) => tradingDateOf(p.ts) === date)
  const stats = computeStats({
    trades,
    equity,
    ...(parameters.startingEquity === undefined ? {} : { startingEquity: parameters.startingEquity }),
    ...(calendar === undefined ? {} : { calendar }),
  })
  // Intraday drawdown: the larger of what the equity points and the closed trades show (a curve
  // sampled only at the close would miss the dips between trades).
  const closedTrades =
    equity.length > 0 && parameters.startingEquity !== undefined
      ? computeStats({
          trades,
          startingEquity: parameters.startingEquity,
          ...(calendar === undefined ? {} : { calendar }),
        })
      : stats
  let totalR = 0
  for (const t of trades) if (t.rMultiple !== undefined) totalR += t.rMultiple
  return {
    date,
    tradeCount: stats.tradeCount,
    winners: stats.winners,
    losers: stats.losers,
    winRate: stats.winRate,
    netPnl: stats.netPnl,
    grossProfit: stats.grossProfit,
    grossLoss: stats.grossLoss,
    fees: stats.totalFees,
    profitFactor: stats.profitFactor,
    avgR: stats.avgR,
    totalR: Math.round(totalR * 10_000) / 10_000 + 0,
    largestWin: stats.largestWin,
    largestLoss: stats.largestLoss,
    startEquity:
      stats.startEquity ??
      (parameters.startingEquity === undefined ? null : roundMoney(parameters.startingEquity)),
    endEquity:
      stats.endEquity ??
      (parameters.startingEquity === undefined ? null : roundMoney(parameters.startingEquity + stats.netPnl)),
    return:
      stats.totalReturn ??
      (parameters.startingEquity !== undefined && parameters.startingEquity > 0 ? 0 : null),
    maxDrawdown: Math.max(stats.maxDrawdown, closedTrades.maxDrawdown),
    bySymbol: stats.bySymbol,
  }
}

const money = (x: number) => {
  const text = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return x < 0 ? `-${text}` : text
}
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`)

/**
 * Formats a {@link DailySummary} as plain text for a log, an email or a chat message.
 *
 * @example
 * ```ts
 * import { formatDailySummary } from '@tradeblocks/performance'
 *
 * console.log(formatDailySummary(summary))
 * // 2026-01-05: 6 trades, 2 won, 3 lost (win rate 33.3%)
 * // Net P&L 100.00 (gross +300.00 / -200.00, fees 7.00), profit factor 1.50, avg R 0.20
 * // ...
 * ```
 */
export function formatDailySummary(summary: DailySummary): string {
  const lines = [
    `${summary.date}: ${summary.tradeCount} trade${summary.tradeCount === 1 ? '' : 's'}, ${summary.winners} won, ${summary.losers} lost (win rate ${pct(summary.winRate)})`,
    `Net P&L ${money(summary.netPnl)} (gross +${money(summary.grossProfit)} / ${money(summary.grossLoss)}, fees ${money(summary.fees)}), ` +
      `profit factor ${summary.profitFactor === null ? 'n/a' : summary.profitFactor.toFixed(2)}, ` +
      `avg R ${summary.avgR === null ? 'n/a' : summary.avgR.toFixed(2)}`,
  ]
  if (summary.largestWin !== null || summary.largestLoss !== null) {
    lines.push(
      `Best ${summary.largestWin === null ? 'n/a' : money(summary.largestWin)}, worst ${summary.largestLoss === null ? 'n/a' : money(summary.largestLoss)}, ` +
        `max intraday drawdown ${money(summary.maxDrawdown)}`,
    )
  }
  if (summary.startEquity !== null && summary.endEquity !== null) {
    lines.push(`Equity ${money(summary.startEquity)} -> ${money(summary.endEquity)} (${pct(summary.return)})`)
  }
  for (const s of summary.bySymbol) {
    lines.push(
      `  ${s.key.padEnd(8)} ${String(s.tradeCount).padStart(3)} trades  net ${money(s.netPnl).padStart(12)}`,
    )
  }
  return lines.join('\n')
}
