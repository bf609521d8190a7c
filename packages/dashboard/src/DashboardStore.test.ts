import { ManualClock } from '@tradeblocks/core'
import { describe, expect, test, vi } from 'vitest'
import { at, morningState, NOW } from '../test/fixtures.js'
import { createDashboardState } from './createDashboardState.js'
import { DashboardStore, type DashboardStoreOptions } from './DashboardStore.js'

// Polls until the expectation holds (generous, so a loaded machine does not fail it).
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

function setup(options: Partial<DashboardStoreOptions> = {}) {
  const clock = new ManualClock(1_000_000)
  const store = new DashboardStore({
    state: createDashboardState(morningState()),
    clock,
    refreshMs: 100,
    keyboard: true,
    maxAlerts: 3,
    maxLogLines: 3,
    ...options,
  })
  const redraws = vi.fn()
  store.subscribe(redraws)
  return { clock, store, redraws }
}

describe('DashboardStore redraws', () => {
  test('at most once per refresh period, always with the latest state', () => {
    const { clock, store, redraws } = setup()
    store.update({ clock: { ts: NOW + 1000 } })
    expect(redraws).toHaveBeenCalledTimes(1)
    for (let i = 2; i <= 500; i++) store.update({ clock: { ts: NOW + i * 1000 } })
    expect(redraws).toHaveBeenCalledTimes(1)
    expect(store.getSnapshot().state.clock.ts).toBe(NOW + 1000)
    clock.advance(99)
    expect(redraws).toHaveBeenCalledTimes(1)
    clock.advance(1)
    expect(redraws).toHaveBeenCalledTimes(2)
    expect(store.getSnapshot().state.clock.ts).toBe(NOW + 500_000)
    // Quiet for a while: the next change draws at once.
    clock.advance(1_000)
    expect(redraws).toHaveBeenCalledTimes(2)
    store.update({ paused: true })
    expect(redraws).toHaveBeenCalledTimes(3)
  })

  test('every change reaches change listeners, unthrottled', () => {
    const { store } = setup()
    const seen: number[] = []
    store.onChange((state) => seen.push(state.clock.ts))
    for (let i = 1; i <= 5; i++) store.update({ clock: { ts: NOW + i } })
    expect(seen).toEqual([NOW + 1, NOW + 2, NOW + 3, NOW + 4, NOW + 5])
  })

  test('keeps the latest alerts and log lines, stamped with the bot clock', () => {
    const { store } = setup()
    for (let i = 1; i <= 5; i++) {
      store.update({ clock: { ts: at(10, 20 + i) } })
      store.log(`line ${i}`)
      store.alert(`alert ${i}`, i === 5 ? 'critical' : undefined)
    }
    expect(store.state.logs).toEqual([
      { id: 3, ts: at(10, 23), level: 'info', message: 'line 3' },
      { id: 4, ts: at(10, 24), level: 'info', message: 'line 4' },
      { id: 5, ts: at(10, 25), level: 'info', message: 'line 5' },
    ])
    expect(store.state.alerts.map((a) => [a.id, a.severity])).toEqual([
      [3, 'warning'],
      [4, 'warning'],
      [5, 'critical'],
    ])
    expect(() => store.log('x', 'loud' as never)).toThrow('Invalid log level')
    expect(() => store.alert(42 as never)).toThrow('Invalid alert message')
  })

  test('finish draws the latest state at once, marked closing, and cancels the pending redraw', () => {
    const { clock, store, redraws } = setup()
    store.update({ clock: { ts: NOW + 1 } })
    store.update({ clock: { ts: NOW + 2 } })
    expect(clock.pendingTimers).toBe(1)
    store.finish()
    expect(redraws).toHaveBeenCalledTimes(2)
    expect(clock.pendingTimers).toBe(0)
    expect(store.getSnapshot().state.clock.ts).toBe(NOW + 2)
    expect(store.getSnapshot().ui).toMatchObject({ closing: true, notice: undefined })
  })

  test('after close, changes still reach the state (for the summary) but nothing is drawn or told', () => {
    const { clock, store, redraws } = setup()
    const changes = vi.fn()
    store.onChange(changes)
    store.update({ clock: { ts: NOW + 1 } })
    store.update({ clock: { ts: NOW + 2 } })
    store.close()
    expect(clock.pendingTimers).toBe(0)
    store.update({ clock: { ts: NOW + 3 }, positions: [] })
    store.log('late')
    store.redraw()
    expect(store.state.clock.ts).toBe(NOW + 3)
    expect(store.state.positions).toEqual([])
    expect(store.state.logs.map((l) => l.message)).toEqual(['late'])
    expect(() => store.update({ positions: [{ symbol: '?' } as never] })).toThrow('Invalid dashboard update')
    clock.advance(1_000)
    expect(redraws).toHaveBeenCalledTimes(1)
    expect(changes).toHaveBeenCalledTimes(2)
    expect(store.getSnapshot().state.clock.ts).toBe(NOW + 1)
  })
})

