import { createReadStream } from 'node:fs'
import { type FileHandle, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, join, resolve } from 'node:path'
import {
  type Clock,
  fromNewYork,
  parse,
  parseTradingDate,
  SystemClock,
  safeParse,
  tradingDateOf,
  type ValidationError,
  type ValidationIssue,
} from '@tradeblocks/core'
import { z } from 'zod'
import { JournalClosedError, JournalLineError, JournalLockedError, JournalWriteError } from './errors.js'
import { AlertRecordSchema, BreakerEventRecordSchema, OrderEventRecordSchema } from './eventRecords.js'
import { isTradeRecordFast } from './isTradeRecordFast.js'
import {
  JOURNAL_STREAMS,
  type JournalRecordMap,
  type JournalStore,
  type JournalStreamName,
  matchesQuery,
  type NormalizedJournalQuery,
  type RecoveryReport,
  recordTime,
} from './JournalStore.js'
import { TradeRecordSchema } from './TradeRecord.js'

/**
 * When an append counts as done.
 *
 * - `{ mode: 'fsync' }` (the default): every append resolves only after its line is written and the
 *   file is `fdatasync`ed. Appends that arrive while a sync is running are written and synced together
 *   in the next round, but none resolves before its own line is on disk. Safest; throughput is bounded
 *   by the disk's sync latency.
 * - `{ mode: 'group', intervalMs }` (group commit): appends are collected for up to `intervalMs`
 *   (default 10 ms, or until `maxBatchRecords`, default 10 000, are waiting), then each day file gets
 *   one write and one `fdatasync`, and the whole batch resolves. An append still resolves only once
 *   durable; what a power cut can take is the records whose appends had not resolved yet, at most
 *   about `intervalMs` of them. A process crash (even SIGKILL) loses nothing that was written.
 *
 * @example
 * ```ts
 * import type { Durability } from '@tradeblocks/journal'
 *
 * const live: Durability = { mode: 'fsync' }
 * const backtest: Durability = { mode: 'group', intervalMs: 20 }
 * ```
 */
export type Durability = { mode: 'fsync' } | { mode: 'group'; intervalMs?: number; maxBatchRecords?: number }

const DurabilitySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('fsync') }),
  z.strictObject({
    mode: z.literal('group'),
    intervalMs: z.number().int().min(0).max(60_000).optional(),
    maxBatchRecords: z.number().int().min(1).optional(),
  }),
])

/**
 * Options of {@link JsonlJournalStore.open}.
 *
 * @example
 * ```ts
 * import { JsonlJournalStore, type JsonlJournalStoreOptions } from '@tradeblocks/journal'
 *
 * const options: JsonlJournalStoreOptions = { dir: './journal', durability: { mode: 'group', intervalMs: 5 } }
 * const store = await JsonlJournalStore.open(options)
 * ```
 */
export interface JsonlJournalStoreOptions {
  /** The journal directory; streams live in `<dir>/trades`, `<dir>/orders`, `<dir>/breakers`, `<dir>/alerts`. */
  dir: string
  /** When appends resolve; see {@link Durability}. Defaults to `{ mode: 'fsync' }`. */
  durability?: Durability
  /**
   * Open for reading only: no lock, no repairs, appends are refused. Safe to use while another
   * process writes; a line being written at that moment is skipped and reported as `ignored`.
   */
  readOnly?: boolean
  /** Timestamps recovery reports; defaults to the system clock. */
  clock?: Clock
  /** Called for each torn line found on open (they are also listed in `recoveries`). */
  onRecovery?: (report: RecoveryReport) => void
  /**
   * Called for a line that fails validation while reading, which is then skipped. Without it, reading
   * throws the {@link JournalLineError}.
   */
  onInvalidLine?: (error: JournalLineError) => void
  /** Most day files kept open for appending at once (default 32). */
  maxOpenFiles?: number
}

const OptionsSchema = z.object({
  dir: z.string().min(1, { error: 'must not be empty' }),
  durability: DurabilitySchema.optional(),
  readOnly: z.boolean().optional(),
  maxOpenFiles: z.number().int().min(1).optional(),
})

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/
const NEWLINE = 0x0a
const READ_CHUNK = 1 << 20
const SCAN_CHUNK = 1 << 16
const LOCK_NAME = '.lock'

