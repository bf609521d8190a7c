import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isValidTick, roundMoney, roundQty, roundToStep, roundToTick, tickSize } from './index.js'

describe('roundToTick (sub-penny rule)', () => {
  test('pennies at or above $1.00, hundredths of a cent below', () => {
    expect(tickSize(1)).toBe(0.01)
    expect(tickSize(0.9999)).toBe(0.0001)
    expect(roundToTick(10.237, 'down')).toBe(10.23)
    expect(roundToTick(10.231, 'up')).toBe(10.24)
    expect(roundToTick(10.235)).toBe(10.24)
    expect(roundToTick(0.51237)).toBe(0.5124)
    expect(roundToTick(0.51237, 'down')).toBe(0.5123)
  })

  test('floating-point noise does not move a price that is already on a tick', () => {
    expect(roundToTick(0.1 + 0.2, 'up')).toBe(0.3)
    expect(roundToTick(1.1 * 3, 'down')).toBe(3.3)
    expect(roundToTick(19.99, 'up')).toBe(19.99)
  })

  test('the $1.00 boundary', () => {
    expect(roundToTick(0.99999, 'up')).toBe(1)
    expect(roundToTick(1.004, 'down')).toBe(1)
    expect(roundToTick(0.99995)).toBe(1)
  })

  test('an explicit tick overrides the rule', () => {
    expect(roundToTick(4501.13, 'nearest', 0.25)).toBe(4501.25)
  })

  test('non-finite prices throw', () => {
    expect(() => roundToTick(Number.NaN)).toThrow(RangeError)
    expect(() => roundToTick(1, 'up', 0)).toThrow(RangeError)
  })

  test('properties: result is on a tick, within one tick, on the requested side', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0001, max: 100_000, noNaN: true }), (price) => {
        const down = roundToTick(price, 'down')
        const up = roundToTick(price, 'up')
        const near = roundToTick(price)
        for (const value of [down, up, near]) expect(isValidTick(value)).toBe(true)
        expect(down).toBeLessThanOrEqual(price + 1e-9)
        expect(up).toBeGreaterThanOrEqual(price - 1e-9)
        expect(up - down).toBeLessThanOrEqual(tickSize(price) + 1e-9)
        expect(Math.abs(near - price)).toBeLessThanOrEqual(tickSize(price) / 2 + 1e-9)
      }),
      { numRuns: 5000 },
    )
  })
})

describe('roundQty and roundMoney', () => {
  test('quantities round down to the lot step by default', () => {
    expect(roundQty(37.9)).toBe(37)
    expect(roundQty(250, { step: 100 })).toBe(200)
    expect(roundQty(99, { step: 100 })).toBe(0)
    expect(roundQty(1.23456789012, { step: 1e-9 })).toBe(1.23456789)
    expect(roundQty(0.5, { step: 0.001, minQty: 1 })).toBe(0)
    expect(() => roundQty(-1)).toThrow(RangeError)
  })

  test('steps are immune to floating-point noise', () => {
    expect(roundToStep(0.1 + 0.2, 0.1, 'down')).toBe(0.3)
    expect(roundToStep(2.675, 0.01, 'nearest')).toBe(2.68)
  })

  test('money rounds half away from zero to cents', () => {
    expect(roundMoney(0.1 + 0.2)).toBe(0.3)
    expect(roundMoney(-12.345)).toBe(-12.35)
    expect(roundMoney(1.005)).toBe(1.01)
    expect(roundMoney(-0.001)).toBe(0)
  })
})
