// A seeded generator of premarket snapshots for the scanner and ranker tests and the benchmark.
import { mulberry32 } from '@tradeblocks/test-utils'
import type { PremarketSnapshot } from '../src/index.js'

const cents = (x: number) => Math.round(x * 100) / 100

export interface GenerateSnapshotsOptions {
  seed: number
  count: number
  /** Share of snapshots with bad data (missing prevClose, NaN price, negative volume, ...). Default 0.05. */
  badShare?: number
  /** Share of snapshots repeated later in the list. Default 0.01. */
  duplicateShare?: number
}

/**
 * `count` snapshots (symbols `S0001`...): prices from $0.50 to $80, gaps from −10% to +60%, relative
 * volume from 0.2× to 15×, a float for 70% of them, a premarket open for 80%. Bad ones are returned as
 * `unknown` values typed as snapshots, as a vendor's data would be.
 */
export function generateSnapshots(options: GenerateSnapshotsOptions): PremarketSnapshot[] {
  const random = mulberry32(options.seed)
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random()
  const badShare = options.badShare ?? 0.05
  const duplicateShare = options.duplicateShare ?? 0.01
  const out: PremarketSnapshot[] = []
  let bad = 0
  for (let i = 0; i < options.count; i++) {
    const symbol = `S${String(i + 1).padStart(4, '0')}`
    const prevClose = cents(Math.exp(uniform(Math.log(0.5), Math.log(80))))
    const gapPct = uniform(-10, 60)
    const lastPrice = Math.max(0.01, cents(prevClose * (1 + gapPct / 100)))
    const avgPremarketVolume = Math.round(uniform(5_000, 500_000))
    const rvol = Math.exp(uniform(Math.log(0.2), Math.log(15)))
    const premarketVolume = Math.round(avgPremarketVolume * rvol)
    const avgDailyVolume = Math.round(uniform(200_000, 20_000_000))
    const snapshot: PremarketSnapshot = {
      symbol,
      prevClose,
      lastPrice,
      premarketVolume,
      avgDailyVolume,
      avgPremarketVolume,
    }
    if (random() < 0.7) snapshot.float = Math.round(uniform(1_000_000, 200_000_000))
    if (random() < 0.8) snapshot.open = cents(prevClose * (1 + (gapPct / 100) * uniform(0.5, 1.1)))
    if (random() < badShare) {
      const broken = { ...snapshot } as Record<string, unknown>
      const kind = bad++ % 6
      if (kind === 0) delete broken.prevClose
      else if (kind === 1) broken.lastPrice = Number.NaN
      else if (kind === 2) broken.premarketVolume = -Math.round(uniform(1, 10_000))
      else if (kind === 3) broken.lastPrice = String(lastPrice)
      else if (kind === 4) broken.prevClose = 0
      else broken.avgPremarketVolume = Number.POSITIVE_INFINITY
      out.push(broken as unknown as PremarketSnapshot)
    } else out.push(snapshot)
    if (random() < duplicateShare) out.push({ ...snapshot, lastPrice: cents(snapshot.lastPrice * 1.01) })
  }
  return out
}
