// The shared contract every indicator of @tradeblocks/indicators passes: warm-up, streaming equals
// batch bit for bit, replace() of a forming bar, bad input and bad parameters, reset and stability
// on flat or zero series. It knows indicators only by shape, so it does not import the package.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** A generated OHLCV bar; specs map it to their own input type. */
export interface ContractBar {
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/** The streaming shape the contract drives. */
export interface ContractStreamingIndicator<TInput, TValue> {
  readonly warmup: number
  readonly isReady: boolean
  readonly value: TValue | undefined
  readonly count: number
  update(input: TInput): TValue | undefined
  replace(input: TInput): TValue | undefined
  reset(): void
}

/** What a batch function returns: one column, or an object of named columns (each a Float64Array). */
export type ContractBatchOutput = Float64Array | object

/** How one indicator plugs into the contract. */
export interface IndicatorContractSpec<TInput, TValue> {
  /** Name shown by the test runner. */
  name: string
  /** A new streaming instance with the parameters under test. */
  create(): ContractStreamingIndicator<TInput, TValue>
  /** The batch function with the same parameters, over these bars. */
  batch(bars: readonly ContractBar[]): ContractBatchOutput
  /** The streaming input for a bar. */
  input(bar: ContractBar): TInput
  /**
   * The bar fields the indicator reads, each mapped to the field name its errors report
   * (`{ close: 'value' }` for a plain series, `{ high: 'high', low: 'low', close: 'close' }`, ...).
   */
  fields: Readonly<Partial<Record<keyof ContractBar, string>>>
  /** Constructors or batch calls with one bad parameter each, and the parameter name they must report. */
  badParameters: ReadonlyArray<{ parameter: string; run: () => unknown }>
  /** True when the warm-up is not a fixed number of bars (it is counted in sessions, say). */
  variableWarmup?: boolean
  /** True when negative values of a field are invalid too (volumes). */
  nonNegative?: ReadonlyArray<keyof ContractBar>
  /**
   * Output fields that are `NaN` on every bar by the parameters under test (a VWAP without its
   * bands, say): the contract checks that they are, and leaves them out of its "has a value" checks.
   */
  absentFields?: ReadonlyArray<string>
  /** Number of fast-check runs per property; keep it modest, CI runs every indicator. */
  numRuns?: number
}

const TICK = 0.01
const MINUTE = 60_000

/** Rounds to a whole number of cents without drift (prices of the generated series). */
function cents(x: number): number {
  return Math.round(x * 100) / 100
}

/**
 * Arbitrary series of tick-rounded bars: a random walk in cents with flat stretches (high = low =
 * close, repeated), ties, zero volumes and occasional zero prices.
 */
export function contractBars(
  options: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<ContractBar[]> {
  const step = fc.record({
    move: fc.integer({ min: -6, max: 6 }),
    up: fc.integer({ min: 0, max: 4 }),
    down: fc.integer({ min: 0, max: 4 }),
    flat: fc.integer({ min: 0, max: 9 }),
    volume: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })),
  })
  return fc
    .record({
      start: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })),
      steps: fc.array(step, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 160 }),
    })
    .map(({ start, steps }) => {
      const bars: ContractBar[] = []
      let price = start / 100
      for (let i = 0; i < steps.length; i++) {
        const s = steps[i]!
        const previous = bars[i - 1]
        if (s.flat >= 7 && previous !== undefined) {
          // a flat bar repeating the previous close: high = low = close, as in illiquid data
          const c = previous.close
          bars.push({
            ts: i * MINUTE,
            open: c,
            high: c,
            low: c,
            close: c,
            volume: s.flat === 9 ? 0 : s.volume,
          })
          continue
        }
        const open = price
        price = Math.max(0, cents(price + s.move * TICK))
        const close = price
        const high = cents(Math.max(open, close) + s.up * TICK)
        const low = Math.max(0, cents(Math.min(open, close) - s.down * TICK))
        bars.push({ ts: i * MINUTE, open, high, low, close, volume: s.volume })
      }
      return bars
    })
}

