/**
 * What every streaming indicator of this package implements.
 *
 * - `update(input)` adds a finished bar (or tick) and returns the new value, or `undefined`
 *   while the indicator warms up.
 * - `replace(input)` recomputes the last value with a new version of the last input: call it on
 *   every tick of a bar that is still forming, then `update` once the next bar starts. Any number
 *   of `replace` calls in a row give the same result as one `update` with the last input.
 *   Before the first `update`, `replace` behaves like `update`.
 * - `warmup` is the number of inputs that return `undefined` before the first value: it is also
 *   the first index with a value in the batch form (TA-Lib calls it the lookback).
 * - Bad input (NaN, ±Infinity) throws {@link InvalidInputError} and leaves the state untouched.
 *
 * Indicators with several outputs (MACD, Bollinger Bands, ...) return the same result object on
 * every call and overwrite its fields, so that updates allocate nothing: copy the fields you want
 * to keep (`{ ...macd.update(close) }`).
 *
 * @example
 * ```ts
 * import { EMA, type StreamingIndicator } from '@tradeblocks/indicators'
 *
 * const indicator: StreamingIndicator<number, number> = new EMA({ period: 3 })
 * indicator.update(10) // undefined
 * indicator.update(11) // undefined
 * indicator.update(12) // 11: the seed is the SMA of the first 3 values
 * indicator.replace(15) // 12: the last bar changed from 12 to 15
 * ```
 */
export interface StreamingIndicator<TInput, TValue> {
  /** Number of inputs that return `undefined` before the first value (the batch form's first valid index). */
  readonly warmup: number
  /** True once the indicator has produced a value. */
  readonly isReady: boolean
  /** The latest value, or `undefined` during warm-up. */
  readonly value: TValue | undefined
  /** Number of inputs accepted so far (a `replace` does not add one). */
  readonly count: number
  /** Adds an input and returns the new value, or `undefined` during warm-up. */
  update(input: TInput): TValue | undefined
  /** Replaces the last input (a bar still forming) and returns the recomputed value. */
  replace(input: TInput): TValue | undefined
  /** Forgets every input, as if newly constructed. */
  reset(): void
}

/**
 * The high and low of a bar. A `Bar` of `@tradeblocks/core` satisfies it, as does any object with
 * these numeric fields.
 *
 * @example
 * ```ts
 * import type { HighLow } from '@tradeblocks/indicators'
 *
 * const bar: HighLow = { high: 10.5, low: 10.1 }
 * ```
 */
export interface HighLow {
  /** Highest price of the bar. */
  readonly high: number
  /** Lowest price of the bar. */
  readonly low: number
}

/**
 * The high, low and close of a bar. A `Bar` of `@tradeblocks/core` satisfies it.
 *
 * @example
 * ```ts
 * import type { HighLowClose } from '@tradeblocks/indicators'
 *
 * const bar: HighLowClose = { high: 10.5, low: 10.1, close: 10.3 }
 * ```
 */
export interface HighLowClose extends HighLow {
  /** Last price of the bar. */
  readonly close: number
}

/**
 * The close and volume of a bar. A `Bar` of `@tradeblocks/core` satisfies it.
 *
 * @example
 * ```ts
 * import type { CloseVolume } from '@tradeblocks/indicators'
 *
 * const bar: CloseVolume = { close: 10.3, volume: 12_500 }
 * ```
 */
export interface CloseVolume {
  /** Last price of the bar. */
  readonly close: number
  /** Volume traded during the bar (shares, contracts or coins). */
  readonly volume: number
}

/**
 * The high, low, close and volume of a bar. A `Bar` of `@tradeblocks/core` satisfies it.
 *
 * @example
 * ```ts
 * import type { HighLowCloseVolume } from '@tradeblocks/indicators'
 *
 * const bar: HighLowCloseVolume = { high: 10.5, low: 10.1, close: 10.3, volume: 12_500 }
 * ```
 */
export interface HighLowCloseVolume extends HighLowClose {
  /** Volume traded during the bar. */
  readonly volume: number
}

/**
 * High and low columns for a batch function: index `i` of each column is bar `i`.
 * Plain arrays and typed arrays both work.
 *
 * @example
 * ```ts
 * import type { HighLowColumns } from '@tradeblocks/indicators'
 *
 * const columns: HighLowColumns = { high: [10.5, 10.7], low: [10.1, 10.2] }
 * ```
 */
export interface HighLowColumns {
  /** Highs, one per bar. */
  readonly high: ArrayLike<number>
  /** Lows, one per bar. */
  readonly low: ArrayLike<number>
}

/**
 * High, low and close columns for a batch function (all the same length).
 *
 * @example
 * ```ts
 * import type { HighLowCloseColumns } from '@tradeblocks/indicators'
 *
 * const columns: HighLowCloseColumns = { high: [10.5, 10.7], low: [10.1, 10.2], close: [10.3, 10.6] }
 * ```
 */
export interface HighLowCloseColumns extends HighLowColumns {
  /** Closes, one per bar. */
  readonly close: ArrayLike<number>
}

/**
 * Close and volume columns for a batch function (both the same length).
 *
 * @example
 * ```ts
 * import type { CloseVolumeColumns } from '@tradeblocks/indicators'
 *
 * const columns: CloseVolumeColumns = { close: [10.3, 10.6], volume: [12_500, 9_800] }
 * ```
 */
export interface CloseVolumeColumns {
  /** Closes, one per bar. */
  readonly close: ArrayLike<number>
  /** Volumes, one per bar. */
  readonly volume: ArrayLike<number>
}

/**
 * High, low, close and volume columns for a batch function (all the same length).
 *
 * @example
 * ```ts
 * import type { HighLowCloseVolumeColumns } from '@tradeblocks/indicators'
 *
 * const columns: HighLowCloseVolumeColumns = {
 *   high: [10.5, 10.7], low: [10.1, 10.2], close: [10.3, 10.6], volume: [12_500, 9_800],
 * }
 * ```
 */
export interface HighLowCloseVolumeColumns extends HighLowCloseColumns {
  /** Volumes, one per bar. */
  readonly volume: ArrayLike<number>
}
