// The child process of the crash test: appends records as fast as it can and reports each
// acknowledged append on stdout ("ack <id>"), until the parent kills it with SIGKILL.
// Run (after bundling): node crashWriter.mjs <dir> <run> <fsync|group>
import { openJournal } from '../src/index.js'
import { crashRecord } from './fixtures.js'

const [dir, runArg, mode] = process.argv.slice(2)
if (dir === undefined || runArg === undefined) throw new Error('usage: crashWriter <dir> <run> <fsync|group>')
const run = Number(runArg)
const MAX_RECORDS = 4_000
const IN_FLIGHT = 256

const journal = await openJournal({
  dir,
  durability: mode === 'fsync' ? { mode: 'fsync' } : { mode: 'group', intervalMs: 2 },
})
process.stdout.write(`ready ${journal.recoveries.length}\n`)

let next = 0
let inFlight = 0
await new Promise<void>((done) => {
  const pump = () => {
    while (inFlight < IN_FLIGHT && next < MAX_RECORDS) {
      const record = crashRecord(run, next++)
      inFlight++
      journal.appendTrade(record).then(
        () => {
          inFlight--
          process.stdout.write(`ack ${record.id}\n`)
          if (next >= MAX_RECORDS && inFlight === 0) done()
          else pump()
        },
        (error: unknown) => {
          process.stderr.write(`append failed: ${String(error)}\n`)
          process.exit(2)
        },
      )
    }
  }
  pump()
})
await journal.close()
process.stdout.write('done\n')
