import { BaseError, ErrorCode } from './BaseError.js'

/**
 * Parameters shared by the specific error classes.
 *
 * @example
 * ```ts
 * import { NetworkError, type ErrorParameters } from '@tradeblocks/core'
 *
 * const params: ErrorParameters = { details: 'ECONNRESET', cause: new Error('socket hang up') }
 * throw new NetworkError('Connection to the broker was reset.', params)
 * ```
 */
export interface ErrorParameters {
  /** Extra detail for humans. */
  details?: string
  /** The error that caused this one. */
  cause?: unknown
  /** Further lines printed under the short message. */
  metaMessages?: string[]
}

/**
 * One problem found while validating input: which field, what is wrong, and the value seen.
 *
 * @example
 * ```ts
 * import type { ValidationIssue } from '@tradeblocks/core'
 *
 * const issue: ValidationIssue = { path: 'high', message: 'high 9.5 is below low 10', value: 9.5 }
 * ```
 */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `bracket.stopLoss.stopPrice`; empty for the value itself. */
  path: string
  /** What is wrong, naming the field and the value. */
  message: string
  /** The value that failed, when there is one. */
  value?: unknown
}

/**
 * Input failed validation. `issues` lists every problem found, each naming its field.
 *
 * @example
 * ```ts
 * import { ValidationError } from '@tradeblocks/core'
 *
 * throw new ValidationError('bar', [{ path: 'close', message: 'close must be a finite number (got NaN)', value: Number.NaN }])
 * ```
 */
export class ValidationError extends BaseError {
  override name = 'ValidationError' as const
  /** What was being validated, e.g. `bar` or `order request`. */
  readonly subject: string
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[]

  constructor(subject: string, issues: readonly ValidationIssue[], parameters: ErrorParameters = {}) {
    const first = issues[0]?.message ?? 'unknown problem'
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(`Invalid ${subject}: ${first}${more}`, {
      code: ErrorCode.Validation,
      docsPath: 'errors.md#validation',
      metaMessages: issues.length > 1 ? issues.map((issue) => `- ${issue.message}`) : [],
      ...parameters,
    })
    this.subject = subject
    this.issues = issues
  }
}

/**
 * An order status change that the order state machine does not allow.
 *
 * @example
 * ```ts
 * import { IllegalTransitionError } from '@tradeblocks/core'
 *
 * throw new IllegalTransitionError({ from: 'filled', to: 'canceled', orderId: 'o-1' })
 * ```
 */
export class IllegalTransitionError extends BaseError {
  override name = 'IllegalTransitionError' as const
  /** Status the order was in. */
  readonly from: string
  /** Status it was asked to move to. */
  readonly to: string
  /** The order, when known. */
  readonly orderId: string | undefined

  constructor(
    { from, to, orderId }: { from: string; to: string; orderId?: string },
    parameters: ErrorParameters = {},
  ) {
    const who = orderId === undefined ? 'order' : `order ${orderId}`
    super(`Illegal transition of ${who} from "${from}" to "${to}".`, {
      code: ErrorCode.IllegalTransition,
      docsPath: 'errors.md#illegal_transition',
      ...parameters,
    })
    this.from = from
    this.to = to
    this.orderId = orderId
  }
}

/**
 * The vendor throttled the request. `retryAfterMs` holds the wait it asked for, if any.
 *
 * @example
 * ```ts
 * import { RateLimitedError } from '@tradeblocks/core'
 *
 * throw new RateLimitedError('Alpaca rate limit hit.', { retryAfterMs: 2_000 })
 * ```
 */
export class RateLimitedError extends BaseError {
  override name = 'RateLimitedError' as const
  /** How long the vendor asked us to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined

  constructor(shortMessage: string, parameters: ErrorParameters & { retryAfterMs?: number } = {}) {
    const { retryAfterMs, ...rest } = parameters
    super(shortMessage, { code: ErrorCode.RateLimited, docsPath: 'errors.md#rate_limited', ...rest })
    this.retryAfterMs = retryAfterMs
  }
}

/**
 * Credentials are missing, wrong or expired.
 *
 * @example
 * ```ts
 * import { AuthError } from '@tradeblocks/core'
 *
 * throw new AuthError('The API key was rejected.', { details: 'HTTP 401' })
 * ```
 */
export class AuthError extends BaseError {
  override name = 'AuthError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, { code: ErrorCode.Auth, docsPath: 'errors.md#auth', ...parameters })
  }
}

