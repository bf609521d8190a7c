import { createReadStream } from 'node:fs'
import type { Bar } from '@tradeblocks/core'
import type { BarsCsvOptions } from './BarsCsvOptions.js'
import { BarsCsvReader } from './BarsCsvReader.js'
import { type DataProblem, DataProblemsError } from './DataProblemsError.js'
import { BarsCsvCollector, type ParseBarsCsvReturnType } from './parseBarsCsv.js'

/**
 * Yields the lines of a file (without line endings) in batches, one per chunk read, with the number
 * of the batch's first line; memory stays flat however long the file is. Handles `\n` and `\r\n`
 * endings and a UTF-8 BOM.
 */
async function* readLines(path: string): AsyncGenerator<{ lines: string[]; first: number }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  let rest = ''
  let line = 1
  let first = true
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = rest + chunk
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        first = false
      }
      const lines: string[] = []
      let start = 0
      for (;;) {
        const end = text.indexOf('\n', start)
        if (end < 0) break
        lines.push(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end))
        start = end + 1
      }
      rest = text.slice(start)
      if (lines.length > 0) {
        yield { lines, first: line }
        line += lines.length
      }
    }
    if (rest.length > 0)
      yield { lines: [rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest], first: line }
  } finally {
    stream.destroy()
  }
}

/**
 * Options of {@link loadBarsCsv}: the shared {@link BarsCsvOptions}.
 *
 * @example
 * ```ts
 * import type { LoadBarsCsvParameters } from '@tradeblocks/backtest'
 *
 * const options: LoadBarsCsvParameters = { symbol: 'ORCL', timeframe: '1d', policy: 'skip' }
 * ```
 */
export type LoadBarsCsvParameters = BarsCsvOptions

/**
 * What {@link loadBarsCsv} returns: the bars in file order and per symbol, and the problems found.
 *
 * @example
 * ```ts
 * import { loadBarsCsv, type LoadBarsCsvReturnType } from '@tradeblocks/backtest'
 *
 * const result: LoadBarsCsvReturnType = await loadBarsCsv('orcl.csv', { symbol: 'ORCL', timeframe: '1d' })
 * ```
 */
export type LoadBarsCsvReturnType = ParseBarsCsvReturnType

/**
 * Loads bars from a CSV file, reading it as a stream (memory grows with the bars kept, not the file's
 * text). Every row is checked; under the `error` policy (default) the first `maxProblems` problems
 * are collected and thrown together as a {@link DataProblemsError} naming file, line and column, and
 * no bars are returned. Under `skip` the bad rows are dropped and listed.
 *
 * @throws DataProblemsError for bad rows under the `error` policy.
 * @throws ValidationError for bad options or columns not found in the header.
 *
 * @example
 * ```ts
 * import { loadBarsCsv } from '@tradeblocks/backtest'
 *
 * // Date,Open,High,Low,Close,Adj Close,Volume (Yahoo's daily layout)
 * const { bars } = await loadBarsCsv('data/orcl-2014.csv', { symbol: 'ORCL', timeframe: '1d' })
 * console.log(bars.length, bars.at(-1)?.close)
 * ```
 */
export async function loadBarsCsv(
  path: string,
  options: LoadBarsCsvParameters,
): Promise<LoadBarsCsvReturnType> {
  const reader = new BarsCsvReader(options, options.file ?? path)
  const collector = new BarsCsvCollector(reader)
  reading: for await (const batch of readLines(path)) {
    for (let i = 0; i < batch.lines.length; i++) {
      if (!collector.line(batch.lines[i] as string, batch.first + i)) break reading
    }
  }
  return collector.finish()
}

/**
 * Options of {@link streamBarsCsv}: the shared {@link BarsCsvOptions} plus a callback for problems
 * under the `skip` policy.
 *
 * @example
 * ```ts
 * import type { StreamBarsCsvParameters } from '@tradeblocks/backtest'
 *
 * const options: StreamBarsCsvParameters = {
 *   symbol: 'ES', timeframe: '1m', policy: 'skip', onProblem: (p) => console.warn(p.message),
 * }
 * ```
 */
export interface StreamBarsCsvParameters extends BarsCsvOptions {
  /** Called for every dropped row under the `skip` policy. */
  onProblem?: (problem: DataProblem) => void
}

/**
 * The bars of {@link streamBarsCsv}, one at a time in file order.
 *
 * @example
 * ```ts
 * import { streamBarsCsv, type StreamBarsCsvReturnType } from '@tradeblocks/backtest'
 *
 * const bars: StreamBarsCsvReturnType = streamBarsCsv('big.csv', { symbol: 'SPY', timeframe: '1m' })
 * ```
 */
export type StreamBarsCsvReturnType = AsyncGenerator<Bar, void, undefined>

/**
 * Streams bars from a CSV file one at a time, for files too large to hold. The same checks as
 * {@link loadBarsCsv}; since bars are handed out as they are read, the `error` policy throws at the
 * first problem (bars before it were already yielded), and `skip` reports each dropped row to
 * `onProblem`. Prefer {@link loadBarsCsv} when the data fits in memory: it fails before yielding
 * anything.
 *
 * @throws DataProblemsError at the first bad row under the `error` policy.
 *
 * @example
 * ```ts
 * import { streamBarsCsv } from '@tradeblocks/backtest'
 *
 * let volume = 0
 * for await (const bar of streamBarsCsv('spy-1m.csv', { symbol: 'SPY', timeframe: '1m' })) volume += bar.volume
 * ```
 */
export async function* streamBarsCsv(
  path: string,
  options: StreamBarsCsvParameters,
): StreamBarsCsvReturnType {
  const reader = new BarsCsvReader(options, options.file ?? path)
  let problems = 0
  for await (const batch of readLines(path)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const result = reader.read(batch.lines[i] as string, batch.first + i)
      if (result.kind === 'bar') yield result.bar
      else if (result.kind === 'problem') {
        if (reader.policy === 'error') throw new DataProblemsError('CSV data', [result.problem])
        options.onProblem?.(result.problem)
        if (++problems >= reader.maxProblems)
          throw new DataProblemsError('CSV data', [result.problem], { truncated: true })
      }
    }
  }
}
