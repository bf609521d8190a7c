import { fromNewYork, ValidationError } from '@tradeblocks/core'
import { describe, expect, test } from 'vitest'
import { computeStats, type PerformanceStats, StatsAccumulator, type StatsTrade } from './index.js'

const at = (day: number, hour: number, minute = 0) => fromNewYork(2026, 1, day, hour, minute)

function t(
  symbol: string,
  side: StatsTrade['side'],
  [day, h1, m1]: [number, number, number],
  [h2, m2]: [number, number],
  netPnl: number,
  fees: number,
  rMultiple?: number,
  setup?: string,
): StatsTrade {
  return {
    symbol,
    side,
    qty: 100,
    entryTs: at(day, h1, m1),
    entryPrice: 10,
    exitTs: at(day, h2, m2),
    exitPrice: 10,
    netPnl,
    fees,
    ...(rMultiple === undefined ? {} : { rMultiple }),
    ...(setup === undefined ? {} : { setup }),
  }
}

// Six trades over Mon 5, Tue 6 and Wed 7 January 2026, worked out by hand below.
const trades: StatsTrade[] = [
  t('ABCD', 'long', [5, 9, 30], [10, 0], 100, 1, 1, 'flag'),
  t('WXYZ', 'buy', [5, 10, 30], [11, 0], -50, 1, -0.5, 'flag'),
  t('ABCD', 'short', [5, 10, 45], [11, 30], -30, 1, -0.3),
  t('ABCD', 'long', [6, 9, 30], [12, 0], 200, 2, 2, 'gap'),
  t('WXYZ', 'long', [6, 13, 0], [13, 30], 0, 1),
  t('QRST', 'long', [7, 14, 0], [15, 0], -120, 1, -1.2, 'gap'),
]

/** Every number in the result, with its path: none may be NaN or infinite. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`))
}

/** Deep equality with numbers compared to 12 significant digits. */
function expectSame(actual: unknown, expected: unknown): void {
  const a = numbers(actual)
  const b = numbers(expected)
  expect(a.map(([path]) => path)).toEqual(b.map(([path]) => path))
  a.forEach(([path, value], i) => {
    const want = b[i]![1]
    expect(Math.abs(value - want), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)))
  })
  const strip = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' ? 0 : x)))
  expect(strip(actual)).toEqual(strip(expected))
}

function expectAllFinite(stats: PerformanceStats): void {
  const bad = numbers(stats).filter(([, v]) => !Number.isFinite(v))
  expect(bad).toEqual([])
}

