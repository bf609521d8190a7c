// Every output of @tradeblocks/indicators that TA-Lib also computes, paired with the TA-Lib call
// that computes it. Shared by the fixture generator, the accuracy script and the fixture test.
import * as ind from '@tradeblocks/indicators'
import type { Columns } from './data.js'
import { exactCci, exactMean, exactStdDev, exactWma } from './exact.js'

/** How a column's tolerance floor is scaled: price units, a 0..100 oscillator, or volume units. */
export type Scale = 'price' | 'oscillator' | 'volume'

/** Which input columns a batch function takes. */
export type CallInput = 'close' | 'high-low-close' | 'close-volume' | 'volume'

/** A call of one batch function of this package, as data (the fixture test replays it). */
export interface Call {
  /** Name of the batch function exported by `@tradeblocks/indicators`. */
  fn: string
  /** Columns it takes. */
  input: CallInput
  /** Its parameters (omitted for functions without any). */
  args?: Record<string, number>
  /** The output column for functions that return several. */
  field?: string
}

/** Runs a {@link Call} over columns. */
export function runCall(call: Call, c: Columns): Float64Array {
  const fn = (ind as unknown as Record<string, (input: unknown, args?: unknown) => unknown>)[call.fn]
  if (typeof fn !== 'function') throw new Error(`@tradeblocks/indicators has no function ${call.fn}`)
  const input =
    call.input === 'close'
      ? c.close
      : call.input === 'volume'
        ? c.volume
        : call.input === 'close-volume'
          ? { close: c.close, volume: c.volume }
          : { high: c.high, low: c.low, close: c.close }
  const out = call.args === undefined ? fn(input) : fn(input, call.args)
  return (call.field === undefined ? out : (out as Record<string, Float64Array>)[call.field]) as Float64Array
}

/** One TA-Lib output and the matching output of this package. */
export interface Comparison {
  /** Unique name, e.g. `BBANDS(20,2).upper`. */
  name: string
  /** The TA-Lib function. */
  talib: string
  /** TA-Lib inputs: `real` is the close unless `realFrom` names another column. */
  realFrom?: keyof Columns
  /** TA-Lib option values. */
  options: Record<string, number>
  /** Name of the TA-Lib output to read. */
  output: string
  /** The batch call of this package that computes the same output. */
  call: Call
  /** Unit of the tolerance floor. */
  scale: Scale
  /**
   * Known TA-Lib inexactness on a perfectly flat window of `period` closes (its E[x²] − E[x]²):
   * there this package is compared with the exact value instead (mean = the price, deviation 0).
   */
  flatExact?: { period: number; exact: 'price' | 'zero'; source?: 'close' | 'typical' }
  /**
   * The exact value at index `i` (BigInt arithmetic on the inputs), used where this package and
   * TA-Lib differ by more than the tolerance: the index passes when this package is within 1e-12 of
   * the exact value and TA-Lib is further away (TA-Lib's rolling sums lose digits).
   */
  exact?: (c: Columns, i: number) => number
  /**
   * TA-Lib zeroes RSI when avgGain + avgLoss < 1e-14 (after a long run of unchanged closes); the
   * exact RSI is unchanged through such a run. Where TA-Lib prints 0 on an unchanged close, this
   * package must equal its previous value.
   */
  talibEpsilonZero?: boolean
  /** First index at which this package has a value, when later than TA-Lib's (ADX's DIs). */
  oursFirst?: number
}

