import {
  fromNewYork,
  nyse,
  parse,
  roundMoney,
  type TradingCalendar,
  type TradingDate,
  toNewYork,
  tradingDateOf,
  ValidationError,
} from '@tradeblocks/core'
import { z } from 'zod'
import type {
  Breakdown,
  DailyEquity,
  Drawdown,
  EquityPoint,
  MonthlyReturn,
  PerformanceStats,
  StatsOptions,
  StatsTrade,
} from './PerformanceStats.js'

const StatsOptionsSchema = z.object({
  startingEquity: z.number({ error: 'must be a finite number' }).optional(),
  riskFreeRate: z
    .number({ error: 'must be a finite number' })
    .gt(-1, { error: 'must be above -1' })
    .optional(),
  periodsPerYear: z.number().positive({ error: 'must be greater than 0' }).optional(),
  exposureSession: z.enum(['regular', 'extended']).optional(),
  calendar: z.unknown().optional(),
})

/** A Float64Array that grows. */
class Column {
  data = new Float64Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

interface Group {
  tradeCount: number
  winners: number
  losers: number
  profitCents: number
  lossCents: number
  sumR: number
  nR: number
  largestWinCents: number | null
  largestLossCents: number | null
}

const newGroup = (): Group => ({
  tradeCount: 0,
  winners: 0,
  losers: 0,
  profitCents: 0,
  lossCents: 0,
  sumR: 0,
  nR: 0,
  largestWinCents: null,
  largestLossCents: null,
})

function addToGroup(group: Group, cents: number, r: number | undefined): void {
  group.tradeCount++
  if (cents > 0) {
    group.winners++
    group.profitCents += cents
    if (group.largestWinCents === null || cents > group.largestWinCents) group.largestWinCents = cents
  } else if (cents < 0) {
    group.losers++
    group.lossCents += cents
    if (group.largestLossCents === null || cents < group.largestLossCents) group.largestLossCents = cents
  }
  if (r !== undefined) {
    group.sumR += r
    group.nR++
  }
}

function groupOf(groups: Map<string, Group>, key: string): Group {
  let group = groups.get(key)
  if (group === undefined) {
    group = newGroup()
    groups.set(key, group)
  }
  return group
}

const money = (cents: number): number => roundMoney(cents / 100)
const SIDES = new Set(['long', 'short', 'buy', 'sell'])

function breakdowns(groups: Map<string, Group>): Breakdown[] {
  return [...groups]
    .map(([key, g]) => ({
      key,
      tradeCount: g.tradeCount,
      winners: g.winners,
      losers: g.losers,
      winRate: g.winners / g.tradeCount,
      netPnl: money(g.profitCents + g.lossCents),
      grossProfit: money(g.profitCents),
      grossLoss: money(g.lossCents),
      profitFactor: g.lossCents < 0 ? g.profitCents / -g.lossCents : null,
      avgTrade: roundMoney((g.profitCents + g.lossCents) / g.tradeCount / 100),
      avgR: g.nR > 0 ? g.sumR / g.nR : null,
      largestWin: g.largestWinCents === null ? null : money(g.largestWinCents),
      largestLoss: g.largestLossCents === null ? null : money(g.largestLossCents),
    }))
    .sort((a, b) => b.netPnl - a.netPnl || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** Indices 0..n-1 ordered by `keys` ascending, ties in insertion order; `null` when already ordered. */
function orderBy(keys: Float64Array): number[] | null {
  let sorted = true
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i] as number) < (keys[i - 1] as number)) {
      sorted = false
      break
    }
  }
  if (sorted) return null
  // A plain array: V8 sorts it with TimSort, quick on the nearly ordered exits of a journal.
  const index = new Array<number>(keys.length)
  for (let i = 0; i < index.length; i++) index[i] = i
  return index.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b)
}

function invalid(subject: string, path: string, message: string, value: unknown): never {
  throw new ValidationError(subject, [{ path, message: `${path} ${message} (got ${String(value)})`, value }])
}

