// Deterministic trade generators shared by the journal's tests, the crash child and the benchmarks.
import { fromNewYork } from '@tradeblocks/core'
import { mulberry32 } from '@tradeblocks/test-utils'
import { createTradeRecord, type TradeRecord, type TradeRecordInput } from '../src/index.js'

const SYMBOLS = ['ABCD', 'WXYZ', 'QRST', 'MNOP', 'EFGH', 'BRK.B', 'IJKL', 'UVW']
const STRATEGIES = ['bull-flag', 'gap-and-go', 'vwap-reclaim']
const SETUPS = ['bull-flag', 'flat-top', 'abcd', undefined]
const TAGS = ['a-plus', 'news', 'low-float', 'halt', 'first-pullback']
// + 0 turns -0 into 0.
const cents = (x: number) => Math.round(x * 100) / 100 + 0

export interface RandomTradeOptions {
  /** The record id. */
  id: string
  /** First New York trading date to use, as [year, month, day]. */
  startDate?: [number, number, number]
  /** Spread exits over this many calendar days from startDate. */
  days?: number
  /** Extra characters of signal payload, to vary line length. */
  padding?: number
}

/** A realistic random trade whose money fields reconcile to the cent. */
export function randomTradeInput(rng: () => number, options: RandomTradeOptions): TradeRecordInput {
  const [y, m, d] = options.startDate ?? [2026, 1, 5]
  const dayOffset = Math.floor(rng() * (options.days ?? 1))
  const open = fromNewYork(y, m, d + dayOffset, 9, 30)
  const entryTs = open + Math.floor(rng() * 5 * 3_600_000)
  const exitTs = entryTs + 1_000 + Math.floor(rng() * 3_600_000)
  const side = rng() < 0.8 ? 'long' : 'short'
  const dir = side === 'long' ? 1 : -1
  const entryPrice = cents(2 + rng() * 30)
  const risk = cents(0.05 + rng() * 0.5)
  const move = cents((rng() - 0.45) * 3 * risk)
  const exitPrice = Math.max(0.01, cents(entryPrice + dir * move))
  const qty = 10 * (1 + Math.floor(rng() * 100))
  const grossPnl = cents(dir * (exitPrice - entryPrice) * qty)
  const fees = cents(rng() * 2)
  const setup = SETUPS[Math.floor(rng() * SETUPS.length)]
  const tags = TAGS.filter(() => rng() < 0.25)
  const catalyst = rng() < 0.3 ? 'earnings "beat", raised guidance' : undefined
  const notes = rng() < 0.2 ? 'chased the entry,\nsize too big' : undefined
  return {
    id: options.id,
    strategy: STRATEGIES[Math.floor(rng() * STRATEGIES.length)] as string,
    mode: rng() < 0.5 ? 'paper' : 'backtest',
    account: 'acct-1',
    symbol: SYMBOLS[Math.floor(rng() * SYMBOLS.length)] as string,
    side,
    qty,
    entryTs,
    entryPrice,
    exitTs,
    exitPrice,
    plannedStop: cents(entryPrice - dir * risk),
    plannedTarget: cents(entryPrice + dir * 2 * risk),
    exitReason: move > 0 ? 'target' : 'stop',
    grossPnl,
    netPnl: cents(grossPnl - fees),
    fees,
    slippage: cents(rng() * 0.5),
    mfe: cents(Math.abs(move) + rng() * 0.2),
    mae: cents(rng() * risk),
    scannerScore: Math.round(rng() * 1000) / 10,
    ...(catalyst === undefined ? {} : { catalyst }),
    entryOrderIds: [`${options.id}-in`],
    exitOrderIds: [`${options.id}-out`],
    tags,
    ...(notes === undefined ? {} : { notes }),
    ...(setup === undefined ? {} : { setup }),
    signal: {
      poleGainPct: Math.round(rng() * 2000) / 100,
      flagBars: 3 + Math.floor(rng() * 8),
      breakout: rng() < 0.5,
      levels: [entryPrice, cents(entryPrice * 1.02)],
      ...(options.padding ? { payload: 'x'.repeat(options.padding) } : {}),
    },
  }
}

/** A validated random trade. */
export function randomTrade(rng: () => number, options: RandomTradeOptions): TradeRecord {
  return createTradeRecord(randomTradeInput(rng, options))
}

/** The record the crash child writes as number `i` of run `run`: a pure function of (run, i). */
export function crashRecord(run: number, i: number): TradeRecord {
  const rng = mulberry32(run * 1_000_003 + i)
  const padding = rng() < 0.6 ? Math.floor(rng() * 400) : Math.floor(rng() * 12_000)
  return randomTrade(rng, { id: `run${run}-${i}`, startDate: [2026, 2, 2 + run * 3], days: 3, padding })
}
