import type { Fill, Order } from '@tradeblocks/core'

/**
 * Why a trade ended:
 * - `take_profit`: a take-profit leg (a limit exit of a bracket or OCO) filled;
 * - `stop_loss`: a stop or stop-limit exit (a bracket's stop leg or a stop the strategy placed);
 * - `trailing_stop`: a trailing stop;
 * - `signal`: any other order of the strategy (a market or limit exit, a reversal);
 * - `end_of_data`: still open when the data ended and closed at the last price (`closeAtEnd`).
 *
 * @example
 * ```ts
 * import type { ExitReason } from '@tradeblocks/backtest'
 *
 * const stoppedOut = (reason: ExitReason) => reason === 'stop_loss' || reason === 'trailing_stop'
 * ```
 */
export type ExitReason = 'take_profit' | 'stop_loss' | 'trailing_stop' | 'signal' | 'end_of_data'

/**
 * One round trip in a symbol, from flat to flat: every fill that opened, added to, reduced and
 * closed the position. Prices are volume-weighted averages; money is in account currency.
 *
 * @example
 * ```ts
 * import type { ClosedTrade } from '@tradeblocks/backtest'
 *
 * const describe = (t: ClosedTrade) =>
 *   `${t.side} ${t.qty} ${t.symbol} ${t.entryPrice} -> ${t.exitPrice}: ${t.netPnl} (${t.rMultiple ?? '?'}R, ${t.exitReason})`
 * ```
 */
export interface ClosedTrade {
  /** 1-based sequence number in the run. */
  id: number
  symbol: string
  /** `long` (entered with buys) or `short`. */
  side: 'long' | 'short'
  /** Shares entered in total (scale-ins included). */
  qty: number
  /** Time of the first entry fill, epoch ms. */
  entryTs: number
  /** Average entry price. */
  entryPrice: number
  /** Time of the last exit fill, epoch ms. */
  exitTs: number
  /** Average exit price. */
  exitPrice: number
  /** P&L before fees: `(exitValue - entryValue)`, sign-adjusted for shorts. */
  grossPnl: number
  /** Commissions of every fill of the trade. */
  fees: number
  /** `grossPnl - fees`. */
  netPnl: number
  /** `netPnl` as a percentage of the entry value. */
  returnPct: number
  /** The first protective stop price the strategy gave (bracket stop leg or a separate stop order). */
  initialStop?: number
  /** `netPnl` divided by the initial risk `|entryPrice - initialStop| * qty`; absent without a stop. */
  rMultiple?: number
  /** The first take-profit price the strategy gave (bracket or OCO limit leg), if any. */
  initialTarget?: number
  /** Why the trade ended. */
  exitReason: ExitReason
  /** Best price reached while open (highest for a long, lowest for a short), from bars and prints. */
  bestPrice: number
  /** Worst price reached while open. */
  worstPrice: number
  /** Client order ids of the entry orders and of the exit orders. */
  entryOrders: string[]
  exitOrders: string[]
  /** Number of fills. */
  fills: number
}

/**
 * A position still open at the end of a run, marked to the last price.
 *
 * @example
 * ```ts
 * import type { OpenTrade } from '@tradeblocks/backtest'
 *
 * const atRisk = (t: OpenTrade) => t.unrealizedPnl < 0
 * ```
 */
export interface OpenTrade {
  symbol: string
  side: 'long' | 'short'
  /** Shares held now (signed quantities are in `side`). */
  qty: number
  entryTs: number
  /** Average cost of the shares held. */
  avgEntryPrice: number
  /** The last price seen. */
  markPrice: number
  /** P&L of the shares still held at the mark. */
  unrealizedPnl: number
  /** P&L realized by partial exits so far (at average cost), minus every fee of the trade so far. */
  realizedPnl: number
  entryOrders: string[]
}

