#!/usr/bin/env node
// Checks what we publish: `publint --strict` and `attw --pack` on every public workspace package.
// Run after `npm run build`. Pass package names to check only those.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const only = new Set(process.argv.slice(2))
const bin = (name) => join(root, 'node_modules', '.bin', name)
const failures = []

for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgDir = join(root, 'packages', dir)
  const pkgFile = join(pkgDir, 'package.json')
  if (!existsSync(pkgFile)) continue
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
  if (pkg.private) continue
  if (only.size > 0 && !only.has(pkg.name) && !only.has(dir)) continue
  for (const [label, cmd, args] of [
    ['publint', bin('publint'), ['--strict', pkgDir]],
    ['attw', bin('attw'), ['--pack', pkgDir, '--format', 'table-flipped']],
  ]) {
    process.stdout.write(`${pkg.name}: ${label} ... `)
    try {
      const out = execFileSync(cmd, args, {
        cwd: pkgDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      process.stdout.write('ok\n')
      if (process.env.VERBOSE) console.log(out)
    } catch (error) {
      process.stdout.write('FAILED\n')
      console.log(`${error.stdout ?? ''}${error.stderr ?? ''}`)
      failures.push(`${pkg.name} (${label})`)
    }
  }
}

if (failures.length > 0) {
  console.error(`\nPackage checks failed: ${failures.join(', ')}`)
  process.exit(1)
}
console.log('\nAll package checks passed.')
