import type { Bar, MarketEvent, Print, Quote } from '@tradeblocks/core'
import { timeframeToMs, ValidationError } from '@tradeblocks/core'
import {
  barProblem,
  type DataPolicy,
  formatTs,
  OrderTracker,
  printProblem,
  quoteProblem,
} from './checkBars.js'
import { type DataProblem, type DataProblemKind, DataProblemsError } from './DataProblemsError.js'

/**
 * Time-ordered inputs of one kind: a list of series, or a record of series keyed by anything (usually
 * the symbol). Each series must be in time order; it may hold one symbol or several.
 *
 * @example
 * ```ts
 * import type { Bar } from '@tradeblocks/core'
 * import type { MarketSeries } from '@tradeblocks/backtest'
 *
 * declare const aapl: Bar[], msft: Bar[]
 * const bars: MarketSeries<Bar> = { AAPL: aapl, MSFT: msft }
 * ```
 */
export type MarketSeries<T> = ReadonlyArray<Iterable<T>> | Readonly<Record<string, Iterable<T>>>

/**
 * Parameters of {@link mergeMarketEvents}.
 *
 * @example
 * ```ts
 * import type { MergeMarketEventsParameters } from '@tradeblocks/backtest'
 *
 * const params: MergeMarketEventsParameters = { bars: { AAPL: aaplBars }, quotes: [aaplQuotes], policy: 'error' }
 * ```
 */
export interface MergeMarketEventsParameters {
  /** Bars per series (each in time order). */
  bars?: MarketSeries<Bar>
  /** NBBO quotes per series (each in time order; equal timestamps allowed). */
  quotes?: MarketSeries<Quote>
  /** Prints per series (each in time order; equal timestamps allowed). */
  prints?: MarketSeries<Print>
  /**
   * When a bar is delivered: `end` (default) at `ts + timeframe`, when it is complete, so a strategy never
   * sees a bar before the quotes and prints inside it; `start` at `ts`, for bar-only replays that want
   * bar-start order.
   */
  barTime?: 'end' | 'start'
  /** `error` (default) throws at the first bad event; `skip` drops it and calls `onProblem`. */
  policy?: DataPolicy
  /** Called for each dropped event under `skip`. */
  onProblem?: (problem: DataProblem) => void
  /** Check every event for impossible values (core's schema rules); default true. */
  validate?: boolean
}

/**
 * The merged stream: an iterator of core `MarketEvent`s (kinds `bar`, `quote`, `print`) in delivery order.
 *
 * @example
 * ```ts
 * import { mergeMarketEvents, type MergeMarketEventsReturnType } from '@tradeblocks/backtest'
 *
 * const events: MergeMarketEventsReturnType = mergeMarketEvents({ bars: [bars] })
 * ```
 */
export type MergeMarketEventsReturnType = Generator<MarketEvent, void, undefined>

const KIND_RANK = { bar: 0, quote: 1, print: 2 } as const
type Kind = keyof typeof KIND_RANK

interface Cursor {
  kind: Kind
  rank: number
  input: number
  label: string
  iterator: Iterator<Bar | Quote | Print>
  index: number
  tracker: OrderTracker
  lastKey: number
  lastSymbol: string
  lastTs: number
  /** Symbol and timeframe of the last bar that passed the checks, and the timeframe's length. */
  okSymbol: string
  okTimeframe: string
  shift: number
  // The current head:
  key: number
  symbol: string
  event: MarketEvent
}

function seriesList<T>(series: MarketSeries<T> | undefined): Array<[string, Iterable<T>]> {
  if (series === undefined) return []
  if (Array.isArray(series)) return (series as ReadonlyArray<Iterable<T>>).map((s, i) => [String(i), s])
  if (typeof series !== 'object' || series === null)
    throw new ValidationError('market series', [
      { path: '', message: 'series must be a list of iterables or a record of them', value: series },
    ])
  return Object.entries(series as Record<string, Iterable<T>>)
}

