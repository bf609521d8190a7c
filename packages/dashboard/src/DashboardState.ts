import {
  NonNegativeNumberSchema,
  OrderSideSchema,
  OrderStatusSchema,
  OrderTypeSchema,
  PriceSchema,
  QuantitySchema,
  type SessionName,
  SymbolSchema,
  TimestampSchema,
} from '@tradeblocks/core'
import { z } from 'zod'

const finite = () => z.number({ error: 'must be a finite number' })
const text = () => z.string({ error: 'must be a string' })

/**
 * How the bot is running: replaying recorded data, backtesting, paper trading or trading live.
 *
 * @example
 * ```ts
 * import { DashboardModeSchema } from '@tradeblocks/dashboard'
 *
 * DashboardModeSchema.parse('paper') // 'paper'
 * ```
 */
export const DashboardModeSchema = z.enum(['replay', 'backtest', 'paper', 'live'])

/**
 * One of the {@link DashboardModeSchema} values.
 *
 * @example
 * ```ts
 * import type { DashboardMode } from '@tradeblocks/dashboard'
 *
 * const mode: DashboardMode = process.env.LIVE === '1' ? 'live' : 'paper'
 * ```
 */
export type DashboardMode = z.output<typeof DashboardModeSchema>

/**
 * The session phases of core's calendar (`premarket`, `regular`, `afterhours`, `closed`), as a schema.
 *
 * @example
 * ```ts
 * import { SessionPhaseSchema } from '@tradeblocks/dashboard'
 *
 * SessionPhaseSchema.parse('regular')
 * ```
 */
export const SessionPhaseSchema = z.enum([
  'premarket',
  'regular',
  'afterhours',
  'closed',
]) satisfies z.ZodType<SessionName, SessionName>

/**
 * The clock panel: the bot's current time, its mode and, in replays, its speed.
 *
 * `phase` is normally left out: the dashboard asks the trading calendar (core's `nyse` unless
 * another one is given to {@link startDashboard}) which session `ts` falls in. Set it only when
 * the bot knows better (a custom session model).
 *
 * @example
 * ```ts
 * import { DashboardClockSchema } from '@tradeblocks/dashboard'
 *
 * DashboardClockSchema.parse({ ts: Date.UTC(2026, 0, 5, 14, 45), mode: 'replay', speed: 60 })
 * ```
 */
export const DashboardClockSchema = z.object({
  /** The bot's clock, epoch ms (the simulated time in a replay or backtest). */
  ts: TimestampSchema,
  /** How the bot runs. */
  mode: DashboardModeSchema,
  /** Replay speed as a multiple of real time (`60` = one market minute per second); absent for real time. */
  speed: z
    .number({ error: 'must be a finite number' })
    .positive({ error: 'must be greater than 0' })
    .optional(),
  /** Session phase; computed from `ts` with the calendar when absent. */
  phase: SessionPhaseSchema.optional(),
})

/**
 * The clock panel; see {@link DashboardClockSchema}.
 *
 * @example
 * ```ts
 * import type { DashboardClock } from '@tradeblocks/dashboard'
 *
 * const clock: DashboardClock = { ts: clockPort.now(), mode: 'paper' }
 * ```
 */
export type DashboardClock = z.output<typeof DashboardClockSchema>

/**
 * Where a watchlist symbol stands: `watching` (on the list), `flagging` (a setup is forming),
 * `triggered` (entry signal fired, order pending), `entered` (position open), `exited` (traded and
 * closed), `blocked` (a risk or breaker rule refused it).
 *
 * @example
 * ```ts
 * import { WatchlistStatusSchema } from '@tradeblocks/dashboard'
 *
 * WatchlistStatusSchema.parse('flagging')
 * ```
 */
export const WatchlistStatusSchema = z.enum([
  'watching',
  'flagging',
  'triggered',
  'entered',
  'exited',
  'blocked',
])

/**
 * One of the {@link WatchlistStatusSchema} values.
 *
 * @example
 * ```ts
 * import type { WatchlistStatus } from '@tradeblocks/dashboard'
 *
 * const active = (s: WatchlistStatus) => s === 'triggered' || s === 'entered'
 * ```
 */
export type WatchlistStatus = z.output<typeof WatchlistStatusSchema>

