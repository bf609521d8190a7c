import {
  nyse,
  parse,
  type SessionName,
  TimestampSchema,
  type TradingCalendar,
  toNewYork,
} from '@tradeblocks/core'
import { z } from 'zod'
import { RiskRejectionCode, type RuleResult } from './RuleResult.js'

const MinutesSchema = z
  .number({ error: 'must be a finite number' })
  .int({ error: 'must be a whole number of minutes' })
  .nonnegative({ error: 'must not be negative' })

/**
 * The session rule's settings, validated: the sessions entries are allowed in (default `regular` only) and
 * optional no-entry windows after the regular open and before the regular close.
 *
 * @example
 * ```ts
 * import { SessionRuleConfigSchema } from '@tradeblocks/risk'
 *
 * SessionRuleConfigSchema.parse({ allowedSessions: ['premarket', 'regular'], noEntryLastMinutes: 15 })
 * ```
 */
export const SessionRuleConfigSchema = z.object({
  allowedSessions: z
    .array(z.enum(['premarket', 'regular', 'afterhours']))
    .min(1, { error: 'must allow at least one session' })
    .default(['regular']),
  noEntryFirstMinutes: MinutesSchema.default(0),
  noEntryLastMinutes: MinutesSchema.default(0),
})

/**
 * Settings of the session rule; see {@link SessionRuleConfigSchema}.
 *
 * @example
 * ```ts
 * import type { SessionRuleConfig } from '@tradeblocks/risk'
 *
 * const config: SessionRuleConfig = { allowedSessions: ['regular'], noEntryFirstMinutes: 5 }
 * ```
 */
export type SessionRuleConfig = z.input<typeof SessionRuleConfigSchema>

/**
 * Parameters of {@link checkSession}.
 *
 * @example
 * ```ts
 * import type { CheckSessionParameters } from '@tradeblocks/risk'
 *
 * const params: CheckSessionParameters = { ts: Date.UTC(2026, 0, 5, 14, 31), config: { noEntryFirstMinutes: 5 } }
 * ```
 */
export interface CheckSessionParameters {
  /** When the entry would be made. */
  ts: number
  /** The rule's settings: regular session only by default. */
  config?: SessionRuleConfig
  /** The calendar: default core's `nyse`. */
  calendar?: TradingCalendar
}

/**
 * The result of {@link checkSession}: a {@link RuleResult} plus the session.
 *
 * @example
 * ```ts
 * import { checkSession, type CheckSessionReturnType } from '@tradeblocks/risk'
 *
 * const result: CheckSessionReturnType = checkSession({ ts: Date.UTC(2026, 0, 5, 15) })
 * result.session // 'regular'
 * ```
 */
export type CheckSessionReturnType = RuleResult & {
  /** The session at `ts`. */
  session: SessionName
}

function clock(ts: number): string {
  const ny = toNewYork(ts)
  return `${ny.date} ${String(ny.hour).padStart(2, '0')}:${String(ny.minute).padStart(2, '0')} ET`
}

/**
 * Refuses entries outside the allowed sessions (by the calendar, in New York time, across DST changes,
 * holidays and early closes), and inside the optional no-entry windows at the start and end of the
 * regular session.
 *
 * @throws ValidationError for a bad timestamp or config.
 *
 * @example
 * ```ts
 * import { checkSession } from '@tradeblocks/risk'
 *
 * checkSession({ ts: Date.UTC(2026, 0, 5, 13, 0) }).ok // false: 08:00 ET is premarket
 * checkSession({ ts: Date.UTC(2026, 0, 5, 13, 0), config: { allowedSessions: ['premarket', 'regular'] } }).ok // true
 * checkSession({ ts: Date.UTC(2026, 10, 27, 18, 30) }).ok // false: the day after Thanksgiving closes at 13:00
 * ```
 */
export function checkSession(parameters: CheckSessionParameters): CheckSessionReturnType {
  const { calendar = nyse, ...rest } = parameters
  const p = parse(
    z.object({
      ts: TimestampSchema,
      config: SessionRuleConfigSchema.default({
        allowedSessions: ['regular'],
        noEntryFirstMinutes: 0,
        noEntryLastMinutes: 0,
      }),
    }),
    rest,
    'session check',
  )
  const info = calendar.sessionAt(p.ts)
  const base = { rule: 'session' as const, session: info.session }
  const allowed = p.config.allowedSessions as readonly SessionName[]
  if (!allowed.includes(info.session)) {
    return {
      ...base,
      ok: false,
      code: RiskRejectionCode.SessionNotAllowed,
      reason: `${clock(p.ts)} is in the ${info.session} session; entries are allowed in ${allowed.join(', ')} only. The next regular open is ${clock(calendar.nextOpen(p.ts))}.`,
    }
  }
  if (info.session === 'regular') {
    const quietUntil = info.start + p.config.noEntryFirstMinutes * 60_000
    const quietFrom = info.end - p.config.noEntryLastMinutes * 60_000
    if (p.ts < quietUntil) {
      return {
        ...base,
        ok: false,
        code: RiskRejectionCode.SessionNotAllowed,
        reason: `${clock(p.ts)} is inside the first ${p.config.noEntryFirstMinutes} minutes after the open; entries resume at ${clock(quietUntil)}.`,
      }
    }
    if (p.ts >= quietFrom) {
      return {
        ...base,
        ok: false,
        code: RiskRejectionCode.SessionNotAllowed,
        reason: `${clock(p.ts)} is inside the last ${p.config.noEntryLastMinutes} minutes before the ${clock(info.end)} close; no new entries.`,
      }
    }
  }
  return {
    ...base,
    ok: true,
    detail: `${clock(p.ts)} is in the ${info.session} session, where entries are allowed.`,
  }
}
