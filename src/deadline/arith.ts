// Deadline arithmetic in plain bigint: saturating sums and the timeout-header unit choice.
//
// These are the rules of assembly/deadline.ts, kept here in TypeScript so that the header codecs,
// `Deadline` and `analyzeTimeouts` work without the WebAssembly core: a bundle that imports only
// them carries no core bytes. Each function is exact over the whole i64 range (bigint has no
// overflow; the clamps below are the i64 semantics the core has), and test/unit/deadline.arith.test.ts
// checks every one against the core on random and edge inputs.
import { I64_MAX, I64_MIN } from "../check.ts";

/** Largest grpc-timeout value: 8 digits. */
const GRPC_MAX_VALUE = 99_999_999n;
/** Nanoseconds per grpc-timeout unit by index: 0 n, 1 u, 2 m, 3 S, 4 M, 5 H. */
const UNIT_NS = [1n, 1_000n, 1_000_000n, 1_000_000_000n, 60_000_000_000n, 3_600_000_000_000n] as const;

/** a + b clamped to [−2^63, 2^63 − 1] ns instead of wrapping. */
export function satAdd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s > I64_MAX ? I64_MAX : s < I64_MIN ? I64_MIN : s;
}

/** a − b clamped to [−2^63, 2^63 − 1] ns instead of wrapping. */
export function satSub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s > I64_MAX ? I64_MAX : s < I64_MIN ? I64_MIN : s;
}

/** ceil(n / d) when `up`, else floor, for n ≥ 0 and d > 0. */
function divide(n: bigint, d: bigint, up: boolean): bigint {
  const q = n / d;
  return up && q * d !== n ? q + 1n : q;
}

/**
 * grpc-timeout of `ns` packed as value * 8 + unit index: the finest unit whose rounded value fits
 * in 8 digits. `up` rounds the value up (the decoded timeout is never shorter, grpc-go's rule),
 * otherwise down (never longer). ns ≤ 0 encodes as 0 (that is "0n"). Hours always fit:
 * (2^63 − 1) / 3.6e12 < 2.6e6.
 */
export function grpcEncode(ns: bigint, up: number | boolean): bigint {
  if (ns <= 0n) return 0n;
  const u = up === true || up === 1;
  for (let i = 0; i < 5; i++) {
    const q = divide(ns, UNIT_NS[i], u);
    if (q <= GRPC_MAX_VALUE) return (q << 3n) | BigInt(i);
  }
  return (divide(ns, UNIT_NS[5], u) << 3n) | 5n;
}

/**
 * Nanoseconds of a parsed grpc-timeout (value in [0, 10^8), unit index 0…5), saturating at
 * 2^63 − 1 as grpc-go does for hours past the i64 range.
 */
export function grpcDecode(value: bigint, unit: number): bigint {
  const ns = value * UNIT_NS[unit];
  return ns > I64_MAX ? I64_MAX : ns;
}

/**
 * Whole milliseconds of `ns` (floor, or ceil when `up`) clamped to [0, maxMs]: the rule of the
 * millisecond headers (Connect-Timeout-Ms, x-envoy-expected-rq-timeout-ms).
 */
export function msEncode(ns: bigint, up: number | boolean, maxMs: bigint): bigint {
  if (ns <= 0n) return 0n;
  const q = divide(ns, 1_000_000n, up === true || up === 1);
  return q > maxMs ? maxMs : q;
}

/** ms × 10^6, saturating at 2^63 − 1. */
export function msDecode(ms: bigint): bigint {
  const ns = ms * 1_000_000n;
  return ns > I64_MAX ? I64_MAX : ns;
}

const ARITH = Object.freeze({ satAdd, satSub, grpcEncode, grpcDecode, msEncode, msDecode });

/**
 * The same functions under the core's names, for code written against `core()`: deadline.ts
 * imports this as `core`, so its saturating sums stay in TypeScript and pull no WebAssembly.
 */
export function deadlineArith(): typeof ARITH {
  return ARITH;
}
