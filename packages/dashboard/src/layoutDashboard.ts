// The terminal layout as plain data: lines of styled segments. The ink view only paints them, so
// the layout is a pure function of the state and can be tested without a terminal.
import { type SessionName, type TradingCalendar, toNewYork } from '@tradeblocks/core'
import type {
  AlertSeverity,
  BreakerRuleView,
  BreakerView,
  DashboardState,
  LogLevel,
  OrderRow,
  WatchlistStatus,
} from './DashboardState.js'
import {
  dayPnlPct,
  drawdownPct,
  isOpenOrder,
  openPnl,
  positionFigures,
  rankedWatchlist,
  sessionOf,
  tallyTrades,
} from './derive.js'
import { describeRule } from './formatDashboardEvent.js'
import {
  formatDuration,
  formatMoney,
  formatNewYorkClock,
  formatOneDecimal,
  formatPercent,
  formatPrice,
  formatQty,
  formatR,
  formatSignedPercent,
  formatSpeed,
  oneLine,
} from './formatMoney.js'

/** Colours the view uses (ink/chalk names). */
export type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'gray'

/** A run of text with one style. */
export interface Segment {
  text: string
  color?: Color | undefined
  bold?: boolean
  dim?: boolean
  inverse?: boolean
}

/** One terminal line. */
export type Line = Segment[]

/** What the keyboard is doing, kept by the controller and shown in the footer. */
export interface DashboardUi {
  /** The kill-switch question is on screen, waiting for y or anything else. */
  confirmingKill: boolean
  /** The dashboard is closing (the user quit, or the bot stopped it): the view unmounts once it has drawn this. */
  closing: boolean
  /** A short message shown after the keys (`Kill switch canceled`). */
  notice: { text: string; tone: 'info' | 'warning' | 'danger' } | undefined
  /** Which keys work; `undefined` when there is no keyboard (stdin is not a terminal). */
  keys: { pause: boolean; kill: boolean } | undefined
}

/** Size of the screen and the calendar for the session phase. */
export interface LayoutOptions {
  columns: number
  rows: number
  calendar: TradingCalendar
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const FIRST = 13
const MIN_FLEX = 8

const PHASE_COLOR: Record<SessionName, Color> = {
  premarket: 'cyan',
  regular: 'green',
  afterhours: 'magenta',
  closed: 'gray',
}

/** What happens when the current phase ends. */
const PHASE_END: Record<SessionName, string> = {
  premarket: 'opens in',
  regular: 'closes in',
  afterhours: 'ends in',
  closed: 'premarket in',
}

const STATUS_COLOR: Record<WatchlistStatus, Color | undefined> = {
  watching: undefined,
  flagging: 'yellow',
  triggered: 'cyan',
  entered: 'green',
  exited: 'gray',
  blocked: 'red',
}

const SEVERITY_COLOR: Record<AlertSeverity, Color> = { info: 'cyan', warning: 'yellow', critical: 'red' }
const LEVEL_COLOR: Record<LogLevel, Color | undefined> = {
  debug: 'gray',
  info: undefined,
  warn: 'yellow',
  error: 'red',
}
const BREAKER_COLOR: Record<BreakerView['state'], Color> = {
  trading: 'green',
  halted: 'yellow',
  killed: 'red',
}

const ORDER_STATUS_LABEL: Partial<Record<OrderRow['status'], string>> = {
  partially_filled: 'partial',
  pending_cancel: 'canceling',
  pending_replace: 'replacing',
}
const ORDER_TYPE_LABEL: Record<OrderRow['type'], string> = {
  market: 'market',
  limit: 'limit',
  stop: 'stop',
  stop_limit: 'stop limit',
  trailing_stop: 'trail stop',
}

/** Length in terminal cells, counting each code point as one. */
const width = (text: string) => Array.from(text).length

/** Pads or cuts `text` to exactly `size` cells; a cut ends in `…`. */
export function fit(text: string, size: number, align: 'left' | 'right' = 'left'): string {
  if (size <= 0) return ''
  const chars = Array.from(text)
  if (chars.length > size) return size === 1 ? '…' : `${chars.slice(0, size - 1).join('')}…`
  const pad = ' '.repeat(size - chars.length)
  return align === 'right' ? pad + text : text + pad
}

const pnlColor = (value: number): Color | undefined => (value > 0 ? 'green' : value < 0 ? 'red' : undefined)
const signed = (amount: number) => formatMoney(amount, { sign: 'always' })
const dash = '—'

interface Column {
  title: string
  /** Cells; `0` takes the room left over (at least 8). */
  width: number
  align?: 'left' | 'right'
}

interface Cell {
  text: string
  color?: Color | undefined
  bold?: boolean
  dim?: boolean
}

function widths(columns: readonly Column[], total: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + c.width, 0) + (columns.length - 1)
  return columns.map((c) => (c.width === 0 ? Math.max(MIN_FLEX, total - fixed) : c.width))
}

