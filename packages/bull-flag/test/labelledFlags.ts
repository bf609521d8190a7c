// A seeded generator of labelled bar series: a random walk with planted bull flags (positives) and
// near-misses (negatives) of random size and noise. Used by the precision/recall test and the benchmark.
import type { Bar, Timeframe } from '@tradeblocks/core'
import { mulberry32 } from '@tradeblocks/test-utils'
import type { BullFlagDetection } from '../src/index.js'

/** What was planted. */
export type PlantedKind =
  | 'flag'
  | 'weak-pole'
  | 'deep-flag'
  | 'long-flag'
  | 'wide-flag'
  | 'heavy-flag'
  | 'rising-flag'
  | 'low-volume-breakout'
  | 'breakdown'

export const NEAR_MISS_KINDS: readonly PlantedKind[] = [
  'weak-pole',
  'deep-flag',
  'long-flag',
  'wide-flag',
  'heavy-flag',
  'rising-flag',
  'low-volume-breakout',
  'breakdown',
]

/** One planted pattern with the `ts` bounds of its parts (inclusive). */
export interface PlantedPattern {
  kind: PlantedKind
  /** True for a textbook flag the detector must find; false for a near-miss it must not report. */
  positive: boolean
  poleStart: number
  poleEnd: number
  flagStart: number
  flagEnd: number
  /** The bar that breaks out (or, for a near-miss, fails to); undefined for a breakdown. */
  breakoutTs: number | undefined
  /** Planted measurements, for debugging. */
  gainPct: number
  rangePct: number
  retracement: number
  flagBars: number
  /** Pole average volume over the 20 bars before it. */
  poleVolumeRatio: number
  /** Flag average volume over the pole's. */
  flagVolumeRatio: number
  /** Breakout bar volume over the flag's average (NaN for a breakdown). */
  breakoutVolumeRatio: number
}

export interface LabelledSeries {
  bars: Bar[]
  patterns: PlantedPattern[]
  stepMs: number
}

export interface GenerateOptions {
  seed: number
  /** Number of planted patterns. */
  patterns: number
  /** Share of positives among the patterns. Default 0.5. */
  positiveShare?: number
  timeframe?: Timeframe
  symbol?: string
}

class Rng {
  readonly #next: () => number
  constructor(seed: number) {
    this.#next = mulberry32(seed)
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.#next()
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.uniform(lo, hi + 1))
  }
  normal(): number {
    const u = Math.max(this.#next(), 1e-12)
    const v = this.#next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)]!
  }
}

const STEP: Record<string, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 }

const cents = (x: number) => Math.round(x * 100) / 100
const up = (x: number) => Math.ceil(x * 100 - 1e-9) / 100
const down = (x: number) => Math.floor(x * 100 + 1e-9) / 100

/**
 * Generates a labelled series. Deterministic for a given seed. Prices stay between about $2 and $200 and
 * sit on whole cents.
 */
