import {
  type Broker,
  ClientOrderIdSchema,
  type Clock,
  ErrorCode,
  isBaseError,
  type Order,
  type OrderRequest,
  parse,
  SystemClock,
  TimeoutError,
} from '@tradeblocks/core'
import { z } from 'zod'
import { ApiPolicy } from './ApiPolicy.js'
import { classifyError } from './classifyError.js'
import { OrderOutcomeUnknownError } from './OrderOutcomeUnknownError.js'

const Millis = z
  .number({ error: 'must be a finite number' })
  .int({ error: 'must be whole milliseconds' })
  .min(0, { error: 'must not be negative' })

const OptionsSchema = z.object({
  clientOrderId: ClientOrderIdSchema,
  submitTimeoutMs: Millis.min(1, { error: 'must be at least 1 ms' }).default(10_000),
  settleMs: Millis.default(1_000),
  maxSubmissions: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(5, { error: 'must be at most 5' })
    .default(2),
  maxRetryAfterMs: Millis.default(60_000),
  lookup: z
    .object({
      maxRetries: z.number().int().min(0).max(20).default(4),
      initialDelayMs: Millis.min(1).default(250),
      maxDelayMs: Millis.min(1).default(5_000),
      timeoutMs: Millis.min(1).default(5_000),
    })
    .default({ maxRetries: 4, initialDelayMs: 250, maxDelayMs: 5_000, timeoutMs: 5_000 }),
})

/**
 * What {@link submitOrderSafely} needs of a broker: submit, and look an order up by client order id.
 * Core's `Broker` port fits.
 *
 * @example
 * ```ts
 * import type { OrderSubmitter } from '@tradeblocks/circuit-breaker'
 *
 * const submitter: OrderSubmitter = broker // any core Broker
 * ```
 */
export type OrderSubmitter = Pick<Broker, 'submitOrder' | 'getOrderByClientId'>

/**
 * One step of {@link submitOrderSafely}, for logs and metrics.
 *
 * @example
 * ```ts
 * import type { SubmitOrderEvent } from '@tradeblocks/circuit-breaker'
 *
 * const log = (e: SubmitOrderEvent) => console.log(new Date(e.ts).toISOString(), e.type)
 * ```
 */
export type SubmitOrderEvent =
  | { type: 'submit'; submission: number; ts: number }
  | { type: 'submit_failed'; submission: number; error: unknown; ambiguous: boolean; ts: number }
  | { type: 'wait'; ms: number; why: string; ts: number }
  | { type: 'lookup'; ts: number }
  | { type: 'found'; order: Order; ts: number }
  | { type: 'not_found'; ts: number }

/**
 * Parameters of {@link submitOrderSafely}.
 *
 * @example
 * ```ts
 * import type { SubmitOrderSafelyParameters } from '@tradeblocks/circuit-breaker'
 *
 * const params: SubmitOrderSafelyParameters = {
 *   broker,
 *   request: { type: 'market', symbol: 'ABCD', side: 'buy', qty: 100, timeInForce: 'day', extendedHours: false, clientOrderId: 'bot-ABCD-0001' },
 *   submitTimeoutMs: 8_000,
 * }
 * ```
 */
export interface SubmitOrderSafelyParameters {
  /** The broker (core's `Broker` fits). */
  broker: OrderSubmitter
  /** The order; `clientOrderId` is required and is reused for every submission. */
  request: OrderRequest & { clientOrderId: string }
  /** Stop waiting for a submission after this long (its outcome is then unknown): default 10 s. */
  submitTimeoutMs?: number
  /** Wait this long after an ambiguous failure before the lookup, so a slow submission can land: default 1 s. */
  settleMs?: number
  /** Submissions in total, the first included; a resubmission happens only after the broker confirms it has no such order. Default 2. */
  maxSubmissions?: number
  /** A 429 asking for a longer wait than this is not waited out: the order is looked up and the error thrown. Default 60 s. */
  maxRetryAfterMs?: number
  /** Retries of the lookup (the only call that is retried blindly: it is a read). */
  lookup?: { maxRetries?: number; initialDelayMs?: number; maxDelayMs?: number; timeoutMs?: number }
  /** The source of waits; default the system clock. */
  clock?: Clock
  /** Called at each step. */
  onEvent?: (event: SubmitOrderEvent) => void
}

