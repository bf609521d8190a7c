import type { Clock, TimerHandle } from '@tradeblocks/core'

/**
 * A clock that forwards to another one bound later. `runBacktest` owns its simulated clock; the bot's
 * circuit breaker is built before the run starts, so it reads time through this and the strategy binds
 * the runner's clock in `onStart`.
 */
export class LateBoundClock implements Clock {
  #inner: Clock | undefined
  readonly #fallback: number

  constructor(fallbackMs: number) {
    this.#fallback = fallbackMs
  }

  bind(clock: Clock): void {
    this.#inner = clock
  }

  #clock(): Clock {
    if (this.#inner === undefined) throw new Error('LateBoundClock used for timers before it was bound')
    return this.#inner
  }

  now(): number {
    return this.#inner?.now() ?? this.#fallback
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    return this.#clock().setTimer(callback, delayMs)
  }

  clearTimer(handle: TimerHandle): void {
    this.#inner?.clearTimer(handle)
  }

  sleep(delayMs: number): Promise<void> {
    return this.#clock().sleep(delayMs)
  }
}
