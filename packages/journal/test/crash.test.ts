// Crash tests: a child process appending records is killed with SIGKILL at random moments, many
// times over the same journal directory. After each kill the journal must hold every acknowledged
// record unchanged, flag every torn line (set aside in a .corrupt file, never dropped silently), and
// take the next append.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromNewYork, tradingDateOf } from '@tradeblocks/core'
import { makeTempDir, mulberry32 } from '@tradeblocks/test-utils'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openJournal, type TradeRecord } from '../src/index.js'
import { crashRecord, randomTrade } from './fixtures.js'

const RUNS = 20
let tmp: { dir: string; cleanup: () => Promise<void> }
let childScript: string

beforeAll(async () => {
  tmp = await makeTempDir('tradeblocks-journal-crash-')
  childScript = join(tmp.dir, 'crashWriter.mjs')
  // Bundle the child once so each run starts a plain `node` in tens of milliseconds.
  await build({
    entryPoints: [join(import.meta.dirname, 'crashWriter.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@tradeblocks/source'],
    outfile: childScript,
    logLevel: 'silent',
  })
})

afterAll(async () => {
  await tmp?.cleanup()
})

const firstDateOf = (run: number) => tradingDateOf(fromNewYork(2026, 2, 2 + Math.max(0, run) * 3))
const lastDateOf = (run: number) => tradingDateOf(fromNewYork(2026, 2, 2 + run * 3 + 2, 23, 59))

/** Byte-identical serialization (fast), with vitest's structural diff when it is not. */
function expectSameRecord(actual: TradeRecord, expected: TradeRecord): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected)
}

interface RawTail {
  file: string
  bytes: Buffer
}

/** Day files whose last byte is not a newline, read straight from disk. */
async function rawTornTails(dir: string): Promise<RawTail[]> {
  const tails: RawTail[] = []
  const tradesDir = join(dir, 'trades')
  for (const name of (await readdir(tradesDir)).filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = join(tradesDir, name)
    const data = await readFile(file)
    if (data.length === 0 || data[data.length - 1] === 0x0a) continue
    tails.push({ file, bytes: data.subarray(data.lastIndexOf(0x0a) + 1) })
  }
  return tails
}

/** The bytes of every entry of a `.corrupt` file (none when it does not exist). */
async function corruptEntries(file: string): Promise<Buffer[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Buffer.from((JSON.parse(line) as { base64: string }).base64, 'base64'))
}

/** The last entry of a `.corrupt` file. */
async function lastCorruptEntry(file: string): Promise<{ base64: string; line: number; length: number }> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n')
  return JSON.parse(lines[lines.length - 1] as string)
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

interface RunResult {
  acked: string[]
  stderr: string
}

/**
 * Polls the run's day files and returns as soon as one of them ends in the middle of a line, i.e.
 * while the child is inside a write, or after `timeoutMs`.
 */
function waitForWriteInProgress(dir: string, run: number, timeoutMs: number): void {
  const files = [0, 1, 2].map((d) =>
    join(dir, 'trades', `${tradingDateOf(fromNewYork(2026, 2, 2 + run * 3 + d, 12))}.jsonl`),
  )
  const last = Buffer.alloc(1)
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    for (const file of files) {
      let fd: number | undefined
      try {
        fd = openSync(file, 'r')
        const { size } = fstatSync(fd)
        if (size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) return
      } catch {
        // not created yet
      } finally {
        if (fd !== undefined) closeSync(fd)
      }
    }
  }
}

type KillMoment =
  | { kind: 'after-ready'; delayMs: number }
  | { kind: 'after-spawn'; delayMs: number }
  | { kind: 'mid-write' }

/** Starts the child and kills it at the given moment. */
async function runChild(dir: string, run: number, mode: string, moment: KillMoment): Promise<RunResult> {
  const child = spawn(process.execPath, [childScript, dir, String(run), mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const acked: string[] = []
  let stderr = ''
  let buffered = ''
  let onReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => {
    onReady = resolve
  })
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (text: string) => {
    buffered += text
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      if (line.startsWith('ack ')) acked.push(line.slice(4))
      else if (line.startsWith('ready ')) onReady()
      newline = buffered.indexOf('\n')
    }
  })
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (text: string) => {
    stderr += text
  })
  const exited = waitForExit(child)
  if (moment.kind !== 'after-spawn') await Promise.race([ready, exited])
  if (moment.kind === 'mid-write') waitForWriteInProgress(dir, run, 400)
  else await new Promise((resolve) => setTimeout(resolve, moment.delayMs))
  child.kill('SIGKILL')
  await exited
  // Lines of acks already in the pipe are still delivered after the exit event; wait for the end.
  await new Promise<void>((resolve) =>
    child.stdout!.readableEnded ? resolve() : child.stdout!.once('end', resolve),
  )
  return { acked, stderr }
}

