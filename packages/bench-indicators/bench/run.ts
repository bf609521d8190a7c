// Benchmarks @tradeblocks/indicators side by side with technicalindicators, trading-signals,
// @debut/indicators, indicatorts, @ixjb94/indicators, tulind and talib on the same seeded series.
// Every request (one library, one indicator, one form) runs in a fresh process of its own, which
// warms it up and times it: no library's indicator runs after another of its indicators has left
// type feedback in code they share (a shared base class's method seeing several classes is slower,
// which would handicap a library for what a benchmark happened to run before), and a process that
// runs 20-40% slower than another for the same code (from where its memory landed) counts for one
// round only. Rounds rotate the order of libraries, so a change in machine load hits every library
// alike. Each figure is the median over rounds of each request's median. `--shared` keeps one
// long-lived process per library and form instead (in `--procs` sets taking turns by round), as a
// bot using many indicators of one library runs them. A `floor` pseudo-library (same reads and
// outputs, no arithmetic) bounds the lead any library could have. Usage:
//   npm run bench -w @tradeblocks/bench-indicators -- --bars=1000000 --rounds=3 [--shared [--procs=2]] [--only=SMA(20),Stochastic(14,3,3)] [--libs=tradeblocks,tulind]
// BENCH_V8='--flag ...' passes extra V8 flags to the workers (to study inlining, for instance).
import { type ChildProcess, fork } from 'node:child_process'
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
const shared = args.has('shared')
const procs = Math.max(1, Number(args.get('procs') ?? process.env.BENCH_PROCS ?? 2))

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
const add = (map: Map<string, number[]>, key: string, v: number) => {
  const list = map.get(key) ?? []
  list.push(v)
  map.set(key, list)
}

interface WorkerHandle {
  lib: Library
  mode: Mode
  child: ChildProcess
  names: string[]
}
type Mode = 'batch' | 'stream'
type Reply = { ready?: boolean; names?: string[]; name?: string; result?: WorkerResult['results'][string] }

/**
 * A worker for one library and mode: long-lived with `--shared` (each request times one
 * indicator), else started for one indicator (`name`) and one request, with five warm-up runs.
 */
