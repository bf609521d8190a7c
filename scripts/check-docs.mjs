#!/usr/bin/env node
// Fails when an exported declaration of a published package has no TSDoc `@example`.
// Reads the JSON that `typedoc` writes beside the HTML (docs/api/api.json).
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? new URL('../docs/api/api.json', import.meta.url)
const api = JSON.parse(readFileSync(file, 'utf8'))
const missing = []

const hasExample = (comment) => Boolean(comment?.blockTags?.some((tag) => tag.tag === '@example'))

function check(reflection, pkg) {
  const comments = [reflection.comment]
  for (const sig of reflection.signatures ?? []) comments.push(sig.comment)
  if (!comments.some(hasExample)) missing.push(`${pkg}: ${reflection.name}`)
}

const packages = api.children?.some((c) => c.kind === 2) ? api.children : [api]
for (const pkg of packages) {
  for (const child of pkg.children ?? []) check(child, pkg.name)
}

if (missing.length > 0) {
  console.error(`Exports without an @example (${missing.length}):\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`Every export of ${packages.length} package(s) has an @example.`)
