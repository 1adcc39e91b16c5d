// HdrHistogram's bucket layout for (lowest discernible value, highest trackable value, significant
// digits), computed exactly in bigint. The core (assembly/jitter.ts) indexes with these numbers.
import { checkInt, I64_MAX } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

/** Largest significant-digit setting (HdrHistogram's own limit). */
export const MAX_SIGNIFICANT_DIGITS = 5;
/** Largest magnitude a histogram can track: i64. */
export const MAX_TRACKABLE_NS = I64_MAX;

export interface Layout {
  readonly lowest: bigint;
  readonly highest: bigint;
  readonly digits: number;
  /** floor(log2(lowest)): bucket 0 counts in units of 2^unit ns. */
  readonly unit: number;
  /** log2 of half the sub-buckets per bucket. */
  readonly halfMag: number;
  readonly half: number;
  readonly mask: bigint;
  readonly lzBase: number;
  /** Entries per side (negative and non-negative). */
  readonly len: number;
}

function log2Floor(v: bigint): number {
  return v.toString(2).length - 1;
}

/** The layout, or `out-of-range` / `invalid-argument` for parameters HdrHistogram refuses. */
export function layoutFor(lowest: bigint, highest: bigint, digits: number): Layout {
  checkInt(digits, 0, MAX_SIGNIFICANT_DIGITS, "significantDigits");
  if (typeof lowest !== "bigint" || typeof highest !== "bigint") {
    throw new InvalidArgumentError("lowestDiscernibleNs and highestTrackableNs must be bigint nanoseconds");
  }
  if (lowest < 1n || lowest > I64_MAX) {
    throw new OutOfRangeError(`lowestDiscernibleNs = ${lowest} is outside [1, 2^63 − 1]`);
  }
  if (highest < 2n * lowest || highest > I64_MAX) {
    throw new OutOfRangeError(`highestTrackableNs = ${highest} is outside [2 · lowestDiscernibleNs, 2^63 − 1]`);
  }
  const largestSingleUnit = 2n * 10n ** BigInt(digits);
  const countMag = (largestSingleUnit - 1n).toString(2).length; // ceil(log2)
  const halfMag = Math.max(countMag, 1) - 1;
  const unit = log2Floor(lowest);
  if (unit + halfMag > 61) {
    throw new OutOfRangeError(`${digits} significant digits above lowestDiscernibleNs = ${lowest} do not fit in i64`);
  }
  const subCount = 2n ** BigInt(halfMag + 1);
  let untrackable = subCount << BigInt(unit);
  let buckets = 1;
  while (untrackable <= highest) {
    if (untrackable > I64_MAX / 2n) {
      buckets++;
      break;
    }
    untrackable <<= 1n;
    buckets++;
  }
  const half = 1 << halfMag;
  return {
    lowest,
    highest,
    digits,
    unit,
    halfMag,
    half,
    mask: (subCount - 1n) << BigInt(unit),
    lzBase: 64 - unit - halfMag - 1,
    len: (buckets + 1) * half,
  };
}

/** Lowest magnitude of bucket index i (HdrHistogram's valueFromIndex), in bigint. */
export function valueFromIndex(l: Layout, i: number): bigint {
  let b = (i >> l.halfMag) - 1;
  let sub = (i & (l.half - 1)) + l.half;
  if (b < 0) {
    sub -= l.half;
    b = 0;
  }
  return BigInt(sub) << BigInt(b + l.unit);
}

/** Width of bucket index i in ns. */
export function bucketSize(l: Layout, i: number): bigint {
  return 1n << BigInt(Math.max((i >> l.halfMag) - 1, 0) + l.unit);
}
