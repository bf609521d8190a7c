import {
  type Account,
  type Bar,
  type Broker,
  type BrokerCapabilities,
  type Clock,
  NetworkError,
  type Order,
  type OrderQuery,
  type OrderRequest,
  type OrderUpdate,
  type Position,
  type ReplaceOrderRequest,
  TimeoutError,
  type TimerHandle,
  UnavailableError,
  type Unsubscribe,
} from '@tradeblocks/core'

/** Monday 2026-01-05 10:00 New York. */
export const T0 = Date.UTC(2026, 0, 5, 15, 0)

/**
 * A virtual clock that jumps to the next timer whenever the event loop is otherwise idle (after all
 * pending promise work). Timeouts and backoff delays of the code under test then take no real time,
 * and their order is deterministic.
 */
export class AutoClock implements Clock {
  #now: number
  #next = 1
  #timers: { id: number; due: number; callback: () => void }[] = []
  #scheduled = false

  constructor(start: number) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  /** Moves time forward (firing due timers), as a market-data event would. */
  advanceTo(ts: number): void {
    while (this.#timers.length > 0 && (this.#timers[0] as { due: number }).due <= ts) this.#fireNext()
    if (ts > this.#now) this.#now = ts
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#next++, due: this.#now + delayMs, callback }
    let i = this.#timers.length
    while (i > 0 && (this.#timers[i - 1] as { due: number }).due > timer.due) i--
    this.#timers.splice(i, 0, timer)
    this.#kick()
    return { id: timer.id }
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, delayMs))
  }

  #fireNext(): void {
    const timer = this.#timers.shift()
    if (timer === undefined) return
    if (timer.due > this.#now) this.#now = timer.due
    timer.callback()
  }

  #kick(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      if (this.#timers.length === 0) return
      this.#fireNext()
      if (this.#timers.length > 0) this.#kick()
    })
  }
}

/** What goes wrong with one submit. */
export type SubmitFault =
  | 'none'
  /** The broker creates the order but the call never answers. */
  | 'hang'
  /** The broker creates the order, then the call times out. */
  | 'timeout_after_accept'
  /** The broker creates the order, then answers 503. */
  | 'unavailable_after_accept'
  /** The request never reaches the broker: a network error. */
  | 'network_before'
  /** The broker answers 503 without creating anything. */
  | 'unavailable_before'

export interface FaultyBrokerOptions {
  /** Faults for successive submits (then `none`). */
  submitFaults?: SubmitFault[]
  /** Fail this many `getOrderByClientId` calls with a network error (then answer). */
  lookupFailures?: number
  /** Drop order updates the predicate matches (lost acknowledgements, lost fills). */
  drop?: (update: OrderUpdate) => boolean
  /** Hold fill updates and deliver them in reverse order on `flush()`. */
  reorderFills?: boolean
}

/**
 * A broker that misbehaves around a correct inner broker: lost acknowledgements, timeouts after the
 * order was created, 5xx answers, fills out of order. It counts every submit and flags any submit
 * for a client order id the inner broker already holds (a duplicate).
 */
export class FaultyBroker implements Broker {
  readonly name: string
  readonly capabilities: BrokerCapabilities
  readonly inner: Broker
  readonly submits: string[] = []
  /** Submits sent for a client order id the broker already had. Must stay empty. */
  readonly duplicateSends: string[] = []
  readonly #options: FaultyBrokerOptions
  readonly #faults: SubmitFault[]
  #lookupFailures: number
  readonly #listeners = new Set<(update: OrderUpdate) => void>()
  readonly #held: OrderUpdate[] = []

