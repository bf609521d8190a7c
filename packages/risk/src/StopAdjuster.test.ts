import { isValidTick, ValidationError } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StopAdjuster } from './StopAdjuster.js'
import { WrongSideStopError } from './WrongSideStopError.js'

describe('StopAdjuster', () => {
  it('holds the initial stop until +1R, then moves to breakeven', () => {
    const adjuster = new StopAdjuster({ entry: 20, stop: 19.4, trail: { type: 'none' } })
    const first = adjuster.update({ high: 20.5, low: 19.8, close: 20.4 })
    expect(first).toMatchObject({ stop: 19.4, changed: false, phase: 'initial', hit: false })
    expect(first.reason).toBe('kept 19.40: price has gone 0.83R of the 1R needed')
    const second = adjuster.update({ high: 20.6, low: 20.2, close: 20.5 })
    expect(second).toMatchObject({ stop: 20, previousStop: 19.4, changed: true, phase: 'breakeven' })
    expect(second.reason).toBe('moved 19.40 → 20.00: breakeven 20.00 after +1R')
  })

  it('adds the breakeven offset, rounded toward profit, and honours a custom trigger', () => {
    const adjuster = new StopAdjuster({
      entry: 20,
      stop: 19,
      breakevenAtR: 1.5,
      breakevenOffset: 0.013,
      trail: { type: 'none' },
    })
    expect(adjuster.update({ high: 21.4, low: 20.5, close: 21.3 }).stop).toBe(19)
    expect(adjuster.update({ high: 21.5, low: 21, close: 21.2 }).stop).toBe(20.02)
  })

  it('trails an ATR chandelier from the highest high after breakeven', () => {
    const adjuster = new StopAdjuster({ entry: 20, stop: 19.4 })
    adjuster.update({ high: 20.4, low: 19.9, close: 20.3, atr: 0.2 })
    expect(adjuster.update({ high: 20.8, low: 20.3, close: 20.7, atr: 0.2 })).toMatchObject({
      stop: 20.2,
      phase: 'trailing',
    })
    expect(adjuster.update({ high: 21.5, low: 20.9, close: 21.4, atr: 0.25 }).stop).toBe(20.75)
    // The ATR widens: the chandelier falls to 20.60, the stop stays.
    const wider = adjuster.update({ high: 21.3, low: 21, close: 21.1, atr: 0.3 })
    expect(wider).toMatchObject({ stop: 20.75, changed: false })
    expect(wider.reason).toContain('would not tighten 20.75')
  })

  it('trails by a percentage and skips the chandelier while ATR is missing', () => {
    const percent = new StopAdjuster({ entry: 100, stop: 95, trail: { type: 'percent', percent: 0.03 } })
    expect(percent.update({ high: 105, low: 101, close: 104 }).stop).toBe(101.85) // 105 × 0.97
    const chandelier = new StopAdjuster({ entry: 100, stop: 95 })
    const update = chandelier.update({ high: 106, low: 101, close: 105 })
    expect(update.stop).toBe(100)
    expect(update.reason).toContain('no ATR on this bar, chandelier not updated')
  })

  it('waits when a candidate would sit at or above the close', () => {
    const adjuster = new StopAdjuster({ entry: 20, stop: 19.4, trail: { type: 'none' } })
    const update = adjuster.update({ high: 20.7, low: 19.8, close: 19.9 })
    expect(update.stop).toBe(19.4)
    expect(update.reason).toContain('breakeven 20.00 after +1R is beyond the close 19.90, waiting')
    expect(adjuster.update({ high: 20.3, low: 20.05, close: 20.2 }).stop).toBe(20)
  })

  it('reports a bar that traded through the stop in force', () => {
    const adjuster = new StopAdjuster({ entry: 20, stop: 19.4 })
    expect(adjuster.update({ high: 20.1, low: 19.4, close: 19.6 }).hit).toBe(true)
  })

  it('mirrors everything for a short', () => {
    const adjuster = new StopAdjuster({
      side: 'short',
      entry: 50,
      stop: 51,
      trail: { type: 'chandelier', atrMultiple: 2 },
    })
    expect(adjuster.update({ high: 50.2, low: 49.2, close: 49.4, atr: 0.3 }).stop).toBe(51)
    const moved = adjuster.update({ high: 49.3, low: 48.5, close: 48.7, atr: 0.3 })
    expect(moved.stop).toBe(49.1) // 48.50 + 2 × 0.30
    expect(moved.phase).toBe('trailing')
    expect(adjuster.update({ high: 49.2, low: 48.9, close: 49, atr: 0.5 }).stop).toBe(49.1)
    expect(adjuster.update({ high: 49.15, low: 48.6, close: 48.7, atr: 0.5 }).hit).toBe(true)
  })

  it('resumes from a snapshot after a restart', () => {
    const options = { entry: 20, stop: 19.4 }
    const adjuster = new StopAdjuster(options)
    adjuster.update({ high: 20.8, low: 20.3, close: 20.7, atr: 0.2 })
    const saved = JSON.parse(JSON.stringify(adjuster.snapshot()))
    const resumed = new StopAdjuster(options, saved)
    expect(resumed.stop).toBe(20.2)
    expect(resumed.phase).toBe('trailing')
    expect(resumed.update({ high: 20.9, low: 20.5, close: 20.6, atr: 0.2 }).stop).toBe(20.3)
    expect(() => new StopAdjuster(options, { ...saved, stop: 19 })).toThrow(/looser than the initial stop/)
  })

  it('refuses bad options and bad bars with the field and the value', () => {
    expect(() => new StopAdjuster({ entry: 20, stop: 20.5 })).toThrow(WrongSideStopError)
    expect(() => new StopAdjuster({ entry: 20, stop: 19, trail: { type: 'percent', percent: 5 } })).toThrow(
      'trail.percent must be below 1 (0.05 = 5%) (got 5)',
    )
    const adjuster = new StopAdjuster({ entry: 20, stop: 19 })
    let error: unknown
    try {
      adjuster.update({ high: 21, low: 20, close: 20.5, atr: Number.NaN })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).shortMessage).toBe('Invalid bar: atr must be a finite number (got NaN)')
    expect(() => adjuster.update({ high: 20, low: 21, close: 20.5 })).toThrow(/high must be at or above low/)
  })
})

