// The exact references that adjudicate disagreements with TA-Lib must themselves be right.
import { describe, expect, it } from 'vitest'
import { compareColumn, comparisons, flatWindowEnds } from './catalogue.js'
import type { Columns } from './data.js'
import { generateBars } from './data.js'
import { exactCci, exactMean, exactStdDev, exactWma, toFixed } from './exact.js'

describe('exact references', () => {
  it('convert doubles exactly', () => {
    expect(toFixed(1)).toBe(1n << 80n)
    expect(toFixed(0.5)).toBe(1n << 79n)
    expect(() => toFixed(Number.NaN)).toThrow()
  })

  it('match textbook values', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]
    expect(exactMean(xs, 7, 8)).toBe(5)
    expect(exactStdDev(xs, 7, 8)).toBe(2)
    expect(exactStdDev([3, 3, 3], 2, 3)).toBe(0)
    expect(exactWma([1, 2, 3], 2, 3)).toBe(14 / 6)
    expect(exactCci([10, 11, 12], [9, 10, 11], [9.5, 10.5, 11.5], 2, 3)).toBeCloseTo(100, 12)
    expect(exactCci([1, 1], [1, 1], [1, 1], 1, 2)).toBe(0)
  })

  it('sees the rounding that E[x²] − E[x]² loses on prices far from zero', () => {
    // 19 equal prices and one a cent higher: the exact deviation is 0.01 · sqrt(19) / 20
    const xs = [...Array(19).fill(1000.01), 1000.02]
    // (the doubles nearest 1000.01 and 1000.02 are 0.01 apart only to about 1e-11 relative)
    const expected = (0.01 * Math.sqrt(19)) / 20
    expect(Math.abs(exactStdDev(xs, 19, 20) - expected) / expected).toBeLessThan(1e-10)
  })
})

describe('the comparison', () => {
  const c: Columns = generateBars(300, { seed: 3, flatProbability: 0.05, maxFlat: 30 })

  it('finds flat windows', () => {
    const ends = flatWindowEnds([1, 1, 1, 2, 2], 2)
    expect([...ends]).toEqual([1, 2, 4])
  })

  it('fails a column that is off, and passes one that is not', () => {
    const sma20 = comparisons.find((x) => x.name === 'SMA(20)')!
    const ref = Float64Array.from(c.close, (_, i) =>
      i < 19 ? Number.NaN : c.close.slice(i - 19, i + 1).reduce((a, b) => a + b) / 20,
    )
    const good = compareColumn(sma20, c, ref, ref)
    expect(good.mismatches).toBe(0)
    const off = ref.map((x, i) => (i === 100 ? x * (1 + 1e-6) : x))
    const bad = compareColumn(sma20, c, off, ref)
    expect(bad.mismatches).toBe(1)
    const early = ref.map((x, i) => (i === 10 ? 1 : x))
    expect(compareColumn(sma20, c, early, ref).mismatches).toBe(1)
  })
})