export const comparisons: Comparison[] = [
  {
    name: 'SMA(20)',
    talib: 'SMA',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'sma', input: 'close', args: { period: 20 } },
    exact: (c, i) => exactMean(c.close, i, 20),
  },
  {
    name: 'SMA(5)',
    talib: 'SMA',
    options: { optInTimePeriod: 5 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'sma', input: 'close', args: { period: 5 } },
    exact: (c, i) => exactMean(c.close, i, 5),
  },
  {
    name: 'EMA(20)',
    talib: 'EMA',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'ema', input: 'close', args: { period: 20 } },
  },
  {
    name: 'WMA(20)',
    talib: 'WMA',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'wma', input: 'close', args: { period: 20 } },
    exact: (c, i) => exactWma(c.close, i, 20),
  },
  {
    name: 'DEMA(10)',
    talib: 'DEMA',
    options: { optInTimePeriod: 10 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'dema', input: 'close', args: { period: 10 } },
  },
  {
    name: 'TEMA(10)',
    talib: 'TEMA',
    options: { optInTimePeriod: 10 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'tema', input: 'close', args: { period: 10 } },
  },
  {
    name: 'RSI(14)',
    talib: 'RSI',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'rsi', input: 'close', args: { period: 14 } },
    talibEpsilonZero: true,
  },
  {
    name: 'RSI(2)',
    talib: 'RSI',
    options: { optInTimePeriod: 2 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'rsi', input: 'close', args: { period: 2 } },
    talibEpsilonZero: true,
  },
  ...(['macd', 'signal', 'histogram'] as const).map(
    (field, i): Comparison => ({
      name: `MACD(12,26,9).${field}`,
      talib: 'MACD',
      options: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
      output: ['outMACD', 'outMACDSignal', 'outMACDHist'][i]!,
      scale: 'price',
      call: { fn: 'macd', input: 'close', args: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }, field },
    }),
  ),
  ...(['k', 'd'] as const).map(
    (field, i): Comparison => ({
      name: `STOCH(14,3,3).${field}`,
      talib: 'STOCH',
      options: {
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      },
      output: ['outSlowK', 'outSlowD'][i]!,
      scale: 'oscillator',
      call: {
        fn: 'stochastic',
        input: 'high-low-close',
        args: { kPeriod: 14, kSmoothing: 3, dPeriod: 3 },
        field,
      },
    }),
  ),
  ...(['k', 'd'] as const).map(
    (field, i): Comparison => ({
      name: `STOCHF(14,3).${field}`,
      talib: 'STOCHF',
      options: { optInFastK_Period: 14, optInFastD_Period: 3, optInFastD_MAType: 0 },
      output: ['outFastK', 'outFastD'][i]!,
      scale: 'oscillator',
      call: {
        fn: 'stochastic',
        input: 'high-low-close',
        args: { kPeriod: 14, kSmoothing: 1, dPeriod: 3 },
        field,
      },
    }),
  ),
  {
    name: 'ROC(10)',
    talib: 'ROC',
    options: { optInTimePeriod: 10 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'roc', input: 'close', args: { period: 10 } },
  },
  {
    name: 'MOM(10)',
    talib: 'MOM',
    options: { optInTimePeriod: 10 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'momentum', input: 'close', args: { period: 10 } },
  },
  {
    name: 'WILLR(14)',
    talib: 'WILLR',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'williamsR', input: 'high-low-close', args: { period: 14 } },
  },
  {
    name: 'CCI(20)',
    talib: 'CCI',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'cci', input: 'high-low-close', args: { period: 20 } },
    flatExact: { period: 20, exact: 'zero', source: 'typical' },
    exact: (c, i) => exactCci(c.high, c.low, c.close, i, 20),
  },
  {
    name: 'TRANGE',
    talib: 'TRANGE',
    options: {},
    output: 'outReal',
    scale: 'price',
    call: { fn: 'trueRange', input: 'high-low-close' },
  },
  {
    name: 'ATR(14)',
    talib: 'ATR',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'atr', input: 'high-low-close', args: { period: 14 } },
  },
  ...(['upper', 'middle', 'lower'] as const).map(
    (field, i): Comparison => ({
      name: `BBANDS(20,2).${field}`,
      talib: 'BBANDS',
      options: { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
      output: ['outRealUpperBand', 'outRealMiddleBand', 'outRealLowerBand'][i]!,
      scale: 'price',
      call: { fn: 'bollingerBands', input: 'close', args: { period: 20, multiplier: 2 }, field },
      flatExact: { period: 20, exact: 'price' },
      exact: (c, i) =>
        exactMean(c.close, i, 20) +
        [2, 0, -2][['upper', 'middle', 'lower'].indexOf(field)]! * exactStdDev(c.close, i, 20),
    }),
  ),
  {
    name: 'STDDEV(20)',
    talib: 'STDDEV',
    options: { optInTimePeriod: 20, optInNbDev: 1 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'stdDev', input: 'close', args: { period: 20 } },
    flatExact: { period: 20, exact: 'zero' },
    exact: (c, i) => exactStdDev(c.close, i, 20),
  },
  {
    name: 'MAX(high,20)',
    talib: 'MAX',
    realFrom: 'high',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'donchian', input: 'high-low-close', args: { period: 20 }, field: 'upper' },
  },
  {
    name: 'MIN(low,20)',
    talib: 'MIN',
    realFrom: 'low',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'donchian', input: 'high-low-close', args: { period: 20 }, field: 'lower' },
  },
  {
    name: 'ADX(14)',
    talib: 'ADX',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'oscillator',
    call: { fn: 'adx', input: 'high-low-close', args: { period: 14 }, field: 'adx' },
  },
  {
    name: 'PLUS_DI(14)',
    talib: 'PLUS_DI',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'oscillator',
    oursFirst: 27,
    call: { fn: 'adx', input: 'high-low-close', args: { period: 14 }, field: 'plusDI' },
  },
  {
    name: 'MINUS_DI(14)',
    talib: 'MINUS_DI',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'oscillator',
    oursFirst: 27,
    call: { fn: 'adx', input: 'high-low-close', args: { period: 14 }, field: 'minusDI' },
  },
  {
    name: 'LINEARREG_SLOPE(14)',
    talib: 'LINEARREG_SLOPE',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'linearRegression', input: 'close', args: { period: 14 }, field: 'slope' },
  },
  {
    name: 'LINEARREG_INTERCEPT(14)',
    talib: 'LINEARREG_INTERCEPT',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'linearRegression', input: 'close', args: { period: 14 }, field: 'intercept' },
  },
  {
    name: 'LINEARREG(14)',
    talib: 'LINEARREG',
    options: { optInTimePeriod: 14 },
    output: 'outReal',
    scale: 'price',
    call: { fn: 'linearRegression', input: 'close', args: { period: 14 }, field: 'value' },
  },
  {
    name: 'OBV',
    talib: 'OBV',
    options: {},
    output: 'outReal',
    scale: 'volume',
    call: { fn: 'obv', input: 'close-volume' },
  },
  {
    name: 'SMA(volume,20)',
    talib: 'SMA',
    realFrom: 'volume',
    options: { optInTimePeriod: 20 },
    output: 'outReal',
    scale: 'volume',
    call: { fn: 'volumeAverage', input: 'volume', args: { period: 20 } },
  },
]

