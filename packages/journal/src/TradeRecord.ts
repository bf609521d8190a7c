import { PriceSchema, parse, QuantitySchema, SymbolSchema, TimestampSchema } from '@tradeblocks/core'
import { z } from 'zod'
import { isJsonObject, type JsonValue } from './isJsonValue.js'
import { isTradeRecordFast } from './isTradeRecordFast.js'

/**
 * The version of the {@link TradeRecordSchema} this package writes. Every record carries it, so a
 * future version can migrate old files instead of misreading them.
 *
 * @example
 * ```ts
 * import { TRADE_RECORD_SCHEMA_VERSION } from '@tradeblocks/journal'
 *
 * TRADE_RECORD_SCHEMA_VERSION // 1
 * ```
 */
export const TRADE_RECORD_SCHEMA_VERSION = 1 as const

/**
 * Where a trade happened: `backtest` (simulated on history), `paper` (simulated on live data) or
 * `live` (real money).
 *
 * @example
 * ```ts
 * import { TradeModeSchema } from '@tradeblocks/journal'
 *
 * TradeModeSchema.parse('paper')
 * ```
 */
export const TradeModeSchema = z.enum(['backtest', 'paper', 'live'], {
  error: 'must be "backtest", "paper" or "live"',
})

/**
 * `backtest`, `paper` or `live`; see {@link TradeModeSchema}.
 *
 * @example
 * ```ts
 * import type { TradeMode } from '@tradeblocks/journal'
 *
 * const mode: TradeMode = 'live'
 * ```
 */
export type TradeMode = z.output<typeof TradeModeSchema>

/**
 * The direction of a round-trip trade: `long` (bought, then sold) or `short` (sold, then bought back).
 *
 * @example
 * ```ts
 * import { TradeSideSchema } from '@tradeblocks/journal'
 *
 * TradeSideSchema.parse('short')
 * ```
 */
export const TradeSideSchema = z.enum(['long', 'short'], { error: 'must be "long" or "short"' })

/**
 * `long` or `short`; see {@link TradeSideSchema}.
 *
 * @example
 * ```ts
 * import type { TradeSide } from '@tradeblocks/journal'
 *
 * const direction = (side: TradeSide) => (side === 'long' ? 1 : -1)
 * ```
 */
export type TradeSide = z.output<typeof TradeSideSchema>

/**
 * Why a position was closed:
 * `target` (take-profit hit), `stop` (stop-loss hit), `trailing_stop`, `time` (time stop),
 * `signal` (an exit signal of the strategy), `session_close` (flattened before the close),
 * `manual` (a human closed it), `breaker` (a circuit breaker forced the exit), `other` (say why in `notes`).
 *
 * @example
 * ```ts
 * import { ExitReasonSchema } from '@tradeblocks/journal'
 *
 * ExitReasonSchema.parse('trailing_stop')
 * ```
 */
export const ExitReasonSchema = z.enum(
  ['target', 'stop', 'trailing_stop', 'time', 'signal', 'session_close', 'manual', 'breaker', 'other'],
  {
    error: 'must be one of target, stop, trailing_stop, time, signal, session_close, manual, breaker, other',
  },
)

/**
 * Why a position was closed; see {@link ExitReasonSchema}.
 *
 * @example
 * ```ts
 * import type { ExitReason } from '@tradeblocks/journal'
 *
 * const stoppedOut = (reason: ExitReason) => reason === 'stop' || reason === 'trailing_stop'
 * ```
 */
export type ExitReason = z.output<typeof ExitReasonSchema>

/**
 * A free-form label on a record: 1-64 characters, no `;` (the CSV export joins tags with it) and no line breaks.
 *
 * @example
 * ```ts
 * import { TagSchema } from '@tradeblocks/journal'
 *
 * TagSchema.parse('a-plus-setup')
 * TagSchema.safeParse('a;b').success // false
 * ```
 */
export const TagSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[^;\r\n]+$/, { error: 'must not contain ";" or line breaks' })

