import { type Bar, roundToTick, tickSize, ValidationError, type ValidationIssue } from '@tradeblocks/core'
import type { BullFlagDetection, BullFlagFlag, BullFlagPole, BullFlagSetup } from './BullFlagDetection.js'
import { scoreBullFlagQuality } from './BullFlagDetection.js'
import {
  type BullFlagOptions,
  type ResolvedBullFlagOptions,
  resolveBullFlagOptions,
} from './BullFlagOptions.js'
import { type BullFlagReason, BullFlagReasonCode, isPermanentReason } from './BullFlagReason.js'
import { bars, formatAgainst, formatNumber, formatPrice } from './format.js'

/**
 * What the detector reads from a bar: core's `Bar` fits, and so does any object with these fields. When
 * `symbol` is present it must match the detector's symbol.
 *
 * @example
 * ```ts
 * import type { BullFlagBar } from '@tradeblocks/bull-flag'
 *
 * const bar: BullFlagBar = { ts: 1767364200000, open: 10, high: 10.2, low: 9.95, close: 10.15, volume: 52_000 }
 * ```
 */
export type BullFlagBar = Pick<Bar, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume'> & {
  readonly symbol?: string
}

/**
 * The kinds of {@link BullFlagEvent}.
 *
 * - `flag-forming`: a valid pole and flag now stand (the setup is *armed*): a breakout above
 *   `setup.breakoutPrice` would confirm it. Sent again whenever the breakout price or the support moves.
 * - `breakout`: a confirmed breakout, with the full {@link BullFlagDetection}.
 * - `breakout-rejected`: price broke out of a flag that fails a check (low breakout volume, a flag that is
 *   too tight, rising or heavy); `reasons` say which. The bar joins the flag and the setup stays alive.
 * - `breakout-failed`: within `followThroughBars` after a breakout, a bar closed back at or below the flag
 *   high or traded below the support.
 * - `invalidated`: an armed setup stopped being valid; `permanent` tells whether it may re-arm.
 * - `bar-rejected`: a bad bar was ignored (only with `onInvalidBar: 'report'`).
 *
 * @example
 * ```ts
 * import { BullFlagEventType } from '@tradeblocks/bull-flag'
 *
 * const isEntry = (type: string) => type === BullFlagEventType.Breakout
 * ```
 */
export const BullFlagEventType = {
  FlagForming: 'flag-forming',
  Breakout: 'breakout',
  BreakoutRejected: 'breakout-rejected',
  BreakoutFailed: 'breakout-failed',
  Invalidated: 'invalidated',
  BarRejected: 'bar-rejected',
} as const

/**
 * An event of {@link BullFlagDetector.update}, discriminated by `type` (see {@link BullFlagEventType}).
 * `ts` is the start of the bar that caused it.
 *
 * @example
 * ```ts
 * import type { BullFlagEvent } from '@tradeblocks/bull-flag'
 *
 * function handle(event: BullFlagEvent) {
 *   switch (event.type) {
 *     case 'flag-forming': return placeBuyStop(event.setup.breakoutPrice)
 *     case 'invalidated': return cancelBuyStop()
 *     case 'breakout': return console.log('entry', event.detection.breakout.entryPrice)
 *     case 'breakout-failed': return exitPosition()
 *   }
 * }
 * ```
 */
export type BullFlagEvent =
  | { type: 'flag-forming'; ts: number; symbol: string | undefined; setup: BullFlagSetup }
  | { type: 'breakout'; ts: number; symbol: string | undefined; detection: BullFlagDetection }
  | {
      type: 'breakout-rejected'
      ts: number
      symbol: string | undefined
      setup: BullFlagSetup
      reasons: BullFlagReason[]
    }
  | {
      type: 'breakout-failed'
      ts: number
      symbol: string | undefined
      detection: BullFlagDetection
      reasons: BullFlagReason[]
    }
  | {
      type: 'invalidated'
      ts: number
      symbol: string | undefined
      setup: BullFlagSetup
      reasons: BullFlagReason[]
      /** True when the setup is gone for good; false when it may re-arm (a flag that grew heavy or rising). */
      permanent: boolean
    }
  | { type: 'bar-rejected'; ts: number | undefined; symbol: string | undefined; error: ValidationError }

/**
 * Where the detector stands, as {@link BullFlagDetector.explain} reports it:
 *
 * - `no-data`: no bars yet.
 * - `armed`: a valid pole and flag; a breakout above `setup.breakoutPrice` would confirm it.
 * - `forming`: the pole is valid; the flag is not yet (too short, too tight, rising or heavy) but may become so.
 * - `rejected`: the setup fails a check that more bars cannot fix (a weak pole, a flag too long, wide or deep).
 *
 * @example
 * ```ts
 * import type { BullFlagStatus } from '@tradeblocks/bull-flag'
 *
 * const watchable = (status: BullFlagStatus) => status === 'armed' || status === 'forming'
 * ```
 */
export type BullFlagStatus = 'no-data' | 'armed' | 'forming' | 'rejected'

/**
 * Why the current setup is (or is not) a bull flag: the status, every failed check with its value and
 * limit, the measurements, and a one-line summary for a log or an LLM prompt.
 *
 * @example
 * ```ts
 * import type { BullFlagExplanation } from '@tradeblocks/bull-flag'
 *
 * const why = (e: BullFlagExplanation) => e.reasons.map((r) => r.message).join('; ')
 * ```
 */