/** Relative tolerance at every index. */
export const RELATIVE_TOLERANCE = 1e-9
/** Absolute floor, as a fraction of the column's scale, for values at or near zero. */
export const FLOOR_FRACTION = 1e-12

/** The scale of a column for its tolerance floor: mean |close|, 100, or mean volume. */
export function scaleOf(scale: Scale, c: Columns): number {
  if (scale === 'oscillator') return 100
  const column = scale === 'price' ? c.close : c.volume
  let sum = 0
  for (const x of column) sum += Math.abs(x)
  return column.length > 0 ? sum / column.length : 1
}

/** Indices whose window of `period` closes ending there is perfectly flat. */
export function flatWindowEnds(close: ArrayLike<number>, period: number): Set<number> {
  const out = new Set<number>()
  let run = 0
  for (let i = 0; i < close.length; i++) {
    run = i > 0 && close[i] === close[i - 1] ? run + 1 : 1
    if (run >= period) out.add(i)
  }
  return out
}

/** Result of comparing one column. */
export interface ColumnReport {
  name: string
  /** Indices where both have a value. */
  compared: number
  /** Largest |ours − TA-Lib| / max(|ours|, |TA-Lib|) over the indices within the tolerance. */
  maxRelative: number
  /** Indices that passed only through the absolute floor (values at or near zero). */
  floorOnly: number
  /** Flat-window indices compared with the exact value instead of TA-Lib. */
  flatExact: number
  /** Largest |TA-Lib − exact| on those flat windows. */
  talibFlatError: number
  /** Indices off TA-Lib by more than the tolerance where the exact value sides with this package. */
  adjudicated: number
  /** Largest relative error of TA-Lib against the exact value at those indices. */
  talibWorst: number
  /** Largest relative error of this package against the exact value at those indices. */
  oursWorst: number
  /** Indices where TA-Lib printed 0 through its 1e-14 epsilon and this package kept the exact value. */
  epsilonZero: number
  /** Failures: value mismatches and indices where exactly one side has a value. */
  mismatches: number
  /** First failures, for the report. */
  failures: string[]
}

