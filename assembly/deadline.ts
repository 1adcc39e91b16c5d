// Deadline arithmetic over i64 nanoseconds: saturating sums and the grpc-timeout unit choice.
//
// grpc-timeout carries a value of at most 8 decimal digits and one unit (n u m S M H). The encoder
// picks the finest unit in which the rounded value still fits in 8 digits; the result is packed
// into one i64 as value * 8 + unit index so that a single call returns both (value < 10^8, so
// the packing never overflows). Unit indices: 0 n, 1 u, 2 m, 3 S, 4 M, 5 H.
//
// The string side (digits, unit letter, strict parsing) is in the shell (src/deadline/grpc.ts):
// the core has no strings, and a parsed 8-digit value crosses the boundary as one i64.

const I64_MAX: i64 = 9_223_372_036_854_775_807;
const I64_MIN: i64 = -9_223_372_036_854_775_807 - 1;

/** Largest grpc-timeout value: 8 digits. */
const GRPC_MAX_VALUE: i64 = 99_999_999;

// @ts-ignore: decorator
@inline
function unitNs(i: i32): i64 {
  switch (i) {
    case 0: return 1;
    case 1: return 1_000;
    case 2: return 1_000_000;
    case 3: return 1_000_000_000;
    case 4: return 60_000_000_000;
    default: return 3_600_000_000_000;
  }
}

/** a + b, clamped to [I64_MIN, I64_MAX] instead of wrapping. */
export function satAdd(a: i64, b: i64): i64 {
  const s = a + b;
  // Overflow iff a and b have the same sign and s has the other one.
  if (((a ^ s) & (b ^ s)) < 0) return a < 0 ? I64_MIN : I64_MAX;
  return s;
}

/** a − b, clamped to [I64_MIN, I64_MAX] instead of wrapping. */
export function satSub(a: i64, b: i64): i64 {
  const s = a - b;
  // Overflow iff a and b have different signs and s has the sign of b.
  if (((a ^ b) & (a ^ s)) < 0) return a < 0 ? I64_MIN : I64_MAX;
  return s;
}

/**
 * grpc-timeout of `ns` as value * 8 + unit. `up`: the value is ceil(ns / unit), so the decoded
 * timeout is never shorter than ns (grpc-go's rule); otherwise floor(ns / unit), never longer.
 * ns <= 0 encodes as 0 nanoseconds. Hours always fit: (2^63 − 1) / 3.6e12 < 2.6e6.
 */
export function grpcEncode(ns: i64, up: bool): i64 {
  if (ns <= 0) return 0;
  for (let i = 0; i < 5; i++) {
    const u = unitNs(i);
    let q = ns / u;
    if (up && q * u != ns) q++;
    if (q <= GRPC_MAX_VALUE) return (q << 3) | <i64>i;
  }
  const h: i64 = 3_600_000_000_000;
  let q = ns / h;
  if (up && q * h != ns) q++;
  return (q << 3) | 5;
}

/**
 * Nanoseconds of a parsed grpc-timeout (value in [0, 10^8), unit index 0…5), saturating at
 * I64_MAX as grpc-go does for hours past the i64 range. Only H can overflow: 99999999 M < 2^63.
 */
export function grpcDecode(value: i64, unit: i32): i64 {
  const u = unitNs(unit);
  if (value > I64_MAX / u) return I64_MAX;
  return value * u;
}

/**
 * Whole milliseconds of `ns` (floor, or ceil when `up`), clamped to [0, maxMs]: the rule of the
 * millisecond headers (Connect-Timeout-Ms, x-envoy-expected-rq-timeout-ms).
 */
export function msEncode(ns: i64, up: bool, maxMs: i64): i64 {
  if (ns <= 0) return 0;
  let q = ns / 1_000_000;
  if (up && q * 1_000_000 != ns) q++;
  return q > maxMs ? maxMs : q;
}

/** ms * 10^6, saturating at I64_MAX. */
export function msDecode(ms: i64): i64 {
  if (ms > I64_MAX / 1_000_000) return I64_MAX;
  return ms * 1_000_000;
}
