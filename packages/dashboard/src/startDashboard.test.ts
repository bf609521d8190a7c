import { EventEmitter } from 'node:events'
import { describe, expect, test, vi } from 'vitest'
import { at, morningState } from '../test/fixtures.js'
import { startDashboard } from './startDashboard.js'

// Polls until the expectation holds (generous, so a loaded machine does not fail it).
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

// ink decides at load time whether it runs in CI (and then draws only the last frame); these tests
// drive it as a terminal would, so make sure it does not think so.
vi.stubEnv('CI', 'false')
vi.stubEnv('CONTINUOUS_INTEGRATION', 'false')

class FakeStdout extends EventEmitter {
  isTTY: boolean
  columns = 100
  rows = 30
  chunks: string[] = []
  constructor(isTTY: boolean) {
    super()
    this.isTTY = isTTY
  }
  write = (chunk: string) => {
    this.chunks.push(chunk)
    return true
  }
  text = () => this.chunks.join('')
}

class FakeStdin extends EventEmitter {
  isTTY = true
  rawMode: boolean[] = []
  #data: string | null = null
  setRawMode(mode: boolean) {
    this.rawMode.push(mode)
    return this
  }
  setEncoding() {
    return this
  }
  ref() {
    return this
  }
  unref() {
    return this
  }
  resume() {
    return this
  }
  pause() {
    return this
  }
  read() {
    const data = this.#data
    this.#data = null
    return data
  }
  type(data: string) {
    this.#data = data
    this.emit('readable')
  }
}

const streams = (isTTY: boolean) => {
  const stdout = new FakeStdout(isTTY)
  const stdin = new FakeStdin()
  return {
    stdout,
    stdin,
    io: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream },
  }
}
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape sequences
const ESCAPE = /\u001b/

describe('startDashboard without a terminal', () => {
  test('writes plain lines, never touches stdin, and stops once', async () => {
    const { stdout, stdin, io } = streams(false)
    const dashboard = await startDashboard({ ...io, state: morningState(), heartbeatMs: 0 })
    expect(dashboard.renderer).toBe('lines')
    dashboard.update({ clock: { ts: at(10, 20) }, paused: true })
    dashboard.log('reconciled 4 orders')
    dashboard.alert('QRST spread is 0.9% wide')
    dashboard.update({
      clock: { ts: at(10, 21) },
      positions: [{ symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.37, stop: 4.05, initialStop: 3.89 }],
    })
    expect(dashboard.paused).toBe(true)
    await Promise.all([dashboard.stop(), dashboard.stop()])
    await dashboard.exited
    expect(dashboard.stopped).toBe(true)
    // After stop the state still follows (for the summary); nothing more is written.
    dashboard.update({ clock: { ts: at(10, 30) }, positions: [] })
    dashboard.log('after stop')
    expect(dashboard.getState().positions).toEqual([])
    expect(dashboard.getState().logs.at(-1)?.message).toBe('after stop')
    expect(stdout.text()).toBe(
      [
        '2026-01-05 10:15:00 ET START    momentum-bot replay 60x, session regular, equity $25,240.50, day P&L +$240.50 (+0.96%), drawdown 0.24%, breaker trading',
        '2026-01-05 10:20:00 ET PAUSE    new entries paused',
        '2026-01-05 10:20:00 ET LOG      [info] reconciled 4 orders',
        '2026-01-05 10:20:00 ET ALERT    [warning] QRST spread is 0.9% wide',
        '2026-01-05 10:21:00 ET POSITION target moved ABCD 4.53 -> none',
        '2026-01-05 10:21:00 ET POSITION flat WXYZ (was short 200 @ 11.40)',
        '2026-01-05 10:21:00 ET STOP     regular, equity $25,240.50, day P&L +$240.50 (+0.96%), drawdown 0.24%, open P&L +$160.00, 1 position, 3 working orders, 2 closed trades',
        '',
      ].join('\n'),
    )
    expect(stdout.text()).not.toMatch(ESCAPE)
    expect(stdin.listenerCount('readable')).toBe(0)
    expect(stdin.listenerCount('data')).toBe(0)
    expect(stdin.rawMode).toEqual([])
  })

  test('picks plain lines for a terminal in CI, and json on request', async () => {
    vi.stubEnv('CI', 'true')
    try {
      const { stdout, io } = streams(true)
      const dashboard = await startDashboard({ ...io, state: morningState(), lineFormat: 'json' })
      expect(dashboard.renderer).toBe('lines')
      await dashboard.stop()
      const kinds = stdout.chunks.map((line) => (JSON.parse(line) as { kind: string }).kind)
      expect(kinds).toEqual(['start', 'stop'])
    } finally {
      vi.stubEnv('CI', 'false')
    }
  })

  test('rejects bad options and a bad first state', async () => {
    const { io } = streams(false)
    await expect(startDashboard({ ...io, state: morningState(), refreshMs: 5 })).rejects.toThrow(
      'Invalid dashboard options: refreshMs must be at least 16 ms (got 5)',
    )
    await expect(startDashboard({ ...io, state: { clock: { ts: -1, mode: 'paper' } } })).rejects.toThrow(
      'Invalid dashboard state: clock.ts must not be negative (got -1)',
    )
  })
})

