import { z } from 'zod'
import { OrderPriceSchema, OrderSideSchema, PriceSchema, QuantitySchema, SymbolSchema } from './primitives.js'

/**
 * How long an order stays working: `day`, `gtc` (good till canceled), `ioc` (immediate or cancel),
 * `fok` (fill or kill), `opg` (at the opening auction), `cls` (at the closing auction).
 *
 * @example
 * ```ts
 * import { TimeInForceSchema } from '@tradeblocks/core'
 *
 * TimeInForceSchema.parse('gtc')
 * ```
 */
export const TimeInForceSchema = z.enum(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'], {
  error: 'must be one of day, gtc, ioc, fok, opg, cls',
})

/**
 * A time in force; see {@link TimeInForceSchema}.
 *
 * @example
 * ```ts
 * import type { TimeInForce } from '@tradeblocks/core'
 *
 * const tif: TimeInForce = 'day'
 * ```
 */
export type TimeInForce = z.output<typeof TimeInForceSchema>

/**
 * The order types: `market`, `limit`, `stop`, `stop_limit`, `trailing_stop`.
 *
 * @example
 * ```ts
 * import { OrderTypeSchema } from '@tradeblocks/core'
 *
 * OrderTypeSchema.options // ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']
 * ```
 */
export const OrderTypeSchema = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'])

/**
 * One of the order types; see {@link OrderTypeSchema}.
 *
 * @example
 * ```ts
 * import type { OrderType } from '@tradeblocks/core'
 *
 * const type: OrderType = 'stop_limit'
 * ```
 */
export type OrderType = z.output<typeof OrderTypeSchema>

/** The rule of a client order id; shared with the fast path of `parseOrderRequest`. */
export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * A client order id: 1-128 characters of letters, digits, `.`, `_`, `:` and `-`. Send the same id
 * again and a broker that honours idempotency refuses the duplicate.
 *
 * @example
 * ```ts
 * import { ClientOrderIdSchema } from '@tradeblocks/core'
 *
 * ClientOrderIdSchema.parse('momentum-AAPL-20260105-0001')
 * ```
 */
export const ClientOrderIdSchema = z
  .string({ error: 'must be a string' })
  .regex(CLIENT_ORDER_ID_PATTERN, { error: 'must be 1-128 letters, digits or . _ : -' })

const TakeProfitSchema = z.object({ limitPrice: OrderPriceSchema })
const StopLossSchema = z.object({ stopPrice: OrderPriceSchema, limitPrice: OrderPriceSchema.optional() })

/**
 * Exit legs attached to an entry order. They become active when the entry fills and cancel each
 * other (one-cancels-other). With both legs it is a bracket; with one it is one-triggers-other (OTO).
 *
 * @example
 * ```ts
 * import { BracketSchema } from '@tradeblocks/core'
 *
 * BracketSchema.parse({ takeProfit: { limitPrice: 11 }, stopLoss: { stopPrice: 9.5 } })
 * ```
 */
export const BracketSchema = z
  .object({ takeProfit: TakeProfitSchema.optional(), stopLoss: StopLossSchema.optional() })
  .refine((bracket) => bracket.takeProfit !== undefined || bracket.stopLoss !== undefined, {
    error: 'must have a takeProfit, a stopLoss, or both',
  })

/**
 * The stop leg of a one-cancels-other exit pair placed on a `limit` order (the limit is the
 * take-profit leg).
 *
 * @example
 * ```ts
 * import { OcoSchema } from '@tradeblocks/core'
 *
 * OcoSchema.parse({ stopLoss: { stopPrice: 9.5 } })
 * ```
 */
export const OcoSchema = z.object({ stopLoss: StopLossSchema })

const common = {
  symbol: SymbolSchema,
  side: OrderSideSchema,
  qty: QuantitySchema.optional(),
  notional: PriceSchema.optional(),
  timeInForce: TimeInForceSchema.default('day'),
  extendedHours: z.boolean({ error: 'must be a boolean' }).default(false),
  clientOrderId: ClientOrderIdSchema.optional(),
}

