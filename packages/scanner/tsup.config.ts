import { createTsupConfig } from '../../scripts/tsup.config.ts'

export default createTsupConfig({ entry: ['src/index.ts'] })
