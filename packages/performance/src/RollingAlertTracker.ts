import { parse, roundMoney, TypedEmitter, type TypedEmitterOptions } from '@tradeblocks/core'
import type { AlertRecordInput, AlertSeverity, TradeMode } from '@tradeblocks/journal'
import { z } from 'zod'
import type { EquityPoint, StatsTrade } from './PerformanceStats.js'

/**
 * Where alerts are written: a journal (`journal.appendAlert`) or anything with the same method.
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 * import type { AlertSink } from '@tradeblocks/performance'
 *
 * const sink: AlertSink = await openJournal({ dir: './journal' })
 * ```
 */
export interface AlertSink {
  appendAlert(alert: AlertRecordInput): Promise<unknown>
}

/**
 * Who the alerts are about; copied into every alert record written to the sink.
 *
 * @example
 * ```ts
 * import type { AlertContext } from '@tradeblocks/performance'
 *
 * const context: AlertContext = { strategy: 'bull-flag', account: 'alpaca-1', mode: 'live' }
 * ```
 */
export interface AlertContext {
  strategy?: string
  account?: string
  mode?: TradeMode
}

/**
 * The conditions a {@link RollingAlertTracker} watches:
 * - `win_rate_below`: the win rate of the last `window` trades is below `threshold`.
 * - `profit_factor_below`: gross profit over gross loss of the last `window` trades is below `threshold`.
 * - `drawdown_exceeded`: equity is more than `threshold` (a fraction) below its peak.
 *
 * @example
 * ```ts
 * import type { PerformanceAlertKind } from '@tradeblocks/performance'
 *
 * const kind: PerformanceAlertKind = 'drawdown_exceeded'
 * ```
 */
export type PerformanceAlertKind = 'win_rate_below' | 'profit_factor_below' | 'drawdown_exceeded'

/**
 * An alert raised (or cleared) by a {@link RollingAlertTracker}.
 *
 * @example
 * ```ts
 * import type { PerformanceAlert } from '@tradeblocks/performance'
 *
 * const onAlert = (a: PerformanceAlert) => console.warn(`[${a.severity}] ${a.message}`)
 * ```
 */
export interface PerformanceAlert {
  kind: PerformanceAlertKind
  /** The time of the trade exit or equity point that changed the condition. */
  ts: number
  /** The measured value: a win rate or drawdown as a fraction, or a profit factor (`null` without losses). */
  value: number | null
  threshold: number
  /** Number of trades in the window; `null` for drawdown. */
  window: number | null
  severity: AlertSeverity
  /** One line for humans. */
  message: string
}

/**
 * Events of a {@link RollingAlertTracker}: `alert` when a condition starts to hold, `cleared` when
 * it stops, `sinkError` when writing to the sink failed.
 *
 * @example
 * ```ts
 * import type { RollingAlertEvents } from '@tradeblocks/performance'
 *
 * type AlertListener = (...args: RollingAlertEvents['alert']) => void
 * ```
 */
export interface RollingAlertEvents {
  [event: string]: unknown[]
  alert: [alert: PerformanceAlert]
  cleared: [alert: PerformanceAlert]
  sinkError: [error: unknown, alert: PerformanceAlert]
}

/**
 * Options of a {@link RollingAlertTracker}. Each condition can be tuned or turned off with `false`.
 *
 * @example
 * ```ts
 * import type { RollingAlertOptions } from '@tradeblocks/performance'
 *
 * const options: RollingAlertOptions = {
 *   winRate: { threshold: 0.45, window: 30 },
 *   drawdown: { threshold: 0.03 },
 *   profitFactor: false,
 *   startingEquity: 25_000,
 * }
 * ```
 */
export interface RollingAlertOptions extends TypedEmitterOptions {
  /** Win rate over the last `window` trades below `threshold`. Default `{ threshold: 0.5, window: 20 }`. */
  winRate?: { threshold?: number; window?: number } | false
  /** Equity below its peak by more than `threshold`. Default `{ threshold: 0.05 }` (5%). */
  drawdown?: { threshold?: number } | false
  /** Profit factor over the last `window` trades below `threshold`. Default `{ threshold: 1, window: 20 }`. */
  profitFactor?: { threshold?: number; window?: number } | false
  /**
   * Equity before the first trade, for the drawdown when no equity updates are fed (equity is then
   * `startingEquity` plus the net P&L of the trades so far). Once `onEquity` is called, equity
   * updates are used instead.
   */
  startingEquity?: number
  /** Where to write alerts (and clearances), e.g. a journal's alert stream. */
  sink?: AlertSink
  /** Copied into every alert record written to the sink. */
  context?: AlertContext
}

