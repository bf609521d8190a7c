import { parse, ValidationError } from '@tradeblocks/core'
import { z } from 'zod'
import {
  cleanDifference,
  formatPrice,
  lossSideRounding,
  type PositionSide,
  PositionSideSchema,
  PositiveNumberSchema,
  profitSideRounding,
  roundPrice,
  TickSchema,
  tickAt,
} from './positionSide.js'
import { assertStopSide } from './WrongSideStopError.js'

const TrailSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('chandelier'), atrMultiple: PositiveNumberSchema.default(3) }),
  z.strictObject({
    type: z.literal('percent'),
    percent: z
      .number({ error: 'must be a finite number' })
      .gt(0, { error: 'must be greater than 0' })
      .lt(1, { error: 'must be below 1 (0.05 = 5%)' }),
  }),
  z.strictObject({ type: z.literal('none') }),
])

const StopAdjusterOptionsSchema = z
  .object({
    side: PositionSideSchema.default('long'),
    entry: PositiveNumberSchema,
    stop: PositiveNumberSchema,
    breakevenAtR: PositiveNumberSchema.optional().default(1),
    breakevenOffset: z
      .number({ error: 'must be a finite number' })
      .nonnegative({ error: 'must not be negative' })
      .default(0),
    trail: TrailSchema.default({ type: 'chandelier', atrMultiple: 3 }),
    trailAfterR: z
      .number({ error: 'must be a finite number' })
      .nonnegative({ error: 'must not be negative' })
      .optional(),
    tick: TickSchema,
  })
  .transform((o) => ({ ...o, trailAfterR: o.trailAfterR ?? o.breakevenAtR }))

const StopAdjusterStateSchema = z.object({
  stop: PositiveNumberSchema,
  extreme: PositiveNumberSchema,
  phase: z.enum(['initial', 'breakeven', 'trailing']),
  bars: z.number().int().nonnegative(),
})

const StopBarSchema = z
  .object({
    high: PositiveNumberSchema,
    low: PositiveNumberSchema,
    close: PositiveNumberSchema,
    atr: PositiveNumberSchema.optional(),
  })
  .refine((bar) => bar.high >= bar.low && bar.close <= bar.high && bar.close >= bar.low, {
    path: ['high'],
    error: 'must be at or above low and close, with close at or above low',
  })

/**
 * How the stop trails once it is armed: an ATR chandelier (`highest high − atrMultiple × ATR`, default 3),
 * a percentage below the highest high, or no trailing (breakeven only).
 *
 * @example
 * ```ts
 * import type { TrailRule } from '@tradeblocks/risk'
 *
 * const chandelier: TrailRule = { type: 'chandelier', atrMultiple: 3 }
 * const fivePercent: TrailRule = { type: 'percent', percent: 0.05 }
 * ```
 */
export type TrailRule =
  | { type: 'chandelier'; atrMultiple?: number }
  | { type: 'percent'; percent: number }
  | { type: 'none' }

/**
 * Options of {@link StopAdjuster}.
 *
 * @example
 * ```ts
 * import type { StopAdjusterOptions } from '@tradeblocks/risk'
 *
 * const options: StopAdjusterOptions = { entry: 20, stop: 19.4, trail: { type: 'percent', percent: 0.03 } }
 * ```
 */
export interface StopAdjusterOptions {
  /** `long` (default) or `short`. */
  side?: PositionSide
  /** Entry price (the average fill). */
  entry: number
  /** The initial stop: one R is `|entry − stop|`. */
  stop: number
  /** Move the stop to breakeven once price has gone this many R in favour: default 1. */
  breakevenAtR?: number
  /** Price added beyond the entry for the breakeven stop (to cover fees): default 0. */
  breakevenOffset?: number
  /** The trailing rule: default an ATR chandelier with multiple 3. */
  trail?: TrailRule
  /** Start trailing once price has gone this many R in favour: default `breakevenAtR`. */
  trailAfterR?: number
  /** An explicit price grid; by default the sub-penny rule. */
  tick?: number
}

/**
 * What {@link StopAdjuster.snapshot} returns and its constructor accepts back, so a restart resumes
 * with the same stop and the same highest high.
 *
 * @example
 * ```ts
 * import { StopAdjuster, type StopAdjusterState } from '@tradeblocks/risk'
 *
 * const saved: StopAdjusterState = new StopAdjuster({ entry: 20, stop: 19.4 }).snapshot()
 * const resumed = new StopAdjuster({ entry: 20, stop: 19.4 }, saved)
 * ```
 */
export interface StopAdjusterState {
  /** The stop in force. */
  stop: number
  /** The most favourable price seen since entry (highest high for a long, lowest low for a short). */
  extreme: number
  /** `initial`, `breakeven` or `trailing`: what set the stop in force. */
  phase: 'initial' | 'breakeven' | 'trailing'
  /** Bars seen. */
  bars: number
}