function typical(c: Columns): number[] {
  return c.close.map((x, i) => (c.high[i]! + c.low[i]! + x) / 3)
}

/**
 * Compares this package's column with a reference column (NaN where the reference has no value)
 * at every index where both have a value.
 */
export function compareColumn(
  comparison: Comparison,
  c: Columns,
  ours: ArrayLike<number>,
  ref: ArrayLike<number>,
): ColumnReport {
  const floor = FLOOR_FRACTION * scaleOf(comparison.scale, c)
  const flat = comparison.flatExact
  const flats = flat
    ? flatWindowEnds(flat.source === 'typical' ? typical(c) : c.close, flat.period)
    : undefined
  const report: ColumnReport = {
    name: comparison.name,
    compared: 0,
    maxRelative: 0,
    floorOnly: 0,
    flatExact: 0,
    talibFlatError: 0,
    adjudicated: 0,
    talibWorst: 0,
    oursWorst: 0,
    epsilonZero: 0,
    mismatches: 0,
    failures: [],
  }
  const fail = (message: string) => {
    report.mismatches++
    if (report.failures.length < 5) report.failures.push(message)
  }
  for (let i = 0; i < ref.length; i++) {
    const a = ours[i]!
    const b = ref[i]!
    const aHas = !Number.isNaN(a)
    const bHas = !Number.isNaN(b)
    if (aHas !== bHas) {
      // documented warm-up differences: TRANGE has high − low at 0; ADX's DIs start with the ADX
      if (comparison.talib === 'TRANGE' && i === 0) continue
      if (!aHas && comparison.oursFirst !== undefined && i < comparison.oursFirst) continue
      fail(`index ${i}: ours ${a}, TA-Lib ${b}`)
      continue
    }
    if (!aHas) continue
    report.compared++
    if (flats?.has(i)) {
      const exact = flat!.exact === 'price' ? c.close[i]! : 0
      report.flatExact++
      report.talibFlatError = Math.max(report.talibFlatError, Math.abs(b - exact))
      if (a !== exact) fail(`flat window at ${i}: ours ${a}, exact ${exact}`)
      continue
    }
    const diff = Math.abs(a - b)
    const mag = Math.max(Math.abs(a), Math.abs(b))
    const rel = mag > 0 ? diff / mag : 0
    if (rel <= RELATIVE_TOLERANCE) {
      if (rel > report.maxRelative) report.maxRelative = rel
      continue
    }
    if (diff <= floor) {
      report.floorOnly++
      continue
    }
    if (comparison.talibEpsilonZero && b === 0 && i > 0 && c.close[i] === c.close[i - 1]) {
      const prev = ours[i - 1]!
      if (Math.abs(a - prev) <= 1e-12 * 100) {
        report.epsilonZero++
        continue
      }
    }
    if (comparison.exact) {
      const e = comparison.exact(c, i)
      const oursErr = Math.abs(a - e)
      const talibErr = Math.abs(b - e)
      const scale = Math.max(Math.abs(e), floor)
      if (oursErr <= 1e-12 * scale + floor && talibErr > oursErr) {
        report.adjudicated++
        report.talibWorst = Math.max(report.talibWorst, talibErr / scale)
        report.oursWorst = Math.max(report.oursWorst, oursErr / scale)
        continue
      }
      fail(`index ${i}: ours ${a}, TA-Lib ${b}, exact ${e}`)
      continue
    }
    fail(`index ${i}: ours ${a}, TA-Lib ${b} (relative ${rel.toExponential(2)})`)
  }
  return report
}

/** True when a column report has no failure. */
export function passed(report: ColumnReport): boolean {
  return report.mismatches === 0
}