function row(columns: readonly Column[], sizes: readonly number[], cells: readonly Cell[]): Line {
  const line: Line = []
  columns.forEach((column, i) => {
    const cell = cells[i] ?? { text: '' }
    if (i > 0) line.push({ text: ' ' })
    const segment: Segment = { text: fit(cell.text, sizes[i] ?? 0, column.align) }
    if (cell.color !== undefined) segment.color = cell.color
    if (cell.bold === true) segment.bold = true
    if (cell.dim === true) segment.dim = true
    line.push(segment)
  })
  return line
}

function headerRow(title: string, count: string, columns: readonly Column[], sizes: readonly number[]): Line {
  const line: Line = [{ text: title, bold: true, color: 'cyan' }]
  const first = sizes[0] ?? FIRST
  line.push({ text: fit(count === '' ? '' : ` ${count}`, first - width(title)), dim: true })
  columns.slice(1).forEach((column, i) => {
    line.push({ text: ' ' })
    line.push({ text: fit(column.title, sizes[i + 1] ?? 0, column.align), dim: true })
  })
  return line
}

function emptyHeader(title: string, what: string): Line {
  return [
    { text: title, bold: true, color: 'cyan' },
    { text: ` ${what}`, dim: true },
  ]
}

const more = (n: number, word = 'more'): Line => [{ text: `  … ${n} ${word}`, dim: true }]

/**
 * Splits `budget` rows among sections, one row at a time in priority order, so a short section
 * leaves its rows to the others. Returns the rows each section gets.
 */
export function allocateRows(demands: readonly number[], budget: number): number[] {
  const given = demands.map(() => 0)
  let left = Math.max(0, budget)
  let progress = true
  while (left > 0 && progress) {
    progress = false
    for (let i = 0; i < demands.length && left > 0; i++) {
      if ((given[i] ?? 0) < (demands[i] ?? 0)) {
        given[i] = (given[i] ?? 0) + 1
        left--
        progress = true
      }
    }
  }
  return given
}

/**
 * Items to show in `rows` rows, the last replaced by a "more" line when they do not fit. With no
 * row at all nothing is shown, and the section title's count says how many there are.
 */
function visible<T>(
  items: readonly T[],
  rows: number,
  from: 'start' | 'end',
): { shown: T[]; hidden: number } {
  if (items.length <= rows) return { shown: [...items], hidden: 0 }
  if (rows <= 0) return { shown: [], hidden: 0 }
  const room = Math.max(0, rows - 1)
  const shown = from === 'start' ? items.slice(0, room) : items.slice(items.length - room)
  return { shown, hidden: items.length - room }
}

