import { z } from 'zod'
import { ClientOrderIdSchema, OrderTypeSchema, TimeInForceSchema } from './orderRequest.js'
import {
  NonNegativeNumberSchema,
  OrderSideSchema,
  PriceSchema,
  QuantitySchema,
  SymbolSchema,
  TimestampSchema,
} from './primitives.js'

/**
 * Every status an order can be in. `new` means sent but not yet acknowledged by the broker;
 * `filled`, `canceled`, `rejected`, `expired` and `replaced` are terminal.
 *
 * @example
 * ```ts
 * import { OrderStatusSchema } from '@tradeblocks/core'
 *
 * OrderStatusSchema.parse('partially_filled')
 * ```
 */
export const OrderStatusSchema = z.enum([
  'new',
  'accepted',
  'partially_filled',
  'filled',
  'pending_cancel',
  'pending_replace',
  'canceled',
  'rejected',
  'expired',
  'replaced',
])

/**
 * An order status; see {@link OrderStatusSchema} and {@link canTransition}.
 *
 * @example
 * ```ts
 * import type { OrderStatus } from '@tradeblocks/core'
 *
 * const status: OrderStatus = 'accepted'
 * ```
 */
export type OrderStatus = z.output<typeof OrderStatusSchema>

/**
 * How an order relates to others: `simple`, `bracket` (entry + take-profit + stop-loss),
 * `oto` (entry + one exit), `oco` (two exits, one cancels the other).
 *
 * @example
 * ```ts
 * import { OrderClassSchema } from '@tradeblocks/core'
 *
 * OrderClassSchema.parse('bracket')
 * ```
 */
export const OrderClassSchema = z.enum(['simple', 'bracket', 'oto', 'oco'])

/**
 * An order as the broker (or the order manager) knows it: the request, its status and its fills so far.
 *
 * @example
 * ```ts
 * import { OrderSchema } from '@tradeblocks/core'
 *
 * const order = OrderSchema.parse({
 *   id: 'b0b6dd9d', clientOrderId: 'bot-AAPL-1', symbol: 'AAPL', side: 'buy', type: 'market',
 *   orderClass: 'simple', qty: 10, filledQty: 0, timeInForce: 'day', extendedHours: false,
 *   status: 'accepted', createdAt: 1767364200000, updatedAt: 1767364200000,
 * })
 * ```
 */
export const OrderSchema = z.object({
  id: z.string().min(1, { error: 'must not be empty' }),
  clientOrderId: ClientOrderIdSchema,
  symbol: SymbolSchema,
  side: OrderSideSchema,
  type: OrderTypeSchema,
  orderClass: OrderClassSchema,
  qty: QuantitySchema.optional(),
  notional: PriceSchema.optional(),
  filledQty: NonNegativeNumberSchema,
  avgFillPrice: PriceSchema.optional(),
  limitPrice: PriceSchema.optional(),
  stopPrice: PriceSchema.optional(),
  trailPercent: z.number().positive().optional(),
  trailPrice: PriceSchema.optional(),
  timeInForce: TimeInForceSchema,
  extendedHours: z.boolean(),
  status: OrderStatusSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  filledAt: TimestampSchema.optional(),
  canceledAt: TimestampSchema.optional(),
  parentId: z.string().optional(),
  legIds: z.array(z.string()).optional(),
  replacesId: z.string().optional(),
  replacedById: z.string().optional(),
  rejectReason: z.string().optional(),
})

/**
 * An order and its state; see {@link OrderSchema}.
 *
 * @example
 * ```ts
 * import type { Order } from '@tradeblocks/core'
 *
 * const remaining = (o: Order) => (o.qty ?? 0) - o.filledQty
 * ```
 */
export type Order = z.output<typeof OrderSchema>

/**
 * One execution of (part of) an order. `commission` is what the broker charged for it.
 *
 * @example
 * ```ts
 * import { FillSchema } from '@tradeblocks/core'
 *
 * FillSchema.parse({ id: 'f1', orderId: 'o1', clientOrderId: 'bot-1', symbol: 'AAPL', side: 'buy',
 *   qty: 50, price: 190.12, ts: 1767364201000, commission: 0 })
 * ```
 */
