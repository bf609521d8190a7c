import {
  type BaseError,
  type Clock,
  ErrorCode,
  HaltedError,
  isBaseError,
  nyse,
  parse,
  SymbolSchema,
  SystemClock,
  type TradingCalendar,
  type TradingDate,
  TypedEmitter,
  type TypedEmitterOptions,
  tradingDateOf,
  ValidationError,
} from '@tradeblocks/core'
import { z } from 'zod'
import { type BreakerConfig, BreakerConfigSchema } from './BreakerConfig.js'
import { BREAKER_RULES, BreakerRule, type BreakerRuleValue } from './BreakerRule.js'
import { type BreakerHalt, type BreakerState, BreakerStateSchema } from './BreakerState.js'
import { BreakerStateError } from './BreakerStateError.js'
import type { BreakerStore } from './BreakerStore.js'
import { FileBreakerStore } from './FileBreakerStore.js'
import { formatEt, formatMoney, formatPercent } from './format.js'

/**
 * The answer of {@link TradingCircuitBreaker.canEnter}: allowed, or refused with every active halt.
 *
 * @example
 * ```ts
 * import type { EntryDecision } from '@tradeblocks/circuit-breaker'
 *
 * const log = (d: EntryDecision) => (d.allowed ? 'entry allowed' : `blocked: ${d.reason}`)
 * ```
 */
export type EntryDecision =
  | { allowed: true; ts: number; symbol?: string }
  | {
      allowed: false
      ts: number
      symbol?: string
      /** Always `halted`, core's error code for a halt. */
      code: 'halted'
      /** The active halts. */
      halts: BreakerHalt[]
      /** One sentence per halt. */
      reason: string
    }

/**
 * A `reset` event: which halts lifted, by the session change or by hand.
 *
 * @example
 * ```ts
 * import type { BreakerResetEvent } from '@tradeblocks/circuit-breaker'
 *
 * const describe = (e: BreakerResetEvent) => `${e.rules.join(', ')} lifted by ${e.by}`
 * ```
 */
export interface BreakerResetEvent {
  rules: BreakerRuleValue[]
  by: 'session' | 'manual'
  reason: string
  ts: number
}

/**
 * A `session` event: a new trading day began for the breaker (daily counters back to zero).
 *
 * @example
 * ```ts
 * import type { BreakerSessionEvent } from '@tradeblocks/circuit-breaker'
 *
 * const onSession = (e: BreakerSessionEvent) => console.log(`day ${e.date} starts with ${e.startEquity}`)
 * ```
 */
export interface BreakerSessionEvent {
  /** The New York date of the new trading day. */
  date: TradingDate
  /** When it started (epoch ms). */
  start: number
  /** Equity carried in as the day's starting equity, when known. */
  startEquity: number | null
  ts: number
}

/**
 * The events of a {@link TradingCircuitBreaker}. Every decision is one, with the rule, the numbers and
 * the time: `tripped`, `reset`, `decision` (each `canEnter`), `flatten` (a halt asked to flatten),
 * `session` (a new trading day) and `error` (the store failed).
 *
 * @example
 * ```ts
 * import type { BreakerEvents } from '@tradeblocks/circuit-breaker'
 *
 * const names: (keyof BreakerEvents)[] = ['tripped', 'reset', 'decision', 'flatten', 'session', 'error']
 * ```
 */
export interface BreakerEvents {
  [event: string]: unknown[]
  tripped: [halt: BreakerHalt]
  reset: [event: BreakerResetEvent]
  decision: [decision: EntryDecision]
  flatten: [halt: BreakerHalt]
  session: [event: BreakerSessionEvent]
  error: [error: BaseError]
}

/**
 * The numbers a breaker watches, as of now; see {@link TradingCircuitBreaker.status}.
 *
 * @example
 * ```ts
 * import type { BreakerStatus } from '@tradeblocks/circuit-breaker'
 *
 * const headroom = (s: BreakerStatus, limit: number) => limit + s.dailyPnl
 * ```
 */
export interface BreakerStatus {
  /** `trading` when entries are allowed, `halted` otherwise. */
  state: 'trading' | 'halted'
  /** True when a halt lifts only by a manual reset (the kill switch, an unreadable state, ...). */
  latched: boolean
  /** The active halts. */
  halts: BreakerHalt[]
  /** When the last active halt lifts by itself; `null` when trading or latched. */
  nextResetAt: number | null
  /** The trading day in force. */
  period: { date: TradingDate; start: number; end: number }
  /** The day's P&L as the loss rules see it: the worse of realized and equity-based (since the last manual reset of a daily-loss halt). */
  dailyPnl: number
  /** Realized P&L of trades closed today. */
  realizedToday: number
  /** The latest unrealized P&L reported. */
  unrealized: number
  /** Equity at the start of the day, when known. */
  startEquity: number | null
  /** The latest equity, when known. */
  equity: number | null
  /** The highest equity seen. */
  peakEquity: number | null
  /** `(peak − equity) / peak`, or 0. */
  drawdownPercent: number
  /** Losing trades in a row. */
  consecutiveLosses: number
  /** Entries counted against the day's limit. */
  entriesToday: number
  /** Orders inside the runaway window. */
  ordersInWindow: number
  /** Rejections inside the runaway window. */
  rejectionsInWindow: number
}

