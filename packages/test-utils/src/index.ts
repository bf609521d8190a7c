// @tradeblocks/test-utils: private helpers and contract suites shared by the workspace's tests.
// Add one export line per module; keep it explicit.
export { type BrokerContractHarness, type BrokerContractOptions, brokerContract } from './brokerContract.js'
export {
  type ContractBar,
  type ContractBatchOutput,
  type ContractStreamingIndicator,
  contractBars,
  describeIndicatorContract,
  flatBars,
  type IndicatorContractSpec,
} from './indicatorContract.js'
export { type LoopbackHandler, type LoopbackServer, startLoopbackServer } from './loopback.js'
export { mulberry32 } from './random.js'
export { makeTempDir } from './tempDir.js'