export interface BullFlagExplanation {
  /** The detector's symbol, when known. */
  symbol: string | undefined
  /** Start of the last bar seen, when there was one. */
  ts: number | undefined
  status: BullFlagStatus
  /** Every check the setup fails; empty when it is armed. */
  reasons: BullFlagReason[]
  /** The pole considered. */
  pole: BullFlagPole | undefined
  /** Its flag, when at least one bar followed the pole's high. */
  flag: BullFlagFlag | undefined
  /** The pole, the flag and their levels, when the flag has bars. */
  setup: BullFlagSetup | undefined
  /** E.g. `AAPL: not a bull flag: pole gain 5.2% is below 8%`. */
  summary: string
}

/** A live pole with its flag so far (struct of numbers; internal). */
interface Candidate {
  pe: number
  ps: number
  poleHigh: number
  poleLow: number
  poleStartTs: number
  poleEndTs: number
  poleAvgVolume: number
  poleVolumeRatio: number | undefined
  baselineBars: number
  flagBars: number
  flagHigh: number
  flagLow: number
  flagVolSum: number
  flagStartTs: number
  flagEndTs: number
  sx: number
  sxx: number
  sy: number
  sxy: number
  armed: boolean
  armedBreakout: number
  armedSupport: number
  /** Cached breakout price and the flag high it was computed for. */
  bp: number
  bpFor: number
  sup: number
  supFor: number
  /** True once the pole rules passed (always, for a live candidate). */
  poleOk: boolean
}

interface Watch {
  detection: BullFlagDetection
  barsAfter: number
}

const NO_EVENTS: readonly BullFlagEvent[] = Object.freeze([])

function nextPowerOfTwo(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}

/**
 * A streaming bull-flag detector for one symbol over bars of any timeframe: feed it completed bars in
 * time order with {@link BullFlagDetector.update}, act on the events it returns, and ask
 * {@link BullFlagDetector.explain} why a chart is (not) a flag.
 *
 * How it works: every bar whose high is the top of a qualifying advance (at least `minPoleGainPct` from
 * the lowest low of the last `maxPoleBars` bars since the last higher high, on rising volume) starts a
 * candidate. The bars after it form its flag; the candidate dies when the flag grows too long, too wide or
 * too deep, or when price makes a higher high (the pole extends). A close (or trade) at or above the flag
 * high plus one tick is a breakout; it is confirmed when every check passes, else reported as
 * `breakout-rejected` with the reasons.
 *
 * Cost: O(1) amortised per bar and no allocation unless an event fires; well over 5 million bars per
 * second on one core (`npm run bench -w @tradeblocks/bull-flag`).
 *
 * Bad bars (non-finite or non-positive prices, `high < low`, open or close outside the range, negative
 * volume, a `ts` not after the previous bar's, another symbol) never change the state: they throw a core
 * `ValidationError`, or with `onInvalidBar: 'report'` come back as a `bar-rejected` event. Feed completed
 * bars only: a bar with the same `ts` as the last one is rejected, not merged.
 *
 * @example
 * ```ts
 * import { BullFlagDetector } from '@tradeblocks/bull-flag'
 *
 * const detector = new BullFlagDetector({ symbol: 'ABCD' })
 * for (const bar of oneMinuteBars) {
 *   for (const event of detector.update(bar)) {
 *     if (event.type === 'breakout') {
 *       const { breakoutPrice, support, target, quality } = event.detection
 *       console.log(`buy ${breakoutPrice}, stop under ${support}, target ${target}, quality ${quality.toFixed(2)}`)
 *     }
 *   }
 * }
 * console.log(detector.explain().summary)
 * ```
 */
export class BullFlagDetector {
  /** The validated options, defaults filled in. */
  readonly options: ResolvedBullFlagOptions

  readonly #mask: number
  readonly #ts: Float64Array
  readonly #high: Float64Array
  readonly #low: Float64Array
  readonly #close: Float64Array
  readonly #volume: Float64Array
  /** Monotone deque of the pole window's lows (increasing values), for the pole's start. */
  readonly #minIdx: Float64Array
  readonly #minVal: Float64Array
  /** Monotone deque of the pole window's highs (decreasing values), for the last higher high. */
  readonly #maxIdx: Float64Array
  readonly #maxVal: Float64Array
  readonly #qMask: number
  readonly #gainFactor: number

  #symbol: string | undefined
  #n = 0
  #pos = 0
  #lastTs = Number.NEGATIVE_INFINITY
  #rejected = 0
  #minHead = 0
  #minTail = 0
  #maxHead = 0
  #maxTail = 0
  #cands: Candidate[] = []
  #watch: Watch | undefined = undefined
  /** Index of the last confirmed breakout bar: explanations look at what came after it. */
  #lastBreakout = -1

  /**
   * @param options - See {@link BullFlagOptions}; every field has a default.
   * @throws ValidationError (from `@tradeblocks/core`) naming the bad option and its value.
   */
  constructor(options: BullFlagOptions = {}) {
    this.options = resolveBullFlagOptions(options)
    const o = this.options
    const capacity = nextPowerOfTwo(o.maxPoleBars + 2 * o.maxFlagBars + o.volumeLookback + 4)
    this.#mask = capacity - 1
    this.#ts = new Float64Array(capacity)
    this.#high = new Float64Array(capacity)
    this.#low = new Float64Array(capacity)
    this.#close = new Float64Array(capacity)
    this.#volume = new Float64Array(capacity)
    const qCapacity = nextPowerOfTwo(o.maxPoleBars + 2)
    this.#qMask = qCapacity - 1
    this.#minIdx = new Float64Array(qCapacity)
    this.#minVal = new Float64Array(qCapacity)
    this.#maxIdx = new Float64Array(qCapacity)
    this.#maxVal = new Float64Array(qCapacity)
    // Slightly lenient prefilter; the exact test follows.
    this.#gainFactor = 1 + o.minPoleGainPct / 100 - 1e-12
    this.#symbol = o.symbol
  }

