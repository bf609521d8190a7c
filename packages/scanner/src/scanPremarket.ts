import { formatValue, isSymbol, parse, TimestampSchema } from '@tradeblocks/core'
import { z } from 'zod'
import { formatAgainst, formatDollars, formatNumber, formatPrice, formatQuantity } from './format.js'
import type { PremarketSnapshot } from './PremarketSnapshot.js'

/**
 * Why the scanner rejected a snapshot.
 *
 * `invalid-input` is bad data (a missing previous close, a `NaN` price, negative volume); the other codes
 * are filters the stock did not pass.
 *
 * @example
 * ```ts
 * import { ScanReasonCode } from '@tradeblocks/scanner'
 *
 * const badData = rejected.filter((r) => r.reasons.some((x) => x.code === ScanReasonCode.InvalidInput))
 * ```
 */
export const ScanReasonCode = {
  /** A field is missing, not a finite number, out of range or of the wrong type. */
  InvalidInput: 'invalid-input',
  /** The symbol appeared earlier in the same scan (the first valid snapshot is kept). */
  Duplicate: 'duplicate',
  /** The symbol is on an exclusion list. */
  Excluded: 'excluded',
  /** Trading in the symbol is halted. */
  Halted: 'halted',
  /** The snapshot is older than `maxAgeMs` (or has no `ts` while `maxAgeMs` is set). */
  Stale: 'stale',
  /** The gap is below `minGapPct`. */
  GapTooSmall: 'gap-too-small',
  /** The gap is above `maxGapPct`. */
  GapTooLarge: 'gap-too-large',
  /** The relative volume is below `minRelativeVolume`. */
  RelativeVolumeTooLow: 'relative-volume-too-low',
  /** No `avgPremarketVolume` and no `premarketVolumeShare` to estimate it. */
  RelativeVolumeUnknown: 'relative-volume-unknown',
  /** The last price is below `minPrice`. */
  PriceTooLow: 'price-too-low',
  /** The last price is above `maxPrice`. */
  PriceTooHigh: 'price-too-high',
  /** The float is above `maxFloat`. */
  FloatTooLarge: 'float-too-large',
  /** `maxFloat` is set but the float is unknown (and `allowUnknownFloat` is off). */
  FloatUnknown: 'float-unknown',
  /** Premarket volume × last price is below `minPremarketDollarVolume`. */
  DollarVolumeTooLow: 'dollar-volume-too-low',
} as const

/**
 * One of the {@link ScanReasonCode} values.
 *
 * @example
 * ```ts
 * import type { ScanReasonCodeValue } from '@tradeblocks/scanner'
 *
 * const code: ScanReasonCodeValue = 'gap-too-small'
 * ```
 */
export type ScanReasonCodeValue = (typeof ScanReasonCode)[keyof typeof ScanReasonCode]

/**
 * One reason a snapshot was rejected: a code, a sentence (`gap 2.1% is below 4%`), and for filters the
 * measured value and the limit; for bad input, the field and the value seen.
 *
 * @example
 * ```ts
 * import type { ScanReason } from '@tradeblocks/scanner'
 *
 * const reason: ScanReason = { code: 'gap-too-small', message: 'gap 2.1% is below 4%', value: 2.1, limit: 4 }
 * ```
 */
export interface ScanReason {
  code: ScanReasonCodeValue
  message: string
  /** The snapshot field at fault, for `invalid-input`. */
  field?: string
  /** The measured value (filters) or the bad value (`invalid-input`). */
  value?: unknown
  /** The limit the value broke, for filters. */
  limit?: number
}

/**
 * A stock that passed the premarket scan, with the measurements the filters and the ranker use.
 *
 * @example
 * ```ts
 * import type { PremarketCandidate } from '@tradeblocks/scanner'
 *
 * const line = (c: PremarketCandidate) => `${c.symbol} +${c.gapPct.toFixed(1)}% rvol ${c.relativeVolume.toFixed(1)}×`
 * ```
 */