  constructor(inner: Broker, options: FaultyBrokerOptions = {}) {
    this.inner = inner
    this.name = `faulty-${inner.name}`
    this.capabilities = inner.capabilities
    this.#options = options
    this.#faults = [...(options.submitFaults ?? [])]
    this.#lookupFailures = options.lookupFailures ?? 0
    inner.onOrderUpdate((update) => {
      if (this.#options.drop?.(update) === true) return
      if (
        this.#options.reorderFills === true &&
        (update.event === 'fill' || update.event === 'partial_fill')
      ) {
        this.#held.push(update)
        return
      }
      for (const listener of this.#listeners) listener(update)
    })
  }

  /** Delivers held fill updates, newest first. */
  flush(): void {
    const held = this.#held.splice(0).reverse()
    for (const update of held) for (const listener of this.#listeners) listener(update)
  }

  getAccount(): Promise<Account> {
    return this.inner.getAccount()
  }

  getPositions(): Promise<Position[]> {
    return this.inner.getPositions()
  }

  getOrders(query?: OrderQuery): Promise<Order[]> {
    return this.inner.getOrders(query)
  }

  getOrder(id: string): Promise<Order> {
    return this.inner.getOrder(id)
  }

  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    if (this.#lookupFailures > 0) {
      this.#lookupFailures--
      throw new NetworkError('lookup failed (injected)')
    }
    return this.inner.getOrderByClientId(clientOrderId)
  }

  async submitOrder(request: OrderRequest & { clientOrderId: string }): Promise<Order> {
    this.submits.push(request.clientOrderId)
    if ((await this.inner.getOrderByClientId(request.clientOrderId)) !== undefined)
      this.duplicateSends.push(request.clientOrderId)
    const fault = this.#faults.shift() ?? 'none'
    switch (fault) {
      case 'none':
        return this.inner.submitOrder(request)
      case 'hang':
        await this.inner.submitOrder(request)
        return new Promise<Order>(() => {})
      case 'timeout_after_accept':
        await this.inner.submitOrder(request)
        throw new TimeoutError('submit timed out (injected)', { timeoutMs: 1 })
      case 'unavailable_after_accept':
        await this.inner.submitOrder(request)
        throw new UnavailableError('503 Service Unavailable (injected)', { status: 503 })
      case 'network_before':
        throw new NetworkError('connection reset (injected)')
      case 'unavailable_before':
        throw new UnavailableError('503 Service Unavailable (injected)', { status: 503 })
    }
  }

  cancelOrder(id: string): Promise<void> {
    return this.inner.cancelOrder(id)
  }

  cancelAllOrders(): Promise<void> {
    return this.inner.cancelAllOrders()
  }

  replaceOrder(id: string, patch: ReplaceOrderRequest): Promise<Order> {
    return this.inner.replaceOrder(id, patch)
  }

  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }
}

/** One-minute bars of `symbol` from `start`, one per minute of the regular session, from closes. */
export function minuteBars(
  symbol: string,
  start: number,
  closes: readonly number[],
  volume = 100_000,
): Bar[] {
  const bars: Bar[] = []
  let previous = closes[0] ?? 100
  closes.forEach((close, i) => {
    const open = previous
    bars.push({
      symbol,
      timeframe: '1m',
      ts: start + i * 60_000,
      open,
      high: Math.max(open, close) + 0.05,
      low: Math.min(open, close) - 0.05,
      close,
      volume,
    })
    previous = close
  })
  return bars
}

/**
 * Deterministic prices for several regular sessions of one-minute bars: a random walk with drift
 * changes, on the tick grid, from a seed.
 */
export function sessionBars(symbol: string, days: readonly number[], seed = 1, perDay = 390): Bar[] {
  let s = seed >>> 0
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const bars: Bar[] = []
  let price = 100
  let drift = 0
  for (const open of days) {
    for (let i = 0; i < perDay; i++) {
      if (i % 60 === 0) drift = (rand() - 0.5) * 0.08
      const o = price
      const c = Math.max(1, Math.round((price + drift + (rand() - 0.5) * 0.3) * 100) / 100)
      const h = Math.round((Math.max(o, c) + rand() * 0.1) * 100) / 100
      const l = Math.round((Math.min(o, c) - rand() * 0.1) * 100) / 100
      bars.push({
        symbol,
        timeframe: '1m',
        ts: open + i * 60_000,
        open: o,
        high: h,
        low: l,
        close: c,
        volume: 1_000 + Math.floor(rand() * 5_000),
      })
      price = c
    }
  }
  return bars
}
