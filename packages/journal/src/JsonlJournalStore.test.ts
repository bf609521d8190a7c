import { spawnSync } from 'node:child_process'
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fromNewYork } from '@tradeblocks/core'
import { makeTempDir, mulberry32 } from '@tradeblocks/test-utils'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { randomTrade } from '../test/fixtures.js'
import {
  type Journal,
  JournalClosedError,
  JournalLineError,
  JournalLockedError,
  JournalWriteError,
  JsonlJournalStore,
  openJournal,
  type RecoveryReport,
  type TradeRecord,
} from './index.js'

let tmp: { dir: string; cleanup: () => Promise<void> }
const open: Journal[] = []

beforeEach(async () => {
  tmp = await makeTempDir('tradeblocks-jsonl-')
})
afterEach(async () => {
  for (const journal of open.splice(0)) await journal.close().catch(() => undefined)
  await tmp.cleanup()
})

async function journalAt(options: Partial<Parameters<typeof openJournal>[0]> = {}): Promise<Journal> {
  const journal = await openJournal({ dir: tmp.dir, ...options } as Parameters<typeof openJournal>[0])
  open.push(journal)
  return journal
}

const rng = mulberry32(11)
const trades = (n: number, day = 5): TradeRecord[] =>
  Array.from({ length: n }, (_, i) => randomTrade(rng, { id: `t-${day}-${i}`, startDate: [2026, 1, day] }))
const dayFile = (date: string, stream = 'trades') => join(tmp.dir, stream, `${date}.jsonl`)

describe('layout', () => {
  test('one JSON line per record, one file per New York trading day of the exit', async () => {
    const journal = await journalAt()
    const [a, b] = trades(2)
    // b exits at 20:30 New York time on Jan 5, which is already Jan 6 in UTC.
    const late = { ...b!, exitTs: fromNewYork(2026, 1, 5, 20, 30) }
    late.holdingMs = late.exitTs - late.entryTs
    await journal.appendTrade(a!)
    await journal.appendTrade(late)
    await journal.appendAlert({
      ts: fromNewYork(2026, 1, 6, 8),
      kind: 'note',
      severity: 'info',
      message: 'hi',
    })
    expect(await readdir(join(tmp.dir, 'trades'))).toEqual(['2026-01-05.jsonl'])
    const lines = (await readFile(dayFile('2026-01-05'), 'utf8')).split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(JSON.parse(lines[0]!)).toEqual(a)
    expect(JSON.parse(lines[1]!)).toEqual(late)
    expect(await readdir(join(tmp.dir, 'alerts'))).toEqual(['2026-01-06.jsonl'])
    expect((await readdir(tmp.dir)).sort()).toEqual(['.lock', 'alerts', 'breakers', 'orders', 'trades'])
  })

  test('keeps at most maxOpenFiles day files open and still writes them all', async () => {
    const journal = await journalAt({ maxOpenFiles: 3, durability: { mode: 'group', intervalMs: 1 } })
    const all = Array.from({ length: 12 }, (_, day) => trades(5, day + 1)).flat()
    await Promise.all(all.map((t) => journal.appendTrade(t)))
    for (let i = 0; i < 3; i++) await Promise.all(trades(4, 3 + i).map((t) => journal.appendTrade(t)))
    expect((await readdir(join(tmp.dir, 'trades'))).length).toBe(12)
    expect((await journal.queryTrades()).length).toBe(60 + 12)
  })
})

