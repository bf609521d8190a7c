import { fromNewYork } from '@tradeblocks/core'
import { describe, expect, it } from 'vitest'
import { checkExposure } from './checkExposure.js'
import { checkMaxOpenPositions } from './checkMaxOpenPositions.js'
import { checkSession } from './checkSession.js'
import { createPreTradeChecks } from './createPreTradeChecks.js'

describe('checkMaxOpenPositions', () => {
  const positions = [
    { symbol: 'ABCD', qty: 100 },
    { symbol: 'EFGH', qty: -20 },
    { symbol: 'FLAT', qty: 0 },
  ]

  it('refuses a new symbol at the limit and counts pending entries', () => {
    const full = checkMaxOpenPositions({ symbol: 'MNOP', positions, maxOpenPositions: 2 })
    expect(full).toMatchObject({ ok: false, code: 'max_open_positions', openPositions: 2 })
    if (!full.ok)
      expect(full.reason).toBe(
        '2 positions are open or pending (ABCD, EFGH); the limit is 2, so MNOP cannot be added.',
      )
    expect(checkMaxOpenPositions({ symbol: 'MNOP', positions, maxOpenPositions: 3 }).ok).toBe(true)
    expect(
      checkMaxOpenPositions({ symbol: 'MNOP', positions, pendingSymbols: ['QRST'], maxOpenPositions: 3 }).ok,
    ).toBe(false)
  })

  it('lets a symbol already held add to its position', () => {
    expect(checkMaxOpenPositions({ symbol: 'ABCD', positions, maxOpenPositions: 2 }).ok).toBe(true)
  })
})

describe('checkExposure', () => {
  const positions = [
    { symbol: 'ABCD', qty: 100, avgEntryPrice: 12, marketPrice: 12.5 },
    { symbol: 'EFGH', qty: -200, avgEntryPrice: 30 },
  ]

  it('values positions at market (or entry), shorts gross, and refuses a symbol over its cap', () => {
    const result = checkExposure({
      symbol: 'ABCD',
      orderValue: 4_000,
      equity: 20_000,
      positions,
      maxSymbolExposure: 0.25,
    })
    expect(result).toMatchObject({
      ok: false,
      code: 'max_symbol_exposure',
      symbolExposure: 5_250,
      totalExposure: 11_250,
      headroom: 3_750,
    })
  })

  it('refuses the account over its total cap, counting pending orders', () => {
    const result = checkExposure({
      symbol: 'MNOP',
      orderValue: 2_000,
      equity: 20_000,
      positions,
      pending: [{ symbol: 'QRST', value: 1_500 }],
      maxTotalExposure: 0.5,
    })
    // Held 1,250 + 6,000 + pending 1,500 = 8,750; + 2,000 = 10,750 > 10,000.
    expect(result).toMatchObject({
      ok: false,
      code: 'max_total_exposure',
      totalExposure: 10_750,
      headroom: 1_250,
    })
    expect(
      checkExposure({
        symbol: 'MNOP',
        orderValue: 1_250,
        equity: 20_000,
        positions,
        pending: [{ symbol: 'QRST', value: 1_500 }],
        maxTotalExposure: 0.5,
      }).ok,
    ).toBe(true)
  })

  it('refuses any exposure on zero equity when a cap is set', () => {
    expect(
      checkExposure({ symbol: 'ABCD', orderValue: 1, equity: 0, positions: [], maxTotalExposure: 1 }),
    ).toMatchObject({
      ok: false,
      code: 'no_equity',
    })
  })
})

