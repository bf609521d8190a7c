import type { Order, OrderStatus } from '@tradeblocks/core'

/**
 * One difference between what the order manager believed and what the broker reported.
 *
 * - `order_status`: a tracked order's status differs (the broker's is adopted).
 * - `order_filled_qty`: a tracked order's filled quantity differs (the broker's is adopted; positions follow).
 * - `order_missing`: an order the manager believed open is unknown to the broker (marked `rejected`).
 * - `order_adopted`: an open broker order with this manager's id pattern that it did not track (now tracked).
 * - `order_foreign`: an open broker order from someone else (left alone, reported).
 * - `position_qty`: a position differs (the broker's is adopted unless `positions: 'report'`).
 *
 * @example
 * ```ts
 * import type { ReconcileDifference } from '@tradeblocks/engine'
 *
 * function describe(d: ReconcileDifference): string {
 *   switch (d.kind) {
 *     case 'position_qty': return `${d.symbol}: engine ${d.local}, broker ${d.broker}`
 *     case 'order_status': return `${d.clientOrderId}: engine ${d.local}, broker ${d.broker}`
 *     default: return d.kind
 *   }
 * }
 * ```
 */
export type ReconcileDifference =
  | { kind: 'order_status'; clientOrderId: string; local: OrderStatus; broker: OrderStatus }
  | { kind: 'order_filled_qty'; clientOrderId: string; local: number; broker: number }
  | { kind: 'order_missing'; clientOrderId: string; local: OrderStatus }
  | { kind: 'order_adopted'; clientOrderId: string; order: Order }
  | { kind: 'order_foreign'; clientOrderId: string; order: Order }
  | { kind: 'position_qty'; symbol: string; local: number; broker: number }

/**
 * The outcome of `OrderManager.reconcile()`: every difference found, and the state after adopting
 * the broker's view.
 *
 * @example
 * ```ts
 * import type { ReconcileReport } from '@tradeblocks/engine'
 *
 * function alertOn(report: ReconcileReport) {
 *   if (!report.clean) console.warn(`${report.differences.length} differences with the broker`, report.differences)
 * }
 * ```
 */
export interface ReconcileReport {
  /** When it ran, epoch ms. */
  ts: number
  /** True when nothing differed. */
  clean: boolean
  /** Every difference found, orders first, then positions. */
  differences: ReconcileDifference[]
  /** Open orders tracked after reconciliation. */
  openOrders: number
  /** Positions held after reconciliation. */
  positions: number
  /** The next client order id sequence number after looking at the broker's orders. */
  sequence: number
}
