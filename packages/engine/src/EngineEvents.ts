import type { BaseError, OrderUpdate } from '@tradeblocks/core'
import type { LogFields, LogLevel } from './Logger.js'
import type { ReconcileReport } from './reconcile.js'
import type { EngineFill, SessionEvent } from './Strategy.js'

/**
 * Something the order manager noticed that a trader must know about: an emulated exit pair that
 * filled on both legs, an update that could not be applied, an order the broker has that the engine
 * did not send.
 *
 * @example
 * ```ts
 * import type { OrderAnomaly } from '@tradeblocks/engine'
 *
 * const a: OrderAnomaly = { kind: 'overfill', clientOrderId: 'tb-sma-20260105-3', message: 'both exits filled', ts: 0 }
 * ```
 */
export interface OrderAnomaly {
  /**
   * - `overfill`: an emulated OCO/bracket's exits filled more than the position they protect.
   * - `stale_update`: an update older than what the manager knows (ignored; it never moves an order back).
   * - `illegal_transition`: the broker reported a status change the state machine does not allow (ignored).
   * - `unknown_order`: an update for an order this manager did not send (ignored).
   * - `unresolved_submit`: an ambiguous submit whose outcome is still unknown after every lookup.
   * - `emulation_failed`: a broker call of the emulation (an exit leg, a resize) failed.
   */
  kind:
    | 'overfill'
    | 'stale_update'
    | 'illegal_transition'
    | 'unknown_order'
    | 'unresolved_submit'
    | 'emulation_failed'
  /** The order concerned, when there is one. */
  clientOrderId?: string
  /** What happened, for humans. */
  message: string
  /** When it was noticed, epoch ms. */
  ts: number
}

/**
 * The market-data watchdog's report: no market event for `silentMs` during a session.
 *
 * @example
 * ```ts
 * import type { StaleEvent } from '@tradeblocks/engine'
 *
 * const s: StaleEvent = { silentMs: 60_000, lastEventAt: 0, ts: 60_000, resubscribing: true }
 * ```
 */
export interface StaleEvent {
  /** How long the stream has been silent, ms. */
  silentMs: number
  /** Clock time of the last event (or of the subscription) , epoch ms. */
  lastEventAt: number
  /** When the watchdog fired, epoch ms. */
  ts: number
  /** True when the runner is resubscribing. */
  resubscribing: boolean
}

/**
 * Events dropped or merged by the live runner's backlog policy while the strategy was busy.
 *
 * @example
 * ```ts
 * import type { DroppedEvent } from '@tradeblocks/engine'
 *
 * const d: DroppedEvent = { kind: 'quote', symbol: 'AAPL', count: 12, ts: 0 }
 * ```
 */
export interface DroppedEvent {
  /** `quote` (coalesced to the latest per symbol) or `print` (oldest dropped past the bound). */
  kind: 'quote' | 'print'
  symbol: string
  /** How many were dropped. */
  count: number
  ts: number
}

/**
 * One log line, as published on the bus.
 *
 * @example
 * ```ts
 * import type { LogEntry } from '@tradeblocks/engine'
 *
 * const e: LogEntry = { level: 'info', message: 'started', ts: 0 }
 * ```
 */
export interface LogEntry {
  level: LogLevel
  message: string
  fields?: LogFields
  ts: number
}

/**
 * The engine's event bus: what dashboards, journals, metrics and alerts subscribe to.
 *
 * @example
 * ```ts
 * import type { EngineEvents } from '@tradeblocks/engine'
 * import { TypedEmitter } from '@tradeblocks/core'
 *
 * const bus = new TypedEmitter<EngineEvents>()
 * bus.on('fill', ({ fill }) => console.log(fill.symbol, fill.qty, fill.price))
 * bus.on('stale', (s) => console.warn(`no data for ${s.silentMs} ms`))
 * ```
 */
export type EngineEvents = {
  /** Every order update the order manager applied, in order. */
  order: [update: OrderUpdate]
  /** Every new fill (deduplicated by fill id). */
  fill: [fill: EngineFill]
  /** A reconciliation finished (at start, or on demand). */
  reconcile: [report: ReconcileReport]
  /** Something about orders that needs attention. */
  anomaly: [anomaly: OrderAnomaly]
  /** A session boundary. */
  session: [session: SessionEvent]
  /** The market-data stream went silent. */
  stale: [stale: StaleEvent]
  /** The live runner resubscribed to market data. */
  resubscribed: [info: { attempt: number; ts: number }]
  /** Events dropped or merged under backlog. */
  dropped: [dropped: DroppedEvent]
  /** An error the run survived (a strategy error in `continue` mode, a broker error, a data error). */
  error: [error: BaseError]
  /** A log line (every logger call of the context). */
  log: [entry: LogEntry]
  /** The run stopped. */
  stop: [info: { reason: string; ts: number }]
}
