// Reading and computing statistics over a million journaled trades.
//
//   npm run bench -w @tradeblocks/performance
//
// Writes BENCH_COUNT (default 1,000,000) trades into a temporary JSONL journal (or uses the journal
// in BENCH_JOURNAL_DIR), then times opening it read-only, streaming every record through the
// journal's validating reader and computing the full statistics. Target: under 5 s.
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fromNewYork, nyse, roundMoney } from '@tradeblocks/core'
import { openJournal, type TradeRecordInput } from '@tradeblocks/journal'
import { mulberry32 } from '@tradeblocks/test-utils'
import { computeJournalStats, computeStats, type StatsTrade } from '../src/index.js'

const COUNT = Number(process.env.BENCH_COUNT ?? 1_000_000)
const TARGET_SECONDS = 5
const SYMBOLS = ['ABCD', 'WXYZ', 'QRST', 'MNOP', 'EFGH', 'IJKL', 'UVWX', 'BRK.B']
const SETUPS = ['bull-flag', 'flat-top', 'vwap-reclaim']

function trade(rng: () => number, i: number, days: string[]): TradeRecordInput {
  const date = days[Math.floor((i / COUNT) * days.length)] as string
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const entryTs = fromNewYork(y, m, d, 9, 30) + Math.floor(rng() * 330 * 60_000)
  const exitTs = entryTs + 60_000 + Math.floor(rng() * 30 * 60_000)
  const side = rng() < 0.8 ? 'long' : 'short'
  const dir = side === 'long' ? 1 : -1
  const entryPrice = roundMoney(2 + rng() * 30)
  const risk = roundMoney(0.05 + rng() * 0.3)
  const exitPrice = Math.max(0.01, roundMoney(entryPrice + dir * (rng() - 0.45) * 3 * risk))
  const qty = 10 * (1 + Math.floor(rng() * 50))
  const grossPnl = roundMoney(dir * (exitPrice - entryPrice) * qty)
  const fees = roundMoney(qty * 0.005)
  return {
    id: `t-${i}`,
    strategy: 'bench',
    mode: 'backtest',
    account: 'bt',
    symbol: SYMBOLS[Math.floor(rng() * SYMBOLS.length)] as string,
    side,
    qty,
    entryTs,
    entryPrice,
    exitTs,
    exitPrice,
    plannedStop: roundMoney(entryPrice - dir * risk),
    plannedTarget: roundMoney(entryPrice + dir * 2 * risk),
    exitReason: exitPrice > entryPrice === (dir === 1) ? 'target' : 'stop',
    grossPnl,
    netPnl: roundMoney(grossPnl - fees),
    fees,
    slippage: roundMoney(rng() * 0.2),
    mfe: roundMoney(rng() * risk * 3),
    mae: roundMoney(rng() * risk),
    setup: SETUPS[Math.floor(rng() * SETUPS.length)] as string,
    signal: { poleGainPct: Math.round(rng() * 2000) / 100, flagBars: 3 + Math.floor(rng() * 8) },
    scannerScore: Math.round(rng() * 1000) / 10,
    entryOrderIds: [`t-${i}-in`],
    exitOrderIds: [`t-${i}-out`],
    tags: rng() < 0.3 ? ['a-plus'] : [],
  }
}

const given = process.env.BENCH_JOURNAL_DIR
const dir = given ?? (await mkdtemp(join(tmpdir(), 'tradeblocks-bench-stats-')))
try {
  if (given === undefined) {
    const days = nyse.tradingDaysBetween('2022-01-03', '2025-12-31')
    const rng = mulberry32(1)
    const writer = await openJournal({ dir, durability: { mode: 'group', intervalMs: 20 } })
    const start = performance.now()
    let pending: Promise<unknown>[] = []
    for (let i = 0; i < COUNT; i++) {
      pending.push(writer.appendTrade(trade(rng, i, days)))
      if (pending.length >= 20_000) {
        await Promise.all(pending)
        pending = []
      }
    }
    await Promise.all(pending)
    await writer.close()
    console.log(
      `prepared ${COUNT.toLocaleString('en-US')} trades in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    )
  }

  let best = Number.POSITIVE_INFINITY
  for (let round = 1; round <= 3; round++) {
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    const journal = await openJournal({ dir, readOnly: true })
    const stats = await computeJournalStats(journal, { startingEquity: 1_000_000 })
    await journal.close()
    const seconds = (performance.now() - start) / 1000
    const cpu = process.cpuUsage(cpuStart)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    best = Math.min(best, seconds)
    console.log(
      `read + stats #${round}: ${stats.tradeCount.toLocaleString('en-US')} trades in ${seconds.toFixed(2)} s ` +
        `(net ${stats.netPnl.toLocaleString('en-US')}, max drawdown ${stats.maxDrawdown.toLocaleString('en-US')}, ` +
        `Sharpe ${stats.sharpe?.toFixed(2)}; ${cpuSeconds.toFixed(2)} s of CPU, load average ${loadavg()[0]?.toFixed(1)})`,
    )
  }

  // The statistics alone, on trades already in memory.
  const journal = await openJournal({ dir, readOnly: true })
  const trades: StatsTrade[] = await journal.queryTrades()
  await journal.close()
  const start = performance.now()
  const stats = computeStats({ trades, startingEquity: 1_000_000 })
  console.log(
    `computeStats alone: ${stats.tradeCount.toLocaleString('en-US')} trades in ${((performance.now() - start) / 1000).toFixed(2)} s`,
  )
  console.log(
    best < TARGET_SECONDS
      ? `OK: best read + stats ${best.toFixed(2)} s < ${TARGET_SECONDS} s`
      : `ABOVE TARGET: best read + stats ${best.toFixed(2)} s >= ${TARGET_SECONDS} s`,
  )
  if (best >= TARGET_SECONDS) process.exitCode = 1
} finally {
  if (given === undefined) await rm(dir, { recursive: true, force: true })
}
