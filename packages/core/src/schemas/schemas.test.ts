import { describe, expect, test } from 'vitest'
import {
  AccountSchema,
  BarSchema,
  OrderRequestSchema,
  PositionSchema,
  PrintSchema,
  parse,
  QuoteSchema,
  safeParse,
  TimeframeSchema,
  ValidationError,
} from '../index.js'

const bar = {
  symbol: 'AAPL',
  timeframe: '1m',
  ts: 1_767_364_200_000,
  open: 10,
  high: 10.5,
  low: 9.9,
  close: 10.2,
  volume: 1200,
}

function message(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    return (error as ValidationError).shortMessage
  }
  throw new Error('expected a ValidationError')
}

describe('Bar', () => {
  test('a valid bar parses unchanged', () => {
    expect(parse(BarSchema, bar, 'bar')).toEqual(bar)
  })

  test.each([
    ['open', Number.NaN],
    ['close', Number.POSITIVE_INFINITY],
    ['low', -1],
  ])('rejects %s = %s naming the field', (field, value) => {
    const result = safeParse(BarSchema, { ...bar, [field]: value }, 'bar')
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error.issues[0]?.path).toBe(field)
  })

  test('error messages name the field and the value', () => {
    expect(message(() => parse(BarSchema, { ...bar, open: Number.NaN }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: open must be a finite number (got NaN)"`,
    )
    expect(
      message(() => parse(BarSchema, { ...bar, high: 9, low: 9.5, open: 9.2, close: 9.2 }, 'bar')),
    ).toMatchInlineSnapshot(`"Invalid bar: high must not be below low 9.5 (got 9)"`)
    expect(message(() => parse(BarSchema, { ...bar, close: 11 }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: close must not be above high 10.5 (got 11)"`,
    )
    expect(message(() => parse(BarSchema, { ...bar, ts: 1_767_364_200_000.5 }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: ts must be an integer number of epoch milliseconds (got 1767364200000.5)"`,
    )
    expect(message(() => parse(BarSchema, { ...bar, volume: -5 }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: volume must not be negative (got -5)"`,
    )
    expect(message(() => parse(BarSchema, { ...bar, symbol: 'aapl!' }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: symbol must be an uppercase ticker such as AAPL, BRK.B or BTC/USD (got "aapl!")"`,
    )
    expect(message(() => parse(BarSchema, { ...bar, timeframe: '5 min' }, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: timeframe must be a number and a unit s, m, h, d or w, such as 1m or 1d (got "5 min")"`,
    )
  })

  test('a missing field is reported as required', () => {
    const { close: _close, ...noClose } = bar
    expect(message(() => parse(BarSchema, noClose, 'bar'))).toMatchInlineSnapshot(
      `"Invalid bar: close is required"`,
    )
  })

  test('every problem is listed, not only the first', () => {
    const result = safeParse(BarSchema, { ...bar, open: Number.NaN, volume: -1, symbol: '' }, 'bar')
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.error.issues.map((i) => i.path)).toEqual(['symbol', 'open', 'volume'])
      expect(result.error.shortMessage).toContain('(and 2 more)')
    }
  })
})

describe('Quote, Print, Position, Account, Timeframe', () => {
  test('quotes accept an empty side and reject negative sizes', () => {
    const quote = { symbol: 'AAPL', ts: 1, bidPrice: 0, bidSize: 0, askPrice: 10.01, askSize: 300 }
    expect(QuoteSchema.parse(quote)).toEqual(quote)
    expect(message(() => parse(QuoteSchema, { ...quote, askSize: -1 }, 'quote'))).toMatchInlineSnapshot(
      `"Invalid quote: askSize must not be negative (got -1)"`,
    )
  })

  test('prints need a positive size and price', () => {
    expect(
      message(() => parse(PrintSchema, { symbol: 'AAPL', ts: 1, price: 10, size: 0 }, 'print')),
    ).toMatchInlineSnapshot(`"Invalid print: size must be greater than 0 (got 0)"`)
  })

  test('a position of zero shares is not a position', () => {
    expect(
      message(() => parse(PositionSchema, { symbol: 'AAPL', qty: 0, avgEntryPrice: 10 }, 'position')),
    ).toMatchInlineSnapshot(`"Invalid position: qty must not be 0 (a flat position is no position) (got 0)"`)
  })

  test('accounts may carry negative cash (margin) but not negative buying power', () => {
    expect(
      AccountSchema.parse({ id: 'a', currency: 'USD', cash: -100, equity: 900, buyingPower: 0 }).cash,
    ).toBe(-100)
    expect(
      message(() =>
        parse(AccountSchema, { id: 'a', currency: 'USD', cash: 1, equity: 1, buyingPower: -1 }, 'account'),
      ),
    ).toMatchInlineSnapshot(`"Invalid account: buyingPower must not be negative (got -1)"`)
  })

  test('timeframes', () => {
    expect(TimeframeSchema.parse('15m')).toBe('15m')
    expect(TimeframeSchema.safeParse('0m').success).toBe(false)
    expect(TimeframeSchema.safeParse('1y').success).toBe(false)
  })
})

describe('OrderRequest', () => {
  const limit = { type: 'limit', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 190.25 } as const

  test('defaults are applied', () => {
    expect(parse(OrderRequestSchema, limit, 'order request')).toEqual({
      ...limit,
      timeInForce: 'day',
      extendedHours: false,
    })
  })

  test('every order type parses', () => {
    for (const request of [
      { type: 'market', symbol: 'AAPL', side: 'sell', notional: 500 },
      { type: 'stop', symbol: 'AAPL', side: 'sell', qty: 1, stopPrice: 180 },
      { type: 'stop_limit', symbol: 'AAPL', side: 'buy', qty: 1, stopPrice: 191, limitPrice: 191.5 },
      { type: 'trailing_stop', symbol: 'AAPL', side: 'sell', qty: 1, trailPercent: 2 },
      {
        type: 'limit',
        symbol: 'AAPL',
        side: 'sell',
        qty: 1,
        limitPrice: 200,
        oco: { stopLoss: { stopPrice: 185 } },
      },
      { type: 'limit', symbol: 'PENNY', side: 'buy', qty: 1000, limitPrice: 0.5123, timeInForce: 'gtc' },
    ]) {
      expect(safeParse(OrderRequestSchema, request, 'order request').success).toBe(true)
    }
  })

  test('bad inputs are rejected with messages naming the field and value', () => {
    const cases: [string, unknown][] = [
      ['zero qty', { ...limit, qty: 0 }],
      ['negative qty', { ...limit, qty: -5 }],
      ['NaN price', { ...limit, limitPrice: Number.NaN }],
      ['sub-penny above $1', { ...limit, limitPrice: 190.255 }],
      ['qty and notional', { ...limit, notional: 1000 }],
      ['neither qty nor notional', { type: 'market', symbol: 'AAPL', side: 'buy' }],
      ['bad symbol', { ...limit, symbol: 'AAPL US' }],
      ['bad type', { ...limit, type: 'iceberg' }],
      ['bad time in force', { ...limit, timeInForce: 'gtd' }],
      ['buy bracket stop above entry', { ...limit, bracket: { stopLoss: { stopPrice: 191 } } }],
      [
        'sell bracket stop below entry',
        { ...limit, side: 'sell', bracket: { stopLoss: { stopPrice: 189 } } },
      ],
      ['buy take-profit below entry', { ...limit, bracket: { takeProfit: { limitPrice: 189 } } }],
      [
        'market bracket stop above target',
        {
          type: 'market',
          symbol: 'AAPL',
          side: 'buy',
          qty: 1,
          bracket: { stopLoss: { stopPrice: 12 }, takeProfit: { limitPrice: 11 } },
        },
      ],
      ['empty bracket', { ...limit, bracket: {} }],
      ['trailing without trail', { type: 'trailing_stop', symbol: 'AAPL', side: 'sell', qty: 1 }],
      ['sell OCO stop above target', { ...limit, side: 'sell', oco: { stopLoss: { stopPrice: 195 } } }],
      ['bad client id', { ...limit, clientOrderId: 'has space' }],
    ]
    const messages = Object.fromEntries(
      cases.map(([name, input]) => [name, message(() => parse(OrderRequestSchema, input, 'order request'))]),
    )
    expect(messages).toMatchInlineSnapshot(`
      {
        "NaN price": "Invalid order request: limitPrice must be a finite number (got NaN)",
        "bad client id": "Invalid order request: clientOrderId must be 1-128 letters, digits or . _ : - (got "has space")",
        "bad symbol": "Invalid order request: symbol must be an uppercase ticker such as AAPL, BRK.B or BTC/USD (got "AAPL US")",
        "bad time in force": "Invalid order request: timeInForce must be one of day, gtc, ioc, fok, opg, cls (got "gtd")",
        "bad type": "Invalid order request: type must be one of market, limit, stop, stop_limit, trailing_stop (got "iceberg")",
        "buy bracket stop above entry": "Invalid order request: bracket.stopLoss.stopPrice must be below the entry limitPrice 190.25 for a buy (got 191)",
        "buy take-profit below entry": "Invalid order request: bracket.takeProfit.limitPrice must be above the entry limitPrice 190.25 for a buy (got 189)",
        "empty bracket": "Invalid order request: bracket must have a takeProfit, a stopLoss, or both (got {})",
        "market bracket stop above target": "Invalid order request: bracket.stopLoss.stopPrice must be below the take-profit 11 for a buy (got 12)",
        "negative qty": "Invalid order request: qty must be greater than 0 (got -5)",
        "neither qty nor notional": "Invalid order request: qty is required unless notional is given",
        "qty and notional": "Invalid order request: notional must not be given together with qty (got 1000)",
        "sell OCO stop above target": "Invalid order request: oco.stopLoss.stopPrice must be below the take-profit limitPrice 190.25 for a sell OCO (got 195)",
        "sell bracket stop below entry": "Invalid order request: bracket.stopLoss.stopPrice must be above the entry limitPrice 190.25 for a sell (got 189)",
        "sub-penny above $1": "Invalid order request: limitPrice is not on a valid tick ($0.01 at or above $1.00, $0.0001 below; use roundToTick) (got 190.255)",
        "trailing without trail": "Invalid order request: trailPercent or trailPrice is required (exactly one of the two)",
        "zero qty": "Invalid order request: qty must be greater than 0 (got 0)",
      }
    `)
  })
})
