import { describe, expect, test } from 'vitest'
import { ManualClock, SystemClock, ValidationError } from './index.js'

describe('ManualClock', () => {
  test('timers fire in due order with now() at their due time', () => {
    const clock = new ManualClock(1_000)
    const seen: [string, number][] = []
    clock.setTimer(() => seen.push(['b', clock.now()]), 200)
    clock.setTimer(() => seen.push(['a', clock.now()]), 100)
    clock.setTimer(() => seen.push(['c', clock.now()]), 200)
    const canceled = clock.setTimer(() => seen.push(['x', clock.now()]), 150)
    clock.clearTimer(canceled)
    clock.advance(500)
    expect(seen).toEqual([
      ['a', 1_100],
      ['b', 1_200],
      ['c', 1_200],
    ])
    expect(clock.now()).toBe(1_500)
    expect(clock.pendingTimers).toBe(0)
  })

  test('a timer set by a timer fires in the same advance when due', () => {
    const clock = new ManualClock()
    const seen: number[] = []
    clock.setTimer(() => {
      seen.push(clock.now())
      clock.setTimer(() => seen.push(clock.now()), 10)
    }, 10)
    clock.advance(25)
    expect(seen).toEqual([10, 20])
  })

  test('sleep resolves when time passes', async () => {
    const clock = new ManualClock()
    let done = false
    const sleeping = clock.sleep(1_000).then(() => {
      done = true
    })
    clock.advance(999)
    await Promise.resolve()
    expect(done).toBe(false)
    clock.advance(1)
    await sleeping
    expect(done).toBe(true)
  })

  test('time never goes backwards and delays must be valid', () => {
    const clock = new ManualClock(100)
    expect(() => clock.set(50)).toThrow(ValidationError)
    expect(() => clock.advance(-1)).toThrow(ValidationError)
    expect(() => clock.setTimer(() => {}, Number.NaN)).toThrow(ValidationError)
    expect(() => new ManualClock(-5)).toThrow(ValidationError)
  })
})

describe('SystemClock', () => {
  test('runs real timers and can cancel them', async () => {
    const clock = new SystemClock()
    let fired = false
    const handle = clock.setTimer(() => {
      fired = true
    }, 1)
    clock.clearTimer(handle)
    const before = clock.now()
    await clock.sleep(5)
    expect(clock.now()).toBeGreaterThanOrEqual(before)
    expect(fired).toBe(false)
  })
})
