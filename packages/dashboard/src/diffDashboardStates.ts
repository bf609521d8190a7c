import { nyse, type SessionName, type TradingCalendar } from '@tradeblocks/core'
import type {
  BreakerView,
  ClosedTradeRow,
  DashboardAlert,
  DashboardLogLine,
  DashboardState,
  OrderRow,
  PositionRow,
  WatchlistRow,
} from './DashboardState.js'
import { isOpenOrder, sessionOf } from './derive.js'

/**
 * A meaningful change between two dashboard states, or a line the bot added: what the plain-line
 * output prints, one line each. `ts` is the bot's clock when the change was seen.
 *
 * @example
 * ```ts
 * import type { DashboardEvent } from '@tradeblocks/dashboard'
 *
 * const isTradeEvent = (e: DashboardEvent) => e.kind === 'trade' || e.kind === 'position'
 * ```
 */
export type DashboardEvent =
  | { kind: 'start'; ts: number; state: DashboardState }
  | { kind: 'stop'; ts: number; state: DashboardState }
  | { kind: 'heartbeat'; ts: number; state: DashboardState }
  | { kind: 'session'; ts: number; phase: SessionName; previous: SessionName }
  | { kind: 'paused'; ts: number; paused: boolean }
  | {
      kind: 'breaker'
      ts: number
      breaker: BreakerView | undefined
      previous: BreakerView['state'] | undefined
    }
  | {
      kind: 'order'
      ts: number
      action:
        | 'submitted'
        | 'partially_filled'
        | 'filled'
        | 'canceled'
        | 'rejected'
        | 'expired'
        | 'replaced'
        | 'status'
        | 'gone'
      order: OrderRow
      /** The order as last seen, for every action but `submitted`. */
      previous: OrderRow | undefined
    }
  | {
      kind: 'position'
      ts: number
      action: 'opened' | 'increased' | 'reduced' | 'reversed' | 'flat' | 'stop_moved' | 'target_moved'
      position: PositionRow | undefined
      previous: PositionRow | undefined
    }
  | { kind: 'trade'; ts: number; trade: ClosedTradeRow }
  | {
      kind: 'watchlist'
      ts: number
      action: 'added' | 'removed' | 'status'
      row: WatchlistRow
      previous: WatchlistRow | undefined
    }
  | { kind: 'alert'; ts: number; alert: DashboardAlert }
  | { kind: 'log'; ts: number; line: DashboardLogLine }

/**
 * Parameters of {@link diffDashboardStates}.
 *
 * @example
 * ```ts
 * import { diffDashboardStates, type DiffDashboardStatesParameters } from '@tradeblocks/dashboard'
 *
 * const parameters: DiffDashboardStatesParameters = { previous, next }
 * const events = diffDashboardStates(parameters)
 * ```
 */
export interface DiffDashboardStatesParameters {
  previous: DashboardState
  next: DashboardState
  /** The calendar that gives the session phase when the clock has none; core's `nyse` by default. */
  calendar?: TradingCalendar
}

/**
 * The events between two states, in a fixed order: session phase, pause, breaker, orders (by
 * id), positions (by symbol), closed trades, watchlist, then alerts and log lines added since.
 *
 * @example
 * ```ts
 * import type { DiffDashboardStatesReturnType } from '@tradeblocks/dashboard'
 *
 * const events: DiffDashboardStatesReturnType = diffDashboardStates({ previous, next })
 * ```
 */
export type DiffDashboardStatesReturnType = DashboardEvent[]

type OrderAction = Extract<DashboardEvent, { kind: 'order' }>['action']
type PositionAction = Extract<DashboardEvent, { kind: 'position' }>['action']

function orderAction(previous: OrderRow, next: OrderRow): OrderAction | null {
  if (previous.status === next.status) {
    return next.status === 'partially_filled' && next.filledQty > previous.filledQty
      ? 'partially_filled'
      : null
  }
  switch (next.status) {
    case 'partially_filled':
    case 'filled':
    case 'canceled':
    case 'rejected':
    case 'expired':
    case 'replaced':
      return next.status
    default:
      return 'status'
  }
}

function positionAction(previous: PositionRow, next: PositionRow): PositionAction[] {
  if (Math.sign(previous.qty) !== Math.sign(next.qty)) return ['reversed']
  const actions: PositionAction[] = []
  if (Math.abs(next.qty) > Math.abs(previous.qty)) actions.push('increased')
  else if (Math.abs(next.qty) < Math.abs(previous.qty)) actions.push('reduced')
  if (next.stop !== previous.stop) actions.push('stop_moved')
  if (next.target !== previous.target) actions.push('target_moved')
  return actions
}

function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const row of rows) map.set(key(row), row)
  return map
}

