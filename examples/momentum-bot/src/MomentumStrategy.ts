// The reference momentum strategy: premarket scan → bull-flag breakout → risk-sized bracket → stop
// management → end-of-day flat. Assembled only from the public APIs of the tradeblocks packages.
import { type BullFlagDetection, BullFlagDetector } from '@tradeblocks/bull-flag'
import type { TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
import {
  type Bar,
  fromNewYork,
  isBaseError,
  type OrderUpdate,
  roundMoney,
  roundToTick,
  TypedEmitter,
  tickSize,
  toNewYork,
} from '@tradeblocks/core'
import type { SessionEvent, Strategy, StrategyContext } from '@tradeblocks/engine'
import { ATR } from '@tradeblocks/indicators'
import {
  createTradeRecord,
  type ExitReason,
  type Journal,
  type TradeMode,
  type TradeRecord,
} from '@tradeblocks/journal'
import {
  atrStop,
  chooseStop,
  createPreTradeChecks,
  type DayTradeRecord,
  type PreTradeChecker,
  rMultipleTarget,
  StopAdjuster,
  sizePosition,
  structureStop,
} from '@tradeblocks/risk'
import type { BotConfig } from './config.js'

/** One row of the day's watchlist, as the premarket scan ranked it. */
export interface WatchlistEntry {
  symbol: string
  rank: number
  score: number
  gapPct: number
  relativeVolume: number
  lastPrice: number
  catalyst?: string
  catalystSign?: 'positive' | 'negative' | 'mixed' | 'neutral'
}

/** Builds the watchlist of a trading day at the scan time (09:00 ET by default). */
export type WatchlistBuilder = (date: string, ts: number) => WatchlistEntry[] | Promise<WatchlistEntry[]>

/** What the bot tracks about a position it opened. */
export interface OpenTrade {
  symbol: string
  entryClientOrderId: string
  qty: number
  entryPrice: number
  entryTs: number
  entryValue: number
  plannedStop: number
  plannedTarget: number
  stop: number
  riskPerShare: number
  fees: number
  exitQty: number
  exitValue: number
  exitTs: number
  high: number
  low: number
  lastPrice: number
  stopPhase: 'initial' | 'breakeven' | 'trailing'
  adjuster: StopAdjuster | undefined
  detection: BullFlagDetection
  watch: WatchlistEntry | undefined
  entryOrderIds: string[]
  exitOrderIds: string[]
  exitReason: ExitReason | undefined
}

/** Events the strategy emits for dashboards, logs and tests. */
export type MomentumEvents = {
  watchlist: [entries: WatchlistEntry[], date: string]
  entry: [trade: OpenTrade, message: string]
  skip: [symbol: string, reason: string, ts: number]
  stopMoved: [trade: OpenTrade, reason: string]
  exit: [record: TradeRecord]
  session: [event: SessionEvent]
  log: [level: 'info' | 'warn' | 'error', message: string, ts: number]
  /** The market clock moved to a new minute. */
  tick: [ts: number]
}

/** What the strategy needs from its surroundings. */
export interface MomentumStrategyOptions {
  config: BotConfig
  mode: TradeMode
  accountId: string
  breaker: TradingCircuitBreaker
  watchlist: WatchlistBuilder
  journal?: Journal
  /** Called when the runner starts, with its context (the backtest mode binds its clock here). */
  onStart?: (ctx: StrategyContext) => void
}

interface SymbolState {
  detector: BullFlagDetector
  atr: ATR
  watch: WatchlistEntry
  lastClose: number
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/**
 * The reference momentum day-trading strategy. Every decision it makes is logged as an event so the
 * dashboard, the journal and a reader of the code can follow it.
 */
export class MomentumStrategy implements Strategy {
  readonly name = 'momentum-bull-flag'
  readonly events = new TypedEmitter<MomentumEvents>({
    onListenerError: (error) => console.error('momentum listener failed:', error),
  })
  readonly open = new Map<string, OpenTrade>()
  readonly closed: TradeRecord[] = []
  /** Paused by the operator (dashboard key p): no new entries; exits keep working. */
  paused = false

  readonly #config: BotConfig
  readonly #options: MomentumStrategyOptions
  readonly #symbols = new Map<string, SymbolState>()
  readonly #pending = new Set<string>()
  readonly #exitReasons = new Map<string, ExitReason>()
  readonly #preTrade: PreTradeChecker
  readonly #dayTrades: DayTradeRecord[] = []
  #date = ''
  #scanned = false
  #flattened = false
  #lastEquityTs = 0
  #lastTick = 0
  #watchlist: WatchlistEntry[] = []

  constructor(options: MomentumStrategyOptions) {
    this.#options = options
    this.#config = options.config
    this.#preTrade = createPreTradeChecks({
      maxOpenPositions: options.config.risk.maxOpenPositions,
      maxSymbolExposure: options.config.risk.maxPositionPct,
    })
  }

  onStart(ctx: StrategyContext): void {
    this.#options.onStart?.(ctx)
  }

  /** The last close seen of a watched symbol. */
  lastPrice(symbol: string): number | undefined {
    return this.#symbols.get(symbol)?.lastClose
  }

  /** The current day's watchlist. */
  get watchlist(): readonly WatchlistEntry[] {
    return this.#watchlist
  }

  #log(ctx: StrategyContext, level: 'info' | 'warn' | 'error', message: string): void {
    this.events.emit('log', level, message, ctx.now())
    ctx.log[level](message)
  }

  #nyMinutes(ts: number): { date: string; minutes: number } {
    const ny = toNewYork(ts)
    return { date: ny.date, minutes: ny.minuteOfDay }
  }

  async onBar(bar: Bar, ctx: StrategyContext): Promise<void> {
    if (bar.timeframe !== '1m') return
    const now = ctx.now()
    if (now > this.#lastTick) {
      this.#lastTick = now
      this.events.emit('tick', now)
    }
    const { date, minutes } = this.#nyMinutes(now)
    if (date !== this.#date) this.#newDay(date)

    if (!this.#scanned && minutes >= minutesOf(this.#config.scanner.at)) await this.#scan(date, now, ctx)

    const trade = this.open.get(bar.symbol)
    const state = this.#symbols.get(bar.symbol)
    const atr = state?.atr.update(bar)
    if (state) state.lastClose = bar.close
    if (trade) this.#manageTrade(trade, bar, atr, ctx)

    if (now - this.#lastEquityTs >= 60_000) {
      this.#lastEquityTs = now
      await this.#updateEquity(ctx)
    }

    if (minutes >= minutesOf(this.#config.risk.flattenAt)) {
      if (!this.#flattened) await this.#flattenAll(ctx, 'session_close', 'end of day: flat by the close')
      return
    }
    if (!state) return
    const events = state.detector.update(bar)
    for (const event of events) {
      if (event.type === 'breakout') await this.#onBreakout(event.detection, bar, atr, state, ctx)
      else if (event.type === 'flag-forming') {
        this.#log(
          ctx,
          'info',
          `${bar.symbol} flag forming: breakout above ${event.setup.breakoutPrice}, support ${event.setup.support}`,
        )
      }
    }
  }

  #newDay(date: string): void {
    this.#date = date
    this.#scanned = false
    this.#flattened = false
    this.#symbols.clear()
    this.#pending.clear()
    this.#watchlist = []
  }

  async #scan(date: string, now: number, ctx: StrategyContext): Promise<void> {
    this.#scanned = true
    const entries = await this.#options.watchlist(date, now)
    this.#watchlist = entries
    for (const watch of entries) {
      const detector = new BullFlagDetector({ symbol: watch.symbol, onInvalidBar: 'report' })
      const atr = new ATR({ period: 14 })
      // Warm the detector and the ATR on the premarket bars seen so far.
      let lastClose = watch.lastPrice
      for (const bar of ctx.history(watch.symbol, '1m')) {
        detector.update(bar)
        atr.update(bar)
        lastClose = bar.close
      }
      this.#symbols.set(watch.symbol, { detector, atr, watch, lastClose })
    }
    this.events.emit('watchlist', entries, date)
    this.#log(
      ctx,
      'info',
      entries.length === 0
        ? `scan ${date}: no stock passed the filters`
        : `scan ${date}: watching ${entries.map((e) => `${e.symbol} (gap ${e.gapPct.toFixed(1)}%, rvol ${e.relativeVolume.toFixed(1)})`).join(', ')}`,
    )
  }

  #skip(ctx: StrategyContext, symbol: string, reason: string): void {
    this.events.emit('skip', symbol, reason, ctx.now())
    this.#log(ctx, 'info', `${symbol} breakout skipped: ${reason}`)
  }

  async #onBreakout(
    detection: BullFlagDetection,
    bar: Bar,
    atr: number | undefined,
    state: SymbolState,
    ctx: StrategyContext,
  ): Promise<void> {
    const symbol = bar.symbol
    const now = ctx.now()
    const { minutes } = this.#nyMinutes(now)
    if (ctx.calendar.sessionAt(now - 1).session !== 'regular')
      return this.#skip(ctx, symbol, 'outside the regular session')
    if (minutes >= minutesOf(this.#config.risk.noEntriesAfter))
      return this.#skip(ctx, symbol, `no new entries after ${this.#config.risk.noEntriesAfter} ET`)
    if (this.paused) return this.#skip(ctx, symbol, 'entries paused by the operator')
    if (this.open.has(symbol) || this.#pending.has(symbol))
      return this.#skip(ctx, symbol, 'already in a position')

    const decision = this.#options.breaker.canEnter(symbol)
    if (!decision.allowed) return this.#skip(ctx, symbol, `circuit breaker: ${decision.reason}`)

    const entry = roundToTick(Math.max(bar.close, detection.breakoutPrice), 'up')
    const tick = tickSize(entry)
    let stop: number
    let stopReason: string
    try {
      const candidates = [
        { source: 'structure', stop: structureStop({ level: detection.support, entry }).stop },
      ]
      if (atr !== undefined && atr > 0) {
        candidates.push({
          source: 'atr',
          stop: atrStop({ entry, atr, multiplier: this.#config.risk.atrMultiplier }).stop,
        })
      }
      const chosen = chooseStop({ entry, candidates, prefer: 'looser' })
      stop = chosen.stop
      stopReason = chosen.reason
    } catch (error) {
      return this.#skip(
        ctx,
        symbol,
        `no valid stop: ${isBaseError(error) ? error.shortMessage : String(error)}`,
      )
    }
    if (entry - stop < 2 * tick)
      return this.#skip(ctx, symbol, `stop ${stop} is too close to the entry ${entry}`)
    const target = rMultipleTarget({ entry, stop, multiple: this.#config.risk.targetR }).target

    const account = await ctx.account()
    const sizing = sizePosition({
      equity: account.equity,
      buyingPower: account.buyingPower,
      entry,
      stop,
      riskFraction: this.#config.risk.riskPerTrade,
      maxPositionFraction: this.#config.risk.maxPositionPct,
    })
    if (!sizing.ok) return this.#skip(ctx, symbol, `sizing: ${sizing.reason}`)

    const report = this.#preTrade({
      ts: now,
      symbol,
      orderValue: sizing.notional,
      equity: account.equity,
      positions: ctx
        .positions()
        .map((p) => ({ symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgEntryPrice })),
      dayTrades: this.#dayTrades,
      wouldBeDayTrade: true,
    })
    if (!report.ok) return this.#skip(ctx, symbol, report.rejections.map((r) => r.reason).join('; '))

    this.#pending.add(symbol)
    this.#options.breaker.recordOrder({ symbol, kind: 'entry' })
    try {
      const order = await ctx.submit({
        type: 'market',
        symbol,
        side: 'buy',
        qty: sizing.qty,
        timeInForce: 'day',
        bracket: { stopLoss: { stopPrice: stop }, takeProfit: { limitPrice: target } },
      })
      const trade: OpenTrade = {
        symbol,
        entryClientOrderId: order.clientOrderId,
        qty: 0,
        entryPrice: entry,
        entryTs: now,
        entryValue: 0,
        plannedStop: stop,
        plannedTarget: target,
        stop,
        riskPerShare: entry - stop,
        fees: 0,
        exitQty: 0,
        exitValue: 0,
        exitTs: now,
        high: entry,
        low: entry,
        lastPrice: entry,
        stopPhase: 'initial',
        adjuster: undefined,
        detection,
        watch: state.watch,
        entryOrderIds: [order.id],
        exitOrderIds: [],
        exitReason: undefined,
      }
      this.open.set(symbol, trade)
      const message = `${symbol} breakout at ${entry}: buy ${sizing.qty} (${sizing.explanation}); stop ${stop} (${stopReason}), target ${target} (${this.#config.risk.targetR}R)`
      this.events.emit('entry', trade, message)
      this.#log(ctx, 'info', message)
    } catch (error) {
      this.#pending.delete(symbol)
      this.#options.breaker.recordRejection({ symbol, reason: String(error) })
      this.#log(
        ctx,
        'warn',
        `${symbol} entry order failed: ${isBaseError(error) ? error.shortMessage : String(error)}`,
      )
    }
  }

  #manageTrade(trade: OpenTrade, bar: Bar, atr: number | undefined, ctx: StrategyContext): void {
    trade.lastPrice = bar.close
    if (trade.qty === 0) return
    trade.high = Math.max(trade.high, bar.high)
    trade.low = Math.min(trade.low, bar.low)
    const adjuster = trade.adjuster
    if (adjuster === undefined) return
    const update = adjuster.update(
      atr === undefined ? bar : { high: bar.high, low: bar.low, close: bar.close, atr },
    )
    if (!update.changed || update.hit) return
    const stopLeg = ctx
      .openOrders(trade.symbol)
      .find((o) => o.side === 'sell' && (o.type === 'stop' || o.type === 'stop_limit'))
    if (stopLeg === undefined) return
    trade.stop = update.stop
    trade.stopPhase = update.phase
    this.#exitReasons.set(stopLeg.clientOrderId, update.phase === 'trailing' ? 'trailing_stop' : 'stop')
    ctx
      .replace(stopLeg.clientOrderId, { stopPrice: update.stop })
      .then((replacement) => {
        this.#exitReasons.set(
          replacement.clientOrderId,
          update.phase === 'trailing' ? 'trailing_stop' : 'stop',
        )
        this.events.emit('stopMoved', trade, update.reason)
        this.#log(
          ctx,
          'info',
          `${trade.symbol} stop ${update.previousStop} → ${update.stop}: ${update.reason}`,
        )
      })
      .catch((error: unknown) => {
        this.#log(
          ctx,
          'warn',
          `${trade.symbol} stop move failed: ${isBaseError(error) ? error.shortMessage : String(error)}`,
        )
      })
  }

  async #updateEquity(ctx: StrategyContext): Promise<void> {
    const account = await ctx.account()
    let unrealized = 0
    for (const trade of this.open.values()) {
      const held = trade.qty - trade.exitQty
      if (held > 0) unrealized += held * (trade.lastPrice - trade.entryPrice)
    }
    this.#options.breaker.updateEquity({ equity: account.equity, unrealized: roundMoney(unrealized) })
  }

  async #flattenAll(ctx: StrategyContext, reason: ExitReason, why: string): Promise<void> {
    this.#flattened = true
    for (const position of ctx.positions()) {
      await ctx.cancelAll(position.symbol)
      const order = await ctx.submit({
        type: 'market',
        symbol: position.symbol,
        side: position.qty > 0 ? 'sell' : 'buy',
        qty: Math.abs(position.qty),
        timeInForce: 'day',
      })
      this.#exitReasons.set(order.clientOrderId, reason)
      this.#options.breaker.recordOrder({ symbol: position.symbol, kind: 'exit' })
      this.#log(ctx, 'info', `${position.symbol}: ${why}; selling ${Math.abs(position.qty)} at market`)
    }
    // Entries that never filled are canceled too.
    for (const order of ctx.openOrders()) await ctx.cancel(order.clientOrderId)
  }

  /** Flattens every position now (kill switch, shutdown). */
  flatten(ctx: StrategyContext, reason: ExitReason, why: string): Promise<void> {
    return this.#flattenAll(ctx, reason, why)
  }

  async onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): Promise<void> {
    const { order, fill } = update
    if (update.event === 'rejected') {
      this.#options.breaker.recordRejection({
        symbol: order.symbol,
        reason: order.rejectReason ?? 'rejected',
      })
      this.#log(
        ctx,
        'warn',
        `${order.symbol} order ${order.clientOrderId} rejected: ${order.rejectReason ?? 'no reason given'}`,
      )
    }
    const trade = this.open.get(order.symbol)
    if (trade === undefined) return
    if (
      (update.event === 'canceled' || update.event === 'expired' || update.event === 'rejected') &&
      order.clientOrderId === trade.entryClientOrderId &&
      trade.qty === 0
    ) {
      this.open.delete(order.symbol)
      this.#pending.delete(order.symbol)
      return
    }
    if (fill === undefined || (update.event !== 'fill' && update.event !== 'partial_fill')) return
    if (fill.side === 'buy') {
      trade.qty += fill.qty
      trade.entryValue += fill.qty * fill.price
      trade.fees += fill.commission
      trade.entryPrice = trade.entryValue / trade.qty
      trade.entryTs = trade.qty === fill.qty ? fill.ts : trade.entryTs
      trade.high = Math.max(trade.high, fill.price)
      trade.low = Math.min(trade.low, fill.price)
      if (!trade.entryOrderIds.includes(order.id)) trade.entryOrderIds.push(order.id)
      this.#pending.delete(order.symbol)
      trade.adjuster = new StopAdjuster({
        entry: trade.entryPrice,
        stop: trade.stop,
        breakevenAtR: this.#config.risk.breakevenAtR,
        trail: { type: 'chandelier', atrMultiple: this.#config.risk.trailAtrMultiplier },
      })
      return
    }
    trade.exitQty += fill.qty
    trade.exitValue += fill.qty * fill.price
    trade.fees += fill.commission
    trade.exitTs = fill.ts
    if (!trade.exitOrderIds.includes(order.id)) trade.exitOrderIds.push(order.id)
    trade.exitReason ??=
      this.#exitReasons.get(order.clientOrderId) ??
      (order.type === 'limit'
        ? 'target'
        : order.type === 'market'
          ? 'manual'
          : trade.stopPhase === 'trailing'
            ? 'trailing_stop'
            : 'stop')
    if (trade.exitQty + 1e-9 < trade.qty) return
    this.#closeTrade(trade, ctx)
  }

  #closeTrade(trade: OpenTrade, ctx: StrategyContext): void {
    this.open.delete(trade.symbol)
    const exitPrice = trade.exitValue / trade.exitQty
    const grossPnl = roundMoney(trade.exitValue - trade.entryValue)
    const fees = roundMoney(trade.fees)
    const record = createTradeRecord({
      id: `${this.name}-${trade.entryClientOrderId}`,
      strategy: this.name,
      mode: this.#options.mode,
      account: this.#options.accountId,
      symbol: trade.symbol,
      side: 'long',
      qty: trade.qty,
      entryTs: trade.entryTs,
      entryPrice: roundToTick(trade.entryPrice, 'nearest', 0.0001),
      exitTs: trade.exitTs,
      exitPrice: roundToTick(exitPrice, 'nearest', 0.0001),
      plannedStop: trade.plannedStop,
      plannedTarget: trade.plannedTarget,
      exitReason: trade.exitReason ?? 'other',
      grossPnl,
      netPnl: roundMoney(grossPnl - fees),
      fees,
      rMultiple: Number(((exitPrice - trade.entryPrice) / trade.riskPerShare).toFixed(4)),
      mfe: roundMoney(Math.max(0, trade.high - trade.entryPrice) * trade.qty),
      mae: roundMoney(Math.max(0, trade.entryPrice - trade.low) * trade.qty),
      setup: 'bull-flag',
      signal: {
        poleGainPct: trade.detection.pole.gainPct,
        flagRangePct: trade.detection.flag.rangePct,
        retracement: trade.detection.flag.retracement,
        breakoutPrice: trade.detection.breakoutPrice,
        support: trade.detection.support,
        quality: trade.detection.quality,
      },
      ...(trade.watch === undefined ? {} : { scannerScore: trade.watch.score }),
      ...(trade.watch?.catalyst === undefined ? {} : { catalyst: trade.watch.catalyst }),
      entryOrderIds: trade.entryOrderIds,
      exitOrderIds: trade.exitOrderIds,
      tags: ['momentum', 'bull-flag'],
    })
    this.closed.push(record)
    this.#dayTrades.push({ ts: trade.exitTs, symbol: trade.symbol })
    this.#options.breaker.recordTradeClosed({ pnl: record.netPnl, symbol: trade.symbol })
    // The journal commits durably in the background (group commit); the strategy never waits on disk.
    this.#options.journal?.appendTrade(record).catch((error: unknown) => {
      this.#log(
        ctx,
        'error',
        `journal append failed for ${record.id}: ${isBaseError(error) ? error.shortMessage : String(error)}`,
      )
    })
    this.events.emit('exit', record)
    this.#log(
      ctx,
      'info',
      `${trade.symbol} closed (${record.exitReason}): ${trade.qty} @ ${record.entryPrice} → ${record.exitPrice}, net ${record.netPnl.toFixed(2)} (${record.rMultiple?.toFixed(2)}R)`,
    )
  }

  onSessionOpen(session: SessionEvent): void {
    this.events.emit('session', session)
  }

  onSessionClose(session: SessionEvent): void {
    this.events.emit('session', session)
  }

  /** The regular-session close instant of a New York date, for summaries. */
  static closeOf(date: string): number {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number]
    return fromNewYork(y, m, d, 16, 0)
  }
}
