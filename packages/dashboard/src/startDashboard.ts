import { type Clock, nyse, parse, SystemClock, type TradingCalendar } from '@tradeblocks/core'
import { createElement } from 'react'
import { z } from 'zod'
import { createDashboardState } from './createDashboardState.js'
import { createLineWriter } from './createLineWriter.js'
import { DashboardApp } from './DashboardApp.js'
import type {
  AlertSeverity,
  DashboardState,
  DashboardStateInput,
  DashboardUpdate,
  LogLevel,
} from './DashboardState.js'
import { DashboardStore } from './DashboardStore.js'
import type { LineFormat } from './formatDashboardEvent.js'

/**
 * Parameters of {@link startDashboard}.
 *
 * @example
 * ```ts
 * import { startDashboard, type StartDashboardParameters } from '@tradeblocks/dashboard'
 *
 * const parameters: StartDashboardParameters = {
 *   state: { title: 'momentum-bot', clock: { ts: clock.now(), mode: 'paper' } },
 *   onQuit: () => bot.shutdown(),
 *   onPauseToggle: (paused) => bot.setEntriesPaused(paused),
 *   onKill: () => breaker.kill('kill switch from the dashboard'),
 * }
 * const dashboard = await startDashboard(parameters)
 * ```
 */
export interface StartDashboardParameters {
  /** The first state; the clock is required, every other section may come later. */
  state: DashboardStateInput
  /** Where the dashboard (or the plain lines) go; `process.stdout` by default. */
  stdout?: NodeJS.WriteStream
  /** The keyboard; `process.stdin` by default. Keys work only when it is a terminal. */
  stdin?: NodeJS.ReadStream
  /**
   * Draw the live dashboard (`true`) or write plain lines (`false`). By default the dashboard is
   * drawn when `stdout` is a terminal, `TERM` is not `dumb` and no `CI` variable is set.
   */
  isTTY?: boolean
  /**
   * `q` (or Ctrl+C) was pressed. Called once; the dashboard then unmounts itself and gives the
   * terminal back. The bot should shut down (cancel orders, flatten if it wants, print its summary).
   */
  onQuit?: () => void
  /** `p` was pressed: `true` when new entries should pause, `false` when they may resume. Without it `p` is off. */
  onPauseToggle?: (paused: boolean) => void
  /**
   * `k` then `y` was pressed: trip the kill switch. A rejected promise or a throw is shown as a
   * critical alert. Without it `k` is off.
   */
  onKill?: () => void | Promise<void>
  /** Least wall time between two redraws, ms; 100 (10 frames a second) by default, at least 16. */
  refreshMs?: number
  /** Wall clock for the redraw throttle; a `SystemClock` by default. */
  clock?: Clock
  /** Gives the session phase; core's `nyse` by default. */
  calendar?: TradingCalendar
  /** Plain-line format when not drawing: `text` (default) or `json`. */
  lineFormat?: LineFormat
  /** Plain-line status period, ms of the bot's clock; a quarter hour by default, `0` for none. */
  heartbeatMs?: number
  /** Alerts kept (the screen shows the latest that fit); 50 by default. */
  maxAlerts?: number
  /** Log lines kept; 200 by default. */
  maxLogLines?: number
  /**
   * While the dashboard is drawn, route `console.log` and friends above it instead of letting them
   * tear the screen (ink's console patch); `true` by default.
   */
  patchConsole?: boolean
}

/**
 * A running dashboard: feed it state, log lines and alerts; stop it when the bot is done.
 *
 * @example
 * ```ts
 * import type { DashboardController } from '@tradeblocks/dashboard'
 *
 * function onFill(dashboard: DashboardController, symbol: string, price: number) {
 *   dashboard.log(`${symbol} filled at ${price}`)
 * }
 * ```
 */
export interface DashboardController {
  /** `ink` when drawing the live dashboard, `lines` when writing plain lines. */
  readonly renderer: 'ink' | 'lines'
  /** True while new entries are paused (by `p` or by an update). */
  readonly paused: boolean
  /** True once stopped, by {@link DashboardController.stop} or by the user quitting. */
  readonly stopped: boolean
  /** Resolves when the dashboard has stopped and released the terminal. */
  readonly exited: Promise<void>
  /**
   * Applies a change (see {@link DashboardUpdateSchema}: sections replace, the clock merges).
   * Redraws are throttled; plain lines are written at once. After the dashboard stopped (or the
   * user quit), changes still update {@link DashboardController.getState} (for the day's summary)
   * but nothing more is drawn or written.
   *
   * @throws ValidationError (from core) naming the bad field and its value.
   */
  update(update: DashboardUpdate): void
  /**
   * Adds a log line stamped with the bot's clock; `info` by default.
   *
   * @throws ValidationError (from core) when the level is unknown.
   */
  log(message: string, level?: LogLevel): void
  /**
   * Adds an alert stamped with the bot's clock; `warning` by default.
   *
   * @throws ValidationError (from core) when the severity is unknown.
   */
  alert(message: string, severity?: AlertSeverity): void
  /** The current state, including alerts and log lines. */
  getState(): DashboardState
  /**
   * Draws the last state (or writes the last lines and a stop line), unmounts and gives the
   * terminal back. Safe to call more than once and after the user quit.
   */
  stop(): Promise<void>
}

/**
 * The result of {@link startDashboard}.
 *
 * @example
 * ```ts
 * import type { StartDashboardReturnType } from '@tradeblocks/dashboard'
 *
 * const pending: StartDashboardReturnType = startDashboard({ state })
 * ```
 */
export type StartDashboardReturnType = Promise<DashboardController>

