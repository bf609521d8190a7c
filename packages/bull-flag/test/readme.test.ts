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
      'flag: buy above 10.96, stop under 10.6, target 12.06',
      'flag: buy above 10.96, stop under 10.56, target 12.06',
      'breakout at 11.02: stop 10.55, target 12.06, reward/risk 2.3, quality 0.69',
      'breakout-failed: closed at 10.9, back at or below the flag high 10.95, 1 bar after the breakout',
      'ABCD: flag forming: flag has 1 bar, fewer than 2; flag range 1.3% is below 3%',
    ])
    for (const line of lines) expect(readme).toContain(line)
  })
})
