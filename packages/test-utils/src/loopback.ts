import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A handler for one request of a loopback server. */
export type LoopbackHandler = (
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
) => void | Promise<void>

/** A running HTTP server on 127.0.0.1 with a random port. */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** Every request seen, in order: method, path and body. */
  requests: { method: string; path: string; body: string }[]
  /** Stops the server and drops open connections. */
  close(): Promise<void>
  server: Server
}

/**
 * Starts an HTTP server on 127.0.0.1 for tests of adapters and resilience policies. It never
 * listens on another address.
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', body })
      Promise.resolve(handler(request, body, response)).catch((error: unknown) => {
        response.statusCode = 500
        response.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