describe('StopAdjuster properties', () => {
  const bar = fc
    .record({
      a: fc.double({ min: 1, max: 200, noNaN: true }),
      b: fc.double({ min: 1, max: 200, noNaN: true }),
      closeAt: fc.double({ min: 0, max: 1, noNaN: true }),
      atr: fc.option(fc.double({ min: 0.01, max: 20, noNaN: true }), { nil: undefined }),
    })
    .map(({ a, b, closeAt, atr }) => {
      const high = Math.max(a, b)
      const low = Math.min(a, b)
      // low + (high − low)·1 can round above high: clamp, as a real bar's close never leaves its range
      const close = Math.min(high, low + (high - low) * closeAt)
      return { high, low, close, ...(atr === undefined ? {} : { atr }) }
    })
  const trail = fc.oneof(
    fc.record({
      type: fc.constant('chandelier' as const),
      atrMultiple: fc.double({ min: 0.5, max: 5, noNaN: true }),
    }),
    fc.record({
      type: fc.constant('percent' as const),
      percent: fc.double({ min: 0.005, max: 0.3, noNaN: true }),
    }),
    fc.constant({ type: 'none' as const }),
  )

  it('never loosens a stop, and every stop sits on a valid tick', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('long' as const, 'short' as const),
        fc.double({ min: 5, max: 150, noNaN: true }),
        fc.double({ min: 0.005, max: 0.2, noNaN: true }),
        fc.double({ min: 0.25, max: 3, noNaN: true }),
        trail,
        fc.array(bar, { minLength: 1, maxLength: 40 }),
        (side, entryRaw, distance, breakevenAtR, trailRule, bars) => {
          const entry = Math.round(entryRaw * 100) / 100
          const stop =
            Math.round((side === 'long' ? entry * (1 - distance) : entry * (1 + distance)) * 100) / 100
          if (side === 'long' ? stop >= entry : stop <= entry) return
          const adjuster = new StopAdjuster({ side, entry, stop, breakevenAtR, trail: trailRule })
          let previous = stop
          for (const b of bars) {
            const update = adjuster.update(b)
            expect(update.previousStop).toBe(previous)
            if (side === 'long') expect(update.stop).toBeGreaterThanOrEqual(previous)
            else expect(update.stop).toBeLessThanOrEqual(previous)
            expect(isValidTick(update.stop)).toBe(true)
            if (update.changed) {
              // A moved stop sits on the right side of the bar's close.
              if (side === 'long') expect(update.stop).toBeLessThan(b.close)
              else expect(update.stop).toBeGreaterThan(b.close)
            }
            previous = update.stop
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
