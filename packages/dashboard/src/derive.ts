// Numbers the dashboard derives from the view model, shared by the terminal view, the line writer
// and the day summary so they always agree.
import {
  OPEN_ORDER_STATUSES,
  roundMoney,
  type SessionInfo,
  type SessionName,
  type TradingCalendar,
} from '@tradeblocks/core'
import type { AccountView, DashboardState, OrderRow, PositionRow, WatchlistRow } from './DashboardState.js'

/** Statuses of an order that is still working at the broker (core's list). */
const OPEN_STATUSES: ReadonlySet<OrderRow['status']> = new Set(OPEN_ORDER_STATUSES)

/** True while the order can still fill. */
export function isOpenOrder(order: OrderRow): boolean {
  return OPEN_STATUSES.has(order.status)
}

/** The numbers of a position row. */
export interface PositionFigures {
  side: 'long' | 'short'
  /** Dollars, rounded to the cent. */
  unrealizedPnl: number
  /** Percent of the entry price, signed by the outcome (a short that fell is positive). */
  unrealizedPct: number
  /** R multiple against the initial stop, when the initial risk is known and not zero. */
  r: number | undefined
}

/** Unrealized P&L (bot's figure or computed), percent and R of a position. */
export function positionFigures(position: PositionRow): PositionFigures {
  const direction = position.qty > 0 ? 1 : -1
  const perShare = (position.last - position.avgEntry) * direction
  const unrealizedPnl = roundMoney(position.unrealizedPnl ?? perShare * Math.abs(position.qty))
  const unrealizedPct = (perShare / position.avgEntry) * 100
  let r: number | undefined
  if (position.initialStop !== undefined) {
    const risk = (position.avgEntry - position.initialStop) * direction
    if (risk > 0) r = perShare / risk
  }
  return { side: direction > 0 ? 'long' : 'short', unrealizedPnl, unrealizedPct, r }
}

/** Sum of the unrealized P&L of all positions, to the cent. */
export function openPnl(positions: readonly PositionRow[]): number {
  let total = 0
  for (const position of positions) total += positionFigures(position).unrealizedPnl
  return roundMoney(total)
}

/** Drawdown from the peak in percent points (0 at or above the peak). */
export function drawdownPct(account: AccountView): number {
  if (account.peakEquity <= 0 || account.equity >= account.peakEquity) return 0
  return ((account.peakEquity - account.equity) / account.peakEquity) * 100
}

/** Day P&L in percent of the starting equity, when it is known. */
export function dayPnlPct(account: AccountView): number | undefined {
  return account.startEquity === undefined ? undefined : (account.dayPnl / account.startEquity) * 100
}

/** The session phase shown: the bot's, or the calendar's for the clock's time. */
export function sessionOf(
  state: DashboardState,
  calendar: TradingCalendar,
): { phase: SessionName; info: SessionInfo | undefined } {
  const info = calendar.sessionAt(state.clock.ts)
  const phase = state.clock.phase ?? info.session
  return { phase, info: info.session === phase ? info : undefined }
}

/** Watchlist rows by score, highest first; ties by symbol so the order is stable. */
export function rankedWatchlist(rows: readonly WatchlistRow[]): WatchlistRow[] {
  return [...rows].sort(
    (a, b) => b.score - a.score || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  )
}

/** Figures of the day's closed trades. */
export interface TradeTally {
  count: number
  winners: number
  losers: number
  /** Net P&L of closed trades, to the cent. */
  realized: number
  /** Sum of R over the trades that report it. */
  totalR: number
  /** How many trades report an R multiple. */
  withR: number
  best: number | undefined
  worst: number | undefined
}

/** Counts and sums the closed trades. A trade with zero P&L is neither a winner nor a loser. */
export function tallyTrades(trades: DashboardState['closedTrades']): TradeTally {
  const tally: TradeTally = {
    count: trades.length,
    winners: 0,
    losers: 0,
    realized: 0,
    totalR: 0,
    withR: 0,
    best: undefined,
    worst: undefined,
  }
  let realized = 0
  for (const trade of trades) {
    realized += trade.pnl
    if (trade.pnl > 0) tally.winners++
    else if (trade.pnl < 0) tally.losers++
    if (trade.r !== undefined) {
      tally.totalR += trade.r
      tally.withR++
    }
    if (tally.best === undefined || trade.pnl > tally.best) tally.best = trade.pnl
    if (tally.worst === undefined || trade.pnl < tally.worst) tally.worst = trade.pnl
  }
  tally.realized = roundMoney(realized)
  return tally
}
