import { describe, expect, test } from 'vitest'
import {
  AuthError,
  BaseError,
  ErrorCode,
  HaltedError,
  InsufficientFundsError,
  isBaseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  TimeoutError,
  UnavailableError,
  ValidationError,
} from './index.js'

describe('errors', () => {
  test('every subclass carries its code and name', () => {
    const cases: [BaseError, string, string][] = [
      [new AuthError('x'), ErrorCode.Auth, 'AuthError'],
      [new RateLimitedError('x', { retryAfterMs: 1500 }), ErrorCode.RateLimited, 'RateLimitedError'],
      [new RejectedError('x', { reason: 'r' }), ErrorCode.Rejected, 'RejectedError'],
      [new NetworkError('x'), ErrorCode.Network, 'NetworkError'],
      [new TimeoutError('x', { timeoutMs: 10 }), ErrorCode.Timeout, 'TimeoutError'],
      [new UnavailableError('x', { status: 503 }), ErrorCode.Unavailable, 'UnavailableError'],
      [new NotFoundError('x'), ErrorCode.NotFound, 'NotFoundError'],
      [new InsufficientFundsError('x'), ErrorCode.InsufficientFunds, 'InsufficientFundsError'],
      [new HaltedError('x'), ErrorCode.Halted, 'HaltedError'],
      [
        new ValidationError('bar', [{ path: 'a', message: 'a is bad' }]),
        ErrorCode.Validation,
        'ValidationError',
      ],
    ]
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(BaseError)
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe(code)
      expect(error.name).toBe(name)
      expect(isBaseError(error)).toBe(true)
    }
    expect(isBaseError(new Error('plain'))).toBe(false)
  })

  test('the message joins short message, details and docs', () => {
    const error = new RejectedError('Order rejected by the broker.', {
      reason: 'qty must be > 0',
      cause: new Error('422'),
    })
    expect(error.message).toMatchInlineSnapshot(`
      "Order rejected by the broker.

      Details: qty must be > 0
      Docs: https://github.com/tradeblocks/tradeblocks/blob/main/docs/errors.md#rejected"
    `)
    expect(error.reason).toBe('qty must be > 0')
    expect((error.cause as Error).message).toBe('422')
  })

  test('walk finds an error down the cause chain', () => {
    const root = new NetworkError('socket reset')
    const outer = new UnavailableError('submit failed', { cause: root })
    expect(outer.walk((e) => e instanceof NetworkError)).toBe(root)
    expect(outer.walk((e) => e instanceof AuthError)).toBeUndefined()
  })

  test('an error from another copy of the package is still recognised by shape', () => {
    const foreign = Object.assign(new Error('x'), { code: 'rate_limited', shortMessage: 'x' })
    expect(isBaseError(foreign)).toBe(true)
    expect(isBaseError(Object.assign(new Error('x'), { code: 'nope', shortMessage: 'x' }))).toBe(false)
  })
})