describe('startDashboard on a terminal', () => {
  test('draws with ink; q calls onQuit once, unmounts and gives the terminal back', async () => {
    const { stdout, stdin, io } = streams(true)
    const onQuit = vi.fn()
    const dashboard = await startDashboard({ ...io, state: morningState(), onQuit, patchConsole: false })
    expect(dashboard.renderer).toBe('ink')
    await eventually(() => expect(stdout.text()).toContain('Positions 2'))
    await eventually(() => expect(stdin.rawMode).toEqual([true]))
    stdin.type('q')
    await dashboard.exited
    expect(onQuit).toHaveBeenCalledTimes(1)
    expect(dashboard.stopped).toBe(true)
    expect(stdin.rawMode).toEqual([true, false])
    expect(stdin.listenerCount('readable')).toBe(0)
    expect(stdout.text()).toContain('Quitting…')
    // The bot stops it too when it shuts down: nothing breaks, nothing more is drawn.
    const written = stdout.chunks.length
    dashboard.update({ positions: [] })
    await dashboard.stop()
    expect(stdout.chunks.length).toBe(written)
    expect(dashboard.getState().positions).toEqual([])
    expect(onQuit).toHaveBeenCalledTimes(1)
  })

  test('stop() draws the last state, unmounts and resolves', async () => {
    const { stdout, stdin, io } = streams(true)
    const dashboard = await startDashboard({ ...io, state: morningState(), patchConsole: false })
    await settle()
    dashboard.update({ clock: { ts: at(10, 40) } })
    dashboard.update({ clock: { ts: at(10, 41) }, positions: [] })
    await dashboard.stop()
    expect(dashboard.stopped).toBe(true)
    const frames = stdout.text()
    expect(frames.lastIndexOf('10:41:00 ET')).toBeGreaterThan(frames.lastIndexOf('10:15:00 ET'))
    expect(frames.slice(frames.lastIndexOf('10:41:00 ET'))).toContain('Positions flat')
    expect(stdin.listenerCount('readable')).toBe(0)
    expect(stdin.rawMode.at(-1)).toBe(false)
  })

  test('with stdin not a terminal, draws but leaves the keyboard alone', async () => {
    const { stdout, stdin, io } = streams(true)
    stdin.isTTY = false
    const dashboard = await startDashboard({ ...io, state: morningState(), patchConsole: false })
    await eventually(() => expect(stdout.text()).toContain('keys off: stdin is not a terminal'))
    expect(stdin.rawMode).toEqual([])
    await dashboard.stop()
  })
})
