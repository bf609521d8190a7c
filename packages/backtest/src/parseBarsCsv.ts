import type { Bar } from '@tradeblocks/core'
import type { BarsCsvOptions } from './BarsCsvOptions.js'
import { BarsCsvReader } from './BarsCsvReader.js'
import { type DataProblem, DataProblemsError } from './DataProblemsError.js'

/**
 * Options of {@link parseBarsCsv}: the shared {@link BarsCsvOptions}.
 *
 * @example
 * ```ts
 * import type { ParseBarsCsvParameters } from '@tradeblocks/backtest'
 *
 * const options: ParseBarsCsvParameters = { symbol: 'AAPL', timeframe: '1m', file: 'inline' }
 * ```
 */
export type ParseBarsCsvParameters = BarsCsvOptions

/**
 * The bars read from CSV: in file order, grouped per symbol, and the problems found (only with the
 * `skip` policy; `error` throws instead).
 *
 * @example
 * ```ts
 * import { parseBarsCsv, type ParseBarsCsvReturnType } from '@tradeblocks/backtest'
 *
 * const result: ParseBarsCsvReturnType = parseBarsCsv(text, { symbol: 'AAPL', timeframe: '1d' })
 * result.bySymbol.AAPL?.length
 * ```
 */
export interface ParseBarsCsvReturnType {
  /** Every good bar in file order. */
  bars: Bar[]
  /** The same bars per symbol, each list in time order: ready for `mergeMarketEvents`. */
  bySymbol: Record<string, Bar[]>
  /** The rows dropped under the `skip` policy, each naming file, line and column. */
  problems: DataProblem[]
  /** True when reading stopped early at `maxProblems` (only with `skip`). */
  truncated: boolean
}

/** Collects the reader's output into arrays; shared by the string and file loaders. */
export class BarsCsvCollector {
  readonly bars: Bar[] = []
  readonly bySymbol: Record<string, Bar[]> = Object.create(null)
  readonly problems: DataProblem[] = []
  truncated = false
  readonly #reader: BarsCsvReader

  constructor(reader: BarsCsvReader) {
    this.#reader = reader
  }

  /** Reads a line; returns false when reading should stop (problem limit reached). */
  line(text: string, line: number): boolean {
    const result = this.#reader.read(text, line)
    if (result.kind === 'bar') {
      const bar = result.bar
      this.bars.push(bar)
      const list = this.bySymbol[bar.symbol]
      if (list === undefined) this.bySymbol[bar.symbol] = [bar]
      else list.push(bar)
    } else if (result.kind === 'problem') {
      this.problems.push(result.problem)
      if (this.problems.length >= this.#reader.maxProblems) {
        this.truncated = true
        return false
      }
    }
    return true
  }

  /** The result, or a {@link DataProblemsError} under the `error` policy when anything was wrong. */
  finish(): ParseBarsCsvReturnType {
    if (this.problems.length > 0 && this.#reader.policy === 'error')
      throw new DataProblemsError('CSV data', this.problems, { truncated: this.truncated })
    return { bars: this.bars, bySymbol: this.bySymbol, problems: this.problems, truncated: this.truncated }
  }
}

/**
 * Reads bars from CSV text held in memory. Columns, date format, time zone, header and delimiter are
 * configurable (see {@link BarsCsvOptions}); each row is checked (malformed fields, impossible bars,
 * out-of-order and duplicate timestamps per symbol). Under the `error` policy (default) any problem
 * throws one {@link DataProblemsError} listing them all with file, line and column, and no bars are
 * returned; under `skip` bad rows are dropped and listed in `problems`.
 *
 * @throws DataProblemsError for bad rows under the `error` policy.
 * @throws ValidationError for bad options or columns not found in the header.
 *
 * @example
 * ```ts
 * import { parseBarsCsv } from '@tradeblocks/backtest'
 *
 * const text = 'Date,Open,High,Low,Close,Volume\n2026-01-05,10,10.5,9.8,10.2,120000\n'
 * const { bars } = parseBarsCsv(text, { symbol: 'ACME', timeframe: '1d' })
 * bars[0]?.close // 10.2
 * ```
 */
export function parseBarsCsv(text: string, options: ParseBarsCsvParameters): ParseBarsCsvReturnType {
  const reader = new BarsCsvReader(options, options.file ?? 'csv')
  const collector = new BarsCsvCollector(reader)
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    let stop = end
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--
    if (!collector.line(text.slice(start, stop), line)) break
    start = end + 1
    line++
  }
  return collector.finish()
}
