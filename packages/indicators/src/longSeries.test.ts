// Streaming equals batch across the periodic recomputation of the rolling sums (every
// max(period, 1024) inputs for SMA/WMA, every max(period, 64) for the variance), with replace()
// calls sprinkled in, on series long enough to cross several recomputations.
import { describe, expect, it } from 'vitest'
import {
  BollingerBands,
  bollingerBands,
  SMA,
  StdDev,
  Stochastic,
  sma,
  stdDev,
  stochastic,
  VolumeAverage,
  volumeAverage,
  WMA,
  wma,
} from './index.js'

function series(n: number, seed: number): number[] {
  let s = seed
  const random = () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0
    return s / 2 ** 32
  }
  const out: number[] = []
  let price = 100
  for (let i = 0; i < n; i++) {
    if (random() < 0.05) {
      // a spike that enters and leaves the window, the case periodic recomputation exists for
      out.push(price * 1e6)
      continue
    }
    price = Math.max(0.01, Math.round((price + (random() - 0.5)) * 100) / 100)
    out.push(price)
  }
  return out
}

function streamWithReplace<T>(update: (x: number) => T, replace: (x: number) => T, values: number[]): T[] {
  const out: T[] = []
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!
    if (i % 7 === 3) {
      update(x + 3)
      replace(x - 1)
    }
    out.push(i % 7 === 3 ? replace(x) : update(x))
  }
  return out
}

describe('rolling sums stay bit-identical across recomputations', () => {
  const values = series(5000, 12_345)
  for (const period of [3, 20, 1500]) {
    it(`SMA and WMA (${period})`, () => {
      const s = new SMA({ period })
      const w = new WMA({ period })
      const sb = sma(values, { period })
      const wb = wma(values, { period })
      const ss = streamWithReplace(
        (x) => s.update(x),
        (x) => s.replace(x),
        values,
      )
      const ws = streamWithReplace(
        (x) => w.update(x),
        (x) => w.replace(x),
        values,
      )
      for (let i = 0; i < values.length; i++) {
        expect(ss[i] ?? Number.NaN).toBe(sb[i])
        expect(ws[i] ?? Number.NaN).toBe(wb[i])
      }
      const v = new VolumeAverage({ period })
      const vb = volumeAverage(values, { period })
      for (let i = 0; i < values.length; i++)
        expect(v.update({ volume: values[i]! }) ?? Number.NaN).toBe(vb[i])
    })

    it(`StdDev and Bollinger Bands (${period})`, () => {
      const sd = new StdDev({ period })
      const bb = new BollingerBands({ period })
      const sdb = stdDev(values, { period })
      const bbb = bollingerBands(values, { period })
      const sds = streamWithReplace(
        (x) => sd.update(x),
        (x) => sd.replace(x),
        values,
      )
      const bbs = streamWithReplace(
        (x) => ({ ...bb.update(x) }),
        (x) => ({ ...bb.replace(x) }),
        values,
      )
      for (let i = 0; i < values.length; i++) {
        expect(sds[i] ?? Number.NaN).toBe(sdb[i])
        expect(bbs[i]!.upper ?? Number.NaN).toBe(bbb.upper[i])
        expect(bbs[i]!.percentB ?? Number.NaN).toBe(bbb.percentB[i])
      }
    })
  }

  it('the recomputation removes spike residue: the SMA of a window back to normal prices is exact', () => {
    const spikes = [...Array(50).fill(100.1), 1e12, ...Array(2100).fill(100.1)]
    const out = sma(spikes, { period: 20 })
    // after the spike leaves the window the window is flat again: exact
    expect(out[spikes.length - 1]).toBe(100.1)
    const mixed = [
      ...Array(50).fill(100.1),
      1e12,
      ...Array(2100)
        .fill(0)
        .map((_, i) => 100 + (i % 3) * 0.01),
    ]
    const m = sma(mixed, { period: 3 })
    // within one recompute interval of 1024 the residue is gone: the mean of 100, 100.01, 100.02
    expect(Math.abs(m[mixed.length - 1]! - 100.01)).toBeLessThan(1e-12)
  })

  it('Stochastic with long %K and %D smoothing', () => {
    const high = values.map((x) => x + 0.05)
    const low = values.map((x) => x - 0.05)
    const params = { kPeriod: 30, kSmoothing: 1100, dPeriod: 3 }
    const batch = stochastic({ high, low, close: values }, params)
    const s = new Stochastic(params)
    for (let i = 0; i < values.length; i++) {
      const v = s.update({ high: high[i]!, low: low[i]!, close: values[i]! })
      expect(v?.k ?? Number.NaN).toBe(batch.k[i])
      expect(v?.d ?? Number.NaN).toBe(batch.d[i])
    }
  })
})
