// The values the TSDoc examples and the README promise, checked by hand-computable cases.
import { describe, expect, it } from 'vitest'
import {
  ADX,
  ATR,
  adx,
  atr,
  BollingerBands,
  bollingerBands,
  CCI,
  cci,
  DEMA,
  Donchian,
  dema,
  donchian,
  EMA,
  ema,
  IndicatorError,
  InvalidInputError,
  InvalidParameterError,
  Keltner,
  LinearRegression,
  linearRegression,
  MACD,
  Momentum,
  macd,
  momentum,
  OBV,
  obv,
  RelativeVolume,
  RMA,
  ROC,
  RSI,
  relativeVolume,
  rma,
  roc,
  rsi,
  SMA,
  StdDev,
  Stochastic,
  sma,
  stdDev,
  stochastic,
  TEMA,
  TrueRange,
  tema,
  trueRange,
  VolumeAverage,
  VWAP,
  volumeAverage,
  vwap,
  WilliamsR,
  WMA,
  williamsR,
  wma,
} from './index.js'

const arr = (x: ArrayLike<number>) => Array.from(x)

describe('moving averages', () => {
  it('SMA, EMA, WMA, RMA, DEMA, TEMA on small series', () => {
    expect(arr(sma([1, 2, 3, 4, 5], { period: 3 }))).toEqual([Number.NaN, Number.NaN, 2, 3, 4])
    expect(arr(ema([1, 2, 3, 4, 5], { period: 3 }))).toEqual([Number.NaN, Number.NaN, 2, 3, 4])
    expect(arr(ema([1, 2, 3, 4], { period: 2 }))).toEqual([Number.NaN, 1.5, 2.5, 3.5])
    const w = wma([1, 2, 3, 4], { period: 3 })
    expect(w[2]).toBeCloseTo(14 / 6, 14)
    expect(w[3]).toBeCloseTo(20 / 6, 14)
    expect(arr(rma([1, 2, 3, 4], { period: 2 }))).toEqual([Number.NaN, 1.5, 2.25, 3.125])
    expect(arr(dema([1, 2, 3, 4, 5], { period: 2 }))).toEqual([Number.NaN, Number.NaN, 3, 4, 5])
    expect(arr(tema([1, 2, 3, 4, 5], { period: 2 }))).toEqual([Number.NaN, Number.NaN, Number.NaN, 4, 5])
  })

  it('streaming classes match the examples, replace included', () => {
    const s = new SMA({ period: 3 })
    expect([s.update(1), s.update(2), s.update(3), s.update(4), s.replace(7)]).toEqual([
      undefined,
      undefined,
      2,
      3,
      4,
    ])
    expect(s.current).toBe(4)
    const e = new EMA({ period: 3 })
    expect([e.update(1), e.update(2), e.update(3), e.update(4)]).toEqual([undefined, undefined, 2, 3])
    const r = new RMA({ period: 2 })
    expect([r.update(1), r.update(2), r.update(3)]).toEqual([undefined, 1.5, 2.25])
    const d = new DEMA({ period: 2 })
    expect([d.update(1), d.update(2), d.update(3)]).toEqual([undefined, undefined, 3])
    const t = new TEMA({ period: 2 })
    for (const x of [1, 2, 3]) expect(t.update(x)).toBeUndefined()
    expect(t.update(4)).toBe(4)
    const w = new WMA({ period: 3 })
    w.update(1)
    w.update(2)
    expect(w.update(3)).toBeCloseTo(14 / 6, 14)
    expect(new SMA({ period: 2 }).current).toBeNaN()
  })

  it('an EMA on a flat window stays on the price (the SMA seed rounds as TA-Lib does)', () => {
    const out = ema(Array(200).fill(100.1), { period: 20 })
    for (let i = 19; i < 200; i++) expect(Math.abs(out[i]! - 100.1)).toBeLessThan(1e-12)
    const exact = ema(Array(200).fill(100.5), { period: 20 })
    for (let i = 19; i < 200; i++) expect(exact[i]).toBe(100.5)
  })
})