function headerLine(state: DashboardState, options: LayoutOptions): Line {
  const { phase, info } = sessionOf(state, options.calendar)
  const ny = toNewYork(state.clock.ts)
  const speed = state.clock.speed === undefined ? '' : ` ${formatSpeed(state.clock.speed)}`
  const modeSegment: Segment =
    state.clock.mode === 'live'
      ? { text: ` LIVE${speed} `, color: 'red', bold: true, inverse: true }
      : { text: `${state.clock.mode.toUpperCase()}${speed}`, bold: true }
  const left: Line = [
    { text: oneLine(state.title), bold: true },
    { text: '  ' },
    modeSegment,
    { text: '  ' },
    { text: `${WEEKDAYS[ny.weekday] ?? ''} ${ny.date} ${formatNewYorkClock(state.clock.ts)} ET` },
    { text: '  ' },
    { text: phase.toUpperCase(), color: PHASE_COLOR[phase], bold: true },
  ]
  if (info !== undefined) {
    left.push({ text: ` ${PHASE_END[phase]} ${formatDuration(info.end - state.clock.ts)}`, dim: true })
  }
  const right: Line = []
  if (state.paused) right.push({ text: ' ENTRIES PAUSED ', color: 'yellow', inverse: true, bold: true })
  if (state.breaker !== undefined) {
    if (right.length > 0) right.push({ text: ' ' })
    right.push({
      text: ` ${state.breaker.state.toUpperCase()} `,
      color: BREAKER_COLOR[state.breaker.state],
      inverse: true,
      bold: true,
    })
  }
  const used = [...left, ...right].reduce((sum, s) => sum + width(s.text), 0)
  const gap = Math.max(1, options.columns - used)
  return right.length === 0 ? left : [...left, { text: ' '.repeat(gap) }, ...right]
}

function accountLines(state: DashboardState): Line[] {
  const a = state.account
  if (a === undefined) return [[{ text: 'Account  waiting for the first account update', dim: true }], []]
  const pct = dayPnlPct(a)
  const open = openPnl(state.positions)
  const realized = tallyTrades(state.closedTrades).realized
  const dd = drawdownPct(a)
  const money: Line = [
    { text: 'Equity ', dim: true },
    { text: formatMoney(a.equity), bold: true },
    { text: '   Day P&L ', dim: true },
    {
      text: signed(a.dayPnl) + (pct === undefined ? '' : ` (${formatSignedPercent(pct)})`),
      color: pnlColor(a.dayPnl),
      bold: true,
    },
    { text: '   Realized ', dim: true },
    { text: signed(realized), color: pnlColor(realized) },
    { text: '   Open ', dim: true },
    { text: signed(open), color: pnlColor(open) },
  ]
  const risk: Line = [
    { text: 'Peak ', dim: true },
    { text: formatMoney(a.peakEquity) },
    { text: '   Drawdown ', dim: true },
    { text: formatPercent(dd), color: dd > 0 ? 'red' : undefined },
  ]
  if (a.maxDrawdownPct !== undefined)
    risk.push({ text: ` (max ${formatPercent(a.maxDrawdownPct)})`, dim: true })
  if (a.buyingPower !== undefined)
    risk.push({ text: '   Buying power ', dim: true }, { text: formatMoney(a.buyingPower) })
  if (a.cash !== undefined) risk.push({ text: '   Cash ', dim: true }, { text: formatMoney(a.cash) })
  return [money, risk]
}

/** How close a rule is to its limit: tripped, within 80% of it, or fine. */
function ruleColor(rule: BreakerRuleView): Color | undefined {
  if (rule.tripped === true) return 'red'
  if (rule.limit !== 0 && Math.sign(rule.value) === Math.sign(rule.limit) && rule.value / rule.limit >= 0.8) {
    return 'yellow'
  }
  return undefined
}