const MarketOrderRequestSchema = z.object({
  type: z.literal('market'),
  ...common,
  bracket: BracketSchema.optional(),
})
const LimitOrderRequestSchema = z.object({
  type: z.literal('limit'),
  ...common,
  limitPrice: OrderPriceSchema,
  bracket: BracketSchema.optional(),
  oco: OcoSchema.optional(),
})
const StopOrderRequestSchema = z.object({
  type: z.literal('stop'),
  ...common,
  stopPrice: OrderPriceSchema,
  bracket: BracketSchema.optional(),
})
const StopLimitOrderRequestSchema = z.object({
  type: z.literal('stop_limit'),
  ...common,
  stopPrice: OrderPriceSchema,
  limitPrice: OrderPriceSchema,
  bracket: BracketSchema.optional(),
})
const TrailingStopOrderRequestSchema = z.object({
  type: z.literal('trailing_stop'),
  ...common,
  trailPercent: z
    .number({ error: 'must be a finite number' })
    .positive({ error: 'must be greater than 0' })
    .lt(100, { error: 'must be below 100' })
    .optional(),
  trailPrice: PriceSchema.optional(),
})

type Issue = { path: (string | number)[]; message: string; input: unknown }

function entryReference(request: {
  type: string
  limitPrice?: number
  stopPrice?: number
}): { price: number; field: string } | undefined {
  if (request.limitPrice !== undefined) return { price: request.limitPrice, field: 'limitPrice' }
  if (request.stopPrice !== undefined) return { price: request.stopPrice, field: 'stopPrice' }
  return undefined
}

function checkOrderRequest(request: z.output<typeof OrderRequestUnionSchema>): Issue[] {
  const issues: Issue[] = []
  if (request.qty === undefined && request.notional === undefined) {
    issues.push({ path: ['qty'], message: 'is required unless notional is given', input: undefined })
  } else if (request.qty !== undefined && request.notional !== undefined) {
    issues.push({
      path: ['notional'],
      message: 'must not be given together with qty',
      input: request.notional,
    })
  }
  if (request.type === 'trailing_stop') {
    const given = (request.trailPercent === undefined ? 0 : 1) + (request.trailPrice === undefined ? 0 : 1)
    if (given !== 1) {
      issues.push({
        path: ['trailPercent'],
        message: 'or trailPrice is required (exactly one of the two)',
        input: request.trailPercent,
      })
    }
    return issues
  }
  const buy = request.side === 'buy'
  const bracket = request.bracket
  if (bracket !== undefined) {
    if (request.type === 'limit' && request.oco !== undefined) {
      issues.push({ path: ['oco'], message: 'must not be combined with bracket', input: request.oco })
    }
    const entry = entryReference(request)
    const stop = bracket.stopLoss?.stopPrice
    const target = bracket.takeProfit?.limitPrice
    if (stop !== undefined && target !== undefined && (buy ? stop >= target : stop <= target)) {
      issues.push({
        path: ['bracket', 'stopLoss', 'stopPrice'],
        message: `must be ${buy ? 'below' : 'above'} the take-profit ${target} for a ${request.side}`,
        input: stop,
      })
    }
    if (entry !== undefined && stop !== undefined && (buy ? stop >= entry.price : stop <= entry.price)) {
      issues.push({
        path: ['bracket', 'stopLoss', 'stopPrice'],
        message: `must be ${buy ? 'below' : 'above'} the entry ${entry.field} ${entry.price} for a ${request.side}`,
        input: stop,
      })
    }
    if (
      entry !== undefined &&
      target !== undefined &&
      (buy ? target <= entry.price : target >= entry.price)
    ) {
      issues.push({
        path: ['bracket', 'takeProfit', 'limitPrice'],
        message: `must be ${buy ? 'above' : 'below'} the entry ${entry.field} ${entry.price} for a ${request.side}`,
        input: target,
      })
    }
    const stopLimit = bracket.stopLoss?.limitPrice
    if (stop !== undefined && stopLimit !== undefined && (buy ? stopLimit > stop : stopLimit < stop)) {
      issues.push({
        path: ['bracket', 'stopLoss', 'limitPrice'],
        message: `must be ${buy ? 'at or below' : 'at or above'} the stop price ${stop}`,
        input: stopLimit,
      })
    }
  }
  if (request.type === 'limit' && request.oco !== undefined) {
    // An OCO is an exit: a sell OCO closes a long (target above stop), a buy OCO covers a short.
    const stop = request.oco.stopLoss.stopPrice
    if (buy ? stop <= request.limitPrice : stop >= request.limitPrice) {
      issues.push({
        path: ['oco', 'stopLoss', 'stopPrice'],
        message: `must be ${buy ? 'above' : 'below'} the take-profit limitPrice ${request.limitPrice} for a ${request.side} OCO`,
        input: stop,
      })
    }
  }
  return issues
}

