import { BaseError, ErrorCode, type ErrorParameters } from '@tradeblocks/core'

/**
 * An order was submitted, the submission failed ambiguously (a timeout, a dropped connection, a 5xx), and
 * the broker could not be asked whether it has the order. The order may exist. Do not resubmit: mark it
 * unknown and reconcile it (by `clientOrderId`) once the broker answers again.
 *
 * Its `code` is `timeout` (core's "the outcome is unknown"), and `outcomeUnknown` is true;
 * {@link classifyError} never calls it retryable.
 *
 * @example
 * ```ts
 * import { OrderOutcomeUnknownError, submitOrderSafely } from '@tradeblocks/circuit-breaker'
 *
 * try {
 *   await submitOrderSafely({ broker, request })
 * } catch (error) {
 *   if (error instanceof OrderOutcomeUnknownError) markForReconciliation(error.clientOrderId)
 * }
 * ```
 */
export class OrderOutcomeUnknownError extends BaseError {
  override name = 'OrderOutcomeUnknownError' as const
  /** Always true: the outcome of the submission is unknown. */
  readonly outcomeUnknown = true as const
  /** The client order id to reconcile by. */
  readonly clientOrderId: string

  constructor(clientOrderId: string, parameters: ErrorParameters = {}) {
    super(
      `The outcome of order ${clientOrderId} is unknown: the submission failed ambiguously and the broker could not be asked. Do not resubmit; reconcile by client order id.`,
      { code: ErrorCode.Timeout, docsPath: 'errors.md#timeout', ...parameters },
    )
    this.clientOrderId = clientOrderId
  }
}
