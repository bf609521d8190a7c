// The dashboard's model and keyboard logic, independent of ink: the controller and the ink view
// both talk to it, and tests drive it with a manual clock.
import { type Clock, parse, type TimerHandle } from '@tradeblocks/core'
import { z } from 'zod'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import {
  type AlertSeverity,
  AlertSeveritySchema,
  type DashboardState,
  type DashboardUpdate,
  type LogLevel,
  LogLevelSchema,
} from './DashboardState.js'
import type { DashboardUi } from './layoutDashboard.js'

/** What the view paints: the state and the keyboard's state at the last redraw. */
export interface DashboardSnapshot {
  state: DashboardState
  ui: DashboardUi
}

/** The callbacks the keys call. */
export interface DashboardHandlers {
  onQuit?: (() => void) | undefined
  onPauseToggle?: ((paused: boolean) => void) | undefined
  onKill?: (() => void | Promise<void>) | undefined
}

export interface DashboardStoreOptions extends DashboardHandlers {
  state: DashboardState
  /** Wall clock for the redraw throttle. */
  clock: Clock
  /** Least time between two redraws, ms. */
  refreshMs: number
  /** Whether a keyboard is attached (stdin is a terminal). */
  keyboard: boolean
  maxAlerts: number
  maxLogLines: number
}

/** The parts of ink's `Key` the store looks at. */
export interface KeyInfo {
  ctrl?: boolean
}

