import {
  ErrorCode,
  isBaseError,
  parse,
  TimeoutError,
  TypedEmitter,
  UnavailableError,
} from '@tradeblocks/core'
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  IsolatedCircuitError,
  noJitterGenerator,
  type RetryPolicy,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
} from 'cockatiel'
import { z } from 'zod'
import { classifyError } from './classifyError.js'

const Millis = z
  .number({ error: 'must be a finite number' })
  .int({ error: 'must be whole milliseconds' })
  .min(1, { error: 'must be at least 1 ms' })

/**
 * The zod schema of {@link ApiPolicyOptions}; {@link ApiPolicy} validates its options with it.
 *
 * @example
 * ```ts
 * import { ApiPolicyOptionsSchema } from '@tradeblocks/circuit-breaker'
 *
 * ApiPolicyOptionsSchema.parse({ timeoutMs: 5_000 }).retry // the default retry settings
 * ```
 */
export const ApiPolicyOptionsSchema = z.object({
  retry: z
    .union([
      z.literal(false),
      z.object({
        maxRetries: z
          .number({ error: 'must be a finite number' })
          .int({ error: 'must be a whole number' })
          .min(0, { error: 'must not be negative' })
          .max(20, { error: 'must be at most 20' })
          .default(3),
        initialDelayMs: Millis.default(200),
        maxDelayMs: Millis.default(10_000),
        maxRetryAfterMs: Millis.default(60_000),
        jitter: z.enum(['decorrelated', 'full', 'none']).default('decorrelated'),
      }),
    ])
    .default({
      maxRetries: 3,
      initialDelayMs: 200,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
      jitter: 'decorrelated',
    }),
  timeoutMs: z.union([z.literal(false), Millis]).default(10_000),
  totalTimeoutMs: Millis.optional(),
  breaker: z
    .union([
      z.literal(false),
      z.object({
        consecutiveFailures: z
          .number({ error: 'must be a finite number' })
          .int({ error: 'must be a whole number' })
          .min(1, { error: 'must be at least 1' })
          .default(5),
        halfOpenAfterMs: Millis.default(30_000),
      }),
    ])
    .default({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 }),
})

/**
 * Options of {@link ApiPolicy}, validated. Defaults: 3 retries with exponential backoff from 200 ms to
 * 10 s with decorrelated jitter, honouring `Retry-After` up to 60 s; a 10 s timeout per attempt; a circuit
 * per endpoint that opens after 5 consecutive failures and tries again after 30 s.
 *
 * @example
 * ```ts
 * import type { ApiPolicyOptions } from '@tradeblocks/circuit-breaker'
 *
 * const options: ApiPolicyOptions = {
 *   retry: { maxRetries: 4, initialDelayMs: 250, maxDelayMs: 8_000 },
 *   timeoutMs: 5_000,
 *   totalTimeoutMs: 30_000,
 *   breaker: { consecutiveFailures: 5, halfOpenAfterMs: 20_000 },
 * }
 * ```
 */
export type ApiPolicyOptions = z.input<typeof ApiPolicyOptionsSchema>

/**
 * The state of one endpoint's circuit: `closed` (calls flow), `open` (calls fail fast), `half_open`
 * (one trial call is in flight), `isolated` (held open by hand).
 *
 * @example
 * ```ts
 * import type { CircuitStateName } from '@tradeblocks/circuit-breaker'
 *
 * const healthy = (s: CircuitStateName) => s === 'closed'
 * ```
 */
export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated'

/**
 * The events of an {@link ApiPolicy}: every retry with its delay and cause, each give-up, each attempt
 * that timed out, and each circuit change, all with the endpoint.
 *
 * @example
 * ```ts
 * import type { ApiPolicyEvents } from '@tradeblocks/circuit-breaker'
 *
 * const names: (keyof ApiPolicyEvents)[] = ['retry', 'giveUp', 'timeout', 'circuit']
 * ```
 */
export interface ApiPolicyEvents {
  [event: string]: unknown[]
  retry: [event: { endpoint: string; attempt: number; delayMs: number; error: unknown }]
  giveUp: [event: { endpoint: string; error: unknown }]
  timeout: [event: { endpoint: string; timeoutMs: number }]
  circuit: [event: { endpoint: string; state: CircuitStateName }]
}

/**
 * Options of one {@link ApiPolicy.execute} call.
 *
 * @example
 * ```ts
 * import type { ExecuteOptions } from '@tradeblocks/circuit-breaker'
 *
 * const once: ExecuteOptions = { idempotent: false } // a POST: timeout and circuit, never a retry
 * ```
 */