export function generateLabelledSeries(options: GenerateOptions): LabelledSeries {
  const rng = new Rng(options.seed)
  const timeframe = options.timeframe ?? '1m'
  const stepMs = STEP[timeframe] ?? 60_000
  const symbol = options.symbol ?? 'SYNTH'
  const bars: Bar[] = []
  const patterns: PlantedPattern[] = []
  let ts = Date.UTC(2026, 0, 5, 14, 30)
  let price = rng.uniform(3, 40)
  let baseVolume = rng.uniform(5_000, 50_000)

  const push = (open: number, high: number, low: number, close: number, volume: number) => {
    const o = cents(open)
    const c = cents(close)
    const h = Math.max(cents(high), o, c)
    const l = Math.max(0.01, Math.min(cents(low), o, c))
    bars.push({ symbol, timeframe, ts, open: o, high: h, low: l, close: c, volume: Math.round(volume) })
    ts += stepMs
    price = c
    return bars[bars.length - 1]!
  }

  /** Random walk: σ per bar, volume around the baseline with occasional spikes. */
  const walk = (count: number, sigma: number, volumeScale = 1) => {
    for (let i = 0; i < count; i++) {
      const open = price
      const close = Math.max(1.5, open * (1 + sigma * rng.normal()))
      const high = Math.max(open, close) * (1 + Math.abs(rng.normal()) * sigma * 0.6)
      const low = Math.min(open, close) * (1 - Math.abs(rng.normal()) * sigma * 0.6)
      const spike = rng.uniform() < 0.03 ? rng.uniform(3, 8) : 1
      push(open, high, low, close, baseVolume * volumeScale * spike * rng.uniform(0.6, 1.4))
    }
  }

  const positiveShare = options.positiveShare ?? 0.5
  for (let p = 0; p < options.patterns; p++) {
    // Keep prices in a sane band; re-base between patterns.
    if (price > 150 || price < 5) price = rng.uniform(5, 40)
    baseVolume = rng.uniform(5_000, 50_000)
    walk(rng.int(30, 50), rng.uniform(0.002, 0.008))

    const positive = rng.uniform() < positiveShare
    const kind: PlantedKind = positive ? 'flag' : rng.pick(NEAR_MISS_KINDS)
    patterns.push(plant(kind))
    // Cool down: a quiet stretch long enough for any leftover setup to expire.
    walk(rng.int(14, 20), rng.uniform(0.0008, 0.0015), 0.8)
  }
  return { bars, patterns, stepMs }

  /** The planted shape: gain and range in percent, retracement as a fraction. */
  interface Shape {
    poleBars: number
    gainPct: number
    rangePct: number
    retracement: number
    flagBars: number
  }

  /** Draws range, gap and retracement in the given bounds until the implied pole gain is in bounds. */
  function shape(bounds: {
    range: [number, number]
    gap: [number, number]
    retracement: [number, number]
    gain: [number, number]
    flagBars: [number, number]
  }): Shape {
    for (let attempt = 0; attempt < 1_000; attempt++) {
      const rangePct = rng.uniform(...bounds.range)
      const gap = rng.uniform(...bounds.gap) / 100
      const retracement = rng.uniform(...bounds.retracement)
      const giveBack = 1 - (1 - gap) * (1 - rangePct / 100)
      const share = giveBack / retracement
      if (share >= 0.9) continue
      const gainPct = (share / (1 - share)) * 100
      if (gainPct < bounds.gain[0] || gainPct > bounds.gain[1]) continue
      return {
        poleBars: rng.int(1, 8),
        gainPct,
        rangePct,
        retracement,
        flagBars: rng.int(...bounds.flagBars),
      }
    }
    throw new Error('no shape in bounds')
  }

  function plant(kind: PlantedKind): PlantedPattern {
    const textbook = {
      range: [3.2, 4.8] as [number, number],
      gap: [0, 1.2] as [number, number],
      retracement: [0.2, 0.48] as [number, number],
      gain: [8.8, 40] as [number, number],
      flagBars: [2, 10] as [number, number],
    }
    let s: Shape
    if (kind === 'weak-pole')
      s = shape({ ...textbook, range: [1.5, 3.5], gap: [0, 0.5], retracement: [0.25, 0.95], gain: [5, 7.5] })
    else if (kind === 'deep-flag')
      s = shape({ ...textbook, range: [3.5, 4.9], gap: [0, 4], retracement: [0.53, 0.85] })
    else if (kind === 'wide-flag') s = shape({ ...textbook, range: [5.3, 7.5] })
    else if (kind === 'long-flag') s = shape({ ...textbook, flagBars: [11, 16] })
    else if (kind === 'rising-flag') s = shape({ ...textbook, flagBars: [4, 10] })
    else s = shape(textbook)
    const { poleBars, gainPct, rangePct, retracement, flagBars } = s
    const poleVolumeMultiple = rng.uniform(2, 6)
    const flagVolumeRatio = kind === 'heavy-flag' ? rng.uniform(0.9, 1.4) : rng.uniform(0.2, 0.65)
    const breakoutVolumeRatio =
      kind === 'low-volume-breakout' ? rng.uniform(0.35, 0.9) : rng.uniform(1.3, 3.5)

    // --- Pole: from the pre-pole price up to a high gainPct above the pole's low, in noisy steps.
    const recentLow = Math.min(...bars.slice(-12).map((b) => b.low))
    const poleLow = down(Math.min(price * 0.997, recentLow - 0.01))
    const poleHigh = up(poleLow * (1 + gainPct / 100))
    // Relative to the volume the detector will compare with: the 20 bars before the pole.
    const before = bars.slice(-20)
    const baselineVolume = before.reduce((sum, b) => sum + b.volume, 0) / before.length
    const poleVolume = baselineVolume * poleVolumeMultiple
    const poleStartTs = ts
    const start = price
    for (let i = 1; i <= poleBars; i++) {
      const open = price
      const last = i === poleBars
      const step = (poleHigh - start) / poleBars
      const close = last
        ? poleHigh * (1 - rng.uniform(0, 0.006))
        : Math.min(poleHigh - 0.02, start + step * i + step * rng.uniform(-0.6, 0.4))
      const high = last
        ? poleHigh
        : Math.min(poleHigh - 0.01, Math.max(open, close) + step * rng.uniform(0, 0.3))
      const low =
        i === 1 ? poleLow : Math.max(poleLow + 0.01, Math.min(open, close) - step * rng.uniform(0, 0.3))
      push(open, high, low, close, poleVolume * rng.uniform(0.75, 1.25))
    }
    const poleEndTs = ts - stepMs
    const actualPoleVolume = rescaleVolume(bars.slice(-poleBars), poleVolume)

    // --- Flag: highs at most flagHigh (touched by the first bar), lows at least flagLow (touched once).
    const flagLow = up(poleHigh - retracement * (poleHigh - poleLow))
    const flagHigh = Math.min(poleHigh - 0.01, down(flagLow / (1 - rangePct / 100)))
    const rising = kind === 'rising-flag'
    const lowAt = rising ? 0 : rng.int(1, flagBars - 1)
    const flagStartTs = ts
    const span = flagHigh - flagLow
    for (let i = 0; i < flagBars; i++) {
      const open = Math.min(price, flagHigh)
      const t = i / Math.max(1, flagBars - 1)
      let close = rising
        ? flagLow + span * (0.1 + 0.8 * t + rng.uniform(-0.05, 0.05))
        : flagHigh - span * (0.25 + 0.45 * t + rng.uniform(-0.2, 0.2))
      close = Math.min(flagHigh - 0.01, Math.max(flagLow + 0.01, close))
      let high = Math.min(flagHigh, Math.max(open, close) + span * rng.uniform(0, 0.2))
      let low = Math.max(flagLow, Math.min(open, close) - span * rng.uniform(0, 0.2))
      if (i === 0 || (rising && i === flagBars - 1)) high = flagHigh
      if (i === lowAt) low = flagLow
      push(open, high, low, close, actualPoleVolume * flagVolumeRatio * rng.uniform(0.75, 1.25))
    }
    const flagEndTs = ts - stepMs
    // The labels must hold on the bars as generated: set the flag's average volume exactly.
    const flagAvgVolume = rescaleVolume(bars.slice(-flagBars), actualPoleVolume * flagVolumeRatio)

    // --- What follows the flag.
    let breakoutTs: number | undefined
    let breakoutVolume = Number.NaN
    if (kind === 'breakdown') {
      fade(flagLow * (1 - rng.uniform(0.04, 0.08)), rng.int(3, 6), baseVolume * rng.uniform(1, 2))
    } else {
      breakoutTs = ts
      breakoutVolume = flagAvgVolume * breakoutVolumeRatio
      const open = price
      const close = up(Math.max(flagHigh + 0.01, flagHigh * (1 + rng.uniform(0.001, 0.012))))
      push(
        open,
        close * (1 + rng.uniform(0, 0.004)),
        Math.min(open, close) * (1 - rng.uniform(0, 0.003)),
        close,
        flagAvgVolume * breakoutVolumeRatio,
      )
      if (kind === 'flag') {
        // Follow-through, then the cool-down walk.
        const target = price * (1 + rng.uniform(0.01, 0.03))
        const count = rng.int(1, 3)
        const from = price
        for (let i = 1; i <= count; i++) {
          const o = price
          const c = from + ((target - from) * i) / count
          push(o, c * 1.002, Math.min(o, c) * 0.998, c, flagAvgVolume * rng.uniform(1, 2))
        }
      } else {
        // Near-misses fade back under the flag.
        fade(flagLow * (1 - rng.uniform(0.01, 0.03)), rng.int(3, 5), flagAvgVolume * rng.uniform(0.4, 0.8))
      }
    }
    return {
      kind,
      positive: kind === 'flag',
      poleStart: poleStartTs,
      poleEnd: poleEndTs,
      flagStart: flagStartTs,
      flagEnd: flagEndTs,
      breakoutTs,
      gainPct: (poleHigh / poleLow - 1) * 100,
      rangePct: ((flagHigh - flagLow) / flagHigh) * 100,
      retracement: (poleHigh - flagLow) / (poleHigh - poleLow),
      flagBars,
      poleVolumeRatio: actualPoleVolume / baselineVolume,
      flagVolumeRatio: flagAvgVolume / actualPoleVolume,
      breakoutVolumeRatio: breakoutVolume / flagAvgVolume,
    }
  }

  /** Scales the bars' volumes (keeping their shape) so that their average is `average`; returns it. */
  function rescaleVolume(list: Bar[], average: number): number {
    const current = list.reduce((sum, b) => sum + b.volume, 0) / list.length
    for (const b of list) b.volume = (b.volume * average) / current
    return list.reduce((sum, b) => sum + b.volume, 0) / list.length
  }

  /** Steps down to `target` over `count` bars. */
  function fade(target: number, count: number, volume: number) {
    const from = price
    for (let i = 1; i <= count; i++) {
      const o = price
      const c = from + ((target - from) * i) / count
      push(o, Math.max(o, c) * 1.001, c * 0.998, c, volume * rng.uniform(0.8, 1.2))
    }
  }
}

