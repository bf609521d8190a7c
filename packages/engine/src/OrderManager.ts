import {
  type Broker,
  type Clock,
  canTransition,
  ErrorCode,
  type Fill,
  isBaseError,
  isTerminalStatus,
  type MarketEvent,
  NotFoundError,
  newOrder,
  type Order,
  type OrderRequest,
  type OrderRequestInput,
  OrderRequestSchema,
  type OrderStatus,
  type OrderUpdate,
  type Position,
  parse,
  parseOrderRequest,
  RejectedError,
  type ReplaceOrderRequest,
  ReplaceOrderRequestSchema,
  roundMoney,
  roundToTick,
  TimeoutError,
  TypedEmitter,
  toNewYork,
  ValidationError,
} from '@tradeblocks/core'
import type { EngineEvents, OrderAnomaly } from './EngineEvents.js'
import { type Logger, silentLogger } from './Logger.js'

import type { ReconcileDifference, ReconcileReport } from './reconcile.js'

/**
 * An optional extension of a simulated broker: `submitOrder` without the promise (broker-paper's
 * `PaperBroker` has it). When the broker passed to an {@link OrderManager} is a simulated broker (it has
 * `onMarketEvent`) and offers this method, plain orders are submitted through it, which saves a round
 * of promise jobs per order in backtests. It must behave exactly like `submitOrder`, throwing what
 * that would reject with.
 *
 * @example
 * ```ts
 * import type { SynchronousSubmit } from '@tradeblocks/engine'
 *
 * const fast = (broker: object): broker is SynchronousSubmit =>
 *   typeof (broker as Partial<SynchronousSubmit>).submitOrderNow === 'function'
 * ```
 */
export interface SynchronousSubmit {
  submitOrderNow(request: OrderRequest & { clientOrderId: string }): Order
}

/**
 * Options of {@link OrderManager}.
 *
 * @example
 * ```ts
 * import { OrderManager, type OrderManagerOptions } from '@tradeblocks/engine'
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const options: OrderManagerOptions = {
 *   broker, clock: new SystemClock(), strategyName: 'sma',
 *   idPrefix: 'bot1', sequence: saved?.sequence, snapshot: saved,
 * }
 * const manager = new OrderManager(options)
 * ```
 */
export interface OrderManagerOptions {
  /** The broker every order goes to. */
  broker: Broker
  /** The clock: ids carry its New York date; timeouts and lookup delays run on it. */
  clock: Clock
  /** The strategy's name; sanitized into client order ids. */
  strategyName: string
  /** First part of every client order id. Default `tb`. */
  idPrefix?: string
  /**
   * The next sequence number of client order ids. Persist `snapshot().sequence` (or the snapshot)
   * and pass it back after a restart; `reconcile()` also moves past every id of this prefix and
   * strategy it finds at the broker, so ids stay unique across restarts.
   */
  sequence?: number
  /** A snapshot from `snapshot()` to restore (orders, emulation groups, positions, sequence). */
  snapshot?: OrderManagerSnapshot
  /**
   * How long a broker call may take before its outcome counts as unknown (0: no limit). Default
   * 10,000 ms, or 0 for a simulated broker (one with `onMarketEvent`), which answers at once.
   */
  submitTimeoutMs?: number
  /** Lookups by client order id after an ambiguous submit. Default 5. */
  lookupAttempts?: number
  /** Delay before the second lookup; doubles after each. Default 250 ms. */
  lookupDelayMs?: number
  /**
   * After an ambiguous submit, when two lookups in a row find no order, send the request again
   * with the SAME client order id (a broker that honours client ids refuses it if the first copy
   * arrives late, so no duplicate can exist). Default `true`; `false` leaves the order unresolved.
   */
  resubmitWhenNotFound?: boolean
  /**
   * `auto` (default): emulate brackets, OTO, OCO and trailing stops the broker's capabilities lack.
   * `always`: emulate them even when the broker has them.
   */
  emulation?: 'auto' | 'always'
  /** On reconcile, adopt the broker's positions (`adopt`, default) or only report differences. */
  positions?: 'adopt' | 'report'
  /** The event bus to publish on. Default a new one. */
  events?: TypedEmitter<EngineEvents>
  /** Logger. Default silent. */
  logger?: Logger
}

/**
 * Everything an {@link OrderManager} needs to continue after a restart: persist it (as JSON) after
 * every update and pass it back as `snapshot`.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs'
 * import type { OrderManagerSnapshot } from '@tradeblocks/engine'
 *
 * manager.events.on('order', () => {
 *   const snap: OrderManagerSnapshot = manager.snapshot()
 *   writeFileSync('state.json', JSON.stringify(snap))
 * })
 * ```
 */
export interface OrderManagerSnapshot {
  version: 1
  strategyName: string
  idPrefix: string
  /** The next client order id sequence number. */
  sequence: number
  /** Open orders and the members of open emulation groups. */
  orders: SnapshotOrder[]
  /** Open emulation groups. */
  groups: SnapshotGroup[]
  /** Positions the manager believes in. */
  positions: { symbol: string; qty: number; avgEntryPrice: number; realizedPnl: number }[]
}

/**
 * One order of an {@link OrderManagerSnapshot}.
 *
 * @example
 * ```ts
 * import type { SnapshotOrder } from '@tradeblocks/engine'
 *
 * const isEntry = (o: SnapshotOrder) => o.role === 'entry'
 * ```
 */
export interface SnapshotOrder {
  clientOrderId: string
  request: OrderRequest
  order: Order
  /** False while the order exists only locally (not acknowledged, or its submit outcome unknown). */
  acknowledged: boolean
  group?: string
  role?: GroupRole
}

/**
 * One emulation group of an {@link OrderManagerSnapshot}.
 *
 * @example
 * ```ts
 * import type { SnapshotGroup } from '@tradeblocks/engine'
 *
 * const exposure = (g: SnapshotGroup) => g.entryFilled - g.exitFilled
 * ```
 */
export interface SnapshotGroup {
  id: string
  kind: GroupKind
  root: string
  entryFilled: number
  exitFilled: number
  exitValue: number
  entryDone: boolean
  legs: { takeProfit?: string; stopLoss?: string; trail?: string }
  legSeq: number
  extreme?: number
  overfillReported: boolean
  /** Exits the strategy canceled (not sent again). */
  dropped?: ('takeProfit' | 'stopLoss')[]
}

/**
 * The kinds of emulated order groups.
 *
 * @example
 * ```ts
 * import type { GroupKind } from '@tradeblocks/engine'
 *
 * const k: GroupKind = 'bracket'
 * ```
 */
export type GroupKind = 'bracket' | 'oto' | 'oco' | 'trailing'

/**
 * The role of an order in an emulated group.
 *
 * @example
 * ```ts
 * import type { GroupRole } from '@tradeblocks/engine'
 *
 * const r: GroupRole = 'stop_loss'
 * ```
 */
export type GroupRole = 'entry' | 'take_profit' | 'stop_loss' | 'trailing' | 'trail_stop'

interface Managed {
  clientOrderId: string
  request: OrderRequest
  order: Order
  /** Acknowledged by the broker (its id is known). */
  acked: boolean
  /** The submit's outcome is not known yet (in flight or ambiguous). */
  unknown: boolean
  /** Highest filled quantity applied to positions, and its value. */
  appliedQty: number
  appliedValue: number
  /**
   * Fill ids seen: none, the first one's id (most orders fill once, and a set per order would cost
   * a few hundred bytes), or a set from the second fill on.
   */
  fills: string | Set<string> | undefined
  group: Group | undefined
  role: GroupRole | undefined
  /** A virtual order (emulated trailing stop) has no broker order of its own. */
  virtual: boolean
  cancelRequested: boolean
  /** A submit (or its resolution) is under way. */
  sending: boolean
  /**
   * The terminal status was decided here, not reported by the broker (an unresolved submit given up
   * after a cancel, an order missing at reconciliation). If the broker later shows the order, its
   * view wins.
   */
  synthetic: boolean
}

interface Group {
  id: string
  kind: GroupKind
  /** The order the strategy submitted (entry of a bracket/OTO, the limit of an OCO, the virtual trailing stop). */
  root: Managed
  entry: Managed | undefined
  spec: {
    takeProfit?: { limitPrice: number }
    stopLoss?: { stopPrice: number; limitPrice?: number }
    trail?: { trailPercent?: number; trailPrice?: number }
  }
  side: 'buy' | 'sell'
  symbol: string
  timeInForce: OrderRequest['timeInForce']
  entryFilled: number
  exitFilled: number
  /** Money value of the exits' fills (for the virtual trailing stop's average price). */
  exitValue: number
  entryDone: boolean
  legs: { takeProfit?: Managed; stopLoss?: Managed; trail?: Managed }
  legSeq: number
  extreme: number | undefined
  syncing: boolean
  dirty: boolean
  overfillReported: boolean
  closed: boolean
  /** Exits the strategy canceled: the emulation does not send them again. */
  dropped: Set<'takeProfit' | 'stopLoss'>
}

interface Holding {
  qty: number
  avgEntryPrice: number
  realizedPnl: number
}

const QTY_EPSILON = 1e-9
const AMBIGUOUS: ReadonlySet<string> = new Set([ErrorCode.Timeout, ErrorCode.Network, ErrorCode.Unavailable])
const STATUS_RANK: Record<OrderStatus, number> = {
  new: 0,
  accepted: 1,
  pending_replace: 2,
  pending_cancel: 2,
  partially_filled: 3,
  filled: 4,
  canceled: 4,
  rejected: 4,
  expired: 4,
  replaced: 4,
}

function clean(qty: number): number {
  const r = Math.round(qty * 1e9) / 1e9
  return r === 0 ? 0 : r
}

function copyOrder(order: Order): Order {
  const copy = { ...order }
  if (order.legIds !== undefined) copy.legIds = [...order.legIds]
  return copy
}

function sanitize(part: string, max: number): string {
  const cleaned = part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')
  return (cleaned === '' ? 'x' : cleaned).slice(0, max)
}

