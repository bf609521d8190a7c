import { InvalidInputError, InvalidParameterError } from './errors.js'
import { checkVolume } from './internal/bars.js'
import { checkPeriod, columnsLength } from './internal/validate.js'
import type { StreamingIndicator } from './types.js'

const DAY_MS = 86_400_000

/**
 * A bar for {@link RelativeVolume}: its start time and volume. A core `Bar` satisfies it.
 *
 * @example
 * ```ts
 * import type { RelativeVolumeInput } from '@tradeblocks/indicators'
 *
 * const bar: RelativeVolumeInput = { ts: 1767364200000, volume: 12_500 }
 * ```
 */
export interface RelativeVolumeInput {
  /** Bar start in epoch ms. */
  readonly ts: number
  /** Volume traded during the bar. */
  readonly volume: number
}

/**
 * Columns for {@link relativeVolume}.
 *
 * @example
 * ```ts
 * import type { RelativeVolumeColumns } from '@tradeblocks/indicators'
 *
 * const columns: RelativeVolumeColumns = { ts: [0, 60_000], volume: [100, 300] }
 * ```
 */
export interface RelativeVolumeColumns {
  /** Bar start times in epoch ms. */
  readonly ts: ArrayLike<number>
  /** Volumes. */
  readonly volume: ArrayLike<number>
}

/**
 * Options of {@link RelativeVolume} and {@link relativeVolume}.
 *
 * @example
 * ```ts
 * import { toNewYork } from '@tradeblocks/core'
 * import type { RelativeVolumeParameters } from '@tradeblocks/indicators'
 *
 * // US equities: New York trading dates, New York minute of the day
 * const parameters: RelativeVolumeParameters = {
 *   sessions: 10,
 *   sessionKey: (ts) => toNewYork(ts).date,
 *   timeOfDay: (ts) => toNewYork(ts).minuteOfDay,
 * }
 * ```
 */
export interface RelativeVolumeParameters {
  /** How many previous sessions to average; a positive integer. Defaults to 10. */
  sessions?: number
  /** Sessions of history a time of day needs before it has a value; 1 to `sessions`. Defaults to `sessions`. */
  minSessions?: number
  /**
   * `true` (the default): the session's cumulative volume up to and including this bar against the
   * average cumulative volume at the same time of day, the figure momentum scanners show as RVOL.
   * `false`: this bar's volume against the average volume of the bars at the same time of day.
   */
  cumulative?: boolean
  /** Maps `ts` to its session; a key that differs (`!==`) from the previous bar's starts a session. Defaults to the UTC date. */
  sessionKey?: (ts: number) => string | number
  /** Maps `ts` to its time of day, the key bars of different sessions are matched on. Defaults to ms since UTC midnight. */
  timeOfDay?: (ts: number) => number
}

/**
 * What {@link relativeVolume} returns: one ratio per bar, `NaN` while its time of day has too
 * little history.
 *
 * @example
 * ```ts
 * import { relativeVolume, type RelativeVolumeReturnType } from '@tradeblocks/indicators'
 *
 * const out: RelativeVolumeReturnType = relativeVolume({ ts: [0, 86_400_000], volume: [100, 250] }, { sessions: 1 }) // [NaN, 2.5]
 * ```
 */
export type RelativeVolumeReturnType = Float64Array

/**
 * Time-of-day relative volume: volume now against the average at the same time of day over the
 * last `sessions` sessions. With `cumulative: true` (default) it compares the session's volume so
 * far, so "RVOL 3 at 10:15" means three times the usual volume by 10:15.
 *
 * Sessions and times of day come from the `sessionKey` and `timeOfDay` functions (UTC days by
 * default, right for 24-hour markets; for US equities use New York dates and minutes as in the
 * example of {@link RelativeVolumeParameters}). A time of day seen for the first time has no
 * history; a bar has a value once its time of day has `minSessions` previous sessions. When that
 * average is 0 the ratio is 0 for a zero volume and `Infinity` otherwise. The warm-up is counted in
 * sessions, not bars, so `warmup` is 0 and `value` may be `undefined` later on (a new time of day).
 * State: `sessions` numbers per distinct time of day; updates after the first session allocate
 * nothing.
 *
 * @example
 * ```ts
 * import { RelativeVolume } from '@tradeblocks/indicators'
 *
 * const day = 86_400_000
 * const rvol = new RelativeVolume({ sessions: 2 })
 * rvol.update({ ts: 0, volume: 100 }) // undefined: no history yet
 * rvol.update({ ts: day, volume: 300 }) // undefined: one session of history, two needed
 * rvol.update({ ts: 2 * day, volume: 400 }) // 2: 400 against the mean of 100 and 300
 * ```
 */
