import { scanPremarket } from './src/index.ts'
import { generateSnapshots } from './test/snapshots.ts'

const universe = generateSnapshots({ seed: 1, count: 10_000 })
const lenient = {
  minGapPct: -100,
  minRelativeVolume: 0,
  minPrice: 0,
  maxPrice: 1e9,
  minPremarketDollarVolume: 0,
}
let t = performance.now()
for (let i = 0; i < 300; i++) scanPremarket(universe, lenient)
console.log('lenient', ((performance.now() - t) / 300).toFixed(2))
t = performance.now()
for (let i = 0; i < 300; i++) scanPremarket(universe)
console.log('default', ((performance.now() - t) / 300).toFixed(2))
