import { parseArgs } from 'node:util'
import type { ConfigOverrides } from './config.js'

/** Parsed command line: the config file path and the overrides the flags give. */
export interface CliOptions {
  configPath: string | undefined
  overrides: ConfigOverrides
  help: boolean
}

export const USAGE = `Usage: npm start -- [options]

  --mode <replay|backtest|paper|live>  what to run (default replay: one synthetic day)
  --days <n>                           trading days (replay, backtest)
  --seed <n>                           synthetic market seed
  --speed <n|max>                      replay speed, market seconds per wall second
  --symbols <A,B,C>                    restrict the universe to these symbols
  --data <dir>                         backtest on CSV bars from this directory
  --report <file>                      write the HTML report here (backtest)
  --config <file>                      config file (default: config.json beside the bot)
  --no-dashboard                       plain progress lines instead of the terminal dashboard
  -h, --help                           this text`

/** Parses the command line; unknown flags and bad numbers are errors. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      mode: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      symbols: { type: 'string' },
      data: { type: 'string' },
      report: { type: 'string' },
      config: { type: 'string' },
      'no-dashboard': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value))
      throw new Error(`--${name} must be a number (got "${text}")`)
    return value
  }
  const overrides: ConfigOverrides = {}
  if (values.mode !== undefined) overrides.mode = values.mode as ConfigOverrides['mode'] & string
  const days = number('days', values.days)
  if (days !== undefined) overrides.days = days
  const seed = number('seed', values.seed)
  if (seed !== undefined) overrides.seed = seed
  if (values.speed !== undefined)
    overrides.speed = values.speed === 'max' ? 'max' : (number('speed', values.speed) as number)
  if (values.symbols !== undefined)
    overrides.symbols = values.symbols
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean)
  if (values.data !== undefined) overrides.dataDir = values.data
  if (values.report !== undefined) overrides.report = values.report
  if (values['no-dashboard'] === true) overrides.dashboard = false
  return { configPath: values.config, overrides, help: values.help === true }
}
