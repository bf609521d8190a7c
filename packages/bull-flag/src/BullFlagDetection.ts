/**
 * The pole of a bull flag: the advance from its low to its high.
 *
 * @example
 * ```ts
 * import type { BullFlagPole } from '@tradeblocks/bull-flag'
 *
 * const height = (pole: BullFlagPole) => pole.high - pole.low
 * ```
 */
export interface BullFlagPole {
  /** Start (`ts`) of the bar with the pole's low. */
  start: number
  /** Start (`ts`) of the bar with the pole's high. */
  end: number
  /** Bars from the low's bar to the high's bar, both included. */
  bars: number
  /** The pole's low: the lowest low of the pole window. */
  low: number
  /** The pole's high. */
  high: number
  /** `(high / low − 1) × 100`. */
  gainPct: number
  /** The pole's average volume per bar. */
  avgVolume: number
  /** `avgVolume` over the average volume of the bars before the pole; `undefined` when there were none. */
  volumeRatio: number | undefined
  /** How many bars before the pole `volumeRatio` compares with (up to `volumeLookback`). */
  baselineBars: number
}

/**
 * The flag of a bull flag: the consolidation after the pole's high.
 *
 * @example
 * ```ts
 * import type { BullFlagFlag } from '@tradeblocks/bull-flag'
 *
 * const isTight = (flag: BullFlagFlag) => flag.rangePct <= 4
 * ```
 */
export interface BullFlagFlag {
  /** Start (`ts`) of the flag's first bar (the bar after the pole's high). */
  start: number
  /** Start (`ts`) of the flag's last bar. */
  end: number
  /** Number of bars in the flag. */
  bars: number
  /** The flag's highest high: its upper boundary. */
  high: number
  /** The flag's lowest low: the support. */
  low: number
  /** `(high − low) / high × 100`. */
  rangePct: number
  /** The share of the pole given back, `(pole high − flag low) / (pole high − pole low)`, in `[0, 1]`. */
  retracement: number
  /** The flag's average volume per bar. */
  avgVolume: number
  /** `avgVolume` over the pole's average volume: below 1 when the flag is lighter. */
  volumeRatio: number
  /**
   * How far the least-squares line through the flag's closes rises from its first bar to its last, as a
   * fraction of the flag's range (negative when it drifts down; 0 for flags of fewer than three bars).
   */
  rise: number
}

/**
 * A pole and its flag with the trade levels they imply: where the breakout is, where the setup fails, and
 * the measured-move target.
 *
 * @example
 * ```ts
 * import type { BullFlagSetup } from '@tradeblocks/bull-flag'
 *
 * // A resting buy-stop at the breakout, a stop one tick under the support.
 * const plan = (s: BullFlagSetup) => ({ entry: s.breakoutPrice, stop: s.support - 0.01, target: s.target })
 * ```
 */
export interface BullFlagSetup {
  /** The detector's symbol, when known. */
  symbol: string | undefined
  /** The pole. */
  pole: BullFlagPole
  /** The flag. */
  flag: BullFlagFlag
  /** The flag's high plus one tick: the first price that breaks out. */
  breakoutPrice: number
  /** The flag's low, rounded down to the tick: the natural stop sits just under it. */
  support: number
  /** The measured move: `breakoutPrice` plus the pole's height, rounded down to the tick. */
  target: number
}

/**
 * The parts of {@link BullFlagDetection.quality}, each in `[0, 1]` (1 is best). The volume parts are
 * `undefined` when the detector ignores volume (`useVolume: false`); the score then re-weights the rest.
 *
 * - `poleGain`: `gainPct / 20`, capped at 1 (a 20% pole scores 1).
 * - `poleVolume`: pole `volumeRatio / 4`, capped at 1.
 * - `retracement`: `1 − retracement`.
 * - `tightness`: `1 − rangePct / 10` (a 5% flag scores 0.5).
 * - `flagVolume`: `1 − flag volumeRatio` (a flag on half the pole's volume scores 0.5).
 * - `breakoutVolume`: breakout `volumeRatio / 3`, capped at 1.
 *
 * @example
 * ```ts
 * import type { BullFlagQualityParts } from '@tradeblocks/bull-flag'
 *
 * const weakest = (parts: BullFlagQualityParts) =>
 *   Object.entries(parts).filter(([, v]) => v !== undefined).sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0))[0]
 * ```
 */
export interface BullFlagQualityParts {
  poleGain: number
  poleVolume: number | undefined
  retracement: number
  tightness: number
  flagVolume: number | undefined
  breakoutVolume: number | undefined
}

/**
 * The weights of the quality parts; they sum to 1.
 *
 * @example
 * ```ts
 * import { BULL_FLAG_QUALITY_WEIGHTS } from '@tradeblocks/bull-flag'
 *
 * BULL_FLAG_QUALITY_WEIGHTS.poleGain // 0.25
 * ```
 */
export const BULL_FLAG_QUALITY_WEIGHTS: Readonly<Record<keyof BullFlagQualityParts, number>> = Object.freeze({
  poleGain: 0.25,
  poleVolume: 0.15,
  retracement: 0.2,
  tightness: 0.1,
  flagVolume: 0.15,
  breakoutVolume: 0.15,
})

