// What each library computes for each benchmarked indicator, batch and streaming. Every case takes
// the same data (plain number arrays, plus pre-built bar objects for streaming OHLC inputs) and returns a
// number derived from the output so the work cannot be optimised away.
import { createRequire } from 'node:module'
import * as ours from '@tradeblocks/indicators'

const require = createRequire(import.meta.url)

/** The series every library runs on. */
export interface Data {
  n: number
  open: number[]
  high: number[]
  low: number[]
  close: number[]
  volume: number[]
  candles: Array<{ open: number; high: number; low: number; close: number; volume: number }>
}

/** A streaming run over all bars with a fresh instance; `make` and `feed` expose its parts. */
export interface StreamRun {
  (d: Data): number
  make: () => unknown
  feed: (s: unknown, d: Data) => number
  /** The same loop reading `s.current` (a plain number) instead of the `number | undefined` result. */
  feedCurrent: (s: unknown, d: Data) => number
}

/** A batch run and/or a streaming run of one indicator in one library. */
export interface Runner {
  batch?: (d: Data) => number
  stream?: StreamRun | ((d: Data) => number)
}

/** Libraries without batch functions: their batch run is their streaming loop storing every output. */
export const STREAMING_ONLY = new Set<string>(['trading-signals', '@debut/indicators'])

/**
 * The libraries, in the order the report lists them. `floor` is not a library: for each indicator
 * it reads the same inputs, allocates the same outputs and runs the same loop as this package, and
 * does no arithmetic (see `floorCases`). No implementation can be faster in this harness, so it
 * bounds the lead any library can have over a peer.
 */
export const LIBRARIES = [
  'tradeblocks',
  'technicalindicators',
  'trading-signals',
  '@debut/indicators',
  'indicatorts',
  '@ixjb94/indicators',
  'tulind',
  'talib',
  'floor',
] as const
export type Library = (typeof LIBRARIES)[number]

// biome-ignore lint/suspicious/noExplicitAny: the peer libraries are loaded untyped on purpose
type Any = any

const last = (x: ArrayLike<number> | undefined): number => {
  if (x === undefined || x.length === 0) return 0
  const v = x[x.length - 1]
  return typeof v === 'number' ? v : 0
}
const lastOf = (x: Any): number => {
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const v = (x as Any[])[(x as Any[]).length - 1]
    return typeof v === 'number' ? v : v && typeof v === 'object' ? Number(Object.values(v)[0]) || 0 : 0
  }
  if (x && typeof x === 'object') return lastOf(Object.values(x)[0])
  return 0
}

/** How a streaming indicator is fed one bar. */
type Feed =
  | 'update(close)'
  | 'update(candle)'
  | 'update(close,false)'
  | 'update(candle,false)'
  | 'nextValue(close)'
  | 'nextValue(candle)'
  | 'nextValue(h,l,c)'
  | 'nextValue(h,l)'

// A bot receives each bar as an object (parsed from its feed). Every library reads the same
// pre-built bar objects: APIs that take a bar get the object, positional ones its fields. Prices
// alone come from the close column.
const calls: Record<Feed, string> = {
  'update(close)': 's.update(c[i])',
  'update(candle)': 's.update(b[i])',
  'update(close,false)': 's.update(c[i], false)',
  'update(candle,false)': 's.update(b[i], false)',
  'nextValue(close)': 's.nextValue(c[i])',
  'nextValue(candle)': 's.nextValue(b[i])',
  'nextValue(h,l,c)': 's.nextValue(b[i].high, b[i].low, b[i].close)',
  'nextValue(h,l)': 's.nextValue(b[i].high, b[i].low)',
}

let serial = 0

/**
 * A streaming run: a fresh instance fed every bar in a loop compiled for this case alone (so
 * its call site stays monomorphic, as in a user's bot, whatever other cases ran before).
 */