/** Orders heads: key, then bars before quotes before prints, then symbol, then input. */
function before(a: Cursor, b: Cursor): boolean {
  if (a.key !== b.key) return a.key < b.key
  if (a.rank !== b.rank) return a.rank < b.rank
  if (a.symbol !== b.symbol) return a.symbol < b.symbol
  return a.input < b.input
}

/**
 * Merges bars, quotes and prints of many symbols into one stream of core `MarketEvent`s in time
 * order, with a k-way merge (a binary heap over the inputs): inputs are read lazily, never copied or
 * sorted, so memory does not grow with their length.
 *
 * Delivery order is deterministic:
 * 1. by delivery time: a quote's or print's `ts`; a bar's `ts + timeframe` (its end) by default, so a
 *    one-minute bar of 09:30 arrives at 09:31:00, after every quote and print inside it (see `barTime`);
 * 2. at equal times, bars before quotes before prints (a bar that ends at 09:31:00.000 was complete
 *    before a quote stamped 09:31:00.000, which belongs to the next bar);
 * 3. then by symbol (code-unit order), then by input position.
 *
 * Each input is checked as it is read: events out of time order, bars that repeat the previous bar's
 * symbol and timestamp, and impossible values. Under the `error` policy (default) the first one throws
 * a {@link DataProblemsError} naming the input, position, symbol and time; under `skip` it is dropped
 * and passed to `onProblem`. Bad data is never delivered.
 *
 * @throws DataProblemsError when an input is out of order or holds a bad event (policy `error`).
 *
 * @example
 * ```ts
 * import { mergeMarketEvents } from '@tradeblocks/backtest'
 *
 * for (const event of mergeMarketEvents({ bars: { AAPL: aaplBars, MSFT: msftBars }, quotes: [aaplQuotes] })) {
 *   if (event.kind === 'bar') console.log(event.bar.symbol, event.bar.close)
 * }
 * ```
 */
export function mergeMarketEvents(parameters: MergeMarketEventsParameters): MergeMarketEventsReturnType {
  const policy = parameters.policy ?? 'error'
  if (policy !== 'error' && policy !== 'skip')
    throw new ValidationError('merge parameters', [
      { path: 'policy', message: `policy must be "error" or "skip" (got ${String(policy)})`, value: policy },
    ])
  const barTime = parameters.barTime ?? 'end'
  if (barTime !== 'end' && barTime !== 'start')
    throw new ValidationError('merge parameters', [
      {
        path: 'barTime',
        message: `barTime must be "end" or "start" (got ${String(barTime)})`,
        value: barTime,
      },
    ])
  const validate = parameters.validate ?? true
  const onProblem = parameters.onProblem
  const cursors: Cursor[] = []
  let input = 0
  const add = (kind: Kind, series: MarketSeries<Bar | Quote | Print> | undefined) => {
    for (const [label, iterable] of seriesList(series)) {
      if (iterable === null || typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function')
        throw new ValidationError('merge parameters', [
          { path: `${kind}s.${label}`, message: `${kind}s.${label} is not iterable`, value: iterable },
        ])
      cursors.push({
        kind,
        rank: KIND_RANK[kind],
        input: input++,
        label: `${kind}s.${label}`,
        iterator: iterable[Symbol.iterator](),
        index: -1,
        tracker: new OrderTracker(),
        lastKey: Number.NEGATIVE_INFINITY,
        lastSymbol: '',
        lastTs: 0,
        okSymbol: '',
        okTimeframe: '',
        shift: 0,
        key: 0,
        symbol: '',
        event: undefined as unknown as MarketEvent,
      })
    }
  }
  add('bar', parameters.bars)
  add('quote', parameters.quotes)
  add('print', parameters.prints)
  return run(cursors, barTime === 'end', validate, policy, onProblem)
}

const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,9}(?:[./-][A-Z0-9]{1,5})?$/

/**
 * The fast check of a bar: the same rules as `barProblem`, without building messages, and with the
 * symbol and timeframe of the previous good bar of this input remembered (the usual case is a long
 * run of one symbol and one timeframe). Also caches the timeframe's length.
 */
