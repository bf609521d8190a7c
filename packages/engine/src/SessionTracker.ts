import type { TradingCalendar } from '@tradeblocks/core'
import { tradingDateOf } from '@tradeblocks/core'
import type { SessionEvent } from './Strategy.js'

/**
 * Which session boundaries the runners deliver: `regular` (09:30-16:00, the default), `extended`
 * (04:00-20:00) or `none`.
 *
 * @example
 * ```ts
 * import type { SessionMode } from '@tradeblocks/engine'
 *
 * const mode: SessionMode = 'regular'
 * ```
 */
export type SessionMode = 'regular' | 'extended' | 'none'

/**
 * Turns time into session boundaries for the runners. Both runners use it the same way, so the
 * boundaries land at the same place relative to market events: boundaries strictly before an
 * event's time are delivered before the event, boundaries at or before it right after it.
 *
 * @internal
 */
export class SessionTracker {
  readonly #calendar: TradingCalendar
  readonly #mode: SessionMode
  /** The next boundary not yet delivered; Infinity when none (mode `none`). */
  next = Number.POSITIVE_INFINITY
  #nextKind: 'open' | 'close' = 'open'
  #nextDate = ''
  #nextEarly = false
  #closeOf: { date: string; end: number; early: boolean } | undefined

  constructor(calendar: TradingCalendar, mode: SessionMode) {
    this.#calendar = calendar
    this.#mode = mode
  }

  /** Starts at `t0`; returns the open of a session already under way at `t0`, if any. */
  start(t0: number): SessionEvent[] {
    if (this.#mode === 'none') return []
    const date = tradingDateOf(t0)
    const day = this.#calendar.schedule(date)
    if (day !== undefined) {
      const window =
        this.#mode === 'regular' ? day.regular : { start: day.premarket.start, end: day.afterhours.end }
      if (t0 >= window.start && t0 < window.end) {
        this.#set('close', window.end, date, day.earlyClose)
        return [{ kind: 'open', date, ts: window.start, earlyClose: day.earlyClose }]
      }
    }
    this.#setNextOpen(t0)
    return []
  }

  /** Boundaries up to `t` (`inclusive`: at `t` too) not yet delivered, in order. */
  advance(t: number, inclusive: boolean, out: SessionEvent[]): void {
    while (inclusive ? this.next <= t : this.next < t) {
      const event: SessionEvent = {
        kind: this.#nextKind,
        date: this.#nextDate,
        ts: this.next,
        earlyClose: this.#nextEarly,
      }
      out.push(event)
      if (event.kind === 'open') {
        const known = this.#closeOf
        if (known !== undefined && known.date === event.date) {
          this.#set('close', known.end, event.date, known.early)
        } else {
          const day = this.#calendar.schedule(event.date)
          const end =
            day === undefined ? event.ts : this.#mode === 'regular' ? day.regular.end : day.afterhours.end
          this.#set('close', end, event.date, day?.earlyClose ?? false)
        }
      } else {
        this.#setNextOpen(event.ts)
      }
    }
  }

  #set(kind: 'open' | 'close', ts: number, date: string, early: boolean): void {
    this.#nextKind = kind
    this.next = ts
    this.#nextDate = date
    this.#nextEarly = early
  }

  #setNextOpen(after: number): void {
    if (this.#mode === 'regular') {
      const open = this.#calendar.nextOpen(after)
      const date = tradingDateOf(open)
      const day = this.#calendar.schedule(date)
      this.#set('open', open, date, day?.earlyClose ?? false)
      // The close that follows, computed once with the open.
      this.#closeOf = day === undefined ? undefined : { date, end: day.regular.end, early: day.earlyClose }
      return
    }
    let date = tradingDateOf(after)
    for (let i = 0; i < 40; i++) {
      const day = this.#calendar.schedule(date)
      if (day !== undefined && day.premarket.start > after) {
        this.#set('open', day.premarket.start, date, day.earlyClose)
        return
      }
      date = this.#calendar.nextTradingDay(date)
    }
    this.next = Number.POSITIVE_INFINITY
  }
}
