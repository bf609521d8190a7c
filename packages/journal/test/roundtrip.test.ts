import { makeTempDir, mulberry32 } from '@tradeblocks/test-utils'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openJournal, type TradeRecord } from '../src/index.js'
import { randomTrade } from './fixtures.js'

const COUNT = 100_000
let tmp: { dir: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  tmp = await makeTempDir('tradeblocks-journal-100k-')
})
afterAll(async () => {
  await tmp?.cleanup()
})

test(`writes ${COUNT.toLocaleString('en-US')} records and reads them back identical`, {
  timeout: 60_000,
}, async () => {
  const rng = mulberry32(100_000)
  const written: TradeRecord[] = []
  const writer = await openJournal({ dir: tmp.dir, durability: { mode: 'group', intervalMs: 5 } })
  let pending: Promise<TradeRecord>[] = []
  for (let i = 0; i < COUNT; i++) {
    // 20 trading days of 5,000 trades each, appended in day order.
    const day = 5 + Math.floor(i / 5_000)
    const record = randomTrade(rng, { id: `t-${i}`, startDate: [2026, 1, day], padding: i % 97 })
    written.push(record)
    pending.push(writer.appendTrade(record))
    if (pending.length === 5_000) {
      await Promise.all(pending)
      pending = []
    }
  }
  await Promise.all(pending)
  await writer.close()

  const reader = await openJournal({ dir: tmp.dir, readOnly: true })
  let i = 0
  let mismatches = 0
  for await (const record of reader.readTrades()) {
    const expected = written[i++]
    if (JSON.stringify(record) !== JSON.stringify(expected)) mismatches++
    // A structural comparison too, on a sample (the full one is slow and adds nothing).
    if (i % 997 === 0) expect(record).toEqual(expected)
  }
  await reader.close()
  expect(i).toBe(COUNT)
  expect(mismatches).toBe(0)
  expect(reader.recoveries).toEqual([])
})
