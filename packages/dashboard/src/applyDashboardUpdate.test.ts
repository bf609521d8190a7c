import { ValidationError } from '@tradeblocks/core'
import { describe, expect, test } from 'vitest'
import { at, morningState, NOW } from '../test/fixtures.js'
import { applyDashboardUpdate } from './applyDashboardUpdate.js'
import { createDashboardState } from './createDashboardState.js'

describe('createDashboardState', () => {
  test('fills what the bot left out', () => {
    const state = createDashboardState({ clock: { ts: NOW, mode: 'paper' } })
    expect(state).toEqual({
      title: 'tradeblocks',
      clock: { ts: NOW, mode: 'paper' },
      paused: false,
      account: undefined,
      breaker: undefined,
      watchlist: [],
      positions: [],
      orders: [],
      closedTrades: [],
      alerts: [],
      logs: [],
    })
  })

  test('keeps a full state as given', () => {
    const input = morningState()
    const state = createDashboardState(input)
    expect(state.positions).toEqual(input.positions)
    expect(state.orders).toHaveLength(4)
    expect(state.breaker?.rules.map((r) => r.name)).toEqual(['daily loss', 'losing streak', 'drawdown'])
  })

  test('names the bad field and its value', () => {
    const bad = morningState()
    bad.positions = [{ symbol: 'ABCD', qty: 0, avgEntry: 4.05, last: 4.1 }]
    expect(() => createDashboardState(bad)).toThrow(
      'Invalid dashboard state: positions.0.qty must not be 0 (a flat position is no position) (got 0)',
    )
    expect(() => createDashboardState({ clock: { ts: Number.NaN, mode: 'paper' } })).toThrow(ValidationError)
    expect(() =>
      createDashboardState({
        clock: { ts: NOW, mode: 'paper' },
        watchlist: [{ symbol: 'abcd', score: 1, status: 'watching' }],
      }),
    ).toThrow('watchlist.0.symbol must be an uppercase ticker')
  })

  test('rejects unknown sections, so a typo does not go unnoticed', () => {
    expect(() =>
      createDashboardState({ clock: { ts: NOW, mode: 'paper' }, postions: [] } as unknown as Parameters<
        typeof createDashboardState
      >[0]),
    ).toThrow(ValidationError)
  })
})

describe('applyDashboardUpdate', () => {
  test('merges the clock and keeps its mode and speed', () => {
    const before = createDashboardState(morningState())
    const after = applyDashboardUpdate(before, { clock: { ts: at(10, 16) } })
    expect(after.clock).toEqual({ ts: at(10, 16), mode: 'replay', speed: 60 })
    expect(after.positions).toBe(before.positions)
  })

  test('replaces lists and sections whole, and can clear an optional section', () => {
    const before = createDashboardState(morningState())
    const after = applyDashboardUpdate(before, {
      positions: [{ symbol: 'QRST', qty: 100, avgEntry: 7.8, last: 7.82 }],
      breaker: { state: 'halted', reason: 'daily loss', rules: [] },
    })
    expect(after.positions.map((p) => p.symbol)).toEqual(['QRST'])
    expect(after.breaker).toEqual({ state: 'halted', reason: 'daily loss', rules: [] })
    expect(applyDashboardUpdate(after, { breaker: undefined }).breaker).toBeUndefined()
    expect(applyDashboardUpdate(after, {}).breaker).toBe(after.breaker)
  })

  test('leaves the old state untouched', () => {
    const before = createDashboardState(morningState())
    const copy = structuredClone(before)
    applyDashboardUpdate(before, { paused: true, clock: { ts: at(11, 0), speed: 120 }, watchlist: [] })
    expect(before).toEqual(copy)
  })

  test('a bad update throws and changes nothing', () => {
    const before = createDashboardState(morningState())
    expect(() => applyDashboardUpdate(before, { clock: { speed: -1 } })).toThrow(
      'Invalid dashboard update: clock.speed must be greater than 0 (got -1)',
    )
    expect(() => applyDashboardUpdate(before, { orders: [{ id: '' } as never] })).toThrow(ValidationError)
    expect(() => applyDashboardUpdate(before, { alerts: [] } as never)).toThrow(ValidationError)
  })
})
