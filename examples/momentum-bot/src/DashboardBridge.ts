// Maps the bot's state (strategy, breaker, broker) into the dashboard's view model.
import type { TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
import type { Broker } from '@tradeblocks/core'
import type {
  BreakerView,
  ClosedTradeRow,
  DashboardController,
  DashboardStateInput,
  PositionRow,
  WatchlistRow,
  WatchlistStatus,
} from '@tradeblocks/dashboard'
import type { BotConfig } from './config.js'
import type { MomentumStrategy } from './MomentumStrategy.js'

/** Options of {@link DashboardBridge}. */
export interface DashboardBridgeOptions {
  strategy: MomentumStrategy
  breaker: TradingCircuitBreaker
  broker: Broker
  config: BotConfig
  speed: number
}

/** Keeps a dashboard in step with the bot. */
export class DashboardBridge {
  readonly #options: DashboardBridgeOptions
  readonly #status = new Map<string, WatchlistStatus>()
  readonly #closed: ClosedTradeRow[] = []
  #dashboard: DashboardController | undefined
  #peak = 0
  #dayStart = 0

  constructor(options: DashboardBridgeOptions) {
    this.#options = options
  }

  initialState(ts: number): DashboardStateInput {
    const { config } = this.#options
    return {
      title: `tradeblocks momentum bot · ${config.mode}${config.mode === 'replay' ? ` · seed ${config.seed}` : ''}`,
      clock: { ts, mode: config.mode, ...(config.mode === 'replay' ? { speed: this.#options.speed } : {}) },
      breaker: this.#breakerView(),
    }
  }

  #breakerView(): BreakerView {
    const status = this.#options.breaker.status()
    const { breaker: limits } = this.#options.config
    const killed = status.halts.some((h) => h.rule === 'kill_switch')
    const tripped = new Set(status.halts.map((h) => h.rule))
    return {
      state: killed ? 'killed' : status.state,
      ...(status.halts.length > 0 ? { reason: status.halts.map((h) => h.reason).join('; ') } : {}),
      ...(status.halts[0] ? { since: status.halts[0].trippedAt } : {}),
      rules: [
        {
          name: 'daily loss',
          value: Math.max(0, -status.dailyPnl),
          limit: limits.maxDailyLoss,
          unit: 'money',
          tripped: tripped.has('daily_loss'),
        },
        {
          name: 'losing streak',
          value: status.consecutiveLosses,
          limit: limits.maxConsecutiveLosses,
          unit: 'count',
          tripped: tripped.has('consecutive_losses'),
        },
        {
          name: 'drawdown',
          value: status.drawdownPercent * 100,
          limit: limits.maxDrawdownPct,
          unit: 'percent',
          tripped: tripped.has('drawdown'),
        },
        {
          name: 'trades today',
          value: status.entriesToday,
          limit: limits.maxTradesPerDay,
          unit: 'count',
          tripped: tripped.has('max_trades'),
        },
      ],
    }
  }

  attach(dashboard: DashboardController): void {
    this.#dashboard = dashboard
    const { strategy, breaker } = this.#options
    strategy.events.on('watchlist', (entries) => {
      this.#status.clear()
      this.#closed.length = 0
      for (const entry of entries) this.#status.set(entry.symbol, 'watching')
      void this.refresh()
    })
    strategy.events.on('entry', (trade, message) => {
      this.#status.set(trade.symbol, 'entered')
      dashboard.log(message, 'info')
      void this.refresh()
    })
    strategy.events.on('skip', (symbol, reason) => {
      if (this.#status.get(symbol) === 'watching') this.#status.set(symbol, 'blocked')
      dashboard.log(`${symbol} skipped: ${reason}`, 'info')
    })
    strategy.events.on('stopMoved', (trade, reason) => {
      dashboard.log(`${trade.symbol} stop → ${trade.stop}: ${reason}`, 'info')
      void this.refresh()
    })
    strategy.events.on('exit', (record) => {
      this.#status.set(record.symbol, 'exited')
      this.#closed.push({
        id: record.id,
        symbol: record.symbol,
        side: 'long',
        qty: record.qty,
        entryPrice: record.entryPrice,
        exitPrice: record.exitPrice,
        pnl: record.netPnl,
        ...(record.rMultiple === undefined ? {} : { r: record.rMultiple }),
        exitReason: record.exitReason,
        openedAt: record.entryTs,
        closedAt: record.exitTs,
      })
      void this.refresh()
    })
    strategy.events.on('log', (level, message) => {
      if (level !== 'info') dashboard.log(message, level)
    })
    breaker.on('tripped', (halt) => {
      dashboard.alert(`circuit breaker tripped (${halt.rule}): ${halt.reason}`, 'critical')
      void this.refresh()
    })
    breaker.on('reset', () => void this.refresh())
  }

  /** Pushes the current state to the dashboard. */
  async refresh(ts?: number): Promise<void> {
    const dashboard = this.#dashboard
    if (dashboard === undefined || dashboard.stopped) return
    const { strategy, broker } = this.#options
    const account = await broker.getAccount()
    if (this.#dayStart === 0) this.#dayStart = account.equity
    this.#peak = Math.max(this.#peak, account.equity)
    const watchlist: WatchlistRow[] = strategy.watchlist.map((entry) => ({
      symbol: entry.symbol,
      score: Number(entry.score.toFixed(2)),
      gapPct: Number(entry.gapPct.toFixed(2)),
      rvol: Number(entry.relativeVolume.toFixed(2)),
      last: strategy.lastPrice(entry.symbol) ?? entry.lastPrice,
      ...(entry.catalyst === undefined ? {} : { catalyst: entry.catalyst }),
      status: this.#status.get(entry.symbol) ?? 'watching',
    }))
    const positions: PositionRow[] = []
    for (const trade of strategy.open.values()) {
      const held = trade.qty - trade.exitQty
      if (held <= 0) continue
      positions.push({
        symbol: trade.symbol,
        qty: held,
        avgEntry: Number(trade.entryPrice.toFixed(4)),
        last: trade.lastPrice,
        stop: trade.stop,
        target: trade.plannedTarget,
        initialStop: trade.plannedStop,
        unrealizedPnl: Number((held * (trade.lastPrice - trade.entryPrice)).toFixed(2)),
        openedAt: trade.entryTs,
      })
    }
    const orders = (await broker.getOrders({ status: 'open' })).map((order) => ({
      id: order.id,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      qty: order.qty ?? order.filledQty,
      filledQty: order.filledQty,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
      status: order.status,
      submittedAt: order.createdAt,
      ...(order.parentId === undefined ? {} : { role: order.type === 'limit' ? 'target' : 'stop' }),
    }))
    dashboard.update({
      ...(ts === undefined ? {} : { clock: { ts } }),
      paused: strategy.paused,
      account: {
        equity: Number(account.equity.toFixed(2)),
        peakEquity: Number(this.#peak.toFixed(2)),
        dayPnl: Number((account.equity - this.#dayStart).toFixed(2)),
        startEquity: this.#dayStart,
        cash: Number(account.cash.toFixed(2)),
        buyingPower: Number(account.buyingPower.toFixed(2)),
      },
      breaker: this.#breakerView(),
      watchlist,
      positions,
      orders: orders.filter((o) => o.qty > 0),
      closedTrades: [...this.#closed],
    })
  }
}
