import type { BullFlagDetection } from './BullFlagDetection.js'
import { type BullFlagBar, BullFlagDetector, type BullFlagEvent } from './BullFlagDetector.js'
import type { BullFlagOptions } from './BullFlagOptions.js'

/**
 * Parameters of {@link detectBullFlags}: the detector's options. `onInvalidBar` defaults to `report`
 * here, so one bad bar does not stop a batch (the bad bars come back in `rejected`).
 *
 * @example
 * ```ts
 * import type { DetectBullFlagsParameters } from '@tradeblocks/bull-flag'
 *
 * const params: DetectBullFlagsParameters = { minPoleGainPct: 10, breakoutOn: 'trade' }
 * ```
 */
export type DetectBullFlagsParameters = BullFlagOptions

/**
 * The result of {@link detectBullFlags}.
 *
 * @example
 * ```ts
 * import { detectBullFlags, type DetectBullFlagsReturnType } from '@tradeblocks/bull-flag'
 *
 * const result: DetectBullFlagsReturnType = detectBullFlags(bars)
 * console.log(result.detections.length, result.rejected.length)
 * ```
 */
export interface DetectBullFlagsReturnType {
  /** Every confirmed breakout, in time order. */
  detections: BullFlagDetection[]
  /** Every event, in order (including the breakouts and the rejected bars). */
  events: BullFlagEvent[]
  /** The bad bars that were skipped. */
  rejected: Extract<BullFlagEvent, { type: 'bar-rejected' }>[]
  /** The detector after the last bar, to ask `explain()` or keep streaming. */
  detector: BullFlagDetector
}

/**
 * Runs a {@link BullFlagDetector} over a series of bars (a backtest, a chart, a test) and collects what it
 * found. Same rules and results as feeding the bars one by one.
 *
 * @example
 * ```ts
 * import { detectBullFlags } from '@tradeblocks/bull-flag'
 *
 * const { detections, detector } = detectBullFlags(dailyBars, { maxFlagBars: 20 })
 * for (const d of detections) console.log(new Date(d.breakout.ts).toISOString(), d.breakoutPrice, d.target)
 * console.log(detector.explain().summary)
 * ```
 */
export function detectBullFlags(
  bars: Iterable<BullFlagBar>,
  options: DetectBullFlagsParameters = {},
): DetectBullFlagsReturnType {
  const detector = new BullFlagDetector({ onInvalidBar: 'report', ...options })
  const detections: BullFlagDetection[] = []
  const events: BullFlagEvent[] = []
  const rejected: Extract<BullFlagEvent, { type: 'bar-rejected' }>[] = []
  for (const bar of bars) {
    for (const event of detector.update(bar)) {
      events.push(event)
      if (event.type === 'breakout') detections.push(event.detection)
      else if (event.type === 'bar-rejected') rejected.push(event)
    }
  }
  return { detections, events, rejected, detector }
}
