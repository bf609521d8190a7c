import { nyse, type TradingCalendar } from '@tradeblocks/core'
import type { BreakerRuleView, DashboardState, OrderRow, PositionRow } from './DashboardState.js'
import { dayPnlPct, drawdownPct, isOpenOrder, openPnl, sessionOf } from './derive.js'
import type { DashboardEvent } from './diffDashboardStates.js'
import {
  formatMoney,
  formatNewYorkDateTime,
  formatNewYorkIso,
  formatOneDecimal,
  formatPercent,
  formatPrice,
  formatQty,
  formatR,
  formatSignedPercent,
  formatSpeed,
  oneLine,
} from './formatMoney.js'

/**
 * How plain lines are written: `text` for people (`2026-01-05 09:35:00 ET ORDER    filled ...`),
 * `json` for log collectors (one JSON object per line with `time`, `ts`, `kind`, `message` and the
 * event's fields).
 *
 * @example
 * ```ts
 * import type { LineFormat } from '@tradeblocks/dashboard'
 *
 * const format: LineFormat = process.env.LOG_FORMAT === 'json' ? 'json' : 'text'
 * ```
 */
export type LineFormat = 'text' | 'json'

/**
 * Parameters of {@link formatDashboardEvent}.
 *
 * @example
 * ```ts
 * import { formatDashboardEvent, type FormatDashboardEventParameters } from '@tradeblocks/dashboard'
 *
 * const parameters: FormatDashboardEventParameters = { event, format: 'json' }
 * console.log(formatDashboardEvent(parameters))
 * ```
 */
export interface FormatDashboardEventParameters {
  event: DashboardEvent
  /** `text` by default. */
  format?: LineFormat
  /** Gives the session phase for start, stop and heartbeat lines; core's `nyse` by default. */
  calendar?: TradingCalendar
}

/**
 * One line, without the trailing newline, and never with an escape sequence or a line break
 * (text from the bot is cleaned).
 *
 * @example
 * ```ts
 * import type { FormatDashboardEventReturnType } from '@tradeblocks/dashboard'
 *
 * const line: FormatDashboardEventReturnType = formatDashboardEvent({ event })
 * ```
 */
export type FormatDashboardEventReturnType = string

