import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BarSchema, ValidationError } from '@tradeblocks/core'
import { makeTempDir } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, test } from 'vitest'
import { DataProblemsError } from './DataProblemsError.js'
import { loadBarsCsv, streamBarsCsv } from './loadBarsCsv.js'
import { parseBarsCsv } from './parseBarsCsv.js'

const YAHOO = `Date,Open,High,Low,Close,Adj Close,Volume
2014-01-02,37.779999,38.029999,37.549999,37.84,36.360001,17534600
2014-01-03,37.779999,38.130001,37.650002,37.75,36.27525,14617600
2014-01-06,37.869999,38.220001,37.82,37.98,36.496239,18617400
`

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('parseBarsCsv', () => {
  test("reads Yahoo's daily layout by header name, at midnight New York", () => {
    const { bars, bySymbol, problems } = parseBarsCsv(YAHOO, { symbol: 'ORCL', timeframe: '1d' })
    expect(problems).toEqual([])
    expect(bars).toHaveLength(3)
    expect(bars[0]).toEqual({
      symbol: 'ORCL',
      timeframe: '1d',
      ts: Date.UTC(2014, 0, 2, 5),
      open: 37.779999,
      high: 38.029999,
      low: 37.549999,
      close: 37.84,
      volume: 17534600,
    })
    expect(bySymbol.ORCL).toEqual(bars)
    for (const bar of bars) expect(BarSchema.safeParse(bar).success).toBe(true)
  })

  test('date and time columns by index (a header that names fewer columns than the rows have)', () => {
    // backtrader's 2006-01-02-volume-min-001.txt: 7 names in the header, 8 fields per row, CRLF.
    const text =
      'Date,Open,High,Low,Close,Volume,OpenInterest\r\n' +
      '2006-01-02,09:01:00,3602.0,3603.5,3597.0,3599.5,128,0\r\n' +
      '2006-01-02,09:02:00,3599.5,3600.0,3598.5,3598.5,45,0\r\n'
    // By header name the rows do not fit: a clear error, not a time read as the open.
    const error = thrown(() => parseBarsCsv(text, { symbol: 'ESTX', timeframe: '1m', file: 'min.txt' }))
    expect(error).toBeInstanceOf(DataProblemsError)
    expect((error as DataProblemsError).problems[0]?.message).toBe(
      'min.txt:2: the row has 8 fields but the header has 7; if the header is wrong, give columns by 0-based index',
    )
    const { bars } = parseBarsCsv(text, {
      symbol: 'ESTX',
      timeframe: '1m',
      timeZone: 'Europe/Berlin',
      timestamp: 'end',
      columns: { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 },
    })
    // 09:01 Berlin (UTC+1 in January) marks the end of the 09:00 bar.
    expect(bars.map((b) => b.ts)).toEqual([Date.UTC(2006, 0, 2, 8, 0), Date.UTC(2006, 0, 2, 8, 1)])
    expect(bars[1]).toMatchObject({ open: 3599.5, high: 3600, low: 3598.5, close: 3598.5, volume: 45 })
  })

  test('New York wall times follow DST, UTC and fixed offsets do not', () => {
    const text =
      'timestamp,open,high,low,close,volume\n2026-03-06 09:30:00,1,1,1,1,1\n2026-03-09 09:30:00,1,1,1,1,1\n'
    const ny = parseBarsCsv(text, { symbol: 'SPY', timeframe: '1m' }).bars.map((b) => b.ts)
    expect(ny).toEqual([Date.UTC(2026, 2, 6, 14, 30), Date.UTC(2026, 2, 9, 13, 30)])
    const utc = parseBarsCsv(text, { symbol: 'SPY', timeframe: '1m', timeZone: 'UTC' }).bars.map((b) => b.ts)
    expect(utc).toEqual([Date.UTC(2026, 2, 6, 9, 30), Date.UTC(2026, 2, 9, 9, 30)])
    const fixed = parseBarsCsv(text, { symbol: 'SPY', timeframe: '1m', timeZone: '-05:00' }).bars.map(
      (b) => b.ts,
    )
    expect(fixed).toEqual([Date.UTC(2026, 2, 6, 14, 30), Date.UTC(2026, 2, 9, 14, 30)])
  })

  test('explicit offsets win over the time zone; epoch formats; US dates; quoted fields; other delimiters', () => {
    const iso = parseBarsCsv(
      't,o,h,l,c,v\n2026-01-05T14:30:00.250Z,1,1,1,1,0\n2026-01-05T09:31:00-05:00,1,1,1,1,0\n',
      {
        symbol: 'A',
        timeframe: '1m',
      },
    ).bars.map((b) => b.ts)
    expect(iso).toEqual([Date.UTC(2026, 0, 5, 14, 30, 0, 250), Date.UTC(2026, 0, 5, 14, 31)])
    const epochS = parseBarsCsv('t,o,h,l,c,v\n1767623400,1,1,1,1,0\n', { symbol: 'A', timeframe: '1m' })
    const epochMs = parseBarsCsv('t,o,h,l,c,v\n1767623400000,1,1,1,1,0\n', { symbol: 'A', timeframe: '1m' })
    const epochNs = parseBarsCsv('t,o,h,l,c,v\n1767623400000000000,1,1,1,1,0\n', {
      symbol: 'A',
      timeframe: '1m',
    })
    expect(epochS.bars[0]?.ts).toBe(1767623400000)
    expect(epochMs.bars[0]?.ts).toBe(1767623400000)
    expect(epochNs.bars[0]?.ts).toBe(1767623400000)
    // "1,5" is not a number: decimal commas are refused, not misread.
    expect(() =>
      parseBarsCsv(
        '"Date";"Time";"Open";"High";"Low";"Close";"Volume";"Symbol"\n"02/03/2010";"16:53:50";"1,5";2;1;2;10;"EUR-USD"\n',
        {
          timeframe: '1m',
          delimiter: ';',
          dateFormat: 'MM/DD/YYYY',
          timeZone: 'UTC',
        },
      ),
    ).toThrowError('csv:2:3 (Open): open "1,5" is not a number')
    const usOk = parseBarsCsv(
      '"Date";"Time";"Open";"High";"Low";"Close";"Volume";"Symbol"\n"02/03/2010";"16:53:50";"1.5";2;1;2;10;"EUR-USD"\n',
      {
        timeframe: '1m',
        delimiter: ';',
        dateFormat: 'MM/DD/YYYY',
        timeZone: 'UTC',
        policy: 'skip',
      },
    )
    expect(usOk.bars[0]).toMatchObject({ symbol: 'EUR-USD', ts: Date.UTC(2010, 1, 3, 16, 53, 50), open: 1.5 })
  })

  test('a malformed row names file, line, column and value', () => {
    const text = `${YAHOO}2014-01-07,38.0,38.5,abc,38.2,38.2,100\n`
    const error = thrown(() => parseBarsCsv(text, { symbol: 'ORCL', timeframe: '1d', file: 'orcl.csv' }))
    expect(error).toBeInstanceOf(DataProblemsError)
    expect(error).toBeInstanceOf(ValidationError)
    const problems = (error as DataProblemsError).problems
    expect(problems).toEqual([
      {
        kind: 'malformed',
        message: 'orcl.csv:5:4 (Low): low "abc" is not a number',
        file: 'orcl.csv',
        line: 5,
        column: 4,
        symbol: 'ORCL',
        ts: Date.UTC(2014, 0, 7, 5),
      },
    ])
    expect((error as DataProblemsError).message).toMatchInlineSnapshot(`
      "Invalid CSV data: orcl.csv:5:4 (Low): low "abc" is not a number
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#validation"
    `)
  })

  test('every kind of problem is found in one pass and listed; skip drops them and keeps the rest', () => {
    const text = [
      'Date,Open,High,Low,Close,Volume',
      '2026-01-05,10,11,9,10.5,100', // ok
      '2026-01-06,10,9,11,10,100', // high below low
      '2026-01-07,10,11,9,12,100', // close above high
      '2026-01-07,10,11,9,10,100', // ok (first 01-07 was dropped)
      '2026-01-07,10,11,9,10,100', // duplicate
      '2026-01-06,10,11,9,10,100', // out of order
      '2026-02-30,10,11,9,10,100', // no such date
      '2026-01-08,10,11,9,10', // missing volume
      '2026-01-09,10,11,9,10,-5', // negative volume
      '2026-01-12,0,11,9,10,5', // zero price
      '2026-01-13,10,11,9,10,5', // ok
    ].join('\n')
    const error = thrown(() => parseBarsCsv(text, { symbol: 'ACME', timeframe: '1d', file: 'acme.csv' }))
    expect(error).toBeInstanceOf(DataProblemsError)
    const problems = (error as DataProblemsError).problems
    expect(problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['impossible', 3, 3],
      ['impossible', 4, 5],
      ['duplicate', 6, 1],
      ['out_of_order', 7, 1],
      ['malformed', 8, 1],
      ['malformed', 9, undefined],
      ['impossible', 10, 6],
      ['impossible', 11, 2],
    ])
    expect(problems.map((p) => p.message)).toMatchInlineSnapshot(`
      [
        "acme.csv:3:3 (High): high 9 is below low 11",
        "acme.csv:4:5 (Close): close 12 is above high 11",
        "acme.csv:6:1 (Date): ACME at 2026-01-07T05:00:00.000Z duplicates the timestamp of the previous ACME bar",
        "acme.csv:7:1 (Date): ACME at 2026-01-06T05:00:00.000Z is earlier than the previous ACME bar at 2026-01-07T05:00:00.000Z",
        "acme.csv:8:1 (Date): date "2026-02-30" day 30 does not exist in 2026-02",
        "acme.csv:9: the row has 5 fields but the header has 6; if the header is wrong, give columns by 0-based index",
        "acme.csv:10:6 (Volume): volume -5 is not a non-negative finite number",
        "acme.csv:11:2 (Open): open 0 is not a positive finite price",
      ]
    `)
    const skipped = parseBarsCsv(text, { symbol: 'ACME', timeframe: '1d', file: 'acme.csv', policy: 'skip' })
    expect(skipped.problems).toEqual(problems)
    expect(skipped.bars.map((b) => b.close)).toEqual([10.5, 10, 10])
  })

  test('maxProblems stops early on a wrong format', () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `01/${String((i % 28) + 1).padStart(2, '0')}/2026,1,1,1,1,1`,
    )
    const error = thrown(() =>
      parseBarsCsv(`Date,Open,High,Low,Close,Volume\n${rows.join('\n')}`, {
        symbol: 'A',
        timeframe: '1d',
        maxProblems: 5,
      }),
    ) as DataProblemsError
    expect(error.problems).toHaveLength(5)
    expect(error.truncated).toBe(true)
    expect(error.problems[0]?.message).toBe(
      'csv:2:1 (Date): date "01/01/2026" is not an ISO 8601 date or date-time (YYYY-MM-DD[THH:mm[:ss[.SSS]]][Z|+HH:MM])',
    )
  })

  test('bad options and missing columns are ValidationErrors that say what to do', () => {
    expect(() => parseBarsCsv(YAHOO, { timeframe: '1d' })).toThrowError(
      /has no symbol column; pass the symbol option/,
    )
    expect(() => parseBarsCsv(YAHOO, { symbol: 'ORCL', timeframe: '1 day' as '1d' })).toThrowError(
      ValidationError,
    )
    expect(() =>
      parseBarsCsv(YAHOO, { symbol: 'ORCL', timeframe: '1d', columns: { close: 'Last' } }),
    ).toThrowError(
      /columns.close "Last" is not in the header of csv \(Date, Open, High, Low, Close, Adj Close, Volume\)/,
    )
    expect(() => parseBarsCsv('1,2,3,4,5\n', { symbol: 'A', timeframe: '1d' })).toThrowError(
      /columns not found: datetime \(or date\), open, high, low, close; csv has no header, so give columns by 0-based index/,
    )
    expect(() =>
      parseBarsCsv(YAHOO, { symbol: 'ORCL', timeframe: '1d', timeZone: 'Mars/Olympus' }),
    ).toThrowError(/timeZone "Mars\/Olympus" is not UTC/)
    expect(() => parseBarsCsv(YAHOO, { symbol: 'ORCL', timeframe: '1d', dateFormat: 'hh' })).toThrowError(
      /dateFormat/,
    )
  })

  test('numbers are decimal numbers: hex, Infinity and blanks are refused; empty vwap and trades are absent', () => {
    const row = (open: string) =>
      `Date,Open,High,Low,Close,Volume,VWAP,Trades\n2026-01-05,${open},20,1,10,100,,\n`
    expect(parseBarsCsv(row(' 10.5 '), { symbol: 'A', timeframe: '1d' }).bars[0]).toEqual({
      symbol: 'A',
      timeframe: '1d',
      ts: Date.UTC(2026, 0, 5, 5),
      open: 10.5,
      high: 20,
      low: 1,
      close: 10,
      volume: 100,
    })
    expect(parseBarsCsv(row('1e1'), { symbol: 'A', timeframe: '1d' }).bars[0]?.open).toBe(10)
    for (const bad of ['0x10', 'Infinity', '', '1_0', '10abc', '0b1'])
      expect(() => parseBarsCsv(row(bad), { symbol: 'A', timeframe: '1d' })).toThrowError(
        /\(Open\): open .* is not a number/,
      )
  })

  test('New York wall times in the repeated autumn hour read as the first one: the second pass is reported', () => {
    // 2026-11-01 01:30 happens twice in New York; wall-clock stamps cannot tell them apart.
    const text =
      'timestamp,o,h,l,c,v\n2026-11-01 01:30:00,1,1,1,1,1\n2026-11-01 01:59:00,1,1,1,1,1\n2026-11-01 01:30:00,1,1,1,1,1\n'
    const { bars, problems } = parseBarsCsv(text, { symbol: 'ES', timeframe: '1m', policy: 'skip' })
    expect(bars.map((b) => b.ts)).toEqual([Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 5, 59)])
    expect(problems.map((p) => p.kind)).toEqual(['out_of_order'])
  })

  test('a file without a header, columns by index, with vwap and trades', () => {
    const { bars } = parseBarsCsv('20260105,10,11,9,10.5,100,10.2,7\n', {
      symbol: 'ACME',
      timeframe: '1d',
      columns: { date: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, vwap: 6, trades: 7 },
    })
    expect(bars[0]).toMatchObject({ ts: Date.UTC(2026, 0, 5, 5), vwap: 10.2, trades: 7 })
  })
})

