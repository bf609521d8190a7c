import { badInput, badVolume } from './validate.js'

/** Throws unless high and low are finite numbers. */
export function checkHighLow(bar: { readonly high: number; readonly low: number }, index: number): void {
  if (bar === null || typeof bar !== 'object') throw badInput('bar', index, bar)
  const h = bar.high
  if (typeof h !== 'number' || h - h !== 0) throw badInput('high', index, h)
  const l = bar.low
  if (typeof l !== 'number' || l - l !== 0) throw badInput('low', index, l)
}

/** Throws unless high, low and close are finite numbers. */
export function checkHighLowClose(
  bar: { readonly high: number; readonly low: number; readonly close: number },
  index: number,
): void {
  checkHighLow(bar, index)
  const c = bar.close
  if (typeof c !== 'number' || c - c !== 0) throw badInput('close', index, c)
}

/** Throws unless close is finite and volume finite and non-negative. */
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
