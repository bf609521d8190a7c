import { describe, expect, it } from 'vitest'
import { DEFAULT_BULL_FLAG_OPTIONS, detectBullFlags } from '../src/index.js'
import {
  generateLabelledSeries,
  NEAR_MISS_KINDS,
  type PlantedPattern,
  scoreDetections,
} from './labelledFlags.js'

const o = DEFAULT_BULL_FLAG_OPTIONS

/** True when the planted measurements meet every rule of the default options. */
function meetsSpec(p: PlantedPattern): boolean {
  return (
    p.gainPct >= o.minPoleGainPct &&
    p.poleVolumeRatio >= o.minPoleVolumeRatio &&
    p.flagBars >= o.minFlagBars &&
    p.flagBars <= o.maxFlagBars &&
    p.rangePct >= o.minFlagRangePct &&
    p.rangePct <= o.maxFlagRangePct &&
    p.retracement <= o.maxRetracement &&
    p.flagVolumeRatio <= o.maxFlagVolumeRatio &&
    p.breakoutVolumeRatio >= o.minBreakoutVolumeRatio
  )
}

describe('labelled generator', () => {
  it('is deterministic for a seed', () => {
    const a = generateLabelledSeries({ seed: 7, patterns: 20 })
    const b = generateLabelledSeries({ seed: 7, patterns: 20 })
    const c = generateLabelledSeries({ seed: 8, patterns: 20 })
    expect(b).toEqual(a)
    expect(c.bars).not.toEqual(a.bars)
  })

  it('labels agree with the definition: positives meet every rule, near-misses break the one they are named after', () => {
    const { patterns } = generateLabelledSeries({ seed: 11, patterns: 300 })
    const kinds = new Set(patterns.map((p) => p.kind))
    for (const kind of NEAR_MISS_KINDS) expect(kinds).toContain(kind)
    for (const p of patterns) {
      if (p.positive) expect(meetsSpec(p), JSON.stringify(p)).toBe(true)
      else if (p.kind === 'weak-pole') expect(p.gainPct).toBeLessThan(o.minPoleGainPct)
      else if (p.kind === 'deep-flag') expect(p.retracement).toBeGreaterThan(o.maxRetracement)
      else if (p.kind === 'long-flag') expect(p.flagBars).toBeGreaterThan(o.maxFlagBars)
      else if (p.kind === 'wide-flag') expect(p.rangePct).toBeGreaterThan(o.maxFlagRangePct)
      else if (p.kind === 'heavy-flag') expect(p.flagVolumeRatio).toBeGreaterThan(o.maxFlagVolumeRatio)
      else if (p.kind === 'low-volume-breakout')
        expect(p.breakoutVolumeRatio).toBeLessThan(o.minBreakoutVolumeRatio)
      else if (p.kind === 'breakdown') expect(p.breakoutTs).toBeUndefined()
    }
  })
})

describe('precision and recall on planted flags and near-misses', () => {
  // A true positive is a `breakout` event whose bar is within 2 bars of a planted flag's breakout bar and
  // whose pole and flag overlap the planted pole and flag (each planted flag matches at most once). Every
  // other breakout event (on a near-miss or on the random walk) is a false positive.
  for (const [seed, timeframe] of [
    [101, '1m'],
    [202, '1m'],
    [303, '1d'],
  ] as const) {
    it(`seed ${seed} (${timeframe} bars): precision and recall are each at least 0.9`, () => {
      const series = generateLabelledSeries({ seed, patterns: 300, timeframe })
      const { detections } = detectBullFlags(series.bars)
      const score = scoreDetections(series, detections)
      const positives = series.patterns.filter((p) => p.positive).length
      console.info(
        `bull-flag seed ${seed} ${timeframe}: ${series.bars.length} bars, ${positives} planted flags, ` +
          `${series.patterns.length - positives} near-misses, ${detections.length} breakouts: ` +
          `TP ${score.truePositives}, FP ${score.falsePositives}, FN ${score.falseNegatives}, ` +
          `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`,
      )
      expect(positives).toBeGreaterThan(100)
      expect(score.precision, `precision ${score.precision}`).toBeGreaterThanOrEqual(0.9)
      expect(score.recall, `recall ${score.recall}`).toBeGreaterThanOrEqual(0.9)
    })
  }

  it('the scorer itself counts a shifted or missing detection as a miss', () => {
    const series = generateLabelledSeries({ seed: 5, patterns: 40 })
    const { detections } = detectBullFlags(series.bars)
    const perfect = scoreDetections(series, detections)
    // Shift every breakout by 5 bars: none may match.
    const shifted = detections.map((d) => ({
      ...d,
      breakout: { ...d.breakout, ts: d.breakout.ts + 5 * series.stepMs },
    }))
    const bad = scoreDetections(series, shifted)
    expect(perfect.truePositives).toBeGreaterThan(0)
    expect(bad.truePositives).toBe(0)
    expect(bad.precision).toBe(0)
    expect(scoreDetections(series, []).recall).toBe(0)
  })
})