export class RelativeVolume implements StreamingIndicator<RelativeVolumeInput, number> {
  /** 0: the warm-up is counted in sessions (see the class description). */
  readonly warmup = 0
  /** How many previous sessions are averaged. */
  readonly sessions: number
  /** Sessions of history needed for a value. */
  readonly minSessions: number
  /** Whether the cumulative session volume is compared. */
  readonly cumulative: boolean
  private readonly kernel: RvolKernel
  private out = Number.NaN

  constructor(parameters: RelativeVolumeParameters = {}) {
    const p = checkRvol(parameters)
    this.sessions = p.sessions
    this.minSessions = p.minSessions
    this.cumulative = p.cumulative
    this.kernel = new RvolKernel(p)
  }

  /** True when the latest bar has a value. */
  get isReady(): boolean {
    return !Number.isNaN(this.out)
  }

  /** The latest value, or `undefined` when the latest bar's time of day lacks history. */
  get value(): number | undefined {
    return !Number.isNaN(this.out) ? this.out : undefined
  }

  /**
   * The latest value as a plain number, `NaN` during warm-up. Reading it never allocates, where a
   * `number | undefined` result may make V8 box the number: use it in hot loops.
   */
  get current(): number {
    return !Number.isNaN(this.out) ? this.out : Number.NaN
  }

  /** Number of bars accepted so far. */
  get count(): number {
    return this.kernel.n
  }

  /** Adds a bar; returns its relative volume or `undefined` without enough history. Throws {@link InvalidInputError} on a bad `ts` or volume and keeps the state. */
  update(bar: RelativeVolumeInput): number | undefined {
    const k = this.kernel
    k.check(bar)
    k.save()
    this.out = k.step(bar.ts, bar.volume)
    return !Number.isNaN(this.out) ? this.out : undefined
  }

  /** Replaces the last bar (still forming) and returns the recomputed relative volume. */
  replace(bar: RelativeVolumeInput): number | undefined {
    const k = this.kernel
    k.check(bar)
    if (k.n === 0) return this.update(bar)
    k.restore()
    this.out = k.step(bar.ts, bar.volume)
    return !Number.isNaN(this.out) ? this.out : undefined
  }

  /** Forgets every input, including the history of every time of day. */
  reset(): void {
    this.kernel.reset()
    this.out = Number.NaN
  }
}

interface RvolOptions {
  sessions: number
  minSessions: number
  cumulative: boolean
  sessionKey: (ts: number) => string | number
  timeOfDay: (ts: number) => number
}

function checkRvol(parameters: RelativeVolumeParameters): RvolOptions {
  const sessions = checkPeriod('sessions', parameters?.sessions ?? 10)
  const minSessions = checkPeriod('minSessions', parameters?.minSessions ?? sessions)
  if (minSessions > sessions) {
    throw new InvalidParameterError('minSessions', minSessions, `an integer from 1 to sessions (${sessions})`)
  }
  const cumulative = parameters?.cumulative ?? true
  if (typeof cumulative !== 'boolean') throw new InvalidParameterError('cumulative', cumulative, 'a boolean')
  const sessionKey = parameters?.sessionKey ?? ((ts: number) => Math.floor(ts / DAY_MS))
  if (typeof sessionKey !== 'function')
    throw new InvalidParameterError('sessionKey', sessionKey, 'a function')
  const timeOfDay = parameters?.timeOfDay ?? ((ts: number) => ts - Math.floor(ts / DAY_MS) * DAY_MS)
  if (typeof timeOfDay !== 'function') throw new InvalidParameterError('timeOfDay', timeOfDay, 'a function')
  return { sessions, minSessions, cumulative, sessionKey, timeOfDay }
}

/** The last `sessions` values seen at one time of day, newest last, and the session of the newest. */
interface SlotHistory {
  values: Float64Array
  pos: number
  count: number
  session: string | number | undefined
}

class RvolKernel {
  readonly o: RvolOptions
  n = 0
  private readonly slots = new Map<number, SlotHistory>()
  private session: string | number | undefined = undefined
  private cum = 0
  private sN = 0
  private sSession: string | number | undefined = undefined
  private sCum = 0
  private sSlot: SlotHistory | undefined = undefined
  private sSlotPos = 0
  private sSlotCount = 0
  private sSlotSession: string | number | undefined = undefined
  private sSlotIndex = 0
  private sSlotValue = 0
  private nextKey: string | number = 0
  private nextTime = 0

  constructor(options: RvolOptions) {
    this.o = options
  }