function breakerLine(state: DashboardState): Line {
  const b = state.breaker
  if (b === undefined) return [{ text: 'Breaker  none configured', dim: true }]
  const line: Line = [{ text: 'Breaker  ', dim: true }]
  if (b.state !== 'trading') {
    const since = b.since === undefined ? '' : ` since ${formatNewYorkClock(b.since)}`
    const reason = b.reason === undefined ? '' : `: ${oneLine(b.reason)}`
    line.push({
      text: `${b.state.toUpperCase()}${reason}${since}`,
      color: BREAKER_COLOR[b.state],
      bold: true,
    })
    if (b.rules.length > 0) line.push({ text: ' · ', dim: true })
  } else if (b.rules.length === 0) {
    line.push({ text: 'trading', color: 'green' })
  }
  b.rules.forEach((rule, i) => {
    if (i > 0) line.push({ text: ' · ', dim: true })
    const color = ruleColor(rule)
    line.push(color === undefined ? { text: describeRule(rule) } : { text: describeRule(rule), color })
  })
  return line
}

function footerLine(ui: DashboardUi): Line {
  if (ui.confirmingKill) {
    return [
      { text: ' Trip kill switch? y/n ', color: 'red', inverse: true, bold: true },
      { text: '  y trips it; any other key cancels', dim: true },
    ]
  }
  const line: Line = []
  if (ui.keys === undefined) {
    line.push({ text: 'keys off: stdin is not a terminal', dim: true })
  } else {
    line.push({ text: 'q', bold: true }, { text: ' quit', dim: true })
    if (ui.keys.pause) line.push({ text: '  p', bold: true }, { text: ' pause/resume entries', dim: true })
    if (ui.keys.kill) line.push({ text: '  k', bold: true }, { text: ' kill switch', dim: true })
  }
  if (ui.notice !== undefined) {
    const color: Color =
      ui.notice.tone === 'danger' ? 'red' : ui.notice.tone === 'warning' ? 'yellow' : 'cyan'
    line.push({ text: '   ' }, { text: oneLine(ui.notice.text), color, bold: true })
  }
  return line
}

const WATCH_COLUMNS: readonly Column[] = [
  { title: 'Watchlist', width: FIRST },
  { title: 'Score', width: 6, align: 'right' },
  { title: 'Gap', width: 8, align: 'right' },
  { title: 'RVol', width: 6, align: 'right' },
  { title: 'Last', width: 9, align: 'right' },
  { title: 'Status', width: 9 },
  { title: 'Catalyst', width: 0 },
]

const POSITION_COLUMNS: readonly Column[] = [
  { title: 'Positions', width: FIRST },
  { title: 'Qty', width: 7, align: 'right' },
  { title: 'Avg', width: 9, align: 'right' },
  { title: 'Last', width: 9, align: 'right' },
  { title: 'Unrealized', width: 12, align: 'right' },
  { title: '%', width: 8, align: 'right' },
  { title: 'Stop', width: 9, align: 'right' },
  { title: 'Target', width: 9, align: 'right' },
  { title: 'R', width: 7, align: 'right' },
]

const ORDER_COLUMNS: readonly Column[] = [
  { title: 'Orders', width: FIRST },
  { title: 'Side', width: 4 },
  { title: 'Type', width: 10 },
  { title: 'Qty', width: 6, align: 'right' },
  { title: 'Filled', width: 6, align: 'right' },
  { title: 'Limit', width: 8, align: 'right' },
  { title: 'Stop', width: 8, align: 'right' },
  { title: 'Status', width: 9 },
  { title: 'Age', width: 6, align: 'right' },
  { title: 'Role', width: 6 },
  { title: 'Client id', width: 0 },
]

const TRADE_COLUMNS: readonly Column[] = [
  { title: 'Trades', width: FIRST },
  { title: 'Closed', width: 8 },
  { title: 'Side', width: 5 },
  { title: 'Qty', width: 7, align: 'right' },
  { title: 'Entry', width: 9, align: 'right' },
  { title: 'Exit', width: 9, align: 'right' },
  { title: 'P&L', width: 12, align: 'right' },
  { title: 'R', width: 7, align: 'right' },
  { title: 'Reason', width: 0 },
]

