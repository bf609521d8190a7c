import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromNewYork, ManualClock } from '@tradeblocks/core'
import { makeTempDir } from '@tradeblocks/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BreakerState } from './BreakerState.js'
import { BreakerStateError } from './BreakerStateError.js'
import type { BreakerStore } from './BreakerStore.js'
import { FileBreakerStore } from './FileBreakerStore.js'
import { MemoryBreakerStore } from './MemoryBreakerStore.js'
import { TradingCircuitBreaker } from './TradingCircuitBreaker.js'

const ny = (y: number, m: number, d: number, h: number, min = 0) => fromNewYork(y, m, d, h, min)
const config = { maxDailyLoss: 500, maxConsecutiveLosses: 3 }

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir('tradeblocks-breaker-'))
})
afterEach(async () => {
  await cleanup()
})

describe('restarts with a FileBreakerStore', () => {
  it('is still halted after the object is dropped and rebuilt on the same file', async () => {
    const file = join(dir, 'state', 'breaker.json')
    const clock = new ManualClock(ny(2026, 3, 6, 11))
    let breaker: TradingCircuitBreaker | undefined = await TradingCircuitBreaker.create({
      store: new FileBreakerStore(file),
      clock,
      config,
    })
    breaker.updateEquity({ equity: 25_000 })
    breaker.recordTradeClosed({ pnl: -200 })
    breaker.recordTradeClosed({ pnl: -350 })
    expect(breaker.canEnter().allowed).toBe(false)
    await breaker.flush()
    breaker = undefined

    clock.advance(60 * 60_000) // restart an hour later, same day
    const restarted = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
    expect(restarted.loadError).toBeUndefined()
    expect(restarted.canEnter().allowed).toBe(false)
    expect(restarted.status()).toMatchObject({
      realizedToday: -550,
      consecutiveLosses: 2,
      startEquity: 25_000,
      halts: [{ rule: 'daily_loss', resetAt: ny(2026, 3, 9, 9, 30) }],
    })
    // The next trading day's 09:30 (in daylight time after the March 8 change) lifts it after a restart too.
    clock.set(Date.UTC(2026, 2, 9, 13, 30))
    const monday = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
    expect(monday.canEnter().allowed).toBe(true)
    expect(monday.status()).toMatchObject({ realizedToday: 0, consecutiveLosses: 2, startEquity: 25_000 })
  })

  it('keeps the losing streak and the kill switch latch across restarts', async () => {
    const file = join(dir, 'breaker.json')
    const clock = new ManualClock(ny(2026, 3, 6, 11))
    const first = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
    first.recordTradeClosed({ pnl: -1 })
    first.recordTradeClosed({ pnl: -1 })
    first.kill({ reason: 'operator' })
    await first.flush()
    clock.set(ny(2026, 3, 16, 10))
    const second = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
    expect(second.status()).toMatchObject({ state: 'halted', latched: true, consecutiveLosses: 2 })
    second.reset({ reason: 'cleared' })
    await second.flush()
    const third = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
    expect(third.canEnter().allowed).toBe(true)
  })

  it('writes atomically: valid JSON on disk, no temporary files left behind', async () => {
    const file = join(dir, 'breaker.json')
    const breaker = await TradingCircuitBreaker.create({
      store: new FileBreakerStore(file),
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    for (let i = 0; i < 20; i++) breaker.updateEquity({ equity: 25_000 - i })
    await breaker.flush()
    expect(await readdir(dir)).toEqual(['breaker.json'])
    const saved = JSON.parse(await readFile(file, 'utf8')) as BreakerState
    expect(saved.equity).toBe(24_981)
  })
})

describe('an unreadable state starts the breaker halted, never open', () => {
  const cases: [string, string][] = [
    ['a truncated file', '{"version":1,"period":{"date":"2026-03-06","start":17'],
    ['garbage', '\u0000\u0013garbage\u00ff'],
    ['an empty file', ''],
    ['a file from another program', '{"hello":"world"}'],
    ['a state with NaN written as null', '{"version":1,"realizedToday":null}'],
  ]
  for (const [label, content] of cases) {
    it(`halts on ${label}`, async () => {
      const file = join(dir, 'breaker.json')
      await writeFile(file, content)
      const clock = new ManualClock(ny(2026, 3, 6, 11))
      const breaker = await TradingCircuitBreaker.create({
        store: new FileBreakerStore(file, { clock }),
        clock,
        config,
      })
      expect(breaker.loadError).toBeDefined()
      const decision = breaker.canEnter()
      expect(decision.allowed).toBe(false)
      expect(breaker.status()).toMatchObject({
        latched: true,
        halts: [{ rule: 'state_unreadable', resetAt: null }],
      })
      expect(breaker.explain()).toContain('The saved state could not be read, so the breaker starts halted')
      // The latch is written over the bad file, so another restart is halted too.
      await breaker.flush()
      clock.set(ny(2026, 3, 9, 10))
      const again = await TradingCircuitBreaker.create({ store: new FileBreakerStore(file), clock, config })
      expect(again.loadError).toBeUndefined()
      expect(again.canEnter().allowed).toBe(false)
    })
  }

  it('keeps a copy of a corrupt file and names it', async () => {
    const file = join(dir, 'breaker.json')
    await writeFile(file, '{"version":1,"peri')
    const clock = new ManualClock(ny(2026, 3, 6, 11))
    const error = await new FileBreakerStore(file, { clock }).load().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BreakerStateError)
    expect((error as BreakerStateError).code).toBe('validation')
    const copy = `${file}.corrupt-${ny(2026, 3, 6, 11)}`
    expect((error as BreakerStateError).shortMessage).toBe(
      `The breaker state file ${file} is not valid JSON (18 bytes: truncated or garbage). A copy was kept at ${copy}.`,
    )
    expect(await readFile(copy, 'utf8')).toBe('{"version":1,"peri')
  })

  it('halts when the file cannot be read at all', async () => {
    const file = join(dir, 'breaker.json')
    await mkdir(file) // a directory where the file should be: EISDIR
    const breaker = await TradingCircuitBreaker.create({
      store: new FileBreakerStore(file),
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    expect(breaker.loadError?.code).toBe('unavailable')
    expect(breaker.status().halts.map((halt) => halt.rule)).toEqual(['state_unreadable', 'store_failure'])
  })

  it('starts fresh when there is no file yet', async () => {
    const breaker = await TradingCircuitBreaker.create({
      store: new FileBreakerStore(join(dir, 'new', 'breaker.json')),
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    expect(breaker.loadError).toBeUndefined()
    expect(breaker.canEnter().allowed).toBe(true)
  })
})

describe('a failing store halts trading', () => {
  it('trips store_failure and emits the error when a save fails', async () => {
    let fail = false
    const memory = new MemoryBreakerStore()
    const store: BreakerStore = {
      load: () => memory.load(),
      save: async (state) => {
        if (fail) throw new Error('ENOSPC: no space left on device')
        await memory.save(state)
      },
    }
    const breaker = await TradingCircuitBreaker.create({
      store,
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    const errors: string[] = []
    breaker.on('error', (error) => errors.push(error.shortMessage))
    fail = true
    breaker.recordTradeClosed({ pnl: -10 })
    await breaker.flush()
    // The failed save, then the failed attempt to save the halt itself.
    expect(errors).toEqual(['The breaker state could not be saved.', 'The breaker state could not be saved.'])
    expect(breaker.canEnter().allowed).toBe(false)
    expect(breaker.status().halts[0]?.rule).toBe('store_failure')
    fail = false
    breaker.reset({ reason: 'disk cleaned' })
    await breaker.flush()
    expect(breaker.canEnter().allowed).toBe(true)
    expect(((await memory.load()) as BreakerState).realizedToday).toBe(-10)
  })

  it('coalesces saves: a burst of updates writes far fewer times than it changes', async () => {
    const store = new MemoryBreakerStore()
    const breaker = await TradingCircuitBreaker.create({
      store,
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    const before = store.saves
    for (let i = 0; i < 100; i++) breaker.updateEquity({ equity: 10_000 + i })
    await breaker.flush()
    expect(store.saves - before).toBeLessThan(10)
    expect(((await store.load()) as BreakerState).equity).toBe(10_099)
  })
})

describe('guards around the saved state', () => {
  it('starts halted on a state from the future (a backtest reusing a live file)', async () => {
    const store = new MemoryBreakerStore()
    const live = await TradingCircuitBreaker.create({
      store,
      clock: new ManualClock(ny(2026, 3, 6, 11)),
      config,
    })
    await live.flush()
    const backtest = await TradingCircuitBreaker.create({
      store,
      clock: new ManualClock(ny(2025, 6, 2, 10)),
      config,
    })
    expect(backtest.canEnter().allowed).toBe(false)
    expect(backtest.loadError?.shortMessage).toBe('The saved breaker state is from the future.')
    expect(backtest.loadError?.details).toContain(
      'its trading day 2026-03-06 starts at 2026-03-06 09:30:00 ET',
    )
  })

  it('saves a halt even when a listener throws', async () => {
    const store = new MemoryBreakerStore()
    const clock = new ManualClock(ny(2026, 3, 6, 11))
    const breaker = await TradingCircuitBreaker.create({ store, clock, config })
    breaker.on('tripped', () => {
      throw new Error('dashboard listener bug')
    })
    expect(() => breaker.kill({ reason: 'operator' })).toThrow('dashboard listener bug')
    await breaker.flush()
    const restarted = await TradingCircuitBreaker.create({ store, clock, config })
    expect(restarted.status().halts.map((halt) => halt.rule)).toEqual(['kill_switch'])
  })
})