/** Money: any finite number (a P&L may be negative). */
const MoneySchema = z.number({ error: 'must be a finite number' })
const FeeSchema = z
  .number({ error: 'must be a finite number' })
  .nonnegative({ error: 'must not be negative' })
const IdSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })
const TextSchema = z.string({ error: 'must be a string' })

/**
 * JSON data attached to a record, e.g. a setup's signal (the bull-flag's pole and flag) or an
 * event's details. Values must survive `JSON.stringify` unchanged: no `undefined`, `NaN`, functions or dates.
 *
 * @example
 * ```ts
 * import { JsonDataSchema } from '@tradeblocks/journal'
 *
 * JsonDataSchema.parse({ poleGainPct: 12.4, flagBars: 6, breakout: true })
 * ```
 */
export const JsonDataSchema = z.custom<{ [key: string]: JsonValue }>(isJsonObject, {
  error: 'must be a plain object of JSON values (strings, finite numbers, booleans, null, arrays, objects)',
})

/**
 * JSON data attached to a record; see {@link JsonDataSchema}.
 *
 * @example
 * ```ts
 * import type { JsonData } from '@tradeblocks/journal'
 *
 * const signal: JsonData = { poleGainPct: 12.4, flagBars: 6 }
 * ```
 */
export type JsonData = z.output<typeof JsonDataSchema>

/** Half a cent, plus room for floating-point noise. */
const CENT_TOLERANCE = 0.005 + 1e-9

const tradeRecordShape = {
  schemaVersion: z.literal(TRADE_RECORD_SCHEMA_VERSION, {
    error: `must be ${TRADE_RECORD_SCHEMA_VERSION} (this version of @tradeblocks/journal reads version ${TRADE_RECORD_SCHEMA_VERSION})`,
  }),
  id: IdSchema,
  strategy: IdSchema,
  mode: TradeModeSchema,
  account: IdSchema,
  symbol: SymbolSchema,
  side: TradeSideSchema,
  qty: QuantitySchema,
  entryTs: TimestampSchema,
  entryPrice: PriceSchema,
  exitTs: TimestampSchema,
  exitPrice: PriceSchema,
  plannedStop: PriceSchema.optional(),
  plannedTarget: PriceSchema.optional(),
  exitReason: ExitReasonSchema,
  grossPnl: MoneySchema,
  netPnl: MoneySchema,
  fees: FeeSchema,
  slippage: MoneySchema,
  rMultiple: z.number({ error: 'must be a finite number' }).optional(),
  holdingMs: z
    .number({ error: 'must be a finite number' })
    .int({ error: 'must be an integer number of milliseconds' })
    .nonnegative({ error: 'must not be negative' }),
  mfe: FeeSchema.optional(),
  mae: FeeSchema.optional(),
  setup: IdSchema.optional(),
  signal: JsonDataSchema.optional(),
  scannerScore: z.number({ error: 'must be a finite number' }).optional(),
  catalyst: TextSchema.optional(),
  entryOrderIds: z.array(IdSchema),
  exitOrderIds: z.array(IdSchema),
  tags: z.array(TagSchema),
  notes: TextSchema.optional(),
}

/**
 * A closed round-trip trade as a trader reviews it: who (strategy, account, mode), what (symbol,
 * side, quantity), when and at what price (entry, exit), the plan (stop, target), the outcome (gross
 * and net P&L, fees, slippage, R multiple, holding time, excursions), why (setup and its signal data,
 * scanner score, catalyst), the orders behind it, and tags and notes.
 *
 * Field conventions:
 * - Times are epoch ms (UTC); `holdingMs` must equal `exitTs - entryTs`.
 * - `entryPrice` and `exitPrice` are average fill prices; `qty` is the (positive) share count.
 * - `grossPnl` is the P&L at the fill prices (slippage is already inside them); `netPnl` is
 *   `grossPnl - fees`, checked to the cent. `slippage` is what slippage cost in money (negative for a
 *   price improvement), for review only.
 * - `rMultiple` is `netPnl` in units of the initial risk `|entryPrice - plannedStop| * qty`.
 * - `mfe` and `mae` (maximum favourable and adverse excursion) are per share, in price units, both `>= 0`.
 *
 * @example
 * ```ts
 * import { TradeRecordSchema } from '@tradeblocks/journal'
 *
 * const record = TradeRecordSchema.parse({
 *   schemaVersion: 1, id: 't-1', strategy: 'bull-flag', mode: 'paper', account: 'paper-1',
 *   symbol: 'ABCD', side: 'long', qty: 100, entryTs: 1767364200000, entryPrice: 10.05,
 *   exitTs: 1767365100000, exitPrice: 10.55, plannedStop: 9.8, plannedTarget: 10.55,
 *   exitReason: 'target', grossPnl: 50, netPnl: 49, fees: 1, slippage: 0.5, rMultiple: 1.96,
 *   holdingMs: 900000, entryOrderIds: ['o-1'], exitOrderIds: ['o-2'], tags: [],
 * })
 * ```
 */
