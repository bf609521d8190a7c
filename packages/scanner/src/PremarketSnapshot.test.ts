import type { Snapshot } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { toPremarketSnapshot } from './PremarketSnapshot.js'
import { scanPremarket } from './scanPremarket.js'

describe('toPremarketSnapshot', () => {
  const snapshot: Snapshot = {
    symbol: 'ABCD',
    ts: Date.UTC(2026, 0, 6, 14, 0),
    prevClose: 4,
    lastPrice: 5,
    volume: 600_000,
  }

  it('maps core snapshots and the missing fields', () => {
    expect(
      toPremarketSnapshot(snapshot, { avgDailyVolume: 2e6, float: 5e6, avgPremarketVolume: 1e5 }),
    ).toEqual({
      symbol: 'ABCD',
      ts: snapshot.ts,
      prevClose: 4,
      lastPrice: 5,
      premarketVolume: 600_000,
      avgDailyVolume: 2e6,
      float: 5e6,
      avgPremarketVolume: 1e5,
    })
  })

  it("takes the open from the snapshot's daily bar", () => {
    const withBar: Snapshot = {
      ...snapshot,
      dailyBar: {
        symbol: 'ABCD',
        timeframe: '1d',
        ts: snapshot.ts,
        open: 4.5,
        high: 5.1,
        low: 4.4,
        close: 5,
        volume: 6e5,
      },
    }
    expect(toPremarketSnapshot(withBar, { avgDailyVolume: 2e6 }).open).toBe(4.5)
    expect(toPremarketSnapshot(withBar, { avgDailyVolume: 2e6, open: 4.2 }).open).toBe(4.2)
  })

  it('feeds the scanner', () => {
    const { passed } = scanPremarket([
      toPremarketSnapshot(snapshot, { avgDailyVolume: 2e6, avgPremarketVolume: 1e5 }),
    ])
    expect(passed.map((c) => [c.symbol, c.gapPct, c.relativeVolume])).toEqual([['ABCD', 25, 6]])
  })
})
