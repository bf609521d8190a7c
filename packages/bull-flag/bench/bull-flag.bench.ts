// Throughput of the streaming detector: bars per second on one core.
// Run: npm run bench -w @tradeblocks/bull-flag
import type { Bar } from '@tradeblocks/core'
import { mulberry32 } from '@tradeblocks/test-utils'
import { BullFlagDetector } from '../src/index.js'
import { generateLabelledSeries } from '../test/labelledFlags.js'

const TARGET = 5_000_000

/** Repeats a series `copies` times with shifted timestamps (fresh objects, same hidden class). */
function repeat(bars: readonly Bar[], copies: number): Bar[] {
  const span = bars[bars.length - 1]!.ts - bars[0]!.ts + 60_000
  const out: Bar[] = []
  for (let c = 0; c < copies; c++) for (const b of bars) out.push({ ...b, ts: b.ts + c * span })
  return out
}

/** A plain random walk: the common case of a stock doing nothing. */
function randomWalk(count: number, seed: number): Bar[] {
  const random = mulberry32(seed)
  const bars: Bar[] = []
  let price = 20
  for (let i = 0; i < count; i++) {
    const open = price
    const close = Math.max(1, open * (1 + (random() - 0.5) * 0.01))
    const high = Math.max(open, close) * (1 + random() * 0.002)
    const low = Math.min(open, close) * (1 - random() * 0.002)
    bars.push({
      symbol: 'WALK',
      timeframe: '1m',
      ts: 1_767_600_000_000 + i * 60_000,
      open,
      high,
      low,
      close,
      volume: 10_000 + random() * 5_000,
    })
    price = close
  }
  return bars
}

/** Median rates over `runs` passes, in bars per second of CPU time (one core) and of wall time. */
function measure(name: string, bars: readonly Bar[], runs = 7): number {
  const cpuRates: number[] = []
  const wallRates: number[] = []
  let events = 0
  for (let r = 0; r < runs + 2; r++) {
    const detector = new BullFlagDetector()
    events = 0
    const cpu0 = process.cpuUsage()
    const start = process.hrtime.bigint()
    for (let i = 0; i < bars.length; i++) events += detector.update(bars[i]!).length
    const ns = Number(process.hrtime.bigint() - start)
    const cpu = process.cpuUsage(cpu0)
    if (r < 2) continue // the first two passes warm the JIT up
    cpuRates.push(bars.length / ((cpu.user + cpu.system) / 1e6))
    wallRates.push(bars.length / (ns / 1e9))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const cpuRate = median(cpuRates)
  console.log(
    `${name.padEnd(44)} ${(bars.length / 1e6).toFixed(2)}M bars  ${(cpuRate / 1e6).toFixed(2)}M bars/s of CPU  ` +
      `${(median(wallRates) / 1e6).toFixed(2)}M bars/s wall  (${events} events)`,
  )
  return cpuRate
}

const planted = generateLabelledSeries({ seed: 1, patterns: 300 })
const results = [
  measure('random walk (no setups)', randomWalk(2_000_000, 1)),
  measure('planted flags and near-misses (dense)', repeat(planted.bars, 60)),
]
const worst = Math.min(...results)
console.log(
  `\nslowest: ${(worst / 1e6).toFixed(2)}M bars per CPU second (one core); target ${TARGET / 1e6}M: ${worst >= TARGET ? 'met' : 'NOT met'}`,
)
