/** Tolerance in ticks for floating-point noise, as in core. */
const EPSILON_TICKS = 1e-7

/**
 * Rounding of positive prices to US-equity ticks ($0.01 at or above $1.00, $0.0001 below) for the
 * generator's hot loops. It follows core's `roundToTick` rule for rule (halves up, a tolerance for
 * floating-point noise) and gives the same numbers (a property test pins that), without its string
 * round trip: `n / 100` is the double nearest to the decimal, as `Number((n * 0.01).toFixed(2))` is.
 */
export function roundTick(price: number, direction: 'nearest' | 'up' | 'down' = 'nearest'): number {
  const penny = price >= 1
  const units = price / (penny ? 0.01 : 0.0001)
  const floor = Math.floor(units)
  const fraction = units - floor
  let n: number
  if (fraction <= EPSILON_TICKS) n = floor
  else if (fraction >= 1 - EPSILON_TICKS) n = floor + 1
  else if (direction === 'down') n = floor
  else if (direction === 'up') n = floor + 1
  else n = fraction >= 0.5 - EPSILON_TICKS ? floor + 1 : floor
  // Below $1 a result of 10,000 hundredths of a cent is exactly $1.00, a valid penny price.
  return n / (penny ? 100 : 10_000)
}
