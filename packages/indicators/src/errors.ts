/**
 * The error codes this package uses. They mirror the `validation` code of `ErrorCode` in
 * `@tradeblocks/core`, so a caller that branches on `error.code` treats both the same way; this
 * package repeats the value instead of importing core because it has no runtime dependencies.
 *
 * @example
 * ```ts
 * import { IndicatorErrorCode, SMA } from '@tradeblocks/indicators'
 *
 * try {
 *   new SMA({ period: 0 })
 * } catch (error) {
 *   if ((error as { code?: string }).code === IndicatorErrorCode.Validation) console.error('bad period')
 * }
 * ```
 */
export const IndicatorErrorCode = {
  /** A parameter or an input value failed validation (core's `ErrorCode.Validation`). */
  Validation: 'validation',
} as const

/**
 * One of the {@link IndicatorErrorCode} values.
 *
 * @example
 * ```ts
 * import type { IndicatorErrorCodeValue } from '@tradeblocks/indicators'
 *
 * const code: IndicatorErrorCodeValue = 'validation'
 * ```
 */
export type IndicatorErrorCodeValue = (typeof IndicatorErrorCode)[keyof typeof IndicatorErrorCode]

/**
 * The base class of every error this package throws. It has the shape of core's `BaseError`
 * (`code`, `shortMessage`, `details`), so `isBaseError` from `@tradeblocks/core` accepts it.
 *
 * @example
 * ```ts
 * import { IndicatorError, RSI } from '@tradeblocks/indicators'
 *
 * try {
 *   new RSI({ period: -3 })
 * } catch (error) {
 *   if (error instanceof IndicatorError) console.error(error.code, error.shortMessage)
 * }
 * ```
 */
export class IndicatorError extends Error {
  /** The machine-readable code; always `validation` for now. */
  readonly code: IndicatorErrorCodeValue
  /** The one-line summary. */
  readonly shortMessage: string
  /** Extra detail for humans, if any. */
  readonly details: string | undefined
  override name = 'IndicatorError'

  constructor(shortMessage: string, details?: string) {
    super(details === undefined ? shortMessage : `${shortMessage}\n\nDetails: ${details}`)
    this.code = IndicatorErrorCode.Validation
    this.shortMessage = shortMessage
    this.details = details
  }
}

/**
 * A constructor option or batch option is invalid: a period that is not a positive integer, a
 * multiplier that is not finite, a fast period not below the slow one. Thrown by constructors and
 * batch functions before any work is done. `parameter` names the option.
 *
 * @example
 * ```ts
 * import { EMA, InvalidParameterError } from '@tradeblocks/indicators'
 *
 * try {
 *   new EMA({ period: 2.5 })
 * } catch (error) {
 *   if (error instanceof InvalidParameterError) error.parameter // 'period'
 * }
 * ```
 */
export class InvalidParameterError extends IndicatorError {
  override name = 'InvalidParameterError' as const
  /** The option that is wrong, e.g. `period` or `slowPeriod`. */
  readonly parameter: string
  /** The value that was given. */
  readonly value: unknown

  constructor(parameter: string, value: unknown, expected: string) {
    super(`Invalid parameter ${parameter}: expected ${expected}, got ${formatValue(value)}.`)
    this.parameter = parameter
    this.value = value
  }
}

/**
 * An input value is NaN or ±Infinity (or, for volume, negative). A batch function throws it with
 * the `index` of the first bad element and the column `field`; a streaming `update` or `replace`
 * throws it with `index` set to the number of updates accepted so far, and leaves the indicator's
 * state untouched, so the caller may catch it, skip the bad tick and carry on.
 *
 * @example
 * ```ts
 * import { InvalidInputError, sma } from '@tradeblocks/indicators'
 *
 * try {
 *   sma([1, 2, Number.NaN, 4], { period: 2 })
 * } catch (error) {
 *   if (error instanceof InvalidInputError) error.index // 2
 * }
 * ```
 */
export class InvalidInputError extends IndicatorError {
  override name = 'InvalidInputError' as const
  /** The input field that is wrong: `value` for a plain series, or `high`, `low`, `close`, `volume`, `ts`. */
  readonly field: string
  /** Index of the bad element (batch) or count of accepted updates before it (streaming). */
  readonly index: number
  /** The value that was given. */
  readonly value: unknown

  constructor(field: string, index: number, value: unknown, expected = 'a finite number') {
    super(`Invalid input ${field} at index ${index}: expected ${expected}, got ${formatValue(value)}.`)
    this.field = field
    this.index = index
    this.value = value
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0'
    return String(value)
  }
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
