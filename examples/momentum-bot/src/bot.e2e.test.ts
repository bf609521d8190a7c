import { PassThrough } from 'node:stream'
import { generateSyntheticMarket } from '@tradeblocks/backtest'
import { roundMoney, tradingDateOf, ValidationError } from '@tradeblocks/core'
import { openJournal, TradeRecordSchema } from '@tradeblocks/journal'
import { computeStats } from '@tradeblocks/performance'
import { makeTempDir } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, test } from 'vitest'
import { BotConfigSchema, loadConfig } from './config.js'
import { runReplay, tradingDates } from './replayMode.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function tempStateDir(): Promise<string> {
  const { dir, cleanup } = await makeTempDir('momentum-bot-')
  cleanups.push(cleanup)
  return dir
}

/** A non-TTY stream that collects the plain progress lines. */
function lineSink(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream
  let text = ''
  ;(stream as unknown as PassThrough).on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { stream, text: () => text }
}

describe('the reference bot on one seeded synthetic day', () => {
  test('trades, ends flat with every order terminal, and its journal and statistics agree', async () => {
    const stateDir = await tempStateDir()
    const config = BotConfigSchema.parse({ seed: 7, speed: 'max', dashboard: false, stateDir })
    const out = lineSink()
    const run = await runReplay({ config, stdout: out.stream })

    expect(run.result.reason).toBe('end of data')
    expect(run.trades.length).toBeGreaterThanOrEqual(1)

    // Every order terminal, nothing held overnight.
    expect(run.result.openOrders).toEqual([])
    expect(await run.broker.getOrders({ status: 'open' })).toEqual([])
    expect(await run.broker.getPositions()).toEqual([])
    for (const trade of run.trades) expect(tradingDateOf(trade.exitTs)).toBe(tradingDateOf(trade.entryTs))

    // The journal holds the same trades, each line valid.
    const journal = await openJournal({ dir: `${run.stateDir}/journal`, readOnly: true })
    const journaled = await journal.queryTrades()
    await journal.close()
    expect(journaled.map((t) => t.id).sort()).toEqual(run.trades.map((t) => t.id).sort())
    for (const record of journaled) expect(TradeRecordSchema.safeParse(record).success).toBe(true)

    // Statistics from the journal reconcile to the cent with the account.
    const stats = computeStats({ trades: journaled, startingEquity: run.startEquity })
    expect(stats.tradeCount).toBe(run.trades.length)
    expect(roundMoney(stats.netPnl)).toBe(roundMoney(run.endEquity - run.startEquity))

    // The plain-line fallback narrated the day and the summary was written.
    expect(out.text()).toContain('TRADE')
    expect(out.text().includes(String.fromCharCode(27))).toBe(false)
    expect(run.summaries.join('\n')).toContain(
      `${tradingDates(config.startDate, 1)[0]}: ${run.trades.length} trade`,
    )
  })

  test('a day built to lose trips the circuit breaker and stops new entries', async () => {
    const stateDir = await tempStateDir()
    const config = BotConfigSchema.parse({
      seed: 11,
      speed: 'max',
      dashboard: false,
      stateDir,
      scanner: { topN: 12 },
      breaker: { maxConsecutiveLosses: 2, maxDailyLoss: 5_000, maxTradesPerDay: 50 },
      risk: { maxOpenPositions: 1 },
    })
    // Every planted flag fails: each breakout the bot buys falls back through its stop.
    const market = generateSyntheticMarket({
      seed: 11,
      dates: tradingDates(config.startDate, 1),
      symbols: 30,
      gappersPerDay: 12,
      flagRate: 1,
      flagSuccessRate: 0,
      quoteSymbols: 'none',
    })
    const out = lineSink()
    const run = await runReplay({ config, stdout: out.stream, market })

    const losers = run.trades.filter((t) => t.netPnl < 0)
    expect(losers.length).toBeGreaterThanOrEqual(2)
    expect(run.breakerTripped).toBe(true)
    expect(run.breakerExplanation).toMatch(/consecutive/i)
    // No entry after the trip: the trade that tripped it is the last one opened.
    const tripAt = [...run.trades].sort((a, b) => a.exitTs - b.exitTs)[1]?.exitTs ?? 0
    expect(run.trades.every((t) => t.entryTs <= tripAt)).toBe(true)
    expect(await run.broker.getPositions()).toEqual([])
  })
})

describe('configuration', () => {
  test('a bad config fails at start with every problem listed', async () => {
    const error = await loadConfig(undefined, {
      seed: -1,
      days: 0,
      speed: 0,
      mode: 'sideways' as never,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const paths = (error as ValidationError).issues.map((i) => i.path).sort()
    expect(paths).toEqual(['days', 'mode', 'seed', 'speed'])
    expect((error as ValidationError).metaMessages).toMatchInlineSnapshot(`
      [
        "- mode Invalid option: expected one of "replay"|"backtest"|"paper"|"live" (got "sideways")",
        "- seed Too small: expected number to be >=0 (got -1)",
        "- days Too small: expected number to be >=1 (got 0)",
        "- speed Too small: expected number to be >0 (got 0)",
      ]
    `)
  })

  test('live mode needs an explicit confirmation in the environment', async () => {
    const before = process.env.TRADEBLOCKS_LIVE
    delete process.env.TRADEBLOCKS_LIVE
    try {
      await expect(loadConfig(undefined, { mode: 'live' })).rejects.toThrow(/TRADEBLOCKS_LIVE=1/)
    } finally {
      if (before !== undefined) process.env.TRADEBLOCKS_LIVE = before
    }
  })
})
