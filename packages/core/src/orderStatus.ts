import { IllegalTransitionError } from './errors.js'
import type { OrderStatus } from './schemas/order.js'

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired', 'replaced'])

/**
 * The legal moves of the order state machine. A broker may fill or cancel an order before its
 * acknowledgement arrives, and a fill may race a cancel or a replace, so those edges exist too.
 * Terminal statuses have no exits.
 */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['accepted', 'partially_filled', 'filled', 'pending_cancel', 'canceled', 'rejected', 'expired'],
  accepted: [
    'partially_filled',
    'filled',
    'pending_cancel',
    'pending_replace',
    'canceled',
    'expired',
    'rejected',
    'replaced',
  ],
  partially_filled: [
    'partially_filled',
    'filled',
    'pending_cancel',
    'pending_replace',
    'canceled',
    'expired',
    'replaced',
  ],
  pending_cancel: ['canceled', 'partially_filled', 'filled', 'accepted', 'expired'],
  pending_replace: ['replaced', 'accepted', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
  replaced: [],
}

/**
 * True for the statuses an order never leaves: `filled`, `canceled`, `rejected`, `expired`, `replaced`.
 *
 * @example
 * ```ts
 * import { isTerminalStatus } from '@tradeblocks/core'
 *
 * isTerminalStatus('filled') // true
 * isTerminalStatus('partially_filled') // false
 * ```
 */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status)
}

/**
 * True when an order may move from `from` to `to`. `partially_filled → partially_filled` is legal
 * (another partial fill); every other self-transition is not.
 *
 * @example
 * ```ts
 * import { canTransition } from '@tradeblocks/core'
 *
 * canTransition('accepted', 'filled') // true
 * canTransition('filled', 'canceled') // false
 * ```
 */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * The statuses reachable in one step from `from`.
 *
 * @example
 * ```ts
 * import { nextStatuses } from '@tradeblocks/core'
 *
 * nextStatuses('pending_cancel') // ['canceled', 'partially_filled', 'filled', 'accepted', 'expired']
 * ```
 */
export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from]
}

/**
 * Throws an {@link IllegalTransitionError} unless `from → to` is legal.
 *
 * @throws IllegalTransitionError for an illegal move.
 *
 * @example
 * ```ts
 * import { assertTransition } from '@tradeblocks/core'
 *
 * assertTransition('accepted', 'canceled', 'o-1') // ok
 * assertTransition('canceled', 'filled', 'o-1') // throws IllegalTransitionError
 * ```
 */
export function assertTransition(from: OrderStatus, to: OrderStatus, orderId?: string): void {
  if (!canTransition(from, to)) {
    throw new IllegalTransitionError(orderId === undefined ? { from, to } : { from, to, orderId })
  }
}
