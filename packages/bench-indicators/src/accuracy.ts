// Opt-in accuracy check against TA-Lib: `npm run accuracy -w @tradeblocks/bench-indicators`.
// Compares every catalogued output at every index on 1,000,000 generated tick-rounded bars (with
// flat windows) and on the real daily series of shared/data/backtrader when present.
// Options: --bars=N (generated bars, default 1000000), --data=DIR (real data folder).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type ColumnReport, compareColumn, comparisons, passed, runCall } from './catalogue.js'
import { type Columns, generateBars, loadYahooCsv } from './data.js'
import { talib, talibColumn } from './talibReference.js'

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k!, v ?? 'true'] as const
  }),
)
const bars = Number(args.get('bars') ?? 1_000_000)
const dataDir = args.get('data') ?? join(import.meta.dirname, '../../../../shared/data/backtrader')

function check(label: string, c: Columns): boolean {
  console.log(`\n## ${label}: ${c.close.length.toLocaleString('en-US')} bars (TA-Lib ${talib.version})\n`)
  console.log(
    '| output | compared | max rel. diff | near zero (floor) | flat windows (exact) | TA-Lib error there | TA-Lib rounding (exact sides with us) | TA-Lib worst rel. error there | TA-Lib 1e-14 zeroing | result |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
  let ok = true
  for (const comparison of comparisons) {
    const report: ColumnReport = compareColumn(
      comparison,
      c,
      runCall(comparison.call, c),
      talibColumn(comparison, c),
    )
    const good = passed(report)
    ok &&= good
    const e = (x: number) => x.toExponential(1)
    console.log(
      `| ${report.name} | ${report.compared} | ${e(report.maxRelative)} | ${report.floorOnly} | ${report.flatExact} | ${
        report.flatExact > 0 ? e(report.talibFlatError) : '-'
      } | ${report.adjudicated} | ${report.adjudicated > 0 ? e(report.talibWorst) : '-'} | ${report.epsilonZero} | ${
        good ? 'ok' : 'FAIL'
      } |`,
    )
    for (const f of report.failures) console.log(`    ${f}`)
  }
  return ok
}

let ok = check(`generated, seed 7`, generateBars(bars, { seed: 7 }))
for (const file of ['orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt']) {
  const path = join(dataDir, file)
  if (existsSync(path)) ok = check(file, loadYahooCsv(path)) && ok
  else console.log(`\n(${path} not found: skipped)`)
}
console.log(ok ? '\nEvery output matches TA-Lib.' : '\nSome outputs differ from TA-Lib.')
process.exit(ok ? 0 : 1)
