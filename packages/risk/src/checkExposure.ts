import { parse, roundMoney, SymbolSchema } from '@tradeblocks/core'
import { z } from 'zod'
import { FiniteNumberSchema, formatMoney, PositiveNumberSchema } from './positionSide.js'
import { RiskRejectionCode, type RuleResult } from './RuleResult.js'

const CheckExposureParametersSchema = z.object({
  symbol: SymbolSchema,
  orderValue: z.number({ error: 'must be a finite number' }).nonnegative({ error: 'must not be negative' }),
  equity: FiniteNumberSchema,
  positions: z.array(
    z.object({
      symbol: SymbolSchema,
      qty: FiniteNumberSchema,
      avgEntryPrice: PositiveNumberSchema,
      marketPrice: PositiveNumberSchema.optional(),
    }),
  ),
  pending: z.array(z.object({ symbol: SymbolSchema, value: z.number().nonnegative() })).default([]),
  maxSymbolExposure: PositiveNumberSchema.optional(),
  maxTotalExposure: PositiveNumberSchema.optional(),
})

/**
 * A position as the exposure check values it (core's `Position` fits): `|qty| × (marketPrice ?? avgEntryPrice)`.
 *
 * @example
 * ```ts
 * import type { ExposurePosition } from '@tradeblocks/risk'
 *
 * const short: ExposurePosition = { symbol: 'ABCD', qty: -200, avgEntryPrice: 14.2, marketPrice: 13.9 }
 * ```
 */
export interface ExposurePosition {
  symbol: string
  /** Signed: negative for a short. Exposure is gross, so a short adds its absolute value. */
  qty: number
  avgEntryPrice: number
  marketPrice?: number
}

/**
 * Parameters of {@link checkExposure}.
 *
 * @example
 * ```ts
 * import type { CheckExposureParameters } from '@tradeblocks/risk'
 *
 * const params: CheckExposureParameters = {
 *   symbol: 'ABCD', orderValue: 6_000, equity: 30_000, positions: [],
 *   maxSymbolExposure: 0.25, maxTotalExposure: 1,
 * }
 * ```
 */
export interface CheckExposureParameters {
  /** The symbol of the entry. */
  symbol: string
  /** The entry's value: `qty × price`. */
  orderValue: number
  /** Account equity. */
  equity: number
  /** Open positions. */
  positions: readonly ExposurePosition[]
  /** Entry orders sent but not filled yet, by value; they count as exposure. */
  pending?: readonly { symbol: string; value: number }[]
  /** The most one symbol may hold, as a fraction of equity (`0.25` = 25%). No cap when omitted. */
  maxSymbolExposure?: number
  /** The most all positions may hold together (gross), as a fraction of equity (`2` = 2× on margin). No cap when omitted. */
  maxTotalExposure?: number
}

/**
 * The result of {@link checkExposure}: a {@link RuleResult} plus the exposures after the entry and the
 * largest order value that would still pass.
 *
 * @example
 * ```ts
 * import { checkExposure, type CheckExposureReturnType } from '@tradeblocks/risk'
 *
 * const result: CheckExposureReturnType = checkExposure({ symbol: 'ABCD', orderValue: 1_000, equity: 10_000, positions: [], maxSymbolExposure: 0.2 })
 * result.headroom // 2000: the largest order value the caps allow for ABCD now
 * ```
 */
export type CheckExposureReturnType = RuleResult & {
  /** The symbol's gross exposure including this order. */
  symbolExposure: number
  /** The account's gross exposure including this order. */
  totalExposure: number
  /** The largest order value in this symbol the caps allow right now (`Infinity` without caps). */
  headroom: number
}