function errorMessage(error: unknown): string {
  if (isBaseError(error)) return error.shortMessage
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Owns every order of one strategy: validates requests, assigns deterministic client order ids,
 * tracks each order through the state machine, keeps the positions its fills imply, emulates what
 * the broker lacks, and reconciles with the broker.
 *
 * **Client order ids** are `${idPrefix}-${strategy}-${yyyymmdd}-${seq}`: the New York date from the
 * clock and a sequence that only grows. They are unique across restarts when the sequence is persisted
 * (`snapshot().sequence`) or when `reconcile()` runs first, which moves past every id of this prefix
 * and strategy it finds at the broker. Exit legs get `${id}-tp1`, `${id}-sl1`, ...
 *
 * **Never a duplicate.** A submit is sent once. When its outcome is ambiguous (timeout, network
 * error, 5xx), the manager first looks the order up by client order id, with backoff, and adopts what
 * it finds. Only when two lookups in a row find nothing does it send the same request again with the
 * same client order id (`resubmitWhenNotFound`), which a broker that honours client ids refuses if
 * the first copy arrives late. Updates are applied by client order id and only forward: a stale or
 * out-of-order update never moves an order back, filled quantities only grow, and positions follow
 * the highest filled quantity seen, so dropped, duplicated or reordered fills cannot skew them.
 *
 * **Emulation** (brokers without bracket, OTO, OCO or trailing stops): a bracket's entry is sent
 * alone; its exits are sent when the entry fills, sized to the filled quantity, and resized (replace,
 * or cancel and resend) as further partial fills arrive; when an exit fills, the other is resized to
 * what is left or canceled, from inside the update handler so the window for a double fill is one
 * broker round trip. A trailing stop is a stop order the manager moves with market data
 * (`onMarketEvent`). Double fills are reported as `overfill` anomalies.
 *
 * @example
 * ```ts
 * import { OrderManager } from '@tradeblocks/engine'
 * import { PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const clock = new ManualClock(Date.UTC(2026, 0, 5, 15))
 * const manager = new OrderManager({ broker: new PaperBroker({ clock }), clock, strategyName: 'demo' })
 * await manager.start() // subscribes to updates and reconciles
 * const order = await manager.submit({ type: 'limit', symbol: 'AAPL', side: 'buy', qty: 10, limitPrice: 190 })
 * order.clientOrderId // 'tb-demo-20260105-1'
 * ```
 */
export class OrderManager {
  /** The event bus this manager publishes on. */
  readonly events: TypedEmitter<EngineEvents>
  readonly #broker: Broker
  readonly #clock: Clock
  readonly #log: Logger
  readonly #prefix: string
  readonly #strategy: string
  readonly #strategyName: string
  readonly #submitTimeoutMs: number
  readonly #lookupAttempts: number
  readonly #lookupDelayMs: number
  readonly #resubmit: boolean
  readonly #emulateAll: boolean
  readonly #adoptPositions: boolean
  #sequence: number
  readonly #orders = new Map<string, Managed>()
  /** Orders that may still be open; terminal ones are dropped lazily (orders never leave terminal). */
  readonly #open = new Set<Managed>()
  readonly #byBrokerId = new Map<string, Managed>()
  readonly #groups = new Map<string, Group>()
  readonly #trailing = new Set<Group>()
  readonly #holdings = new Map<string, Holding>()
  readonly #listeners: ((update: OrderUpdate) => void)[] = []
  /** Broker calls in flight, and who waits for none. */
  #inflight = 0
  readonly #idle: (() => void)[] = []
  #unsubscribe: (() => void) | undefined
  readonly #submitNow: ((request: OrderRequest & { clientOrderId: string }) => Order) | undefined
  #idPattern: RegExp

  constructor(options: OrderManagerOptions) {
    this.#broker = options.broker
    this.#clock = options.clock
    this.#log = options.logger ?? silentLogger
    this.events = options.events ?? new TypedEmitter<EngineEvents>()
    this.#strategyName = options.strategyName
    this.#prefix = sanitize(options.idPrefix ?? 'tb', 16)
    this.#strategy = sanitize(options.strategyName, 40)
    // A simulated broker answers at once (no network): no timers unless asked for.
    const simulated = typeof (options.broker as { onMarketEvent?: unknown }).onMarketEvent === 'function'
    const submitNow = (options.broker as Partial<SynchronousSubmit>).submitOrderNow
    this.#submitNow =
      simulated && typeof submitNow === 'function' ? submitNow.bind(options.broker) : undefined
    this.#submitTimeoutMs = options.submitTimeoutMs ?? (simulated ? 0 : 10_000)
    this.#lookupAttempts = options.lookupAttempts ?? 5
    this.#lookupDelayMs = options.lookupDelayMs ?? 250
    this.#resubmit = options.resubmitWhenNotFound ?? true
    this.#emulateAll = options.emulation === 'always'
    this.#adoptPositions = (options.positions ?? 'adopt') === 'adopt'
    for (const [field, value] of [
      ['submitTimeoutMs', this.#submitTimeoutMs],
      ['lookupAttempts', this.#lookupAttempts],
      ['lookupDelayMs', this.#lookupDelayMs],
    ] as const) {
      if (!Number.isFinite(value) || value < 0)
        throw new ValidationError('order manager options', [
          { path: field, message: `${field} must be a non-negative finite number (got ${value})`, value },
        ])
    }
    this.#sequence = Math.max(1, Math.floor(options.sequence ?? options.snapshot?.sequence ?? 1))
    const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    this.#idPattern = new RegExp(`^${quote(this.#prefix)}-${quote(this.#strategy)}-\\d{8}-(\\d+)`)
    if (options.snapshot !== undefined) this.#restore(options.snapshot)
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Subscribes to the broker's order updates and reconciles; returns the reconciliation report. */
  async start(): Promise<ReconcileReport> {
    this.#subscribe()
    return this.reconcile()
  }

  /** Stops listening to the broker. Orders at the broker are left as they are. */
  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  #subscribe(): void {
    if (this.#unsubscribe !== undefined) return
    this.#unsubscribe = this.#broker.onOrderUpdate((update) => this.#onBrokerUpdate(update))
  }

  /**
   * Adds a listener for every order update the manager applies (including synthesized ones for
   * refused submits and emulated orders); returns a function that removes it.
   */
  onUpdate(listener: (update: OrderUpdate) => void): () => void {
    this.#listeners.push(listener)
    return () => {
      const at = this.#listeners.indexOf(listener)
      if (at >= 0) this.#listeners.splice(at, 1)
    }
  }

  /** True while broker calls started by the manager are in flight. */
  get busy(): boolean {
    return this.#inflight > 0
  }

  /** Resolves when every broker call the manager started (and the ones those started) has finished. */
  async settle(): Promise<void> {
    while (this.#inflight > 0) {
      await new Promise<void>((resolve) => {
        this.#idle.push(resolve)
      })
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inflight++
    promise.then(this.#untrack, this.#untrack)
    return promise
  }

  readonly #untrack = (): void => {
    if (--this.#inflight > 0) return
    const waiters = this.#idle.splice(0)
    for (const resolve of waiters) resolve()
  }

  // ---------------------------------------------------------------------------------------------
  // Ids

  /** The next client order id (and consumes it). */
  nextClientOrderId(): string {
    const now = this.#clock.now()
    // New York dates change only on whole UTC hours (the offset is -4 or -5 hours).
    const hour = Math.floor(now / 3_600_000)
    if (hour !== this.#idHour) {
      const ny = toNewYork(now)
      this.#idHour = hour
      this.#idDate = `${ny.year}${String(ny.month).padStart(2, '0')}${String(ny.day).padStart(2, '0')}`
    }
    return `${this.#prefix}-${this.#strategy}-${this.#idDate}-${this.#sequence++}`
  }

  #idHour = Number.NaN
  #idDate = ''

  /** The sequence number the next client order id will carry. */
  get sequence(): number {
    return this.#sequence
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** One order by client order id. */
  order(clientOrderId: string): Order | undefined {
    const managed = this.#orders.get(clientOrderId)
    return managed === undefined ? undefined : copyOrder(managed.order)
  }

  /** Orders this manager tracks, oldest first; `open` (default), `closed` or `all`. */
  orders(filter: { status?: 'open' | 'closed' | 'all'; symbol?: string } = {}): Order[] {
    const status = filter.status ?? 'open'
    const out: Order[] = []
    for (const m of status === 'open' ? this.#openOrders() : this.#orders.values()) {
      if (m.role === 'trail_stop') continue
      const terminal = isTerminalStatus(m.order.status)
      if (status === 'open' && terminal) continue
      if (status === 'closed' && !terminal) continue
      if (filter.symbol !== undefined && m.order.symbol !== filter.symbol) continue
      out.push(copyOrder(m.order))
    }
    return out
  }

  /** The orders not yet terminal, oldest first. */
  #openOrders(): Managed[] {
    const out: Managed[] = []
    for (const m of this.#open) {
      if (isTerminalStatus(m.order.status)) this.#open.delete(m)
      else out.push(m)
    }
    return out
  }

  /** The position the manager's fills imply in `symbol`, or `undefined` when flat. */
  position(symbol: string): Position | undefined {
    const h = this.#holdings.get(symbol)
    if (h === undefined || h.qty === 0) return undefined
    return {
      symbol,
      qty: h.qty,
      avgEntryPrice: Math.round(h.avgEntryPrice * 1e8) / 1e8,
      realizedPnl: roundMoney(h.realizedPnl),
    }
  }

  /** Every open position the manager believes in. */
  positions(): Position[] {
    const out: Position[] = []
    for (const symbol of this.#holdings.keys()) {
      const p = this.position(symbol)
      if (p !== undefined) out.push(p)
    }
    return out
  }

  // ---------------------------------------------------------------------------------------------
  // Orders

  /**
   * Validates `input`, assigns a client order id unless it has one, and sends it (or its emulation).
   * Resolves with the order after the broker's answer; a refusal resolves with status `rejected` and
   * `rejectReason`. An outcome still unknown after every lookup resolves with status `new` and an
   * `unresolved_submit` anomaly; `syncOpenOrders()` and `reconcile()` keep resolving it.
   *
   * @throws ValidationError synchronously for an invalid request or a client order id already used.
   */
  submit(input: OrderRequestInput): Promise<Order> {
    const request = parseOrderRequest(input)
    const clientOrderId = request.clientOrderId ?? this.nextClientOrderId()
    if (this.#orders.has(clientOrderId)) {
      throw new ValidationError('order request', [
        {
          path: 'clientOrderId',
          message: `clientOrderId "${clientOrderId}" was already used by this order manager`,
          value: clientOrderId,
        },
      ])
    }
    // parseOrderRequest returns a fresh object: it is ours to complete.
    request.clientOrderId = clientOrderId
    const full = request as OrderRequest & { clientOrderId: string }
    const caps = this.#broker.capabilities
    const bracket = 'bracket' in full ? full.bracket : undefined
    const oco = full.type === 'limit' ? full.oco : undefined
    const both = bracket?.takeProfit !== undefined && bracket?.stopLoss !== undefined
    if (bracket !== undefined && (this.#emulateAll || (both ? !caps.bracket : !caps.oto))) {
      return this.#track(this.#submitBracket(full, both ? 'bracket' : 'oto'))
    }
    if (oco !== undefined && (this.#emulateAll || !caps.oco)) {
      return this.#track(this.#submitOco(full))
    }
    if (full.type === 'trailing_stop' && (this.#emulateAll || !caps.trailingStop)) {
      return this.#track(this.#submitTrailing(full))
    }
    const managed = this.#register(full, orderClassOf(full))
    const now = this.#submitNow
    if (now !== undefined) {
      // A simulated broker that answers at once: no promise round trip, no tracking.
      try {
        this.#applySnapshot(managed, now(full), 'accepted')
      } catch (error) {
        this.#refuse(managed, error)
      }
      return Promise.resolve(copyOrder(managed.order))
    }
    return this.#track(this.#send(managed))
  }

  /**
   * Requests cancellation by client order id (for an unfilled emulated bracket, the held exits go
   * with it). Resolves once the broker answered; the final status arrives as an order update. Never
   * rejects for a broker refusal: an order that filled first simply stays filled.
   *
   * @throws NotFoundError synchronously for a client order id this manager does not track.
   */
  cancel(clientOrderId: string): Promise<void> {
    const managed = this.#orders.get(clientOrderId)
    if (managed === undefined)
      throw new NotFoundError(`Order ${clientOrderId} is not tracked by this order manager.`)
    return this.#track(
      this.#cancel(managed).catch((error: unknown) => {
        this.#log.warn('cancel refused', { clientOrderId, error: errorMessage(error) })
      }),
    )
  }

  /** Cancels every open order of this manager (of one symbol when given). Never rejects. */
  cancelAll(symbol?: string): Promise<void> {
    const open = this.#openOrders().filter(
      (m) => m.role !== 'trail_stop' && (symbol === undefined || m.order.symbol === symbol),
    )
    // Entries before exits: canceling an unfilled entry takes its held exits with it.
    open.sort((a, b) => rankRole(a.role) - rankRole(b.role))
    return Promise.all(
      open.map((m) =>
        this.#track(this.#cancel(m)).catch((error: unknown) => {
          this.#log.warn('cancel refused', { clientOrderId: m.clientOrderId, error: errorMessage(error) })
        }),
      ),
    ).then(() => undefined)
  }

  /**
   * Replaces a working order (prices, quantity, time in force). Resolves with the new order (the old
   * one ends `replaced`); when the broker refuses, with the new order in status `rejected` and the old
   * one still working. Brokers without native replace get cancel-then-submit.
   *
   * @throws ValidationError, NotFoundError or RejectedError synchronously for an invalid patch, an
   * unknown order or an order that is no longer working.
   */
  replace(clientOrderId: string, patchInput: ReplaceOrderRequest): Promise<Order> {
    const patch = parse(ReplaceOrderRequestSchema, patchInput, 'replace request')
    const managed = this.#orders.get(clientOrderId)
    if (managed === undefined)
      throw new NotFoundError(`Order ${clientOrderId} is not tracked by this order manager.`)
    if (isTerminalStatus(managed.order.status))
      throw new RejectedError(`Order ${clientOrderId} cannot be replaced: it is ${managed.order.status}.`, {
        reason: `order is ${managed.order.status}`,
      })
    if (managed.virtual && managed.group !== undefined) {
      // An emulated trailing stop: change the trail, the manager moves its stop.
      const g = managed.group
      if (patch.trailPercent !== undefined) g.spec.trail = { trailPercent: patch.trailPercent }
      if (patch.trailPrice !== undefined) g.spec.trail = { trailPrice: patch.trailPrice }
      if (patch.qty !== undefined) {
        managed.order.qty = patch.qty
        managed.request = { ...managed.request, qty: patch.qty } as OrderRequest
      }
      if (patch.trailPercent !== undefined) managed.order.trailPercent = patch.trailPercent
      if (patch.trailPrice !== undefined) managed.order.trailPrice = patch.trailPrice
      this.#scheduleGroup(g)
      return this.settle().then(() => copyOrder(managed.order))
    }
    const newId = patch.clientOrderId ?? this.#replacementId(clientOrderId)
    if (this.#orders.has(newId))
      throw new ValidationError('replace request', [
        {
          path: 'clientOrderId',
          message: `clientOrderId "${newId}" was already used by this order manager`,
          value: newId,
        },
      ])
    const request = this.#replacementRequest(managed, { ...patch, clientOrderId: newId })
    return this.#track(this.#replace(managed, request, { ...patch, clientOrderId: newId }))
  }

  #replacementId(clientOrderId: string): string {
    const base = clientOrderId.replace(/\.r\d+$/, '')
    for (let n = 1; ; n++) {
      const suffix = `.r${n}`
      const id = `${base.slice(0, 128 - suffix.length)}${suffix}`
      if (!this.#orders.has(id)) return id
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  #register(request: OrderRequest & { clientOrderId: string }, orderClass: Order['orderClass']): Managed {
    const now = this.#clock.now()
    const order = newOrder(request, {
      id: `local:${request.clientOrderId}`,
      clientOrderId: request.clientOrderId,
      orderClass,
      createdAt: now,
    })
    const managed: Managed = {
      clientOrderId: request.clientOrderId,
      request,
      order,
      acked: false,
      unknown: true,
      appliedQty: 0,
      appliedValue: 0,
      fills: undefined,
      group: undefined,
      role: undefined,
      virtual: false,
      cancelRequested: false,
      sending: false,
      synthetic: false,
    }
    this.#orders.set(request.clientOrderId, managed)
    this.#open.add(managed)
    return managed
  }

  /** Sends a registered order once; resolves ambiguity by lookup; never throws. */
  async #send(managed: Managed): Promise<Order> {
    const request = managed.request as OrderRequest & { clientOrderId: string }
    managed.sending = true
    try {
      const order = await this.#withTimeout(this.#broker.submitOrder(request), 'submit')
      this.#applySnapshot(managed, order, 'accepted')
    } catch (error) {
      if (isBaseError(error) && AMBIGUOUS.has(error.code)) {
        this.#log.warn('ambiguous submit; looking the order up by client order id', {
          clientOrderId: managed.clientOrderId,
          error: error.shortMessage,
        })
        try {
          await this.#resolveAmbiguous(managed)
        } finally {
          managed.sending = false
        }
      } else {
        // A definite refusal: nothing was created at the broker.
        this.#refuse(managed, error)
      }
    }
    managed.sending = false
    if (managed.cancelRequested && managed.acked && !isTerminalStatus(managed.order.status)) {
      managed.cancelRequested = false
      await this.#cancelAtBroker(managed)
    }
    return copyOrder(managed.order)
  }

  #refuse(managed: Managed, error: unknown): void {
    managed.unknown = false
    if (isTerminalStatus(managed.order.status)) return
    const status = managed.order.status
    managed.order.status = 'rejected'
    managed.order.rejectReason = errorMessage(error)
    managed.order.updatedAt = this.#clock.now()
    if (status !== 'new')
      this.#log.warn('order refused after it was acknowledged', { clientOrderId: managed.clientOrderId })
    this.#log.warn('order refused', {
      clientOrderId: managed.clientOrderId,
      reason: managed.order.rejectReason,
    })
    if (isBaseError(error)) this.events.emit('error', error)
    this.#publish({ event: 'rejected', order: copyOrder(managed.order), ts: this.#clock.now() }, managed)
    this.#afterChange(managed)
  }

  async #resolveAmbiguous(managed: Managed): Promise<void> {
    let notFound = 0
    let delay = this.#lookupDelayMs
    for (let attempt = 0; attempt < this.#lookupAttempts; attempt++) {
      if (managed.acked) return // an update on the stream already told us
      if (attempt > 0) {
        await this.#clock.sleep(delay)
        delay *= 2
        if (managed.acked) return
      }
      let found: Order | undefined
      try {
        found = await this.#withTimeout(this.#broker.getOrderByClientId(managed.clientOrderId), 'lookup')
      } catch (error) {
        notFound = 0
        this.#log.warn('lookup by client order id failed', {
          clientOrderId: managed.clientOrderId,
          error: errorMessage(error),
        })
        continue
      }
      if (found !== undefined) {
        this.#applySnapshot(managed, found, 'accepted')
        return
      }
      notFound++
      if (notFound >= 2 && this.#resubmit) {
        notFound = 0
        this.#log.warn(
          'order not found after an ambiguous submit; sending it again with the same client order id',
          {
            clientOrderId: managed.clientOrderId,
          },
        )
        try {
          const order = await this.#withTimeout(
            this.#broker.submitOrder(managed.request as OrderRequest & { clientOrderId: string }),
            'submit',
          )
          this.#applySnapshot(managed, order, 'accepted')
          return
        } catch (error) {
          if (isBaseError(error) && AMBIGUOUS.has(error.code)) continue
          // Refused: maybe as a duplicate because the first copy arrived meanwhile. Look again.
          let again: Order | undefined
          try {
            again = await this.#withTimeout(this.#broker.getOrderByClientId(managed.clientOrderId), 'lookup')
          } catch {
            continue
          }
          if (again !== undefined) {
            this.#applySnapshot(managed, again, 'accepted')
            return
          }
          this.#refuse(managed, error)
          return
        }
      }
    }
    if (managed.acked) return
    this.#anomaly({
      kind: 'unresolved_submit',
      clientOrderId: managed.clientOrderId,
      message: `the outcome of submitting ${managed.clientOrderId} is still unknown after ${this.#lookupAttempts} lookups; it is tracked as new and resolved by syncOpenOrders() or reconcile()`,
    })
  }

  #withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    if (this.#submitTimeoutMs === 0 || !Number.isFinite(this.#submitTimeoutMs)) return promise
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const timer = this.#clock.setTimer(() => {
        if (settled) return
        settled = true
        reject(
          new TimeoutError(`Broker ${what} timed out after ${this.#submitTimeoutMs} ms.`, {
            timeoutMs: this.#submitTimeoutMs,
          }),
        )
      }, this.#submitTimeoutMs)
      promise.then(
        (value) => {
          if (settled) return
          settled = true
          this.#clock.clearTimer(timer)
          resolve(value)
        },
        (error: unknown) => {
          if (settled) return
          settled = true
          this.#clock.clearTimer(timer)
          reject(error)
        },
      )
    })
  }

  async #cancel(managed: Managed): Promise<void> {
    if (isTerminalStatus(managed.order.status)) return
    const group = managed.group
    if (managed.virtual && group !== undefined) {
      // An emulated trailing stop: cancel its stop at the broker; the virtual order follows.
      group.closed = true
      const leg = group.legs.trail
      if (leg !== undefined && !isTerminalStatus(leg.order.status)) await this.#cancelAtBroker(leg)
      else this.#finishVirtual(group, 'canceled')
      return
    }
    // Canceling an emulated OCO cancels both of its orders.
    if (group !== undefined && group.kind === 'oco' && managed === group.root) {
      group.dropped.add('takeProfit')
      group.dropped.add('stopLoss')
      const stop = group.legs.stopLoss
      if (stop !== undefined && !isTerminalStatus(stop.order.status)) await this.#cancel(stop)
    }
    // Canceling an exit of an emulated group means: stop protecting with it. It is not sent again.
    if (group !== undefined && managed.role === 'take_profit' && group.legs.takeProfit === managed)
      group.dropped.add('takeProfit')
    if (group !== undefined && managed.role === 'stop_loss' && group.legs.stopLoss === managed)
      group.dropped.add('stopLoss')
    if (!managed.acked) {
      managed.cancelRequested = true
      return
    }
    await this.#cancelAtBroker(managed)
  }

  async #cancelAtBroker(managed: Managed): Promise<void> {
    if (isTerminalStatus(managed.order.status)) return
    try {
      await this.#withTimeout(this.#broker.cancelOrder(managed.order.id), 'cancel')
    } catch (error) {
      // Already terminal at the broker, or unknown outcome: ask the broker what it is now.
      this.#log.warn('cancel failed; refreshing the order', {
        clientOrderId: managed.clientOrderId,
        error: errorMessage(error),
      })
      await this.#refresh(managed)
      if (!isTerminalStatus(managed.order.status) && isBaseError(error) && !AMBIGUOUS.has(error.code))
        throw error
    }
  }

  async #refresh(managed: Managed): Promise<void> {
    try {
      const order = managed.acked
        ? await this.#withTimeout(this.#broker.getOrder(managed.order.id), 'lookup')
        : await this.#withTimeout(this.#broker.getOrderByClientId(managed.clientOrderId), 'lookup')
      if (order !== undefined) this.#applySnapshot(managed, order, undefined)
    } catch (error) {
      this.#log.warn('refresh failed', { clientOrderId: managed.clientOrderId, error: errorMessage(error) })
    }
  }

  /** A replace made by the emulation; a refusal becomes an `emulation_failed` anomaly. */
  async #resize(
    managed: Managed,
    patch: ReplaceOrderRequest & { clientOrderId: string },
    what: string,
  ): Promise<void> {
    try {
      const request = this.#replacementRequest(managed, patch)
      const result = await this.#replace(managed, request, patch)
      if (result.status === 'rejected')
        this.#anomaly({
          kind: 'emulation_failed',
          clientOrderId: managed.clientOrderId,
          message: `could not ${what}: ${result.rejectReason ?? 'refused'}`,
        })
    } catch (error) {
      this.#anomaly({
        kind: 'emulation_failed',
        clientOrderId: managed.clientOrderId,
        message: `could not ${what}: ${errorMessage(error)}`,
      })
    }
  }

  /** Replaces `managed` by `request`; resolves with the replacement (status `rejected` when refused). */
  async #replace(
    managed: Managed,
    request: OrderRequest & { clientOrderId: string },
    patch: ReplaceOrderRequest & { clientOrderId: string },
  ): Promise<Order> {
    const next = this.#register(request, managed.order.orderClass)
    next.group = managed.group
    next.role = managed.role
    const refuse = (reason: string) => {
      next.unknown = false
      next.order.status = 'rejected'
      next.order.rejectReason = reason
      next.order.updatedAt = this.#clock.now()
      return copyOrder(next.order)
    }
    if (this.#broker.capabilities.replace) {
      try {
        const order = await this.#withTimeout(this.#broker.replaceOrder(managed.order.id, patch), 'replace')
        this.#applySnapshot(next, order, 'accepted')
        await this.#refresh(managed)
        this.#relinkGroup(managed, next)
        return copyOrder(next.order)
      } catch (error) {
        if (isBaseError(error) && AMBIGUOUS.has(error.code)) {
          await this.#resolveReplace(managed, next)
          return copyOrder(next.order)
        }
        this.#log.warn('replace refused', {
          clientOrderId: managed.clientOrderId,
          error: errorMessage(error),
        })
        return refuse(errorMessage(error))
      }
    }
    // No native replace: cancel, wait for the outcome, then send the replacement.
    try {
      await this.#cancelAtBroker(managed)
    } catch (error) {
      return refuse(`the original order could not be canceled: ${errorMessage(error)}`)
    }
    if (managed.order.status !== 'canceled') await this.#refresh(managed)
    if (managed.order.status !== 'canceled')
      return refuse(`the original order is ${managed.order.status} after the cancel`)
    const remaining = clean((managed.order.qty ?? 0) - managed.order.filledQty)
    if (patch.qty === undefined) {
      next.request = { ...next.request, qty: remaining } as OrderRequest
      next.order.qty = remaining
    }
    this.#relinkGroup(managed, next)
    return this.#send(next)
  }

  async #resolveReplace(old: Managed, next: Managed): Promise<void> {
    await this.#refresh(old)
    let found: Order | undefined
    try {
      found = await this.#withTimeout(this.#broker.getOrderByClientId(next.clientOrderId), 'lookup')
    } catch {
      found = undefined
    }
    if (found !== undefined) {
      this.#applySnapshot(next, found, 'accepted')
      this.#relinkGroup(old, next)
    } else if (!isTerminalStatus(old.order.status)) {
      // The replace did not happen: the old order still works.
      next.unknown = false
      next.order.status = 'rejected'
      next.order.rejectReason = 'replace outcome unknown; the original order is still working'
      next.order.updatedAt = this.#clock.now()
    }
  }

  #replacementRequest(
    managed: Managed,
    patch: ReplaceOrderRequest & { clientOrderId: string },
  ): OrderRequest & { clientOrderId: string } {
    const base: Record<string, unknown> = { ...managed.request, clientOrderId: patch.clientOrderId }
    delete base.bracket
    delete base.oco
    const remaining = clean((managed.order.qty ?? 0) - managed.order.filledQty)
    base.qty = patch.qty ?? remaining
    delete base.notional
    if (patch.limitPrice !== undefined) base.limitPrice = patch.limitPrice
    if (patch.stopPrice !== undefined) base.stopPrice = patch.stopPrice
    if (patch.trailPercent !== undefined) {
      base.trailPercent = patch.trailPercent
      delete base.trailPrice
    }
    if (patch.trailPrice !== undefined) {
      base.trailPrice = patch.trailPrice
      delete base.trailPercent
    }
    if (patch.timeInForce !== undefined) base.timeInForce = patch.timeInForce
    return parse(OrderRequestSchema, base, 'replace request') as OrderRequest & { clientOrderId: string }
  }

  #relinkGroup(old: Managed, next: Managed): void {
    const g = old.group
    if (g === undefined) return
    if (g.entry === old) g.entry = next
    if (g.legs.takeProfit === old) g.legs.takeProfit = next
    if (g.legs.stopLoss === old) g.legs.stopLoss = next
    if (g.legs.trail === old) g.legs.trail = next
    if (g.root === old) g.root = next
  }

  // ---------------------------------------------------------------------------------------------
  // Updates

  #onBrokerUpdate(update: OrderUpdate): void {
    const managed = this.#orders.get(update.order.clientOrderId) ?? this.#byBrokerId.get(update.order.id)
    if (managed === undefined) {
      // A native bracket/OCO leg the broker created for one of our orders: track it like ours.
      const parent =
        update.order.parentId === undefined ? undefined : this.#byBrokerId.get(update.order.parentId)
      if (parent !== undefined) {
        const leg = this.#adopt(update.order, true)
        leg.role = update.order.type === 'limit' ? 'take_profit' : 'stop_loss'
        if (update.fill !== undefined) {
          leg.fills = update.fill.id
          this.events.emit('fill', { fill: update.fill, order: copyOrder(leg.order) })
        }
        this.#publish({ ...update, order: copyOrder(leg.order) }, leg)
        return
      }
      this.#anomaly({
        kind: 'unknown_order',
        clientOrderId: update.order.clientOrderId,
        message: `update "${update.event}" for order ${update.order.id} (${update.order.clientOrderId}), which this manager did not send`,
      })
      return
    }
    this.#applySnapshot(managed, update.order, update.event, update.fill, update)
  }

  /**
   * Applies a broker snapshot of an order. Forward only: filled quantity never shrinks, a terminal
   * status never changes, a status the state machine cannot reach is ignored unless it is terminal.
   */
  #applySnapshot(
    managed: Managed,
    snapshot: Order,
    event: OrderUpdate['event'] | undefined,
    fill?: Fill,
    update?: OrderUpdate,
  ): void {
    const o = managed.order
    // Nothing new (the answer to a call whose update already arrived): nothing to do.
    if (
      managed.acked &&
      fill === undefined &&
      snapshot.id === o.id &&
      snapshot.status === o.status &&
      snapshot.filledQty === managed.appliedQty &&
      snapshot.updatedAt <= o.updatedAt &&
      snapshot.qty === o.qty &&
      snapshot.stopPrice === o.stopPrice
    ) {
      managed.unknown = false
      return
    }
    if (managed.synthetic) {
      // We had given up on this order; the broker has it after all: its view wins.
      managed.synthetic = false
      this.#open.add(managed)
      o.status = 'new'
      this.#anomaly({
        kind: 'unknown_order',
        clientOrderId: managed.clientOrderId,
        message: `${managed.clientOrderId} appeared at the broker after it was concluded here; tracking it again${managed.cancelRequested ? ' and canceling it' : ''}`,
      })
    }
    let changed = false
    if (!managed.acked || o.id !== snapshot.id) {
      if (!managed.acked || o.id.startsWith('local:')) {
        o.id = snapshot.id
        this.#byBrokerId.set(snapshot.id, managed)
        changed = true
      }
      managed.acked = true
    }
    managed.unknown = false
    let newFill = false
    if (fill !== undefined) {
      const seen = managed.fills
      if (seen === undefined) {
        managed.fills = fill.id
        newFill = true
      } else if (typeof seen === 'string') {
        if (seen !== fill.id) {
          managed.fills = new Set([seen, fill.id])
          newFill = true
        }
      } else if (!seen.has(fill.id)) {
        seen.add(fill.id)
        newFill = true
      }
    }
    // Fills: positions follow the highest filled quantity seen.
    if (snapshot.filledQty > managed.appliedQty + QTY_EPSILON) {
      const value = snapshot.filledQty * (snapshot.avgFillPrice ?? fill?.price ?? 0)
      const dq = clean(snapshot.filledQty - managed.appliedQty)
      const dv = value - managed.appliedValue
      managed.appliedQty = snapshot.filledQty
      managed.appliedValue = value
      o.filledQty = snapshot.filledQty
      if (snapshot.avgFillPrice !== undefined) o.avgFillPrice = snapshot.avgFillPrice
      if (snapshot.filledAt !== undefined) o.filledAt = snapshot.filledAt
      this.#applyPosition(o.symbol, o.side, dq, dq > 0 ? dv / dq : 0)
      this.#onGroupFill(managed, dq, dv)
      changed = true
    }
    // Status.
    const from = o.status
    const to = snapshot.status
    if (to !== from) {
      if (isTerminalStatus(from)) {
        this.#anomaly({
          kind: 'stale_update',
          clientOrderId: managed.clientOrderId,
          message: `ignored "${to}" for ${managed.clientOrderId}: it is already ${from}`,
        })
      } else if (canTransition(from, to) || isTerminalStatus(to)) {
        if (!canTransition(from, to)) {
          this.#anomaly({
            kind: 'illegal_transition',
            clientOrderId: managed.clientOrderId,
            message: `the broker moved ${managed.clientOrderId} from ${from} to ${to}; adopted because the broker's terminal status is final`,
          })
        }
        if (STATUS_RANK[to] >= STATUS_RANK[from] || from === 'pending_cancel' || from === 'pending_replace') {
          o.status = to
          changed = true
        } else {
          this.#anomaly({
            kind: 'stale_update',
            clientOrderId: managed.clientOrderId,
            message: `ignored "${to}" for ${managed.clientOrderId}: it is already ${from}`,
          })
        }
      } else {
        this.#anomaly({
          kind: STATUS_RANK[to] < STATUS_RANK[from] ? 'stale_update' : 'illegal_transition',
          clientOrderId: managed.clientOrderId,
          message: `ignored "${to}" for ${managed.clientOrderId}: not reachable from ${from}`,
        })
      }
    }
    // Other fields the broker owns.
    if (snapshot.qty !== undefined && snapshot.qty !== o.qty && !isTerminalStatus(from)) {
      o.qty = snapshot.qty
      changed = true
    }
    if (snapshot.stopPrice !== undefined && snapshot.stopPrice !== o.stopPrice) {
      o.stopPrice = snapshot.stopPrice
      changed = true
    }
    // Fields only the broker knows (written one by one: a keyed loop is slow on the hot path).
    if (snapshot.parentId !== undefined && o.parentId !== snapshot.parentId) {
      o.parentId = snapshot.parentId
      changed = true
    }
    if (snapshot.replacedById !== undefined && o.replacedById !== snapshot.replacedById) {
      o.replacedById = snapshot.replacedById
      changed = true
    }
    if (snapshot.replacesId !== undefined && o.replacesId !== snapshot.replacesId) {
      o.replacesId = snapshot.replacesId
      changed = true
    }
    if (snapshot.rejectReason !== undefined && o.rejectReason !== snapshot.rejectReason) {
      o.rejectReason = snapshot.rejectReason
      changed = true
    }
    if (snapshot.canceledAt !== undefined && o.canceledAt !== snapshot.canceledAt) {
      o.canceledAt = snapshot.canceledAt
      changed = true
    }
    if (snapshot.legIds !== undefined) o.legIds = [...snapshot.legIds]
    o.updatedAt = Math.max(o.updatedAt, snapshot.updatedAt)
    if (!changed && !newFill) return
    const published: OrderUpdate = {
      event: event ?? eventFor(o.status),
      order: copyOrder(o),
      ts: update?.ts ?? this.#clock.now(),
    }
    if (newFill && fill !== undefined) {
      published.fill = fill
      // The update's order is already a snapshot: listeners share it (they must not mutate it).
      if (this.events.listenerCount('fill') > 0) this.events.emit('fill', { fill, order: published.order })
    }
    this.#publish(published, managed)
    this.#afterChange(managed)
    // A cancel asked for before the broker acknowledged the order goes out now.
    if (managed.cancelRequested && !managed.sending && !isTerminalStatus(o.status)) {
      managed.cancelRequested = false
      this.#track(this.#cancelAtBroker(managed)).catch((error: unknown) =>
        this.#log.warn('cancel refused', {
          clientOrderId: managed.clientOrderId,
          error: errorMessage(error),
        }),
      )
    }
  }

  #publish(update: OrderUpdate, managed: Managed): void {
    if (managed.role === 'trail_stop') return // the virtual trailing stop speaks for it
    if (this.events.listenerCount('order') > 0) this.events.emit('order', update)
    for (const listener of this.#listeners) listener(update)
  }

  #applyPosition(symbol: string, side: 'buy' | 'sell', qty: number, price: number): void {
    let h = this.#holdings.get(symbol)
    if (h === undefined) {
      h = { qty: 0, avgEntryPrice: 0, realizedPnl: 0 }
      this.#holdings.set(symbol, h)
    }
    const signed = side === 'buy' ? qty : -qty
    if (h.qty === 0 || Math.sign(h.qty) === Math.sign(signed)) {
      const total = clean(h.qty + signed)
      h.avgEntryPrice = (Math.abs(h.qty) * h.avgEntryPrice + qty * price) / Math.abs(total)
      h.qty = total
      return
    }
    const closing = Math.min(qty, Math.abs(h.qty))
    h.realizedPnl += closing * (price - h.avgEntryPrice) * Math.sign(h.qty)
    const rest = clean(qty - closing)
    if (rest > 0) {
      h.qty = Math.sign(signed) * rest
      h.avgEntryPrice = price
    } else {
      h.qty = clean(h.qty + signed)
      if (h.qty === 0) h.avgEntryPrice = 0
    }
  }

  #anomaly(anomaly: Omit<OrderAnomaly, 'ts'>): void {
    const full: OrderAnomaly = { ...anomaly, ts: this.#clock.now() }
    this.#log.warn(`order anomaly: ${anomaly.kind}`, {
      clientOrderId: anomaly.clientOrderId,
      message: anomaly.message,
    })
    this.events.emit('anomaly', full)
  }

  // ---------------------------------------------------------------------------------------------
  // Emulation

  #newGroup(kind: GroupKind, root: Managed, request: OrderRequest): Group {
    const group: Group = {
      id: root.clientOrderId,
      kind,
      root,
      entry: undefined,
      spec: {},
      side: request.side,
      symbol: request.symbol,
      timeInForce: request.timeInForce,
      entryFilled: 0,
      exitFilled: 0,
      exitValue: 0,
      entryDone: false,
      legs: {},
      legSeq: 0,
      extreme: undefined,
      syncing: false,
      dirty: false,
      overfillReported: false,
      closed: false,
      dropped: new Set(),
    }
    this.#groups.set(group.id, group)
    root.group = group
    return group
  }

  async #submitBracket(
    request: OrderRequest & { clientOrderId: string },
    kind: 'bracket' | 'oto',
  ): Promise<Order> {
    const bracket = 'bracket' in request ? request.bracket : undefined
    const entryRequest = { ...request } as Record<string, unknown>
    delete entryRequest.bracket
    const entry = this.#register(entryRequest as OrderRequest & { clientOrderId: string }, kind)
    entry.role = 'entry'
    const group = this.#newGroup(kind, entry, request)
    group.entry = entry
    if (bracket?.takeProfit !== undefined)
      group.spec.takeProfit = { limitPrice: bracket.takeProfit.limitPrice }
    if (bracket?.stopLoss !== undefined) {
      group.spec.stopLoss = { stopPrice: bracket.stopLoss.stopPrice }
      if (bracket.stopLoss.limitPrice !== undefined)
        group.spec.stopLoss.limitPrice = bracket.stopLoss.limitPrice
    }
    return this.#send(entry)
  }

  async #submitOco(request: OrderRequest & { clientOrderId: string }): Promise<Order> {
    if (request.type !== 'limit' || request.oco === undefined) throw new Error('unreachable')
    const qty = request.qty ?? 0
    const root = this.#register(
      { ...request, oco: undefined } as OrderRequest & { clientOrderId: string },
      'oco',
    )
    delete (root.request as { oco?: unknown }).oco
    root.role = 'take_profit'
    const group = this.#newGroup('oco', root, request)
    group.entryFilled = qty
    group.entryDone = true
    group.spec.takeProfit = { limitPrice: request.limitPrice }
    group.spec.stopLoss = { stopPrice: request.oco.stopLoss.stopPrice }
    if (request.oco.stopLoss.limitPrice !== undefined)
      group.spec.stopLoss.limitPrice = request.oco.stopLoss.limitPrice
    group.legs.takeProfit = root
    // The stop goes first: if only one leg makes it, it should be the protection.
    const stop = this.#legRequest(group, 'stopLoss', qty, this.#legId(group, 'stopLoss'))
    const stopManaged = this.#register(stop, 'oco')
    stopManaged.role = 'stop_loss'
    stopManaged.group = group
    group.legs.stopLoss = stopManaged
    const sent = await this.#send(stopManaged)
    if (sent.status === 'rejected') {
      this.#refuse(
        root,
        new RejectedError(
          `The stop leg of OCO ${request.clientOrderId} was refused: ${sent.rejectReason ?? 'unknown reason'}`,
        ),
      )
      return copyOrder(root.order)
    }
    return this.#send(root)
  }

  async #submitTrailing(request: OrderRequest & { clientOrderId: string }): Promise<Order> {
    if (request.type !== 'trailing_stop') throw new Error('unreachable')
    const virtual = this.#register(request, 'simple')
    virtual.virtual = true
    virtual.role = 'trailing'
    const group = this.#newGroup('trailing', virtual, request)
    group.entryFilled = request.qty ?? 0
    group.entryDone = true
    group.spec.trail =
      request.trailPercent !== undefined
        ? { trailPercent: request.trailPercent }
        : { trailPrice: request.trailPrice as number }
    this.#trailing.add(group)
    // Accepted locally; the stop is placed as soon as a price is known.
    virtual.acked = true
    virtual.unknown = false
    virtual.order.id = `emulated:${request.clientOrderId}`
    virtual.order.status = 'accepted'
    this.#publish({ event: 'accepted', order: copyOrder(virtual.order), ts: this.#clock.now() }, virtual)
    const last = this.#lastPrices.get(request.symbol)
    if (last !== undefined) {
      group.extreme = last.price
      this.#scheduleGroup(group) // places the stop now (tracked: settle() waits for it)
    }
    return copyOrder(virtual.order)
  }

  readonly #lastPrices = new Map<string, { price: number }>()

  /**
   * Feeds market data to emulated trailing stops (the runners call it for every event). Cheap when
   * there are none.
   */
  onMarketEvent(event: MarketEvent): void {
    let symbol: string
    let high: number
    let low: number
    let last: number
    if (event.kind === 'bar') {
      symbol = event.bar.symbol
      high = event.bar.high
      low = event.bar.low
      last = event.bar.close
    } else if (event.kind === 'print') {
      symbol = event.print.symbol
      high = low = last = event.print.price
    } else if (event.kind === 'quote') {
      symbol = event.quote.symbol
      if (!(event.quote.bidPrice > 0 && event.quote.askPrice > 0)) return
      high = event.quote.bidPrice
      low = event.quote.askPrice
      last = (high + low) / 2
    } else {
      return
    }
    // The last price per symbol, in a mutable box (no allocation per event), for new trailing stops.
    const box = this.#lastPrices.get(symbol)
    if (box === undefined) this.#lastPrices.set(symbol, { price: last })
    else box.price = last
    if (this.#trailing.size === 0) return
    for (const group of this.#trailing) {
      if (group.symbol !== symbol || group.closed) continue
      const sell = group.side === 'sell'
      const best = sell ? high : low
      if (group.extreme === undefined || (sell ? best > group.extreme : best < group.extreme)) {
        group.extreme = best
        this.#scheduleGroup(group)
      }
    }
  }

  #trailStop(group: Group): number | undefined {
    const extreme = group.extreme
    const trail = group.spec.trail
    if (extreme === undefined || trail === undefined) return undefined
    const sell = group.side === 'sell'
    const raw =
      trail.trailPrice !== undefined
        ? sell
          ? extreme - trail.trailPrice
          : extreme + trail.trailPrice
        : sell
          ? extreme * (1 - (trail.trailPercent ?? 0) / 100)
          : extreme * (1 + (trail.trailPercent ?? 0) / 100)
    if (!(raw > 0)) return undefined
    const price = roundToTick(raw, sell ? 'down' : 'up')
    return price > 0 ? price : undefined
  }

  #legRequest(
    group: Group,
    leg: 'takeProfit' | 'stopLoss' | 'trail',
    qty: number,
    clientOrderId: string,
  ): OrderRequest & { clientOrderId: string } {
    const exitSide =
      group.kind === 'oco' || group.kind === 'trailing' ? group.side : group.side === 'buy' ? 'sell' : 'buy'
    const common = {
      symbol: group.symbol,
      side: exitSide,
      qty,
      timeInForce: group.timeInForce === 'gtc' ? 'gtc' : 'day',
      extendedHours: false,
      clientOrderId,
    } as const
    if (leg === 'takeProfit') {
      return parse(
        OrderRequestSchema,
        { ...common, type: 'limit', limitPrice: group.spec.takeProfit?.limitPrice },
        'exit leg',
      ) as OrderRequest & { clientOrderId: string }
    }
    if (leg === 'stopLoss') {
      const sl = group.spec.stopLoss
      const input =
        sl?.limitPrice === undefined
          ? { ...common, type: 'stop', stopPrice: sl?.stopPrice }
          : { ...common, type: 'stop_limit', stopPrice: sl.stopPrice, limitPrice: sl.limitPrice }
      return parse(OrderRequestSchema, input, 'exit leg') as OrderRequest & { clientOrderId: string }
    }
    return parse(
      OrderRequestSchema,
      { ...common, timeInForce: group.timeInForce, type: 'stop', stopPrice: this.#trailStop(group) },
      'trailing stop',
    ) as OrderRequest & { clientOrderId: string }
  }

  #legId(group: Group, leg: 'takeProfit' | 'stopLoss' | 'trail'): string {
    const tag = leg === 'takeProfit' ? 'tp' : leg === 'stopLoss' ? 'sl' : 'ts'
    group.legSeq++
    const suffix = `-${tag}${group.legSeq}`
    return `${group.root.clientOrderId.slice(0, 128 - suffix.length)}${suffix}`
  }

  /** Group bookkeeping for a new fill of one of its members, with the urgent OCO cancel. */
  #onGroupFill(managed: Managed, qty: number, value: number): void {
    const group = managed.group
    if (group === undefined) return
    if (managed === group.entry) {
      group.entryFilled = clean(group.entryFilled + qty)
    } else if (
      managed.role === 'take_profit' ||
      managed.role === 'stop_loss' ||
      managed.role === 'trail_stop'
    ) {
      group.exitFilled = clean(group.exitFilled + qty)
      group.exitValue += value
      const exposure = clean(group.entryFilled - group.exitFilled)
      if (exposure < -QTY_EPSILON && !group.overfillReported) {
        group.overfillReported = true
        this.#anomaly({
          kind: 'overfill',
          clientOrderId: group.root.clientOrderId,
          message: `the exits of ${group.root.clientOrderId} filled ${group.exitFilled} against ${group.entryFilled} entered: the position is ${-exposure} beyond flat`,
        })
      }
      if (exposure <= QTY_EPSILON) {
        // One exit filled the whole position: cancel the other now, before anything else.
        for (const other of [group.legs.takeProfit, group.legs.stopLoss]) {
          if (
            other === undefined ||
            other === managed ||
            isTerminalStatus(other.order.status) ||
            !other.acked
          )
            continue
          this.#track(this.#cancelAtBroker(other)).catch((error: unknown) =>
            this.#anomaly({
              kind: 'emulation_failed',
              clientOrderId: other.clientOrderId,
              message: `could not cancel the other exit: ${errorMessage(error)}`,
            }),
          )
        }
      }
    }
  }

  #afterChange(managed: Managed): void {
    const group = managed.group
    if (group === undefined) return
    if (
      managed === group.entry &&
      isTerminalStatus(managed.order.status) &&
      managed.order.status !== 'replaced'
    ) {
      group.entryDone = true
    }
    if (group.kind === 'trailing' && managed.role === 'trail_stop') this.#mirrorVirtual(group, managed)
    this.#scheduleGroup(group)
  }

  #scheduleGroup(group: Group): void {
    if (group.syncing) {
      group.dirty = true
      return
    }
    this.#track(this.#syncGroup(group)).catch((error: unknown) =>
      this.#anomaly({
        kind: 'emulation_failed',
        clientOrderId: group.root.clientOrderId,
        message: errorMessage(error),
      }),
    )
  }

  /** Brings a group's exits to what its exposure needs; re-runs while changes arrive. */
  async #syncGroup(group: Group): Promise<void> {
    group.syncing = true
    try {
      do {
        group.dirty = false
        await this.#syncOnce(group)
      } while (group.dirty)
    } finally {
      group.syncing = false
    }
  }

  async #syncOnce(group: Group): Promise<void> {
    if (group.kind === 'trailing') return this.#syncTrailing(group)
    const exposure = clean(group.entryFilled - group.exitFilled)
    const target = Math.max(0, exposure)
    const work: Promise<unknown>[] = []
    for (const leg of ['takeProfit', 'stopLoss'] as const) {
      if (group.spec[leg] === undefined || group.dropped.has(leg)) continue
      const current = group.legs[leg]
      const open = current !== undefined && !isTerminalStatus(current.order.status)
      if (target <= QTY_EPSILON) {
        if (open && current.acked) work.push(this.#cancelAtBroker(current))
        continue
      }
      // A leg whose submit outcome is pending: its answer schedules the next sync.
      if (current !== undefined && !current.acked && current.unknown) continue
      if (!open) {
        if (current !== undefined && current.order.status === 'rejected' && group.kind !== 'oco') {
          // Do not loop on a leg the broker refuses: report it once.
          if (current.order.rejectReason !== 'reported') {
            this.#anomaly({
              kind: 'emulation_failed',
              clientOrderId: current.clientOrderId,
              message: `exit leg refused: ${current.order.rejectReason ?? 'unknown reason'}; the position is not protected by it`,
            })
            current.order.rejectReason = 'reported'
          }
          continue
        }
        if (group.kind === 'oco' && current !== undefined) continue // an OCO leg is never re-sent
        const id = this.#legId(group, leg)
        const request = this.#legRequest(group, leg, target, id)
        const m = this.#register(request, group.kind)
        m.role = leg === 'takeProfit' ? 'take_profit' : 'stop_loss'
        m.group = group
        if (group.root.acked) m.order.parentId = group.root.order.id
        group.legs[leg] = m
        work.push(this.#send(m))
        continue
      }
      const remaining = clean((current.order.qty ?? 0) - current.order.filledQty)
      if (
        Math.abs(remaining - target) > QTY_EPSILON &&
        current.acked &&
        current.order.status !== 'pending_replace' &&
        current.order.status !== 'pending_cancel'
      ) {
        work.push(
          this.#resize(
            current,
            { qty: target, clientOrderId: this.#legId(group, leg) },
            `resize the exit to ${target}`,
          ),
        )
      }
    }
    await Promise.all(work)
    if (group.entryDone && target <= QTY_EPSILON) {
      const legsDone = [group.legs.takeProfit, group.legs.stopLoss].every(
        (leg) => leg === undefined || isTerminalStatus(leg.order.status),
      )
      if (legsDone) {
        group.closed = true
        this.#groups.delete(group.id)
      }
    }
  }

  async #syncTrailing(group: Group): Promise<void> {
    const virtual = group.root
    if (isTerminalStatus(virtual.order.status)) {
      this.#trailing.delete(group)
      this.#groups.delete(group.id)
      return
    }
    if (group.closed) return
    const stop = this.#trailStop(group)
    if (stop === undefined) return
    const remaining = clean((virtual.order.qty ?? 0) - group.exitFilled)
    if (remaining <= QTY_EPSILON) return
    const current = group.legs.trail
    if (
      current === undefined ||
      (isTerminalStatus(current.order.status) && current.order.status !== 'filled')
    ) {
      if (current !== undefined && current.order.status === 'rejected') return
      const id = this.#legId(group, 'trail')
      const request = this.#legRequest(group, 'trail', remaining, id)
      const m = this.#register(request, 'simple')
      m.role = 'trail_stop'
      m.group = group
      group.legs.trail = m
      virtual.order.stopPrice = stop
      await this.#send(m)
      return
    }
    if (isTerminalStatus(current.order.status) || !current.acked) return
    const sell = group.side === 'sell'
    const placed = current.order.stopPrice ?? 0
    // Move the stop only towards the market (a trailing stop never loosens).
    if (sell ? stop > placed : stop < placed) {
      virtual.order.stopPrice = stop
      await this.#resize(
        current,
        { stopPrice: stop, clientOrderId: this.#legId(group, 'trail') },
        `move the trailing stop to ${stop}`,
      )
    }
  }

  /** The virtual trailing stop mirrors its broker stop's fills and end. */
  #mirrorVirtual(group: Group, stop: Managed): void {
    const virtual = group.root
    if (isTerminalStatus(virtual.order.status)) return
    const filled = clean(group.exitFilled)
    if (filled > virtual.order.filledQty + QTY_EPSILON) {
      virtual.order.filledQty = filled
      virtual.order.avgFillPrice = Math.round((group.exitValue / filled) * 1e8) / 1e8
      const done = filled + QTY_EPSILON >= (virtual.order.qty ?? 0)
      virtual.order.status = done ? 'filled' : 'partially_filled'
      if (done && stop.order.filledAt !== undefined) virtual.order.filledAt = stop.order.filledAt
      virtual.order.updatedAt = this.#clock.now()
      this.#publish(
        { event: done ? 'fill' : 'partial_fill', order: copyOrder(virtual.order), ts: this.#clock.now() },
        virtual,
      )
      if (done) {
        group.closed = true
        this.#trailing.delete(group)
        this.#groups.delete(group.id)
      }
      return
    }
    if (stop.order.status === 'replaced') return
    if (isTerminalStatus(stop.order.status) && stop.order.status !== 'filled' && group.closed) {
      this.#finishVirtual(group, stop.order.status === 'expired' ? 'expired' : 'canceled')
    }
  }

  #finishVirtual(group: Group, status: 'canceled' | 'expired'): void {
    const virtual = group.root
    if (isTerminalStatus(virtual.order.status)) return
    virtual.order.status = status
    virtual.order.updatedAt = this.#clock.now()
    if (status === 'canceled') virtual.order.canceledAt = this.#clock.now()
    group.closed = true
    this.#trailing.delete(group)
    this.#groups.delete(group.id)
    this.#publish({ event: status, order: copyOrder(virtual.order), ts: this.#clock.now() }, virtual)
  }

  // ---------------------------------------------------------------------------------------------
  // Reconciliation and persistence

  /**
   * Polls the broker for every order the manager believes open (by broker id, or by client order id
   * when the submit's outcome is unknown) and applies what it finds. Recovers dropped updates; the
   * live runner calls it periodically and before it stops.
   */
  async syncOpenOrders(): Promise<void> {
    const open = this.#openOrders().filter((m) => !m.virtual)
    for (const managed of open) {
      // Acknowledged orders by broker id; unresolved submits by client order id.
      if (managed.acked) {
        await this.#refresh(managed)
        continue
      }
      if (!managed.unknown || managed.sending) continue
      let found: Order | undefined
      try {
        found = await this.#withTimeout(this.#broker.getOrderByClientId(managed.clientOrderId), 'lookup')
      } catch (error) {
        this.#log.warn('lookup failed', { clientOrderId: managed.clientOrderId, error: errorMessage(error) })
        continue
      }
      if (found !== undefined) {
        this.#applySnapshot(managed, found, undefined)
      } else if (managed.cancelRequested) {
        // Never reached the broker and no longer wanted: done. Should it appear after all, the
        // broker's view wins and the cancel is sent (see #applySnapshot).
        this.#conclude(managed, 'canceled', 'canceled before the broker acknowledged it')
      }
    }
    await this.settle()
  }

  /** Ends an order here, without the broker (see `Managed.synthetic`). */
  #conclude(managed: Managed, status: 'canceled' | 'rejected', reason: string): void {
    if (isTerminalStatus(managed.order.status)) return
    managed.unknown = false
    managed.synthetic = true
    managed.order.status = status
    managed.order.rejectReason = reason
    managed.order.updatedAt = this.#clock.now()
    if (status === 'canceled') managed.order.canceledAt = this.#clock.now()
    this.#publish({ event: status, order: copyOrder(managed.order), ts: this.#clock.now() }, managed)
    this.#afterChange(managed)
  }

  /**
   * Compares the manager's orders and positions with the broker's, adopts the broker's view, and
   * reports every difference (also published as a `reconcile` event). Moves the client order id
   * sequence past every id of this prefix and strategy the broker has.
   */
  async reconcile(): Promise<ReconcileReport> {
    this.#subscribe()
    const differences: ReconcileDifference[] = []
    const brokerOpen = await this.#broker.getOrders({ status: 'open' })
    const recent = await this.#broker.getOrders({ status: 'all', limit: 500 })
    for (const order of [...brokerOpen, ...recent]) this.#bumpSequence(order.clientOrderId)
    const openByClient = new Map(brokerOpen.map((o) => [o.clientOrderId, o]))
    // Orders we believe open (or whose submit is unresolved).
    for (const managed of this.#openOrders()) {
      if (managed.virtual || isTerminalStatus(managed.order.status)) continue
      let broker = openByClient.get(managed.clientOrderId)
      if (broker === undefined) {
        try {
          broker = await this.#broker.getOrderByClientId(managed.clientOrderId)
        } catch (error) {
          this.#log.warn('lookup during reconciliation failed', {
            clientOrderId: managed.clientOrderId,
            error: errorMessage(error),
          })
          continue
        }
      }
      if (broker === undefined) {
        differences.push({
          kind: 'order_missing',
          clientOrderId: managed.clientOrderId,
          local: managed.order.status,
        })
        this.#conclude(managed, 'rejected', 'unknown to the broker at reconciliation')
        continue
      }
      if (broker.status !== managed.order.status)
        differences.push({
          kind: 'order_status',
          clientOrderId: managed.clientOrderId,
          local: managed.order.status,
          broker: broker.status,
        })
      if (Math.abs(broker.filledQty - managed.order.filledQty) > QTY_EPSILON)
        differences.push({
          kind: 'order_filled_qty',
          clientOrderId: managed.clientOrderId,
          local: managed.order.filledQty,
          broker: broker.filledQty,
        })
      this.#applySnapshot(managed, broker, undefined)
    }
    // Broker orders we do not track.
    for (const order of brokerOpen) {
      if (this.#orders.has(order.clientOrderId) || this.#byBrokerId.has(order.id)) continue
      const ours =
        this.#idPattern.test(order.clientOrderId) ||
        (order.parentId !== undefined && this.#byBrokerId.has(order.parentId))
      if (ours) {
        const managed = this.#adopt(order)
        differences.push({
          kind: 'order_adopted',
          clientOrderId: order.clientOrderId,
          order: copyOrder(managed.order),
        })
      } else {
        differences.push({ kind: 'order_foreign', clientOrderId: order.clientOrderId, order })
      }
    }
    // Positions.
    const brokerPositions = await this.#broker.getPositions()
    const brokerBySymbol = new Map(brokerPositions.map((p) => [p.symbol, p]))
    const symbols = new Set([
      ...brokerBySymbol.keys(),
      ...[...this.#holdings.entries()].filter(([, h]) => h.qty !== 0).map(([s]) => s),
    ])
    for (const symbol of [...symbols].sort()) {
      const local = this.#holdings.get(symbol)?.qty ?? 0
      const remote = brokerBySymbol.get(symbol)
      const brokerQty = remote?.qty ?? 0
      if (Math.abs(local - brokerQty) > QTY_EPSILON) {
        differences.push({ kind: 'position_qty', symbol, local, broker: brokerQty })
        if (this.#adoptPositions) {
          const h = this.#holdings.get(symbol) ?? { qty: 0, avgEntryPrice: 0, realizedPnl: 0 }
          h.qty = brokerQty
          h.avgEntryPrice = remote?.avgEntryPrice ?? 0
          this.#holdings.set(symbol, h)
        }
      }
    }
    await this.settle()
    const report: ReconcileReport = {
      ts: this.#clock.now(),
      clean: differences.length === 0,
      differences,
      openOrders: this.orders().length,
      positions: this.positions().length,
      sequence: this.#sequence,
    }
    if (!report.clean) this.#log.warn('reconciliation found differences', { count: differences.length })
    this.events.emit('reconcile', report)
    return report
  }

  #bumpSequence(clientOrderId: string): void {
    const match = this.#idPattern.exec(clientOrderId)
    if (match === null) return
    const seq = Number(match[1])
    if (Number.isSafeInteger(seq) && seq >= this.#sequence) this.#sequence = seq + 1
  }

  /**
   * Starts tracking an order the broker has. `applyFills`: its fills so far move positions (a leg
   * seen for the first time); otherwise they are assumed to be in the positions already (adopted at
   * reconciliation, where positions are compared separately).
   */
  #adopt(order: Order, applyFills = false): Managed {
    const request = requestFromOrder(order)
    const managed = this.#register(request, order.orderClass)
    managed.order = copyOrder(order)
    managed.acked = true
    managed.unknown = false
    this.#byBrokerId.set(order.id, managed)
    if (applyFills && order.filledQty > 0) {
      managed.appliedQty = order.filledQty
      managed.appliedValue = order.filledQty * (order.avgFillPrice ?? 0)
      this.#applyPosition(order.symbol, order.side, order.filledQty, order.avgFillPrice ?? 0)
    } else {
      managed.appliedQty = order.filledQty
      managed.appliedValue = order.filledQty * (order.avgFillPrice ?? 0)
    }
    return managed
  }

  /** A JSON-serializable snapshot of open orders, emulation groups, positions and the id sequence. */
  snapshot(): OrderManagerSnapshot {
    const keep = new Set<Managed>()
    for (const m of this.#orders.values()) if (!isTerminalStatus(m.order.status)) keep.add(m)
    const groups: SnapshotGroup[] = []
    for (const g of this.#groups.values()) {
      if (g.closed) continue
      for (const m of [g.root, g.entry, g.legs.takeProfit, g.legs.stopLoss, g.legs.trail])
        if (m !== undefined) keep.add(m)
      const legs: SnapshotGroup['legs'] = {}
      if (g.legs.takeProfit !== undefined) legs.takeProfit = g.legs.takeProfit.clientOrderId
      if (g.legs.stopLoss !== undefined) legs.stopLoss = g.legs.stopLoss.clientOrderId
      if (g.legs.trail !== undefined) legs.trail = g.legs.trail.clientOrderId
      const sg: SnapshotGroup = {
        id: g.id,
        kind: g.kind,
        root: g.root.clientOrderId,
        entryFilled: g.entryFilled,
        exitFilled: g.exitFilled,
        exitValue: g.exitValue,
        entryDone: g.entryDone,
        legs,
        legSeq: g.legSeq,
        overfillReported: g.overfillReported,
      }
      if (g.dropped.size > 0) sg.dropped = [...g.dropped]
      if (g.extreme !== undefined) sg.extreme = g.extreme
      groups.push(sg)
    }
    const orders: SnapshotOrder[] = []
    for (const m of keep) {
      const so: SnapshotOrder = {
        clientOrderId: m.clientOrderId,
        request: structuredClone(m.request),
        order: copyOrder(m.order),
        acknowledged: m.acked,
      }
      if (m.group !== undefined) so.group = m.group.id
      if (m.role !== undefined) so.role = m.role
      orders.push(so)
    }
    return {
      version: 1,
      strategyName: this.#strategyName,
      idPrefix: this.#prefix,
      sequence: this.#sequence,
      orders,
      groups,
      positions: [...this.#holdings.entries()]
        .filter(([, h]) => h.qty !== 0)
        .map(([symbol, h]) => ({
          symbol,
          qty: h.qty,
          avgEntryPrice: h.avgEntryPrice,
          realizedPnl: h.realizedPnl,
        })),
    }
  }

  #restore(snapshot: OrderManagerSnapshot): void {
    if (snapshot.version !== 1)
      throw new ValidationError('order manager snapshot', [
        {
          path: 'version',
          message: `version must be 1 (got ${String(snapshot.version)})`,
          value: snapshot.version,
        },
      ])
    for (const p of snapshot.positions)
      this.#holdings.set(p.symbol, { qty: p.qty, avgEntryPrice: p.avgEntryPrice, realizedPnl: p.realizedPnl })
    for (const so of snapshot.orders) {
      const managed: Managed = {
        clientOrderId: so.clientOrderId,
        request: so.request,
        order: copyOrder(so.order),
        acked: so.acknowledged,
        unknown: !so.acknowledged,
        appliedQty: so.order.filledQty,
        appliedValue: so.order.filledQty * (so.order.avgFillPrice ?? 0),
        fills: undefined,
        group: undefined,
        role: so.role,
        virtual: so.role === 'trailing',
        cancelRequested: false,
        sending: false,
        synthetic: false,
      }
      this.#orders.set(so.clientOrderId, managed)
      this.#open.add(managed)
      if (so.acknowledged) this.#byBrokerId.set(so.order.id, managed)
    }
    for (const sg of snapshot.groups) {
      const root = this.#orders.get(sg.root)
      if (root === undefined) continue
      const group: Group = {
        id: sg.id,
        kind: sg.kind,
        root,
        entry: sg.kind === 'bracket' || sg.kind === 'oto' ? root : undefined,
        spec: specFrom(root.request, sg.kind),
        side: root.request.side,
        symbol: root.request.symbol,
        timeInForce: root.request.timeInForce,
        entryFilled: sg.entryFilled,
        exitFilled: sg.exitFilled,
        exitValue: sg.exitValue,
        entryDone: sg.entryDone,
        legs: {},
        legSeq: sg.legSeq,
        extreme: sg.extreme,
        syncing: false,
        dirty: false,
        overfillReported: sg.overfillReported,
        closed: false,
        dropped: new Set(sg.dropped ?? []),
      }
      for (const leg of ['takeProfit', 'stopLoss', 'trail'] as const) {
        const id = sg.legs[leg]
        const m = id === undefined ? undefined : this.#orders.get(id)
        if (m !== undefined) {
          group.legs[leg] = m
          m.group = group
        }
      }
      root.group = group
      this.#groups.set(group.id, group)
      if (group.kind === 'trailing') this.#trailing.add(group)
    }
  }
}

function rankRole(role: GroupRole | undefined): number {
  return role === 'entry' || role === undefined ? 0 : 1
}

function orderClassOf(request: OrderRequest): Order['orderClass'] {
  if ('bracket' in request && request.bracket !== undefined)
    return request.bracket.takeProfit !== undefined && request.bracket.stopLoss !== undefined
      ? 'bracket'
      : 'oto'
  if (request.type === 'limit' && request.oco !== undefined) return 'oco'
  return 'simple'
}

function eventFor(status: OrderStatus): OrderUpdate['event'] {
  switch (status) {
    case 'partially_filled':
      return 'partial_fill'
    case 'filled':
      return 'fill'
    default:
      return status
  }
}

function specFrom(request: OrderRequest, kind: GroupKind): Group['spec'] {
  const spec: Group['spec'] = {}
  if ((kind === 'bracket' || kind === 'oto') && 'bracket' in request && request.bracket !== undefined) {
    if (request.bracket.takeProfit !== undefined)
      spec.takeProfit = { limitPrice: request.bracket.takeProfit.limitPrice }
    if (request.bracket.stopLoss !== undefined) {
      spec.stopLoss = { stopPrice: request.bracket.stopLoss.stopPrice }
      if (request.bracket.stopLoss.limitPrice !== undefined)
        spec.stopLoss.limitPrice = request.bracket.stopLoss.limitPrice
    }
  }
  if (kind === 'oco' && request.type === 'limit') {
    spec.takeProfit = { limitPrice: request.limitPrice }
    if (request.oco !== undefined) spec.stopLoss = { stopPrice: request.oco.stopLoss.stopPrice }
  }
  if (kind === 'trailing' && request.type === 'trailing_stop') {
    spec.trail =
      request.trailPercent !== undefined
        ? { trailPercent: request.trailPercent }
        : { trailPrice: request.trailPrice as number }
  }
  return spec
}

function requestFromOrder(order: Order): OrderRequest & { clientOrderId: string } {
  const base = {
    symbol: order.symbol,
    side: order.side,
    timeInForce: order.timeInForce,
    extendedHours: order.extendedHours,
    clientOrderId: order.clientOrderId,
    ...(order.qty !== undefined ? { qty: order.qty } : { notional: order.notional }),
  }
  switch (order.type) {
    case 'market':
      return { ...base, type: 'market' } as OrderRequest & { clientOrderId: string }
    case 'limit':
      return { ...base, type: 'limit', limitPrice: order.limitPrice } as OrderRequest & {
        clientOrderId: string
      }
    case 'stop':
      return { ...base, type: 'stop', stopPrice: order.stopPrice } as OrderRequest & { clientOrderId: string }
    case 'stop_limit':
      return {
        ...base,
        type: 'stop_limit',
        stopPrice: order.stopPrice,
        limitPrice: order.limitPrice,
      } as OrderRequest & {
        clientOrderId: string
      }
    case 'trailing_stop':
      return {
        ...base,
        type: 'trailing_stop',
        ...(order.trailPercent !== undefined
          ? { trailPercent: order.trailPercent }
          : { trailPrice: order.trailPrice }),
      } as OrderRequest & { clientOrderId: string }
  }
}
