// Latency histograms: HdrHistogram's log-linear buckets over i64 ns, signed.
//
// A histogram is one block from heap.ts: a header of i64 fields, then two count arrays of LEN
// i64 each, indexed by magnitude |v|: NEG for v < 0, POS for v >= 0. NEG is stored reversed and
// ends where POS starts, so magnitude index i of a value with sign word s (0 or −1) is at
// POS + 8·(i XOR s): no select between the arrays in the recording loop. Both sides use HdrHistogram's
// index, so a negative value has exactly the precision of its magnitude. The shell derives the
// layout (unit magnitude, sub-bucket counts, LEN) and checks every argument; the core trusts it.
//
// Index of a magnitude m (HdrHistogram's countsArrayIndex, folded):
//   b = LZBASE − clz(m | MASK),  idx = (b << HALFMAG) + (m >>> (b + UNIT))
//
// Moments are exact: SUM is Σ v·count as a signed 128-bit integer, SQ is Σ v²·count as an unsigned
// 192-bit integer (|v| < 2^63 and total count < 2^63 bound them by 2^126 and 2^189).
import { HI, LO, mul64 } from "./i128";

// header fields (byte offsets)
const UNIT = 0;
const HALFMAG = 8;
const MASK = 16;
const LZBASE = 24;
const HALF = 32;
const LEN = 40;
const HIGH = 48;
const TOTAL = 56;
const NEGTOTAL = 64;
const MIN = 72;
const MAX = 80;
const SUMLO = 88;
const SUMHI = 96;
const SQ0 = 104;
const SQ1 = 112;
const SQ2 = 120;
const OVERFLOW = 128;
/** Bytes of header before the NEG counts. */
export const HIST_HEADER: i32 = 256;

const I64_MAX: i64 = 0x7fff_ffff_ffff_ffff;
/**
 * Values per block of recordMany's carry-free sum of squares: in each of the two SIMD lanes 128
 * squares below (2^SQ_BITS)^2 = 2^56 sum below 2^63, so the two lanes' sum stays below 2^64.
 */
const SQ_BLOCK: i32 = 256;
const SQ_BITS: u64 = 28;
const I64_MIN: i64 = -0x7fff_ffff_ffff_ffff - 1;

/** Result codes of the record functions (>= 0: all n values taken; see histRecordMany). */
export const REC_OK: i32 = -1;

// @ts-ignore: decorator
@inline
function f(h: usize, off: usize): i64 {
  return load<i64>(h + off);
}

// @ts-ignore: decorator
@inline
function negBase(h: usize): usize {
  return h + <usize>HIST_HEADER;
}

// @ts-ignore: decorator
@inline
function posBase(h: usize): usize {
  return h + <usize>HIST_HEADER + (<usize>f(h, LEN) << 3);
}

/** Address of the negative side's count at magnitude index i (stored reversed below POS). */
// @ts-ignore: decorator
@inline
function negAt(h: usize, i: i32): usize {
  return posBase(h) - ((<usize>i + 1) << 3);
}

/** Count-array index of magnitude m (0 <= m <= HIGH). */
function histIndex(h: usize, m: i64): i32 {
  const b = f(h, LZBASE) - clz<i64>(m | f(h, MASK));
  return <i32>((b << f(h, HALFMAG)) + (m >>> (b + f(h, UNIT))));
}

/** Lowest magnitude of the bucket at index i (HdrHistogram's valueFromIndex). */
function histValueFromIndex(h: usize, i: i32): i64 {
  const halfMag = f(h, HALFMAG), half = f(h, HALF);
  let b = (<i64>i >> halfMag) - 1;
  let sub = (<i64>i & (half - 1)) + half;
  if (b < 0) {
    sub -= half;
    b = 0;
  }
  return sub << (b + f(h, UNIT));
}

/** Width of the bucket at index i, in ns. */
function histBucketSize(h: usize, i: i32): i64 {
  let b = (<i64>i >> f(h, HALFMAG)) - 1;
  if (b < 0) b = 0;
  return (<i64>1) << (b + f(h, UNIT));
}