/**
 * Refuses an entry that would lift one symbol's exposure above `maxSymbolExposure × equity`, or the
 * account's gross exposure above `maxTotalExposure × equity`. Positions are valued at market when a
 * market price is given, at their average entry otherwise; pending entry orders count.
 *
 * Use it for orders that open or add to a position; exits reduce exposure and need no check.
 *
 * @throws ValidationError for non-finite numbers or bad symbols.
 *
 * @example
 * ```ts
 * import { checkExposure } from '@tradeblocks/risk'
 *
 * const result = checkExposure({
 *   symbol: 'ABCD', orderValue: 4_000, equity: 20_000,
 *   positions: [{ symbol: 'ABCD', qty: 100, avgEntryPrice: 12, marketPrice: 12.5 }],
 *   maxSymbolExposure: 0.25,
 * })
 * result.ok // false: 1,250 held + 4,000 = 5,250 > 5,000 (25% of 20,000)
 * ```
 */
export function checkExposure(parameters: CheckExposureParameters): CheckExposureReturnType {
  const p = parse(CheckExposureParametersSchema, parameters, 'exposure check')
  let heldSymbol = 0
  let heldTotal = 0
  for (const position of p.positions) {
    const value = Math.abs(position.qty) * (position.marketPrice ?? position.avgEntryPrice)
    heldTotal += value
    if (position.symbol === p.symbol) heldSymbol += value
  }
  for (const order of p.pending) {
    heldTotal += order.value
    if (order.symbol === p.symbol) heldSymbol += order.value
  }
  const symbolExposure = roundMoney(heldSymbol + p.orderValue)
  const totalExposure = roundMoney(heldTotal + p.orderValue)
  const symbolCap =
    p.maxSymbolExposure === undefined ? Number.POSITIVE_INFINITY : p.maxSymbolExposure * p.equity
  const totalCap = p.maxTotalExposure === undefined ? Number.POSITIVE_INFINITY : p.maxTotalExposure * p.equity
  const headroom = Math.max(0, Math.min(symbolCap - heldSymbol, totalCap - heldTotal))
  const base = {
    rule: 'exposure' as const,
    symbolExposure,
    totalExposure,
    headroom: Number.isFinite(headroom) ? roundMoney(headroom) : headroom,
  }
  if (p.equity <= 0 && (p.maxSymbolExposure !== undefined || p.maxTotalExposure !== undefined)) {
    return {
      ...base,
      ok: false,
      code: RiskRejectionCode.NoEquity,
      reason: `Equity is ${formatMoney(p.equity)}: no exposure is allowed.`,
    }
  }
  const tolerance = 0.005
  if (symbolExposure > symbolCap + tolerance) {
    return {
      ...base,
      ok: false,
      code: RiskRejectionCode.MaxSymbolExposure,
      reason: `${p.symbol} exposure would be ${formatMoney(symbolExposure)} (${formatMoney(heldSymbol)} held or pending + ${formatMoney(p.orderValue)}), above ${formatMoney(symbolCap)} (${Number(((p.maxSymbolExposure ?? 0) * 100).toFixed(4))}% of equity ${formatMoney(p.equity)}); at most ${formatMoney(base.headroom)} more fits.`,
    }
  }
  if (totalExposure > totalCap + tolerance) {
    return {
      ...base,
      ok: false,
      code: RiskRejectionCode.MaxTotalExposure,
      reason: `Total exposure would be ${formatMoney(totalExposure)} (${formatMoney(heldTotal)} held or pending + ${formatMoney(p.orderValue)}), above ${formatMoney(totalCap)} (${Number(((p.maxTotalExposure ?? 0) * 100).toFixed(4))}% of equity ${formatMoney(p.equity)}); at most ${formatMoney(base.headroom)} more fits.`,
    }
  }
  const caps = [
    Number.isFinite(symbolCap)
      ? `${p.symbol} ${formatMoney(symbolExposure)} of ${formatMoney(symbolCap)}`
      : undefined,
    Number.isFinite(totalCap) ? `total ${formatMoney(totalExposure)} of ${formatMoney(totalCap)}` : undefined,
  ].filter((text) => text !== undefined)
  return {
    ...base,
    ok: true,
    detail: caps.length === 0 ? 'No exposure caps configured.' : `Exposure within caps: ${caps.join(', ')}.`,
  }
}
