import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { expect, test } from 'vitest'
import { formatDaySummary, startDashboard } from './index.js'

// Runs the README example (without a terminal, so it writes plain lines) so it cannot rot.
test('the README example runs and prints what it says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const stdout = new PassThrough()
  let written = ''
  stdout.on('data', (chunk: Buffer) => {
    written += chunk.toString()
  })
  const ts = Date.UTC(2026, 0, 5, 14, 45)
  const dashboard = await startDashboard({
    stdout: stdout as unknown as NodeJS.WriteStream,
    isTTY: false,
    state: {
      title: 'momentum-bot',
      clock: { ts, mode: 'paper' },
      account: { equity: 25_000, startEquity: 25_000, peakEquity: 25_000, dayPnl: 0 },
      breaker: { state: 'trading', rules: [{ name: 'daily loss', value: 0, limit: -500, unit: 'money' }] },
    },
  })
  dashboard.update({
    clock: { ts: ts + 60_000 },
    positions: [
      { symbol: 'ABCD', qty: 500, avgEntry: 4.05, last: 4.12, stop: 3.89, initialStop: 3.89, target: 4.53 },
    ],
    orders: [
      {
        id: 'o-2',
        clientOrderId: 'mb-ABCD-1-stop',
        symbol: 'ABCD',
        side: 'sell',
        type: 'stop',
        qty: 500,
        filledQty: 0,
        stopPrice: 3.89,
        status: 'accepted',
        submittedAt: ts + 60_000,
        role: 'stop',
      },
    ],
  })
  dashboard.log('ABCD entry filled at 4.05')
  dashboard.update({
    clock: { ts: ts + 20 * 60_000 },
    positions: [],
    orders: [],
    closedTrades: [
      {
        id: 't-1',
        symbol: 'ABCD',
        side: 'long',
        qty: 500,
        entryPrice: 4.05,
        exitPrice: 4.53,
        pnl: 240,
        r: 3,
        exitReason: 'target',
        closedAt: ts + 20 * 60_000,
      },
    ],
    account: { equity: 25_240, startEquity: 25_000, peakEquity: 25_240, dayPnl: 240 },
  })
  await dashboard.stop()
  const summary = formatDaySummary(dashboard.getState())
  const documented = summary.split('\n').slice(0, 3)
  expect(documented).toEqual([
    'Day summary 2026-01-05 (momentum-bot, paper)',
    '  Trades        1 (1 winner, 0 losers, win rate 100.00%)',
    '  Realized P&L  +$240.00, total +3.00R, average +3.00R over 1 trade',
  ])
  for (const line of documented) expect(readme).toContain(`// ${line}`)
  expect(written).toContain('ET TRADE    closed long 500 ABCD 4.05 -> 4.53 P&L +$240.00 +3.00R (target)')
  expect(written).toContain('ET ORDER    no longer listed sell 500 ABCD stop 3.89')
})
