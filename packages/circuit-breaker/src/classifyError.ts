import { ErrorCode, type ErrorCodeValue, isBaseError } from '@tradeblocks/core'

/**
 * The core error codes worth retrying for an idempotent call: the vendor throttled us (`rate_limited`),
 * or the call may not have gone through (`network`, `timeout`, `unavailable`).
 *
 * @example
 * ```ts
 * import { RETRYABLE_ERROR_CODES } from '@tradeblocks/circuit-breaker'
 *
 * RETRYABLE_ERROR_CODES.includes('timeout') // true
 * ```
 */
export const RETRYABLE_ERROR_CODES: readonly ErrorCodeValue[] = [
  ErrorCode.RateLimited,
  ErrorCode.Network,
  ErrorCode.Timeout,
  ErrorCode.Unavailable,
]

/**
 * The core error codes that mean the call did not and will not succeed as sent: retrying it changes
 * nothing (`validation`, `auth`, `rejected`, `not_found`, `insufficient_funds`, `halted`,
 * `illegal_transition`, and `internal` for our own bugs).
 *
 * @example
 * ```ts
 * import { DEFINITIVE_ERROR_CODES } from '@tradeblocks/circuit-breaker'
 *
 * DEFINITIVE_ERROR_CODES.includes('insufficient_funds') // true
 * ```
 */
export const DEFINITIVE_ERROR_CODES: readonly ErrorCodeValue[] = [
  ErrorCode.Validation,
  ErrorCode.Auth,
  ErrorCode.Rejected,
  ErrorCode.NotFound,
  ErrorCode.InsufficientFunds,
  ErrorCode.Halted,
  ErrorCode.IllegalTransition,
  ErrorCode.Internal,
]

/**
 * What {@link classifyError} says about an error.
 *
 * @example
 * ```ts
 * import type { ErrorClassification } from '@tradeblocks/circuit-breaker'
 *
 * const retryLater = (c: ErrorClassification) => c.retryable && c.retryAfterMs !== undefined
 * ```
 */
export interface ErrorClassification {
  /** The core code, or `undefined` for an error that is not a tradeblocks `BaseError`. */
  code: ErrorCodeValue | undefined
  /** Worth retrying an idempotent call (a read, a cancel by id). */
  retryable: boolean
  /**
   * The request may have taken effect even though it failed: a timeout, a dropped connection, a 5xx, or
   * an error we do not know. A non-idempotent call (an order POST) must be looked up before any retry.
   */
  ambiguous: boolean
  /** How long the vendor asked us to wait, when it said. */
  retryAfterMs: number | undefined
}

/**
 * Classifies an error by its core code: retryable (`rate_limited`, `network`, `timeout`, `unavailable`)
 * or not (`validation`, `auth`, `rejected`, `not_found`, `insufficient_funds`, `halted`,
 * `illegal_transition`, `internal`), and whether its outcome is ambiguous for a non-idempotent call.
 * Errors that are not tradeblocks errors are not retryable but are ambiguous: nobody knows what happened.
 * An {@link OrderOutcomeUnknownError} is never retryable.
 *
 * @example
 * ```ts
 * import { RateLimitedError } from '@tradeblocks/core'
 * import { classifyError } from '@tradeblocks/circuit-breaker'
 *
 * classifyError(new RateLimitedError('slow down', { retryAfterMs: 2_000 }))
 * // { code: 'rate_limited', retryable: true, ambiguous: false, retryAfterMs: 2000 }
 * ```
 */
export function classifyError(error: unknown): ErrorClassification {
  if (!isBaseError(error))
    return { code: undefined, retryable: false, ambiguous: true, retryAfterMs: undefined }
  const code = error.code
  const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs
  const retryAfterMs =
    typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined
  if ((error as { outcomeUnknown?: unknown }).outcomeUnknown === true) {
    return { code, retryable: false, ambiguous: true, retryAfterMs }
  }
  const retryable = RETRYABLE_ERROR_CODES.includes(code)
  const ambiguous = code === ErrorCode.Network || code === ErrorCode.Timeout || code === ErrorCode.Unavailable
  return { code, retryable, ambiguous, retryAfterMs }
}

/**
 * True when {@link classifyError} says the error is worth retrying for an idempotent call.
 *
 * @example
 * ```ts
 * import { NetworkError, RejectedError } from '@tradeblocks/core'
 * import { isRetryableError } from '@tradeblocks/circuit-breaker'
 *
 * isRetryableError(new NetworkError('ECONNRESET')) // true
 * isRetryableError(new RejectedError('qty must be > 0')) // false
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  return classifyError(error).retryable
}
