// A self-contained demo of @tradeblocks/dashboard: a fake bot trades a made-up morning at 600x
// real time (about 25 seconds) and feeds the dashboard as it goes. Nothing here is a strategy.
//
//   npm run demo -w @tradeblocks/dashboard              # live dashboard in a terminal
//   npm run demo -w @tradeblocks/dashboard | cat        # plain lines (stdout is not a terminal)
//   npm run demo -w @tradeblocks/dashboard -- --speed 60
import { fromNewYork, roundMoney, roundToTick, SystemClock } from '@tradeblocks/core'
import {
  type ClosedTradeRow,
  formatDaySummary,
  type OrderRow,
  type PositionRow,
  startDashboard,
  type WatchlistRow,
} from '@tradeblocks/dashboard'

const speedFlag = process.argv.indexOf('--speed')
const speed = speedFlag > 0 ? Number(process.argv[speedFlag + 1]) : 600
if (!Number.isFinite(speed) || speed <= 0)
  throw new Error('--speed must be a positive number, e.g. --speed 60')

// A small seeded random generator, so every run shows the same morning.
let seed = 20260105
const random = () => {
  seed = (seed * 1664525 + 1013904223) % 2 ** 32
  return seed / 2 ** 32
}

const wall = new SystemClock()
const STEP_MS = 10_000 // market time per step
let ts = fromNewYork(2026, 1, 5, 9, 20)
const end = fromNewYork(2026, 1, 5, 11, 30)
const startEquity = 25_000

const names: [string, number, string][] = [
  ['ABCD', 4.12, 'FDA approval'],
  ['QRST', 7.85, 'earnings beat'],
  ['MNOP', 2.31, 'contract win'],
  ['WXYZ', 11.4, 'short squeeze'],
  ['EFGH', 0.8421, 'offering priced'],
]
const prices = new Map(names.map(([symbol, price]) => [symbol, price]))
let watchlist: WatchlistRow[] = names.map(([symbol, last, catalyst], i) => ({
  symbol,
  score: 90 - i * 7,
  gapPct: 35 - i * 5,
  rvol: 8 - i,
  last,
  catalyst,
  status: 'watching',
}))
const positions = new Map<string, PositionRow>()
const orders: OrderRow[] = []
const trades: ClosedTradeRow[] = []
let realized = 0
let peak = startEquity
let maxDd = 0
let paused = false
let killed = false
let quit = false
let orderSeq = 0

const dashboard = await startDashboard({
  state: {
    title: 'demo-bot',
    clock: { ts, mode: 'replay', speed },
    account: { equity: startEquity, startEquity, peakEquity: startEquity, dayPnl: 0 },
    breaker: { state: 'trading', rules: [] },
  },
  onQuit: () => {
    quit = true
  },
  onPauseToggle: (value) => {
    paused = value
  },
  onKill: () => {
    killed = true
  },
})

function submit(row: Omit<OrderRow, 'id' | 'submittedAt' | 'filledQty' | 'status'>): OrderRow {
  const order: OrderRow = { ...row, id: `o-${++orderSeq}`, submittedAt: ts, filledQty: 0, status: 'accepted' }
  orders.push(order)
  return order
}

function closePosition(position: PositionRow, exit: number, reason: string) {
  // The exit order that hit fills; the other leg is canceled (OCO).
  for (const order of orders) {
    if (order.symbol !== position.symbol || order.status !== 'accepted') continue
    if (order.role === reason) {
      order.status = 'filled'
      order.filledQty = order.qty
      order.avgFillPrice = exit
    } else order.status = 'canceled'
  }
  const pnl = roundMoney((exit - position.avgEntry) * position.qty)
  const risk = position.avgEntry - (position.initialStop ?? position.avgEntry)
  realized = roundMoney(realized + pnl)
  trades.push({
    id: `t-${trades.length + 1}`,
    symbol: position.symbol,
    side: 'long',
    qty: position.qty,
    entryPrice: position.avgEntry,
    exitPrice: exit,
    pnl,
    ...(risk > 0 ? { r: (exit - position.avgEntry) / risk } : {}),
    exitReason: reason,
    closedAt: ts,
  })
  positions.delete(position.symbol)
  watchlist = watchlist.map((w) => (w.symbol === position.symbol ? { ...w, status: 'exited' } : w))
}

