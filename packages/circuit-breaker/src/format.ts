import { toNewYork } from '@tradeblocks/core'

/** `2026-03-06 14:02:11 ET`. */
export function formatEt(ts: number): string {
  const ny = toNewYork(ts)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${ny.date} ${two(ny.hour)}:${two(ny.minute)}:${two(ny.second)} ET`
}

/** Money with a sign, thousands separators and cents: `-1,234.50`. */
export function formatMoney(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** A fraction as a percentage: `0.0312` → `3.12%`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`
}
