import {
  type Account,
  type Bar,
  type BrokerCapabilities,
  type Clock,
  type Fill,
  InsufficientFundsError,
  isTerminalStatus,
  isValidTick,
  type LotRules,
  type MarketEvent,
  NotFoundError,
  newOrder,
  nyse,
  type Order,
  type OrderQuery,
  type OrderRequest,
  OrderRequestSchema,
  type OrderStatus,
  type OrderUpdate,
  type Position,
  type Print,
  parse,
  parseOrderRequest,
  type Quote,
  RejectedError,
  type ReplaceOrderRequest,
  ReplaceOrderRequestSchema,
  roundMoney,
  roundQty,
  roundToTick,
  type SimulatedBroker,
  type TimerHandle,
  type TradingCalendar,
  tickSize,
  timeframeToMs,
  tradingDateOf,
  type Unsubscribe,
  ValidationError,
} from '@tradeblocks/core'
import { applySlippage, type SlippageModel, validateSlippageModel } from './applySlippage.js'
import { type CommissionModel, commissionFor, validateCommissionModel } from './commissionFor.js'
import { DEFAULT_PAPER_CAPABILITIES, type PaperBrokerOptions } from './PaperBrokerOptions.js'
import type { PaperBrokerSnapshot, PaperOrderState } from './PaperBrokerSnapshot.js'

type Side = 'buy' | 'sell'

/** The order type and prices of a stop-loss leg: a stop, or a stop-limit when the leg has a limit. */
function stopLegPrices(sl: {
  stopPrice: number
  limitPrice?: number | undefined
}): { type: 'stop'; stopPrice: number } | { type: 'stop_limit'; stopPrice: number; limitPrice: number } {
  return sl.limitPrice === undefined
    ? { type: 'stop', stopPrice: sl.stopPrice }
    : { type: 'stop_limit', stopPrice: sl.stopPrice, limitPrice: sl.limitPrice }
}

/** A bracket, OTO or OCO: one optional entry and the exits that share its quantity. */
interface Group {
  entry: Ticket | undefined
  exits: Ticket[]
  /** Shares the entry has filled, across replacements (for OCO: the pair's quantity). */
  entryFilled: number
  /** True once the entry can fill no more (terminal and not replaced); always true for OCO. */
  entryDone: boolean
  /** Shares the exits have filled, across replacements. */
  exitFilled: number
}

/** The broker's working record of one order. */
interface Ticket {
  order: Order
  request: OrderRequest
  seq: number
  /** Working at the simulated venue (acknowledged, latency elapsed, legs activated). */
  working: boolean
  /** Evaluation priority on one event: 0 market, 1 stop-type, 2 limit (1 and 2 swap on `limit` priority). */
  priority: number
  /** A stop-limit whose stop has been reached. */
  triggered: boolean
  /** Trailing stops: the best price since the order started working (high for sells, low for buys). */
  extreme: number | undefined
  /** Clock time at which a day order ends (Infinity when it does not). */
  expiresAt: number
  /** opg/cls: the trading date whose auction the order is for. */
  auctionDate: string | undefined
  filledValue: number
  commission: number
  fills: number
  group: Group | undefined
  role: 'simple' | 'entry' | 'exit'
  /** Event number on which the order started working. */
  activatedAt: number
  /** A cancel or replace is in flight (latency). */
  pending: 'cancel' | 'replace' | undefined
  dayTradeCounted: boolean
}

/**
 * What the books keep of an order that ended: its state and its place in submission order. Lookups
 * by id and client order id still find it; the working state and the request are let go, which saves
 * a few hundred bytes per order over a long run.
 */
interface Retired {
  order: Order
  seq: number
}

type BookEntry = Ticket | Retired

function isTicket(entry: BookEntry): entry is Ticket {
  return 'request' in entry
}

interface Holding {
  qty: number
  avgEntryPrice: number
  realizedPnl: number
}

interface FillPlan {
  price: number
  /** Slippage applies (taker fill). */
  taker: boolean
}

const QTY_EPSILON = 1e-9
const DAY_MS = 86_400_000

function cleanQty(qty: number): number {
  const rounded = Math.round(qty * 1e9) / 1e9
  return rounded === 0 ? 0 : rounded
}

function cleanPrice(price: number): number {
  return Math.round(price * 1e8) / 1e8
}

function isStopType(type: Order['type']): boolean {
  return type === 'stop' || type === 'stop_limit' || type === 'trailing_stop'
}

function copyOrder(order: Order): Order {
  const copy = { ...order }
  if (order.legIds !== undefined) copy.legIds = [...order.legIds]
  return copy
}

function invalid(subject: string, path: string, message: string, value?: unknown): ValidationError {
  return new ValidationError(subject, [{ path, message, ...(value === undefined ? {} : { value }) }])
}

/**
 * A simulated broker behind the same `SimulatedBroker` port as a real one: paper trading on
 * real-time data and the fills of backtests. Feed it every market event with `onMarketEvent`, in time
 * order, before the strategy sees the event; orders placed after an event fill on later events only.
 *
 * ## Fill rules
 * Orders fill on the events enabled in `fills` (bars and quotes by default), never on the event
 * during which they were placed, and never by comparing timestamps with the clock (so a replay at any
 * speed fills the same way).
 *
 * Bars (`O`, `H`, `L`, `C`):
 * - **market**: the bar's open.
 * - **limit** buy at `P`: the open when `O ≤ P` (a gap through the price fills at the open), else `P`
 *   when `L ≤ P` (`L < P` with `limitFill: 'through'`). Sells mirror this.
 * - **stop** buy at `S`: the open when `O ≥ S` (gap), else `S` when `H ≥ S`; then slippage.
 * - **stop-limit** buy (`S`, `P`): triggers like a stop; at the open it fills at `O` when `O ≤ P`;
 *   triggered intrabar it fills at `S` when `S ≤ P`; otherwise it rests as a limit at `P` from the next bar.
 * - **trailing stop** sell: the stop is the best price since the order started working minus the trail;
 *   the open when `O ≤ stop`, else the stop when `L ≤ stop`; the best price then moves to `H` for the next
 *   bar (the path inside a bar is unknown, so a bar's own high never triggers its own stop).
 * - When one bar reaches several orders of a symbol, fills at the open come first, then stop-type
 *   orders, then limits (`intrabarPriority: 'limit'` swaps the last two). So when a bar touches both
 *   legs of a bracket, the stop wins unless configured otherwise.
 * - `opg` orders fill only at the open of the opening bar (one that starts at 09:30 New York, or a
 *   daily bar of that date); `cls` orders only at the close of the bar that ends at the close (or a
 *   daily bar). Otherwise they expire.
 *
 * Quotes: market buys at the ask, sells at the bid; a limit marketable when it starts working fills at
 * the quote, a resting limit at its limit price when the quote crosses it; stops trigger when the ask
 * (buys) or bid (sells) reaches them and fill at that quote. Prints: the same with the print's price.
 *
 * Taker fills (market, stop, trailing stop, marketable limits) get slippage, capped at the limit for
 * limit-type orders. Fill prices are rounded to the tick against the trader. Commission is charged per
 * order (see `commissionFor`). With `participation`, each event fills at most that fraction of its
 * volume (quote size, print size) across the symbol's orders, so large orders fill partially over
 * several events. With `latencyMs`, orders start working, and cancels and replaces take effect, that
 * long later on the clock.
 *
 * ## Account rules
 * Money is held to the cent. Buying power is `equity × marginMultiplier − gross position value −
 * money reserved by open orders that add exposure`; an order that needs more is rejected with
 * `InsufficientFundsError`, and a fill that would exceed it (a gap up) is cut to what the account can
 * pay. A sell larger than the long position is rejected unless `capabilities.shortSelling`, and a sell
 * fill never takes a position short when shorting is off. Day trades (closing a position opened the same
 * New York trading day) are counted over five trading days; see `patternDayTrader`. Day orders expire at
 * the end of their session (the regular one, or 20:00 with `extendedHours`).
 *
 * @example
 * ```ts
 * import { PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const clock = new ManualClock(Date.UTC(2026, 0, 5, 14, 31))
 * const broker = new PaperBroker({ clock, initialCash: 10_000, commission: { kind: 'fixed', perOrder: 1 } })
 * broker.onOrderUpdate((u) => console.log(u.event, u.fill?.price))
 * await broker.submitOrder({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 10, timeInForce: 'day',
 *   extendedHours: false, clientOrderId: 'demo-1' })
 * broker.onMarketEvent({ kind: 'bar', bar: { symbol: 'AAPL', timeframe: '1m', ts: Date.UTC(2026, 0, 5, 14, 31),
 *   open: 190, high: 190.5, low: 189.8, close: 190.2, volume: 10_000 } }) // fill 190
 * ```
 */
export class PaperBroker implements SimulatedBroker {
  readonly name: string
  readonly capabilities: BrokerCapabilities

  readonly #clock: Clock
  readonly #calendar: TradingCalendar
  readonly #accountId: string
  readonly #currency: string
  readonly #multiplier: number
  readonly #slippage: SlippageModel
  readonly #commission: CommissionModel
  readonly #latencyMs: number
  readonly #lot: LotRules
  readonly #tick: number | undefined
  readonly #fillBars: boolean
  readonly #fillQuotes: boolean
  readonly #fillPrints: boolean
  readonly #through: boolean
  readonly #limitFirst: boolean
  readonly #participation: number | undefined
  readonly #legsOnEntryEvent: boolean
  readonly #pdtProtection: boolean
  readonly #pdtMinEquity: number
  readonly #pdtMaxDayTrades: number
  readonly #expiryGraceMs: number

