import { BaseError, ErrorCode, type ErrorParameters } from '@tradeblocks/core'
import { formatPrice, type PositionSide } from './positionSide.js'

/**
 * A stop on the wrong side of the entry: at or above it for a long, at or below it for a short.
 * Its `code` is `validation`, so code that branches on `error.code` treats it like any bad input.
 *
 * @example
 * ```ts
 * import { sizePosition, WrongSideStopError } from '@tradeblocks/risk'
 *
 * try {
 *   sizePosition({ equity: 25_000, buyingPower: 25_000, entry: 10, stop: 10.5 })
 * } catch (error) {
 *   if (error instanceof WrongSideStopError) console.error(error.shortMessage)
 *   // 'Stop 10.50 is on the wrong side of entry 10.00 for a long: a long's stop must be below the entry.'
 * }
 * ```
 */
export class WrongSideStopError extends BaseError {
  override name = 'WrongSideStopError' as const
  /** The side of the position. */
  readonly side: PositionSide
  /** The entry price. */
  readonly entry: number
  /** The offending stop price. */
  readonly stop: number

  constructor(
    { side, entry, stop, what = 'Stop' }: { side: PositionSide; entry: number; stop: number; what?: string },
    parameters: ErrorParameters = {},
  ) {
    const rule =
      side === 'long' ? "a long's stop must be below the entry" : "a short's stop must be above the entry"
    super(
      `${what} ${formatPrice(stop)} is on the wrong side of entry ${formatPrice(entry)} for a ${side}: ${rule}.`,
      { code: ErrorCode.Validation, docsPath: 'errors.md#validation', ...parameters },
    )
    this.side = side
    this.entry = entry
    this.stop = stop
  }
}

/**
 * Throws {@link WrongSideStopError} unless `stop` is strictly on the loss side of `entry`.
 *
 * @internal
 */
export function assertStopSide(side: PositionSide, entry: number, stop: number, what?: string): void {
  const ok = side === 'long' ? stop < entry : stop > entry
  if (!ok)
    throw new WrongSideStopError(what === undefined ? { side, entry, stop } : { side, entry, stop, what })
}