export const TradeRecordSchema = z.object(tradeRecordShape).superRefine((record, ctx) => {
  if (record.exitTs < record.entryTs) {
    ctx.addIssue({
      code: 'custom',
      path: ['exitTs'],
      message: `must not be before entryTs ${record.entryTs}`,
      input: record.exitTs,
    })
  } else if (record.holdingMs !== record.exitTs - record.entryTs) {
    ctx.addIssue({
      code: 'custom',
      path: ['holdingMs'],
      message: `must equal exitTs - entryTs = ${record.exitTs - record.entryTs}`,
      input: record.holdingMs,
    })
  }
  const expectedNet = record.grossPnl - record.fees
  if (Math.abs(record.netPnl - expectedNet) > CENT_TOLERANCE) {
    ctx.addIssue({
      code: 'custom',
      path: ['netPnl'],
      message: `must equal grossPnl - fees = ${Number(expectedNet.toFixed(6))} to the cent`,
      input: record.netPnl,
    })
  }
})

/**
 * A validated trade record; see {@link TradeRecordSchema} for the fields and their conventions.
 *
 * @example
 * ```ts
 * import type { TradeRecord } from '@tradeblocks/journal'
 *
 * const isWinner = (trade: TradeRecord) => trade.netPnl > 0
 * ```
 */
export type TradeRecord = z.output<typeof TradeRecordSchema>

/**
 * What {@link createTradeRecord} and `journal.appendTrade` accept: a {@link TradeRecord} in which the
 * derivable fields may be left out. `schemaVersion` defaults to the current version, `holdingMs` to
 * `exitTs - entryTs`, `slippage` to 0, the order-id lists and `tags` to `[]`, and `rMultiple` is computed
 * from `plannedStop` when there is one.
 *
 * @example
 * ```ts
 * import type { TradeRecordInput } from '@tradeblocks/journal'
 *
 * const input: TradeRecordInput = {
 *   id: 't-2', strategy: 'bull-flag', mode: 'backtest', account: 'bt', symbol: 'WXYZ', side: 'short',
 *   qty: 50, entryTs: 1767364200000, entryPrice: 20, exitTs: 1767364800000, exitPrice: 19.5,
 *   plannedStop: 20.25, exitReason: 'target', grossPnl: 25, netPnl: 24.5, fees: 0.5,
 * }
 * ```
 */
export type TradeRecordInput = Omit<
  TradeRecord,
  'schemaVersion' | 'holdingMs' | 'slippage' | 'entryOrderIds' | 'exitOrderIds' | 'tags'
> &
  Partial<
    Pick<TradeRecord, 'schemaVersion' | 'holdingMs' | 'slippage' | 'entryOrderIds' | 'exitOrderIds' | 'tags'>
  >

/**
 * The R multiple of a trade: net P&L divided by the initial risk `|entryPrice - plannedStop| * qty`.
 * Returns `undefined` when there is no stop or the risk is zero.
 *
 * @example
 * ```ts
 * import { rMultipleOf } from '@tradeblocks/journal'
 *
 * rMultipleOf({ entryPrice: 10, plannedStop: 9.5, qty: 100, netPnl: 100 }) // 2
 * ```
 */
