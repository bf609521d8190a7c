import { generateSyntheticMarket } from '@tradeblocks/backtest'
import { BullFlagDetector } from '@tradeblocks/bull-flag'
import { type Bar, nyse } from '@tradeblocks/core'
import { rMultipleTarget, sizePosition, structureStop } from '@tradeblocks/risk'
import { expect, test } from 'vitest'

// The root README's "use a package from your own bot" example, run on a synthetic day with a planted flag.
test('the root README example finds a breakout and sizes it', () => {
  const lines: string[] = []
  const detector = new BullFlagDetector({ symbol: 'ABCD' })
  function onBar(bar: Bar, equity: number, buyingPower: number) {
    for (const event of detector.update(bar)) {
      if (event.type !== 'breakout' || nyse.sessionAt(bar.ts).session !== 'regular') continue
      const entry = event.detection.breakoutPrice
      const { stop } = structureStop({ level: event.detection.support, entry })
      const size = sizePosition({ equity, buyingPower, entry, stop, riskFraction: 0.01 })
      if (size.ok)
        lines.push(
          `buy ${size.qty} ABCD at ${entry}, stop ${stop}, target ${rMultipleTarget({ entry, stop }).target}`,
        )
      else lines.push(`no trade: ${size.reason}`)
    }
  }
  const market = generateSyntheticMarket({
    seed: 7,
    dates: ['2026-11-16'],
    symbols: 24,
    gappersPerDay: 6,
    flagRate: 0.8,
    quoteSymbols: 'none',
  })
  const flagged = market.days[0]?.gappers.find((g) => g.symbol === 'UMBA')
  expect(flagged?.flag).toBeDefined()
  for (const bar of market.days[0]?.bars.UMBA ?? []) onBar({ ...bar, symbol: 'ABCD' }, 30_000, 30_000)
  expect(lines.length).toBeGreaterThanOrEqual(1)
  expect(lines[0]).toMatch(/^buy \d+ ABCD at \d+\.\d+, stop \d+\.\d+, target \d+\.\d+$/)
})
