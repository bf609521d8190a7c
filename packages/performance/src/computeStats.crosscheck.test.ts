// computeStats against a second, deliberately naive computation written differently: sorting and
// quadratic scans instead of running maxima, strings and regular expressions for streaks, a
// minute grid for exposure, two-pass variance for Sharpe and Sortino.
import { fromNewYork, nyse, type TradingDate, tradingDateOf } from '@tradeblocks/core'
import { mulberry32 } from '@tradeblocks/test-utils'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { computeStats, type StatsTrade } from './index.js'

const SYMBOLS = ['ABCD', 'WXYZ', 'QRST', 'MNOP', 'EFGH']
const SETUPS = ['flag', 'gap', 'vwap', undefined]

/** Minute-aligned random trades inside regular sessions over the first trading days of 2026. */
function randomTrades(seed: number, count: number): StatsTrade[] {
  const rng = mulberry32(seed)
  const days = nyse.tradingDaysBetween('2026-01-02', '2026-03-31')
  return Array.from({ length: count }, (_, i) => {
    const date = days[Math.floor(rng() * days.length)] as TradingDate
    const [y, m, d] = date.split('-').map(Number) as [number, number, number]
    const entryMinute = Math.floor(rng() * 330) // 09:30 .. 15:00
    const hold = 1 + Math.floor(rng() * 60)
    const entryTs = fromNewYork(y, m, d, 9, 30) + entryMinute * 60_000
    const netCents = Math.round((rng() - 0.45) * 40_000)
    const setup = SETUPS[Math.floor(rng() * SETUPS.length)]
    return {
      id: `t-${i}`,
      symbol: SYMBOLS[Math.floor(rng() * SYMBOLS.length)] as string,
      side: rng() < 0.7 ? 'long' : 'short',
      qty: 100,
      entryTs,
      entryPrice: 10,
      exitTs: entryTs + hold * 60_000,
      exitPrice: 10,
      netPnl: netCents / 100,
      fees: Math.round(rng() * 300) / 100,
      ...(rng() < 0.8 ? { rMultiple: Math.round((rng() - 0.4) * 400) / 100 } : {}),
      ...(setup === undefined ? {} : { setup }),
    }
  })
}

function naive(trades: StatsTrade[], startingEquity: number) {
  const sorted = trades
    .map((trade, index) => ({ trade, index }))
    .sort((a, b) => a.trade.exitTs - b.trade.exitTs || a.index - b.index)
    .map((x) => x.trade)
  const cents = sorted.map((t) => Math.round(t.netPnl * 100))
  const wins = cents.filter((c) => c > 0)
  const losses = cents.filter((c) => c < 0)
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const pattern = cents.map((c) => (c > 0 ? 'W' : c < 0 ? 'L' : '0')).join('')
  const longest = (re: RegExp) => Math.max(0, ...(pattern.match(re) ?? []).map((s) => s.length))

  // Closed-trade equity, then drawdown by brute force: for every point, the highest point before it.
  const equity = [startingEquity, ...cents.map((_, i) => startingEquity + sum(cents.slice(0, i + 1)) / 100)]
  let maxDrawdown = 0
  let maxDrawdownPct = 0
  for (let j = 0; j < equity.length; j++) {
    const peak = Math.max(...equity.slice(0, j + 1))
    maxDrawdown = Math.max(maxDrawdown, peak - (equity[j] as number))
    maxDrawdownPct = Math.max(maxDrawdownPct, (peak - (equity[j] as number)) / peak)
  }

  // Daily returns over every trading day from the first entry to the last exit.
  const firstDay = tradingDateOf(Math.min(...trades.map((t) => t.entryTs)))
  const lastDay = tradingDateOf(Math.max(...trades.map((t) => t.exitTs)))
  const pnlByDay = new Map<string, number>()
  sorted.forEach((t, i) => {
    const day = tradingDateOf(t.exitTs)
    pnlByDay.set(day, (pnlByDay.get(day) ?? 0) + (cents[i] as number))
  })
  const returns: number[] = []
  let level = startingEquity
  for (const day of nyse.tradingDaysBetween(firstDay, lastDay)) {
    const next = level + (pnlByDay.get(day) ?? 0) / 100
    returns.push(next / level - 1)
    level = next
  }
  const mean = sum(returns) / returns.length
  const variance = sum(returns.map((r) => (r - mean) ** 2)) / (returns.length - 1)
  const downside = Math.sqrt(sum(returns.map((r) => Math.min(0, r) ** 2)) / returns.length)

  // Exposure on a minute grid.
  const busy = new Set<number>()
  for (const t of trades) for (let ts = t.entryTs; ts < t.exitTs; ts += 60_000) busy.add(ts)
  let sessionMinutes = 0
  for (const day of nyse.tradingDaysBetween(firstDay, lastDay)) {
    const s = nyse.schedule(day)!
    sessionMinutes += (s.regular.end - s.regular.start) / 60_000
  }
  const inSession = [...busy].filter((ts) => nyse.sessionAt(ts).session === 'regular').length

  const bySymbol = new Map<string, number>()
  for (const s of new Set(sorted.map((t) => t.symbol))) {
    bySymbol.set(s, sum(sorted.flatMap((t, i) => (t.symbol === s ? [cents[i] as number] : []))))
  }
  const withR = trades.filter((t) => t.rMultiple !== undefined)
  return {
    netPnl: sum(cents) / 100,
    grossProfit: sum(wins) / 100,
    grossLoss: sum(losses) / 100,
    winRate: wins.length / trades.length,
    profitFactor: sum(wins) / -sum(losses),
    expectancy: Math.round(sum(cents) / trades.length) / 100,
    avgR: sum(withR.map((t) => t.rMultiple as number)) / withR.length,
    largestWin: Math.max(...wins) / 100,
    largestLoss: Math.min(...losses) / 100,
    longestWinStreak: longest(/W+/g),
    longestLossStreak: longest(/L+/g),
    maxDrawdown,
    maxDrawdownPct,
    sharpe: (mean / Math.sqrt(variance)) * Math.sqrt(252),
    sortino: (mean / downside) * Math.sqrt(252),
    cagr: (level / startingEquity) ** (252 / returns.length) - 1,
    exposure: inSession / sessionMinutes,
    timeInMarketMs: busy.size * 60_000,
    bySymbol,
    tradingDays: returns.length,
  }
}