export const FillSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  clientOrderId: ClientOrderIdSchema,
  symbol: SymbolSchema,
  side: OrderSideSchema,
  qty: QuantitySchema,
  price: PriceSchema,
  ts: TimestampSchema,
  commission: NonNegativeNumberSchema,
  liquidity: z.enum(['maker', 'taker']).optional(),
})

/**
 * A fill; see {@link FillSchema}.
 *
 * @example
 * ```ts
 * import type { Fill } from '@tradeblocks/core'
 *
 * const value = (f: Fill) => f.qty * f.price
 * ```
 */
export type Fill = z.output<typeof FillSchema>

/**
 * What happened to an order, as a broker reports it on its update stream.
 *
 * @example
 * ```ts
 * import { OrderUpdateEventSchema } from '@tradeblocks/core'
 *
 * OrderUpdateEventSchema.parse('partial_fill')
 * ```
 */
export const OrderUpdateEventSchema = z.enum([
  'new',
  'accepted',
  'partial_fill',
  'fill',
  'pending_cancel',
  'canceled',
  'pending_replace',
  'replaced',
  'rejected',
  'expired',
])

/**
 * An update on a broker's order stream: the event, the order after it, and the fill for fill events.
 *
 * @example
 * ```ts
 * import type { OrderUpdate } from '@tradeblocks/core'
 *
 * function onUpdate(update: OrderUpdate) {
 *   if (update.event === 'fill') console.log(`${update.order.symbol} filled at ${update.fill?.price}`)
 * }
 * ```
 */
export interface OrderUpdate {
  /** What happened. */
  event: z.output<typeof OrderUpdateEventSchema>
  /** The order after the event. */
  order: Order
  /** The execution, for `fill` and `partial_fill`. */
  fill?: Fill
  /** When it happened, epoch ms. */
  ts: number
}

/**
 * An open position. `qty` is signed: positive long, negative short.
 *
 * @example
 * ```ts
 * import { PositionSchema } from '@tradeblocks/core'
 *
 * PositionSchema.parse({ symbol: 'AAPL', qty: 100, avgEntryPrice: 190.12 })
 * ```
 */
export const PositionSchema = z.object({
  symbol: SymbolSchema,
  qty: z
    .number({ error: 'must be a finite number' })
    .refine((qty) => qty !== 0, { error: 'must not be 0 (a flat position is no position)' }),
  avgEntryPrice: PriceSchema,
  marketPrice: PriceSchema.optional(),
  unrealizedPnl: z.number().optional(),
  realizedPnl: z.number().optional(),
})

/**
 * A position; see {@link PositionSchema}.
 *
 * @example
 * ```ts
 * import type { Position } from '@tradeblocks/core'
 *
 * const isShort = (p: Position) => p.qty < 0
 * ```
 */
export type Position = z.output<typeof PositionSchema>

/**
 * The account: cash (negative when on margin), equity, buying power and the broker's day-trading flags.
 *
 * @example
 * ```ts
 * import { AccountSchema } from '@tradeblocks/core'
 *
 * AccountSchema.parse({ id: 'paper', currency: 'USD', cash: 25_000, equity: 25_000, buyingPower: 50_000 })
 * ```
 */
export const AccountSchema = z.object({
  id: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code' }),
  cash: z.number({ error: 'must be a finite number' }),
  equity: z.number({ error: 'must be a finite number' }),
  buyingPower: NonNegativeNumberSchema,
  dayTradeCount: z.number().int().nonnegative().optional(),
  patternDayTrader: z.boolean().optional(),
  tradingBlocked: z.boolean().optional(),
  shortingEnabled: z.boolean().optional(),
  multiplier: z.number().positive().optional(),
})

/**
 * An account snapshot; see {@link AccountSchema}.
 *
 * @example
 * ```ts
 * import type { Account } from '@tradeblocks/core'
 *
 * const canAfford = (a: Account, value: number) => a.buyingPower >= value
 * ```
 */
export type Account = z.output<typeof AccountSchema>
