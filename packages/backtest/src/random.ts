/**
 * Seeded pseudo-random numbers for the synthetic market. Never `Math.random`: the same seed gives the
 * same market on every machine and Node version (only integer arithmetic and IEEE doubles are used).
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32 from a 32-bit hash.
 */

/** FNV-1a over the UTF-16 code units of `text`, mixed with murmur3's finalizer; a 32-bit unsigned hash. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A seeded random source with the draws the generator needs. */
export class Random {
  #a: number
  #b: number
  #c: number
  #d: number
  #spare: number | undefined
  readonly #root: string

  /** Seeds from a number (any integer) or a string; `derive` makes independent child streams. */
  constructor(seed: number | string) {
    this.#root = typeof seed === 'number' ? `#${seed}` : seed
    let s = hashString(this.#root)
    const next = () => {
      // splitmix32
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.#a = next()
    this.#b = next()
    this.#c = next()
    this.#d = next()
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1
  }

  /** A 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9)
    const t = this.#b << 9
    this.#c ^= this.#a
    this.#d ^= this.#b
    this.#b ^= this.#c
    this.#a ^= this.#d
    this.#c ^= t
    this.#d = rotl(this.#d, 11)
    return result >>> 0
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5
    const lo = this.nextUint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** A uniform double in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** A standard normal deviate (Marsaglia's polar method). */
  normal(): number {
    const spare = this.#spare
    if (spare !== undefined) {
      this.#spare = undefined
      return spare
    }
    for (;;) {
      const u = this.next() * 2 - 1
      const v = this.next() * 2 - 1
      const s = u * u + v * v
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s)
        this.#spare = v * m
        return u * m
      }
    }
  }

  /** A log-normal draw whose logarithm has mean `Math.log(median)` and deviation `sigma`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** A log-uniform draw in [min, max): every order of magnitude equally likely. */
  logUniform(min: number, max: number): number {
    return Math.exp(this.uniform(Math.log(min), Math.log(max)))
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice()
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = tmp
    }
    return copy
  }

  /**
   * An independent stream for a labelled purpose, e.g. `rng.derive('AAPL/2026-01-05/path')`. It depends
   * only on this stream's seed and the label, never on how many numbers were drawn before.
   */
  derive(label: string): Random {
    return new Random(`${this.#root}/${label}`)
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
