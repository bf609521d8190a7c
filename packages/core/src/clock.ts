import { ValidationError } from './errors.js'
import type { Clock, TimerHandle } from './ports/Clock.js'

function checkDelay(delayMs: number): number {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new ValidationError('timer delay', [
      {
        path: 'delayMs',
        message: `delayMs must be a non-negative finite number (got ${delayMs})`,
        value: delayMs,
      },
    ])
  }
  return delayMs
}

/**
 * The real clock: `Date.now()` and the runtime's timers.
 *
 * @example
 * ```ts
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const clock = new SystemClock()
 * await clock.sleep(100)
 * console.log(new Date(clock.now()).toISOString())
 * ```
 */
export class SystemClock implements Clock {
  #nextId = 1
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>()

  now(): number {
    return Date.now()
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++
    const timer = setTimeout(() => {
      this.#timers.delete(id)
      callback()
    }, checkDelay(delayMs))
    this.#timers.set(id, timer)
    return { id }
  }

  clearTimer(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id)
    if (timer !== undefined) clearTimeout(timer)
    this.#timers.delete(handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, delayMs))
  }
}

interface ManualTimer {
  id: number
  due: number
  callback: () => void
}

/**
 * A clock that moves only when told: `set(ts)` or `advance(ms)`. Timers due on the way fire in time
 * order, each with `now()` equal to its due time. Use it for backtests and tests.
 *
 * Time never goes backwards: `set` to an earlier time throws.
 *
 * @example
 * ```ts
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const clock = new ManualClock(Date.UTC(2026, 0, 2, 14, 30))
 * clock.setTimer(() => console.log('one minute later'), 60_000)
 * clock.advance(60_000) // prints, with clock.now() at the due time
 * ```
 */
export class ManualClock implements Clock {
  #now: number
  #nextId = 1
  #timers: ManualTimer[] = []

  constructor(startMs = 0) {
    if (!Number.isInteger(startMs) || startMs < 0) {
      throw new ValidationError('manual clock', [
        {
          path: 'startMs',
          message: `startMs must be a non-negative integer (got ${startMs})`,
          value: startMs,
        },
      ])
    }
    this.#now = startMs
  }

  now(): number {
    return this.#now
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++
    const timer: ManualTimer = { id, due: this.#now + checkDelay(delayMs), callback }
    // Keep timers sorted by due time, ties in creation order.
    let i = this.#timers.length
    while (i > 0 && (this.#timers[i - 1] as ManualTimer).due > timer.due) i--
    this.#timers.splice(i, 0, timer)
    return { id }
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, delayMs))
  }

  /**
   * Moves time to `ts`, firing every timer due at or before it in order.
   *
   * @throws ValidationError when `ts` is earlier than now or not an integer.
   */
  set(ts: number): void {
    if (!Number.isInteger(ts) || ts < this.#now) {
      throw new ValidationError('manual clock', [
        { path: 'ts', message: `ts must be an integer not before now ${this.#now} (got ${ts})`, value: ts },
      ])
    }
    for (;;) {
      const next = this.#timers[0]
      if (next === undefined || next.due > ts) break
      this.#timers.shift()
      this.#now = next.due
      next.callback()
    }
    this.#now = ts
  }

  /** Moves time forward by `ms`, firing due timers. */
  advance(ms: number): void {
    this.set(this.#now + checkDelay(ms))
  }
}