/**
 * A row of the watchlist: a scanner candidate with its score and the numbers behind it.
 * Percentages are in percent points (`12.5` means +12.5%). The dashboard lists rows by score, highest first.
 *
 * @example
 * ```ts
 * import { WatchlistRowSchema } from '@tradeblocks/dashboard'
 *
 * WatchlistRowSchema.parse({ symbol: 'ABCD', score: 87.5, gapPct: 23.4, rvol: 6.1, last: 4.12,
 *   catalyst: 'FDA approval', status: 'flagging' })
 * ```
 */
export const WatchlistRowSchema = z.object({
  symbol: SymbolSchema,
  /** Scanner score; higher ranks first. */
  score: finite(),
  /** Gap from the previous close, percent points. */
  gapPct: finite().optional(),
  /** Relative volume (today's volume over the usual volume by this time), a multiple. */
  rvol: NonNegativeNumberSchema.optional(),
  /** Last trade price. */
  last: PriceSchema.optional(),
  /** The news or reason behind the move, short. */
  catalyst: text().optional(),
  status: WatchlistStatusSchema,
})

/**
 * A watchlist row; see {@link WatchlistRowSchema}.
 *
 * @example
 * ```ts
 * import type { WatchlistRow } from '@tradeblocks/dashboard'
 *
 * const rows: WatchlistRow[] = candidates.map((c) => ({ symbol: c.symbol, score: c.score, status: 'watching' }))
 * ```
 */
export type WatchlistRow = z.output<typeof WatchlistRowSchema>

/**
 * An open position. `qty` is signed like core's `Position`: positive long, negative short.
 *
 * Unrealized P&L is `(last - avgEntry) * qty` unless the bot passes its own `unrealizedPnl`
 * (net of fees, say). The R multiple is shown when `initialStop` (the stop the position was sized
 * with) is known: `(last - avgEntry) / (avgEntry - initialStop)` for a long. The current `stop`
 * may trail; R is always measured against the initial risk.
 *
 * @example
 * ```ts
 * import { PositionRowSchema } from '@tradeblocks/dashboard'
 *
 * PositionRowSchema.parse({ symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.31,
 *   stop: 4.05, initialStop: 3.89, target: 4.53 })
 * ```
 */
export const PositionRowSchema = z.object({
  symbol: SymbolSchema,
  qty: finite().refine((qty) => qty !== 0, { error: 'must not be 0 (a flat position is no position)' }),
  avgEntry: PriceSchema,
  last: PriceSchema,
  /** Current protective stop. */
  stop: PriceSchema.optional(),
  /** Profit target. */
  target: PriceSchema.optional(),
  /** The stop the position was sized with; the R multiple is measured against it. */
  initialStop: PriceSchema.optional(),
  /** Unrealized P&L in dollars; computed from the prices when absent. */
  unrealizedPnl: finite().optional(),
  /** When the position was opened, epoch ms. */
  openedAt: TimestampSchema.optional(),
})

/**
 * A position row; see {@link PositionRowSchema}.
 *
 * @example
 * ```ts
 * import type { PositionRow } from '@tradeblocks/dashboard'
 *
 * const row: PositionRow = { symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.31 }
 * ```
 */
export type PositionRow = z.output<typeof PositionRowSchema>

/**
 * An order the bot sent. The working-orders panel lists the ones still open (`new`, `accepted`,
 * `partially_filled`, `pending_cancel`, `pending_replace`); a bot may leave finished orders in the
 * list for a while, so the plain-line output can report how they ended. Its age is measured on the
 * bot's clock (`clock.ts - submittedAt`).
 *
 * @example
 * ```ts
 * import { OrderRowSchema } from '@tradeblocks/dashboard'
 *
 * OrderRowSchema.parse({ id: 'o-17', clientOrderId: 'mb-ABCD-1-stop', symbol: 'ABCD', side: 'sell',
 *   type: 'stop', qty: 500, filledQty: 0, stopPrice: 3.89, status: 'accepted',
 *   submittedAt: Date.UTC(2026, 0, 5, 14, 41), role: 'stop' })
 * ```
 */
