import { classifyNews, type PremarketSnapshot, rankMomentum, scanPremarket } from '@tradeblocks/scanner'

const now = Date.UTC(2026, 0, 6, 14, 0) // 09:00 New York; in a bot, clock.now()

const snapshots: PremarketSnapshot[] = [
  // symbol, previous close, last price, premarket volume, average daily volume, float, average premarket volume
  {
    symbol: 'ABCD',
    prevClose: 4.1,
    lastPrice: 5.25,
    premarketVolume: 1_850_000,
    avgDailyVolume: 3_200_000,
    float: 9_500_000,
    avgPremarketVolume: 120_000,
  },
  {
    symbol: 'EFGH',
    prevClose: 12.0,
    lastPrice: 13.8,
    premarketVolume: 640_000,
    avgDailyVolume: 5_000_000,
    float: 42_000_000,
    avgPremarketVolume: 90_000,
  },
  {
    symbol: 'IJKL',
    prevClose: 2.5,
    lastPrice: 3.1,
    premarketVolume: 2_400_000,
    avgDailyVolume: 9_000_000,
    float: 15_000_000,
    avgPremarketVolume: 400_000,
  },
  {
    symbol: 'MNOP',
    prevClose: 30.0,
    lastPrice: 30.6,
    premarketVolume: 80_000,
    avgDailyVolume: 2_000_000,
    avgPremarketVolume: 60_000,
  },
  {
    symbol: 'QRST',
    prevClose: Number.NaN,
    lastPrice: 8.0,
    premarketVolume: 500_000,
    avgDailyVolume: 1_000_000,
  },
]
const news = [
  {
    headline: 'ABCD Announces FDA Approval of Its Lead Drug',
    symbols: ['ABCD'],
    publishedAt: now - 2 * 3_600_000,
  },
  {
    headline: 'IJKL Prices $15 Million Registered Direct Offering',
    symbols: ['IJKL'],
    publishedAt: now - 1_800_000,
  },
  {
    headline: 'EFGH Beats Estimates but Cuts Full-Year Guidance',
    symbols: ['EFGH'],
    publishedAt: now - 12 * 3_600_000,
  },
]

// 1. Scan: every rejection says why.
const { passed, rejected } = scanPremarket(snapshots, { maxFloat: 50_000_000, allowUnknownFloat: true })
for (const r of rejected) console.log(`skip ${r.symbol}: ${r.reasons.map((x) => x.message).join('; ')}`)

// 2. Classify the overnight news.
const { classified } = await classifyNews(news, { now })
for (const c of classified)
  console.log(`news ${c.item.symbols.join(',')}: ${c.category} ${c.sign} ${c.strength}`)

// 3. Rank: the watchlist, with the parts of each score.
for (const r of rankMomentum(passed, { catalysts: classified, topN: 20 })) {
  const parts = Object.entries(r.parts).map(([name, p]) => `${name} ${p.contribution.toFixed(3)}`)
  console.log(`#${r.rank} ${r.symbol} ${r.score.toFixed(3)} (${parts.join(', ')})`)
}
