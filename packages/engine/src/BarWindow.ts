import type { Bar } from '@tradeblocks/core'

/**
 * A fixed-capacity ring buffer of the latest bars of one symbol and timeframe. Pushing is O(1) and
 * allocates nothing; reading by index from the newest (`ago(0)`) or the oldest (`at(0)`) too.
 *
 * @example
 * ```ts
 * import { BarWindow } from '@tradeblocks/engine'
 *
 * const w = new BarWindow(3)
 * for (const close of [10, 11, 12, 13]) w.push({ symbol: 'AAPL', timeframe: '1m', ts: close, open: close,
 *   high: close, low: close, close, volume: 1 })
 * w.length // 3
 * w.ago(0)?.close // 13
 * w.toArray().map((b) => b.close) // [11, 12, 13]
 * ```
 */
export class BarWindow {
  /** Most bars the window keeps. */
  readonly capacity: number
  readonly #items: (Bar | undefined)[]
  #start = 0
  #length = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer (got ${capacity})`)
    this.capacity = capacity
    this.#items = new Array<Bar | undefined>(capacity)
  }

  /** Bars held now (at most `capacity`). */
  get length(): number {
    return this.#length
  }

  /** Appends a bar, dropping the oldest when full. */
  push(bar: Bar): void {
    if (this.#length < this.capacity) {
      this.#items[(this.#start + this.#length) % this.capacity] = bar
      this.#length++
    } else {
      this.#items[this.#start] = bar
      this.#start = (this.#start + 1) % this.capacity
    }
  }

  /** Replaces the newest bar (an update of a bar still forming); pushes when empty. */
  replaceLast(bar: Bar): void {
    if (this.#length === 0) {
      this.push(bar)
      return
    }
    this.#items[(this.#start + this.#length - 1) % this.capacity] = bar
  }

  /** The bar `i` places from the oldest (0 = oldest), or `undefined` out of range. */
  at(i: number): Bar | undefined {
    if (i < 0 || i >= this.#length) return undefined
    return this.#items[(this.#start + i) % this.capacity]
  }

  /** The bar `n` places back from the newest (0 = newest), or `undefined` out of range. */
  ago(n: number): Bar | undefined {
    return this.at(this.#length - 1 - n)
  }

  /** The newest bar. */
  last(): Bar | undefined {
    return this.ago(0)
  }

  /** The last `n` bars (all by default), oldest first, as a new array. */
  toArray(n = this.#length): Bar[] {
    const count = Math.max(0, Math.min(n, this.#length))
    const out = new Array<Bar>(count)
    const offset = this.#length - count
    for (let i = 0; i < count; i++) out[i] = this.#items[(this.#start + offset + i) % this.capacity] as Bar
    return out
  }
}
