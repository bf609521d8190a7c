import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test, vi } from 'vitest'

const packages = fileURLToPath(new URL('../../', import.meta.url))
let dir: string | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

// Runs the README's main example as written (imports pointed at the workspace sources), so it cannot rot.
test('the README example runs, trades, and prints its trades and stats', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Example'))
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  expect(code).toBeDefined()
  expect(code?.trim().split('\n').length).toBeLessThanOrEqual(21)
  const source = (code as string)
    .replace(
      /from '@tradeblocks\/([a-z-]+)'/g,
      (_, name: string) => `from ${JSON.stringify(join(packages, name, 'src/index.ts'))}`,
    )
    .replace('progress: true', 'progress: false')
  dir = await mkdtemp(join(tmpdir(), 'tradeblocks-readme-'))
  const file = join(dir, 'example.ts')
  writeFileSync(file, `${source}\nexport { report }\n`)
  const lines: unknown[][] = []
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args)
  })
  const { report } = (await import(/* @vite-ignore */ file)) as {
    report: Awaited<ReturnType<typeof import('./runBacktest.js')['runBacktest']>>
  }
  expect(report.trades.length).toBeGreaterThan(0)
  expect(lines).toHaveLength(report.trades.length + 1)
  for (const t of report.trades) {
    expect(['take_profit', 'stop_loss', 'end_of_data', 'signal']).toContain(t.exitReason)
    expect(t.rMultiple).toBeDefined()
    if (t.exitReason === 'take_profit') expect(t.rMultiple).toBeGreaterThan(1.5)
    if (t.exitReason === 'stop_loss') expect(t.rMultiple).toBeLessThan(-0.8)
  }
  expect(lines.at(-1)?.[0]).toBe(report.stats.netPnl)
})
