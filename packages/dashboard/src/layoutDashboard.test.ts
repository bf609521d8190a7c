import { nyse } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { at, morningState } from '../test/fixtures.js'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import { createDashboardState } from './createDashboardState.js'
import type { DashboardState } from './DashboardState.js'
import {
  allocateRows,
  type DashboardUi,
  fit,
  type Line,
  layoutDashboard,
  type Segment,
} from './layoutDashboard.js'

const ui: DashboardUi = {
  confirmingKill: false,
  closing: false,
  notice: undefined,
  keys: { pause: true, kill: true },
}
const size = { columns: 100, rows: 30, calendar: nyse }
const text = (lines: Line[]) =>
  lines.map((line) =>
    line
      .map((s) => s.text)
      .join('')
      .trimEnd(),
  )
const width = (line: Line) => Array.from(line.map((s) => s.text).join('')).length
const segment = (lines: Line[], match: string): Segment | undefined =>
  lines.flat().find((s) => s.text.trim() === match)

function morning(): DashboardState {
  const state = createDashboardState(morningState())
  state.alerts.push({ id: 1, ts: state.clock.ts, severity: 'warning', message: 'QRST spread 0.9% wide' })
  state.logs.push({
    id: 1,
    ts: state.clock.ts,
    level: 'info',
    message: 'reconciled 4 orders with the broker',
  })
  return state
}

