// Number formatting for reason messages (internal).

/** Formats a number with at most `decimals` decimals, trailing zeros removed (8 → "8", 5.20 → "5.2"). */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value)
  const fixed = value.toFixed(decimals)
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  return trimmed === '-0' ? '0' : trimmed
}

/**
 * Formats a measured value so that it never prints equal to the limit it failed (7.97 against 8 prints
 * `7.97`, not `8`).
 */
export function formatAgainst(value: number, limit: number, decimals: number): string {
  const limitText = formatNumber(limit, 4)
  let text = formatNumber(value, decimals)
  for (let d = decimals + 1; d <= decimals + 4 && text === limitText && value !== limit; d++)
    text = formatNumber(value, d)
  return text
}

/** Formats a price for messages: up to 4 decimals, trailing zeros removed. */
export function formatPrice(price: number): string {
  return formatNumber(price, 4)
}

/** `1 bar`, `3 bars`. */
export function bars(n: number): string {
  return n === 1 ? '1 bar' : `${n} bars`
}