describe('oscillators', () => {
  it('RSI: seeded by the mean gain and loss, then Wilder-smoothed', () => {
    expect(arr(rsi([1, 2, 1, 2], { period: 2 }))).toEqual([Number.NaN, Number.NaN, 50, 75])
    const r = new RSI({ period: 2 })
    expect([r.update(1), r.update(2), r.update(1), r.update(2)]).toEqual([undefined, undefined, 50, 75])
    // prices that never moved: 0, as TA-Lib
    expect(rsi([5, 5, 5, 5], { period: 2 })[3]).toBe(0)
    // a long run of unchanged closes keeps the last RSI (TA-Lib's epsilon would print 0)
    const series = [1, 2, 1, 2, ...Array(100).fill(2)]
    const out = rsi(series, { period: 2 })
    expect(out[out.length - 1]).toBeCloseTo(out[3]!, 10)
  })

  it('MACD: the histogram is the line minus the signal, from index slow + signal − 2', () => {
    const closes = Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i / 5))
    const m = macd(closes)
    expect(Number.isNaN(m.macd[32]!)).toBe(true)
    expect(m.macd[33]! - m.signal[33]!).toBe(m.histogram[33])
    const s = new MACD()
    let last: number | undefined
    for (const c of closes) last = s.update(c)?.histogram
    expect(last).toBe(m.histogram[99])
  })

  it('Stochastic, Williams %R, ROC, momentum and CCI', () => {
    const { k } = stochastic(
      { high: [10, 11, 12, 12], low: [9, 10, 11, 10], close: [9.5, 11, 11.5, 10] },
      { kPeriod: 2, kSmoothing: 1, dPeriod: 2 },
    )
    expect(k[3]).toBe(0)
    expect(arr(williamsR({ high: [2, 3, 3], low: [1, 2, 2], close: [1.5, 2, 3] }, { period: 2 }))).toEqual([
      Number.NaN,
      -50,
      0,
    ])
    const wr = new WilliamsR({ period: 2 })
    wr.update({ high: 2, low: 1, close: 1.5 })
    expect(wr.update({ high: 3, low: 2, close: 2 })).toBe(-50)
    expect(arr(momentum([10, 11, 13, 12], { period: 2 }))).toEqual([Number.NaN, Number.NaN, 3, 1])
    const mom = new Momentum({ period: 2 })
    mom.update(10)
    mom.update(11)
    expect(mom.update(13)).toBe(3)
    expect(roc([100, 105, 110.25], { period: 1 })[2]).toBeCloseTo(5, 12)
    expect(roc([0, 1], { period: 1 })[1]).toBe(0)
    expect(new ROC({ period: 1 }).update(100)).toBeUndefined()
    expect(
      cci({ high: [10, 11, 12], low: [9, 10, 11], close: [9.5, 10.5, 11.5] }, { period: 3 })[2],
    ).toBeCloseTo(100, 10)
    expect(cci({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }, { period: 2 })[1]).toBeCloseTo(200 / 3, 10)
    expect(new CCI({ period: 1 }).update({ high: 1, low: 1, close: 1 })).toBe(0)
  })

  it('a flat window does not poison Stochastic or Williams %R', () => {
    const high = [10, 11, ...Array(20).fill(10.5), 11, 12]
    const low = [9, 10, ...Array(20).fill(10.5), 10, 11]
    const close = [9.5, 10.5, ...Array(20).fill(10.5), 10.8, 11.9]
    const s = stochastic({ high, low, close }, { kPeriod: 5, kSmoothing: 3, dPeriod: 3 })
    const w = williamsR({ high, low, close }, { period: 5 })
    for (let i = 8; i < high.length; i++) {
      expect(Number.isFinite(s.k[i]!)).toBe(true)
      expect(Number.isFinite(s.d[i]!)).toBe(true)
      expect(Number.isFinite(w[i]!)).toBe(true)
    }
    // inside the flat stretch: 0 (TA-Lib's convention); after it, normal values again
    expect(s.k[20]).toBe(0)
    expect(w[20]).toBe(0)
    expect(w[high.length - 1]).toBeCloseTo((-100 * (12 - 11.9)) / (12 - 10), 12)
    const stoch = new Stochastic({ kPeriod: 2, kSmoothing: 1, dPeriod: 1 })
    stoch.update({ high: 5, low: 5, close: 5 })
    expect({ ...stoch.update({ high: 5, low: 5, close: 5 }) }).toEqual({ k: 0, d: 0 })
    expect({ ...stoch.update({ high: 6, low: 5, close: 6 }) }).toEqual({ k: 100, d: 100 })
  })
})

