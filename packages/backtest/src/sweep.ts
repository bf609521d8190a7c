import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { BaseError, ErrorCode, formatValue, ValidationError } from '@tradeblocks/core'
import type { PerformanceStats } from '@tradeblocks/performance'
import type { SweepDataSpec } from './loadSweepData.js'
import { asUrl } from './loadSweepData.js'
import { ProgressBar, type ProgressBarOptions } from './ProgressBar.js'
import type { RunBacktestParameters } from './runBacktest.js'
import type { SweepWorkerInit, SweepWorkerRequest, SweepWorkerResponse } from './sweepWorker.js'
import type { ClosedTrade } from './TradeLedger.js'

/**
 * Backtest settings every run of a sweep shares. They cross to worker threads, so they must be plain
 * data: commission and slippage models as `{ kind, ... }` objects, not functions.
 *
 * @example
 * ```ts
 * import type { SweepBacktestOptions } from '@tradeblocks/backtest'
 *
 * const options: SweepBacktestOptions = { initialCash: 25_000, broker: { commission: { kind: 'fixed', perOrder: 1 } } }
 * ```
 */
export type SweepBacktestOptions = Omit<
  RunBacktestParameters,
  'strategy' | 'data' | 'progress' | 'output' | 'events' | 'logger' | 'calendar'
>

/**
 * Why a sweep run failed, as it crossed back from its worker thread: the error's name, message, stack
 * and code.
 *
 * @example
 * ```ts
 * import type { SweepRunFailure } from '@tradeblocks/backtest'
 *
 * const line = (f: SweepRunFailure) => `${f.name}: ${f.message}`
 * ```
 */
export interface SweepRunFailure {
  name: string
  message: string
  stack?: string
  code?: string
}

/**
 * A parameter grid: for each parameter, the values to try. The sweep runs every combination
 * (the cartesian product), in the order of the keys.
 *
 * @example
 * ```ts
 * import type { SweepGrid } from '@tradeblocks/backtest'
 *
 * const grid: SweepGrid<{ fast: number; slow: number }> = { fast: [5, 10, 20], slow: [50, 100] } // 6 runs
 * ```
 */
export type SweepGrid<P extends Record<string, unknown>> = { [K in keyof P]: readonly P[K][] }

/**
 * Parameters of {@link sweep}.
 *
 * @example
 * ```ts
 * import type { SweepParameters } from '@tradeblocks/backtest'
 *
 * const params: SweepParameters<{ fast: number; slow: number }> = {
 *   module: new URL('./smaCross.ts', import.meta.url), export: 'smaCross',
 *   grid: { fast: [5, 10], slow: [30, 60] },
 *   data: { kind: 'synthetic', market: { seed: 1, dates: ['2026-03-09', '2026-03-10'] } },
 *   workers: 2,
 * }
 * ```
 */
export interface SweepParameters<P extends Record<string, unknown>> {
  /**
   * The module that exports the strategy factory, `(params) => Strategy`: a file path (absolute, or
   * relative to the working directory) or a URL. TypeScript modules (`.ts`, `.mts`, `.cts`) are loaded
   * through `tsx`, which must then be installed.
   */
  module: string | URL
  /** The factory's export name. Default `default`. */
  export?: string
  /** The values to try per parameter. */
  grid: SweepGrid<P>
  /** The market data; each worker loads it once. */
  data: SweepDataSpec
  /** Settings shared by every run (initial cash, broker models, sessions). */
  backtest?: SweepBacktestOptions
  /** Worker threads. Default the machine's available parallelism, at most one per run. */
  workers?: number
  /** Return each run's closed trades. Default false. */
  keepTrades?: boolean
  /** Return each run's equity curve. Default false. */
  keepEquity?: boolean
  /** The statistic that picks `best`. Default `netPnl`. */
  rankBy?: keyof PerformanceStats
  /** `desc` (default) when higher is better; `asc` for `maxDrawdown` and the like. */
  order?: 'asc' | 'desc'
  /** Stop at the first run that fails instead of recording its error. Default false. */
  failFast?: boolean
  /** A progress bar over the runs: `true`, its options, or your own instance. */
  progress?: boolean | ProgressBarOptions | ProgressBar
  /** Cancels the sweep: the workers are terminated and the promise rejects. */
  signal?: AbortSignal
}