function start(lib: Library, mode: Mode, name?: string, listOnly = false): Promise<WorkerHandle> {
  const select = name ?? only
  const child = fork(
    worker,
    [
      `--lib=${lib}`,
      `--mode=${mode}`,
      // a process started only to list its indicators needs no series
      `--bars=${listOnly ? 0 : bars}`,
      ...(select ? [`--only=${select}`] : []),
      ...(name ? ['--warmup=5'] : []),
    ],
    {
      execArgv: [
        '--expose-gc',
        // lets the worker optimize a loop before measuring its allocations (see allocationPerUpdate)
        '--allow-natives-syntax',
        '--conditions=@tradeblocks/source',
        '--import',
        'tsx',
        ...(process.env.BENCH_V8 ? process.env.BENCH_V8.split(' ') : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  return new Promise((resolve, reject) => {
    child.once('message', (m: Reply) => resolve({ lib, mode, child, names: m.names ?? [] }))
    child.once('exit', (code) => reject(new Error(`${lib} ${mode} worker exited with ${code}`)))
  })
}

function ask(w: WorkerHandle, name: string): Promise<Reply> {
  return new Promise((resolve) => {
    w.child.once('message', (m: Reply) => resolve(m))
    w.child.send({ name })
  })
}

/** Times one indicator: asks a long-lived worker, or starts one for this request alone. */
async function request(w: WorkerHandle, name: string): Promise<Reply> {
  if (shared) return ask(w, name)
  const fresh = await start(w.lib, w.mode, name)
  const reply = await ask(fresh, name)
  await stop(fresh)
  return reply
}

function stop(w: WorkerHandle): Promise<void> {
  return new Promise((resolve) => {
    w.child.once('exit', () => resolve())
    w.child.send({ exit: true })
  })
}

console.log(
  `Benchmark: ${bars.toLocaleString('en-US')} bars, ${rounds} round(s), ${shared ? `${procs} set(s) of long-lived processes` : 'a fresh process per library, indicator and form'}, Node ${process.version}\n`,
)
const started = Date.now()
// with --shared, the long-lived processes; else one process per library and mode started only to
// list the indicators it has, then stopped
const sets: WorkerHandle[][] = []
for (let k = 0; k < (shared ? procs : 1); k++) {
  const set: WorkerHandle[] = []
  for (const lib of libs)
    for (const mode of ['batch', 'stream'] as const) set.push(await start(lib, mode, undefined, !shared))
  sets.push(set)
}
const workers = sets.flat()
if (!shared) for (const w of workers) await stop(w)
const caseNames =
  workers.find((w) => w.lib === 'tradeblocks' && w.mode === 'batch')?.names ?? workers[0]!.names
// A library far behind (5× slower than this package) after the first round is not timed again.
const dropped = new Set<string>()
for (let round = 0; round < rounds; round++) {
  for (const name of caseNames) {
    for (const mode of ['batch', 'stream'] as const) {
      // the sets of processes take turns by round
      const here = sets[round % sets.length]!.filter((w) => w.mode === mode && w.names.includes(name))
      // rotate the order each round so no library always runs first
      const order = here.map((_, i) => here[(i + round) % here.length]!)
      for (const w of order) {
        const key = `${w.lib}|${name}|${mode}`
        if (dropped.has(key)) continue
        const reply = await request(w, name)
        const r = reply.result ?? {}
        const ms = mode === 'batch' ? r.batchMs : r.streamMs
        if (ms !== undefined) add(samples, key, ms)
        if (r.bytesPerUpdate !== undefined) add(bytes, name, r.bytesPerUpdate)
        if (r.bytesPerUpdateCurrent !== undefined) add(bytesCurrent, name, r.bytesPerUpdateCurrent)
      }
      if (round === 0) {
        const ours = samples.get(`tradeblocks|${name}|${mode}`)?.[0]
        for (const w of here) {
          const theirs = samples.get(`${w.lib}|${name}|${mode}`)?.[0]
          if (
            w.lib !== 'tradeblocks' &&
            w.lib !== 'floor' &&
            ours !== undefined &&
            theirs !== undefined &&
            theirs > 5 * ours
          )
            dropped.add(`${w.lib}|${name}|${mode}`)
        }
      }
    }
  }
  process.stderr.write(`round ${round + 1} done after ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
}
if (shared) for (const w of workers) w.child.send({ exit: true })

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
const ratio = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(2)}×`)
const peers = libs.filter((l) => l !== 'tradeblocks' && l !== 'floor')
const ordered = caseNames.filter((name) => samples.has(`tradeblocks|${name}|batch`))

console.log('### Summary: tradeblocks against the fastest peer\n')
console.log(
  '| indicator | batch M bars/s | fastest peer batch | batch ratio (ceiling) | streaming ns/update | fastest peer streaming | streaming ratio (ceiling) | bytes/update |',
)
console.log('|---|---:|---|---:|---:|---|---:|---:|')
let failures = 0
let compared = 0
const withoutPeer = new Set<string>()
let unattainable = 0
// the most any library could lead the fastest peer by: the floor's speed over the peer's
const ceiling = (x: number | undefined) => (x === undefined ? '' : ` (${x.toFixed(1)}×)`)
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
  const floorBatch = mbps(median(batchSamples('floor', name)))
  const floorStream = ns(median(samples.get(`floor|${name}|stream`)))
  const batchCeiling = floorBatch !== undefined && bestBatch ? floorBatch / bestBatch[1] : undefined
  const streamCeiling = floorStream !== undefined && bestStream ? bestStream[1] / floorStream : undefined
  if (bestBatch === undefined && bestStream === undefined) withoutPeer.add(name)
  else compared++
  const batchShort = (batchRatio ?? 99) < 1.5
  const streamShort = (streamRatio ?? 99) < 1.5
  if (batchShort || streamShort) {
    failures++
    if ((batchShort && (batchCeiling ?? 99) < 1.5) || (streamShort && (streamCeiling ?? 99) < 1.5))
      unattainable++
  }
  console.log(
    `| ${name} | ${f1(oursBatch)} | ${bestBatch ? `${f1(bestBatch[1])} (${bestBatch[0]})` : '–'} | ${ratio(batchRatio)}${ceiling(batchCeiling)} | ${f1(
      oursStream,
    )} | ${bestStream ? `${f1(bestStream[1])} (${bestStream[0]})` : '–'} | ${ratio(streamRatio)}${ceiling(streamCeiling)} | ${f1(median(bytes.get(name)))} / ${f1(
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
  `\n${failures === 0 ? 'Every' : `${compared - failures} of ${compared}`} indicator(s) at least 1.5× the fastest peer in both forms${withoutPeer.size > 0 ? ` (not counted, no peer has them: ${[...withoutPeer].join(', ')})` : ''}.`,
)
if (failures > 0 && libs.includes('floor')) {
  console.log(
    `Of the other ${failures}, ${unattainable} fall short in a form whose ceiling is under 1.5×: there the fastest peer is within 1.5× of the floor (same reads, same outputs, no arithmetic), so no implementation can lead it by 1.5× in this harness.`,
  )
}
