import { ManualClock, type Order, type OrderRequest } from '@tradeblocks/core'
import { type LoopbackServer, startLoopbackServer } from '@tradeblocks/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyError } from './classifyError.js'
import { OrderOutcomeUnknownError } from './OrderOutcomeUnknownError.js'
import { requestJson } from './requestJson.js'
import { type OrderSubmitter, type SubmitOrderEvent, submitOrderSafely } from './submitOrderSafely.js'

/**
 * What the fake broker does with each POST, in order:
 * - `ok`: records the order, answers 200;
 * - `503-recorded`: records it, answers 503 (it went through; the answer did not);
 * - `503`: answers 503 without recording;
 * - `429`: answers 429 with Retry-After: 1, without recording;
 * - `hang-recorded`: records it and never answers;
 * - `reset`: drops the connection without recording;
 * - `422`: refuses it;
 * - `lands-late`: never answers, and records the order only after the next lookup has answered 404
 *   (the race where a slow submission lands just after the broker said it had nothing).
 */
type PostScript = 'ok' | '503-recorded' | '503' | '429' | 'hang-recorded' | 'reset' | '422' | 'lands-late'

interface FakeBroker {
  server: LoopbackServer
  posts: () => number
  gets: () => number
}

let fake: FakeBroker | undefined
afterEach(async () => {
  await fake?.server.close()
  fake = undefined
})

async function startBroker(posts: PostScript[], failingGets = 0): Promise<FakeBroker> {
  const orders = new Map<string, Record<string, unknown>>()
  let getFailures = failingGets
  let sequence = 0
  let afterLookup: (() => void) | undefined
  const server = await startLoopbackServer((request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(value))
    }
    if (request.method === 'POST' && url.pathname === '/v2/orders') {
      const sent = JSON.parse(body) as Record<string, unknown>
      const clientId = String(sent.client_order_id)
      if (orders.has(clientId)) return json(422, { message: 'client_order_id must be unique' })
      const step = posts.shift() ?? 'ok'
      const record = () => {
        const order = { ...sent, id: `o-${++sequence}`, status: 'accepted', created_at: 1_767_364_200_000 }
        orders.set(clientId, order)
        return order
      }
      switch (step) {
        case 'ok':
          return json(200, record())
        case '503-recorded':
          record()
          return json(503, { message: 'upstream timeout' })
        case '503':
          return json(503, { message: 'service unavailable' })
        case '429':
          return json(429, { message: 'rate limit exceeded' }, { 'retry-after': '1' })
        case 'hang-recorded':
          record()
          return
        case 'reset':
          request.socket.destroy()
          return
        case '422':
          return json(422, { message: 'insufficient qty available for order' })
        case 'lands-late':
          afterLookup = record
          return
      }
    }
    if (request.method === 'GET' && url.pathname === '/v2/orders:by_client_order_id') {
      if (getFailures > 0) {
        getFailures--
        return json(503, { message: 'busy' })
      }
      const order = orders.get(url.searchParams.get('client_order_id') ?? '')
      if (order === undefined) json(404, { message: 'order not found' })
      else json(200, order)
      afterLookup?.()
      afterLookup = undefined
      return
    }
    json(404, { message: 'no route' })
  })
  const count = (method: string) => server.requests.filter((r) => r.method === method).length
  fake = { server, posts: () => count('POST'), gets: () => count('GET') }
  return fake
}

/** A minimal broker over the fake's HTTP API, as an adapter would write it. */
function brokerFor(url: string, timeoutMs = 2_000): OrderSubmitter {
  const toOrder = (wire: Record<string, unknown>): Order => ({
    id: String(wire.id),
    clientOrderId: String(wire.client_order_id),
    symbol: String(wire.symbol),
    side: wire.side === 'sell' ? 'sell' : 'buy',
    type: 'market',
    orderClass: 'simple',
    qty: Number(wire.qty),
    filledQty: 0,
    timeInForce: 'day',
    extendedHours: false,
    status: 'accepted',
    createdAt: Number(wire.created_at),
    updatedAt: Number(wire.created_at),
  })
  return {
    async submitOrder(request) {
      const { data } = await requestJson<Record<string, unknown>>({
        url: `${url}/v2/orders`,
        method: 'POST',
        body: {
          symbol: request.symbol,
          qty: 'qty' in request ? request.qty : undefined,
          side: request.side,
          type: request.type,
          client_order_id: request.clientOrderId,
        },
        timeoutMs,
      })
      return toOrder(data)
    },
    async getOrderByClientId(clientOrderId) {
      try {
        const { data } = await requestJson<Record<string, unknown>>({
          url: `${url}/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(clientOrderId)}`,
          timeoutMs,
        })
        return toOrder(data)
      } catch (error) {
        if (classifyError(error).code === 'not_found') return undefined
        throw error
      }
    },
  }
}

const request = {
  type: 'market',
  symbol: 'ABCD',
  side: 'buy',
  qty: 100,
  timeInForce: 'day',
  extendedHours: false,
  clientOrderId: 'bot-ABCD-20260306-0001',
} as OrderRequest & { clientOrderId: string }