/**
 * A bar as the adjuster needs it; core's `Bar` fits. `atr` is the ATR at this bar's close, needed by the
 * chandelier trail; leave it out while the indicator warms up.
 *
 * @example
 * ```ts
 * import type { StopBar } from '@tradeblocks/risk'
 *
 * const bar: StopBar = { high: 21.4, low: 20.9, close: 21.3, atr: 0.31 }
 * ```
 */
export interface StopBar {
  high: number
  low: number
  close: number
  atr?: number
}

/**
 * The result of {@link StopAdjuster.update}.
 *
 * @example
 * ```ts
 * import { StopAdjuster, type StopUpdate } from '@tradeblocks/risk'
 *
 * const adjuster = new StopAdjuster({ entry: 20, stop: 19.4 })
 * const update: StopUpdate = adjuster.update({ high: 20.7, low: 20.1, close: 20.6 })
 * if (update.changed) console.log(`move stop to ${update.stop}: ${update.reason}`)
 * ```
 */
export interface StopUpdate {
  /** The stop in force after this bar. Never looser than `previousStop`. */
  stop: number
  /** The stop in force during this bar. */
  previousStop: number
  /** True when the stop moved. */
  changed: boolean
  /** What sets the stop now. */
  phase: StopAdjusterState['phase']
  /** True when this bar traded through `previousStop` (the low reached it for a long). */
  hit: boolean
  /** One sentence: why the stop moved or stayed. */
  reason: string
}

/**
 * Manages a position's stop bar by bar: moves it to breakeven once price has gone `breakevenAtR` R in
 * favour (default +1R), then trails it with an ATR chandelier or a percentage. The stop is never
 * loosened: each update returns a stop at least as tight as the one before. A candidate at or beyond
 * the bar's close (a stop the broker would refuse or fill at once) waits for a later bar.
 *
 * Prices are rounded to ticks toward the position's loss side (a long's trail rounds down), the
 * breakeven stop toward its profit side, so breakeven never sits below the entry.
 *
 * @example
 * ```ts
 * import { StopAdjuster } from '@tradeblocks/risk'
 *
 * const adjuster = new StopAdjuster({ entry: 20, stop: 19.4, trail: { type: 'chandelier', atrMultiple: 3 } })
 * adjuster.update({ high: 20.4, low: 19.9, close: 20.3, atr: 0.2 }).stop // 19.4: not yet +1R (20.60)
 * adjuster.update({ high: 20.8, low: 20.3, close: 20.7, atr: 0.2 }).stop // 20.2: 20.80 − 3 × 0.20 beats breakeven 20.00
 * adjuster.update({ high: 20.6, low: 20.25, close: 20.3, atr: 0.3 }).stop // 20.2: the trail fell to 19.90, kept
 * ```
 */
export class StopAdjuster {
  readonly #side: PositionSide
  readonly #entry: number
  readonly #initialStop: number
  readonly #r: number
  readonly #breakevenAtR: number
  readonly #breakevenOffset: number
  readonly #trail: z.output<typeof TrailSchema>
  readonly #trailAfterR: number
  readonly #tick: number | undefined
  #state: StopAdjusterState

  /**
   * @param options - The position and the rules; validated.
   * @param state - A {@link StopAdjusterState} from {@link StopAdjuster.snapshot} to resume from.
   * @throws ValidationError for bad options or state; WrongSideStopError when the stop is not beyond the entry.
   */
  constructor(options: StopAdjusterOptions, state?: StopAdjusterState) {
    const o = parse(StopAdjusterOptionsSchema, options, 'stop adjuster options')
    assertStopSide(o.side, o.entry, o.stop)
    this.#side = o.side
    this.#entry = o.entry
    this.#initialStop = o.stop
    this.#r = cleanDifference(Math.abs(o.entry - o.stop))
    this.#breakevenAtR = o.breakevenAtR
    this.#breakevenOffset = o.breakevenOffset
    this.#trail = o.trail
    this.#trailAfterR = o.trailAfterR
    this.#tick = o.tick
    if (state === undefined) {
      this.#state = { stop: o.stop, extreme: o.entry, phase: 'initial', bars: 0 }
    } else {
      const s = parse(StopAdjusterStateSchema, state, 'stop adjuster state')
      if (this.#looser(s.stop, o.stop)) {
        throw new ValidationError('stop adjuster state', [
          {
            path: 'stop',
            message: `stop ${formatPrice(s.stop)} is looser than the initial stop ${formatPrice(o.stop)}`,
            value: s.stop,
          },
        ])
      }
      this.#state = { ...s }
    }
  }

