// Checks runBacktest against a second, independent method on a real daily series: the classic SMA
// crossover (fast 10, slow 30, 100 shares, 0.1% commission, market orders filled at the next open).
// The second method is a plain loop over the columns, with no engine, broker or ledger: it finds the
// crosses, fills each signal at the next bar's open and books round trips by hand. Every trade must
// agree: entry and exit dates and prices, fees and net P&L to the cent.
//
//   npm run check:sma -w @tradeblocks/backtest -- ../shared/data/backtrader/orcl-1995-2014.txt   (from the repository root)
//
// Not a test: it needs a data file that is not in the repository (any Date,Open,High,Low,Close CSV).
import { resolve } from 'node:path'
import type { Bar } from '@tradeblocks/core'
import type { Strategy } from '@tradeblocks/engine'
import { loadBarsCsv, runBacktest } from '../src/index.js'

const FAST = 10
const SLOW = 30
const QTY = 100
const COMMISSION = 0.001 // of the filled value, per side

const file = process.argv[2]
if (!file) {
  console.error('usage: sma-crossover-check <daily CSV file>')
  process.exit(2)
}
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file)
const { bars } = await loadBarsCsv(path, { symbol: 'ORCL', timeframe: '1d', timeZone: 'UTC' })

/** The crossover signal after bar i: +1 cross up, -1 cross down, 0 none (needs the slow SMA at i − 1). */
function signals(closes: readonly number[]): Int8Array {
  const out = new Int8Array(closes.length)
  const sma = (end: number, period: number) => {
    let s = 0
    for (let j = end - period + 1; j <= end; j++) s += closes[j]!
    return s / period
  }
  for (let i = SLOW; i < closes.length; i++) {
    const before = sma(i - 1, FAST) - sma(i - 1, SLOW)
    const now = sma(i, FAST) - sma(i, SLOW)
    if (before <= 0 && now > 0) out[i] = 1
    else if (before >= 0 && now < 0) out[i] = -1
  }
  return out
}

// Method 1: the event-driven backtest (engine, paper broker, trade ledger).
function crossover(): Strategy {
  const closes: number[] = []
  let sig: Int8Array | undefined
  return {
    name: 'sma-crossover',
    onStart() {
      sig = signals(bars.map((b: Bar) => b.close))
    },
    onBar(bar, ctx) {
      const i = closes.push(bar.close) - 1
      const s = sig?.[i] ?? 0
      const position = ctx.position(bar.symbol)
      if (s === 1 && position === undefined && ctx.openOrders(bar.symbol).length === 0)
        void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: QTY })
      else if (s === -1 && position !== undefined && ctx.openOrders(bar.symbol).length === 0)
        void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'sell', qty: position.qty })
    },
  }
}
const report = await runBacktest({
  strategy: crossover(),
  data: { bars: [bars] },
  sessions: 'none',
  initialCash: 100_000,
  broker: { commission: { kind: 'percent', percent: COMMISSION * 100 } },
})

// Method 2: a plain loop over the columns.
interface HandTrade {
  entryTs: number
  entryPrice: number
  exitTs: number
  exitPrice: number
  fees: number
  netPnl: number
}
const cents = (x: number) => Math.round(x * 100) / 100
// The paper broker's documented rule: a fill price off the tick (these are split-adjusted prices, with
// sub-penny digits) is rounded to the tick against the trader; the US tick is $0.01 at or above $1.
const tickOf = (price: number) => (price >= 1 ? 0.01 : 0.0001)
const buyPrice = (price: number) => {
  const t = tickOf(price)
  return Number((Math.ceil(price / t - 1e-9) * t).toFixed(4))
}
/** An order's commission in whole cents, half a cent rounded up: COMMISSION × qty × price. */
const COMMISSION_BPS = Math.round(COMMISSION * 1e4)
const feeCents = (price: number) => Math.round((Math.round(price * 1e4) * QTY * COMMISSION_BPS) / 1e6)
const sellPrice = (price: number) => {
  const t = tickOf(price)
  return Number((Math.floor(price / t + 1e-9) * t).toFixed(4))
}
const sig = signals(bars.map((b) => b.close))
const hand: HandTrade[] = []
let open: { ts: number; price: number; fee: number } | undefined
for (let i = 0; i + 1 < bars.length; i++) {
  const next = bars[i + 1]!
  if (sig[i] === 1 && !open) {
    const price = buyPrice(next.open)
    open = { ts: next.ts, price, fee: feeCents(price) }
  } else if (sig[i] === -1 && open) {
    const price = sellPrice(next.open)
    // in integer cents: prices are whole ten-thousandths of a dollar, fees whole cents
    const feesCents = open.fee + feeCents(price)
    const grossCents = ((Math.round(price * 1e4) - Math.round(open.price * 1e4)) * QTY) / 100
    hand.push({
      entryTs: open.ts,
      entryPrice: open.price,
      exitTs: next.ts,
      exitPrice: price,
      fees: feesCents / 100,
      netPnl: (grossCents - feesCents) / 100,
    })
    open = undefined
  }
}

const day = (ts: number) => new Date(ts).toISOString().slice(0, 10)
let mismatches = 0
const n = Math.max(hand.length, report.trades.length)
for (let k = 0; k < n; k++) {
  const a = report.trades[k]
  const b = hand[k]
  const same =
    a !== undefined &&
    b !== undefined &&
    a.entryTs === b.entryTs &&
    a.exitTs === b.exitTs &&
    a.entryPrice === b.entryPrice &&
    a.exitPrice === b.exitPrice &&
    cents(a.fees) === b.fees &&
    cents(a.netPnl) === b.netPnl
  if (!same) {
    mismatches++
    if (mismatches <= 10) console.log('mismatch', k, JSON.stringify(a), JSON.stringify(b))
  }
}
const total = (xs: readonly { netPnl: number }[]) => cents(xs.reduce((s, t) => s + t.netPnl, 0))
console.log(
  `${path}: ${bars.length} daily bars ${day(bars[0]!.ts)}..${day(bars.at(-1)!.ts)}, SMA(${FAST}/${SLOW}), ${QTY} shares, ${COMMISSION * 100}% commission, market orders at the next open (rounded to the tick against the trader)`,
)
console.log(`  runBacktest: ${report.trades.length} trades, net P&L ${total(report.trades)}`)
console.log(`  by hand:     ${hand.length} trades, net P&L ${total(hand)}`)
for (const t of report.trades.slice(0, 3))
  console.log(
    `  e.g. ${day(t.entryTs)} buy @${t.entryPrice} -> ${day(t.exitTs)} sell @${t.exitPrice}, fees ${cents(t.fees)}, net ${cents(t.netPnl)}`,
  )
console.log(mismatches === 0 ? '  every trade agrees' : `  ${mismatches} trade(s) differ`)
process.exit(mismatches === 0 ? 0 : 1)
