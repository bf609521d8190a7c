// Writes the committed TA-Lib reference fixture of @tradeblocks/indicators:
//   packages/indicators/test/fixtures/talib-reference.json (manifest)
//   packages/indicators/test/fixtures/talib-reference.bin  (float64 little-endian columns)
// Run: `npm run fixtures -w @tradeblocks/bench-indicators` (needs the talib addon).
// The series is generated (seeded, tick-rounded, with deliberately flat stretches), TA-Lib runs on
// it, and every index is classified the way the accuracy script does, so the fixture test needs
// neither talib nor BigInt arithmetic.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  compareColumn,
  comparisons,
  FLOOR_FRACTION,
  flatWindowEnds,
  RELATIVE_TOLERANCE,
  runCall,
  scaleOf,
} from './catalogue.js'
import { type Columns, generateBars } from './data.js'
import { talib, talibColumn } from './talibReference.js'

const BARS = 1000
const SEED = 20_260_101
const out = join(import.meta.dirname, '../../indicators/test/fixtures')

const c: Columns = generateBars(BARS, { seed: SEED, flatProbability: 0.015, maxFlat: 70 })
const chunks: Float64Array[] = []
let offset = 0
const push = (values: ArrayLike<number>) => {
  const column = Float64Array.from(values)
  chunks.push(column)
  const at = offset
  offset += column.length
  return at
}

const inputs = {
  open: push(c.open),
  high: push(c.high),
  low: push(c.low),
  close: push(c.close),
  volume: push(c.volume),
}

const columns = comparisons.map((comparison) => {
  const ref = talibColumn(comparison, c)
  const ours = runCall(comparison.call, c)
  const report = compareColumn(comparison, c, ours, ref)
  if (report.mismatches > 0)
    throw new Error(`${comparison.name} does not match TA-Lib: ${report.failures.join('; ')}`)
  // indices judged against something other than TA-Lib, with what this package must print there
  const flat = comparison.flatExact
  const flats = flat
    ? flatWindowEnds(
        flat.source === 'typical' ? c.close.map((x, i) => (c.high[i]! + c.low[i]! + x) / 3) : c.close,
        flat.period,
      )
    : new Set<number>()
  const exact: Array<[number, number]> = []
  const flatIndices: Array<[number, number]> = []
  const epsilonZero: number[] = []
  const floor = FLOOR_FRACTION * scaleOf(comparison.scale, c)
  for (let i = 0; i < BARS; i++) {
    const a = ours[i]!
    const b = ref[i]!
    if (Number.isNaN(a) || Number.isNaN(b)) continue
    if (flats.has(i)) {
      flatIndices.push([i, flat!.exact === 'price' ? c.close[i]! : 0])
      continue
    }
    const diff = Math.abs(a - b)
    if (diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || diff <= floor) continue
    if (comparison.talibEpsilonZero && b === 0 && c.close[i] === c.close[i - 1]) epsilonZero.push(i)
    else if (comparison.exact) exact.push([i, comparison.exact(c, i)])
  }
  return {
    name: comparison.name,
    call: comparison.call,
    scale: comparison.scale,
    ...(comparison.oursFirst === undefined ? {} : { oursFirst: comparison.oursFirst }),
    offset: push(ref),
    flat: flatIndices,
    exact,
    epsilonZero,
  }
})

const manifest = {
  description:
    'TA-Lib reference values for @tradeblocks/indicators over a generated series. Written by packages/bench-indicators/src/generateFixtures.ts; do not edit.',
  talib: talib.version,
  seed: SEED,
  bars: BARS,
  binary: 'talib-reference.bin (float64, little-endian; offsets are in values)',
  relativeTolerance: RELATIVE_TOLERANCE,
  floorFraction: FLOOR_FRACTION,
  inputs,
  columns,
}
const bytes = new Uint8Array(offset * 8)
const view = new DataView(bytes.buffer)
let k = 0
for (const chunk of chunks) for (const x of chunk) view.setFloat64(8 * k++, x, true)
writeFileSync(join(out, 'talib-reference.bin'), bytes)
writeFileSync(join(out, 'talib-reference.json'), `${JSON.stringify(manifest, null, 1)}\n`)
const flatCount = columns.reduce((n, col) => n + col.flat.length, 0)
const exactCount = columns.reduce((n, col) => n + col.exact.length, 0)
console.log(
  `Wrote ${columns.length} TA-Lib columns over ${BARS} bars (${bytes.length} bytes); ${flatCount} flat-window and ${exactCount} exact-adjudicated indices.`,
)
