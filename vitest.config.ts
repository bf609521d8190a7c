import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const root = import.meta.dirname
const conditions = ['@tradeblocks/source', 'node', 'import', 'module', 'default']

/** One vitest project per workspace package, named after the package. */
function workspaceProjects() {
  const projects = []
  for (const group of ['packages', 'examples']) {
    const dir = join(root, group)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) {
      const pkgFile = join(dir, name, 'package.json')
      if (!existsSync(pkgFile)) continue
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string }
      projects.push({
        extends: true as const,
        test: {
          name: pkg.name,
          root: resolve(dir, name),
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      })
    }
  }
  return projects
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@tradeblocks/source'] } },
  test: {
    projects: workspaceProjects(),
    testTimeout: 20_000,
    pool: 'forks',
  },
})
