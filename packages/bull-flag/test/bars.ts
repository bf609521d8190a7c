import type { Bar, Timeframe } from '@tradeblocks/core'

/** `[open, high, low, close, volume]`. */
export type Row = readonly [open: number, high: number, low: number, close: number, volume: number]

export interface MakeBarsOptions {
  symbol?: string
  timeframe?: Timeframe
  /** ts of the first bar. Default 2026-01-05 14:30 UTC (09:30 New York). */
  start?: number
  /** ms between bars. Default: one `timeframe`. */
  stepMs?: number
}

const STEP: Record<string, number> = { '1m': 60_000, '5m': 300_000, '1d': 86_400_000 }

/** Turns rows into core bars, one `stepMs` apart. */
export function makeBars(rows: readonly Row[], options: MakeBarsOptions = {}): Bar[] {
  const timeframe = options.timeframe ?? '1m'
  const step = options.stepMs ?? STEP[timeframe] ?? 60_000
  const start = options.start ?? Date.UTC(2026, 0, 5, 14, 30)
  return rows.map(([open, high, low, close, volume], i) => ({
    symbol: options.symbol ?? 'TEST',
    timeframe,
    ts: start + i * step,
    open,
    high,
    low,
    close,
    volume,
  }))
}

/** `count` quiet bars around `price` (±0.5%) with `volume` each: a baseline before a pole. */
export function quietRows(count: number, price: number, volume: number): Row[] {
  const rows: Row[] = []
  for (let i = 0; i < count; i++) {
    const drift = i % 2 === 0 ? 0.001 : -0.001
    const close = round(price * (1 + drift))
    rows.push([price, round(price * 1.005), round(price * 0.995), close, volume])
  }
  return rows
}

export function round(x: number, decimals = 2): number {
  return Number(x.toFixed(decimals))
}

/** Scales a row's prices by `k` (volume kept), rounding to cents. */
export function scaleRow(row: Row, k: number, decimals = 2): Row {
  return [
    round(row[0] * k, decimals),
    round(row[1] * k, decimals),
    round(row[2] * k, decimals),
    round(row[3] * k, decimals),
    row[4],
  ]
}
