import type { Snapshot } from '@tradeblocks/core'

/**
 * What the premarket scanner reads about one stock. Vendors' snapshots map onto it (see
 * {@link toPremarketSnapshot} for core's `Snapshot`).
 *
 * Fields are checked at run time too: a snapshot with a missing, non-finite or negative value is rejected
 * with a reason naming the field, never passed and never allowed to stop the scan.
 *
 * @example
 * ```ts
 * import type { PremarketSnapshot } from '@tradeblocks/scanner'
 *
 * const abcd: PremarketSnapshot = {
 *   symbol: 'ABCD', prevClose: 4.1, lastPrice: 5.02, premarketVolume: 1_850_000,
 *   avgDailyVolume: 3_200_000, float: 9_500_000, avgPremarketVolume: 120_000,
 * }
 * ```
 */
export interface PremarketSnapshot {
  /** The ticker, e.g. `ABCD`, `BRK.B`. */
  symbol: string
  /** The previous regular session's close. */
  prevClose: number
  /** The last trade price. */
  lastPrice: number
  /** Shares traded today before the open, so far. */
  premarketVolume: number
  /** Average shares traded per full day (e.g. over 30 or 65 days). */
  avgDailyVolume: number
  /** Shares in the float (held by the public), when known. */
  float?: number
  /**
   * Average premarket volume by this time of day (e.g. over the last 20 sessions up to 09:00). The
   * relative volume divides `premarketVolume` by it.
   */
  avgPremarketVolume?: number
  /** Today's first trade price (the premarket open), for the intraday change. */
  open?: number
  /** When the snapshot was taken, epoch ms. */
  ts?: number
  /** True when trading in the symbol is halted. */
  halted?: boolean
}

/**
 * Parameters of {@link toPremarketSnapshot}: what core's `Snapshot` does not carry.
 *
 * @example
 * ```ts
 * import type { ToPremarketSnapshotParameters } from '@tradeblocks/scanner'
 *
 * const extra: ToPremarketSnapshotParameters = { avgDailyVolume: 3_200_000, float: 9_500_000, avgPremarketVolume: 120_000 }
 * ```
 */
export interface ToPremarketSnapshotParameters {
  avgDailyVolume: number
  float?: number
  avgPremarketVolume?: number
  /** Today's first trade price; default the snapshot's `dailyBar.open` when present. */
  open?: number
  halted?: boolean
}

/**
 * The result of {@link toPremarketSnapshot}.
 *
 * @example
 * ```ts
 * import { toPremarketSnapshot, type ToPremarketSnapshotReturnType } from '@tradeblocks/scanner'
 *
 * const s: ToPremarketSnapshotReturnType = toPremarketSnapshot(snapshot, { avgDailyVolume: 1e6 })
 * ```
 */
export type ToPremarketSnapshotReturnType = PremarketSnapshot

/**
 * Maps core's `Snapshot` (as a `MarketDataSource` returns it) to a {@link PremarketSnapshot}. Before the
 * open, `volume` (today's volume so far, extended hours included) is the premarket volume.
 *
 * @example
 * ```ts
 * import { scanPremarket, toPremarketSnapshot } from '@tradeblocks/scanner'
 *
 * const snapshots = await source.getSnapshots(['ABCD', 'WXYZ'])
 * const premarket = snapshots.map((s) => toPremarketSnapshot(s, { avgDailyVolume: averages[s.symbol] }))
 * const { passed, rejected } = scanPremarket(premarket)
 * ```
 */
export function toPremarketSnapshot(
  snapshot: Snapshot,
  extra: ToPremarketSnapshotParameters,
): ToPremarketSnapshotReturnType {
  const open = extra.open ?? snapshot.dailyBar?.open
  return {
    symbol: snapshot.symbol,
    prevClose: snapshot.prevClose,
    lastPrice: snapshot.lastPrice,
    premarketVolume: snapshot.volume,
    avgDailyVolume: extra.avgDailyVolume,
    ts: snapshot.ts,
    ...(extra.float === undefined ? {} : { float: extra.float }),
    ...(extra.avgPremarketVolume === undefined ? {} : { avgPremarketVolume: extra.avgPremarketVolume }),
    ...(open === undefined ? {} : { open }),
    ...(extra.halted === undefined ? {} : { halted: extra.halted }),
  }
}
