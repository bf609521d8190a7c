import { ValidationError } from '@tradeblocks/core'
import { describe, expect, test } from 'vitest'
import { SweepError, sweep } from './sweep.js'

const MODULE = new URL('../test/fixtures/sweepStrategies.ts', import.meta.url)
const DATA = {
  kind: 'synthetic' as const,
  market: {
    seed: 4,
    dates: ['2026-03-09', '2026-03-10'],
    symbols: 6,
    gappersPerDay: 1,
    quoteSymbols: 'none' as const,
  },
}

describe('sweep', () => {
  test('runs every combination on 2 worker threads from TypeScript sources, in grid order, with the best', async () => {
    const result = await sweep({
      module: MODULE,
      export: 'smaCross',
      grid: { fast: [5, 10, 40], slow: [20, 30] },
      data: DATA,
      backtest: { initialCash: 50_000, broker: { commission: { kind: 'fixed', perOrder: 1 } } },
      workers: 2,
      keepTrades: true,
    })
    expect(result.workers).toBe(2)
    expect(result.runs.map((r) => r.params)).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 30 },
      { fast: 40, slow: 20 },
      { fast: 40, slow: 30 },
    ])
    // fast >= slow throws in the strategy: recorded, not fatal.
    for (const run of result.runs.slice(4)) {
      expect(run.stats).toBeUndefined()
      expect(run.error?.name).toBe('StrategyError')
      expect(run.error?.message).toMatch(/fast 40 must be below slow/)
    }
    for (const run of result.runs.slice(0, 4)) {
      expect(run.error).toBeUndefined()
      expect(run.stats?.tradeCount).toBeGreaterThan(0)
      expect(run.trades).toHaveLength(run.stats?.tradeCount ?? -1)
      expect(run.events).toBeGreaterThan(1000)
    }
    const best = result.runs
      .slice(0, 4)
      .reduce((a, b) => ((b.stats?.netPnl ?? 0) > (a.stats?.netPnl ?? 0) ? b : a))
    expect(result.best).toBe(best)
    // Different parameters give different results; the same ones give the same (workers are deterministic).
    expect(new Set(result.runs.slice(0, 4).map((r) => r.stats?.netPnl)).size).toBeGreaterThan(1)
    const single = await sweep({
      module: MODULE,
      export: 'smaCross',
      grid: { fast: [10], slow: [30] },
      data: DATA,
      backtest: { initialCash: 50_000, broker: { commission: { kind: 'fixed', perOrder: 1 } } },
      workers: 1,
    })
    expect(single.runs[0]?.stats).toEqual(result.runs[3]?.stats)
  })

  test('data from a module export, failFast, and ranking by drawdown ascending', async () => {
    const result = await sweep({
      module: MODULE,
      export: 'smaCross',
      grid: { fast: [3, 8], slow: [15] },
      data: { kind: 'module', module: MODULE.href, export: 'trendData' },
      workers: 2,
      rankBy: 'maxDrawdown',
      order: 'asc',
      keepEquity: true,
    })
    expect(result.runs).toHaveLength(2)
    expect(result.runs[0]?.equity?.ts).toBeInstanceOf(Float64Array)
    expect(result.runs[0]?.equity?.ts.length).toBe(3 * 390 + 1) // the starting point and one per bar
    const dd = result.runs.map((r) => r.stats?.maxDrawdown ?? Number.POSITIVE_INFINITY)
    expect(result.best?.stats?.maxDrawdown).toBe(Math.min(...dd))
    await expect(
      sweep({
        module: MODULE,
        export: 'smaCross',
        grid: { fast: [30], slow: [10] },
        data: DATA,
        workers: 1,
        failFast: true,
      }),
    ).rejects.toThrowError(/Sweep run 0 \({"fast":30,"slow":10}\) failed: .*fast 30 must be below slow 10/)
  })

  test('a missing export or bad data rejects with a SweepError; a bad grid with a ValidationError', async () => {
    await expect(
      sweep({ module: MODULE, export: 'nope', grid: { a: [1] }, data: DATA, workers: 1 }),
    ).rejects.toThrowError(/has no function export "nope"/)
    await expect(
      sweep({ module: MODULE, export: 'notAFunction', grid: { a: [1] }, data: DATA, workers: 1 }),
    ).rejects.toBeInstanceOf(SweepError)
    await expect(
      sweep({
        module: MODULE,
        export: 'smaCross',
        grid: { a: [1] },
        data: { kind: 'synthetic', market: { dates: ['2026-12-25'] } },
        workers: 1,
      }),
    ).rejects.toThrowError(/2026-12-25 is not a trading day/)
    await expect(sweep({ module: MODULE, grid: { fast: [] }, data: DATA })).rejects.toBeInstanceOf(
      ValidationError,
    )
    await expect(sweep({ module: MODULE, grid: { fast: [1] }, data: DATA, workers: 0 })).rejects.toThrowError(
      /workers must be/,
    )
  })

  test('an abort terminates the workers and rejects; an aborted signal never starts them', async () => {
    const controller = new AbortController()
    const run = sweep({
      module: MODULE,
      export: 'smaCross',
      grid: { fast: [5, 6, 7, 8], slow: [20, 30] },
      data: DATA,
      workers: 2,
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 50)
    const error = await run.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SweepError)
    expect((error as SweepError).shortMessage).toBe('The sweep was aborted.')
    expect((error as SweepError).cause).toEqual(new Error('user pressed ctrl-c'))
    await expect(
      sweep({
        module: MODULE,
        export: 'smaCross',
        grid: { fast: [5], slow: [20] },
        data: DATA,
        signal: AbortSignal.abort(),
      }),
    ).rejects.toThrowError('The sweep was aborted.')
  })
})