/** Empties the histogram (counts, moments, overflow) keeping its layout. */
export function histReset(h: usize): void {
  memory.fill(h + TOTAL, 0, <usize>(HIST_HEADER - TOTAL));
  store<i64>(h + MIN, I64_MAX);
  store<i64>(h + MAX, I64_MIN);
  memory.fill(negBase(h), 0, <usize>f(h, LEN) << 4);
}

/** Adds v·c (c >= 0) to SUM and v²·c to SQ, exactly. */
function addMoments(h: usize, v: i64, c: i64): void {
  const m = <u64>(v < 0 ? -v : v);
  // v·c as 128 bits, negated for v < 0
  mul64(m, <u64>c);
  let lo = LO, hi = HI;
  if (v < 0) {
    lo = ~lo + 1;
    hi = ~hi + (lo == 0 ? 1 : 0);
  }
  const slo = <u64>f(h, SUMLO);
  const nlo = slo + lo;
  store<u64>(h + SUMLO, nlo);
  store<u64>(h + SUMHI, <u64>f(h, SUMHI) + hi + (nlo < slo ? 1 : 0));
  // m² as 128 bits, then · c as 192 bits
  mul64(m, m);
  const q0 = LO, q1 = HI;
  mul64(q0, <u64>c);
  const p0 = LO, c0 = HI;
  mul64(q1, <u64>c);
  const p1 = LO + c0;
  const p2 = HI + (p1 < c0 ? 1 : 0);
  add192(h, p0, p1, p2);
}

// @ts-ignore: decorator
@inline
function add192(h: usize, p0: u64, p1: u64, p2: u64): void {
  const a0 = <u64>f(h, SQ0), a1 = <u64>f(h, SQ1), a2 = <u64>f(h, SQ2);
  const r0 = a0 + p0;
  const k0: u64 = r0 < a0 ? 1 : 0;
  const t1 = a1 + p1;
  const k1: u64 = t1 < a1 ? 1 : 0;
  const r1 = t1 + k0;
  const k2: u64 = r1 < t1 ? 1 : 0;
  store<u64>(h + SQ0, r0);
  store<u64>(h + SQ1, r1);
  store<u64>(h + SQ2, a2 + p2 + k1 + k2);
}

/**
 * Records v with count c >= 0. Returns 0, 1 when |v| > HIGH (nothing recorded, or counted as
 * overflow when `overflow` is 1), 2 when the total count would pass 2^63 − 1.
 */
export function histRecord(h: usize, v: i64, c: i64, overflow: i32): i32 {
  const m = v < 0 ? -v : v;
  if (v == I64_MIN || m > f(h, HIGH)) {
    if (overflow != 0) store<i64>(h + OVERFLOW, f(h, OVERFLOW) + c);
    return 1;
  }
  if (c > I64_MAX - f(h, TOTAL)) return 2;
  if (c == 0) return 0;
  const idx = histIndex(h, m);
  const p = v < 0 ? negAt(h, idx) : posBase(h) + (<usize>idx << 3);
  store<i64>(p, load<i64>(p) + c);
  store<i64>(h + TOTAL, f(h, TOTAL) + c);
  if (v < 0) store<i64>(h + NEGTOTAL, f(h, NEGTOTAL) + c);
  if (v < f(h, MIN)) store<i64>(h + MIN, v);
  if (v > f(h, MAX)) store<i64>(h + MAX, v);
  addMoments(h, v, c);
  return 0;
}

/**
 * Records n i64 values at src, one each. Returns REC_OK, or the index of the first value it could
 * not take (|v| > HIGH with overflow = 0); values before that index are recorded. With overflow = 1
 * values beyond HIGH are counted in OVERFLOW and the loop goes on. n must leave TOTAL < 2^63.
 *
 * Moments of |v| < 2^32 go to narrow accumulators (an i64 sum, which n < 2^31 such values cannot
 * overflow, and a u64 sum of squares with a carry count) folded into SUM/SQ once at the end; wider
 * values (rare for latencies: above 4.3 s) take the exact 128/192-bit path out of line, which keeps
 * the loop's registers free.
 */
export function histRecordMany(h: usize, src: usize, n: i32, overflow: i32): i32 {
  return recordMany<i64>(h, src, n, overflow);
}

/**
 * histRecordMany for n f64 values at src that the shell has already checked: whole numbers with
 * |x| < 2^51, all in range (what `record(number)` stages). Converts them in place without checks.
 */
