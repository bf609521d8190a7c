import { BaseError, ErrorCode, formatValue, isBaseError, type MarketEvent } from '@tradeblocks/core'
import type { StrategyHandlerName } from './Strategy.js'

/**
 * Parameters of {@link StrategyError}.
 *
 * @example
 * ```ts
 * import type { StrategyErrorParameters } from '@tradeblocks/engine'
 *
 * const p: StrategyErrorParameters = { strategy: 'sma', handler: 'onStart', cause: new Error('boom') }
 * ```
 */
export interface StrategyErrorParameters {
  /** The strategy's name. */
  strategy: string
  /** The handler that threw. */
  handler: StrategyHandlerName
  /** The market event being handled, when there was one. */
  event?: MarketEvent
  /** The error the strategy threw. */
  cause: unknown
}

function describeEvent(event: MarketEvent): string {
  switch (event.kind) {
    case 'bar': {
      const b = event.bar
      return `bar ${b.symbol} ${b.timeframe} ${new Date(b.ts).toISOString()} O=${b.open} H=${b.high} L=${b.low} C=${b.close} V=${b.volume}`
    }
    case 'quote': {
      const q = event.quote
      return `quote ${q.symbol} ${new Date(q.ts).toISOString()} bid=${q.bidPrice}x${q.bidSize} ask=${q.askPrice}x${q.askSize}`
    }
    case 'print': {
      const p = event.print
      return `print ${p.symbol} ${new Date(p.ts).toISOString()} ${p.size}@${p.price}`
    }
    case 'status':
      return `status ${event.status} ${new Date(event.ts).toISOString()}`
  }
}

/**
 * A strategy handler threw (or its promise rejected). Carries the handler, the market event it was
 * handling (for `onBar`: the bar it failed on) and the original error as `cause`.
 *
 * Code `internal`: the bug is in strategy code, not in the market or the broker.
 *
 * @example
 * ```ts
 * import { StrategyError } from '@tradeblocks/engine'
 *
 * try {
 *   await runner.run()
 * } catch (error) {
 *   if (error instanceof StrategyError && error.event?.kind === 'bar') console.error('failed on', error.event.bar)
 * }
 * ```
 */
export class StrategyError extends BaseError {
  override name = 'StrategyError' as const
  /** The strategy's name. */
  readonly strategy: string
  /** The handler that threw. */
  readonly handler: StrategyHandlerName
  /** The market event being handled, if any. */
  readonly event: MarketEvent | undefined

  constructor({ strategy, handler, event, cause }: StrategyErrorParameters) {
    const reason = isBaseError(cause)
      ? cause.shortMessage
      : cause instanceof Error
        ? cause.message
        : formatValue(cause)
    const meta = event === undefined ? [] : [`While handling: ${describeEvent(event)}`]
    super(`Strategy "${strategy}" threw in ${handler}: ${reason}`, {
      code: ErrorCode.Internal,
      metaMessages: meta,
      cause,
    })
    this.strategy = strategy
    this.handler = handler
    this.event = event
  }
}
