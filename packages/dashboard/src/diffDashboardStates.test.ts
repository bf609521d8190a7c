import { describe, expect, test } from 'vitest'
import { at, morningState, NOW } from '../test/fixtures.js'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import { createDashboardState } from './createDashboardState.js'
import type { OrderRow } from './DashboardState.js'
import { type DashboardEvent, diffDashboardStates } from './diffDashboardStates.js'
import { formatDashboardEvent } from './formatDashboardEvent.js'

const base = () => createDashboardState(morningState())
const lines = (events: DashboardEvent[]) => events.map((event) => formatDashboardEvent({ event }).slice(23))

describe('diffDashboardStates', () => {
  test('the same state, a tick or a score change are not events', () => {
    const previous = base()
    expect(diffDashboardStates({ previous, next: previous })).toEqual([])
    const next = applyDashboardUpdate(previous, {
      clock: { ts: NOW + 1000 },
      positions: previous.positions.map((p) => ({ ...p, last: p.last + 0.05 })),
      watchlist: previous.watchlist.map((w) => ({ ...w, score: w.score + 3 })),
      account: { equity: 25_300, peakEquity: 25_300, dayPnl: 300 },
    })
    expect(diffDashboardStates({ previous, next })).toEqual([])
  })

  test('positions reversed, resized, flattened, and stops and targets moved', () => {
    const previous = base()
    const next = applyDashboardUpdate(previous, {
      positions: [
        { symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.37, stop: 4.2, initialStop: 3.89 },
        { symbol: 'WXYZ', qty: 100, avgEntry: 11.1, last: 11.1 },
      ],
    })
    expect(lines(diffDashboardStates({ previous, next }))).toEqual([
      'POSITION stop moved ABCD 4.05 -> 4.20',
      'POSITION target moved ABCD 4.53 -> none',
      'POSITION reversed WXYZ short 200 -> long 100 @ 11.10',
    ])
    const flat = applyDashboardUpdate(next, { positions: [] })
    expect(lines(diffDashboardStates({ previous: next, next: flat }))).toEqual([
      'POSITION flat ABCD (was long 500 @ 4.05)',
      'POSITION flat WXYZ (was long 100 @ 11.10)',
    ])
  })

  test('orders: partial fills, rejections, replacements, ones that vanish and ones first seen finished', () => {
    const previous = base()
    const [stop, target, entry] = previous.orders as [OrderRow, OrderRow, OrderRow]
    const next = applyDashboardUpdate(previous, {
      orders: [
        { ...entry, filledQty: 200, avgFillPrice: 7.79 },
        { ...target, status: 'replaced' },
        {
          id: 'o-9',
          symbol: 'EFGH',
          side: 'buy',
          type: 'stop_limit',
          qty: 1000,
          filledQty: 0,
          stopPrice: 0.85,
          limitPrice: 0.8525,
          status: 'rejected',
          submittedAt: NOW,
        },
        {
          id: 'o-10',
          symbol: 'QRST',
          side: 'sell',
          type: 'trailing_stop',
          qty: 100,
          filledQty: 100,
          avgFillPrice: 7.7,
          status: 'filled',
          submittedAt: NOW,
        },
      ],
    })
    expect(stop.status).toBe('accepted')
    expect(lines(diffDashboardStates({ previous, next }))).toEqual([
      'ORDER    partially filled 200/250 buy 250 QRST limit 7.80 @ 7.79 [entry] id mb-QRST-1',
      'ORDER    replaced sell 500 ABCD limit 4.53 (0/500 filled) [target] id mb-ABCD-1-target',
      'ORDER    submitted buy 1,000 EFGH stop 0.8500 limit 0.8525 id o-9',
      'ORDER    rejected buy 1,000 EFGH stop 0.8500 limit 0.8525 id o-9',
      'ORDER    submitted sell 100 QRST trailing stop id o-10',
      'ORDER    filled sell 100 QRST trailing stop @ 7.70 id o-10',
      'ORDER    no longer listed sell 500 ABCD stop 4.05 (last seen accepted, 0/500 filled) [stop] id mb-ABCD-1-stop',
    ])
  })

  test('breaker trips, resets and disappears; pause and session changes', () => {
    const previous = base()
    const killed = applyDashboardUpdate(previous, {
      clock: { ts: at(9, 29) },
      paused: true,
      breaker: { state: 'killed', reason: 'kill switch from the dashboard', rules: [] },
    })
    expect(lines(diffDashboardStates({ previous, next: killed }))).toEqual([
      'SESSION  premarket (was regular)',
      'PAUSE    new entries paused',
      'BREAKER  killed: kill switch from the dashboard (was trading)',
    ])
    const reset = applyDashboardUpdate(killed, { paused: false, breaker: { state: 'trading', rules: [] } })
    expect(lines(diffDashboardStates({ previous: killed, next: reset }))).toEqual([
      'PAUSE    new entries resumed',
      'BREAKER  trading (was killed)',
    ])
    const gone = applyDashboardUpdate(reset, { breaker: undefined })
    expect(lines(diffDashboardStates({ previous: reset, next: gone }))).toEqual([
      'BREAKER  removed (was trading)',
    ])
  })

  test('a phase set by the bot wins over the calendar', () => {
    const previous = base()
    const next = applyDashboardUpdate(previous, { clock: { phase: 'closed' } })
    expect(lines(diffDashboardStates({ previous, next }))).toEqual(['SESSION  closed (was regular)'])
  })

  test('watchlist symbols added, removed and changing status', () => {
    const previous = base()
    const next = applyDashboardUpdate(previous, {
      watchlist: [
        { symbol: 'ABCD', score: 87.5, status: 'exited' },
        {
          symbol: 'NEWS',
          score: 91.25,
          gapPct: 41.2,
          rvol: 12,
          last: 3.3,
          catalyst: 'merger\nnews',
          status: 'flagging',
        },
      ],
    })
    expect(lines(diffDashboardStates({ previous, next }))).toEqual([
      'WATCH    ABCD entered -> exited (score 87.5)',
      'WATCH    added NEWS score 91.3 gap +41.20% rvol 12.0x last 3.30 (merger news) flagging',
      'WATCH    removed EFGH',
      'WATCH    removed QRST',
    ])
  })

  test('alerts and log lines added since, and a trade reported once', () => {
    const previous = base()
    const next = {
      ...previous,
      alerts: [{ id: 1, ts: at(10, 14), severity: 'info' as const, message: 'first' }],
      logs: [
        { id: 1, ts: at(10, 14), level: 'debug' as const, message: 'a' },
        { id: 2, ts: at(10, 15), level: 'warn' as const, message: 'b' },
      ],
    }
    expect(lines(diffDashboardStates({ previous, next }))).toEqual([
      'ALERT    [info] first',
      'LOG      [debug] a',
      'LOG      [warn] b',
    ])
    const later = {
      ...next,
      logs: [...next.logs.slice(1), { id: 3, ts: at(10, 16), level: 'info' as const, message: 'c' }],
    }
    expect(lines(diffDashboardStates({ previous: next, next: later }))).toEqual(['LOG      [info] c'])
    const same = applyDashboardUpdate(later, { closedTrades: [...later.closedTrades] })
    expect(diffDashboardStates({ previous: later, next: same })).toEqual([])
  })
})
