// Runs TA-Lib (the `talib` addon, 1.1.6 on Node 20) and returns index-aligned columns (NaN before
// TA-Lib's first output). Only the benchmark/accuracy package depends on it.
import { createRequire } from 'node:module'
import type { Comparison } from './catalogue.js'
import type { Columns } from './data.js'

interface TalibResult {
  begIndex: number
  nbElement: number
  result: Record<string, number[]>
}
interface Talib {
  version: string
  execute(params: Record<string, unknown>): TalibResult
}

const require = createRequire(import.meta.url)
/** The talib addon. */
export const talib = require('talib') as Talib

/** TA-Lib's output for one comparison over plain-array columns. */
export function talibColumn(comparison: Comparison, c: Columns): Float64Array {
  const n = c.close.length
  const params: Record<string, unknown> = {
    name: comparison.talib,
    startIdx: 0,
    endIdx: n - 1,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    inReal: c[comparison.realFrom ?? 'close'],
    ...comparison.options,
  }
  const r = talib.execute(params)
  const values = r.result[comparison.output]
  if (values === undefined) throw new Error(`TA-Lib ${comparison.talib} has no output ${comparison.output}`)
  const out = new Float64Array(n).fill(Number.NaN)
  for (let i = 0; i < r.nbElement; i++) out[r.begIndex + i] = values[i]!
  return out
}
