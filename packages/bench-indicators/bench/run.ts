// Benchmarks @tradeblocks/indicators side by side with technicalindicators, trading-signals,
// @debut/indicators, indicatorts, @ixjb94/indicators, tulind and talib on the same seeded series.
// Each library runs in its own process (in rotating order, several rounds); each figure is the
// median of medians. Usage:
//   npm run bench -w @tradeblocks/bench-indicators -- --bars=1000000 --rounds=3 [--only=SMA(20),RSI(14)] [--libs=tradeblocks,tulind]
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { LIBRARIES, type Library } from './cases.js'

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k!, v ?? 'true'] as const
  }),
)
const bars = Number(args.get('bars') ?? process.env.BENCH_BARS ?? 1_000_000)
const rounds = Number(args.get('rounds') ?? process.env.BENCH_ROUNDS ?? 3)
const libs = (args.get('libs')?.split(',') ?? [...LIBRARIES]) as Library[]
const only = args.get('only')
const slowAfterMs = 45_000

interface WorkerResult {
  lib: Library
  results: Record<
    string,
    { batchMs?: number; streamMs?: number; bytesPerUpdate?: number; bytesPerUpdateCurrent?: number }
  >
}

const worker = join(import.meta.dirname, 'worker.ts')
const samples = new Map<string, number[]>() // key: lib|case|mode
const bytes = new Map<string, number[]>()
const bytesCurrent = new Map<string, number[]>()
const caseNames: string[] = []
const slow = new Set<string>()
const add = (map: Map<string, number[]>, key: string, v: number) => {
  const list = map.get(key) ?? []
  list.push(v)
  map.set(key, list)
}

console.log(`Benchmark: ${bars.toLocaleString('en-US')} bars, ${rounds} round(s), Node ${process.version}\n`)
for (let round = 0; round < rounds; round++) {
  const order = libs.map((_, i) => libs[(i + round) % libs.length]!)
  const jobs = order.flatMap((lib) => (['batch', 'stream'] as const).map((mode) => [lib, mode] as const))
  for (const [lib, mode] of jobs) {
    if (round > 0 && slow.has(`${lib}|${mode}`)) continue
    const started = Date.now()
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        '--conditions=@tradeblocks/source',
        '--import',
        'tsx',
        worker,
        `--lib=${lib}`,
        `--mode=${mode}`,
        `--bars=${bars}`,
        ...(only ? [`--only=${only}`] : []),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const elapsed = Date.now() - started
    if (elapsed > slowAfterMs) slow.add(`${lib}|${mode}`)
    const parsed = JSON.parse(out.trim().split('\n').pop()!) as WorkerResult
    for (const [name, r] of Object.entries(parsed.results)) {
      if (!caseNames.includes(name)) caseNames.push(name)
      if (r.batchMs !== undefined) add(samples, `${lib}|${name}|batch`, r.batchMs)
      if (r.streamMs !== undefined) add(samples, `${lib}|${name}|stream`, r.streamMs)
      if (r.bytesPerUpdate !== undefined) add(bytes, name, r.bytesPerUpdate)
      if (r.bytesPerUpdateCurrent !== undefined) add(bytesCurrent, name, r.bytesPerUpdateCurrent)
    }
    process.stderr.write(`round ${round + 1}: ${lib} ${mode} in ${(elapsed / 1000).toFixed(1)} s\n`)
  }
}

const median = (xs: number[] | undefined) => {
  if (!xs || xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const batchSamples = (lib: Library, name: string) => samples.get(`${lib}|${name}|batch`)
const mbps = (ms: number | undefined) => (ms === undefined ? undefined : bars / ms / 1e3)
const ns = (ms: number | undefined) => (ms === undefined ? undefined : (ms * 1e6) / bars)
const f1 = (x: number | undefined) =>
  x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)
const ratio = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(1)}×`)
const peers = libs.filter((l) => l !== 'tradeblocks')
const ordered = caseNames.filter((name) => samples.has(`tradeblocks|${name}|batch`))

console.log('### Summary: tradeblocks against the fastest peer\n')
console.log(
  '| indicator | batch M bars/s | fastest peer batch | batch ratio | streaming ns/update | fastest peer streaming | streaming ratio | bytes/update |',
)
console.log('|---|---:|---|---:|---:|---|---:|---:|')
let failures = 0
for (const name of ordered) {
  const oursBatch = mbps(median(samples.get(`tradeblocks|${name}|batch`)))
  const oursStream = ns(median(samples.get(`tradeblocks|${name}|stream`)))
  let bestBatch: [Library, number] | undefined
  let bestStream: [Library, number] | undefined
  for (const lib of peers) {
    const b = mbps(median(batchSamples(lib, name)))
    if (b !== undefined && (bestBatch === undefined || b > bestBatch[1])) bestBatch = [lib, b]
    const s = ns(median(samples.get(`${lib}|${name}|stream`)))
    if (s !== undefined && (bestStream === undefined || s < bestStream[1])) bestStream = [lib, s]
  }
  const batchRatio = oursBatch !== undefined && bestBatch ? oursBatch / bestBatch[1] : undefined
  const streamRatio = oursStream !== undefined && bestStream ? bestStream[1] / oursStream : undefined
  if ((batchRatio ?? 99) < 1.5 || (streamRatio ?? 99) < 1.5) failures++
  console.log(
    `| ${name} | ${f1(oursBatch)} | ${bestBatch ? `${f1(bestBatch[1])} (${bestBatch[0]})` : '–'} | ${ratio(batchRatio)} | ${f1(
      oursStream,
    )} | ${bestStream ? `${f1(bestStream[1])} (${bestStream[0]})` : '–'} | ${ratio(streamRatio)} | ${f1(median(bytes.get(name)))} / ${f1(
      median(bytesCurrent.get(name)),
    )} |`,
  )
}

console.log(
  '\n### Batch, M bars/s (higher is better; trading-signals and @debut/indicators have no batch form: their streaming loop storing each output)\n',
)
console.log(`| indicator | ${libs.join(' | ')} |`)
console.log(`|---|${libs.map(() => '---:').join('|')}|`)
for (const name of ordered) {
  console.log(`| ${name} | ${libs.map((lib) => f1(mbps(median(batchSamples(lib, name))))).join(' | ')} |`)
}
const streamLibs = libs.filter((lib) => ordered.some((name) => samples.has(`${lib}|${name}|stream`)))
console.log('\n### Streaming, ns per update (lower is better)\n')
console.log(`| indicator | ${streamLibs.join(' | ')} |`)
console.log(`|---|${streamLibs.map(() => '---:').join('|')}|`)
for (const name of ordered) {
  console.log(
    `| ${name} | ${streamLibs.map((lib) => f1(ns(median(samples.get(`${lib}|${name}|stream`))))).join(' | ')} |`,
  )
}
console.log(
  `\n${failures === 0 ? 'Every' : `${ordered.length - failures} of ${ordered.length}`} indicator(s) at least 1.5× the fastest peer in both forms.`,
)