export interface PremarketCandidate {
  symbol: string
  /** The snapshot as given. */
  snapshot: PremarketSnapshot
  /** `lastPrice`. */
  price: number
  /** `(lastPrice / prevClose − 1) × 100`. */
  gapPct: number
  /** `premarketVolume` over the normal premarket volume by this time (see `relativeVolumeBasis`). */
  relativeVolume: number
  /**
   * `premarket`: divided by `avgPremarketVolume`; `estimated`: divided by `avgDailyVolume ×
   * premarketVolumeShare` because the premarket average was missing.
   */
  relativeVolumeBasis: 'premarket' | 'estimated'
  /** `premarketVolume × lastPrice`. */
  premarketDollarVolume: number
  /** `premarketVolume / avgDailyVolume`: the share of a normal day already traded; `undefined` without an average. */
  dailyVolumeShare: number | undefined
  /** The float, when known. */
  float: number | undefined
  /** `premarketVolume / float`: how many times the float has traded; `undefined` without a float. */
  floatRotation: number | undefined
  /** `(lastPrice / open − 1) × 100`, when `open` is known. */
  intradayChangePct: number | undefined
}

/**
 * A snapshot the scan rejected, with every reason.
 *
 * @example
 * ```ts
 * import type { ScanRejection } from '@tradeblocks/scanner'
 *
 * const log = (r: ScanRejection) => `${r.symbol ?? `#${r.index}`}: ${r.reasons.map((x) => x.message).join('; ')}`
 * ```
 */
export interface ScanRejection {
  /** Position in the input. */
  index: number
  /** The symbol, when the snapshot had a usable one. */
  symbol: string | undefined
  /** Every reason, not just the first. */
  reasons: ScanReason[]
  /** The input as given. */
  snapshot: unknown
}

const nonNegative = z
  .number({ error: 'must be a finite number' })
  .nonnegative({ error: 'must not be negative' })
const positive = z.number({ error: 'must be a finite number' }).positive({ error: 'must be greater than 0' })
const symbolList = z.array(z.string({ error: 'must be a string' }), { error: 'must be an array of symbols' })

const ScanPremarketObject = z
  .object({
    minGapPct: z.number({ error: 'must be a finite number' }).default(4),
    maxGapPct: z.number({ error: 'must be a finite number' }).optional(),
    minRelativeVolume: nonNegative.default(2),
    minPrice: nonNegative.default(1),
    maxPrice: positive.default(50),
    maxFloat: positive.optional(),
    allowUnknownFloat: z.boolean({ error: 'must be true or false' }).default(false),
    minPremarketDollarVolume: nonNegative.default(100_000),
    premarketVolumeShare: positive.max(1, { error: 'must be at most 1' }).optional(),
    exclude: z
      .union([symbolList, z.record(z.string(), symbolList)], {
        error: 'must be an array of symbols or an object of named symbol lists',
      })
      .default([]),
    now: TimestampSchema.optional(),
    maxAgeMs: positive.optional(),
  })
  .strict()

/**
 * The zod schema of {@link ScanPremarketParameters}, with the defaults. Cross-field rules: `minPrice` not
 * above `maxPrice`, `minGapPct` not above `maxGapPct`, and `maxAgeMs` needs `now`.
 *
 * @example
 * ```ts
 * import { ScanPremarketOptionsSchema } from '@tradeblocks/scanner'
 *
 * ScanPremarketOptionsSchema.parse({}).minGapPct // 4
 * ```
 */
export const ScanPremarketOptionsSchema = ScanPremarketObject.superRefine((o, ctx) => {
  if (o.minPrice > o.maxPrice)
    ctx.addIssue({
      code: 'custom',
      path: ['minPrice'],
      message: `must not be above maxPrice ${o.maxPrice}`,
      input: o.minPrice,
    })
  if (o.maxGapPct !== undefined && o.minGapPct > o.maxGapPct)
    ctx.addIssue({
      code: 'custom',
      path: ['minGapPct'],
      message: `must not be above maxGapPct ${o.maxGapPct}`,
      input: o.minGapPct,
    })
  if (o.maxAgeMs !== undefined && o.now === undefined)
    ctx.addIssue({ code: 'custom', path: ['now'], message: 'is required when maxAgeMs is set', input: o.now })
})

