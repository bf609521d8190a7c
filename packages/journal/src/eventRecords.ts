import {
  FillSchema,
  OrderSchema,
  OrderUpdateEventSchema,
  SymbolSchema,
  TimestampSchema,
} from '@tradeblocks/core'
import { z } from 'zod'
import { JsonDataSchema, TagSchema, TradeModeSchema } from './TradeRecord.js'

/**
 * The version of the event record schemas (order events, breaker events, alerts) this package writes.
 *
 * @example
 * ```ts
 * import { EVENT_RECORD_SCHEMA_VERSION } from '@tradeblocks/journal'
 *
 * EVENT_RECORD_SCHEMA_VERSION // 1
 * ```
 */
export const EVENT_RECORD_SCHEMA_VERSION = 1 as const

const IdSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })

/** Fields every event record shares: version, time, and who it belongs to. */
const eventContext = {
  schemaVersion: z.literal(EVENT_RECORD_SCHEMA_VERSION, {
    error: `must be ${EVENT_RECORD_SCHEMA_VERSION}`,
  }),
  ts: TimestampSchema,
  strategy: IdSchema.optional(),
  account: IdSchema.optional(),
  mode: TradeModeSchema.optional(),
  tags: z.array(TagSchema).optional(),
  details: JsonDataSchema.optional(),
}

/**
 * What an order event records: every event of a broker's update stream (`new`, `accepted`,
 * `partial_fill`, `fill`, `pending_cancel`, `canceled`, `pending_replace`, `replaced`, `rejected`,
 * `expired`) plus what our side did: `submitted`, `submit_failed`, `cancel_requested`,
 * `replace_requested`, `reconciled`.
 *
 * @example
 * ```ts
 * import { OrderEventKindSchema } from '@tradeblocks/journal'
 *
 * OrderEventKindSchema.parse('submit_failed')
 * ```
 */
export const OrderEventKindSchema = z.enum(
  [
    ...OrderUpdateEventSchema.options,
    'submitted',
    'submit_failed',
    'cancel_requested',
    'replace_requested',
    'reconciled',
  ],
  {
    error:
      'must be a broker order event or one of submitted, submit_failed, cancel_requested, replace_requested, reconciled',
  },
)

/**
 * One line of the order-event stream. Pass a core `OrderUpdate` plus the symbol and context:
 * `{ ...update, symbol: update.order.symbol, strategy, mode }`. `order` and `fill`, when present, are
 * validated with core's schemas; `order.symbol` must equal `symbol`.
 *
 * @example
 * ```ts
 * import { OrderEventRecordSchema } from '@tradeblocks/journal'
 *
 * OrderEventRecordSchema.parse({
 *   schemaVersion: 1, ts: 1767364200000, event: 'submit_failed', symbol: 'ABCD',
 *   clientOrderId: 'bot-ABCD-1', reason: 'HTTP 503', strategy: 'bull-flag', mode: 'live',
 * })
 * ```
 */
export const OrderEventRecordSchema = z
  .object({
    ...eventContext,
    event: OrderEventKindSchema,
    symbol: SymbolSchema,
    clientOrderId: IdSchema.optional(),
    orderId: IdSchema.optional(),
    order: OrderSchema.optional(),
    fill: FillSchema.optional(),
    reason: z.string().optional(),
  })
  .superRefine((record, ctx) => {
    if (record.order !== undefined && record.order.symbol !== record.symbol) {
      ctx.addIssue({
        code: 'custom',
        path: ['order', 'symbol'],
        message: `must equal symbol ${record.symbol}`,
        input: record.order.symbol,
      })
    }
    if (record.fill !== undefined && record.fill.symbol !== record.symbol) {
      ctx.addIssue({
        code: 'custom',
        path: ['fill', 'symbol'],
        message: `must equal symbol ${record.symbol}`,
        input: record.fill.symbol,
      })
    }
  })

/**
 * A validated order event; see {@link OrderEventRecordSchema}.
 *
 * @example
 * ```ts
 * import type { OrderEventRecord } from '@tradeblocks/journal'
 *
 * const isFill = (e: OrderEventRecord) => e.event === 'fill' || e.event === 'partial_fill'
 * ```
 */
export type OrderEventRecord = z.output<typeof OrderEventRecordSchema>

/**
 * What `journal.appendOrderEvent` accepts: an {@link OrderEventRecord} whose `schemaVersion` may be left out.
 *
 * @example
 * ```ts
 * import type { OrderEventRecordInput } from '@tradeblocks/journal'
 *
 * const event: OrderEventRecordInput = { ts: 1767364200000, event: 'submitted', symbol: 'ABCD', clientOrderId: 'c-1' }
 * ```
 */
export type OrderEventRecordInput = Omit<OrderEventRecord, 'schemaVersion'> & { schemaVersion?: 1 }

