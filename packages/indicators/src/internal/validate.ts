import { InvalidInputError, InvalidParameterError } from '../errors.js'

/** Largest period accepted: keeps ring buffers within a sane allocation. */
const MAX_PERIOD = 1 << 24

/** Throws unless `value` is an integer in [min, MAX_PERIOD]; returns it. */
export function checkPeriod(parameter: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_PERIOD) {
    throw new InvalidParameterError(
      parameter,
      value,
      min === 1 ? 'a positive integer' : `an integer of at least ${min}`,
    )
  }
  return value
}

/** Throws unless `value` is a finite number (positive when `positive`); returns it. */
export function checkNumber(parameter: string, value: unknown, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (positive && !(value > 0))) {
    throw new InvalidParameterError(
      parameter,
      value,
      positive ? 'a finite positive number' : 'a finite number',
    )
  }
  return value
}

/** The error for a non-finite streaming or batch input. */
export function badInput(field: string, index: number, value: unknown): InvalidInputError {
  return new InvalidInputError(field, index, value)
}

/**
 * Values per block of a batch loop that defers its finiteness test (see {@link firstNonFinite}): the
 * sum is tested after each block rather than once after the whole loop. V8 compiles a long loop
 * while it runs (on-stack replacement), before the code after it has ever run; that code then has no
 * type feedback, and a test there deoptimized the function at the end of every call.
 */
export const CHECK_BLOCK = 4096

/**
 * The error for the first value at or after `from` that is not a finite number. For hot loops that
 * test `typeof` per value but add up `x - x` (0 for a finite number, NaN otherwise) and call this
 * once after the loop when the sum is not 0, or at once for a value that is not a number (an
 * earlier value may be NaN): one add per value instead of a compare and a branch.
 * A batch function has no state to corrupt, so finding a bad value late changes nothing but speed.
 */
export function firstNonFinite(values: ArrayLike<number>, from: number): InvalidInputError {
  for (let i = from; i < values.length; i++) {
    const x = values[i] as number
    if (typeof x !== 'number' || x - x !== 0) return badInput('value', i, x)
  }
  throw new Error('firstNonFinite: every value is finite')
}

/** The error for a negative or non-finite volume. */
export function badVolume(index: number, value: unknown): InvalidInputError {
  return new InvalidInputError('volume', index, value, 'a finite number of at least 0')
}

/** Throws unless every column has the length of the first; returns that length. */
export function columnsLength(columns: Record<string, ArrayLike<number>>, names: readonly string[]): number {
  let length = -1
  for (const name of names) {
    const column = columns[name]
    if (column === undefined || typeof column !== 'object' || typeof column.length !== 'number') {
      throw new InvalidParameterError(name, column, 'an array of numbers')
    }
    if (length === -1) length = column.length
    else if (column.length !== length) {
      throw new InvalidParameterError(name, `an array of length ${column.length}`, `length ${length}`)
    }
  }
  return length
}

/** Throws unless `values` is array-like. */
export function checkValues(values: unknown): ArrayLike<number> {
  if (
    values === null ||
    typeof values !== 'object' ||
    typeof (values as ArrayLike<number>).length !== 'number'
  ) {
    throw new InvalidParameterError('values', values, 'an array of numbers')
  }
  return values as ArrayLike<number>
}
