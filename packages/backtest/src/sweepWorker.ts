// The worker-thread entry of `sweep`: loads the strategy module and the data once, then runs one
// backtest per message. Built to dist/sweepWorker.js (and .cjs); from source it runs through tsx.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import type { Strategy } from '@tradeblocks/engine'
import { asUrl, loadSweepData, type SweepDataSpec } from './loadSweepData.js'
import { runBacktest } from './runBacktest.js'
import type { SweepBacktestOptions, SweepRunFailure } from './sweep.js'

/** What the main thread tells a worker when it starts it. */
export interface SweepWorkerInit {
  module: string
  exportName: string
  data: SweepDataSpec
  backtest: SweepBacktestOptions
  keepTrades: boolean
  keepEquity: boolean
}

/** Messages from the main thread. */
export type SweepWorkerRequest =
  | { type: 'run'; index: number; params: Record<string, unknown> }
  | { type: 'close' }

/** Messages to the main thread. */
export type SweepWorkerResponse =
  | { type: 'ready' }
  | { type: 'fatal'; error: SweepRunFailure }
  | {
      type: 'result'
      index: number
      stats: Awaited<ReturnType<typeof runBacktest>>['stats']
      events: number
      elapsedMs: number
      trades?: Awaited<ReturnType<typeof runBacktest>>['trades']
      equity?: { ts: Float64Array; equity: Float64Array }
    }
  | { type: 'failed'; index: number; error: SweepRunFailure }

export function serializeError(error: unknown): SweepRunFailure {
  if (error instanceof Error) {
    const out: SweepRunFailure = { name: error.name, message: error.message }
    if (error.stack !== undefined) out.stack = error.stack
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string') out.code = code
    return out
  }
  return { name: 'Error', message: String(error) }
}

async function main(port: MessagePort, init: SweepWorkerInit): Promise<void> {
  // Listen at once: a pending import through loader hooks does not keep a worker alive, a port does.
  // Requests only come after 'ready', so the listener is set before any can arrive.
  let handle: ((request: SweepWorkerRequest) => Promise<void>) | undefined
  port.on('message', (request: SweepWorkerRequest) => void handle?.(request))
  let factory: (params: Record<string, unknown>) => Strategy
  let data: Awaited<ReturnType<typeof loadSweepData>>
  try {
    const imported = (await import(asUrl(init.module))) as Record<string, unknown>
    const candidate = imported[init.exportName]
    if (typeof candidate !== 'function')
      throw new TypeError(
        `${init.module} has no function export "${init.exportName}" (exports: ${Object.keys(imported).join(', ') || 'none'}); export a factory (params) => Strategy`,
      )
    factory = candidate as typeof factory
    data = await loadSweepData(init.data)
  } catch (error) {
    port.postMessage({ type: 'fatal', error: serializeError(error) } satisfies SweepWorkerResponse)
    port.close()
    return
  }
  handle = async (request: SweepWorkerRequest) => {
    if (request.type === 'close') {
      port.close()
      return
    }
    const started = performance.now()
    try {
      const strategy = factory(request.params)
      const report = await runBacktest({ ...init.backtest, strategy, data })
      const response: SweepWorkerResponse = {
        type: 'result',
        index: request.index,
        stats: report.stats,
        events: report.events,
        elapsedMs: performance.now() - started,
      }
      const transfer: ArrayBuffer[] = []
      if (init.keepTrades) response.trades = report.trades
      if (init.keepEquity) {
        response.equity = report.equity
        transfer.push(report.equity.ts.buffer as ArrayBuffer, report.equity.equity.buffer as ArrayBuffer)
      }
      port.postMessage(response, transfer)
    } catch (error) {
      port.postMessage({
        type: 'failed',
        index: request.index,
        error: serializeError(error),
      } satisfies SweepWorkerResponse)
    }
  }
  port.postMessage({ type: 'ready' } satisfies SweepWorkerResponse)
}

if (
  parentPort !== null &&
  (workerData as { tradeblocksSweep?: unknown } | null)?.tradeblocksSweep !== undefined
) {
  void main(parentPort, (workerData as { tradeblocksSweep: SweepWorkerInit }).tradeblocksSweep)
}