/**
 * What a circuit-breaker event records: `tripped` (trading halted by a rule), `reset` (the halt
 * lifted), `warning` (a rule is close to its limit).
 *
 * @example
 * ```ts
 * import { BreakerEventKindSchema } from '@tradeblocks/journal'
 *
 * BreakerEventKindSchema.parse('tripped')
 * ```
 */
export const BreakerEventKindSchema = z.enum(['tripped', 'reset', 'warning'], {
  error: 'must be "tripped", "reset" or "warning"',
})

/**
 * One line of the circuit-breaker stream: which breaker (`daily_loss`, `losing_streak`, `kill_switch`...),
 * what happened, and why.
 *
 * @example
 * ```ts
 * import { BreakerEventRecordSchema } from '@tradeblocks/journal'
 *
 * BreakerEventRecordSchema.parse({
 *   schemaVersion: 1, ts: 1767380400000, breaker: 'daily_loss', event: 'tripped',
 *   reason: 'Daily loss 512.40 reached the limit 500.00', details: { loss: 512.4, limit: 500 },
 * })
 * ```
 */
export const BreakerEventRecordSchema = z.object({
  ...eventContext,
  breaker: IdSchema,
  event: BreakerEventKindSchema,
  reason: z.string({ error: 'must be a string' }),
  symbol: SymbolSchema.optional(),
})

/**
 * A validated breaker event; see {@link BreakerEventRecordSchema}.
 *
 * @example
 * ```ts
 * import type { BreakerEventRecord } from '@tradeblocks/journal'
 *
 * const halted = (e: BreakerEventRecord) => e.event === 'tripped'
 * ```
 */
export type BreakerEventRecord = z.output<typeof BreakerEventRecordSchema>

/**
 * What `journal.appendBreakerEvent` accepts: a {@link BreakerEventRecord} whose `schemaVersion` may be left out.
 *
 * @example
 * ```ts
 * import type { BreakerEventRecordInput } from '@tradeblocks/journal'
 *
 * const event: BreakerEventRecordInput = { ts: 1767380400000, breaker: 'kill_switch', event: 'tripped', reason: 'manual' }
 * ```
 */
export type BreakerEventRecordInput = Omit<BreakerEventRecord, 'schemaVersion'> & { schemaVersion?: 1 }

/**
 * How urgent an alert is: `info`, `warning` or `critical`.
 *
 * @example
 * ```ts
 * import { AlertSeveritySchema } from '@tradeblocks/journal'
 *
 * AlertSeveritySchema.parse('warning')
 * ```
 */
export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical'], {
  error: 'must be "info", "warning" or "critical"',
})

/**
 * `info`, `warning` or `critical`; see {@link AlertSeveritySchema}.
 *
 * @example
 * ```ts
 * import type { AlertSeverity } from '@tradeblocks/journal'
 *
 * const page = (s: AlertSeverity) => s === 'critical'
 * ```
 */
export type AlertSeverity = z.output<typeof AlertSeveritySchema>

/**
 * One line of the alert stream: a machine-readable `kind` (`win_rate_below`, `drawdown_exceeded`...),
 * a severity, a message for humans, the `source` that raised it and optional details.
 *
 * @example
 * ```ts
 * import { AlertRecordSchema } from '@tradeblocks/journal'
 *
 * AlertRecordSchema.parse({
 *   schemaVersion: 1, ts: 1767380400000, kind: 'drawdown_exceeded', severity: 'critical',
 *   message: 'Drawdown 5.3% exceeds 5.0%', source: 'performance', details: { drawdown: 0.053 },
 * })
 * ```
 */
export const AlertRecordSchema = z.object({
  ...eventContext,
  kind: IdSchema,
  severity: AlertSeveritySchema,
  message: z.string({ error: 'must be a string' }),
  source: IdSchema.optional(),
  symbol: SymbolSchema.optional(),
})

/**
 * A validated alert; see {@link AlertRecordSchema}.
 *
 * @example
 * ```ts
 * import type { AlertRecord } from '@tradeblocks/journal'
 *
 * const line = (a: AlertRecord) => `[${a.severity}] ${a.message}`
 * ```
 */
export type AlertRecord = z.output<typeof AlertRecordSchema>

/**
 * What `journal.appendAlert` accepts: an {@link AlertRecord} whose `schemaVersion` may be left out.
 *
 * @example
 * ```ts
 * import type { AlertRecordInput } from '@tradeblocks/journal'
 *
 * const alert: AlertRecordInput = { ts: 1767380400000, kind: 'note', severity: 'info', message: 'Session started' }
 * ```
 */
export type AlertRecordInput = Omit<AlertRecord, 'schemaVersion'> & { schemaVersion?: 1 }
