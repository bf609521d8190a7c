import { isSymbol } from '@tradeblocks/core'
import { isJsonObject } from './isJsonValue.js'
import type { TradeRecord } from './TradeRecord.js'

// A hand-written check that mirrors TradeRecordSchema for values produced by JSON.parse.
//
// Reading a journal validates every line; zod needs ~5-8 µs per trade record, which is most of the
// time budget for a million records. This check runs in well under a microsecond. It is
// conservative: when it answers true, TradeRecordSchema accepts the value and returns an equal
// object (a property test pins this); when it answers false the reader falls back to zod, which
// either accepts the value after all or produces the error message naming the field and the value.
// Keep it in step with TradeRecordSchema.

const KEYS = new Set([
  'schemaVersion',
  'id',
  'strategy',
  'mode',
  'account',
  'symbol',
  'side',
  'qty',
  'entryTs',
  'entryPrice',
  'exitTs',
  'exitPrice',
  'plannedStop',
  'plannedTarget',
  'exitReason',
  'grossPnl',
  'netPnl',
  'fees',
  'slippage',
  'rMultiple',
  'holdingMs',
  'mfe',
  'mae',
  'setup',
  'signal',
  'scannerScore',
  'catalyst',
  'entryOrderIds',
  'exitOrderIds',
  'tags',
  'notes',
])
const MODES = new Set(['backtest', 'paper', 'live'])
const SIDES = new Set(['long', 'short'])
const EXIT_REASONS = new Set([
  'target',
  'stop',
  'trailing_stop',
  'time',
  'signal',
  'session_close',
  'manual',
  'breaker',
  'other',
])
const TAG_PATTERN = /^[^;\r\n]+$/
const CENT_TOLERANCE = 0.005 + 1e-9

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isPositive = (v: unknown): boolean => isFiniteNumber(v) && v > 0
const isNonNegative = (v: unknown): boolean => isFiniteNumber(v) && v >= 0
const isTimestamp = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 256
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v)

function isIdArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false
  for (const item of v) if (!isId(item)) return false
  return true
}

function isTagArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false
  for (const item of v) {
    if (typeof item !== 'string' || item.length < 1 || item.length > 64 || !TAG_PATTERN.test(item))
      return false
  }
  return true
}

/** True only when `value` (from JSON.parse) is certainly a valid {@link TradeRecord}. */
export function isTradeRecordFast(value: unknown): value is TradeRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  if (Object.getPrototypeOf(value) !== Object.prototype) return false
  const v = value as Record<string, unknown>
  for (const key of Object.keys(v)) if (!KEYS.has(key)) return false
  if (
    v.schemaVersion !== 1 ||
    !isId(v.id) ||
    !isId(v.strategy) ||
    !MODES.has(v.mode as string) ||
    !isId(v.account) ||
    !isSymbol(v.symbol) ||
    !SIDES.has(v.side as string) ||
    !isPositive(v.qty) ||
    !isTimestamp(v.entryTs) ||
    !isPositive(v.entryPrice) ||
    !isTimestamp(v.exitTs) ||
    !isPositive(v.exitPrice) ||
    !optional(v.plannedStop, isPositive) ||
    !optional(v.plannedTarget, isPositive) ||
    !EXIT_REASONS.has(v.exitReason as string) ||
    !isFiniteNumber(v.grossPnl) ||
    !isFiniteNumber(v.netPnl) ||
    !isNonNegative(v.fees) ||
    !isFiniteNumber(v.slippage) ||
    !optional(v.rMultiple, isFiniteNumber) ||
    !isTimestamp(v.holdingMs) ||
    !optional(v.mfe, isNonNegative) ||
    !optional(v.mae, isNonNegative) ||
    !optional(v.setup, isId) ||
    !optional(v.signal, isJsonObject) ||
    !optional(v.scannerScore, isFiniteNumber) ||
    !optional(v.catalyst, (s) => typeof s === 'string') ||
    !isIdArray(v.entryOrderIds) ||
    !isIdArray(v.exitOrderIds) ||
    !isTagArray(v.tags) ||
    !optional(v.notes, (s) => typeof s === 'string')
  ) {
    return false
  }
  const entryTs = v.entryTs as number
  const exitTs = v.exitTs as number
  if (exitTs < entryTs || v.holdingMs !== exitTs - entryTs) return false
  const expectedNet = (v.grossPnl as number) - (v.fees as number)
  return Math.abs((v.netPnl as number) - expectedNet) <= CENT_TOLERANCE
}