/**
 * Options of {@link TradingCircuitBreaker.create}.
 *
 * @example
 * ```ts
 * import { ManualClock } from '@tradeblocks/core'
 * import { MemoryBreakerStore, type TradingCircuitBreakerOptions } from '@tradeblocks/circuit-breaker'
 *
 * const options: TradingCircuitBreakerOptions = {
 *   store: new MemoryBreakerStore(),
 *   clock: new ManualClock(Date.UTC(2026, 2, 6, 15)),
 *   config: { maxDailyLoss: 500, maxConsecutiveLosses: 3 },
 * }
 * ```
 */
export interface TradingCircuitBreakerOptions {
  /** The rules; validated. */
  config?: BreakerConfig
  /** Where the state lives; default a {@link FileBreakerStore} at `.tradeblocks/circuit-breaker.json`. */
  store?: BreakerStore
  /** The source of time; default the system clock. Backtests pass their simulated clock. */
  clock?: Clock
  /** The calendar that defines trading days and session starts; default core's `nyse`. */
  calendar?: TradingCalendar
  /** Passed to the event emitter: set `onListenerError` so a throwing listener cannot stop the breaker. */
  emitter?: TypedEmitterOptions
}

/**
 * What a trade closing tells the breaker; see {@link TradingCircuitBreaker.recordTradeClosed}.
 *
 * @example
 * ```ts
 * import type { ClosedTrade } from '@tradeblocks/circuit-breaker'
 *
 * const trade: ClosedTrade = { pnl: -84.2, symbol: 'ABCD' }
 * ```
 */
export interface ClosedTrade {
  /** Realized P&L of the trade, fees included. Below 0 extends the losing streak, above 0 ends it. */
  pnl: number
  symbol?: string
}

/**
 * An equity reading; see {@link TradingCircuitBreaker.updateEquity}.
 *
 * @example
 * ```ts
 * import type { EquityUpdate } from '@tradeblocks/circuit-breaker'
 *
 * const update: EquityUpdate = { equity: 24_512.3, unrealized: -87.7 }
 * ```
 */
export interface EquityUpdate {
  /** Account equity now: cash plus positions at market (realized and unrealized P&L included). */
  equity: number
  /** Unrealized P&L of open positions, for explanations. */
  unrealized?: number
  /** The day's starting equity as the broker knows it (e.g. Alpaca's `last_equity`); overrides the first reading. */
  sessionStartEquity?: number
}

const TradeSchema = z.object({
  pnl: z.number({ error: 'must be a finite number' }),
  symbol: SymbolSchema.optional(),
})
const EquitySchema = z.object({
  equity: z.number({ error: 'must be a finite number' }),
  unrealized: z.number({ error: 'must be a finite number' }).optional(),
  sessionStartEquity: z.number({ error: 'must be a finite number' }).optional(),
})
const ReasonSchema = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })

type Config = z.output<typeof BreakerConfigSchema>

/** Default location of the breaker state, under the `.tradeblocks/` directory the repo ignores. */
const DEFAULT_STATE_FILE = '.tradeblocks/circuit-breaker.json'

/**
 * A trading circuit breaker: it decides whether a new entry may be made, and halts trading when a rule
 * trips: a maximum daily loss (money, and percent of the session's starting equity, realized plus
 * unrealized), a losing streak, a drawdown from peak equity, a maximum number of entries per day, a runaway
 * guard (too many orders or rejections in a short window), and a manual kill switch.
 *
 * - **Halted** means no new entries; exits are always allowed. A halt can ask to flatten every position
 *   (a `flatten` event for the engine to act on).
 * - **Reset**: daily halts lift at the next trading day's session start (09:30 New York time by default,
 *   by the calendar, across DST changes and holidays), or by {@link TradingCircuitBreaker.reset}. The kill
 *   switch stays latched until a manual reset. Halts lift on the first call at or after their time.
 * - **Persistence**: every change is saved through the {@link BreakerStore} (a file written atomically by
 *   default), so a restart mid-day keeps the daily loss, the losing streak and the latch. A corrupt or
 *   unreadable state makes the breaker start halted (`state_unreadable`, latched), never open. A failed save
 *   halts it too (`store_failure`).
 * - **Time** comes from the core `Clock` it is given, never `Date.now()`: the same code runs in a backtest.
 *
 * The day's P&L, which the loss rules watch, is the worse of two measures: the realized P&L of trades
 * closed today, and `equity − the day's starting equity` (realized plus unrealized) once equity is
 * reported. So unrealized losses count at once and open gains never hide realized losses. Report deposits
 * and withdrawals with {@link TradingCircuitBreaker.recordCashFlow} so they do not look like gains or
 * losses. P&L of a position held overnight counts on the day it is closed.
 *
 * @example
 * ```ts
 * import { FileBreakerStore, TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
 *
 * const breaker = await TradingCircuitBreaker.create({
 *   store: new FileBreakerStore('./state/breaker.json'),
 *   config: { maxDailyLoss: 500, maxDailyLossPercent: 0.03, maxConsecutiveLosses: 3, maxDrawdownPercent: 0.1 },
 * })
 * breaker.on('tripped', (halt) => console.warn(halt.reason))
 *
 * if (breaker.canEnter('ABCD').allowed) {
 *   breaker.recordOrder({ symbol: 'ABCD', kind: 'entry' })
 *   // ... submit the order
 * }
 * breaker.updateEquity({ equity: 24_480, unrealized: -40 })
 * breaker.recordTradeClosed({ pnl: -120, symbol: 'ABCD' })
 * console.log(breaker.explain())
 * ```
 */
