/**
 * The rules that can halt trading, named in every halt, event and explanation.
 *
 * - `daily_loss` / `daily_loss_percent`: the day's P&L fell to the money or percent limit;
 * - `consecutive_losses`: too many losing trades in a row;
 * - `drawdown`: equity fell too far from its peak;
 * - `max_trades`: the day's entry limit was reached;
 * - `runaway_orders` / `runaway_rejections`: too many orders or rejections in a short window;
 * - `kill_switch`: the latched manual stop; `manual`: a manual halt;
 * - `state_unreadable`: the persisted state could not be read at start-up;
 * - `store_failure`: the state could not be saved.
 *
 * @example
 * ```ts
 * import { BreakerRule } from '@tradeblocks/circuit-breaker'
 *
 * breaker.on('tripped', (halt) => {
 *   if (halt.rule === BreakerRule.KillSwitch) pageSomeone(halt.reason)
 * })
 * ```
 */
export const BreakerRule = {
  DailyLoss: 'daily_loss',
  DailyLossPercent: 'daily_loss_percent',
  ConsecutiveLosses: 'consecutive_losses',
  Drawdown: 'drawdown',
  MaxTrades: 'max_trades',
  RunawayOrders: 'runaway_orders',
  RunawayRejections: 'runaway_rejections',
  KillSwitch: 'kill_switch',
  Manual: 'manual',
  StateUnreadable: 'state_unreadable',
  StoreFailure: 'store_failure',
} as const

/**
 * One of the {@link BreakerRule} values.
 *
 * @example
 * ```ts
 * import type { BreakerRuleValue } from '@tradeblocks/circuit-breaker'
 *
 * const rule: BreakerRuleValue = 'daily_loss'
 * ```
 */
export type BreakerRuleValue = (typeof BreakerRule)[keyof typeof BreakerRule]

/** Every rule value, for schemas. */
export const BREAKER_RULES = Object.values(BreakerRule) as [BreakerRuleValue, ...BreakerRuleValue[]]
