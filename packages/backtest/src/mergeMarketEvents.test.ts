import type { Bar, MarketEvent, Print, Quote } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { checkBars } from './checkBars.js'
import { DataProblemsError } from './DataProblemsError.js'
import { mergeMarketEvents } from './mergeMarketEvents.js'

const T0 = Date.UTC(2026, 0, 5, 14, 30)
const MIN = 60_000

function bar(symbol: string, ts: number, close = 10, timeframe: Bar['timeframe'] = '1m'): Bar {
  return { symbol, timeframe, ts, open: close, high: close + 0.1, low: close - 0.1, close, volume: 100 }
}
function quote(symbol: string, ts: number): Quote {
  return { symbol, ts, bidPrice: 9.99, bidSize: 100, askPrice: 10.01, askSize: 100 }
}
function print(symbol: string, ts: number): Print {
  return { symbol, ts, price: 10, size: 100 }
}

function label(event: MarketEvent): string {
  if (event.kind === 'bar') return `bar ${event.bar.symbol} ${(event.bar.ts - T0) / 1000}`
  if (event.kind === 'quote') return `quote ${event.quote.symbol} ${(event.quote.ts - T0) / 1000}`
  if (event.kind === 'print') return `print ${event.print.symbol} ${(event.print.ts - T0) / 1000}`
  return event.kind
}

