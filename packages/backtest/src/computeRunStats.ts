import { fromNewYork, toNewYork } from '@tradeblocks/core'
import {
  type PerformanceStats,
  StatsAccumulator,
  type StatsOptions,
  type StatsTrade,
} from '@tradeblocks/performance'
import type { EquityCurve } from './EquityRecorder.js'

/**
 * Statistics of a run: the trades and the typed-array equity curve through performance's
 * `StatsAccumulator`, without an object per curve point.
 *
 * Only the points the statistics can depend on are passed: the first and the last, the last of each
 * New York date (daily and monthly series, Sharpe, Sortino, CAGR), every point at or above the running
 * peak (drawdown peaks and recoveries) and every point that deepens the largest drawdown so far, in
 * money or in percent (drawdown troughs). The running peak starts at the opening equity the accumulator
 * puts before the curve (`startingEquity`). The others change none of the results, so a million-bar
 * run passes a few thousand points. A curve out of time order or with a non-finite value is passed
 * whole, so the accumulator rejects it as before.
 *
 * @internal
 */
export function computeRunStats(
  trades: Iterable<StatsTrade>,
  curve: EquityCurve,
  options: StatsOptions,
): PerformanceStats {
  const accumulator = new StatsAccumulator(options)
  for (const trade of trades) accumulator.addTrade(trade)
  const point = { ts: 0, equity: 0 }
  const { ts, equity } = curve
  const n = ts.length
  if (!wellFormed(ts, equity)) {
    for (let i = 0; i < n; i++) {
      point.ts = ts[i] as number
      point.equity = equity[i] as number
      accumulator.addEquity(point)
    }
    return accumulator.result()
  }
  let peak = options.startingEquity ?? Number.NEGATIVE_INFINITY
  let deepest = 0
  let deepestPct = 0
  // End of the New York date of the current point (the first instant of the next date).
  let dayEnd = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number
    const e = equity[i] as number
    if (t >= dayEnd) {
      const { year, month, day } = toNewYork(t)
      dayEnd = fromNewYork(year, month, day + 1)
    }
    let keep = i === 0 || i === n - 1 || (ts[i + 1] as number) >= dayEnd
    if (e >= peak) {
      keep = true
      peak = e
    } else {
      const amount = peak - e
      if (amount > deepest) {
        deepest = amount
        keep = true
      }
      if (peak > 0 && amount / peak > deepestPct) {
        deepestPct = amount / peak
        keep = true
      }
    }
    if (!keep) continue
    point.ts = t
    point.equity = e
    accumulator.addEquity(point)
  }
  return accumulator.result()
}

/** True when every value is finite and the times never go back. */
function wellFormed(ts: Float64Array, equity: Float64Array): boolean {
  let previous = Number.NEGATIVE_INFINITY
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as number
    if (!(t >= previous && Number.isFinite(t) && Number.isFinite(equity[i] as number))) return false
    previous = t
  }
  return true
}
