import { ValidationError, type ValidationIssue } from '@tradeblocks/core'

/**
 * What is wrong with a row or an event of market data:
 *
 * - `malformed`: a CSV row that cannot be read (missing field, not a number, bad date).
 * - `impossible`: a value no market produces (high below low, a close above the high, a price of 0,
 *   negative volume, a timestamp that is not an integer).
 * - `out_of_order`: earlier than the previous event of the same symbol in the same input.
 * - `duplicate`: the same symbol and timestamp as the previous event of that input.
 *
 * @example
 * ```ts
 * import type { DataProblemKind } from '@tradeblocks/backtest'
 *
 * const fatal: DataProblemKind[] = ['malformed', 'impossible']
 * ```
 */
export type DataProblemKind = 'malformed' | 'impossible' | 'out_of_order' | 'duplicate'

/**
 * One problem found in market data, with where it was found: the file, line (1-based) and column
 * (1-based) for CSV input, or the input and position for in-memory data.
 *
 * @example
 * ```ts
 * import type { DataProblem } from '@tradeblocks/backtest'
 *
 * const problem: DataProblem = {
 *   kind: 'impossible', message: 'data/aapl.csv:12:3 (High): high 9.5 is below low 10',
 *   file: 'data/aapl.csv', line: 12, column: 3, symbol: 'AAPL', ts: 1767364200000,
 * }
 * ```
 */
export interface DataProblem {
  /** What kind of problem. */
  kind: DataProblemKind
  /** A sentence naming the place, the field and the value. */
  message: string
  /** The symbol, when it could be read. */
  symbol?: string
  /** The timestamp (epoch ms), when it could be read. */
  ts?: number
  /** The file, for file input. */
  file?: string
  /** The 1-based line of the file. */
  line?: number
  /** The 1-based column (field) of the line, when one field is to blame. */
  column?: number
  /** For in-memory input: which input (series) the event came from, 0-based. */
  input?: number
  /** For in-memory input: the 0-based position of the event in its input. */
  index?: number
}

/** How many problems an error message lists before it says "and N more". */
const LISTED = 20

/**
 * Market data had problems and the policy was `error`. `problems` lists every problem found (up to
 * the loader's `maxProblems`), each naming its file, line and column or its input and position; the
 * message names the first ones. Nothing was used: a loader that throws returns no bars.
 *
 * It is a core `ValidationError` (code `validation`), so `error instanceof ValidationError` holds.
 *
 * @example
 * ```ts
 * import { DataProblemsError, loadBarsCsv } from '@tradeblocks/backtest'
 *
 * try {
 *   await loadBarsCsv('data/aapl.csv', { symbol: 'AAPL', timeframe: '1m' })
 * } catch (error) {
 *   if (error instanceof DataProblemsError) for (const p of error.problems) console.error(p.message)
 * }
 * ```
 */
export class DataProblemsError extends ValidationError {
  /** Every problem found. */
  readonly problems: readonly DataProblem[]
  /** True when reading stopped at the problem limit, so more problems may exist. */
  readonly truncated: boolean

  constructor(subject: string, problems: readonly DataProblem[], options: { truncated?: boolean } = {}) {
    const issues: ValidationIssue[] = problems.slice(0, LISTED).map((problem) => ({
      path: problemPath(problem),
      message: problem.message,
    }))
    const hidden = problems.length - issues.length
    const metaMessages: string[] = []
    if (hidden > 0) metaMessages.push(`... and ${hidden} more problem(s); see error.problems`)
    if (options.truncated === true) metaMessages.push('Reading stopped at the problem limit (maxProblems).')
    super(subject, issues, metaMessages.length > 0 ? { details: metaMessages.join(' ') } : {})
    this.problems = problems
    this.truncated = options.truncated === true
  }
}

function problemPath(problem: DataProblem): string {
  if (problem.file !== undefined) {
    const line = problem.line === undefined ? '' : `:${problem.line}`
    const column = problem.column === undefined ? '' : `:${problem.column}`
    return `${problem.file}${line}${column}`
  }
  if (problem.input !== undefined) return `input ${problem.input}[${problem.index ?? '?'}]`
  return problem.index === undefined ? '' : String(problem.index)
}