/**
 * One run of a sweep: its parameters and statistics, or the error that stopped it.
 *
 * @example
 * ```ts
 * import type { SweepRun } from '@tradeblocks/backtest'
 *
 * const label = (r: SweepRun<{ fast: number }>) => `fast=${r.params.fast}: ${r.stats?.netPnl ?? r.error?.message}`
 * ```
 */
export interface SweepRun<P extends Record<string, unknown>> {
  /** Position in the grid's order. */
  index: number
  params: P
  /** The run's statistics; absent when it failed. */
  stats?: PerformanceStats
  /** Market events it processed. */
  events?: number
  /** Closed trades, with `keepTrades`. */
  trades?: ClosedTrade[]
  /** The equity curve, with `keepEquity`. */
  equity?: { ts: Float64Array; equity: Float64Array }
  /** Why the run failed (the strategy's error, a bad order), when it did. */
  error?: SweepRunFailure
  /** Wall-clock time of the run in its worker, ms. */
  elapsedMs: number
}

/**
 * What {@link sweep} returns: every run in grid order and the best by `rankBy`.
 *
 * @example
 * ```ts
 * import { sweep, type SweepReturnType } from '@tradeblocks/backtest'
 *
 * const result: SweepReturnType<{ fast: number; slow: number }> = await sweep(params)
 * console.log(result.best?.params, result.best?.stats?.netPnl)
 * ```
 */
export interface SweepReturnType<P extends Record<string, unknown>> {
  runs: SweepRun<P>[]
  /** The successful run with the best `rankBy` statistic (ties: the earlier run). */
  best: SweepRun<P> | undefined
  /** Worker threads used. */
  workers: number
  /** Wall-clock time of the whole sweep, ms. */
  elapsedMs: number
}

/**
 * A sweep could not run: the strategy module or its export is missing, the data could not be
 * loaded in a worker, a worker crashed, or the sweep was aborted.
 *
 * @example
 * ```ts
 * import { SweepError, sweep } from '@tradeblocks/backtest'
 *
 * try {
 *   await sweep(params)
 * } catch (error) {
 *   if (error instanceof SweepError) console.error(error.shortMessage)
 * }
 * ```
 */
export class SweepError extends BaseError {
  override name = 'SweepError' as const
  constructor(shortMessage: string, parameters: { details?: string; cause?: unknown } = {}) {
    super(shortMessage, { code: ErrorCode.Internal, ...parameters })
  }
}

/** Every combination of the grid, in key order (the last key varies fastest). */
function expand<P extends Record<string, unknown>>(grid: SweepGrid<P>): P[] {
  if (grid === null || typeof grid !== 'object')
    throw new ValidationError('sweep parameters', [
      { path: 'grid', message: 'grid must be an object of value lists', value: grid },
    ])
  const keys = Object.keys(grid) as (keyof P & string)[]
  if (keys.length === 0)
    throw new ValidationError('sweep parameters', [
      { path: 'grid', message: 'grid must have at least one parameter', value: grid },
    ])
  for (const key of keys) {
    const values = grid[key]
    if (!Array.isArray(values) || values.length === 0)
      throw new ValidationError('sweep parameters', [
        {
          path: `grid.${key}`,
          message: `grid.${key} must be a non-empty list of values (got ${formatValue(values)})`,
          value: values,
        },
      ])
  }
  let combos: Record<string, unknown>[] = [{}]
  for (const key of keys) {
    const next: Record<string, unknown>[] = []
    for (const combo of combos) for (const value of grid[key]) next.push({ ...combo, [key]: value })
    combos = next
  }
  return combos as P[]
}

/** The URL of this module's file, in ESM, in the CJS build, and from source. */
function here(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url
}

const TS_EXTENSION = /\.(?:[cm]?ts|tsx)$/

/** The ES module of tsx's `tsx/esm/api` entry, found through tsx's own exports map. */
function tsxApiUrl(): string {
  const require = createRequire(here())
  const manifest = require.resolve('tsx/package.json')
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> })
    .exports
  const entry = exports?.['./esm/api'] as string | { import?: string | { default?: string } } | undefined
  const target =
    typeof entry === 'string'
      ? entry
      : typeof entry?.import === 'string'
        ? entry.import
        : entry?.import?.default
  if (typeof target !== 'string') throw new Error(`tsx at ${manifest} has no ./esm/api export`)
  return pathToFileURL(join(dirname(manifest), target)).href
}

