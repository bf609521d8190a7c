import type { InvalidInputError } from '../errors.js'
import { badInput, badVolume } from './validate.js'

/** Throws unless high and low are finite numbers. */
export function checkHighLow(bar: { readonly high: number; readonly low: number }, index: number): void {
  if (bar === null || typeof bar !== 'object') throw badInput('bar', index, bar)
  const h = bar.high
  const l = bar.low
  // one combined test on the hot path (small enough for V8 to inline into every update); the
  // slow path finds the bad field
  if (typeof h !== 'number' || typeof l !== 'number' || h - h + (l - l) !== 0) badBar(bar, index, false)
}

/** Throws unless high, low and close are finite numbers. */
export function checkHighLowClose(
  bar: { readonly high: number; readonly low: number; readonly close: number },
  index: number,
): void {
  if (bar === null || typeof bar !== 'object') throw badInput('bar', index, bar)
  const h = bar.high
  const l = bar.low
  const c = bar.close
  if (
    typeof h !== 'number' ||
    typeof l !== 'number' ||
    typeof c !== 'number' ||
    h - h + (l - l) + (c - c) !== 0
  ) {
    badBar(bar, index, true)
  }
}

/** Throws for the first of high, low, close that is not a finite number. */
function badBar(
  bar: { readonly high: number; readonly low: number; readonly close?: number },
  index: number,
  withClose: boolean,
): void {
  checkColumn('high', bar.high, index)
  checkColumn('low', bar.low, index)
  if (withClose) checkColumn('close', bar.close, index)
}

export function checkCloseVolume(
  bar: { readonly close: number; readonly volume: number },
  index: number,
): void {
  if (bar === null || typeof bar !== 'object') throw badInput('bar', index, bar)
  const c = bar.close
  if (typeof c !== 'number' || c - c !== 0) throw badInput('close', index, c)
  checkVolume(bar.volume, index)
}

/** Throws unless volume is finite and non-negative. */
export function checkVolume(v: unknown, index: number): void {
  if (typeof v !== 'number' || v - v !== 0 || v < 0) throw badVolume(index, v)
}

/** Throws unless `x` (a column element) is a finite number. */
export function checkColumn(field: string, x: unknown, index: number): void {
  if (typeof x !== 'number' || x - x !== 0) throw badInput(field, index, x)
}

/**
 * True when any of three values read from columns is not a finite number: one combined test for
 * the hot loop of a batch function, which then looks for the bad field on its slow path.
 */
export function badRow(x: number, y: number, z: number): boolean {
  return (
    typeof x !== 'number' || typeof y !== 'number' || typeof z !== 'number' || x - x + (y - y) + (z - z) !== 0
  )
}

/**
 * The typed error for the first row at or after `from` with a field that is not a finite number:
 * the slow path of a loop that tests only `typeof` per row and adds up `x − x` of every field (0
 * while all are finite), checking the sum once after the loop (see `firstNonFinite`).
 */
export function firstBadRow(
  columns: Readonly<Record<string, ArrayLike<number>>>,
  names: readonly string[],
  from: number,
  n: number,
): InvalidInputError | TypeError {
  const a = columns[names[0]!]!
  const b = names.length > 1 ? columns[names[1]!]! : a
  const c = names.length > 2 ? columns[names[2]!]! : a
  for (let i = from; i < n; i++) {
    if (badRow(a[i] as number, b[i] as number, c[i] as number)) return rowError(columns, names, i)
  }
  return new TypeError(`no row from ${from} has a bad field among ${names.join(', ')}`)
}

/**
 * The typed error for the first field of row `i` that is not a finite number, among `names`: the
 * slow path of a loop that tested the row with {@link badRow}, as `throw rowError(...)` so that the
 * compiler sees the path end there.
 */
export function rowError(
  columns: object,
  names: readonly string[],
  i: number,
): InvalidInputError | TypeError {
  for (const name of names) {
    const x = (columns as Record<string, ArrayLike<unknown> | undefined>)[name]?.[i]
    if (typeof x !== 'number' || x - x !== 0) return badInput(name, i, x)
  }
  return new TypeError(`row ${i} has no bad field among ${names.join(', ')}`)
}

/**
 * Checks every element of the named columns in index order (at each index, in the order given),
 * throwing for the first NaN or ±Infinity (or negative volume) like the streaming forms would.
 */
export function checkColumns(
  columns: Readonly<Record<string, ArrayLike<number>>>,
  names: readonly string[],
  n: number,
): void {
  const a = columns[names[0]!]!
  const b = names.length > 1 ? columns[names[1]!]! : a
  const c = names.length > 2 ? columns[names[2]!]! : a
  for (let i = 0; i < n; i++) {
    if (badRow(a[i] as number, b[i] as number, c[i] as number)) throw rowError(columns, names, i)
  }
}