describe('loadBarsCsv and streamBarsCsv', () => {
  let cleanup: (() => Promise<void>) | undefined
  afterEach(async () => {
    await cleanup?.()
    cleanup = undefined
  })

  test('load a file in chunks: BOM, CRLF and no trailing newline; the same bars as parsing the text', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const path = join(temp.dir, 'bars.csv')
    const lines = ['\ufeffDate,Time,Open,High,Low,Close,Volume']
    let ts = Date.UTC(2026, 0, 5, 14, 30)
    for (let i = 0; i < 30_000; i++, ts += 60_000) {
      const d = new Date(ts).toISOString()
      lines.push(`${d.slice(0, 10)},${d.slice(11, 19)},10,11,9.5,10.${i % 10},${i}`)
    }
    const text = lines.join('\r\n')
    await writeFile(path, text)
    const options = { symbol: 'ACME', timeframe: '1m' as const, timeZone: 'UTC' }
    const loaded = await loadBarsCsv(path, options)
    expect(loaded.bars).toHaveLength(30_000)
    expect(loaded.bars).toEqual(parseBarsCsv(text, options).bars)
    let count = 0
    for await (const bar of streamBarsCsv(path, options)) {
      expect(bar.ts).toBe(Date.UTC(2026, 0, 5, 14, 30) + count * 60_000)
      count++
    }
    expect(count).toBe(30_000)
  })

  test('errors name the file path; streaming throws at the first bad row; skip reports to onProblem', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const path = join(temp.dir, 'bad.csv')
    await writeFile(
      path,
      'Date,Open,High,Low,Close,Volume\n2026-01-05,1,2,0.5,1.5,10\n2026-01-02,1,2,0.5,1.5,10\n2026-01-06,1,2,0.5,1.5,10\n',
    )
    await expect(loadBarsCsv(path, { symbol: 'A', timeframe: '1d' })).rejects.toThrowError(
      `${path}:3:1 (Date): A at 2026-01-02T05:00:00.000Z is earlier than the previous A bar at 2026-01-05T05:00:00.000Z`,
    )
    const seen: number[] = []
    const stream = async () => {
      for await (const bar of streamBarsCsv(path, { symbol: 'A', timeframe: '1d' })) seen.push(bar.ts)
    }
    await expect(stream()).rejects.toBeInstanceOf(DataProblemsError)
    expect(seen).toEqual([Date.UTC(2026, 0, 5, 5)])
    const problems: string[] = []
    const kept: number[] = []
    for await (const bar of streamBarsCsv(path, {
      symbol: 'A',
      timeframe: '1d',
      policy: 'skip',
      onProblem: (p) => problems.push(p.kind),
    }))
      kept.push(bar.ts)
    expect(problems).toEqual(['out_of_order'])
    expect(kept).toEqual([Date.UTC(2026, 0, 5, 5), Date.UTC(2026, 0, 6, 5)])
  })

  test('a missing file rejects with the system error', async () => {
    await expect(loadBarsCsv('/nonexistent/bars.csv', { symbol: 'A', timeframe: '1d' })).rejects.toThrowError(
      /ENOENT/,
    )
  })
})