describe('durability', () => {
  test('fsync mode: a resolved append is already in the file', async () => {
    const journal = await journalAt({ durability: { mode: 'fsync' } })
    const [a, b, c] = trades(3)
    await Promise.all([journal.appendTrade(a!), journal.appendTrade(b!)])
    expect((await readFile(dayFile('2026-01-05'), 'utf8')).trimEnd().split('\n')).toHaveLength(2)
    await journal.appendTrade(c!)
    expect((await readFile(dayFile('2026-01-05'), 'utf8')).trimEnd().split('\n')).toHaveLength(3)
  })

  test('group mode: appends wait for the batch, and the batch is written once', async () => {
    const journal = await journalAt({ durability: { mode: 'group', intervalMs: 30 } })
    const batch = trades(50)
    let resolved = 0
    const pending = batch.map((t) => journal.appendTrade(t).then(() => resolved++))
    await new Promise((r) => setTimeout(r, 5))
    // Nothing is acknowledged (or written) before the group commit.
    expect(resolved).toBe(0)
    await Promise.all(pending)
    expect((await readFile(dayFile('2026-01-05'), 'utf8')).trimEnd().split('\n')).toHaveLength(50)
  })

  test('group mode: flush writes at once, and maxBatchRecords does not wait for the timer', async () => {
    const journal = await journalAt({
      durability: { mode: 'group', intervalMs: 60_000, maxBatchRecords: 10 },
    })
    const first = trades(3)
    const pending = first.map((t) => journal.appendTrade(t))
    await journal.flush()
    await Promise.all(pending)
    await Promise.all(trades(10, 6).map((t) => journal.appendTrade(t)))
    expect((await journal.queryTrades()).length).toBe(13)
  })

  test('close writes what is pending, and appends racing it settle either way, never hang', async () => {
    const journal = await openJournal({ dir: tmp.dir, durability: { mode: 'group', intervalMs: 60_000 } })
    const before = trades(20).map((t) => journal.appendTrade(t))
    const closing = journal.close()
    const after = journal.appendTrade(trades(1, 6)[0]!).catch((error: unknown) => error)
    await closing
    await expect(Promise.all(before)).resolves.toHaveLength(20)
    expect(await after).toBeInstanceOf(JournalClosedError)
    const reader = await journalAt({ readOnly: true })
    expect((await reader.queryTrades()).length).toBe(20)
  })

  test('a failed write rejects its appends, is reported by flush, and spares other days', async () => {
    const journal = await journalAt({ durability: { mode: 'group', intervalMs: 1 } })
    // A directory where the day file should be: opening it for append fails.
    await mkdir(dayFile('2026-01-05'))
    const [bad] = trades(1, 5)
    const [good] = trades(1, 6)
    const failing = journal.appendTrade(bad!)
    const succeeding = journal.appendTrade(good!)
    await expect(failing).rejects.toThrowError(JournalWriteError)
    await expect(succeeding).resolves.toEqual(good)
    await expect(journal.flush()).rejects.toThrowError(/Could not write 1 record\(s\)/)
    // Reported once; the journal keeps working.
    await journal.flush()
    expect((await journal.queryTrades({ from: '2026-01-06' })).map((t) => t.id)).toEqual([good!.id])
  })
})

describe('crash recovery', () => {
  async function writeThenTear(tail: string | Buffer): Promise<TradeRecord[]> {
    const journal = await openJournal({ dir: tmp.dir })
    const written = trades(3)
    for (const t of written) await journal.appendTrade(t)
    await journal.close()
    await appendFile(dayFile('2026-01-05'), tail)
    return written
  }

  test('sets a torn last line aside, reports it, and the next append starts clean', async () => {
    const torn = '{"schemaVersion":1,"id":"t-torn","strat'
    const written = await writeThenTear(torn)
    const sizeBefore = (await readFile(dayFile('2026-01-05'))).length
    const reports: RecoveryReport[] = []
    const journal = await journalAt({ onRecovery: (r) => reports.push(r) })
    expect(journal.recoveries).toEqual(reports)
    expect(reports).toEqual([
      {
        stream: 'trades',
        file: dayFile('2026-01-05'),
        line: 4,
        offset: sizeBefore - torn.length,
        length: torn.length,
        action: 'set_aside',
        corruptFile: `${dayFile('2026-01-05')}.corrupt`,
        detectedAt: expect.any(Number),
        message: `${dayFile('2026-01-05')}:4: a torn line of ${torn.length} bytes (from a crash) was moved to ${dayFile('2026-01-05')}.corrupt.`,
      },
    ])
    const corrupt = JSON.parse(await readFile(`${dayFile('2026-01-05')}.corrupt`, 'utf8'))
    expect(corrupt).toMatchObject({ file: '2026-01-05.jsonl', line: 4, length: torn.length, text: torn })
    expect(Buffer.from(corrupt.base64, 'base64').toString()).toBe(torn)
    expect(await journal.queryTrades()).toEqual(written)
    const [next] = trades(1)
    await journal.appendTrade(next!)
    expect(await journal.queryTrades()).toEqual([...written, next])
  })

  test('a complete record without its newline is torn too; NUL padding from a power cut as well', async () => {
    const [extra] = trades(1)
    await writeThenTear(JSON.stringify(extra))
    let journal = await openJournal({ dir: tmp.dir })
    expect(journal.recoveries.map((r) => r.length)).toEqual([JSON.stringify(extra).length])
    expect((await journal.queryTrades()).length).toBe(3)
    await journal.close()
    await appendFile(dayFile('2026-01-05'), Buffer.alloc(4096))
    journal = await journalAt()
    expect(journal.recoveries.map((r) => [r.line, r.length])).toEqual([[4, 4096]])
    const entries = (await readFile(`${dayFile('2026-01-05')}.corrupt`, 'utf8')).trimEnd().split('\n')
    expect(entries).toHaveLength(2)
    expect(Buffer.from(JSON.parse(entries[1]!).base64, 'base64').equals(Buffer.alloc(4096))).toBe(true)
  })

  test('a read-only handle skips a torn line, reports it, and changes nothing', async () => {
    const written = await writeThenTear('{"schemaVersion":1,"id":"x')
    const before = await readFile(dayFile('2026-01-05'))
    const reader = await journalAt({ readOnly: true })
    expect(reader.recoveries.map((r) => [r.action, r.line, r.corruptFile])).toEqual([
      ['ignored', 4, undefined],
    ])
    expect(await reader.queryTrades()).toEqual(written)
    expect((await readFile(dayFile('2026-01-05'))).equals(before)).toBe(true)
    expect(await readdir(join(tmp.dir, 'trades'))).toEqual(['2026-01-05.jsonl'])
    await expect(reader.appendTrade(trades(1)[0]!)).rejects.toThrowError('The journal was opened read-only.')
  })
})

