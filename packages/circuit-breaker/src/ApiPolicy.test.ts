import type { ServerResponse } from 'node:http'
import { type LoopbackServer, startLoopbackServer } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiPolicy, type ApiPolicyEvents } from './ApiPolicy.js'
import { requestJson } from './requestJson.js'

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang'

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A loopback server that plays `answers` in order, then answers 200 `{"ok":true}`. */
async function scripted(answers: Answer[]): Promise<LoopbackServer> {
  server = await startLoopbackServer((_request, _body, response: ServerResponse) => {
    const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' }
    if (answer === 'hang') return
    response.writeHead(answer.status, answer.headers ?? {})
    response.end(answer.body ?? '')
  })
  return server
}

function record(policy: ApiPolicy) {
  const events = {
    retry: [] as ApiPolicyEvents['retry'][0][],
    giveUp: [] as ApiPolicyEvents['giveUp'][0][],
    timeout: [] as ApiPolicyEvents['timeout'][0][],
    circuit: [] as ApiPolicyEvents['circuit'][0][],
  }
  policy.on('retry', (event) => events.retry.push(event))
  policy.on('giveUp', (event) => events.giveUp.push(event))
  policy.on('timeout', (event) => events.timeout.push(event))
  policy.on('circuit', (event) => events.circuit.push(event))
  return events
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

const fast = {
  retry: { maxRetries: 3, initialDelayMs: 10, maxDelayMs: 50, jitter: 'none' as const },
  timeoutMs: 2_000,
}

describe('ApiPolicy against a loopback server', () => {
  it('waits as told by a 429 Retry-After, then succeeds', async () => {
    const s = await scripted([
      { status: 429, headers: { 'retry-after': '1' }, body: '{"message":"slow down"}' },
    ])
    const policy = new ApiPolicy(fast)
    const events = record(policy)
    const result = await policy.execute('GET /v2/account', (signal) => requestJson({ url: s.url, signal }))
    expect(result.data).toEqual({ ok: true })
    expect(s.requests).toHaveLength(2)
    expect(events.retry).toHaveLength(1)
    // The backoff alone would wait 10 ms; the vendor asked for one second and got it.
    expect(events.retry[0]).toMatchObject({ endpoint: 'GET /v2/account', attempt: 1, delayMs: 1_000 })
  })

  it('retries 503s with exponential backoff', async () => {
    const s = await scripted([{ status: 503 }, { status: 503 }])
    const policy = new ApiPolicy(fast)
    const events = record(policy)
    await policy.execute('GET /v2/orders', (signal) => requestJson({ url: s.url, signal }))
    expect(s.requests).toHaveLength(3)
    expect(events.retry.map((event) => event.delayMs)).toEqual([10, 20])
  })

  it('gives up on a hanging endpoint after the per-attempt timeouts', async () => {
    const s = await scripted(['hang', 'hang', 'hang'])
    const policy = new ApiPolicy({ ...fast, retry: { ...fast.retry, maxRetries: 2 }, timeoutMs: 150 })
    const events = record(policy)
    const error = await caught(
      policy.execute('GET /v2/positions', (signal) => requestJson({ url: s.url, signal })),
    )
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'timeout', timeoutMs: 150 })
    expect(s.requests).toHaveLength(3)
    expect(events.timeout).toHaveLength(3)
    expect(events.giveUp).toHaveLength(1)
  })

  it('gives up when the total budget runs out, however many retries are left', async () => {
    const s = await scripted(['hang', 'hang', 'hang', 'hang', 'hang', 'hang'])
    const policy = new ApiPolicy({
      ...fast,
      retry: { ...fast.retry, maxRetries: 5 },
      timeoutMs: 200,
      totalTimeoutMs: 300,
    })
    const error = await caught(
      policy.execute('GET /v2/clock', (signal) => requestJson({ url: s.url, signal })),
    )
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 300 })
    expect((error as Error).message).toContain('gave up after the total budget of 300 ms')
    expect(s.requests.length).toBeLessThanOrEqual(2)
  })

  it('does not retry what retrying cannot fix, nor a Retry-After longer than accepted', async () => {
    const s = await scripted([
      { status: 422, body: '{"message":"qty must be > 0"}' },
      { status: 429, headers: { 'retry-after': '3600' } },
    ])
    const policy = new ApiPolicy({ ...fast, retry: { ...fast.retry, maxRetryAfterMs: 5_000 } })
    expect(
      await caught(policy.execute('POST /v2/orders', (signal) => requestJson({ url: s.url, signal }))),
    ).toMatchObject({
      code: 'rejected',
    })
    expect(
      await caught(policy.execute('GET /v2/orders', (signal) => requestJson({ url: s.url, signal }))),
    ).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_600_000,
    })
    expect(s.requests).toHaveLength(2)
  })

  it('never retries a call marked not idempotent', async () => {
    const s = await scripted([{ status: 503 }])
    const policy = new ApiPolicy(fast)
    const error = await caught(
      policy.execute(
        'POST /v2/orders',
        (signal) => requestJson({ url: s.url, method: 'POST', body: {}, signal }),
        {
          idempotent: false,
        },
      ),
    )
    expect(error).toMatchObject({ code: 'unavailable' })
    expect(s.requests).toHaveLength(1)
  })

  it('opens a circuit per endpoint after consecutive failures and fails fast', async () => {
    const s = await scripted([{ status: 503 }, { status: 503 }])
    const policy = new ApiPolicy({
      retry: false,
      timeoutMs: 1_000,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    })
    const events = record(policy)
    const call = () => policy.execute('GET /v2/orders', (signal) => requestJson({ url: s.url, signal }))
    await caught(call())
    await caught(call())
    expect(policy.circuitState('GET /v2/orders')).toBe('open')
    const fastFail = await caught(call())
    expect(fastFail).toMatchObject({ name: 'UnavailableError', code: 'unavailable' })
    expect((fastFail as Error).message).toContain('The circuit for GET /v2/orders is open')
    expect(s.requests).toHaveLength(2)
    expect(events.circuit).toEqual([{ endpoint: 'GET /v2/orders', state: 'open' }])
    // Another endpoint has its own circuit.
    await policy.execute('GET /v2/account', (signal) => requestJson({ url: s.url, signal }))
    expect(policy.circuitState('GET /v2/account')).toBe('closed')
  })

  it('does not count 4xx answers toward opening the circuit', async () => {
    const s = await scripted([{ status: 404 }, { status: 404 }, { status: 404 }])
    const policy = new ApiPolicy({
      retry: false,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    })
    for (let i = 0; i < 3; i++)
      await caught(policy.execute('GET /v2/orders/x', (signal) => requestJson({ url: s.url, signal })))
    expect(policy.circuitState('GET /v2/orders/x')).toBe('closed')
  })

  it('validates its options', () => {
    expect(() => new ApiPolicy({ timeoutMs: 0 })).toThrow('timeoutMs must be at least 1 ms (got 0)')
  })
})