  /** True when stop `a` is looser (farther from the profit side) than stop `b`. */
  #looser(a: number, b: number): boolean {
    return this.#side === 'long' ? a < b : a > b
  }

  /** The stop in force. */
  get stop(): number {
    return this.#state.stop
  }

  /** What sets the stop in force: `initial`, `breakeven` or `trailing`. */
  get phase(): StopAdjusterState['phase'] {
    return this.#state.phase
  }

  /** One R: `|entry − initial stop|`. */
  get r(): number {
    return this.#r
  }

  /**
   * A copy of the state, to persist and pass back to the constructor after a restart.
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(adjuster.snapshot())
   * ```
   */
  snapshot(): StopAdjusterState {
    return { ...this.#state }
  }

  /**
   * Feeds one completed bar and returns the stop to hold from now on.
   *
   * @throws ValidationError when a price is not finite or positive, or high/low/close disagree.
   *
   * @example
   * ```ts
   * const { stop, changed, hit } = adjuster.update({ high: 21.1, low: 20.6, close: 21, atr: 0.25 })
   * ```
   */
  update(bar: StopBar): StopUpdate {
    const b = parse(StopBarSchema, bar, 'bar')
    const long = this.#side === 'long'
    const previousStop = this.#state.stop
    const hit = long ? b.low <= previousStop : b.high >= previousStop
    const extreme = long ? Math.max(this.#state.extreme, b.high) : Math.min(this.#state.extreme, b.low)
    const gainR = (long ? extreme - this.#entry : this.#entry - extreme) / this.#r
    const notes: string[] = []

    const candidates: { price: number; phase: 'breakeven' | 'trailing'; why: string }[] = []
    if (gainR >= this.#breakevenAtR) {
      const raw = long ? this.#entry + this.#breakevenOffset : this.#entry - this.#breakevenOffset
      const price = roundPrice(raw, profitSideRounding(this.#side), this.#tick)
      candidates.push({
        price,
        phase: 'breakeven',
        why: `breakeven ${formatPrice(price)} after +${this.#breakevenAtR}R`,
      })
    }
    if (gainR >= this.#trailAfterR && this.#trail.type !== 'none') {
      let raw: number | undefined
      let why = ''
      if (this.#trail.type === 'chandelier') {
        if (b.atr === undefined) notes.push('no ATR on this bar, chandelier not updated')
        else {
          raw = long ? extreme - this.#trail.atrMultiple * b.atr : extreme + this.#trail.atrMultiple * b.atr
          why = `chandelier ${formatPrice(extreme)} ${long ? '−' : '+'} ${this.#trail.atrMultiple} × ATR ${formatPrice(b.atr)}`
        }
      } else {
        raw = long ? extreme * (1 - this.#trail.percent) : extreme * (1 + this.#trail.percent)
        why = `${Number((this.#trail.percent * 100).toFixed(4))}% trail from ${formatPrice(extreme)}`
      }
      if (raw !== undefined && raw > 0) {
        const price = roundPrice(raw, lossSideRounding(this.#side), this.#tick)
        if (price > 0) candidates.push({ price, phase: 'trailing', why: `${why} = ${formatPrice(price)}` })
      }
    }

    let next = previousStop
    let phase = this.#state.phase
    let reason = ''
    for (const candidate of candidates) {
      // A sell stop must sit below the market (a buy stop above): otherwise wait for a later bar.
      const valid = long ? candidate.price < b.close : candidate.price > b.close
      if (!valid) {
        notes.push(`${candidate.why} is beyond the close ${formatPrice(b.close)}, waiting`)
        continue
      }
      if (this.#looser(next, candidate.price)) {
        next = candidate.price
        phase = candidate.phase
        reason = candidate.why
      } else {
        notes.push(`${candidate.why} would not tighten ${formatPrice(next)}`)
      }
    }

    const changed = next !== previousStop
    this.#state = { stop: next, extreme, phase, bars: this.#state.bars + 1 }
    if (!changed) {
      const base =
        candidates.length === 0
          ? `kept ${formatPrice(previousStop)}: price has gone ${gainR.toFixed(2)}R of the ${Math.min(this.#breakevenAtR, this.#trailAfterR)}R needed`
          : `kept ${formatPrice(previousStop)}`
      reason = notes.length === 0 ? base : `${base} (${notes.join('; ')})`
    } else {
      reason = `moved ${formatPrice(previousStop)} → ${formatPrice(next)}: ${reason}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`
    }
    return { stop: next, previousStop, changed, phase, hit, reason }
  }

  /**
   * The tick used for this position's prices: the explicit tick or the sub-penny rule's at the entry.
   *
   * @example
   * ```ts
   * new StopAdjuster({ entry: 20, stop: 19.4 }).tick // 0.01
   * ```
   */
  get tick(): number {
    return tickAt(this.#entry, this.#tick)
  }

  /**
   * The initial stop given at construction.
   *
   * @example
   * ```ts
   * new StopAdjuster({ entry: 20, stop: 19.4 }).initialStop // 19.4
   * ```
   */
  get initialStop(): number {
    return this.#initialStop
  }
}