/** `n` bars all equal to `price` (a perfectly flat market). */
export function flatBars(n: number, price: number, volume = 100): ContractBar[] {
  return Array.from({ length: n }, (_, i) => ({
    ts: i * MINUTE,
    open: price,
    high: price,
    low: price,
    close: price,
    volume,
  }))
}

/** The numbers of a streaming value, by field name (`value` for a plain number). */
function fieldsOf(value: unknown): Record<string, number> | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number') return { value }
  return { ...(value as Record<string, number>) }
}

/** The batch row `i`, by field name (`value` for a single column). */
function rowOf(output: ContractBatchOutput, i: number): Record<string, number> {
  if (output instanceof Float64Array) return { value: output[i]! }
  const row: Record<string, number> = {}
  for (const [field, column] of Object.entries(output as Record<string, Float64Array>))
    row[field] = column[i]!
  return row
}

function lengthOf(output: ContractBatchOutput): number {
  if (output instanceof Float64Array) return output.length
  const columns = Object.values(output as Record<string, Float64Array>)
  for (const column of columns) expect(column).toBeInstanceOf(Float64Array)
  const n = columns[0]?.length ?? 0
  for (const column of columns) expect(column.length).toBe(n)
  return n
}

/** Asserts that a streaming output equals batch row `i` bit for bit (undefined ⇔ every field NaN). */
function expectSame(streamed: unknown, output: ContractBatchOutput, i: number, context: string): void {
  const row = rowOf(output, i)
  const got = fieldsOf(streamed)
  if (got === undefined) {
    for (const [field, v] of Object.entries(row)) {
      if (!Number.isNaN(v))
        expect.fail(`${context}: streaming gave undefined at ${i} but batch ${field} = ${v}`)
    }
    return
  }
  expect(Object.keys(got).sort(), context).toEqual(Object.keys(row).sort())
  for (const [field, v] of Object.entries(row)) {
    if (!Object.is(got[field], v))
      expect.fail(`${context}: at index ${i}, ${field} streamed ${got[field]} but batch gave ${v}`)
  }
}

function expectInputError(error: unknown, field: string, index: number): void {
  expect(error).toBeInstanceOf(Error)
  const e = error as { name?: string; code?: string; field?: string; index?: number }
  expect(e.name).toBe('InvalidInputError')
  expect(e.code).toBe('validation')
  expect(e.field).toBe(field)
  expect(e.index).toBe(index)
}

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return expect.fail('expected an error to be thrown')
}

/**
 * Runs the indicator contract for one indicator inside a `describe` block.
 *
 * @example
 * ```ts
 * import { SMA, sma } from '@tradeblocks/indicators'
 * import { describeIndicatorContract } from '@tradeblocks/test-utils'
 *
 * describeIndicatorContract({
 *   name: 'SMA(5)',
 *   create: () => new SMA({ period: 5 }),
 *   batch: (bars) => sma(bars.map((b) => b.close), { period: 5 }),
 *   input: (bar) => bar.close,
 *   fields: { close: 'value' },
 *   badParameters: [{ parameter: 'period', run: () => new SMA({ period: 0 }) }],
 * })
 * ```
 */
