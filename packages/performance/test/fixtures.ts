// A seeded synthetic backtest for the report tests and benchmarks: trades with the 1-minute bars
// around them, consistent with each other (entries and exits happen inside their bars' ranges).
import { fromNewYork, nyse, roundMoney, roundToTick } from '@tradeblocks/core'
import { createTradeRecord, type TradeRecord } from '@tradeblocks/journal'
import { mulberry32 } from '@tradeblocks/test-utils'
import type { EquityPoint, ReportBar } from '../src/index.js'

export interface SyntheticBacktest {
  trades: TradeRecord[]
  equity: EquityPoint[]
  bars: Map<string, ReportBar[]>
  startingEquity: number
}

const SYMBOLS = ['ABCD', 'WXYZ', 'QRST', 'MNOP', 'EFGH', 'IJKL']
const SETUPS = ['bull-flag', 'flat-top', 'vwap-reclaim']

/** `days` trading days from 2026-01-05 with about `tradesPerDay` trades each. */
export function syntheticBacktest(seed: number, days = 20, tradesPerDay = 15): SyntheticBacktest {
  const rng = mulberry32(seed)
  const startingEquity = 25_000
  const trades: TradeRecord[] = []
  const bars = new Map<string, ReportBar[]>()
  const equity: EquityPoint[] = []
  let cash = startingEquity
  const dates = nyse.tradingDaysBetween('2026-01-05', '2026-03-31').slice(0, days)
  for (const date of dates) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number]
    const open = fromNewYork(y, m, d, 9, 30)
    equity.push({ ts: open, equity: roundMoney(cash) })
    const count = Math.max(1, Math.round(tradesPerDay * (0.5 + rng())))
    const starts = Array.from({ length: count }, () => 5 + Math.floor(rng() * 330)).sort((a, b) => a - b)
    for (const [k, minute] of starts.entries()) {
      const id = `${date}-${k}`
      const symbol = SYMBOLS[Math.floor(rng() * SYMBOLS.length)] as string
      const side = rng() < 0.8 ? 'long' : 'short'
      const dir = side === 'long' ? 1 : -1
      let price = 2 + rng() * 20
      const tradeBars: ReportBar[] = []
      const firstBar = open + (minute - 30) * 60_000
      // 30 bars before the entry.
      for (let i = 0; i < 30; i++) {
        price = walk(rng, price)
        tradeBars.push(bar(firstBar + i * 60_000, price, rng))
      }
      price = walk(rng, price)
      const entryBar = bar(firstBar + 30 * 60_000, price, rng)
      tradeBars.push(entryBar)
      const entryPrice = roundToTick(entryBar.close)
      const risk = roundToTick(entryPrice * (0.01 + rng() * 0.02))
      const stop = roundToTick(entryPrice - dir * risk)
      const target = roundToTick(entryPrice + dir * 2 * risk)
      let exitPrice = entryPrice
      let exitTs = entryBar.ts + 60_000
      let exitReason: TradeRecord['exitReason'] = 'time'
      for (let i = 1; i <= 60; i++) {
        price = walk(rng, price, dir * 0.00012)
        const b = bar(entryBar.ts + i * 60_000, price, rng)
        tradeBars.push(b)
        exitTs = b.ts + 59_000
        if (dir === 1 ? b.low <= stop : b.high >= stop) {
          exitPrice = stop
          exitReason = 'stop'
          break
        }
        if (dir === 1 ? b.high >= target : b.low <= target) {
          exitPrice = target
          exitReason = 'target'
          break
        }
        exitPrice = roundToTick(b.close)
      }
      // 20 bars after the exit.
      const lastBar = tradeBars[tradeBars.length - 1] as ReportBar
      for (let i = 1; i <= 20; i++) {
        price = walk(rng, price)
        tradeBars.push(bar(lastBar.ts + i * 60_000, price, rng))
      }
      const qty = Math.max(1, Math.floor(250 / risk / 10) * 10)
      const grossPnl = roundMoney(dir * (exitPrice - entryPrice) * qty)
      const fees = roundMoney(qty * 0.005)
      const trade = createTradeRecord({
        id,
        strategy: 'synthetic',
        mode: 'backtest',
        account: 'bt',
        symbol,
        side,
        qty,
        entryTs: entryBar.ts + 59_000,
        entryPrice,
        exitTs,
        exitPrice,
        plannedStop: stop,
        plannedTarget: target,
        exitReason,
        grossPnl,
        netPnl: roundMoney(grossPnl - fees),
        fees,
        setup: SETUPS[Math.floor(rng() * SETUPS.length)] as string,
        entryOrderIds: [`${id}-in`],
        exitOrderIds: [`${id}-out`],
      })
      trades.push(trade)
      bars.set(id, tradeBars)
      cash += trade.netPnl
      equity.push({ ts: exitTs, equity: roundMoney(cash) })
    }
    equity.push({ ts: fromNewYork(y, m, d, 16), equity: roundMoney(cash) })
  }
  trades.sort((a, b) => a.exitTs - b.exitTs)
  equity.sort((a, b) => a.ts - b.ts)
  return { trades, equity, bars, startingEquity }
}

function walk(rng: () => number, price: number, drift = 0): number {
  return Math.max(0.5, price * (1 + drift + (rng() - 0.5) * 0.006))
}

function bar(ts: number, close: number, rng: () => number): ReportBar {
  const open = close * (1 + (rng() - 0.5) * 0.003)
  const high = Math.max(open, close) * (1 + rng() * 0.002)
  const low = Math.min(open, close) * (1 - rng() * 0.002)
  return {
    ts,
    open: roundToTick(open),
    high: roundToTick(high, 'up'),
    low: roundToTick(low, 'down'),
    close: roundToTick(close),
    volume: Math.round(1_000 + rng() * 50_000),
  }
}
