import { readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { newYorkOffsetMinutes, roundMoney, toNewYork, ValidationError } from '@tradeblocks/core'
import type { EquityPoint, PerformanceStats, StatsTrade } from './PerformanceStats.js'
import { REPORT_CLIENT_JS, REPORT_CSS } from './reportAssets.js'

/**
 * One OHLCV bar for a trade's price chart. `ts` is the bar's start (epoch ms, UTC); core's `Bar`
 * satisfies it.
 *
 * @example
 * ```ts
 * import type { ReportBar } from '@tradeblocks/performance'
 *
 * const bar: ReportBar = { ts: 1767364200000, open: 10, high: 10.2, low: 9.95, close: 10.1, volume: 12_000 }
 * ```
 */
export interface ReportBar {
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/**
 * Parameters of {@link renderHtmlReport}.
 *
 * @example
 * ```ts
 * import type { HtmlReportParameters } from '@tradeblocks/performance'
 *
 * const params: HtmlReportParameters = { title: 'Bull flag, January', stats, trades, equity, bars: { 't-1': bars } }
 * ```
 */
export interface HtmlReportParameters {
  /** The page title. Default `Trading report`. */
  title?: string
  /** Statistics of the run (`computeStats`). */
  stats: PerformanceStats
  /** The trades, for the trade list and the per-trade charts. */
  trades: readonly StatsTrade[]
  /**
   * The equity curve for the equity and drawdown charts. Without it the closed-trade curve is drawn
   * (`stats.startEquity`, or 0, plus cumulative net P&L at each exit).
   */
  equity?: readonly EquityPoint[]
  /**
   * Bars for the trade charts, keyed by trade `id` (or the trade's index as a string for trades
   * without an id), or by symbol: a symbol's whole series is cut to a window around each trade. A
   * trade without bars gets a line from entry to exit.
   */
  bars?: ReadonlyMap<string, readonly ReportBar[]> | Readonly<Record<string, readonly ReportBar[]>>
  /** When the report was made (epoch ms), shown in the footer; from your `Clock`. Omitted when not given. */
  generatedAt?: number
  /**
   * Most bars per trade chart (default 150). The window runs from 20 bars before the entry to 20 after
   * the exit; a longer one is merged into fewer, wider bars so the whole trade shows.
   */
  maxBarsPerTrade?: number
  /** Most per-trade charts (default 500); the trade list always has every trade. */
  maxTradeCharts?: number
  /** Most points of the equity curve drawn (default 5,000); longer curves keep each bucket's low and high. */
  maxEquityPoints?: number
}

/**
 * What {@link renderHtmlReport} returns: the whole HTML document.
 *
 * @example
 * ```ts
 * import { renderHtmlReport, type RenderHtmlReportReturnType } from '@tradeblocks/performance'
 *
 * const html: RenderHtmlReportReturnType = renderHtmlReport({ stats, trades })
 * ```
 */
export type RenderHtmlReportReturnType = string

let chartLibrary: string | undefined

/** lightweight-charts' standalone build, read from the installed package (cached). */
function loadChartLibrary(): string {
  if (chartLibrary === undefined) {
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)
    const packageJson = require.resolve('lightweight-charts/package.json')
    const code = readFileSync(
      join(dirname(packageJson), 'dist', 'lightweight-charts.standalone.production.js'),
      'utf8',
    )
    // Nothing inside a <script> may close it.
    chartLibrary = code.replaceAll('</script', '<\\/script')
  }
  return chartLibrary
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
const DASH = '—'

function money(x: number | null | undefined): string {
  if (!isNumber(x)) return DASH
  const text = Math.abs(roundMoney(x)).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
  return roundMoney(x) < 0 ? `-${text}` : text
}
const pct = (x: number | null | undefined, digits = 1) =>
  isNumber(x) ? `${(x * 100).toFixed(digits)}%` : DASH
const ratio = (x: number | null | undefined, digits = 2) => (isNumber(x) ? x.toFixed(digits) : DASH)
const sign = (x: number | null | undefined) => (isNumber(x) ? (x > 0 ? 'pos' : x < 0 ? 'neg' : '') : '')

function nyTime(ts: number | null | undefined, withSeconds = false): string {
  if (!isNumber(ts)) return DASH
  const t = toNewYork(ts)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${t.date} ${pad(t.hour)}:${pad(t.minute)}${withSeconds ? `:${pad(t.second)}` : ''}`
}

function duration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return DASH
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours}h ${minutes % 60}m`
  return `${Math.floor(hours / 24)}d ${hours % 24}h`
}

/** Chart time: seconds of New York wall-clock time, so the axis reads in New York time. */
const chartTime = (ts: number) => Math.floor((ts + newYorkOffsetMinutes(ts) * 60_000) / 1000)

/** Strictly increasing chart times, the last value winning within a second. */
function toSeries(ts: readonly number[], values: readonly number[]): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < ts.length; i++) {
    const time = chartTime(ts[i] as number)
    const value = values[i] as number
    const last = out[out.length - 1]
    if (last !== undefined && last[0] >= time) last[1] = value
    else out.push([time, value])
  }
  return out
}

