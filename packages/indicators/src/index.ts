// @tradeblocks/indicators: the reviewed public API. Every export is listed here by name.

export {
  ADX,
  type AdxParameters,
  type AdxReturnType,
  type AdxValue,
  adx,
} from './adx.js'
export { ATR, type AtrParameters, type AtrReturnType, atr } from './atr.js'
export {
  BollingerBands,
  type BollingerBandsParameters,
  type BollingerBandsReturnType,
  type BollingerBandsValue,
  bollingerBands,
} from './bollingerBands.js'
export { CCI, type CciParameters, type CciReturnType, cci } from './cci.js'
export { DEMA, type DemaParameters, type DemaReturnType, dema } from './dema.js'
export {
  Donchian,
  type DonchianParameters,
  type DonchianReturnType,
  type DonchianValue,
  donchian,
} from './donchian.js'
export { EMA, type EmaParameters, type EmaReturnType, ema } from './ema.js'
export {
  IndicatorError,
  IndicatorErrorCode,
  type IndicatorErrorCodeValue,
  InvalidInputError,
  InvalidParameterError,
} from './errors.js'
export {
  Keltner,
  type KeltnerParameters,
  type KeltnerReturnType,
  type KeltnerValue,
  keltner,
} from './keltner.js'
export {
  LinearRegression,
  type LinearRegressionParameters,
  type LinearRegressionReturnType,
  type LinearRegressionValue,
  linearRegression,
} from './linearRegression.js'
export { MACD, type MacdParameters, type MacdReturnType, type MacdValue, macd } from './macd.js'
export { Momentum, type MomentumParameters, type MomentumReturnType, momentum } from './momentum.js'
export { OBV, type ObvReturnType, obv } from './obv.js'
export {
  RelativeVolume,
  type RelativeVolumeColumns,
  type RelativeVolumeInput,
  type RelativeVolumeParameters,
  type RelativeVolumeReturnType,
  relativeVolume,
} from './relativeVolume.js'
export { RMA, type RmaParameters, type RmaReturnType, rma } from './rma.js'
export { ROC, type RocParameters, type RocReturnType, roc } from './roc.js'
export { RSI, type RsiParameters, type RsiReturnType, rsi } from './rsi.js'
export { SMA, type SmaParameters, type SmaReturnType, sma } from './sma.js'
export { StdDev, type StdDevParameters, type StdDevReturnType, stdDev } from './stdDev.js'
export {
  Stochastic,
  type StochasticParameters,
  type StochasticReturnType,
  type StochasticValue,
  stochastic,
} from './stochastic.js'
export { TEMA, type TemaParameters, type TemaReturnType, tema } from './tema.js'
export { TrueRange, type TrueRangeReturnType, trueRange } from './trueRange.js'
export type {
  CloseVolume,
  CloseVolumeColumns,
  HighLow,
  HighLowClose,
  HighLowCloseColumns,
  HighLowCloseVolume,
  HighLowCloseVolumeColumns,
  HighLowColumns,
  StreamingIndicator,
} from './types.js'
export {
  VolumeAverage,
  type VolumeAverageParameters,
  type VolumeAverageReturnType,
  volumeAverage,
} from './volumeAverage.js'
export {
  VWAP,
  type VwapColumns,
  type VwapInput,
  type VwapParameters,
  type VwapReturnType,
  type VwapValue,
  vwap,
} from './vwap.js'
export { WilliamsR, type WilliamsRParameters, type WilliamsRReturnType, williamsR } from './williamsR.js'
export { WMA, type WmaParameters, type WmaReturnType, wma } from './wma.js'