/**
 * Options of {@link scanPremarket}. The defaults are the reference momentum strategy's rules.
 *
 * @example
 * ```ts
 * import { scanPremarket, type ScanPremarketParameters } from '@tradeblocks/scanner'
 *
 * const options: ScanPremarketParameters = {
 *   minGapPct: 10,
 *   maxFloat: 20_000_000,
 *   exclude: { 'hard-to-borrow': ['XYZ'], 'recent offering': ['QRS'] },
 * }
 * const { passed } = scanPremarket(snapshots, options)
 * ```
 */
export interface ScanPremarketParameters {
  /** Least gap from the previous close, in percent. Default `4`. */
  minGapPct?: number
  /** Greatest gap, in percent (a huge gap may be bad data or a split). Default: none. */
  maxGapPct?: number
  /** Least relative volume: `2` is the "volume above 200%" rule. Default `2`. */
  minRelativeVolume?: number
  /** Least last price, dollars. Default `1`. */
  minPrice?: number
  /** Greatest last price, dollars. Default `50`. */
  maxPrice?: number
  /** Greatest float, shares. Default: none. */
  maxFloat?: number
  /** With `maxFloat` set, pass a stock whose float is unknown instead of rejecting it. Default `false`. */
  allowUnknownFloat?: boolean
  /** Least `premarketVolume × lastPrice`, dollars: enough liquidity to get in and out. Default `100000`. */
  minPremarketDollarVolume?: number
  /**
   * When a snapshot has no `avgPremarketVolume`, estimate it as `avgDailyVolume × premarketVolumeShare`
   * (e.g. `0.05`) and mark the candidate `relativeVolumeBasis: 'estimated'`. Unset (the default), such a
   * snapshot is rejected as `relative-volume-unknown`: a guess is never made silently.
   */
  premarketVolumeShare?: number
  /**
   * Symbols never to pass: a list, or named lists (`{ 'hard-to-borrow': [...], halted: [...] }`) whose name
   * the rejection reports. Default none.
   */
  exclude?: readonly string[] | Readonly<Record<string, readonly string[]>>
  /** The scan's time (from a `Clock`), for `maxAgeMs`. */
  now?: number
  /** Reject snapshots older than this (needs `now`; a snapshot without `ts` is rejected too). */
  maxAgeMs?: number
}

/**
 * The result of {@link scanPremarket}: the stocks that passed, largest gap first, and every rejection, in
 * input order.
 *
 * @example
 * ```ts
 * import { scanPremarket, type ScanPremarketReturnType } from '@tradeblocks/scanner'
 *
 * const { passed, rejected }: ScanPremarketReturnType = scanPremarket(snapshots)
 * ```
 */
export interface ScanPremarketReturnType {
  /** Largest gap first; ties by symbol. */
  passed: PremarketCandidate[]
  /** In input order. */
  rejected: ScanRejection[]
}

/**
 * {@link ScanPremarketParameters} after validation, with every default filled in.
 *
 * @example
 * ```ts
 * import { resolveScanPremarketOptions, type ResolvedScanPremarketOptions } from '@tradeblocks/scanner'
 *
 * const options: ResolvedScanPremarketOptions = resolveScanPremarketOptions({ maxFloat: 20_000_000 })
 * options.minGapPct // 4
 * ```
 */
export type ResolvedScanPremarketOptions = Readonly<z.output<typeof ScanPremarketOptionsSchema>>

/** A field's problem, or undefined when it is fine (the fast path allocates nothing). */
function numericIssue(
  field: string,
  value: unknown,
  positive: boolean,
  required: boolean,
): ScanReason | undefined {
  if (typeof value === 'number') {
    if (value < Number.POSITIVE_INFINITY && (positive ? value > 0 : value >= 0)) return undefined
    if (!Number.isFinite(value))
      return {
        code: ScanReasonCode.InvalidInput,
        message: `${field} must be a finite number (got ${value})`,
        field,
        value,
      }
    return {
      code: ScanReasonCode.InvalidInput,
      message: positive
        ? `${field} must be greater than 0 (got ${value})`
        : `${field} must not be negative (got ${value})`,
      field,
      value,
    }
  }
  if (value === undefined || value === null)
    return required
      ? { code: ScanReasonCode.InvalidInput, message: `${field} is required`, field, value }
      : undefined
  return {
    code: ScanReasonCode.InvalidInput,
    message: `${field} must be a finite number (got ${formatValue(value)})`,
    field,
    value,
  }
}

