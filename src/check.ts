// Input checks shared by every public function. The core works on i64 and wraps silently, so
// every bigint crossing into it is checked here first.
import { InvalidArgumentError, OutOfRangeError } from "./errors.ts";

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;

/** Throws unless `v` is a bigint in i64. `name` is the field named in the message. */
export function checkI64(v: unknown, name: string): bigint {
  if (typeof v !== "bigint") {
    throw new InvalidArgumentError(
      `${name} must be a bigint (nanoseconds), got ${typeof v === "number" ? `the number ${v}` : typeof v}` +
        (typeof v === "number" ? "; a number cannot hold epoch nanoseconds exactly, use BigInt" : ""),
    );
  }
  if (v < I64_MIN || v > I64_MAX) throw new OutOfRangeError(`${name} = ${v} is outside i64`);
  return v;
}

/** Throws unless `v` is a bigint in [lo, hi]. */
export function checkRange(v: unknown, lo: bigint, hi: bigint, name: string): bigint {
  if (typeof v !== "bigint") checkI64(v, name);
  if ((v as bigint) < lo || (v as bigint) > hi) {
    throw new OutOfRangeError(`${name} = ${v} is outside [${lo}, ${hi}]`);
  }
  return v as bigint;
}

/** Throws unless `v` is a safe integer in [lo, hi]. */
export function checkInt(v: unknown, lo: number, hi: number, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new InvalidArgumentError(`${name} must be an integer, got ${typeof v === "number" ? v : typeof v}`);
  }
  if (v < lo || v > hi) throw new OutOfRangeError(`${name} = ${v} is outside [${lo}, ${hi}]`);
  return v;
}

/**
 * A user value for an error message; never throws. (String(v) and template literals throw for
 * objects without a usable toString, Object.create(null), and templates for symbols, which
 * would turn a clear error into a TypeError.)
 */
export function show(v: unknown): string {
  try {
    if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "object" && v !== null) return Array.isArray(v) ? "an array" : "an object";
    return String(v);
  } catch {
    return typeof v;
  }
}

/**
 * An options argument: `undefined` gives `{}` (as a default parameter would, but null too is
 * refused with a clear message instead of a TypeError on its first field).
 */
export function checkOptions<T extends object>(v: T | undefined, name = "options"): T {
  if (v === undefined) return {} as T;
  if (typeof v !== "object" || v === null) throw new InvalidArgumentError(`${name} must be an object, got ${show(v)}`);
  return v;
}

/**
 * A fixed i64 range [lo, hi] whose membership test V8 compiles to machine compares. A BigInt
 * compared with a BigInt field or constant is a call in V8 11, costlier than the conversion it
 * guards. `has` stores v into an i64 cell and reads it back: the read-back equals v only when v
 * fits i64 (the store wraps), and then compares i64 words of one typed array.
 */
export class I64Range {
  readonly #w: BigInt64Array;

  constructor(lo: bigint, hi: bigint) {
    this.#w = new BigInt64Array([0n, lo, hi]);
  }

  /** True when v is a bigint with lo <= v <= hi; false for anything else (no conversion, no throw). */
  has(v: unknown): boolean {
    if (typeof v !== "bigint") return false;
    const w = this.#w;
    w[0] = v;
    const x = w[0];
    return x === v && x >= w[1] && x <= w[2];
  }
}
