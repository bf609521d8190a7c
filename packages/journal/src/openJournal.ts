import { Journal } from './Journal.js'
import type { JournalStore } from './JournalStore.js'
import { JsonlJournalStore, type JsonlJournalStoreOptions } from './JsonlJournalStore.js'

/**
 * Parameters of {@link openJournal}: either the options of the JSONL store (`dir`, `durability`,
 * `readOnly`, ...) or a ready `store` (a `MemoryJournalStore`, your own SQLite store...).
 *
 * @example
 * ```ts
 * import { MemoryJournalStore, type OpenJournalParameters } from '@tradeblocks/journal'
 *
 * const onDisk: OpenJournalParameters = { dir: './journal', durability: { mode: 'fsync' } }
 * const inMemory: OpenJournalParameters = { store: new MemoryJournalStore() }
 * ```
 */
export type OpenJournalParameters = JsonlJournalStoreOptions | { store: JournalStore }

/**
 * What {@link openJournal} resolves to: a {@link Journal}.
 *
 * @example
 * ```ts
 * import { openJournal, type OpenJournalReturnType } from '@tradeblocks/journal'
 *
 * const journal: OpenJournalReturnType = await openJournal({ dir: './journal' })
 * ```
 */
export type OpenJournalReturnType = Journal

/**
 * Opens a trade journal. With `dir`, a durable JSONL journal in that directory (created if missing):
 * it takes the writer lock, repairs lines torn by a crash (see `journal.recoveries`), and appends
 * with the chosen durability (default: fsync every record). With `store`, a journal over that store.
 *
 * @throws ValidationError for bad options; JournalLockedError when another live writer holds `dir`.
 *
 * @example
 * ```ts
 * import { openJournal } from '@tradeblocks/journal'
 *
 * const journal = await openJournal({ dir: './journal', durability: { mode: 'group', intervalMs: 10 } })
 * for (const report of journal.recoveries) console.warn(report.message)
 * await journal.appendAlert({ ts: Date.UTC(2026, 0, 5, 21), kind: 'session_closed', severity: 'info', message: 'Done for the day' })
 * await journal.close()
 * ```
 */
export async function openJournal(parameters: OpenJournalParameters): Promise<OpenJournalReturnType> {
  if ('store' in parameters) return new Journal(parameters.store)
  return new Journal(await JsonlJournalStore.open(parameters))
}