function streamOf(make: () => unknown, feed: Feed): StreamRun {
  // The serial makes each source text unique: V8 caches the compilation of identical `new Function`
  // sources and shares their feedback, which would make one call site serve every case.
  const body = `// case ${++serial}
const c = d.close, b = d.candles, n = d.n
let sink = 0
for (let i = 0; i < n; i++) {
  const v = ${calls[feed]}
  if (v !== undefined && v !== null) sink++
}
return sink`
  const run = new Function('s', 'd', body) as (s: unknown, d: Data) => number
  const current = new Function(
    's',
    'd',
    body.replace(
      `const v = ${calls[feed]}`,
      `${calls[feed]}\n  const v = 'current' in s ? s.current : s.value`,
    ),
  ) as (s: unknown, d: Data) => number
  return Object.assign((d: Data) => run(make(), d), { make, feed: run, feedCurrent: current })
}

/** The batch run of a streaming-only library: its streaming loop, storing each output in an array. */
function batchOf(make: () => unknown, feed: Feed): (d: Data) => number {
  const body = `// case ${++serial}
const c = d.close, b = d.candles, n = d.n
const out = new Array(n)
for (let i = 0; i < n; i++) out[i] = ${calls[feed]}
return out.length`
  const run = new Function('s', 'd', body) as (s: unknown, d: Data) => number
  return (d) => run(make(), d)
}

function tulind(name: string, inputs: number[][], options: number[]): number {
  const t = require('tulind') as Any
  let out = 0
  t.indicators[name].indicator(inputs, options, (error: unknown, results: number[][]) => {
    if (error) throw error
    out = last(results[0])
  })
  return out
}

function talib(name: string, d: Data, options: Record<string, number>, real: number[] = d.close): number {
  const t = require('talib') as Any
  const r = t.execute({
    name,
    startIdx: 0,
    endIdx: d.n - 1,
    high: d.high,
    low: d.low,
    close: d.close,
    volume: d.volume,
    inReal: real,
    ...options,
  })
  return lastOf(r.result)
}

type Column = 'high' | 'low' | 'close' | 'volume'

/** What this package reads and writes for each indicator: input columns and batch outputs. */
const SHAPES: Record<string, { reads: Column[]; outputs: number }> = {
  'SMA(20)': { reads: ['close'], outputs: 1 },
  'EMA(20)': { reads: ['close'], outputs: 1 },
  'WMA(20)': { reads: ['close'], outputs: 1 },
  'RMA(14)': { reads: ['close'], outputs: 1 },
  'DEMA(20)': { reads: ['close'], outputs: 1 },
  'TEMA(20)': { reads: ['close'], outputs: 1 },
  'RSI(14)': { reads: ['close'], outputs: 1 },
  'MACD(12,26,9)': { reads: ['close'], outputs: 3 },
  'Stochastic(14,3,3)': { reads: ['high', 'low', 'close'], outputs: 2 },
  'ROC(10)': { reads: ['close'], outputs: 1 },
  'Momentum(10)': { reads: ['close'], outputs: 1 },
  'WilliamsR(14)': { reads: ['high', 'low', 'close'], outputs: 1 },
  'CCI(20)': { reads: ['high', 'low', 'close'], outputs: 1 },
  TrueRange: { reads: ['high', 'low', 'close'], outputs: 1 },
  'ATR(14)': { reads: ['high', 'low', 'close'], outputs: 1 },
  'BollingerBands(20,2)': { reads: ['close'], outputs: 5 },
  'StdDev(20)': { reads: ['close'], outputs: 1 },
  'Donchian(20)': { reads: ['high', 'low'], outputs: 3 },
  'Keltner(20,10,2)': { reads: ['high', 'low', 'close'], outputs: 3 },
  'ADX(14)': { reads: ['high', 'low', 'close'], outputs: 3 },
  'LinearRegression(14)': { reads: ['close'], outputs: 3 },
  OBV: { reads: ['close', 'volume'], outputs: 1 },
  VWAP: { reads: ['high', 'low', 'close', 'volume'], outputs: 4 },
  'VWAP with bands': { reads: ['high', 'low', 'close', 'volume'], outputs: 4 },
}

/**
 * The floor of each indicator: batch allocates this package's outputs and writes into each the sum
 * of the row's inputs; streaming feeds the same loop as every library an object whose `update`
 * returns the sum of the fields it reads. Each case gets its own compiled source and class, so no
 * two cases share type feedback.
 */
