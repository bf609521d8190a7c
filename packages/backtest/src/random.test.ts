import { describe, expect, test } from 'vitest'
import { hashString, Random } from './random.js'

describe('Random', () => {
  test('the same seed gives the same numbers; another seed gives others', () => {
    const a = new Random(42)
    const b = new Random(42)
    const c = new Random(43)
    const seqA = Array.from({ length: 50 }, () => a.nextUint32())
    const seqB = Array.from({ length: 50 }, () => b.nextUint32())
    const seqC = Array.from({ length: 50 }, () => c.nextUint32())
    expect(seqA).toEqual(seqB)
    expect(seqA).not.toEqual(seqC)
  })

  test('pins the stream so a change of generator is noticed (markets would change)', () => {
    const rng = new Random(1)
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toMatchInlineSnapshot(`
      [
        331851300,
        2651871972,
        2111486196,
      ]
    `)
    expect(hashString('AAPL')).toMatchInlineSnapshot(`2272979962`)
  })

  test('derive depends on the seed and label only, not on draws made before', () => {
    const a = new Random('seed')
    const b = new Random('seed')
    for (let i = 0; i < 17; i++) b.next()
    expect(a.derive('x').next()).toBe(b.derive('x').next())
    expect(a.derive('x').next()).not.toBe(a.derive('y').next())
  })

  test('uniform draws cover [0, 1) evenly and normals have mean 0 and variance 1', () => {
    const rng = new Random(7)
    const n = 200_000
    const buckets = new Array(10).fill(0)
    let sum = 0
    let sumSq = 0
    let outside = 0
    for (let i = 0; i < n; i++) {
      const u = rng.next()
      if (!(u >= 0 && u < 1)) outside++
      buckets[Math.floor(u * 10)]++
      const z = rng.normal()
      sum += z
      sumSq += z * z
    }
    expect(outside).toBe(0)
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 10 / 20)
    expect(Math.abs(sum / n)).toBeLessThan(0.01)
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02)
  })

  test('int covers both bounds; pick and shuffle keep every element', () => {
    const rng = new Random(3)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(rng.int(1, 6))
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6])
    const items = ['a', 'b', 'c', 'd', 'e']
    expect(rng.shuffle(items).sort()).toEqual(items)
    expect(items).toContain(rng.pick(items))
    expect(() => rng.pick([])).toThrow(RangeError)
  })
})
