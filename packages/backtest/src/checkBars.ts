import type { Bar, Print, Quote } from '@tradeblocks/core'
import { type DataProblem, type DataProblemKind, DataProblemsError } from './DataProblemsError.js'

/**
 * What to do with bad data: `error` (the default) throws a {@link DataProblemsError} listing every
 * problem; `skip` drops the bad rows and reports them. Bad data is never used silently.
 *
 * @example
 * ```ts
 * import type { DataPolicy } from '@tradeblocks/backtest'
 *
 * const policy: DataPolicy = 'skip'
 * ```
 */
export type DataPolicy = 'error' | 'skip'

const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,9}(?:[./-][A-Z0-9]{1,5})?$/
const TIMEFRAME_PATTERN = /^[1-9]\d{0,3}[smhdw]$/

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** A problem with one field: the field's name, so CSV readers can point at the column. */
export interface FieldProblem {
  field: string
  message: string
}

/**
 * Why a bar is impossible, or `undefined` when it is valid. Mirrors core's `BarSchema` rules without
 * zod, so it can run on every bar of a long file.
 */
export function barProblem(bar: Bar): FieldProblem | undefined {
  if (typeof bar.symbol !== 'string' || !SYMBOL_PATTERN.test(bar.symbol))
    return { field: 'symbol', message: `symbol ${JSON.stringify(bar.symbol)} is not an uppercase ticker` }
  if (typeof bar.timeframe !== 'string' || !TIMEFRAME_PATTERN.test(bar.timeframe))
    return { field: 'timeframe', message: `timeframe ${JSON.stringify(bar.timeframe)} is not like 1m or 1d` }
  if (!isTimestamp(bar.ts))
    return { field: 'ts', message: `ts ${String(bar.ts)} is not a non-negative integer of epoch ms` }
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const value = bar[field]
    if (!isPrice(value)) return { field, message: `${field} ${String(value)} is not a positive finite price` }
  }
  if (!isNonNegative(bar.volume))
    return { field: 'volume', message: `volume ${String(bar.volume)} is not a non-negative finite number` }
  if (bar.high < bar.low) return { field: 'high', message: `high ${bar.high} is below low ${bar.low}` }
  for (const field of ['open', 'close'] as const) {
    const value = bar[field]
    if (value > bar.high) return { field, message: `${field} ${value} is above high ${bar.high}` }
    if (value < bar.low) return { field, message: `${field} ${value} is below low ${bar.low}` }
  }
  if (bar.vwap !== undefined && !isPrice(bar.vwap))
    return { field: 'vwap', message: `vwap ${String(bar.vwap)} is not a positive finite price` }
  if (bar.trades !== undefined && !(Number.isInteger(bar.trades) && bar.trades >= 0))
    return { field: 'trades', message: `trades ${String(bar.trades)} is not a non-negative integer` }
  return undefined
}

/** Why a quote is impossible, or `undefined`. Crossed and locked quotes are allowed (real feeds carry them). */
export function quoteProblem(quote: Quote): FieldProblem | undefined {
  if (typeof quote.symbol !== 'string' || !SYMBOL_PATTERN.test(quote.symbol))
    return { field: 'symbol', message: `symbol ${JSON.stringify(quote.symbol)} is not an uppercase ticker` }
  if (!isTimestamp(quote.ts))
    return { field: 'ts', message: `ts ${String(quote.ts)} is not a non-negative integer of epoch ms` }
  for (const field of ['bidPrice', 'bidSize', 'askPrice', 'askSize'] as const) {
    const value = quote[field]
    if (!isNonNegative(value))
      return { field, message: `${field} ${String(value)} is not a non-negative finite number` }
  }
  return undefined
}

/** Why a print is impossible, or `undefined`. */
export function printProblem(print: Print): FieldProblem | undefined {
  if (typeof print.symbol !== 'string' || !SYMBOL_PATTERN.test(print.symbol))
    return { field: 'symbol', message: `symbol ${JSON.stringify(print.symbol)} is not an uppercase ticker` }
  if (!isTimestamp(print.ts))
    return { field: 'ts', message: `ts ${String(print.ts)} is not a non-negative integer of epoch ms` }
  if (!isPrice(print.price))
    return { field: 'price', message: `price ${String(print.price)} is not a positive finite price` }
  if (!isPrice(print.size)) return { field: 'size', message: `size ${String(print.size)} is not positive` }
  return undefined
}

/**
 * Tracks the last timestamp per symbol of one ordered input and classifies the next one:
 * `undefined` (in order), `duplicate` (same timestamp) or `out_of_order` (earlier).
 */
export class OrderTracker {
  readonly #last = new Map<string, number>()
  #lastSymbol: string | undefined
  #lastTs = Number.NEGATIVE_INFINITY

  /** The last timestamp recorded for `symbol`. */
  peek(symbol: string): number | undefined {
    return symbol === this.#lastSymbol ? this.#lastTs : this.#last.get(symbol)
  }

