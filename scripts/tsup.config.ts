import { defineConfig, type Options } from 'tsup'

/** Options a package may pass to {@link createTsupConfig}. */
export interface CreateTsupConfigParameters {
  /** Entry points relative to the package, e.g. `['src/index.ts']`. */
  entry: string[]
  /** Extra modules to keep external beyond dependencies and peer dependencies. */
  external?: string[]
  /** Target platform; every package here runs on Node, so this defaults to `node`. */
  platform?: Options['platform']
}

/**
 * The one tsup configuration every package builds with: ESM + CJS, `.d.ts` + `.d.cts`,
 * source maps, no minification, tree-shakeable output, Node 20 target.
 */
export function createTsupConfig({ entry, external = [], platform = 'node' }: CreateTsupConfigParameters) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    // tsup's declaration build runs its own program: project references and the
    // deprecated baseUrl it sets internally do not apply there.
    dts: { compilerOptions: { composite: false, incremental: false, ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    target: 'node20',
    platform,
    external,
    outDir: 'dist',
  })
}
