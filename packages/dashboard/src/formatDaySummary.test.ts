import { expect, test } from 'vitest'
import { morningState } from '../test/fixtures.js'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import { createDashboardState } from './createDashboardState.js'
import { formatDaySummary } from './formatDaySummary.js'

test('sums up the day: trades, P&L, R, what is open, equity and the breaker', () => {
  const state = createDashboardState(morningState())
  expect(formatDaySummary(state)).toBe(
    [
      'Day summary 2026-01-05 (momentum-bot, replay)',
      '  Trades        2 (1 winner, 1 loser, win rate 50.00%)',
      '  Realized P&L  +$115.00, total +1.00R, average +0.50R over 2 trades',
      '  Best / worst  +$160.00 / -$45.00',
      '  Still open    2 positions, unrealized +$220.00, 3 working orders',
      '  Equity        $25,240.50, day +$240.50 (+0.96%), peak $25,300.00, drawdown 0.24%, max drawdown 0.80%',
      '  Breaker       trading (daily loss -$120.00 / -$500.00; losing streak 1 / 3; drawdown 0.24% / 3.00%)',
      '  09:53:40 long 800 MNOP 2.42 -> 2.62 +$160.00 +2.00R target',
      '  10:05:10 short 300 IJKL 5.10 -> 5.25 -$45.00 -1.00R stop',
    ].join('\n'),
  )
})

test('a quiet day: no trades, scratches counted apart, no account or breaker', () => {
  const empty = createDashboardState({ clock: { ts: Date.UTC(2026, 0, 5, 21), mode: 'paper' } })
  expect(formatDaySummary(empty)).toBe(
    [
      'Day summary 2026-01-05 (tradeblocks, paper)',
      '  Trades        0 (0 winners, 0 losers)',
      '  Realized P&L  $0.00',
      '  Still open    0 positions, 0 working orders',
    ].join('\n'),
  )
  const scratch = applyDashboardUpdate(empty, {
    closedTrades: [
      {
        id: 'a',
        symbol: 'ABCD',
        side: 'long',
        qty: 10,
        entryPrice: 4,
        exitPrice: 4,
        pnl: 0,
        exitReason: 'eod',
        closedAt: Date.UTC(2026, 0, 5, 20, 55),
      },
    ],
  })
  expect(formatDaySummary(scratch).split('\n').slice(1, 3)).toEqual([
    '  Trades        1 (0 winners, 0 losers, 1 scratch)',
    '  Realized P&L  $0.00',
  ])
})
