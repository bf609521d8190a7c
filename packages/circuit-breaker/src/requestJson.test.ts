import { isBaseError, ManualClock } from '@tradeblocks/core'
import { type LoopbackServer, startLoopbackServer } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyError, isRetryableError } from './classifyError.js'
import { errorFromResponse, parseRetryAfter, requestJson } from './requestJson.js'

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds, HTTP-dates and retry-after-ms', () => {
    const now = Date.UTC(2026, 2, 6, 15, 0, 0)
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2_000)
    expect(parseRetryAfter(new Headers({ 'retry-after': ' 0.5 ' }), now)).toBe(500)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Fri, 06 Mar 2026 15:00:07 GMT' }), now)).toBe(7_000)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Fri, 06 Mar 2026 14:59:00 GMT' }), now)).toBe(0)
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1_500)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined()
  })
})

describe('errorFromResponse', () => {
  const failure = (status: number, body = '', headers: Record<string, string> = {}) =>
    errorFromResponse({ method: 'POST', url: '/v2/orders', status, headers: new Headers(headers), body }, 0)

  it('maps statuses onto core codes', () => {
    expect(
      [429, 500, 502, 503, 401, 403, 404, 408, 400, 409, 422].map((status) => failure(status).code),
    ).toEqual([
      'rate_limited',
      'unavailable',
      'unavailable',
      'unavailable',
      'auth',
      'auth',
      'not_found',
      'timeout',
      'rejected',
      'rejected',
      'rejected',
    ])
  })

  it("keeps the vendor's message and Retry-After", () => {
    const rejected = failure(422, '{"code":40310000,"message":"insufficient qty available for order"}')
    expect(rejected.message).toContain('insufficient qty available for order')
    expect((rejected as { reason?: string }).reason).toBe('insufficient qty available for order')
    expect(classifyError(failure(429, '', { 'retry-after': '3' })).retryAfterMs).toBe(3_000)
  })
})

describe('classifyError', () => {
  it('splits core codes into retryable and not, and flags ambiguous outcomes', () => {
    const cases: [number, boolean, boolean][] = [
      [429, true, false],
      [503, true, true],
      [408, true, true],
      [422, false, false],
      [401, false, false],
      [404, false, false],
    ]
    for (const [status, retryable, ambiguous] of cases) {
      const error = errorFromResponse(
        { method: 'GET', url: '/', status, headers: new Headers(), body: '' },
        0,
      )
      expect(classifyError(error), String(status)).toMatchObject({ retryable, ambiguous })
    }
    expect(classifyError(new TypeError('boom'))).toEqual({
      code: undefined,
      retryable: false,
      ambiguous: true,
      retryAfterMs: undefined,
    })
    expect(isRetryableError('a string')).toBe(false)
  })
})

describe('requestJson against a loopback server', () => {
  it('returns parsed JSON and sends JSON bodies', async () => {
    server = await startLoopbackServer((request, body, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ method: request.method, echo: JSON.parse(body || 'null') }))
    })
    const result = await requestJson<{ method: string; echo: unknown }>({
      url: `${server.url}/v2/orders`,
      method: 'POST',
      body: { symbol: 'ABCD' },
    })
    expect(result).toMatchObject({ status: 200, data: { method: 'POST', echo: { symbol: 'ABCD' } } })
  })

  it('maps 429 with Retry-After, 503 and 422 to core errors', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '7' }, body: '{"message":"too many requests"}' },
      { status: 503, headers: {}, body: 'upstream down' },
      { status: 422, headers: {}, body: '{"message":"qty must be > 0"}' },
    ]
    server = await startLoopbackServer((_request, _body, response) => {
      const answer = answers.shift()
      response.writeHead(answer?.status ?? 500, answer?.headers ?? {})
      response.end(answer?.body ?? '')
    })
    const clock = new ManualClock(1_000)
    const limited = await caught(requestJson({ url: server.url, clock }))
    expect(limited).toMatchObject({ name: 'RateLimitedError', code: 'rate_limited', retryAfterMs: 7_000 })
    expect(await caught(requestJson({ url: server.url }))).toMatchObject({
      name: 'UnavailableError',
      status: 503,
    })
    const rejected = await caught(requestJson({ url: server.url, method: 'POST', body: {} }))
    expect(rejected).toMatchObject({ name: 'RejectedError', reason: 'qty must be > 0' })
  })

  it('turns a hang into a TimeoutError and a refused connection into a NetworkError', async () => {
    server = await startLoopbackServer(() => {
      // never answers
    })
    const hung = await caught(requestJson({ url: server.url, timeoutMs: 100 }))
    expect(hung).toMatchObject({ name: 'TimeoutError', code: 'timeout', timeoutMs: 100 })
    const url = server.url
    await server.close()
    server = undefined
    const refused = await caught(requestJson({ url }))
    expect(refused).toMatchObject({ name: 'NetworkError', code: 'network', details: 'ECONNREFUSED' })
  })

  it('turns a reset connection into a NetworkError and a non-JSON 200 into an UnavailableError', async () => {
    let calls = 0
    server = await startLoopbackServer((request, _body, response) => {
      calls++
      if (calls === 1) request.socket.destroy()
      else response.end('<html>maintenance</html>')
    })
    expect(await caught(requestJson({ url: server.url }))).toMatchObject({ code: 'network' })
    const garbage = await caught(requestJson({ url: server.url }))
    expect(garbage).toMatchObject({ code: 'unavailable' })
    expect((garbage as Error).message).toContain('not JSON')
  })

  it("rethrows the caller's abort reason", async () => {
    server = await startLoopbackServer(() => undefined)
    const controller = new AbortController()
    const pending = requestJson({ url: server.url, signal: controller.signal })
    const reason = new Error('shutting down')
    setTimeout(() => controller.abort(reason), 20)
    const error = await caught(pending)
    expect(error).toBe(reason)
    expect(isBaseError(error)).toBe(false)
  })

  it("lets an adapter map its vendor's quirks first", async () => {
    server = await startLoopbackServer((_request, _body, response) => {
      response.writeHead(403)
      response.end('{"message":"insufficient buying power"}')
    })
    const { InsufficientFundsError } = await import('@tradeblocks/core')
    const error = await caught(
      requestJson({
        url: server.url,
        mapError: (failure) =>
          failure.status === 403 && failure.body.includes('buying power')
            ? new InsufficientFundsError('Not enough buying power.')
            : undefined,
      }),
    )
    expect(error).toMatchObject({ code: 'insufficient_funds' })
  })
})
