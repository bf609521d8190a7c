import { pathToFileURL } from 'node:url'
import type { Bar, Print, Quote } from '@tradeblocks/core'
import { ValidationError } from '@tradeblocks/core'
import type { BarsCsvOptions } from './BarsCsvOptions.js'
import { type GenerateSyntheticMarketParameters, generateSyntheticMarket } from './generateSyntheticMarket.js'
import { loadBarsCsv } from './loadBarsCsv.js'
import type { MergeMarketEventsParameters } from './mergeMarketEvents.js'
import { syntheticMarketData } from './syntheticMarketData.js'

/**
 * Where a sweep's workers get their market data. It crosses to worker threads, so it is plain data
 * (structured-cloneable), and each worker loads it once for all the runs it does:
 *
 * - `synthetic`: {@link generateSyntheticMarket} with these parameters (deterministic, so every worker
 *   has the same market); bars of every day per symbol, plus quotes when `quotes` is true.
 * - `csv`: files loaded with {@link loadBarsCsv}.
 * - `bars`: bars (and quotes, prints) given inline, copied to each worker.
 * - `module`: a module whose export (a function, sync or async) returns `{ bars, quotes, prints }`;
 *   for data your own code loads (a database, a vendor cache).
 *
 * @example
 * ```ts
 * import type { SweepDataSpec } from '@tradeblocks/backtest'
 *
 * const synthetic: SweepDataSpec = { kind: 'synthetic', market: { seed: 7, dates: ['2026-03-09', '2026-03-10'] } }
 * const csv: SweepDataSpec = { kind: 'csv', files: [{ path: 'data/orcl.csv', options: { symbol: 'ORCL', timeframe: '1d' } }] }
 * ```
 */
export type SweepDataSpec =
  | {
      kind: 'synthetic'
      /** Parameters of the generator (without `calendar`: sweeps use the NYSE calendar). */
      market: Omit<GenerateSyntheticMarketParameters, 'calendar'>
      /** Also replay the generated quotes. Default false. */
      quotes?: boolean
      /** Only these symbols (default all). */
      symbols?: string[]
    }
  | { kind: 'csv'; files: Array<{ path: string; options: BarsCsvOptions }> }
  | {
      kind: 'bars'
      bars?: Record<string, Bar[]>
      quotes?: Record<string, Quote[]>
      prints?: Record<string, Print[]>
    }
  | { kind: 'module'; module: string; export?: string }

type Loaded = Pick<MergeMarketEventsParameters, 'bars' | 'quotes' | 'prints'>

function asUrl(specifier: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier)
    ? specifier
    : pathToFileURL(specifier).href
}

/** Loads a {@link SweepDataSpec} into merge inputs (re-iterable arrays, so one load serves many runs). */
export async function loadSweepData(spec: SweepDataSpec): Promise<Loaded> {
  switch (spec?.kind) {
    case 'synthetic': {
      const market = generateSyntheticMarket(spec.market)
      return syntheticMarketData(market, {
        ...(spec.symbols === undefined ? {} : { symbols: spec.symbols }),
        quotes: spec.quotes === true,
      })
    }
    case 'csv': {
      const bars: Record<string, Bar[]> = {}
      for (const file of spec.files) {
        const loaded = await loadBarsCsv(file.path, file.options)
        for (const [symbol, list] of Object.entries(loaded.bySymbol)) {
          if (bars[symbol] !== undefined)
            throw new ValidationError('sweep data', [
              {
                path: 'files',
                message: `symbol ${symbol} appears in more than one file (${file.path}); give each symbol one file`,
                value: file.path,
              },
            ])
          bars[symbol] = list
        }
      }
      return { bars }
    }
    case 'bars': {
      const loaded: Loaded = {}
      if (spec.bars !== undefined) loaded.bars = spec.bars
      if (spec.quotes !== undefined) loaded.quotes = spec.quotes
      if (spec.prints !== undefined) loaded.prints = spec.prints
      return loaded
    }
    case 'module': {
      const name = spec.export ?? 'default'
      const imported = (await import(asUrl(spec.module))) as Record<string, unknown>
      const load = imported[name]
      if (typeof load !== 'function')
        throw new ValidationError('sweep data', [
          {
            path: 'data.export',
            message: `${spec.module} has no function export "${name}" (exports: ${Object.keys(imported).join(', ') || 'none'})`,
            value: name,
          },
        ])
      return (await (load as () => Loaded | Promise<Loaded>)()) ?? {}
    }
    default:
      throw new ValidationError('sweep data', [
        {
          path: 'data.kind',
          message: `data.kind must be synthetic, csv, bars or module (got ${JSON.stringify((spec as { kind?: unknown })?.kind)})`,
          value: spec,
        },
      ])
  }
}

export { asUrl }
