import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ManualClock } from '@tradeblocks/core'
import { openJournal } from '@tradeblocks/journal'
import { makeTempDir } from '@tradeblocks/test-utils'
import { expect, test } from 'vitest'
import { syntheticBacktest } from '../test/fixtures.js'
import {
  computeJournalStats,
  computeStats,
  DailySummaryScheduler,
  type PerformanceAlert,
  RollingAlertTracker,
  writeHtmlReport,
} from './index.js'

// Mirrors the README examples so they cannot rot.
test('the README examples run and do what they say', async () => {
  const tmp = await makeTempDir('tradeblocks-performance-readme-')
  try {
    const dir = join(tmp.dir, 'journal')
    const run = syntheticBacktest(9, 3, 8)
    const writer = await openJournal({ dir, durability: { mode: 'group', intervalMs: 1 } })
    await Promise.all(run.trades.map((t) => writer.appendTrade({ ...t, strategy: 'bull-flag' })))
    await writer.close()

    // Example: statistics and a report from the journal.
    const journal = await openJournal({ dir, readOnly: true })
    const stats = await computeJournalStats(journal, {
      query: { strategy: 'bull-flag' },
      startingEquity: 25_000,
    })
    expect(stats.tradeCount).toBe(run.trades.length)
    for (const figure of [
      stats.netPnl,
      stats.winRate,
      stats.profitFactor,
      stats.maxDrawdownPct,
      stats.sharpe,
    ]) {
      expect(Number.isFinite(figure)).toBe(true)
    }
    const trades = await journal.queryTrades({ strategy: 'bull-flag' })
    const path = join(tmp.dir, 'reports', 'bull-flag.html')
    await writeHtmlReport({ path, title: 'Bull flag', stats, trades })
    expect(await readFile(path, 'utf8')).toContain('<title>Bull flag</title>')
    await journal.close()

    // From a backtest: closed trades and an equity curve.
    const fromBacktest = computeStats({ trades: run.trades, equity: run.equity })
    expect(fromBacktest.netPnl).toBe(stats.netPnl)

    // Rolling alerts written to the journal.
    const live = await openJournal({ dir })
    const tracker = new RollingAlertTracker({
      startingEquity: 25_000,
      sink: live,
      context: { strategy: 'bull-flag', mode: 'live' },
    })
    const alerts: PerformanceAlert[] = []
    tracker.on('alert', (alert) => alerts.push(alert))
    const base = run.trades[0]!.exitTs
    for (let i = 0; i < 20; i++) tracker.onTrade({ netPnl: i < 9 ? 100 : -60, exitTs: base + i * 60_000 })
    tracker.onTrade({ netPnl: -60, exitTs: base + 20 * 60_000 })
    expect(alerts.map((a) => a.message)).toContain('Win rate 45.0% over the last 20 trades is below 50.0%.')
    await tracker.drain()
    expect((await live.queryAlerts({ strategy: 'bull-flag' })).map((a) => a.kind)).toContain('win_rate_below')

    // Daily summary at the close (a manual clock here instead of the system clock).
    const clock = new ManualClock(run.trades[0]!.entryTs)
    const scheduler = new DailySummaryScheduler({ clock, source: live, sink: live })
    const texts: string[] = []
    scheduler.on('summary', (_summary, text) => texts.push(text))
    scheduler.start()
    clock.advance(24 * 3_600_000)
    await scheduler.idle()
    scheduler.stop()
    expect(texts).toHaveLength(1)
    expect(texts[0]).toMatch(/^2026-01-05: \d+ trades?, \d+ won, \d+ lost/)
    await live.close()
  } finally {
    await tmp.cleanup()
  }
})
