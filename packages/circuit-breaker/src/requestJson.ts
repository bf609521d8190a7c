import {
  AuthError,
  type BaseError,
  type Clock,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  SystemClock,
  TimeoutError,
  UnavailableError,
  ValidationError,
} from '@tradeblocks/core'

/**
 * Reads a `Retry-After` answer as milliseconds to wait: `retry-after-ms` when present, otherwise
 * `Retry-After` as delay-seconds (`120`) or as an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`, counted from
 * `nowMs`). Returns `undefined` when absent or unreadable; a date in the past gives 0.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from '@tradeblocks/circuit-breaker'
 *
 * parseRetryAfter(new Headers({ 'retry-after': '2' }), 0) // 2000
 * parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }), 1_000) // 4000
 * ```
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms))
  const value = headers.get('retry-after')
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000)
  // An HTTP-date names its weekday and its zone; Date.parse reads the IMF-fixdate form.
  if (!/[A-Za-z]{3},/.test(trimmed) && !/GMT|UTC/i.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}

/**
 * A failed HTTP answer as {@link errorFromResponse} reads it.
 *
 * @example
 * ```ts
 * import type { HttpFailure } from '@tradeblocks/circuit-breaker'
 *
 * const failure: HttpFailure = { method: 'POST', url: 'https://broker.example/v2/orders', status: 422, headers: new Headers(), body: '{"message":"qty must be > 0"}' }
 * ```
 */
export interface HttpFailure {
  method: string
  url: string
  status: number
  headers: Headers
  /** The response body as text (may be empty). */
  body: string
}

function messageOf(body: string): string | undefined {
  const text = body.trim()
  if (text === '') return undefined
  try {
    const json = JSON.parse(text) as unknown
    if (typeof json === 'object' && json !== null) {
      for (const key of ['message', 'error', 'detail', 'msg']) {
        const value = (json as Record<string, unknown>)[key]
        if (typeof value === 'string' && value !== '') return value
      }
    }
  } catch {
    // not JSON: use the text
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

/**
 * Maps an HTTP error answer onto core's errors, so callers branch on `error.code` without knowing the
 * vendor: 429 → `RateLimitedError` (with `retryAfterMs` from `Retry-After`), 5xx → `UnavailableError`,
 * 401/403 → `AuthError`, 404 → `NotFoundError`, 408 → `TimeoutError`, other 4xx → `RejectedError` with the
 * vendor's message as the reason. Adapters whose vendor bends these rules map first and fall back to it.
 *
 * @example
 * ```ts
 * import { errorFromResponse } from '@tradeblocks/circuit-breaker'
 *
 * const error = errorFromResponse({ method: 'GET', url: '/v2/orders', status: 429, headers: new Headers({ 'retry-after': '3' }), body: '' }, Date.now())
 * error.code // 'rate_limited'
 * ```
 */
export function errorFromResponse(failure: HttpFailure, nowMs: number): BaseError {
  const { method, url, status, headers, body } = failure
  const what = `${method} ${url}`
  const message = messageOf(body)
  const details = message === undefined ? `HTTP ${status}` : `HTTP ${status}: ${message}`
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers, nowMs)
    return new RateLimitedError(`${what} was rate limited.`, {
      details,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    })
  }
  if (status >= 500) return new UnavailableError(`${what} failed with HTTP ${status}.`, { status, details })
  if (status === 401 || status === 403)
    return new AuthError(`${what} was refused: check the credentials.`, { details })
  if (status === 404) return new NotFoundError(`${what} found nothing.`, { details })
  if (status === 408) return new TimeoutError(`${what} timed out on the server.`, { details })
  return new RejectedError(
    `${what} was rejected (HTTP ${status}).`,
    message === undefined ? {} : { reason: message },
  )
}

/**
 * Parameters of {@link requestJson}.
 *
 * @example
 * ```ts
 * import type { RequestJsonParameters } from '@tradeblocks/circuit-breaker'
 *
 * const params: RequestJsonParameters = {
 *   url: 'https://paper-api.alpaca.markets/v2/orders',
 *   method: 'POST',
 *   headers: { 'APCA-API-KEY-ID': key, 'APCA-API-SECRET-KEY': secret },
 *   body: { symbol: 'ABCD', qty: '10', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'bot-1' },
 *   timeoutMs: 10_000,
 * }
 * ```
 */
