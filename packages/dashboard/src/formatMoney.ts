import { roundMoney, toNewYork } from '@tradeblocks/core'

const cents = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: true,
})

/**
 * Options of {@link formatMoney}.
 *
 * @example
 * ```ts
 * import { formatMoney, type FormatMoneyOptions } from '@tradeblocks/dashboard'
 *
 * const options: FormatMoneyOptions = { sign: 'always' }
 * formatMoney(12.5, options) // '+$12.50'
 * ```
 */
export interface FormatMoneyOptions {
  /**
   * `negative` (the default) prints a minus for losses only, as for equity; `always` also prints
   * a plus for gains, as for P&L. Zero never has a sign.
   */
  sign?: 'negative' | 'always'
}

/**
 * Formats dollars to the cent with thousands separators: `$25,240.00`, `-$1,234.57`, and with
 * `sign: 'always'`, `+$240.00`. Amounts are rounded half away from zero (core's `roundMoney`);
 * an amount that rounds to zero prints as `$0.00`.
 *
 * @throws RangeError when `amount` is not finite.
 *
 * @example
 * ```ts
 * import { formatMoney } from '@tradeblocks/dashboard'
 *
 * formatMoney(25240) // '$25,240.00'
 * formatMoney(-1234.567) // '-$1,234.57'
 * formatMoney(240, { sign: 'always' }) // '+$240.00'
 * ```
 */
export function formatMoney(amount: number, options: FormatMoneyOptions = {}): string {
  const rounded = roundMoney(amount)
  const body = `$${cents.format(Math.abs(rounded))}`
  if (rounded < 0) return `-${body}`
  if (rounded > 0 && options.sign === 'always') return `+${body}`
  return body
}

const fixed = (digits: number) =>
  new Intl.NumberFormat('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: true,
  })
const fixed2 = fixed(2)
const fixed4 = fixed(4)
const qtyFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4, useGrouping: true })
const plain1 = fixed(1)

/** Rounds to `digits` and drops a negative zero, so `-0.001` never prints as `-0.00`. */
function tidy(value: number, digits: number): number {
  const factor = 10 ** digits
  const rounded = Math.round(value * factor) / factor
  return rounded === 0 ? 0 : rounded
}

/** A price on its tick grid: 2 decimals at or above $1, 4 below; thousands separated. */
export function formatPrice(price: number): string {
  return Math.abs(price) < 1 ? fixed4.format(tidy(price, 4)) : fixed2.format(tidy(price, 2))
}

/** A signed percent to 2 decimals: `+12.34%`, `-0.50%`, `0.00%`. */
export function formatSignedPercent(pct: number): string {
  const value = tidy(pct, 2)
  return `${value > 0 ? '+' : ''}${fixed2.format(value)}%`
}

/** An unsigned percent to 2 decimals: `1.25%`. */
export function formatPercent(pct: number): string {
  return `${fixed2.format(tidy(pct, 2))}%`
}

/** An R multiple to 2 decimals with sign: `+2.00R`. */
export function formatR(r: number): string {
  const value = tidy(r, 2)
  return `${value > 0 ? '+' : ''}${fixed2.format(value)}R`
}

/** A quantity: whole shares with separators, fractions to 4 decimals. */
export function formatQty(qty: number): string {
  return qtyFormat.format(tidy(qty, 4))
}

/** A score or multiple to 1 decimal. */
export function formatOneDecimal(value: number): string {
  return plain1.format(tidy(value, 1))
}

const speedFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: true })

/** A replay speed: `600x`, `1.5x`. */
export function formatSpeed(speed: number): string {
  return `${speedFormat.format(speed)}x`
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** `HH:MM:SS` in New York. */
export function formatNewYorkClock(ts: number): string {
  const ny = toNewYork(ts)
  return `${pad2(ny.hour)}:${pad2(ny.minute)}:${pad2(ny.second)}`
}

/** `YYYY-MM-DD HH:MM:SS` in New York. */
export function formatNewYorkDateTime(ts: number): string {
  return `${toNewYork(ts).date} ${formatNewYorkClock(ts)}`
}

/** ISO 8601 with New York's offset: `2026-01-05T09:31:00.000-05:00`. */
export function formatNewYorkIso(ts: number): string {
  const ny = toNewYork(ts)
  const offset = Math.abs(ny.offsetMinutes)
  const sign = ny.offsetMinutes < 0 ? '-' : '+'
  const ms = String(ny.millisecond).padStart(3, '0')
  return `${ny.date}T${formatNewYorkClock(ts)}.${ms}${sign}${pad2(Math.floor(offset / 60))}:${pad2(offset % 60)}`
}

/** A duration as `2h05m`, `14m`, `45s`; negative durations print as `0s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000))
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours > 0) return `${hours}h${pad2(minutes)}m`
  if (minutes > 0) return `${minutes}m${pad2(seconds)}s`
  return `${seconds}s`
}

// ANSI CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks), removed whole.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]/g
// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
// Bidi embeddings, overrides and isolates: they can reorder what the terminal shows.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g

/**
 * Makes text from the bot (log lines, alert messages, catalysts) safe for one terminal line:
 * escape sequences and bidi controls are removed; control characters and line breaks become single spaces.
 */
export function oneLine(text: string): string {
  return text.replace(ANSI, '').replace(BIDI, '').replace(BREAKS, ' ').trim()
}
