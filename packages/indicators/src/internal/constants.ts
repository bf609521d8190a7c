/**
 * Rolling sums are recomputed from the window every `max(period, RECOMPUTE_INTERVAL)` inputs, at
 * the same input indices in the streaming and batch forms, so floating-point residue (a spike that
 * entered and left the window) never outlives one interval and both forms stay bit-identical.
 */
export const RECOMPUTE_INTERVAL = 1024

/** The interval for a window of `period` values. */
export function recomputeInterval(period: number): number {
  return Math.max(period, RECOMPUTE_INTERVAL)
}
