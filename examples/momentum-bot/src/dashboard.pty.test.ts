import { spawn, spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'

const botDir = join(import.meta.dirname, '..')
const hasScript = spawnSync('script', ['--version']).status === 0
const seed = 424242

afterEach(async () => {
  await rm(join(botDir, '.tradeblocks', 'replay', `seed-${seed}-2026-11-16`), {
    recursive: true,
    force: true,
  })
})

/**
 * Runs the bot in a real pseudo-terminal (util-linux `script`), waits for the dashboard to draw the
 * market day, presses q and expects a graceful exit with status 0.
 */
test.runIf(hasScript)(
  'the dashboard draws in a terminal and q quits cleanly',
  async () => {
    const command = `stty cols 110 rows 34; exec node --conditions=@tradeblocks/source --import tsx src/main.ts --seed ${seed} --speed 600`
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: botDir,
      env: {
        ...withoutCi(process.env),
        TERM: 'xterm-256color',
        COLUMNS: '110',
        LINES: '34',
        FORCE_COLOR: '0',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let screen = ''
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8')
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const deadline = Date.now() + 30_000
    while (!/REGULAR|PREMARKET/.test(screen) || !screen.includes('Watchlist')) {
      if (Date.now() > deadline) throw new Error(`the dashboard never drew:\n${screen.slice(-2000)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(screen).toContain('tradeblocks momentum bot')
    expect(screen).toContain('q quit')
    expect(screen).toContain('Breaker')
    child.stdin.write('q')
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000)),
    ])
    if (code === 'timeout') child.kill('SIGKILL')
    expect(code).toBe(0)
    expect(screen).toMatch(/Replay finished \(operator quit\)/)
  },
  60_000,
)

function withoutCi(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...rest } = env
  return rest
}