  #cash: number
  #orderSeq = 0
  #eventSeq = 0
  readonly #tickets = new Map<string, BookEntry>()
  readonly #byClientId = new Map<string, BookEntry>()
  /** Client order ids of orders from before a restore (refused as duplicates). */
  readonly #retiredClientIds = new Set<string>()
  /** Open tickets per symbol, sorted by (priority, seq). */
  readonly #open = new Map<string, Ticket[]>()
  readonly #holdings = new Map<string, Holding>()
  /** Last price per symbol, in a mutable box so marking a bar allocates nothing. */
  readonly #markBoxes = new Map<string, { price: number }>()
  readonly #quotes = new Map<string, Quote>()
  readonly #listeners = new Set<(update: OrderUpdate) => void>()
  readonly #queue: OrderUpdate[] = []
  #flushing = false
  #nextExpiry = Number.POSITIVE_INFINITY
  #expiryTimer: TimerHandle | undefined
  #expiryTimerAt = Number.POSITIVE_INFINITY
  /** Per symbol: the trading date and whether a position was opened or added to on it. */
  readonly #openedOn = new Map<string, string>()
  /** Trading dates of day trades, oldest first. */
  /** Day trades per trading date, most recent dates only. */
  readonly #dayTrades = new Map<string, number>()
  readonly #spans = new Map<string, number>()
  /** Orders that started working so far (to notice exits activated while a bar is matched). */
  #activations = 0
  /** New York dates change only on whole UTC hours (offsets are whole hours): cache per UTC hour. */
  #dateHour = Number.NaN
  #date = ''
  /** `nextClose(t)` is the same for every t in [#closeFrom, #close). */
  #closeFrom = Number.NaN
  #close = Number.NaN

