import { parse } from '@tradeblocks/core'
import { type DashboardState, type DashboardStateInput, DashboardStateInputSchema } from './DashboardState.js'

/**
 * Validates a bot's initial view model and fills the sections it left out (empty lists, no
 * account, no breaker, not paused, title `tradeblocks`).
 *
 * @throws ValidationError (from core) naming the bad field and its value.
 *
 * @example
 * ```ts
 * import { createDashboardState } from '@tradeblocks/dashboard'
 *
 * const state = createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 14, 30), mode: 'paper' } })
 * state.positions // []
 * ```
 */
export function createDashboardState(input: DashboardStateInput): DashboardState {
  const parsed = parse(DashboardStateInputSchema, input, 'dashboard state')
  return {
    title: parsed.title ?? 'tradeblocks',
    clock: parsed.clock,
    paused: parsed.paused ?? false,
    account: parsed.account,
    breaker: parsed.breaker,
    watchlist: parsed.watchlist ?? [],
    positions: parsed.positions ?? [],
    orders: parsed.orders ?? [],
    closedTrades: parsed.closedTrades ?? [],
    alerts: [],
    logs: [],
  }
}
