// TAI−UTC as a piecewise function of UTC, and the conversions between Unix ns and TAI ns.
//
// A table lives in a block the shell owns (allocated from alloc.ts, one per LeapTable) and is
// passed by address to every function here: `tab` points at a LEAP_HEADER_BYTES header (the row
// count, i32) followed by one LEAP_ROW_BYTES row per segment, each valid from `start` (Unix ns) on. Within a row TAI−UTC = offset + floor((u − root) · rate / RATE_DEN),
// which covers both the rubber-second segments of 1961–1971 (rate ≠ 0) and the integer leap
// seconds since 1972 (rate = 0). The shell range-checks every argument, so nothing here can
// overflow: |u| < 2^63 − 2^40, |offset| ≤ 10^12 ns, rate ≤ 10^6 (see src/leap/table.ts).
import { mulDivFloorSmall } from "./wide";

/** rate is in units of 1e-7 s per day, as published (0.0012960 s/day = 12960). */
export const RATE_DEN: i64 = 864_000_000_000;

// Row fields, i64 each. The shell writes START..RATE; setRows derives ENTRY and SWITCH.
const START = 0; // Unix ns at which the row becomes valid
const OFFSET = 8; // TAI−UTC at `root`, ns
const ROOT = 16; // Unix ns the rate term is measured from
const RATE = 24; // drift, 1e-7 s/day (0 after 1972)
const ENTRY = 32; // TAI ns of `start`: start + f(start)
const SWITCH = 40; // TAI ns from which this row maps TAI to Unix (Linux kernel rule)
const ROW: i32 = 48;
/** Bytes of one row (the shell writes START..RATE of each as four i64). */
export const LEAP_ROW_BYTES: i32 = ROW;
/** Bytes before the first row: the row count (i32 at 0), padded to 16. */
export const LEAP_HEADER_BYTES: i32 = 16;

// @ts-ignore: decorator
@inline
function rowCount(tab: usize): i32 {
  return load<i32>(tab);
}

// @ts-ignore: decorator
@inline
function row(tab: usize, j: i32): usize {
  return tab + <usize>LEAP_HEADER_BYTES + <usize>(j * ROW);
}

// @ts-ignore: decorator
@inline
function offsetIn(r: usize, u: i64): i64 {
  const rate = load<i64>(r, RATE);
  const off = load<i64>(r, OFFSET);
  if (rate == 0) return off;
  return off + mulDivFloorSmall(u - load<i64>(r, ROOT), rate, RATE_DEN);
}

/**
 * Stores the row count n (≥ 1; the shell sized the block for it) in the table at `tab` and derives
 * the TAI boundaries of its rows, whose START..RATE the shell wrote. A row's switch point is where the
 * Linux kernel starts using it: the earlier of the old count passing `start` (an inserted interval
 * follows, during which the clock repeats the end of the day) and the new count reaching `start`
 * (a deleted interval was skipped).
 */
export function setRows(tab: usize, n: i32): void {
  store<i32>(tab, n);
  for (let j = 0; j < n; j++) {
    const r = row(tab, j);
    const start = load<i64>(r, START);
    const entry = start + offsetIn(r, start);
    store<i64>(r, entry, ENTRY);
    let sw = entry;
    if (j > 0) {
      // One past the TAI of the previous row's last Unix ns. With a rate the old row's images
      // skip some TAI ns; taking the last image (not start + f_old(start)) leaves no TAI ns
      // between the rows without a UTC label.
      const last = start - 1;
      const after = last + offsetIn(row(tab, j - 1), last) + 1;
      if (after < sw) sw = after;
    }
    store<i64>(r, sw, SWITCH);
  }
}

