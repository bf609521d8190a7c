import { describe, expect, test } from 'vitest'
import { TypedEmitter } from './index.js'

type Events = { fill: [symbol: string, qty: number]; reset: [] }

describe('TypedEmitter', () => {
  test('on, once, off and the returned unsubscribe', () => {
    const events = new TypedEmitter<Events>()
    const seen: string[] = []
    const stop = events.on('fill', (symbol, qty) => seen.push(`${symbol}:${qty}`))
    events.once('reset', () => seen.push('reset'))
    events.emit('fill', 'AAPL', 10)
    events.emit('reset')
    events.emit('reset')
    stop()
    expect(events.emit('fill', 'AAPL', 20)).toBe(false)
    expect(seen).toEqual(['AAPL:10', 'reset'])
  })

  test('without a handler a throwing listener propagates', () => {
    const events = new TypedEmitter<Events>()
    events.on('reset', () => {
      throw new Error('boom')
    })
    expect(() => events.emit('reset')).toThrow('boom')
  })

  test('with onListenerError, a throwing listener does not stop the others', () => {
    const errors: string[] = []
    const events = new TypedEmitter<Events>({
      onListenerError: (error, event) => errors.push(`${event}:${String(error)}`),
    })
    const seen: number[] = []
    const bad = () => {
      throw new Error('bad listener')
    }
    events.on('fill', bad)
    events.on('fill', (_s, qty) => seen.push(qty))
    events.once('reset', bad)
    events.emit('fill', 'AAPL', 1)
    events.emit('reset')
    events.emit('reset')
    events.off('fill', bad)
    events.emit('fill', 'AAPL', 2)
    expect(seen).toEqual([1, 2])
    expect(errors).toEqual(['fill:Error: bad listener', 'reset:Error: bad listener'])
    expect(events.listenerCount('fill')).toBe(1)
  })
})