export const OrderRowSchema = z.object({
  /** The broker's (or order manager's) order id. */
  id: text().min(1, { error: 'must not be empty' }),
  clientOrderId: text().optional(),
  symbol: SymbolSchema,
  side: OrderSideSchema,
  type: OrderTypeSchema,
  qty: QuantitySchema,
  filledQty: NonNegativeNumberSchema,
  limitPrice: PriceSchema.optional(),
  stopPrice: PriceSchema.optional(),
  avgFillPrice: PriceSchema.optional(),
  status: OrderStatusSchema,
  /** When the order was submitted, epoch ms on the bot's clock. */
  submittedAt: TimestampSchema,
  /** What the order is for, short: `entry`, `stop`, `target`, `exit`. */
  role: text().optional(),
})

/**
 * An order row; see {@link OrderRowSchema}.
 *
 * @example
 * ```ts
 * import type { OrderRow } from '@tradeblocks/dashboard'
 *
 * const toRow = (o: Order): OrderRow => ({ id: o.id, clientOrderId: o.clientOrderId, symbol: o.symbol,
 *   side: o.side, type: o.type, qty: o.qty ?? 0, filledQty: o.filledQty, status: o.status, submittedAt: o.createdAt })
 * ```
 */
export type OrderRow = z.output<typeof OrderRowSchema>

/**
 * A round trip closed today: direction, size, average prices, net P&L in dollars, the R multiple
 * when known, and why it was closed (`target`, `stop`, `trail`, `eod`, `kill`...).
 *
 * @example
 * ```ts
 * import { ClosedTradeRowSchema } from '@tradeblocks/dashboard'
 *
 * ClosedTradeRowSchema.parse({ id: 't-3', symbol: 'ABCD', side: 'long', qty: 500, entryPrice: 4.05,
 *   exitPrice: 4.53, pnl: 240, r: 3, exitReason: 'target', closedAt: Date.UTC(2026, 0, 5, 15, 2) })
 * ```
 */
export const ClosedTradeRowSchema = z.object({
  /** Unique per trade; the plain-line output reports each id once. */
  id: text().min(1, { error: 'must not be empty' }),
  symbol: SymbolSchema,
  side: z.enum(['long', 'short'], { error: 'must be "long" or "short"' }),
  qty: QuantitySchema,
  entryPrice: PriceSchema,
  exitPrice: PriceSchema,
  /** Net P&L in dollars (after commissions and fees). */
  pnl: finite(),
  /** P&L as a multiple of the initial risk. */
  r: finite().optional(),
  exitReason: text(),
  openedAt: TimestampSchema.optional(),
  closedAt: TimestampSchema,
})

/**
 * A closed trade row; see {@link ClosedTradeRowSchema}.
 *
 * @example
 * ```ts
 * import type { ClosedTradeRow } from '@tradeblocks/dashboard'
 *
 * const winners = (trades: ClosedTradeRow[]) => trades.filter((t) => t.pnl > 0)
 * ```
 */
export type ClosedTradeRow = z.output<typeof ClosedTradeRowSchema>

/**
 * The account panel. Drawdown is measured from `peakEquity`; day P&L percent from `startEquity`
 * (the equity at the start of the day) when given.
 *
 * @example
 * ```ts
 * import { AccountViewSchema } from '@tradeblocks/dashboard'
 *
 * AccountViewSchema.parse({ equity: 25_240, startEquity: 25_000, peakEquity: 25_300, dayPnl: 240 })
 * ```
 */
export const AccountViewSchema = z.object({
  equity: finite(),
  /** Highest equity seen (today or all time, as the bot's breaker measures it). */
  peakEquity: finite(),
  /** Realized plus unrealized P&L since the start of the day. */
  dayPnl: finite(),
  /** Equity at the start of the day. */
  startEquity: finite().positive({ error: 'must be greater than 0' }).optional(),
  /** Largest drawdown of the day in percent points, if the bot tracks it. */
  maxDrawdownPct: NonNegativeNumberSchema.optional(),
  cash: finite().optional(),
  buyingPower: NonNegativeNumberSchema.optional(),
})

/**
 * The account panel; see {@link AccountViewSchema}.
 *
 * @example
 * ```ts
 * import type { AccountView } from '@tradeblocks/dashboard'
 *
 * const account: AccountView = { equity: 25_240, peakEquity: 25_300, dayPnl: 240 }
 * ```
 */
