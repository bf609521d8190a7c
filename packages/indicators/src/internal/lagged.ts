import { badInput } from './validate.js'

/**
 * A streaming indicator whose value depends on the input and the input `period` steps back
 * (momentum, rate of change). Holds a ring of the last `period` inputs.
 */
export class LagState {
  readonly period: number
  private readonly buf: Float64Array
  private pos = 0
  n = 0
  private sSlot = 0

  constructor(period: number) {
    this.period = period
    this.buf = new Float64Array(period)
  }

  check(value: number): void {
    if (typeof value !== 'number' || value - value !== 0) throw badInput('value', this.n, value)
  }

  /**
   * Undoes the last `push` (at least one push must have happened): the ring position and count step
   * back and the overwritten slot gets its old value, which `push` kept.
   */
  restore(): void {
    const pos = this.pos === 0 ? this.period - 1 : this.pos - 1
    this.pos = pos
    this.n--
    this.buf[pos] = this.sSlot
  }

  /** Stores `x` and returns the input `period` steps back, or NaN when there is none yet. */
  push(x: number): number {
    const pos = this.pos
    const old = this.buf[pos]!
    this.sSlot = old
    this.buf[pos] = x
    this.pos = pos + 1 === this.period ? 0 : pos + 1
    return ++this.n > this.period ? old : Number.NaN
  }

  reset(): void {
    this.buf.fill(0)
    this.pos = 0
    this.n = 0
  }
}
