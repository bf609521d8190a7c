import { ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { measuredMoveTarget } from './measuredMoveTarget.js'
import { rMultipleTarget } from './rMultipleTarget.js'
import { scaleOutPlan } from './scaleOutPlan.js'
import { WrongSideStopError } from './WrongSideStopError.js'

describe('rMultipleTarget', () => {
  it('targets 2R by default', () => {
    expect(rMultipleTarget({ entry: 20, stop: 19.4 })).toEqual({
      target: 21.2,
      r: 0.6,
      rewardPerShare: 1.2,
      multiple: 2,
    })
  })

  it('rounds away from the entry so the reward is never below the multiple asked', () => {
    const result = rMultipleTarget({ entry: 10.01, stop: 9.68, multiple: 2.5 }) // 10.01 + 0.825
    expect(result.target).toBe(10.84)
    expect(result.multiple).toBeGreaterThanOrEqual(2.5)
    const short = rMultipleTarget({ side: 'short', entry: 10.01, stop: 10.34, multiple: 2.5 })
    expect(short.target).toBe(9.18)
    expect(short.multiple).toBeGreaterThanOrEqual(2.5)
  })

  it('refuses a stop on the wrong side and a short target at or below zero', () => {
    expect(() => rMultipleTarget({ entry: 20, stop: 21 })).toThrow(WrongSideStopError)
    expect(() => rMultipleTarget({ side: 'short', entry: 2, stop: 3, multiple: 2 })).toThrow(ValidationError)
  })
})

describe('measuredMoveTarget', () => {
  it('projects the flagpole from the breakout level and reports the R multiple', () => {
    expect(
      measuredMoveTarget({ moveLow: 8.1, moveHigh: 10.4, from: 10.05, entry: 10.06, stop: 9.7 }),
    ).toEqual({
      target: 12.35,
      height: 2.3,
      rMultiple: 6.36,
    })
  })

  it('projects down for a short and rounds toward the breakout level', () => {
    const result = measuredMoveTarget({ side: 'short', moveLow: 30.005, moveHigh: 34, from: 31.2 })
    expect(result.height).toBe(3.995)
    expect(result.target).toBe(27.21) // 27.205 rounded up, toward 31.20
  })

  it('refuses an inverted leg, an entry past the target and a short projection below zero', () => {
    expect(() => measuredMoveTarget({ moveLow: 10, moveHigh: 9, from: 10 })).toThrow(
      'moveHigh must be above moveLow',
    )
    expect(() => measuredMoveTarget({ moveLow: 8, moveHigh: 9, from: 9, entry: 10.5 })).toThrow(
      /already at or beyond the target/,
    )
    expect(() => measuredMoveTarget({ side: 'short', moveLow: 1, moveHigh: 5, from: 3 })).toThrow(
      /at or below 0/,
    )
  })
})

describe('scaleOutPlan', () => {
  it('defaults to half at 2R and the rest trailed, the remainder going to the last leg', () => {
    const plan = scaleOutPlan({ qty: 151, entry: 20, stop: 19.4 })
    expect(plan.legs).toEqual([
      { kind: 'target', qty: 75, price: 21.2, rMultiple: 2 },
      { kind: 'trail', qty: 76 },
    ])
    expect(plan.summary).toBe('75 at 21.20 (2R), 76 trailed')
  })

  it('supports thirds, explicit prices, shorts and fractional lots, always adding up to the position', () => {
    const plan = scaleOutPlan({
      side: 'short',
      qty: 10.5,
      entry: 50,
      stop: 51,
      lot: { step: 0.001 },
      legs: [
        { fraction: 1 / 3, rMultiple: 1 },
        { fraction: 1 / 3, price: 47.5 },
        { fraction: 1 / 3, trail: true },
      ],
    })
    expect(plan.legs).toEqual([
      { kind: 'target', qty: 3.5, price: 49, rMultiple: 1 },
      { kind: 'target', qty: 3.5, price: 47.5, rMultiple: 2.5 },
      { kind: 'trail', qty: 3.5 },
    ])
    expect(plan.legs.reduce((sum, leg) => sum + leg.qty, 0)).toBeCloseTo(10.5, 9)
  })

  it('drops legs that round to zero and reports them', () => {
    const plan = scaleOutPlan({ qty: 1, entry: 20, stop: 19 })
    expect(plan.legs).toEqual([{ kind: 'trail', qty: 1 }])
    expect(plan.skipped).toEqual([0])
  })

  it('refuses fractions that do not add up to 1 and price targets behind the entry', () => {
    expect(() =>
      scaleOutPlan({ qty: 100, entry: 20, stop: 19, legs: [{ fraction: 0.5, rMultiple: 2 }] }),
    ).toThrow('fractions must add up to 1')
    expect(() =>
      scaleOutPlan({
        qty: 100,
        entry: 20,
        stop: 19,
        legs: [
          { fraction: 0.5, price: 19.5 },
          { fraction: 0.5, trail: true },
        ],
      }),
    ).toThrow('legs.0.price 19.50 is not beyond the entry 20.00 for a long')
    expect(() => scaleOutPlan({ qty: 0.4, entry: 20, stop: 19 })).toThrow('qty 0.4 is below one lot of 1')
  })
})
