// scratch (not committed): same-process head to head, ours vs one peer, interleaved
import { generateBars } from '../src/data.js'
import { cases, type Data, type Library } from './cases.js'
const [ind, peer, form, roundsArg] = process.argv.slice(2) as [string, Library, 'batch' | 'stream', string?]
const n = 1_000_000
const columns = generateBars(n, { seed: 1 })
const candles = columns.close.map((close, i) => ({ open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close, volume: columns.volume[i]! }))
const data: Data = { n, ...columns, candles }
const libs: Library[] = ['tradeblocks', peer]
const runs = libs.map((l) => {
  const c = cases(l)[ind]
  if (!c) throw new Error(`${l} has no ${ind}`)
  const r = form === 'batch' ? c.batch : c.stream
  if (!r) throw new Error(`${l} has no ${form} ${ind}`)
  return r
})
const res: number[][] = libs.map(() => [])
let sink = 0
const rounds = Number(roundsArg ?? 15)
for (let r = 0; r < rounds; r++) {
  runs.forEach((run, i) => {
    const t0 = performance.now(); sink += run(data); res[i]!.push(performance.now() - t0)
  })
}
const med = res.map((t) => { t.sort((a, b) => a - b); return t[Math.floor(t.length / 2)]! })
libs.forEach((l, i) => console.log(l.padEnd(20), form === 'batch' ? `${(n / med[i]! / 1000).toFixed(1)} M bars/s` : `${(med[i]! * 1e6 / n).toFixed(2)} ns`))
console.log('ratio', (med[1]! / med[0]!).toFixed(2), sink > 0 ? '' : ' ')
