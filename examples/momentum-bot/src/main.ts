// The reference bot's entry point: `npm start` (replay of one synthetic day with the dashboard).
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isBaseError } from '@tradeblocks/core'
import { runBacktestMode } from './backtestMode.js'
import { parseCli, USAGE } from './cli.js'
import { loadConfig } from './config.js'
import { runReplay } from './replayMode.js'

async function main(): Promise<number> {
  let cli: ReturnType<typeof parseCli>
  try {
    cli = parseCli(process.argv.slice(2))
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (cli.help) {
    console.log(USAGE)
    return 0
  }
  const defaultConfig = join(import.meta.dirname, '..', 'config.json')
  // Paths on the command line are relative to where `npm start` was run, not to this workspace.
  const base = process.env.INIT_CWD ?? process.cwd()
  if (cli.overrides.dataDir !== undefined) cli.overrides.dataDir = resolve(base, cli.overrides.dataDir)
  if (cli.overrides.report !== undefined) cli.overrides.report = resolve(base, cli.overrides.report)
  const configPath = cli.configPath === undefined ? undefined : resolve(base, cli.configPath)
  const config = await loadConfig(
    configPath ?? (existsSync(defaultConfig) ? defaultConfig : undefined),
    cli.overrides,
  )

  switch (config.mode) {
    case 'replay': {
      const run = await runReplay({ config, handleSignals: true })
      for (const summary of run.summaries) console.log(`\n${summary}`)
      const pnl = run.endEquity - run.startEquity
      console.log(
        `\nReplay finished (${run.result.reason}): ${run.trades.length} trade(s), net ${pnl >= 0 ? '+' : ''}${pnl.toFixed(2)}, equity ${run.endEquity.toFixed(2)}.`,
      )
      console.log(`Journal and daily summaries: ${run.stateDir}`)
      if (run.breakerTripped) console.log(`Circuit breaker: ${run.breakerExplanation}`)
      return 0
    }
    case 'backtest': {
      await runBacktestMode({ config })
      return 0
    }
    case 'paper':
    case 'live': {
      console.error(
        [
          `Mode "${config.mode}" needs a real-time Broker and MarketDataSource.`,
          'No vendor adapter package (@tradeblocks/alpaca, @tradeblocks/polygon) is released yet, so this CLI cannot',
          'wire one. From your own code, call runSession() from this example with any Broker and MarketDataSource',
          '(see examples/momentum-bot/README.md, "Paper and live").',
        ].join('\n'),
      )
      return 2
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (isBaseError(error)) console.error(error.message)
    else console.error(error)
    process.exitCode = 1
  },
)
