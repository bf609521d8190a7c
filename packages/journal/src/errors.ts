import { BaseError, ErrorCode, type ErrorParameters, type ValidationIssue } from '@tradeblocks/core'

/**
 * A line of a journal file is not a valid record: not JSON, or a record that fails its schema.
 * `file` and `line` (1-based) say where, `issues` say what.
 *
 * @example
 * ```ts
 * import { JournalLineError } from '@tradeblocks/journal'
 *
 * try {
 *   for await (const trade of journal.readTrades()) console.log(trade.id)
 * } catch (error) {
 *   if (error instanceof JournalLineError) console.error(`${error.file}:${error.line}`, error.issues)
 * }
 * ```
 */
export class JournalLineError extends BaseError {
  override name = 'JournalLineError' as const
  /** Path of the file. */
  readonly file: string
  /** 1-based line number in the file. */
  readonly line: number
  /** Every problem found in the line, each naming its field and value. */
  readonly issues: readonly ValidationIssue[]

  constructor(
    { file, line, issues }: { file: string; line: number; issues: readonly ValidationIssue[] },
    parameters: ErrorParameters = {},
  ) {
    const first = issues[0]?.message ?? 'unknown problem'
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(`Invalid journal record at ${file}:${line}: ${first}${more}`, {
      code: ErrorCode.Validation,
      docsPath: 'errors.md#validation',
      metaMessages: issues.length > 1 ? issues.map((issue) => `- ${issue.message}`) : [],
      ...parameters,
    })
    this.file = file
    this.line = line
    this.issues = issues
  }
}

/**
 * Another live process (or another open journal in this process) holds the journal directory's
 * lock: two writers would corrupt each other's files. `holder` describes the lock's owner.
 *
 * @example
 * ```ts
 * import { JournalLockedError, openJournal } from '@tradeblocks/journal'
 *
 * try {
 *   await openJournal({ dir: './journal' })
 * } catch (error) {
 *   if (error instanceof JournalLockedError) console.error('Is another bot running?', error.holder)
 * }
 * ```
 */
export class JournalLockedError extends BaseError {
  override name = 'JournalLockedError' as const
  /** The lock file. */
  readonly lockFile: string
  /** What the lock file says about its owner (pid, host, since when). */
  readonly holder: string

  constructor({ lockFile, holder }: { lockFile: string; holder: string }, parameters: ErrorParameters = {}) {
    super(`The journal is locked by another writer (${holder}).`, {
      code: ErrorCode.Unavailable,
      docsPath: 'errors.md#unavailable',
      metaMessages: [
        `Lock file: ${lockFile}`,
        'Open it read-only ({ readOnly: true }) to read while the writer runs, or stop the other writer.',
        'If you are sure no writer is alive (another host, a reused pid), delete the lock file.',
      ],
      ...parameters,
    })
    this.lockFile = lockFile
    this.holder = holder
  }
}

/**
 * The journal was used after `close()`, or written through a read-only handle.
 *
 * @example
 * ```ts
 * import { JournalClosedError } from '@tradeblocks/journal'
 *
 * await journal.close()
 * await journal.appendAlert(alert).catch((error) => error instanceof JournalClosedError) // true
 * ```
 */
export class JournalClosedError extends BaseError {
  override name = 'JournalClosedError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, { code: ErrorCode.Rejected, docsPath: 'errors.md#rejected', ...parameters })
  }
}

/**
 * Writing or syncing a journal file failed (disk full, permissions, I/O error). The records of the
 * failed batch were not acknowledged; `cause` holds the system error. When the file could not be
 * cut back to its last complete line the journal refuses further writes.
 *
 * @example
 * ```ts
 * import { JournalWriteError } from '@tradeblocks/journal'
 *
 * try {
 *   await journal.appendTrade(trade)
 * } catch (error) {
 *   if (error instanceof JournalWriteError) alertOperator(error.message) // the trade is NOT journaled
 * }
 * ```
 */
export class JournalWriteError extends BaseError {
  override name = 'JournalWriteError' as const
  /** The file being written. */
  readonly file: string

  constructor({ file }: { file: string }, shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, {
      code: ErrorCode.Unavailable,
      docsPath: 'errors.md#unavailable',
      metaMessages: [`File: ${file}`],
      ...parameters,
    })
    this.file = file
  }
}