const quick = {
  settleMs: 20,
  lookup: { maxRetries: 3, initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 1_000 },
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('submitOrderSafely against a loopback broker', () => {
  it('submits once when the broker answers', async () => {
    const f = await startBroker(['ok'])
    const result = await submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick })
    expect(result).toMatchObject({ outcome: 'submitted', submissions: 1, lookups: 0, order: { id: 'o-1' } })
    expect([f.posts(), f.gets()]).toEqual([1, 0])
  })

  it('finds the order after a 503 that went through, and never posts it again', async () => {
    const f = await startBroker(['503-recorded'])
    const events: SubmitOrderEvent['type'][] = []
    const result = await submitOrderSafely({
      broker: brokerFor(f.server.url),
      request,
      ...quick,
      onEvent: (event) => events.push(event.type),
    })
    expect(result).toMatchObject({ outcome: 'recovered', submissions: 1, lookups: 1, order: { id: 'o-1' } })
    expect(f.posts()).toBe(1)
    expect(events).toEqual(['submit', 'submit_failed', 'wait', 'lookup', 'found'])
  })

  it('finds the order after a POST that hangs, and never posts it again', async () => {
    const f = await startBroker(['hang-recorded'])
    const result = await submitOrderSafely({
      broker: brokerFor(f.server.url, 5_000),
      request,
      ...quick,
      submitTimeoutMs: 200,
    })
    expect(result).toMatchObject({ outcome: 'recovered', submissions: 1, order: { id: 'o-1' } })
    expect(f.posts()).toBe(1)
  })

  it('resubmits only after the broker confirms it has no such order', async () => {
    const f = await startBroker(['503', 'ok'])
    const result = await submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick })
    expect(result).toMatchObject({ outcome: 'resubmitted', submissions: 2, lookups: 1, order: { id: 'o-1' } })
    expect([f.posts(), f.gets()]).toEqual([2, 1])
    // Both POSTs carried the same client order id.
    const ids = f.server.requests
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body).client_order_id)
    expect(ids).toEqual([request.clientOrderId, request.clientOrderId])
  })

  it('waits as a 429 tells it, looks up, then resubmits', async () => {
    const f = await startBroker(['429', 'ok'])
    const waits: number[] = []
    const result = await submitOrderSafely({
      broker: brokerFor(f.server.url),
      request,
      ...quick,
      onEvent: (event) => {
        if (event.type === 'wait') waits.push(event.ms)
      },
    })
    expect(waits).toEqual([1_000])
    expect(result).toMatchObject({ outcome: 'resubmitted', submissions: 2 })
    expect([f.posts(), f.gets()]).toEqual([2, 1])
  })

  it('resubmits after a dropped connection when the order is not there', async () => {
    const f = await startBroker(['reset', 'ok'])
    const result = await submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick })
    expect(result.outcome).toBe('resubmitted')
    expect(f.posts()).toBe(2)
  })

  it('throws a definitive refusal at once, without a lookup or a second POST', async () => {
    const f = await startBroker(['422'])
    const error = await caught(submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick }))
    expect(error).toMatchObject({ code: 'rejected', reason: 'insufficient qty available for order' })
    expect([f.posts(), f.gets()]).toEqual([1, 0])
  })

  it('stops at maxSubmissions and throws the last error', async () => {
    const f = await startBroker(['503', '503', '503'])
    const error = await caught(
      submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick, maxSubmissions: 2 }),
    )
    expect(error).toMatchObject({ code: 'unavailable' })
    expect([f.posts(), f.gets()]).toEqual([2, 2])
  })

  it('retries only the lookup when it fails, then finds the order', async () => {
    const f = await startBroker(['503-recorded'], 2)
    const result = await submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick })
    expect(result.outcome).toBe('recovered')
    expect([f.posts(), f.gets()]).toEqual([1, 3])
  })

  it('reports an unknown outcome, never a resubmission, when the broker cannot be asked', async () => {
    const f = await startBroker(['503-recorded'], 100)
    const error = await caught(submitOrderSafely({ broker: brokerFor(f.server.url), request, ...quick }))
    expect(error).toBeInstanceOf(OrderOutcomeUnknownError)
    expect(error).toMatchObject({
      code: 'timeout',
      outcomeUnknown: true,
      clientOrderId: request.clientOrderId,
    })
    expect(classifyError(error).retryable).toBe(false)
    expect([f.posts(), f.gets()]).toEqual([1, 4])
  })

  it("catches a first submission that lands after the lookup, through the broker's duplicate check", async () => {
    const f = await startBroker(['lands-late'])
    const events: string[] = []
    const result = await submitOrderSafely({
      broker: brokerFor(f.server.url, 5_000),
      request,
      ...quick,
      submitTimeoutMs: 150,
      onEvent: (event) => events.push(event.type),
    })
    // POST 1 hangs; lookup 1 says 404 and then POST 1 lands; POST 2 is refused as a duplicate;
    // lookup 2 finds the order of POST 1. The broker holds exactly one order.
    expect(result).toMatchObject({ outcome: 'recovered', submissions: 2, lookups: 2, order: { id: 'o-1' } })
    expect([f.posts(), f.gets()]).toEqual([2, 2])
    expect(events).toEqual([
      'submit',
      'submit_failed',
      'wait',
      'lookup',
      'not_found',
      'submit',
      'submit_failed',
      'wait',
      'lookup',
      'found',
    ])
  })

  it('uses the clock for its waits and refuses a bad client order id', async () => {
    const clock = new ManualClock(0)
    const broker: OrderSubmitter = {
      submitOrder: async () => {
        throw new TypeError('adapter bug')
      },
      getOrderByClientId: async () => undefined,
    }
    const pending = submitOrderSafely({ broker, request, clock, settleMs: 5_000 })
    await new Promise((resolve) => setTimeout(resolve, 10))
    clock.advance(5_000)
    // An unknown error: looked up, not found, not retryable, so thrown as is.
    await expect(pending).rejects.toThrow('adapter bug')
    await expect(
      submitOrderSafely({ broker, request: { ...request, clientOrderId: 'has spaces' }, clock }),
    ).rejects.toThrow('clientOrderId must be 1-128 letters, digits or . _ : -')
  })
})