describe('mergeMarketEvents', () => {
  test('bars arrive at their end, after the quotes and prints inside them; ties: bars, quotes, prints, symbol', () => {
    const events = [
      ...mergeMarketEvents({
        bars: {
          MSFT: [bar('MSFT', T0), bar('MSFT', T0 + MIN)],
          AAPL: [bar('AAPL', T0), bar('AAPL', T0 + MIN)],
        },
        quotes: [[quote('AAPL', T0 + 30_000), quote('AAPL', T0 + MIN), quote('AAPL', T0 + MIN)]],
        prints: [[print('AAPL', T0 + 30_000), print('AAPL', T0 + MIN)]],
      }),
    ].map(label)
    expect(events).toEqual([
      'quote AAPL 30',
      'print AAPL 30',
      'bar AAPL 0', // ends at 60 s: before the quote and print stamped 60 s
      'bar MSFT 0',
      'quote AAPL 60',
      'quote AAPL 60', // equal quote timestamps are normal
      'print AAPL 60',
      'bar AAPL 60',
      'bar MSFT 60',
    ])
  })

  test('barTime start orders bars by their start; mixed timeframes by their end', () => {
    const daily = bar('SPY', Date.UTC(2026, 0, 5, 5), 10, '1d')
    const minute = bar('SPY', T0)
    expect(
      [...mergeMarketEvents({ bars: [[daily], [minute]] })].map((e) =>
        e.kind === 'bar' ? e.bar.timeframe : '',
      ),
    ).toEqual(['1m', '1d'])
    expect(
      [...mergeMarketEvents({ bars: [[daily], [minute]], barTime: 'start' })].map((e) =>
        e.kind === 'bar' ? e.bar.timeframe : '',
      ),
    ).toEqual(['1d', '1m'])
  })

  test('property: the output is every input event, in non-decreasing delivery time, each input in its order', () => {
    const series = fc.array(
      fc.record({
        symbol: fc.constantFrom('AAA', 'BBB', 'CCC'),
        kind: fc.constantFrom('bar' as const, 'quote' as const, 'print' as const),
        steps: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
      }),
      { maxLength: 8 },
    )
    fc.assert(
      fc.property(series, (specs) => {
        const bars: Bar[][] = []
        const quotes: Quote[][] = []
        const prints: Print[][] = []
        let total = 0
        for (const spec of specs) {
          let ts = T0
          const times = spec.steps.map((step) => {
            // Bars of one series must have distinct timestamps; quotes and prints may repeat them.
            ts += spec.kind === 'bar' ? (step + 1) * MIN : step * 1000
            return ts
          })
          if (spec.kind === 'bar') bars.push(times.map((t) => bar(spec.symbol, t)))
          else if (spec.kind === 'quote') quotes.push(times.map((t) => quote(spec.symbol, t)))
          else prints.push(times.map((t) => print(spec.symbol, t)))
          total += spec.steps.length
        }
        const out = [...mergeMarketEvents({ bars, quotes, prints })]
        expect(out).toHaveLength(total)
        const time = (e: MarketEvent) =>
          e.kind === 'bar'
            ? e.bar.ts + MIN
            : e.kind === 'quote'
              ? e.quote.ts
              : e.kind === 'print'
                ? e.print.ts
                : 0
        const rank = { bar: 0, quote: 1, print: 2, status: 3 }
        for (let i = 1; i < out.length; i++) {
          const a = out[i - 1] as MarketEvent
          const b = out[i] as MarketEvent
          expect(time(a) < time(b) || (time(a) === time(b) && rank[a.kind] <= rank[b.kind])).toBe(true)
        }
        // Each input's events come out in input order (stability).
        const seen = new Set<unknown>()
        for (const e of out)
          seen.add(e.kind === 'bar' ? e.bar : e.kind === 'quote' ? e.quote : e.kind === 'print' ? e.print : e)
        expect(seen.size).toBe(total)
        for (const list of [...bars, ...quotes, ...prints]) {
          const positions = list.map((item) =>
            out.findIndex(
              (e) =>
                (e.kind === 'bar'
                  ? e.bar
                  : e.kind === 'quote'
                    ? e.quote
                    : e.kind === 'print'
                      ? e.print
                      : e) === item,
            ),
          )
          expect(positions).toEqual([...positions].sort((x, y) => x - y))
        }
      }),
      { numRuns: 200 },
    )
  })

  test('an out-of-order bar stops the replay with a clear error; skip drops it and reports it', () => {
    const aapl = [
      bar('AAPL', T0),
      bar('AAPL', T0 + 2 * MIN),
      bar('AAPL', T0 + MIN),
      bar('AAPL', T0 + 3 * MIN),
    ]
    let delivered: string[] = []
    const run = () => {
      delivered = []
      for (const e of mergeMarketEvents({ bars: { AAPL: aapl } })) delivered.push(label(e))
    }
    expect(run).toThrowError(DataProblemsError)
    expect(run).toThrowErrorMatchingInlineSnapshot(`
      [ValidationError: Invalid market data: bars.AAPL[2]: bar AAPL at 2026-01-05T14:31:00.000Z is earlier than the bar before it at 2026-01-05T14:32:00.000Z; each input must be in time order
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#validation]
    `)
    expect(delivered).toEqual(['bar AAPL 0', 'bar AAPL 120'])
    const problems: string[] = []
    const skipped = [
      ...mergeMarketEvents({
        bars: { AAPL: aapl },
        policy: 'skip',
        onProblem: (p) => problems.push(`${p.kind} ${p.index}`),
      }),
    ].map(label)
    expect(skipped).toEqual(['bar AAPL 0', 'bar AAPL 120', 'bar AAPL 180'])
    expect(problems).toEqual(['out_of_order 2'])
  })

  test('duplicate bars, impossible values and a multi-symbol input out of time order are refused', () => {
    const dup = () => [...mergeMarketEvents({ bars: [[bar('A', T0), bar('A', T0)]] })]
    expect(dup).toThrowError(
      'bars.0[1]: bar A at 2026-01-05T14:30:00.000Z repeats the timestamp of the previous A bar',
    )
    const bad = { ...bar('A', T0), high: 9 }
    expect(() => [...mergeMarketEvents({ bars: [[bad]] })]).toThrowError(
      'bars.0[0]: bar A at 2026-01-05T14:30:00.000Z: high 9 is below low 9.9',
    )
    const grouped = [bar('A', T0), bar('A', T0 + MIN), bar('B', T0)]
    expect(() => [...mergeMarketEvents({ bars: [grouped] })]).toThrowError(/pass one input per symbol/)
    const crossedIsFine = { ...quote('A', T0), bidPrice: 10.02 }
    expect([...mergeMarketEvents({ quotes: [[crossedIsFine]] })]).toHaveLength(1)
    expect(() => [...mergeMarketEvents({ prints: [[{ ...print('A', T0), size: 0 }]] })]).toThrowError(
      /size 0 is not positive/,
    )
  })

  test('inputs are read lazily: a generator of a million bars is merged without being held', () => {
    function* many(symbol: string, n: number) {
      for (let i = 0; i < n; i++) yield bar(symbol, T0 + i * MIN)
    }
    let count = 0
    let last = 0
    for (const e of mergeMarketEvents({ bars: [many('A', 200_000), many('B', 200_000)] })) {
      if (e.kind === 'bar') last = e.bar.ts
      count++
    }
    expect(count).toBe(400_000)
    expect(last).toBe(T0 + 199_999 * MIN)
  })

  test('bad parameters', () => {
    expect(() => mergeMarketEvents({ bars: [5 as unknown as Bar[]] })).toThrowError(/bars.0 is not iterable/)
    expect(() => mergeMarketEvents({ policy: 'ignore' as 'skip' })).toThrowError(
      /policy must be "error" or "skip"/,
    )
  })
})

describe('checkBars', () => {
  test('reports every problem of in-memory bars, per symbol, with their positions', () => {
    const bars = [
      bar('A', T0),
      bar('B', T0),
      bar('A', T0),
      { ...bar('B', T0 + MIN), low: 11 },
      bar('B', T0 - MIN),
    ]
    expect(() => checkBars(bars, { source: 'vendor' })).toThrowError(DataProblemsError)
    const { bars: kept, problems } = checkBars(bars, { policy: 'skip', source: 'vendor' })
    expect(kept).toEqual([bars[0], bars[1]])
    expect(problems.map((p) => p.message)).toEqual([
      "vendor[2]: A at 2026-01-05T14:30:00.000Z duplicates the previous bar's timestamp",
      'vendor[3]: B at 2026-01-05T14:31:00.000Z: high 10.1 is below low 11',
      'vendor[4]: B at 2026-01-05T14:29:00.000Z is earlier than the previous bar at 2026-01-05T14:30:00.000Z',
    ])
  })
})