describe('checkSession', () => {
  it('allows the regular session only by default, across a DST change', () => {
    // 2026-03-06 (EST) and 2026-03-09 (EDT, after the March 8 change): 09:30 ET is 14:30Z then 13:30Z.
    expect(checkSession({ ts: Date.UTC(2026, 2, 6, 14, 30) }).ok).toBe(true)
    expect(checkSession({ ts: Date.UTC(2026, 2, 6, 14, 29) }).ok).toBe(false)
    expect(checkSession({ ts: Date.UTC(2026, 2, 9, 13, 30) }).ok).toBe(true)
    expect(checkSession({ ts: Date.UTC(2026, 2, 9, 13, 29) }).ok).toBe(false)
  })

  it('refuses holidays, early-close afternoons and premarket with the next open', () => {
    const holiday = checkSession({ ts: fromNewYork(2026, 1, 19, 11, 0) })
    expect(holiday).toMatchObject({ ok: false, code: 'session_not_allowed', session: 'closed' })
    if (!holiday.ok) expect(holiday.reason).toContain('The next regular open is 2026-01-20 09:30 ET.')
    expect(checkSession({ ts: fromNewYork(2026, 11, 27, 13, 30) }).session).toBe('afterhours')
    expect(
      checkSession({
        ts: fromNewYork(2026, 1, 5, 8, 0),
        config: { allowedSessions: ['premarket', 'regular'] },
      }).ok,
    ).toBe(true)
  })

  it('keeps the no-entry windows after the open and before the close', () => {
    const config = { noEntryFirstMinutes: 5, noEntryLastMinutes: 15 }
    const early = checkSession({ ts: fromNewYork(2026, 1, 5, 9, 33), config })
    expect(early.ok).toBe(false)
    if (!early.ok)
      expect(early.reason).toBe(
        '2026-01-05 09:33 ET is inside the first 5 minutes after the open; entries resume at 2026-01-05 09:35 ET.',
      )
    expect(checkSession({ ts: fromNewYork(2026, 1, 5, 9, 35), config }).ok).toBe(true)
    expect(checkSession({ ts: fromNewYork(2026, 1, 5, 15, 44), config }).ok).toBe(true)
    expect(checkSession({ ts: fromNewYork(2026, 1, 5, 15, 45), config }).ok).toBe(false)
    // On an early-close day the window moves with the 13:00 close.
    expect(checkSession({ ts: fromNewYork(2026, 11, 27, 12, 50), config }).ok).toBe(false)
  })
})

describe('createPreTradeChecks', () => {
  const check = createPreTradeChecks({ maxOpenPositions: 2, maxSymbolExposure: 0.25, maxTotalExposure: 1 })
  const context = {
    ts: fromNewYork(2026, 1, 20, 11, 0),
    symbol: 'ABCD',
    orderValue: 3_000,
    equity: 20_000,
    positions: [{ symbol: 'EFGH', qty: 100, avgEntryPrice: 40 }],
    dayTrades: [],
  }

  it('passes when every rule passes, listing each result', () => {
    const report = check(context)
    expect(report.ok).toBe(true)
    expect(report.results.map((result) => result.rule)).toEqual([
      'session',
      'pattern_day_trader',
      'max_open_positions',
      'exposure',
    ])
  })

  it('collects every refusal with its code', () => {
    const report = check({
      ...context,
      ts: fromNewYork(2026, 1, 20, 8, 0),
      orderValue: 6_000,
      dayTrades: [13, 14, 15].map((day) => ({ ts: fromNewYork(2026, 1, day, 15, 0) })),
    })
    expect(report.ok).toBe(false)
    expect(report.rejections.map((rejection) => rejection.code)).toEqual([
      'session_not_allowed',
      'pattern_day_trader',
      'max_symbol_exposure',
    ])
  })

  it('turns rules off with false and validates the config once', () => {
    const lenient = createPreTradeChecks({ sessions: false, patternDayTrader: false })
    expect(lenient({ ...context, ts: fromNewYork(2026, 1, 20, 3, 0) }).results).toEqual([])
    expect(() => createPreTradeChecks({ maxSymbolExposure: -1 })).toThrow(
      'maxSymbolExposure must be greater than 0 (got -1)',
    )
  })
})