/**
 * Lists what changed between two dashboard states in a trader's terms: a session phase change,
 * pause toggled, the breaker tripping or resetting, orders submitted, filled, canceled or
 * rejected, positions opened, resized, reversed or flattened and their stops or targets moved,
 * trades closed, watchlist symbols added, removed or changing status, and alerts and log lines
 * added. Price ticks, score changes and equity moves are not events (the heartbeat covers them).
 * The plain-line output prints one line per event.
 *
 * @example
 * ```ts
 * import { applyDashboardUpdate, createDashboardState, diffDashboardStates } from '@tradeblocks/dashboard'
 *
 * const previous = createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 14, 35), mode: 'paper' } })
 * const next = applyDashboardUpdate(previous, {
 *   positions: [{ symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.06, stop: 3.89 }],
 * })
 * diffDashboardStates({ previous, next }).map((e) => e.kind) // ['position']
 * ```
 */
export function diffDashboardStates({
  previous,
  next,
  calendar = nyse,
}: DiffDashboardStatesParameters): DiffDashboardStatesReturnType {
  const ts = next.clock.ts
  const events: DashboardEvent[] = []

  const phaseBefore = sessionOf(previous, calendar).phase
  const phaseNow = sessionOf(next, calendar).phase
  if (phaseBefore !== phaseNow) events.push({ kind: 'session', ts, phase: phaseNow, previous: phaseBefore })

  if (previous.paused !== next.paused) events.push({ kind: 'paused', ts, paused: next.paused })

  if (
    previous.breaker?.state !== next.breaker?.state ||
    (next.breaker?.state !== 'trading' && previous.breaker?.reason !== next.breaker?.reason)
  ) {
    events.push({ kind: 'breaker', ts, breaker: next.breaker, previous: previous.breaker?.state })
  }

  if (previous.orders !== next.orders) {
    const before = byKey(previous.orders, (o) => o.id)
    const seen = new Set<string>()
    for (const order of next.orders) {
      seen.add(order.id)
      const old = before.get(order.id)
      if (old === undefined) {
        events.push({ kind: 'order', ts, action: 'submitted', order, previous: undefined })
        // An order first seen already finished (filled between two updates) still gets its ending.
        if (!isOpenOrder(order)) {
          const action = orderAction({ ...order, status: 'accepted', filledQty: 0 }, order)
          if (action !== null) events.push({ kind: 'order', ts, action, order, previous: undefined })
        }
        continue
      }
      const action = orderAction(old, order)
      if (action !== null) events.push({ kind: 'order', ts, action, order, previous: old })
    }
    for (const old of previous.orders) {
      if (!seen.has(old.id) && isOpenOrder(old)) {
        events.push({ kind: 'order', ts, action: 'gone', order: old, previous: old })
      }
    }
  }

  if (previous.positions !== next.positions) {
    const before = byKey(previous.positions, (p) => p.symbol)
    const seen = new Set<string>()
    for (const position of next.positions) {
      seen.add(position.symbol)
      const old = before.get(position.symbol)
      if (old === undefined) {
        events.push({ kind: 'position', ts, action: 'opened', position, previous: undefined })
        continue
      }
      for (const action of positionAction(old, position)) {
        events.push({ kind: 'position', ts, action, position, previous: old })
      }
    }
    for (const old of previous.positions) {
      if (!seen.has(old.symbol))
        events.push({ kind: 'position', ts, action: 'flat', position: undefined, previous: old })
    }
  }

  if (previous.closedTrades !== next.closedTrades) {
    const before = new Set(previous.closedTrades.map((t) => t.id))
    for (const trade of next.closedTrades)
      if (!before.has(trade.id)) events.push({ kind: 'trade', ts, trade })
  }

  if (previous.watchlist !== next.watchlist) {
    const before = byKey(previous.watchlist, (w) => w.symbol)
    const seen = new Set<string>()
    for (const row of next.watchlist) {
      seen.add(row.symbol)
      const old = before.get(row.symbol)
      if (old === undefined) events.push({ kind: 'watchlist', ts, action: 'added', row, previous: undefined })
      else if (old.status !== row.status)
        events.push({ kind: 'watchlist', ts, action: 'status', row, previous: old })
    }
    for (const old of previous.watchlist) {
      if (!seen.has(old.symbol))
        events.push({ kind: 'watchlist', ts, action: 'removed', row: old, previous: old })
    }
  }

  const lastAlert = previous.alerts.at(-1)?.id ?? 0
  for (const alert of next.alerts)
    if (alert.id > lastAlert) events.push({ kind: 'alert', ts: alert.ts, alert })
  const lastLog = previous.logs.at(-1)?.id ?? 0
  for (const line of next.logs) if (line.id > lastLog) events.push({ kind: 'log', ts: line.ts, line })

  return events
}