export function histRecordStagedF64(h: usize, src: usize, n: i32): i32 {
  const magic = f64x2.splat(6755399441055744.0); // 1.5 · 2^52: see smallWholeToI64
  const end = src + (<usize>(n & ~1) << 3);
  for (let q = src; q < end; q += 16) v128.store(q, i64x2.sub(f64x2.add(v128.load(q), magic), magic));
  if (n & 1) store<i64>(end, <i64>load<f64>(end));
  return histRecordMany(h, src, n, 0);
}

/**
 * histRecordMany for n f64 values at src: each must be an integer of ns (no NaN, ±Infinity or
 * fraction). Returns REC_OK or the index of the first value not taken, either out of range
 * (without overflow = 1) or not an integer (always); the shell tells which from the value.
 */
export function histRecordManyF64(h: usize, src: usize, n: i32, overflow: i32): i32 {
  return recordMany<f64>(h, src, n, overflow);
}

/**
 * recordMany's counting loop over [i, end): checks each value, counts it in its bucket, and
 * returns the index of the first value not taken (end when all were). f64 values must be whole
 * and are written back as i64, so everything before the returned index reads as i64 afterwards.
 */
// @ts-ignore: decorator
@inline
function countBlock<T>(
  src: usize, i: i32, end: i32, unit: i64, halfMag: i64, mask: i64, lzbase: i64, high: i64, pos: usize,
): i32 {
  for (; i < end; i++) {
    let v: i64;
    if (isFloat<T>()) {
      const x = load<f64>(src + (<usize>i << 3));
      v = <i64>x; // saturating: NaN → 0, beyond ±2^63 → the i64 ends
      if (<f64>v != x || v == I64_MAX) break; // a fraction, NaN, ±Infinity, or |x| >= 2^63 (no double is 2^63 − 1)
    } else {
      v = load<i64>(src + (<usize>i << 3));
    }
    const s = v >> 63; // 0 or −1
    const m = (v ^ s) - s;
    if (<u64>m > <u64>high) break; // also v = I64_MIN, whose m wraps negative
    if (isFloat<T>()) store<i64>(src + (<usize>i << 3), v);
    const b = lzbase - clz<i64>(m | mask);
    const idx = (b << halfMag) + (m >>> (b + unit));
    const p = pos + (<usize>(idx ^ s) << 3);
    store<i64>(p, load<i64>(p) + 1);
  }
  return i;
}

/**
 * When all n f64 at p are whole numbers below 2^51 in magnitude (26 days of ns: every latency),
 * converts them to i64 in place with SIMD and returns true; otherwise changes nothing and returns
 * false. The scalar f64 → i64 conversion with its checks costs ~2 ns a value in V8; this
 * costs a fraction of that, and the counting loop then runs its i64 form.
 */
function smallWholeToI64(p: usize, n: i32): bool {
  // Whole and |x| < 2^51: then x + 1.5·2^52 is exact, and its bit pattern minus that of 1.5·2^52
  // is x as an i64 (one add and one subtract; V8's SIMD f64 → int conversions cost far more).
  const limit = f64x2.splat(2251799813685248.0); // 2^51
  const magic = f64x2.splat(6755399441055744.0); // 1.5 · 2^52
  let ok = i64x2.splat(-1);
  const end = p + (<usize>(n & ~1) << 3);
  for (let q = p; q < end; q += 16) {
    const x = v128.load(q);
    ok = v128.and(ok, v128.and(f64x2.eq(f64x2.trunc(x), x), f64x2.lt(f64x2.abs(x), limit)));
  }
  if (!v128.all_true<i64>(ok)) return false;
  if (n & 1) {
    const x = load<f64>(end);
    if (Math.trunc(x) != x || Math.abs(x) >= 2251799813685248.0) return false;
  }
  for (let q = p; q < end; q += 16) {
    v128.store(q, i64x2.sub(f64x2.add(v128.load(q), magic), magic));
  }
  if (n & 1) store<i64>(end, <i64>load<f64>(end));
  return true;
}

