// Scan and rank 10,000 premarket snapshots; classify a batch of headlines.
// Run: npm run bench -w @tradeblocks/scanner
import { type CatalystClassification, classifyCatalyst, rankMomentum, scanPremarket } from '../src/index.js'
import { generateSnapshots } from '../test/snapshots.js'

const TARGET_MS = 10
const NOW = Date.UTC(2026, 0, 6, 14, 0)

/**
 * Median wall time and median CPU time (user + system) of one call, in ms. CPU time is what one core
 * spends; on a busy machine the wall time also counts the wait for a core.
 */
function time(name: string, runs: number, fn: () => unknown): { wall: number; cpu: number } {
  for (let i = 0; i < 20; i++) fn() // warm up the JIT
  const walls: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage()
    const start = process.hrtime.bigint()
    fn()
    walls.push(Number(process.hrtime.bigint() - start) / 1e6)
    const cpu = process.cpuUsage(cpu0)
    cpus.push((cpu.user + cpu.system) / 1e3)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const result = { wall: median(walls), cpu: median(cpus) }
  console.log(
    `${name.padEnd(58)} cpu ${result.cpu.toFixed(2)} ms  wall ${result.wall.toFixed(2)} ms (medians)`,
  )
  return result
}

// A realistic universe: 10,000 symbols, 5% bad data, a few duplicates.
const universe = generateSnapshots({ seed: 1, count: 10_000 })
// The worst case for the ranker: every snapshot passes (lenient filters).
const lenient = {
  minGapPct: -100,
  minRelativeVolume: 0,
  minPrice: 0,
  maxPrice: 1e9,
  minPremarketDollarVolume: 0,
}
const allPassed = scanPremarket(universe, lenient).passed
const headlines = [
  'Announces FDA Approval of Lead Drug',
  'Prices $25 Million Public Offering',
  'Beats Estimates but Cuts Full-Year Guidance',
  'Awarded $40 Million Army Contract',
  'Enters into Definitive Agreement to Be Acquired',
]
const catalysts: CatalystClassification[] = allPassed.slice(0, 500).map((c, i) =>
  classifyCatalyst(
    {
      headline: `${c.symbol} ${headlines[i % headlines.length]}`,
      symbols: [c.symbol],
      publishedAt: NOW - 3_600_000,
    },
    { now: NOW },
  ),
)

console.log(`universe: ${universe.length} snapshots; ${allPassed.length} pass the lenient filters\n`)
time('scanPremarket, 10,000 snapshots, default filters', 200, () => scanPremarket(universe))
const rank = time('rankMomentum, 10,000 candidates + 500 news, top 20', 200, () =>
  rankMomentum(allPassed, { catalysts }),
)
const both = time('scan + rank, 10,000 snapshots (every one passes) + news', 200, () =>
  rankMomentum(scanPremarket(universe, lenient).passed, { catalysts }),
)
time('classifyCatalyst, 1,000 headlines', 50, () => {
  for (let i = 0; i < 1_000; i++)
    classifyCatalyst(
      { headline: `ABCD ${headlines[i % headlines.length]}`, symbols: ['ABCD'], publishedAt: NOW - 60_000 },
      { now: NOW },
    )
})
const verdict = (ms: number) => (ms < TARGET_MS ? 'met' : 'NOT met')
console.log(
  `\nranking 10,000: ${rank.cpu.toFixed(2)} ms of CPU; target under ${TARGET_MS} ms: ${verdict(rank.cpu)}`,
)
console.log(
  `scan + rank of 10,000: ${both.cpu.toFixed(2)} ms of CPU; target under ${TARGET_MS} ms: ${verdict(both.cpu)}`,
)