export interface ExecuteOptions {
  /** Cancels the call and any retry wait. */
  signal?: AbortSignal
  /** False for calls that must not be repeated (an order POST): no retry. Default true. */
  idempotent?: boolean
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
}

/** Errors that say the remote side is unwell: they count toward opening the circuit. */
function isServerFailure(error: unknown): boolean {
  return (
    isBaseError(error) &&
    (error.code === ErrorCode.Network ||
      error.code === ErrorCode.Timeout ||
      error.code === ErrorCode.Unavailable)
  )
}

/** Wraps a backoff so a wait is never shorter than the vendor's `Retry-After`. */
class RetryAfterBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  readonly duration: number
  readonly #inner: IBackoff<unknown>

  constructor(inner: IBackoff<unknown>, context: IRetryBackoffContext<unknown>) {
    this.#inner = inner
    const error = 'error' in context.result ? context.result.error : undefined
    const retryAfterMs = classifyError(error).retryAfterMs ?? 0
    this.duration = Math.max(inner.duration, retryAfterMs)
  }

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    return new RetryAfterBackoff(this.#inner.next(context), context)
  }
}

class RetryAfterBackoffFactory implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  readonly #inner: IBackoffFactory<unknown>
  constructor(inner: IBackoffFactory<unknown>) {
    this.#inner = inner
  }
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    return new RetryAfterBackoff(this.#inner.next(context), context)
  }
}

interface Endpoint {
  retry: RetryPolicy | undefined
  breaker: CircuitBreakerPolicy | undefined
}

/**
 * Resilience for calls to brokers and data vendors, built on cockatiel: retries with exponential backoff
 * and jitter that honour `Retry-After`, a timeout per attempt (and optionally overall), and a circuit
 * breaker per endpoint. Errors are classified by their core code (see {@link classifyError}): only
 * `rate_limited`, `network`, `timeout` and `unavailable` are retried; only server failures (not 4xx
 * answers) count toward opening a circuit. A call to an open circuit fails fast with an `UnavailableError`.
 *
 * Use it for idempotent calls (reads, cancels by id). For order submission use
 * {@link submitOrderSafely}, which never resubmits blindly; `execute(..., { idempotent: false })` runs a
 * call once with the timeout and the circuit but no retry.
 *
 * Waits run on the process's timers (cockatiel's), not on a tradeblocks `Clock`: these policies guard
 * real network calls.
 *
 * @example
 * ```ts
 * import { ApiPolicy, requestJson } from '@tradeblocks/circuit-breaker'
 *
 * const policy = new ApiPolicy({ timeoutMs: 5_000 })
 * policy.on('retry', (e) => console.warn(`${e.endpoint}: retry ${e.attempt} in ${e.delayMs} ms`))
 * const account = await policy.execute('GET /v2/account', (signal) =>
 *   requestJson({ url: 'https://paper-api.alpaca.markets/v2/account', headers, signal }),
 * )
 * ```
 */
export class ApiPolicy extends TypedEmitter<ApiPolicyEvents> {
  readonly #options: z.output<typeof ApiPolicyOptionsSchema>
  readonly #endpoints = new Map<string, Endpoint>()

  constructor(options: ApiPolicyOptions = {}) {
    super()
    this.#options = parse(ApiPolicyOptionsSchema, options, 'API policy options')
  }