describe('DashboardStore keys', () => {
  test('q calls onQuit once and marks the view to unmount; later keys do nothing', () => {
    const onQuit = vi.fn()
    const onPauseToggle = vi.fn()
    const { store } = setup({ onQuit, onPauseToggle })
    store.handleKey('q')
    store.handleKey('q')
    store.handleKey('p')
    expect(onQuit).toHaveBeenCalledTimes(1)
    expect(onPauseToggle).not.toHaveBeenCalled()
    expect(store.getSnapshot().ui).toMatchObject({ closing: true, notice: { text: 'Quitting…' } })
  })

  test('Ctrl+C quits too, even while the kill switch question is open', () => {
    const onQuit = vi.fn()
    const onKill = vi.fn()
    const { store } = setup({ onQuit, onKill })
    store.handleKey('k')
    store.handleKey('c', { ctrl: true })
    expect(onQuit).toHaveBeenCalledTimes(1)
    expect(onKill).not.toHaveBeenCalled()
  })

  test('p toggles the pause, shows it at once and tells the bot', () => {
    const onPauseToggle = vi.fn()
    const { store, redraws } = setup({ onPauseToggle })
    store.handleKey('p')
    expect(onPauseToggle).toHaveBeenLastCalledWith(true)
    expect(store.getSnapshot().state.paused).toBe(true)
    expect(redraws).toHaveBeenCalledTimes(1)
    store.handleKey('P')
    expect(onPauseToggle).toHaveBeenLastCalledWith(false)
    expect(store.getSnapshot().state.paused).toBe(false)
    expect(redraws).toHaveBeenCalledTimes(2)
  })

  test('when the bot fails to pause, the pause is undone and a critical alert says why', () => {
    const { store } = setup({
      onPauseToggle: () => {
        throw new Error('engine is stopping')
      },
    })
    store.handleKey('p')
    expect(store.state.paused).toBe(false)
    expect(store.state.alerts.at(-1)).toMatchObject({
      severity: 'critical',
      message: 'Could not pause entries: engine is stopping',
    })
    expect(store.getSnapshot().ui.notice).toEqual({ text: 'Pause failed', tone: 'danger' })
  })

  test('k asks first; y trips the kill switch, anything else cancels', () => {
    const onKill = vi.fn()
    const { store } = setup({ onKill })
    store.handleKey('k')
    expect(store.getSnapshot().ui.confirmingKill).toBe(true)
    store.handleKey('n')
    expect(onKill).not.toHaveBeenCalled()
    expect(store.getSnapshot().ui).toMatchObject({
      confirmingKill: false,
      notice: { text: 'Kill switch canceled' },
    })
    store.handleKey('k')
    store.handleKey('q') // cancels the question, does not quit
    expect(store.getSnapshot().ui.closing).toBe(false)
    store.handleKey('k')
    store.handleKey('y')
    expect(onKill).toHaveBeenCalledTimes(1)
    expect(store.getSnapshot().ui).toMatchObject({
      confirmingKill: false,
      notice: { text: 'Kill switch tripped' },
    })
    expect(store.state.logs.at(-1)?.message).toBe('Kill switch tripped from the keyboard')
  })

  test('a kill switch that fails is shown as a critical alert', async () => {
    const { store } = setup({ onKill: () => Promise.reject(new Error('broker unreachable')) })
    store.handleKey('k')
    store.handleKey('y')
    await eventually(() =>
      expect(store.state.alerts.at(-1)?.message).toBe('Kill switch failed: broker unreachable'),
    )
    expect(store.getSnapshot().ui.notice).toEqual({ text: 'Kill switch FAILED, see alerts', tone: 'danger' })
  })

  test('k when already killed, and keys the bot did not wire up, only explain', () => {
    const { store } = setup({ onKill: vi.fn() })
    store.update({ breaker: { state: 'killed', rules: [] } })
    store.handleKey('k')
    expect(store.getSnapshot().ui).toMatchObject({
      confirmingKill: false,
      notice: { text: 'Kill switch already tripped' },
    })
    const bare = setup().store
    bare.handleKey('k')
    expect(bare.getSnapshot().ui.notice?.text).toBe('This bot has no kill switch')
    bare.handleKey('p')
    expect(bare.getSnapshot().ui.notice?.text).toBe('This bot cannot pause entries')
    expect(bare.state.paused).toBe(false)
    expect(bare.getSnapshot().ui.keys).toEqual({ pause: false, kill: false })
  })

  test('without a keyboard, keys are ignored', () => {
    const onQuit = vi.fn()
    const { store } = setup({ keyboard: false, onQuit })
    store.handleKey('q')
    expect(onQuit).not.toHaveBeenCalled()
    expect(store.getSnapshot().ui.keys).toBeUndefined()
  })
})