export type AccountView = z.output<typeof AccountViewSchema>

/**
 * One circuit-breaker rule and where it stands: `value` against `limit`, in dollars (`money`),
 * percent points (`percent`) or a count. `tripped` marks the rule that halted trading.
 *
 * @example
 * ```ts
 * import { BreakerRuleViewSchema } from '@tradeblocks/dashboard'
 *
 * BreakerRuleViewSchema.parse({ name: 'daily loss', value: -120, limit: -500, unit: 'money' })
 * ```
 */
export const BreakerRuleViewSchema = z.object({
  name: text().min(1, { error: 'must not be empty' }),
  value: finite(),
  limit: finite(),
  unit: z.enum(['money', 'percent', 'count']),
  tripped: z.boolean().optional(),
})

/**
 * A breaker rule; see {@link BreakerRuleViewSchema}.
 *
 * @example
 * ```ts
 * import type { BreakerRuleView } from '@tradeblocks/dashboard'
 *
 * const streak: BreakerRuleView = { name: 'losing streak', value: 2, limit: 3, unit: 'count' }
 * ```
 */
export type BreakerRuleView = z.output<typeof BreakerRuleViewSchema>

/**
 * The circuit-breaker panel: `trading`, `halted` (no new entries; a rule tripped) or `killed`
 * (the kill switch is latched), why, since when, and the rules with their current values.
 *
 * @example
 * ```ts
 * import { BreakerViewSchema } from '@tradeblocks/dashboard'
 *
 * BreakerViewSchema.parse({ state: 'halted', reason: 'daily loss limit', since: Date.UTC(2026, 0, 5, 16, 2),
 *   rules: [{ name: 'daily loss', value: -512.4, limit: -500, unit: 'money', tripped: true }] })
 * ```
 */
export const BreakerViewSchema = z.object({
  state: z.enum(['trading', 'halted', 'killed']),
  reason: text().optional(),
  since: TimestampSchema.optional(),
  rules: z.array(BreakerRuleViewSchema),
})

/**
 * The breaker panel; see {@link BreakerViewSchema}.
 *
 * @example
 * ```ts
 * import type { BreakerView } from '@tradeblocks/dashboard'
 *
 * const ok: BreakerView = { state: 'trading', rules: [] }
 * ```
 */
export type BreakerView = z.output<typeof BreakerViewSchema>

/**
 * How serious an alert is.
 *
 * @example
 * ```ts
 * import { AlertSeveritySchema } from '@tradeblocks/dashboard'
 *
 * AlertSeveritySchema.parse('critical')
 * ```
 */
export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical'])

/**
 * One of the {@link AlertSeveritySchema} values.
 *
 * @example
 * ```ts
 * import type { AlertSeverity } from '@tradeblocks/dashboard'
 *
 * const severity: AlertSeverity = 'warning'
 * ```
 */
export type AlertSeverity = z.output<typeof AlertSeveritySchema>

/**
 * The level of a log line.
 *
 * @example
 * ```ts
 * import { LogLevelSchema } from '@tradeblocks/dashboard'
 *
 * LogLevelSchema.parse('warn')
 * ```
 */
export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error'])

/**
 * One of the {@link LogLevelSchema} values.
 *
 * @example
 * ```ts
 * import type { LogLevel } from '@tradeblocks/dashboard'
 *
 * const level: LogLevel = 'info'
 * ```
 */
export type LogLevel = z.output<typeof LogLevelSchema>

/**
 * An alert as the dashboard keeps it: a sequence number, the bot's time, severity and message.
 * Added with {@link DashboardController.alert}.
 *
 * @example
 * ```ts
 * import type { DashboardAlert } from '@tradeblocks/dashboard'
 *
 * const critical = (alerts: readonly DashboardAlert[]) => alerts.filter((a) => a.severity === 'critical')
 * ```
 */
export interface DashboardAlert {
  /** Sequence number, increasing from 1. */
  id: number
  /** The bot's time when it was raised, epoch ms. */
  ts: number
  severity: AlertSeverity
  message: string
}