function barOk(cursor: Cursor, bar: Bar): boolean {
  const { open, high, low, close, volume, ts } = bar
  if (
    !(
      typeof open === 'number' &&
      typeof high === 'number' &&
      typeof low === 'number' &&
      typeof close === 'number' &&
      typeof volume === 'number' &&
      low > 0 &&
      high >= low &&
      high < Number.POSITIVE_INFINITY &&
      open >= low &&
      open <= high &&
      close >= low &&
      close <= high &&
      volume >= 0 &&
      volume < Number.POSITIVE_INFINITY &&
      Number.isInteger(ts) &&
      ts >= 0
    )
  )
    return false
  const vwap = bar.vwap
  if (vwap !== undefined && !(typeof vwap === 'number' && vwap > 0 && vwap < Number.POSITIVE_INFINITY))
    return false
  const trades = bar.trades
  if (trades !== undefined && !(Number.isInteger(trades) && trades >= 0)) return false
  if (bar.symbol !== cursor.okSymbol) {
    if (typeof bar.symbol !== 'string' || !SYMBOL_PATTERN.test(bar.symbol)) return false
    cursor.okSymbol = bar.symbol
  }
  if (bar.timeframe !== cursor.okTimeframe) {
    if (typeof bar.timeframe !== 'string' || !/^[1-9]\d{0,3}[smhdw]$/.test(bar.timeframe)) return false
    cursor.okTimeframe = bar.timeframe
    cursor.shift = timeframeToMs(bar.timeframe)
  }
  return true
}

/** Describes an event for messages: `bar AAPL at 2026-01-05T14:30:00.000Z`. */
function describeItem(kind: Kind, item: unknown): string {
  const symbol = (item as { symbol?: unknown } | null)?.symbol
  const ts = (item as { ts?: unknown } | null)?.ts
  return `${kind} ${typeof symbol === 'string' ? symbol : '?'} at ${typeof ts === 'number' ? formatTs(ts) : '?'}`
}

/** Builds the problem report of a bad event (the slow path: only for bad data). */
function diagnose(cursor: Cursor, item: unknown, atEnd: boolean): DataProblem {
  const what = describeItem(cursor.kind, item)
  let kind: DataProblemKind = 'impossible'
  let message: string
  if (item === null || typeof item !== 'object')
    message = `expected a ${cursor.kind} object, got ${String(item)}`
  else {
    const impossible =
      cursor.kind === 'bar'
        ? barProblem(item as Bar)
        : cursor.kind === 'quote'
          ? quoteProblem(item as Quote)
          : printProblem(item as Print)
    if (impossible !== undefined) message = `${what}: ${impossible.message}`
    else {
      const symbol = (item as { symbol: string }).symbol
      const ts = (item as { ts: number }).ts
      const key = cursor.kind === 'bar' && atEnd ? ts + timeframeToMs((item as Bar).timeframe) : ts
      if (key < cursor.lastKey || cursor.kind !== 'bar') {
        kind = 'out_of_order'
        message =
          symbol === cursor.lastSymbol
            ? `${what} is earlier than the ${cursor.kind} before it at ${formatTs(cursor.lastTs)}; each input must be in time order`
            : `${what} is earlier than the ${cursor.lastSymbol} ${cursor.kind} before it at ${formatTs(cursor.lastTs)}; each input must be in time order (pass one input per symbol)`
      } else {
        const previous = cursor.tracker.peek(symbol)
        kind = previous === ts ? 'duplicate' : 'out_of_order'
        message =
          previous === ts
            ? `${what} repeats the timestamp of the previous ${symbol} bar`
            : `${what} is earlier than the previous ${symbol} bar at ${formatTs(previous ?? 0)}`
      }
    }
  }
  const report: DataProblem = {
    kind,
    message: `${cursor.label}[${cursor.index}]: ${message}`,
    input: cursor.input,
    index: cursor.index,
  }
  const symbol = (item as { symbol?: unknown } | null)?.symbol
  const ts = (item as { ts?: unknown } | null)?.ts
  if (typeof symbol === 'string') report.symbol = symbol
  if (typeof ts === 'number') report.ts = ts
  return report
}