export class TradingCircuitBreaker extends TypedEmitter<BreakerEvents> {
  readonly #config: Config
  readonly #store: BreakerStore
  readonly #clock: Clock
  readonly #calendar: TradingCalendar
  #state: BreakerState
  #dirty = false
  #writing: Promise<void> | undefined
  /** The error met while loading the state, when the breaker started halted because of it. */
  readonly loadError: BaseError | undefined

  private constructor(
    config: Config,
    store: BreakerStore,
    clock: Clock,
    calendar: TradingCalendar,
    state: BreakerState,
    loadError: BaseError | undefined,
    emitter: TypedEmitterOptions,
  ) {
    super(emitter)
    this.#config = config
    this.#store = store
    this.#clock = clock
    this.#calendar = calendar
    this.#state = state
    this.loadError = loadError
  }

  /**
   * Loads the saved state (or starts fresh when there is none) and returns a ready breaker. When the
   * state cannot be read or fails validation, the breaker starts halted by a latched `state_unreadable`
   * halt that names the error; it never starts open.
   *
   * @throws ValidationError for a bad config.
   *
   * @example
   * ```ts
   * const breaker = await TradingCircuitBreaker.create({ config: { maxDailyLoss: 500 } })
   * if (breaker.loadError) console.error(breaker.explain())
   * ```
   */
  static async create(options: TradingCircuitBreakerOptions = {}): Promise<TradingCircuitBreaker> {
    const config = parse(BreakerConfigSchema, options.config ?? {}, 'circuit breaker config')
    const store = options.store ?? new FileBreakerStore(DEFAULT_STATE_FILE)
    const clock = options.clock ?? new SystemClock()
    const calendar = options.calendar ?? nyse
    const now = clock.now()
    let state: BreakerState | undefined
    let loadError: BaseError | undefined
    try {
      const raw = await store.load()
      if (raw !== undefined) {
        const parsed = BreakerStateSchema.safeParse(raw)
        if (parsed.success && parsed.data.period.start > now) {
          // Time went backwards past a session start: a backtest reusing a live file, or a broken clock.
          loadError = new BreakerStateError('The saved breaker state is from the future.', {
            code: ErrorCode.Validation,
            details: `its trading day ${parsed.data.period.date} starts at ${formatEt(parsed.data.period.start)}, after now (${formatEt(now)}); use a fresh store for a backtest`,
          })
        } else if (parsed.success) state = parsed.data
        else {
          loadError = new BreakerStateError('The saved breaker state failed validation.', {
            code: ErrorCode.Validation,
            details: parsed.error.issues
              .slice(0, 3)
              .map((issue) => `${issue.path.join('.') || 'state'}: ${issue.message}`)
              .join('; '),
            cause: parsed.error,
          })
        }
      }
    } catch (error) {
      loadError = isBaseError(error)
        ? error
        : new BreakerStateError('The saved breaker state could not be loaded.', {
            code: ErrorCode.Unavailable,
            cause: error,
          })
    }
    const breaker = new TradingCircuitBreaker(
      config,
      store,
      clock,
      calendar,
      state ?? freshState(periodAt(calendar, config, now), now),
      loadError,
      options.emitter ?? {},
    )
    if (loadError !== undefined) {
      breaker.#trip(
        BreakerRule.StateUnreadable,
        `The saved state could not be read, so the breaker starts halted: ${loadError.shortMessage}${loadError.details === undefined ? '' : ` (${loadError.details})`}`,
        {},
        'manual',
        now,
        false,
      )
    }
    breaker.#advance(now)
    // Save at once: a fresh or rolled state, or the latched halt over a corrupt file.
    breaker.#persist()
    await breaker.flush()
    return breaker
  }

  // ---- decisions -------------------------------------------------------------------------------

  /**
   * May a new entry be made now? Exits are always allowed and need no check. Emits a `decision` event.
   *
   * @param symbol - The symbol, for the event and the logs.
   *
   * @example
   * ```ts
   * const decision = breaker.canEnter('ABCD')
   * if (!decision.allowed) console.log(decision.reason)
   * ```
   */
  canEnter(symbol?: string): EntryDecision {
    const now = this.#clock.now()
    this.#advance(now)
    const who = symbol === undefined ? {} : { symbol }
    const halts = this.#state.halts
    const decision: EntryDecision =
      halts.length === 0
        ? { allowed: true, ts: now, ...who }
        : {
            allowed: false,
            ts: now,
            ...who,
            code: 'halted',
            halts: halts.map(copyHalt),
            reason: halts.map((halt) => halt.reason).join(' '),
          }
    this.emit('decision', decision)
    return decision
  }

  /**
   * Like {@link TradingCircuitBreaker.canEnter}, but throws core's `HaltedError` when entries are not allowed.
   *
   * @throws HaltedError with every active halt's reason.
   *
   * @example
   * ```ts
   * breaker.assertCanEnter('ABCD') // throws HaltedError (code 'halted') while halted
   * ```
   */
  assertCanEnter(symbol?: string): void {
    const decision = this.canEnter(symbol)
    if (!decision.allowed) {
      throw new HaltedError('Trading is halted: no new entries.', {
        details: decision.reason,
        metaMessages: decision.halts.map((halt) => `- ${halt.rule}: ${halt.reason}`),
      })
    }
  }

  // ---- inputs ----------------------------------------------------------------------------------

  /**
   * Records an order sent to the broker. Every order counts toward the runaway guard; entries also count
   * toward the day's entry limit. Returns the halts this tripped (usually none).
   *
   * @example
   * ```ts
   * breaker.recordOrder({ symbol: 'ABCD', kind: 'entry' })
   * breaker.recordOrder({ symbol: 'ABCD', kind: 'exit' })
   * ```
   */
  recordOrder(order: { symbol?: string; kind?: 'entry' | 'exit' } = {}): BreakerHalt[] {
    const o = parse(
      z.object({ symbol: SymbolSchema.optional(), kind: z.enum(['entry', 'exit']).default('entry') }),
      order,
      'order record',
    )
    const now = this.#clock.now()
    this.#advance(now)
    this.#state.orderTimes.push(now)
    if (o.kind === 'entry') this.#state.entriesToday++
    return this.#afterInput(now)
  }

  /**
   * Records an order the broker rejected; counts toward the runaway guard's rejection limit.
   *
   * @example
   * ```ts
   * breaker.recordRejection({ symbol: 'ABCD', reason: 'insufficient buying power' })
   * ```
   */
  recordRejection(rejection: { symbol?: string; reason?: string } = {}): BreakerHalt[] {
    parse(
      z.object({ symbol: SymbolSchema.optional(), reason: z.string().optional() }),
      rejection,
      'rejection record',
    )
    const now = this.#clock.now()
    this.#advance(now)
    this.#state.rejectionTimes.push(now)
    return this.#afterInput(now)
  }

  /**
   * Records a closed trade: its realized P&L adds to the day's, a loss extends the losing streak, a win
   * ends it (a trade of exactly 0 leaves it alone). Returns the halts this tripped.
   *
   * @throws ValidationError for a non-finite P&L.
   *
   * @example
   * ```ts
   * const tripped = breaker.recordTradeClosed({ pnl: -84.2, symbol: 'ABCD' })
   * if (tripped.length > 0) console.warn(tripped[0]?.reason)
   * ```
   */
  recordTradeClosed(trade: ClosedTrade): BreakerHalt[] {
    const t = parse(TradeSchema, trade, 'closed trade')
    const now = this.#clock.now()
    this.#advance(now)
    this.#state.realizedToday = roundCents(this.#state.realizedToday + t.pnl)
    if (t.pnl < 0) this.#state.consecutiveLosses++
    else if (t.pnl > 0) this.#state.consecutiveLosses = 0
    return this.#afterInput(now, t.pnl, t.symbol)
  }

  /**
   * Reports the account's equity (realized and unrealized P&L included). The first reading of a day is
   * its starting equity unless `sessionStartEquity` says otherwise; the highest reading is the peak the
   * drawdown rule measures from. Returns the halts this tripped.
   *
   * @throws ValidationError for non-finite numbers.
   *
   * @example
   * ```ts
   * breaker.updateEquity({ equity: 24_512.3, unrealized: -87.7 })
   * ```
   */
  updateEquity(update: EquityUpdate): BreakerHalt[] {
    const u = parse(EquitySchema, update, 'equity update')
    const now = this.#clock.now()
    this.#advance(now)
    const s = this.#state
    s.equity = u.equity
    if (u.unrealized !== undefined) s.unrealized = u.unrealized
    if (u.sessionStartEquity !== undefined) s.startEquity = u.sessionStartEquity
    else if (s.startEquity === null) s.startEquity = u.equity
    s.peakEquity = s.peakEquity === null ? u.equity : Math.max(s.peakEquity, u.equity)
    return this.#afterInput(now)
  }

  /**
   * Reports a deposit (positive) or a withdrawal (negative), so it moves the day's starting equity and
   * the peak instead of looking like a gain or a loss. Call it before the equity reading that includes it.
   *
   * @example
   * ```ts
   * breaker.recordCashFlow(-2_000) // a withdrawal
   * ```
   */
  recordCashFlow(amount: number): void {
    const value = parse(z.number({ error: 'must be a finite number' }), amount, 'cash flow')
    const now = this.#clock.now()
    this.#advance(now)
    const s = this.#state
    if (s.startEquity !== null) s.startEquity += value
    if (s.peakEquity !== null) s.peakEquity += value
    if (s.equity !== null) s.equity += value
    this.#afterInput(now)
  }

  // ---- manual controls -------------------------------------------------------------------------

  /**
   * Halts trading by hand. By default the halt lifts at the next session start; pass `until: 'manual'`
   * to keep it until {@link TradingCircuitBreaker.reset}.
   *
   * @example
   * ```ts
   * breaker.trip({ reason: 'FOMC at 14:00, sitting out' })
   * ```
   */
  trip(options: { reason: string; until?: 'next_session' | 'manual'; flatten?: boolean }): BreakerHalt {
    const o = parse(
      z.object({
        reason: ReasonSchema,
        until: z.enum(['next_session', 'manual']).default('next_session'),
        flatten: z.boolean().optional(),
      }),
      options,
      'manual trip',
    )
    const now = this.#clock.now()
    this.#advance(now)
    this.#state.halts = this.#state.halts.filter((halt) => halt.rule !== BreakerRule.Manual)
    const halt = this.#trip(BreakerRule.Manual, `Manual halt: ${o.reason}`, {}, o.until, now, o.flatten)
    this.#persist()
    return copyHalt(halt)
  }

  /**
   * The kill switch: halts trading until a manual reset, across restarts.
   *
   * @example
   * ```ts
   * process.on('SIGUSR2', () => breaker.kill({ reason: 'operator pressed the kill switch', flatten: true }))
   * ```
   */
  kill(options: { reason: string; flatten?: boolean }): BreakerHalt {
    const o = parse(
      z.object({ reason: ReasonSchema, flatten: z.boolean().optional() }),
      options,
      'kill switch',
    )
    const now = this.#clock.now()
    this.#advance(now)
    const existing = this.#state.halts.find((halt) => halt.rule === BreakerRule.KillSwitch)
    if (existing !== undefined) return copyHalt(existing)
    const halt = this.#trip(BreakerRule.KillSwitch, `Kill switch: ${o.reason}`, {}, 'manual', now, o.flatten)
    this.#persist()
    return copyHalt(halt)
  }

  /**
   * Lifts halts by hand: all of them, or only the rules named. Each lifted rule is re-armed from now: a
   * daily-loss rule measures new losses from the current P&L, the streak restarts at 0, the drawdown peak
   * moves to the current equity, the entry count and the runaway windows start over. Returns the halts lifted.
   *
   * @example
   * ```ts
   * breaker.reset({ reason: 'reviewed the logs; the feed glitch is fixed' })
   * breaker.reset({ reason: 'new day plan', rules: ['kill_switch'] })
   * ```
   */
  reset(options: { reason: string; rules?: readonly BreakerRuleValue[] }): BreakerHalt[] {
    const o = parse(
      z.object({ reason: ReasonSchema, rules: z.array(z.enum(BREAKER_RULES)).optional() }),
      options,
      'manual reset',
    )
    const now = this.#clock.now()
    this.#advance(now)
    const lifted = this.#state.halts.filter((halt) => o.rules === undefined || o.rules.includes(halt.rule))
    if (lifted.length === 0) return []
    this.#state.halts = this.#state.halts.filter((halt) => !lifted.includes(halt))
    this.#rearm(lifted)
    this.emit('reset', { rules: lifted.map((halt) => halt.rule), by: 'manual', reason: o.reason, ts: now })
    this.#persist()
    return lifted.map(copyHalt)
  }

  // ---- reading ---------------------------------------------------------------------------------

  /**
   * The breaker's numbers and halts as of now.
   *
   * @example
   * ```ts
   * const { state, dailyPnl, consecutiveLosses, nextResetAt } = breaker.status()
   * ```
   */
  status(): BreakerStatus {
    const now = this.#clock.now()
    this.#advance(now)
    const s = this.#state
    const halts = s.halts.map(copyHalt)
    const latched = halts.some((halt) => halt.resetAt === null)
    const resets = halts.map((halt) => halt.resetAt).filter((ts): ts is number => ts !== null)
    const window = this.#config.runaway === false ? 0 : this.#config.runaway.windowMs
    return {
      state: halts.length === 0 ? 'trading' : 'halted',
      latched,
      halts,
      nextResetAt: halts.length === 0 || latched ? null : Math.max(...resets),
      period: { ...s.period },
      dailyPnl: this.#dailyPnl(),
      realizedToday: s.realizedToday,
      unrealized: s.unrealized,
      startEquity: s.startEquity,
      equity: s.equity,
      peakEquity: s.peakEquity,
      drawdownPercent: this.#drawdown()?.percent ?? 0,
      consecutiveLosses: s.consecutiveLosses,
      entriesToday: s.entriesToday - s.baselines.entries,
      ordersInWindow: s.orderTimes.filter((ts) => ts > now - window).length,
      rejectionsInWindow: s.rejectionTimes.filter((ts) => ts > now - window).length,
    }
  }

  /**
   * Why trading is halted (or how close each rule is when it is not), in plain sentences with New York times.
   *
   * @example
   * ```ts
   * console.log(breaker.explain())
   * // Trading is halted (1 rule):
   * // - daily_loss since 2026-03-06 14:02:11 ET: Daily P&L -512.40 reached the limit of -500.00 (...).
   * //   Lifts at 2026-03-09 09:30:00 ET (next session start) or by a manual reset.
   * ```
   */
  explain(): string {
    const status = this.status()
    const c = this.#config
    if (status.state === 'halted') {
      const lines = [
        `Trading is halted (${status.halts.length} rule${status.halts.length === 1 ? '' : 's'}):`,
      ]
      for (const halt of status.halts) {
        lines.push(`- ${halt.rule} since ${formatEt(halt.trippedAt)}: ${halt.reason}`)
        lines.push(
          halt.resetAt === null
            ? '  Lifts only by a manual reset.'
            : `  Lifts at ${formatEt(halt.resetAt)} (next session start) or by a manual reset.`,
        )
      }
      lines.push('Exits are still allowed.')
      return lines.join('\n')
    }
    const parts: string[] = []
    if (c.maxDailyLoss !== undefined)
      parts.push(`daily P&L ${formatMoney(status.dailyPnl)} of the -${formatMoney(c.maxDailyLoss)} limit`)
    if (c.maxDailyLossPercent !== undefined && status.startEquity !== null && status.startEquity > 0)
      parts.push(
        `daily P&L ${formatPercent(status.dailyPnl / status.startEquity)} of the -${formatPercent(c.maxDailyLossPercent)} limit`,
      )
    if (c.maxConsecutiveLosses !== undefined)
      parts.push(`${status.consecutiveLosses} of ${c.maxConsecutiveLosses} losing trades in a row`)
    if (c.maxDrawdownPercent !== undefined || c.maxDrawdown !== undefined)
      parts.push(`drawdown ${formatPercent(status.drawdownPercent)} from peak`)
    if (c.maxTradesPerDay !== undefined) parts.push(`${status.entriesToday} of ${c.maxTradesPerDay} entries`)
    if (c.runaway !== false)
      parts.push(
        `${status.ordersInWindow} of ${c.runaway.maxOrders} orders and ${status.rejectionsInWindow} of ${c.runaway.maxRejections} rejections in the last ${c.runaway.windowMs / 1000} s`,
      )
    return `Trading is allowed on ${status.period.date} (day started ${formatEt(status.period.start)}, next at ${formatEt(status.period.end)}).${parts.length === 0 ? '' : ` ${parts.join('; ')}.`}`
  }

  /**
   * Resolves once every change so far is saved to the store.
   *
   * @example
   * ```ts
   * breaker.kill({ reason: 'shutting down' })
   * await breaker.flush() // the latch survives the exit
   * ```
   */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Rolls the trading day and lifts halts whose time has come. */
  #advance(now: number): void {
    const s = this.#state
    let changed = false
    if (now >= s.period.end) {
      s.period = periodAt(this.#calendar, this.#config, now)
      s.startEquity = s.equity
      s.realizedToday = 0
      s.entriesToday = 0
      s.baselines = { dailyPnl: 0, entries: 0 }
      changed = true
      this.emit('session', {
        date: s.period.date,
        start: s.period.start,
        startEquity: s.startEquity,
        ts: now,
      })
    }
    const due = s.halts.filter((halt) => halt.resetAt !== null && halt.resetAt <= now)
    if (due.length > 0) {
      s.halts = s.halts.filter((halt) => !due.includes(halt))
      this.#rearm(due)
      changed = true
      this.emit('reset', {
        rules: due.map((halt) => halt.rule),
        by: 'session',
        reason: `A new trading day began at ${formatEt(s.period.start)}.`,
        ts: now,
      })
    }
    if (this.#config.runaway !== false) {
      const since = now - this.#config.runaway.windowMs
      if (s.orderTimes.length > 0 && (s.orderTimes[0] as number) <= since)
        s.orderTimes = s.orderTimes.filter((ts) => ts > since)
      if (s.rejectionTimes.length > 0 && (s.rejectionTimes[0] as number) <= since)
        s.rejectionTimes = s.rejectionTimes.filter((ts) => ts > since)
    } else {
      s.orderTimes = []
      s.rejectionTimes = []
    }
    if (changed) this.#persist()
  }

  /** Re-arms the rules of lifted halts so they measure from now. */
  #rearm(lifted: readonly BreakerHalt[]): void {
    const s = this.#state
    const rules = new Set(lifted.map((halt) => halt.rule))
    if (rules.has(BreakerRule.DailyLoss) || rules.has(BreakerRule.DailyLossPercent)) {
      s.baselines.dailyPnl = Math.min(0, this.#rawDailyPnl())
    }
    if (rules.has(BreakerRule.ConsecutiveLosses)) s.consecutiveLosses = 0
    if (rules.has(BreakerRule.Drawdown)) s.peakEquity = s.equity
    if (rules.has(BreakerRule.MaxTrades)) s.baselines.entries = s.entriesToday
    if (rules.has(BreakerRule.RunawayOrders)) s.orderTimes = []
    if (rules.has(BreakerRule.RunawayRejections)) s.rejectionTimes = []
  }

  /** The worse of realized P&L and `equity − starting equity`: open gains never hide realized losses. */
  #rawDailyPnl(): number {
    const s = this.#state
    if (s.equity === null || s.startEquity === null) return s.realizedToday
    return Math.min(s.realizedToday, s.equity - s.startEquity)
  }

  #dailyPnl(): number {
    return roundCents(this.#rawDailyPnl() - this.#state.baselines.dailyPnl)
  }

  #drawdown(): { amount: number; percent: number } | undefined {
    const s = this.#state
    if (s.equity === null || s.peakEquity === null || s.peakEquity <= 0) return undefined
    const amount = Math.max(0, s.peakEquity - s.equity)
    return { amount, percent: amount / s.peakEquity }
  }

  #halted(rule: BreakerRuleValue): boolean {
    return this.#state.halts.some((halt) => halt.rule === rule)
  }

  /** Evaluates every rule after an input, persists, and returns the halts that tripped. */
  #afterInput(now: number, lastPnl?: number, symbol?: string): BreakerHalt[] {
    const tripped: BreakerHalt[] = []
    const c = this.#config
    const s = this.#state
    const add = (
      rule: BreakerRuleValue,
      reason: string,
      values: Record<string, number>,
      until: 'next_session' | 'manual',
    ) => {
      if (!this.#halted(rule)) tripped.push(copyHalt(this.#trip(rule, reason, values, until, now)))
    }
    const pnl = this.#dailyPnl()
    const money = { dailyPnl: pnl, realizedToday: s.realizedToday, unrealized: s.unrealized }
    const split = `realized ${formatMoney(s.realizedToday)}, unrealized ${formatMoney(s.unrealized)}`
    if (c.maxDailyLoss !== undefined && pnl <= -c.maxDailyLoss) {
      add(
        BreakerRule.DailyLoss,
        `Daily P&L ${formatMoney(pnl)} reached the limit of -${formatMoney(c.maxDailyLoss)} (${split}).`,
        { ...money, limit: -c.maxDailyLoss },
        'next_session',
      )
    }
    if (c.maxDailyLossPercent !== undefined && s.startEquity !== null && s.startEquity > 0) {
      const limit = -c.maxDailyLossPercent * s.startEquity
      if (pnl <= limit + 1e-9) {
        add(
          BreakerRule.DailyLossPercent,
          `Daily P&L ${formatMoney(pnl)} is ${formatPercent(pnl / s.startEquity)} of the session's starting equity ${formatMoney(s.startEquity)}, at the limit of -${formatPercent(c.maxDailyLossPercent)} (${split}).`,
          {
            ...money,
            startEquity: s.startEquity,
            limit: roundCents(limit),
            limitPercent: c.maxDailyLossPercent,
          },
          'next_session',
        )
      }
    }
    if (c.maxConsecutiveLosses !== undefined && s.consecutiveLosses >= c.maxConsecutiveLosses) {
      const last =
        lastPnl === undefined
          ? ''
          : ` (last ${symbol === undefined ? '' : `${symbol} `}${formatMoney(lastPnl)})`
      add(
        BreakerRule.ConsecutiveLosses,
        `${s.consecutiveLosses} losing trades in a row reached the limit of ${c.maxConsecutiveLosses}${last}.`,
        { consecutiveLosses: s.consecutiveLosses, limit: c.maxConsecutiveLosses },
        'next_session',
      )
    }
    const drawdown = this.#drawdown()
    if (drawdown !== undefined && s.peakEquity !== null && s.equity !== null) {
      const byPercent = c.maxDrawdownPercent !== undefined && drawdown.percent >= c.maxDrawdownPercent - 1e-12
      const byMoney = c.maxDrawdown !== undefined && drawdown.amount >= c.maxDrawdown - 1e-9
      if (byPercent || byMoney) {
        const limits = [
          c.maxDrawdownPercent === undefined ? undefined : formatPercent(c.maxDrawdownPercent),
          c.maxDrawdown === undefined ? undefined : formatMoney(c.maxDrawdown),
        ].filter((text) => text !== undefined)
        add(
          BreakerRule.Drawdown,
          `Equity ${formatMoney(s.equity)} is ${formatMoney(drawdown.amount)} (${formatPercent(drawdown.percent)}) below its peak ${formatMoney(s.peakEquity)}, at the limit of ${limits.join(' / ')}.`,
          {
            equity: s.equity,
            peakEquity: s.peakEquity,
            drawdown: roundCents(drawdown.amount),
            drawdownPercent: drawdown.percent,
            ...(c.maxDrawdownPercent === undefined ? {} : { limitPercent: c.maxDrawdownPercent }),
            ...(c.maxDrawdown === undefined ? {} : { limit: c.maxDrawdown }),
          },
          c.drawdownReset,
        )
      }
    }
    const entries = s.entriesToday - s.baselines.entries
    if (c.maxTradesPerDay !== undefined && entries >= c.maxTradesPerDay) {
      add(
        BreakerRule.MaxTrades,
        `${entries} entries today reached the limit of ${c.maxTradesPerDay}.`,
        { entries, limit: c.maxTradesPerDay },
        'next_session',
      )
    }
    if (c.runaway !== false) {
      const seconds = c.runaway.windowMs / 1000
      if (s.orderTimes.length >= c.runaway.maxOrders) {
        add(
          BreakerRule.RunawayOrders,
          `${s.orderTimes.length} orders in the last ${seconds} s reached the limit of ${c.runaway.maxOrders}: a runaway loop?`,
          { orders: s.orderTimes.length, limit: c.runaway.maxOrders, windowMs: c.runaway.windowMs },
          c.runawayReset,
        )
      }
      if (s.rejectionTimes.length >= c.runaway.maxRejections) {
        add(
          BreakerRule.RunawayRejections,
          `${s.rejectionTimes.length} rejections in the last ${seconds} s reached the limit of ${c.runaway.maxRejections}.`,
          {
            rejections: s.rejectionTimes.length,
            limit: c.runaway.maxRejections,
            windowMs: c.runaway.windowMs,
          },
          c.runawayReset,
        )
      }
    }
    this.#persist()
    return tripped
  }

  /** Adds a halt and emits `tripped` (and `flatten` when asked). */
  #trip(
    rule: BreakerRuleValue,
    reason: string,
    values: Record<string, number>,
    until: 'next_session' | 'manual',
    now: number,
    flatten?: boolean,
  ): BreakerHalt {
    const halt: BreakerHalt = {
      rule,
      reason,
      trippedAt: now,
      resetAt: until === 'manual' ? null : this.#state.period.end,
      values,
      flatten: flatten ?? this.#config.flattenOnHalt,
    }
    this.#state.halts.push(halt)
    // Saved before any listener runs: a throwing listener must not keep the halt off the disk.
    this.#persist()
    this.emit('tripped', copyHalt(halt))
    if (halt.flatten) this.emit('flatten', copyHalt(halt))
    return halt
  }

  /** Schedules a save; saves are serialized and coalesced (only the latest state is written). */
  #persist(): void {
    this.#dirty = true
    if (this.#writing === undefined) this.#writing = this.#drain()
  }

  async #drain(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false
        const snapshot: BreakerState = structuredClone({ ...this.#state, savedAt: this.#clock.now() })
        try {
          await this.#store.save(snapshot)
        } catch (error) {
          this.#onStoreFailure(error)
        }
      }
    } finally {
      this.#writing = undefined
    }
  }

  #onStoreFailure(error: unknown): void {
    const failure = isBaseError(error)
      ? error
      : new BreakerStateError('The breaker state could not be saved.', {
          code: ErrorCode.Unavailable,
          cause: error,
        })
    this.emit('error', failure)
    if (!this.#halted(BreakerRule.StoreFailure)) {
      // Without a saved state a restart would forget the day's losses: fail closed.
      this.#trip(
        BreakerRule.StoreFailure,
        `The state could not be saved, so a restart could forget today's losses: ${failure.shortMessage}`,
        {},
        'manual',
        this.#clock.now(),
      )
      this.#dirty = true
    }
  }
}

