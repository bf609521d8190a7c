// Benchmark: an event-driven SMA-crossover backtest with orders and fills over 1,000,000 one-minute bars
// of one symbol, through runBacktest (merge + checks, engine runner, paper broker, trade ledger, equity
// curve, stats). Prints bars per second and peak memory, and the engine runner alone on the same data,
// so the cost of this package's layer is visible.
//
//   npm run bench -w @tradeblocks/backtest            (1,000,000 bars)
//   BARS=200000 npm run bench -w @tradeblocks/backtest
//
// The random walk is drawn once, before timing, into compact typed columns (closes and wicks in cents,
// volumes: 8 bytes a bar, counted in the peak memory); the bars are then delivered lazily, a fresh object
// per bar, as a file reader or a vendor would stream them, so the memory figure is the backtest's, not a
// million bars held in an array.

import { fileURLToPath } from 'node:url'
import { PaperBroker } from '@tradeblocks/broker-paper'
import { type Bar, ManualClock } from '@tradeblocks/core'
import { BacktestRunner, type Strategy } from '@tradeblocks/engine'
import { mergeMarketEvents, runBacktest } from '../src/index.js'
import { Random } from '../src/random.js'

const BARS = Number(process.env.BARS ?? 1_000_000)
const START = Date.UTC(2020, 0, 2, 14, 30)

/** The seeded random walk on a penny grid: close and wick in cents, volume, per minute. */
interface Walk {
  closeCents: Int32Array
  wickCents: Uint16Array
  volume: Uint16Array
}

function randomWalk(n: number): Walk {
  const rng = new Random('bench')
  const walk: Walk = {
    closeCents: new Int32Array(n),
    wickCents: new Uint16Array(n),
    volume: new Uint16Array(n),
  }
  let price = 100
  for (let i = 0; i < n; i++) {
    price = Math.max(1, price * Math.exp(0.0008 * rng.normal()))
    walk.closeCents[i] = Math.round(price * 100)
    walk.wickCents[i] = Math.round(Math.abs(rng.normal()) * 5)
    walk.volume[i] = 1000 + rng.int(0, 5000)
  }
  return walk
}

/** One symbol's one-minute bars of the first `n` minutes of the walk, one fresh bar object at a time. */
function* minuteBars(walk: Walk, n: number): Generator<Bar> {
  let o = 100
  for (let i = 0; i < n; i++) {
    const close = (walk.closeCents[i] as number) / 100
    const wick = (walk.wickCents[i] as number) / 100
    yield {
      symbol: 'SPY',
      timeframe: '1m',
      ts: START + i * 60_000,
      open: o,
      high: Math.max(o, close) + wick,
      low: Math.max(0.01, Math.min(o, close) - wick),
      close,
      volume: walk.volume[i] as number,
    }
    o = close
  }
}

/** SMA(10) / SMA(30) crossover: buy 100 on a cross up, sell the position on a cross down. */
function smaCrossover(fast = 10, slow = 30): Strategy {
  const window = new Float64Array(slow)
  let count = 0
  let fastSum = 0
  let slowSum = 0
  let previous = 0
  return {
    name: 'sma-crossover',
    onBar(bar, ctx) {
      const i = count % slow
      slowSum += bar.close - (window[i] as number)
      fastSum += bar.close - (count >= fast ? (window[(count - fast) % slow] as number) : 0)
      window[i] = bar.close
      count++
      if (count < slow) return
      const diff = fastSum / fast - slowSum / slow
      // Only on a cross (a few percent of bars) does the strategy look at its position and orders.
      if (diff > 0 && previous <= 0) {
        if (ctx.position(bar.symbol) === undefined && ctx.openOrders(bar.symbol).length === 0)
          void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: 100 })
      } else if (diff < 0 && previous >= 0) {
        const position = ctx.position(bar.symbol)
        if (position !== undefined && ctx.openOrders(bar.symbol).length === 0)
          void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'sell', qty: position.qty })
      }
      previous = diff
    },
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`
}

/** Runs one mode in this process and prints a JSON line: time, counts and peak memory. */
async function measure(mode: 'runBacktest' | 'engine'): Promise<void> {
  const walk = randomWalk(BARS)
  // Warm up the JIT on a short run of the same code, then measure.
  if (mode === 'runBacktest')
    await runBacktest({
      strategy: smaCrossover(),
      data: { bars: [minuteBars(walk, Math.min(BARS, 50_000))] },
      sessions: 'none',
    })
  else await engineOnly(walk, Math.min(BARS, 50_000))
  globalThis.gc?.()
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  let detail = ''
  if (mode === 'runBacktest') {
    const report = await runBacktest({
      strategy: smaCrossover(),
      data: { bars: [minuteBars(walk, BARS)] },
      initialCash: 1_000_000,
      sessions: 'none',
    })
    detail = `${report.fills.length} fills, ${report.trades.length} closed trades, ${report.equity.ts.length} equity points, net P&L ${report.stats.netPnl}`
  } else {
    const fills = await engineOnly(walk, BARS)
    detail = `${fills} fills`
  }
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024)
  console.log(JSON.stringify({ mode, ms, peak, detail }))
}

async function engineOnly(walk: Walk, n: number): Promise<number> {
  const clock = new ManualClock(0)
  const broker = new PaperBroker({ clock, initialCash: 1_000_000 })
  const result = await new BacktestRunner({
    strategy: smaCrossover(),
    clock,
    broker,
    sessions: 'none',
    data: mergeMarketEvents({ bars: [minuteBars(walk, n)], validate: false }),
  }).run()
  return result.fills.length
}

const mode = process.env.BENCH_MODE
if (mode === 'runBacktest' || mode === 'engine') await measure(mode)
else {
  // Each mode in its own process, so each peak memory figure is its own.
  const { execFileSync } = await import('node:child_process')
  const run = (m: string) =>
    JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        env: { ...process.env, BENCH_MODE: m },
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .at(-1) as string,
    ) as { ms: number; peak: number; detail: string }
  const full = run('runBacktest')
  const engine = run('engine')
  const rate = (BARS / full.ms) * 1000
  console.log(
    `runBacktest, SMA(10/30) crossover, ${BARS.toLocaleString('en-US')} one-minute bars of one symbol (one core)`,
  )
  console.log(
    `  ${Math.round(rate).toLocaleString('en-US')} bars/s (${full.ms.toFixed(0)} ms), peak memory (RSS) ${mb(full.peak)}`,
  )
  console.log(`  ${full.detail}`)
  console.log(
    `engine BacktestRunner + PaperBroker alone on the same bars: ${Math.round((BARS / engine.ms) * 1000).toLocaleString('en-US')} bars/s (${engine.ms.toFixed(0)} ms), peak ${mb(engine.peak)}; ${engine.detail}`,
  )
  console.log(
    `  this package's layer (merge + checks, trade ledger, equity curve, statistics): ${(((full.ms - engine.ms) / BARS) * 1e6).toFixed(0)} ns per bar, ${mb(full.peak - engine.peak)}`,
  )
}