/**
 * A log line as the dashboard keeps it. Added with {@link DashboardController.log}.
 *
 * @example
 * ```ts
 * import type { DashboardLogLine } from '@tradeblocks/dashboard'
 *
 * const errors = (lines: readonly DashboardLogLine[]) => lines.filter((l) => l.level === 'error')
 * ```
 */
export interface DashboardLogLine {
  /** Sequence number, increasing from 1. */
  id: number
  /** The bot's time when it was logged, epoch ms. */
  ts: number
  level: LogLevel
  message: string
}

/**
 * What a bot gives the dashboard to start with: the clock is required, every other section
 * starts empty when left out.
 *
 * @example
 * ```ts
 * import { DashboardStateInputSchema } from '@tradeblocks/dashboard'
 *
 * const input = DashboardStateInputSchema.parse({ title: 'momentum-bot',
 *   clock: { ts: Date.UTC(2026, 0, 5, 13, 0), mode: 'replay', speed: 120 } })
 * ```
 */
export const DashboardStateInputSchema = z.strictObject({
  /** Shown at the top left; defaults to `tradeblocks`. */
  title: text().optional(),
  clock: DashboardClockSchema,
  /** True while new entries are paused. */
  paused: z.boolean().optional(),
  account: AccountViewSchema.optional(),
  breaker: BreakerViewSchema.optional(),
  watchlist: z.array(WatchlistRowSchema).optional(),
  positions: z.array(PositionRowSchema).optional(),
  orders: z.array(OrderRowSchema).optional(),
  closedTrades: z.array(ClosedTradeRowSchema).optional(),
})

/**
 * The initial state a bot passes to {@link startDashboard}; see {@link DashboardStateInputSchema}.
 *
 * @example
 * ```ts
 * import type { DashboardStateInput } from '@tradeblocks/dashboard'
 *
 * const initial: DashboardStateInput = { clock: { ts: clock.now(), mode: 'paper' } }
 * ```
 */
export type DashboardStateInput = z.input<typeof DashboardStateInputSchema>

/**
 * A change to the dashboard. Every section given replaces that section whole (lists too: pass
 * the full list of positions, not the one that changed), except `clock`, whose fields are merged,
 * so `{ clock: { ts } }` moves the time and keeps the mode and speed. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * import { DashboardUpdateSchema } from '@tradeblocks/dashboard'
 *
 * DashboardUpdateSchema.parse({ clock: { ts: Date.UTC(2026, 0, 5, 14, 31) },
 *   positions: [{ symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.12 }] })
 * ```
 */
export const DashboardUpdateSchema = z.strictObject({
  title: text().optional(),
  clock: DashboardClockSchema.partial().optional(),
  paused: z.boolean().optional(),
  account: AccountViewSchema.optional(),
  breaker: BreakerViewSchema.optional(),
  watchlist: z.array(WatchlistRowSchema).optional(),
  positions: z.array(PositionRowSchema).optional(),
  orders: z.array(OrderRowSchema).optional(),
  closedTrades: z.array(ClosedTradeRowSchema).optional(),
})

/**
 * A change passed to {@link DashboardController.update}; see {@link DashboardUpdateSchema}.
 *
 * @example
 * ```ts
 * import type { DashboardUpdate } from '@tradeblocks/dashboard'
 *
 * const tick: DashboardUpdate = { clock: { ts: clock.now() } }
 * ```
 */
export type DashboardUpdate = z.input<typeof DashboardUpdateSchema>

/**
 * Everything the dashboard shows: the view model a bot fills from its engine, journal and breaker.
 *
 * @example
 * ```ts
 * import type { DashboardState } from '@tradeblocks/dashboard'
 *
 * const openRisk = (s: DashboardState) => s.positions.length
 * ```
 */
export interface DashboardState {
  title: string
  clock: DashboardClock
  paused: boolean
  /** Absent until the bot reports its account. */
  account: AccountView | undefined
  /** Absent when the bot runs without a circuit breaker. */
  breaker: BreakerView | undefined
  watchlist: WatchlistRow[]
  positions: PositionRow[]
  orders: OrderRow[]
  closedTrades: ClosedTradeRow[]
  /** Latest alerts, oldest first. */
  alerts: DashboardAlert[]
  /** Latest log lines, oldest first. */
  logs: DashboardLogLine[]
}
