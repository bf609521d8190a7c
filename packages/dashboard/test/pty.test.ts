// Runs the demo in a real pseudo-terminal (util-linux `script`), presses q and checks that the
// dashboard was drawn, quit cleanly and gave the terminal back so the process could exit 0.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test, vi } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

function hasUtilLinuxScript(): boolean {
  try {
    return execFileSync('script', ['--version'], { encoding: 'utf8' }).includes('util-linux')
  } catch {
    return false
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escape sequences
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g
const plain = (text: string) => text.replace(ESCAPES, '')
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for green or red text
const COLOURED = /\u001b\[3[12]m/

let child: ChildProcess | undefined
afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

test.skipIf(!hasUtilLinuxScript())(
  'in a pseudo-terminal the demo draws the dashboard and q exits 0',
  async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '1' }
    delete env.CI
    delete env.CONTINUOUS_INTEGRATION
    const command =
      'stty cols 100 rows 30 && exec node --conditions=@tradeblocks/source --import tsx examples/demo.ts --speed 300'
    const proc = spawn('script', ['-qfec', command, '/dev/null'], { cwd: packageDir, env, stdio: 'pipe' })
    child = proc
    let output = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))

    await vi.waitFor(() => expect(plain(output)).toContain('q quit  p pause/resume entries  k kill switch'), {
      timeout: 25_000,
      interval: 50,
    })
    // A drawn dashboard: colours and cursor movement, not plain lines.
    expect(plain(output)).toContain('Watchlist')
    expect(output).toMatch(COLOURED)
    expect(plain(output)).not.toContain(' ET START ')

    proc.stdin?.write('q')
    const code = await exited
    expect(code).toBe(0)
    const text = plain(output)
    expect(text).toContain('Quitting…')
    expect(text).toContain('Day summary 2026-01-05 (demo-bot, replay)')
    // The summary comes after the last frame: the dashboard had let go of the terminal.
    expect(text.lastIndexOf('Day summary')).toBeGreaterThan(text.lastIndexOf('Quitting…'))
  },
  30_000,
)
