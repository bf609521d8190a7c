import { ValidationError } from '@tradeblocks/core'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { BullFlagDetector } from './BullFlagDetector.js'
import {
  type BullFlagOptions,
  type BullFlagOptionsSchema,
  DEFAULT_BULL_FLAG_OPTIONS,
  resolveBullFlagOptions,
} from './BullFlagOptions.js'

function messageOf(options: unknown): string {
  try {
    resolveBullFlagOptions(options as BullFlagOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    return (error as ValidationError).shortMessage
  }
  throw new Error('expected a ValidationError')
}

describe('bull-flag options', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_BULL_FLAG_OPTIONS).toEqual({
      minPoleGainPct: 8,
      minPoleBars: 1,
      maxPoleBars: 10,
      useVolume: true,
      minPoleVolumeRatio: 1.5,
      volumeLookback: 20,
      minVolumeHistoryBars: 3,
      minFlagBars: 2,
      maxFlagBars: 10,
      minFlagRangePct: 3,
      maxFlagRangePct: 5,
      maxRetracement: 0.5,
      maxFlagRise: 0.5,
      maxFlagVolumeRatio: 0.8,
      breakoutOn: 'close',
      minBreakoutVolumeRatio: 1,
      followThroughBars: 5,
      onInvalidBar: 'throw',
    })
    expect(Object.isFrozen(DEFAULT_BULL_FLAG_OPTIONS)).toBe(true)
    expect(new BullFlagDetector().options).toEqual(DEFAULT_BULL_FLAG_OPTIONS)
  })

  it('keeps what it is given', () => {
    const o = resolveBullFlagOptions({ minPoleGainPct: 12, maxFlagBars: 20, breakoutOn: 'trade', tick: 0.05 })
    expect(o).toMatchObject({
      minPoleGainPct: 12,
      maxFlagBars: 20,
      breakoutOn: 'trade',
      tick: 0.05,
      maxPoleBars: 10,
    })
  })

  it('names the option and the value in every error', () => {
    expect(messageOf({ maxFlagBars: 2.5 })).toBe(
      'Invalid bull-flag options: maxFlagBars must be an integer (got 2.5)',
    )
    expect(messageOf({ minPoleGainPct: -1 })).toBe(
      'Invalid bull-flag options: minPoleGainPct must be greater than 0 (got -1)',
    )
    expect(messageOf({ minPoleGainPct: Number.NaN })).toBe(
      'Invalid bull-flag options: minPoleGainPct must be a finite number (got NaN)',
    )
    expect(messageOf({ maxRetracement: 1.5 })).toBe(
      'Invalid bull-flag options: maxRetracement must be at most 1 (a flag that gives back the whole pole is not a flag) (got 1.5)',
    )
    expect(messageOf({ breakoutOn: 'open' })).toBe(
      'Invalid bull-flag options: breakoutOn must be "close" or "trade" (got "open")',
    )
    expect(messageOf({ minFlagBars: 6, maxFlagBars: 5 })).toBe(
      'Invalid bull-flag options: minFlagBars must not be above maxFlagBars 5 (got 6)',
    )
    expect(messageOf({ minFlagRangePct: 6 })).toBe(
      'Invalid bull-flag options: minFlagRangePct must not be above maxFlagRangePct 5 (got 6)',
    )
    expect(messageOf({ maxPoleBars: 0 })).toBe(
      'Invalid bull-flag options: maxPoleBars must be at least 1 (got 0)',
    )
    expect(messageOf({ maxPoleBars: 5000 })).toBe(
      'Invalid bull-flag options: maxPoleBars must be at most 2000 (got 5000)',
    )
    expect(messageOf({ tick: 0 })).toBe('Invalid bull-flag options: tick must be greater than 0 (got 0)')
    expect(messageOf({ minPoleGain: 8 })).toMatch(/^Invalid bull-flag options: .*minPoleGain/)
  })

  it('lists every bad option', () => {
    try {
      resolveBullFlagOptions({ maxFlagBars: -1, minPoleGainPct: 0 })
      expect.unreachable()
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['minPoleGainPct', 'maxFlagBars'])
    }
  })

  it('the detector constructor validates too', () => {
    expect(() => new BullFlagDetector({ maxFlagRangePct: 0 })).toThrow(ValidationError)
  })

  it('the interface matches the schema input', () => {
    expectTypeOf<BullFlagOptions>().toExtend<z.input<typeof BullFlagOptionsSchema>>()
    expectTypeOf<keyof BullFlagOptions>().toEqualTypeOf<keyof z.input<typeof BullFlagOptionsSchema>>()
  })
})