  /** Checks `ts` of `symbol` against the previous one; records it when in order. */
  check(symbol: string, ts: number): { kind: 'duplicate' | 'out_of_order'; previous: number } | undefined {
    let previous: number | undefined
    if (symbol === this.#lastSymbol) previous = this.#lastTs
    else previous = this.#last.get(symbol)
    if (previous !== undefined) {
      if (ts === previous) return { kind: 'duplicate', previous }
      if (ts < previous) return { kind: 'out_of_order', previous }
    }
    if (this.#lastSymbol !== undefined && this.#lastSymbol !== symbol)
      this.#last.set(this.#lastSymbol, this.#lastTs)
    this.#lastSymbol = symbol
    this.#lastTs = ts
    return undefined
  }
}

/** Formats an instant for messages: ISO 8601 in UTC. */
export function formatTs(ts: number): string {
  return Number.isFinite(ts) && Math.abs(ts) < 8.64e15 ? new Date(ts).toISOString() : String(ts)
}

/**
 * Parameters of {@link checkBars}.
 *
 * @example
 * ```ts
 * import type { CheckBarsParameters } from '@tradeblocks/backtest'
 *
 * const params: CheckBarsParameters = { policy: 'skip' }
 * ```
 */
export interface CheckBarsParameters {
  /** `error` (default) throws a {@link DataProblemsError}; `skip` drops bad bars and reports them. */
  policy?: DataPolicy
  /** A name for the data in messages, e.g. the vendor and query. Default `bars`. */
  source?: string
}

/**
 * What {@link checkBars} returns: the bars that passed, in input order, and the problems found.
 *
 * @example
 * ```ts
 * import { checkBars, type CheckBarsReturnType } from '@tradeblocks/backtest'
 *
 * const { bars, problems }: CheckBarsReturnType = checkBars(input, { policy: 'skip' })
 * for (const p of problems) console.warn(p.message)
 * ```
 */
export interface CheckBarsReturnType {
  /** The bars that passed every check. */
  bars: Bar[]
  /** Every problem found (empty when the data was clean). */
  problems: DataProblem[]
}

/**
 * Checks bars from any source (a vendor, a file, your own code) before they are used: impossible bars
 * (the rules of core's `BarSchema`: high below low, open or close outside the range, non-positive
 * prices, negative volume, a bad symbol, timeframe or timestamp), and per symbol bars that are out of
 * order or duplicate the previous timestamp. The input may hold many symbols interleaved; each
 * symbol must be in ascending time order.
 *
 * With the `error` policy (the default) any problem throws a {@link DataProblemsError} listing them
 * all; with `skip` the bad bars are dropped and listed in `problems`. An out-of-order bar is dropped,
 * not moved: data that needs sorting should be sorted on purpose, not by a checker.
 *
 * @throws DataProblemsError when the policy is `error` and a problem is found.
 *
 * @example
 * ```ts
 * import { checkBars } from '@tradeblocks/backtest'
 *
 * const { bars, problems } = checkBars(vendorBars, { policy: 'skip', source: 'polygon AAPL 1m' })
 * if (problems.length > 0) console.warn(`${problems.length} bad bars dropped`)
 * ```
 */
export function checkBars(input: Iterable<Bar>, parameters: CheckBarsParameters = {}): CheckBarsReturnType {
  const policy = parameters.policy ?? 'error'
  const source = parameters.source ?? 'bars'
  const tracker = new OrderTracker()
  const bars: Bar[] = []
  const problems: DataProblem[] = []
  let index = 0
  for (const bar of input) {
    const at = index++
    const report = (kind: DataProblemKind, message: string) => {
      const problem: DataProblem = { kind, message: `${source}[${at}]: ${message}`, index: at }
      if (typeof bar?.symbol === 'string') problem.symbol = bar.symbol
      if (typeof bar?.ts === 'number') problem.ts = bar.ts
      problems.push(problem)
    }
    if (bar === null || typeof bar !== 'object') {
      report('impossible', `expected a bar object, got ${String(bar)}`)
      continue
    }
    const impossible = barProblem(bar)
    if (impossible !== undefined) {
      report('impossible', `${bar.symbol} at ${formatTs(bar.ts)}: ${impossible.message}`)
      continue
    }
    const order = tracker.check(bar.symbol, bar.ts)
    if (order !== undefined) {
      report(
        order.kind,
        order.kind === 'duplicate'
          ? `${bar.symbol} at ${formatTs(bar.ts)} duplicates the previous bar's timestamp`
          : `${bar.symbol} at ${formatTs(bar.ts)} is earlier than the previous bar at ${formatTs(order.previous)}`,
      )
      continue
    }
    bars.push(bar)
  }
  if (problems.length > 0 && policy === 'error') throw new DataProblemsError(source, problems)
  return { bars, problems }
}
