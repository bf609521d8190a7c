import { describe, expect, test } from 'vitest'
import { at, morningState } from '../test/fixtures.js'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import { createDashboardState } from './createDashboardState.js'
import { createLineWriter } from './createLineWriter.js'
import type { DashboardState, OrderRow } from './DashboardState.js'

function collector() {
  const chunks: string[] = []
  return { output: { write: (chunk: string) => chunks.push(chunk) }, text: () => chunks.join(''), chunks }
}

/** The morning session, step by step, as a bot would report it. */
function session(): DashboardState[] {
  const input = morningState()
  const [stop, target, entry] = input.orders as [OrderRow, OrderRow, OrderRow]
  const states: DashboardState[] = []
  let s = createDashboardState(input)
  states.push(s)
  // 10:15:10 the QRST entry fills; its stop goes in; the position opens.
  const qrstStop: OrderRow = {
    id: 'o-5',
    clientOrderId: 'mb-QRST-1-stop',
    symbol: 'QRST',
    side: 'sell',
    type: 'stop',
    qty: 250,
    filledQty: 0,
    stopPrice: 7.6,
    status: 'new',
    submittedAt: at(10, 15, 10),
    role: 'stop',
  }
  s = applyDashboardUpdate(s, {
    clock: { ts: at(10, 15, 10) },
    orders: [stop, target, { ...entry, filledQty: 250, status: 'filled' }, qrstStop],
    positions: [
      ...(input.positions ?? []),
      { symbol: 'QRST', qty: 250, avgEntry: 7.8, last: 7.8, stop: 7.6, initialStop: 7.6, target: 8.2 },
    ],
    watchlist: (input.watchlist ?? []).map((w) => (w.symbol === 'QRST' ? { ...w, status: 'entered' } : w)),
  })
  states.push(s)
  // A price tick only: nothing to say.
  s = applyDashboardUpdate(s, {
    clock: { ts: at(10, 15, 20) },
    positions: s.positions.map((p) => ({ ...p, last: p.last + 0.01 })),
    orders: s.orders.map((o) => (o.id === 'o-5' ? { ...o, status: 'accepted' as const } : o)),
  })
  states.push(s)
  // 10:16 ABCD comes back to its break-even stop: stop fills, target is canceled, trade closes.
  s = applyDashboardUpdate(s, {
    clock: { ts: at(10, 16) },
    orders: [
      { ...stop, status: 'filled', filledQty: 500, avgFillPrice: 4.05 },
      { ...target, status: 'canceled' },
      { ...qrstStop, status: 'accepted' },
    ],
    positions: s.positions.filter((p) => p.symbol !== 'ABCD'),
    closedTrades: [
      ...s.closedTrades,
      {
        id: 't-3',
        symbol: 'ABCD',
        side: 'long',
        qty: 500,
        entryPrice: 4.05,
        exitPrice: 4.05,
        pnl: -1,
        r: 0,
        exitReason: 'stop (break-even)',
        closedAt: at(10, 16),
      },
    ],
  })
  states.push(s)
  // 10:31 the breaker halts on the daily loss rule, crossing the 10:30 status line.
  s = applyDashboardUpdate(s, {
    clock: { ts: at(10, 31) },
    account: { equity: 24_480, startEquity: 25_000, peakEquity: 25_300, dayPnl: -520 },
    breaker: {
      state: 'halted',
      reason: 'daily loss limit',
      since: at(10, 31),
      rules: [{ name: 'daily loss', value: -520, limit: -500, unit: 'money', tripped: true }],
    },
    positions: s.positions.map((p) => (p.symbol === 'QRST' ? { ...p, qty: 150 } : p)),
  })
  states.push(s)
  // 16:00 the regular session ends.
  s = applyDashboardUpdate(s, { clock: { ts: at(16, 0) }, paused: true })
  states.push(s)
  return states
}