const windowed = z.union([
  z.literal(false),
  z.object({
    threshold: z.number({ error: 'must be a finite number' }).optional(),
    window: z.number().int().min(1, { error: 'must be at least 1' }).optional(),
  }),
])
const OptionsSchema = z.object({
  winRate: windowed.optional(),
  profitFactor: windowed.optional(),
  drawdown: z
    .union([
      z.literal(false),
      z.object({
        threshold: z
          .number()
          .gt(0, { error: 'must be above 0' })
          .lt(1, { error: 'must be below 1' })
          .optional(),
      }),
    ])
    .optional(),
  startingEquity: z.number({ error: 'must be a finite number' }).optional(),
})

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const fmtMoney = (x: number) =>
  roundMoney(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * Watches closed trades and equity updates as they happen and raises typed events when the
 * strategy stops working: win rate below 50% over the last 20 trades, profit factor below 1 over
 * the last 20, drawdown beyond 5% (all configurable). Alerts are edge-triggered: `alert` fires when a
 * condition starts to hold, `cleared` when it stops, never once per trade in between. With a `sink`
 * (a journal) each is also written to the alert stream.
 *
 * Windows count only once full: the win-rate alert needs 20 trades before it can fire.
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 * import { RollingAlertTracker } from '@tradeblocks/performance'
 *
 * const journal = await openJournal({ dir: './journal' })
 * const tracker = new RollingAlertTracker({ sink: journal, context: { strategy: 'bull-flag', mode: 'live' } })
 * tracker.on('alert', (alert) => notifyPhone(alert.message))
 *
 * // In the bot:
 * tracker.onTrade(closedTrade)
 * tracker.onEquity({ ts: clock.now(), equity: account.equity })
 * ```
 */
export class RollingAlertTracker extends TypedEmitter<RollingAlertEvents> {
  readonly #winRate: { threshold: number; window: number } | undefined
  readonly #profitFactor: { threshold: number; window: number } | undefined
  readonly #drawdown: { threshold: number } | undefined
  readonly #sink: AlertSink | undefined
  readonly #context: AlertContext
  readonly #outcomes: number[] = []
  readonly #active = new Map<PerformanceAlertKind, PerformanceAlert>()
  readonly #pending = new Set<Promise<void>>()
  readonly #windowSize: number
  #tradeEquity: number | undefined
  #sawEquityUpdate = false
  #peak: number | undefined

  constructor(options: RollingAlertOptions = {}) {
    super(options)
    parse(OptionsSchema, options, 'rolling alert options')
    this.#winRate =
      options.winRate === false
        ? undefined
        : { threshold: options.winRate?.threshold ?? 0.5, window: options.winRate?.window ?? 20 }
    this.#profitFactor =
      options.profitFactor === false
        ? undefined
        : { threshold: options.profitFactor?.threshold ?? 1, window: options.profitFactor?.window ?? 20 }
    this.#drawdown =
      options.drawdown === false ? undefined : { threshold: options.drawdown?.threshold ?? 0.05 }
    this.#windowSize = Math.max(this.#winRate?.window ?? 0, this.#profitFactor?.window ?? 0)
    this.#sink = options.sink
    this.#context = options.context ?? {}
    this.#tradeEquity = options.startingEquity
    // The starting equity is the first peak: a first losing trade is already a drawdown.
    this.#peak = options.startingEquity
  }

  /** The alerts whose condition holds now. */
  get active(): readonly PerformanceAlert[] {
    return [...this.#active.values()]
  }

  /**
   * Feeds a closed trade (in exit order).
   *
   * @throws ValidationError when `netPnl` or `exitTs` is not a finite number.
   */
  onTrade(trade: Pick<StatsTrade, 'netPnl' | 'exitTs'>): void {
    if (!Number.isFinite(trade.netPnl) || !Number.isFinite(trade.exitTs)) {
      parse(z.object({ netPnl: z.number(), exitTs: z.number() }), trade, 'trade')
    }
    const net = roundMoney(trade.netPnl)
    this.#outcomes.push(net)
    if (this.#outcomes.length > this.#windowSize) this.#outcomes.shift()
    const ts = trade.exitTs
    if (this.#winRate !== undefined) {
      const { threshold, window } = this.#winRate
      const recent = this.#outcomes.slice(-window)
      if (recent.length === window) {
        const rate = recent.filter((x) => x > 0).length / window
        this.#update(
          rate < threshold,
          {
            kind: 'win_rate_below',
            ts,
            value: rate,
            threshold,
            window,
            severity: 'warning',
            message: `Win rate ${pct(rate)} over the last ${window} trades is below ${pct(threshold)}.`,
          },
          `Win rate ${pct(rate)} over the last ${window} trades is back at or above ${pct(threshold)}.`,
        )
      }
    }
    if (this.#profitFactor !== undefined) {
      const { threshold, window } = this.#profitFactor
      const recent = this.#outcomes.slice(-window)
      if (recent.length === window) {
        let profit = 0
        let loss = 0
        for (const x of recent) {
          if (x > 0) profit += x
          else loss -= x
        }
        const pf = loss > 0 ? profit / loss : Number.POSITIVE_INFINITY
        this.#update(
          pf < threshold,
          {
            kind: 'profit_factor_below',
            ts,
            value: Number.isFinite(pf) ? pf : null,
            threshold,
            window,
            severity: 'warning',
            message: `Profit factor ${pf.toFixed(2)} over the last ${window} trades is below ${threshold.toFixed(2)}.`,
          },
          `Profit factor ${Number.isFinite(pf) ? pf.toFixed(2) : 'n/a (no losses)'} over the last ${window} trades is back at or above ${threshold.toFixed(2)}.`,
        )
      }
    }
    if (!this.#sawEquityUpdate && this.#tradeEquity !== undefined) {
      this.#tradeEquity += net
      this.#checkDrawdown(ts, this.#tradeEquity)
    }
  }

  /**
   * Feeds an equity update (in time order). From the first one on, drawdown follows these updates
   * rather than closed trades.
   *
   * @throws ValidationError when a number is not finite.
   */
  onEquity(point: EquityPoint): void {
    if (!Number.isFinite(point.equity) || !Number.isFinite(point.ts)) {
      parse(z.object({ ts: z.number(), equity: z.number() }), point, 'equity point')
    }
    if (!this.#sawEquityUpdate) {
      this.#sawEquityUpdate = true
      this.#peak = undefined
    }
    this.#checkDrawdown(point.ts, point.equity)
  }

  #checkDrawdown(ts: number, equity: number): void {
    if (this.#drawdown === undefined) return
    if (this.#peak === undefined || equity > this.#peak) this.#peak = equity
    const peak = this.#peak
    if (!(peak > 0)) return
    const drawdown = (peak - equity) / peak
    const { threshold } = this.#drawdown
    this.#update(
      drawdown > threshold,
      {
        kind: 'drawdown_exceeded',
        ts,
        value: drawdown,
        threshold,
        window: null,
        severity: 'critical',
        message: `Drawdown ${pct(drawdown)} (${fmtMoney(peak - equity)} below the peak ${fmtMoney(peak)}) exceeds ${pct(threshold)}.`,
      },
      `Drawdown ${pct(drawdown)} is back within ${pct(threshold)}.`,
    )
  }

  #update(holds: boolean, alert: PerformanceAlert, clearedMessage: string): void {
    const active = this.#active.get(alert.kind)
    if (holds && active === undefined) {
      this.#active.set(alert.kind, alert)
      this.#write(alert, false)
      this.emit('alert', alert)
    } else if (!holds && active !== undefined) {
      this.#active.delete(alert.kind)
      const cleared: PerformanceAlert = { ...alert, severity: 'info', message: clearedMessage }
      this.#write(cleared, true)
      this.emit('cleared', cleared)
    }
  }

  #write(alert: PerformanceAlert, cleared: boolean): void {
    if (this.#sink === undefined) return
    const record: AlertRecordInput = {
      ts: alert.ts,
      kind: cleared ? `${alert.kind}_cleared` : alert.kind,
      severity: alert.severity,
      message: alert.message,
      source: 'performance',
      details: { value: alert.value, threshold: alert.threshold, window: alert.window },
      ...this.#context,
    }
    const pending = (async () => {
      try {
        await this.#sink?.appendAlert(record)
      } catch (error) {
        if (this.listenerCount('sinkError') > 0) this.emit('sinkError', error, alert)
        else console.error(`RollingAlertTracker: could not write the alert "${alert.message}"`, error)
      }
    })()
    this.#pending.add(pending)
    void pending.finally(() => this.#pending.delete(pending))
  }

  /** Resolves when every alert handed to the sink so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
  }
}
