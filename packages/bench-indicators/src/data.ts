// Input series for the accuracy checks and the benchmarks: a seeded generator of tick-rounded OHLCV
// bars with flat windows, and a loader for the Yahoo-format daily CSVs of shared/data.
import { readFileSync } from 'node:fs'
import { mulberry32 } from '@tradeblocks/test-utils'

/** OHLCV columns as plain arrays (talib wants plain arrays; a Float64Array silently gives garbage). */
export interface Columns {
  open: number[]
  high: number[]
  low: number[]
  close: number[]
  volume: number[]
}

function gaussian(random: () => number): number {
  let u = 0
  while (u === 0) u = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

const cents = (x: number) => Math.round(x * 100) / 100

export interface GenerateOptions {
  /** Seed of the PRNG. */
  seed?: number
  /** Price level the log-price reverts to. */
  level?: number
  /** Probability that a flat stretch starts at a bar. */
  flatProbability?: number
  /** Longest flat stretch. */
  maxFlat?: number
}

/**
 * `n` daily-like bars: the log price follows a mean-reverting walk (1% daily moves around
 * `level`), every price is rounded to $0.01, and flat stretches (open = high = low = close, little or
 * no volume) start with probability `flatProbability`, as in illiquid real data.
 */
export function generateBars(n: number, options: GenerateOptions = {}): Columns {
  const random = mulberry32(options.seed ?? 42)
  const level = Math.log(options.level ?? 50)
  const flatProbability = options.flatProbability ?? 0.004
  const maxFlat = options.maxFlat ?? 60
  const out: Columns = { open: [], high: [], low: [], close: [], volume: [] }
  let lp = level
  let close = cents(Math.exp(lp))
  let flat = 0
  for (let i = 0; i < n; i++) {
    if (flat === 0 && random() < flatProbability) flat = 1 + Math.floor(random() * maxFlat)
    if (flat > 0) {
      flat--
      out.open.push(close)
      out.high.push(close)
      out.low.push(close)
      out.close.push(close)
      out.volume.push(random() < 0.5 ? 0 : Math.floor(random() * 500))
      continue
    }
    const open = cents(close * (1 + 0.003 * gaussian(random)))
    lp += -0.001 * (lp - level) + 0.01 * gaussian(random)
    const next = Math.max(0.01, cents(Math.exp(lp)))
    const high = cents(Math.max(open, next) * (1 + Math.abs(0.006 * gaussian(random))))
    const low = Math.max(0.01, cents(Math.min(open, next) * (1 - Math.abs(0.006 * gaussian(random)))))
    out.open.push(open)
    out.high.push(Math.max(high, open, next))
    out.low.push(Math.min(low, open, next))
    out.close.push(next)
    out.volume.push(Math.floor(Math.exp(13 + 0.7 * gaussian(random))))
    close = next
  }
  return out
}

/** Reads a Yahoo-format daily CSV (`Date,Open,High,Low,Close,Adj Close,Volume`) as raw OHLCV columns. */
export function loadYahooCsv(path: string): Columns {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const out: Columns = { open: [], high: [], low: [], close: [], volume: [] }
  for (const line of lines.slice(1)) {
    const f = line.split(',')
    out.open.push(Number(f[1]))
    out.high.push(Number(f[2]))
    out.low.push(Number(f[3]))
    out.close.push(Number(f[4]))
    out.volume.push(Number(f[6]))
  }
  return out
}