/**
 * The result of {@link submitOrderSafely}.
 *
 * @example
 * ```ts
 * import type { SubmitOrderSafelyReturnType } from '@tradeblocks/circuit-breaker'
 *
 * const summary = (r: SubmitOrderSafelyReturnType) => `${r.order.id} ${r.outcome} after ${r.submissions} POST(s)`
 * ```
 */
export interface SubmitOrderSafelyReturnType {
  /** The broker's order (check its status: a broker may have recorded it as rejected). */
  order: Order
  /**
   * `submitted`: the first submission answered; `recovered`: a submission failed ambiguously but the order
   * was found by its client order id; `resubmitted`: the broker confirmed it had no such order and a later
   * submission answered.
   */
  outcome: 'submitted' | 'recovered' | 'resubmitted'
  /** How many times the order was sent. */
  submissions: number
  /** How many lookups by client order id were made. */
  lookups: number
}

interface Submission {
  order: Order | undefined
}

function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(
      () =>
        reject(
          new TimeoutError(`${what} did not answer within ${ms} ms; its outcome is unknown.`, {
            timeoutMs: ms,
          }),
        ),
      ms,
    )
    promise.then(
      (value) => {
        clock.clearTimer(timer)
        resolve(value)
      },
      (error: unknown) => {
        clock.clearTimer(timer)
        reject(error)
      },
    )
  })
}

/**
 * Submits an order without ever resubmitting it blindly. When a submission fails ambiguously (a timeout,
 * a dropped connection, a 5xx, a 429, an error nobody knows), it waits for the order to settle, looks it
 * up by its client order id (retrying only that lookup), and returns the order if the broker has it. It
 * resubmits, with the same client order id, only when the broker confirms it has no such order, and at
 * most `maxSubmissions` times in all. A definitive refusal (`rejected`, `insufficient_funds`, `validation`,
 * `auth`, ...) is thrown at once. When the broker cannot even be asked, it throws
 * {@link OrderOutcomeUnknownError}: do not resubmit, reconcile.
 *
 * This is the Alpaca model (its SDK never retries an order POST; reconcile by client order id). Brokers
 * that refuse a duplicate client order id make a late-landing first submission safe too: the duplicate is
 * refused, and the refusal is followed by another lookup that finds the first.
 *
 * @throws the submission's error when the broker confirms it has no such order and no resubmission is due;
 * {@link OrderOutcomeUnknownError} when the lookup itself keeps failing.
 *
 * @example
 * ```ts
 * import { submitOrderSafely } from '@tradeblocks/circuit-breaker'
 *
 * const { order, outcome, submissions } = await submitOrderSafely({
 *   broker,
 *   request: { type: 'limit', symbol: 'ABCD', side: 'buy', qty: 100, limitPrice: 10.61,
 *     timeInForce: 'day', extendedHours: false, clientOrderId: 'bot-ABCD-20260105-0001' },
 * })
 * console.log(order.status, outcome, submissions) // 'accepted' 'recovered' 1 after a timed-out POST that landed
 * ```
 */