// @ts-ignore: decorator
@inline
function recordMany<T>(h: usize, src: usize, n: i32, overflow: i32): i32 {
  const unit = f(h, UNIT), halfMag = f(h, HALFMAG), mask = f(h, MASK), lzbase = f(h, LZBASE), high = f(h, HIGH);
  const pos = posBase(h);
  let mn = f(h, MIN), mx = f(h, MAX), negN: i64 = 0, over: i64 = 0;
  let nsum: i64 = 0, nsq: u64 = 0, ncarry: u64 = 0;
  let wide = false;
  let bsqTail: u64 = 0;
  let i = 0;
  let stop = false;
  while (!stop) {
    // Blocks of SQ_BLOCK values. For each, a counting loop (check, bucket, increment; f64 values
    // are converted and written back as i64), then a SIMD pass over what it took for the moments.
    // Kept apart, the counting loop holds its few values in registers (with the moments folded in
    // it measured 4.4 ns per value; apart, ~3). While every |v| of a block is below 2^28 (0.27 s)
    // its squares sum below 2^64 with no carry, so the block folds with one carry check.
    let blockStart = i;
    for (;;) {
      const end = n - blockStart > SQ_BLOCK ? blockStart + SQ_BLOCK : n;
      if (isFloat<T>() && smallWholeToI64(src + (<usize>i << 3), end - i)) {
        i = countBlock<i64>(src, i, end, unit, halfMag, mask, lzbase, high, pos); // converted in place
        // a value out of range stopped it: the untaken rest goes back to f64 (exact below 2^31),
        // so that as on the scalar path only what was taken reads as i64
        for (let k = i; k < end; k++) store<f64>(src + (<usize>k << 3), <f64>load<i64>(src + (<usize>k << 3)));
      } else {
        i = countBlock<T>(src, i, end, unit, halfMag, mask, lzbase, high, pos);
      }
      // moments of [blockStart, i), SIMD: sum, count of negatives, squares through a 32×32→64
      // multiply (exact when |v| < 2^31; used only when the block's |v| < 2^SQ_BITS), and whether
      // any value lies outside [fastLo, fastHi]: the running [min, max] clipped to ±(2^SQ_BITS − 1).
      // A block inside it changes neither min nor max and is narrow; only a block that is not
      // (a new extreme, or a value of 0.27 s or more) pays a scalar pass for its own min and max.
      // Checking against fixed bounds is a chain of ORs; a running min/max would be a chain of
      // compare-and-selects, which bounded this loop.
      const fastLo = max(mn, -(<i64>1 << SQ_BITS) + 1), fastHi = min(mx, (<i64>1 << SQ_BITS) - 1);
      const vlo = i64x2.splat(fastLo), vhi = i64x2.splat(fastHi);
      let vsum = i64x2.splat(0), vneg = i64x2.splat(0), vsq = i64x2.splat(0), out = i64x2.splat(0);
      const zero = i64x2.splat(0);
      let j = blockStart;
      for (; j + 3 < i; j += 4) {
        const x = v128.load(src + (<usize>j << 3));
        const y = v128.load(src + (<usize>j << 3), 16);
        const outX = v128.or(i64x2.lt_s(x, vlo), i64x2.gt_s(x, vhi));
        const outY = v128.or(i64x2.lt_s(y, vlo), i64x2.gt_s(y, vhi));
        out = v128.or(out, v128.or(outX, outY));
        vsum = i64x2.add(vsum, i64x2.add(x, y));
        vneg = i64x2.sub(vneg, i64x2.add(i64x2.lt_s(x, zero), i64x2.lt_s(y, zero)));
        const lo = i32x4.shuffle(x, y, 0, 2, 4, 6); // the low 32 bits of the four values
        vsq = i64x2.add(vsq, i64x2.add(i64x2.extmul_low_i32x4_s(lo, lo), i64x2.extmul_high_i32x4_s(lo, lo)));
      }
      for (; j < i; j++) {
        const v = load<i64>(src + (<usize>j << 3));
        out = v128.or(out, i64x2.splat(<i64>(v < fastLo || v > fastHi)));
        nsum += v;
        negN += <i64>(v < 0);
        bsqTail += <u64>(v * v);
      }
      nsum += i64x2.extract_lane(vsum, 0) + i64x2.extract_lane(vsum, 1);
      negN += i64x2.extract_lane(vneg, 0) + i64x2.extract_lane(vneg, 1);
      const bsq = <u64>i64x2.extract_lane(vsq, 0) + <u64>i64x2.extract_lane(vsq, 1) + bsqTail;
      bsqTail = 0;
      let lo = fastLo, hi = fastHi;
      if (v128.any_true(out)) {
        lo = I64_MAX;
        hi = I64_MIN;
        for (let k = blockStart; k < i; k++) {
          const v = load<i64>(src + (<usize>k << 3));
          lo = min(lo, v);
          hi = max(hi, v);
        }
        mn = min(mn, lo);
        mx = max(mx, hi);
        if (lo <= -(<i64>1 << 32) || hi >= (<i64>1 << 32)) wide = true;
      }
      if (lo > -(<i64>1 << SQ_BITS) && hi < (<i64>1 << SQ_BITS)) {
        nsq += bsq;
        ncarry += <u64>(nsq < bsq);
      } else {
        // a block with |v| >= 2^SQ_BITS: add its squares one by one with their carries (exact
        // while |v| < 2^32; wider values set `wide`, which redoes everything below)
        for (let k = blockStart; k < i; k++) {
          const v = load<i64>(src + (<usize>k << 3));
          const s = v >> 63;
          const m = (v ^ s) - s;
          const sq = <u64>(m * m);
          nsq += sq;
          ncarry += <u64>(nsq < sq);
        }
      }
      if (i < end || i >= n) break;
      blockStart = i;
    }
    if (i < n && overflow != 0 && isWhole<T>(src + (<usize>i << 3))) {
      // counted as overflow; an f64 is written back as i64 too (saturated), so every value before
      // the loop's end reads as i64 below, and this one stays out of range there
      if (isFloat<T>()) store<i64>(src + (<usize>i << 3), <i64>load<f64>(src + (<usize>i << 3)));
      over++;
      i++;
    } else {
      stop = true;
    }
  }
  const result = i < n ? i : REC_OK;
  if (wide) {
    // some |v| >= 2^32 (above 4.3 s): redo this call's moments exactly, narrow and wide apart
    nsum = 0;
    nsq = 0;
    ncarry = 0;
    for (let j = 0; j < i; j++) {
      const v = load<i64>(src + (<usize>j << 3)); // f64 input was written back as i64
      const s = v >> 63;
      const m = (v ^ s) - s;
      if (<u64>m > <u64>high) continue; // counted as overflow
      if (<u64>m < 0x1_0000_0000) {
        nsum += v;
        const sq = <u64>(m * m);
        nsq += sq;
        ncarry += <u64>(nsq < sq);
      } else {
        wideMoments(h, v);
      }
    }
  }
  // fold the narrow accumulators into SUM and SQ
  const slo = <u64>f(h, SUMLO);
  const nlo = slo + <u64>nsum;
  store<u64>(h + SUMLO, nlo);
  store<u64>(h + SUMHI, <u64>f(h, SUMHI) + <u64>(nsum >> 63) + <u64>(nlo < slo));
  add192(h, nsq, ncarry, 0);
  store<i64>(h + TOTAL, f(h, TOTAL) + (<i64>i - over));
  store<i64>(h + NEGTOTAL, f(h, NEGTOTAL) + negN);
  store<i64>(h + OVERFLOW, f(h, OVERFLOW) + over);
  store<i64>(h + MIN, mn);
  store<i64>(h + MAX, mx);
  return result;
}

