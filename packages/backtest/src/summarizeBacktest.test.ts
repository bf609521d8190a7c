import { fromNewYork } from '@tradeblocks/core'
import { describe, expect, test } from 'vitest'
import { summarizeBacktest } from './summarizeBacktest.js'
import type { ClosedTrade } from './TradeLedger.js'

function trade(netPnl: number, rMultiple?: number): ClosedTrade {
  const t: ClosedTrade = {
    id: 1,
    symbol: 'A',
    side: 'long',
    qty: 1,
    entryTs: 0,
    entryPrice: 1,
    exitTs: 0,
    exitPrice: 1,
    grossPnl: netPnl,
    fees: 0,
    netPnl,
    returnPct: 0,
    exitReason: 'signal',
    bestPrice: 1,
    worstPrice: 1,
    entryOrders: [],
    exitOrders: [],
    fills: 2,
  }
  if (rMultiple !== undefined) t.rMultiple = rMultiple
  return t
}

describe('summarizeBacktest', () => {
  test('trade statistics', () => {
    const stats = summarizeBacktest({
      trades: [trade(100, 2), trade(-50, -1), trade(30), trade(-10, -0.2), trade(0)],
      equity: { ts: new Float64Array(0), equity: new Float64Array(0) },
      initialEquity: 1000,
      finalEquity: 1070,
      fees: 5,
    })
    expect(stats).toMatchObject({
      netPnl: 70,
      totalReturnPct: 7,
      trades: 5,
      wins: 2,
      losses: 2,
      winRate: 0.4,
      grossProfit: 130,
      grossLoss: 60,
      profitFactor: 2.1667,
      avgWin: 65,
      avgLoss: -30,
      expectancy: 14,
      avgR: 0.2667,
      fees: 5,
      days: 0,
      sharpe: null,
    })
  })

  test('drawdown from the peak, daily returns by New York date and the annualized Sharpe ratio', () => {
    // Three days; two samples a day; the last one of each day counts. 20:30 New York is still the same date.
    const at = (d: number, h: number) => fromNewYork(2026, 3, 2 + d, h, 30)
    const ts = new Float64Array([at(0, 10), at(0, 20), at(1, 10), at(1, 15), at(2, 9), at(2, 15)])
    const equity = new Float64Array([1100, 1050, 900, 990, 1200, 1188])
    const stats = summarizeBacktest({
      trades: [],
      equity: { ts, equity },
      initialEquity: 1000,
      finalEquity: 1188,
      fees: 0,
    })
    expect(stats.maxDrawdown).toBe(200) // 1100 -> 900
    expect(stats.maxDrawdownPct).toBeCloseTo((200 / 1100) * 100, 4)
    expect(stats.days).toBe(3)
    const r = [1050 / 1000 - 1, 990 / 1050 - 1, 1188 / 990 - 1]
    const mean = (r[0]! + r[1]! + r[2]!) / 3
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2)
    expect(stats.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 3)
    expect(stats.profitFactor).toBeNull()
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats)
  })
})