/**
 * The broker or venue refused a request. `reason` is the vendor's reason when it gave one.
 *
 * @example
 * ```ts
 * import { RejectedError } from '@tradeblocks/core'
 *
 * throw new RejectedError('Order rejected by the broker.', { reason: 'qty must be > 0' })
 * ```
 */
export class RejectedError extends BaseError {
  override name = 'RejectedError' as const
  /** The vendor's reason, if it gave one. */
  readonly reason: string | undefined
  constructor(shortMessage: string, parameters: ErrorParameters & { reason?: string } = {}) {
    const { reason, ...rest } = parameters
    super(shortMessage, {
      code: ErrorCode.Rejected,
      docsPath: 'errors.md#rejected',
      ...(reason === undefined ? {} : { details: reason }),
      ...rest,
    })
    this.reason = reason
  }
}

/**
 * The request may not have reached the other side (connection refused or reset, DNS, TLS).
 *
 * @example
 * ```ts
 * import { NetworkError } from '@tradeblocks/core'
 *
 * throw new NetworkError('Could not reach the broker.', { cause: new Error('ECONNREFUSED') })
 * ```
 */
export class NetworkError extends BaseError {
  override name = 'NetworkError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, { code: ErrorCode.Network, docsPath: 'errors.md#network', ...parameters })
  }
}

/**
 * The call did not finish in time; whether it took effect is unknown.
 *
 * @example
 * ```ts
 * import { TimeoutError } from '@tradeblocks/core'
 *
 * throw new TimeoutError('Order submission timed out after 10000 ms.', { timeoutMs: 10_000 })
 * ```
 */
export class TimeoutError extends BaseError {
  override name = 'TimeoutError' as const
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number | undefined
  constructor(shortMessage: string, parameters: ErrorParameters & { timeoutMs?: number } = {}) {
    const { timeoutMs, ...rest } = parameters
    super(shortMessage, { code: ErrorCode.Timeout, docsPath: 'errors.md#timeout', ...rest })
    this.timeoutMs = timeoutMs
  }
}

/**
 * The vendor answered with a server error (HTTP 5xx); the outcome may be unknown.
 *
 * @example
 * ```ts
 * import { UnavailableError } from '@tradeblocks/core'
 *
 * throw new UnavailableError('Broker returned 503.', { status: 503 })
 * ```
 */
export class UnavailableError extends BaseError {
  override name = 'UnavailableError' as const
  /** The HTTP status, when there was one. */
  readonly status: number | undefined
  constructor(shortMessage: string, parameters: ErrorParameters & { status?: number } = {}) {
    const { status, ...rest } = parameters
    super(shortMessage, { code: ErrorCode.Unavailable, docsPath: 'errors.md#unavailable', ...rest })
    this.status = status
  }
}

/**
 * The requested object (order, symbol, position) does not exist.
 *
 * @example
 * ```ts
 * import { NotFoundError } from '@tradeblocks/core'
 *
 * throw new NotFoundError('Order o-42 was not found.')
 * ```
 */
export class NotFoundError extends BaseError {
  override name = 'NotFoundError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, { code: ErrorCode.NotFound, docsPath: 'errors.md#not_found', ...parameters })
  }
}

/**
 * Not enough cash or buying power for the request.
 *
 * @example
 * ```ts
 * import { InsufficientFundsError } from '@tradeblocks/core'
 *
 * throw new InsufficientFundsError('Buying power 1200.00 is below the order value 1534.50.')
 * ```
 */
export class InsufficientFundsError extends BaseError {
  override name = 'InsufficientFundsError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, {
      code: ErrorCode.InsufficientFunds,
      docsPath: 'errors.md#insufficient_funds',
      ...parameters,
    })
  }
}

/**
 * Trading is halted: a circuit breaker tripped, the kill switch is latched, or the venue halted the symbol.
 *
 * @example
 * ```ts
 * import { HaltedError } from '@tradeblocks/core'
 *
 * throw new HaltedError('Daily loss limit reached; no new entries until the next session.')
 * ```
 */
export class HaltedError extends BaseError {
  override name = 'HaltedError' as const
  constructor(shortMessage: string, parameters: ErrorParameters = {}) {
    super(shortMessage, { code: ErrorCode.Halted, docsPath: 'errors.md#halted', ...parameters })
  }
}