  /** The symbol this detector watches: the `symbol` option, else the first bar's symbol. */
  get symbol(): string | undefined {
    return this.#symbol
  }

  /** How many bars were accepted. */
  get barCount(): number {
    return this.#n
  }

  /** How many bad bars were ignored (reported or thrown). */
  get rejectedBarCount(): number {
    return this.#rejected
  }

  /**
   * The armed setup (a valid pole and flag waiting for its breakout), or `undefined`. When several are
   * armed, the one with the highest pole.
   */
  get armedSetup(): BullFlagSetup | undefined {
    for (const c of this.#cands) if (c.armed) return this.#setupOf(c)
    return undefined
  }

  /** Forgets every bar and setup (the options and the symbol stay). */
  reset(): void {
    this.#n = 0
    this.#pos = 0
    this.#lastTs = Number.NEGATIVE_INFINITY
    this.#rejected = 0
    this.#minHead = this.#minTail = this.#maxHead = this.#maxTail = 0
    this.#cands = []
    this.#watch = undefined
    this.#lastBreakout = -1
    this.#symbol = this.options.symbol
  }

  /**
   * Feeds one completed bar and returns the events it caused, in order (usually none: the same frozen
   * empty array, so a quiet bar allocates nothing). More than one event can fire on a bar, e.g. a
   * `breakout-failed` for the last breakout and a `flag-forming` for a new flag.
   *
   * @throws ValidationError for a bad bar when `onInvalidBar` is `throw` (the default); the bar is ignored
   * and the state is unchanged.
   */
  update(bar: BullFlagBar): readonly BullFlagEvent[] {
    if (typeof bar !== 'object' || bar === null) return this.#reject(bar)
    const ts = bar.ts
    const h = bar.high
    const l = bar.low
    const c = bar.close
    const o = bar.open
    const v = bar.volume
    if (
      !(
        ts > this.#lastTs &&
        ts <= Number.MAX_SAFE_INTEGER &&
        l > 0 &&
        h >= l &&
        h < Number.POSITIVE_INFINITY &&
        o >= l &&
        o <= h &&
        c >= l &&
        c <= h &&
        v >= 0 &&
        v < Number.POSITIVE_INFINITY
      )
    )
      return this.#reject(bar)
    const symbol = bar.symbol
    if (symbol !== undefined && symbol !== this.#symbol) {
      if (this.#symbol !== undefined || typeof symbol !== 'string') return this.#reject(bar)
      this.#symbol = symbol
    }

    // Store the bar.
    const n = this.#n
    const p = this.#pos
    this.#ts[p] = ts
    this.#high[p] = h
    this.#low[p] = l
    this.#close[p] = c
    this.#volume[p] = v
    this.#pos = (p + 1) & this.#mask
    this.#n = n + 1
    this.#lastTs = ts

    // Pole-window deques.
    const qm = this.#qMask
    const oldest = n - this.options.maxPoleBars + 1
    let tail = this.#maxTail
    while (tail !== this.#maxHead && this.#maxVal[(tail - 1) & qm]! <= h) tail = (tail - 1) & qm
    let lastHigher = -1
    if (tail !== this.#maxHead) lastHigher = this.#maxIdx[(tail - 1) & qm]!
    this.#maxIdx[tail] = n
    this.#maxVal[tail] = h
    this.#maxTail = (tail + 1) & qm
    while (this.#maxIdx[this.#maxHead]! < oldest) this.#maxHead = (this.#maxHead + 1) & qm
    tail = this.#minTail
    while (tail !== this.#minHead && this.#minVal[(tail - 1) & qm]! >= l) tail = (tail - 1) & qm
    this.#minIdx[tail] = n
    this.#minVal[tail] = l
    this.#minTail = (tail + 1) & qm
    while (this.#minIdx[this.#minHead]! < oldest) this.#minHead = (this.#minHead + 1) & qm

    let events: BullFlagEvent[] | undefined

    // Follow-through of the last breakout.
    const watch = this.#watch
    if (watch !== undefined) {
      watch.barsAfter++
      const failed = this.#failure(watch, l, c)
      if (failed !== undefined) {
        events = add(events, failed)
        this.#watch = undefined
      } else if (watch.barsAfter >= this.options.followThroughBars) this.#watch = undefined
    }

    const cands = this.#cands
    if (cands.length > 0) events = this.#advance(bar, events)

    // A new pole ending on this bar?
    if (h >= this.#minVal[this.#minHead]! * this.#gainFactor) events = this.#tryPole(n, h, lastHigher, events)

    return events ?? NO_EVENTS
  }

  /** Breakouts, then the bar joins each live flag. Only runs while a candidate lives. */
  #advance(bar: BullFlagBar, events: BullFlagEvent[] | undefined): BullFlagEvent[] | undefined {
    const o = this.options
    const { ts, high: h, low: l, close: c, volume: v } = bar
    const byTrade = o.breakoutOn === 'trade'
    const cands = this.#cands
    let triggered: Candidate[] | undefined
    for (const cand of cands) {
      if (cand.flagBars < o.minFlagBars) continue
      const level = byTrade ? h : c
      if (level > cand.flagHigh && level >= this.#breakoutPrice(cand)) {
        if (triggered === undefined) triggered = [cand]
        else triggered.push(cand)
      }
    }

    let rejectedNow: Candidate[] | undefined
    if (triggered !== undefined) {
      let best: BullFlagDetection | undefined
      for (const cand of triggered) {
        const breakoutRatio = ratio(v, cand.flagVolSum / cand.flagBars)
        if (!this.#passes(cand, breakoutRatio)) continue
        const detection = this.#detectionOf(cand, bar, breakoutRatio)
        if (best === undefined || detection.quality > best.quality) best = detection
      }
      if (best !== undefined) {
        for (const cand of triggered) cands.splice(cands.indexOf(cand), 1)
        this.#lastBreakout = this.#n - 1
        events = add(events, { type: 'breakout', ts, symbol: this.#symbol, detection: best })
        this.#watch = o.followThroughBars > 0 ? { detection: best, barsAfter: 0 } : undefined
        if (byTrade && this.#watch !== undefined) {
          const failed = this.#failure(this.#watch, l, c)
          if (failed !== undefined) {
            events.push(failed)
            this.#watch = undefined
          }
        }
      } else {
        for (const cand of triggered) {
          const reasons = this.#reasons(cand, ratio(v, cand.flagVolSum / cand.flagBars))
          events = add(events, {
            type: 'breakout-rejected',
            ts,
            symbol: this.#symbol,
            setup: this.#setupOf(cand),
            reasons,
          })
          if (rejectedNow === undefined) rejectedNow = [cand]
          else rejectedNow.push(cand)
        }
      }
    }

    // The bar joins every remaining flag.
    for (let i = 0; i < cands.length; i++) {
      const cand = cands[i]!
      const alreadyReported = rejectedNow?.includes(cand) === true
      // A bar at or above the pole's high becomes the new top (an equal high too: the flag starts after
      // the last touch of the high).
      if (h >= cand.poleHigh) {
        cands.splice(i--, 1)
        if (cand.armed && !alreadyReported) {
          const reason: BullFlagReason = {
            code: BullFlagReasonCode.PoleExtended,
            message:
              h > cand.poleHigh
                ? `price made a new high ${formatPrice(h)} above the pole high ${formatPrice(cand.poleHigh)}, extending the pole`
                : `price came back to the pole high ${formatPrice(h)}; the flag restarts from there`,
            value: h,
            limit: cand.poleHigh,
          }
          events = add(events, this.#invalidated(cand, ts, [reason], true))
        }
        continue
      }
      appendFlagBar(cand, ts, h, l, c, v)
      if (
        cand.flagBars > o.maxFlagBars ||
        retracementOf(cand) > o.maxRetracement ||
        rangePctOf(cand) > o.maxFlagRangePct
      ) {
        cands.splice(i--, 1)
        if (cand.armed && !alreadyReported)
          events = add(events, this.#invalidated(cand, ts, this.#reasons(cand, undefined), true))
        continue
      }
      if (cand.flagBars < o.minFlagBars) continue
      if (this.#passes(cand, undefined)) {
        const bp = this.#breakoutPrice(cand)
        const support = this.#support(cand)
        if (!cand.armed || bp !== cand.armedBreakout || support !== cand.armedSupport) {
          cand.armed = true
          cand.armedBreakout = bp
          cand.armedSupport = support
          events = add(events, {
            type: 'flag-forming',
            ts,
            symbol: this.#symbol,
            setup: this.#setupOf(cand),
          })
        }
      } else if (cand.armed) {
        cand.armed = false
        events = add(events, this.#invalidated(cand, ts, this.#reasons(cand, undefined), false))
      }
    }
    return events
  }

  #invalidated(cand: Candidate, ts: number, reasons: BullFlagReason[], permanent: boolean): BullFlagEvent {
    return { type: 'invalidated', ts, symbol: this.#symbol, setup: this.#setupOf(cand), reasons, permanent }
  }

  /** Bar `n` may end a pole: find its start and check the pole rules. */
  #tryPole(
    n: number,
    h: number,
    lastHigher: number,
    events: BullFlagEvent[] | undefined,
  ): BullFlagEvent[] | undefined {
    const o = this.options
    const from = Math.max(lastHigher + 1, n - o.maxPoleBars + 1)
    // The first deque entry at or after `from` is the lowest low of [from, n] (latest on ties).
    const qm = this.#qMask
    let i = this.#minHead
    while (i !== this.#minTail && this.#minIdx[i]! < from) i = (i + 1) & qm
    if (i === this.#minTail) return events
    const ps = this.#minIdx[i]!
    const low = this.#minVal[i]!
    if (!((h / low - 1) * 100 >= o.minPoleGainPct - 1e-9)) return events
    if (n - ps + 1 < o.minPoleBars) return events
    const cand = this.#makeCandidate(n, ps)
    if (!this.#polePasses(cand)) return events
    cand.poleOk = true
    this.#cands.push(cand)
    return events
  }

  #at(index: number): number {
    return (this.#pos - (this.#n - index)) & this.#mask
  }

  /** A candidate for the pole `[ps, pe]` with an empty flag; scans the ring (pole and baseline only). */
  #makeCandidate(pe: number, ps: number): Candidate {
    const o = this.options
    let poleVol = 0
    for (let k = ps; k <= pe; k++) poleVol += this.#volume[this.#at(k)]!
    const poleBars = pe - ps + 1
    const poleAvgVolume = poleVol / poleBars
    const firstKept = Math.max(0, this.#n - this.#mask - 1)
    const baseFrom = Math.max(firstKept, ps - o.volumeLookback)
    let baseVol = 0
    for (let k = baseFrom; k < ps; k++) baseVol += this.#volume[this.#at(k)]!
    const baselineBars = Math.max(0, ps - baseFrom)
    const poleVolumeRatio = baselineBars > 0 ? ratio(poleAvgVolume, baseVol / baselineBars) : undefined
    const hi = this.#high[this.#at(pe)]!
    return {
      pe,
      ps,
      poleHigh: hi,
      poleLow: this.#low[this.#at(ps)]!,
      poleStartTs: this.#ts[this.#at(ps)]!,
      poleEndTs: this.#ts[this.#at(pe)]!,
      poleAvgVolume,
      poleVolumeRatio,
      baselineBars,
      flagBars: 0,
      flagHigh: Number.NaN,
      flagLow: Number.NaN,
      flagVolSum: 0,
      flagStartTs: Number.NaN,
      flagEndTs: Number.NaN,
      sx: 0,
      sxx: 0,
      sy: 0,
      sxy: 0,
      armed: false,
      armedBreakout: Number.NaN,
      armedSupport: Number.NaN,
      bp: Number.NaN,
      bpFor: Number.NaN,
      sup: Number.NaN,
      supFor: Number.NaN,
      poleOk: false,
    }
  }

  /**
   * Every rule, pole and flag (and the breakout volume when `breakoutRatio` is given), as plain number
   * comparisons: the hot path. {@link BullFlagDetector.#reasons} states the same rules in words; a test
   * pins the two together.
   */
  #passes(cand: Candidate, breakoutRatio: number | undefined): boolean {
    const o = this.options
    if (!cand.poleOk) return false
    const f = cand.flagBars
    if (f < o.minFlagBars || f > o.maxFlagBars) return false
    const range = rangePctOf(cand)
    if (range < o.minFlagRangePct || range > o.maxFlagRangePct) return false
    if (retracementOf(cand) > o.maxRetracement) return false
    if (riseOf(cand) > o.maxFlagRise) return false
    if (o.useVolume) {
      if (!(flagVolumeRatioOf(cand) <= o.maxFlagVolumeRatio)) return false
      if (
        breakoutRatio !== undefined &&
        o.minBreakoutVolumeRatio > 0 &&
        !(breakoutRatio >= o.minBreakoutVolumeRatio)
      )
        return false
    }
    return true
  }

  /** The pole rules, for a new candidate. */
  #polePasses(cand: Candidate): boolean {
    const o = this.options
    if (!(poleGainPctOf(cand) >= o.minPoleGainPct - 1e-9)) return false
    if (cand.pe - cand.ps + 1 < o.minPoleBars) return false
    if (o.useVolume && o.minPoleVolumeRatio > 0) {
      if (cand.baselineBars < o.minVolumeHistoryBars) return false
      if (!((cand.poleVolumeRatio ?? Number.NaN) >= o.minPoleVolumeRatio)) return false
    }
    return true
  }

  /** Every rule that `cand` breaks, in words (empty when {@link BullFlagDetector.#passes} holds). */
  #reasons(cand: Candidate, breakoutRatio: number | undefined): BullFlagReason[] {
    const o = this.options
    const reasons: BullFlagReason[] = []
    const gain = poleGainPctOf(cand)
    if (!(gain >= o.minPoleGainPct - 1e-9)) {
      reasons.push({
        code: BullFlagReasonCode.PoleTooWeak,
        message: `pole gain ${formatAgainst(gain, o.minPoleGainPct, 1)}% is below ${formatNumber(o.minPoleGainPct, 4)}%`,
        value: gain,
        limit: o.minPoleGainPct,
      })
    }
    const poleBars = cand.pe - cand.ps + 1
    if (poleBars < o.minPoleBars) {
      reasons.push({
        code: BullFlagReasonCode.PoleTooShort,
        message: `pole has ${bars(poleBars)}, fewer than ${o.minPoleBars}`,
        value: poleBars,
        limit: o.minPoleBars,
      })
    }
    if (o.useVolume && o.minPoleVolumeRatio > 0) {
      if (cand.baselineBars < o.minVolumeHistoryBars) {
        reasons.push({
          code: BullFlagReasonCode.InsufficientHistory,
          message: `only ${bars(cand.baselineBars)} before the pole to judge its volume, need ${o.minVolumeHistoryBars}`,
          value: cand.baselineBars,
          limit: o.minVolumeHistoryBars,
        })
      } else {
        const r = cand.poleVolumeRatio ?? Number.NaN
        if (!(r >= o.minPoleVolumeRatio)) {
          reasons.push({
            code: BullFlagReasonCode.PoleVolumeTooLow,
            message: Number.isNaN(r)
              ? 'the pole traded no volume'
              : `pole volume is ${formatAgainst(r, o.minPoleVolumeRatio, 2)}× the ${bars(cand.baselineBars)} before it, below ${formatNumber(o.minPoleVolumeRatio, 4)}×`,
            value: r,
            limit: o.minPoleVolumeRatio,
          })
        }
      }
    }
    const f = cand.flagBars
    if (f < o.minFlagBars) {
      reasons.push({
        code: BullFlagReasonCode.FlagTooShort,
        message:
          f === 0
            ? `no flag yet: the last bar made the pole's high, the flag needs ${bars(o.minFlagBars)}`
            : `flag has ${bars(f)}, fewer than ${o.minFlagBars}`,
        value: f,
        limit: o.minFlagBars,
      })
    }
    if (f > o.maxFlagBars) {
      reasons.push({
        code: BullFlagReasonCode.FlagTooLong,
        message: `flag has lasted ${bars(f)}, more than ${o.maxFlagBars}`,
        value: f,
        limit: o.maxFlagBars,
      })
    }
    if (f === 0) return reasons
    const range = rangePctOf(cand)
    if (range < o.minFlagRangePct) {
      reasons.push({
        code: BullFlagReasonCode.FlagTooTight,
        message: `flag range ${formatAgainst(range, o.minFlagRangePct, 1)}% is below ${formatNumber(o.minFlagRangePct, 4)}%`,
        value: range,
        limit: o.minFlagRangePct,
      })
    }
    if (range > o.maxFlagRangePct) {
      reasons.push({
        code: BullFlagReasonCode.FlagTooWide,
        message: `flag range ${formatAgainst(range, o.maxFlagRangePct, 1)}% is above ${formatNumber(o.maxFlagRangePct, 4)}%`,
        value: range,
        limit: o.maxFlagRangePct,
      })
    }
    const retracement = retracementOf(cand)
    if (retracement > o.maxRetracement) {
      reasons.push({
        code: BullFlagReasonCode.FlagTooDeep,
        message: `flag retraced ${formatAgainst(retracement * 100, o.maxRetracement * 100, 0)}% of the pole, above ${formatNumber(o.maxRetracement * 100, 2)}%`,
        value: retracement,
        limit: o.maxRetracement,
      })
    }
    const rise = riseOf(cand)
    if (rise > o.maxFlagRise) {
      reasons.push({
        code: BullFlagReasonCode.FlagRising,
        message: `flag closes rose ${formatAgainst(rise * 100, o.maxFlagRise * 100, 0)}% of its range, above ${formatNumber(o.maxFlagRise * 100, 2)}%`,
        value: rise,
        limit: o.maxFlagRise,
      })
    }
    if (o.useVolume) {
      const flagRatio = flagVolumeRatioOf(cand)
      if (!(flagRatio <= o.maxFlagVolumeRatio)) {
        reasons.push({
          code: BullFlagReasonCode.FlagVolumeTooHigh,
          message: `flag volume is ${formatAgainst(flagRatio, o.maxFlagVolumeRatio, 2)}× the pole's, above ${formatNumber(o.maxFlagVolumeRatio, 4)}×`,
          value: flagRatio,
          limit: o.maxFlagVolumeRatio,
        })
      }
      if (
        breakoutRatio !== undefined &&
        o.minBreakoutVolumeRatio > 0 &&
        !(breakoutRatio >= o.minBreakoutVolumeRatio)
      ) {
        reasons.push({
          code: BullFlagReasonCode.BreakoutVolumeTooLow,
          message: `breakout volume is ${formatAgainst(breakoutRatio, o.minBreakoutVolumeRatio, 2)}× the flag average, below ${formatNumber(o.minBreakoutVolumeRatio, 4)}×`,
          value: breakoutRatio,
          limit: o.minBreakoutVolumeRatio,
        })
      }
    }
    return reasons
  }

  /** After a breakout: a close back in the flag, or a trade under the support, is a failure. */
  #failure(watch: Watch, low: number, close: number): BullFlagEvent | undefined {
    const d = watch.detection
    const after =
      watch.barsAfter === 1 ? '1 bar after the breakout' : `${watch.barsAfter} bars after the breakout`
    let reason: BullFlagReason | undefined
    if (low < d.support) {
      reason = {
        code: BullFlagReasonCode.LostSupport,
        message: `traded down to ${formatPrice(low)}, below the support ${formatPrice(d.support)}, ${watch.barsAfter === 0 ? 'on the breakout bar' : after}`,
        value: low,
        limit: d.support,
      }
    } else if (close <= d.flag.high) {
      reason = {
        code: BullFlagReasonCode.BackInFlag,
        message: `closed at ${formatPrice(close)}, back at or below the flag high ${formatPrice(d.flag.high)}, ${watch.barsAfter === 0 ? 'on the breakout bar' : after}`,
        value: close,
        limit: d.flag.high,
      }
    }
    if (reason === undefined) return undefined
    return {
      type: 'breakout-failed',
      ts: this.#lastTs,
      symbol: this.#symbol,
      detection: d,
      reasons: [reason],
    }
  }

  #tick(price: number): number {
    return this.options.tick ?? tickSize(price)
  }

  /** The first valid price strictly above the flag high. */
  #breakoutPrice(cand: Candidate): number {
    if (cand.bpFor === cand.flagHigh) return cand.bp
    const tick = this.options.tick
    const high = cand.flagHigh
    let price = roundToTick(roundToTick(high, 'down', tick) + this.#tick(high), 'nearest', tick)
    if (price <= high) price = roundToTick(price + this.#tick(price), 'nearest', tick)
    cand.bp = price
    cand.bpFor = high
    return price
  }

  #support(cand: Candidate): number {
    if (cand.supFor === cand.flagLow) return cand.sup
    cand.sup = roundToTick(cand.flagLow, 'down', this.options.tick)
    cand.supFor = cand.flagLow
    return cand.sup
  }

  #poleOf(cand: Candidate): BullFlagPole {
    return {
      start: cand.poleStartTs,
      end: cand.poleEndTs,
      bars: cand.pe - cand.ps + 1,
      low: cand.poleLow,
      high: cand.poleHigh,
      gainPct: poleGainPctOf(cand),
      avgVolume: cand.poleAvgVolume,
      volumeRatio: cand.poleVolumeRatio,
      baselineBars: cand.baselineBars,
    }
  }

  #flagOf(cand: Candidate): BullFlagFlag {
    return {
      start: cand.flagStartTs,
      end: cand.flagEndTs,
      bars: cand.flagBars,
      high: cand.flagHigh,
      low: cand.flagLow,
      rangePct: rangePctOf(cand),
      retracement: retracementOf(cand),
      avgVolume: cand.flagVolSum / cand.flagBars,
      volumeRatio: flagVolumeRatioOf(cand),
      rise: riseOf(cand),
    }
  }

  #setupOf(cand: Candidate): BullFlagSetup {
    const breakoutPrice = this.#breakoutPrice(cand)
    return {
      symbol: this.#symbol,
      pole: this.#poleOf(cand),
      flag: this.#flagOf(cand),
      breakoutPrice,
      support: this.#support(cand),
      target: roundToTick(breakoutPrice + (cand.poleHigh - cand.poleLow), 'down', this.options.tick),
    }
  }

  #detectionOf(cand: Candidate, bar: BullFlagBar, breakoutRatio: number): BullFlagDetection {
    const setup = this.#setupOf(cand)
    const entryPrice =
      this.options.breakoutOn === 'trade' ? Math.max(bar.open, setup.breakoutPrice) : bar.close
    const risk = entryPrice - setup.support
    const useVolume = this.options.useVolume
    const { quality, parts } = scoreBullFlagQuality({
      poleGainPct: setup.pole.gainPct,
      poleVolumeRatio: useVolume ? (setup.pole.volumeRatio ?? 0) : undefined,
      retracement: setup.flag.retracement,
      flagRangePct: setup.flag.rangePct,
      flagVolumeRatio: useVolume ? setup.flag.volumeRatio : undefined,
      breakoutVolumeRatio: useVolume ? breakoutRatio : undefined,
    })
    return {
      ...setup,
      breakout: {
        ts: bar.ts,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
        volumeRatio: breakoutRatio,
        entryPrice,
      },
      rewardRisk: risk > 0 ? (setup.target - entryPrice) / risk : Number.POSITIVE_INFINITY,
      quality,
      qualityParts: parts,
    }
  }

  /**
   * Why the current setup is or is not a bull flag. It looks at the live candidate closest to valid (an
   * armed one first); when there is none, at the highest high of the last `2 × maxFlagBars + 2` bars (and
   * not before the last breakout, whose setup is spent) as the pole's top, with its flag up to the last
   * bar. Every failed check is listed, not just the first.
   *
   * @example
   * ```ts
   * const why = detector.explain()
   * if (why.status !== 'armed') console.log(why.summary)
   * // e.g. "ABCD: not a bull flag: pole gain 5.2% is below 8%"
   * ```
   */
  explain(): BullFlagExplanation {
    const symbol = this.#symbol
    const prefix = symbol === undefined ? '' : `${symbol}: `
    if (this.#n === 0) {
      return {
        symbol,
        ts: undefined,
        status: 'no-data',
        reasons: [],
        pole: undefined,
        flag: undefined,
        setup: undefined,
        summary: `${prefix}no bars yet`,
      }
    }
    let chosen: Candidate | undefined
    let chosenReasons: BullFlagReason[] = []
    for (const cand of this.#cands) {
      const reasons = this.#reasons(cand, undefined)
      const better =
        chosen === undefined ||
        (cand.armed && !chosen.armed) ||
        (cand.armed === chosen.armed && reasons.length <= chosenReasons.length)
      if (better) {
        chosen = cand
        chosenReasons = reasons
      }
    }
    if (chosen === undefined) {
      chosen = this.#windowCandidate()
      chosenReasons = this.#reasons(chosen, undefined)
    }
    const status: BullFlagStatus =
      chosenReasons.length === 0 ? 'armed' : chosenReasons.some(isPermanentReason) ? 'rejected' : 'forming'
    const setup = chosen.flagBars > 0 ? this.#setupOf(chosen) : undefined
    let summary: string
    if (status === 'armed' && setup !== undefined) {
      summary = `${prefix}bull flag armed: breakout at ${formatPrice(setup.breakoutPrice)}, support ${formatPrice(setup.support)}, target ${formatPrice(setup.target)}`
    } else {
      const head = status === 'forming' ? 'flag forming' : 'not a bull flag'
      summary = `${prefix}${head}: ${chosenReasons.map((r) => r.message).join('; ')}`
    }
    return {
      symbol,
      ts: this.#lastTs,
      status,
      reasons: chosenReasons,
      pole: this.#poleOf(chosen),
      flag: chosen.flagBars > 0 ? this.#flagOf(chosen) : undefined,
      setup,
      summary,
    }
  }

  /** The pole topped by the highest recent high, with its flag to the last bar (for explanations). */
  #windowCandidate(): Candidate {
    const o = this.options
    const n = this.#n
    const firstKept = Math.max(0, n - this.#mask - 1)
    // A setup that broke out is spent: look at the breakout bar and what followed it.
    const windowStart = Math.max(firstKept, n - (2 * o.maxFlagBars + 2), this.#lastBreakout)
    let pe = n - 1
    for (let k = n - 2; k >= windowStart; k--)
      if (this.#high[this.#at(k)]! > this.#high[this.#at(pe)]!) pe = k
    const top = this.#high[this.#at(pe)]!
    let from = Math.max(firstKept, pe - o.maxPoleBars + 1)
    for (let k = pe - 1; k >= from; k--) {
      if (this.#high[this.#at(k)]! > top) {
        from = k + 1
        break
      }
    }
    let ps = pe
    for (let k = pe - 1; k >= from; k--) if (this.#low[this.#at(k)]! < this.#low[this.#at(ps)]!) ps = k
    const cand = this.#makeCandidate(pe, ps)
    for (let k = pe + 1; k < n; k++) {
      const at = this.#at(k)
      appendFlagBar(cand, this.#ts[at]!, this.#high[at]!, this.#low[at]!, this.#close[at]!, this.#volume[at]!)
    }
    return cand
  }

  #reject(bar: unknown): readonly BullFlagEvent[] {
    const error = new ValidationError('bar', this.#issues(bar))
    this.#rejected++
    if (this.options.onInvalidBar === 'throw') throw error
    const ts = typeof bar === 'object' && bar !== null ? (bar as { ts?: unknown }).ts : undefined
    return [
      {
        type: 'bar-rejected',
        ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : undefined,
        symbol: this.#symbol,
        error,
      },
    ]
  }

  #issues(bar: unknown): ValidationIssue[] {
    if (typeof bar !== 'object' || bar === null)
      return [
        {
          path: '',
          message: `bar must be an object (got ${bar === null ? 'null' : typeof bar})`,
          value: bar,
        },
      ]
    const b = bar as Record<string, unknown>
    const issues: ValidationIssue[] = []
    const finite = (field: string): number | undefined => {
      const value = b[field]
      if (value === undefined) {
        issues.push({ path: field, message: `${field} is required` })
        return undefined
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({
          path: field,
          message: `${field} must be a finite number (got ${String(value)})`,
          value,
        })
        return undefined
      }
      return value
    }
    const ts = finite('ts')
    if (ts !== undefined) {
      if (!Number.isInteger(ts) || ts < 0)
        issues.push({
          path: 'ts',
          message: `ts must be a non-negative integer of epoch ms (got ${ts})`,
          value: ts,
        })
      else if (ts <= this.#lastTs)
        issues.push({
          path: 'ts',
          message: `ts ${ts} is not after the previous bar's ${this.#lastTs} (bars must arrive once each, in time order)`,
          value: ts,
        })
    }
    const prices: Partial<Record<'open' | 'high' | 'low' | 'close', number>> = {}
    for (const field of ['open', 'high', 'low', 'close'] as const) {
      const value = finite(field)
      if (value === undefined) continue
      if (value <= 0)
        issues.push({ path: field, message: `${field} must be greater than 0 (got ${value})`, value })
      else prices[field] = value
    }
    const { open, high, low, close } = prices
    if (high !== undefined && low !== undefined) {
      if (high < low) issues.push({ path: 'high', message: `high ${high} is below low ${low}`, value: high })
      else {
        for (const [field, value] of [
          ['open', open],
          ['close', close],
        ] as const) {
          if (value === undefined) continue
          if (value > high)
            issues.push({ path: field, message: `${field} ${value} is above high ${high}`, value })
          else if (value < low)
            issues.push({ path: field, message: `${field} ${value} is below low ${low}`, value })
        }
      }
    }
    const volume = finite('volume')
    if (volume !== undefined && volume < 0)
      issues.push({ path: 'volume', message: `volume must not be negative (got ${volume})`, value: volume })
    const symbol = b.symbol
    if (symbol !== undefined) {
      if (typeof symbol !== 'string')
        issues.push({
          path: 'symbol',
          message: `symbol must be a string (got ${String(symbol)})`,
          value: symbol,
        })
      else if (this.#symbol !== undefined && symbol !== this.#symbol)
        issues.push({
          path: 'symbol',
          message: `symbol "${symbol}" does not match this detector's "${this.#symbol}" (use one detector per symbol)`,
          value: symbol,
        })
    }
    if (issues.length === 0) issues.push({ path: '', message: 'bar is invalid', value: bar })
    return issues
  }
}

/** Appends to a lazily created event list (no allocation until the first event). */
function add(events: BullFlagEvent[] | undefined, event: BullFlagEvent): BullFlagEvent[] {
  if (events === undefined) return [event]
  events.push(event)
  return events
}

function ratio(a: number, b: number): number {
  if (b > 0) return a / b
  return a > 0 ? Number.POSITIVE_INFINITY : 0
}

function appendFlagBar(cand: Candidate, ts: number, h: number, l: number, c: number, v: number): void {
  const k = cand.flagBars
  const y = c - cand.poleHigh
  cand.sx += k
  cand.sxx += k * k
  cand.sy += y
  cand.sxy += k * y
  if (k === 0) {
    cand.flagHigh = h
    cand.flagLow = l
    cand.flagStartTs = ts
  } else {
    if (h > cand.flagHigh) cand.flagHigh = h
    if (l < cand.flagLow) cand.flagLow = l
  }
  cand.flagVolSum += v
  cand.flagEndTs = ts
  cand.flagBars = k + 1
}

function poleGainPctOf(cand: Candidate): number {
  return (cand.poleHigh / cand.poleLow - 1) * 100
}

function rangePctOf(cand: Candidate): number {
  return ((cand.flagHigh - cand.flagLow) / cand.flagHigh) * 100
}

function retracementOf(cand: Candidate): number {
  const height = cand.poleHigh - cand.poleLow
  const given = cand.poleHigh - cand.flagLow
  if (height > 0) return given > 0 ? given / height : 0
  return given > 0 ? 1 : 0
}

function flagVolumeRatioOf(cand: Candidate): number {
  return ratio(cand.flagVolSum / cand.flagBars, cand.poleAvgVolume)
}

function riseOf(cand: Candidate): number {
  const f = cand.flagBars
  if (f < 3) return 0
  const denominator = f * cand.sxx - cand.sx * cand.sx
  const slope = (f * cand.sxy - cand.sx * cand.sy) / denominator
  const range = cand.flagHigh - cand.flagLow
  return range > 0 ? (slope * (f - 1)) / range : 0
}
