// RFC 5905 §11.2.1 selection: Marzullo's intersection of correctness intervals.
import { checkI64, I64_MAX, I64_MIN } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

/** A candidate's correctness interval: offset θ ± root distance λ, ns. */
export interface SelectCandidate {
  readonly offsetNs: bigint;
  readonly rootDistanceNs: bigint;
}

/** Result of `selectTruechimers`. */
export interface SelectResult {
  /** Indices (into the input) of the truechimers: intervals that reach into [lowNs, highNs]. */
  readonly truechimers: readonly number[];
  /** Indices of the rest. */
  readonly falsetickers: readonly number[];
  /** The intersection interval, ns; undefined when no majority agrees (no truechimers then). */
  readonly lowNs: bigint | undefined;
  readonly highNs: bigint | undefined;
  /** Number of falsetickers the intersection allowed for (f in the RFC). */
  readonly allowed: number;
}

/**
 * Truechimers among `intervals` by the RFC 5905 selection algorithm: for f = 0, 1, … < n/2, find
 * the lowest point contained in n − f intervals and the highest, counting midpoints outside them;
 * the first f whose outside midpoints are at most f and whose low < high gives the intersection.
 */
export function selectTruechimers(intervals: readonly SelectCandidate[]): SelectResult {
  if (!Array.isArray(intervals)) {
    throw new InvalidArgumentError("selectTruechimers expects an array of { offsetNs, rootDistanceNs }");
  }
  const n = intervals.length;
  const edges: { v: bigint; type: -1 | 0 | 1 }[] = [];
  // Index loops, not forEach: forEach skips a sparse array's holes, which n still counts.
  for (let i = 0; i < n; i++) {
    const c = intervals[i];
    const o = checkI64(c?.offsetNs, `intervals[${i}].offsetNs`);
    const d = checkI64(c?.rootDistanceNs, `intervals[${i}].rootDistanceNs`);
    if (d < 0n) throw new InvalidArgumentError(`intervals[${i}].rootDistanceNs must be ≥ 0`);
    if (o - d < I64_MIN || o + d > I64_MAX) {
      throw new OutOfRangeError(`intervals[${i}]: offsetNs ± rootDistanceNs = [${o - d}, ${o + d}] leaves i64 ns`);
    }
    edges.push({ v: o - d, type: -1 }, { v: o, type: 0 }, { v: o + d, type: 1 });
  }
  edges.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.type - b.type));
  let low: bigint | undefined, high: bigint | undefined, allowed = 0;
  for (let f = 0; 2 * f < n; f++) {
    let found = 0, chime = 0;
    let lo: bigint | undefined, hi: bigint | undefined;
    for (let i = 0; i < edges.length; i++) {
      chime -= edges[i].type;
      if (chime >= n - f) {
        lo = edges[i].v;
        break;
      }
      if (edges[i].type === 0) found++;
    }
    chime = 0;
    for (let i = edges.length - 1; i >= 0; i--) {
      chime += edges[i].type;
      if (chime >= n - f) {
        hi = edges[i].v;
        break;
      }
      if (edges[i].type === 0) found++;
    }
    if (found > f) continue;
    if (lo !== undefined && hi !== undefined && hi > lo) {
      low = lo;
      high = hi;
      allowed = f;
      break;
    }
  }
  const truechimers: number[] = [], falsetickers: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = intervals[i];
    const inside = low !== undefined && high !== undefined && c.offsetNs - c.rootDistanceNs <= high &&
      c.offsetNs + c.rootDistanceNs >= low;
    (inside ? truechimers : falsetickers).push(i);
  }
  return Object.freeze({ truechimers, falsetickers, lowNs: low, highNs: high, allowed });
}
