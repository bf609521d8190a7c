import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Bar } from '@tradeblocks/core'
import { nyse, ValidationError } from '@tradeblocks/core'
import { type Strategy, StrategyError } from '@tradeblocks/engine'
import { StatsAccumulator } from '@tradeblocks/performance'
import { makeTempDir } from '@tradeblocks/test-utils'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { DataProblemsError } from './DataProblemsError.js'
import { generateSyntheticMarket, type SyntheticMarket } from './generateSyntheticMarket.js'
import { ProgressBar } from './ProgressBar.js'
import { runBacktest } from './runBacktest.js'

let market: SyntheticMarket
let spyLike: Bar[]
beforeAll(() => {
  market = generateSyntheticMarket({
    seed: 21,
    dates: ['2026-03-09', '2026-03-10'],
    symbols: 12,
    gappersPerDay: 4,
  })
  const liquid = market.symbols.find((s) => s.tier === 'large_cap')!.symbol
  spyLike = market.days.flatMap((d) => d.bars[liquid]!)
})

/** SMA(5/20) crossover on closes, long only, 100 shares. */
function smaCross(name = 'sma-cross'): Strategy {
  const closes: number[] = []
  let previous = 0
  return {
    name,
    onBar(bar, ctx) {
      closes.push(bar.close)
      if (closes.length < 20) return
      const mean = (n: number) => closes.slice(-n).reduce((a, b) => a + b, 0) / n
      const diff = mean(5) - mean(20)
      if (diff > 0 && previous <= 0 && !ctx.position(bar.symbol) && ctx.openOrders(bar.symbol).length === 0)
        void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'buy', qty: 100 })
      else if (diff < 0 && previous >= 0 && ctx.openOrders(bar.symbol).length === 0) {
        const position = ctx.position(bar.symbol)
        if (position) void ctx.submit({ type: 'market', symbol: bar.symbol, side: 'sell', qty: position.qty })
      }
      previous = diff
    },
  }
}

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('runBacktest', () => {
  test('an SMA crossover: fills, trades, equity curve and stats agree with each other and the broker', async () => {
    const report = await runBacktest({
      strategy: smaCross(),
      data: { bars: [spyLike] },
      initialCash: 50_000,
      broker: { commission: { kind: 'per_share', perShare: 0.005, min: 1 } },
    })
    expect(report.bars).toBe(spyLike.length)
    expect(report.events).toBe(spyLike.length)
    expect(report.trades.length).toBeGreaterThan(5)
    expect(report.fills.length).toBe(
      report.trades.reduce((a, t) => a + t.fills, 0) + (report.openTrades.length > 0 ? 1 : 0),
    )
    // Each closed trade is a buy and a sell of 100 shares; P&L and fees add up.
    for (const t of report.trades) {
      expect(t.side).toBe('long')
      expect(t.qty).toBe(100)
      expect(t.exitTs).toBeGreaterThan(t.entryTs)
      expect(t.grossPnl).toBeCloseTo((t.exitPrice - t.entryPrice) * 100, 6)
      expect(t.fees).toBeCloseTo(2, 9)
      expect(t.netPnl).toBeCloseTo(t.grossPnl - t.fees, 9)
      expect(t.exitReason).toBe('signal')
      expect(t.rMultiple).toBeUndefined()
    }
    // The starting equity at the first bar's start, then one point per bar, ending at the broker's final equity.
    expect(report.equity.ts.length).toBe(spyLike.length + 1)
    expect([report.equity.ts[0], report.equity.equity[0]]).toEqual([spyLike[0]!.ts, 50_000])
    expect(report.equity.ts[1]).toBe(spyLike[0]!.ts + 60_000)
    expect(report.equity.equity.at(-1)).toBeCloseTo(report.finalEquity, 6)
    expect(report.finalEquity).toBeCloseTo(report.account.equity, 9)
    const realized = report.trades.reduce((a, t) => a + t.netPnl, 0)
    const open = report.openTrades.reduce((a, t) => a + t.unrealizedPnl + t.realizedPnl, 0)
    expect(realized + open).toBeCloseTo(report.finalEquity - 50_000, 6)
    // Trade statistics count closed trades; the equity figures include the open position.
    expect(report.stats.netPnl).toBeCloseTo(realized, 6)
    expect(report.stats.endEquity! - report.stats.startEquity!).toBeCloseTo(report.finalEquity - 50_000, 6)
    expect(report.stats.tradeCount).toBe(report.trades.length)
    expect(report.stats.totalFees).toBeCloseTo(report.trades.length * 2, 9)
    expect(report.stats.tradingDays).toBe(2)
    expect(report.stats.startEquity).toBe(50_000)
    expect(report.stats.endEquity).toBeCloseTo(report.finalEquity, 6)
    expect(report.stats.maxDrawdown).toBeGreaterThan(0)
    // Deterministic.
    const again = await runBacktest({
      strategy: smaCross(),
      data: { bars: [spyLike] },
      initialCash: 50_000,
      broker: { commission: { kind: 'per_share', perShare: 0.005, min: 1 } },
    })
    expect(again.trades).toEqual(report.trades)
  })

  test.each([
    ['native', 'auto' as const, /-tp$/],
    ['emulated', 'always' as const, /-tp1$/],
  ])(
    '%s brackets on the planted flags: exit reasons, stops, targets and R multiples follow the outcome',
    async (_, emulation, leg) => {
      const day = market.days[0]!
      const flags = market.days.flatMap((d) => d.flags)
      expect(flags.length).toBeGreaterThan(1)
      const oracle: Strategy = {
        name: 'flag-oracle',
        onBar(bar, ctx) {
          const flag = flags.find((f) => f.symbol === bar.symbol && f.breakoutTs === bar.ts)
          if (flag && !ctx.position(bar.symbol))
            void ctx.submit({
              type: 'market',
              symbol: bar.symbol,
              side: 'buy',
              qty: 100,
              bracket: { stopLoss: { stopPrice: flag.flagLow }, takeProfit: { limitPrice: flag.target } },
            })
        },
      }
      const bars: Record<string, Bar[]> = {}
      for (const d of market.days)
        for (const [symbol, list] of Object.entries(d.bars)) bars[symbol] = [...(bars[symbol] ?? []), ...list]
      const report = await runBacktest({
        strategy: oracle,
        data: { bars },
        initialCash: 100_000,
        orderManager: { emulation },
      })
      expect(report.trades).toHaveLength(flags.length)
      for (const trade of report.trades) {
        const flag = flags.find((f) => f.symbol === trade.symbol && trade.entryTs === f.breakoutTs + 60_000)!
        expect(flag).toBeDefined()
        expect(trade.initialStop).toBe(flag.flagLow)
        expect(trade.exitReason).toBe(flag.outcome === 'success' ? 'take_profit' : 'stop_loss')
        if (flag.outcome === 'success') {
          expect(trade.exitPrice).toBe(flag.target)
          expect(trade.rMultiple).toBeGreaterThan(0.5)
        } else expect(trade.rMultiple).toBeLessThanOrEqual(-0.9)
        expect(trade.rMultiple).toBeCloseTo(trade.netPnl / ((trade.entryPrice - flag.flagLow) * 100), 3)
      }
      expect(day.flags.length).toBeGreaterThan(0)
      expect(report.orders.some((o) => leg.test(o.clientOrderId))).toBe(true)
    },
  )

  test('the statistics equal those of the whole equity curve, repeated points included', async () => {
    // Flat most of the time (equity repeats for long runs), over two days, with and without sessions.
    for (const sessions of ['regular', 'none'] as const) {
      const report = await runBacktest({
        strategy: smaCross(),
        data: { bars: [spyLike] },
        initialCash: 50_000,
        sessions,
      })
      const accumulator = new StatsAccumulator({ startingEquity: 50_000, calendar: nyse })
      for (const t of report.trades)
        accumulator.addTrade({
          id: String(t.id),
          symbol: t.symbol,
          side: t.side,
          qty: t.qty,
          entryTs: t.entryTs,
          entryPrice: t.entryPrice,
          exitTs: t.exitTs,
          exitPrice: t.exitPrice,
          netPnl: t.netPnl,
          fees: t.fees,
          exitReason: t.exitReason,
        })
      const { ts, equity } = report.equity
      let repeats = 0
      for (let i = 0; i < ts.length; i++) {
        if (i > 0 && equity[i] === equity[i - 1]) repeats++
        accumulator.addEquity({ ts: ts[i]!, equity: equity[i]! })
      }
      expect(repeats).toBeGreaterThan(ts.length / 4)
      expect(report.stats).toEqual(accumulator.result())
    }
  })

  test('a strategy that throws in onBar stops the run with the bar it failed on; nothing is written', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const failing = spyLike[123]!
    const strategy: Strategy = {
      name: 'throws',
      onBar(bar) {
        if (bar === failing) throw new Error('index out of range')
      },
    }
    const chunks: string[] = []
    const progress = new ProgressBar({ stream: { isTTY: true, write: (c) => chunks.push(c) }, now: () => 0 })
    const output = {
      json: join(temp.dir, 'r.json'),
      trades: join(temp.dir, 't.csv'),
      equity: join(temp.dir, 'e.csv'),
    }
    const run = runBacktest({ strategy, data: { bars: [spyLike] }, progress, output })
    await expect(run).rejects.toBeInstanceOf(StrategyError)
    const error = (await run.catch((e: unknown) => e)) as StrategyError
    expect(error.handler).toBe('onBar')
    expect(error.event).toEqual({ kind: 'bar', bar: failing })
    expect(error.message).toContain('Strategy "throws" threw in onBar: index out of range')
    expect(await readdir(temp.dir)).toEqual([])
    expect(chunks.at(-1)).toMatch(/failed\n$/)
  })

  test('with onStrategyError: continue the run finishes and lists the errors', async () => {
    let calls = 0
    const strategy: Strategy = {
      name: 'flaky',
      onBar() {
        calls++
        if (calls % 100 === 0) throw new Error(`bad ${calls}`)
      },
    }
    const report = await runBacktest({ strategy, data: { bars: [spyLike] }, onStrategyError: 'continue' })
    expect(report.errors).toHaveLength(Math.floor(spyLike.length / 100))
    expect(report.errors[0]?.event?.kind).toBe('bar')
  })

  test('an order with a bad price fails the run with a clear validation error', async () => {
    const strategy: Strategy = {
      name: 'bad-price',
      onBar(bar, ctx) {
        if (ctx.openOrders().length === 0 && !ctx.position(bar.symbol))
          void ctx.submit({ type: 'limit', symbol: bar.symbol, side: 'buy', qty: 10, limitPrice: 10.005 })
      },
    }
    const error = (await runBacktest({ strategy, data: { bars: [spyLike] } }).catch(
      (e: unknown) => e,
    )) as StrategyError
    expect(error).toBeInstanceOf(StrategyError)
    expect(error.cause).toBeInstanceOf(ValidationError)
    expect(error.message).toMatch(/limitPrice/)
    expect(error.message).toMatch(/tick/)
  })

  test('an out-of-order bar stops the run with the bar named; nothing is written', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const shuffled = [...spyLike.slice(0, 50), spyLike[60]!, ...spyLike.slice(50, 60), ...spyLike.slice(61)]
    const output = { json: join(temp.dir, 'r.json') }
    const run = runBacktest({ strategy: smaCross(), data: { bars: { X: shuffled } }, output })
    await expect(run).rejects.toBeInstanceOf(DataProblemsError)
    await expect(run).rejects.toThrowError(
      /bars\.X\[51\]: bar [A-Z]+ at .* is earlier than the bar before it/,
    )
    expect(await readdir(temp.dir)).toEqual([])
  })

  test('outputs are written after a successful run, complete, with no temporary files left', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const output = {
      json: join(temp.dir, 'out', 'report.json'),
      trades: join(temp.dir, 'out', 'trades.csv'),
      equity: join(temp.dir, 'out', 'equity.csv'),
      html: join(temp.dir, 'out', 'report.html'),
    }
    const report = await runBacktest({
      strategy: smaCross(),
      data: { bars: [spyLike] },
      output,
      closeAtEnd: true,
    })
    expect((await readdir(join(temp.dir, 'out'))).sort()).toEqual([
      'equity.csv',
      'report.html',
      'report.json',
      'trades.csv',
    ])
    const html = await readFile(output.html, 'utf8')
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('Backtest: sma-cross')
    const json = JSON.parse(await readFile(output.json, 'utf8'))
    expect(json.stats).toEqual(report.stats)
    expect(json.trades).toHaveLength(report.trades.length)
    expect(json.equity.ts).toHaveLength(report.equity.ts.length)
    const trades = (await readFile(output.trades, 'utf8')).trim().split('\n')
    expect(trades[0]).toBe(
      'id,symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,grossPnl,fees,netPnl,returnPct,initialStop,rMultiple,exitReason,bestPrice,worstPrice,entryOrders,exitOrders',
    )
    expect(trades).toHaveLength(report.trades.length + 1)
    const equity = (await readFile(output.equity, 'utf8')).trim().split('\n')
    expect(equity).toHaveLength(report.equity.ts.length + 1)
    expect(report.openTrades).toEqual([])
    expect(report.trades.at(-1)?.exitReason).toMatch(/signal|end_of_data/)
    expect(existsSync(output.json)).toBe(true)
  })

  test('bad parameters', async () => {
    await expect(
      runBacktest({ strategy: smaCross(), data: { bars: [spyLike] }, initialCash: -5 }),
    ).rejects.toThrowError(
      'Invalid backtest parameters: initialCash must be a positive finite number (got -5)',
    )
    await expect(runBacktest({ strategy: {} as Strategy, data: [] })).rejects.toThrowError(
      /strategy must be a Strategy/,
    )
    await expect(runBacktest({ strategy: smaCross(), data: 5 as unknown as [] })).rejects.toThrowError(
      /data must be/,
    )
  })

  test('accepts merged events, and an empty run is a clean zero', async () => {
    const empty = await runBacktest({ strategy: smaCross(), data: [] })
    expect(empty.events).toBe(0)
    expect(empty.stats.netPnl).toBe(0)
    expect(empty.equity.ts.length).toBe(0)
    const events = spyLike.map((bar) => ({ kind: 'bar' as const, bar }))
    const direct = await runBacktest({ strategy: smaCross(), data: events })
    const merged = await runBacktest({ strategy: smaCross(), data: { bars: [spyLike] } })
    expect(direct.trades).toEqual(merged.trades)
  })
})