export interface RequestJsonParameters {
  url: string | URL
  /** Default `GET`. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  headers?: Record<string, string>
  /** Sent as JSON. */
  body?: unknown
  /** Cancels the request; its reason is thrown as is. */
  signal?: AbortSignal
  /** Gives up after this long with core's `TimeoutError`. No limit when omitted. */
  timeoutMs?: number
  /** The fetch to use; default the global one (Node 20's undici). */
  fetch?: typeof fetch
  /** For the timeout timer and `Retry-After` dates; default the system clock. */
  clock?: Clock
  /** The vendor's own mapping, tried before {@link errorFromResponse}; return `undefined` to fall back. */
  mapError?: (failure: HttpFailure) => BaseError | undefined
}

/**
 * The result of {@link requestJson}: the status, the headers and the parsed body (`undefined` when empty).
 *
 * @example
 * ```ts
 * import { requestJson, type RequestJsonReturnType } from '@tradeblocks/circuit-breaker'
 *
 * const response: RequestJsonReturnType<{ id: string }> = await requestJson({ url })
 * ```
 */
export interface RequestJsonReturnType<T> {
  status: number
  headers: Headers
  data: T
}

const TIMEOUT = Symbol('timeout')

function errnoOf(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * A tiny JSON-over-HTTP client that speaks core's error codes: every failure becomes a `BaseError` that
 * {@link classifyError} and {@link ApiPolicy} understand. HTTP answers map through
 * {@link errorFromResponse} (429 with `Retry-After` in seconds or as an HTTP-date, 5xx, 4xx); a refused or
 * reset connection becomes `NetworkError`; a request that outlives `timeoutMs` (a hang) is aborted and
 * becomes `TimeoutError`; a 2xx that is not JSON becomes `UnavailableError`.
 *
 * It never retries: wrap it in an {@link ApiPolicy} for reads and in {@link submitOrderSafely} for orders.
 *
 * @throws core errors as above; the caller's abort reason when `signal` aborts.
 *
 * @example
 * ```ts
 * import { requestJson } from '@tradeblocks/circuit-breaker'
 *
 * const { data } = await requestJson<{ equity: string }>({
 *   url: 'https://paper-api.alpaca.markets/v2/account',
 *   headers: { 'APCA-API-KEY-ID': key, 'APCA-API-SECRET-KEY': secret },
 *   timeoutMs: 5_000,
 * })
 * ```
 */
export async function requestJson<T = unknown>(
  parameters: RequestJsonParameters,
): Promise<RequestJsonReturnType<T>> {
  const {
    url,
    method = 'GET',
    headers = {},
    body,
    signal,
    timeoutMs,
    clock = new SystemClock(),
    mapError,
  } = parameters
  const doFetch = parameters.fetch ?? globalThis.fetch
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new ValidationError('request', [
      {
        path: 'timeoutMs',
        message: `timeoutMs must be a positive whole number of ms (got ${timeoutMs})`,
        value: timeoutMs,
      },
    ])
  }
  const href = String(url)
  const what = `${method} ${href}`
  if (signal?.aborted) throw signal.reason
  const controller = new AbortController()
  const onAbort = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  const timer =
    timeoutMs === undefined ? undefined : clock.setTimer(() => controller.abort(TIMEOUT), timeoutMs)
  const abortedBy = (): 'timeout' | 'caller' | undefined =>
    controller.signal.aborted ? (controller.signal.reason === TIMEOUT ? 'timeout' : 'caller') : undefined
  const failed = (error: unknown, phase: string): unknown => {
    const by = abortedBy()
    if (by === 'timeout') {
      return new TimeoutError(`${what} did not answer within ${timeoutMs} ms.`, {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        cause: error,
      })
    }
    if (by === 'caller') return signal?.reason ?? error
    const code = errnoOf(error)
    return new NetworkError(`${what} failed ${phase}: the connection was lost or refused.`, {
      details: code ?? (error instanceof Error ? error.message : String(error)),
      cause: error,
    })
  }
  try {
    let response: Response
    try {
      response = await doFetch(href, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      })
    } catch (error) {
      throw failed(error, 'before an answer')
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw failed(error, 'while reading the answer')
    }
    if (!response.ok) {
      const failure: HttpFailure = {
        method,
        url: href,
        status: response.status,
        headers: response.headers,
        body: text,
      }
      throw mapError?.(failure) ?? errorFromResponse(failure, clock.now())
    }
    let data: unknown
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text)
      } catch (error) {
        throw new UnavailableError(`${what} answered HTTP ${response.status} with a body that is not JSON.`, {
          status: response.status,
          details: text.length > 200 ? `${text.slice(0, 197)}...` : text,
          cause: error,
        })
      }
    }
    return { status: response.status, headers: response.headers, data: data as T }
  } finally {
    if (timer !== undefined) clock.clearTimer(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}