describe('volatility and range', () => {
  it('true range, ATR, standard deviation, Bollinger Bands', () => {
    const bars = { high: [10, 12, 11], low: [9, 11, 10.5], close: [9.5, 11.5, 11] }
    expect(arr(trueRange(bars))).toEqual([1, 2.5, 1])
    expect(arr(atr(bars, { period: 2 }))).toEqual([Number.NaN, Number.NaN, 1.75])
    const tr = new TrueRange()
    expect([
      tr.update({ high: 10, low: 9, close: 9.5 }),
      tr.update({ high: 12, low: 11, close: 11.5 }),
    ]).toEqual([1, 2.5])
    const a = new ATR({ period: 2 })
    expect([
      a.update({ high: 10, low: 9, close: 9.5 }),
      a.update({ high: 12, low: 11, close: 11.5 }),
    ]).toEqual([undefined, undefined])
    expect(a.update({ high: 11, low: 10.5, close: 11 })).toBe(1.75)
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9], { period: 8 })[7]).toBe(2)
    const sd = new StdDev({ period: 2 })
    sd.update(1)
    expect([sd.update(3), sd.update(3)]).toEqual([1, 0])
    const bb = bollingerBands([1, 3, 5, 7], { period: 2, multiplier: 2 })
    expect([bb.upper[1], bb.middle[1], bb.lower[1]]).toEqual([4, 2, 0])
    expect(bb.percentB[1]).toBe(0.75)
    expect(bb.bandwidth[1]).toBe(2)
    const b = new BollingerBands({ period: 2 })
    b.update(1)
    expect({ ...b.update(3) }).toEqual({ upper: 4, middle: 2, lower: 0, percentB: 0.75, bandwidth: 2 })
  })

  it('Bollinger Bands on a flat window are exact, never NaN', () => {
    const out = bollingerBands(Array(30).fill(100.1), { period: 20 })
    expect([out.upper[25], out.middle[25], out.lower[25], out.percentB[25], out.bandwidth[25]]).toEqual([
      100.1, 100.1, 100.1, 0.5, 0,
    ])
    const zero = bollingerBands(Array(30).fill(0), { period: 20 })
    expect([zero.middle[25], zero.percentB[25], zero.bandwidth[25]]).toEqual([0, 0.5, 0])
  })

  it('Donchian and Keltner channels', () => {
    const { upper, lower, middle } = donchian({ high: [10, 11, 10.5], low: [9, 9.5, 10] }, { period: 2 })
    expect([upper[2], lower[2], middle[2]]).toEqual([11, 9.5, 10.25])
    const ch = new Donchian({ period: 2 })
    ch.update({ high: 10, low: 9 })
    expect({ ...ch.update({ high: 11, low: 9.5 }) }).toEqual({ upper: 11, lower: 9, middle: 10 })
    const kc = new Keltner({ period: 2, atrPeriod: 2, multiplier: 1 })
    kc.update({ high: 10, low: 9, close: 9.5 })
    kc.update({ high: 12, low: 11, close: 11.5 })
    const v = kc.update({ high: 11, low: 10.5, close: 11 })!
    expect(v.upper - v.middle).toBeCloseTo(1.75, 12)
  })
})

