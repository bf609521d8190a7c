import { mulberry32 } from '@tradeblocks/test-utils'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { randomTrade } from '../test/fixtures.js'
import { isTradeRecordFast } from './isTradeRecordFast.js'
import { TradeRecordSchema } from './TradeRecord.js'

// The reader trusts isTradeRecordFast instead of zod when it says yes. It must never say yes to a
// value zod rejects, or return something zod would return differently.

const base = JSON.parse(JSON.stringify(randomTrade(mulberry32(7), { id: 'fast-1', padding: 10 }))) as Record<
  string,
  unknown
>
const KEYS = [...Object.keys(base), 'plannedStop', 'rMultiple', 'setup', 'signal', 'notes', 'extra']

const weirdValue = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1.5,
    2 ** 53,
    '',
    'x',
    'ABCD',
    'abcd',
    'a;b',
    'long',
    'paper',
    'target',
    null,
    true,
    [],
    ['x'],
    [''],
    {},
    { a: 1 },
    { a: [1, { b: null }] },
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 70 }),
  fc.array(fc.string({ maxLength: 70 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
)

describe('isTradeRecordFast', () => {
  test('accepts real records', () => {
    const rng = mulberry32(1)
    for (let i = 0; i < 500; i++) {
      const value = JSON.parse(JSON.stringify(randomTrade(rng, { id: `t-${i}`, days: 5 })))
      expect(isTradeRecordFast(value)).toBe(true)
    }
  })

  test('never accepts what zod rejects, and agrees on the output', () => {
    let accepted = 0
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.option(weirdValue, { nil: undefined })), {
          minLength: 1,
          maxLength: 4,
        }),
        (mutations) => {
          const value: Record<string, unknown> = structuredClone(base)
          for (const [key, replacement] of mutations) {
            if (replacement === undefined) delete value[key]
            else value[key] = replacement
          }
          // What JSON.parse could produce: the reader only sees parsed lines.
          const parsed = JSON.parse(JSON.stringify(value))
          if (isTradeRecordFast(parsed)) {
            accepted++
            const result = TradeRecordSchema.safeParse(parsed)
            expect(result.success).toBe(true)
            expect(result.data).toEqual(parsed)
          }
        },
      ),
      { numRuns: 3000 },
    )
    // The property must have been exercised on accepted values, not only on rejections.
    expect(accepted).toBeGreaterThan(100)
  })

  test('rejects infinite numbers that JSON.parse produces from 1e400', () => {
    const text = JSON.stringify(base).replace(/"qty":\d+/, '"qty":1e400')
    const value = JSON.parse(text)
    expect(value.qty).toBe(Number.POSITIVE_INFINITY)
    expect(isTradeRecordFast(value)).toBe(false)
    expect(TradeRecordSchema.safeParse(value).success).toBe(false)
  })
})
