import {
  isValidTick,
  type MarketEvent,
  type OrderSide,
  roundToTick,
  tickSize,
  ValidationError,
} from '@tradeblocks/core'

/**
 * What a slippage function sees for one fill.
 *
 * @example
 * ```ts
 * import type { SlippageContext } from '@tradeblocks/broker-paper'
 *
 * const impact = (ctx: SlippageContext) => ctx.price * (1 + (ctx.side === 'buy' ? 1 : -1) * 0.0005)
 * ```
 */
export interface SlippageContext {
  /** The order's symbol. */
  symbol: string
  /** The order's side: slippage makes buys pay more and sells receive less. */
  side: OrderSide
  /** The model price before slippage (the open, the stop, the ask...). */
  price: number
  /** The quantity of this fill. */
  qty: number
  /** The market event the fill happens on. */
  event: MarketEvent
}

/**
 * A custom slippage: returns the fill price for a fill whose model price is `context.price`.
 * The broker rounds the result to the tick against the trader (up for buys, down for sells).
 *
 * @example
 * ```ts
 * import type { SlippageFunction } from '@tradeblocks/broker-paper'
 *
 * // 2 bps plus one cent per 1,000 shares, against the trader
 * const impact: SlippageFunction = ({ side, price, qty }) =>
 *   price + (side === 'buy' ? 1 : -1) * (price * 0.0002 + 0.01 * Math.floor(qty / 1000))
 * ```
 */
export type SlippageFunction = (context: SlippageContext) => number

/**
 * How far a taker fill (market, stop, trailing stop) lands from the model price, always against the
 * trader. Limit prices are never crossed: a limit or stop-limit fill never slips past its limit.
 *
 * - `none` (the default).
 * - `bps`: `bps` basis points of the price (`5` is 0.05 %).
 * - `ticks`: whole ticks (a tick is $0.01 at or above $1, $0.0001 below, unless the broker's `tick` option says otherwise).
 * - a {@link SlippageFunction}.
 *
 * @example
 * ```ts
 * import type { SlippageModel } from '@tradeblocks/broker-paper'
 *
 * const fiveBps: SlippageModel = { kind: 'bps', bps: 5 }
 * const oneTick: SlippageModel = { kind: 'ticks', ticks: 1 }
 * ```
 */
export type SlippageModel =
  | { kind: 'none' }
  | { kind: 'bps'; bps: number }
  | { kind: 'ticks'; ticks: number }
  | SlippageFunction

/**
 * Parameters of {@link applySlippage}.
 *
 * @example
 * ```ts
 * import type { ApplySlippageParameters } from '@tradeblocks/broker-paper'
 *
 * const p: ApplySlippageParameters = { model: { kind: 'bps', bps: 10 }, context: { symbol: 'AAPL',
 *   side: 'buy', price: 100, qty: 10, event: { kind: 'status', status: 'connected', ts: 0 } } }
 * ```
 */
export interface ApplySlippageParameters {
  /** The model. */
  model: SlippageModel
  /** The fill being priced. */
  context: SlippageContext
  /** A fixed tick size; by default the sub-penny rule decides. */
  tick?: number
}

/**
 * The fill price after slippage, on the tick grid; see {@link applySlippage}.
 *
 * @example
 * ```ts
 * import type { ApplySlippageReturnType } from '@tradeblocks/broker-paper'
 *
 * const price: ApplySlippageReturnType = 100.1
 * ```
 */
export type ApplySlippageReturnType = number

/**
 * Checks a slippage model's numbers; throws a `ValidationError` naming the bad field.
 *
 * @internal
 */
export function validateSlippageModel(model: SlippageModel): void {
  if (typeof model === 'function') return
  const check = (value: number, field: string) => {
    if (!Number.isFinite(value) || value < 0) {
      throw new ValidationError('slippage model', [
        { path: field, message: `${field} must be a non-negative finite number (got ${value})`, value },
      ])
    }
  }
  switch (model.kind) {
    case 'none':
      return
    case 'bps':
      check(model.bps, 'bps')
      return
    case 'ticks':
      check(model.ticks, 'ticks')
      if (!Number.isInteger(model.ticks)) {
        throw new ValidationError('slippage model', [
          { path: 'ticks', message: `ticks must be a whole number (got ${model.ticks})`, value: model.ticks },
        ])
      }
      return
    default:
      throw new ValidationError('slippage model', [
        {
          path: 'kind',
          message: `kind must be none, bps or ticks (got ${JSON.stringify((model as { kind: unknown }).kind)})`,
          value: (model as { kind: unknown }).kind,
        },
      ])
  }
}

/**
 * Moves a model price against the trader by the slippage model and rounds it to the tick against the
 * trader (up for buys, down for sells). Never returns a price at or below zero: a sell that would
 * slip below one tick fills at one tick.
 *
 * @throws ValidationError when a custom function returns a non-finite or non-positive price.
 *
 * @example
 * ```ts
 * import { applySlippage } from '@tradeblocks/broker-paper'
 *
 * const event = { kind: 'status', status: 'connected', ts: 0 } as const
 * applySlippage({ model: { kind: 'bps', bps: 10 }, context: { symbol: 'AAPL', side: 'buy', price: 100, qty: 1, event } }) // 100.1
 * applySlippage({ model: { kind: 'ticks', ticks: 2 }, context: { symbol: 'AAPL', side: 'sell', price: 100, qty: 1, event } }) // 99.98
 * ```
 */
export function applySlippage({ model, context, tick }: ApplySlippageParameters): ApplySlippageReturnType {
  const { side, price } = context
  const sign = side === 'buy' ? 1 : -1
  let raw: number
  if (typeof model === 'function') {
    raw = model(context)
    if (!Number.isFinite(raw) || raw <= 0) {
      throw new ValidationError('slippage', [
        {
          path: 'price',
          message: `the slippage function returned ${raw} for a ${side} of ${context.symbol} at ${price}; it must return a positive finite price`,
          value: raw,
        },
      ])
    }
  } else if (model.kind === 'none') {
    raw = price
  } else if (model.kind === 'bps') {
    raw = price * (1 + (sign * model.bps) / 10_000)
  } else {
    raw = price + sign * model.ticks * (tick ?? tickSize(price))
  }
  // Prices already on the default grid (the usual case) need only their float noise removed.
  let rounded =
    tick === undefined && isValidTick(raw)
      ? Math.round(raw * 1e6) / 1e6
      : roundToTick(raw, side === 'buy' ? 'up' : 'down', tick)
  if (rounded <= 0) rounded = tick ?? tickSize(price)
  return rounded
}