/**
 * The breakout bar of a detection.
 *
 * @example
 * ```ts
 * import type { BullFlagBreakout } from '@tradeblocks/bull-flag'
 *
 * const slippage = (b: BullFlagBreakout, fill: number) => fill - b.entryPrice
 * ```
 */
export interface BullFlagBreakout {
  /** Start (`ts`) of the breakout bar. */
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number
  /** The bar's volume over the flag's average volume. */
  volumeRatio: number
  /**
   * Where an entry on this breakout stands: the bar's close for `breakoutOn: 'close'`; the breakout price,
   * or the open when the bar opened above it, for `breakoutOn: 'trade'`.
   */
  entryPrice: number
}

/**
 * A confirmed bull-flag breakout: the setup, the breakout bar, the reward-to-risk of an entry there, and
 * a quality score with its parts.
 *
 * @example
 * ```ts
 * import { BullFlagDetector } from '@tradeblocks/bull-flag'
 *
 * const detector = new BullFlagDetector()
 * for (const event of detector.update(bar)) {
 *   if (event.type === 'breakout') {
 *     const d = event.detection
 *     console.log(d.breakoutPrice, d.support, d.target, d.quality.toFixed(2), d.qualityParts)
 *   }
 * }
 * ```
 */
export interface BullFlagDetection extends BullFlagSetup {
  /** The breakout bar. */
  breakout: BullFlagBreakout
  /** `(target − entryPrice) / (entryPrice − support)`; `Infinity` when the entry sits on the support. */
  rewardRisk: number
  /** The weighted sum of `qualityParts` (see {@link BULL_FLAG_QUALITY_WEIGHTS}), in `[0, 1]`. */
  quality: number
  /** What the quality is made of. */
  qualityParts: BullFlagQualityParts
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))

/**
 * Parameters of {@link scoreBullFlagQuality}: the measurements of a setup and its breakout. Volume ratios
 * are `undefined` when volume is not used.
 *
 * @example
 * ```ts
 * import type { ScoreBullFlagQualityParameters } from '@tradeblocks/bull-flag'
 *
 * const input: ScoreBullFlagQualityParameters = { poleGainPct: 12, poleVolumeRatio: 3, retracement: 0.3,
 *   flagRangePct: 4, flagVolumeRatio: 0.4, breakoutVolumeRatio: 2 }
 * ```
 */
export interface ScoreBullFlagQualityParameters {
  poleGainPct: number
  poleVolumeRatio: number | undefined
  retracement: number
  flagRangePct: number
  flagVolumeRatio: number | undefined
  breakoutVolumeRatio: number | undefined
}

/**
 * The result of {@link scoreBullFlagQuality}.
 *
 * @example
 * ```ts
 * import { scoreBullFlagQuality, type ScoreBullFlagQualityReturnType } from '@tradeblocks/bull-flag'
 *
 * const scored: ScoreBullFlagQualityReturnType = scoreBullFlagQuality(input)
 * ```
 */
export interface ScoreBullFlagQualityReturnType {
  /** The weighted sum of the parts, in `[0, 1]`. */
  quality: number
  /** Each part in `[0, 1]`. */
  parts: BullFlagQualityParts
}

/**
 * Scores a setup and its breakout volume: the parts of {@link BullFlagQualityParts} and their weighted
 * sum, in `[0, 1]`. Parts that are `undefined` (volume not used) are left out and the other weights scaled up.
 *
 * @example
 * ```ts
 * import { scoreBullFlagQuality } from '@tradeblocks/bull-flag'
 *
 * const { quality, parts } = scoreBullFlagQuality({
 *   poleGainPct: 12, poleVolumeRatio: 3, retracement: 0.3, flagRangePct: 4, flagVolumeRatio: 0.4,
 *   breakoutVolumeRatio: 2,
 * })
 * ```
 */
export function scoreBullFlagQuality(input: ScoreBullFlagQualityParameters): ScoreBullFlagQualityReturnType {
  const ratio = (x: number | undefined, f: (v: number) => number) =>
    x === undefined ? undefined : Number.isNaN(x) ? 0 : clamp01(f(x))
  const parts: BullFlagQualityParts = {
    poleGain: clamp01(input.poleGainPct / 20),
    poleVolume: ratio(input.poleVolumeRatio, (v) => v / 4),
    retracement: clamp01(1 - input.retracement),
    tightness: clamp01(1 - input.flagRangePct / 10),
    flagVolume: ratio(input.flagVolumeRatio, (v) => 1 - v),
    breakoutVolume: ratio(input.breakoutVolumeRatio, (v) => v / 3),
  }
  let sum = 0
  let weights = 0
  for (const key of Object.keys(BULL_FLAG_QUALITY_WEIGHTS) as (keyof BullFlagQualityParts)[]) {
    const part = parts[key]
    if (part === undefined) continue
    sum += part * BULL_FLAG_QUALITY_WEIGHTS[key]
    weights += BULL_FLAG_QUALITY_WEIGHTS[key]
  }
  return { quality: weights > 0 ? clamp01(sum / weights) : 0, parts }
}
