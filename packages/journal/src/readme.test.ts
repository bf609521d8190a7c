import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { makeTempDir } from '@tradeblocks/test-utils'
import { expect, test } from 'vitest'
import { MemoryJournalStore, openJournal } from './index.js'

// Mirrors the README example so it cannot rot.
test('the README example runs and does what it says', async () => {
  const tmp = await makeTempDir('tradeblocks-journal-readme-')
  try {
    const dir = join(tmp.dir, 'journal')
    const journal = await openJournal({ dir, durability: { mode: 'fsync' } })
    expect(journal.recoveries).toEqual([])
    const record = await journal.appendTrade({
      id: 'T-20260105-1',
      strategy: 'bull-flag',
      mode: 'paper',
      account: 'paper-1',
      symbol: 'ABCD',
      side: 'long',
      qty: 100,
      entryTs: Date.UTC(2026, 0, 5, 14, 35),
      entryPrice: 10.05,
      exitTs: Date.UTC(2026, 0, 5, 14, 50),
      exitPrice: 10.55,
      plannedStop: 9.8,
      plannedTarget: 10.55,
      exitReason: 'target',
      grossPnl: 50,
      netPnl: 49,
      fees: 1,
      setup: 'bull-flag',
      signal: { poleGainPct: 12.4, flagBars: 6 },
      tags: ['a-plus'],
    })
    expect([record.holdingMs, record.rMultiple]).toEqual([900_000, 1.96])
    const line = await readFile(join(dir, 'trades', '2026-01-05.jsonl'), 'utf8')
    expect(JSON.parse(line)).toEqual(record)

    const seen: [string, number, number | undefined][] = []
    for await (const trade of journal.readTrades({
      from: '2026-01-01',
      to: '2026-01-31',
      tags: ['a-plus'],
    })) {
      seen.push([trade.symbol, trade.netPnl, trade.rMultiple])
    }
    expect(seen).toEqual([['ABCD', 49, 1.96]])
    const csv = join(tmp.dir, 'exports', '2026-01.csv')
    expect(await journal.exportCsv(csv, { query: { mode: 'paper' } })).toEqual({ rows: 1 })
    expect((await readFile(csv, 'utf8')).split('\r\n')).toHaveLength(3)
    await journal.close()

    const inMemory = await openJournal({ store: new MemoryJournalStore() })
    expect(await inMemory.queryTrades()).toEqual([])
  } finally {
    await tmp.cleanup()
  }
})
