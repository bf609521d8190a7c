import type { MarketEvent } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applySlippage } from './applySlippage.js'
import { commissionFor } from './commissionFor.js'

const event: MarketEvent = { kind: 'status', status: 'connected', ts: 0 }
const ctx = (filledQty: number, filledValue: number) => ({
  symbol: 'AAPL',
  side: 'buy' as const,
  filledQty,
  filledValue,
  fills: 1,
})

describe('commissionFor', () => {
  it('computes each model per order, to the cent', () => {
    expect(commissionFor({ model: { kind: 'zero' }, context: ctx(100, 1_000) })).toBe(0)
    expect(
      commissionFor({ model: { kind: 'per_share', perShare: 0.005 }, context: ctx(1_000, 10_000) }),
    ).toBe(5)
    expect(
      commissionFor({ model: { kind: 'per_share', perShare: 0.005, min: 1 }, context: ctx(10, 100) }),
    ).toBe(1)
    expect(
      commissionFor({ model: { kind: 'per_share', perShare: 0.005, max: 2 }, context: ctx(1_000, 10_000) }),
    ).toBe(2)
    expect(
      commissionFor({
        model: { kind: 'per_share', perShare: 0.005, maxPercent: 1 },
        context: ctx(1_000, 100),
      }),
    ).toBe(1)
    expect(commissionFor({ model: { kind: 'percent', percent: 0.1 }, context: ctx(100, 2_555) })).toBe(2.56)
    expect(commissionFor({ model: { kind: 'fixed', perOrder: 4.95 }, context: ctx(1, 10) })).toBe(4.95)
    expect(commissionFor({ model: () => 0.123, context: ctx(1, 10) })).toBe(0.12)
    expect(commissionFor({ model: { kind: 'fixed', perOrder: 4.95 }, context: ctx(0, 0) })).toBe(0)
  })

  it('refuses a function that returns a negative or non-finite amount', () => {
    expect(() => commissionFor({ model: () => -1, context: ctx(1, 10) })).toThrow(/non-negative finite/)
    expect(() => commissionFor({ model: () => Number.NaN, context: ctx(1, 10) })).toThrow(/NaN/)
  })

  it('never decreases as an order fills (per-share with minimum and maximum)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 20 }), (chunks) => {
        const model = { kind: 'per_share' as const, perShare: 0.0035, min: 0.35, maxPercent: 1 }
        let qty = 0
        let previous = 0
        for (const chunk of chunks) {
          qty += chunk
          const total = commissionFor({ model, context: ctx(qty, qty * 5) })
          expect(total).toBeGreaterThanOrEqual(previous)
          previous = total
        }
      }),
    )
  })
})

describe('applySlippage', () => {
  it('moves the price against the trader and rounds to the tick against the trader', () => {
    const buy = { symbol: 'AAPL', side: 'buy' as const, price: 100, qty: 1, event }
    const sell = { ...buy, side: 'sell' as const }
    expect(applySlippage({ model: { kind: 'none' }, context: { ...buy, price: 10.001 } })).toBe(10.01)
    expect(applySlippage({ model: { kind: 'none' }, context: { ...sell, price: 10.009 } })).toBe(10)
    expect(applySlippage({ model: { kind: 'bps', bps: 10 }, context: buy })).toBe(100.1)
    expect(applySlippage({ model: { kind: 'bps', bps: 10 }, context: sell })).toBe(99.9)
    expect(applySlippage({ model: { kind: 'ticks', ticks: 2 }, context: buy })).toBe(100.02)
    expect(applySlippage({ model: { kind: 'ticks', ticks: 2 }, context: { ...sell, price: 0.5 } })).toBe(
      0.4998,
    )
    expect(applySlippage({ model: { kind: 'ticks', ticks: 1 }, context: buy, tick: 0.25 })).toBe(100.25)
    expect(applySlippage({ model: ({ price }) => price + 0.031, context: buy })).toBe(100.04)
  })

  it('never improves the price and never goes to zero', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.0001, max: 10_000, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        fc.boolean(),
        (price, bps, isBuy) => {
          const side = isBuy ? ('buy' as const) : ('sell' as const)
          const out = applySlippage({
            model: { kind: 'bps', bps },
            context: { symbol: 'X', side, price, qty: 1, event },
          })
          expect(out).toBeGreaterThan(0)
          if (isBuy) expect(out).toBeGreaterThanOrEqual(price - 1e-9)
          else if (out > 0.0001) expect(out).toBeLessThanOrEqual(price + 1e-9)
        },
      ),
    )
  })
})