describe('createLineWriter', () => {
  test('writes one readable line per change, and status lines on the bot clock', () => {
    const { output, text } = collector()
    const writer = createLineWriter({ output })
    const states = session()
    writer.start(states[0] as DashboardState)
    for (const state of states.slice(1)) writer.next(state)
    writer.stop(states.at(-1) as DashboardState)
    writer.stop(states.at(-1) as DashboardState)
    writer.next(states[0] as DashboardState)
    expect(text()).toBe(
      [
        '2026-01-05 10:15:00 ET START    momentum-bot replay 60x, session regular, equity $25,240.50, day P&L +$240.50 (+0.96%), drawdown 0.24%, breaker trading',
        '2026-01-05 10:15:10 ET ORDER    filled buy 250 QRST limit 7.80 @ 7.80 [entry] id mb-QRST-1',
        '2026-01-05 10:15:10 ET ORDER    submitted sell 250 QRST stop 7.60 [stop] id mb-QRST-1-stop',
        '2026-01-05 10:15:10 ET POSITION opened long 250 QRST @ 7.80 stop 7.60 target 8.20',
        '2026-01-05 10:15:10 ET WATCH    QRST flagging -> entered (score 72.0)',
        '2026-01-05 10:15:20 ET ORDER    accepted sell 250 QRST stop 7.60 (0/250 filled) [stop] id mb-QRST-1-stop',
        '2026-01-05 10:16:00 ET ORDER    filled sell 500 ABCD stop 4.05 @ 4.05 [stop] id mb-ABCD-1-stop',
        '2026-01-05 10:16:00 ET ORDER    canceled sell 500 ABCD limit 4.53 (0/500 filled) [target] id mb-ABCD-1-target',
        '2026-01-05 10:16:00 ET POSITION flat ABCD (was long 500 @ 4.05)',
        '2026-01-05 10:16:00 ET TRADE    closed long 500 ABCD 4.05 -> 4.05 P&L -$1.00 0.00R (stop (break-even))',
        '2026-01-05 10:31:00 ET BREAKER  halted: daily loss limit [daily loss -$520.00 / -$500.00 tripped] (was trading)',
        '2026-01-05 10:31:00 ET POSITION reduced QRST long 250 -> long 150 @ 7.80',
        '2026-01-05 10:31:00 ET STATUS   regular, equity $24,480.00, day P&L -$520.00 (-2.08%), drawdown 3.24%, open P&L +$59.50, 2 positions, 1 working order, 3 closed trades',
        '2026-01-05 16:00:00 ET SESSION  afterhours (was regular)',
        '2026-01-05 16:00:00 ET PAUSE    new entries paused',
        '2026-01-05 16:00:00 ET STATUS   afterhours, equity $24,480.00, day P&L -$520.00 (-2.08%), drawdown 3.24%, open P&L +$59.50, 2 positions, 1 working order, 3 closed trades',
        '2026-01-05 16:00:00 ET STOP     afterhours, equity $24,480.00, day P&L -$520.00 (-2.08%), drawdown 3.24%, open P&L +$59.50, 2 positions, 1 working order, 3 closed trades',
        '',
      ].join('\n'),
    )
  })

  test('never writes an escape sequence, even when the bot logs one', () => {
    const { output, text } = collector()
    const writer = createLineWriter({ output })
    let s = createDashboardState({ title: '\u001b[2Jbot', clock: { ts: at(9, 0), mode: 'paper' } })
    writer.start(s)
    s = {
      ...s,
      logs: [{ id: 1, ts: at(9, 0), level: 'error', message: 'broker said:\n\u001b[31mno\u001b[0m' }],
    }
    writer.next(s)
    s = { ...s, alerts: [{ id: 1, ts: at(9, 1), severity: 'critical', message: 'feed\rstale' }] }
    writer.next(s)
    expect(text()).toBe(
      [
        '2026-01-05 09:00:00 ET START    bot paper, session premarket, no account yet',
        '2026-01-05 09:00:00 ET LOG      [error] broker said: no',
        '2026-01-05 09:01:00 ET ALERT    [critical] feed stale',
        '',
      ].join('\n'),
    )
  })

  test('json lines parse and carry the event fields', () => {
    const { output, chunks } = collector()
    const writer = createLineWriter({ output, format: 'json', heartbeatMs: 0 })
    const states = session()
    writer.start(states[0] as DashboardState)
    for (const state of states.slice(1)) writer.next(state)
    const records = chunks.map((line) => {
      expect(line.endsWith('\n')).toBe(true)
      expect(line.slice(0, -1)).not.toContain('\n')
      return JSON.parse(line) as Record<string, unknown>
    })
    expect(records.map((r) => r.kind)).not.toContain('heartbeat')
    expect(records[0]).toMatchObject({
      time: '2026-01-05T10:15:00.000-05:00',
      kind: 'start',
      equity: 25_240.5,
      positions: 2,
      workingOrders: 3,
      closedTrades: 2,
      breaker: 'trading',
    })
    const trade = records.find((r) => r.kind === 'trade')
    expect(trade).toMatchObject({ trade: { id: 't-3', pnl: -1, exitReason: 'stop (break-even)' } })
    expect(trade?.message).toBe('closed long 500 ABCD 4.05 -> 4.05 P&L -$1.00 0.00R (stop (break-even))')
  })

  test('status lines follow the bot clock, whatever the replay speed', () => {
    const { output, text } = collector()
    const writer = createLineWriter({ output, heartbeatMs: 60 * 60_000 })
    const first = createDashboardState({ clock: { ts: at(9, 59), mode: 'backtest' } })
    writer.start(first)
    // Many updates inside one hour: no status line; crossing 10:00 and 11:00 (even by a jump): one each.
    for (let minute = 0; minute < 60; minute++)
      writer.next(applyDashboardUpdate(first, { clock: { ts: at(9, 0) + minute } }))
    writer.next(applyDashboardUpdate(first, { clock: { ts: at(10, 0) } }))
    writer.next(applyDashboardUpdate(first, { clock: { ts: at(10, 59) } }))
    writer.next(applyDashboardUpdate(first, { clock: { ts: at(13, 30) } }))
    const statuses = text()
      .split('\n')
      .filter((line) => line.includes(' STATUS '))
      .map((line) => line.slice(0, 19))
    expect(statuses).toEqual(['2026-01-05 10:00:00', '2026-01-05 13:30:00'])
  })

  test('rejects a negative status period', () => {
    expect(() => createLineWriter({ output: collector().output, heartbeatMs: -1 })).toThrow(
      'heartbeatMs must be a non-negative finite number (got -1)',
    )
  })
})