/** True when the value at p is an integer (i64 always; f64 when finite and whole). */
// @ts-ignore: decorator
@inline
function isWhole<T>(p: usize): bool {
  if (isFloat<T>()) {
    const x = load<f64>(p);
    return x == Math.trunc(x) && Math.abs(x) != Infinity;
  }
  return true;
}

/** Adds v to SUM and v² to SQ exactly (any i64 v but I64_MIN): histRecordMany's wide path. */
function wideMoments(h: usize, v: i64): void {
  const s = v >> 63;
  const m = (v ^ s) - s;
  const slo = <u64>f(h, SUMLO);
  const nlo = slo + <u64>v;
  store<u64>(h + SUMLO, nlo);
  store<u64>(h + SUMHI, <u64>f(h, SUMHI) + <u64>s + <u64>(nlo < slo));
  mul64(<u64>m, <u64>m);
  add192(h, LO, HI, 0);
}

/**
 * HdrHistogram's coordinated-omission correction: records v, then v − k·interval for every k >= 1
 * while that stays >= interval (n = floor(v / interval) − 1 values). interval <= 0 records v
 * alone. Returns as histRecord. The missing values are counted a bucket at a time: the k landing
 * in the bucket of v − k·interval are those up to floor((v − bucket low) / interval), so the loop
 * runs once per bucket touched, at most min(n, LEN) times, not once per value (a 1 s gap at a
 * 1 ns interval was 1e9 iterations). TOTAL and MIN include them; their moments are NOT added here:
 * Σx and Σx² of the progression are closed forms the shell adds exactly (in bigint).
 */
