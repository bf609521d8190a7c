import { toNewYork } from '@tradeblocks/core'
import type { DashboardState } from './DashboardState.js'
import { dayPnlPct, drawdownPct, isOpenOrder, openPnl, tallyTrades } from './derive.js'
import { describeRule } from './formatDashboardEvent.js'
import {
  formatMoney,
  formatNewYorkClock,
  formatPercent,
  formatPrice,
  formatQty,
  formatR,
  formatSignedPercent,
  oneLine,
} from './formatMoney.js'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * The day's summary as plain text (no colours, lines separated by `\n`, no trailing newline):
 * trade count, winners and losers, realized P&L, R, best and worst trade, what is still open,
 * equity and drawdown, the breaker, then one line per closed trade in the order given. Bots print
 * it after {@link DashboardController.stop}.
 *
 * @example
 * ```ts
 * import { formatDaySummary } from '@tradeblocks/dashboard'
 *
 * await dashboard.stop()
 * console.log(formatDaySummary(dashboard.getState()))
 * ```
 */
export function formatDaySummary(state: DashboardState): string {
  const tally = tallyTrades(state.closedTrades)
  const lines: string[] = []
  lines.push(`Day summary ${toNewYork(state.clock.ts).date} (${oneLine(state.title)}, ${state.clock.mode})`)
  const decided = tally.winners + tally.losers
  const winRate = decided === 0 ? '' : `, win rate ${formatPercent((tally.winners / decided) * 100)}`
  const scratch = tally.count - decided
  const scratches = scratch === 0 ? '' : `, ${plural(scratch, 'scratch', 'scratches')}`
  lines.push(
    `  Trades        ${tally.count} (${plural(tally.winners, 'winner')}, ${plural(tally.losers, 'loser')}${scratches}${winRate})`,
  )
  const r =
    tally.withR === 0
      ? ''
      : `, total ${formatR(tally.totalR)}, average ${formatR(tally.totalR / tally.withR)} over ${plural(tally.withR, 'trade')}`
  lines.push(`  Realized P&L  ${formatMoney(tally.realized, { sign: 'always' })}${r}`)
  if (tally.best !== undefined && tally.worst !== undefined) {
    lines.push(
      `  Best / worst  ${formatMoney(tally.best, { sign: 'always' })} / ${formatMoney(tally.worst, { sign: 'always' })}`,
    )
  }
  const working = state.orders.filter(isOpenOrder).length
  const open =
    state.positions.length === 0
      ? ''
      : `, unrealized ${formatMoney(openPnl(state.positions), { sign: 'always' })}`
  lines.push(
    `  Still open    ${plural(state.positions.length, 'position')}${open}, ${plural(working, 'working order')}`,
  )
  const a = state.account
  if (a !== undefined) {
    const pct = dayPnlPct(a)
    const day = `day ${formatMoney(a.dayPnl, { sign: 'always' })}${pct === undefined ? '' : ` (${formatSignedPercent(pct)})`}`
    const maxDd = a.maxDrawdownPct === undefined ? '' : `, max drawdown ${formatPercent(a.maxDrawdownPct)}`
    lines.push(
      `  Equity        ${formatMoney(a.equity)}, ${day}, peak ${formatMoney(a.peakEquity)}, drawdown ${formatPercent(drawdownPct(a))}${maxDd}`,
    )
  }
  const b = state.breaker
  if (b !== undefined) {
    const reason = b.reason === undefined ? '' : `: ${oneLine(b.reason)}`
    const rules = b.rules.length === 0 ? '' : ` (${b.rules.map(describeRule).join('; ')})`
    lines.push(`  Breaker       ${b.state}${reason}${rules}`)
  }
  for (const t of state.closedTrades) {
    const rText = t.r === undefined ? '' : ` ${formatR(t.r)}`
    lines.push(
      `  ${formatNewYorkClock(t.closedAt)} ${t.side} ${formatQty(t.qty)} ${t.symbol} ${formatPrice(t.entryPrice)} -> ${formatPrice(t.exitPrice)} ${formatMoney(t.pnl, { sign: 'always' })}${rText} ${oneLine(t.exitReason)}`,
    )
  }
  return lines.join('\n')
}
