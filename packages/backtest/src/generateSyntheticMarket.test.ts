import { BarSchema, isValidTick, nyse, QuoteSchema, toNewYork, ValidationError } from '@tradeblocks/core'
import { beforeAll, describe, expect, test } from 'vitest'
import { generateSyntheticMarket, type SyntheticMarket } from './generateSyntheticMarket.js'

const DATES = ['2026-03-06', '2026-03-09', '2026-11-27'] // DST change in between; an early close

let market: SyntheticMarket
beforeAll(() => {
  market = generateSyntheticMarket({ seed: 11, dates: DATES, symbols: 24, gappersPerDay: 4 })
})

describe('generateSyntheticMarket', () => {
  test('is deterministic for a seed, and another seed gives another market', () => {
    const again = generateSyntheticMarket({ seed: 11, dates: DATES, symbols: 24, gappersPerDay: 4 })
    expect(again).toEqual(market)
    const other = generateSyntheticMarket({ seed: 12, dates: DATES, symbols: 24, gappersPerDay: 4 })
    expect(other.symbols.map((s) => s.symbol)).not.toEqual(market.symbols.map((s) => s.symbol))
  })

  test('pins a few values, so an accidental change of the generator is noticed', () => {
    const small = generateSyntheticMarket({ seed: 1, symbols: 4, gappersPerDay: 1, quoteSymbols: 'none' })
    const day = small.days[0]!
    expect(small.symbols.map((s) => `${s.symbol} ${s.initialPrice}`)).toMatchInlineSnapshot(`
      [
        "NOL 2.83",
        "APEH 6.64",
        "FALI 29.2",
        "COBP 244.53",
      ]
    `)
    const first = Object.values(day.bars).map((bars) => bars[0])
    expect(first).toMatchInlineSnapshot(`
      [
        {
          "close": 2.79,
          "high": 2.83,
          "low": 2.79,
          "open": 2.83,
          "symbol": "NOL",
          "timeframe": "1m",
          "trades": 1,
          "ts": 1773130680000,
          "volume": 23,
          "vwap": 2.8192,
        },
        {
          "close": 6.59,
          "high": 6.61,
          "low": 6.59,
          "open": 6.59,
          "symbol": "APEH",
          "timeframe": "1m",
          "trades": 1,
          "ts": 1773129780000,
          "volume": 14,
          "vwap": 6.6008,
        },
        {
          "close": 29.18,
          "high": 29.19,
          "low": 29.18,
          "open": 29.18,
          "symbol": "FALI",
          "timeframe": "1m",
          "trades": 1,
          "ts": 1773129660000,
          "volume": 121,
          "vwap": 29.185,
        },
        {
          "close": 245.41,
          "high": 245.43,
          "low": 245.39,
          "open": 245.4,
          "symbol": "COBP",
          "timeframe": "1m",
          "trades": 1,
          "ts": 1773129600000,
          "volume": 52,
          "vwap": 245.4043,
        },
      ]
    `)
  })

  test('a universe of unique tickers with reference data', () => {
    expect(market.symbols).toHaveLength(24)
    expect(new Set(market.symbols.map((s) => s.symbol)).size).toBe(24)
    for (const s of market.symbols) {
      expect(s.symbol).toMatch(/^[A-Z]{3,4}$/)
      expect(s.sharesOutstanding).toBeGreaterThanOrEqual(s.float)
      expect(Number.isInteger(s.avgDailyVolume) && s.avgDailyVolume > 0).toBe(true)
      expect(isValidTick(s.initialPrice)).toBe(true)
      if (s.tier === 'small_cap') expect(s.float).toBeLessThan(100e6)
    }
    expect(market.symbols.filter((s) => s.tier === 'small_cap').length).toBeGreaterThanOrEqual(12)
  })

  test('bars are valid, on ticks, with integer volumes, 04:00-20:00 New York (17:00 on an early close)', () => {
    const wrong: string[] = []
    for (const day of market.days) {
      const schedule = nyse.schedule(day.date)!
      expect(day.schedule).toEqual(schedule)
      for (const [symbol, bars] of Object.entries(day.bars)) {
        let previous = 0
        for (const bar of bars) {
          const why = [
            !BarSchema.safeParse(bar).success && 'schema',
            bar.symbol !== symbol && 'symbol',
            ![bar.open, bar.high, bar.low, bar.close].every((p) => isValidTick(p)) && 'tick',
            !(Number.isInteger(bar.volume) && bar.volume > 0) && 'volume',
            !(bar.vwap! >= bar.low && bar.vwap! <= bar.high) && 'vwap',
            bar.ts % 60_000 !== 0 && 'minute',
            bar.ts <= previous && 'order',
            bar.ts < schedule.premarket.start && 'before 04:00',
            bar.ts + 60_000 > schedule.afterhours.end && 'after the after-hours end',
          ].filter(Boolean)
          if (why.length > 0) wrong.push(`${symbol} ${bar.ts}: ${why.join(', ')}`)
          previous = bar.ts
        }
        expect(toNewYork(bars[0]!.ts).hour).toBeGreaterThanOrEqual(4)
        const last = toNewYork(bars.at(-1)!.ts + 60_000)
        expect(last.hour * 60 + last.minute).toBeLessThanOrEqual(
          day.date === '2026-11-27' ? 17 * 60 : 20 * 60,
        )
      }
    }
    expect(wrong).toEqual([])
  })

  test('the regular session trades every minute for liquid names; extended hours are sparse and light', () => {
    for (const day of market.days) {
      const { premarket, regular, afterhours } = day.schedule
      const regularMinutes = (regular.end - regular.start) / 60_000
      for (const s of market.symbols.filter((x) => x.tier === 'large_cap')) {
        const bars = day.bars[s.symbol]!
        const count = (w: { start: number; end: number }) =>
          bars.filter((b) => b.ts >= w.start && b.ts < w.end).length
        const volume = (w: { start: number; end: number }) =>
          bars.filter((b) => b.ts >= w.start && b.ts < w.end).reduce((a, b) => a + b.volume, 0)
        expect(count(regular)).toBe(regularMinutes)
        expect(count(premarket)).toBeLessThan((premarket.end - premarket.start) / 60_000)
        expect(count(afterhours)).toBeLessThan((afterhours.end - afterhours.start) / 60_000)
        expect(volume(premarket) + volume(afterhours)).toBeLessThan(volume(regular) * 0.15)
      }
    }
  })

  test('regular-session volume is U-shaped: heavy at the open and the close, light at midday', () => {
    let open = 0
    let midday = 0
    let close = 0
    for (const day of market.days) {
      if (day.schedule.earlyClose) continue
      for (const s of market.symbols) {
        if (day.summaries[s.symbol]?.role === 'gapper') continue
        for (const bar of day.bars[s.symbol]!) {
          const minute = (bar.ts - day.schedule.regular.start) / 60_000
          const share = bar.volume / s.avgDailyVolume
          if (minute >= 0 && minute < 30) open += share / 30
          else if (minute >= 165 && minute < 225) midday += share / 60
          else if (minute >= 375 && minute < 390) close += share / 15
        }
      }
    }
    expect(open).toBeGreaterThan(2 * midday)
    expect(close).toBeGreaterThan(1.5 * midday)
  })

  test('quotes: valid NBBO, positive spreads on ticks, wider before the open than after it, around the trades', () => {
    const wrong: string[] = []
    for (const day of market.days) {
      expect(Object.keys(day.quotes).sort()).toEqual(day.gappers.map((g) => g.symbol).sort())
      for (const [symbol, quotes] of Object.entries(day.quotes)) {
        let previous = 0
        const spreads = { pre: [] as number[], regular: [] as number[] }
        const firstOfMinute = new Map<number, (typeof quotes)[number]>()
        for (const q of quotes) {
          const why = [
            !QuoteSchema.safeParse(q).success && 'schema',
            !(q.askPrice > q.bidPrice) && 'not above the bid',
            !(isValidTick(q.bidPrice) && isValidTick(q.askPrice)) && 'tick',
            (q.bidSize % 100 !== 0 || q.askSize % 100 !== 0) && 'odd lot',
            q.ts < previous && 'order',
          ].filter(Boolean)
          if (why.length > 0) wrong.push(`${symbol} ${q.ts}: ${why.join(', ')}`)
          previous = q.ts
          const bps = ((q.askPrice - q.bidPrice) / ((q.askPrice + q.bidPrice) / 2)) * 10_000
          if (q.ts < day.schedule.regular.start) spreads.pre.push(bps)
          else if (q.ts < day.schedule.regular.end) spreads.regular.push(bps)
          const minute = q.ts - (q.ts % 60_000)
          if (q.ts - minute < 5_000 && !firstOfMinute.has(minute)) firstOfMinute.set(minute, q)
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
        expect(median(spreads.pre)).toBeGreaterThan(median(spreads.regular))
        expect(median(spreads.regular)).toBeLessThan(150)
        // A minute's last trade (its close) is near the quote that opens the next minute.
        for (const bar of day.bars[symbol]!) {
          const q = firstOfMinute.get(bar.ts + 60_000)
          if (q === undefined) continue
          const mid = (q.bidPrice + q.askPrice) / 2
          if (Math.abs(bar.close - mid) > q.askPrice - q.bidPrice + 0.02)
            wrong.push(
              `${symbol} ${bar.ts}: close ${bar.close} far from the next quote ${q.bidPrice}/${q.askPrice}`,
            )
        }
      }
    }
    expect(wrong).toEqual([])
  })

  test('gappers gap on news that matches the direction; quiet news moves nothing', () => {
    for (const day of market.days) {
      expect(day.gappers).toHaveLength(4)
      for (const gapper of day.gappers) {
        const news = day.news.find((n) => n.id === gapper.newsId)!
        expect(news.symbols).toEqual([gapper.symbol])
        expect(news.sentiment).toBe(gapper.direction === 'up' ? 'positive' : 'negative')
        expect(news.ts).toBeGreaterThanOrEqual(day.schedule.premarket.start)
        expect(news.ts).toBeLessThan(day.schedule.regular.start)
        expect(news.headline.length).toBeGreaterThan(20)
        expect(news.headline).not.toMatch(/[{}]/)
        expect(news.summary).not.toMatch(/[{}]/)
        const summary = day.summaries[gapper.symbol]!
        expect(summary.role).toBe('gapper')
        if (gapper.direction === 'up') expect(gapper.gapPct).toBeGreaterThan(5)
        else expect(gapper.gapPct).toBeLessThan(-5)
        expect(gapper.relativeVolume).toBeGreaterThan(1.5)
        // Before the news the stock is quiet; after it, it trades far more.
        const bars = day.bars[gapper.symbol]!
        const before = bars.filter((b) => b.ts < news.ts - 60_000).reduce((a, b) => a + b.volume, 0)
        const after = bars
          .filter((b) => b.ts >= news.ts && b.ts < day.schedule.regular.start)
          .reduce((a, b) => a + b.volume, 0)
        expect(after).toBeGreaterThan(before)
      }
      const quiet = day.news.filter((n) => n.sentiment === 'neutral')
      expect(quiet.length).toBeGreaterThanOrEqual(1)
      for (const n of quiet) expect(day.summaries[n.symbols[0]!]?.role).toBe('noise')
      expect([...day.news].sort((a, b) => a.ts - b.ts)).toEqual(day.news)
    }
  })

  test('premarket snapshots at 09:00 agree with the bars; gappers stand out', () => {
    for (const day of market.days) {
      expect(day.snapshots).toHaveLength(24)
      const at = day.snapshots[0]!.ts
      expect(toNewYork(at)).toMatchObject({ hour: 9, minute: 0 })
      for (const snap of day.snapshots) {
        const done = day.bars[snap.symbol]!.filter((b) => b.ts + 60_000 <= at)
        expect(snap.premarketVolume).toBe(done.reduce((a, b) => a + b.volume, 0))
        expect(snap.volume).toBe(snap.premarketVolume)
        expect(snap.lastPrice).toBe(done.at(-1)?.close ?? snap.prevClose)
        expect(snap.prevClose).toBe(day.summaries[snap.symbol]!.prevClose)
        expect(snap.gapPct).toBeCloseTo((snap.lastPrice / snap.prevClose - 1) * 100, 10)
        expect(snap.avgPremarketVolume).toBeGreaterThan(0)
        if (snap.latestQuote !== undefined) expect(snap.latestQuote.ts).toBeLessThanOrEqual(at)
      }
      for (const gapper of day.gappers.filter((g) => g.direction === 'up')) {
        const snap = day.snapshots.find((s) => s.symbol === gapper.symbol)!
        expect(snap.premarketVolume).toBeGreaterThan(5 * snap.avgPremarketVolume)
      }
      // Sorted by gap, largest first.
      const gaps = day.snapshots.map((s) => s.gapPct)
      expect(gaps).toEqual([...gaps].sort((a, b) => b - a))
    }
  })

  test("each day's previous close is the prior day's regular close", () => {
    for (let d = 1; d < market.days.length; d++) {
      for (const s of market.symbols) {
        expect(market.days[d]!.summaries[s.symbol]!.prevClose).toBe(
          market.days[d - 1]!.summaries[s.symbol]!.close,
        )
      }
    }
    for (const s of market.symbols)
      expect(market.days[0]!.summaries[s.symbol]!.prevClose).toBe(s.initialPrice)
  })

  test('planted bull flags match their ground truth and resolve as labelled, over many seeds', () => {
    const outcomes = { success: 0, failure: 0 }
    let flags = 0
    for (let seed = 1; seed <= 12; seed++) {
      const m = generateSyntheticMarket({
        seed,
        dates: ['2026-06-16', '2026-07-02'],
        symbols: 10,
        gappersPerDay: 5,
        smallCapShare: 1,
        gapDownShare: 0,
        flagRate: 1,
        quoteSymbols: 'none',
      })
      for (const day of m.days) {
        expect(day.flags).toHaveLength(5)
        for (const flag of day.flags) {
          flags++
          outcomes[flag.outcome]++
          const bars = day.bars[flag.symbol]!
          const between = (from: number, to: number) => bars.filter((b) => b.ts >= from && b.ts <= to)
          const pole = between(flag.poleStartTs, flag.poleEndTs)
          const body = between(flag.flagStartTs, flag.flagEndTs)
          const breakout = bars.find((b) => b.ts === flag.breakoutTs)!
          expect(pole).toHaveLength(flag.poleBars)
          expect(body).toHaveLength(flag.flagBars)
          expect(flag.poleBars).toBeGreaterThanOrEqual(3)
          expect(flag.poleBars).toBeLessThanOrEqual(8)
          expect(flag.flagBars).toBeGreaterThanOrEqual(4)
          expect(flag.flagBars).toBeLessThanOrEqual(12)
          // After the open, in the regular session, one bar after another.
          expect(flag.poleStartTs).toBeGreaterThan(day.schedule.regular.start)
          expect(flag.flagStartTs).toBe(flag.poleEndTs + 60_000)
          expect(flag.breakoutTs).toBe(flag.flagEndTs + 60_000)
          // The pole: 8-20% (a little more with wicks), green bars, rising volume.
          expect(flag.poleGainPct).toBeGreaterThanOrEqual(7.5)
          expect(flag.poleGainPct).toBeLessThanOrEqual(24)
          for (const b of pole) expect(b.close).toBeGreaterThanOrEqual(b.open)
          for (let i = 1; i < pole.length; i++) expect(pole[i]!.volume).toBeGreaterThan(pole[i - 1]!.volume)
          expect(flag.poleLow).toBe(Math.min(...pole.map((b) => b.low)))
          expect(flag.poleHigh).toBe(Math.max(...pole.map((b) => b.high)))
          // The flag: a 3-5% range (as a detector measures it: from the flag's high), at most 9 bars,
          // on lighter volume, drifting down.
          const flagRangePct = ((flag.flagHigh - flag.flagLow) / flag.flagHigh) * 100
          expect(flagRangePct).toBeGreaterThanOrEqual(3)
          expect(flagRangePct).toBeLessThanOrEqual(5)
          expect(flag.flagBars).toBeLessThanOrEqual(9)
          expect(flag.flagPullbackPct).toBeGreaterThan(flagRangePct - 1e-9)
          expect(flag.flagHigh).toBeLessThan(flag.poleHigh)
          expect(flag.flagHigh).toBe(Math.max(...body.map((b) => b.high)))
          expect(flag.flagLow).toBe(Math.min(...body.map((b) => b.low)))
          expect(flag.flagAvgVolume).toBeLessThan(flag.poleAvgVolume * 0.6)
          expect(body.at(-1)!.close).toBeLessThan(body[0]!.open)
          // The breakout closes above the flag on a volume surge.
          expect(breakout.close).toBeGreaterThan(flag.flagHigh)
          expect(breakout.volume).toBeGreaterThan(2 * flag.flagAvgVolume)
          expect(flag.target).toBeCloseTo(flag.flagHigh + flag.poleHigh - flag.poleLow, 6)
          // The outcome is what the bars say: target before stop, or stop before target.
          const after = bars.filter((b) => b.ts > flag.breakoutTs)
          const hit = after.find((b) => b.high >= flag.target || b.low < flag.flagLow)!
          expect(hit.ts).toBe(flag.resolvedTs)
          expect(hit.low < flag.flagLow ? 'failure' : 'success').toBe(flag.outcome)
          const gapper = day.gappers.find((g) => g.symbol === flag.symbol)!
          expect(gapper.flag).toBe(flag)
        }
      }
    }
    expect(flags).toBe(120)
    // Both outcomes occur in fair numbers (flagSuccessRate 0.5).
    expect(outcomes.success).toBeGreaterThan(35)
    expect(outcomes.failure).toBeGreaterThan(35)
  })

  test('quote options: all, none or a list; bars do not depend on them at minute level', () => {
    const base = { seed: 5, symbols: 6, gappersPerDay: 1 }
    const none = generateSyntheticMarket({ ...base, quoteSymbols: 'none' })
    const all = generateSyntheticMarket({ ...base, quoteSymbols: 'all', quoteIntervalMs: 15_000 })
    const day = all.days[0]!
    expect(Object.keys(none.days[0]!.quotes)).toEqual([])
    expect(Object.keys(day.quotes)).toHaveLength(6)
    const symbol = all.symbols[5]!.symbol
    const list = generateSyntheticMarket({ ...base, quoteSymbols: [symbol] })
    expect(Object.keys(list.days[0]!.quotes)).toEqual([symbol])
    // Which minutes trade, their closes and volumes are the same whatever is quoted.
    for (const s of all.symbols) {
      const a = none.days[0]!.bars[s.symbol]!.map((b) => [b.ts, b.close, b.volume])
      const b = day.bars[s.symbol]!.map((x) => [x.ts, x.close, x.volume])
      expect(b).toEqual(a)
    }
  })

  test('bad parameters are refused with the field named', () => {
    expect(() => generateSyntheticMarket({ dates: ['2026-12-25'] })).toThrowError(
      'Invalid synthetic market parameters: dates.0 2026-12-25 is not a trading day',
    )
    expect(() => generateSyntheticMarket({ dates: ['2026-03-10', '2026-03-09'] })).toThrowError(/ascending/)
    expect(() => generateSyntheticMarket({ symbols: 5, gappersPerDay: 4 })).toThrowError(
      /exceeds the 3 small caps/,
    )
    expect(() => generateSyntheticMarket({ symbols: 0 })).toThrowError(ValidationError)
    expect(() => generateSyntheticMarket({ quoteIntervalMs: 7000 })).toThrowError(/must divide one minute/)
    expect(() => generateSyntheticMarket({ snapshotTime: '10:00' })).toThrowError(
      /must fall in the premarket/,
    )
    expect(() => generateSyntheticMarket({ quoteSymbols: ['ZZZZ'] })).toThrowError(/is not in the universe/)
  })
})
