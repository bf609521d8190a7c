import { ManualClock, nyse } from '@tradeblocks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BreakerRuleValue } from './BreakerRule.js'
import { MemoryBreakerStore } from './MemoryBreakerStore.js'
import { TradingCircuitBreaker } from './TradingCircuitBreaker.js'

type Op =
  | { type: 'trade'; pnl: number }
  | { type: 'entry' }
  | { type: 'jump'; ms: number }
  | { type: 'kill' }
  | { type: 'reset' }
  | { type: 'restart' }

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .integer({ min: -40_000, max: 30_000 })
      .map((cents) => ({ type: 'trade' as const, pnl: cents / 100 })),
  },
  { weight: 3, arbitrary: fc.constant({ type: 'entry' as const }) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 3 * 3_600_000 }), fc.integer({ min: 0, max: 4 * 86_400_000 }))
      .map((ms) => ({ type: 'jump' as const, ms })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'kill' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'reset' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'restart' as const }) },
)

/** The latest regular open at or before `ts`, found by walking `nextOpen` (a different path from the breaker's). */
function lastOpen(ts: number): number {
  let open = nyse.nextOpen(ts - 6 * 86_400_000)
  for (;;) {
    const next = nyse.nextOpen(open)
    if (next > ts) return open
    open = next
  }
}

interface ModelHalt {
  rule: BreakerRuleValue
  resetAt: number | null
}

describe('TradingCircuitBreaker properties', () => {
  it('allows no entry after a trip until its reset condition, over random trades, clock jumps and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 20) }),
        fc.integer({ min: 100, max: 1_000 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 8 }),
        fc.array(op, { minLength: 1, maxLength: 40 }),
        async (start, maxDailyLoss, maxConsecutiveLosses, maxTradesPerDay, ops) => {
          const config = { maxDailyLoss, maxConsecutiveLosses, maxTradesPerDay, runaway: false as const }
          const clock = new ManualClock(start)
          const store = new MemoryBreakerStore()
          let breaker = await TradingCircuitBreaker.create({ store, clock, config })

          // The model.
          let period = lastOpen(start)
          let realized = 0
          let pnlBaseline = 0
          let streak = 0
          let entries = 0
          let entriesBaseline = 0
          let halts: ModelHalt[] = []
          const has = (rule: BreakerRuleValue) => halts.some((halt) => halt.rule === rule)
          const rearm = (lifted: ModelHalt[]) => {
            const rules = new Set(lifted.map((halt) => halt.rule))
            if (rules.has('daily_loss')) pnlBaseline = Math.min(0, realized)
            if (rules.has('consecutive_losses')) streak = 0
            if (rules.has('max_trades')) entriesBaseline = entries
          }
          const advance = (now: number) => {
            const open = lastOpen(now)
            if (open !== period) {
              period = open
              realized = 0
              pnlBaseline = 0
              entries = 0
              entriesBaseline = 0
            }
            const due = halts.filter((halt) => halt.resetAt !== null && halt.resetAt <= now)
            halts = halts.filter((halt) => !due.includes(halt))
            rearm(due)
          }
          const trip = (rule: BreakerRuleValue, now: number) => {
            if (!has(rule)) halts.push({ rule, resetAt: nyse.nextOpen(now) })
          }

          for (const step of ops) {
            const now = clock.now()
            advance(now)
            switch (step.type) {
              case 'trade':
                breaker.recordTradeClosed({ pnl: step.pnl })
                realized = Math.round((realized + step.pnl) * 100) / 100
                if (step.pnl < 0) streak++
                else if (step.pnl > 0) streak = 0
                if (Math.round((realized - pnlBaseline) * 100) / 100 <= -maxDailyLoss) trip('daily_loss', now)
                if (streak >= maxConsecutiveLosses) trip('consecutive_losses', now)
                break
              case 'entry':
                breaker.recordOrder({ kind: 'entry' })
                entries++
                if (entries - entriesBaseline >= maxTradesPerDay) trip('max_trades', now)
                break
              case 'jump':
                clock.advance(step.ms)
                advance(clock.now())
                break
              case 'kill':
                breaker.kill({ reason: 'property test' })
                if (!has('kill_switch')) halts.push({ rule: 'kill_switch', resetAt: null })
                break
              case 'reset': {
                breaker.reset({ reason: 'property test' })
                const lifted = halts
                halts = []
                rearm(lifted)
                break
              }
              case 'restart':
                await breaker.flush()
                breaker = await TradingCircuitBreaker.create({ store, clock, config })
                expect(breaker.loadError).toBeUndefined()
                break
            }
            const decision = breaker.canEnter()
            expect(decision.allowed).toBe(halts.length === 0)
            const actual = breaker.status().halts.map((halt) => ({ rule: halt.rule, resetAt: halt.resetAt }))
            expect(actual.sort((a, b) => a.rule.localeCompare(b.rule))).toEqual(
              [...halts].sort((a, b) => a.rule.localeCompare(b.rule)),
            )
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