const FEED_COLUMNS: readonly Column[] = [
  { title: '', width: 8 },
  { title: '', width: 8 },
  { title: '', width: 0 },
]

/**
 * Lays the dashboard out for a screen of `columns` x `rows`: a header (title, mode, New York
 * time, session phase and time left, pause and breaker badges), two account lines (equity and
 * P&L; peak, drawdown and buying power), the breaker line, then watchlist, positions, working
 * orders, today's trades, alerts and log lines sharing the rows left, and the key help (or the
 * kill-switch question) at the bottom. From 12 rows up the result has at most `rows - 1` lines,
 * so the terminal does not scroll; from 94 columns up no line is wider than the screen.
 */
export function layoutDashboard(state: DashboardState, ui: DashboardUi, options: LayoutOptions): Line[] {
  const columns = Math.max(40, options.columns)
  const now = state.clock.ts
  const watchlist = rankedWatchlist(state.watchlist)
  const working = state.orders.filter(isOpenOrder)
  const trades = state.closedTrades
  const sections = [
    state.positions.length,
    working.length,
    watchlist.length,
    trades.length,
    state.alerts.length,
    state.logs.length,
  ]
  // Header, two account lines, breaker, footer and one title line per section are always shown.
  const budget = options.rows - 1 - 5 - sections.length
  const [positionRows = 0, orderRows = 0, watchRows = 0, tradeRows = 0, alertRows = 0, logRows = 0] =
    allocateRows(sections, budget)

  const lines: Line[] = [
    headerLine(state, { ...options, columns }),
    ...accountLines(state),
    breakerLine(state),
  ]

  // Watchlist.
  if (watchlist.length === 0) lines.push(emptyHeader('Watchlist', 'no candidates'))
  else {
    const sizes = widths(WATCH_COLUMNS, columns)
    lines.push(headerRow('Watchlist', String(watchlist.length), WATCH_COLUMNS, sizes))
    const { shown, hidden } = visible(watchlist, watchRows, 'start')
    for (const w of shown) {
      lines.push(
        row(WATCH_COLUMNS, sizes, [
          { text: w.symbol, bold: true },
          { text: formatOneDecimal(w.score) },
          w.gapPct === undefined
            ? { text: dash, dim: true }
            : { text: formatSignedPercent(w.gapPct), color: pnlColor(w.gapPct) },
          w.rvol === undefined ? { text: dash, dim: true } : { text: `${formatOneDecimal(w.rvol)}x` },
          w.last === undefined ? { text: dash, dim: true } : { text: formatPrice(w.last) },
          { text: w.status, color: STATUS_COLOR[w.status] },
          { text: oneLine(w.catalyst ?? ''), dim: true },
        ]),
      )
    }
    if (hidden > 0) lines.push(more(hidden))
  }

  // Positions.
  if (state.positions.length === 0) lines.push(emptyHeader('Positions', 'flat'))
  else {
    const sizes = widths(POSITION_COLUMNS, columns)
    lines.push(headerRow('Positions', String(state.positions.length), POSITION_COLUMNS, sizes))
    const { shown, hidden } = visible(state.positions, positionRows, 'start')
    for (const p of shown) {
      const f = positionFigures(p)
      lines.push(
        row(POSITION_COLUMNS, sizes, [
          { text: `${p.symbol} ${f.side}`, bold: true },
          { text: formatQty(p.qty) },
          { text: formatPrice(p.avgEntry) },
          { text: formatPrice(p.last) },
          { text: signed(f.unrealizedPnl), color: pnlColor(f.unrealizedPnl) },
          { text: formatSignedPercent(f.unrealizedPct), color: pnlColor(f.unrealizedPct) },
          p.stop === undefined ? { text: dash, color: 'red' } : { text: formatPrice(p.stop) },
          p.target === undefined ? { text: dash, dim: true } : { text: formatPrice(p.target) },
          f.r === undefined ? { text: dash, dim: true } : { text: formatR(f.r), color: pnlColor(f.r) },
        ]),
      )
    }
    if (hidden > 0) lines.push(more(hidden))
  }

  // Working orders.
  if (working.length === 0) lines.push(emptyHeader('Orders', 'none working'))
  else {
    const sizes = widths(ORDER_COLUMNS, columns)
    lines.push(headerRow('Orders', String(working.length), ORDER_COLUMNS, sizes))
    const { shown, hidden } = visible(working, orderRows, 'start')
    for (const o of shown) {
      lines.push(
        row(ORDER_COLUMNS, sizes, [
          { text: o.symbol, bold: true },
          { text: o.side, color: o.side === 'buy' ? 'green' : 'red' },
          { text: ORDER_TYPE_LABEL[o.type] },
          { text: formatQty(o.qty) },
          { text: formatQty(o.filledQty), dim: o.filledQty === 0 },
          o.limitPrice === undefined ? { text: dash, dim: true } : { text: formatPrice(o.limitPrice) },
          o.stopPrice === undefined ? { text: dash, dim: true } : { text: formatPrice(o.stopPrice) },
          { text: ORDER_STATUS_LABEL[o.status] ?? o.status },
          { text: formatDuration(now - o.submittedAt) },
          { text: oneLine(o.role ?? ''), dim: true },
          { text: oneLine(o.clientOrderId ?? o.id), dim: true },
        ]),
      )
    }
    if (hidden > 0) lines.push(more(hidden))
  }

  // Today's closed trades, latest last.
  if (trades.length === 0) lines.push(emptyHeader('Trades', 'none closed today'))
  else {
    const sizes = widths(TRADE_COLUMNS, columns)
    const tally = tallyTrades(trades)
    const count = `${tally.winners}W ${tally.losers}L`
    lines.push(headerRow('Trades', count, TRADE_COLUMNS, sizes))
    const { shown, hidden } = visible(trades, tradeRows, 'end')
    if (hidden > 0) lines.push(more(hidden, 'earlier'))
    for (const t of shown) {
      lines.push(
        row(TRADE_COLUMNS, sizes, [
          { text: t.symbol, bold: true },
          { text: formatNewYorkClock(t.closedAt) },
          { text: t.side },
          { text: formatQty(t.qty) },
          { text: formatPrice(t.entryPrice) },
          { text: formatPrice(t.exitPrice) },
          { text: signed(t.pnl), color: pnlColor(t.pnl) },
          t.r === undefined ? { text: dash, dim: true } : { text: formatR(t.r), color: pnlColor(t.r) },
          { text: oneLine(t.exitReason), dim: true },
        ]),
      )
    }
  }

  // Alerts and log lines: the latest that fit, newest last.
  const feedSizes = widths(FEED_COLUMNS, columns)
  lines.push(
    state.alerts.length === 0
      ? emptyHeader('Alerts', 'none')
      : [{ text: 'Alerts', bold: true, color: 'cyan' }],
  )
  for (const a of state.alerts.slice(state.alerts.length - alertRows)) {
    lines.push(
      row(FEED_COLUMNS, feedSizes, [
        { text: formatNewYorkClock(a.ts), dim: true },
        { text: a.severity, color: SEVERITY_COLOR[a.severity], bold: a.severity === 'critical' },
        { text: oneLine(a.message), ...(a.severity === 'critical' ? { color: 'red' as const } : {}) },
      ]),
    )
  }
  lines.push(
    state.logs.length === 0 ? emptyHeader('Log', 'empty') : [{ text: 'Log', bold: true, color: 'cyan' }],
  )
  for (const l of state.logs.slice(state.logs.length - logRows)) {
    lines.push(
      row(FEED_COLUMNS, feedSizes, [
        { text: formatNewYorkClock(l.ts), dim: true },
        { text: l.level, color: LEVEL_COLOR[l.level] },
        { text: oneLine(l.message) },
      ]),
    )
  }

  lines.push(footerLine(ui))
  return lines
}
