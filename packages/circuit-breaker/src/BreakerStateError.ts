import { BaseError, type ErrorCodeValue, type ErrorParameters } from '@tradeblocks/core'

/**
 * The breaker's persisted state could not be read or written: a missing permission, a full disk, a
 * truncated or garbage file. Its `code` is `validation` for unreadable content and `unavailable` for I/O
 * failures. A breaker that meets it at start-up starts halted.
 *
 * @example
 * ```ts
 * import { BreakerStateError, FileBreakerStore } from '@tradeblocks/circuit-breaker'
 *
 * try {
 *   await new FileBreakerStore('/var/lib/bot/breaker.json').load()
 * } catch (error) {
 *   if (error instanceof BreakerStateError) console.error(error.shortMessage, error.path)
 * }
 * ```
 */
export class BreakerStateError extends BaseError {
  override name = 'BreakerStateError' as const
  /** The file or key involved, when there is one. */
  readonly path: string | undefined

  constructor(shortMessage: string, parameters: ErrorParameters & { code: ErrorCodeValue; path?: string }) {
    const { code, path, ...rest } = parameters
    super(shortMessage, { code, docsPath: `errors.md#${code}`, ...rest })
    this.path = path
  }
}
