import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fromNewYork, ValidationError } from '@tradeblocks/core'
import { makeTempDir, mulberry32 } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, test } from 'vitest'
import { randomTradeInput } from '../test/fixtures.js'
import {
  createTradeRecord,
  type Journal,
  JournalClosedError,
  MemoryJournalStore,
  openJournal,
  TRADE_CSV_COLUMNS,
  type TradeRecord,
  type TradeRecordInput,
} from './index.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function jsonlJournal(): Promise<Journal> {
  const tmp = await makeTempDir('tradeblocks-journal-')
  const journal = await openJournal({ dir: tmp.dir, durability: { mode: 'group', intervalMs: 1 } })
  cleanups.push(async () => {
    await journal.close()
    await tmp.cleanup()
  })
  return journal
}

async function memoryJournal(): Promise<Journal> {
  return openJournal({ store: new MemoryJournalStore() })
}

const at = (day: number, hour: number, minute = 0) => fromNewYork(2026, 1, day, hour, minute)

function trade(id: string, overrides: Partial<TradeRecordInput> = {}): TradeRecordInput {
  return {
    id,
    strategy: 'bull-flag',
    mode: 'paper',
    account: 'acct-1',
    symbol: 'ABCD',
    side: 'long',
    qty: 100,
    entryTs: at(5, 9, 45),
    entryPrice: 10,
    exitTs: at(5, 10, 15),
    exitPrice: 10.5,
    plannedStop: 9.75,
    exitReason: 'target',
    grossPnl: 50,
    netPnl: 49,
    fees: 1,
    ...overrides,
  }
}