export async function submitOrderSafely(
  parameters: SubmitOrderSafelyParameters,
): Promise<SubmitOrderSafelyReturnType> {
  const { broker, request, clock = new SystemClock(), onEvent } = parameters
  const o = parse(
    OptionsSchema,
    {
      clientOrderId: request.clientOrderId,
      ...(parameters.submitTimeoutMs === undefined ? {} : { submitTimeoutMs: parameters.submitTimeoutMs }),
      ...(parameters.settleMs === undefined ? {} : { settleMs: parameters.settleMs }),
      ...(parameters.maxSubmissions === undefined ? {} : { maxSubmissions: parameters.maxSubmissions }),
      ...(parameters.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: parameters.maxRetryAfterMs }),
      ...(parameters.lookup === undefined ? {} : { lookup: parameters.lookup }),
    },
    'order submission',
  )
  const id = o.clientOrderId
  const emit = (event: SubmitOrderEvent) => onEvent?.(event)
  const lookupPolicy = new ApiPolicy({
    retry: {
      maxRetries: o.lookup.maxRetries,
      initialDelayMs: Math.max(1, o.lookup.initialDelayMs),
      maxDelayMs: Math.max(1, o.lookup.maxDelayMs),
      maxRetryAfterMs: o.maxRetryAfterMs,
      jitter: 'full',
    },
    timeoutMs: Math.max(1, o.lookup.timeoutMs),
    breaker: false,
  })
  const lookup = async (): Promise<Order | undefined> => {
    try {
      return await lookupPolicy.execute(`lookup ${id}`, () => broker.getOrderByClientId(id))
    } catch (error) {
      // A broker that throws NotFoundError instead of answering undefined means the same thing.
      if (isBaseError(error) && error.code === ErrorCode.NotFound) return undefined
      throw error
    }
  }

  const submissions: Submission[] = []
  let lookups = 0
  for (;;) {
    const submission: Submission = { order: undefined }
    submissions.push(submission)
    const attempt = submissions.length
    emit({ type: 'submit', submission: attempt, ts: clock.now() })
    const pending = Promise.resolve().then(() => broker.submitOrder(request))
    pending.then(
      (order) => {
        submission.order = order
      },
      () => undefined,
    )
    let failure: unknown
    try {
      const order = await withTimeout(
        pending,
        o.submitTimeoutMs,
        clock,
        `Submission ${attempt} of order ${id}`,
      )
      return { order, outcome: attempt === 1 ? 'submitted' : 'resubmitted', submissions: attempt, lookups }
    } catch (error) {
      failure = error
    }

    const c = classifyError(failure)
    emit({
      type: 'submit_failed',
      submission: attempt,
      error: failure,
      ambiguous: c.ambiguous,
      ts: clock.now(),
    })
    // A definitive refusal of the first submission: nothing was placed. (A refusal of a later one may be
    // the broker refusing a duplicate of an earlier submission that did land, so it is looked up.)
    if (attempt === 1 && !c.ambiguous && !c.retryable) throw failure

    const patient = c.retryAfterMs !== undefined && c.retryAfterMs <= o.maxRetryAfterMs
    const waitMs = patient ? Math.max(c.retryAfterMs ?? 0, o.settleMs) : o.settleMs
    if (waitMs > 0) {
      emit({
        type: 'wait',
        ms: waitMs,
        why: patient ? 'the broker asked us to wait (Retry-After)' : 'letting the submission settle',
        ts: clock.now(),
      })
      await clock.sleep(waitMs)
    }

    // An earlier submission that was given up on may have answered meanwhile.
    const landed = submissions.find((s) => s.order !== undefined)?.order
    if (landed !== undefined) {
      emit({ type: 'found', order: landed, ts: clock.now() })
      return { order: landed, outcome: 'recovered', submissions: attempt, lookups }
    }

    lookups++
    emit({ type: 'lookup', ts: clock.now() })
    let found: Order | undefined
    try {
      found = await lookup()
    } catch (lookupError) {
      throw new OrderOutcomeUnknownError(id, {
        cause: lookupError,
        details: `Submission ${attempt} failed (${failure instanceof Error ? failure.message.split('\n')[0] : String(failure)}); the lookup failed too (${lookupError instanceof Error ? lookupError.message.split('\n')[0] : String(lookupError)}).`,
      })
    }
    if (found !== undefined) {
      emit({ type: 'found', order: found, ts: clock.now() })
      return { order: found, outcome: 'recovered', submissions: attempt, lookups }
    }
    emit({ type: 'not_found', ts: clock.now() })
    // The broker confirms it has no such order. Resubmit only a failure worth retrying, within the budget.
    const worthRetrying = c.retryable && (c.retryAfterMs === undefined || patient)
    if (!worthRetrying || attempt >= o.maxSubmissions) throw failure
  }
}
