import { MemoryJournalStore, openJournal } from '@tradeblocks/journal'
import { expect, test } from 'vitest'
import { syntheticBacktest } from '../test/fixtures.js'
import { computeJournalStats, computeStats } from './index.js'

test('streams a journal into the same statistics as computeStats, and honours the query', async () => {
  const journal = await openJournal({ store: new MemoryJournalStore() })
  const { trades, startingEquity } = syntheticBacktest(3, 5, 10)
  for (const trade of trades) await journal.appendTrade(trade)
  const fromJournal = await computeJournalStats(journal, { startingEquity })
  expect(fromJournal).toEqual(computeStats({ trades, startingEquity }))
  const oneSymbol = await computeJournalStats(journal, { query: { symbol: 'ABCD' }, startingEquity })
  expect(oneSymbol.tradeCount).toBe(trades.filter((t) => t.symbol === 'ABCD').length)
  expect(oneSymbol.bySymbol.map((b) => b.key)).toEqual(['ABCD'])
})
