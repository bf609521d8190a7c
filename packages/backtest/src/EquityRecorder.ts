/**
 * An equity curve in typed arrays (8 bytes per value, no object per point, so a million-bar run costs
 * 16 MB): `ts[i]` is the sample's time (epoch ms; a bar's end) and `equity[i]` the account equity
 * (cash plus positions at their last price) after that bar was handled.
 *
 * @example
 * ```ts
 * import type { EquityCurve } from '@tradeblocks/backtest'
 *
 * function lowest(curve: EquityCurve): number {
 *   let min = Number.POSITIVE_INFINITY
 *   for (const value of curve.equity) min = Math.min(min, value)
 *   return min
 * }
 * ```
 */
export interface EquityCurve {
  ts: Float64Array
  equity: Float64Array
}

/** Appends samples to growing typed arrays; one sample per distinct time (a later sample at the same time replaces the earlier). */
export class EquityRecorder {
  #ts: Float64Array
  #equity: Float64Array
  #length = 0

  constructor(capacity = 1024) {
    this.#ts = new Float64Array(Math.max(16, capacity))
    this.#equity = new Float64Array(Math.max(16, capacity))
  }

  get length(): number {
    return this.#length
  }

  record(ts: number, equity: number): void {
    const last = this.#length - 1
    if (last >= 0 && this.#ts[last] === ts) {
      this.#equity[last] = equity
      return
    }
    if (this.#length === this.#ts.length) {
      const ts2 = new Float64Array(this.#ts.length * 2)
      ts2.set(this.#ts)
      this.#ts = ts2
      const eq2 = new Float64Array(this.#equity.length * 2)
      eq2.set(this.#equity)
      this.#equity = eq2
    }
    this.#ts[this.#length] = ts
    this.#equity[this.#length] = equity
    this.#length++
  }

  /**
   * The curve, trimmed to its length: views of the recorder's arrays when little capacity is spare
   * (no copy at the end of a long run), copies otherwise (so the spare capacity is released).
   */
  curve(): EquityCurve {
    const n = this.#length
    if (n >= this.#ts.length * 0.75)
      return { ts: this.#ts.subarray(0, n), equity: this.#equity.subarray(0, n) }
    return { ts: this.#ts.slice(0, n), equity: this.#equity.slice(0, n) }
  }
}