/**
 * The code a worker starts with: it registers what loading the entry needs (tsx for TypeScript, the
 * `@tradeblocks/source` export condition when running from this repository's sources), then imports
 * the worker entry.
 */
function bootstrap(entry: string, needTsx: boolean, fromSource: boolean): string {
  const lines: string[] = []
  if (fromSource) {
    const hook =
      "export async function resolve(specifier, context, next) { return next(specifier, { ...context, conditions: [...context.conditions, '@tradeblocks/source'] }) }"
    lines.push(
      `const { register } = await import('node:module');`,
      `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    )
  }
  if (needTsx) {
    let api: string
    try {
      api = tsxApiUrl()
    } catch (cause) {
      throw new SweepError(
        'The strategy module is TypeScript, and tsx is needed to load it in worker threads.',
        {
          details: 'Install tsx (npm install -D tsx), or point `module` at compiled JavaScript.',
          cause,
        },
      )
    }
    lines.push(`const { register: registerTsx } = await import(${JSON.stringify(api)});`, 'registerTsx();')
  }
  lines.push(`await import(${JSON.stringify(entry)});`)
  return `data:text/javascript,${encodeURIComponent(lines.join('\n'))}`
}

/**
 * Runs one backtest per combination of a parameter grid, fanned out over worker threads. Each worker
 * imports the strategy module (a factory `(params) => Strategy`, exported by name), loads the data once
 * (see {@link SweepDataSpec}), and runs its share of the grid; runs are handed out one at a time to
 * whichever worker is free. Results come back in grid order with their statistics, and `best` by a
 * statistic of your choice.
 *
 * A run whose strategy fails is recorded with its error (or stops the sweep with `failFast`); a missing
 * module or export, data that cannot be loaded, or a crashed worker rejects with a {@link SweepError}.
 * TypeScript strategy modules load through `tsx` in the workers, so a sweep works from sources in
 * development as well as from compiled code.
 *
 * @throws ValidationError for a bad grid or parameters.
 *
 * @example
 * ```ts
 * import { sweep } from '@tradeblocks/backtest'
 *
 * // strategies/smaCross.ts: export function smaCross({ fast, slow }) { return { name: `sma-${fast}-${slow}`, onBar... } }
 * const result = await sweep({
 *   module: 'strategies/smaCross.ts',
 *   export: 'smaCross',
 *   grid: { fast: [5, 10, 20], slow: [50, 100, 200] },
 *   data: { kind: 'synthetic', market: { seed: 7, dates: ['2026-03-09', '2026-03-10', '2026-03-11'] } },
 *   backtest: { initialCash: 25_000 },
 *   rankBy: 'sharpe',
 * })
 * for (const run of result.runs) console.log(run.params, run.stats?.sharpe)
 * ```
 */
export async function sweep<P extends Record<string, unknown>>(
  parameters: SweepParameters<P>,
): Promise<SweepReturnType<P>> {
  const combos = expand(parameters.grid)
  const moduleUrl =
    parameters.module instanceof URL ? parameters.module.href : asUrl(String(parameters.module))
  const exportName = parameters.export ?? 'default'
  const wanted = parameters.workers ?? availableParallelism()
  if (!Number.isInteger(wanted) || wanted < 1)
    throw new ValidationError('sweep parameters', [
      {
        path: 'workers',
        message: `workers must be a positive integer (got ${formatValue(wanted)})`,
        value: wanted,
      },
    ])
  const workerCount = Math.min(wanted, combos.length)
  const rankBy = parameters.rankBy ?? 'netPnl'
  const order = parameters.order ?? 'desc'

  const self = here()
  const fromSource = TS_EXTENSION.test(new URL(self).pathname)
  const entry = new URL(`./sweepWorker.${fromSource ? 'ts' : self.endsWith('.cjs') ? 'cjs' : 'js'}`, self)
    .href
  // In this repository's development setup (`--conditions=@tradeblocks/source`), workspace packages
  // resolve to their TypeScript sources: workers then need tsx and the condition too.
  const sourceCondition = fromSource || process.execArgv.some((arg) => arg.includes('@tradeblocks/source'))
  const needTsx = sourceCondition || TS_EXTENSION.test(new URL(moduleUrl).pathname)
  const code = bootstrap(entry, needTsx, sourceCondition)
  const init: SweepWorkerInit = {
    module: moduleUrl,
    exportName,
    data: parameters.data,
    backtest: parameters.backtest ?? {},
    keepTrades: parameters.keepTrades === true,
    keepEquity: parameters.keepEquity === true,
  }

  const progressOption = parameters.progress ?? false
  const progress =
    progressOption instanceof ProgressBar
      ? progressOption
      : progressOption === false
        ? undefined
        : new ProgressBar({
            label: 'sweep',
            unit: 'runs',
            total: combos.length,
            ...(progressOption === true ? {} : progressOption),
          })
  progress?.setTotal(combos.length)

  const started = performance.now()
  const runs: Array<SweepRun<P> | undefined> = new Array(combos.length)
  const workers: Worker[] = []
  /** Workers told to close (no runs left for them); their exit is expected. */
  const closing = new Set<Worker>()
  let next = 0
  let done = 0
  let settled = false

  await new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown) => {
      if (settled) return
      settled = true
      parameters.signal?.removeEventListener('abort', onAbort)
      for (const worker of workers) void worker.terminate()
      if (error === undefined) {
        progress?.done()
        resolve()
      } else {
        progress?.fail()
        reject(error)
      }
    }
    const onAbort = () =>
      finish(new SweepError('The sweep was aborted.', { cause: parameters.signal?.reason }))
    if (parameters.signal?.aborted === true) return onAbort()
    parameters.signal?.addEventListener('abort', onAbort)

    const dispatch = (worker: Worker) => {
      if (settled) return
      if (next >= combos.length) {
        closing.add(worker)
        worker.postMessage({ type: 'close' } satisfies SweepWorkerRequest)
        return
      }
      const index = next++
      worker.postMessage({
        type: 'run',
        index,
        params: combos[index] as Record<string, unknown>,
      } satisfies SweepWorkerRequest)
    }

    for (let w = 0; w < workerCount; w++) {
      let worker: Worker
      try {
        worker = new Worker(new URL(code), { workerData: { tradeblocksSweep: init } })
      } catch (cause) {
        finish(
          new SweepError('Could not start a sweep worker.', {
            details: cause instanceof Error ? cause.message : String(cause),
            cause,
          }),
        )
        return
      }
      workers.push(worker)
      worker.on('message', (message: SweepWorkerResponse) => {
        if (settled) return
        switch (message.type) {
          case 'ready':
            dispatch(worker)
            break
          case 'fatal':
            finish(
              new SweepError(`A sweep worker could not start: ${message.error.message}`, {
                details: `${message.error.name}: ${message.error.message}`,
              }),
            )
            break
          case 'result': {
            const run: SweepRun<P> = {
              index: message.index,
              params: combos[message.index] as P,
              stats: message.stats,
              events: message.events,
              elapsedMs: message.elapsedMs,
            }
            if (message.trades !== undefined) run.trades = message.trades
            if (message.equity !== undefined) run.equity = message.equity
            runs[message.index] = run
            done++
            progress?.update(done)
            if (done === combos.length) finish()
            else dispatch(worker)
            break
          }
          case 'failed': {
            runs[message.index] = {
              index: message.index,
              params: combos[message.index] as P,
              error: message.error,
              elapsedMs: 0,
            }
            if (parameters.failFast === true) {
              finish(
                new SweepError(
                  `Sweep run ${message.index} (${JSON.stringify(combos[message.index])}) failed: ${message.error.message}`,
                  {
                    details: message.error.stack ?? message.error.message,
                  },
                ),
              )
              break
            }
            done++
            progress?.update(done)
            if (done === combos.length) finish()
            else dispatch(worker)
            break
          }
        }
      })
      worker.on('error', (error) =>
        finish(
          new SweepError(`A sweep worker crashed: ${error.message}`, {
            details: error.stack ?? error.message,
            cause: error,
          }),
        ),
      )
      worker.on('exit', (code) => {
        if (!settled && !(closing.has(worker) && code === 0))
          finish(new SweepError(`A sweep worker exited with code ${code} before the sweep ended.`))
      })
    }
  })

  const complete = runs as SweepRun<P>[]
  let best: SweepRun<P> | undefined
  for (const run of complete) {
    const value = run.stats?.[rankBy]
    if (typeof value !== 'number' || Number.isNaN(value)) continue
    const current = best?.stats?.[rankBy] as number | undefined
    if (current === undefined || (order === 'desc' ? value > current : value < current)) best = run
  }
  return { runs: complete, best, workers: workerCount, elapsedMs: performance.now() - started }
}
