import { ValidationError } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { analyzePullback } from './analyzePullback.js'

const breakoutBar = { high: 10.75, low: 10.38, close: 10.7, volume: 90_000 }
const base = { breakoutLevel: 10.4, breakoutBar, vwap: 10.2 }

describe('analyzePullback', () => {
  it('waits for the first bar after the breakout', () => {
    expect(analyzePullback({ ...base, bars: [] })).toMatchObject({ status: 'waiting', entry: undefined })
  })

  it('does not chase a move that has not pulled back', () => {
    const result = analyzePullback({
      ...base,
      bars: [
        { high: 10.9, low: 10.7, close: 10.88, volume: 60_000 },
        { high: 11.05, low: 10.85, close: 11, volume: 55_000 },
      ],
    })
    expect(result.status).toBe('extended')
    expect(result.reason).toContain('do not chase')
  })

  it('gives a buy stop over the last bar and a stop under the pullback low when the pullback holds', () => {
    const result = analyzePullback({
      ...base,
      bars: [
        { high: 10.72, low: 10.55, close: 10.58, volume: 40_000 },
        { high: 10.6, low: 10.46, close: 10.52, volume: 30_000 },
      ],
    })
    expect(result.status).toBe('ready')
    expect(result.holds).toBe(true)
    expect(result.checks.map((check) => check.pass)).toEqual([true, true, true])
    expect(result.entry).toMatchObject({ type: 'buy_stop', price: 10.61, stop: 10.45, riskPerShare: 0.16 })
    expect(result.reason).toMatchInlineSnapshot(
      `"The pullback holds (pullback low 10.46 held above VWAP 10.20; pullback low 10.46 held above the breakout level 10.40; pullback volume averaged 35,000 over 2 bars, lighter than 90,000 (breakout 90,000)): buy stop 10.61, one tick over the last bar's high 10.60; stop 10.45, one tick under the pullback low 10.46."`,
    )
  })

  it('reports the trigger when the latest bar breaks the prior bar high, without counting its volume', () => {
    const result = analyzePullback({
      ...base,
      bars: [
        { high: 10.72, low: 10.55, close: 10.58, volume: 40_000 },
        { high: 10.6, low: 10.46, close: 10.52, volume: 30_000 },
        { high: 10.78, low: 10.5, close: 10.76, volume: 150_000 },
      ],
    })
    expect(result.status).toBe('triggered')
    expect(result.entry).toMatchObject({ price: 10.61, stop: 10.45 })
    expect(result.checks.find((check) => check.name === 'volume')?.detail).toContain(
      'averaged 35,000 over 2 bars',
    )
  })

  it('fails a pullback that loses the flag high, VWAP or comes on heavy volume, naming each', () => {
    const belowLevel = analyzePullback({
      ...base,
      bars: [{ high: 10.6, low: 10.31, close: 10.45, volume: 20_000 }],
    })
    expect(belowLevel.status).toBe('failed')
    expect(belowLevel.holds).toBe(false)
    expect(belowLevel.reason).toBe(
      'The pullback failed: pullback low 10.31 did not hold above the breakout level 10.40.',
    )
    const belowVwap = analyzePullback({
      ...base,
      vwap: 10.5,
      bars: [{ high: 10.6, low: 10.45, close: 10.5, volume: 20_000 }],
    })
    expect(belowVwap.checks.find((check) => check.name === 'vwap')?.pass).toBe(false)
    const heavy = analyzePullback({
      ...base,
      bars: [{ high: 10.6, low: 10.45, close: 10.5, volume: 120_000 }],
    })
    expect(heavy.status).toBe('failed')
    expect(heavy.reason).toContain('not lighter than 90,000')
    const tolerated = analyzePullback({
      ...base,
      levelTolerance: 0.1,
      bars: [{ high: 10.6, low: 10.31, close: 10.45, volume: 20_000 }],
    })
    expect(tolerated.status).toBe('ready')
  })

  it('mirrors a breakdown for a short', () => {
    const result = analyzePullback({
      side: 'short',
      breakoutLevel: 20,
      breakoutBar: { high: 20.1, low: 19.6, close: 19.7, volume: 80_000 },
      vwap: 20.5,
      bars: [
        { high: 19.85, low: 19.62, close: 19.8, volume: 30_000 },
        { high: 19.93, low: 19.75, close: 19.9, volume: 25_000 },
      ],
    })
    expect(result.status).toBe('ready')
    expect(result.entry).toMatchObject({ type: 'sell_stop', price: 19.74, stop: 19.94 })
  })

  it('refuses a breakout bar that did not close beyond the level, and bad bars', () => {
    expect(() =>
      analyzePullback({ ...base, breakoutBar: { ...breakoutBar, close: 10.39 }, bars: [] }),
    ).toThrow(ValidationError)
    expect(() =>
      analyzePullback({ ...base, bars: [{ high: 10.6, low: 10.45, close: 10.5, volume: Number.NaN }] }),
    ).toThrow('bars.0.volume must be a finite number (got NaN)')
  })
})
