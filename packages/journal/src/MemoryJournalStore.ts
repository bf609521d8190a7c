import { type TradingDate, tradingDateOf } from '@tradeblocks/core'
import { JournalClosedError } from './errors.js'
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

interface Day {
  date: TradingDate
  records: string[]
}

/**
 * A journal store that keeps records in memory: for backtests, tests and tools that do not need a
 * file. It behaves like the JSONL store (same validation by the `Journal`, same trading-day order,
 * records kept as JSON so what comes back is exactly what a file would give, and callers cannot change what was stored) but nothing survives the process.
 *
 * @example
 * ```ts
 * import { Journal, MemoryJournalStore } from '@tradeblocks/journal'
 *
 * const journal = new Journal(new MemoryJournalStore())
 * await journal.appendAlert({ ts: 1767380400000, kind: 'note', severity: 'info', message: 'backtest started' })
 * ```
 */
export class MemoryJournalStore implements JournalStore {
  readonly kind = 'memory'
  readonly readOnly = false
  readonly recoveries: readonly RecoveryReport[] = []
  readonly #streams = new Map<JournalStreamName, { days: Map<TradingDate, Day>; sorted: Day[] | undefined }>(
    JOURNAL_STREAMS.map((stream) => [stream, { days: new Map(), sorted: undefined }]),
  )
  #closed = false

  /** Number of records stored in a stream. */
  count(stream: JournalStreamName): number {
    let total = 0
    for (const day of this.#streams.get(stream)!.days.values()) total += day.records.length
    return total
  }

  append<S extends JournalStreamName>(stream: S, record: JournalRecordMap[S]): Promise<void> {
    if (this.#closed) return Promise.reject(new JournalClosedError('The journal is closed.'))
    const state = this.#streams.get(stream)!
    const date = tradingDateOf(recordTime(stream, record))
    let day = state.days.get(date)
    if (day === undefined) {
      day = { date, records: [] }
      state.days.set(date, day)
      state.sorted = undefined
    }
    // Keep the JSON form, like a file: what is read back is exactly what a JSONL store would return.
    day.records.push(JSON.stringify(record))
    return Promise.resolve()
  }

  async *read<S extends JournalStreamName>(
    stream: S,
    query: NormalizedJournalQuery,
  ): AsyncGenerator<JournalRecordMap[S], void, undefined> {
    if (this.#closed) throw new JournalClosedError('The journal is closed.')
    const state = this.#streams.get(stream)!
    state.sorted ??= [...state.days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    let remaining = query.limit ?? Number.POSITIVE_INFINITY
    if (remaining <= 0) return
    for (const day of state.sorted) {
      if (query.fromDate !== undefined && day.date < query.fromDate) continue
      if (query.toDate !== undefined && day.date > query.toDate) break
      // Records appended to this day while the caller iterates are included, like a growing file.
      for (let i = 0; i < day.records.length; i++) {
        const record = JSON.parse(day.records[i] as string) as JournalRecordMap[S]
        if (!matchesQuery(stream, record, query)) continue
        yield record
        if (--remaining <= 0) return
      }
    }
  }

  flush(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.#closed = true
    return Promise.resolve()
  }
}