function copyHalt(halt: BreakerHalt): BreakerHalt {
  return { ...halt, values: { ...halt.values } }
}

function roundCents(amount: number): number {
  const rounded = Math.round(amount * 100) / 100
  return rounded === 0 ? 0 : rounded
}

function boundary(calendar: TradingCalendar, config: Config, date: TradingDate): number {
  const schedule = calendar.schedule(date)
  if (schedule === undefined) {
    throw new ValidationError('calendar', [
      { path: 'date', message: `${date} is not a trading day`, value: date },
    ])
  }
  return config.dayStartsAt === 'premarket_open' ? schedule.premarket.start : schedule.regular.start
}

/** The breaker's trading day that holds `ts`: from a session start to the next one. */
function periodAt(calendar: TradingCalendar, config: Config, ts: number): BreakerState['period'] {
  let date = calendar.isTradingDay(ts) ? tradingDateOf(ts) : calendar.previousTradingDay(ts)
  if (boundary(calendar, config, date) > ts) date = calendar.previousTradingDay(date)
  return {
    date,
    start: boundary(calendar, config, date),
    end: boundary(calendar, config, calendar.nextTradingDay(date)),
  }
}

function freshState(period: BreakerState['period'], now: number): BreakerState {
  return {
    version: 1,
    period,
    startEquity: null,
    equity: null,
    unrealized: 0,
    peakEquity: null,
    realizedToday: 0,
    consecutiveLosses: 0,
    entriesToday: 0,
    baselines: { dailyPnl: 0, entries: 0 },
    orderTimes: [],
    rejectionTimes: [],
    halts: [],
    savedAt: now,
  }
}