/** Index of the row valid at Unix ns u, or -1 before the first row. */
// @ts-ignore: decorator
@inline
function rowAtUnix(tab: usize, u: i64): i32 {
  let hi = rowCount(tab) - 1;
  if (u >= load<i64>(row(tab, hi), START)) return hi; // the common case: now
  let lo = 0;
  if (u < load<i64>(row(tab, 0), START)) return -1;
  // invariant: start[lo] <= u < start[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (load<i64>(row(tab, mid), START) <= u) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Index of the row that maps TAI ns t back to Unix, or -1 before the first row. */
export function rowAtTai(tab: usize, t: i64): i32 {
  let hi = rowCount(tab) - 1;
  if (t >= load<i64>(row(tab, hi), SWITCH)) return hi;
  let lo = 0;
  if (t < load<i64>(row(tab, 0), SWITCH)) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (load<i64>(row(tab, mid), SWITCH) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** TAI−UTC in ns at Unix ns u (u at or after the first row). */
export function taiMinusUtc(tab: usize, u: i64): i64 {
  return offsetIn(row(tab, rowAtUnix(tab, u)), u);
}

/** TAI ns of Unix ns u. Inside an inserted second this is the first occurrence. */
export function unixToTai(tab: usize, u: i64): i64 {
  return u + offsetIn(row(tab, rowAtUnix(tab, u)), u);
}

/**
 * Unix ns shown at TAI ns t: the smallest u whose TAI is at or after t. With rate = 0 that is
 * t − offset; with a rate it inverts t = u + off + (u − root)·rate/DEN exactly:
 * u − root = ceil(y·DEN/(DEN+rate)) = y − floor(y·rate/(DEN+rate)), y = t − off − root.
 */
export function taiToUnix(tab: usize, t: i64): i64 {
  return unixInRow(row(tab, rowAtTai(tab, t)), t);
}

// @ts-ignore: decorator
@inline
function unixInRow(r: usize, t: i64): i64 {
  const rate = load<i64>(r, RATE);
  const off = load<i64>(r, OFFSET);
  if (rate == 0) return t - off;
  const root = load<i64>(r, ROOT);
  const y = t - off - root;
  return root + y - mulDivFloorSmall(y, rate, RATE_DEN + rate);
}

/**
 * How far TAI ns t is into an inserted interval (a positive leap), or -1 when t is not inside one.
 * The interval of row j is [switch, entry): UTC labels it 23:59:60.
 */
export function insertedOffset(tab: usize, t: i64): i64 {
  const j = rowAtTai(tab, t);
  if (j <= 0) return -1;
  const r = row(tab, j);
  const entry = load<i64>(r, ENTRY);
  return t < entry ? t - load<i64>(r, SWITCH) : -1;
}

/** TAI ns at which the inserted interval that ends at row j's start begins (its switch point). */
export function switchTai(tab: usize, j: i32): i64 {
  return load<i64>(row(tab, j), SWITCH);
}

/** TAI ns of row j's start. */
export function entryTai(tab: usize, j: i32): i64 {
  return load<i64>(row(tab, j), ENTRY);
}

// ---- batch forms: n i64 in at `src`, n i64 out at `dst` (may alias) ----
// Same results as the scalar functions, element by element. The loops inline the lookup instead of
// calling the exported function per element, keep the last row's key in a local (the fast path),
// and search the other rows branch-free (select → cmov) with a trip count that depends only on the
// row count. Keys are nondecreasing (the shell validates tables), so this finds the same row as
// rowAtUnix / rowAtTai: the largest j with key[j] <= x.

/** rowAtUnix / rowAtTai for key[0] <= x < key[n − 1] (field = START or SWITCH). */
// @ts-ignore: decorator
@inline
function searchBelowLast(first: usize, x: i64, n: i32, field: usize): usize {
  let base: i32 = 0;
  let len: i32 = n - 1; // candidates base .. base + len − 1; key[base] <= x
  while (len > 1) {
    const half = len >>> 1;
    base = select<i32>(base + half, base, load<i64>(first + <usize>((base + half) * ROW) + field) <= x);
    len -= half;
  }
  return first + <usize>(base * ROW);
}

// The loops address rows from `first` (row 0 of the table, computed once), so each step does the
// same arithmetic as it did on a table at a fixed address.

/** Row address for Unix ns u among n rows from `first`, the last at `last` starting at lastStart (first − ROW before the first row, as rowAtUnix's −1). */
// @ts-ignore: decorator
@inline
function rowForUnix(first: usize, u: i64, n: i32, last: usize, lastStart: i64, firstStart: i64): usize {
  if (u >= lastStart) return last;
  if (u < firstStart) return first - <usize>ROW;
  return searchBelowLast(first, u, n, <usize>START);
}

// @ts-ignore: decorator
@inline
function rowForTai(first: usize, t: i64, n: i32, last: usize, lastSwitch: i64, firstSwitch: i64): usize {
  if (t >= lastSwitch) return last;
  if (t < firstSwitch) return first - <usize>ROW;
  return searchBelowLast(first, t, n, <usize>SWITCH);
}

// The batch loops below trust their input: the shell first calls outsideRange over the same
// block (small enough to stay in cache) and throws instead of running them when it flags one.
// Folding the compares into the lookup loop measured 20% slower in V8 (4.6 against 3.8 ns per
// instant, Node 20) for three ALU operations, and a plain scalar check loop costs 0.8 ns per
// instant; the SIMD loop below costs 0.25.

/** 1 when some of the n i64 at p lies outside [lo, hi], else 0. */
export function outsideRange(p: usize, n: i32, lo: i64, hi: i64): i32 {
  // Four instants an iteration, two per SIMD lane pair: x is outside when x < lo or x > hi.
  const vlo = i64x2.splat(lo);
  const vhi = i64x2.splat(hi);
  let acc = i64x2.splat(0);
  const end = p + (<usize>(n & ~3) << 3);
  for (let q = p; q < end; q += 32) {
    const x = v128.load(q);
    const y = v128.load(q, 16);
    acc = v128.or(acc, v128.or(v128.or(i64x2.lt_s(x, vlo), i64x2.gt_s(x, vhi)), v128.or(i64x2.lt_s(y, vlo), i64x2.gt_s(y, vhi))));
  }
  let bad = i32(v128.any_true(acc));
  for (let q = end; q < p + (<usize>n << 3); q += 8) {
    const x = load<i64>(q);
    bad |= i32(x < lo) | i32(x > hi);
  }
  return bad;
}

// One loop for both Unix-keyed forms (addU selects TAI−UTC or TAI), so the code exists once.
function unixBatch(tab: usize, src: usize, dst: usize, n: i32, addU: bool): void {
  const k = rowCount(tab);
  const first = row(tab, 0);
  const last = row(tab, k - 1);
  const lastStart = load<i64>(last, START);
  const firstStart = load<i64>(first, START);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const u = load<i64>(src + o);
    store<i64>(dst + o, select<i64>(u, 0, addU) + offsetIn(rowForUnix(first, u, k, last, lastStart, firstStart), u));
  }
}

export function taiMinusUtcBatch(tab: usize, src: usize, dst: usize, n: i32): void {
  unixBatch(tab, src, dst, n, false);
}

export function unixToTaiBatch(tab: usize, src: usize, dst: usize, n: i32): void {
  unixBatch(tab, src, dst, n, true);
}

export function taiToUnixBatch(tab: usize, src: usize, dst: usize, n: i32): void {
  const k = rowCount(tab);
  const first = row(tab, 0);
  const last = row(tab, k - 1);
  const lastSwitch = load<i64>(last, SWITCH);
  const firstSwitch = load<i64>(first, SWITCH);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const t = load<i64>(src + o);
    store<i64>(dst + o, unixInRow(rowForTai(first, t, k, last, lastSwitch, firstSwitch), t));
  }
}