  /**
   * Runs `fn` under the policy for `endpoint` (a label such as `GET /v2/orders`; each label has its own
   * circuit). `fn` receives an `AbortSignal` that fires on timeout; pass it to `fetch`.
   *
   * @throws the last error when retries are exhausted or the error is not retryable; core's
   * `TimeoutError` when an attempt (or the total budget) runs out; `UnavailableError` when the circuit is open.
   *
   * @example
   * ```ts
   * const orders = await policy.execute('GET /v2/orders', (signal) => requestJson({ url, signal }))
   * ```
   */
  async execute<T>(
    endpoint: string,
    fn: (signal: AbortSignal) => Promise<T>,
    options: ExecuteOptions = {},
  ): Promise<T> {
    parse(z.string().min(1, { error: 'must not be empty' }), endpoint, 'endpoint')
    const { retry: retryPolicy, breaker } = this.#endpoint(endpoint)
    const attempt = (signal: AbortSignal): Promise<T> =>
      breaker === undefined
        ? this.#attempt(endpoint, fn, signal)
        : breaker.execute(({ signal: inner }) => this.#attempt(endpoint, fn, inner), signal)
    const run = (signal: AbortSignal): Promise<T> =>
      options.idempotent === false || retryPolicy === undefined
        ? attempt(signal)
        : retryPolicy.execute(({ signal: inner }) => attempt(inner), signal)
    const outer = options.signal ?? new AbortController().signal
    try {
      const total = this.#options.totalTimeoutMs
      if (total === undefined) return await run(outer)
      try {
        return await timeout(total, TimeoutStrategy.Aggressive).execute(
          (_context, signal) => run(signal),
          outer,
        )
      } catch (error) {
        if (error instanceof TaskCancelledError && !outer.aborted) {
          throw new TimeoutError(`${endpoint} gave up after the total budget of ${total} ms.`, {
            timeoutMs: total,
            cause: error,
          })
        }
        throw error
      }
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        throw new UnavailableError(
          `The circuit for ${endpoint} is open: failing fast instead of calling it.`,
          {
            details:
              'Too many consecutive failures; the next trial call is allowed after the half-open delay.',
            cause: error,
          },
        )
      }
      if (error instanceof TaskCancelledError && outer.aborted) throw outer.reason
      throw error
    }
  }

  /**
   * The state of an endpoint's circuit (`closed` for an endpoint never called).
   *
   * @example
   * ```ts
   * if (policy.circuitState('POST /v2/orders') === 'open') console.warn('broker unhealthy')
   * ```
   */
  circuitState(endpoint: string): CircuitStateName {
    const breaker = this.#endpoints.get(endpoint)?.breaker
    return breaker === undefined ? 'closed' : STATE_NAMES[breaker.state]
  }

  /** One attempt with the per-attempt timeout, its cancellation mapped to core's `TimeoutError`. */
  async #attempt<T>(
    endpoint: string,
    fn: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const timeoutMs = this.#options.timeoutMs
    if (timeoutMs === false) return fn(signal)
    try {
      return await timeout(timeoutMs, TimeoutStrategy.Aggressive).execute(
        (_context, inner) => fn(inner),
        signal,
      )
    } catch (error) {
      if (error instanceof TaskCancelledError && !signal.aborted) {
        this.emit('timeout', { endpoint, timeoutMs })
        throw new TimeoutError(`${endpoint} did not answer within ${timeoutMs} ms.`, {
          timeoutMs,
          cause: error,
        })
      }
      throw error
    }
  }

  #endpoint(endpoint: string): Endpoint {
    const existing = this.#endpoints.get(endpoint)
    if (existing !== undefined) return existing
    const o = this.#options
    let retryPolicy: RetryPolicy | undefined
    if (o.retry !== false) {
      const r = o.retry
      const timing = { initialDelay: r.initialDelayMs, maxDelay: r.maxDelayMs }
      const backoff: IBackoffFactory<unknown> =
        r.jitter === 'decorrelated'
          ? new ExponentialBackoff({ ...timing, generator: decorrelatedJitterGenerator })
          : new ExponentialBackoff({
              ...timing,
              generator: r.jitter === 'full' ? fullJitterGenerator : noJitterGenerator,
            })
      retryPolicy = retry(
        handleWhen((error) => {
          const c = classifyError(error)
          // A vendor that asks for a longer wait than we accept: give up now rather than hang.
          return c.retryable && !(c.retryAfterMs !== undefined && c.retryAfterMs > r.maxRetryAfterMs)
        }),
        { maxAttempts: r.maxRetries, backoff: new RetryAfterBackoffFactory(backoff) },
      )
      retryPolicy.onRetry((event) =>
        this.emit('retry', {
          endpoint,
          attempt: event.attempt,
          delayMs: event.delay,
          error: 'error' in event ? event.error : undefined,
        }),
      )
      retryPolicy.onGiveUp((event) =>
        this.emit('giveUp', { endpoint, error: 'error' in event ? event.error : undefined }),
      )
    }
    let breaker: CircuitBreakerPolicy | undefined
    if (o.breaker !== false) {
      breaker = circuitBreaker(handleWhen(isServerFailure), {
        halfOpenAfter: o.breaker.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(o.breaker.consecutiveFailures),
      })
      const policy = breaker
      policy.onStateChange((state) => this.emit('circuit', { endpoint, state: STATE_NAMES[state] }))
    }
    const created = { retry: retryPolicy, breaker }
    this.#endpoints.set(endpoint, created)
    return created
  }
}