describe('computeStats on a hand-computed set', () => {
  const stats = computeStats({ trades: [...trades].reverse(), startingEquity: 10_000 })

  test('trade statistics', () => {
    expect(stats).toMatchObject({
      tradeCount: 6,
      winners: 2,
      losers: 3,
      breakeven: 1,
      netPnl: 100, // 100 - 50 - 30 + 200 + 0 - 120
      grossProfit: 300,
      grossLoss: -200,
      totalFees: 7,
      avgWin: 150,
      avgLoss: -66.67, // -200 / 3
      expectancy: 16.67, // 100 / 6
      largestWin: 200,
      largestLoss: -120,
      rTradeCount: 5,
      // Exits in time order: + - - + 0 -
      longestWinStreak: 1,
      longestLossStreak: 2,
      avgHoldingMs: (345 / 6) * 60_000, // 30 + 30 + 45 + 150 + 30 + 60 minutes
    })
    expect(stats.winRate).toBeCloseTo(2 / 6, 12)
    expect(stats.payoffRatio).toBeCloseTo(150 / (200 / 3), 12)
    expect(stats.profitFactor).toBeCloseTo(1.5, 12)
    expect(stats.avgR).toBeCloseTo((1 - 0.5 - 0.3 + 2 - 1.2) / 5, 12)
  })

  test('exposure is the union of holding time over the regular sessions', () => {
    // Jan 5: 09:30-10:00 and 10:30-11:30 (two overlapping trades); Jan 6: 09:30-12:00 and
    // 13:00-13:30; Jan 7: 14:00-15:00. 330 minutes of 3 x 390.
    expect(stats.timeInMarketMs).toBe(330 * 60_000)
    expect(stats.exposure).toBeCloseTo(330 / 1170, 12)
    expect(stats.tradingDays).toBe(3)
    expect([stats.fromDate, stats.toDate]).toEqual(['2026-01-05', '2026-01-07'])
  })

  test('drawdown, daily and monthly returns from the closed-trade equity curve', () => {
    // Equity: 10000 -> 10100 -> 10050 -> 10020 -> 10220 -> 10220 -> 10100.
    expect(stats.startEquity).toBe(10_000)
    expect(stats.endEquity).toBe(10_100)
    expect(stats.totalReturn).toBeCloseTo(0.01, 12)
    expect(stats.maxDrawdown).toBe(120)
    expect(stats.maxDrawdownPct).toBeCloseTo(120 / 10_220, 12)
    expect(stats.maxDrawdownPeriod).toEqual({
      amount: 120,
      pct: 120 / 10_220,
      peakTs: at(6, 12),
      peakDate: '2026-01-06',
      peakEquity: 10_220,
      troughTs: at(7, 15),
      troughDate: '2026-01-07',
      troughEquity: 10_100,
      recoveryTs: null,
    })
    expect(stats.maxDrawdownPctPeriod).toEqual(stats.maxDrawdownPeriod)
    expect(stats.daily.map((d) => [d.date, d.equity, d.pnl])).toEqual([
      ['2026-01-05', 10_020, 20],
      ['2026-01-06', 10_220, 200],
      ['2026-01-07', 10_100, -120],
    ])
    expect(stats.daily.map((d) => d.return)).toEqual([
      10_020 / 10_000 - 1,
      10_220 / 10_020 - 1,
      10_100 / 10_220 - 1,
    ])
    expect(stats.monthly).toEqual([
      { month: '2026-01', startEquity: 10_000, endEquity: 10_100, pnl: 100, return: 10_100 / 10_000 - 1 },
    ])
  })

  test('Sharpe, Sortino, volatility and CAGR from the daily returns', () => {
    // r = [0.002, 0.01996008, -0.01174168]; mean 0.00340613; sample sd 0.01589759;
    // downside deviation sqrt(0.01174168^2 / 3) = 0.00677906.
    expect(stats.sharpe).toBeCloseTo(3.401186971858705, 9)
    expect(stats.sortino).toBeCloseTo(7.976126969174896, 9)
    expect(stats.volatility).toBeCloseTo(0.25236640732360127, 9)
    // (10100 / 10000)^(252 / 3) - 1
    expect(stats.cagr).toBeCloseTo(1.3067227440403664, 9)
    const withRf = computeStats({ trades, startingEquity: 10_000, riskFreeRate: 0.04 })
    expect(withRf.sharpe).toBeCloseTo(3.245763094967266, 9)
    expect(withRf.sortino).toBeCloseTo(7.512061046775282, 9)
    expect(withRf.riskFreeRate).toBe(0.04)
  })

  test('breakdowns per symbol, setup and side', () => {
    const pick = (b: PerformanceStats['bySymbol']) =>
      b.map((x) => [x.key, x.tradeCount, x.winners, x.losers, x.netPnl, x.profitFactor, x.avgR])
    expect(pick(stats.bySymbol)).toEqual([
      ['ABCD', 3, 2, 1, 270, 10, expect.closeTo(0.9, 12)],
      ['WXYZ', 2, 0, 1, -50, 0, -0.5],
      ['QRST', 1, 0, 1, -120, 0, -1.2],
    ])
    expect(pick(stats.bySetup)).toEqual([
      ['gap', 2, 1, 1, 80, expect.closeTo(200 / 120, 12), expect.closeTo(0.4, 12)],
      ['flag', 2, 1, 1, 50, 2, 0.25],
      ['(none)', 2, 0, 1, -30, 0, -0.3],
    ])
    expect(pick(stats.bySide)).toEqual([
      ['long', 5, 2, 2, 130, expect.closeTo(300 / 170, 12), expect.closeTo(1.3 / 4, 12)],
      ['short', 1, 0, 1, -30, 0, -0.3],
    ])
  })

  test('is the same whatever order the trades come in', () => {
    // Ratios may differ in the last bit (float sums depend on order); money is exact.
    expectSame(computeStats({ trades, startingEquity: 10_000 }), stats)
    const acc = new StatsAccumulator({ startingEquity: 10_000 })
    for (const trade of [trades[3], trades[0], trades[5], trades[1], trades[4], trades[2]])
      acc.addTrade(trade!)
    expectSame(acc.result(), stats)
  })
})