/**
 * Computes {@link PerformanceStats} from trades and equity points fed one at a time, in any order,
 * without keeping the trades: memory grows by a few numbers per trade, so a million-trade journal
 * fits easily. `computeStats` and `computeJournalStats` are built on it.
 *
 * Feed equity points in time order. Without any, the equity curve is built from the trades' exits
 * (see `startingEquity` in {@link StatsOptions}).
 *
 * @example
 * ```ts
 * import { StatsAccumulator } from '@tradeblocks/performance'
 *
 * const acc = new StatsAccumulator({ startingEquity: 25_000 })
 * for await (const trade of journal.readTrades({ strategy: 'bull-flag' })) acc.addTrade(trade)
 * const stats = acc.result()
 * ```
 */
export class StatsAccumulator {
  readonly #startingEquity: number | undefined
  readonly #riskFreeRate: number
  readonly #periodsPerYear: number
  readonly #extended: boolean
  readonly #calendar: TradingCalendar
  readonly #entries = new Column()
  readonly #exits = new Column()
  readonly #cents = new Column()
  #feesCents = 0
  #holdingMs = 0
  readonly #all = newGroup()
  readonly #bySymbol = new Map<string, Group>()
  readonly #bySetup = new Map<string, Group>()
  readonly #bySide = new Map<string, Group>()
  readonly #equityTs = new Column()
  readonly #equity = new Column()

  constructor(options: StatsOptions = {}) {
    parse(StatsOptionsSchema, options, 'stats options')
    this.#startingEquity = options.startingEquity
    this.#riskFreeRate = options.riskFreeRate ?? 0
    this.#periodsPerYear = options.periodsPerYear ?? 252
    this.#extended = options.exposureSession === 'extended'
    this.#calendar = options.calendar ?? nyse
  }

  /** Number of trades added so far. */
  get tradeCount(): number {
    return this.#all.tradeCount
  }

