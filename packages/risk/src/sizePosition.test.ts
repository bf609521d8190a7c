import { isValidTick, ValidationError } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sizePosition } from './sizePosition.js'
import { WrongSideStopError } from './WrongSideStopError.js'

function sized(result: ReturnType<typeof sizePosition>) {
  if (!result.ok) throw new Error(`expected a size, got ${result.code}: ${result.reason}`)
  return result
}

describe('sizePosition', () => {
  it('sizes by 2% fixed fractional risk by default', () => {
    const result = sized(sizePosition({ equity: 25_000, buyingPower: 100_000, entry: 20, stop: 19 }))
    expect(result.riskBudget).toBe(500)
    expect(result.qty).toBe(500)
    expect(result.riskAmount).toBe(500)
    expect(result.notional).toBe(10_000)
    expect(result.binding).toEqual(['risk'])
    expect(result.explanation).toMatchInlineSnapshot(
      `"500 shares long at 20.00 with stop 19.00: set by risk (2% of equity 25,000.00 = 500.00 at risk / 1.00 per share = 500); 500.00 at risk, 10,000.00 notional."`,
    )
  })

  it('reports the buying-power cap when it binds', () => {
    const result = sized(sizePosition({ equity: 25_000, buyingPower: 1_500, entry: 40, stop: 39 }))
    expect(result.qty).toBe(37)
    expect(result.binding).toEqual(['buying_power'])
    expect(result.riskQty).toBe(500)
    expect(result.riskAmount).toBe(37)
    expect(result.notional).toBe(1_480)
    expect(result.explanation).toContain('capped by buying power')
    expect(result.explanation).toContain('risk alone allowed 500')
  })

  it('reports the max-position-value cap when it binds', () => {
    const result = sized(
      sizePosition({ equity: 20_000, buyingPower: 80_000, entry: 10, stop: 9.9, maxPositionFraction: 0.25 }),
    )
    // Risk allows 400 / 0.10 = 4,000 shares (40,000 notional); 25% of equity is 5,000 = 500 shares.
    expect(result.riskQty).toBe(4_000)
    expect(result.qty).toBe(500)
    expect(result.binding).toEqual(['max_position_value'])
    expect(result.limits.find((l) => l.kind === 'max_position_value')?.description).toBe(
      '25% of equity = 5,000.00 / entry 10.00 = 500',
    )
  })

  it('reports the max-shares cap when it binds', () => {
    const result = sized(
      sizePosition({ equity: 100_000, buyingPower: 400_000, entry: 5, stop: 4.9, maxShares: 1_000 }),
    )
    expect(result.qty).toBe(1_000)
    expect(result.binding).toEqual(['max_shares'])
  })

  it('reports every cap that ties', () => {
    // Risk: 200 / 1 = 200 shares; buying power 4,000 / 20 = 200; max shares 200.
    const result = sized(
      sizePosition({ equity: 10_000, buyingPower: 4_000, entry: 20, stop: 19, maxShares: 200 }),
    )
    expect(result.qty).toBe(200)
    expect(result.binding).toEqual(['risk', 'buying_power', 'max_shares'])
  })

  it('rounds prices to valid ticks away from each other, so the risk per share only grows', () => {
    const result = sized(sizePosition({ equity: 10_000, buyingPower: 100_000, entry: 10.004, stop: 9.506 }))
    expect(result.entry).toBe(10.01)
    expect(result.stop).toBe(9.5)
    expect(result.riskPerShare).toBe(0.51)
    expect(result.qty).toBe(392) // 200 / 0.51 = 392.16
    expect(isValidTick(result.entry)).toBe(true)
    expect(isValidTick(result.stop)).toBe(true)
  })

  it('uses sub-penny ticks below one dollar and an explicit tick grid when given', () => {
    const penny = sized(sizePosition({ equity: 10_000, buyingPower: 10_000, entry: 0.51234, stop: 0.48766 }))
    expect(penny.entry).toBe(0.5124)
    expect(penny.stop).toBe(0.4876)
    const futures = sized(
      sizePosition({ equity: 50_000, buyingPower: 500_000, entry: 4_512.1, stop: 4_500.1, tick: 0.25 }),
    )
    expect(futures.entry).toBe(4_512.25)
    expect(futures.stop).toBe(4_500)
  })

  it('rounds down to round lots', () => {
    const result = sized(
      sizePosition({
        equity: 25_000,
        buyingPower: 100_000,
        entry: 20,
        stop: 19,
        lot: { step: 100 },
        riskFraction: 0.019,
      }),
    )
    expect(result.riskQty).toBe(475)
    expect(result.qty).toBe(400)
  })

  it('sizes fractional shares to the broker step', () => {
    const result = sized(
      sizePosition({ equity: 1_000, buyingPower: 1_000, entry: 412.37, stop: 400.12, lot: { step: 0.0001 } }),
    )
    // 20 / 12.25 = 1.63265...; rounded down to 1.6326.
    expect(result.qty).toBe(1.6326)
    expect(result.riskAmount).toBe(20)
    expect(result.riskAmount).toBeLessThanOrEqual(20)
  })

  it('refuses a size below the minimum quantity with the cap that caused it', () => {
    const result = sizePosition({ equity: 500, buyingPower: 1_000, entry: 412.37, stop: 400.12 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('below_minimum')
    expect(result.binding).toEqual(['risk'])
    expect(result.reason).toMatchInlineSnapshot(
      `"The size rounds to 0: risk (2% of equity 500.00 = 10.00 at risk / 12.25 per share = 0.8163) allows 0.8163, below the minimum quantity 1."`,
    )
    const minimum = sizePosition({
      equity: 1_000,
      buyingPower: 1_000,
      entry: 412.37,
      stop: 400.12,
      lot: { step: 0.001, minQty: 2 },
    })
    expect(minimum.ok).toBe(false)
  })

  it('refuses zero or negative equity as a value, not a throw', () => {
    for (const equity of [0, -500]) {
      const result = sizePosition({ equity, buyingPower: 10_000, entry: 10, stop: 9 })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.code).toBe('no_equity')
        expect(result.reason).toContain('nothing to risk')
      }
    }
  })

  it('refuses zero buying power with the buying-power cap named', () => {
    const result = sizePosition({ equity: 10_000, buyingPower: 0, entry: 10, stop: 9 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe('below_minimum')
      expect(result.binding).toEqual(['buying_power'])
    }
  })

  it('throws a WrongSideStopError for a stop at or above a long entry', () => {
    expect(() => sizePosition({ equity: 10_000, buyingPower: 10_000, entry: 10, stop: 10 })).toThrow(
      WrongSideStopError,
    )
    let error: unknown
    try {
      sizePosition({ equity: 10_000, buyingPower: 10_000, entry: 10, stop: 10.5 })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(WrongSideStopError)
    expect((error as WrongSideStopError).code).toBe('validation')
    expect((error as WrongSideStopError).shortMessage).toMatchInlineSnapshot(
      `"Stop 10.50 is on the wrong side of entry 10.00 for a long: a long's stop must be below the entry."`,
    )
  })

  it('sizes shorts with the stop above the entry and refuses one below it', () => {
    const result = sized(
      sizePosition({ side: 'short', equity: 20_000, buyingPower: 40_000, entry: 15.006, stop: 15.494 }),
    )
    expect(result.entry).toBe(15)
    expect(result.stop).toBe(15.5)
    expect(result.qty).toBe(800)
    expect(() =>
      sizePosition({ side: 'short', equity: 20_000, buyingPower: 40_000, entry: 15, stop: 14.5 }),
    ).toThrow(/a short's stop must be above the entry/)
  })

  it('throws a ValidationError naming the field and the value for non-finite input', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ equity: Number.NaN }, 'equity must be a finite number (got NaN)'],
      [{ entry: Number.POSITIVE_INFINITY }, 'entry must be a finite number (got Infinity)'],
      [{ stop: -1 }, 'stop must be greater than 0 (got -1)'],
      [{ buyingPower: -5 }, 'buyingPower must not be negative (got -5)'],
      [{ riskFraction: 0 }, 'riskFraction must be greater than 0 (got 0)'],
      [{ riskFraction: 0.11 }, 'riskFraction must be at most 0.1 (10% of equity) (got 0.11)'],
      [{ lot: { step: 0 } }, 'lot.step must be greater than 0 (got 0)'],
      [{ side: 'sideways' }, 'side must be "long" or "short" (got "sideways")'],
    ]
    for (const [patch, message] of cases) {
      const input = { equity: 10_000, buyingPower: 10_000, entry: 10, stop: 9, ...patch }
      let error: unknown
      try {
        sizePosition(input as Parameters<typeof sizePosition>[0])
      } catch (caught) {
        error = caught
      }
      expect(error, JSON.stringify(patch)).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues[0]?.message).toBe(message)
    }
  })

  it('accepts the 10% risk ceiling exactly', () => {
    const result = sized(
      sizePosition({ equity: 10_000, buyingPower: 100_000, entry: 10, stop: 9, riskFraction: 0.1 }),
    )
    expect(result.qty).toBe(1_000)
  })
})