/** How detections compare with the planted patterns. */
export interface Score {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  precision: number
  recall: number
  /** Detections that matched nothing, with the pattern they fell on, if any. */
  unmatched: { detection: BullFlagDetection; near: PlantedPattern | undefined }[]
  /** Positives no detection matched. */
  missed: PlantedPattern[]
}

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 <= b1 && b0 <= a1

/**
 * Scores detections against the labels. A detection is a true positive when its breakout bar is within
 * `toleranceBars` bars of a planted flag's breakout bar AND its pole overlaps the planted pole AND its flag
 * overlaps the planted flag. Each planted flag matches at most one detection; every other detection is a
 * false positive, and every planted flag left unmatched is a false negative.
 */
export function scoreDetections(
  series: LabelledSeries,
  detections: readonly BullFlagDetection[],
  toleranceBars = 2,
): Score {
  const used = new Set<PlantedPattern>()
  const unmatched: Score['unmatched'] = []
  let truePositives = 0
  for (const d of detections) {
    const match = series.patterns.find(
      (p) =>
        p.positive &&
        !used.has(p) &&
        p.breakoutTs !== undefined &&
        Math.abs(d.breakout.ts - p.breakoutTs) <= toleranceBars * series.stepMs &&
        overlaps(d.pole.start, d.pole.end, p.poleStart, p.poleEnd) &&
        overlaps(d.flag.start, d.flag.end, p.flagStart, p.flagEnd),
    )
    if (match === undefined) {
      const near = series.patterns.find(
        (p) =>
          d.breakout.ts >= p.poleStart && d.breakout.ts <= (p.breakoutTs ?? p.flagEnd) + 10 * series.stepMs,
      )
      unmatched.push({ detection: d, near })
      continue
    }
    used.add(match)
    truePositives++
  }
  const positives = series.patterns.filter((p) => p.positive)
  const missed = positives.filter((p) => !used.has(p))
  const falsePositives = detections.length - truePositives
  return {
    truePositives,
    falsePositives,
    falseNegatives: missed.length,
    precision: detections.length === 0 ? 0 : truePositives / detections.length,
    recall: positives.length === 0 ? 0 : truePositives / positives.length,
    unmatched,
    missed,
  }
}
