// A realistic mid-morning state shared by the tests: two positions (a long and a short), working
// orders (and one finished), two closed trades, a breaker with rules and a watchlist.
import { fromNewYork } from '@tradeblocks/core'
import type { DashboardStateInput } from '../src/DashboardState.js'

export const at = (hour: number, minute: number, second = 0) =>
  fromNewYork(2026, 1, 5, hour, minute) + second * 1000

export const NOW = at(10, 15)

export function morningState(): DashboardStateInput {
  return {
    title: 'momentum-bot',
    clock: { ts: NOW, mode: 'replay', speed: 60 },
    account: {
      equity: 25_240.5,
      startEquity: 25_000,
      peakEquity: 25_300,
      dayPnl: 240.5,
      maxDrawdownPct: 0.8,
    },
    breaker: {
      state: 'trading',
      rules: [
        { name: 'daily loss', value: -120, limit: -500, unit: 'money' },
        { name: 'losing streak', value: 1, limit: 3, unit: 'count' },
        { name: 'drawdown', value: 0.24, limit: 3, unit: 'percent' },
      ],
    },
    watchlist: [
      { symbol: 'EFGH', score: 55.25, gapPct: -4.5, rvol: 1.4, last: 0.8421, status: 'watching' },
      {
        symbol: 'ABCD',
        score: 87.5,
        gapPct: 23.4,
        rvol: 6.1,
        last: 4.37,
        catalyst: 'FDA approval',
        status: 'entered',
      },
      {
        symbol: 'QRST',
        score: 72,
        gapPct: 12.1,
        rvol: 3.2,
        last: 7.85,
        catalyst: 'earnings beat',
        status: 'flagging',
      },
    ],
    positions: [
      { symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.37, stop: 4.05, initialStop: 3.89, target: 4.53 },
      { symbol: 'WXYZ', qty: -200, avgEntry: 11.4, last: 11.1, stop: 11.7, initialStop: 11.7, target: 10.5 },
    ],
    orders: [
      {
        id: 'o-1',
        clientOrderId: 'mb-ABCD-1-stop',
        symbol: 'ABCD',
        side: 'sell',
        type: 'stop',
        qty: 500,
        filledQty: 0,
        stopPrice: 4.05,
        status: 'accepted',
        submittedAt: at(10, 2),
        role: 'stop',
      },
      {
        id: 'o-2',
        clientOrderId: 'mb-ABCD-1-target',
        symbol: 'ABCD',
        side: 'sell',
        type: 'limit',
        qty: 500,
        filledQty: 0,
        limitPrice: 4.53,
        status: 'accepted',
        submittedAt: at(10, 2),
        role: 'target',
      },
      {
        id: 'o-3',
        clientOrderId: 'mb-QRST-1',
        symbol: 'QRST',
        side: 'buy',
        type: 'limit',
        qty: 250,
        filledQty: 100,
        limitPrice: 7.8,
        avgFillPrice: 7.8,
        status: 'partially_filled',
        submittedAt: at(10, 14, 30),
        role: 'entry',
      },
      {
        id: 'o-0',
        clientOrderId: 'mb-ABCD-1',
        symbol: 'ABCD',
        side: 'buy',
        type: 'market',
        qty: 500,
        filledQty: 500,
        avgFillPrice: 4.05,
        status: 'filled',
        submittedAt: at(10, 1, 50),
        role: 'entry',
      },
    ],
    closedTrades: [
      {
        id: 't-1',
        symbol: 'MNOP',
        side: 'long',
        qty: 800,
        entryPrice: 2.42,
        exitPrice: 2.62,
        pnl: 160,
        r: 2,
        exitReason: 'target',
        closedAt: at(9, 53, 40),
      },
      {
        id: 't-2',
        symbol: 'IJKL',
        side: 'short',
        qty: 300,
        entryPrice: 5.1,
        exitPrice: 5.25,
        pnl: -45,
        r: -1,
        exitReason: 'stop',
        closedAt: at(10, 5, 10),
      },
    ],
  }
}
