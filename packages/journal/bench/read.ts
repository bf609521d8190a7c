// Read throughput of the JSONL journal: streams, parses and validates every line.
//
//   npm run bench -w @tradeblocks/journal
//
// Writes BENCH_COUNT (default 1,000,000) trades once into a temporary journal, then times a full
// read with validation. The statistics-over-a-million-records target lives in
// @tradeblocks/performance's benchmark, which uses this same reader.
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { mulberry32 } from '@tradeblocks/test-utils'
import { openJournal } from '../src/index.js'
import { randomTradeInput } from '../test/fixtures.js'

const COUNT = Number(process.env.BENCH_COUNT ?? 1_000_000)
const dir = await mkdtemp(join(tmpdir(), 'tradeblocks-bench-read-'))
try {
  const writer = await openJournal({ dir, durability: { mode: 'group', intervalMs: 20 } })
  const rng = mulberry32(2)
  let pending: Promise<unknown>[] = []
  const writeStart = performance.now()
  for (let i = 0; i < COUNT; i++) {
    pending.push(
      writer.appendTrade(
        randomTradeInput(rng, { id: `t-${i}`, startDate: [2026, 1, 5 + Math.floor(i / 4_000)] }),
      ),
    )
    if (pending.length >= 20_000) {
      await Promise.all(pending)
      pending = []
    }
  }
  await Promise.all(pending)
  await writer.close()
  console.log(
    `wrote ${COUNT.toLocaleString('en-US')} records in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`,
  )

  for (let round = 1; round <= 3; round++) {
    const reader = await openJournal({ dir, readOnly: true })
    const start = performance.now()
    let n = 0
    let net = 0
    for await (const trade of reader.readTrades()) {
      n++
      net += trade.netPnl
    }
    const seconds = (performance.now() - start) / 1000
    await reader.close()
    console.log(
      `read #${round}: ${n.toLocaleString('en-US')} validated records in ${seconds.toFixed(2)} s = ` +
        `${Math.round(n / seconds).toLocaleString('en-US')} records/s (net ${net.toFixed(2)}; load average ${loadavg()[0]?.toFixed(1)})`,
    )
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
