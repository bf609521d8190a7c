import { ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { atrStop } from './atrStop.js'
import { chooseStop } from './chooseStop.js'
import { structureStop } from './structureStop.js'
import { WrongSideStopError } from './WrongSideStopError.js'

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('atrStop', () => {
  it('places a long stop 2 ATR below the entry by default, rounded down to a tick', () => {
    expect(atrStop({ entry: 50, atr: 1.237 })).toEqual({
      stop: 47.52,
      distance: 2.48,
      reason: '2 × ATR 1.237 below entry 50.00 = 47.52',
    })
  })

  it('places a short stop above the entry, rounded up, with a custom multiplier', () => {
    const result = atrStop({ entry: 50, atr: 1.237, side: 'short', multiplier: 1.5 })
    expect(result.stop).toBe(51.86) // 50 + 1.8555
  })

  it('uses sub-penny ticks under one dollar', () => {
    expect(atrStop({ entry: 0.8, atr: 0.01234 }).stop).toBe(0.7753)
  })

  it('refuses a NaN ATR (a warming-up indicator) with the field and the value', () => {
    const error = thrown(() => atrStop({ entry: 50, atr: Number.NaN }))
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).shortMessage).toBe(
      'Invalid ATR stop: atr must be a finite number (got NaN)',
    )
    expect(() => atrStop({ entry: 50, atr: 0 })).toThrow('atr must be greater than 0 (got 0)')
    expect(() => atrStop({ entry: 50, atr: 1, multiplier: -2 })).toThrow('multiplier must be greater than 0')
  })

  it('refuses an ATR so wide that a long stop would fall to zero', () => {
    expect(() => atrStop({ entry: 2, atr: 1.5 })).toThrow(/at or below 0/)
  })
})

describe('structureStop', () => {
  it('places the stop one tick under support for a long, over resistance for a short', () => {
    expect(structureStop({ level: 10.42 }).stop).toBe(10.41)
    expect(structureStop({ level: 11.8, side: 'short' }).stop).toBe(11.81)
    expect(structureStop({ level: 0.5123, offsetTicks: 2 }).stop).toBe(0.5121)
    expect(structureStop({ level: 4_500, tick: 0.25, offsetTicks: 2 }).stop).toBe(4_499.5)
  })

  it('reports the distance from the entry and refuses a stop on the wrong side of it', () => {
    expect(structureStop({ level: 48.1, entry: 50 }).distance).toBe(1.91)
    const error = thrown(() => structureStop({ level: 50.2, entry: 50 }))
    expect(error).toBeInstanceOf(WrongSideStopError)
    expect((error as WrongSideStopError).shortMessage).toMatchInlineSnapshot(
      `"Structure stop 50.19 is on the wrong side of entry 50.00 for a long: a long's stop must be below the entry."`,
    )
  })

  it('refuses a fractional tick offset', () => {
    expect(() => structureStop({ level: 10, offsetTicks: 1.5 })).toThrow(
      'offsetTicks must be a whole number of ticks',
    )
  })
})

describe('chooseStop', () => {
  const entry = 50
  const candidates = [
    { source: 'atr', stop: atrStop({ entry, atr: 1.2 }).stop },
    { source: 'structure', stop: structureStop({ level: 48.1, entry }).stop },
  ]

  it('picks the tighter stop by default and the looser one on request', () => {
    expect(chooseStop({ entry, candidates })).toEqual({
      stop: 48.09,
      source: 'structure',
      distance: 1.91,
      reason: 'structure stop 48.09 is the tighter one (vs atr 47.60)',
    })
    expect(chooseStop({ entry, candidates, prefer: 'looser' }).source).toBe('atr')
  })

  it('mirrors the choice for a short', () => {
    const short = [
      { source: 'atr', stop: 52.4 },
      { source: 'structure', stop: 51.1 },
    ]
    expect(chooseStop({ side: 'short', entry, candidates: short }).stop).toBe(51.1)
    expect(chooseStop({ side: 'short', entry, candidates: short, prefer: 'looser' }).stop).toBe(52.4)
  })

  it('rejects any candidate on the wrong side of the entry with a typed error', () => {
    const error = thrown(() =>
      chooseStop({ entry, candidates: [...candidates, { source: 'manual', stop: 50.5 }] }),
    )
    expect(error).toBeInstanceOf(WrongSideStopError)
    expect((error as WrongSideStopError).stop).toBe(50.5)
    expect((error as Error).message).toContain('Stop (manual) 50.50 is on the wrong side of entry 50.00')
  })

  it('refuses an empty list', () => {
    expect(() => chooseStop({ entry, candidates: [] })).toThrow('candidates must hold at least one stop')
  })
})