describe('validation on read', () => {
  test('a bad line fails the read with the file and line number', async () => {
    const journal = await openJournal({ dir: tmp.dir })
    const [a, b] = trades(2)
    await journal.appendTrade(a!)
    await journal.close()
    await appendFile(dayFile('2026-01-05'), 'not json\n')
    await appendFile(dayFile('2026-01-05'), `${JSON.stringify({ ...b, qty: -3 })}\n`)
    const reader = await journalAt({ readOnly: true })
    const error = await reader.queryTrades().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JournalLineError)
    expect((error as JournalLineError).file).toBe(dayFile('2026-01-05'))
    expect((error as JournalLineError).line).toBe(2)
    expect((error as JournalLineError).shortMessage).toMatch(
      new RegExp(`^Invalid journal record at ${dayFile('2026-01-05')}:2: line is not valid JSON`),
    )

    const skipped: JournalLineError[] = []
    const lenient = await openJournal({ dir: tmp.dir, readOnly: true, onInvalidLine: (e) => skipped.push(e) })
    open.push(lenient)
    expect((await lenient.queryTrades()).map((t) => t.id)).toEqual([a!.id])
    expect(skipped.map((e) => [e.line, e.issues[0]?.message])).toEqual([
      [2, expect.stringMatching(/^line is not valid JSON/)],
      [3, 'qty must be greater than 0 (got -3)'],
    ])
  })

  test('a record of a future schema version is refused, not misread', async () => {
    await mkdir(join(tmp.dir, 'alerts'), { recursive: true })
    await writeFile(
      dayFile('2026-01-05', 'alerts'),
      `${JSON.stringify({ schemaVersion: 2, ts: fromNewYork(2026, 1, 5, 10), kind: 'x', severity: 'info', message: 'm' })}\n`,
    )
    const reader = await journalAt({ readOnly: true })
    await expect(reader.queryAlerts()).rejects.toThrowError(
      /alerts\/2026-01-05\.jsonl:1: schemaVersion must be 1/,
    )
  })
})

describe('the writer lock', () => {
  test('keeps a second writer out but lets readers in', async () => {
    const writer = await journalAt()
    await expect(openJournal({ dir: tmp.dir })).rejects.toThrowError(JournalLockedError)
    const reader = await journalAt({ readOnly: true })
    const [a] = trades(1)
    await writer.appendTrade(a!)
    expect(await reader.queryTrades()).toEqual([a])
    await writer.close()
    const next = await journalAt()
    expect(await next.queryTrades()).toEqual([a])
  })

  test('takes over a lock left by a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    })
    const pid = Number(dead.stdout)
    await writeFile(join(tmp.dir, '.lock'), JSON.stringify({ pid, host: hostname(), since: 0 }))
    const journal = await journalAt()
    const lock = JSON.parse(await readFile(join(tmp.dir, '.lock'), 'utf8'))
    expect(lock.pid).toBe(process.pid)
    await journal.close()
    await expect(readFile(join(tmp.dir, '.lock'))).rejects.toThrowError(/ENOENT/)
  })

  test('takes over an empty lock file (a writer died while creating it)', async () => {
    await writeFile(join(tmp.dir, '.lock'), '')
    await journalAt()
  })

  test('refuses a lock held on another host, since it cannot tell whether that writer lives', async () => {
    await writeFile(join(tmp.dir, '.lock'), JSON.stringify({ pid: 1, host: 'another-host', since: 0 }))
    const error = await openJournal({ dir: tmp.dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JournalLockedError)
    expect((error as JournalLockedError).shortMessage).toBe(
      'The journal is locked by another writer (pid 1 on another-host since 1970-01-01T00:00:00.000Z).',
    )
  })

  test('JsonlJournalStore.open validates its options', async () => {
    await expect(
      JsonlJournalStore.open({ dir: tmp.dir, durability: { mode: 'group', intervalMs: -1 } }),
    ).rejects.toThrowError(/durability.intervalMs/)
  })
})
