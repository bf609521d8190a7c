import type { Strategy, StrategyContext } from './Strategy.js'

/** A streaming simple moving average over a fixed window (no allocation per value). */
export class Sma {
  readonly #values: Float64Array
  #sum = 0
  #count = 0
  #i = 0
  constructor(readonly period: number) {
    this.#values = new Float64Array(period)
  }
  push(value: number): number | undefined {
    if (this.#count === this.period) this.#sum -= this.#values[this.#i] as number
    else this.#count++
    this.#values[this.#i] = value
    this.#sum += value
    this.#i = (this.#i + 1) % this.period
    return this.#count === this.period ? this.#sum / this.period : undefined
  }
}

export interface SmaCrossOptions {
  fast?: number
  slow?: number
  qty?: number
  /** Attach a protective stop this far below the entry (fraction), as a bracket. */
  stopFraction?: number
  /** Flatten at the session close. */
  flattenAtClose?: boolean
  /** Make every handler async. */
  async?: boolean
  /** Record each call here. */
  log?: string[]
}

/**
 * The classic SMA crossover: buy `qty` when the fast average crosses above the slow one, sell the
 * position when it crosses below. Long only; one order at a time.
 */
export function smaCross(options: SmaCrossOptions = {}): Strategy {
  const fast = new Sma(options.fast ?? 10)
  const slow = new Sma(options.slow ?? 30)
  const qty = options.qty ?? 100
  const log = options.log
  let previous = 0
  const note = (ctx: StrategyContext, entry: string) => log?.push(`${ctx.now()} ${entry}`)
  const onBar: Strategy['onBar'] = (bar, ctx) => {
    const f = fast.push(bar.close)
    const s = slow.push(bar.close)
    if (f === undefined || s === undefined) return
    const diff = f > s ? 1 : f < s ? -1 : 0
    const crossedUp = previous <= 0 && diff > 0 && previous !== 0
    const crossedDown = previous >= 0 && diff < 0 && previous !== 0
    if (diff !== 0) previous = diff
    else return
    note(ctx, `bar ${bar.symbol} ${bar.ts} ${bar.close}`)
    const position = ctx.position(bar.symbol)
    if (crossedUp && position === undefined && ctx.openOrders(bar.symbol).length === 0) {
      const stop = options.stopFraction
      void ctx.submit(
        stop === undefined
          ? { type: 'market', symbol: bar.symbol, side: 'buy', qty }
          : {
              type: 'market',
              symbol: bar.symbol,
              side: 'buy',
              qty,
              bracket: { stopLoss: { stopPrice: Math.round(bar.close * (1 - stop) * 100) / 100 } },
            },
      )
    } else if (crossedDown && position !== undefined && position.qty > 0) {
      void ctx.cancelAll(bar.symbol).then(() => {
        const held = ctx.position(bar.symbol)?.qty ?? 0
        if (held > 0) void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'sell', qty: held })
      })
    }
  }
  const strategy: Strategy = {
    name: 'sma-cross',
    onStart(ctx) {
      note(ctx, 'start')
    },
    onBar,
    onOrderUpdate(update, ctx) {
      note(
        ctx,
        `order ${update.order.clientOrderId} ${update.event} ${update.fill?.qty ?? ''}@${update.fill?.price ?? ''}`,
      )
    },
    onSessionOpen(session, ctx) {
      note(ctx, `open ${session.date} ${session.ts}`)
    },
    onSessionClose(session, ctx) {
      note(ctx, `close ${session.date} ${session.ts}`)
      if (options.flattenAtClose === true) {
        for (const p of ctx.positions()) {
          void ctx.cancelAll(p.symbol).then(() => {
            const held = ctx.position(p.symbol)?.qty ?? 0
            if (held > 0)
              void ctx.submit({
                type: 'market',
                symbol: p.symbol,
                side: 'sell',
                qty: held,
                timeInForce: 'gtc',
              })
          })
        }
      }
    },
    onStop(ctx) {
      note(ctx, 'stop')
    },
  }
  if (options.async === true) {
    return {
      name: strategy.name,
      onStart: async (ctx) => strategy.onStart?.(ctx),
      onBar: async (bar, ctx) => {
        await Promise.resolve()
        return onBar(bar, ctx)
      },
      onOrderUpdate: async (u, ctx) => strategy.onOrderUpdate?.(u, ctx),
      onSessionOpen: async (s, ctx) => strategy.onSessionOpen?.(s, ctx),
      onSessionClose: async (s, ctx) => strategy.onSessionClose?.(s, ctx),
      onStop: async (ctx) => strategy.onStop?.(ctx),
    }
  }
  return strategy
}
