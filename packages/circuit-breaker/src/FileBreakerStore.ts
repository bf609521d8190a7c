import { copyFile, mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type Clock, ErrorCode, SystemClock } from '@tradeblocks/core'
import type { BreakerState } from './BreakerState.js'
import { BreakerStateError } from './BreakerStateError.js'
import type { BreakerStore } from './BreakerStore.js'

/**
 * Options of {@link FileBreakerStore}.
 *
 * @example
 * ```ts
 * import { ManualClock } from '@tradeblocks/core'
 * import type { FileBreakerStoreOptions } from '@tradeblocks/circuit-breaker'
 *
 * const options: FileBreakerStoreOptions = { clock: new ManualClock(Date.UTC(2026, 0, 5)) }
 * ```
 */
export interface FileBreakerStoreOptions {
  /** Names the copy of a corrupt file (`<file>.corrupt-<ms>`); default the system clock. */
  clock?: Clock
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined
}

/**
 * The default {@link BreakerStore}: one JSON file, replaced atomically on every save (write a temporary
 * file beside it, fsync it, rename it over the old one, fsync the directory), so a crash at any moment
 * leaves either the old state or the new one, never half of one.
 *
 * `load` returns `undefined` when the file does not exist. A file that cannot be read, or that holds
 * anything but JSON (a truncated write by another tool, garbage), throws a {@link BreakerStateError};
 * garbage is first copied to `<file>.corrupt-<ms>` for inspection. One process should own the file.
 *
 * @example
 * ```ts
 * import { FileBreakerStore, TradingCircuitBreaker } from '@tradeblocks/circuit-breaker'
 *
 * const breaker = await TradingCircuitBreaker.create({
 *   store: new FileBreakerStore('./state/breaker.json'),
 *   config: { maxDailyLoss: 500 },
 * })
 * ```
 */
export class FileBreakerStore implements BreakerStore {
  /** The state file's path. */
  readonly path: string
  readonly #clock: Clock
  #sequence = 0

  constructor(path: string, options: FileBreakerStoreOptions = {}) {
    this.path = path
    this.#clock = options.clock ?? new SystemClock()
  }

  /**
   * Reads and parses the state file; `undefined` when it does not exist.
   *
   * @throws BreakerStateError when the file exists but cannot be read or parsed.
   *
   * @example
   * ```ts
   * const state = await new FileBreakerStore('./state/breaker.json').load()
   * ```
   */
  async load(): Promise<unknown> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return undefined
      throw new BreakerStateError(`Could not read the breaker state file ${this.path}.`, {
        code: ErrorCode.Unavailable,
        path: this.path,
        details: errnoOf(error) ?? String(error),
        cause: error,
      })
    }
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      const copy = `${this.path}.corrupt-${this.#clock.now()}`
      let kept = ''
      try {
        await copyFile(this.path, copy)
        kept = ` A copy was kept at ${copy}.`
      } catch {
        kept = ''
      }
      throw new BreakerStateError(
        `The breaker state file ${this.path} is not valid JSON (${text.length} bytes: truncated or garbage).${kept}`,
        { code: ErrorCode.Validation, path: this.path, cause: error },
      )
    }
  }

  /**
   * Replaces the state file atomically and durably.
   *
   * @throws BreakerStateError when the file cannot be written.
   *
   * @example
   * ```ts
   * await store.save(state) // the old file or the new one survives a crash, never a mix
   * ```
   */
  async save(state: BreakerState): Promise<void> {
    const directory = dirname(this.path)
    const temporary = join(directory, `.${basename(this.path)}.${process.pid}.${this.#sequence++}.tmp`)
    try {
      await mkdir(directory, { recursive: true })
      const file = await open(temporary, 'w', 0o600)
      try {
        await file.writeFile(`${JSON.stringify(state)}\n`, 'utf8')
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(temporary, this.path)
      await syncDirectory(directory)
    } catch (error) {
      await unlink(temporary).catch(() => undefined)
      throw new BreakerStateError(`Could not save the breaker state to ${this.path}.`, {
        code: ErrorCode.Unavailable,
        path: this.path,
        details: errnoOf(error) ?? String(error),
        cause: error,
      })
    }
  }
}

/** Makes a rename durable: fsync the directory that holds the entry (not supported on Windows). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(directory, 'r')
    await handle.sync()
  } catch (error) {
    const code = errnoOf(error)
    // Windows cannot open or fsync a directory; the rename is as durable as the platform allows.
    if (process.platform === 'win32' || code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL') return
    throw error
  } finally {
    await handle?.close()
  }
}
