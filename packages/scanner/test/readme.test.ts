import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'

const here = new URL('.', import.meta.url)

describe('README', () => {
  afterEach(() => vi.restoreAllMocks())

  it('shows test/readme.example.ts verbatim, and that example runs and prints what the README says', async () => {
    const readme = readFileSync(new URL('../README.md', here), 'utf8')
    const example = readFileSync(new URL('./readme.example.ts', here), 'utf8')
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '))
    })
    await import('./readme.example.js')
    expect(lines).toEqual([
      'skip MNOP: gap 2% is below 4%; relative volume 1.33× is below 2×',
      'skip QRST: prevClose must be a finite number (got NaN)',
      'news ABCD: fda-clinical positive 0.9',
      'news IJKL: offering-dilution negative -0.8',
      'news EFGH: guidance mixed -0.1',
      '#1 ABCD 0.609 (gap 0.140, relativeVolume 0.250, intradayChange 0.000, floatRotation 0.039, catalyst 0.180)',
      '#2 EFGH 0.271 (gap 0.075, relativeVolume 0.213, intradayChange 0.000, floatRotation 0.003, catalyst -0.020)',
      '#3 IJKL 0.187 (gap 0.120, relativeVolume 0.195, intradayChange 0.000, floatRotation 0.032, catalyst -0.160)',
    ])
    for (const line of lines) expect(readme).toContain(line)
  })
})
