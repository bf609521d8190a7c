import type { BreakerState } from './BreakerState.js'

/**
 * Where a trading circuit breaker keeps its state across restarts. Two methods: `load` returns what was
 * saved (or `undefined` when nothing was ever saved) and throws when it cannot read it; `save` replaces it
 * durably. The breaker validates what `load` returns and starts halted when it is unreadable.
 *
 * Implementations: {@link FileBreakerStore} (the default: atomic write, fsync) and
 * {@link MemoryBreakerStore} (tests, backtests).
 *
 * @example
 * ```ts
 * import type { BreakerState, BreakerStore } from '@tradeblocks/circuit-breaker'
 *
 * // A store on Redis (any key-value store with durable writes works the same way).
 * function redisStore(redis: { get(k: string): Promise<string | null>; set(k: string, v: string): Promise<unknown> }): BreakerStore {
 *   return {
 *     async load() {
 *       const text = await redis.get('breaker')
 *       return text === null ? undefined : JSON.parse(text)
 *     },
 *     async save(state: BreakerState) {
 *       await redis.set('breaker', JSON.stringify(state))
 *     },
 *   }
 * }
 * ```
 */
export interface BreakerStore {
  /** The saved state, or `undefined` when there is none yet. Throws when the state exists but cannot be read. */
  load(): Promise<unknown>
  /** Replaces the saved state durably; resolves once it would survive a crash. */
  save(state: BreakerState): Promise<void>
}
