// A tour of @tradeblocks/core. Run: npm start -w @tradeblocks/example-core-demo [-- --at 2026-11-27T15:00:00Z]
import { nyse, OrderRequestSchema, roundToTick, SystemClock, safeParse, toNewYork } from '@tradeblocks/core'

const atFlag = process.argv.indexOf('--at')
const clock = new SystemClock()
const now = atFlag > 0 ? Date.parse(process.argv[atFlag + 1] ?? '') : clock.now()
if (Number.isNaN(now)) throw new Error('--at must be an ISO date-time, e.g. 2026-11-27T15:00:00Z')

const ny = toNewYork(now)
const session = nyse.sessionAt(now)
console.log(
  `New York time: ${ny.date} ${String(ny.hour).padStart(2, '0')}:${String(ny.minute).padStart(2, '0')}`,
)
console.log(`Session: ${session.session} until ${new Date(session.end).toISOString()}`)
console.log(`Next open: ${new Date(nyse.nextOpen(now)).toISOString()}`)

console.log(`\nNext five trading days:`)
let day = ny.date
for (let i = 0; i < 5; i++) {
  day = nyse.nextTradingDay(day)
  const schedule = nyse.schedule(day)
  const close = schedule ? toNewYork(schedule.regular.end) : undefined
  console.log(
    `  ${day}  closes ${close ? `${close.hour}:${String(close.minute).padStart(2, '0')}` : '-'} ET${schedule?.earlyClose ? ' (early close)' : ''}`,
  )
}

console.log(`\nMarket holidays in ${ny.year}:`)
for (const holiday of nyse.holidays(ny.year)) console.log(`  ${holiday.date}  ${holiday.name}`)

const entry = roundToTick(4.2378, 'down')
const stop = roundToTick(3.9912, 'down')
console.log(`\nA bracket order at ${entry} with its stop at ${stop}:`)
const good = safeParse(
  OrderRequestSchema,
  {
    type: 'limit',
    symbol: 'DEMO',
    side: 'buy',
    qty: 100,
    limitPrice: entry,
    bracket: { stopLoss: { stopPrice: stop } },
  },
  'order request',
)
console.log(good.success ? '  valid' : `  ${good.error.shortMessage}`)
const bad = safeParse(
  OrderRequestSchema,
  {
    type: 'limit',
    symbol: 'DEMO',
    side: 'buy',
    qty: 0,
    limitPrice: 4.2378,
    bracket: { stopLoss: { stopPrice: 4.5 } },
  },
  'order request',
)
if (!bad.success) for (const issue of bad.error.issues) console.log(`  rejected: ${issue.message}`)
