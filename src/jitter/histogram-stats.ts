// The arithmetic of LatencyHistogram's statistics and arguments, apart from any core memory: exact
// moments from header words, mean and standard deviation, the rank HdrHistogram takes for a
// percentile, the percentile-plot series, and the checks of values and counts.
import { I64_MAX } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

/** One point of a percentile plot. */
export interface PercentilePoint {
  /** 0 … 100. */
  readonly percentile: number;
  /** HdrHistogram's value at that percentile, ns. */
  readonly valueNs: bigint;
  /** 1 / (1 − percentile/100): the x coordinate of a log-scale percentile plot (∞ at 100). */
  readonly inverseTail: number;
}

/** A count given as a bigint in [0, 2^63 − 1] or a safe non-negative integer number. */
export function toCount(count: unknown): bigint {
  if (typeof count === "number") {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new InvalidArgumentError(`count must be a non-negative integer, got ${count}`);
    }
    return BigInt(count);
  }
  if (typeof count !== "bigint") {
    throw new InvalidArgumentError(`count must be a bigint or an integer number, got ${typeof count}`);
  }
  if (count < 0n || count > I64_MAX) throw new OutOfRangeError(`count = ${count} is outside [0, 2^63 − 1]`);
  return count;
}

/** A value given as bigint ns, or as a number that is an exact integer of ns (any size: range is checked later). */
export function toNs(v: unknown, name: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new InvalidArgumentError(`${name} must be a whole number of ns, got ${v}`);
    return BigInt(v);
  }
  throw new InvalidArgumentError(`${name} must be a bigint (or integer number) of ns, got ${typeof v}`);
}

/** The signed 128-bit integer whose words are lo (low, read unsigned) and hi (high, signed). */
export function int128(lo: bigint, hi: bigint): bigint {
  return (hi << 64n) | BigInt.asUintN(64, lo);
}

/** The unsigned 192-bit integer of three i64 words, least significant first. */
export function uint192(w0: bigint, w1: bigint, w2: bigint): bigint {
  return (BigInt.asUintN(64, w2) << 128n) | (BigInt.asUintN(64, w1) << 64n) | BigInt.asUintN(64, w0);
}

/** Σv / n rounded once to a double (exact quotient and remainder first); NaN for n = 0. */
export function meanOf(sum: bigint, n: bigint): number {
  if (n === 0n) return NaN;
  const q = sum / n, r = sum % n;
  return Number(q) + Number(r) / Number(n);
}

/** Population standard deviation sqrt(n·Σv² − (Σv)²) / n, the radicand exact; NaN for n = 0. */
export function stddevOf(sum: bigint, sumOfSquares: bigint, n: bigint): number {
  if (n === 0n) return NaN;
  return Math.sqrt(Number(n * sumOfSquares - sum * sum)) / Number(n);
}

/**
 * Σx and Σx² over the values x = s + j·iv (j = 0 … n − 1, s = v − n·iv, n = v/iv − 1) that
 * coordinated-omission correction adds for a value v >= 2·iv (iv > 0):
 * n·s + iv·n(n−1)/2 and n·s² + s·iv·n(n−1) + iv²·(n−1)n(2n−1)/6.
 */
export function correctionMoments(v: bigint, iv: bigint): { sum: bigint; sumOfSquares: bigint } {
  const n = v / iv - 1n;
  const s = v - n * iv;
  return {
    sum: n * s + (iv * n * (n - 1n)) / 2n,
    sumOfSquares: n * s * s + s * iv * n * (n - 1n) + (iv * iv * (n - 1n) * n * (2n * n - 1n)) / 6n,
  };
}

/** The largest double below p (Java's Math.nextAfter(p, −∞)) for finite p > 0; p otherwise. */
function nextDown(p: number): number {
  if (!(p > 0) || !Number.isFinite(p)) return p;
  const f = new Float64Array([p]);
  const b = new BigInt64Array(f.buffer);
  b[0] -= 1n;
  return f[0];
}

/**
 * The rank HdrHistogram's getValueAtPercentile looks up among `total` > 0 values: p nudged down by
 * one ulp, clamped to [0, 100], then ceil(p/100 · total), at least 1 and at most total.
 */
export function rankAtPercentile(p: number, total: bigint): bigint {
  const req = Math.min(Math.max(nextDown(p), 0), 100);
  const k = BigInt(Math.max(Math.ceil((req / 100) * Number(total)), 1));
  return k > total ? total : k;
}

/**
 * HdrHistogram's percentile-output spacing for `count` values: `ticksPerHalf` points per halving
 * of the remaining tail (50, 75, 87.5, … with 1 tick), up to the first level whose tail holds
 * less than one value, then 100; each valued by `valueAt`. [] for count 0.
 */
export function percentileSeriesOf(
  count: number,
  ticksPerHalf: number,
  valueAt: (p: number) => bigint,
): PercentilePoint[] {
  if (count === 0) return [];
  const out: PercentilePoint[] = [];
  for (let k = 0;; k++) {
    const tail = 2 ** (-k / ticksPerHalf);
    const p = 100 * (1 - tail);
    out.push({ percentile: p, valueNs: valueAt(p), inverseTail: 1 / tail });
    if (tail * count < 1 || k > 64 * ticksPerHalf) break;
  }
  out.push({ percentile: 100, valueNs: valueAt(100), inverseTail: Infinity });
  return out;
}