test('agrees with a naive second computation on 3,000 random trades', () => {
  const trades = randomTrades(2026, 3_000)
  const stats = computeStats({ trades, startingEquity: 50_000 })
  const check = naive(trades, 50_000)
  expect(stats.netPnl).toBe(Math.round(check.netPnl * 100) / 100)
  expect(stats.grossProfit).toBe(check.grossProfit)
  expect(stats.grossLoss).toBe(check.grossLoss)
  expect(stats.largestWin).toBe(check.largestWin)
  expect(stats.largestLoss).toBe(check.largestLoss)
  expect(stats.expectancy).toBe(check.expectancy)
  expect(stats.longestWinStreak).toBe(check.longestWinStreak)
  expect(stats.longestLossStreak).toBe(check.longestLossStreak)
  expect(stats.tradingDays).toBe(check.tradingDays)
  expect(stats.timeInMarketMs).toBe(check.timeInMarketMs)
  expect(stats.winRate).toBeCloseTo(check.winRate, 12)
  expect(stats.profitFactor).toBeCloseTo(check.profitFactor, 12)
  expect(stats.avgR).toBeCloseTo(check.avgR, 12)
  expect(stats.maxDrawdown).toBeCloseTo(check.maxDrawdown, 6)
  expect(stats.maxDrawdownPct).toBeCloseTo(check.maxDrawdownPct, 12)
  expect(stats.sharpe).toBeCloseTo(check.sharpe, 9)
  expect(stats.sortino).toBeCloseTo(check.sortino, 9)
  expect(stats.cagr).toBeCloseTo(check.cagr, 9)
  expect(stats.exposure).toBeCloseTo(check.exposure, 12)
  expect(new Map(stats.bySymbol.map((b) => [b.key, Math.round(b.netPnl * 100)]))).toEqual(check.bySymbol)
  // The money reconciles to the cent across every view of it.
  const cents = (x: number) => Math.round(x * 100)
  const total = cents(stats.netPnl)
  expect(cents(stats.grossProfit) + cents(stats.grossLoss)).toBe(total)
  for (const view of [stats.bySymbol, stats.bySetup, stats.bySide]) {
    expect(view.reduce((a, b) => a + cents(b.netPnl), 0)).toBe(total)
  }
  expect(stats.daily.reduce((a, d) => a + cents(d.pnl), 0)).toBe(total)
  expect(stats.monthly.reduce((a, m) => a + cents(m.pnl), 0)).toBe(total)
})

test('money reconciles to the cent for any trades (property)', () => {
  const tradeArb = fc.record({
    symbol: fc.constantFrom('ABCD', 'WXYZ', 'QRST'),
    side: fc.constantFrom('long' as const, 'short' as const),
    entryMinute: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    hold: fc.integer({ min: 0, max: 600 }),
    // Not whole cents: sums must still reconcile after each trade is rounded.
    netPnl: fc.double({ min: -5_000, max: 5_000, noNaN: true }),
    fees: fc.double({ min: 0, max: 10, noNaN: true }),
    setup: fc.option(fc.constantFrom('flag', 'gap'), { nil: undefined }),
  })
  fc.assert(
    fc.property(
      fc.array(tradeArb, { maxLength: 60 }),
      fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }),
      (raw, start) => {
        const base = fromNewYork(2026, 1, 5, 4)
        const trades: StatsTrade[] = raw.map((r) => ({
          symbol: r.symbol,
          side: r.side,
          qty: 1,
          entryTs: base + r.entryMinute * 60_000,
          entryPrice: 1,
          exitTs: base + (r.entryMinute + r.hold) * 60_000,
          exitPrice: 1,
          netPnl: r.netPnl,
          fees: r.fees,
          ...(r.setup === undefined ? {} : { setup: r.setup }),
        }))
        const stats = computeStats({ trades, ...(start === undefined ? {} : { startingEquity: start }) })
        const cents = (x: number) => Math.round(x * 100)
        const total = cents(stats.netPnl)
        expect(cents(stats.grossProfit) + cents(stats.grossLoss)).toBe(total)
        for (const view of [stats.bySymbol, stats.bySetup, stats.bySide]) {
          expect(view.reduce((a, b) => a + cents(b.netPnl), 0)).toBe(total)
        }
        expect(stats.daily.reduce((a, d) => a + cents(d.pnl), 0)).toBe(total)
        expect(stats.winners + stats.losers + stats.breakeven).toBe(trades.length)
        const walk = (v: unknown): void => {
          if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
          else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk)
        }
        walk(stats)
        if (stats.exposure !== null) expect(stats.exposure).toBeLessThanOrEqual(1)
        expect(stats.maxDrawdown).toBeGreaterThanOrEqual(0)
      },
    ),
    { numRuns: 300 },
  )
})