  /** Validates a bar and computes its session key and time of day (kept for `step`). */
  check(bar: RelativeVolumeInput): void {
    if (bar === null || typeof bar !== 'object') throw new InvalidInputError('bar', this.n, bar, 'a bar')
    const ts = bar.ts
    if (typeof ts !== 'number' || ts - ts !== 0)
      throw new InvalidInputError('ts', this.n, ts, 'a finite epoch-ms time')
    checkVolume(bar.volume, this.n)
    const time = this.o.timeOfDay(ts)
    if (typeof time !== 'number' || time - time !== 0) {
      throw new InvalidInputError(
        'ts',
        this.n,
        ts,
        `a time whose timeOfDay is a finite number (got ${String(time)})`,
      )
    }
    this.nextKey = this.o.sessionKey(ts)
    this.nextTime = time
  }

  /** Uses the key and time computed by the last `check`. Returns NaN without enough history. */
  step(_ts: number, volume: number): number {
    const key = this.nextKey
    const time = this.nextTime
    const o = this.o
    if (this.n++ === 0 || key !== this.session) {
      this.session = key
      this.cum = 0
    }
    this.cum += volume
    const x = o.cumulative ? this.cum : volume
    let slot = this.slots.get(time)
    if (slot === undefined) {
      slot = { values: new Float64Array(o.sessions + 1), pos: 0, count: 0, session: undefined }
      this.slots.set(time, slot)
    }
    // One spare entry: the newest may belong to this session when a time of day repeats within it.
    const cap = o.sessions + 1
    const same = slot.count > 0 && slot.session === key
    let history = same ? slot.count - 1 : slot.count
    if (history > o.sessions) history = o.sessions
    let result = Number.NaN
    if (history >= o.minSessions) {
      let sum = 0
      let idx = slot.pos
      for (let j = 0; j < history; j++) {
        idx = idx === 0 ? cap - 1 : idx - 1
        if (j === 0 && same) idx = idx === 0 ? cap - 1 : idx - 1
        sum += slot.values[idx]!
      }
      const avg = sum / history
      result = avg > 0 ? x / avg : x === 0 ? 0 : Number.POSITIVE_INFINITY
    }
    // Record this session's value at this time of day (keeping one level of undo).
    this.sSlot = slot
    this.sSlotPos = slot.pos
    this.sSlotCount = slot.count
    this.sSlotSession = slot.session
    const write = same ? (slot.pos === 0 ? cap - 1 : slot.pos - 1) : slot.pos
    this.sSlotIndex = write
    this.sSlotValue = slot.values[write]!
    slot.values[write] = x
    if (!same) {
      slot.pos = slot.pos + 1 === cap ? 0 : slot.pos + 1
      slot.count = slot.count < cap ? slot.count + 1 : cap
    }
    slot.session = key
    return result
  }

  save(): void {
    this.sN = this.n
    this.sSession = this.session
    this.sCum = this.cum
  }

  restore(): void {
    this.n = this.sN
    this.session = this.sSession
    this.cum = this.sCum
    const slot = this.sSlot
    if (slot !== undefined) {
      slot.values[this.sSlotIndex] = this.sSlotValue
      slot.pos = this.sSlotPos
      slot.count = this.sSlotCount
      slot.session = this.sSlotSession
    }
  }

  reset(): void {
    this.n = 0
    this.slots.clear()
    this.session = undefined
    this.cum = 0
    this.sSlot = undefined
  }
}

/**
 * Time-of-day relative volume over columns; the batch form of {@link RelativeVolume} (same values
 * bit for bit). `NaN` where the time of day lacks history. Throws {@link InvalidInputError} with the
 * index and column of the first bad value.
 *
 * @example
 * ```ts
 * import { relativeVolume } from '@tradeblocks/indicators'
 *
 * const day = 86_400_000
 * relativeVolume(
 *   { ts: [0, 60_000, day, day + 60_000], volume: [100, 100, 300, 100] },
 *   { sessions: 1, cumulative: true },
 * ) // [NaN, NaN, 3, 2]: by the second minute of day 2, 400 against 200
 * ```
 */
export function relativeVolume(
  columns: RelativeVolumeColumns,
  parameters: RelativeVolumeParameters = {},
): RelativeVolumeReturnType {
  const options = checkRvol(parameters)
  return relativeVolumeOf(columns, options)
}

/** {@link relativeVolume} once its options are read: see "Option objects" in the README. */
function relativeVolumeOf(
  columns: RelativeVolumeColumns,
  options: ReturnType<typeof checkRvol>,
): RelativeVolumeReturnType {
  const n = columnsLength(columns as unknown as Record<string, ArrayLike<number>>, ['ts', 'volume'])
  const { ts, volume } = columns
  const out = new Float64Array(n)
  const k = new RvolKernel(options)
  const bar = { ts: 0, volume: 0 }
  for (let i = 0; i < n; i++) {
    bar.ts = ts[i] as number
    bar.volume = volume[i] as number
    k.check(bar)
    out[i] = k.step(bar.ts, bar.volume)
  }
  return out
}
