import { ManualClock, nyse } from '@tradeblocks/core'
import { createElement } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { morningState } from '../test/fixtures.js'
import { createDashboardState } from './createDashboardState.js'
import { DashboardApp } from './DashboardApp.js'
import { DashboardStore, type DashboardStoreOptions } from './DashboardStore.js'

// Polls until the expectation holds (generous, so a loaded machine does not fail it).
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

// Colours are decided when chalk loads: force them on (whatever the test runner's terminal) before
// loading ink, so frames show what a colour terminal shows.
vi.stubEnv('FORCE_COLOR', '1')
const ink = await import('ink')
const { render } = await import('ink-testing-library')

// ink attaches its key listener in an effect; let React and ink settle before typing.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping colour codes from frames
const COLOUR = /\u001b\[[0-9;]*m/g
const plain = (frame: string | undefined) =>
  (frame ?? '')
    .replace(COLOUR, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')

let unmounts: (() => void)[] = []
afterEach(() => {
  for (const unmount of unmounts) unmount()
  unmounts = []
})

function mount(options: Partial<DashboardStoreOptions> = {}) {
  const clock = new ManualClock(0)
  const store = new DashboardStore({
    state: createDashboardState(morningState()),
    clock,
    refreshMs: 100,
    keyboard: true,
    maxAlerts: 50,
    maxLogLines: 200,
    ...options,
  })
  const app = render(createElement(DashboardApp, { ink, store, calendar: nyse }))
  unmounts.push(app.unmount)
  return { ...app, store, clock, frame: () => plain(app.lastFrame()) }
}

describe('DashboardApp', () => {
  test('draws the panels with the right cells', () => {
    const { frame } = mount({ onQuit: vi.fn(), onPauseToggle: vi.fn(), onKill: vi.fn() })
    const lines = frame().split('\n')
    expect(lines[0]).toMatch(
      /^momentum-bot {2}REPLAY 60x {2}Mon 2026-01-05 10:15:00 ET {2}REGULAR closes in 5h45m +TRADING$/,
    )
    expect(lines).toContain(
      'Equity $25,240.50   Day P&L +$240.50 (+0.96%)   Realized +$115.00   Open +$220.00',
    )
    expect(lines).toContain(
      'ABCD long         500      4.05      4.37     +$160.00   +7.90%      4.05      4.53  +2.00R',
    )
    expect(lines).toContain(
      'WXYZ short       -200     11.40     11.10      +$60.00   +2.63%     11.70     10.50  +1.00R',
    )
    expect(lines).toContain(
      'QRST          buy  limit         250    100     7.80        — partial      30s entry  mb-QRST-1',
    )
    expect(lines).toContain(
      'IJKL          10:05:10 short     300      5.10      5.25      -$45.00  -1.00R stop',
    )
    expect(lines.at(-1)).toBe('q quit  p pause/resume entries  k kill switch')
    // Finished orders are not working orders.
    expect(frame()).not.toContain('mb-ABCD-1 ')
    expect(lines.length).toBeLessThanOrEqual(29)
  })

  test('colours profits green and losses red', () => {
    const { lastFrame } = mount()
    const frame = lastFrame() ?? ''
    expect(frame).toContain('\u001b[32m    +$160.00')
    expect(frame).toContain('\u001b[31m     -$45.00')
  })

  test('follows updates, throttled by the refresh period', async () => {
    const { store, clock, frame } = mount()
    store.update({ positions: [], clock: { ts: morningState().clock.ts + 60_000 } })
    await eventually(() => expect(frame()).toContain('Positions flat'))
    store.update({ watchlist: [] })
    await settle()
    expect(frame()).toContain('Watchlist 3')
    clock.advance(100)
    await eventually(() => expect(frame()).toContain('Watchlist no candidates'))
    expect(frame()).toContain('10:16:00 ET')
  })

  test('p pauses new entries, on screen and in the bot', async () => {
    const onPauseToggle = vi.fn()
    const { stdin, frame } = mount({ onPauseToggle })
    await settle()
    stdin.write('p')
    await eventually(() => expect(frame()).toContain('ENTRIES PAUSED'))
    expect(onPauseToggle).toHaveBeenCalledWith(true)
    expect(frame()).toContain('New entries paused')
    stdin.write('p')
    await eventually(() => expect(frame()).not.toContain('ENTRIES PAUSED'))
    expect(onPauseToggle).toHaveBeenLastCalledWith(false)
  })

  test('k asks before tripping the kill switch: n cancels, y trips', async () => {
    const onKill = vi.fn()
    const { stdin, frame } = mount({ onKill })
    await settle()
    stdin.write('k')
    await eventually(() => expect(frame()).toContain('Trip kill switch? y/n'))
    stdin.write('n')
    await eventually(() => expect(frame()).toContain('Kill switch canceled'))
    expect(onKill).not.toHaveBeenCalled()
    stdin.write('k')
    await eventually(() => expect(frame()).toContain('Trip kill switch? y/n'))
    stdin.write('y')
    await eventually(() => expect(frame()).toContain('Kill switch tripped'))
    expect(onKill).toHaveBeenCalledTimes(1)
  })

  test('q calls onQuit once and unmounts cleanly', async () => {
    const onQuit = vi.fn()
    const onPauseToggle = vi.fn()
    const { stdin, frames, store } = mount({ onQuit, onPauseToggle })
    await settle()
    stdin.write('q')
    // The closing frame is drawn before ink unmounts; after that ink may write an empty last frame,
    // so look through every frame drawn rather than the last one.
    await eventually(() => expect(frames.map(plain).join('\n')).toContain('Quitting…'))
    expect(onQuit).toHaveBeenCalledTimes(1)
    // Unmounted: the key listener is gone and nothing more is drawn.
    await eventually(() => expect(stdin.listenerCount('readable')).toBe(0))
    const drawn = frames.length
    stdin.write('q')
    stdin.write('p')
    store.update({ positions: [] })
    await settle()
    expect(onQuit).toHaveBeenCalledTimes(1)
    expect(onPauseToggle).not.toHaveBeenCalled()
    expect(frames.length).toBe(drawn)
  })
})