describe.each([
  ['JSONL store', jsonlJournal],
  ['memory store', memoryJournal],
])('Journal over the %s', (_name, makeJournal) => {
  test('appends trades and reads them back unchanged, in trading-day order', async () => {
    const journal = await makeJournal()
    const rng = mulberry32(42)
    const inputs = Array.from({ length: 60 }, (_, i) => randomTradeInput(rng, { id: `t-${i}`, days: 10 }))
    const stored = await Promise.all(inputs.map((input) => journal.appendTrade(input)))
    expect(stored).toEqual(inputs.map((input) => createTradeRecord(input)))
    const read = await journal.queryTrades()
    // Days ascending; within a day, append order.
    const dayOf = (t: TradeRecord) => new Date(t.exitTs - 5 * 3_600_000).toISOString().slice(0, 10)
    const expected = [...stored].sort((a, b) => (dayOf(a) < dayOf(b) ? -1 : dayOf(a) > dayOf(b) ? 1 : 0))
    expect(read).toEqual(expected)
  })

  test('queries by date range, symbol, strategy, mode, account and tags', async () => {
    const journal = await makeJournal()
    await journal.appendTrade(trade('a', { tags: ['a-plus', 'news'] }))
    await journal.appendTrade(
      trade('b', { symbol: 'WXYZ', strategy: 'gap-and-go', entryTs: at(6, 9, 31), exitTs: at(6, 9, 40) }),
    )
    await journal.appendTrade(
      trade('c', { mode: 'live', account: 'acct-2', entryTs: at(7, 15), exitTs: at(7, 15, 59) }),
    )
    await journal.appendTrade(trade('d', { tags: ['news'], entryTs: at(8, 19), exitTs: at(8, 19, 30) }))
    const ids = async (query: Parameters<Journal['queryTrades']>[0]) =>
      (await journal.queryTrades(query)).map((t) => t.id)

    expect(await ids({})).toEqual(['a', 'b', 'c', 'd'])
    expect(await ids({ from: '2026-01-06', to: '2026-01-07' })).toEqual(['b', 'c'])
    expect(await ids({ from: at(6, 9, 40), to: at(7, 15, 59) })).toEqual(['b', 'c'])
    expect(await ids({ from: at(6, 9, 40) + 1, to: at(7, 15, 59) - 1 })).toEqual([])
    expect(await ids({ symbol: 'WXYZ' })).toEqual(['b'])
    expect(await ids({ symbol: ['WXYZ', 'ABCD'] })).toEqual(['a', 'b', 'c', 'd'])
    expect(await ids({ strategy: 'gap-and-go' })).toEqual(['b'])
    expect(await ids({ mode: 'live' })).toEqual(['c'])
    expect(await ids({ mode: ['live', 'paper'], account: 'acct-1' })).toEqual(['a', 'b', 'd'])
    expect(await ids({ tags: ['news'] })).toEqual(['a', 'd'])
    expect(await ids({ tags: ['news', 'a-plus'] })).toEqual(['a'])
    expect(await ids({ limit: 2 })).toEqual(['a', 'b'])
    expect(await ids({ limit: 0 })).toEqual([])
  })

  test('a whole-day date range follows New York time, not UTC', async () => {
    const journal = await makeJournal()
    // 20:30 in New York on Jan 5 is 01:30 UTC on Jan 6: it belongs to Jan 5.
    await journal.appendTrade(trade('late', { entryTs: at(5, 20), exitTs: at(5, 20, 30) }))
    expect((await journal.queryTrades({ from: '2026-01-05', to: '2026-01-05' })).map((t) => t.id)).toEqual([
      'late',
    ])
    expect(await journal.queryTrades({ from: '2026-01-06' })).toEqual([])
  })

  test('rejects a bad query before reading', async () => {
    const journal = await makeJournal()
    expect(() => journal.readTrades({ symbols: 'ABCD' } as never)).toThrowError(ValidationError)
    expect(() => journal.readTrades({ from: '2026-02-30' })).toThrowError(
      'from must be a real date written YYYY-MM-DD (got "2026-02-30")',
    )
    expect(() => journal.readTrades({ from: '2026-01-06', to: '2026-01-05' })).toThrowError(
      'from must not be after to "2026-01-05" (got "2026-01-06")',
    )
  })

  test('rejects an invalid record without storing it', async () => {
    const journal = await makeJournal()
    await expect(journal.appendTrade(trade('bad', { netPnl: 12 }))).rejects.toThrowError(
      'netPnl must equal grossPnl - fees = 49 to the cent (got 12)',
    )
    expect(await journal.queryTrades()).toEqual([])
  })

  test('keeps order events, breaker events and alerts in their own streams', async () => {
    const journal = await makeJournal()
    const order = {
      id: 'o-1',
      clientOrderId: 'bot-ABCD-1',
      symbol: 'ABCD',
      side: 'buy' as const,
      type: 'limit' as const,
      orderClass: 'simple' as const,
      qty: 100,
      filledQty: 100,
      avgFillPrice: 10,
      limitPrice: 10,
      timeInForce: 'day' as const,
      extendedHours: false,
      status: 'filled' as const,
      createdAt: at(5, 9, 44),
      updatedAt: at(5, 9, 45),
    }
    await journal.appendOrderEvent({
      ts: at(5, 9, 45),
      event: 'fill',
      symbol: 'ABCD',
      order,
      fill: {
        id: 'f-1',
        orderId: 'o-1',
        clientOrderId: 'bot-ABCD-1',
        symbol: 'ABCD',
        side: 'buy',
        qty: 100,
        price: 10,
        ts: at(5, 9, 45),
        commission: 0,
      },
      strategy: 'bull-flag',
      mode: 'paper',
    })
    await journal.appendOrderEvent({
      ts: at(5, 9, 50),
      event: 'submit_failed',
      symbol: 'WXYZ',
      reason: 'HTTP 503',
    })
    await journal.appendBreakerEvent({
      ts: at(5, 11),
      breaker: 'daily_loss',
      event: 'tripped',
      reason: 'Daily loss 512.40 reached the limit 500.00',
      details: { loss: 512.4, limit: 500 },
    })
    await journal.appendAlert({
      ts: at(6, 16),
      kind: 'win_rate_below',
      severity: 'warning',
      message: 'Win rate 40% over the last 20 trades',
      source: 'performance',
    })

    expect((await journal.queryOrderEvents()).map((e) => e.event)).toEqual(['fill', 'submit_failed'])
    expect((await journal.queryOrderEvents({ symbol: 'WXYZ' })).map((e) => e.reason)).toEqual(['HTTP 503'])
    expect((await journal.queryOrderEvents({ strategy: 'bull-flag' }))[0]?.fill?.price).toBe(10)
    expect(await journal.queryBreakerEvents()).toEqual([
      {
        schemaVersion: 1,
        ts: at(5, 11),
        breaker: 'daily_loss',
        event: 'tripped',
        reason: 'Daily loss 512.40 reached the limit 500.00',
        details: { loss: 512.4, limit: 500 },
      },
    ])
    expect((await journal.queryAlerts({ from: '2026-01-06' })).map((a) => a.kind)).toEqual(['win_rate_below'])
    expect(await journal.queryTrades()).toEqual([])
    await expect(
      journal.appendOrderEvent({ ts: at(5, 9), event: 'fill', symbol: 'WXYZ', order }),
    ).rejects.toThrowError('order.symbol must equal symbol WXYZ (got "ABCD")')
  })

  test('exports trades as RFC 4180 CSV with formulas defused', async () => {
    const journal = await makeJournal()
    await journal.appendTrade(
      trade('t-1', {
        notes: 'chased it, "FOMO"\nnext time wait',
        catalyst: '=HYPERLINK("http://x")',
        tags: ['news', 'a-plus'],
        signal: { flagBars: 6 },
      }),
    )
    await journal.appendTrade(trade('t-2', { symbol: 'WXYZ', grossPnl: -20, netPnl: -21 }))
    const chunks: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk))
        callback()
      },
    })
    const result = await journal.exportCsv(sink, { query: { symbol: 'ABCD' } })
    expect(result).toEqual({ rows: 1 })
    const csv = chunks.join('')
    // The notes hold a bare \n inside quotes; rows end with \r\n.
    const [header, row, end, ...rest] = csv.split('\r\n')
    expect(rest).toEqual([])
    expect(header).toBe(TRADE_CSV_COLUMNS.join(','))
    expect(row).toContain(`"chased it, ""FOMO""\nnext time wait"`)
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(row).toContain(',news;a-plus,')
    expect(row).toContain(',"{""flagBars"":6}",')
    expect(row).toContain(',2026-01-05 09:45:00.000,10,')
    expect(end).toBe('')
  })

  test('refuses appends after close', async () => {
    const journal = await makeJournal()
    await journal.close()
    await expect(journal.appendTrade(trade('late'))).rejects.toThrowError(JournalClosedError)
    await journal.close()
  })
})

test('exportCsv to a path writes the whole file atomically', async () => {
  const tmp = await makeTempDir('tradeblocks-journal-csv-')
  cleanups.push(tmp.cleanup)
  const journal = await openJournal({ store: new MemoryJournalStore() })
  const rng = mulberry32(3)
  for (let i = 0; i < 25; i++) await journal.appendTrade(randomTradeInput(rng, { id: `t-${i}`, days: 3 }))
  const path = join(tmp.dir, 'trades.csv')
  expect(await journal.exportCsv(path, { lineEnding: '\n' })).toEqual({ rows: 25 })
  const text = await readFile(path, 'utf8')
  expect(text.startsWith(`${TRADE_CSV_COLUMNS.join(',')}\n`)).toBe(true)
  // Rows with quoted line breaks count once: 25 ids after the header.
  expect(text.match(/\nt-\d+,/g)?.length).toBe(25)
})
