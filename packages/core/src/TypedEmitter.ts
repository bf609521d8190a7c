import { EventEmitter } from 'eventemitter3'

type Listener = (...args: unknown[]) => void

/**
 * A map from event name to the tuple of arguments its listeners receive.
 *
 * @example
 * ```ts
 * import type { EventMap } from '@tradeblocks/core'
 *
 * interface BreakerEvents extends EventMap {
 *   tripped: [rule: string, ts: number]
 *   reset: [ts: number]
 * }
 * ```
 */
export type EventMap = { [event: string]: unknown[] }

/**
 * Options of {@link TypedEmitter}.
 *
 * @example
 * ```ts
 * import { TypedEmitter, type TypedEmitterOptions } from '@tradeblocks/core'
 *
 * const options: TypedEmitterOptions = { onListenerError: (error, event) => console.error(event, error) }
 * ```
 */
export interface TypedEmitterOptions {
  /**
   * Called when a listener throws. When set, a throwing listener no longer stops the others or
   * the emitter's owner (an engine must not die because a dashboard listener failed). When unset,
   * the error propagates out of `emit` as in any EventEmitter.
   */
  onListenerError?: (error: unknown, event: string) => void
}

/**
 * A typed event emitter on eventemitter3: `on`, `once`, `off` and `emit` check event names and
 * argument types against an {@link EventMap}.
 *
 * @example
 * ```ts
 * import { TypedEmitter } from '@tradeblocks/core'
 *
 * const events = new TypedEmitter<{ fill: [symbol: string, qty: number] }>()
 * events.on('fill', (symbol, qty) => console.log(symbol, qty))
 * events.emit('fill', 'AAPL', 100)
 * ```
 */
export class TypedEmitter<Events extends EventMap> {
  readonly #emitter = new EventEmitter()
  readonly #onListenerError: ((error: unknown, event: string) => void) | undefined
  readonly #wrappers = new Map<string, Map<Listener, Listener>>()

  constructor(options: TypedEmitterOptions = {}) {
    this.#onListenerError = options.onListenerError
  }

  #wrap(event: string, listener: Listener): Listener {
    const handler = this.#onListenerError
    if (handler === undefined) return listener
    let perEvent = this.#wrappers.get(event)
    if (perEvent === undefined) {
      perEvent = new Map()
      this.#wrappers.set(event, perEvent)
    }
    let wrapped = perEvent.get(listener)
    if (wrapped === undefined) {
      wrapped = (...args: unknown[]) => {
        try {
          listener(...args)
        } catch (error) {
          handler(error, event)
        }
      }
      perEvent.set(listener, wrapped)
    }
    return wrapped
  }

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): () => void {
    this.#emitter.on(event, this.#wrap(event, listener as Listener))
    return () => this.off(event, listener)
  }

  /** Adds a listener that runs at most once; returns a function that removes it. */
  once<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): () => void {
    this.#emitter.once(event, this.#wrap(event, listener as Listener))
    return () => this.off(event, listener)
  }

  /** Removes a listener. */
  off<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): void {
    const wrapped = this.#wrappers.get(event)?.get(listener as Listener)
    this.#emitter.off(event, wrapped ?? (listener as Listener))
  }

  /** Calls every listener of `event` in order; returns true when there was at least one. */
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): boolean {
    return this.#emitter.emit(event, ...args)
  }

  /** Number of listeners of `event`. */
  listenerCount<E extends keyof Events & string>(event: E): number {
    return this.#emitter.listenerCount(event)
  }

  /** Removes all listeners, of one event or of all. */
  removeAllListeners<E extends keyof Events & string>(event?: E): void {
    if (event === undefined) {
      this.#emitter.removeAllListeners()
      this.#wrappers.clear()
    } else {
      this.#emitter.removeAllListeners(event)
      this.#wrappers.delete(event)
    }
  }
}
