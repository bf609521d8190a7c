import { readFile } from 'node:fs/promises'
import { safeParse, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a New York time written HH:MM' })
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })

/** The bot's configuration: one validated file (config.json), secrets from the environment. */
export const BotConfigSchema = z.object({
  /** replay: one synthetic day through the live runner; backtest: many days; paper/live: a real broker. */
  mode: z.enum(['replay', 'backtest', 'paper', 'live']).default('replay'),
  /** Seed of the synthetic market. */
  seed: z.number().int().nonnegative().default(7),
  /** Trading days to run (replay and backtest). */
  days: z.number().int().min(1).max(260).default(1),
  /** First trading day of the synthetic market (the next trading day when it is not one). */
  startDate: DATE.default('2026-11-16'),
  /** Replay speed: market seconds per wall second, or "max". */
  speed: z.union([z.number().positive().max(1_000_000), z.literal('max')]).default(5_000),
  /** Synthetic universe size, or an explicit symbol list (a subset of the synthetic universe). */
  universe: z.number().int().min(4).max(200).default(24),
  symbols: z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/)).optional(),
  /** Shape of the synthetic market: how many gappers a day and how many of them form bull flags. */
  market: z
    .object({
      gappersPerDay: z.number().int().min(0).max(40).default(6),
      flagRate: z.number().min(0).max(1).default(0.8),
    })
    .default({ gappersPerDay: 6, flagRate: 0.8 }),
  /** Read bars from a CSV directory instead of the synthetic market (backtest mode). */
  dataDir: z.string().optional(),
  account: z
    .object({
      initialCash: z.number().positive().default(30_000),
      marginMultiplier: z.number().min(1).max(4).default(1),
    })
    .default({ initialCash: 30_000, marginMultiplier: 1 }),
  scanner: z
    .object({
      at: HHMM.default('09:00'),
      minGapPct: z.number().nonnegative().default(4),
      minRelativeVolume: z.number().nonnegative().default(2),
      minPrice: z.number().positive().default(1),
      maxPrice: z.number().positive().default(50),
      maxFloat: z.number().positive().optional(),
      topN: z.number().int().min(1).max(50).default(8),
    })
    .default({ at: '09:00', minGapPct: 4, minRelativeVolume: 2, minPrice: 1, maxPrice: 50, topN: 8 }),
  risk: z
    .object({
      riskPerTrade: z.number().gt(0).max(0.1).default(0.02),
      atrMultiplier: z.number().positive().default(2),
      targetR: z.number().positive().default(2),
      maxPositionPct: z.number().gt(0).max(1).default(0.25),
      maxOpenPositions: z.number().int().min(1).default(3),
      noEntriesAfter: HHMM.default('15:30'),
      flattenAt: HHMM.default('15:55'),
      breakevenAtR: z.number().positive().default(1),
      trailAtrMultiplier: z.number().positive().default(2),
    })
    .default({
      riskPerTrade: 0.02,
      atrMultiplier: 2,
      targetR: 2,
      maxPositionPct: 0.25,
      maxOpenPositions: 3,
      noEntriesAfter: '15:30',
      flattenAt: '15:55',
      breakevenAtR: 1,
      trailAtrMultiplier: 2,
    }),
  breaker: z
    .object({
      maxDailyLoss: z.number().positive().default(1_500),
      maxDailyLossPct: z.number().gt(0).max(100).default(5),
      maxConsecutiveLosses: z.number().int().min(1).default(3),
      maxDrawdownPct: z.number().gt(0).max(100).default(10),
      maxTradesPerDay: z.number().int().min(1).default(12),
    })
    .default({
      maxDailyLoss: 1_500,
      maxDailyLossPct: 5,
      maxConsecutiveLosses: 3,
      maxDrawdownPct: 10,
      maxTradesPerDay: 12,
    }),
  broker: z
    .object({
      commissionPerShare: z.number().nonnegative().default(0.005),
      minCommission: z.number().nonnegative().default(1),
      slippageBps: z.number().nonnegative().default(5),
    })
    .default({ commissionPerShare: 0.005, minCommission: 1, slippageBps: 5 }),
  /** What to do with open orders on Ctrl-C. */
  onShutdown: z.enum(['cancel', 'keep']).default('cancel'),
  /** Where the journal and the breaker state live. */
  stateDir: z.string().default('.tradeblocks'),
  /** Write the HTML report here after a backtest. */
  report: z.string().optional(),
  dashboard: z.boolean().default(true),
})

/** A validated bot configuration. */
export type BotConfig = z.output<typeof BotConfigSchema>

/** Flags given on the command line; they override the file. */
export type ConfigOverrides = Partial<Omit<BotConfig, 'account' | 'scanner' | 'risk' | 'breaker' | 'broker'>>

/**
 * Reads the config file (if any), applies command-line overrides and validates the result. A bad
 * config fails with every problem listed, each naming the field and the value.
 */
export async function loadConfig(path: string | undefined, overrides: ConfigOverrides): Promise<BotConfig> {
  let fromFile: Record<string, unknown> = {}
  if (path !== undefined) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw new ValidationError('config', [
        { path: 'config', message: `cannot read config file ${path}: ${String(error)}` },
      ])
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>
    } catch (error) {
      throw new ValidationError('config', [
        { path: 'config', message: `${path} is not valid JSON: ${String(error)}` },
      ])
    }
  }
  const merged = {
    ...fromFile,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  }
  const result = safeParse(BotConfigSchema, merged, `config${path === undefined ? '' : ` (${path})`}`)
  if (!result.success) throw result.error
  if (result.data.mode === 'live' && process.env.TRADEBLOCKS_LIVE !== '1') {
    throw new ValidationError('config', [
      {
        path: 'mode',
        message: 'mode "live" sends real orders: set TRADEBLOCKS_LIVE=1 in the environment to confirm',
      },
    ])
  }
  return result.data
}