describe('edge cases give defined values, never NaN', () => {
  test('no trades and no curve', () => {
    const stats = computeStats()
    expectAllFinite(stats)
    expect(stats).toMatchObject({
      tradeCount: 0,
      winRate: null,
      netPnl: 0,
      avgWin: null,
      avgLoss: null,
      profitFactor: null,
      expectancy: null,
      avgR: null,
      exposure: null,
      maxDrawdown: 0,
      maxDrawdownPct: null,
      maxDrawdownPeriod: null,
      sharpe: null,
      sortino: null,
      cagr: null,
      from: null,
      tradingDays: 0,
      daily: [],
      monthly: [],
      bySymbol: [],
    })
  })

  test('all winners: profit factor and payoff are undefined (null), drawdown is zero', () => {
    const winners = trades.map((x) => ({ ...x, netPnl: Math.abs(x.netPnl) + 10 }))
    const stats = computeStats({ trades: winners, startingEquity: 10_000 })
    expectAllFinite(stats)
    expect(stats).toMatchObject({
      winRate: 1,
      losers: 0,
      avgLoss: null,
      payoffRatio: null,
      profitFactor: null,
      longestWinStreak: 6,
      longestLossStreak: 0,
      maxDrawdown: 0,
      maxDrawdownPct: 0,
      maxDrawdownPeriod: null,
      // Every day is up: no downside.
      sortino: null,
    })
    expect(stats.sharpe).not.toBeNull()
  })

  test('zero variance: an equity curve that never moves', () => {
    const equity = [5, 6, 7, 8, 9].map((day) => ({ ts: at(day, 16), equity: 25_000 }))
    const stats = computeStats({ equity })
    expectAllFinite(stats)
    expect(stats).toMatchObject({ sharpe: null, sortino: null, volatility: 0, cagr: 0, totalReturn: 0 })
    expect(stats.daily).toHaveLength(5)
  })

  test('a constant daily return has no variance either', () => {
    const equity = [
      { ts: at(5, 9, 30), equity: 10_000 },
      ...[5, 6, 7, 8, 9].map((day, i) => ({ ts: at(day, 16), equity: 10_000 * 1.01 ** (i + 1) })),
    ]
    const stats = computeStats({ equity })
    expect(stats.sharpe).toBeNull()
    expect(stats.sortino).toBeNull()
  })

  test('one trade: no Sharpe from a single day', () => {
    const stats = computeStats({ trades: [trades[0]!], startingEquity: 10_000 })
    expectAllFinite(stats)
    expect(stats).toMatchObject({
      tradeCount: 1,
      winRate: 1,
      sharpe: null,
      sortino: null,
      daily: [expect.anything()],
    })
  })

  test('without a starting equity, money figures work and percentages are null', () => {
    const stats = computeStats({ trades })
    expectAllFinite(stats)
    expect(stats).toMatchObject({
      netPnl: 100,
      maxDrawdown: 120,
      maxDrawdownPct: null,
      startEquity: null,
      totalReturn: null,
      sharpe: null,
      cagr: null,
    })
    expect(stats.daily.map((d) => [d.pnl, d.return])).toEqual([
      [20, null],
      [200, null],
      [-120, null],
    ])
  })

  test('an account wiped out: CAGR is -100%, later returns null', () => {
    const equity = [
      { ts: at(5, 9, 30), equity: 1_000 },
      { ts: at(5, 16), equity: 0 },
      { ts: at(6, 16), equity: 0 },
    ]
    const stats = computeStats({ equity })
    expectAllFinite(stats)
    expect(stats.cagr).toBe(-1)
    expect(stats.maxDrawdownPct).toBe(1)
    expect(stats.sharpe).toBeNull()
  })
})