const KIND_LABEL: Record<DashboardEvent['kind'], string> = {
  start: 'START',
  stop: 'STOP',
  heartbeat: 'STATUS',
  session: 'SESSION',
  paused: 'PAUSE',
  breaker: 'BREAKER',
  order: 'ORDER',
  position: 'POSITION',
  trade: 'TRADE',
  watchlist: 'WATCH',
  alert: 'ALERT',
  log: 'LOG',
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function priceTerms(order: OrderRow): string {
  const stop = order.stopPrice === undefined ? '' : ` ${formatPrice(order.stopPrice)}`
  const limit = order.limitPrice === undefined ? '' : ` ${formatPrice(order.limitPrice)}`
  switch (order.type) {
    case 'market':
      return 'market'
    case 'limit':
      return `limit${limit}`
    case 'stop':
      return `stop${stop}`
    case 'stop_limit':
      return `stop${stop} limit${limit}`
    case 'trailing_stop':
      return `trailing stop${stop}`
  }
}

function describeOrder(order: OrderRow): string {
  return `${order.side} ${formatQty(order.qty)} ${order.symbol} ${priceTerms(order)}`
}

function orderTail(order: OrderRow): string {
  const role = order.role === undefined ? '' : ` [${oneLine(order.role)}]`
  return `${role} id ${oneLine(order.clientOrderId ?? order.id)}`
}

function filledPart(order: OrderRow): string {
  return `${formatQty(order.filledQty)}/${formatQty(order.qty)} filled`
}

function describePosition(position: PositionRow): string {
  return `${position.qty > 0 ? 'long' : 'short'} ${formatQty(Math.abs(position.qty))}`
}

function formatRuleValue(rule: BreakerRuleView, value: number): string {
  switch (rule.unit) {
    case 'money':
      return formatMoney(value)
    case 'percent':
      return formatPercent(value)
    case 'count':
      return formatQty(value)
  }
}

/** `daily loss -$120.00 / -$500.00`, with `tripped` when it is. */
export function describeRule(rule: BreakerRuleView): string {
  const tripped = rule.tripped === true ? ' tripped' : ''
  return `${oneLine(rule.name)} ${formatRuleValue(rule, rule.value)} / ${formatRuleValue(rule, rule.limit)}${tripped}`
}

function optionalPrice(price: number | undefined): string {
  return price === undefined ? 'none' : formatPrice(price)
}

function account(state: DashboardState): string {
  const a = state.account
  if (a === undefined) return 'no account yet'
  const pct = dayPnlPct(a)
  const dayPct = pct === undefined ? '' : ` (${formatSignedPercent(pct)})`
  return `equity ${formatMoney(a.equity)}, day P&L ${formatMoney(a.dayPnl, { sign: 'always' })}${dayPct}, drawdown ${formatPercent(drawdownPct(a))}`
}

function counts(state: DashboardState): string {
  const working = state.orders.filter(isOpenOrder).length
  return `${plural(state.positions.length, 'position')}, ${plural(working, 'working order')}, ${plural(state.closedTrades.length, 'closed trade')}`
}

function message(event: DashboardEvent, calendar: TradingCalendar): string {
  switch (event.kind) {
    case 'start': {
      const s = event.state
      const speed = s.clock.speed === undefined ? '' : ` ${formatSpeed(s.clock.speed)}`
      const breaker = s.breaker === undefined ? '' : `, breaker ${s.breaker.state}`
      const paused = s.paused ? ', new entries paused' : ''
      return `${oneLine(s.title)} ${s.clock.mode}${speed}, session ${sessionOf(s, calendar).phase}, ${account(s)}${breaker}${paused}`
    }
    case 'stop':
    case 'heartbeat': {
      const s = event.state
      const open =
        s.positions.length > 0 ? `, open P&L ${formatMoney(openPnl(s.positions), { sign: 'always' })}` : ''
      return `${sessionOf(s, calendar).phase}, ${account(s)}${open}, ${counts(s)}`
    }
    case 'session':
      return `${event.phase} (was ${event.previous})`
    case 'paused':
      return event.paused ? 'new entries paused' : 'new entries resumed'
    case 'breaker': {
      const b = event.breaker
      const was = event.previous === undefined ? '' : ` (was ${event.previous})`
      if (b === undefined) return `removed${was}`
      const reason = b.reason === undefined ? '' : `: ${oneLine(b.reason)}`
      const tripped = b.rules.filter((rule) => rule.tripped === true).map(describeRule)
      const rules = tripped.length === 0 ? '' : ` [${tripped.join('; ')}]`
      return `${b.state}${reason}${rules}${was}`
    }
    case 'order': {
      const o = event.order
      switch (event.action) {
        case 'submitted':
          return `submitted ${describeOrder(o)}${orderTail(o)}`
        case 'partially_filled':
        case 'filled': {
          const at = o.avgFillPrice === undefined ? '' : ` @ ${formatPrice(o.avgFillPrice)}`
          const label =
            event.action === 'filled'
              ? 'filled'
              : `partially filled ${formatQty(o.filledQty)}/${formatQty(o.qty)}`
          return `${label} ${describeOrder(o)}${at}${orderTail(o)}`
        }
        case 'canceled':
        case 'expired':
        case 'replaced':
          return `${event.action} ${describeOrder(o)} (${filledPart(o)})${orderTail(o)}`
        case 'rejected':
          return `rejected ${describeOrder(o)}${orderTail(o)}`
        case 'status':
          return `${o.status.replace('_', ' ')} ${describeOrder(o)} (${filledPart(o)})${orderTail(o)}`
        case 'gone':
          return `no longer listed ${describeOrder(o)} (last seen ${o.status.replace('_', ' ')}, ${filledPart(o)})${orderTail(o)}`
      }
      break
    }
    case 'position': {
      const p = event.position
      const old = event.previous
      if (event.action === 'flat' && old !== undefined) {
        return `flat ${old.symbol} (was ${describePosition(old)} @ ${formatPrice(old.avgEntry)})`
      }
      if (p === undefined) return 'unknown position'
      switch (event.action) {
        case 'opened': {
          const stop = p.stop === undefined ? '' : ` stop ${formatPrice(p.stop)}`
          const target = p.target === undefined ? '' : ` target ${formatPrice(p.target)}`
          return `opened ${describePosition(p)} ${p.symbol} @ ${formatPrice(p.avgEntry)}${stop}${target}`
        }
        case 'increased':
        case 'reduced':
        case 'reversed':
          return `${event.action} ${p.symbol} ${old === undefined ? '' : `${describePosition(old)} -> `}${describePosition(p)} @ ${formatPrice(p.avgEntry)}`
        case 'stop_moved':
          return `stop moved ${p.symbol} ${optionalPrice(old?.stop)} -> ${optionalPrice(p.stop)}`
        case 'target_moved':
          return `target moved ${p.symbol} ${optionalPrice(old?.target)} -> ${optionalPrice(p.target)}`
        case 'flat':
          return `flat ${p.symbol}`
      }
      break
    }
    case 'trade': {
      const t = event.trade
      const r = t.r === undefined ? '' : ` ${formatR(t.r)}`
      return `closed ${t.side} ${formatQty(t.qty)} ${t.symbol} ${formatPrice(t.entryPrice)} -> ${formatPrice(t.exitPrice)} P&L ${formatMoney(t.pnl, { sign: 'always' })}${r} (${oneLine(t.exitReason)})`
    }
    case 'watchlist': {
      const w = event.row
      if (event.action === 'removed') return `removed ${w.symbol}`
      if (event.action === 'status') {
        return `${w.symbol} ${event.previous?.status ?? '?'} -> ${w.status} (score ${formatOneDecimal(w.score)})`
      }
      const parts = [`added ${w.symbol} score ${formatOneDecimal(w.score)}`]
      if (w.gapPct !== undefined) parts.push(`gap ${formatSignedPercent(w.gapPct)}`)
      if (w.rvol !== undefined) parts.push(`rvol ${formatOneDecimal(w.rvol)}x`)
      if (w.last !== undefined) parts.push(`last ${formatPrice(w.last)}`)
      if (w.catalyst !== undefined && oneLine(w.catalyst) !== '') parts.push(`(${oneLine(w.catalyst)})`)
      if (w.status !== 'watching') parts.push(w.status)
      return parts.join(' ')
    }
    case 'alert':
      return `[${event.alert.severity}] ${oneLine(event.alert.message)}`
    case 'log':
      return `[${event.line.level}] ${oneLine(event.line.message)}`
  }
  return ''
}

function summaryFields(state: DashboardState, calendar: TradingCalendar): Record<string, unknown> {
  const a = state.account
  return {
    title: state.title,
    mode: state.clock.mode,
    ...(state.clock.speed === undefined ? {} : { speed: state.clock.speed }),
    phase: sessionOf(state, calendar).phase,
    paused: state.paused,
    ...(state.breaker === undefined ? {} : { breaker: state.breaker.state }),
    ...(a === undefined
      ? {}
      : { equity: a.equity, dayPnl: a.dayPnl, drawdownPct: Number(drawdownPct(a).toFixed(4)) }),
    openPnl: openPnl(state.positions),
    positions: state.positions.length,
    workingOrders: state.orders.filter(isOpenOrder).length,
    closedTrades: state.closedTrades.length,
  }
}

function fields(event: DashboardEvent, calendar: TradingCalendar): Record<string, unknown> {
  switch (event.kind) {
    case 'start':
    case 'stop':
    case 'heartbeat':
      return summaryFields(event.state, calendar)
    case 'session':
      return { phase: event.phase, previous: event.previous }
    case 'paused':
      return { paused: event.paused }
    case 'breaker':
      return { breaker: event.breaker ?? null, previous: event.previous ?? null }
    case 'order':
      return { action: event.action, order: event.order }
    case 'position':
      return { action: event.action, position: event.position ?? null, previous: event.previous ?? null }
    case 'trade':
      return { trade: event.trade }
    case 'watchlist':
      return { action: event.action, row: event.row }
    case 'alert':
      return { severity: event.alert.severity, id: event.alert.id }
    case 'log':
      return { level: event.line.level, id: event.line.id }
  }
}

/**
 * Formats a {@link DashboardEvent} as one plain line: the New York date and time, the kind, and
 * a sentence a trader can read (`text`), or one JSON object (`json`). Output depends only on the
 * event, so it is the same on every run; it never contains escape sequences or line breaks.
 *
 * @example
 * ```ts
 * import { formatDashboardEvent } from '@tradeblocks/dashboard'
 *
 * formatDashboardEvent({ event: { kind: 'paused', ts: Date.UTC(2026, 0, 5, 15, 0), paused: true } })
 * // '2026-01-05 10:00:00 ET PAUSE    new entries paused'
 * ```
 */
export function formatDashboardEvent({
  event,
  format = 'text',
  calendar = nyse,
}: FormatDashboardEventParameters): FormatDashboardEventReturnType {
  const text = message(event, calendar)
  if (format === 'json') {
    const { ts } = event
    const json = JSON.stringify({
      time: formatNewYorkIso(ts),
      ts,
      kind: event.kind,
      message: text,
      ...fields(event, calendar),
    })
    // JSON leaves U+2028 and U+2029 raw; some log readers split lines on them.
    return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
  }
  return `${formatNewYorkDateTime(event.ts)} ET ${KIND_LABEL[event.kind].padEnd(8)} ${text}`
}
