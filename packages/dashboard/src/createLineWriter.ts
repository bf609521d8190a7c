import { nyse, type TradingCalendar, ValidationError } from '@tradeblocks/core'
import type { DashboardState } from './DashboardState.js'
import { type DashboardEvent, diffDashboardStates } from './diffDashboardStates.js'
import { formatDashboardEvent, type LineFormat } from './formatDashboardEvent.js'

/**
 * Parameters of {@link createLineWriter}.
 *
 * @example
 * ```ts
 * import { createLineWriter, type CreateLineWriterParameters } from '@tradeblocks/dashboard'
 *
 * const parameters: CreateLineWriterParameters = { output: process.stderr, format: 'json' }
 * const writer = createLineWriter(parameters)
 * ```
 */
export interface CreateLineWriterParameters {
  /** Where lines go, each ending in `\n`: a stream such as `process.stdout`, or any object with `write`. */
  output: { write(chunk: string): unknown }
  /** `text` (the default) or `json`; see {@link LineFormat}. */
  format?: LineFormat
  /**
   * Period of the status line, in ms of the bot's clock (not wall time, so a replay at any speed
   * prints the same lines). A status line is printed when the clock enters a new period, aligned
   * to multiples of the period (every quarter hour by default). `0` turns it off.
   */
  heartbeatMs?: number
  /** Gives the session phase; core's `nyse` by default. */
  calendar?: TradingCalendar
}

/**
 * A writer of plain lines: {@link startDashboard} uses one when stdout is not a terminal.
 *
 * @example
 * ```ts
 * import { createLineWriter, createDashboardState, type LineWriter } from '@tradeblocks/dashboard'
 *
 * const writer: LineWriter = createLineWriter({ output: process.stdout })
 * writer.start(createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 9), mode: 'backtest' } }))
 * ```
 */
export interface LineWriter {
  /** Prints the start line and remembers `state` as the baseline. */
  start(state: DashboardState): void
  /** Prints one line per change since the last state (see {@link diffDashboardStates}), then a status line when due. */
  next(state: DashboardState): void
  /** Prints the changes since the last state and the stop line with the final figures. Later calls do nothing. */
  stop(state: DashboardState): void
}

/**
 * The result of {@link createLineWriter}.
 *
 * @example
 * ```ts
 * import type { CreateLineWriterReturnType } from '@tradeblocks/dashboard'
 *
 * let writer: CreateLineWriterReturnType | undefined
 * ```
 */
export type CreateLineWriterReturnType = LineWriter

const QUARTER_HOUR = 15 * 60_000

/**
 * Creates the plain-line output for logs, CI and pipes: one readable line per meaningful change
 * (order submitted, filled or canceled, position opened or closed, trade closed, breaker tripped,
 * session phase, alert, log line) and a periodic status line with equity and P&L. Lines carry the
 * bot's New York time and never contain escape sequences.
 *
 * @throws ValidationError (from core) when `heartbeatMs` is negative or not finite.
 *
 * @example
 * ```ts
 * import { applyDashboardUpdate, createDashboardState, createLineWriter } from '@tradeblocks/dashboard'
 *
 * const writer = createLineWriter({ output: process.stdout })
 * let state = createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 14, 30), mode: 'paper' } })
 * writer.start(state)
 * state = applyDashboardUpdate(state, { paused: true })
 * writer.next(state) // prints '2026-01-05 09:30:00 ET PAUSE    new entries paused'
 * writer.stop(state)
 * ```
 */
export function createLineWriter({
  output,
  format = 'text',
  heartbeatMs = QUARTER_HOUR,
  calendar = nyse,
}: CreateLineWriterParameters): CreateLineWriterReturnType {
  if (!Number.isFinite(heartbeatMs) || heartbeatMs < 0) {
    throw new ValidationError('line writer parameters', [
      {
        path: 'heartbeatMs',
        message: `heartbeatMs must be a non-negative finite number (got ${heartbeatMs})`,
        value: heartbeatMs,
      },
    ])
  }
  let last: DashboardState | undefined
  let lastPeriod = 0
  let stopped = false

  const emit = (event: DashboardEvent) => {
    output.write(`${formatDashboardEvent({ event, format, calendar })}\n`)
  }
  const period = (ts: number) => (heartbeatMs === 0 ? 0 : Math.floor(ts / heartbeatMs))
  const changes = (state: DashboardState) => {
    if (last !== undefined)
      for (const event of diffDashboardStates({ previous: last, next: state, calendar })) emit(event)
    last = state
  }

  return {
    start(state) {
      if (last !== undefined || stopped) return
      last = state
      lastPeriod = period(state.clock.ts)
      emit({ kind: 'start', ts: state.clock.ts, state })
    },
    next(state) {
      if (stopped) return
      if (last === undefined) {
        this.start(state)
        return
      }
      changes(state)
      const now = period(state.clock.ts)
      if (heartbeatMs > 0 && now > lastPeriod) {
        lastPeriod = now
        emit({ kind: 'heartbeat', ts: state.clock.ts, state })
      }
    },
    stop(state) {
      if (stopped) return
      if (last === undefined) this.start(state)
      else changes(state)
      stopped = true
      emit({ kind: 'stop', ts: state.clock.ts, state })
    },
  }
}
