/**
 * Where a {@link ProgressBar} writes: `process.stderr` by default, or any stream-like object in tests.
 *
 * @example
 * ```ts
 * import type { ProgressStream } from '@tradeblocks/backtest'
 *
 * const lines: string[] = []
 * const stream: ProgressStream = { isTTY: true, columns: 80, write: (chunk) => lines.push(chunk) }
 * ```
 */
export interface ProgressStream {
  /** True for a terminal; the bar draws only on one unless forced. */
  isTTY?: boolean
  /** Terminal width; the bar fits it. */
  columns?: number
  write(chunk: string): unknown
}

/**
 * Options of {@link ProgressBar}.
 *
 * @example
 * ```ts
 * import { ProgressBar, type ProgressBarOptions } from '@tradeblocks/backtest'
 *
 * const options: ProgressBarOptions = { label: 'sma-cross', unit: 'bars', total: 1_000_000 }
 * const bar = new ProgressBar(options)
 * ```
 */
export interface ProgressBarOptions {
  /** Text before the bar, e.g. the strategy's name. */
  label?: string
  /** What is counted, e.g. `bars` or `events`. Default `items`. */
  unit?: string
  /** The expected count; without it the bar shows the count and the rate only. */
  total?: number
  /** Where to draw. Default `process.stderr`. */
  stream?: ProgressStream
  /** `auto` (default) draws only when the stream is a TTY; `true` always; `false` never. */
  enabled?: boolean | 'auto'
  /** Minimum milliseconds between redraws. Default 100. */
  intervalMs?: number
  /**
   * The wall clock for rates and redraw pacing, in ms. Default `performance.now`. Progress is about
   * real elapsed time, not the backtest's simulated time.
   */
  now?: () => number
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`
  return String(Math.round(n))
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/**
 * A small terminal progress bar for long runs, without dependencies: label, bar, percentage, count,
 * rate and ETA on one line, redrawn in place with `\r` at most every `intervalMs`. It is disabled when
 * the stream is not a terminal (CI logs stay clean), and the stream is injectable for tests.
 *
 * Call {@link ProgressBar.update} as often as you like (it is cheap between redraws), then
 * {@link ProgressBar.done} or {@link ProgressBar.fail}.
 *
 * @example
 * ```ts
 * import { ProgressBar } from '@tradeblocks/backtest'
 *
 * const progress = new ProgressBar({ label: 'backtest', unit: 'bars', total: bars.length })
 * for (let i = 0; i < bars.length; i++) {
 *   // ... work ...
 *   progress.update(i + 1)
 * }
 * progress.done()
 * ```
 */
export class ProgressBar {
  /** True when this bar draws at all. */
  readonly enabled: boolean
  readonly #label: string
  readonly #unit: string
  readonly #stream: ProgressStream
  readonly #interval: number
  readonly #now: () => number
  #total: number | undefined
  #started: number
  #lastDraw = Number.NEGATIVE_INFINITY
  #count = 0
  #lastWidth = 0
  #closed = false

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? process.stderr
    const enabled = options.enabled ?? 'auto'
    this.enabled = enabled === 'auto' ? this.#stream.isTTY === true : enabled
    this.#label = options.label ?? ''
    this.#unit = options.unit ?? 'items'
    this.#total = options.total !== undefined && options.total > 0 ? options.total : undefined
    this.#interval = options.intervalMs ?? 100
    this.#now = options.now ?? (() => performance.now())
    this.#started = this.#now()
  }

  /** The last count given to {@link ProgressBar.update}. */
  get count(): number {
    return this.#count
  }

  /** Sets the expected total (when it becomes known after the start). */
  setTotal(total: number | undefined): void {
    this.#total = total !== undefined && total > 0 ? total : undefined
  }

  /** Records progress; redraws when `intervalMs` has passed since the last redraw. */
  update(count: number): void {
    this.#count = count
    if (!this.enabled || this.#closed) return
    const now = this.#now()
    if (now - this.#lastDraw < this.#interval) return
    this.#lastDraw = now
    this.#draw(now)
  }

  /** Draws the final state and ends the line. */
  done(): void {
    this.#end('')
  }

  /** Ends the line with a failure mark, so a stopped run is visible. */
  fail(message = 'failed'): void {
    this.#end(` ${message}`)
  }

  /** Renders the line for `count` at time `now` (exposed for tests through the stream). */
  #line(now: number): string {
    const elapsed = Math.max(1, now - this.#started)
    const rate = (this.#count / elapsed) * 1000
    const parts: string[] = []
    if (this.#label !== '') parts.push(this.#label)
    const total = this.#total
    let tail: string
    if (total !== undefined) {
      const fraction = Math.min(1, this.#count / total)
      const eta = rate > 0 ? ((total - this.#count) / rate) * 1000 : Number.POSITIVE_INFINITY
      tail = `${(fraction * 100).toFixed(1).padStart(5)}% ${compact(this.#count)}/${compact(total)} ${this.#unit} ${compact(rate)}/s ETA ${duration(eta)}`
      const width = Math.max(
        10,
        Math.min(40, (this.#stream.columns ?? 80) - tail.length - this.#label.length - 6),
      )
      const filled = Math.round(fraction * width)
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`)
    } else {
      tail = `${compact(this.#count)} ${this.#unit} ${compact(rate)}/s ${duration(elapsed)}`
    }
    parts.push(tail)
    return parts.join(' ')
  }

  #draw(now: number): void {
    const line = this.#line(now)
    const pad = this.#lastWidth > line.length ? ' '.repeat(this.#lastWidth - line.length) : ''
    this.#lastWidth = line.length
    this.#stream.write(`\r${line}${pad}`)
  }

  #end(suffix: string): void {
    if (this.#closed) return
    this.#closed = true
    if (!this.enabled) return
    const now = this.#now()
    const line = `${this.#line(now)}${suffix}`
    const pad = this.#lastWidth > line.length ? ' '.repeat(this.#lastWidth - line.length) : ''
    this.#stream.write(`\r${line}${pad}\n`)
  }
}
