import {
  type Broker,
  type Clock,
  formatValue,
  type Timeframe,
  type TradingCalendar,
  type TypedEmitter,
  ValidationError,
} from '@tradeblocks/core'
import type { EngineEvents } from './EngineEvents.js'
import type { Logger } from './Logger.js'
import { OrderManager, type OrderManagerOptions } from './OrderManager.js'
import type { Strategy } from './Strategy.js'
import { type OnStrategyError, StrategyHost } from './StrategyHost.js'

/** The runner options both runners pass on to their order manager and strategy host. */
interface RuntimeOptions {
  strategy: Strategy
  broker: Broker
  clock: Clock
  historySize?: number
  onStrategyError?: OnStrategyError
  aggregate?: readonly Timeframe[]
  orderManager?: Omit<OrderManagerOptions, 'broker' | 'clock' | 'strategyName' | 'events' | 'logger'>
}

/**
 * The order manager and the strategy host a runner drives, built the same way by the backtest and the
 * live runner so that a strategy sees the same context in both. `subject` names the options in errors.
 */
export function createRuntime(
  options: RuntimeOptions,
  setting: {
    mode: 'backtest' | 'live'
    subject: string
    calendar: TradingCalendar
    logger: Logger
    events: TypedEmitter<EngineEvents>
  },
): { orderManager: OrderManager; host: StrategyHost } {
  const historySize = options.historySize ?? 1000
  if (!Number.isInteger(historySize) || historySize < 1)
    throw new ValidationError(setting.subject, [
      {
        path: 'historySize',
        message: `historySize must be a positive integer (got ${formatValue(historySize)})`,
        value: historySize,
      },
    ])
  const orderManager = new OrderManager({
    ...options.orderManager,
    broker: options.broker,
    clock: options.clock,
    strategyName: options.strategy.name,
    events: setting.events,
    logger: setting.logger,
  })
  const host = new StrategyHost({
    strategy: options.strategy,
    manager: orderManager,
    broker: options.broker,
    clock: options.clock,
    calendar: setting.calendar,
    mode: setting.mode,
    logger: setting.logger,
    events: setting.events,
    historySize,
    onStrategyError: options.onStrategyError ?? 'stop',
    ...(options.aggregate === undefined ? {} : { aggregate: options.aggregate }),
  })
  return { orderManager, host }
}
