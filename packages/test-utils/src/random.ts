/**
 * mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). The same seed always gives
 * the same sequence, so seeded fixtures, property tests and benchmarks are reproducible. Not for
 * anything that needs statistical quality beyond test data, and never for cryptography.
 *
 * @param seed - Any number; it is taken as an unsigned 32-bit integer (`seed >>> 0`).
 * @returns A function that returns the next float of the sequence on each call.
 *
 * @example
 * ```ts
 * import { mulberry32 } from '@tradeblocks/test-utils'
 *
 * const random = mulberry32(42)
 * const price = 10 + random() * 90 // the same price on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
