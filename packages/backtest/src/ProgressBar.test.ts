import { describe, expect, test } from 'vitest'
import { ProgressBar } from './ProgressBar.js'

function fakeStream(isTTY = true) {
  const chunks: string[] = []
  return { chunks, stream: { isTTY, columns: 100, write: (chunk: string) => chunks.push(chunk) } }
}

describe('ProgressBar', () => {
  test('draws in place at most every interval, with percentage, rate and ETA, then ends the line', () => {
    const { chunks, stream } = fakeStream()
    let now = 0
    const bar = new ProgressBar({
      label: 'sma',
      unit: 'bars',
      total: 1_000_000,
      stream,
      now: () => now,
      intervalMs: 100,
    })
    now = 50
    bar.update(100_000)
    now = 60
    bar.update(120_000) // within 100 ms of the last draw: skipped
    now = 1000
    bar.update(500_000)
    now = 2000
    bar.update(1_000_000)
    bar.done()
    expect(chunks).toHaveLength(4)
    expect(chunks[0]).toBe(
      '\rsma [####------------------------------------]  10.0% 100.0k/1.00M bars 2.00M/s ETA 0s',
    )
    expect(chunks[1]).toBe(
      '\rsma [####################--------------------]  50.0% 500.0k/1.00M bars 500.0k/s ETA 1s',
    )
    expect(chunks[3]?.endsWith('\n')).toBe(true)
    expect(chunks[3]).toContain('100.0% 1.00M/1.00M bars')
    bar.update(5) // after done: nothing
    expect(chunks).toHaveLength(4)
  })

  test('without a total it shows the count and the rate; fail marks the line', () => {
    const { chunks, stream } = fakeStream()
    let now = 0
    const bar = new ProgressBar({ unit: 'events', stream, now: () => now })
    now = 2000
    bar.update(3000)
    bar.fail('stopped: StrategyError')
    expect(chunks).toEqual(['\r3000 events 1500/s 2s', '\r3000 events 1500/s 2s stopped: StrategyError\n'])
  })

  test('silent when the stream is not a terminal, unless forced', () => {
    const { chunks, stream } = fakeStream(false)
    const bar = new ProgressBar({ total: 10, stream })
    bar.update(5)
    bar.done()
    expect(bar.enabled).toBe(false)
    expect(chunks).toEqual([])
    const forced = new ProgressBar({ total: 10, stream, enabled: true, now: () => 1 })
    forced.update(5)
    expect(chunks).toHaveLength(1)
  })
})
