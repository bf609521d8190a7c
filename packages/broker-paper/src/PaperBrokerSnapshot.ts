import type { Order, OrderRequest } from '@tradeblocks/core'

/**
 * One working order of a {@link PaperBrokerSnapshot}: the order, its request, and the simulation's
 * state for it (trigger, trailing extreme, fills so far, expiry).
 *
 * @example
 * ```ts
 * import type { PaperOrderState } from '@tradeblocks/broker-paper'
 *
 * const remaining = (s: PaperOrderState) => (s.order.qty ?? 0) - s.order.filledQty
 * ```
 */
export interface PaperOrderState {
  order: Order
  request: OrderRequest
  /** Working at the simulated venue (false for bracket exits held until their entry fills). */
  working: boolean
  /** A stop-limit whose stop was reached. */
  triggered: boolean
  /** A trailing stop's best price so far. */
  extreme?: number
  /** When a day (opg, cls) order ends, epoch ms; `null` when it does not. */
  expiresAt: number | null
  auctionDate?: string
  /** Money value of the fills so far, and the commission charged so far. */
  filledValue: number
  commission: number
  fills: number
  role: 'simple' | 'entry' | 'exit'
  dayTradeCounted: boolean
  /** Index of its group in `groups`, for brackets, OTO and OCO. */
  group?: number
}

/**
 * The state of a {@link PaperBroker}, as JSON, so paper trading survives a restart: cash, positions,
 * working orders (with their brackets), day trades, and every client order id used (so duplicates are
 * still refused). Closed orders are not kept.
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs'
 * import { PaperBroker, type PaperBrokerSnapshot } from '@tradeblocks/broker-paper'
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const saved: PaperBrokerSnapshot | undefined = JSON.parse(readFileSync('paper.json', 'utf8'))
 * const broker = new PaperBroker({ clock: new SystemClock(), snapshot: saved })
 * broker.onOrderUpdate(() => writeFileSync('paper.json', JSON.stringify(broker.snapshot())))
 * ```
 */
export interface PaperBrokerSnapshot {
  version: 1
  /** Clock time of the snapshot, epoch ms. */
  savedAt: number
  cash: number
  /** The last order number used (order ids continue after it). */
  orderSeq: number
  /** Every client order id used so far. */
  clientOrderIds: string[]
  positions: { symbol: string; qty: number; avgEntryPrice: number; realizedPnl: number }[]
  /** Last prices, for marking positions. */
  marks: { symbol: string; price: number }[]
  /** Per symbol, the trading date a position was last opened or added to. */
  openedOn: { symbol: string; date: string }[]
  /** Day trades per trading date (the most recent dates). */
  dayTrades: { date: string; count: number }[]
  /** Working orders, including held bracket exits. */
  orders: PaperOrderState[]
  /** Brackets, OTO and OCO groups of the working orders. */
  groups: { entryFilled: number; entryDone: boolean; exitFilled: number }[]
}
