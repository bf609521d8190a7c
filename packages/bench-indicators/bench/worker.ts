// One library in one process: runs every indicator it has over the same seeded series, batch and
// streaming, and prints one JSON line of median timings. Started by run.ts; not meant to be run alone.
import { PerformanceObserver } from 'node:perf_hooks'
import { generateBars } from '../src/data.js'
import { cases, type Data, type Library, type StreamRun } from './cases.js'

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k!, v ?? 'true'] as const
  }),
)
const lib = args.get('lib') as Library
const bars = Number(args.get('bars') ?? 1_000_000)
// names are separated by commas outside parentheses, so `--only=Stochastic(14,3,3),ATR(14)` works
const only = args.get('only')?.split(/,(?![^(]*\))/)
const budgetMs = Number(args.get('budget') ?? 600)
const mode = args.get('mode') === 'stream' ? 'stream' : 'batch'
const warmups = Math.max(1, Number(args.get('warmup') ?? 1))

const columns = generateBars(bars, { seed: 1 })
let candles: Data['candles'] | undefined
const data: Data = {
  n: bars,
  ...columns,
  // the bar objects a bot would hold, built once, before timing, by the workers that read them
  get candles() {
    candles ??= columns.close.map((close, i) => ({
      open: columns.open[i]!,
      high: columns.high[i]!,
      low: columns.low[i]!,
      close,
      volume: columns.volume[i]!,
    }))
    return candles
  },
}

let sink = 0
const gc = (globalThis as { gc?: () => void }).gc

/**
 * Median milliseconds of `run` after the warm-up runs; 3 to 9 timed runs within the budget (1 for
 * a library that takes seconds per run). No forced GC between runs: on 2 cores its concurrent sweeping would slow the next run.
 */
function time(run: (d: Data) => number, warmUp: boolean): number {
  // warm-up (and JIT), once per indicator and process: `--warmup` runs (1 by default; run.ts asks
  // for 5 in a fresh process), fewer for a library that takes over a second
  let warm = 0
  for (let spent = 0; warmUp && warm < warmups && (warm === 0 || spent < 1000); warm++) {
    const t0 = process.hrtime.bigint()
    sink += run(data)
    spent += Number(process.hrtime.bigint() - t0) / 1e6
  }
  const samples: number[] = []
  let spent = 0
  // fast cases: up to 9 runs within the budget; slow ones (seconds per run) stop after 1 to 3
  while (
    samples.length < 1 ||
    (samples.length < 3 && spent < 3 * budgetMs) ||
    (spent < budgetMs && samples.length < 9)
  ) {
    const t0 = process.hrtime.bigint()
    sink += run(data)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    samples.push(ms)
    spent += ms
  }
  samples.sort((a, b) => a - b)
  return samples[samples.length >> 1]!
}

/**
 * Optimizes a function on its next call when the worker runs with `--allow-natives-syntax` (run.ts
 * passes it); a no-op otherwise.
 */
const optimizeOnNextCall: (f: unknown) => void = (() => {
  try {
    return new Function('f', '%PrepareFunctionForOptimization(f); %OptimizeFunctionOnNextCall(f)') as (
      f: unknown,
    ) => void
  } catch {
    return () => {}
  }
})()

/**
 * Bytes allocated per streaming update in steady state: one long-lived instance is warmed up over
 * the series twice, the loop is optimized and run once more, then the heap growth over each of
 * three more passes (with no GC during the pass) is divided by the number of updates, and the
 * smallest of the three is reported. Without the explicit optimization the measured pass could run
 * in on-stack-replacement code, which boxes numbers that the optimized loop keeps unboxed; and a
 * single pass sometimes still ran partly in code V8 was about to replace (a background compile on
 * a busy machine): the figures then moved between runs with no change to the code.
 */
function allocationPerUpdate(run: StreamRun, current: boolean): number | undefined {
  if (gc === undefined) return undefined
  const feed = current ? run.feedCurrent : run.feed
  const s = run.make()
  sink += feed(s, data)
  sink += feed(s, data)
  optimizeOnNextCall(feed)
  sink += feed(s, data)
  let smallest: number | undefined
  for (let pass = 0; pass < 3; pass++) {
    gc()
    let collections = 0
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length
    })
    observer.observe({ entryTypes: ['gc'] })
    const before = process.memoryUsage().heapUsed
    sink += feed(s, data)
    const after = process.memoryUsage().heapUsed
    collections += observer.takeRecords().length
    observer.disconnect()
    // a collection during the pass would hide allocations: that pass does not count
    if (collections !== 0) continue
    const bytes = Math.max(0, after - before) / data.n
    smallest = smallest === undefined ? bytes : Math.min(smallest, bytes)
  }
  return smallest
}

type Result = { batchMs?: number; streamMs?: number; bytesPerUpdate?: number; bytesPerUpdateCurrent?: number }
const table = cases(lib)
const warmed = new Set<string>()

/** Times one indicator in this process's mode. */
function measure(name: string): Result {
  const runner = table[name]
  const r: Result = {}
  if (runner === undefined) return r
  if (mode === 'batch' && runner.batch) r.batchMs = time(runner.batch, !warmed.has(name))
  if (mode === 'stream' && runner.stream) {
    r.streamMs = time(runner.stream, !warmed.has(name))
    if (lib === 'tradeblocks' && 'feed' in runner.stream && !warmed.has(name)) {
      const bytes = allocationPerUpdate(runner.stream, false)
      if (bytes !== undefined) r.bytesPerUpdate = bytes
      const quiet = allocationPerUpdate(runner.stream, true)
      if (quiet !== undefined) r.bytesPerUpdateCurrent = quiet
    }
  }
  warmed.add(name)
  return r
}

const names = Object.entries(table)
  .filter(
    ([name, runner]) => (!only || only.includes(name)) && (mode === 'batch' ? runner.batch : runner.stream),
  )
  .map(([name]) => name)

if (process.send) {
  // driven by run.ts over IPC: one indicator per request, so libraries interleave tightly
  process.send({ ready: true, names })
  process.on('message', (message: { name?: string; exit?: boolean }) => {
    if (message.exit || message.name === undefined) process.exit(0)
    process.send!({ name: message.name, result: measure(message.name), sink: Number.isFinite(sink) })
  })
} else {
  const results: Record<string, Result> = {}
  for (const name of names) results[name] = measure(name)
  process.stdout.write(`${JSON.stringify({ lib, mode, bars, results, sink: Number.isFinite(sink) })}\n`)
}