function floorCases(): Record<string, Runner> {
  const out: Record<string, Runner> = {}
  for (const [name, { reads, outputs }] of Object.entries(SHAPES)) {
    const id = ++serial
    const outs = Array.from({ length: outputs }, (_, k) => k)
    const batch = new Function(
      'd',
      `// floor ${id}
const n = d.n
${reads.map((c) => `const ${c} = d.${c}`).join('\n')}
${outs.map((k) => `const o${k} = new Float64Array(n)`).join('\n')}
for (let i = 0; i < n; i++) {
  const x = ${reads.map((c) => `${c}[i]`).join(' + ')}
  ${outs.map((k) => `o${k}[i] = x`).join('\n  ')}
}
return ${outs.map((k) => `o${k}[n - 1]`).join(' + ')}`,
    ) as (d: Data) => number
    const single = reads.length === 1
    const Update = new Function(
      `// floor ${id}
return class Floor${id} { update(x) { return ${single ? 'x' : reads.map((c) => `x.${c}`).join(' + ')} } }`,
    )() as new () => unknown
    out[name] = { batch, stream: streamOf(() => new Update(), single ? 'update(close)' : 'update(candle)') }
  }
  return out
}

/** Every benchmarked indicator: which libraries have it, batch and streaming. */
export function cases(lib: Library): Record<string, Runner> {
  switch (lib) {
    case 'floor':
      return floorCases()
    case 'tradeblocks':
      return {
        'SMA(20)': {
          batch: (d) => last(ours.sma(d.close, { period: 20 })),
          stream: streamOf(() => new ours.SMA({ period: 20 }), 'update(close)'),
        },
        'EMA(20)': {
          batch: (d) => last(ours.ema(d.close, { period: 20 })),
          stream: streamOf(() => new ours.EMA({ period: 20 }), 'update(close)'),
        },
        'WMA(20)': {
          batch: (d) => last(ours.wma(d.close, { period: 20 })),
          stream: streamOf(() => new ours.WMA({ period: 20 }), 'update(close)'),
        },
        'RMA(14)': {
          batch: (d) => last(ours.rma(d.close, { period: 14 })),
          stream: streamOf(() => new ours.RMA({ period: 14 }), 'update(close)'),
        },
        'DEMA(20)': {
          batch: (d) => last(ours.dema(d.close, { period: 20 })),
          stream: streamOf(() => new ours.DEMA({ period: 20 }), 'update(close)'),
        },
        'TEMA(20)': {
          batch: (d) => last(ours.tema(d.close, { period: 20 })),
          stream: streamOf(() => new ours.TEMA({ period: 20 }), 'update(close)'),
        },
        'RSI(14)': {
          batch: (d) => last(ours.rsi(d.close, { period: 14 })),
          stream: streamOf(() => new ours.RSI({ period: 14 }), 'update(close)'),
        },
        'MACD(12,26,9)': {
          batch: (d) => last(ours.macd(d.close).histogram),
          stream: streamOf(() => new ours.MACD(), 'update(close)'),
        },
        'Stochastic(14,3,3)': {
          batch: (d) => last(ours.stochastic(d, { kPeriod: 14, kSmoothing: 3, dPeriod: 3 }).d),
          stream: streamOf(
            () => new ours.Stochastic({ kPeriod: 14, kSmoothing: 3, dPeriod: 3 }),
            'update(candle)',
          ),
        },
        'ROC(10)': {
          batch: (d) => last(ours.roc(d.close, { period: 10 })),
          stream: streamOf(() => new ours.ROC({ period: 10 }), 'update(close)'),
        },
        'Momentum(10)': {
          batch: (d) => last(ours.momentum(d.close, { period: 10 })),
          stream: streamOf(() => new ours.Momentum({ period: 10 }), 'update(close)'),
        },
        'WilliamsR(14)': {
          batch: (d) => last(ours.williamsR(d, { period: 14 })),
          stream: streamOf(() => new ours.WilliamsR({ period: 14 }), 'update(candle)'),
        },
        'CCI(20)': {
          batch: (d) => last(ours.cci(d, { period: 20 })),
          stream: streamOf(() => new ours.CCI({ period: 20 }), 'update(candle)'),
        },
        TrueRange: {
          batch: (d) => last(ours.trueRange(d)),
          stream: streamOf(() => new ours.TrueRange(), 'update(candle)'),
        },
        'ATR(14)': {
          batch: (d) => last(ours.atr(d, { period: 14 })),
          stream: streamOf(() => new ours.ATR({ period: 14 }), 'update(candle)'),
        },
        'BollingerBands(20,2)': {
          batch: (d) => last(ours.bollingerBands(d.close, { period: 20, multiplier: 2 }).upper),
          stream: streamOf(() => new ours.BollingerBands({ period: 20, multiplier: 2 }), 'update(close)'),
        },
        'StdDev(20)': {
          batch: (d) => last(ours.stdDev(d.close, { period: 20 })),
          stream: streamOf(() => new ours.StdDev({ period: 20 }), 'update(close)'),
        },
        'Donchian(20)': {
          batch: (d) => last(ours.donchian(d, { period: 20 }).upper),
          stream: streamOf(() => new ours.Donchian({ period: 20 }), 'update(candle)'),
        },
        'Keltner(20,10,2)': {
          batch: (d) => last(ours.keltner(d, { period: 20, atrPeriod: 10, multiplier: 2 }).upper),
          stream: streamOf(
            () => new ours.Keltner({ period: 20, atrPeriod: 10, multiplier: 2 }),
            'update(candle)',
          ),
        },
        'ADX(14)': {
          batch: (d) => last(ours.adx(d, { period: 14 }).adx),
          stream: streamOf(() => new ours.ADX({ period: 14 }), 'update(candle)'),
        },
        'LinearRegression(14)': {
          batch: (d) => last(ours.linearRegression(d.close, { period: 14 }).slope),
          stream: streamOf(() => new ours.LinearRegression({ period: 14 }), 'update(close)'),
        },
        OBV: {
          batch: (d) => last(ours.obv(d)),
          stream: streamOf(() => new ours.OBV(), 'update(candle)'),
        },
        // the plain VWAP, what every peer computes: no peer has the standard-deviation bands
        VWAP: {
          batch: (d) => last(ours.vwap(d, { bands: false }).vwap),
          stream: streamOf(() => new ours.VWAP({ bands: false }), 'update(candle)'),
        },
        'VWAP with bands': {
          batch: (d) => last(ours.vwap(d).upper),
          stream: streamOf(() => new ours.VWAP(), 'update(candle)'),
        },
      }
    case 'technicalindicators': {
      const TI = require('technicalindicators') as Any
      const close = 'nextValue(close)'
      const candle = 'nextValue(candle)'
      return {
        'SMA(20)': {
          batch: (d) => lastOf(TI.SMA.calculate({ period: 20, values: d.close })),
          stream: streamOf(() => new TI.SMA({ period: 20, values: [] }), close),
        },
        'EMA(20)': {
          batch: (d) => lastOf(TI.EMA.calculate({ period: 20, values: d.close })),
          stream: streamOf(() => new TI.EMA({ period: 20, values: [] }), close),
        },
        'WMA(20)': {
          batch: (d) => lastOf(TI.WMA.calculate({ period: 20, values: d.close })),
          stream: streamOf(() => new TI.WMA({ period: 20, values: [] }), close),
        },
        'RMA(14)': {
          batch: (d) => lastOf(TI.WEMA.calculate({ period: 14, values: d.close })),
          stream: streamOf(() => new TI.WEMA({ period: 14, values: [] }), close),
        },
        'RSI(14)': {
          batch: (d) => lastOf(TI.RSI.calculate({ period: 14, values: d.close })),
          stream: streamOf(() => new TI.RSI({ period: 14, values: [] }), close),
        },
        'MACD(12,26,9)': {
          batch: (d) =>
            lastOf(
              TI.MACD.calculate({
                values: d.close,
                fastPeriod: 12,
                slowPeriod: 26,
                signalPeriod: 9,
                SimpleMAOscillator: false,
                SimpleMASignal: false,
              }),
            ),
          stream: streamOf(
            () =>
              new TI.MACD({
                values: [],
                fastPeriod: 12,
                slowPeriod: 26,
                signalPeriod: 9,
                SimpleMAOscillator: false,
                SimpleMASignal: false,
              }),
            close,
          ),
        },
        'Stochastic(14,3,3)': {
          batch: (d) =>
            lastOf(
              TI.Stochastic.calculate({
                high: d.high,
                low: d.low,
                close: d.close,
                period: 14,
                signalPeriod: 3,
              }),
            ),
          stream: streamOf(
            () => new TI.Stochastic({ high: [], low: [], close: [], period: 14, signalPeriod: 3 }),
            candle,
          ),
        },
        'ROC(10)': {
          batch: (d) => lastOf(TI.ROC.calculate({ period: 10, values: d.close })),
          stream: streamOf(() => new TI.ROC({ period: 10, values: [] }), close),
        },
        'WilliamsR(14)': {
          batch: (d) =>
            lastOf(TI.WilliamsR.calculate({ high: d.high, low: d.low, close: d.close, period: 14 })),
          stream: streamOf(() => new TI.WilliamsR({ high: [], low: [], close: [], period: 14 }), candle),
        },
        'CCI(20)': {
          batch: (d) => lastOf(TI.CCI.calculate({ high: d.high, low: d.low, close: d.close, period: 20 })),
          stream: streamOf(() => new TI.CCI({ high: [], low: [], close: [], period: 20 }), candle),
        },
        TrueRange: {
          batch: (d) => lastOf(TI.TrueRange.calculate({ high: d.high, low: d.low, close: d.close })),
          stream: streamOf(() => new TI.TrueRange({ high: [], low: [], close: [] }), candle),
        },
        'ATR(14)': {
          batch: (d) => lastOf(TI.ATR.calculate({ high: d.high, low: d.low, close: d.close, period: 14 })),
          stream: streamOf(() => new TI.ATR({ high: [], low: [], close: [], period: 14 }), candle),
        },
        'BollingerBands(20,2)': {
          batch: (d) => lastOf(TI.BollingerBands.calculate({ period: 20, values: d.close, stdDev: 2 })),
          stream: streamOf(() => new TI.BollingerBands({ period: 20, values: [], stdDev: 2 }), close),
        },
        'StdDev(20)': {
          batch: (d) => lastOf(TI.SD.calculate({ period: 20, values: d.close })),
          stream: streamOf(() => new TI.SD({ period: 20, values: [] }), close),
        },
        'Donchian(20)': {
          batch: (d) =>
            lastOf(TI.Highest.calculate({ period: 20, values: d.high })) +
            lastOf(TI.Lowest.calculate({ period: 20, values: d.low })),
        },
        'Keltner(20,10,2)': {
          batch: (d) =>
            lastOf(
              TI.KeltnerChannels.calculate({
                high: d.high,
                low: d.low,
                close: d.close,
                maPeriod: 20,
                atrPeriod: 10,
                useSMA: false,
                multiplier: 2,
              }),
            ),
        },
        'ADX(14)': {
          batch: (d) => lastOf(TI.ADX.calculate({ high: d.high, low: d.low, close: d.close, period: 14 })),
          stream: streamOf(() => new TI.ADX({ high: [], low: [], close: [], period: 14 }), candle),
        },
        OBV: {
          batch: (d) => lastOf(TI.OBV.calculate({ close: d.close, volume: d.volume })),
          stream: streamOf(() => new TI.OBV({ close: [], volume: [] }), candle),
        },
        VWAP: {
          batch: (d) =>
            lastOf(TI.VWAP.calculate({ high: d.high, low: d.low, close: d.close, volume: d.volume })),
          stream: streamOf(() => new TI.VWAP({ high: [], low: [], close: [], volume: [] }), candle),
        },
      }
    }
    case 'trading-signals': {
      const TS = require('trading-signals') as Any
      // streaming-only: its batch run is the streaming loop storing every output
      const both = (make: () => Any, feed: Feed): Runner => ({
        batch: batchOf(make, feed),
        stream: streamOf(make, feed),
      })
      const close = 'update(close,false)'
      const candle = 'update(candle,false)'
      return {
        'SMA(20)': both(() => new TS.SMA(20), close),
        'EMA(20)': both(() => new TS.EMA(20), close),
        'WMA(20)': both(() => new TS.WMA(20), close),
        'RMA(14)': both(() => new TS.RMA(14), close),
        'DEMA(20)': both(() => new TS.DEMA(20), close),
        'TEMA(20)': both(() => new TS.TEMA(20), close),
        'RSI(14)': both(() => new TS.RSI(14), close),
        'MACD(12,26,9)': both(() => new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9)), close),
        'Stochastic(14,3,3)': both(
          () => new TS.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }),
          candle,
        ),
        'ROC(10)': both(() => new TS.ROC(10), close),
        'Momentum(10)': both(() => new TS.MOM(10), close),
        'WilliamsR(14)': both(() => new TS.WilliamsR(14), candle),
        'CCI(20)': both(() => new TS.CCI(20), candle),
        TrueRange: both(() => new TS.TR(), candle),
        'ATR(14)': both(() => new TS.ATR(14), candle),
        'BollingerBands(20,2)': both(() => new TS.BollingerBands(20, 2), close),
        'Donchian(20)': both(() => new TS.DonchianChannels(20), candle),
        'Keltner(20,10,2)': both(() => new TS.KeltnerChannels(20, 10, 2), candle),
        'ADX(14)': both(() => new TS.ADX(14), candle),
        'LinearRegression(14)': both(() => new TS.LinearRegression(14), close),
        OBV: both(() => new TS.OBV(2), candle),
        VWAP: both(() => new TS.VWAP(), candle),
      }
    }
    case '@debut/indicators': {
      const DB = require('@debut/indicators') as Any
      // streaming-only: its batch run is the streaming loop storing every output
      const both = (make: () => Any, feed: Feed): Runner => ({
        batch: batchOf(make, feed),
        stream: streamOf(make, feed),
      })
      const value = 'nextValue(close)'
      const hlc = 'nextValue(h,l,c)'
      return {
        'SMA(20)': both(() => new DB.SMA(20), value),
        'EMA(20)': both(() => new DB.EMA(20), value),
        'WMA(20)': both(() => new DB.WMA(20), value),
        'RMA(14)': both(() => new DB.RMA(14), value),
        'TEMA(20)': both(() => new DB.TEMA(20), value),
        'RSI(14)': both(() => new DB.RSI(14), value),
        'MACD(12,26,9)': both(() => new DB.MACD(12, 26, 9), value),
        'Stochastic(14,3,3)': both(() => new DB.Stochastic(14, 3), hlc),
        'ROC(10)': both(() => new DB.ROC(10), value),
        'CCI(20)': both(() => new DB.CCI(20), hlc),
        'ATR(14)': both(() => new DB.ATR(14), hlc),
        'BollingerBands(20,2)': both(() => new DB.BollingerBands(20, 2), value),
        'Donchian(20)': both(() => new DB.DC(20), 'nextValue(h,l)'),
        'Keltner(20,10,2)': both(() => new DB.KeltnerChannel(20, 2), hlc),
        'ADX(14)': both(() => new DB.ADX(14), hlc),
      }
    }
    case 'indicatorts': {
      const IT = require('indicatorts') as Any
      return {
        'SMA(20)': { batch: (d) => lastOf(IT.sma(d.close, { period: 20 })) },
        'EMA(20)': { batch: (d) => lastOf(IT.ema(d.close, { period: 20 })) },
        'RMA(14)': { batch: (d) => lastOf(IT.rma(d.close, { period: 14 })) },
        'DEMA(20)': { batch: (d) => lastOf(IT.dema(d.close, { period: 20 })) },
        'TEMA(20)': { batch: (d) => lastOf(IT.tema(d.close, { period: 20 })) },
        'RSI(14)': { batch: (d) => lastOf(IT.rsi(d.close, { period: 14 })) },
        'MACD(12,26,9)': { batch: (d) => lastOf(IT.macd(d.close, { fast: 12, slow: 26, signal: 9 })) },
        'Stochastic(14,3,3)': {
          batch: (d) => lastOf(IT.stoch(d.high, d.low, d.close, { kPeriod: 14, dPeriod: 3 })),
        },
        'ROC(10)': { batch: (d) => lastOf(IT.roc(d.close, { period: 10 })) },
        'WilliamsR(14)': { batch: (d) => lastOf(IT.willr(d.high, d.low, d.close, { period: 14 })) },
        'CCI(20)': { batch: (d) => lastOf(IT.cci(d.high, d.low, d.close, { period: 20 })) },
        TrueRange: { batch: (d) => lastOf(IT.tr(d.high, d.low, d.close)) },
        'ATR(14)': { batch: (d) => lastOf(IT.atr(d.high, d.low, d.close, { period: 14 })) },
        'BollingerBands(20,2)': { batch: (d) => lastOf(IT.bb(d.close, { period: 20 })) },
        'StdDev(20)': { batch: (d) => lastOf(IT.mstd(d.close, { period: 20 })) },
        'Donchian(20)': {
          batch: (d) => lastOf(IT.mmax(d.high, { period: 20 })) + lastOf(IT.mmin(d.low, { period: 20 })),
        },
        'Keltner(20,10,2)': { batch: (d) => lastOf(IT.kc(d.high, d.low, d.close, { period: 20 })) },
        OBV: { batch: (d) => lastOf(IT.obv(d.close, d.volume)) },
      }
    }
    case '@ixjb94/indicators': {
      const { IndicatorsSync } = require('@ixjb94/indicators') as Any
      const ix = new IndicatorsSync()
      return {
        'SMA(20)': { batch: (d) => lastOf(ix.sma(d.close, 20)) },
        'EMA(20)': { batch: (d) => lastOf(ix.ema(d.close, 20)) },
        'WMA(20)': { batch: (d) => lastOf(ix.wma(d.close, 20)) },
        'RMA(14)': { batch: (d) => lastOf(ix.wilders(d.close, 14)) },
        'DEMA(20)': { batch: (d) => lastOf(ix.dema(d.close, 20)) },
        'TEMA(20)': { batch: (d) => lastOf(ix.tema(d.close, 20)) },
        'RSI(14)': { batch: (d) => lastOf(ix.rsi(d.close, 14)) },
        'MACD(12,26,9)': { batch: (d) => lastOf(ix.macd(d.close, 12, 26, 9)) },
        'Stochastic(14,3,3)': { batch: (d) => lastOf(ix.stoch(d.high, d.low, d.close, 14, 3, 3)) },
        'ROC(10)': { batch: (d) => lastOf(ix.roc(d.close, 10)) },
        'Momentum(10)': { batch: (d) => lastOf(ix.mom(d.close, 10)) },
        'WilliamsR(14)': { batch: (d) => lastOf(ix.willr(d.high, d.low, d.close, 14)) },
        'CCI(20)': { batch: (d) => lastOf(ix.cci(d.high, d.low, d.close, 20)) },
        TrueRange: { batch: (d) => lastOf(ix.tr(d.high, d.low, d.close)) },
        'ATR(14)': { batch: (d) => lastOf(ix.atr(d.high, d.low, d.close, 14)) },
        'BollingerBands(20,2)': { batch: (d) => lastOf(ix.bbands(d.close, 20, 2)) },
        'StdDev(20)': { batch: (d) => lastOf(ix.stddev(d.close, 20)) },
        'Donchian(20)': { batch: (d) => lastOf(ix.dc(d.high, d.low, 20)) },
        'Keltner(20,10,2)': { batch: (d) => lastOf(ix.kc(d.high, d.low, d.close, 20, 2)) },
        'ADX(14)': { batch: (d) => lastOf(ix.adx(d.high, d.low, 14)) },
        'LinearRegression(14)': { batch: (d) => lastOf(ix.linregslope(d.close, 14)) },
        OBV: { batch: (d) => lastOf(ix.obv(d.close, d.volume)) },
      }
    }
    case 'tulind':
      return {
        'SMA(20)': { batch: (d) => tulind('sma', [d.close], [20]) },
        'EMA(20)': { batch: (d) => tulind('ema', [d.close], [20]) },
        'WMA(20)': { batch: (d) => tulind('wma', [d.close], [20]) },
        'RMA(14)': { batch: (d) => tulind('wilders', [d.close], [14]) },
        'DEMA(20)': { batch: (d) => tulind('dema', [d.close], [20]) },
        'TEMA(20)': { batch: (d) => tulind('tema', [d.close], [20]) },
        'RSI(14)': { batch: (d) => tulind('rsi', [d.close], [14]) },
        'MACD(12,26,9)': { batch: (d) => tulind('macd', [d.close], [12, 26, 9]) },
        'Stochastic(14,3,3)': { batch: (d) => tulind('stoch', [d.high, d.low, d.close], [14, 3, 3]) },
        'ROC(10)': { batch: (d) => tulind('roc', [d.close], [10]) },
        'Momentum(10)': { batch: (d) => tulind('mom', [d.close], [10]) },
        'WilliamsR(14)': { batch: (d) => tulind('willr', [d.high, d.low, d.close], [14]) },
        'CCI(20)': { batch: (d) => tulind('cci', [d.high, d.low, d.close], [20]) },
        TrueRange: { batch: (d) => tulind('tr', [d.high, d.low, d.close], []) },
        'ATR(14)': { batch: (d) => tulind('atr', [d.high, d.low, d.close], [14]) },
        'BollingerBands(20,2)': { batch: (d) => tulind('bbands', [d.close], [20, 2]) },
        'StdDev(20)': { batch: (d) => tulind('stddev', [d.close], [20]) },
        'Donchian(20)': { batch: (d) => tulind('max', [d.high], [20]) + tulind('min', [d.low], [20]) },
        'ADX(14)': { batch: (d) => tulind('adx', [d.high, d.low, d.close], [14]) },
        'LinearRegression(14)': { batch: (d) => tulind('linregslope', [d.close], [14]) },
        OBV: { batch: (d) => tulind('obv', [d.close, d.volume], []) },
      }
    case 'talib':
      return {
        'SMA(20)': { batch: (d) => talib('SMA', d, { optInTimePeriod: 20 }) },
        'EMA(20)': { batch: (d) => talib('EMA', d, { optInTimePeriod: 20 }) },
        'WMA(20)': { batch: (d) => talib('WMA', d, { optInTimePeriod: 20 }) },
        'DEMA(20)': { batch: (d) => talib('DEMA', d, { optInTimePeriod: 20 }) },
        'TEMA(20)': { batch: (d) => talib('TEMA', d, { optInTimePeriod: 20 }) },
        'RSI(14)': { batch: (d) => talib('RSI', d, { optInTimePeriod: 14 }) },
        'MACD(12,26,9)': {
          batch: (d) => talib('MACD', d, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }),
        },
        'Stochastic(14,3,3)': {
          batch: (d) =>
            talib('STOCH', d, {
              optInFastK_Period: 14,
              optInSlowK_Period: 3,
              optInSlowK_MAType: 0,
              optInSlowD_Period: 3,
              optInSlowD_MAType: 0,
            }),
        },
        'ROC(10)': { batch: (d) => talib('ROC', d, { optInTimePeriod: 10 }) },
        'Momentum(10)': { batch: (d) => talib('MOM', d, { optInTimePeriod: 10 }) },
        'WilliamsR(14)': { batch: (d) => talib('WILLR', d, { optInTimePeriod: 14 }) },
        'CCI(20)': { batch: (d) => talib('CCI', d, { optInTimePeriod: 20 }) },
        TrueRange: { batch: (d) => talib('TRANGE', d, {}) },
        'ATR(14)': { batch: (d) => talib('ATR', d, { optInTimePeriod: 14 }) },
        'BollingerBands(20,2)': {
          batch: (d) =>
            talib('BBANDS', d, { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }),
        },
        'StdDev(20)': { batch: (d) => talib('STDDEV', d, { optInTimePeriod: 20, optInNbDev: 1 }) },
        'Donchian(20)': {
          batch: (d) =>
            talib('MAX', d, { optInTimePeriod: 20 }, d.high) +
            talib('MIN', d, { optInTimePeriod: 20 }, d.low),
        },
        'ADX(14)': { batch: (d) => talib('ADX', d, { optInTimePeriod: 14 }) },
        'LinearRegression(14)': { batch: (d) => talib('LINEARREG_SLOPE', d, { optInTimePeriod: 14 }) },
        OBV: { batch: (d) => talib('OBV', d, {}) },
      }
  }
}
