/**
 * A value that survives `JSON.stringify` and `JSON.parse` unchanged.
 *
 * @example
 * ```ts
 * import type { JsonValue } from '@tradeblocks/journal'
 *
 * const levels: JsonValue = { support: [9.8, 9.65], note: null }
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

const MAX_DEPTH = 64

function check(v: unknown, depth: number): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (depth > MAX_DEPTH || typeof v !== 'object') return false
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!check(v[i], depth + 1)) return false
    return true
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key of Object.keys(v)) {
    if (!check((v as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}

/**
 * True when `value` is JSON: finite numbers, strings, booleans, null, arrays and plain objects,
 * nested at most 64 deep. `undefined`, `NaN`, `Infinity`, dates, maps and class instances are not.
 *
 * @example
 * ```ts
 * import { isJsonValue } from '@tradeblocks/journal'
 *
 * isJsonValue({ flagBars: 6, levels: [9.8, 10.2] }) // true
 * isJsonValue({ at: new Date() }) // false
 * isJsonValue(Number.NaN) // false
 * ```
 */
export function isJsonValue(value: unknown): value is JsonValue {
  return check(value, 0)
}

/** True when `value` is a plain object of JSON values. */
export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && check(value, 0)
}