export function describeIndicatorContract<TInput, TValue>(spec: IndicatorContractSpec<TInput, TValue>): void {
  const numRuns = spec.numRuns ?? 40
  const absent = new Set(spec.absentFields ?? [])
  describe(`indicator contract: ${spec.name}`, () => {
    it('warms up for exactly `warmup` inputs, then always has a value', () => {
      fc.assert(
        fc.property(contractBars({ minLength: 1, maxLength: 200 }), (extra) => {
          const indicator = spec.create()
          const warmup = indicator.warmup
          expect(Number.isInteger(warmup) && warmup >= 0).toBe(true)
          expect(indicator.isReady).toBe(false)
          expect(indicator.value).toBeUndefined()
          const bars = [...flatBars(0, 0), ...extra]
          while (bars.length < warmup + 5) bars.push({ ...bars[bars.length - 1]!, ts: bars.length * MINUTE })
          const output = spec.batch(bars)
          expect(lengthOf(output)).toBe(bars.length)
          for (let i = 0; i < bars.length; i++) {
            const v = indicator.update(spec.input(bars[i]!))
            expect(indicator.count).toBe(i + 1)
            if (spec.variableWarmup) {
              expect(indicator.isReady).toBe(v !== undefined)
              continue
            }
            const row = rowOf(output, i)
            if (i < warmup) {
              expect(v, `update ${i} is inside the warm-up`).toBeUndefined()
              expect(indicator.isReady).toBe(false)
              for (const x of Object.values(row)) expect(x).toBeNaN()
            } else {
              expect(v, `update ${i} is past the warm-up`).toBeDefined()
              expect(indicator.isReady).toBe(true)
              expect(fieldsOf(indicator.value)).toEqual(fieldsOf(v))
              for (const [field, x] of Object.entries(row))
                expect(Number.isNaN(x), `batch ${field} NaN at ${i}`).toBe(absent.has(field))
            }
          }
        }),
        { numRuns: Math.max(10, numRuns >> 1) },
      )
    })

    it('streaming update() equals the batch function bit for bit', () => {
      fc.assert(
        fc.property(contractBars(), (bars) => {
          const indicator = spec.create()
          const output = spec.batch(bars)
          expect(lengthOf(output)).toBe(bars.length)
          const withCurrent = indicator as { readonly current?: number }
          for (let i = 0; i < bars.length; i++) {
            expectSame(indicator.update(spec.input(bars[i]!)), output, i, 'update')
            // single-value indicators may expose `current`: the value as a number, NaN in warm-up
            if ('current' in indicator) {
              const current = withCurrent.current!
              expectSame(Number.isNaN(current) ? undefined : current, output, i, 'current')
            }
          }
        }),
        { numRuns },
      )
    })

    it('replace() recomputes the last value: any update/replace sequence equals the batch over the final bars', () => {
      const op = fc.record({ replace: fc.boolean(), pick: fc.nat() })
      fc.assert(
        fc.property(contractBars({ minLength: 1 }), fc.array(op, { maxLength: 160 }), (pool, ops) => {
          const indicator = spec.create()
          const series: ContractBar[] = []
          for (const { replace, pick } of ops) {
            const bar = {
              ...pool[pick % pool.length]!,
              ts: Math.max(0, series.length - (replace ? 1 : 0)) * MINUTE,
            }
            let v: TValue | undefined
            if (replace && series.length > 0) {
              series[series.length - 1] = bar
              v = indicator.replace(spec.input(bar))
            } else {
              series.push(bar)
              v = replace ? indicator.replace(spec.input(bar)) : indicator.update(spec.input(bar))
            }
            expect(indicator.count).toBe(series.length)
            expectSame(v, spec.batch(series), series.length - 1, replace ? 'replace' : 'update')
          }
        }),
        { numRuns },
      )
    })

    it('rejects NaN and ±Infinity with a typed error and leaves the state untouched', () => {
      fc.assert(
        fc.property(contractBars({ minLength: 2, maxLength: 80 }), fc.nat(), (bars, at) => {
          const k = at % bars.length
          const fields = Object.entries(spec.fields) as Array<[keyof ContractBar, string]>
          const bad: Array<[keyof ContractBar, string, number]> = []
          for (const [field, reported] of fields) {
            for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
              bad.push([field, reported, x])
            if (spec.nonNegative?.includes(field)) bad.push([field, reported, -1])
          }
          const indicator = spec.create()
          const twin = spec.create()
          for (let i = 0; i < bars.length; i++) {
            if (i === k) {
              for (const [field, reported, x] of bad) {
                const badBar = { ...bars[i]!, [field]: x }
                expectInputError(
                  catchError(() => indicator.update(spec.input(badBar))),
                  reported,
                  i,
                )
                if (i > 0) {
                  expectInputError(
                    catchError(() => indicator.replace(spec.input(badBar))),
                    reported,
                    i,
                  )
                }
                expect(indicator.count).toBe(i)
                const badSeries = bars.map((b, j) => (j === i ? badBar : b))
                expectInputError(
                  catchError(() => spec.batch(badSeries)),
                  reported,
                  i,
                )
              }
            }
            const a = fieldsOf(indicator.update(spec.input(bars[i]!)))
            const b = fieldsOf(twin.update(spec.input(bars[i]!)))
            expect(a).toEqual(b)
          }
        }),
        { numRuns: Math.max(10, numRuns >> 1) },
      )
    })

    it('batch reports the first of several bad values, also past the periodic recompute', () => {
      fc.assert(
        fc.property(
          contractBars({ minLength: 2, maxLength: 80 }),
          fc.nat(),
          fc.nat(),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
          (seed, a, b, x) => {
            // long enough to cross a rolling sum's recompute (every 1024 values)
            const bars = Array.from({ length: 2_200 }, (_, i) => ({
              ...seed[i % seed.length]!,
              ts: i * MINUTE,
            }))
            const first = a % (bars.length - 1)
            const second = first + 1 + (b % (bars.length - first - 1))
            const fields = Object.entries(spec.fields) as Array<[keyof ContractBar, string]>
            const [field, reported] = fields[a % fields.length]!
            const [otherField] = fields[b % fields.length]!
            bars[first] = { ...bars[first]!, [field]: x }
            // every bar from `second` on is bad too, so a loop that throws at any later index is caught
            // (NaN or a numeric string, which `x − x` alone would take for a finite number)
            for (let j = second; j < bars.length; j++)
              bars[j] = { ...bars[j]!, [otherField]: j % 2 === 0 ? Number.NaN : ('7' as unknown as number) }
            expectInputError(
              catchError(() => spec.batch(bars)),
              reported,
              first,
            )
          },
        ),
        { numRuns: Math.max(10, numRuns >> 2) },
      )
    })

    it('rejects bad parameters with a typed error naming the parameter', () => {
      expect(spec.badParameters.length).toBeGreaterThan(0)
      for (const { parameter, run } of spec.badParameters) {
        const error = catchError(run) as { name?: string; code?: string; parameter?: string }
        expect(error.name).toBe('InvalidParameterError')
        expect(error.code).toBe('validation')
        expect(error.parameter).toBe(parameter)
      }
    })

    it('reset() forgets everything', () => {
      fc.assert(
        fc.property(contractBars({ maxLength: 60 }), contractBars({ maxLength: 60 }), (first, second) => {
          const used = spec.create()
          for (const bar of first) used.update(spec.input(bar))
          used.reset()
          expect(used.count).toBe(0)
          expect(used.isReady).toBe(false)
          expect(used.value).toBeUndefined()
          const fresh = spec.create()
          for (const bar of second)
            expect(fieldsOf(used.update(spec.input(bar)))).toEqual(fieldsOf(fresh.update(spec.input(bar))))
        }),
        { numRuns: Math.max(10, numRuns >> 2) },
      )
    })

    it('stays defined through flat windows and zero values (a zero is a value)', () => {
      const warmup = spec.create().warmup
      const n = warmup + 60
      for (const price of [0, 0.01, 1, 100.25, 49_999.99]) {
        const bars = [...flatBars(n, price), ...flatBars(n, price + 1), ...flatBars(n, price)].map(
          (b, i) => ({
            ...b,
            ts: i * MINUTE,
          }),
        )
        const indicator = spec.create()
        const output = spec.batch(bars)
        let ready = 0
        for (let i = 0; i < bars.length; i++) {
          const v = fieldsOf(indicator.update(spec.input(bars[i]!)))
          expectSame(v === undefined ? undefined : indicator.value, output, i, `flat ${price}`)
          if (v === undefined) continue
          ready++
          for (const [field, x] of Object.entries(v)) {
            if (Number.isNaN(x) !== absent.has(field))
              expect.fail(`flat series at ${price}: ${field} is ${x} at ${i}`)
          }
        }
        if (!spec.variableWarmup) expect(ready).toBe(bars.length - warmup)
        expect(indicator.count).toBe(bars.length)
      }
    })
  })
}
