// @tradeblocks/circuit-breaker: the reviewed public API. Every export is listed here by name.

export {
  ApiPolicy,
  type ApiPolicyEvents,
  type ApiPolicyOptions,
  ApiPolicyOptionsSchema,
  type CircuitStateName,
  type ExecuteOptions,
} from './ApiPolicy.js'
export { type BreakerConfig, BreakerConfigSchema } from './BreakerConfig.js'
export { BreakerRule, type BreakerRuleValue } from './BreakerRule.js'
export { type BreakerHalt, type BreakerState, BreakerStateSchema } from './BreakerState.js'
export { BreakerStateError } from './BreakerStateError.js'
export type { BreakerStore } from './BreakerStore.js'
export {
  classifyError,
  DEFINITIVE_ERROR_CODES,
  type ErrorClassification,
  isRetryableError,
  RETRYABLE_ERROR_CODES,
} from './classifyError.js'
export { FileBreakerStore, type FileBreakerStoreOptions } from './FileBreakerStore.js'
export { MemoryBreakerStore } from './MemoryBreakerStore.js'
export { OrderOutcomeUnknownError } from './OrderOutcomeUnknownError.js'
export {
  errorFromResponse,
  type HttpFailure,
  parseRetryAfter,
  type RequestJsonParameters,
  type RequestJsonReturnType,
  requestJson,
} from './requestJson.js'
export {
  type OrderSubmitter,
  type SubmitOrderEvent,
  type SubmitOrderSafelyParameters,
  type SubmitOrderSafelyReturnType,
  submitOrderSafely,
} from './submitOrderSafely.js'
export {
  type BreakerEvents,
  type BreakerResetEvent,
  type BreakerSessionEvent,
  type BreakerStatus,
  type ClosedTrade,
  type EntryDecision,
  type EquityUpdate,
  TradingCircuitBreaker,
  type TradingCircuitBreakerOptions,
} from './TradingCircuitBreaker.js'
