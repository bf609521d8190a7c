// Exact references for adjudicating the indices where TA-Lib's own rounding is the larger error.
// Every double is a dyadic rational, so sums, squares and deviations of the inputs are computed
// exactly with BigInt; only the final ratio is rounded (to about 1e-16 relative).

/** Fixed-point scale: every price of interest is a multiple of 2^-SCALE_BITS. */
const SCALE_BITS = 80n
const ONE = 1n << SCALE_BITS

/** `x · 2^80` as an exact BigInt (throws if `x` has bits below 2^-80, which prices do not). */
export function toFixed(x: number): bigint {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`)
  const scaled = x * 2 ** 80
  // multiplying by a power of two is exact unless it overflows; the result is an integer
  if (!Number.isInteger(scaled)) throw new Error(`${x} has bits below 2^-80`)
  return BigInt(scaled)
}

function ratio(numerator: bigint, denominator: bigint): number {
  // scale both into double range before converting, keeping ~60 significant bits
  const shift = BigInt(Math.max(0, Math.max(bitLength(numerator), bitLength(denominator)) - 1000))
  return Number(numerator >> shift) / Number(denominator >> shift)
}

function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length
}

const abs = (x: bigint) => (x < 0n ? -x : x)

/** Exact mean of `values[i − p + 1 .. i]`. */
export function exactMean(values: ArrayLike<number>, i: number, p: number): number {
  let s = 0n
  for (let j = i - p + 1; j <= i; j++) s += toFixed(values[j]!)
  return ratio(s, BigInt(p) * ONE)
}

/** Exact population standard deviation of `values[i − p + 1 .. i]`. */
export function exactStdDev(values: ArrayLike<number>, i: number, p: number): number {
  let s1 = 0n
  let s2 = 0n
  for (let j = i - p + 1; j <= i; j++) {
    const v = toFixed(values[j]!)
    s1 += v
    s2 += v * v
  }
  const n = BigInt(p)
  const num = n * s2 - s1 * s1 // = n² · var · 2^160
  if (num === 0n) return 0
  // sd = sqrt(num) / (n · 2^80): take the integer square root with 64 extra bits, then divide
  const extra = 64n
  const root = isqrt(num << (2n * extra))
  return ratio(root, (n * ONE) << extra)
}

/** Exact weighted moving average (weights 1..p, newest p) of `values[i − p + 1 .. i]`. */
export function exactWma(values: ArrayLike<number>, i: number, p: number): number {
  let s = 0n
  let w = 1n
  for (let j = i - p + 1; j <= i; j++) s += w++ * toFixed(values[j]!)
  return ratio(s, ((BigInt(p) * BigInt(p + 1)) / 2n) * ONE)
}

/** Exact CCI over the typical prices (as doubles, the way both libraries form them). */
export function exactCci(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  i: number,
  p: number,
): number {
  const tps: bigint[] = []
  for (let j = i - p + 1; j <= i; j++) tps.push(toFixed((high[j]! + low[j]! + close[j]!) / 3))
  const n = BigInt(p)
  const s = tps.reduce((a, b) => a + b, 0n)
  let dev = 0n
  for (const t of tps) dev += abs(n * t - s)
  const last = n * tps[tps.length - 1]! - s
  if (last === 0n || dev === 0n) return 0
  // CCI = p · (p·tp − S) / (0.015 · Σ|p·tp_j − S|) = p · 1000 · (p·tp − S) / (15 · Σ|…|)
  return ratio(n * 1000n * last, 15n * dev)
}

function isqrt(x: bigint): bigint {
  if (x < 2n) return x
  let r = BigInt(Math.floor(Math.sqrt(Number(x))))
  // Newton steps from a close double estimate
  for (;;) {
    const next = (r + x / r) >> 1n
    if (abs(next - r) <= 1n) {
      r = next
      break
    }
    r = next
  }
  while (r * r > x) r--
  while ((r + 1n) * (r + 1n) <= x) r++
  return r
}