const EVENT_SCHEMAS = {
  orders: OrderEventRecordSchema,
  breakers: BreakerEventRecordSchema,
  alerts: AlertRecordSchema,
} as const

/** True when the query filters records (beyond the day range and the limit). */
function hasFilters(query: NormalizedJournalQuery): boolean {
  return (
    query.fromTs !== undefined ||
    query.toTs !== undefined ||
    query.symbols !== undefined ||
    query.strategies !== undefined ||
    query.modes !== undefined ||
    query.accounts !== undefined ||
    (query.tags !== undefined && query.tags.length > 0)
  )
}

/** Journal directories held open for writing by this process (resolved paths). */
const openWriters = new Set<string>()

interface OpenFile {
  handle: FileHandle
  /** Bytes of complete, acknowledged lines. */
  size: number
  lastUsed: number
}

interface Batch {
  stream: JournalStreamName
  lines: string[]
  /** Settles when the batch is durable (or failed). */
  done: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
}

interface LockContent {
  pid: number
  host: string
  since: number
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function syncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null)
    if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten} bytes`)
    offset += bytesWritten
  }
}

/** Position of the last newline before `size`, or -1. */
async function lastNewlineBefore(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(SCAN_CHUNK)
  let end = size
  while (end > 0) {
    const start = Math.max(0, end - SCAN_CHUNK)
    const { bytesRead } = await handle.read(buffer, 0, end - start, start)
    const index = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE)
    if (index !== -1) return start + index
    end = start
  }
  return -1
}

async function countNewlines(path: string, end: number): Promise<number> {
  if (end <= 0) return 0
  let count = 0
  const stream = createReadStream(path, { start: 0, end: end - 1, highWaterMark: READ_CHUNK })
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let index = chunk.indexOf(NEWLINE)
    while (index !== -1) {
      count++
      index = chunk.indexOf(NEWLINE, index + 1)
    }
  }
  return count
}

/**
 * The durable JSONL store: one directory per stream, one file per New York trading day
 * (`<dir>/trades/YYYY-MM-DD.jsonl`, filed by `tradingDateOf(exitTs)` for trades and of `ts` for
 * events), one JSON record per line.
 *
 * - Each record is serialized to one line and written by a single append (group commit puts several
 *   whole lines in one write); the process never rewrites a line.
 * - Appends resolve once durable, per the {@link Durability} policy.
 * - On open, a day file whose end is not a newline was torn by a crash: the bytes after the last
 *   newline are appended to `<file>.corrupt` (one JSON line with the exact bytes in base64), the file
 *   is cut back to its last complete line, and a {@link RecoveryReport} is returned in `recoveries`.
 *   Nothing is dropped silently, and the next append starts on a clean line.
 * - Reading validates every line and names file and line on error.
 * - A `.lock` file keeps a second writer out; a lock left by a dead process is taken over.
 *
 * @example
 * ```ts
 * import { Journal, JsonlJournalStore } from '@tradeblocks/journal'
 *
 * const store = await JsonlJournalStore.open({ dir: './journal', durability: { mode: 'fsync' } })
 * const journal = new Journal(store)
 * ```
 */
export class JsonlJournalStore implements JournalStore {
  readonly kind = 'jsonl'
  readonly dir: string
  readonly readOnly: boolean
  readonly durability: Durability
  readonly #recoveries: RecoveryReport[] = []
  readonly #onInvalidLine: ((error: JournalLineError) => void) | undefined
  readonly #maxOpenFiles: number
  readonly #intervalMs: number
  readonly #maxBatchRecords: number
  readonly #files = new Map<string, OpenFile>()
  readonly #lastDay = new Map<JournalStreamName, { start: number; end: number; file: string }>()
  readonly #clock: Clock
  #pending = new Map<string, Batch>()
  #pendingCount = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #immediate: ReturnType<typeof setImmediate> | undefined
  #writing: Promise<void> = Promise.resolve()
  #writeQueued = false
  /** The first error that made the store refuse further writes. */
  #fatal: unknown
  /** Errors of batches since the last flush, reported by the next flush. */
  #unreported: unknown[] = []
  #closed = false
  #useCounter = 0

  private constructor(dir: string, options: JsonlJournalStoreOptions) {
    this.dir = dir
    this.readOnly = options.readOnly ?? false
    this.durability = options.durability ?? { mode: 'fsync' }
    this.#onInvalidLine = options.onInvalidLine
    this.#clock = options.clock ?? new SystemClock()
    this.#maxOpenFiles = options.maxOpenFiles ?? 32
    this.#intervalMs = this.durability.mode === 'group' ? (this.durability.intervalMs ?? 10) : 0
    this.#maxBatchRecords = this.durability.mode === 'group' ? (this.durability.maxBatchRecords ?? 10_000) : 0
  }

  /**
   * Opens (creating it if needed) a journal directory: takes the writer lock, repairs torn lines.
   *
   * @throws ValidationError for bad options; {@link JournalLockedError} when another writer holds the lock.
   */
  static async open(options: JsonlJournalStoreOptions): Promise<JsonlJournalStore> {
    parse(OptionsSchema, options, 'journal options')
    const dir = resolve(options.dir)
    const store = new JsonlJournalStore(dir, options)
    if (!store.readOnly) {
      await mkdir(dir, { recursive: true })
      for (const stream of JOURNAL_STREAMS) await mkdir(join(dir, stream), { recursive: true })
      await syncDir(dir)
      await store.#lock()
    }
    try {
      for (const stream of JOURNAL_STREAMS) {
        for (const name of await store.#dayFiles(stream)) {
          const report = await store.#checkTail(stream, join(dir, stream, name), store.#clock.now())
          if (report !== undefined) {
            store.#recoveries.push(report)
            options.onRecovery?.(report)
          }
        }
      }
    } catch (error) {
      if (!store.readOnly) await store.#unlock()
      throw error
    }
    return store
  }

  /** Torn lines found when the store was opened. */
  get recoveries(): readonly RecoveryReport[] {
    return this.#recoveries
  }

  get #lockFile(): string {
    return join(this.dir, LOCK_NAME)
  }

  async #lock(): Promise<void> {
    const lockFile = this.#lockFile
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const handle = await open(lockFile, 'wx')
        try {
          const content: LockContent = { pid: process.pid, host: hostname(), since: this.#clock.now() }
          await handle.writeFile(`${JSON.stringify(content)}\n`)
          await handle.sync()
        } finally {
          await handle.close()
        }
        openWriters.add(this.dir)
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const text = await readFile(lockFile, 'utf8').catch(() => undefined)
      if (text === undefined) continue // removed meanwhile: try again
      let holder: Partial<LockContent> = {}
      try {
        holder = JSON.parse(text) as Partial<LockContent>
      } catch {
        // A writer died between creating and filling the lock file: stale.
      }
      const describe = `pid ${holder.pid ?? '?'} on ${holder.host ?? '?'}${
        typeof holder.since === 'number' ? ` since ${new Date(holder.since).toISOString()}` : ''
      }`
      const sameHost = holder.host === hostname()
      const pid = holder.pid
      let stale: boolean
      if (typeof pid !== 'number') stale = text.trim() === '' || holder.host === undefined
      else if (!sameHost) stale = false
      else if (pid === process.pid) stale = !openWriters.has(this.dir)
      else stale = !isAlive(pid)
      if (!stale) throw new JournalLockedError({ lockFile, holder: describe })
      await unlink(lockFile).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      })
    }
    throw new JournalLockedError({ lockFile, holder: 'a writer that keeps re-creating the lock' })
  }

  async #unlock(): Promise<void> {
    openWriters.delete(this.dir)
    await unlink(this.#lockFile).catch(() => undefined)
  }

  async #dayFiles(stream: JournalStreamName): Promise<string[]> {
    try {
      const names = await readdir(join(this.dir, stream))
      return names.filter((name) => DAY_FILE.test(name)).sort()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
  }

  async #checkTail(
    stream: JournalStreamName,
    file: string,
    now: number,
  ): Promise<RecoveryReport | undefined> {
    const handle = await open(file, this.readOnly ? 'r' : 'r+')
    try {
      const { size } = await handle.stat()
      if (size === 0) return undefined
      const last = Buffer.alloc(1)
      await handle.read(last, 0, 1, size - 1)
      if (last[0] === NEWLINE) return undefined
      const lastNewline = await lastNewlineBefore(handle, size)
      const offset = lastNewline + 1
      const length = size - offset
      const line = (await countNewlines(file, offset)) + 1
      if (this.readOnly) {
        return {
          stream,
          file,
          line,
          offset,
          length,
          action: 'ignored',
          corruptFile: undefined,
          detectedAt: now,
          message: `${file}:${line}: ${length} bytes without a final newline were skipped (a crash tore the line, or a writer is writing it now).`,
        }
      }
      const torn = Buffer.alloc(length)
      await handle.read(torn, 0, length, offset)
      const corruptFile = `${file}.corrupt`
      const existed = await stat(corruptFile).then(
        () => true,
        () => false,
      )
      const entry = {
        detectedAt: now,
        file: basename(file),
        line,
        offset,
        length,
        base64: torn.toString('base64'),
        text: torn.toString('utf8'),
      }
      // Set the bytes aside durably before cutting them off: a crash in between leaves them in both
      // places (reported again next time), never in neither.
      const corrupt = await open(corruptFile, 'a')
      try {
        await writeFully(corrupt, Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'))
        await corrupt.sync()
      } finally {
        await corrupt.close()
      }
      if (!existed) await syncDir(join(this.dir, stream))
      await handle.truncate(offset)
      await handle.sync()
      return {
        stream,
        file,
        line,
        offset,
        length,
        action: 'set_aside',
        corruptFile,
        detectedAt: now,
        message: `${file}:${line}: a torn line of ${length} bytes (from a crash) was moved to ${corruptFile}.`,
      }
    } finally {
      await handle.close()
    }
  }

  #assertWritable(): void {
    if (this.#closed) throw new JournalClosedError('The journal is closed.')
    if (this.readOnly) throw new JournalClosedError('The journal was opened read-only.')
    if (this.#fatal !== undefined) {
      throw new JournalWriteError(
        { file: this.dir },
        'The journal refuses writes after a failed write it could not undo.',
        { cause: this.#fatal },
      )
    }
  }

  append<S extends JournalStreamName>(stream: S, record: JournalRecordMap[S]): Promise<void> {
    try {
      this.#assertWritable()
    } catch (error) {
      return Promise.reject(error)
    }
    const line = `${JSON.stringify(record)}\n`
    const file = this.#dayFileOf(stream, recordTime(stream, record))
    let batch = this.#pending.get(file)
    if (batch === undefined) {
      let resolveBatch: () => void = () => undefined
      let rejectBatch: (error: unknown) => void = () => undefined
      const done = new Promise<void>((resolveDone, rejectDone) => {
        resolveBatch = resolveDone
        rejectBatch = rejectDone
      })
      batch = { stream, lines: [], done, resolve: resolveBatch, reject: rejectBatch }
      this.#pending.set(file, batch)
    }
    batch.lines.push(line)
    this.#pendingCount++
    this.#schedule()
    // Every append of a batch shares its promise: it settles when the batch is durable (or failed).
    return batch.done
  }

  /** The day file of an instant; remembers the last day per stream, since appends cluster in time. */
  #dayFileOf(stream: JournalStreamName, ts: number): string {
    const last = this.#lastDay.get(stream)
    if (last !== undefined && ts >= last.start && ts < last.end) return last.file
    const date = tradingDateOf(ts)
    const { year, month, day } = parseTradingDate(date)
    const start = fromNewYork(year, month, day)
    const end = fromNewYork(year, month, day + 1)
    const file = join(this.dir, stream, `${date}.jsonl`)
    // Only cache when the bounds agree with tradingDateOf (they always should; be safe at DST edges).
    if (ts >= start && ts < end) this.#lastDay.set(stream, { start, end, file })
    return file
  }

  #schedule(): void {
    if (this.durability.mode === 'fsync') {
      // Let appends of the same tick share the write; each still waits for its own sync.
      this.#immediate ??= setImmediate(() => {
        this.#immediate = undefined
        this.#kick()
      })
      return
    }
    if (this.#pendingCount >= this.#maxBatchRecords) {
      this.#kick()
      return
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined
      this.#kick()
    }, this.#intervalMs)
  }

  #kick(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    if (this.#writeQueued) return
    this.#writeQueued = true
    this.#writing = this.#writing.then(() => {
      this.#writeQueued = false
      return this.#writeAll()
    })
  }

  async #writeAll(): Promise<void> {
    if (this.#pending.size === 0) return
    const batches = this.#pending
    this.#pending = new Map()
    this.#pendingCount = 0
    const used = ++this.#useCounter
    await Promise.all([...batches].map(([file, batch]) => this.#writeBatch(file, batch, used)))
    await this.#evictHandles(used)
  }

  async #writeBatch(file: string, batch: Batch, used: number): Promise<void> {
    let target: OpenFile | undefined
    try {
      if (this.#fatal !== undefined) throw this.#fatal
      target = await this.#fileFor(file, batch.stream)
      target.lastUsed = used
      const data = Buffer.from(batch.lines.join(''), 'utf8')
      await writeFully(target.handle, data)
      await target.handle.datasync()
      target.size += data.length
    } catch (cause) {
      const error =
        cause instanceof JournalWriteError
          ? cause
          : new JournalWriteError({ file }, `Could not write ${batch.lines.length} record(s) to ${file}.`, {
              cause,
              details: cause instanceof Error ? cause.message : String(cause),
            })
      if (target !== undefined) {
        // Cut the file back to its last acknowledged line so a partial write cannot glue onto the next record.
        try {
          await target.handle.truncate(target.size)
          await target.handle.datasync()
        } catch (truncateError) {
          this.#fatal ??= truncateError
        }
      }
      this.#unreported.push(error)
      batch.reject(error)
      return
    }
    batch.resolve()
  }

  async #fileFor(file: string, stream: JournalStreamName): Promise<OpenFile> {
    const known = this.#files.get(file)
    if (known !== undefined) return known
    const handle = await open(file, 'a')
    try {
      const { size } = await handle.stat()
      // A new file: make its directory entry durable before any append in it is acknowledged.
      if (size === 0) await syncDir(join(this.dir, stream))
      const entry: OpenFile = { handle, size, lastUsed: this.#useCounter }
      this.#files.set(file, entry)
      return entry
    } catch (error) {
      await handle.close().catch(() => undefined)
      throw error
    }
  }

  async #evictHandles(current: number): Promise<void> {
    if (this.#files.size <= this.#maxOpenFiles) return
    const idle = [...this.#files]
      .filter(([, f]) => f.lastUsed !== current)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    while (this.#files.size > this.#maxOpenFiles && idle.length > 0) {
      const [file, entry] = idle.shift()!
      this.#files.delete(file)
      await entry.handle.close().catch(() => undefined)
    }
  }

  /** Starts writing what is pending and waits for every write so far. */
  async #drain(): Promise<void> {
    if (this.#immediate !== undefined) {
      clearImmediate(this.#immediate)
      this.#immediate = undefined
    }
    this.#kick()
    await this.#writing
  }

  /**
   * Writes and syncs everything appended so far.
   *
   * @throws {@link JournalWriteError} when an append since the previous flush failed (its own promise
   * rejected too), so fire-and-forget appends cannot fail unnoticed.
   */
  async flush(): Promise<void> {
    if (this.readOnly) return
    if (this.#closed) {
      // Closing (or closed): wait for the last writes.
      await this.#writing
      return
    }
    await this.#drain()
    if (this.#unreported.length > 0) {
      const [first] = this.#unreported
      this.#unreported = []
      throw first
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    // Refuse new appends first, so none can slip in after the last write and never settle.
    this.#closed = true
    let failure: unknown
    if (!this.readOnly) {
      await this.#drain()
      if (this.#unreported.length > 0) failure = this.#unreported[0]
      this.#unreported = []
    }
    for (const entry of this.#files.values()) await entry.handle.close().catch(() => undefined)
    this.#files.clear()
    if (!this.readOnly) await this.#unlock()
    if (failure !== undefined) throw failure
  }

  async *read<S extends JournalStreamName>(
    stream: S,
    query: NormalizedJournalQuery,
  ): AsyncGenerator<JournalRecordMap[S], void, undefined> {
    if (this.#closed) throw new JournalClosedError('The journal is closed.')
    if (!this.readOnly) await this.#drain()
    let remaining = query.limit ?? Number.POSITIVE_INFINITY
    if (remaining <= 0) return
    const filtered = hasFilters(query)
    for (const name of await this.#dayFiles(stream)) {
      const date = name.slice(0, 10)
      if (query.fromDate !== undefined && date < query.fromDate) continue
      if (query.toDate !== undefined && date > query.toDate) break
      const file = join(this.dir, stream, name)
      for await (const batch of this.#readFile(stream, file)) {
        for (const record of batch) {
          if (filtered && !matchesQuery(stream, record, query)) continue
          yield record
          if (--remaining <= 0) return
        }
      }
    }
  }

  /**
   * Reads one day file in batches of validated records (one batch per chunk read). Lines written
   * after the call starts are not included; a torn or in-progress last line is skipped.
   */
  async *#readFile<S extends JournalStreamName>(
    stream: S,
    file: string,
  ): AsyncGenerator<JournalRecordMap[S][], void, undefined> {
    const known = this.#files.get(file)
    let end: number
    if (known !== undefined) end = known.size
    else {
      try {
        end = (await stat(file)).size
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
        throw error
      }
    }
    if (end === 0) return
    const input = createReadStream(file, { start: 0, end: end - 1, highWaterMark: READ_CHUNK })
    let carry: Buffer | undefined
    let lineNo = 0
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const out: JournalRecordMap[S][] = []
      let start = 0
      if (carry !== undefined) {
        const newline = chunk.indexOf(NEWLINE)
        if (newline === -1) {
          carry = Buffer.concat([carry, chunk])
          continue
        }
        lineNo++
        this.#decode(
          stream,
          file,
          lineNo,
          Buffer.concat([carry, chunk.subarray(0, newline)]).toString('utf8'),
          out,
        )
        carry = undefined
        start = newline + 1
      }
      let newline = chunk.indexOf(NEWLINE, start)
      while (newline !== -1) {
        lineNo++
        this.#decode(stream, file, lineNo, chunk.toString('utf8', start, newline), out)
        start = newline + 1
        newline = chunk.indexOf(NEWLINE, start)
      }
      if (start < chunk.length) carry = Buffer.from(chunk.subarray(start))
      if (out.length > 0) yield out
    }
    // Bytes after the last newline: a line being written now, or a tear already reported on open.
  }

  #decode<S extends JournalStreamName>(
    stream: S,
    file: string,
    line: number,
    text: string,
    out: JournalRecordMap[S][],
  ): void {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      this.#invalid(file, line, [
        {
          path: '',
          message: `line is not valid JSON (${(error as Error).message}): ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`,
        },
      ])
      return
    }
    if (stream === 'trades') {
      if (isTradeRecordFast(value)) {
        out.push(value as JournalRecordMap[S])
        return
      }
      const result = safeParse(TradeRecordSchema, value, 'trade record')
      if (result.success) out.push(result.data as JournalRecordMap[S])
      else this.#invalid(file, line, result.error.issues, result.error)
      return
    }
    const schema = EVENT_SCHEMAS[stream as Exclude<JournalStreamName, 'trades'>]
    const result = safeParse(schema, value, `${stream} record`)
    if (result.success) out.push(result.data as JournalRecordMap[S])
    else this.#invalid(file, line, result.error.issues, result.error)
  }

  #invalid(file: string, line: number, issues: readonly ValidationIssue[], cause?: ValidationError): void {
    const error = new JournalLineError({ file, line, issues }, cause === undefined ? {} : { cause })
    if (this.#onInvalidLine === undefined) throw error
    this.#onInvalidLine(error)
  }
}