export function histRecordCorrected(h: usize, v: i64, interval: i64, overflow: i32): i32 {
  const r = histRecord(h, v, 1, overflow);
  if (r != 0 || interval <= 0) return r;
  if (v - interval < interval) return 0; // no overflow: v > interval > 0 here or v < 2·interval
  const n = v / interval - 1; // missing values: v − k·interval for k = 1 … n, all in [interval, v)
  if (n > I64_MAX - f(h, TOTAL)) return 2;
  const pos = posBase(h);
  let k: i64 = 1;
  while (k <= n) {
    const x = v - k * interval; // k·interval <= v − interval: no overflow
    const idx = histIndex(h, x);
    let last = (v - histValueFromIndex(h, idx)) / interval; // the largest k whose value is in this bucket
    if (last > n) last = n;
    const p = pos + (<usize>idx << 3);
    store<i64>(p, load<i64>(p) + (last - k + 1));
    k = last + 1;
  }
  store<i64>(h + TOTAL, f(h, TOTAL) + n);
  const smallest = v - n * interval;
  if (smallest < f(h, MIN)) store<i64>(h + MIN, smallest);
  return 0;
}

/**
 * The signed value at rank k (1 <= k <= TOTAL) in ascending order: HdrHistogram's scan for the
 * bucket where the running count first reaches k, giving that bucket's highest equivalent value,
 * or its lowest when `lowest` is 1. The scan runs from the low end when k <= TOTAL/2 and from the
 * high end otherwise, so tail percentiles touch few buckets.
 */
export function histValueAtRank(h: usize, k: i64, lowest: i32): i64 {
  const total = f(h, TOTAL), negTotal = f(h, NEGTOTAL), len = <i32>f(h, LEN);
  const pos = posBase(h);
  let idx: i32 = 0;
  let negative = false;
  if (k <= negTotal) {
    negative = true;
    // ascending order on the negative side is descending magnitude index
    if (k <= negTotal >> 1) {
      let acc: i64 = 0;
      for (idx = len - 1; idx > 0; idx--) {
        acc += load<i64>(negAt(h, idx));
        if (acc >= k) break;
      }
    } else {
      // from the small-magnitude end: find idx with Σ_{j<idx} < negTotal − k + 1 <= Σ_{j<=idx}
      const want = negTotal - k + 1;
      let acc: i64 = 0;
      for (idx = 0; idx < len - 1; idx++) {
        acc += load<i64>(negAt(h, idx));
        if (acc >= want) break;
      }
    }
  } else {
    const kk = k - negTotal, posTotal = total - negTotal;
    if (kk <= posTotal >> 1) {
      let acc: i64 = 0;
      for (idx = 0; idx < len - 1; idx++) {
        acc += load<i64>(pos + (<usize>idx << 3));
        if (acc >= kk) break;
      }
    } else {
      const want = posTotal - kk + 1;
      let acc: i64 = 0;
      for (idx = len - 1; idx > 0; idx--) {
        acc += load<i64>(pos + (<usize>idx << 3));
        if (acc >= want) break;
      }
    }
  }
  const lo = histValueFromIndex(h, idx);
  const hi = lo + histBucketSize(h, idx) - 1;
  if (negative) return lowest != 0 ? -hi : -lo;
  return lowest != 0 ? lo : hi;
}

