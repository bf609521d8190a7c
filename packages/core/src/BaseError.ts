/**
 * The error codes every tradeblocks package and adapter maps its failures onto.
 *
 * Adapters translate vendor errors (HTTP statuses, SDK exceptions) into one of these,
 * so callers can branch on `error.code` without knowing the vendor.
 *
 * @example
 * ```ts
 * import { ErrorCode, isBaseError } from '@tradeblocks/core'
 *
 * try {
 *   await broker.submitOrder(request)
 * } catch (error) {
 *   if (isBaseError(error) && error.code === ErrorCode.RateLimited) {
 *     // back off and retry later
 *   }
 * }
 * ```
 */
export const ErrorCode = {
  /** Input failed validation (a schema, a parameter, a config). */
  Validation: 'validation',
  /** An order status change that the state machine does not allow. */
  IllegalTransition: 'illegal_transition',
  /** The vendor throttled us (HTTP 429 and friends). */
  RateLimited: 'rate_limited',
  /** Missing, wrong or expired credentials (HTTP 401/403). */
  Auth: 'auth',
  /** The broker or venue refused a request (HTTP 422, order rejected). */
  Rejected: 'rejected',
  /** The request may not have reached the other side: connection refused/reset, DNS, TLS. */
  Network: 'network',
  /** The call took longer than allowed; its outcome is unknown. */
  Timeout: 'timeout',
  /** The vendor answered with a server error (HTTP 5xx); the outcome may be unknown. */
  Unavailable: 'unavailable',
  /** The requested object (order, symbol, position) does not exist. */
  NotFound: 'not_found',
  /** Not enough cash or buying power for the request. */
  InsufficientFunds: 'insufficient_funds',
  /** Trading is halted (circuit breaker, kill switch, venue halt). */
  Halted: 'halted',
  /** An invariant of our own code was broken: a bug, please report it. */
  Internal: 'internal',
} as const

/**
 * One of the {@link ErrorCode} values.
 *
 * @example
 * ```ts
 * import type { ErrorCodeValue } from '@tradeblocks/core'
 *
 * const retryable: ErrorCodeValue[] = ['rate_limited', 'network', 'timeout', 'unavailable']
 * ```
 */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]

/**
 * Parameters of the {@link BaseError} constructor.
 *
 * @example
 * ```ts
 * import { BaseError, type BaseErrorParameters } from '@tradeblocks/core'
 *
 * const params: BaseErrorParameters = { code: 'not_found', details: 'GET /v2/orders/abc returned 404' }
 * throw new BaseError('Order abc was not found.', params)
 * ```
 */
export interface BaseErrorParameters {
  /** The machine-readable code. */
  code: ErrorCodeValue
  /** Extra detail for humans (a vendor message, a response body excerpt). */
  details?: string
  /** Path of the page in the docs that explains this error, e.g. `errors#validation`. */
  docsPath?: string
  /** Further lines printed under the short message. */
  metaMessages?: string[]
  /** The error that caused this one. */
  cause?: unknown
}

/**
 * The base class of every error tradeblocks throws.
 *
 * Carries a string `code` (see {@link ErrorCode}), a one-line `shortMessage`, optional
 * `details`, a `docsPath` and the original `cause`. The full `message` joins them, so a
 * log line alone tells what happened and where to read more.
 *
 * @example
 * ```ts
 * import { BaseError } from '@tradeblocks/core'
 *
 * const error = new BaseError('Broker refused the order.', { code: 'rejected', details: 'insufficient qty' })
 * error.code // 'rejected'
 * error.shortMessage // 'Broker refused the order.'
 * ```
 */
export class BaseError extends Error {
  /** The machine-readable code. */
  readonly code: ErrorCodeValue
  /** The one-line summary, without details. */
  readonly shortMessage: string
  /** Extra detail for humans, if any. */
  readonly details: string | undefined
  /** Docs page that explains this error, if any. */
  readonly docsPath: string | undefined
  /** Further lines printed under the short message. */
  readonly metaMessages: readonly string[]
  override name = 'BaseError'

  constructor(shortMessage: string, parameters: BaseErrorParameters) {
    const { code, details, docsPath, metaMessages = [], cause } = parameters
    const lines = [shortMessage]
    if (metaMessages.length > 0) lines.push('', ...metaMessages)
    if (details !== undefined) lines.push('', `Details: ${details}`)
    if (docsPath !== undefined)
      lines.push(`Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/${docsPath}`)
    super(lines.join('\n'), cause === undefined ? undefined : { cause })
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
    this.docsPath = docsPath
    this.metaMessages = metaMessages
  }

  /**
   * Walks the `cause` chain and returns the first error for which `predicate` is true.
   *
   * @example
   * ```ts
   * const network = error.walk((e) => e instanceof BaseError && e.code === 'network')
   * ```
   */
  walk(predicate: (error: unknown) => boolean): unknown {
    let current: unknown = this
    const seen = new Set<unknown>()
    while (current !== undefined && current !== null && !seen.has(current)) {
      if (predicate(current)) return current
      seen.add(current)
      current = (current as { cause?: unknown }).cause
    }
    return undefined
  }
}

/**
 * True when `value` is a {@link BaseError}, including one thrown by another copy of
 * this package (it compares the shape, not the prototype).
 *
 * @example
 * ```ts
 * import { isBaseError } from '@tradeblocks/core'
 *
 * if (isBaseError(error) && error.code === 'auth') console.error('check your API keys')
 * ```
 */
export function isBaseError(value: unknown): value is BaseError {
  if (value instanceof BaseError) return true
  if (!(value instanceof Error)) return false
  const candidate = value as Partial<BaseError>
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.shortMessage === 'string' &&
    (Object.values(ErrorCode) as string[]).includes(candidate.code)
  )
}
