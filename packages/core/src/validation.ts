import type { z } from 'zod'
import { ValidationError, type ValidationIssue } from './errors.js'

/**
 * The result of {@link safeParse}: the parsed value, or a {@link ValidationError} naming every bad field.
 *
 * @example
 * ```ts
 * import { BarSchema, safeParse, type SafeParseResult, type Bar } from '@tradeblocks/core'
 *
 * const result: SafeParseResult<Bar> = safeParse(BarSchema, input, 'bar')
 * if (!result.success) console.error(result.error.message)
 * ```
 */
export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: ValidationError }

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/**
 * Formats a value for an error message: numbers as written (`NaN`, `-Infinity`), strings quoted,
 * objects as short JSON.
 *
 * @example
 * ```ts
 * import { formatValue } from '@tradeblocks/core'
 *
 * formatValue(Number.NaN) // 'NaN'
 * formatValue('aapl') // '"aapl"'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value)
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  try {
    const json = JSON.stringify(value)
    return json.length > 60 ? `${json.slice(0, 57)}...` : json
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/**
 * Turns zod issues into {@link ValidationIssue}s whose messages name the field and the value,
 * e.g. `close must be a finite number (got NaN)`.
 *
 * @example
 * ```ts
 * import { BarSchema, toValidationIssues } from '@tradeblocks/core'
 *
 * const result = BarSchema.safeParse(input)
 * if (!result.success) console.log(toValidationIssues(result.error.issues, input, 'bar'))
 * ```
 */
export function toValidationIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  subject: string,
): ValidationIssue[] {
  return issues.flatMap((issue) => {
    // A discriminated union reports the branch's own issues nested; surface those.
    if (issue.code === 'invalid_union' && issue.errors.length === 1 && issue.errors[0]) {
      return toValidationIssues(
        issue.errors[0].map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
        input,
        subject,
      )
    }
    const path = issue.path.map(String).join('.')
    const field = path === '' ? subject : path
    const value = valueAt(input, issue.path)
    const missing = value === undefined && issue.code === 'invalid_type'
    const message = missing
      ? `${field} is required`
      : value === undefined
        ? `${field} ${issue.message}`
        : `${field} ${issue.message} (got ${formatValue(value)})`
    return [{ path, message, ...(missing ? {} : { value }) }]
  })
}

/**
 * Validates `input` with a zod schema and returns the parsed value, or throws a
 * {@link ValidationError} whose message names each bad field and its value.
 *
 * Use at every boundary: data from a vendor, a CSV file, a config, a user's call.
 *
 * @param schema - The zod schema.
 * @param input - The untrusted value.
 * @param subject - What is being validated, for the message (`bar`, `order request`).
 * @throws ValidationError when the input does not match.
 *
 * @example
 * ```ts
 * import { BarSchema, parse } from '@tradeblocks/core'
 *
 * const bar = parse(BarSchema, { symbol: 'AAPL', timeframe: '1m', ts: 1767277800000,
 *   open: 10, high: 10.5, low: 9.9, close: 10.2, volume: 1200 }, 'bar')
 * ```
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = safeParse(schema, input, subject)
  if (result.success) return result.data
  throw result.error
}

/**
 * Like {@link parse} but returns a result object instead of throwing.
 *
 * @example
 * ```ts
 * import { QuoteSchema, safeParse } from '@tradeblocks/core'
 *
 * const result = safeParse(QuoteSchema, message, 'quote')
 * if (result.success) handle(result.data)
 * else log.warn(result.error.shortMessage)
 * ```
 */
export function safeParse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
): SafeParseResult<z.output<S>> {
  const result = schema.safeParse(input)
  if (result.success) return { success: true, data: result.data }
  return {
    success: false,
    error: new ValidationError(subject, toValidationIssues(result.error.issues, input, subject), {
      cause: result.error,
    }),
  }
}