describe('equity curves', () => {
  test('a given curve drives drawdown and returns; recovery is found', () => {
    const equity = [
      { ts: at(5, 9, 30), equity: 10_000 },
      { ts: at(5, 12), equity: 10_500 },
      { ts: at(5, 16), equity: 10_200 },
      { ts: at(6, 11), equity: 9_900 },
      { ts: at(6, 16), equity: 10_100 },
      { ts: at(7, 10), equity: 10_600 },
      { ts: at(7, 16), equity: 10_400 },
    ]
    const stats = computeStats({ equity: [...equity].reverse(), trades })
    expect(stats.maxDrawdown).toBe(600)
    expect(stats.maxDrawdownPeriod).toMatchObject({
      peakTs: at(5, 12),
      troughTs: at(6, 11),
      pct: 600 / 10_500,
      recoveryTs: at(7, 10),
    })
    expect(stats.daily.map((d) => d.equity)).toEqual([10_200, 10_100, 10_400])
    // Trade statistics still come from the trades.
    expect(stats.netPnl).toBe(100)
  })

  test('flat days between points count as zero-return days', () => {
    const equity = [
      { ts: at(5, 9, 30), equity: 10_000 },
      { ts: at(5, 16), equity: 10_100 },
      { ts: at(9, 16), equity: 10_300 },
    ]
    const stats = computeStats({ equity })
    expect(stats.daily.map((d) => [d.date, d.pnl])).toEqual([
      ['2026-01-05', 100],
      ['2026-01-06', 0],
      ['2026-01-07', 0],
      ['2026-01-08', 0],
      ['2026-01-09', 200],
    ])
  })

  test('monthly returns chain across months', () => {
    const equity = [
      { ts: fromNewYork(2026, 1, 30, 9, 30), equity: 10_000 },
      { ts: fromNewYork(2026, 1, 30, 16), equity: 11_000 },
      { ts: fromNewYork(2026, 2, 2, 16), equity: 9_900 },
    ]
    expect(computeStats({ equity }).monthly).toEqual([
      {
        month: '2026-01',
        startEquity: 10_000,
        endEquity: 11_000,
        pnl: 1_000,
        return: expect.closeTo(0.1, 12),
      },
      {
        month: '2026-02',
        startEquity: 11_000,
        endEquity: 9_900,
        pnl: -1_100,
        return: expect.closeTo(9_900 / 11_000 - 1, 12),
      },
    ])
  })
})

describe('validation', () => {
  test('names the trade and the field', () => {
    expect(() => computeStats({ trades: [{ ...trades[0]!, netPnl: Number.NaN }] })).toThrowError(
      new ValidationError('trade #0', [
        { path: 'netPnl', message: 'netPnl must be a finite number (got NaN)' },
      ]).message,
    )
    expect(() =>
      computeStats({ trades: [{ ...trades[0]!, id: 't-9', exitTs: trades[0]!.entryTs - 1 }] }),
    ).toThrowError(/^Invalid trade t-9: exitTs must not be before entryTs/)
  })

  test('equity points fed to an accumulator must be in time order', () => {
    const acc = new StatsAccumulator()
    acc.addEquity({ ts: 2, equity: 1 })
    expect(() => acc.addEquity({ ts: 1, equity: 1 })).toThrowError(/must not be before the previous point 2/)
  })

  test('rejects bad options', () => {
    expect(() => computeStats({ riskFreeRate: Number.NaN })).toThrowError(ValidationError)
  })
})

test('with a curve, startingEquity is the opening equity before its first point', () => {
  const equity = [
    { ts: at(5, 16), equity: 10_100 },
    { ts: at(6, 16), equity: 10_000 },
  ]
  const stats = computeStats({ equity, startingEquity: 10_000 })
  expect(stats.startEquity).toBe(10_000)
  expect(stats.daily.map((d) => [d.date, d.pnl])).toEqual([
    ['2026-01-05', 100],
    ['2026-01-06', -100],
  ])
  expect(stats.maxDrawdown).toBe(100)
})