test(`survives ${RUNS} SIGKILLs at random moments without losing an acknowledged record`, {
  timeout: 120_000,
}, async () => {
  const dir = join(tmp.dir, 'journal')
  const rng = mulberry32(20260105)
  const expected = new Map<string, TradeRecord>()
  const expectedRecord = (id: string): TradeRecord => {
    let record = expected.get(id)
    if (record === undefined) {
      const [, r, i] = /^run(\d+)-(\d+)$/.exec(id) ?? []
      if (r === undefined) throw new Error(`unexpected record id ${id}`)
      record = crashRecord(Number(r), Number(i))
      expected.set(id, record)
    }
    return record
  }
  const acknowledged = new Set<string>()
  let tornSeen = 0
  let repairLeftToChild = false
  let childRepairs = 0
  let leftForChild: RawTail[] = []

  for (let run = 0; run < RUNS; run++) {
    const mode = run % 2 === 0 ? 'group' : 'fsync'
    // Kill moments: a random time after the child is ready; the moment a file is seen ending
    // mid-line (inside a write); or, after a run whose repair is left to the child, a random time
    // after spawn (possibly in the middle of the child's own repair).
    const moment: KillMoment =
      run % 3 !== 0
        ? { kind: 'mid-write' }
        : repairLeftToChild && run % 2 === 0
          ? { kind: 'after-spawn', delayMs: 60 + Math.floor(rng() * 120) }
          : { kind: 'after-ready', delayMs: Math.floor(rng() * 150) }
    const result = await runChild(dir, run, mode, moment)
    expect(result.stderr).toBe('')
    for (const id of result.acked) acknowledged.add(id)

    // 1. Read-only: sees every acknowledged record, skips (and reports) torn tails, repairs nothing.
    const rawTails = await rawTornTails(dir)
    // Tails left for the child to repair are either still there or set aside, never gone.
    for (const tail of leftForChild) {
      const still = rawTails.some((t) => t.file === tail.file && t.bytes.equals(tail.bytes))
      expect(still || (await corruptEntries(`${tail.file}.corrupt`)).some((e) => e.equals(tail.bytes))).toBe(
        true,
      )
      if (!still) childRepairs++
    }
    leftForChild = []
    tornSeen += rawTails.length
    const reader = await openJournal({ dir, readOnly: true })
    expect(reader.recoveries.map((r) => [r.file, r.length, r.action])).toEqual(
      rawTails.map((t) => [t.file, t.bytes.length, 'ignored']),
    )
    // This run and the previous one are the only ones whose files can have changed.
    const recent = (id: string) => id.startsWith(`run${run}-`) || id.startsWith(`run${run - 1}-`)
    const seen = new Set<string>()
    for await (const record of reader.readTrades({ from: firstDateOf(run - 1), to: lastDateOf(run) })) {
      expect(seen.has(record.id), `duplicate ${record.id}`).toBe(false)
      seen.add(record.id)
      expectSameRecord(record, expectedRecord(record.id))
    }
    await reader.close()
    for (const id of acknowledged) {
      if (recent(id)) expect(seen.has(id), `acknowledged record ${id} lost`).toBe(true)
    }
    // Each torn tail is a cut of a record the child was writing, not garbage.
    for (const tail of rawTails) {
      const text = tail.bytes.toString('utf8')
      const id = /"id":"(run\d+-\d+)"/.exec(text)?.[1]
      if (id !== undefined) {
        const [, r, i] = /^run(\d+)-(\d+)$/.exec(id)!
        expect(`${JSON.stringify(crashRecord(Number(r), Number(i)))}\n`.startsWith(text)).toBe(true)
      }
    }

    // 2. Writer (most runs): sets torn tails aside, reports them, and takes the next append.
    repairLeftToChild = run % 3 === 2
    if (repairLeftToChild) {
      leftForChild = rawTails
      continue
    }
    const writer = await openJournal({ dir, durability: { mode: 'group', intervalMs: 1 } })
    expect(writer.recoveries.map((r) => [r.file, r.length, r.action])).toEqual(
      rawTails.map((t) => [t.file, t.bytes.length, 'set_aside']),
    )
    for (const [i, report] of writer.recoveries.entries()) {
      const entry = await lastCorruptEntry(report.corruptFile!)
      expect(Buffer.from(entry.base64, 'base64').equals(rawTails[i]!.bytes)).toBe(true)
      expect(entry.line).toBe(report.line)
    }
    const marker = randomTrade(rng, { id: `run${run}-marker`, startDate: [2026, 2, 2 + run * 3], days: 3 })
    await writer.appendTrade(marker)
    expected.set(marker.id, marker)
    acknowledged.add(marker.id)
    await writer.close()
    expect(await rawTornTails(dir)).toEqual([])
  }

  // A last writer repairs whatever the last run left, and everything reads back clean.
  const final = await openJournal({ dir })
  const all = await final.queryTrades()
  await final.close()
  const ids = new Set(all.map((r) => r.id))
  expect(ids.size).toBe(all.length)
  for (const record of all) expectSameRecord(record, expectedRecord(record.id))
  for (const id of acknowledged) expect(ids.has(id)).toBe(true)
  expect(await rawTornTails(dir)).toEqual([])
  // The runs did real work: thousands of records were acknowledged before the kills.
  expect(acknowledged.size).toBeGreaterThan(RUNS * 10)
  console.info(
    `crash test: ${RUNS} kills, ${acknowledged.size} acknowledged records, ${all.length} on disk, ` +
      `${tornSeen} torn tail(s) seen, ${childRepairs} set aside by a restarted child`,
  )
})