describe('layoutDashboard', () => {
  test('draws every panel of a busy morning in 100 x 30', () => {
    expect(text(layoutDashboard(morning(), ui, size))).toEqual([
      'momentum-bot  REPLAY 60x  Mon 2026-01-05 10:15:00 ET  REGULAR closes in 5h45m               TRADING',
      'Equity $25,240.50   Day P&L +$240.50 (+0.96%)   Realized +$115.00   Open +$220.00',
      'Peak $25,300.00   Drawdown 0.24% (max 0.80%)',
      'Breaker  daily loss -$120.00 / -$500.00 · losing streak 1 / 3 · drawdown 0.24% / 3.00%',
      'Watchlist 3    Score      Gap   RVol      Last Status    Catalyst',
      'ABCD            87.5  +23.40%   6.1x      4.37 entered   FDA approval',
      'QRST            72.0  +12.10%   3.2x      7.85 flagging  earnings beat',
      'EFGH            55.3   -4.50%   1.4x    0.8421 watching',
      'Positions 2       Qty       Avg      Last   Unrealized        %      Stop    Target       R',
      'ABCD long         500      4.05      4.37     +$160.00   +7.90%      4.05      4.53  +2.00R',
      'WXYZ short       -200     11.40     11.10      +$60.00   +2.63%     11.70     10.50  +1.00R',
      'Orders 3      Side Type          Qty Filled    Limit     Stop Status       Age Role   Client id',
      'ABCD          sell stop          500      0        —     4.05 accepted  13m00s stop   mb-ABCD-1-stop',
      'ABCD          sell limit         500      0     4.53        — accepted  13m00s target mb-ABCD-1-tar…',
      'QRST          buy  limit         250    100     7.80        — partial      30s entry  mb-QRST-1',
      'Trades 1W 1L  Closed   Side      Qty     Entry      Exit          P&L       R Reason',
      'MNOP          09:53:40 long      800      2.42      2.62     +$160.00  +2.00R target',
      'IJKL          10:05:10 short     300      5.10      5.25      -$45.00  -1.00R stop',
      'Alerts',
      '10:15:00 warning  QRST spread 0.9% wide',
      'Log',
      '10:15:00 info     reconciled 4 orders with the broker',
      'q quit  p pause/resume entries  k kill switch',
    ])
  })

  test('colours P&L by sign and marks the breaker, pause and live mode', () => {
    const lines = layoutDashboard(morning(), ui, size)
    expect(segment(lines, '+$160.00')?.color).toBe('green')
    expect(segment(lines, '-$45.00')?.color).toBe('red')
    expect(segment(lines, '-1.00R')?.color).toBe('red')
    expect(segment(lines, 'TRADING')).toMatchObject({ color: 'green', inverse: true })
    const halted = applyDashboardUpdate(morning(), {
      paused: true,
      clock: { mode: 'live', speed: undefined },
      breaker: {
        state: 'halted',
        reason: 'daily loss limit',
        since: at(10, 12),
        rules: [
          { name: 'daily loss', value: -512.4, limit: -500, unit: 'money', tripped: true },
          { name: 'losing streak', value: 2, limit: 3, unit: 'count' },
          { name: 'drawdown', value: 2.5, limit: 3, unit: 'percent' },
        ],
      },
    })
    const haltedLines = layoutDashboard(halted, ui, size)
    expect(width(haltedLines[0] ?? [])).toBe(100)
    expect(text(haltedLines)[0]).toBe(
      'momentum-bot   LIVE   Mon 2026-01-05 10:15:00 ET  REGULAR closes in 5h45m   ENTRIES PAUSED   HALTED',
    )
    expect(segment(haltedLines, 'LIVE')).toMatchObject({ color: 'red', inverse: true })
    expect(segment(haltedLines, 'HALTED')).toMatchObject({ color: 'yellow', inverse: true })
    expect(text(haltedLines)[3]).toBe(
      'Breaker  HALTED: daily loss limit since 10:12:00 · daily loss -$512.40 / -$500.00 tripped · losing streak 2 / 3 · drawdown 2.50% / 3.00%',
    )
    expect(segment(haltedLines, 'daily loss -$512.40 / -$500.00 tripped')?.color).toBe('red')
    // Within 80% of the limit: a warning colour; further away: none.
    expect(segment(haltedLines, 'drawdown 2.50% / 3.00%')?.color).toBe('yellow')
    expect(segment(haltedLines, 'losing streak 2 / 3')?.color).toBeUndefined()
  })

  test('an empty start says what is missing', () => {
    const state = createDashboardState({ clock: { ts: at(8, 0), mode: 'paper' } })
    expect(text(layoutDashboard(state, { ...ui, keys: { pause: false, kill: false } }, size))).toEqual([
      'tradeblocks  PAPER  Mon 2026-01-05 08:00:00 ET  PREMARKET opens in 1h30m',
      'Account  waiting for the first account update',
      '',
      'Breaker  none configured',
      'Watchlist no candidates',
      'Positions flat',
      'Orders none working',
      'Trades none closed today',
      'Alerts none',
      'Log empty',
      'q quit',
    ])
  })

  test('the footer asks before the kill switch, and shows notices and a missing keyboard', () => {
    const state = morning()
    expect(text(layoutDashboard(state, { ...ui, confirmingKill: true }, size)).at(-1)).toBe(
      ' Trip kill switch? y/n   y trips it; any other key cancels',
    )
    expect(
      text(
        layoutDashboard(state, { ...ui, notice: { text: 'Kill switch canceled', tone: 'info' } }, size),
      ).at(-1),
    ).toBe('q quit  p pause/resume entries  k kill switch   Kill switch canceled')
    expect(text(layoutDashboard(state, { ...ui, keys: undefined }, size)).at(-1)).toBe(
      'keys off: stdin is not a terminal',
    )
  })

  test('long lists share the rows and say how many are hidden', () => {
    const state = morning()
    const many = applyDashboardUpdate(state, {
      watchlist: Array.from({ length: 30 }, (_, i) => ({
        symbol: `S${i}`,
        score: i,
        status: 'watching' as const,
      })),
      closedTrades: Array.from({ length: 12 }, (_, i) => ({
        id: `t${i}`,
        symbol: 'ABCD',
        side: 'long' as const,
        qty: 100,
        entryPrice: 4,
        exitPrice: 4.1,
        pnl: 10,
        exitReason: `exit ${i}`,
        closedAt: at(9, 40 + i),
      })),
    })
    const lines = text(layoutDashboard(many, ui, size))
    expect(lines).toHaveLength(29)
    // Highest scores first; the rest counted.
    expect(lines[5]?.startsWith('S29')).toBe(true)
    expect(lines.filter((l) => /^ {2}… \d+ more$/.test(l))).toHaveLength(1)
    const earlier = lines.find((l) => l.includes('earlier'))
    expect(earlier).toMatch(/^ {2}… \d+ earlier$/)
    // The latest trade is always shown, at the bottom of its panel.
    expect(lines.some((l) => l.includes('exit 11'))).toBe(true)
    expect(lines.some((l) => l.includes('exit 0'))).toBe(false)
  })

  test('fits any screen from 94 columns: never more lines than rows - 1, never wider than the screen', () => {
    const base = morning()
    fc.assert(
      fc.property(
        fc.integer({ min: 94, max: 220 }),
        fc.integer({ min: 12, max: 80 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (columns, rows, watch, logs) => {
          const state = {
            ...base,
            watchlist: Array.from({ length: watch }, (_, i) => ({
              symbol: `S${i}`,
              score: i,
              catalyst: 'x'.repeat(i * 7),
              status: 'watching' as const,
            })),
            logs: Array.from({ length: logs }, (_, i) => ({
              id: i + 1,
              ts: base.clock.ts,
              level: 'info' as const,
              message: 'y'.repeat(i * 11),
            })),
          }
          const lines = layoutDashboard(state, ui, { columns, rows, calendar: nyse })
          expect(lines.length).toBeLessThanOrEqual(Math.max(rows - 1, 11))
          for (const line of lines) expect(width(line)).toBeLessThanOrEqual(columns)
        },
      ),
    )
  })
})

describe('allocateRows', () => {
  test('gives every section its share, short sections leave rows to the others', () => {
    expect(allocateRows([2, 10, 0, 10], 12)).toEqual([2, 5, 0, 5])
    expect(allocateRows([1, 1], 10)).toEqual([1, 1])
    expect(allocateRows([5, 5], 3)).toEqual([2, 1])
    expect(allocateRows([5, 5], -3)).toEqual([0, 0])
  })

  test('never gives more than asked or than the budget, and wastes no row', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { maxLength: 8 }),
        fc.integer({ min: -5, max: 200 }),
        (demands, budget) => {
          const given = allocateRows(demands, budget)
          const total = given.reduce((a, b) => a + b, 0)
          expect(total).toBeLessThanOrEqual(Math.max(0, budget))
          for (const [i, g] of given.entries()) expect(g).toBeLessThanOrEqual(demands[i] ?? 0)
          const wanted = demands.reduce((a, b) => a + b, 0)
          expect(total).toBe(Math.min(wanted, Math.max(0, budget)))
          // Sections left short differ by at most one row.
          const short = given.filter((g, i) => g < (demands[i] ?? 0))
          if (short.length > 0) expect(Math.max(...short) - Math.min(...short)).toBeLessThanOrEqual(1)
        },
      ),
    )
  })
})

test('fit pads, aligns and cuts with an ellipsis', () => {
  expect(fit('ab', 4)).toBe('ab  ')
  expect(fit('ab', 4, 'right')).toBe('  ab')
  expect(fit('abcdef', 4)).toBe('abc…')
  expect(fit('abc', 1)).toBe('…')
  expect(fit('abc', 0)).toBe('')
})