describe('sizePosition properties', () => {
  const price = fc.double({ min: 0.05, max: 2_000, noNaN: true })
  const input = fc.record({
    side: fc.constantFrom('long' as const, 'short' as const),
    equity: fc.double({ min: 100, max: 5_000_000, noNaN: true }),
    buyingPower: fc.double({ min: 0, max: 20_000_000, noNaN: true }),
    entry: price,
    stopDistance: fc.double({ min: 0.0005, max: 0.5, noNaN: true }),
    riskFraction: fc.double({ min: 0.0001, max: 0.1, noNaN: true }),
    maxPositionFraction: fc.option(fc.double({ min: 0.01, max: 4, noNaN: true }), { nil: undefined }),
    maxShares: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    step: fc.constantFrom(1, 100, 0.0001, 0.000000001),
  })

  it('never risks more than the fraction of equity, never spends more than buying power, never breaks a cap', () => {
    fc.assert(
      fc.property(input, (i) => {
        const stop = i.side === 'long' ? i.entry * (1 - i.stopDistance) : i.entry * (1 + i.stopDistance)
        const result = sizePosition({
          side: i.side,
          equity: i.equity,
          buyingPower: i.buyingPower,
          entry: i.entry,
          stop,
          riskFraction: i.riskFraction,
          lot: { step: i.step },
          ...(i.maxPositionFraction === undefined ? {} : { maxPositionFraction: i.maxPositionFraction }),
          ...(i.maxShares === undefined ? {} : { maxShares: i.maxShares }),
        })
        expect(isValidTick(result.entry)).toBe(true)
        expect(isValidTick(result.stop)).toBe(true)
        if (!result.ok) {
          expect(result.code).toBe('below_minimum')
          return
        }
        const slack = 1 + 1e-9
        expect(result.qty).toBeGreaterThan(0)
        expect(result.riskAmount).toBeLessThanOrEqual(i.equity * i.riskFraction)
        expect(result.qty * result.riskPerShare).toBeLessThanOrEqual(i.equity * i.riskFraction * slack)
        expect(result.qty * result.entry).toBeLessThanOrEqual(i.buyingPower * slack)
        if (i.maxShares !== undefined) expect(result.qty).toBeLessThanOrEqual(i.maxShares)
        if (i.maxPositionFraction !== undefined)
          expect(result.qty * result.entry).toBeLessThanOrEqual(i.equity * i.maxPositionFraction * slack)
        const units = result.qty / i.step
        expect(Math.abs(units - Math.round(units))).toBeLessThanOrEqual(Math.max(1e-6, units * 1e-12))
        // The size is as large as the caps allow: one more lot would break the tightest cap.
        const cap = Math.min(...result.limits.map((limit) => limit.maxQty))
        expect(result.qty + i.step).toBeGreaterThan(cap * (1 - 1e-9))
        // And the risk per share used is never smaller than the one asked for.
        expect(result.riskPerShare).toBeGreaterThanOrEqual(Math.abs(i.entry - stop) - 1e-9)
      }),
      { numRuns: 500 },
    )
  })
})