interface Lot {
  symbol: string
  dir: 1 | -1
  /** Signed open quantity. */
  qty: number
  /** Average cost of the open quantity. */
  avgCost: number
  entryQty: number
  entryValue: number
  exitQty: number
  exitValue: number
  /** Gross P&L of the shares exited so far, at average cost. */
  realized: number
  fees: number
  entryTs: number
  best: number
  worst: number
  entryOrders: string[]
  entryOrderIds: string[]
  exitOrders: string[]
  fills: number
  lastExit: Order | undefined
  lastExitTs: number
}

interface SymbolState {
  symbol: string
  /** Last price, NaN before any. */
  mark: number
  lot: Lot | undefined
}

const EPSILON = 1e-9
const LEG_SUFFIX = /-(tp|sl|ts)\d*$/

/** Classifies the order that closed a trade. */
export function exitReasonOf(order: Order | undefined): ExitReason {
  if (order === undefined) return 'signal'
  const suffix = LEG_SUFFIX.exec(order.clientOrderId)?.[1]
  if (suffix === 'tp') return 'take_profit'
  if (suffix === 'sl') return 'stop_loss'
  if (suffix === 'ts') return 'trailing_stop'
  if (order.type === 'trailing_stop') return 'trailing_stop'
  if (order.type === 'stop' || order.type === 'stop_limit') return 'stop_loss'
  if (order.type === 'limit' && order.parentId !== undefined) return 'take_profit'
  return 'signal'
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals
  const r = Math.round(value * f) / f
  return r === 0 ? 0 : r
}

/**
 * Turns fills into round-trip trades with average-cost accounting, and tracks cash and the open
 * positions' market value for the equity curve, without asking the broker. Reversals (a fill that
 * takes a long short) close one trade and open the next with the rest of the fill; fees are split
 * in proportion.
 */
export class TradeLedger {
  readonly trades: ClosedTrade[] = []
  /** Cash: initial cash minus what was paid for buys plus what sells brought, minus fees. */
  cash: number
  /** Sum over open positions of qty times the last price. */
  positionValue = 0
  /** Open lots by symbol (changes only on fills). */
  readonly #lots = new Map<string, Lot>()
  /** Per-symbol mark and open lot; the last one used is cached (long runs of one symbol). */
  readonly #symbols = new Map<string, SymbolState>()
  #last: SymbolState | undefined
  /** Broker ids of each trade's entry orders (by trade id), to find bracket stop legs. */
  readonly #entryIds = new Map<number, string[]>()
  #nextId = 1

  constructor(initialCash: number) {
    this.cash = initialCash
  }

  /** Cash plus the market value of the open positions. */
  get equity(): number {
    return this.cash + this.positionValue
  }

  /** Number of open positions. */
  get openCount(): number {
    return this.#lots.size
  }