  /**
   * Adds a closed trade.
   *
   * @throws ValidationError naming the field when a number is not finite, `exitTs` is before
   * `entryTs`, the side is unknown or the symbol is empty.
   */
  addTrade(trade: StatsTrade): void {
    const r = trade.rMultiple
    if (
      !(typeof trade.symbol === 'string' && trade.symbol !== '') ||
      !SIDES.has(trade.side) ||
      !Number.isFinite(trade.entryTs) ||
      !Number.isFinite(trade.exitTs) ||
      !(trade.exitTs >= trade.entryTs) ||
      !Number.isFinite(trade.netPnl) ||
      !(Number.isFinite(trade.fees) && trade.fees >= 0) ||
      (r !== undefined && !Number.isFinite(r))
    ) {
      this.#reject(trade)
    }
    const cents = Math.round(roundMoney(trade.netPnl) * 100)
    this.#entries.push(trade.entryTs)
    this.#exits.push(trade.exitTs)
    this.#cents.push(cents)
    this.#feesCents += Math.round(roundMoney(trade.fees) * 100)
    this.#holdingMs += trade.exitTs - trade.entryTs
    addToGroup(this.#all, cents, r)
    addToGroup(groupOf(this.#bySymbol, trade.symbol), cents, r)
    addToGroup(groupOf(this.#bySetup, trade.setup ?? '(none)'), cents, r)
    addToGroup(
      groupOf(this.#bySide, trade.side === 'buy' || trade.side === 'long' ? 'long' : 'short'),
      cents,
      r,
    )
  }

  /** Throws the ValidationError that names what is wrong with a trade. */
  #reject(trade: StatsTrade): never {
    const subject = `trade${trade.id === undefined ? ` #${this.#all.tradeCount}` : ` ${trade.id}`}`
    if (typeof trade.symbol !== 'string' || trade.symbol === '')
      invalid(subject, 'symbol', 'must be a non-empty string', trade.symbol)
    if (!SIDES.has(trade.side)) invalid(subject, 'side', 'must be long, short, buy or sell', trade.side)
    if (!Number.isFinite(trade.entryTs)) invalid(subject, 'entryTs', 'must be a finite number', trade.entryTs)
    if (!Number.isFinite(trade.exitTs)) invalid(subject, 'exitTs', 'must be a finite number', trade.exitTs)
    if (!(trade.exitTs >= trade.entryTs))
      invalid(subject, 'exitTs', `must not be before entryTs ${trade.entryTs}`, trade.exitTs)
    if (!Number.isFinite(trade.netPnl)) invalid(subject, 'netPnl', 'must be a finite number', trade.netPnl)
    if (!Number.isFinite(trade.fees) || trade.fees < 0)
      invalid(subject, 'fees', 'must be a finite number >= 0', trade.fees)
    invalid(subject, 'rMultiple', 'must be a finite number', trade.rMultiple)
  }

  /**
   * Adds a point of the equity curve. Points must come in time order.
   *
   * @throws ValidationError when a value is not finite or the point is earlier than the previous one.
   */
  addEquity(point: EquityPoint): void {
    const n = this.#equityTs.length
    if (!Number.isFinite(point.ts)) invalid(`equity point #${n}`, 'ts', 'must be a finite number', point.ts)
    if (!Number.isFinite(point.equity))
      invalid(`equity point #${n}`, 'equity', 'must be a finite number', point.equity)
    if (n > 0 && point.ts < (this.#equityTs.data[n - 1] as number))
      invalid(
        `equity point #${n}`,
        'ts',
        `must not be before the previous point ${this.#equityTs.data[n - 1]}`,
        point.ts,
      )
    this.#equityTs.push(point.ts)
    this.#equity.push(point.equity)
  }

  /** Computes the statistics of everything added so far (the accumulator stays usable). */
  result(): PerformanceStats {
    const all = this.#all
    const n = all.tradeCount
    const exits = this.#exits.view()
    const entries = this.#entries.view()
    const cents = this.#cents.view()
    const order = orderBy(exits)
    const at = (k: number): number => (order === null ? k : (order[k] as number))

    // Streaks, in exit order.
    let longestWinStreak = 0
    let longestLossStreak = 0
    let winStreak = 0
    let lossStreak = 0
    for (let k = 0; k < n; k++) {
      const c = cents[at(k)] as number
      if (c > 0) {
        winStreak++
        lossStreak = 0
        if (winStreak > longestWinStreak) longestWinStreak = winStreak
      } else if (c < 0) {
        lossStreak++
        winStreak = 0
        if (lossStreak > longestLossStreak) longestLossStreak = lossStreak
      } else {
        winStreak = 0
        lossStreak = 0
      }
    }

    // The equity curve: as given, or built from closed trades.
    let curveTs: Float64Array
    let curve: Float64Array
    let hasCapital: boolean
    if (this.#equityTs.length > 0) {
      curveTs = this.#equityTs.view()
      curve = this.#equity.view()
      hasCapital = true
      if (this.#startingEquity !== undefined) {
        // The equity before the curve's first point (and before the first entry).
        const opening = Math.min(curveTs[0] as number, n > 0 ? minOf(entries) : Number.POSITIVE_INFINITY)
        const withTs = new Float64Array(curveTs.length + 1)
        const withEquity = new Float64Array(curve.length + 1)
        withTs[0] = opening
        withEquity[0] = this.#startingEquity
        withTs.set(curveTs, 1)
        withEquity.set(curve, 1)
        curveTs = withTs
        curve = withEquity
      }
    } else if (n > 0) {
      const base = this.#startingEquity ?? 0
      hasCapital = this.#startingEquity !== undefined
      curveTs = new Float64Array(n + 1)
      curve = new Float64Array(n + 1)
      let firstEntry = Number.POSITIVE_INFINITY
      for (let i = 0; i < n; i++) if ((entries[i] as number) < firstEntry) firstEntry = entries[i] as number
      curveTs[0] = firstEntry
      curve[0] = base
      let cumulative = 0
      for (let k = 0; k < n; k++) {
        const i = at(k)
        cumulative += cents[i] as number
        curveTs[k + 1] = exits[i] as number
        curve[k + 1] = base + cumulative / 100
      }
    } else {
      curveTs = new Float64Array(0)
      curve = new Float64Array(0)
      hasCapital = this.#startingEquity !== undefined
    }

    const from = Math.min(
      curveTs.length > 0 ? (curveTs[0] as number) : Number.POSITIVE_INFINITY,
      minOf(entries),
    )
    const to = Math.max(
      curveTs.length > 0 ? (curveTs[curveTs.length - 1] as number) : Number.NEGATIVE_INFINITY,
      maxOf(exits),
    )
    const hasData = Number.isFinite(from) && Number.isFinite(to)
    const fromDate = hasData ? tradingDateOf(from) : null
    const toDate = hasData ? tradingDateOf(to) : null
    const days =
      fromDate !== null && toDate !== null ? this.#calendar.tradingDaysBetween(fromDate, toDate) : []

    const { moneyPeriod, pctPeriod } = drawdowns(curveTs, curve, hasCapital)
    const daily = dailySeries(curveTs, curve, days, hasCapital)
    const returns = returnStats(daily, this.#riskFreeRate, this.#periodsPerYear)
    const startEquity = curve.length > 0 && hasCapital ? (curve[0] as number) : null
    const endEquity = curve.length > 0 && startEquity !== null ? (curve[curve.length - 1] as number) : null
    const totalReturn =
      startEquity !== null && endEquity !== null && startEquity > 0 ? endEquity / startEquity - 1 : null
    let cagr: number | null = null
    if (startEquity !== null && endEquity !== null && startEquity > 0 && daily.length > 0) {
      const value =
        endEquity <= 0 ? -1 : (endEquity / startEquity) ** (this.#periodsPerYear / daily.length) - 1
      cagr = Number.isFinite(value) ? value : null
    }
    const { timeInMarketMs, inSessionMs, sessionMs } = this.#exposure(entries, exits, days)

    const netCents = all.profitCents + all.lossCents
    return {
      from: hasData ? from : null,
      to: hasData ? to : null,
      fromDate,
      toDate,
      tradingDays: days.length,
      tradeCount: n,
      winners: all.winners,
      losers: all.losers,
      breakeven: n - all.winners - all.losers,
      winRate: n > 0 ? all.winners / n : null,
      netPnl: money(netCents),
      grossProfit: money(all.profitCents),
      grossLoss: money(all.lossCents),
      totalFees: money(this.#feesCents),
      avgWin: all.winners > 0 ? roundMoney(all.profitCents / all.winners / 100) : null,
      avgLoss: all.losers > 0 ? roundMoney(all.lossCents / all.losers / 100) : null,
      payoffRatio:
        all.winners > 0 && all.losers > 0
          ? all.profitCents / all.winners / (-all.lossCents / all.losers)
          : null,
      profitFactor: all.lossCents < 0 ? all.profitCents / -all.lossCents : null,
      expectancy: n > 0 ? roundMoney(netCents / n / 100) : null,
      avgR: all.nR > 0 ? all.sumR / all.nR : null,
      rTradeCount: all.nR,
      largestWin: all.largestWinCents === null ? null : money(all.largestWinCents),
      largestLoss: all.largestLossCents === null ? null : money(all.largestLossCents),
      longestWinStreak,
      longestLossStreak,
      avgHoldingMs: n > 0 ? this.#holdingMs / n : null,
      timeInMarketMs,
      exposure: n > 0 && sessionMs > 0 ? Math.min(1, inSessionMs / sessionMs) : null,
      startEquity: startEquity === null ? null : roundMoney(startEquity),
      endEquity: endEquity === null ? null : roundMoney(endEquity),
      totalReturn,
      maxDrawdown: moneyPeriod?.amount ?? 0,
      maxDrawdownPct: hasCapital ? (pctPeriod?.pct ?? 0) : null,
      maxDrawdownPeriod: moneyPeriod,
      maxDrawdownPctPeriod: pctPeriod,
      sharpe: returns.sharpe,
      sortino: returns.sortino,
      volatility: returns.volatility,
      cagr,
      riskFreeRate: this.#riskFreeRate,
      daily,
      monthly: monthlySeries(daily, curve.length > 0 ? (curve[0] as number) : 0, hasCapital),
      bySymbol: breakdowns(this.#bySymbol),
      bySetup: breakdowns(this.#bySetup),
      bySide: breakdowns(this.#bySide),
    }
  }

  /** Union of the trades' holding intervals, and the session time of the period's trading days. */
  #exposure(
    entries: Float64Array,
    exits: Float64Array,
    days: readonly TradingDate[],
  ): { timeInMarketMs: number; inSessionMs: number; sessionMs: number } {
    const windows = new Map<TradingDate, { start: number; end: number }>()
    let sessionMs = 0
    for (const date of days) {
      const schedule = this.#calendar.schedule(date)
      if (schedule === undefined) continue
      const window = this.#extended
        ? { start: schedule.premarket.start, end: schedule.afterhours.end }
        : schedule.regular
      windows.set(date, window)
      sessionMs += window.end - window.start
    }
    const n = entries.length
    if (n === 0) return { timeInMarketMs: 0, inSessionMs: 0, sessionMs }
    // Sweep over sorted entries and exits: time is covered while at least one trade is open.
    const sortedEntries = Float64Array.from(entries).sort()
    const sortedExits = Float64Array.from(exits).sort()
    let timeInMarketMs = 0
    let inSessionMs = 0
    let open = 0
    let segmentStart = 0
    let i = 0
    let j = 0
    while (j < n) {
      if (i < n && (sortedEntries[i] as number) <= (sortedExits[j] as number)) {
        if (open++ === 0) segmentStart = sortedEntries[i] as number
        i++
      } else {
        const end = sortedExits[j] as number
        if (--open === 0) {
          timeInMarketMs += end - segmentStart
          inSessionMs += overlapWithSessions(segmentStart, end, windows)
        }
        j++
      }
    }
    return { timeInMarketMs, inSessionMs, sessionMs }
  }
}

function minOf(values: Float64Array): number {
  let min = Number.POSITIVE_INFINITY
  for (const v of values) if (v < min) min = v
  return min
}

function maxOf(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  return max
}

function overlapWithSessions(
  start: number,
  end: number,
  windows: Map<TradingDate, { start: number; end: number }>,
): number {
  if (end <= start) return 0
  const first = tradingDateOf(start)
  const last = tradingDateOf(end)
  let total = 0
  if (first === last) {
    const w = windows.get(first)
    if (w !== undefined) total += Math.max(0, Math.min(end, w.end) - Math.max(start, w.start))
    return total
  }
  for (const [date, w] of windows) {
    if (date < first || date > last) continue
    total += Math.max(0, Math.min(end, w.end) - Math.max(start, w.start))
  }
  return total
}

function drawdowns(
  ts: Float64Array,
  equity: Float64Array,
  hasCapital: boolean,
): { moneyPeriod: Drawdown | null; pctPeriod: Drawdown | null } {
  if (equity.length === 0) return { moneyPeriod: null, pctPeriod: null }
  let peak = equity[0] as number
  let peakIndex = 0
  let moneyBest = { amount: 0, peak: 0, trough: 0 }
  let pctBest = { pct: 0, peak: 0, trough: 0 }
  for (let i = 1; i < equity.length; i++) {
    const e = equity[i] as number
    if (e > peak) {
      peak = e
      peakIndex = i
      continue
    }
    const amount = peak - e
    if (amount > moneyBest.amount) moneyBest = { amount, peak: peakIndex, trough: i }
    if (hasCapital && peak > 0 && amount / peak > pctBest.pct)
      pctBest = { pct: amount / peak, peak: peakIndex, trough: i }
  }
  const period = (peakAt: number, troughAt: number): Drawdown | null => {
    const peakEquity = equity[peakAt] as number
    const troughEquity = equity[troughAt] as number
    const amount = roundMoney(peakEquity - troughEquity)
    if (!(amount > 0)) return null
    let recoveryTs: number | null = null
    for (let i = troughAt + 1; i < equity.length; i++) {
      if ((equity[i] as number) >= peakEquity) {
        recoveryTs = ts[i] as number
        break
      }
    }
    return {
      amount,
      pct: hasCapital && peakEquity > 0 ? (peakEquity - troughEquity) / peakEquity : null,
      peakTs: ts[peakAt] as number,
      peakDate: tradingDateOf(ts[peakAt] as number),
      peakEquity: roundMoney(peakEquity),
      troughTs: ts[troughAt] as number,
      troughDate: tradingDateOf(ts[troughAt] as number),
      troughEquity: roundMoney(troughEquity),
      recoveryTs,
    }
  }
  return {
    moneyPeriod: moneyBest.amount > 0 ? period(moneyBest.peak, moneyBest.trough) : null,
    pctPeriod: pctBest.pct > 0 ? period(pctBest.peak, pctBest.trough) : null,
  }
}

/** Equity at the end of each trading day of the period (and of any other day that has points). */
function dailySeries(
  ts: Float64Array,
  equity: Float64Array,
  tradingDays: readonly TradingDate[],
  hasCapital: boolean,
): DailyEquity[] {
  if (equity.length === 0) return []
  // Last equity of each date that has points, in date order (points are in time order).
  const lastOfDate = new Map<TradingDate, number>()
  let dayEnd = Number.NEGATIVE_INFINITY
  let date = ''
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as number
    if (t >= dayEnd) {
      date = tradingDateOf(t)
      dayEnd = endOfDate(t)
    }
    lastOfDate.set(date, equity[i] as number)
  }
  const dates = [...new Set([...tradingDays, ...lastOfDate.keys()])].sort()
  const out: DailyEquity[] = []
  let previous = equity[0] as number
  for (const d of dates) {
    const e = lastOfDate.get(d) ?? previous
    out.push({
      date: d,
      equity: roundMoney(e),
      // From rounded equities, so daily P&L sums to the cent to the month's and the period's.
      pnl: roundMoney(roundMoney(e) - roundMoney(previous)),
      return: hasCapital && previous > 0 ? e / previous - 1 : null,
    })
    previous = e
  }
  return out
}

/** The first instant of the New York day after the one containing `ts`. */
function endOfDate(ts: number): number {
  const { year, month, day } = toNewYork(ts)
  return fromNewYork(year, month, day + 1)
}

function returnStats(
  daily: readonly DailyEquity[],
  riskFreeRate: number,
  periodsPerYear: number,
): { sharpe: number | null; sortino: number | null; volatility: number | null } {
  const none = { sharpe: null, sortino: null, volatility: null }
  const n = daily.length
  if (n < 2) return none
  const rf = (1 + riskFreeRate) ** (1 / periodsPerYear) - 1
  let sum = 0
  for (const d of daily) {
    if (d.return === null) return none
    sum += d.return - rf
  }
  const mean = sum / n
  let squares = 0
  let downside = 0
  for (const d of daily) {
    const x = (d.return as number) - rf
    squares += (x - mean) ** 2
    if (x < 0) downside += x * x
  }
  const sd = Math.sqrt(squares / (n - 1))
  const dd = Math.sqrt(downside / n)
  const annual = Math.sqrt(periodsPerYear)
  // A standard deviation at floating-point noise level is no variance at all.
  const tiny = 1e-12 * Math.max(1, Math.abs(mean))
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null)
  return {
    sharpe: sd > tiny ? finite((mean / sd) * annual) : null,
    sortino: dd > tiny ? finite((mean / dd) * annual) : null,
    // The spread of excess returns is the spread of returns: rf is a constant.
    volatility: finite(sd * annual),
  }
}

function monthlySeries(daily: readonly DailyEquity[], opening: number, hasCapital: boolean): MonthlyReturn[] {
  const out: MonthlyReturn[] = []
  let start = roundMoney(opening)
  let current: MonthlyReturn | undefined
  for (const d of daily) {
    const month = d.date.slice(0, 7)
    if (current === undefined || current.month !== month) {
      if (current !== undefined) start = current.endEquity
      current = { month, startEquity: start, endEquity: d.equity, pnl: 0, return: null }
      out.push(current)
    }
    current.endEquity = d.equity
  }
  for (const m of out) {
    m.pnl = roundMoney(m.endEquity - m.startEquity)
    m.return = hasCapital && m.startEquity > 0 ? m.endEquity / m.startEquity - 1 : null
  }
  return out
}
