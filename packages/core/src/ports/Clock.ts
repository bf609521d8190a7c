/**
 * A handle returned by {@link Clock.setTimer}; pass it to {@link Clock.clearTimer}.
 *
 * @example
 * ```ts
 * import type { TimerHandle } from '@tradeblocks/core'
 *
 * const handle: TimerHandle = clock.setTimer(() => console.log('tick'), 1_000)
 * ```
 */
export interface TimerHandle {
  /** A unique id for the timer. */
  readonly id: number
}

/**
 * The source of time. Code never calls `Date.now()` or `setTimeout` directly: it asks a clock, so a
 * backtest can run a day in milliseconds and a test can jump across a DST change.
 *
 * @example
 * ```ts
 * import type { Clock } from '@tradeblocks/core'
 *
 * async function waitUntil(clock: Clock, ts: number) {
 *   await clock.sleep(Math.max(0, ts - clock.now()))
 * }
 * ```
 */
export interface Clock {
  /** The current time, epoch milliseconds (UTC). */
  now(): number
  /** Calls `callback` once after `delayMs` of this clock's time. */
  setTimer(callback: () => void, delayMs: number): TimerHandle
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimer(handle: TimerHandle): void
  /** Resolves after `delayMs` of this clock's time. */
  sleep(delayMs: number): Promise<void>
}
