import { roundMoney } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  formatDuration,
  formatMoney,
  formatNewYorkIso,
  formatPrice,
  formatQty,
  formatR,
  formatSignedPercent,
  formatSpeed,
  oneLine,
} from './formatMoney.js'

describe('formatMoney', () => {
  test('cents, thousands separators and signs', () => {
    expect(formatMoney(25240)).toBe('$25,240.00')
    expect(formatMoney(1234567.891)).toBe('$1,234,567.89')
    expect(formatMoney(-1234.567)).toBe('-$1,234.57')
    expect(formatMoney(240, { sign: 'always' })).toBe('+$240.00')
    expect(formatMoney(-0.4, { sign: 'always' })).toBe('-$0.40')
    expect(formatMoney(0.005)).toBe('$0.01')
    expect(formatMoney(-0.004, { sign: 'always' })).toBe('$0.00')
    expect(formatMoney(0, { sign: 'always' })).toBe('$0.00')
  })

  test('rejects amounts that are not finite', () => {
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError)
    expect(() => formatMoney(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  test('reads back as the amount rounded to the cent', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (amount) => {
        const text = formatMoney(amount, { sign: 'always' })
        expect(text).toMatch(/^([+-]?)\$\d{1,3}(,\d{3})*\.\d{2}$/)
        const value = Number(text.replace(/[$,+]/g, ''))
        expect(value).toBe(roundMoney(amount))
        if (roundMoney(amount) > 0) expect(text.startsWith('+')).toBe(true)
        if (roundMoney(amount) < 0) expect(text.startsWith('-')).toBe(true)
      }),
    )
  })
})

describe('the other formats', () => {
  test('prices follow the tick grid', () => {
    expect(formatPrice(4.1)).toBe('4.10')
    expect(formatPrice(0.8421)).toBe('0.8421')
    expect(formatPrice(1234.5)).toBe('1,234.50')
  })

  test('percent, R, quantity, speed and duration', () => {
    expect(formatSignedPercent(12.345)).toBe('+12.35%')
    expect(formatSignedPercent(-0.001)).toBe('0.00%')
    expect(formatR(-1)).toBe('-1.00R')
    expect(formatR(2.456)).toBe('+2.46R')
    expect(formatQty(12500)).toBe('12,500')
    expect(formatQty(0.12345)).toBe('0.1235')
    expect(formatQty(-200)).toBe('-200')
    expect(formatSpeed(600)).toBe('600x')
    expect(formatSpeed(1.5)).toBe('1.5x')
    expect(formatDuration(45_000)).toBe('45s')
    expect(formatDuration(125_000)).toBe('2m05s')
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h05m')
    expect(formatDuration(-5)).toBe('0s')
  })

  test('ISO time carries the New York offset, daylight or standard', () => {
    expect(formatNewYorkIso(Date.UTC(2026, 0, 5, 14, 31, 2, 7))).toBe('2026-01-05T09:31:02.007-05:00')
    expect(formatNewYorkIso(Date.UTC(2026, 6, 6, 13, 30))).toBe('2026-07-06T09:30:00.000-04:00')
  })
})

describe('oneLine', () => {
  test('removes escape sequences and turns control characters into spaces', () => {
    expect(oneLine('\u001b[31mred\u001b[0m alert')).toBe('red alert')
    expect(oneLine('title\u001b]0;pwned\u0007 ok')).toBe('title ok')
    expect(oneLine('two\nlines\r\there')).toBe('two lines here')
    expect(oneLine('bidi \u202eevil')).toBe('bidi evil')
  })

  test('never leaves a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for control characters
        expect(oneLine(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
      }),
    )
  })
})