/** Checks one snapshot's fields; pushes an `invalid-input` reason per bad field. */
function validate(raw: unknown, reasons: ScanReason[]): raw is PremarketSnapshot {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    reasons.push({
      code: ScanReasonCode.InvalidInput,
      message: `snapshot must be an object (got ${formatValue(raw)})`,
      value: raw,
    })
    return false
  }
  const s = raw as Record<string, unknown>
  const before = reasons.length
  const symbol = s.symbol
  if (!isSymbol(symbol))
    reasons.push({
      code: ScanReasonCode.InvalidInput,
      message:
        symbol === undefined
          ? 'symbol is required'
          : `symbol must be an uppercase ticker such as AAPL or BRK.B (got ${formatValue(symbol)})`,
      field: 'symbol',
      value: symbol,
    })
  // Unrolled on purpose: this runs for every symbol of a 10,000-symbol scan.
  let issue = numericIssue('prevClose', s.prevClose, true, true)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('lastPrice', s.lastPrice, true, true)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('premarketVolume', s.premarketVolume, false, true)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('avgDailyVolume', s.avgDailyVolume, false, true)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('float', s.float, true, false)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('avgPremarketVolume', s.avgPremarketVolume, true, false)
  if (issue !== undefined) reasons.push(issue)
  issue = numericIssue('open', s.open, true, false)
  if (issue !== undefined) reasons.push(issue)
  const ts = s.ts
  if (ts !== undefined && ts !== null && !(typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0))
    reasons.push({
      code: ScanReasonCode.InvalidInput,
      message: `ts must be a non-negative integer of epoch ms (got ${formatValue(ts)})`,
      field: 'ts',
      value: ts,
    })
  const halted = s.halted
  if (halted !== undefined && halted !== null && typeof halted !== 'boolean')
    reasons.push({
      code: ScanReasonCode.InvalidInput,
      message: `halted must be true or false (got ${formatValue(halted)})`,
      field: 'halted',
      value: halted,
    })
  return reasons.length === before
}

function exclusionIndex(exclude: ResolvedScanPremarketOptions['exclude']): Map<string, string | undefined> {
  const index = new Map<string, string | undefined>()
  if (Array.isArray(exclude)) for (const symbol of exclude) index.set(symbol.toUpperCase(), undefined)
  else
    for (const [name, list] of Object.entries(exclude as Record<string, string[]>))
      for (const symbol of list) if (!index.has(symbol.toUpperCase())) index.set(symbol.toUpperCase(), name)
  return index
}

function ratio(a: number, b: number): number {
  if (b > 0) return a / b
  return a > 0 ? Number.POSITIVE_INFINITY : 0
}

/**
 * Validates scan options and fills in the defaults.
 *
 * @throws ValidationError (from `@tradeblocks/core`) naming each bad option and its value.
 *
 * @example
 * ```ts
 * import { resolveScanPremarketOptions } from '@tradeblocks/scanner'
 *
 * resolveScanPremarketOptions({ minGapPct: 10 }).minRelativeVolume // 2
 * ```
 */
export function resolveScanPremarketOptions(
  options: ScanPremarketParameters = {},
): ResolvedScanPremarketOptions {
  return parse(ScanPremarketOptionsSchema, options, 'premarket scan options')
}

