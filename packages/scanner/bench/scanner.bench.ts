// Scan and rank 10,000 premarket snapshots; classify a batch of headlines.
// Run: npm run bench -w @tradeblocks/scanner
import { type CatalystClassification, classifyCatalyst, rankMomentum, scanPremarket } from '../src/index.js'
import { generateSnapshots } from '../test/snapshots.js'

const TARGET_MS = 10
const NOW = Date.UTC(2026, 0, 6, 14, 0)

function time(name: string, runs: number, fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn() // warm up the JIT
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)]!
  const p95 = samples[Math.floor(samples.length * 0.95)]!
  console.log(`${name.padEnd(58)} median ${median.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`)
  return median
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
time('rankMomentum, 10,000 candidates + 500 news, top 20', 200, () => rankMomentum(allPassed, { catalysts }))
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
console.log(
  `\nscan + rank of 10,000: ${both.toFixed(2)} ms per scan; target under ${TARGET_MS} ms: ${both < TARGET_MS ? 'met' : 'NOT met'}`,
)
