import type { BreakerState } from './BreakerState.js'
import type { BreakerStore } from './BreakerStore.js'

/**
 * A {@link BreakerStore} in memory, for tests and backtests. It keeps a serialized copy, so the state it
 * returns is never the object the breaker holds, exactly like a file. Seed it with any value (even
 * garbage) to test start-up.
 *
 * @example
 * ```ts
 * import { MemoryBreakerStore, TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
 *
 * const store = new MemoryBreakerStore()
 * const breaker = await TradingCircuitBreaker.create({ store, config: { maxConsecutiveLosses: 3 } })
 * ```
 */
export class MemoryBreakerStore implements BreakerStore {
  #text: string | undefined
  #saves = 0

  /** @param initial - A value to return from the first `load` (as if it had been saved). */
  constructor(initial?: unknown) {
    this.#text = initial === undefined ? undefined : JSON.stringify(initial)
  }

  /**
   * The saved state (a fresh copy), or `undefined`.
   *
   * @example
   * ```ts
   * const state = await store.load()
   * ```
   */
  async load(): Promise<unknown> {
    return this.#text === undefined ? undefined : (JSON.parse(this.#text) as unknown)
  }

  /**
   * Replaces the saved state.
   *
   * @example
   * ```ts
   * await store.save(state)
   * ```
   */
  async save(state: BreakerState): Promise<void> {
    this.#text = JSON.stringify(state)
    this.#saves++
  }

  /** How many times `save` ran. */
  get saves(): number {
    return this.#saves
  }
}
