import { type ContractBar, describeIndicatorContract } from '@tradeblocks/test-utils'
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
  Keltner,
  keltner,
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

const closes = (bars: readonly ContractBar[]) => bars.map((b) => b.close)
const hlc = (bars: readonly ContractBar[]) => ({
  high: bars.map((b) => b.high),
  low: bars.map((b) => b.low),
  close: bars.map((b) => b.close),
})
const close = (bar: ContractBar) => bar.close
const closeField = { close: 'value' } as const
const hlcFields = { high: 'high', low: 'low', close: 'close' } as const
const badPeriods = (parameter: string, make: (value: number) => unknown) =>
  [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY].map((value) => ({ parameter, run: () => make(value) }))

for (const period of [1, 2, 5, 14]) {
  describeIndicatorContract({
    name: `SMA(${period})`,
    create: () => new SMA({ period }),
    batch: (bars) => sma(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: [
      ...badPeriods('period', (p) => new SMA({ period: p })),
      ...badPeriods('period', (p) => sma([1], { period: p })),
    ],
  })
}

for (const period of [1, 3, 10]) {
  describeIndicatorContract({
    name: `EMA(${period})`,
    create: () => new EMA({ period }),
    batch: (bars) => ema(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new EMA({ period: p })),
  })
  describeIndicatorContract({
    name: `WMA(${period})`,
    create: () => new WMA({ period }),
    batch: (bars) => wma(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => wma([], { period: p })),
  })
  describeIndicatorContract({
    name: `RMA(${period})`,
    create: () => new RMA({ period }),
    batch: (bars) => rma(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new RMA({ period: p })),
  })
  describeIndicatorContract({
    name: `DEMA(${period})`,
    create: () => new DEMA({ period }),
    batch: (bars) => dema(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new DEMA({ period: p })),
  })
  describeIndicatorContract({
    name: `TEMA(${period})`,
    create: () => new TEMA({ period }),
    batch: (bars) => tema(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => tema([], { period: p })),
  })
}

for (const period of [1, 2, 14]) {
  describeIndicatorContract({
    name: `RSI(${period})`,
    create: () => new RSI({ period }),
    batch: (bars) => rsi(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new RSI({ period: p })),
  })
  describeIndicatorContract({
    name: `ROC(${period})`,
    create: () => new ROC({ period }),
    batch: (bars) => roc(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new ROC({ period: p })),
  })
  describeIndicatorContract({
    name: `Momentum(${period})`,
    create: () => new Momentum({ period }),
    batch: (bars) => momentum(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => momentum([], { period: p })),
  })
  describeIndicatorContract({
    name: `StdDev(${period})`,
    create: () => new StdDev({ period }),
    batch: (bars) => stdDev(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: badPeriods('period', (p) => new StdDev({ period: p })),
  })
  describeIndicatorContract({
    name: `WilliamsR(${period})`,
    create: () => new WilliamsR({ period }),
    batch: (bars) => williamsR(hlc(bars), { period }),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: badPeriods('period', (p) => new WilliamsR({ period: p })),
  })
  describeIndicatorContract({
    name: `Donchian(${period})`,
    create: () => new Donchian({ period }),
    batch: (bars) => donchian(hlc(bars), { period }),
    input: (bar) => bar,
    fields: { high: 'high', low: 'low' },
    badParameters: badPeriods('period', (p) => new Donchian({ period: p })),
  })
  describeIndicatorContract({
    name: `CCI(${period})`,
    create: () => new CCI({ period }),
    batch: (bars) => cci(hlc(bars), { period }),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: badPeriods('period', (p) => cci(hlc([]), { period: p })),
  })
  describeIndicatorContract({
    name: `ATR(${period})`,
    create: () => new ATR({ period }),
    batch: (bars) => atr(hlc(bars), { period }),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: badPeriods('period', (p) => new ATR({ period: p })),
  })
  describeIndicatorContract({
    name: `ADX(${period})`,
    create: () => new ADX({ period }),
    batch: (bars) => adx(hlc(bars), { period }),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: badPeriods('period', (p) => new ADX({ period: p })),
  })
  describeIndicatorContract({
    name: `VolumeAverage(${period})`,
    create: () => new VolumeAverage({ period }),
    batch: (bars) =>
      volumeAverage(
        bars.map((b) => b.volume),
        { period },
      ),
    input: (bar) => bar,
    fields: { volume: 'volume' },
    nonNegative: ['volume'],
    badParameters: badPeriods('period', (p) => new VolumeAverage({ period: p })),
  })
}

for (const period of [2, 3, 14]) {
  describeIndicatorContract({
    name: `LinearRegression(${period})`,
    create: () => new LinearRegression({ period }),
    batch: (bars) => linearRegression(closes(bars), { period }),
    input: close,
    fields: closeField,
    badParameters: [
      ...badPeriods('period', (p) => new LinearRegression({ period: p })),
      { parameter: 'period', run: () => new LinearRegression({ period: 1 }) },
    ],
  })
}

for (const [fastPeriod, slowPeriod, signalPeriod] of [
  [12, 26, 9],
  [2, 3, 2],
  [1, 5, 1],
] as const) {
  const parameters = { fastPeriod, slowPeriod, signalPeriod }
  describeIndicatorContract({
    name: `MACD(${fastPeriod}, ${slowPeriod}, ${signalPeriod})`,
    create: () => new MACD(parameters),
    batch: (bars) => macd(closes(bars), parameters),
    input: close,
    fields: closeField,
    badParameters: [
      ...badPeriods('fastPeriod', (p) => new MACD({ fastPeriod: p })),
      ...badPeriods('slowPeriod', (p) => new MACD({ slowPeriod: p })),
      ...badPeriods('signalPeriod', (p) => macd([], { signalPeriod: p })),
      { parameter: 'fastPeriod', run: () => new MACD({ fastPeriod: 26, slowPeriod: 26 }) },
    ],
  })
}

for (const [period, multiplier] of [
  [20, 2],
  [1, 1],
  [3, 0.5],
] as const) {
  describeIndicatorContract({
    name: `BollingerBands(${period}, ${multiplier})`,
    create: () => new BollingerBands({ period, multiplier }),
    batch: (bars) => bollingerBands(closes(bars), { period, multiplier }),
    input: close,
    fields: closeField,
    badParameters: [
      ...badPeriods('period', (p) => new BollingerBands({ period: p })),
      ...[0, -2, Number.NaN, Number.POSITIVE_INFINITY].map((m) => ({
        parameter: 'multiplier',
        run: () => bollingerBands([], { multiplier: m }),
      })),
    ],
  })
}

for (const [kPeriod, kSmoothing, dPeriod] of [
  [14, 1, 3],
  [5, 3, 3],
  [1, 1, 1],
] as const) {
  const parameters = { kPeriod, kSmoothing, dPeriod }
  describeIndicatorContract({
    name: `Stochastic(${kPeriod}, ${kSmoothing}, ${dPeriod})`,
    create: () => new Stochastic(parameters),
    batch: (bars) => stochastic(hlc(bars), parameters),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: [
      ...badPeriods('kPeriod', (p) => new Stochastic({ kPeriod: p })),
      ...badPeriods('kSmoothing', (p) => new Stochastic({ kSmoothing: p })),
      ...badPeriods('dPeriod', (p) => stochastic(hlc([]), { dPeriod: p })),
    ],
  })
}

for (const [period, atrPeriod] of [
  [20, 10],
  [2, 5],
] as const) {
  describeIndicatorContract({
    name: `Keltner(${period}, ${atrPeriod})`,
    create: () => new Keltner({ period, atrPeriod, multiplier: 1.5 }),
    batch: (bars) => keltner(hlc(bars), { period, atrPeriod, multiplier: 1.5 }),
    input: (bar) => bar,
    fields: hlcFields,
    badParameters: [
      ...badPeriods('period', (p) => new Keltner({ period: p })),
      ...badPeriods('atrPeriod', (p) => new Keltner({ atrPeriod: p })),
      { parameter: 'multiplier', run: () => keltner(hlc([]), { multiplier: -1 }) },
    ],
  })
}

describeIndicatorContract({
  name: 'TrueRange',
  create: () => new TrueRange(),
  batch: (bars) => trueRange(hlc(bars)),
  input: (bar) => bar,
  fields: hlcFields,
  badParameters: [{ parameter: 'low', run: () => trueRange({ high: [1, 2], low: [1], close: [1] }) }],
})

describeIndicatorContract({
  name: 'OBV',
  create: () => new OBV(),
  batch: (bars) => obv({ close: closes(bars), volume: bars.map((b) => b.volume) }),
  input: (bar) => bar,
  fields: { close: 'close', volume: 'volume' },
  nonNegative: ['volume'],
  badParameters: [{ parameter: 'volume', run: () => obv({ close: [1, 2], volume: [1] }) }],
})

// Sessions of 7 one-minute bars, so the generated series cross several session boundaries.
const sessionOf = (ts: number) => Math.floor(ts / (7 * 60_000))
const vwapColumns = (bars: readonly ContractBar[]) => ({
  ...hlc(bars),
  volume: bars.map((b) => b.volume),
  ts: bars.map((b) => b.ts),
})
for (const [sessionKey, bands] of [
  [undefined, true],
  [sessionOf, true],
  [sessionOf, false],
] as const) {
  const parameters =
    sessionKey === undefined ? { multiplier: 2, bands } : { multiplier: 2, sessionKey, bands }
  describeIndicatorContract({
    name: `VWAP(${sessionKey === undefined ? 'one session' : 'sessions of 7 bars'}${bands ? '' : ', no bands'})`,
    create: () => new VWAP(parameters),
    batch: (bars) => vwap(vwapColumns(bars), parameters),
    input: (bar) => bar,
    fields:
      sessionKey === undefined
        ? { ...hlcFields, volume: 'volume' }
        : { ...hlcFields, volume: 'volume', ts: 'ts' },
    nonNegative: ['volume'],
    absentFields: bands ? [] : ['stdDev', 'upper', 'lower'],
    badParameters: [
      { parameter: 'multiplier', run: () => new VWAP({ multiplier: 0 }) },
      { parameter: 'sessionKey', run: () => new VWAP({ sessionKey: 5 as unknown as () => number }) },
      { parameter: 'bands', run: () => new VWAP({ bands: 1 as unknown as boolean }) },
    ],
  })
}

for (const cumulative of [true, false]) {
  const parameters = {
    sessions: 3,
    minSessions: 2,
    cumulative,
    sessionKey: sessionOf,
    timeOfDay: (ts: number) => ts % (7 * 60_000),
  }
  describeIndicatorContract({
    name: `RelativeVolume(${cumulative ? 'cumulative' : 'per bar'})`,
    create: () => new RelativeVolume(parameters),
    batch: (bars) =>
      relativeVolume({ ts: bars.map((b) => b.ts), volume: bars.map((b) => b.volume) }, parameters),
    input: (bar) => bar,
    fields: { ts: 'ts', volume: 'volume' },
    nonNegative: ['volume'],
    variableWarmup: true,
    badParameters: [
      ...badPeriods('sessions', (p) => new RelativeVolume({ sessions: p })),
      { parameter: 'minSessions', run: () => new RelativeVolume({ sessions: 2, minSessions: 3 }) },
    ],
  })
}