export function rMultipleOf(trade: {
  entryPrice: number
  plannedStop?: number | undefined
  qty: number
  netPnl: number
}): number | undefined {
  if (trade.plannedStop === undefined) return undefined
  const risk = Math.abs(trade.entryPrice - trade.plannedStop) * trade.qty
  if (!(risk > 0) || !Number.isFinite(risk)) return undefined
  const r = Math.round((trade.netPnl / risk) * 10_000) / 10_000
  return Number.isFinite(r) ? r + 0 : undefined
}

function copyArray<T>(value: readonly T[] | undefined): T[] {
  // slice() copies a readonly array into a mutable one.
  return Array.isArray(value) ? value.slice() : value === undefined ? [] : [...value]
}

/**
 * Fills in the derivable fields of a trade (see {@link TradeRecordInput}) and validates the result.
 * This is what `journal.appendTrade` does before writing; call it yourself to check a record early.
 *
 * @throws ValidationError naming every bad field and its value.
 *
 * @example
 * ```ts
 * import { createTradeRecord } from '@tradeblocks/journal'
 *
 * const record = createTradeRecord({
 *   id: 't-3', strategy: 'bull-flag', mode: 'live', account: 'alpaca-1', symbol: 'ABCD', side: 'long',
 *   qty: 100, entryTs: 1767364200000, entryPrice: 10, exitTs: 1767364500000, exitPrice: 9.5,
 *   plannedStop: 9.5, exitReason: 'stop', grossPnl: -50, netPnl: -51, fees: 1,
 * })
 * record.rMultiple // -1.02
 * record.holdingMs // 300000
 * ```
 */
export function createTradeRecord(input: TradeRecordInput): TradeRecord {
  const holdingMs =
    input.holdingMs ??
    (typeof input.exitTs === 'number' && typeof input.entryTs === 'number'
      ? input.exitTs - input.entryTs
      : undefined)
  const rMultiple = input.rMultiple ?? rMultipleOf(input)
  // One literal in a fixed field order: fast to build and to serialize. Unknown fields are dropped,
  // as the schema would; missing optional fields are undefined, which JSON leaves out.
  const candidate = {
    schemaVersion: input.schemaVersion ?? TRADE_RECORD_SCHEMA_VERSION,
    id: input.id,
    strategy: input.strategy,
    mode: input.mode,
    account: input.account,
    symbol: input.symbol,
    side: input.side,
    qty: input.qty,
    entryTs: input.entryTs,
    entryPrice: input.entryPrice,
    exitTs: input.exitTs,
    exitPrice: input.exitPrice,
    plannedStop: input.plannedStop,
    plannedTarget: input.plannedTarget,
    exitReason: input.exitReason,
    grossPnl: input.grossPnl,
    netPnl: input.netPnl,
    fees: input.fees,
    slippage: input.slippage ?? 0,
    rMultiple,
    holdingMs,
    mfe: input.mfe,
    mae: input.mae,
    setup: input.setup,
    signal: input.signal,
    scannerScore: input.scannerScore,
    catalyst: input.catalyst,
    // Copies, so the caller's later changes to its arrays cannot reach the record.
    entryOrderIds: copyArray(input.entryOrderIds),
    exitOrderIds: copyArray(input.exitOrderIds),
    tags: copyArray(input.tags),
    notes: input.notes,
  }
  // The fast check accepts only what the schema accepts unchanged; anything else gets zod's verdict
  // and its messages.
  const record = isTradeRecordFast(candidate)
    ? candidate
    : parse(TradeRecordSchema, candidate, 'trade record')
  // JSON has no negative zero: store 0 so the record equals what is read back.
  for (const key of NUMERIC_FIELDS) {
    if (Object.is(record[key], -0)) (record as Record<string, unknown>)[key] = 0
  }
  return record
}

const NUMERIC_FIELDS = [
  'qty',
  'entryPrice',
  'exitPrice',
  'plannedStop',
  'plannedTarget',
  'grossPnl',
  'netPnl',
  'fees',
  'slippage',
  'rMultiple',
  'mfe',
  'mae',
  'scannerScore',
] as const satisfies readonly (keyof TradeRecord)[]