  #state(symbol: string): SymbolState {
    const last = this.#last
    if (last !== undefined && last.symbol === symbol) return last
    let state = this.#symbols.get(symbol)
    if (state === undefined) {
      state = { symbol, mark: Number.NaN, lot: undefined }
      this.#symbols.set(symbol, state)
    }
    this.#last = state
    return state
  }

  /** The last price of `symbol`, or `undefined` before any. */
  markOf(symbol: string): number | undefined {
    const mark = this.#symbols.get(symbol)?.mark
    return mark === undefined || Number.isNaN(mark) ? undefined : mark
  }

  /** Updates the mark of `symbol` (and the best/worst price of its open trade). */
  mark(symbol: string, price: number, high = price, low = price): void {
    const state = this.#state(symbol)
    const lot = state.lot
    if (lot !== undefined) {
      this.positionValue += lot.qty * (price - state.mark)
      this.#extremes(lot, high, low)
    }
    state.mark = price
  }

  #extremes(lot: Lot, high: number, low: number): void {
    if (lot.dir === 1) {
      if (high > lot.best) lot.best = high
      if (low < lot.worst) lot.worst = low
    } else {
      if (low < lot.best) lot.best = low
      if (high > lot.worst) lot.worst = high
    }
  }

  /** Applies one fill of `order`. */
  fill(fill: Fill, order: Order | undefined): void {
    const sign = fill.side === 'buy' ? 1 : -1
    this.cash -= sign * fill.qty * fill.price + fill.commission
    // A fill is a trade: it moves the mark; the shares bought or sold enter (or leave) the position
    // value at that price.
    const state = this.#state(fill.symbol)
    this.mark(fill.symbol, fill.price)
    this.positionValue += sign * fill.qty * fill.price
    let lot = state.lot
    let remaining = fill.qty
    let commission = fill.commission
    // Reduce or close an opposite position first.
    if (lot !== undefined && lot.dir !== sign) {
      const closing = Math.min(remaining, Math.abs(lot.qty))
      const share = closing / fill.qty
      const fee = commission * share
      lot.exitQty += closing
      lot.exitValue += closing * fill.price
      lot.realized += lot.dir * (fill.price - lot.avgCost) * closing
      lot.fees += fee
      lot.fills++
      lot.lastExit = order
      lot.lastExitTs = fill.ts
      if (!lot.exitOrders.includes(fill.clientOrderId)) lot.exitOrders.push(fill.clientOrderId)
      lot.qty += sign * closing
      remaining -= closing
      commission -= fee
      if (Math.abs(lot.qty) <= EPSILON) {
        this.#close(lot, exitReasonOf(order))
        lot = undefined
      }
    }
    if (remaining > EPSILON) {
      if (lot === undefined) {
        lot = {
          symbol: fill.symbol,
          dir: sign as 1 | -1,
          qty: 0,
          avgCost: fill.price,
          entryQty: 0,
          entryValue: 0,
          exitQty: 0,
          exitValue: 0,
          realized: 0,
          fees: 0,
          entryTs: fill.ts,
          best: fill.price,
          worst: fill.price,
          entryOrders: [],
          entryOrderIds: [],
          exitOrders: [],
          fills: 0,
          lastExit: undefined,
          lastExitTs: fill.ts,
        }
        this.#lots.set(fill.symbol, lot)
        state.lot = lot
      }
      const held = Math.abs(lot.qty)
      lot.avgCost = (lot.avgCost * held + fill.price * remaining) / (held + remaining)
      lot.qty += sign * remaining
      lot.entryQty += remaining
      lot.entryValue += remaining * fill.price
      lot.fees += commission
      lot.fills++
      if (!lot.entryOrders.includes(fill.clientOrderId)) {
        lot.entryOrders.push(fill.clientOrderId)
        lot.entryOrderIds.push(fill.orderId)
      }
    }
  }

  #close(lot: Lot, reason: ExitReason): void {
    this.#lots.delete(lot.symbol)
    const state = this.#symbols.get(lot.symbol)
    if (state !== undefined) state.lot = undefined
    const entryPrice = lot.entryValue / lot.entryQty
    const exitPrice = lot.exitValue / lot.exitQty
    const gross = lot.dir * (lot.exitValue - lot.entryValue)
    const net = gross - lot.fees
    this.trades.push({
      id: this.#nextId++,
      symbol: lot.symbol,
      side: lot.dir === 1 ? 'long' : 'short',
      qty: lot.entryQty,
      entryTs: lot.entryTs,
      entryPrice: round(entryPrice, 6),
      exitTs: lot.lastExitTs,
      exitPrice: round(exitPrice, 6),
      grossPnl: round(gross, 6),
      fees: round(lot.fees, 6),
      netPnl: round(net, 6),
      returnPct: round((net / lot.entryValue) * 100, 6),
      exitReason: reason,
      bestPrice: lot.best,
      worstPrice: lot.worst,
      entryOrders: lot.entryOrders,
      exitOrders: lot.exitOrders,
      fills: lot.fills,
    })
    this.#entryIds.set(this.#nextId - 1, lot.entryOrderIds)
  }

  /** Closes every open position at its last price with reason `end_of_data` (no cash moves: a mark-out). */
  closeAll(ts: number): void {
    for (const lot of [...this.#lots.values()]) {
      const price = this.markOf(lot.symbol) ?? lot.avgCost
      const qty = Math.abs(lot.qty)
      lot.exitQty += qty
      lot.exitValue += qty * price
      lot.lastExitTs = ts
      this.#close(lot, 'end_of_data')
    }
  }

  /** The positions still open, marked to the last price. */
  openTrades(): OpenTrade[] {
    return [...this.#lots.values()].map((lot) => {
      const mark = this.markOf(lot.symbol) ?? lot.avgCost
      const qty = Math.abs(lot.qty)
      return {
        symbol: lot.symbol,
        side: lot.dir === 1 ? 'long' : 'short',
        qty,
        entryTs: lot.entryTs,
        avgEntryPrice: round(lot.avgCost, 6),
        markPrice: mark,
        unrealizedPnl: round(lot.dir * qty * (mark - lot.avgCost), 6),
        realizedPnl: round(lot.realized - lot.fees, 6),
        entryOrders: lot.entryOrders,
      }
    })
  }

  /**
   * Finds each trade's initial stop among `orders` (every order of the run) and sets `initialStop`
   * and `rMultiple`: the earliest stop-type exit order of the trade (a bracket's stop leg, attached to
   * an entry order, or a stop the strategy placed while the trade was open).
   */
  assignStops(orders: readonly Order[]): void {
    const bySymbol = new Map<string, Order[]>()
    const targets = new Map<string, Order[]>()
    for (const order of orders) {
      if (order.replacesId !== undefined) continue
      const stopType = order.type === 'stop' || order.type === 'stop_limit' || order.type === 'trailing_stop'
      // Take-profit legs: limit orders attached to an entry (bracket/OCO) or carrying a leg suffix.
      const target =
        order.type === 'limit' && (order.parentId !== undefined || exitReasonOf(order) === 'take_profit')
      if (!stopType && !target) continue
      const map = stopType ? bySymbol : targets
      const list = map.get(order.symbol)
      if (list === undefined) map.set(order.symbol, [order])
      else list.push(order)
    }
    for (const list of bySymbol.values()) list.sort((a, b) => a.createdAt - b.createdAt)
    for (const list of targets.values()) list.sort((a, b) => a.createdAt - b.createdAt)
    for (const trade of this.trades) {
      const exitSide = trade.side === 'long' ? 'sell' : 'buy'
      const entryIds = this.#entryIds.get(trade.id) ?? []
      const belongs = (o: Order) =>
        o.side === exitSide &&
        ((o.parentId !== undefined && entryIds.includes(o.parentId)) ||
          (o.createdAt >= trade.entryTs && o.createdAt <= trade.exitTs))
      const target = (targets.get(trade.symbol) ?? []).find(belongs)?.limitPrice
      if (target !== undefined) trade.initialTarget = target
      const first = (bySymbol.get(trade.symbol) ?? []).find(belongs)
      if (first === undefined) continue
      let stop = first.stopPrice
      if (stop === undefined && first.type === 'trailing_stop') {
        if (first.trailPrice !== undefined)
          stop =
            trade.side === 'long' ? trade.entryPrice - first.trailPrice : trade.entryPrice + first.trailPrice
        else if (first.trailPercent !== undefined)
          stop = trade.entryPrice * (1 + ((trade.side === 'long' ? -1 : 1) * first.trailPercent) / 100)
      }
      if (stop === undefined) continue
      trade.initialStop = stop
      const risk = Math.abs(trade.entryPrice - stop) * trade.qty
      if (risk > EPSILON) trade.rMultiple = round(trade.netPnl / risk, 4)
    }
  }
}