/** Keeps at most about `max` points: each time bucket keeps its first, lowest, highest and last point. */
function downsample(ts: number[], values: number[], max: number): { ts: number[]; values: number[] } {
  if (ts.length <= max) return { ts, values }
  const buckets = Math.max(1, Math.floor(max / 4))
  const size = Math.ceil(ts.length / buckets)
  const keepTs: number[] = []
  const keepValues: number[] = []
  for (let start = 0; start < ts.length; start += size) {
    const end = Math.min(ts.length, start + size)
    let lo = start
    let hi = start
    for (let i = start; i < end; i++) {
      if ((values[i] as number) < (values[lo] as number)) lo = i
      if ((values[i] as number) > (values[hi] as number)) hi = i
    }
    for (const i of [...new Set([start, lo, hi, end - 1])].sort((a, b) => a - b)) {
      keepTs.push(ts[i] as number)
      keepValues.push(values[i] as number)
    }
  }
  return { ts: keepTs, values: keepValues }
}

function equitySeries(params: HtmlReportParameters): { ts: number[]; values: number[] } {
  if (params.equity !== undefined && params.equity.length > 0) {
    const sorted = [...params.equity]
      .filter((p) => isNumber(p.ts) && isNumber(p.equity))
      .sort((a, b) => a.ts - b.ts)
    return { ts: sorted.map((p) => p.ts), values: sorted.map((p) => p.equity) }
  }
  const trades = [...params.trades].sort((a, b) => a.exitTs - b.exitTs)
  if (trades.length === 0) return { ts: [], values: [] }
  const start = params.stats.startEquity ?? 0
  const ts = [Math.min(...trades.map((t) => t.entryTs))]
  const values = [start]
  let cents = 0
  for (const t of trades) {
    cents += Math.round(roundMoney(t.netPnl) * 100)
    ts.push(t.exitTs)
    values.push(start + cents / 100)
  }
  return { ts, values }
}

