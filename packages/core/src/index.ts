// @tradeblocks/core: the reviewed public API. Every export is listed here by name.

export {
  BaseError,
  type BaseErrorParameters,
  ErrorCode,
  type ErrorCodeValue,
  isBaseError,
} from './BaseError.js'
export {
  formatDate,
  fromNewYork,
  type NewYorkTime,
  newYorkOffsetMinutes,
  parseTradingDate,
  type TradingDate,
  toNewYork,
  tradingDateOf,
} from './calendar/newYorkTime.js'
export {
  type CalendarDay,
  CalendarDaySchema,
  type CalendarEvent,
  type DaySchedule,
  nyse,
  type SessionInfo,
  type SessionName,
  type TimeWindow,
  TradingCalendar,
  type TradingCalendarOptions,
} from './calendar/TradingCalendar.js'
export { ManualClock, SystemClock } from './clock.js'
export {
  AuthError,
  type ErrorParameters,
  HaltedError,
  IllegalTransitionError,
  InsufficientFundsError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  TimeoutError,
  UnavailableError,
  ValidationError,
  type ValidationIssue,
} from './errors.js'
export { assertTransition, canTransition, isTerminalStatus, nextStatuses } from './orderStatus.js'
export {
  type Broker,
  type BrokerCapabilities,
  OPEN_ORDER_STATUSES,
  type OrderQuery,
  type SimulatedBroker,
  type Unsubscribe,
} from './ports/Broker.js'
export type { Clock, TimerHandle } from './ports/Clock.js'
export type {
  BarsQuery,
  MarketDataCapabilities,
  MarketDataSource,
  MarketDataSubscription,
  MarketEvent,
  Provenance,
  Snapshot,
  SubscriptionRequest,
} from './ports/MarketDataSource.js'
export {
  isValidTick,
  type LotRules,
  type RoundingDirection,
  roundMoney,
  roundQty,
  roundToStep,
  roundToTick,
  tickSize,
} from './roundToTick.js'
export {
  type Bar,
  BarSchema,
  isCrossed,
  type Print,
  PrintSchema,
  type Quote,
  QuoteSchema,
} from './schemas/marketData.js'
export { type NewOrderIdentity, newOrder } from './schemas/newOrder.js'
export {
  type Account,
  AccountSchema,
  type Fill,
  FillSchema,
  type Order,
  OrderClassSchema,
  OrderSchema,
  type OrderStatus,
  OrderStatusSchema,
  type OrderUpdate,
  OrderUpdateEventSchema,
  type Position,
  PositionSchema,
} from './schemas/order.js'
export {
  BracketSchema,
  ClientOrderIdSchema,
  OcoSchema,
  type OrderRequest,
  type OrderRequestInput,
  OrderRequestSchema,
  type OrderType,
  OrderTypeSchema,
  type ReplaceOrderRequest,
  ReplaceOrderRequestSchema,
  type TimeInForce,
  TimeInForceSchema,
} from './schemas/orderRequest.js'
export { parseOrderRequest } from './schemas/parseOrderRequest.js'
export {
  isSymbol,
  NonNegativeNumberSchema,
  OrderPriceSchema,
  type OrderSide,
  OrderSideSchema,
  PriceSchema,
  QuantitySchema,
  SymbolSchema,
  TimestampSchema,
} from './schemas/primitives.js'
export { type Timeframe, TimeframeSchema, timeframeToMs } from './schemas/timeframe.js'
export { type EventMap, TypedEmitter, type TypedEmitterOptions } from './TypedEmitter.js'
export { formatValue, parse, type SafeParseResult, safeParse, toValidationIssues } from './validation.js'
