import {
  type Clock,
  nyse,
  type TimerHandle,
  type TradingCalendar,
  type TradingDate,
  TypedEmitter,
  type TypedEmitterOptions,
  tradingDateOf,
} from '@tradeblocks/core'
import type { JournalQuery } from '@tradeblocks/journal'
import type { TradeSource } from './computeJournalStats.js'
import { type DailySummary, dailySummary, formatDailySummary } from './dailySummary.js'
import type { StatsTrade } from './PerformanceStats.js'
import type { AlertContext, AlertSink } from './RollingAlertTracker.js'

/**
 * Events of a {@link DailySummaryScheduler}: `summary` after each session close, `error` when
 * computing or writing one failed.
 *
 * @example
 * ```ts
 * import type { DailySummaryEvents } from '@tradeblocks/performance'
 *
 * type OnSummary = (...args: DailySummaryEvents['summary']) => void
 * ```
 */
export interface DailySummaryEvents {
  [event: string]: unknown[]
  summary: [summary: DailySummary, text: string]
  error: [error: unknown, date: TradingDate]
}

/**
 * Options of a {@link DailySummaryScheduler}.
 *
 * @example
 * ```ts
 * import type { DailySummarySchedulerOptions } from '@tradeblocks/performance'
 *
 * const options: DailySummarySchedulerOptions = { clock, source: journal, offsetMs: 5 * 60_000, query: { strategy: 'bull-flag' } }
 * ```
 */
export interface DailySummarySchedulerOptions extends TypedEmitterOptions {
  /** The clock to schedule with: the system clock live, the simulated clock in a backtest. */
  clock: Clock
  /** Where the day's trades come from, e.g. the journal. */
  source: TradeSource
  /** Narrows the trades (strategy, account, mode); the day range is added. */
  query?: Omit<JournalQuery, 'from' | 'to'>
  /** Equity at the start of a day (e.g. from the broker), for the day's return. */
  startingEquity?: (date: TradingDate) => number | undefined | Promise<number | undefined>
  /** Run this long after the regular close (default 0), e.g. to let closing fills arrive. */
  offsetMs?: number
  /** Also write each summary to the sink as an `info` alert of kind `daily_summary`. */
  sink?: AlertSink
  /** Copied into the alert records. */
  context?: AlertContext
  /** Trading calendar; default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * Produces a {@link DailySummary} at every session close: it asks the clock for a timer at the next
 * regular close (13:00 on early-close days) plus `offsetMs`, reads the day's trades from the source,
 * emits `summary` (with the text of `formatDailySummary`), optionally writes it to the alert stream,
 * and schedules the next one. With a simulated clock it fires as the backtest crosses each close.
 *
 * @example
 * ```ts
 * import { SystemClock } from '@tradeblocks/core'
 * import { openJournal } from '@tradeblocks/journal'
 * import { DailySummaryScheduler } from '@tradeblocks/performance'
 *
 * const journal = await openJournal({ dir: './journal' })
 * const scheduler = new DailySummaryScheduler({ clock: new SystemClock(), source: journal, sink: journal })
 * scheduler.on('summary', (_summary, text) => console.log(text))
 * scheduler.start()
 * ```
 */
export class DailySummaryScheduler extends TypedEmitter<DailySummaryEvents> {
  readonly #options: DailySummarySchedulerOptions
  readonly #calendar: TradingCalendar
  #timer: TimerHandle | undefined
  #running: Promise<void> = Promise.resolve()

  constructor(options: DailySummarySchedulerOptions) {
    super(options)
    this.#options = options
    this.#calendar = options.calendar ?? nyse
  }

  /** True between `start` and `stop`. */
  get started(): boolean {
    return this.#timer !== undefined
  }

  /** Schedules the summary of the next session close (and then every one after). */
  start(): void {
    if (this.#timer !== undefined) return
    this.#schedule()
  }

  /** Cancels the next summary. One already running finishes; await {@link DailySummaryScheduler.idle}. */
  stop(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimer(this.#timer)
    this.#timer = undefined
  }

  /** Resolves when no summary is being computed or written. */
  idle(): Promise<void> {
    return this.#running
  }

  #schedule(): void {
    const { clock } = this.#options
    const offset = this.#options.offsetMs ?? 0
    const now = clock.now()
    // The next close whose summary time is still ahead of us.
    let close = this.#calendar.nextClose(now - offset)
    if (close + offset <= now) close = this.#calendar.nextClose(close)
    this.#timer = clock.setTimer(
      () => {
        this.#timer = undefined
        const date = tradingDateOf(close)
        this.#running = this.#running.then(() => this.#summarize(date, close + offset))
        this.#schedule()
      },
      close + offset - now,
    )
  }

  async #summarize(date: TradingDate, ts: number): Promise<void> {
    try {
      const summary = await this.summarize(date)
      const text = formatDailySummary(summary)
      if (this.#options.sink !== undefined) {
        await this.#options.sink.appendAlert({
          ts,
          kind: 'daily_summary',
          severity: 'info',
          message: text,
          source: 'performance',
          details: JSON.parse(JSON.stringify(summary)),
          ...this.#options.context,
        })
      }
      this.emit('summary', summary, text)
    } catch (error) {
      if (this.listenerCount('error') > 0) this.emit('error', error, date)
      else console.error(`DailySummaryScheduler: the summary of ${date} failed`, error)
    }
  }

  /** Computes the summary of `date` from the source now (what the timer does at the close). */
  async summarize(date: TradingDate): Promise<DailySummary> {
    const trades: StatsTrade[] = []
    for await (const trade of this.#options.source.readTrades({
      ...this.#options.query,
      from: date,
      to: date,
    })) {
      trades.push(trade)
    }
    const startingEquity = await this.#options.startingEquity?.(date)
    return dailySummary({
      date,
      trades,
      ...(startingEquity === undefined ? {} : { startingEquity }),
      calendar: this.#calendar,
    })
  }
}
