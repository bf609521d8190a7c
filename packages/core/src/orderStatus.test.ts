import { describe, expect, test } from 'vitest'
import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  isTerminalStatus,
  nextStatuses,
  OrderStatusSchema,
} from './index.js'

describe('order state machine', () => {
  test('the happy paths are legal', () => {
    expect(canTransition('new', 'accepted')).toBe(true)
    expect(canTransition('accepted', 'partially_filled')).toBe(true)
    expect(canTransition('partially_filled', 'partially_filled')).toBe(true)
    expect(canTransition('partially_filled', 'filled')).toBe(true)
    expect(canTransition('accepted', 'pending_cancel')).toBe(true)
    expect(canTransition('pending_cancel', 'canceled')).toBe(true)
    // A fill can race a cancel request.
    expect(canTransition('pending_cancel', 'filled')).toBe(true)
    // A broker may fill before its acknowledgement arrives.
    expect(canTransition('new', 'filled')).toBe(true)
  })

  test('terminal statuses have no exits', () => {
    for (const status of OrderStatusSchema.options) {
      if (isTerminalStatus(status)) expect(nextStatuses(status)).toEqual([])
      else expect(nextStatuses(status).length).toBeGreaterThan(0)
    }
  })

  test('no status moves back to new, and only partial fills repeat', () => {
    for (const from of OrderStatusSchema.options) {
      expect(canTransition(from, 'new')).toBe(false)
      expect(canTransition(from, from)).toBe(from === 'partially_filled')
    }
  })

  test('illegal moves throw a typed error', () => {
    expect(() => assertTransition('filled', 'canceled', 'o-1')).toThrowErrorMatchingInlineSnapshot(`
      [IllegalTransitionError: Illegal transition of order o-1 from "filled" to "canceled".
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#illegal_transition]
    `)
    try {
      assertTransition('rejected', 'accepted')
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError)
      expect((error as IllegalTransitionError).code).toBe('illegal_transition')
      expect((error as IllegalTransitionError).from).toBe('rejected')
    }
    expect(() => assertTransition('accepted', 'filled')).not.toThrow()
  })
})