/**
 * The premarket scanner: keeps the stocks that gap up on heavy premarket volume within a price range
 * (and under a float, above a dollar volume, off the exclusion lists), and says why each other stock was
 * left out. Every failed filter is reported, not just the first.
 *
 * Bad input never stops the scan and never passes: a snapshot with a missing previous close, a `NaN`
 * price or negative volume is rejected with an `invalid-input` reason naming the field and the value.
 * Only bad options throw.
 *
 * Relative volume is `premarketVolume / avgPremarketVolume` (average volume by this time of day). Without
 * that average it is estimated from `avgDailyVolume` only when `premarketVolumeShare` is set.
 *
 * Cost: linear, about 0.3 µs per snapshot (`npm run bench -w @tradeblocks/scanner`).
 *
 * @param snapshots - One per symbol; duplicates after the first valid one are rejected.
 * @param options - See {@link ScanPremarketParameters}.
 * @throws ValidationError when an option is invalid or `snapshots` is not an array.
 *
 * @example
 * ```ts
 * import { scanPremarket } from '@tradeblocks/scanner'
 *
 * const { passed, rejected } = scanPremarket(
 *   [
 *     { symbol: 'ABCD', prevClose: 4.1, lastPrice: 5.02, premarketVolume: 1_850_000, avgDailyVolume: 3_200_000, avgPremarketVolume: 120_000 },
 *     { symbol: 'WXYZ', prevClose: 20, lastPrice: 20.3, premarketVolume: 40_000, avgDailyVolume: 900_000, avgPremarketVolume: 30_000 },
 *   ],
 *   { maxFloat: 20_000_000, allowUnknownFloat: true },
 * )
 * passed.map((c) => c.symbol) // ['ABCD']
 * rejected[0]?.reasons.map((r) => r.message) // ['gap 1.5% is below 4%', 'relative volume 1.33× is below 2×', ...]
 * ```
 */
