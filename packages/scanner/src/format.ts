// Number formatting for rejection and explanation messages (internal).

const POWERS = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

/** At most `decimals` decimals (0-8), trailing zeros removed (8 → "8", 5.20 → "5.2"). Cheap: no toFixed, no regex. */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value)
  const p = POWERS[decimals] ?? 1
  const rounded = Math.round(Math.abs(value) * p) / p
  if (rounded === 0) return '0'
  return value < 0 ? `-${rounded}` : String(rounded)
}

/** A measured value that never prints equal to the limit it failed (3.97 against 4 prints `3.97`). */
export function formatAgainst(value: number, limit: number, decimals: number): string {
  const limitText = formatNumber(limit, 4)
  let text = formatNumber(value, decimals)
  for (let d = decimals + 1; d <= decimals + 4 && text === limitText && value !== limit; d++)
    text = formatNumber(value, d)
  return text
}

/** `$1.2K`, `$45.3K`, `$1.25M`, `$2.1B`; plain dollars below 1,000. */
export function formatDollars(value: number): string {
  return `$${formatQuantity(value)}`
}

/** `950`, `12.5K`, `3.2M`, `1.1B`. */
export function formatQuantity(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e9) return `${formatNumber(value / 1e9, 2)}B`
  if (abs >= 1e6) return `${formatNumber(value / 1e6, 2)}M`
  if (abs >= 1e3) return `${formatNumber(value / 1e3, 1)}K`
  return formatNumber(value, 2)
}

/** A price: `$0.8512`, `$12.5`. */
export function formatPrice(value: number): string {
  return `$${formatNumber(value, value < 1 ? 4 : 2)}`
}
