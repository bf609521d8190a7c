// Benchmark: an event-driven SMA(10/30) crossover backtest with orders and fills over 1,000,000
// one-minute bars of one symbol, end to end: BacktestRunner, OrderManager, PaperBroker (commission
// 0.1 %, market orders at the next open), sessions from the NYSE calendar. Prints bars per second and
// peak memory. Runs three times (ROUNDS) over the same prepared data and reports the best, since other
// processes on the machine slow the wall clock.
//
//   npm run bench -w @tradeblocks/engine
//   BARS=200000 npm run bench -w @tradeblocks/engine
//
// Prices are prepared up front in typed arrays (40 MB, like a file already read); the timed run streams
// them as bar events, one regular session after another (390 per trading day, about ten years for a
// million), so every bar object is created during the run, as a reader would create it.
import { availableParallelism, loadavg } from 'node:os'
import { PaperBroker } from '@tradeblocks/broker-paper'
import { ManualClock, type MarketEvent, nyse } from '@tradeblocks/core'
import { BacktestRunner, type Strategy } from '../src/index.js'

const BARS = Number(process.env.BARS ?? 1_000_000)

/** Opens (epoch ms) of enough regular sessions for `n` bars, from 2015-01-02. */
function sessionOpens(n: number): number[] {
  const opens: number[] = []
  let date = '2015-01-02'
  while (opens.length * 390 < n) {
    const day = nyse.schedule(date)
    if (day !== undefined) opens.push(day.regular.start)
    date = nyse.nextTradingDay(date)
  }
  return opens
}

/** The prices of `n` one-minute bars: a seeded random walk on the penny grid, in typed arrays. */
function prices(n: number) {
  let seed = 42
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0
    return seed / 4294967296
  }
  const open = new Float64Array(n)
  const close = new Float64Array(n)
  const wick = new Float64Array(n)
  const volume = new Float64Array(n)
  let price = 100
  for (let i = 0; i < n; i++) {
    open[i] = price
    price = Math.max(1, Math.round((price + (rand() - 0.5) * 0.2) * 100) / 100)
    close[i] = price
    wick[i] = Math.round(rand() * 5) / 100
    volume[i] = 1_000 + Math.floor(rand() * 5_000)
  }
  return { open, close, wick, volume, sessions: sessionOpens(n) }
}

/** Streams the bars as market events, one regular session after another (as a file reader would). */
function* minuteBars(data: ReturnType<typeof prices>): Generator<MarketEvent> {
  const n = data.open.length
  let i = 0
  for (const start of data.sessions) {
    for (let m = 0; m < 390 && i < n; m++, i++) {
      const o = data.open[i] as number
      const c = data.close[i] as number
      const w = data.wick[i] as number
      yield {
        kind: 'bar',
        bar: {
          symbol: 'SPY',
          timeframe: '1m',
          ts: start + m * 60_000,
          open: o,
          high: Math.max(o, c) + w,
          low: Math.max(0.01, Math.min(o, c) - w),
          close: c,
          volume: data.volume[i] as number,
        },
      }
    }
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
      fastSum += bar.close - (count >= fast ? (window[(count - fast + slow) % slow] as number) : 0)
      window[i] = bar.close
      count++
      if (count < slow) return
      const diff = fastSum / fast - slowSum / slow
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

async function run(data: ReturnType<typeof prices>) {
  const clock = new ManualClock(0)
  const broker = new PaperBroker({
    clock,
    initialCash: 1_000_000,
    commission: { kind: 'percent', percent: 0.1 },
  })
  const started = performance.now()
  const result = await new BacktestRunner({
    strategy: smaCrossover(),
    clock,
    broker,
    data: minuteBars(data),
  }).run()
  return { ms: performance.now() - started, result }
}

await run(prices(50_000)) // warm up the JIT
const data = prices(BARS) // prepared up front, like a file already read: the run is what is timed
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const rates: number[] = []
let last: Awaited<ReturnType<typeof run>> | undefined
let peak = 0
for (let round = 0; round < ROUNDS; round++) {
  last = undefined
  globalThis.gc?.()
  last = await run(data)
  rates.push((last.result.bars / last.ms) * 1000)
  // Peak memory of the process through the first run (later rounds add the garbage of earlier ones).
  if (round === 0) peak = process.resourceUsage().maxRSS * 1024
}
const { result } = last as Awaited<ReturnType<typeof run>>
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
console.log(
  `engine BacktestRunner + PaperBroker, SMA(10/30) crossover, ${result.bars.toLocaleString('en-US')} one-minute bars of one symbol`,
)
console.log(`  ${fmt(Math.max(...rates))} bars/s (best of ${ROUNDS} runs: ${rates.map(fmt).join(', ')})`)
console.log(
  `  load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores (other processes slow the wall clock)`,
)
console.log(`  peak memory (max RSS, through the first run): ${(peak / 1e6).toFixed(0)} MB`)
console.log(
  `  ${result.orders.length} orders, ${result.fills.length} fills, final equity ${result.account.equity}`,
)
