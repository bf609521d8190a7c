import type { BrokerCapabilities, Clock, LotRules, TradingCalendar } from '@tradeblocks/core'
import type { SlippageModel } from './applySlippage.js'
import type { CommissionModel } from './commissionFor.js'
import type { PaperBrokerSnapshot } from './PaperBrokerSnapshot.js'

/**
 * The capabilities a {@link PaperBroker} reports when none are given: bracket, OCO, OTO and trailing
 * stops are native (so backtests do not pay for emulation), replace is supported, fractional and
 * notional orders, short selling and extended hours are off.
 *
 * @example
 * ```ts
 * import { DEFAULT_PAPER_CAPABILITIES, PaperBroker } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * // A broker that lacks brackets and OCO, so the engine's emulation does the work:
 * const basic = new PaperBroker({ clock: new ManualClock(), capabilities: {
 *   ...DEFAULT_PAPER_CAPABILITIES, bracket: false, oco: false, oto: false } })
 * ```
 */
export const DEFAULT_PAPER_CAPABILITIES: Readonly<BrokerCapabilities> = Object.freeze({
  bracket: true,
  oco: true,
  oto: true,
  trailingStop: true,
  fractional: false,
  notional: false,
  shortSelling: false,
  extendedHours: false,
  replace: true,
})

/**
 * Which market events fill orders, and the intrabar rules. Every rule is documented on
 * {@link PaperBroker}.
 *
 * @example
 * ```ts
 * import type { FillOptions } from '@tradeblocks/broker-paper'
 *
 * // Fill only on quotes (ask for buys, bid for sells), limits only when traded through,
 * // at most 10 % of the displayed size per quote.
 * const fills: FillOptions = { bars: false, quotes: true, limitFill: 'through', participation: 0.1 }
 * ```
 */
export interface FillOptions {
  /** Bars fill orders (market at the next bar's open; others against its OHLC). Default `true`. */
  bars?: boolean
  /** Quotes fill orders (buys at the ask, sells at the bid). Default `true`. */
  quotes?: boolean
  /** Trade prints fill orders (at the print's price, or the limit). Default `false`. */
  prints?: boolean
  /**
   * `touch` (default): a limit fills when the price reaches it. `through`: only when the price goes
   * beyond it (a buy limit at 10 fills on a low of 9.99, not of 10), which is closer to queue reality.
   */
  limitFill?: 'touch' | 'through'
  /**
   * Which fills first when one bar reaches both a stop-type order (stop, stop-limit, trailing stop)
   * and a limit order of the same symbol, in particular both legs of a bracket: `stop` (default,
   * the pessimistic choice) or `limit`.
   */
  intrabarPriority?: 'stop' | 'limit'
  /**
   * Volume participation cap in (0, 1]: a bar fills at most this fraction of its volume across all
   * orders of its symbol (a quote: of the displayed size; a print: of its size). The rest of the
   * order stays working and fills on later events: partial fills. Default: no cap.
   */
  participation?: number
  /**
   * Whether a bracket's exit legs may fill on the same event as their entry (the stop is hit after a
   * fill at the open). Default `true`.
   */
  legsOnEntryEvent?: boolean
}

/**
 * Pattern-day-trader rules. Day trades are always counted (`Account.dayTradeCount`); with
 * `protection` on, an order that would close a position opened the same trading day is rejected
 * when the account already has `maxDayTrades` day trades in the last five trading days and equity is
 * below `minEquity`.
 *
 * @example
 * ```ts
 * import type { PatternDayTraderOptions } from '@tradeblocks/broker-paper'
 *
 * const pdt: PatternDayTraderOptions = { protection: true, minEquity: 25_000, maxDayTrades: 3 }
 * ```
 */
export interface PatternDayTraderOptions {
  /** Reject the order that would make a fourth day trade. Default `false` (count only). */
  protection?: boolean
  /** Equity at or above which the rule does not apply. Default 25,000. */
  minEquity?: number
  /** Day trades allowed in five trading days. Default 3. */
  maxDayTrades?: number
}

/**
 * Options of {@link PaperBroker}.
 *
 * @example
 * ```ts
 * import { PaperBroker, type PaperBrokerOptions } from '@tradeblocks/broker-paper'
 * import { ManualClock } from '@tradeblocks/core'
 *
 * const options: PaperBrokerOptions = {
 *   clock: new ManualClock(Date.UTC(2026, 0, 5, 14, 30)),
 *   initialCash: 25_000,
 *   commission: { kind: 'per_share', perShare: 0.005, min: 1 },
 *   slippage: { kind: 'bps', bps: 2 },
 *   fills: { participation: 0.1 },
 * }
 * const broker = new PaperBroker(options)
 * ```
 */
export interface PaperBrokerOptions {
  /** The clock: a `ManualClock` in backtests (data time), the system clock for live paper trading. */
  clock: Clock
  /** Calendar for day-order expiry, opening/closing auctions and day-trade dates. Default `nyse`. */
  calendar?: TradingCalendar
  /** Name for logs. Default `paper`. */
  name?: string
  /** The account id. Default `paper`. */
  accountId?: string
  /** Three-letter currency. Default `USD`. */
  currency?: string
  /** Starting cash. Default 100,000. */
  initialCash?: number
  /** Overrides of {@link DEFAULT_PAPER_CAPABILITIES}. */
  capabilities?: Partial<BrokerCapabilities>
  /**
   * Buying power multiplier on equity: 1 for a cash account (default), 2 for Reg T overnight
   * margin, 4 for intraday margin.
   */
  marginMultiplier?: number
  /** Fill rules. */
  fills?: FillOptions
  /** Slippage of taker fills. Default none. */
  slippage?: SlippageModel
  /** Commission. Default zero. */
  commission?: CommissionModel
  /**
   * Milliseconds (of the clock) between a request and its effect: a submitted order starts working,
   * a cancel or replace takes effect, after this long. Default 0 (immediately).
   */
  latencyMs?: number
  /** Quantity rules. Default whole shares (`{ step: 1 }`), or 1e-9 steps when `fractional`. */
  lot?: LotRules
  /** A fixed price tick. Default the US sub-penny rule ($0.01 at or above $1, $0.0001 below). */
  tick?: number
  /** Pattern-day-trader counting and protection. */
  patternDayTrader?: PatternDayTraderOptions
  /**
   * Day (and opg/cls) orders expire when the broker sees a market event that starts at or after the
   * end of their session, before that event is matched, so a bar that ends at the close can still fill
   * them, and a daily bar, known only after the close, fills the day order placed for its session.
   * Set this to also expire them by a timer that long (clock time) after the session end when no such
   * event comes (live paper trading on data that stops at the close). It must exceed the longest bar
   * timeframe you feed, or a bar arriving after its session's end would find its order expired.
   * Default: no timer.
   */
  expiryGraceMs?: number
  /**
   * State from `PaperBroker.snapshot()` to continue from (paper trading across restarts). Its cash
   * replaces `initialCash`.
   */
  snapshot?: PaperBrokerSnapshot
}