const OrderRequestUnionSchema = z.discriminatedUnion(
  'type',
  [
    MarketOrderRequestSchema,
    LimitOrderRequestSchema,
    StopOrderRequestSchema,
    StopLimitOrderRequestSchema,
    TrailingStopOrderRequestSchema,
  ],
  { error: 'must be one of market, limit, stop, stop_limit, trailing_stop' },
)

/**
 * An order to submit, discriminated by `type` (`market`, `limit`, `stop`, `stop_limit`,
 * `trailing_stop`), with side, `qty` or `notional`, time in force (default `day`), extended hours,
 * an optional `clientOrderId`, optional `bracket` legs, and for limit orders an optional `oco` stop.
 *
 * Rejects, naming the field and the value: non-positive or non-finite prices and quantities, prices
 * off the tick grid, both or neither of qty/notional, a bracket whose stop is not below the entry
 * for a buy (above for a sell), a take-profit on the wrong side, and a trailing stop without exactly
 * one of `trailPercent`/`trailPrice`.
 *
 * @example
 * ```ts
 * import { OrderRequestSchema } from '@tradeblocks/core'
 *
 * const request = OrderRequestSchema.parse({
 *   type: 'limit', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 190.25,
 *   bracket: { takeProfit: { limitPrice: 194 }, stopLoss: { stopPrice: 188.5 } },
 * })
 * request.timeInForce // 'day'
 * ```
 */
export const OrderRequestSchema = OrderRequestUnionSchema.superRefine((request, ctx) => {
  for (const issue of checkOrderRequest(request)) ctx.addIssue({ code: 'custom', ...issue })
})

/**
 * A validated order request, with defaults applied (`timeInForce: 'day'`, `extendedHours: false`).
 *
 * @example
 * ```ts
 * import type { OrderRequest } from '@tradeblocks/core'
 *
 * const isEntry = (r: OrderRequest) => r.bracket !== undefined
 * ```
 */
export type OrderRequest = z.output<typeof OrderRequestSchema>

/**
 * What a caller writes to request an order: an {@link OrderRequest} whose defaulted fields may be omitted.
 *
 * @example
 * ```ts
 * import type { OrderRequestInput } from '@tradeblocks/core'
 *
 * const input: OrderRequestInput = { type: 'market', symbol: 'AAPL', side: 'buy', qty: 10 }
 * ```
 */
export type OrderRequestInput = z.input<typeof OrderRequestSchema>

/**
 * Changes allowed when replacing a working order: quantity, prices, trail and time in force.
 *
 * @example
 * ```ts
 * import { ReplaceOrderRequestSchema } from '@tradeblocks/core'
 *
 * ReplaceOrderRequestSchema.parse({ stopPrice: 10.05 })
 * ```
 */
export const ReplaceOrderRequestSchema = z
  .object({
    qty: QuantitySchema.optional(),
    limitPrice: OrderPriceSchema.optional(),
    stopPrice: OrderPriceSchema.optional(),
    trailPercent: z.number().positive().lt(100).optional(),
    trailPrice: PriceSchema.optional(),
    timeInForce: TimeInForceSchema.optional(),
    clientOrderId: ClientOrderIdSchema.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })

/**
 * A validated replace request; see {@link ReplaceOrderRequestSchema}.
 *
 * @example
 * ```ts
 * import type { ReplaceOrderRequest } from '@tradeblocks/core'
 *
 * const moveStop: ReplaceOrderRequest = { stopPrice: 10.05 }
 * ```
 */
export type ReplaceOrderRequest = z.output<typeof ReplaceOrderRequestSchema>
