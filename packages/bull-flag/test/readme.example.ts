import { BullFlagDetector } from '@tradeblocks/bull-flag'
import { roundToTick, tickSize } from '@tradeblocks/core'

// One-minute bars of ABCD as [open, high, low, close, volume]: 20 quiet bars at $10, a pole from 9.90 to
// 11.00 on heavy volume, a four-bar flag on light volume, a breakout, and a bar that falls back.
type Row = [number, number, number, number, number]
const rows: Row[] = [
  ...Array.from({ length: 20 }, (): Row => [10, 10.05, 9.95, 10, 10_000]),
  [10.0, 10.32, 9.9, 10.3, 40_000],
  [10.3, 10.66, 10.28, 10.64, 50_000],
  [10.64, 10.95, 10.6, 10.92, 60_000],
  [10.92, 11.0, 10.85, 10.96, 70_000],
  [10.95, 10.95, 10.7, 10.75, 25_000],
  [10.75, 10.85, 10.6, 10.65, 20_000],
  [10.65, 10.78, 10.56, 10.7, 18_000],
  [10.7, 10.8, 10.6, 10.72, 15_000],
  [10.74, 11.05, 10.72, 11.02, 45_000],
  [11.0, 11.02, 10.88, 10.9, 30_000],
]
const start = Date.UTC(2026, 0, 6, 14, 30) // 09:30 New York
const bars = rows.map(([open, high, low, close, volume], i) => ({
  symbol: 'ABCD',
  timeframe: '1m' as const,
  ts: start + i * 60_000,
  open,
  high,
  low,
  close,
  volume,
}))

const detector = new BullFlagDetector({ symbol: 'ABCD' })
for (const bar of bars) {
  for (const event of detector.update(bar)) {
    switch (event.type) {
      case 'flag-forming': {
        // Armed: a buy-stop could rest at the breakout price.
        const { breakoutPrice, support, target } = event.setup
        console.log(`flag: buy above ${breakoutPrice}, stop under ${support}, target ${target}`)
        break
      }
      case 'breakout': {
        const d = event.detection
        const stop = roundToTick(d.support - tickSize(d.support), 'down') // one tick under the flag low
        console.log(
          `breakout at ${d.breakout.entryPrice}: stop ${stop}, target ${d.target}, ` +
            `reward/risk ${d.rewardRisk.toFixed(1)}, quality ${d.quality.toFixed(2)}`,
        )
        break
      }
      case 'breakout-rejected':
      case 'breakout-failed':
      case 'invalidated':
        console.log(`${event.type}: ${event.reasons.map((r) => r.message).join('; ')}`)
        break
    }
  }
}

// Why is ABCD not a flag any more?
console.log(detector.explain().summary)