const OptionsSchema = z.object({
  refreshMs: z.number({ error: 'must be a finite number' }).min(16, { error: 'must be at least 16 ms' }),
  maxAlerts: z.number().int({ error: 'must be an integer' }).positive({ error: 'must be greater than 0' }),
  maxLogLines: z.number().int({ error: 'must be an integer' }).positive({ error: 'must be greater than 0' }),
})

function isCi(): boolean {
  const set = (name: string) => {
    const value = process.env[name]
    return value !== undefined && value !== '0' && value !== 'false'
  }
  return set('CI') || set('CONTINUOUS_INTEGRATION')
}

/**
 * Starts the live terminal dashboard of a bot, or plain log lines when stdout is not a terminal.
 *
 * On a terminal it draws, with ink, the session clock and phase, the watchlist with scanner
 * scores, open positions with unrealized P&L, stop, target and R, working orders, today's closed
 * trades, equity and drawdown, the circuit breaker, and the latest alerts and log lines, fitted
 * to the screen and redrawn at most every `refreshMs`, so an accelerated replay does not flood
 * the terminal. Keys: `q` quits (calls `onQuit` once and unmounts), `p` pauses or resumes new
 * entries (`onPauseToggle`), `k` asks "Trip kill switch? y/n" and `y` calls `onKill`.
 *
 * Elsewhere (CI, pipes, files) it writes one readable line per meaningful change and a periodic
 * status line (see {@link createLineWriter}); stdin is not touched, so the bot should handle
 * SIGINT itself.
 *
 * The bot maps its own engine, journal and breaker state into the {@link DashboardState} view
 * model with {@link DashboardController.update}.
 *
 * @throws ValidationError (from core) when the initial state or an option is invalid.
 *
 * @example
 * ```ts
 * import { formatDaySummary, startDashboard } from '@tradeblocks/dashboard'
 *
 * const dashboard = await startDashboard({
 *   state: { title: 'momentum-bot', clock: { ts: clock.now(), mode: 'replay', speed: 120 } },
 *   onQuit: () => controller.abort(),
 *   onPauseToggle: (paused) => engine.setEntriesPaused(paused),
 *   onKill: () => breaker.kill('dashboard'),
 * })
 * engine.on('tick', () => dashboard.update({ clock: { ts: clock.now() }, positions: toRows(engine.positions()) }))
 * // ... when the day is over:
 * await dashboard.stop()
 * console.log(formatDaySummary(dashboard.getState()))
 * ```
 */
export async function startDashboard(parameters: StartDashboardParameters): StartDashboardReturnType {
  const options = parse(
    OptionsSchema,
    {
      refreshMs: parameters.refreshMs ?? 100,
      maxAlerts: parameters.maxAlerts ?? 50,
      maxLogLines: parameters.maxLogLines ?? 200,
    },
    'dashboard options',
  )
  const state = createDashboardState(parameters.state)
  const stdout = parameters.stdout ?? process.stdout
  const stdin = parameters.stdin ?? process.stdin
  const calendar = parameters.calendar ?? nyse
  const drawing = parameters.isTTY ?? (stdout.isTTY === true && process.env.TERM !== 'dumb' && !isCi())

  const clock = parameters.clock ?? new SystemClock()
  const store = new DashboardStore({
    state,
    clock,
    refreshMs: options.refreshMs,
    keyboard: drawing && stdin.isTTY === true,
    onQuit: parameters.onQuit,
    onPauseToggle: parameters.onPauseToggle,
    onKill: parameters.onKill,
    maxAlerts: options.maxAlerts,
    maxLogLines: options.maxLogLines,
  })

  let stopped = false
  let finish: () => Promise<void>
  let exited: Promise<void>

  if (drawing) {
    const ink = await import('ink')
    const instance = ink.render(createElement(DashboardApp, { ink, store, calendar }), {
      stdout,
      stdin,
      exitOnCtrlC: false,
      patchConsole: parameters.patchConsole ?? true,
      // The store already limits redraws to one per refreshMs; ink's own cap only guards bursts of key feedback.
      maxFps: Math.max(30, Math.ceil(1000 / options.refreshMs)),
    })
    exited = instance.waitUntilExit().then(
      () => undefined,
      () => undefined,
    )
    exited.then(() => {
      stopped = true
      store.close()
    })
    finish = async () => {
      // The view unmounts itself once React has drawn the last state; if it cannot (a crashed
      // render), unmount it anyway after a moment.
      store.finish()
      const fallback = clock.setTimer(() => instance.unmount(), 1_000)
      await exited
      clock.clearTimer(fallback)
      store.close()
    }
  } else {
    const writer = createLineWriter({
      output: stdout,
      ...(parameters.lineFormat === undefined ? {} : { format: parameters.lineFormat }),
      ...(parameters.heartbeatMs === undefined ? {} : { heartbeatMs: parameters.heartbeatMs }),
      calendar,
    })
    writer.start(state)
    store.onChange((next) => writer.next(next))
    let resolveExited: () => void = () => {}
    exited = new Promise((resolve) => {
      resolveExited = resolve
    })
    finish = async () => {
      store.close()
      writer.stop(store.state)
      resolveExited()
    }
  }

  let stopping: Promise<void> | undefined
  return {
    renderer: drawing ? 'ink' : 'lines',
    get paused() {
      return store.state.paused
    },
    get stopped() {
      return stopped
    },
    exited,
    update: (update) => store.update(update),
    log: (message, level) => store.log(message, level),
    alert: (message, severity) => store.alert(message, severity),
    getState: () => store.state,
    stop() {
      stopping ??= finish().then(() => {
        stopped = true
      })
      return stopping
    },
  }
}