export function scanPremarket(
  snapshots: readonly PremarketSnapshot[],
  options: ScanPremarketParameters = {},
): ScanPremarketReturnType {
  const o = resolveScanPremarketOptions(options)
  if (!Array.isArray(snapshots))
    parse(z.array(z.unknown(), { error: 'must be an array of snapshots' }), snapshots, 'snapshots')
  const excluded = exclusionIndex(o.exclude)
  const seen = new Map<string, number>()
  const passed: PremarketCandidate[] = []
  const rejected: ScanRejection[] = []
  const maxGap = o.maxGapPct
  const maxFloat = o.maxFloat
  const share = o.premarketVolumeShare

  const scratch: ScanReason[] = []
  for (let index = 0; index < snapshots.length; index++) {
    const raw: unknown = snapshots[index]
    // One scratch list for every snapshot: a stock that passes allocates no reason list.
    const reasons = scratch
    reasons.length = 0
    if (!validate(raw, reasons)) {
      const symbol =
        typeof raw === 'object' && raw !== null ? (raw as { symbol?: unknown }).symbol : undefined
      rejected.push({
        index,
        symbol: typeof symbol === 'string' ? symbol : undefined,
        reasons: reasons.slice(),
        snapshot: raw,
      })
      continue
    }
    const s = raw
    const first = seen.get(s.symbol)
    if (first !== undefined) {
      reasons.push({
        code: ScanReasonCode.Duplicate,
        message: `duplicate of the snapshot at index ${first}`,
        value: s.symbol,
      })
      rejected.push({ index, symbol: s.symbol, reasons: reasons.slice(), snapshot: raw })
      continue
    }
    seen.set(s.symbol, index)

    if (excluded.has(s.symbol)) {
      const list = excluded.get(s.symbol)
      reasons.push({
        code: ScanReasonCode.Excluded,
        message: list === undefined ? 'on the exclusion list' : `on the exclusion list "${list}"`,
        value: s.symbol,
      })
    }
    if (s.halted === true)
      reasons.push({ code: ScanReasonCode.Halted, message: 'trading is halted', value: true })
    if (o.maxAgeMs !== undefined && o.now !== undefined) {
      if (s.ts === undefined || s.ts === null)
        reasons.push({
          code: ScanReasonCode.Stale,
          message: 'snapshot has no ts to check its age against maxAgeMs',
        })
      else if (o.now - s.ts > o.maxAgeMs)
        reasons.push({
          code: ScanReasonCode.Stale,
          message: `snapshot is ${formatNumber((o.now - s.ts) / 1000, 1)} s old, more than ${formatNumber(o.maxAgeMs / 1000, 3)} s`,
          value: o.now - s.ts,
          limit: o.maxAgeMs,
        })
    }

    const price = s.lastPrice
    const gapPct = (price / s.prevClose - 1) * 100
    if (gapPct < o.minGapPct)
      reasons.push({
        code: ScanReasonCode.GapTooSmall,
        message: `gap ${formatAgainst(gapPct, o.minGapPct, 1)}% is below ${formatNumber(o.minGapPct, 4)}%`,
        value: gapPct,
        limit: o.minGapPct,
      })
    if (maxGap !== undefined && gapPct > maxGap)
      reasons.push({
        code: ScanReasonCode.GapTooLarge,
        message: `gap ${formatAgainst(gapPct, maxGap, 1)}% is above ${formatNumber(maxGap, 4)}%`,
        value: gapPct,
        limit: maxGap,
      })

    let relativeVolume = Number.NaN
    let basis: PremarketCandidate['relativeVolumeBasis'] = 'premarket'
    if (s.avgPremarketVolume !== undefined && s.avgPremarketVolume !== null)
      relativeVolume = ratio(s.premarketVolume, s.avgPremarketVolume)
    else if (share !== undefined) {
      relativeVolume = ratio(s.premarketVolume, s.avgDailyVolume * share)
      basis = 'estimated'
    } else {
      reasons.push({
        code: ScanReasonCode.RelativeVolumeUnknown,
        message:
          'relative volume unknown: avgPremarketVolume is missing (pass it, or set premarketVolumeShare to estimate it from avgDailyVolume)',
      })
    }
    if (!Number.isNaN(relativeVolume) && relativeVolume < o.minRelativeVolume)
      reasons.push({
        code: ScanReasonCode.RelativeVolumeTooLow,
        message: `relative volume ${formatAgainst(relativeVolume, o.minRelativeVolume, 2)}× is below ${formatNumber(o.minRelativeVolume, 4)}×${basis === 'estimated' ? ' (estimated from avgDailyVolume)' : ''}`,
        value: relativeVolume,
        limit: o.minRelativeVolume,
      })

    if (price < o.minPrice)
      reasons.push({
        code: ScanReasonCode.PriceTooLow,
        message: `price ${formatPrice(price)} is below ${formatPrice(o.minPrice)}`,
        value: price,
        limit: o.minPrice,
      })
    if (price > o.maxPrice)
      reasons.push({
        code: ScanReasonCode.PriceTooHigh,
        message: `price ${formatPrice(price)} is above ${formatPrice(o.maxPrice)}`,
        value: price,
        limit: o.maxPrice,
      })

    const float = s.float ?? undefined
    if (maxFloat !== undefined) {
      if (float === undefined) {
        if (!o.allowUnknownFloat)
          reasons.push({
            code: ScanReasonCode.FloatUnknown,
            message: `float is unknown and maxFloat is ${formatQuantity(maxFloat)} shares`,
            limit: maxFloat,
          })
      } else if (float > maxFloat)
        reasons.push({
          code: ScanReasonCode.FloatTooLarge,
          message: `float ${formatQuantity(float)} shares is above ${formatQuantity(maxFloat)}`,
          value: float,
          limit: maxFloat,
        })
    }

    const dollarVolume = s.premarketVolume * price
    if (dollarVolume < o.minPremarketDollarVolume)
      reasons.push({
        code: ScanReasonCode.DollarVolumeTooLow,
        message: `premarket dollar volume ${formatDollars(dollarVolume)} is below ${formatDollars(o.minPremarketDollarVolume)}`,
        value: dollarVolume,
        limit: o.minPremarketDollarVolume,
      })

    if (reasons.length > 0) {
      rejected.push({ index, symbol: s.symbol, reasons: reasons.slice(), snapshot: raw })
      continue
    }
    const open = s.open ?? undefined
    passed.push({
      symbol: s.symbol,
      snapshot: s,
      price,
      gapPct,
      relativeVolume,
      relativeVolumeBasis: basis,
      premarketDollarVolume: dollarVolume,
      dailyVolumeShare: s.avgDailyVolume > 0 ? s.premarketVolume / s.avgDailyVolume : undefined,
      float,
      floatRotation: float === undefined ? undefined : s.premarketVolume / float,
      intradayChangePct: open === undefined ? undefined : (price / open - 1) * 100,
    })
  }
  passed.sort((a, b) => b.gapPct - a.gapPct || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
  return { passed, rejected }
}
