import * as DB from '@debut/indicators'
import { EMA, OBV, TEMA, VWAP } from '@tradeblocks/indicators'
import TI from 'technicalindicators'
import * as TS from 'trading-signals'

const n = 1e6
const c = Array.from(
  { length: n },
  (_, i) => Math.round((100 + Math.sin(i / 50) * 3 + Math.sin(i) * 0.2) * 100) / 100,
)
const k = c.map((close, i) => ({
  high: close + 0.05,
  low: close - 0.05,
  close,
  volume: 1000 + (i % 17) * 10,
}))
function mk(call) {
  return new Function(
    's',
    'c',
    'k',
    `let z = 0; for (let i = 0; i < c.length; i++) { const v = ${call}; if (v !== undefined && v !== null) z++ } return z`,
  )
}
const cases = {
  oursEMA: [() => new EMA({ period: 20 }), mk('s.update(c[i])')],
  tsEMA: [() => new TS.EMA(20), mk('s.update(c[i], false)')],
  oursTEMA: [() => new TEMA({ period: 20 }), mk('s.update(c[i])')],
  dbTEMA: [() => new DB.TEMA(20), mk('s.nextValue(c[i])')],
  oursOBV: [() => new OBV(), mk('s.update(k[i])')],
  tiOBV: [() => new TI.OBV({ close: [], volume: [] }), mk('s.nextValue(k[i])')],
  oursVWAP: [() => new VWAP(), mk('s.update(k[i])')],
  tiVWAP: [() => new TI.VWAP({ high: [], low: [], close: [], volume: [] }), mk('s.nextValue(k[i])')],
}
const res = {}
for (let round = 0; round < 7; round++)
  for (const [name, [make, run]] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint()
    run(make(), c, k)
    const ns = Number(process.hrtime.bigint() - t0) / n
    if (round > 1) (res[name] ??= []).push(ns)
  }
for (const [name, xs] of Object.entries(res)) {
  xs.sort((a, b) => a - b)
  console.log(name, xs[xs.length >> 1].toFixed(1), 'ns')
}