while (ts < end && !quit) {
  ts += STEP_MS
  for (const [symbol, price] of prices) {
    const drift = (random() - 0.47) * 0.012 * price
    prices.set(symbol, roundToTick(Math.max(0.05, price + drift), 'nearest'))
  }
  // Fill entry orders at the market, then manage positions against their stop and target.
  for (const order of orders) {
    if (order.status === 'accepted' && order.role === 'entry') {
      const fill = prices.get(order.symbol) ?? 0
      order.status = 'filled'
      order.filledQty = order.qty
      order.avgFillPrice = fill
      const stop = roundToTick(fill * 0.96, 'down')
      const target = roundToTick(fill * 1.08, 'up')
      positions.set(order.symbol, {
        symbol: order.symbol,
        qty: order.qty,
        avgEntry: fill,
        last: fill,
        stop,
        initialStop: stop,
        target,
        openedAt: ts,
      })
      submit({
        symbol: order.symbol,
        side: 'sell',
        type: 'stop',
        qty: order.qty,
        stopPrice: stop,
        role: 'stop',
      })
      submit({
        symbol: order.symbol,
        side: 'sell',
        type: 'limit',
        qty: order.qty,
        limitPrice: target,
        role: 'target',
      })
      watchlist = watchlist.map((w) => (w.symbol === order.symbol ? { ...w, status: 'entered' } : w))
      dashboard.log(`${order.symbol} entry filled at ${fill}`)
    }
  }
  for (const position of [...positions.values()]) {
    const last = prices.get(position.symbol) ?? position.last
    position.last = last
    if (killed) closePosition(position, last, 'kill')
    else if (position.stop !== undefined && last <= position.stop)
      closePosition(position, position.stop, 'stop')
    else if (position.target !== undefined && last >= position.target)
      closePosition(position, position.target, 'target')
    else if (
      last >= position.avgEntry * 1.04 &&
      position.stop !== undefined &&
      position.stop < position.avgEntry
    ) {
      position.stop = position.avgEntry // move the stop to break-even
      dashboard.log(`${position.symbol} stop moved to break-even`)
    }
  }
  // Scanner: scores wander; the best untraded symbol past the open gets an entry.
  watchlist = watchlist.map((w) => ({
    ...w,
    last: prices.get(w.symbol) ?? w.last,
    score: Math.max(0, w.score + (random() - 0.5) * 4),
  }))
  const open = ts >= fromNewYork(2026, 1, 5, 9, 30)
  const candidate = watchlist.find((w) => w.status === 'watching' && w.score > 75)
  if (open && !paused && !killed && candidate !== undefined && positions.size < 2 && random() < 0.08) {
    const qty = Math.floor(2_000 / (candidate.last ?? 1))
    submit({ symbol: candidate.symbol, side: 'buy', type: 'market', qty, role: 'entry' })
    watchlist = watchlist.map((w) => (w.symbol === candidate.symbol ? { ...w, status: 'triggered' } : w))
  }
  const unrealized = [...positions.values()].reduce((sum, p) => sum + (p.last - p.avgEntry) * p.qty, 0)
  const equity = roundMoney(startEquity + realized + unrealized)
  peak = Math.max(peak, equity)
  maxDd = Math.max(maxDd, ((peak - equity) / peak) * 100)
  const lossRule = { name: 'daily loss', value: Math.min(0, realized), limit: -400, unit: 'money' as const }
  if (realized <= -400 && !paused) {
    paused = true
    dashboard.alert('Daily loss limit reached: no new entries today', 'critical')
  }
  dashboard.update({
    clock: { ts },
    paused,
    account: {
      equity,
      startEquity,
      peakEquity: peak,
      dayPnl: roundMoney(equity - startEquity),
      maxDrawdownPct: maxDd,
    },
    breaker: killed
      ? { state: 'killed', reason: 'kill switch', rules: [lossRule] }
      : {
          state: realized <= -400 ? 'halted' : 'trading',
          rules: [{ ...lossRule, tripped: realized <= -400 }],
        },
    watchlist,
    positions: [...positions.values()].map((p) => ({ ...p })),
    orders: orders.map((o) => ({ ...o })),
    closedTrades: [...trades],
  })
  // Finished orders leave the list after they were reported once.
  for (let i = orders.length - 1; i >= 0; i--) if (orders[i]?.status !== 'accepted') orders.splice(i, 1)
  await wall.sleep(STEP_MS / speed)
}

for (const position of [...positions.values()])
  closePosition(position, position.last, quit ? 'quit' : 'end of demo')
const equity = roundMoney(startEquity + realized)
dashboard.update({
  clock: { ts },
  account: {
    equity,
    startEquity,
    peakEquity: Math.max(peak, equity),
    dayPnl: realized,
    maxDrawdownPct: maxDd,
  },
  positions: [],
  orders: [],
  closedTrades: [...trades],
})
await dashboard.stop()
console.log(`\n${formatDaySummary(dashboard.getState())}`)
