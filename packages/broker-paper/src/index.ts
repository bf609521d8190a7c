// @tradeblocks/broker-paper: the reviewed public API. Every export is listed here by name.

export {
  type ApplySlippageParameters,
  type ApplySlippageReturnType,
  applySlippage,
  type SlippageContext,
  type SlippageFunction,
  type SlippageModel,
} from './applySlippage.js'
export {
  type CommissionContext,
  type CommissionForParameters,
  type CommissionForReturnType,
  type CommissionFunction,
  type CommissionModel,
  commissionFor,
} from './commissionFor.js'
export { PaperBroker } from './PaperBroker.js'
export {
  DEFAULT_PAPER_CAPABILITIES,
  type FillOptions,
  type PaperBrokerOptions,
  type PatternDayTraderOptions,
} from './PaperBrokerOptions.js'
export type { PaperBrokerSnapshot, PaperOrderState } from './PaperBrokerSnapshot.js'
