import { parse } from '@tradeblocks/core'
import {
  DashboardClockSchema,
  type DashboardState,
  type DashboardUpdate,
  DashboardUpdateSchema,
} from './DashboardState.js'

/**
 * Returns the state after an update, leaving `state` untouched. Each section present in the
 * update replaces the old one whole, except `clock`, whose fields are merged (see
 * {@link DashboardUpdateSchema}). Alerts and log lines are not part of updates: add them with
 * {@link DashboardController.alert} and {@link DashboardController.log}.
 *
 * @throws ValidationError (from core) naming the bad field and its value; the state is unchanged.
 *
 * @example
 * ```ts
 * import { applyDashboardUpdate, createDashboardState } from '@tradeblocks/dashboard'
 *
 * const before = createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 14, 30), mode: 'replay', speed: 60 } })
 * const after = applyDashboardUpdate(before, { clock: { ts: Date.UTC(2026, 0, 5, 14, 31) }, paused: true })
 * after.clock.speed // 60: the clock's other fields are kept
 * ```
 */
export function applyDashboardUpdate(state: DashboardState, update: DashboardUpdate): DashboardState {
  const parsed = parse(DashboardUpdateSchema, update, 'dashboard update')
  const next: DashboardState = { ...state }
  if (parsed.title !== undefined) next.title = parsed.title
  if (parsed.clock !== undefined) {
    next.clock = parse(DashboardClockSchema, { ...state.clock, ...parsed.clock }, 'dashboard clock')
  }
  if (parsed.paused !== undefined) next.paused = parsed.paused
  if ('account' in parsed) next.account = parsed.account
  if ('breaker' in parsed) next.breaker = parsed.breaker
  if (parsed.watchlist !== undefined) next.watchlist = parsed.watchlist
  if (parsed.positions !== undefined) next.positions = parsed.positions
  if (parsed.orders !== undefined) next.orders = parsed.orders
  if (parsed.closedTrades !== undefined) next.closedTrades = parsed.closedTrades
  return next
}