  constructor(options: PaperBrokerOptions) {
    this.#clock = options.clock
    this.#calendar = options.calendar ?? nyse
    this.name = options.name ?? 'paper'
    this.#accountId = options.accountId ?? 'paper'
    this.#currency = options.currency ?? 'USD'
    if (!/^[A-Z]{3}$/.test(this.#currency))
      throw invalid(
        'paper broker options',
        'currency',
        `currency must be a three-letter code (got "${this.#currency}")`,
        this.#currency,
      )
    const cash = options.initialCash ?? 100_000
    if (!Number.isFinite(cash) || cash < 0)
      throw invalid(
        'paper broker options',
        'initialCash',
        `initialCash must be a non-negative finite number (got ${cash})`,
        cash,
      )
    this.#cash = roundMoney(cash)
    this.capabilities = Object.freeze({ ...DEFAULT_PAPER_CAPABILITIES, ...options.capabilities })
    this.#multiplier = options.marginMultiplier ?? 1
    if (!Number.isFinite(this.#multiplier) || this.#multiplier < 1 || this.#multiplier > 10)
      throw invalid(
        'paper broker options',
        'marginMultiplier',
        `marginMultiplier must be between 1 and 10 (got ${this.#multiplier})`,
        this.#multiplier,
      )
    this.#slippage = options.slippage ?? { kind: 'none' }
    validateSlippageModel(this.#slippage)
    this.#commission = options.commission ?? { kind: 'zero' }
    validateCommissionModel(this.#commission)
    this.#latencyMs = options.latencyMs ?? 0
    if (!Number.isFinite(this.#latencyMs) || this.#latencyMs < 0)
      throw invalid(
        'paper broker options',
        'latencyMs',
        `latencyMs must be a non-negative finite number (got ${this.#latencyMs})`,
        this.#latencyMs,
      )
    this.#lot = options.lot ?? (this.capabilities.fractional ? { step: 1e-9 } : { step: 1 })
    if (!(this.#lot.step > 0) || !Number.isFinite(this.#lot.step))
      throw invalid(
        'paper broker options',
        'lot.step',
        `lot.step must be a positive finite number (got ${this.#lot.step})`,
        this.#lot.step,
      )
    this.#tick = options.tick
    if (this.#tick !== undefined && (!(this.#tick > 0) || !Number.isFinite(this.#tick)))
      throw invalid(
        'paper broker options',
        'tick',
        `tick must be a positive finite number (got ${this.#tick})`,
        this.#tick,
      )
    const fills = options.fills ?? {}
    this.#fillBars = fills.bars ?? true
    this.#fillQuotes = fills.quotes ?? true
    this.#fillPrints = fills.prints ?? false
    this.#through = (fills.limitFill ?? 'touch') === 'through'
    this.#limitFirst = (fills.intrabarPriority ?? 'stop') === 'limit'
    this.#participation = fills.participation
    if (this.#participation !== undefined && !(this.#participation > 0 && this.#participation <= 1))
      throw invalid(
        'paper broker options',
        'fills.participation',
        `fills.participation must be in (0, 1] (got ${this.#participation})`,
        this.#participation,
      )
    this.#legsOnEntryEvent = fills.legsOnEntryEvent ?? true
    this.#pdtProtection = options.patternDayTrader?.protection ?? false
    this.#pdtMinEquity = options.patternDayTrader?.minEquity ?? 25_000
    this.#pdtMaxDayTrades = options.patternDayTrader?.maxDayTrades ?? 3
    this.#expiryGraceMs = options.expiryGraceMs ?? Number.POSITIVE_INFINITY
    if (Number.isNaN(this.#expiryGraceMs) || this.#expiryGraceMs < 0)
      throw invalid(
        'paper broker options',
        'expiryGraceMs',
        `expiryGraceMs must be a non-negative number of milliseconds (got ${this.#expiryGraceMs})`,
        this.#expiryGraceMs,
      )
    if (options.snapshot !== undefined) this.#restore(options.snapshot)
  }

  #clientIdUsed(clientOrderId: string): boolean {
    return this.#byClientId.has(clientOrderId) || this.#retiredClientIds.has(clientOrderId)
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence

  /**
   * The broker's state as JSON-ready data: cash, positions, working orders with their brackets, day
   * trades and the client order ids used. Pass it back as `snapshot` to continue after a restart.
   */
  snapshot(): PaperBrokerSnapshot {
    const open = [...this.#tickets.values()].filter(
      (t): t is Ticket => isTicket(t) && !isTerminalStatus(t.order.status),
    )
    const groups: Group[] = []
    const groupIndex = new Map<Group, number>()
    for (const t of open) {
      if (t.group !== undefined && !groupIndex.has(t.group)) {
        groupIndex.set(t.group, groups.length)
        groups.push(t.group)
      }
    }
    const orders: PaperOrderState[] = open.map((t) => {
      const state: PaperOrderState = {
        order: copyOrder(t.order),
        request: structuredClone(t.request),
        working: t.working,
        triggered: t.triggered,
        expiresAt: Number.isFinite(t.expiresAt) ? t.expiresAt : null,
        filledValue: t.filledValue,
        commission: t.commission,
        fills: t.fills,
        role: t.role,
        dayTradeCounted: t.dayTradeCounted,
      }
      if (t.extreme !== undefined) state.extreme = t.extreme
      if (t.auctionDate !== undefined) state.auctionDate = t.auctionDate
      if (t.group !== undefined) state.group = groupIndex.get(t.group) as number
      return state
    })
    return {
      version: 1,
      savedAt: this.#clock.now(),
      cash: this.#cash,
      orderSeq: this.#orderSeq,
      clientOrderIds: [...this.#retiredClientIds, ...this.#byClientId.keys()],
      positions: [...this.#holdings.entries()]
        .filter(([, h]) => h.qty !== 0)
        .map(([symbol, h]) => ({
          symbol,
          qty: h.qty,
          avgEntryPrice: h.avgEntryPrice,
          realizedPnl: h.realizedPnl,
        })),
      marks: [...this.#markBoxes.entries()].map(([symbol, box]) => ({ symbol, price: box.price })),
      openedOn: [...this.#openedOn.entries()].map(([symbol, date]) => ({ symbol, date })),
      dayTrades: [...this.#dayTrades.entries()].map(([date, count]) => ({ date, count })),
      orders,
      groups: groups.map((g) => ({
        entryFilled: g.entryFilled,
        entryDone: g.entryDone,
        exitFilled: g.exitFilled,
      })),
    }
  }

  #restore(snapshot: PaperBrokerSnapshot): void {
    if (snapshot.version !== 1)
      throw invalid(
        'paper broker snapshot',
        'version',
        `version must be 1 (got ${String(snapshot.version)})`,
        snapshot.version,
      )
    this.#cash = roundMoney(snapshot.cash)
    this.#orderSeq = snapshot.orderSeq
    for (const id of snapshot.clientOrderIds) this.#retiredClientIds.add(id)
    for (const p of snapshot.positions)
      this.#holdings.set(p.symbol, { qty: p.qty, avgEntryPrice: p.avgEntryPrice, realizedPnl: p.realizedPnl })
    for (const m of snapshot.marks) this.#mark(m.symbol, m.price)
    for (const o of snapshot.openedOn) this.#openedOn.set(o.symbol, o.date)
    for (const d of snapshot.dayTrades) this.#dayTrades.set(d.date, d.count)
    const groups: Group[] = snapshot.groups.map((g) => ({
      entry: undefined,
      exits: [],
      entryFilled: g.entryFilled,
      entryDone: g.entryDone,
      exitFilled: g.exitFilled,
    }))
    for (const state of snapshot.orders) {
      const order = copyOrder(state.order)
      // A cancel or replace in flight at the restart is not replayed: the order works as it was.
      if (order.status === 'pending_cancel' || order.status === 'pending_replace')
        order.status = order.filledQty > 0 ? 'partially_filled' : 'accepted'
      const stopType = isStopType(order.type)
      const ticket: Ticket = {
        order,
        request: state.request,
        seq: Number(/-(\d+)$/.exec(order.id)?.[1] ?? 0),
        working: false,
        priority: order.type === 'market' ? 0 : stopType !== this.#limitFirst ? 1 : 2,
        triggered: state.triggered,
        extreme: state.extreme,
        expiresAt: state.expiresAt ?? Number.POSITIVE_INFINITY,
        auctionDate: state.auctionDate,
        filledValue: state.filledValue,
        commission: state.commission,
        fills: state.fills,
        group: state.group === undefined ? undefined : groups[state.group],
        role: state.role,
        activatedAt: -1,
        pending: undefined,
        dayTradeCounted: state.dayTradeCounted,
      }
      this.#retiredClientIds.delete(order.clientOrderId)
      this.#register(ticket)
      if (ticket.group !== undefined) {
        if (ticket.role === 'entry') ticket.group.entry = ticket
        else ticket.group.exits.push(ticket)
      }
      if (state.working) {
        // Back in the book, keeping its status and expiry.
        ticket.working = true
        let list = this.#open.get(order.symbol)
        if (list === undefined) {
          list = []
          this.#open.set(order.symbol, list)
        }
        list.push(ticket)
        if (ticket.expiresAt < this.#nextExpiry) this.#nextExpiry = ticket.expiresAt
      }
    }
    for (const list of this.#open.values()) list.sort((a, b) => a.priority - b.priority || a.seq - b.seq)
    this.#armExpiryTimer()
  }

  // ---------------------------------------------------------------------------------------------
  // Broker port

  async getAccount(): Promise<Account> {
    return this.#account()
  }

  async getPositions(): Promise<Position[]> {
    const positions: Position[] = []
    for (const [symbol, h] of this.#holdings) {
      if (h.qty === 0) continue
      const mark = this.#markBoxes.get(symbol)?.price
      const position: Position = {
        symbol,
        qty: h.qty,
        avgEntryPrice: cleanPrice(h.avgEntryPrice),
        realizedPnl: roundMoney(h.realizedPnl),
      }
      if (mark !== undefined) {
        position.marketPrice = mark
        position.unrealizedPnl = roundMoney((mark - h.avgEntryPrice) * h.qty)
      }
      positions.push(position)
    }
    return positions
  }

  async getOrders(query: OrderQuery = {}): Promise<Order[]> {
    const status = query.status ?? 'open'
    const symbols = query.symbols === undefined ? undefined : new Set(query.symbols)
    const out: BookEntry[] = []
    for (const t of this.#tickets.values()) {
      const terminal = isTerminalStatus(t.order.status)
      if (status === 'open' && terminal) continue
      if (status === 'closed' && !terminal) continue
      if (symbols !== undefined && !symbols.has(t.order.symbol)) continue
      if (query.after !== undefined && t.order.createdAt < query.after) continue
      out.push(t)
    }
    out.sort((a, b) => b.order.createdAt - a.order.createdAt || b.seq - a.seq)
    const limited = query.limit === undefined ? out : out.slice(0, Math.max(0, query.limit))
    return limited.map((t) => copyOrder(t.order))
  }

  async getOrder(id: string): Promise<Order> {
    const ticket = this.#tickets.get(id)
    if (ticket === undefined) throw new NotFoundError(`Order ${id} was not found.`)
    return copyOrder(ticket.order)
  }

  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const ticket = this.#byClientId.get(clientOrderId)
    return ticket === undefined ? undefined : copyOrder(ticket.order)
  }

  async submitOrder(request: OrderRequest & { clientOrderId: string }): Promise<Order> {
    return this.#submit(request)
  }

  /**
   * `submitOrder` without the promise: the simulation answers at once, so runners and order managers
   * that know this skip a round of promise jobs per order (the engine's order manager uses it when
   * present). Throws what `submitOrder` would reject with.
   *
   * @example
   * ```ts
   * const order = broker.submitOrderNow({ type: 'market', symbol: 'AAPL', side: 'buy', qty: 1,
   *   timeInForce: 'day', extendedHours: false, clientOrderId: 'now-1' })
   * order.status // 'accepted'
   * ```
   */
  submitOrderNow(request: OrderRequest & { clientOrderId: string }): Order {
    return this.#submit(request)
  }

  async cancelOrder(id: string): Promise<void> {
    const ticket = this.#tickets.get(id)
    if (ticket === undefined) throw new NotFoundError(`Order ${id} was not found.`)
    if (!isTicket(ticket) || isTerminalStatus(ticket.order.status)) {
      throw new RejectedError(`Order ${id} cannot be canceled: it is already ${ticket.order.status}.`, {
        reason: `order is ${ticket.order.status}`,
      })
    }
    if (ticket.pending !== undefined) {
      throw new RejectedError(`Order ${id} cannot be canceled: a ${ticket.pending} is in progress.`, {
        reason: `${ticket.pending} in progress`,
      })
    }
    this.#requestCancel(ticket)
  }

  async cancelAllOrders(): Promise<void> {
    const open = [...this.#tickets.values()].filter(
      (t): t is Ticket => isTicket(t) && !isTerminalStatus(t.order.status) && t.pending === undefined,
    )
    // Entries first, so their exits are canceled as the entry goes rather than left protecting nothing.
    open.sort((a, b) => (a.role === 'exit' ? 1 : 0) - (b.role === 'exit' ? 1 : 0) || a.seq - b.seq)
    for (const ticket of open) {
      if (!isTerminalStatus(ticket.order.status) && ticket.pending === undefined)
        this.#requestCancel(ticket, true)
    }
  }

  async replaceOrder(id: string, patchInput: ReplaceOrderRequest): Promise<Order> {
    const patch = parse(ReplaceOrderRequestSchema, patchInput, 'replace request')
    if (!this.capabilities.replace)
      throw new RejectedError(`${this.name} does not support replacing orders.`, {
        reason: 'replace not supported',
      })
    const old = this.#tickets.get(id)
    if (old === undefined) throw new NotFoundError(`Order ${id} was not found.`)
    if (!isTicket(old) || isTerminalStatus(old.order.status))
      throw new RejectedError(`Order ${id} cannot be replaced: it is already ${old.order.status}.`, {
        reason: `order is ${old.order.status}`,
      })
    if (old.pending !== undefined)
      throw new RejectedError(`Order ${id} cannot be replaced: a ${old.pending} is in progress.`, {
        reason: `${old.pending} in progress`,
      })
    const type = old.order.type
    if (patch.limitPrice !== undefined && type !== 'limit' && type !== 'stop_limit')
      throw invalid(
        'replace request',
        'limitPrice',
        `limitPrice cannot be set on a ${type} order (got ${patch.limitPrice})`,
        patch.limitPrice,
      )
    if (patch.stopPrice !== undefined && type !== 'stop' && type !== 'stop_limit')
      throw invalid(
        'replace request',
        'stopPrice',
        `stopPrice cannot be set on a ${type} order (got ${patch.stopPrice})`,
        patch.stopPrice,
      )
    if ((patch.trailPercent !== undefined || patch.trailPrice !== undefined) && type !== 'trailing_stop')
      throw invalid('replace request', 'trailPercent', `a trail cannot be set on a ${type} order`)
    const clientOrderId = patch.clientOrderId ?? this.#replacementClientId(old.order.clientOrderId)
    if (this.#clientIdUsed(clientOrderId))
      throw new RejectedError(`Client order id ${clientOrderId} is already in use.`, {
        reason: 'duplicate client order id',
      })
    const remaining = cleanQty((old.order.qty ?? 0) - old.order.filledQty)
    const base = old.request
    const merged: Record<string, unknown> = { ...base, clientOrderId }
    delete merged.bracket
    delete merged.oco
    if (base.notional !== undefined && patch.qty === undefined) {
      delete merged.notional
      merged.qty = remaining
    } else {
      merged.qty = patch.qty ?? remaining
      delete merged.notional
    }
    if (patch.limitPrice !== undefined) merged.limitPrice = patch.limitPrice
    if (patch.stopPrice !== undefined) merged.stopPrice = patch.stopPrice
    if (patch.trailPercent !== undefined) {
      merged.trailPercent = patch.trailPercent
      delete merged.trailPrice
    }
    if (patch.trailPrice !== undefined) {
      merged.trailPrice = patch.trailPrice
      delete merged.trailPercent
    }
    if (patch.timeInForce !== undefined) merged.timeInForce = patch.timeInForce
    const request = parse(OrderRequestSchema, merged, 'replace request')
    this.#checkQty(request.qty)
    const now = this.#clock.now()
    const ticket = this.#newTicket(request, clientOrderId, now, old.order.orderClass)
    ticket.role = old.role
    ticket.group = old.group
    ticket.order.replacesId = old.order.id
    if (old.order.parentId !== undefined) ticket.order.parentId = old.order.parentId
    if (old.order.legIds !== undefined) ticket.order.legIds = [...old.order.legIds]
    if (type === 'trailing_stop') ticket.extreme = old.extreme
    if (type === 'stop_limit' && patch.stopPrice === undefined) ticket.triggered = old.triggered
    old.pending = 'replace'
    this.#register(ticket)
    if (this.#latencyMs > 0) {
      this.#setStatus(old, 'pending_replace')
      this.#emit('pending_replace', old)
      this.#setStatus(ticket, 'new')
    }
    const apply = () => {
      old.pending = undefined
      if (isTerminalStatus(old.order.status)) {
        // The old order filled or ended while the replace was in flight: the replacement is void.
        this.#setStatus(ticket, 'canceled')
        ticket.order.canceledAt = this.#clock.now()
        ticket.order.rejectReason = `replaced order ${old.order.id} was already ${old.order.status}`
        this.#closeTicket(ticket)
        this.#emit('canceled', ticket)
        return
      }
      old.order.replacedById = ticket.order.id
      this.#setStatus(old, 'replaced')
      this.#closeTicket(old)
      const group = old.group
      if (group !== undefined) {
        if (group.entry === old) group.entry = ticket
        const at = group.exits.indexOf(old)
        if (at >= 0) group.exits[at] = ticket
        this.#relink(group, old.order.id, ticket.order.id)
      }
      this.#emit('replaced', old)
      const activate = group === undefined || ticket.role !== 'exit' || old.working
      if (patch.qty === undefined && ticket.request.notional === undefined) {
        // The old order may have filled more while the replace was in flight.
        ticket.order.qty = cleanQty((old.order.qty ?? 0) - old.order.filledQty)
      }
      // A held exit leg stays held until its entry fills.
      if (activate) this.#activate(ticket)
      else this.#emit('new', ticket)
    }
    if (this.#latencyMs > 0) this.#clock.setTimer(apply, this.#latencyMs)
    else apply()
    return copyOrder(ticket.order)
  }

  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Advances the simulation with one market event: expires day orders whose session ended, fills
   * working orders of the event's symbol, moves trailing stops, and marks positions to the event's price.
   */
  onMarketEvent(event: MarketEvent): void {
    this.#eventSeq++
    switch (event.kind) {
      case 'bar': {
        const bar = event.bar
        if (bar.ts >= this.#nextExpiry) this.#expireDue(bar.ts)
        if (this.#fillBars) {
          const list = this.#open.get(bar.symbol)
          if (list !== undefined && list.length > 0) this.#onBar(bar, list, event)
        }
        this.#mark(bar.symbol, bar.close)
        return
      }
      case 'quote': {
        const quote = event.quote
        if (quote.ts >= this.#nextExpiry) this.#expireDue(quote.ts)
        this.#quotes.set(quote.symbol, quote)
        if (this.#fillQuotes) {
          const list = this.#open.get(quote.symbol)
          if (list !== undefined && list.length > 0) this.#onQuote(quote, list, event)
        }
        if (quote.bidPrice > 0 && quote.askPrice > 0)
          this.#mark(quote.symbol, (quote.bidPrice + quote.askPrice) / 2)
        return
      }
      case 'print': {
        const print = event.print
        if (print.ts >= this.#nextExpiry) this.#expireDue(print.ts)
        if (this.#fillPrints) {
          const list = this.#open.get(print.symbol)
          if (list !== undefined && list.length > 0) this.#onPrint(print, list, event)
        }
        this.#mark(print.symbol, print.price)
        return
      }
      case 'status':
        return
    }
  }

  #mark(symbol: string, price: number): void {
    const box = this.#markBoxes.get(symbol)
    if (box === undefined) this.#markBoxes.set(symbol, { price })
    else box.price = price
  }

  /** `roundQty` to the lot (down), with a fast path for whole shares. */
  #lotDown(qty: number): number {
    if (this.#lot.step === 1 && this.#lot.minQty === undefined) {
      const whole = Math.floor(qty + 1e-9)
      return Math.max(0, whole)
    }
    return roundQty(qty, this.#lot)
  }

  // ---------------------------------------------------------------------------------------------
  // Submission

  #checkQty(qty: number | undefined): void {
    if (qty === undefined) return
    if (!this.capabilities.fractional && !Number.isInteger(qty)) {
      throw new RejectedError(`${this.name} does not accept fractional quantities (got ${qty}).`, {
        reason: 'fractional quantity',
      })
    }
    if (this.#lot.step === 1 && Number.isInteger(qty) && qty > 0) return
    const rounded = roundQty(qty, this.#lot, 'nearest')
    if (Math.abs(rounded - qty) > QTY_EPSILON || rounded === 0) {
      throw invalid(
        'order request',
        'qty',
        `qty ${qty} is not a multiple of the lot step ${this.#lot.step}`,
        qty,
      )
    }
  }

  #submit(input: OrderRequest & { clientOrderId: string }): Order {
    const request = parseOrderRequest(input)
    const clientOrderId = request.clientOrderId
    if (clientOrderId === undefined)
      throw invalid('order request', 'clientOrderId', 'clientOrderId is required')
    if (this.#clientIdUsed(clientOrderId)) {
      throw new RejectedError(`Client order id ${clientOrderId} is already in use.`, {
        reason: 'duplicate client order id',
      })
    }
    const caps = this.capabilities
    const bracket = 'bracket' in request ? request.bracket : undefined
    const oco = request.type === 'limit' ? request.oco : undefined
    let orderClass: Order['orderClass'] = 'simple'
    if (bracket !== undefined) {
      orderClass = bracket.takeProfit !== undefined && bracket.stopLoss !== undefined ? 'bracket' : 'oto'
      if (orderClass === 'bracket' && !caps.bracket)
        throw new RejectedError(`${this.name} does not support bracket orders.`, {
          reason: 'bracket not supported',
        })
      if (orderClass === 'oto' && !caps.oto)
        throw new RejectedError(`${this.name} does not support OTO orders.`, { reason: 'oto not supported' })
      if (request.notional !== undefined)
        throw invalid('order request', 'notional', 'bracket and OTO orders need qty, not notional')
    }
    if (oco !== undefined) {
      orderClass = 'oco'
      if (!caps.oco)
        throw new RejectedError(`${this.name} does not support OCO orders.`, { reason: 'oco not supported' })
      if (request.notional !== undefined)
        throw invalid('order request', 'notional', 'OCO orders need qty, not notional')
    }
    if (request.type === 'trailing_stop' && !caps.trailingStop)
      throw new RejectedError(`${this.name} does not support trailing stops.`, {
        reason: 'trailing stop not supported',
      })
    if (request.notional !== undefined) {
      if (!caps.notional)
        throw new RejectedError(`${this.name} does not support notional orders.`, {
          reason: 'notional not supported',
        })
      if (request.type !== 'market')
        throw invalid(
          'order request',
          'notional',
          `notional is only supported on market orders (got a ${request.type} order)`,
        )
    }
    if (request.extendedHours && !caps.extendedHours)
      throw new RejectedError(`${this.name} does not support extended-hours orders.`, {
        reason: 'extended hours not supported',
      })
    if (request.extendedHours && (request.type !== 'limit' || request.timeInForce !== 'day'))
      throw invalid('order request', 'extendedHours', 'extended-hours orders must be day limit orders')
    this.#checkQty(request.qty)

    const now = this.#clock.now()
    const side: Side = request.side
    const holding = this.#holdings.get(request.symbol)?.qty ?? 0
    const qty = request.qty
    if (
      side === 'sell' &&
      qty !== undefined &&
      !caps.shortSelling &&
      orderClass !== 'bracket' &&
      orderClass !== 'oto'
    ) {
      if (qty > Math.max(0, holding) + QTY_EPSILON) {
        throw new RejectedError(
          `Selling ${qty} ${request.symbol} would open a short position (position ${holding}); short selling is disabled.`,
          { reason: 'short selling disabled' },
        )
      }
    }
    if (side === 'sell' && !caps.shortSelling && (orderClass === 'bracket' || orderClass === 'oto'))
      throw new RejectedError(
        `A sell ${orderClass} entry opens a short position in ${request.symbol}; short selling is disabled.`,
        { reason: 'short selling disabled' },
      )
    if (this.#pdtProtection && this.#closesToday(request.symbol, side)) {
      const account = this.#account()
      if (account.equity < this.#pdtMinEquity && (account.dayTradeCount ?? 0) >= this.#pdtMaxDayTrades) {
        throw new RejectedError(
          `Order would be a day trade in ${request.symbol} with ${account.dayTradeCount} day trades in five days and equity ${account.equity} below ${this.#pdtMinEquity} (pattern day trader protection).`,
          { reason: 'pattern day trader protection' },
        )
      }
    }
    // Buying power for the exposure the order adds, at the best reference price we have.
    const ref = this.#referencePrice(request, side)
    if (ref !== undefined) {
      const adds = this.#addsExposure(side, qty ?? (request.notional ?? 0) / ref, holding)
      const need = adds * ref
      const available = this.#buyingPower(undefined)
      if (need > available + 0.005) {
        throw new InsufficientFundsError(
          `Buying power ${roundMoney(available).toFixed(2)} is below the ${roundMoney(need).toFixed(2)} this ${request.symbol} ${side} order needs.`,
        )
      }
    }

    const parent = this.#newTicket(request, clientOrderId, now, orderClass)
    this.#register(parent)
    if (bracket !== undefined || oco !== undefined) {
      const group: Group = {
        entry: oco === undefined ? parent : undefined,
        exits: [],
        entryFilled: oco === undefined ? 0 : (qty ?? 0),
        entryDone: oco !== undefined,
        exitFilled: 0,
      }
      parent.group = group
      const exitSide: Side = oco === undefined ? (side === 'buy' ? 'sell' : 'buy') : side
      const legQty = qty ?? 0
      const legs: Ticket[] = []
      if (oco !== undefined) {
        parent.role = 'exit'
        group.exits.push(parent)
        legs.push(this.#legTicket(parent, exitSide, legQty, stopLegPrices(oco.stopLoss), 'sl', now, 'oco'))
      } else if (bracket !== undefined) {
        parent.role = 'entry'
        if (bracket.takeProfit !== undefined)
          legs.push(
            this.#legTicket(
              parent,
              exitSide,
              legQty,
              { type: 'limit', limitPrice: bracket.takeProfit.limitPrice },
              'tp',
              now,
              orderClass,
            ),
          )
        if (bracket.stopLoss !== undefined)
          legs.push(
            this.#legTicket(parent, exitSide, legQty, stopLegPrices(bracket.stopLoss), 'sl', now, orderClass),
          )
      }
      parent.order.legIds = legs.map((leg) => leg.order.id)
      for (const leg of legs) {
        leg.group = group
        leg.role = 'exit'
        group.exits.push(leg)
        this.#register(leg)
      }
    }
    if (this.#latencyMs > 0) {
      this.#emit('new', parent)
      this.#clock.setTimer(() => this.#start(parent), this.#latencyMs)
    } else {
      this.#start(parent)
    }
    return copyOrder(parent.order)
  }

  /** A submitted order reaches the venue: it works; OCO stops work too, bracket exits are held. */
  #start(parent: Ticket): void {
    if (isTerminalStatus(parent.order.status)) return
    this.#activate(parent)
    const group = parent.group
    if (group === undefined) return
    for (const leg of group.exits) {
      if (leg === parent) continue
      if (group.entry === undefined) this.#activate(leg)
      else this.#emit('new', leg)
    }
  }

  #legTicket(
    parent: Ticket,
    side: Side,
    qty: number,
    prices:
      | { type: 'limit'; limitPrice: number }
      | { type: 'stop'; stopPrice: number }
      | { type: 'stop_limit'; stopPrice: number; limitPrice: number },
    suffix: string,
    now: number,
    orderClass: Order['orderClass'],
  ): Ticket {
    const base = parent.request
    const clientOrderId = this.#uniqueClientId(`${parent.order.clientOrderId}-${suffix}`)
    const request = {
      ...prices,
      symbol: base.symbol,
      side,
      qty,
      timeInForce: base.timeInForce === 'gtc' ? 'gtc' : 'day',
      extendedHours: false,
      clientOrderId,
    } as OrderRequest
    const leg = this.#newTicket(request, clientOrderId, now, orderClass)
    leg.order.parentId = parent.order.id
    return leg
  }

  #uniqueClientId(wanted: string): string {
    let id = wanted.slice(0, 128)
    let n = 1
    while (this.#clientIdUsed(id)) {
      const suffix = `.${n++}`
      id = `${wanted.slice(0, 128 - suffix.length)}${suffix}`
    }
    return id
  }

  #replacementClientId(clientOrderId: string): string {
    const base = clientOrderId.replace(/\.r\d+$/, '')
    let n = 1
    for (;;) {
      const suffix = `.r${n++}`
      const id = `${base.slice(0, 128 - suffix.length)}${suffix}`
      if (!this.#clientIdUsed(id)) return id
    }
  }

  #newTicket(
    request: OrderRequest,
    clientOrderId: string,
    now: number,
    orderClass: Order['orderClass'],
  ): Ticket {
    const seq = ++this.#orderSeq
    const order = newOrder(request, { id: `${this.name}-${seq}`, clientOrderId, orderClass, createdAt: now })
    const stopType = isStopType(request.type)
    const priority = request.type === 'market' ? 0 : stopType !== this.#limitFirst ? 1 : 2
    return {
      order,
      request,
      seq,
      working: false,
      priority,
      triggered: false,
      extreme: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      auctionDate: undefined,
      filledValue: 0,
      commission: 0,
      fills: 0,
      group: undefined,
      role: 'simple',
      activatedAt: 0,
      pending: undefined,
      dayTradeCounted: false,
    }
  }

  #register(ticket: Ticket): void {
    this.#tickets.set(ticket.order.id, ticket)
    this.#byClientId.set(ticket.order.clientOrderId, ticket)
  }

  /** Makes an order work at the venue: accepted, in the symbol's book, with its expiry. */
  #activate(ticket: Ticket): void {
    if (isTerminalStatus(ticket.order.status) || ticket.working) return
    this.#activations++
    const now = this.#clock.now()
    ticket.working = true
    ticket.activatedAt = this.#eventSeq
    this.#setExpiry(ticket, now)
    if (ticket.order.type === 'trailing_stop') {
      ticket.extreme ??= this.#trailReference(ticket)
      this.#updateTrailStop(ticket)
    }
    let list = this.#open.get(ticket.order.symbol)
    if (list === undefined) {
      list = []
      this.#open.set(ticket.order.symbol, list)
    }
    // Insert sorted by (priority, seq).
    let i = list.length
    while (i > 0) {
      const prev = list[i - 1] as Ticket
      if (prev.priority < ticket.priority || (prev.priority === ticket.priority && prev.seq < ticket.seq))
        break
      i--
    }
    list.splice(i, 0, ticket)
    if (ticket.order.status === 'new') {
      this.#setStatus(ticket, 'accepted')
      this.#emit('accepted', ticket)
    }
  }

  #setExpiry(ticket: Ticket, now: number): void {
    const tif = ticket.order.timeInForce
    if (tif === 'day') {
      ticket.expiresAt = this.#sessionEnd(now, ticket.order.extendedHours)
    } else if (tif === 'opg') {
      const open = this.#calendar.nextOpen(now)
      ticket.auctionDate = tradingDateOf(open)
      ticket.expiresAt = open + 1
    } else if (tif === 'cls') {
      const close = this.#calendar.nextClose(now)
      ticket.auctionDate = tradingDateOf(close)
      ticket.expiresAt = close
    } else {
      return
    }
    if (ticket.expiresAt < this.#nextExpiry) {
      this.#nextExpiry = ticket.expiresAt
      this.#armExpiryTimer()
    }
  }

  /** End of the session a day order placed at `now` belongs to. */
  #sessionEnd(now: number, extendedHours: boolean): number {
    if (!extendedHours) return this.#nextClose(now)
    const date = tradingDateOf(now)
    const today = this.#calendar.schedule(date)
    if (today !== undefined && now < today.afterhours.end) return today.afterhours.end
    const next = this.#calendar.schedule(this.#calendar.nextTradingDay(date))
    return next === undefined ? now + DAY_MS : next.afterhours.end
  }

  #dateOf(ts: number): string {
    const hour = Math.floor(ts / 3_600_000)
    if (hour !== this.#dateHour) {
      this.#dateHour = hour
      this.#date = tradingDateOf(ts)
    }
    return this.#date
  }

  #nextClose(now: number): number {
    if (!(now >= this.#closeFrom && now < this.#close)) {
      this.#closeFrom = now
      this.#close = this.#calendar.nextClose(now)
    }
    return this.#close
  }

  #armExpiryTimer(): void {
    const due = this.#nextExpiry + this.#expiryGraceMs
    if (due === this.#expiryTimerAt) return
    if (this.#expiryTimer !== undefined) this.#clock.clearTimer(this.#expiryTimer)
    this.#expiryTimer = undefined
    this.#expiryTimerAt = due
    if (!Number.isFinite(due)) return
    const delay = Math.max(0, due - this.#clock.now())
    this.#expiryTimer = this.#clock.setTimer(() => {
      this.#expiryTimer = undefined
      this.#expiryTimerAt = Number.POSITIVE_INFINITY
      this.#expireDue(this.#clock.now() - this.#expiryGraceMs)
    }, delay)
  }

  #expireDue(t: number): void {
    const due: Ticket[] = []
    for (const list of this.#open.values())
      for (const ticket of list) if (ticket.expiresAt <= t) due.push(ticket)
    // Held bracket exits are not in the book yet: their expiry starts when they work.
    due.sort((a, b) => a.seq - b.seq)
    for (const ticket of due) {
      if (isTerminalStatus(ticket.order.status)) continue
      this.#setStatus(ticket, 'expired')
      this.#closeTicket(ticket)
      this.#emit('expired', ticket)
      this.#afterTerminal(ticket)
    }
    this.#nextExpiry = Number.POSITIVE_INFINITY
    for (const list of this.#open.values())
      for (const ticket of list) if (ticket.expiresAt < this.#nextExpiry) this.#nextExpiry = ticket.expiresAt
    this.#armExpiryTimer()
  }

  #referencePrice(request: OrderRequest, side: Side): number | undefined {
    if ('limitPrice' in request && request.limitPrice !== undefined) return request.limitPrice
    if ('stopPrice' in request && request.stopPrice !== undefined) return request.stopPrice
    const quote = this.#quotes.get(request.symbol)
    if (quote !== undefined) {
      const price = side === 'buy' ? quote.askPrice : quote.bidPrice
      if (price > 0) return price
    }
    return this.#markBoxes.get(request.symbol)?.price
  }

  /** Shares of `qty` that add exposure (not closing an existing position). */
  #addsExposure(side: Side, qty: number, holding: number): number {
    if (side === 'buy') return Math.max(0, qty - Math.max(0, -holding))
    return Math.max(0, qty - Math.max(0, holding))
  }

  #closesToday(symbol: string, side: Side): boolean {
    const holding = this.#holdings.get(symbol)?.qty ?? 0
    const reduces = (side === 'sell' && holding > 0) || (side === 'buy' && holding < 0)
    return reduces && this.#openedOn.get(symbol) === this.#dateOf(this.#clock.now())
  }

  #equity(): number {
    let equity = this.#cash
    for (const [symbol, h] of this.#holdings) {
      if (h.qty === 0) continue
      equity += h.qty * (this.#markBoxes.get(symbol)?.price ?? h.avgEntryPrice)
    }
    return equity
  }

  /** Buying power left, not counting the reservation of `except`. */
  #buyingPower(except: Ticket | undefined): number {
    let gross = 0
    for (const [symbol, h] of this.#holdings) {
      if (h.qty !== 0) gross += Math.abs(h.qty * (this.#markBoxes.get(symbol)?.price ?? h.avgEntryPrice))
    }
    let reserved = 0
    for (const list of this.#open.values()) {
      for (const t of list) {
        if (t === except || t.role === 'exit') continue
        reserved += this.#reservation(t)
      }
    }
    return Math.max(0, this.#equity() * this.#multiplier - gross - reserved)
  }

  #reservation(t: Ticket): number {
    const side = t.order.side
    const ref = this.#referencePrice(t.request, side)
    if (ref === undefined) return 0
    const holding = this.#holdings.get(t.order.symbol)?.qty ?? 0
    const remaining =
      t.order.qty !== undefined
        ? t.order.qty - t.order.filledQty
        : (t.order.notional ?? 0) / ref - t.order.filledQty
    return this.#addsExposure(side, Math.max(0, remaining), holding) * ref
  }

  #account(): Account {
    const equity = roundMoney(this.#equity())
    const today = this.#dateOf(this.#clock.now())
    const count = this.#dayTradeCount(today)
    return {
      id: this.#accountId,
      currency: this.#currency,
      cash: roundMoney(this.#cash),
      equity,
      buyingPower: roundMoney(this.#buyingPower(undefined)),
      dayTradeCount: count,
      patternDayTrader: count > this.#pdtMaxDayTrades,
      tradingBlocked: false,
      shortingEnabled: this.capabilities.shortSelling,
      multiplier: this.#multiplier,
    }
  }

  #dayTradeCount(today: string): number {
    if (this.#dayTrades.size === 0) return 0
    // The window is today and the four trading days before it.
    let start = today
    if (!this.#calendar.isTradingDay(today)) start = this.#calendar.nextTradingDay(today)
    for (let i = 0; i < 4; i++) start = this.#calendar.previousTradingDay(start)
    let count = 0
    for (const [date, n] of this.#dayTrades) if (date >= start && date <= today) count += n
    return count
  }

  // ---------------------------------------------------------------------------------------------
  // Cancels and state

  #requestCancel(ticket: Ticket, cascade = false): void {
    if (this.#latencyMs > 0 && ticket.working) {
      ticket.pending = 'cancel'
      this.#setStatus(ticket, 'pending_cancel')
      this.#emit('pending_cancel', ticket)
      this.#clock.setTimer(() => {
        ticket.pending = undefined
        if (!isTerminalStatus(ticket.order.status)) this.#cancelNow(ticket, undefined, cascade)
      }, this.#latencyMs)
      return
    }
    this.#cancelNow(ticket, undefined, cascade)
  }

  #cancelNow(ticket: Ticket, reason: string | undefined, cascade = false): void {
    if (isTerminalStatus(ticket.order.status)) return
    this.#setStatus(ticket, 'canceled')
    ticket.order.canceledAt = this.#clock.now()
    if (reason !== undefined) ticket.order.rejectReason = reason
    this.#closeTicket(ticket)
    this.#emit('canceled', ticket)
    this.#afterTerminal(ticket, cascade)
  }

  #setStatus(ticket: Ticket, status: OrderStatus): void {
    ticket.order.status = status
    ticket.order.updatedAt = Math.max(ticket.order.updatedAt, this.#clock.now())
    if (isTerminalStatus(status)) this.#retire(ticket)
  }

  /** An order ended (orders never leave a terminal status): the books keep only its order and seq. */
  #retire(ticket: Ticket): void {
    const retired: Retired = { order: ticket.order, seq: ticket.seq }
    if (this.#tickets.get(ticket.order.id) === ticket) this.#tickets.set(ticket.order.id, retired)
    if (this.#byClientId.get(ticket.order.clientOrderId) === ticket)
      this.#byClientId.set(ticket.order.clientOrderId, retired)
  }

  /** Takes a ticket out of its symbol's book. */
  #closeTicket(ticket: Ticket): void {
    ticket.working = false
    const list = this.#open.get(ticket.order.symbol)
    if (list === undefined) return
    const at = list.indexOf(ticket)
    if (at >= 0) list.splice(at, 1)
  }

  /** Group bookkeeping after a member ended (canceled, expired, rejected, filled). */
  #afterTerminal(ticket: Ticket, cascade = false): void {
    const group = ticket.group
    if (group === undefined) return
    if (ticket === group.entry && ticket.order.status !== 'replaced') {
      group.entryDone = true
      this.#resizeExits(group, cascade)
    } else if (ticket.role === 'exit' && ticket.order.status !== 'replaced') {
      this.#resizeExits(group, cascade)
    }
  }

  /**
   * Keeps a group's open exits sized to the shares they protect: the entry's filled (or still
   * expected) quantity minus what the exits already sold. Exits with nothing left are canceled.
   */
  #resizeExits(group: Group, cascade: boolean): void {
    const target = group.entryDone
      ? group.entryFilled
      : group.entryFilled + Math.max(0, (group.entry?.order.qty ?? 0) - (group.entry?.order.filledQty ?? 0))
    const left = cleanQty(target - group.exitFilled)
    for (const exit of group.exits) {
      if (isTerminalStatus(exit.order.status) || exit.pending !== undefined) continue
      if (left <= QTY_EPSILON && group.entryDone) {
        this.#cancelNow(exit, cascade ? undefined : 'the other exit filled or the entry ended', false)
      } else if (left > QTY_EPSILON) {
        exit.order.qty = cleanQty(exit.order.filledQty + left)
      }
    }
  }

  #relink(group: Group, oldId: string, newId: string): void {
    for (const member of [group.entry, ...group.exits]) {
      if (member === undefined) continue
      if (member.order.parentId === oldId) member.order.parentId = newId
      if (member.order.legIds !== undefined)
        member.order.legIds = member.order.legIds.map((id) => (id === oldId ? newId : id))
    }
  }

  #emit(event: OrderUpdate['event'], ticket: Ticket, fill?: Fill): void {
    const update: OrderUpdate = { event, order: copyOrder(ticket.order), ts: fill?.ts ?? this.#clock.now() }
    if (fill !== undefined) update.fill = fill
    this.#queue.push(update)
    if (this.#flushing) return
    this.#flushing = true
    try {
      for (let i = 0; i < this.#queue.length; i++) {
        const next = this.#queue[i] as OrderUpdate
        for (const listener of this.#listeners) listener(next)
      }
    } finally {
      this.#queue.length = 0
      this.#flushing = false
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Matching

  #timeframeMs(timeframe: Bar['timeframe']): number {
    let ms = this.#spans.get(timeframe)
    if (ms === undefined) {
      ms = timeframeToMs(timeframe)
      this.#spans.set(timeframe, ms)
    }
    return ms
  }

  #budget(size: number): number {
    return this.#participation === undefined ? Number.POSITIVE_INFINITY : size * this.#participation
  }

  #eligible(ticket: Ticket): boolean {
    if (!ticket.working || ticket.activatedAt === this.#eventSeq) {
      // Orders never fill on the event during which they started working, except exits
      // activated by their entry's fill on this event (legsOnEntryEvent).
      if (!ticket.working) return false
      if (!(ticket.role === 'exit' && ticket.group?.entry !== undefined && this.#legsOnEntryEvent))
        return false
    }
    return !isTerminalStatus(ticket.order.status)
  }

  #onBar(bar: Bar, list: Ticket[], event: MarketEvent): void {
    let budget = this.#budget(bar.volume)
    const span = this.#timeframeMs(bar.timeframe)
    const daily = span >= DAY_MS
    const barEnd = bar.ts + span
    // Pass 1: fills at the open (market orders and gaps through a price), in (priority, seq) order.
    const snapshot = list.slice()
    for (const ticket of snapshot) {
      if (budget <= QTY_EPSILON) break
      if (!this.#eligible(ticket)) continue
      const plan = this.#barOpen(ticket, bar, daily, barEnd)
      if (plan !== undefined) budget -= this.#fill(ticket, plan, budget, event, bar.ts)
      else this.#auctionMissed(ticket, bar, daily, barEnd)
    }
    // Pass 2: fills inside the bar: stop-type orders before limits (or the reverse), in seq order.
    // Exits that an entry's fill activated on this bar join (legsOnEntryEvent), so passes repeat
    // until no order is left unseen.
    const before = this.#activations
    const current = list.slice()
    for (const ticket of current) {
      if (budget <= QTY_EPSILON) break
      if (!this.#eligible(ticket)) continue
      const plan = this.#barIntrabar(ticket, bar)
      if (plan !== undefined) budget -= this.#fill(ticket, plan, budget, event, bar.ts)
    }
    if (this.#activations !== before && budget > QTY_EPSILON) {
      const seen = new Set<Ticket>(current)
      for (
        let more = list.filter((t) => !seen.has(t));
        more.length > 0;
        more = list.filter((t) => !seen.has(t))
      ) {
        for (const ticket of more) {
          seen.add(ticket)
          if (budget <= QTY_EPSILON) break
          if (!this.#eligible(ticket)) continue
          const plan = this.#barIntrabar(ticket, bar)
          if (plan !== undefined) budget -= this.#fill(ticket, plan, budget, event, bar.ts)
        }
        if (budget <= QTY_EPSILON) break
      }
    }
    // Trailing stops ratchet on the bar's extreme for the next bar; ioc/fok had their chance.
    for (const ticket of snapshot) {
      if (isTerminalStatus(ticket.order.status) || !ticket.working) continue
      if (ticket.order.type === 'trailing_stop') {
        const best = ticket.order.side === 'sell' ? bar.high : bar.low
        this.#moveTrail(ticket, best)
      }
      if (ticket.activatedAt !== this.#eventSeq) this.#afterChance(ticket)
    }
  }

  #onQuote(quote: Quote, list: Ticket[], event: MarketEvent): void {
    const snapshot = list.slice()
    let buyBudget = this.#budget(quote.askSize)
    let sellBudget = this.#budget(quote.bidSize)
    for (const ticket of snapshot) {
      if (!this.#eligible(ticket)) continue
      const buy = ticket.order.side === 'buy'
      const price = buy ? quote.askPrice : quote.bidPrice
      if (!(price > 0)) continue
      const budget = buy ? buyBudget : sellBudget
      if (budget <= QTY_EPSILON) continue
      if (ticket.order.timeInForce === 'opg' || ticket.order.timeInForce === 'cls') continue
      const plan = this.#atPrice(ticket, price)
      if (plan !== undefined) {
        const filled = this.#fill(ticket, plan, budget, event, quote.ts)
        if (buy) buyBudget -= filled
        else sellBudget -= filled
      }
    }
    for (const ticket of snapshot) {
      if (isTerminalStatus(ticket.order.status) || !ticket.working) continue
      if (ticket.order.type === 'trailing_stop') {
        const price = ticket.order.side === 'sell' ? quote.bidPrice : quote.askPrice
        if (price > 0) this.#moveTrail(ticket, price)
      }
      if (ticket.activatedAt !== this.#eventSeq) this.#afterChance(ticket)
    }
  }

  #onPrint(print: Print, list: Ticket[], event: MarketEvent): void {
    const snapshot = list.slice()
    let budget = this.#budget(print.size)
    for (const ticket of snapshot) {
      if (budget <= QTY_EPSILON) break
      if (!this.#eligible(ticket)) continue
      if (ticket.order.timeInForce === 'opg' || ticket.order.timeInForce === 'cls') continue
      const plan = this.#atPrice(ticket, print.price)
      if (plan !== undefined) budget -= this.#fill(ticket, plan, budget, event, print.ts)
    }
    for (const ticket of snapshot) {
      if (isTerminalStatus(ticket.order.status) || !ticket.working) continue
      if (ticket.order.type === 'trailing_stop') this.#moveTrail(ticket, print.price)
      if (ticket.activatedAt !== this.#eventSeq) this.#afterChance(ticket)
    }
  }

  /** ioc and fok orders get one event: whatever did not fill is canceled. */
  #afterChance(ticket: Ticket): void {
    const tif = ticket.order.timeInForce
    if (tif !== 'ioc' && tif !== 'fok') return
    if (isTerminalStatus(ticket.order.status)) return
    this.#cancelNow(ticket, `${tif} order not filled on its first market event`)
  }

  #limitReached(buy: boolean, price: number, limit: number): boolean {
    if (buy) return this.#through ? price < limit : price <= limit
    return this.#through ? price > limit : price >= limit
  }

  /** A fill at the bar's open, if any. */
  #barOpen(ticket: Ticket, bar: Bar, daily: boolean, barEnd: number): FillPlan | undefined {
    const o = ticket.order
    const buy = o.side === 'buy'
    const open = bar.open
    if (o.timeInForce === 'opg') {
      if (!this.#isOpeningBar(ticket, bar, daily)) return undefined
      if (o.type === 'market') return { price: open, taker: true }
      if (o.type === 'limit' && this.#limitReached(buy, open, o.limitPrice as number))
        return { price: open, taker: true }
      return undefined
    }
    if (o.timeInForce === 'cls') {
      if (!this.#isClosingBar(ticket, bar, daily, barEnd)) return undefined
      const close = bar.close
      if (o.type === 'market') return { price: close, taker: true }
      if (o.type === 'limit' && this.#limitReached(buy, close, o.limitPrice as number))
        return { price: close, taker: true }
      return undefined
    }
    switch (o.type) {
      case 'market':
        return { price: open, taker: true }
      case 'limit':
        return this.#limitReached(buy, open, o.limitPrice as number)
          ? { price: open, taker: true }
          : undefined
      case 'stop': {
        const stop = o.stopPrice as number
        return (buy ? open >= stop : open <= stop) ? { price: open, taker: true } : undefined
      }
      case 'stop_limit': {
        const limit = o.limitPrice as number
        if (!ticket.triggered) {
          const stop = o.stopPrice as number
          if (!(buy ? open >= stop : open <= stop)) return undefined
          ticket.triggered = true
        }
        return this.#limitReached(buy, open, limit) ? { price: open, taker: true } : undefined
      }
      case 'trailing_stop': {
        if (ticket.extreme === undefined) {
          ticket.extreme = open
          this.#updateTrailStop(ticket)
        }
        const stop = o.stopPrice
        if (stop === undefined) return undefined
        return (buy ? open >= stop : open <= stop) ? { price: open, taker: true } : undefined
      }
    }
  }

  /** A fill inside the bar (after the open), if any. */
  #barIntrabar(ticket: Ticket, bar: Bar): FillPlan | undefined {
    const o = ticket.order
    if (o.timeInForce === 'opg' || o.timeInForce === 'cls') return undefined
    const buy = o.side === 'buy'
    switch (o.type) {
      case 'market':
        return undefined
      case 'limit': {
        const limit = o.limitPrice as number
        return this.#limitReached(buy, buy ? bar.low : bar.high, limit)
          ? { price: limit, taker: false }
          : undefined
      }
      case 'stop': {
        const stop = o.stopPrice as number
        return (buy ? bar.high >= stop : bar.low <= stop) ? { price: stop, taker: true } : undefined
      }
      case 'stop_limit': {
        const limit = o.limitPrice as number
        const stop = o.stopPrice as number
        if (!ticket.triggered) {
          if (!(buy ? bar.high >= stop : bar.low <= stop)) return undefined
          ticket.triggered = true
          // Triggered inside the bar: it fills at the stop when the stop is within the limit;
          // otherwise it rests as a limit from the next bar (the path back to the limit is unknown).
          return (buy ? stop <= limit : stop >= limit) ? { price: stop, taker: false } : undefined
        }
        return this.#limitReached(buy, buy ? bar.low : bar.high, limit)
          ? { price: limit, taker: false }
          : undefined
      }
      case 'trailing_stop': {
        const stop = o.stopPrice
        if (stop === undefined) return undefined
        return (buy ? bar.high >= stop : bar.low <= stop) ? { price: stop, taker: true } : undefined
      }
    }
  }

  /** A fill against a single price (a quote side or a print). */
  #atPrice(ticket: Ticket, price: number): FillPlan | undefined {
    const o = ticket.order
    const buy = o.side === 'buy'
    const arriving = ticket.fills === 0 && ticket.activatedAt === this.#eventSeq - 1
    switch (o.type) {
      case 'market':
        return { price, taker: true }
      case 'limit': {
        const limit = o.limitPrice as number
        if (!this.#limitReached(buy, price, limit)) return undefined
        return arriving ? { price, taker: true } : { price: limit, taker: false }
      }
      case 'stop': {
        const stop = o.stopPrice as number
        return (buy ? price >= stop : price <= stop) ? { price, taker: true } : undefined
      }
      case 'stop_limit': {
        const limit = o.limitPrice as number
        if (!ticket.triggered) {
          const stop = o.stopPrice as number
          if (!(buy ? price >= stop : price <= stop)) return undefined
          ticket.triggered = true
          return this.#limitReached(buy, price, limit) ? { price, taker: true } : undefined
        }
        if (!this.#limitReached(buy, price, limit)) return undefined
        return { price: limit, taker: false }
      }
      case 'trailing_stop': {
        if (ticket.extreme === undefined) {
          ticket.extreme = price
          this.#updateTrailStop(ticket)
        }
        const stop = o.stopPrice
        if (stop === undefined) return undefined
        return (buy ? price >= stop : price <= stop) ? { price, taker: true } : undefined
      }
    }
  }

  #isOpeningBar(ticket: Ticket, bar: Bar, daily: boolean): boolean {
    const date = tradingDateOf(bar.ts)
    if (daily) return date === ticket.auctionDate
    const schedule = this.#calendar.schedule(date)
    return schedule !== undefined && bar.ts === schedule.regular.start && date === ticket.auctionDate
  }

  #isClosingBar(ticket: Ticket, bar: Bar, daily: boolean, barEnd: number): boolean {
    const date = tradingDateOf(bar.ts)
    if (daily) return date === ticket.auctionDate
    const schedule = this.#calendar.schedule(date)
    return schedule !== undefined && barEnd === schedule.regular.end && date === ticket.auctionDate
  }

  /** opg/cls orders that saw a bar of their date that was not their auction bar. */
  #auctionMissed(ticket: Ticket, bar: Bar, daily: boolean, barEnd: number): void {
    const tif = ticket.order.timeInForce
    if (tif === 'opg') {
      if (isTerminalStatus(ticket.order.status)) return
      const schedule =
        ticket.auctionDate === undefined ? undefined : this.#calendar.schedule(ticket.auctionDate)
      if (schedule !== undefined && !daily && bar.ts > schedule.regular.start) {
        this.#setStatus(ticket, 'expired')
        this.#closeTicket(ticket)
        this.#emit('expired', ticket)
      }
    } else if (tif === 'cls' && !daily) {
      const schedule =
        ticket.auctionDate === undefined ? undefined : this.#calendar.schedule(ticket.auctionDate)
      if (schedule !== undefined && barEnd > schedule.regular.end && !isTerminalStatus(ticket.order.status)) {
        this.#setStatus(ticket, 'expired')
        this.#closeTicket(ticket)
        this.#emit('expired', ticket)
      }
    }
  }

  #trailReference(ticket: Ticket): number | undefined {
    const symbol = ticket.order.symbol
    const quote = this.#quotes.get(symbol)
    if (quote !== undefined) {
      const price = ticket.order.side === 'sell' ? quote.bidPrice : quote.askPrice
      if (price > 0) return price
    }
    return this.#markBoxes.get(symbol)?.price
  }

  #moveTrail(ticket: Ticket, price: number): void {
    const sell = ticket.order.side === 'sell'
    if (ticket.extreme === undefined || (sell ? price > ticket.extreme : price < ticket.extreme)) {
      ticket.extreme = price
      this.#updateTrailStop(ticket)
    }
  }

  #updateTrailStop(ticket: Ticket): void {
    const o = ticket.order
    const extreme = ticket.extreme
    if (extreme === undefined) return
    const sell = o.side === 'sell'
    let stop: number
    if (o.trailPrice !== undefined) stop = sell ? extreme - o.trailPrice : extreme + o.trailPrice
    else
      stop = sell ? extreme * (1 - (o.trailPercent ?? 0) / 100) : extreme * (1 + (o.trailPercent ?? 0) / 100)
    if (!(stop > 0)) return
    // The stop sits on the tick, away from the market (down for sells, up for buys).
    const rounded = roundToTick(stop, sell ? 'down' : 'up', this.#tick)
    if (rounded > 0) o.stopPrice = rounded
  }

  /**
   * Fills up to `budget` shares of `ticket` at `plan`; returns the shares filled. Applies the lot,
   * the group's available quantity, shorting and buying-power limits, slippage, commission, cash,
   * positions and day-trade counting, then reports the fill.
   */
  #fill(ticket: Ticket, plan: FillPlan, budget: number, event: MarketEvent, ts: number): number {
    const o = ticket.order
    const buy = o.side === 'buy'
    const limited = o.limitPrice !== undefined && (o.type === 'limit' || o.type === 'stop_limit')
    // Quantity at the model price: what is left (a notional order: what its money buys), the event's
    // volume budget, an exit's share of its group, the lot, and no short sale when shorting is off.
    let remaining: number
    if (o.qty !== undefined) {
      remaining = o.qty - o.filledQty
    } else {
      const money = (o.notional ?? 0) - ticket.filledValue
      remaining = this.#lotDown(Math.max(0, money / plan.price))
    }
    let qty = Math.min(remaining, budget)
    const group = ticket.group
    if (group !== undefined && ticket.role === 'exit')
      qty = Math.min(qty, group.entryFilled - group.exitFilled)
    qty = this.#lotDown(Math.max(0, cleanQty(qty)))
    if (qty <= 0) return 0
    // The fok order fills entirely or not at all.
    if (o.timeInForce === 'fok' && qty + QTY_EPSILON < remaining) return 0
    const holding = this.#holdings.get(o.symbol)?.qty ?? 0
    let cut: string | undefined
    if (!buy && !this.capabilities.shortSelling) {
      const long = Math.max(0, holding)
      if (qty > long + QTY_EPSILON) {
        qty = this.#lotDown(long)
        cut = 'a sell fill would open a short position and short selling is disabled'
      }
    }
    // Price: slippage for taker fills (it sees the quantity), never past a limit; on the tick,
    // rounded against the trader.
    let price =
      plan.taker && qty > 0
        ? applySlippage({
            model: this.#slippage,
            context: { symbol: o.symbol, side: o.side, price: plan.price, qty, event },
            ...(this.#tick === undefined ? {} : { tick: this.#tick }),
          })
        : this.#onTick(plan.price, buy)
    if (limited)
      price = buy ? Math.min(price, o.limitPrice as number) : Math.max(price, o.limitPrice as number)
    // Buying power at the final price.
    const adds = this.#addsExposure(o.side, qty, holding)
    if (adds > 0) {
      const available = this.#buyingPower(ticket)
      if (adds * price > available + 0.005) {
        const affordable = this.#lotDown(Math.max(0, available / price))
        const closing = qty - adds
        qty = this.#lotDown(closing + Math.min(adds, affordable))
        cut = `insufficient buying power at fill: ${roundMoney(available).toFixed(2)} available`
      }
    }
    if (qty <= 0) {
      this.#endUnfillable(ticket, cut ?? 'nothing fillable')
      return 0
    }
    this.#applyFill(ticket, qty, price, ts)
    // What the account cannot carry is not left working.
    if (cut !== undefined && !isTerminalStatus(o.status)) this.#cancelNow(ticket, cut)
    return qty
  }

  /** A model price on the tick grid, rounded against the trader (up for buys, down for sells). */
  #onTick(price: number, buy: boolean): number {
    if (this.#tick === undefined && isValidTick(price)) return Math.round(price * 1e6) / 1e6
    const rounded = roundToTick(price, buy ? 'up' : 'down', this.#tick)
    return rounded > 0 ? rounded : (this.#tick ?? tickSize(price))
  }

  /** An order that cannot fill at all any more: rejected when untouched, canceled when partly filled. */
  #endUnfillable(ticket: Ticket, reason: string): void {
    if (ticket.order.filledQty > 0) {
      this.#cancelNow(ticket, reason)
      return
    }
    this.#setStatus(ticket, 'rejected')
    ticket.order.rejectReason = reason
    this.#closeTicket(ticket)
    this.#emit('rejected', ticket)
    this.#afterTerminal(ticket)
  }

  #applyFill(ticket: Ticket, qty: number, price: number, ts: number): void {
    const o = ticket.order
    const buy = o.side === 'buy'
    const value = roundMoney(qty * price)
    ticket.filledValue += qty * price
    ticket.fills++
    o.filledQty = cleanQty(o.filledQty + qty)
    o.avgFillPrice = cleanPrice(ticket.filledValue / o.filledQty)
    const model = this.#commission
    const total =
      typeof model !== 'function' && model.kind === 'zero'
        ? 0
        : commissionFor({
            model,
            context: {
              symbol: o.symbol,
              side: o.side,
              filledQty: o.filledQty,
              filledValue: ticket.filledValue,
              fills: ticket.fills,
            },
          })
    const commission = roundMoney(Math.max(0, total - ticket.commission))
    ticket.commission = roundMoney(ticket.commission + commission)
    this.#cash = roundMoney(this.#cash + (buy ? -value : value) - commission)
    this.#trackDayTrade(ticket, qty, ts)
    this.#updateHolding(o.symbol, buy ? qty : -qty, price)
    const done = o.qty !== undefined ? o.filledQty + QTY_EPSILON >= o.qty : this.#notionalDone(ticket, price)
    if (done) {
      if (o.qty === undefined) o.qty = o.filledQty
      o.filledAt = ts
      this.#setStatus(ticket, 'filled')
      this.#closeTicket(ticket)
    } else {
      this.#setStatus(ticket, 'partially_filled')
    }
    const fill: Fill = {
      id: `${o.id}-f${ticket.fills}`,
      orderId: o.id,
      clientOrderId: o.clientOrderId,
      symbol: o.symbol,
      side: o.side,
      qty,
      price,
      ts,
      commission,
      liquidity: o.type === 'limit' && price === o.limitPrice ? 'maker' : 'taker',
    }
    const group = ticket.group
    if (group !== undefined) {
      if (ticket === group.entry) {
        group.entryFilled = cleanQty(group.entryFilled + qty)
        if (done) group.entryDone = true
      } else if (ticket.role === 'exit') {
        group.exitFilled = cleanQty(group.exitFilled + qty)
      }
    }
    this.#emit(done ? 'fill' : 'partial_fill', ticket, fill)
    if (group !== undefined) {
      if (ticket === group.entry) {
        // The exits start working with the entry's first fill and follow its size.
        for (const exit of group.exits) if (!exit.working && exit.order.status === 'new') this.#activate(exit)
      }
      this.#resizeExits(group, false)
    }
  }

  #notionalDone(ticket: Ticket, price: number): boolean {
    const left = (ticket.order.notional ?? 0) - ticket.filledValue
    return this.#lotDown(Math.max(0, left / price)) <= 0
  }

  #trackDayTrade(ticket: Ticket, qty: number, ts: number): void {
    const symbol = ticket.order.symbol
    const holding = this.#holdings.get(symbol)?.qty ?? 0
    const signed = ticket.order.side === 'buy' ? qty : -qty
    const date = this.#dateOf(ts)
    const reduces = holding !== 0 && Math.sign(signed) !== Math.sign(holding)
    if (reduces && !ticket.dayTradeCounted && this.#openedOn.get(symbol) === date) {
      ticket.dayTradeCounted = true
      this.#dayTrades.set(date, (this.#dayTrades.get(date) ?? 0) + 1)
      if (this.#dayTrades.size > 10) {
        // Only the last five trading days count: drop the oldest dates.
        const dates = [...this.#dayTrades.keys()].sort()
        for (const old of dates.slice(0, dates.length - 10)) this.#dayTrades.delete(old)
      }
    }
    const opens =
      holding === 0 || Math.sign(signed) === Math.sign(holding) || Math.abs(signed) > Math.abs(holding)
    if (opens) this.#openedOn.set(symbol, date)
  }

  #updateHolding(symbol: string, signed: number, price: number): void {
    let h = this.#holdings.get(symbol)
    if (h === undefined) {
      h = { qty: 0, avgEntryPrice: 0, realizedPnl: 0 }
      this.#holdings.set(symbol, h)
    }
    if (h.qty === 0 || Math.sign(h.qty) === Math.sign(signed)) {
      const qty = cleanQty(h.qty + signed)
      h.avgEntryPrice = (Math.abs(h.qty) * h.avgEntryPrice + Math.abs(signed) * price) / Math.abs(qty)
      h.qty = qty
      return
    }
    const closing = Math.min(Math.abs(signed), Math.abs(h.qty))
    h.realizedPnl += closing * (price - h.avgEntryPrice) * Math.sign(h.qty)
    const rest = cleanQty(Math.abs(signed) - closing)
    if (rest > 0) {
      h.qty = Math.sign(signed) * rest
      h.avgEntryPrice = price
    } else {
      h.qty = cleanQty(h.qty + signed)
      if (h.qty === 0) h.avgEntryPrice = 0
    }
  }
}