const MessageSchema = z.string({ error: 'must be a string' })

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export class DashboardStore {
  #state: DashboardState
  #ui: DashboardUi
  #snapshot: DashboardSnapshot
  readonly #options: DashboardStoreOptions
  readonly #redrawListeners = new Set<() => void>()
  readonly #changeListeners = new Set<(state: DashboardState) => void>()
  #timer: TimerHandle | undefined
  #lastRedraw = Number.NEGATIVE_INFINITY
  #nextAlertId = 1
  #nextLogId = 1
  #quitting = false
  #closed = false

  constructor(options: DashboardStoreOptions) {
    this.#options = options
    this.#state = options.state
    this.#ui = {
      confirmingKill: false,
      closing: false,
      notice: undefined,
      keys: options.keyboard
        ? { pause: options.onPauseToggle !== undefined, kill: options.onKill !== undefined }
        : undefined,
    }
    this.#snapshot = { state: this.#state, ui: this.#ui }
  }

  get state(): DashboardState {
    return this.#state
  }

  /** For `useSyncExternalStore`: called after each (throttled) redraw. */
  subscribe = (listener: () => void): (() => void) => {
    this.#redrawListeners.add(listener)
    return () => this.#redrawListeners.delete(listener)
  }

  getSnapshot = (): DashboardSnapshot => this.#snapshot

  /** Called on every state change, unthrottled, with the new state. */
  onChange(listener: (state: DashboardState) => void): () => void {
    this.#changeListeners.add(listener)
    return () => this.#changeListeners.delete(listener)
  }

  /** Applies an update. After `close` the state still changes (a summary reads it) but nothing is shown. */
  update(update: DashboardUpdate): void {
    this.#setState(applyDashboardUpdate(this.#state, update))
  }

  log(message: string, level: LogLevel = 'info'): void {
    const text = parse(MessageSchema, message, 'log message')
    const parsedLevel = parse(LogLevelSchema, level, 'log level')
    const line = { id: this.#nextLogId++, ts: this.#state.clock.ts, level: parsedLevel, message: text }
    this.#setState({ ...this.#state, logs: [...this.#state.logs, line].slice(-this.#options.maxLogLines) })
  }

  alert(message: string, severity: AlertSeverity = 'warning'): void {
    const text = parse(MessageSchema, message, 'alert message')
    const parsedSeverity = parse(AlertSeveritySchema, severity, 'alert severity')
    const alert = {
      id: this.#nextAlertId++,
      ts: this.#state.clock.ts,
      severity: parsedSeverity,
      message: text,
    }
    this.#setState({ ...this.#state, alerts: [...this.#state.alerts, alert].slice(-this.#options.maxAlerts) })
  }

  /** Handles one key press from the terminal. */
  handleKey(input: string, key: KeyInfo = {}): void {
    if (this.#closed || this.#quitting || this.#ui.keys === undefined) return
    const ctrlC = key.ctrl === true && input === 'c'
    if (this.#ui.confirmingKill && !ctrlC) {
      if (input === 'y' || input === 'Y') this.#kill()
      else this.#setUi({ confirmingKill: false, notice: { text: 'Kill switch canceled', tone: 'info' } })
      return
    }
    if (ctrlC || input === 'q' || input === 'Q') {
      this.quit()
      return
    }
    if (input === 'p' || input === 'P') {
      this.#togglePause()
      return
    }
    if (input === 'k' || input === 'K') {
      if (this.#options.onKill === undefined) {
        this.#setUi({ notice: { text: 'This bot has no kill switch', tone: 'warning' } })
      } else if (this.#state.breaker?.state === 'killed') {
        this.#setUi({ notice: { text: 'Kill switch already tripped', tone: 'danger' } })
      } else {
        this.#setUi({ confirmingKill: true, notice: undefined })
      }
    }
  }

  /**
   * Quits: calls `onQuit` once, then draws the quitting state, on which the view unmounts
   * (so the last frame says so).
   */
  quit(): void {
    if (this.#quitting || this.#closed) return
    this.#quitting = true
    try {
      this.#options.onQuit?.()
    } catch (error) {
      this.alert(`onQuit failed: ${describeError(error)}`, 'critical')
    }
    this.#setUi({ confirmingKill: false, closing: true, notice: { text: 'Quitting…', tone: 'info' } })
  }

  /** Draws the latest state one last time, marked closing, so the view unmounts after drawing it. */
  finish(): void {
    if (this.#closed) return
    this.#setUi({ confirmingKill: false, closing: true })
  }

  /** Redraws now, cancelling a pending throttled redraw. */
  redraw(): void {
    if (this.#closed) return
    if (this.#timer !== undefined) {
      this.#options.clock.clearTimer(this.#timer)
      this.#timer = undefined
    }
    this.#snapshot = { state: this.#state, ui: this.#ui }
    this.#lastRedraw = this.#options.clock.now()
    for (const listener of [...this.#redrawListeners]) listener()
  }

  /** Stops timers, redraws and change notifications; later changes still update the state. */
  close(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimer(this.#timer)
    this.#timer = undefined
    this.#closed = true
  }

  #togglePause(): void {
    const handler = this.#options.onPauseToggle
    if (handler === undefined) {
      this.#setUi({ notice: { text: 'This bot cannot pause entries', tone: 'warning' } })
      return
    }
    const paused = !this.#state.paused
    this.#state = { ...this.#state, paused }
    this.#setUi({ notice: { text: paused ? 'New entries paused' : 'New entries resumed', tone: 'warning' } })
    this.#emitChange()
    try {
      handler(paused)
    } catch (error) {
      // The bot did not take the change: show the old state and say why.
      this.#state = { ...this.#state, paused: !paused }
      this.alert(`Could not ${paused ? 'pause' : 'resume'} entries: ${describeError(error)}`, 'critical')
      this.#setUi({ notice: { text: `${paused ? 'Pause' : 'Resume'} failed`, tone: 'danger' } })
    }
  }

  #kill(): void {
    const handler = this.#options.onKill
    this.#setUi({ confirmingKill: false, notice: { text: 'Kill switch tripped', tone: 'danger' } })
    if (handler === undefined) return
    this.log('Kill switch tripped from the keyboard', 'warn')
    const failed = (error: unknown) => {
      this.alert(`Kill switch failed: ${describeError(error)}`, 'critical')
      this.#setUi({ notice: { text: 'Kill switch FAILED, see alerts', tone: 'danger' } })
    }
    try {
      const result = handler()
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        ;(result as Promise<void>).then(undefined, failed)
      }
    } catch (error) {
      failed(error)
    }
  }

  #setUi(change: Partial<DashboardUi>): void {
    this.#ui = { ...this.#ui, ...change }
    // Key feedback is drawn at once.
    this.redraw()
  }

  #setState(state: DashboardState): void {
    this.#state = state
    this.#emitChange()
    this.#schedule()
  }

  #emitChange(): void {
    if (this.#closed) return
    for (const listener of [...this.#changeListeners]) listener(this.#state)
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined) return
    const wait = this.#lastRedraw + this.#options.refreshMs - this.#options.clock.now()
    if (wait <= 0) {
      this.redraw()
      return
    }
    this.#timer = this.#options.clock.setTimer(() => {
      this.#timer = undefined
      this.redraw()
    }, wait)
  }
}