/**
 * Advances a cursor to its next good event; returns false when the input is exhausted.
 * A bad event throws (policy `error`) or is reported and skipped (`skip`).
 */
function advance(
  cursor: Cursor,
  atEnd: boolean,
  validate: boolean,
  policy: DataPolicy,
  onProblem: ((problem: DataProblem) => void) | undefined,
): boolean {
  for (;;) {
    const next = cursor.iterator.next()
    if (next.done === true) return false
    cursor.index++
    const item = next.value
    if (item !== null && typeof item === 'object') {
      const symbol = item.symbol
      const ts = item.ts
      if (cursor.kind === 'bar') {
        const bar = item as Bar
        if (
          validate ? barOk(cursor, bar) : bar.timeframe === cursor.okTimeframe || cacheTimeframe(cursor, bar)
        ) {
          const key = atEnd ? ts + cursor.shift : ts
          if (key >= cursor.lastKey && cursor.tracker.check(symbol, ts) === undefined) {
            cursor.lastKey = key
            cursor.lastSymbol = symbol
            cursor.lastTs = ts
            cursor.key = key
            cursor.symbol = symbol
            cursor.event = { kind: 'bar', bar }
            return true
          }
        }
      } else if (cursor.kind === 'quote') {
        const quote = item as Quote
        if (ts >= cursor.lastKey && (!validate || quoteProblem(quote) === undefined)) {
          cursor.lastKey = ts
          cursor.lastSymbol = symbol
          cursor.lastTs = ts
          cursor.key = ts
          cursor.symbol = symbol
          cursor.event = { kind: 'quote', quote }
          return true
        }
      } else {
        const print = item as Print
        if (ts >= cursor.lastKey && (!validate || printProblem(print) === undefined)) {
          cursor.lastKey = ts
          cursor.lastSymbol = symbol
          cursor.lastTs = ts
          cursor.key = ts
          cursor.symbol = symbol
          cursor.event = { kind: 'print', print }
          return true
        }
      }
    }
    const report = diagnose(cursor, item, atEnd)
    if (policy === 'error') throw new DataProblemsError('market data', [report])
    onProblem?.(report)
  }
}

function cacheTimeframe(cursor: Cursor, bar: Bar): boolean {
  cursor.okTimeframe = bar.timeframe
  cursor.shift = timeframeToMs(bar.timeframe)
  return true
}

function* run(
  cursors: Cursor[],
  atEnd: boolean,
  validate: boolean,
  policy: DataPolicy,
  onProblem: ((problem: DataProblem) => void) | undefined,
): MergeMarketEventsReturnType {
  const heap: Cursor[] = []
  for (const cursor of cursors) if (advance(cursor, atEnd, validate, policy, onProblem)) heap.push(cursor)
  if (heap.length === 1) {
    // One input: no heap needed.
    const only = heap[0] as Cursor
    do yield only.event
    while (advance(only, atEnd, validate, policy, onProblem))
    return
  }
  // Build the heap.
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i)
  while (heap.length > 0) {
    const top = heap[0] as Cursor
    yield top.event
    if (advance(top, atEnd, validate, policy, onProblem)) siftDown(heap, 0)
    else {
      const last = heap.pop() as Cursor
      if (heap.length > 0) {
        heap[0] = last
        siftDown(heap, 0)
      }
    }
  }
}

function siftDown(heap: Cursor[], start: number): void {
  const n = heap.length
  let i = start
  const item = heap[i] as Cursor
  for (;;) {
    const left = 2 * i + 1
    if (left >= n) break
    const right = left + 1
    let child = left
    if (right < n && before(heap[right] as Cursor, heap[left] as Cursor)) child = right
    const c = heap[child] as Cursor
    if (!before(c, item)) break
    heap[i] = c
    i = child
  }
  heap[i] = item
}