describe('trend', () => {
  it('ADX is 100 on a steady uptrend with no −DM', () => {
    const high = Array.from({ length: 60 }, (_, i) => 100 + i)
    const low = high.map((h) => h - 1)
    const close = high.map((h) => h - 0.5)
    const out = adx({ high, low, close }, { period: 14 })
    expect(Number.isNaN(out.adx[26]!)).toBe(true)
    expect(out.adx[27]).toBe(100)
    expect(out.adx[59]).toBe(100)
    expect(out.minusDI[59]).toBe(0)
    const s = new ADX({ period: 14 })
    let last: number | undefined
    for (let i = 0; i < 60; i++) last = s.update({ high: high[i]!, low: low[i]!, close: close[i]! })?.adx
    expect(last).toBe(100)
  })

  it('linear regression fits a line exactly', () => {
    const { slope, intercept, value } = linearRegression([10, 10.5, 11, 11.5], { period: 3 })
    expect(slope[3]).toBeCloseTo(0.5, 12)
    expect(intercept[3]).toBeCloseTo(10.5, 12)
    expect(value[3]).toBeCloseTo(11.5, 12)
    const lr = new LinearRegression({ period: 3 })
    lr.update(1)
    lr.update(2)
    const v = lr.update(4)!
    expect(v.slope).toBeCloseTo(1.5, 12)
    expect(v.intercept).toBeCloseTo(5 / 6, 12)
    expect(v.value).toBeCloseTo(23 / 6, 12)
    expect(linearRegression(Array(20).fill(7.77), { period: 5 }).slope[19]).toBe(0)
  })
})

describe('volume', () => {
  it('OBV starts at the first volume', () => {
    expect(arr(obv({ close: [10, 11, 11, 10.5], volume: [100, 200, 80, 50] }))).toEqual([100, 300, 300, 250])
    const o = new OBV()
    expect([
      o.update({ close: 10, volume: 100 }),
      o.update({ close: 11, volume: 200 }),
      o.update({ close: 10.5, volume: 50 }),
    ]).toEqual([100, 300, 250])
  })

  it('VWAP resets at each session and has volume-weighted bands', () => {
    const day = 86_400_000
    const out = vwap(
      {
        ts: [0, 60_000, day],
        high: [10, 11, 20],
        low: [10, 11, 20],
        close: [10, 11, 20],
        volume: [100, 300, 50],
      },
      { sessionKey: (ts) => Math.floor(ts / day) },
    )
    expect(arr(out.vwap)).toEqual([10, 10.75, 20])
    // σ of {10 ×100, 11 ×300} around 10.75: sqrt(0.25·0.5625 + 0.75·0.0625) = sqrt(0.1875)
    expect(out.stdDev[1]).toBeCloseTo(Math.sqrt(0.1875), 12)
    expect(out.stdDev[2]).toBe(0)
    const v = new VWAP({ multiplier: 2 })
    expect(v.update({ high: 10.5, low: 10.1, close: 10.4, volume: 12_500 }).vwap).toBeCloseTo(
      10.333333333333334,
      12,
    )
    v.startSession()
    expect(v.update({ high: 20, low: 20, close: 20, volume: 1 }).vwap).toBe(20)
    // startSession() before a replace() of the previous bar still starts the next session
    const w = new VWAP()
    w.update({ high: 10, low: 10, close: 10, volume: 100 })
    w.startSession()
    expect(w.replace({ high: 12, low: 12, close: 12, volume: 100 }).vwap).toBe(12)
    expect(w.update({ high: 30, low: 30, close: 30, volume: 5 }).vwap).toBe(30)
    // no volume yet in a session: the typical price, zero-width bands
    const z = new VWAP()
    expect({ ...z.update({ high: 3, low: 1, close: 2, volume: 0 }) }).toEqual({
      vwap: 2,
      stdDev: 0,
      upper: 2,
      lower: 2,
    })
    // bands: false is the same VWAP without the standard deviation
    const plain = new VWAP({ bands: false })
    const banded = new VWAP()
    const bars = [
      { high: 10.5, low: 10.1, close: 10.4, volume: 12_500 },
      { high: 10.7, low: 10.2, close: 10.6, volume: 8_000 },
    ]
    for (const bar of bars) {
      const a = { ...plain.update(bar) }
      const b = banded.update(bar)
      expect(a.vwap).toBe(b.vwap)
      expect([a.stdDev, a.upper, a.lower]).toEqual([Number.NaN, Number.NaN, Number.NaN])
    }
    expect(banded.value?.stdDev).toBeGreaterThan(0)
    expect(
      Array.from(vwap({ high: [1, 2], low: [1, 2], close: [1, 2], volume: [1, 1] }, { bands: false }).upper),
    ).toEqual([Number.NaN, Number.NaN])
  })

  it('relative volume compares the same time of day', () => {
    const day = 86_400_000
    const r = new RelativeVolume({ sessions: 2 })
    expect(r.update({ ts: 0, volume: 100 })).toBeUndefined()
    expect(r.update({ ts: day, volume: 300 })).toBeUndefined()
    expect(r.update({ ts: 2 * day, volume: 400 })).toBe(2)
    expect(
      arr(
        relativeVolume({ ts: [0, 60_000, day, day + 60_000], volume: [100, 100, 300, 100] }, { sessions: 1 }),
      ),
    ).toEqual([Number.NaN, Number.NaN, 3, 2])
    expect(
      arr(
        relativeVolume(
          { ts: [0, 60_000, day, day + 60_000], volume: [100, 100, 300, 100] },
          { sessions: 1, cumulative: false },
        ),
      ),
    ).toEqual([Number.NaN, Number.NaN, 3, 1])
    expect(relativeVolume({ ts: [0, day], volume: [0, 5] }, { sessions: 1 })[1]).toBe(
      Number.POSITIVE_INFINITY,
    )
    expect(arr(volumeAverage([100, 300, 200, 0], { period: 2 }))).toEqual([Number.NaN, 200, 250, 100])
    const avg = new VolumeAverage({ period: 2 })
    expect([avg.update({ volume: 100 }), avg.update({ volume: 300 })]).toEqual([undefined, 200])
  })
})

