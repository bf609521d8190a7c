// Append throughput of the JSONL journal.
//
//   npm run bench -w @tradeblocks/journal
//
// Appends pre-generated trade inputs (validation and serialization are part of the measured work)
// and reports records/s: group commit with many appends in flight (a backtest or a busy bot), and
// fsync-per-record for comparison. Target: group commit sustains at least 50,000 records/s.
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { mulberry32 } from '@tradeblocks/test-utils'
import { openJournal, type TradeRecordInput } from '../src/index.js'
import { randomTradeInput } from '../test/fixtures.js'

const COUNT = Number(process.env.BENCH_COUNT ?? 200_000)
const IN_FLIGHT = 20_000
const TARGET = 50_000

const rng = mulberry32(1)
const inputs: TradeRecordInput[] = Array.from({ length: COUNT }, (_, i) =>
  randomTradeInput(rng, { id: `t-${i}`, startDate: [2026, 1, 5 + Math.floor(i / 10_000)], padding: i % 64 }),
)

async function run(
  label: string,
  durability: Parameters<typeof openJournal>[0],
  count: number,
  inFlight: number,
) {
  const dir = await mkdtemp(join(tmpdir(), 'tradeblocks-bench-append-'))
  try {
    const journal = await openJournal({ ...durability, dir } as Parameters<typeof openJournal>[0])
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    let pending: Promise<unknown>[] = []
    for (let i = 0; i < count; i++) {
      pending.push(journal.appendTrade(inputs[i] as TradeRecordInput))
      if (pending.length >= inFlight) {
        await Promise.all(pending)
        pending = []
      }
    }
    await Promise.all(pending)
    await journal.close()
    const seconds = (performance.now() - start) / 1000
    const cpu = process.cpuUsage(cpuStart)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const rate = count / seconds
    console.log(
      `${label.padEnd(46)} ${count.toLocaleString('en-US').padStart(8)} records in ${seconds.toFixed(2)} s = ` +
        `${Math.round(rate).toLocaleString('en-US').padStart(9)} records/s ` +
        `(${Math.round(count / cpuSeconds).toLocaleString('en-US')} per CPU-second, ` +
        `${(cpuSeconds / seconds).toFixed(2)} cores busy; load average ${loadavg()[0]?.toFixed(1)})`,
    )
    return rate
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// Warm up the JIT (zod, JSON) so the first measurement is not a cold start.
await run('warm-up', { dir: '', durability: { mode: 'group', intervalMs: 10 } }, 20_000, IN_FLIGHT)
const group = await run(
  'group commit (10 ms), 20k appends in flight',
  { dir: '', durability: { mode: 'group', intervalMs: 10 } },
  COUNT,
  IN_FLIGHT,
)
await run(
  'fsync every record, 256 appends in flight',
  { dir: '', durability: { mode: 'fsync' } },
  Math.min(COUNT, 50_000),
  256,
)
await run('fsync every record, one append at a time', { dir: '', durability: { mode: 'fsync' } }, 500, 1)
console.log(
  group >= TARGET
    ? `OK: group commit sustains >= ${TARGET.toLocaleString('en-US')} records/s`
    : `BELOW TARGET of ${TARGET.toLocaleString('en-US')} records/s`,
)
if (group < TARGET) process.exitCode = 1
