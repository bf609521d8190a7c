import { roundMoney, ValidationError } from '@tradeblocks/core'

/**
 * What a commission function sees: the order's cumulative fills so far, after the fill being charged.
 *
 * @example
 * ```ts
 * import type { CommissionContext } from '@tradeblocks/broker-paper'
 *
 * const ctx: CommissionContext = { symbol: 'AAPL', side: 'buy', filledQty: 100, filledValue: 19_012, fills: 1 }
 * ```
 */
export interface CommissionContext {
  /** The order's symbol. */
  symbol: string
  /** The order's side. */
  side: 'buy' | 'sell'
  /** Shares filled so far on the order, including this fill. */
  filledQty: number
  /** Money value of those shares (Σ qty × price). */
  filledValue: number
  /** Number of fills so far, including this one. */
  fills: number
}

/**
 * A custom commission: the TOTAL commission of the order given its cumulative fills. The broker
 * charges each fill the difference from the previous total, so minimums and maximums apply per order,
 * not per partial fill. Must return a finite, non-negative amount that never decreases.
 *
 * @example
 * ```ts
 * import type { CommissionFunction } from '@tradeblocks/broker-paper'
 *
 * // $0.005 per share, at least $1 and at most 1% of the value, per order
 * const ibkrLike: CommissionFunction = ({ filledQty, filledValue }) =>
 *   Math.min(Math.max(filledQty * 0.005, 1), filledValue * 0.01)
 * ```
 */
export type CommissionFunction = (context: CommissionContext) => number

/**
 * How the paper broker charges commission. Totals are per order and rounded to the cent; each fill
 * is charged the increase of the order's total.
 *
 * - `zero`: free (the default).
 * - `per_share`: `perShare` × shares, at least `min` and at most `max` dollars and at most
 *   `maxPercent` % of the order's filled value (any of them optional).
 * - `percent`: `percent` % of the filled value (`0.1` is 0.1 %, i.e. 10 bps).
 * - `fixed`: `perOrder` dollars, charged on the order's first fill.
 * - a {@link CommissionFunction}.
 *
 * @example
 * ```ts
 * import type { CommissionModel } from '@tradeblocks/broker-paper'
 *
 * const tenBps: CommissionModel = { kind: 'percent', percent: 0.1 }
 * const perShare: CommissionModel = { kind: 'per_share', perShare: 0.005, min: 1, maxPercent: 1 }
 * ```
 */
export type CommissionModel =
  | { kind: 'zero' }
  | { kind: 'per_share'; perShare: number; min?: number; max?: number; maxPercent?: number }
  | { kind: 'percent'; percent: number }
  | { kind: 'fixed'; perOrder: number }
  | CommissionFunction

/**
 * Parameters of {@link commissionFor}.
 *
 * @example
 * ```ts
 * import type { CommissionForParameters } from '@tradeblocks/broker-paper'
 *
 * const p: CommissionForParameters = { model: { kind: 'fixed', perOrder: 1 }, context: { symbol: 'AAPL',
 *   side: 'buy', filledQty: 10, filledValue: 1901.2, fills: 1 } }
 * ```
 */
export interface CommissionForParameters {
  /** The model. */
  model: CommissionModel
  /** The order's cumulative fills. */
  context: CommissionContext
}

/**
 * The total commission (dollars, rounded to the cent) of an order; see {@link commissionFor}.
 *
 * @example
 * ```ts
 * import type { CommissionForReturnType } from '@tradeblocks/broker-paper'
 *
 * const total: CommissionForReturnType = 1.5
 * ```
 */
export type CommissionForReturnType = number

function nonNegative(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new ValidationError('commission model', [
      { path: field, message: `${field} must be a non-negative finite number (got ${value})`, value },
    ])
  }
}

/**
 * Checks a commission model's numbers; throws a `ValidationError` naming the bad field.
 *
 * @internal
 */
export function validateCommissionModel(model: CommissionModel): void {
  if (typeof model === 'function') return
  switch (model.kind) {
    case 'zero':
      return
    case 'per_share':
      nonNegative(model.perShare, 'perShare')
      if (model.min !== undefined) nonNegative(model.min, 'min')
      if (model.max !== undefined) nonNegative(model.max, 'max')
      if (model.maxPercent !== undefined) nonNegative(model.maxPercent, 'maxPercent')
      return
    case 'percent':
      nonNegative(model.percent, 'percent')
      return
    case 'fixed':
      nonNegative(model.perOrder, 'perOrder')
      return
    default:
      throw new ValidationError('commission model', [
        {
          path: 'kind',
          message: `kind must be zero, per_share, percent or fixed (got ${JSON.stringify((model as { kind: unknown }).kind)})`,
          value: (model as { kind: unknown }).kind,
        },
      ])
  }
}

/**
 * The total commission of an order after its fills so far, rounded to the cent. A fill is charged
 * `commissionFor(after) - commissionFor(before)`, so a $1 minimum is charged once per order however
 * many partial fills it takes.
 *
 * @throws ValidationError when a custom function returns a negative or non-finite amount.
 *
 * @example
 * ```ts
 * import { commissionFor } from '@tradeblocks/broker-paper'
 *
 * commissionFor({ model: { kind: 'percent', percent: 0.1 },
 *   context: { symbol: 'AAPL', side: 'buy', filledQty: 100, filledValue: 10_000, fills: 1 } }) // 10
 * commissionFor({ model: { kind: 'per_share', perShare: 0.005, min: 1 },
 *   context: { symbol: 'AAPL', side: 'buy', filledQty: 100, filledValue: 10_000, fills: 1 } }) // 1
 * ```
 */
export function commissionFor({ model, context }: CommissionForParameters): CommissionForReturnType {
  if (context.filledQty <= 0) return 0
  let total: number
  if (typeof model === 'function') {
    total = model(context)
    if (!Number.isFinite(total) || total < 0) {
      throw new ValidationError('commission', [
        {
          path: 'commission',
          message: `the commission function returned ${total} for ${context.filledQty} ${context.symbol}; it must return a non-negative finite amount`,
          value: total,
        },
      ])
    }
  } else {
    switch (model.kind) {
      case 'zero':
        total = 0
        break
      case 'per_share': {
        total = model.perShare * context.filledQty
        if (model.min !== undefined) total = Math.max(total, model.min)
        if (model.max !== undefined) total = Math.min(total, model.max)
        if (model.maxPercent !== undefined)
          total = Math.min(total, (context.filledValue * model.maxPercent) / 100)
        break
      }
      case 'percent':
        total = (context.filledValue * model.percent) / 100
        break
      case 'fixed':
        total = model.perOrder
        break
    }
  }
  return roundMoney(total)
}
