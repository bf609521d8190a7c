/**
 * Structured fields attached to a log line.
 *
 * @example
 * ```ts
 * import type { LogFields } from '@tradeblocks/engine'
 *
 * const fields: LogFields = { symbol: 'AAPL', qty: 100 }
 * ```
 */
export type LogFields = Record<string, unknown>

/**
 * A log level.
 *
 * @example
 * ```ts
 * import type { LogLevel } from '@tradeblocks/engine'
 *
 * const level: LogLevel = 'warn'
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/**
 * A minimal structured logger. pino, winston and console adapters are one line each.
 *
 * @example
 * ```ts
 * import type { Logger } from '@tradeblocks/engine'
 * import pino from 'pino'
 *
 * const p = pino()
 * const logger: Logger = {
 *   debug: (m, f) => p.debug(f, m), info: (m, f) => p.info(f, m),
 *   warn: (m, f) => p.warn(f, m), error: (m, f) => p.error(f, m),
 * }
 * ```
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/**
 * Parameters of {@link createConsoleLogger}.
 *
 * @example
 * ```ts
 * import type { CreateConsoleLoggerParameters } from '@tradeblocks/engine'
 *
 * const p: CreateConsoleLoggerParameters = { level: 'info', now: () => Date.now() }
 * ```
 */
export interface CreateConsoleLoggerParameters {
  /** Lowest level printed. Default `info`. */
  level?: LogLevel
  /** Time source for the timestamp of each line (pass the runner's clock). Default none. */
  now?: () => number
  /** Where lines go. Default `console`. */
  sink?: Pick<Console, 'debug' | 'info' | 'warn' | 'error'>
}

/**
 * A {@link Logger} that prints one line per call; see {@link createConsoleLogger}.
 *
 * @example
 * ```ts
 * import type { CreateConsoleLoggerReturnType } from '@tradeblocks/engine'
 *
 * declare const logger: CreateConsoleLoggerReturnType
 * logger.info('started')
 * ```
 */
export type CreateConsoleLoggerReturnType = Logger

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/**
 * A logger that prints `[time] LEVEL message {json fields}` to the console.
 *
 * @example
 * ```ts
 * import { createConsoleLogger } from '@tradeblocks/engine'
 * import { SystemClock } from '@tradeblocks/core'
 *
 * const clock = new SystemClock()
 * const log = createConsoleLogger({ level: 'debug', now: () => clock.now() })
 * log.warn('stream stale', { silentMs: 30_000 })
 * ```
 */
export function createConsoleLogger(
  parameters: CreateConsoleLoggerParameters = {},
): CreateConsoleLoggerReturnType {
  const min = ORDER[parameters.level ?? 'info']
  const sink = parameters.sink ?? console
  const now = parameters.now
  const line = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < min) return
    let text = `${level.toUpperCase()} ${message}`
    if (now !== undefined) text = `[${new Date(now()).toISOString()}] ${text}`
    if (fields !== undefined && Object.keys(fields).length > 0) {
      let json: string
      try {
        json = JSON.stringify(fields)
      } catch {
        json = '{unserializable fields}'
      }
      text = `${text} ${json}`
    }
    sink[level](text)
  }
  return {
    debug: (message, fields) => line('debug', message, fields),
    info: (message, fields) => line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  }
}

/**
 * A logger that drops everything (the default in backtests, where logs are events on the bus).
 *
 * @example
 * ```ts
 * import { silentLogger } from '@tradeblocks/engine'
 *
 * silentLogger.info('nobody hears this')
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
})