describe('errors', () => {
  it('bad parameters name the parameter and carry core-compatible codes', () => {
    let error: InvalidParameterError | undefined
    try {
      new SMA({ period: 0 })
    } catch (e) {
      error = e as InvalidParameterError
    }
    if (error === undefined) expect.fail('should throw')
    expect(error).toBeInstanceOf(InvalidParameterError)
    expect(error).toBeInstanceOf(IndicatorError)
    expect(error.name).toBe('InvalidParameterError')
    expect(error.code).toBe('validation')
    expect(error.parameter).toBe('period')
    expect(error.shortMessage).toMatchInlineSnapshot(
      `"Invalid parameter period: expected a positive integer, got 0."`,
    )
    expect(() => new MACD({ fastPeriod: 30 })).toThrow('fastPeriod')
    expect(() => new LinearRegression({ period: 1 })).toThrow('an integer of at least 2')
  })

  it('bad input names the field and the index', () => {
    try {
      sma([1, 2, Number.NaN, 4], { period: 2 })
      expect.fail('should throw')
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError)
      expect((e as InvalidInputError).index).toBe(2)
      expect((e as InvalidInputError).field).toBe('value')
      expect((e as InvalidInputError).message).toMatchInlineSnapshot(
        `"Invalid input value at index 2: expected a finite number, got NaN."`,
      )
    }
    expect(() => atr({ high: [1, 2], low: [1, 1], close: [1, Number.POSITIVE_INFINITY] })).toThrow(
      'Invalid input close at index 1',
    )
    expect(() => obv({ close: [1, 2], volume: [1, -5] })).toThrow('Invalid input volume at index 1')
    expect(() => sma(['1', '2'] as unknown as number[], { period: 1 })).toThrow(
      'Invalid input value at index 0',
    )
    expect(() =>
      new VWAP({ sessionKey: (ts) => ts }).update({ high: 1, low: 1, close: 1, volume: 1 }),
    ).toThrow('Invalid input ts at index 0')
  })
})