function decimalsOf(price: number): number {
  return Math.abs(price) < 1 ? 4 : 2
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function card(label: string, value: string, cls = '', title = ''): string {
  return `<div class="card"${title === '' ? '' : ` title="${escapeHtml(title)}"`}><div class="label">${escapeHtml(label)}</div><div class="value ${cls}">${escapeHtml(value)}</div></div>`
}

function summaryCards(stats: PerformanceStats): string {
  const dd = stats.maxDrawdownPeriod
  const ddPct = stats.maxDrawdownPctPeriod
  return [
    card('Net P&L', money(stats.netPnl), sign(stats.netPnl)),
    card('Total return', pct(stats.totalReturn, 2), sign(stats.totalReturn)),
    card('Trades', String(stats.tradeCount)),
    card(
      'Win rate',
      pct(stats.winRate),
      '',
      `${stats.winners} won, ${stats.losers} lost, ${stats.breakeven} breakeven`,
    ),
    card(
      'Profit factor',
      stats.profitFactor === null && stats.winners > 0 ? '∞ (no losses)' : ratio(stats.profitFactor),
    ),
    card('Expectancy / trade', money(stats.expectancy), sign(stats.expectancy)),
    card('Average R', ratio(stats.avgR), sign(stats.avgR), `${stats.rTradeCount} trades with an R multiple`),
    card('Avg win / avg loss', `${money(stats.avgWin)} / ${money(stats.avgLoss)}`),
    card('Payoff ratio', ratio(stats.payoffRatio)),
    card('Largest win / loss', `${money(stats.largestWin)} / ${money(stats.largestLoss)}`),
    card('Streaks (win / loss)', `${stats.longestWinStreak} / ${stats.longestLossStreak}`),
    card(
      'Max drawdown',
      money(-stats.maxDrawdown),
      stats.maxDrawdown > 0 ? 'neg' : '',
      dd === null ? 'no drawdown' : `peak ${dd.peakDate}, trough ${dd.troughDate}`,
    ),
    card(
      'Max drawdown %',
      pct(stats.maxDrawdownPct === null ? null : -stats.maxDrawdownPct, 2),
      (stats.maxDrawdownPct ?? 0) > 0 ? 'neg' : '',
      ddPct === null ? 'no drawdown' : `peak ${ddPct.peakDate}, trough ${ddPct.troughDate}`,
    ),
    card('Sharpe (daily, √252)', ratio(stats.sharpe), '', 'mean / sample sd of daily excess returns × √252'),
    card('Sortino', ratio(stats.sortino), '', 'mean / downside deviation of daily excess returns × √252'),
    card('Volatility (annual)', pct(stats.volatility)),
    card(
      'CAGR',
      pct(stats.cagr),
      sign(stats.cagr),
      `annualized from ${stats.daily.length} trading day(s); short periods give extreme values`,
    ),
    card('Exposure', pct(stats.exposure), '', 'share of session time with an open position'),
    card('Avg holding time', duration(stats.avgHoldingMs)),
    card('Fees', money(stats.totalFees)),
  ].join('')
}

function monthlyTable(stats: PerformanceStats): string {
  if (stats.monthly.length === 0) return '<p class="muted">No data.</p>'
  const usePct = stats.monthly.some((m) => m.return !== null)
  const years = [...new Set(stats.monthly.map((m) => m.month.slice(0, 4)))].sort()
  const rows = years.map((year) => {
    const months = stats.monthly.filter((m) => m.month.startsWith(year))
    const cells = MONTHS.map((_, i) => {
      const m = months.find((x) => Number(x.month.slice(5)) === i + 1)
      if (m === undefined) return '<td class="cell"></td>'
      const value = usePct ? m.return : m.pnl
      return `<td class="cell ${sign(value)}" title="P&amp;L ${escapeHtml(money(m.pnl))}">${escapeHtml(usePct ? pct(value) : money(value))}</td>`
    })
    const first = months[0]
    const last = months[months.length - 1]
    let total: number | null = null
    if (first !== undefined && last !== undefined) {
      total = usePct
        ? first.startEquity > 0
          ? last.endEquity / first.startEquity - 1
          : null
        : months.reduce((a, m) => a + m.pnl, 0)
    }
    return `<tr><td class="text">${year}</td>${cells.join('')}<td class="cell ${sign(total)}"><b>${escapeHtml(usePct ? pct(total) : money(total))}</b></td></tr>`
  })
  return `<div class="table-wrap"><table class="monthly"><thead><tr><th class="text">Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function breakdownTable(title: string, column: string, rows: PerformanceStats['bySymbol']): string {
  if (rows.length === 0) return ''
  const body = rows
    .map(
      (b) =>
        `<tr><td class="text">${escapeHtml(b.key)}</td><td>${b.tradeCount}</td><td>${pct(b.winRate)}</td><td class="${sign(b.netPnl)}">${money(b.netPnl)}</td><td>${b.profitFactor === null && b.winners > 0 ? '∞' : ratio(b.profitFactor)}</td><td>${money(b.avgTrade)}</td><td>${ratio(b.avgR)}</td></tr>`,
    )
    .join('')
  return `<div><h3>${escapeHtml(title)}</h3><div class="table-wrap"><table><thead><tr><th class="text">${escapeHtml(column)}</th><th>Trades</th><th>Win rate</th><th>Net P&amp;L</th><th>PF</th><th>Avg</th><th>Avg R</th></tr></thead><tbody>${body}</tbody></table></div></div>`
}

const idOf = (trade: StatsTrade, index: number) => trade.id ?? String(index)

function tradeTable(trades: readonly StatsTrade[]): string {
  if (trades.length === 0) return '<p class="muted">No trades.</p>'
  const columns: [string, boolean][] = [
    ['#', false],
    ['Id', true],
    ['Symbol', true],
    ['Side', true],
    ['Qty', false],
    ['Entry (New York)', true],
    ['Entry', false],
    ['Exit (New York)', true],
    ['Exit', false],
    ['Stop', false],
    ['Target', false],
    ['Net P&L', false],
    ['R', false],
    ['Held', false],
    ['Exit reason', true],
    ['Setup', true],
  ]
  const head = columns
    .map(([label, text]) => `<th class="sortable${text ? ' text' : ''}">${escapeHtml(label)}</th>`)
    .join('')
  const td = (content: string, sortKey: string | number, cls = '') =>
    `<td${cls === '' ? '' : ` class="${cls}"`} data-sort="${escapeHtml(String(sortKey))}">${content}</td>`
  const price = (p: number | undefined) => (isNumber(p) ? p.toFixed(decimalsOf(p)) : DASH)
  const body = trades
    .map((t, i) => {
      const side = t.side === 'buy' || t.side === 'long' ? 'long' : 'short'
      return `<tr>${[
        td(String(i + 1), i + 1),
        td(`<a href="#trade-${i}">${escapeHtml(idOf(t, i))}</a>`, idOf(t, i), 'text'),
        td(escapeHtml(t.symbol), t.symbol, 'text'),
        td(side, side, 'text'),
        td(escapeHtml(String(t.qty)), t.qty),
        td(nyTime(t.entryTs, true), t.entryTs, 'text'),
        td(price(t.entryPrice), t.entryPrice),
        td(nyTime(t.exitTs, true), t.exitTs, 'text'),
        td(price(t.exitPrice), t.exitPrice),
        td(price(t.plannedStop), t.plannedStop ?? ''),
        td(price(t.plannedTarget), t.plannedTarget ?? ''),
        td(money(t.netPnl), t.netPnl, sign(t.netPnl)),
        td(ratio(t.rMultiple), t.rMultiple ?? ''),
        td(duration(t.exitTs - t.entryTs), t.exitTs - t.entryTs),
        td(escapeHtml(t.exitReason ?? DASH), t.exitReason ?? '', 'text'),
        td(escapeHtml(t.setup ?? DASH), t.setup ?? '', 'text'),
      ].join('')}</tr>`
    })
    .join('')
  return `<div class="table-wrap"><table id="trade-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
}

function barsFor(
  params: HtmlReportParameters,
  trade: StatsTrade,
  index: number,
): readonly ReportBar[] | undefined {
  const bars = params.bars
  if (bars === undefined) return undefined
  const get = (key: string) =>
    bars instanceof Map ? bars.get(key) : (bars as Record<string, readonly ReportBar[]>)[key]
  // By trade first, then the symbol's whole series (the window is cut around the trade).
  return get(idOf(trade, index)) ?? get(trade.symbol)
}

/** Sorted, valid bars of a series, computed once per series. */
function sortedBars(bars: readonly ReportBar[], cache: Map<readonly ReportBar[], ReportBar[]>): ReportBar[] {
  let sorted = cache.get(bars)
  if (sorted === undefined) {
    sorted = bars
      .filter((b) => [b.ts, b.open, b.high, b.low, b.close].every(isNumber))
      .sort((a, b) => a.ts - b.ts)
    cache.set(bars, sorted)
  }
  return sorted
}

/** Index of the first bar with `ts > value` (bars sorted by ts). */
function upperBound(bars: readonly ReportBar[], value: number): number {
  let lo = 0
  let hi = bars.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((bars[mid] as ReportBar).ts <= value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Merges consecutive bars `k` at a time: first open, highest high, lowest low, last close, summed volume. */
function aggregate(bars: readonly ReportBar[], k: number): ReportBar[] {
  const out: ReportBar[] = []
  for (let i = 0; i < bars.length; i += k) {
    const group = bars.slice(i, i + k)
    const first = group[0] as ReportBar
    const last = group[group.length - 1] as ReportBar
    out.push({
      ts: first.ts,
      open: first.open,
      high: Math.max(...group.map((b) => b.high)),
      low: Math.min(...group.map((b) => b.low)),
      close: last.close,
      volume: group.reduce((sum, b) => sum + (isNumber(b.volume) ? b.volume : 0), 0),
    })
  }
  return out
}

/**
 * The bars around a trade: from 20 bars before the entry bar to 20 after the exit bar; when that is
 * more than `max`, consecutive bars are merged so the whole trade still shows.
 */
function windowBars(sorted: readonly ReportBar[], trade: StatsTrade, max: number): ReportBar[] {
  if (sorted.length === 0) return []
  const pad = 20
  const entryBar = Math.max(0, upperBound(sorted, trade.entryTs) - 1)
  const exitBar = Math.max(entryBar, upperBound(sorted, trade.exitTs) - 1)
  const window = sorted.slice(Math.max(0, entryBar - pad), Math.min(sorted.length, exitBar + pad + 1))
  return window.length <= max ? window : aggregate(window, Math.ceil(window.length / max))
}

/**
 * Renders a self-contained HTML report: summary figures, equity and drawdown charts, a monthly
 * returns table, breakdowns per symbol, setup and side, the trade list (click a header to sort), and
 * a price chart per trade with entry, stop, target and exit marked. The charts are drawn by
 * TradingView's lightweight-charts, whose standalone build is inlined: the file opens offline, with
 * no request to any server. Times are New York time. Figures that are undefined for the data show
 * as `—`, never `NaN`.
 *
 * @throws ValidationError when `stats` or `trades` is missing.
 *
 * @example
 * ```ts
 * import { computeStats, renderHtmlReport } from '@tradeblocks/performance'
 *
 * const stats = computeStats({ trades, equity, startingEquity: 25_000 })
 * const html = renderHtmlReport({ title: 'Bull flag, January 2026', stats, trades, equity, bars })
 * ```
 */
export function renderHtmlReport(params: HtmlReportParameters): RenderHtmlReportReturnType {
  if (params?.stats === undefined || !Array.isArray(params.trades)) {
    throw new ValidationError('report parameters', [
      { path: params?.stats === undefined ? 'stats' : 'trades', message: 'stats and trades are required' },
    ])
  }
  const { stats } = params
  const title = params.title ?? 'Trading report'
  const maxBars = params.maxBarsPerTrade ?? 150
  const maxCharts = params.maxTradeCharts ?? 500
  const curve = equitySeries(params)
  const { ts, values } = downsample(curve.ts, curve.values, params.maxEquityPoints ?? 5_000)
  const drawdownIsPct = values.length > 0 && (values[0] as number) > 0 && stats.startEquity !== null
  let peak = Number.NEGATIVE_INFINITY
  const drawdownValues = values.map((v) => {
    peak = Math.max(peak, v)
    return drawdownIsPct && peak > 0 ? ((v - peak) / peak) * 100 : roundMoney(v - peak)
  })
  const charted = params.trades.slice(0, maxCharts)
  const sortedCache = new Map<readonly ReportBar[], ReportBar[]>()
  const tradeData = charted.map((t, i) => {
    const side = t.side === 'buy' || t.side === 'long' ? 'long' : 'short'
    const series = barsFor(params, t, i)
    const bars = series === undefined ? [] : windowBars(sortedBars(series, sortedCache), t, maxBars)
    const precision = decimalsOf(t.entryPrice)
    return {
      side,
      entryTime: chartTime(t.entryTs),
      exitTime: chartTime(t.exitTs),
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      stop: isNumber(t.plannedStop) ? t.plannedStop : null,
      target: isNumber(t.plannedTarget) ? t.plannedTarget : null,
      netPnl: t.netPnl,
      precision,
      minMove: precision === 4 ? 0.0001 : 0.01,
      entryLabel: t.entryPrice.toFixed(precision),
      exitLabel: `${t.exitPrice.toFixed(precision)} (${money(t.netPnl)})`,
      bars: toSeries(
        bars.map((b) => b.ts),
        bars.map((_, k) => k),
      ).map(([time, k]) => {
        const b = bars[k] as ReportBar
        return [time, b.open, b.high, b.low, b.close, b.volume]
      }),
    }
  })
  const data = {
    equity: toSeries(
      ts,
      values.map((v) => roundMoney(v)),
    ),
    equityBase: roundMoney(values[0] ?? 0),
    drawdown: toSeries(
      ts,
      drawdownValues.map((v) => Math.round(v * 100) / 100 + 0),
    ),
    drawdownIsPct,
    trades: tradeData,
  }
  const cards = charted
    .map((t, i) => {
      const side = t.side === 'buy' || t.side === 'long' ? 'long' : 'short'
      return `<div class="trade-card" id="trade-${i}"><div class="head"><span><b>${escapeHtml(t.symbol)}</b> ${side} ${escapeHtml(String(t.qty))} · ${escapeHtml(idOf(t, i))}</span><span class="${sign(t.netPnl)}">${money(t.netPnl)}${isNumber(t.rMultiple) ? ` · ${t.rMultiple.toFixed(2)}R` : ''}</span></div><div class="muted">${nyTime(t.entryTs)} → ${nyTime(t.exitTs)}${t.exitReason === undefined ? '' : ` · ${escapeHtml(t.exitReason)}`}${t.setup === undefined ? '' : ` · ${escapeHtml(t.setup)}`}</div><div class="trade-chart" data-trade="${i}"></div></div>`
    })
    .join('')
  const period =
    stats.fromDate === null
      ? 'no data'
      : `${stats.fromDate} to ${stats.toDate} (${stats.tradingDays} trading days)`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@tradeblocks/performance">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><div class="muted">${escapeHtml(period)} · times in New York</div></header>
<section id="summary"><div class="cards">${summaryCards(stats)}</div></section>
<section id="equity"><h2>Equity</h2>${data.equity.length > 0 ? '<div id="equity-chart" class="chart"></div>' : '<p class="muted">No equity data.</p>'}
<h2>Drawdown${drawdownIsPct ? ' (%)' : ''}</h2>${data.equity.length > 0 ? '<div id="drawdown-chart" class="chart small"></div>' : '<p class="muted">No equity data.</p>'}</section>
<section id="monthly"><h2>Monthly returns</h2>${monthlyTable(stats)}</section>
<section id="breakdowns"><h2>Breakdowns</h2><div class="breakdowns">${breakdownTable('By symbol', 'Symbol', stats.bySymbol)}${breakdownTable('By setup', 'Setup', stats.bySetup)}${breakdownTable('By side', 'Side', stats.bySide)}</div></section>
<section id="trades"><h2>Trades (${params.trades.length})</h2>${tradeTable(params.trades)}</section>
<section id="trade-charts"><h2>Trade charts</h2>${params.trades.length > charted.length ? `<p class="muted">Showing the first ${charted.length} of ${params.trades.length} trades.</p>` : ''}<div class="trade-grid">${cards}</div></section>
<footer>Made with @tradeblocks/performance${isNumber(params.generatedAt) ? ` on ${escapeHtml(nyTime(params.generatedAt))} New York time` : ''}. Charts by TradingView Lightweight Charts™ (Apache-2.0).</footer>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${loadChartLibrary()}</script>
<script>${REPORT_CLIENT_JS}</script>
</body>
</html>
`
}

/**
 * Parameters of {@link writeHtmlReport}: where to write, and what {@link renderHtmlReport} takes.
 *
 * @example
 * ```ts
 * import type { WriteHtmlReportParameters } from '@tradeblocks/performance'
 *
 * const params: WriteHtmlReportParameters = { path: './reports/2026-01.html', stats, trades }
 * ```
 */
export interface WriteHtmlReportParameters extends HtmlReportParameters {
  /** The file to write; its directory is created. */
  path: string
}

/**
 * What {@link writeHtmlReport} resolves to.
 *
 * @example
 * ```ts
 * import type { WriteHtmlReportReturnType } from '@tradeblocks/performance'
 *
 * const { path, bytes }: WriteHtmlReportReturnType = await writeHtmlReport({ path: 'report.html', stats, trades })
 * ```
 */
export interface WriteHtmlReportReturnType {
  path: string
  bytes: number
}

/**
 * Renders the report (see {@link renderHtmlReport}) and writes it to a file: to a temporary file
 * first, then renamed into place, so a browser never opens half a report.
 *
 * @example
 * ```ts
 * import { computeStats, writeHtmlReport } from '@tradeblocks/performance'
 *
 * const stats = computeStats({ trades, startingEquity: 25_000 })
 * const { path } = await writeHtmlReport({ path: './reports/backtest.html', stats, trades })
 * console.log(`open ${path}`)
 * ```
 */
export async function writeHtmlReport(params: WriteHtmlReportParameters): Promise<WriteHtmlReportReturnType> {
  const { path, ...report } = params
  const html = renderHtmlReport(report)
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, html, 'utf8')
  await rename(temporary, path)
  return { path, bytes: Buffer.byteLength(html, 'utf8') }
}
