import { ValidationError } from '@tradeblocks/core'
import { describe, expect, test } from 'vitest'
import { createTradeRecord, rMultipleOf, type TradeRecordInput, TradeRecordSchema } from './index.js'

const input: TradeRecordInput = {
  id: 't-1',
  strategy: 'bull-flag',
  mode: 'paper',
  account: 'paper-1',
  symbol: 'ABCD',
  side: 'long',
  qty: 100,
  entryTs: Date.UTC(2026, 0, 5, 14, 35),
  entryPrice: 10.05,
  exitTs: Date.UTC(2026, 0, 5, 14, 50),
  exitPrice: 10.55,
  plannedStop: 9.8,
  plannedTarget: 10.55,
  exitReason: 'target',
  grossPnl: 50,
  netPnl: 49,
  fees: 1,
}

describe('createTradeRecord', () => {
  test('fills in the derivable fields', () => {
    const record = createTradeRecord(input)
    expect(record).toMatchObject({
      schemaVersion: 1,
      holdingMs: 15 * 60_000,
      slippage: 0,
      entryOrderIds: [],
      exitOrderIds: [],
      tags: [],
      // 49 / ((10.05 - 9.8) * 100) = 1.96
      rMultiple: 1.96,
    })
  })

  test('keeps a given R multiple and leaves it out when there is no stop', () => {
    expect(createTradeRecord({ ...input, rMultiple: 2.5 }).rMultiple).toBe(2.5)
    const { plannedStop: _, ...noStop } = input
    const record = createTradeRecord(noStop)
    expect(record.rMultiple).toBeUndefined()
    expect(JSON.stringify(record)).not.toContain('rMultiple')
  })

  test('computes R for shorts from the distance to the stop', () => {
    const short = createTradeRecord({
      ...input,
      side: 'short',
      entryPrice: 20,
      exitPrice: 19.5,
      plannedStop: 20.25,
      qty: 50,
      grossPnl: 25,
      netPnl: 24.5,
      fees: 0.5,
    })
    expect(short.rMultiple).toBe(1.96)
  })

  test('stores negative zero as zero, as JSON would', () => {
    const record = createTradeRecord({ ...input, grossPnl: -0, netPnl: -1, fees: 1, slippage: -0 })
    expect(Object.is(record.grossPnl, 0)).toBe(true)
    expect(Object.is(record.slippage, 0)).toBe(true)
  })

  test('rejects a net P&L that does not reconcile with gross minus fees to the cent', () => {
    expect(() => createTradeRecord({ ...input, netPnl: 48.99 })).toThrowErrorMatchingInlineSnapshot(
      `
      [ValidationError: Invalid trade record: netPnl must equal grossPnl - fees = 49 to the cent (got 48.99)
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#validation]
    `,
    )
    // Half a cent of floating-point noise is fine.
    expect(createTradeRecord({ ...input, grossPnl: 0.1 + 0.2, fees: 0.1, netPnl: 0.2 }).netPnl).toBe(0.2)
  })

  test('rejects an exit before the entry and a wrong holding time', () => {
    expect(() => createTradeRecord({ ...input, exitTs: input.entryTs - 1 })).toThrowError(
      /exitTs must not be before entryTs/,
    )
    expect(() => createTradeRecord({ ...input, holdingMs: 5 })).toThrowError(
      'holdingMs must equal exitTs - entryTs = 900000 (got 5)',
    )
  })

  test('names every bad field and its value', () => {
    let error: unknown
    try {
      createTradeRecord({ ...input, symbol: 'abcd', qty: -5, mode: 'demo' as 'paper', tags: ['a;b'] })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues.map((i) => i.message)).toEqual([
      'mode must be "backtest", "paper" or "live" (got "demo")',
      'symbol must be an uppercase ticker such as AAPL, BRK.B or BTC/USD (got "abcd")',
      'qty must be greater than 0 (got -5)',
      'tags.0 must not contain ";" or line breaks (got "a;b")',
    ])
  })

  test('accepts only JSON signal data', () => {
    const signal = { poleGainPct: 12.4, flagBars: 6, levels: [9.8, 10.2], meta: { ok: true, note: null } }
    expect(createTradeRecord({ ...input, setup: 'bull-flag', signal }).signal).toEqual(signal)
    expect(() => createTradeRecord({ ...input, signal: { at: new Date(0) } as never })).toThrowError(
      /signal must be a plain object of JSON values/,
    )
    expect(() => createTradeRecord({ ...input, signal: { x: Number.NaN } })).toThrowError(
      /signal must be a plain object of JSON values/,
    )
  })

  test('the schema rejects another schema version', () => {
    const record = createTradeRecord(input)
    expect(TradeRecordSchema.safeParse({ ...record, schemaVersion: 2 }).success).toBe(false)
  })
})

describe('rMultipleOf', () => {
  test('is net P&L over the initial risk', () => {
    expect(rMultipleOf({ entryPrice: 10, plannedStop: 9.5, qty: 100, netPnl: 100 })).toBe(2)
    expect(rMultipleOf({ entryPrice: 10, plannedStop: 9.5, qty: 100, netPnl: -50 })).toBe(-1)
  })

  test('is undefined without a stop or with zero risk', () => {
    expect(rMultipleOf({ entryPrice: 10, qty: 100, netPnl: 100 })).toBeUndefined()
    expect(rMultipleOf({ entryPrice: 10, plannedStop: 10, qty: 100, netPnl: 100 })).toBeUndefined()
  })
})
