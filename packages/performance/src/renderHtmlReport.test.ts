import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromNewYork } from '@tradeblocks/core'
import { makeTempDir } from '@tradeblocks/test-utils'
import { describe, expect, test } from 'vitest'
import { syntheticBacktest } from '../test/fixtures.js'
import { computeStats, renderHtmlReport, type StatsTrade, writeHtmlReport } from './index.js'

const trade: StatsTrade = {
  id: 't-1',
  symbol: 'ABCD',
  side: 'long',
  qty: 100,
  entryTs: fromNewYork(2026, 1, 5, 10),
  entryPrice: 10,
  exitTs: fromNewYork(2026, 1, 5, 10, 30),
  exitPrice: 10.5,
  netPnl: 49,
  fees: 1,
  plannedStop: 9.75,
  plannedTarget: 10.5,
  exitReason: 'target',
}

/** The embedded report data. */
function dataOf(html: string): {
  equity: [number, number][]
  drawdown: [number, number][]
  trades: { bars: number[][]; entryTime: number; stop: number | null }[]
} {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)
  return JSON.parse(match![1]!)
}

describe('renderHtmlReport', () => {
  test('is one self-contained file: the chart library inline, nothing loaded from elsewhere', () => {
    const html = renderHtmlReport({ stats: computeStats({ trades: [trade] }), trades: [trade] })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('TradingView Lightweight Charts')
    expect(html).toContain('LightweightCharts')
    // No external scripts, styles, images or fonts.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i)
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i)
  })

  test('escapes what users typed and cannot be broken out of', () => {
    const evil = { ...trade, id: '<img src=x onerror=alert(1)>', setup: '</script><script>alert(1)</script>' }
    const html = renderHtmlReport({
      title: 'A & B <i>',
      stats: computeStats({ trades: [evil] }),
      trades: [evil],
    })
    expect(html).toContain('<title>A &amp; B &lt;i&gt;</title>')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('</script><script>alert(1)')
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('shows undefined figures as a dash, never NaN, Infinity or undefined', () => {
    for (const stats of [computeStats(), computeStats({ trades: [trade] })]) {
      const html = renderHtmlReport({ stats, trades: stats.tradeCount > 0 ? [trade] : [] })
      const body = html.slice(0, html.indexOf('<script type="application/json"'))
      expect(body).not.toMatch(/\bNaN\b|Infinity|undefined/)
      expect(body).toContain('—')
    }
    // All winners: the profit factor is infinite, said in words.
    expect(renderHtmlReport({ stats: computeStats({ trades: [trade] }), trades: [trade] })).toContain(
      '∞ (no losses)',
    )
  })

  test('charts New York wall-clock time and keeps entry, stop and target', () => {
    const html = renderHtmlReport({ stats: computeStats({ trades: [trade] }), trades: [trade] })
    const data = dataOf(html)
    // 10:00 New York is 15:00 UTC in January; the chart shows 10:00.
    expect(data.trades[0]?.entryTime).toBe(Date.UTC(2026, 0, 5, 10) / 1000)
    expect(data.trades[0]?.stop).toBe(9.75)
    // Without an equity curve or capital: the closed-trade P&L from 0, drawdown in money.
    expect(data.equity.map(([, v]) => v)).toEqual([0, 49])
  })

  test('a 20-day backtest with a few hundred trades stays a few megabytes', () => {
    const backtest = syntheticBacktest(1)
    const stats = computeStats({ trades: backtest.trades, equity: backtest.equity })
    const html = renderHtmlReport({
      stats,
      trades: backtest.trades,
      equity: backtest.equity,
      bars: backtest.bars,
    })
    expect(backtest.trades.length).toBeGreaterThan(200)
    expect(html.length).toBeLessThan(4_000_000)
    const data = dataOf(html)
    expect(data.trades).toHaveLength(backtest.trades.length)
    for (const t of data.trades) expect(t.bars.length).toBeLessThanOrEqual(150)
    // Bar times strictly increase, as lightweight-charts requires.
    for (const t of data.trades) {
      for (let i = 1; i < t.bars.length; i++) expect(t.bars[i]![0]).toBeGreaterThan(t.bars[i - 1]![0]!)
    }
    expect(data.drawdown.every(([, v]) => v <= 0)).toBe(true)
  })

  test("cuts a symbol's whole series around each trade, merging bars when the trade is long", () => {
    const open = fromNewYork(2026, 1, 5, 9, 30)
    const series = Array.from({ length: 390 }, (_, i) => ({
      ts: open + i * 60_000,
      open: 10 + i / 100,
      high: 10.05 + i / 100,
      low: 9.95 + i / 100,
      close: 10 + i / 100,
      volume: 1_000,
    }))
    const short = { ...trade, id: 'short', entryTs: open + 100 * 60_000 + 5_000, exitTs: open + 110 * 60_000 }
    const long = { ...trade, id: 'long', entryTs: open + 10 * 60_000, exitTs: open + 380 * 60_000 }
    const data = dataOf(
      renderHtmlReport({
        stats: computeStats({ trades: [short, long] }),
        trades: [short, long],
        bars: { ABCD: series },
      }),
    )
    const [a, b] = data.trades
    // 20 bars before the entry bar, the 11 bars of the trade, 20 after.
    expect(a!.bars).toHaveLength(51)
    expect(a!.bars[20]![0]).toBe(Date.UTC(2026, 0, 5, 11, 10) / 1000)
    // 390 bars would be too many: merged 3 to 1, and the whole trade still shows.
    expect(b!.bars.length).toBeLessThanOrEqual(150)
    expect(b!.bars[0]![0]).toBe(Date.UTC(2026, 0, 5, 9, 30) / 1000)
    expect(b!.bars[1]![0]! - b!.bars[0]![0]!).toBe(180)
    const merged = b!.bars[0]!
    expect(merged.slice(1)).toEqual([10, 10.07, 9.95, 10.02, 3_000])
  })

  test('thins a long equity curve but keeps its lows and highs', () => {
    const equity = Array.from({ length: 50_000 }, (_, i) => ({
      ts: fromNewYork(2026, 1, 5, 9, 30) + i * 60_000,
      equity: 10_000 + Math.sin(i / 300) * 500 + (i === 31_337 ? -2_000 : 0),
    }))
    const stats = computeStats({ equity })
    const data = dataOf(renderHtmlReport({ stats, trades: [], equity, maxEquityPoints: 2_000 }))
    expect(data.equity.length).toBeLessThanOrEqual(2_000)
    expect(Math.min(...data.equity.map(([, v]) => v))).toBe(
      Math.round((10_000 + Math.sin(31_337 / 300) * 500 - 2_000) * 100) / 100,
    )
  })

  test('writeHtmlReport writes the file whole', async () => {
    const tmp = await makeTempDir('tradeblocks-report-')
    try {
      const path = join(tmp.dir, 'nested', 'report.html')
      const result = await writeHtmlReport({
        path,
        stats: computeStats({ trades: [trade] }),
        trades: [trade],
      })
      const text = await readFile(path, 'utf8')
      expect(result).toEqual({ path, bytes: Buffer.byteLength(text) })
    } finally {
      await tmp.cleanup()
    }
  })
})