/** Recorded values whose bucket is at or below the bucket of v (HdrHistogram's percentile rank). */
export function histCountAtOrBelow(h: usize, v: i64): i64 {
  const len = <i32>f(h, LEN);
  const m = v < 0 ? (v == I64_MIN ? I64_MAX : -v) : v;
  let idx = m > f(h, HIGH) ? len - 1 : histIndex(h, m);
  if (idx > len - 1) idx = len - 1;
  let acc: i64 = 0;
  if (v < 0) {
    for (let i = idx; i < len; i++) acc += load<i64>(negAt(h, i));
    return acc;
  }
  const pos = posBase(h);
  for (let i = 0; i <= idx; i++) acc += load<i64>(pos + (<usize>i << 3));
  return f(h, NEGTOTAL) + acc;
}

/**
 * Adds histogram o into h (same UNIT and HALFMAG; every non-zero index of o below h's LEN, which
 * the shell checks): counts, totals, overflow, min/max and exact moments.
 */
export function histAdd(h: usize, o: usize): void {
  const n = <i32>f(o, LEN);
  const hp = posBase(h), op = posBase(o);
  const lim = n < <i32>f(h, LEN) ? n : <i32>f(h, LEN);
  for (let i = 0; i < lim; i++) {
    const d = <usize>i << 3;
    const e = (<usize>i + 1) << 3;
    store<i64>(hp - e, load<i64>(hp - e) + load<i64>(op - e));
    store<i64>(hp + d, load<i64>(hp + d) + load<i64>(op + d));
  }
  store<i64>(h + TOTAL, f(h, TOTAL) + f(o, TOTAL));
  store<i64>(h + NEGTOTAL, f(h, NEGTOTAL) + f(o, NEGTOTAL));
  store<i64>(h + OVERFLOW, f(h, OVERFLOW) + f(o, OVERFLOW));
  if (f(o, MIN) < f(h, MIN)) store<i64>(h + MIN, f(o, MIN));
  if (f(o, MAX) > f(h, MAX)) store<i64>(h + MAX, f(o, MAX));
  const slo = <u64>f(h, SUMLO);
  const nlo = slo + <u64>f(o, SUMLO);
  store<u64>(h + SUMLO, nlo);
  store<u64>(h + SUMHI, <u64>f(h, SUMHI) + <u64>f(o, SUMHI) + (nlo < slo ? 1 : 0));
  add192(h, <u64>f(o, SQ0), <u64>f(o, SQ1), <u64>f(o, SQ2));
}

/**
 * Recomputes TOTAL, NEGTOTAL, MIN, MAX and the moments from the counts alone, taking each bucket's
 * values as its median equivalent value (HdrHistogram's convention; used after decoding, where
 * only counts are known). MIN/MAX become the lowest/highest equivalent values of the end buckets.
 */
export function histFromCounts(h: usize): void {
  const len = <i32>f(h, LEN);
  const pos = posBase(h);
  memory.fill(h + TOTAL, 0, <usize>(OVERFLOW - TOTAL));
  store<i64>(h + MIN, I64_MAX);
  store<i64>(h + MAX, I64_MIN);
  let total: i64 = 0, negTotal: i64 = 0;
  for (let i = len - 1; i >= 0; i--) {
    const c = load<i64>(negAt(h, i));
    if (c == 0) continue;
    const lo = histValueFromIndex(h, i), size = histBucketSize(h, i);
    if (-(lo + size - 1) < f(h, MIN)) store<i64>(h + MIN, -(lo + size - 1));
    if (-lo > f(h, MAX)) store<i64>(h + MAX, -lo);
    addMoments(h, -(lo + (size >> 1)), c);
    total += c;
    negTotal += c;
  }
  for (let i = 0; i < len; i++) {
    const c = load<i64>(pos + (<usize>i << 3));
    if (c == 0) continue;
    const lo = histValueFromIndex(h, i), size = histBucketSize(h, i);
    if (lo < f(h, MIN)) store<i64>(h + MIN, lo);
    if (lo + size - 1 > f(h, MAX)) store<i64>(h + MAX, lo + size - 1);
    addMoments(h, lo + (size >> 1), c);
    total += c;
  }
  store<i64>(h + TOTAL, total);
  store<i64>(h + NEGTOTAL, negTotal);
}
