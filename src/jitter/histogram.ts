// LatencyHistogram: HdrHistogram-compatible, signed, exact-moment latency histograms whose counts
// live in the WebAssembly core (assembly/jitter.ts), one owned block each (core/block.ts).
import { core } from "../core/loader.ts";
import { allocBlock, gcPressure, installDispose, releaseBlock } from "../core/block.ts";
import type { CoreExports } from "../core/exports.ts";
import { I64_MAX, I64_MIN, show, checkInt, checkOptions } from "../check.ts";
import { isCoreView } from "../core/array.ts";
import {
  ClockmathError, CorruptEncodingError, IncompatibleHistogramError, InvalidArgumentError, OutOfRangeError,
} from "../errors.ts";
import { bucketSize, type Layout, layoutFor, valueFromIndex } from "./layout.ts";
import { countsEnd, type DecodedCounts, decodeText, encodeText } from "./hdr.ts";

// header words (assembly/jitter.ts, 8 bytes each)
const W_UNIT = 0, W_HALFMAG = 1, W_MASK = 2, W_LZBASE = 3, W_HALF = 4, W_LEN = 5, W_HIGH = 6;
const W_TOTAL = 7, W_NEGTOTAL = 8, W_MIN = 9, W_MAX = 10, W_SUMLO = 11, W_SUMHI = 12;
const W_SQ0 = 13, W_SQ1 = 14, W_SQ2 = 15, W_OVERFLOW = 16;
const HEADER_BYTES = 256;
const HEADER_WORDS = HEADER_BYTES / 8;
const REC_OK = -1; // assembly/jitter.ts
/** Values per core call of recordMany (the scratch region holds one chunk: 64 KiB, in L2). */
const CHUNK = 8192;
/**
 * Values `record` stages in JS before one core call records them all: a JS → WebAssembly call
 * per value costs more than the recording itself. Every read flushes first, so nothing is observable.
 */
const STAGE = 1024;
let stageBuf: ArrayBufferLike | undefined;
let stagePtr = 0;
let stageBig: BigInt64Array = new BigInt64Array(0);
let stageF64: Float64Array = new Float64Array(0);

/** Views of STAGE words of the core's scratch region, re-made only when memory or the region moved. */
function stageViews(c: CoreExports): number {
  const ptr = c.scratch(STAGE * 8); // resource-exhausted past the core's memory limit
  if (ptr !== stagePtr || c.memory.buffer !== stageBuf) {
    const buf = c.memory.buffer;
    stageBuf = buf;
    stagePtr = ptr;
    stageBig = new BigInt64Array(buf, ptr, STAGE);
    stageF64 = new Float64Array(buf, ptr, STAGE);
  }
  return ptr;
}

/** Default highest trackable value: one hour in ns (HdrHistogram's customary range). */
export const DEFAULT_HIGHEST_TRACKABLE_NS = 3_600_000_000_000n;

/** What happens to a value whose magnitude is above highestTrackableNs (and autoResize is off). */
export type OutOfRangePolicy = "throw" | "count";

/** Options of `new LatencyHistogram`: the range and precision of the buckets, and what happens past the range. */
export interface LatencyHistogramOptions {
  /** Smallest distinguishable step, ns (HdrHistogram's lowestDiscernibleValue); default 1n. */
  readonly lowestDiscernibleNs?: bigint;
  /**
   * Largest magnitude tracked, ns, at most 2^63 − 1. Values v with |v| above it are out of range.
   * Default 3.6e12 (one hour) with autoResize on.
   */
  readonly highestTrackableNs?: bigint;
  /** Decimal digits of value precision, 0 … 5 (default 3: bucket width ≤ 1/1000 of the value). */
  readonly significantDigits?: number;
  /** Grow the range to take larger values (default: on when highestTrackableNs is not given). */
  readonly autoResize?: boolean;
  /** Out-of-range values: throw `out-of-range` (default), or count them in `overflowCount`. */
  readonly outOfRange?: OutOfRangePolicy;
}

/** One non-empty bucket: the signed values [fromNs, toNs] (inclusive) and how many fell there. */
export interface HistogramBucket {
  readonly fromNs: bigint;
  readonly toNs: bigint;
  readonly count: bigint;
}

/** One point of a percentile plot. */
export interface PercentilePoint {
  /** 0 … 100. */
  readonly percentile: number;
  /** HdrHistogram's value at that percentile, ns. */
  readonly valueNs: bigint;
  /** 1 / (1 − percentile/100): the x coordinate of a log-scale percentile plot (∞ at 100). */
  readonly inverseTail: number;
}

/** The two halves of a histogram with negative values, each a plain HdrHistogram. */
export interface SplitEncoding {
  /** The magnitudes |v| of the negative values. */
  readonly negative: string;
  /** The values v >= 0. */
  readonly nonNegative: string;
}

const registry: FinalizationRegistry<{ ptr: number }> | undefined = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry((cell) => {
    releaseBlock(cell.ptr);
    cell.ptr = 0;
  })
  : undefined;

function toCount(count: unknown): bigint {
  if (typeof count === "number") {
    if (!Number.isSafeInteger(count) || count < 0) throw new InvalidArgumentError(`count must be a non-negative integer, got ${count}`);
    return BigInt(count);
  }
  if (typeof count !== "bigint") throw new InvalidArgumentError(`count must be a bigint or an integer number, got ${typeof count}`);
  if (count < 0n || count > I64_MAX) throw new OutOfRangeError(`count = ${count} is outside [0, 2^63 − 1]`);
  return count;
}

/** A value given as bigint ns, or as a number that is an exact integer of ns. */
function toNs(v: unknown, name: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new InvalidArgumentError(`${name} must be a whole number of ns, got ${v}`);
    return BigInt(v);
  }
  throw new InvalidArgumentError(`${name} must be a bigint (or integer number) of ns, got ${typeof v}`);
}

/** The largest double below p (Java's Math.nextAfter(p, −∞)) for finite p > 0; p otherwise. */
function nextDown(p: number): number {
  if (!(p > 0) || !Number.isFinite(p)) return p;
  const f = new Float64Array([p]);
  const b = new BigInt64Array(f.buffer);
  b[0] -= 1n;
  return f[0];
}

function s128(lo: bigint, hi: bigint): bigint {
  return (hi << 64n) | BigInt.asUintN(64, lo);
}

/**
 * A latency histogram over signed i64 nanoseconds with HdrHistogram's log-linear buckets: a value
 * v lands in a bucket no wider than 10^−digits of |v| (and no wider than 2^floor(log2 lowest)), on
 * either side of zero alike, so a timer that fired 3 µs early is resolved as finely as one 3 µs late.
 * Counts are i64; sum and sum of squares are kept exactly (128/192-bit integers) while recording,
 * so `mean` and `stddev` are exact up to the final rounding to a double.
 *
 * Memory: the counts live in the WebAssembly core (256 bytes plus 2 × 8 bytes per bucket: ~530 KB
 * for the defaults, ~33 KB for 3 digits up to 2 ms), allocated once at construction (and on
 * autoResize); past the core's memory limit that throws `resource-exhausted`. Call `dispose()` (or
 * declare it with `using`) when done; a histogram that is garbage-collected undisposed is released
 * by a FinalizationRegistry, later.
 *
 * @example
 * const h = new LatencyHistogram({ highestTrackableNs: 10_000_000_000n });
 * h.recordMany(new BigInt64Array([1_200n, 1_350n, 980n, -40n]));
 * h.percentile(99); // 1_350n (the highest value in the bucket holding the 4th of 4 values)
 */
export class LatencyHistogram {
  readonly lowestDiscernibleNs: bigint;
  readonly significantDigits: number;
  readonly autoResize: boolean;
  readonly outOfRange: OutOfRangePolicy;
  #layout: Layout;
  #c: CoreExports;
  #h: number;
  #cell: { ptr: number };
  /** Makes the collector see the block's size (see gcPressure); dropped at dispose. */
  #weight: ArrayBuffer | undefined;
  #hv: BigInt64Array;
  #high!: bigint;
  #negHigh!: bigint;
  #exact = true;
  #ovf: number;
  /**
   * The bound of `record(number)`'s fast path: the largest double <= highestTrackableNs, and below
   * 2^51, where the core converts staged numbers without checks. Numbers within ±#numHigh are in
   * range, exactly; larger ones take the checked path.
   */
  #numHigh = 0;
  /** #numHigh while record's fast paths are open (see #reopen). */
  #numHighOpen = 0;
  /** STAGE staged bigints, then [highest, −highest] (one typed array for record to load). */
  readonly #sb = new BigInt64Array(STAGE + 2);
  readonly #sbHead = this.#sb.subarray(0, STAGE);
  #sbn = 0;
  readonly #sf = new Float64Array(STAGE);
  #sfn = 0;

  constructor(options: LatencyHistogramOptions = {}) {
    options = checkOptions(options, "options");
    const lowest = options.lowestDiscernibleNs ?? 1n;
    const highest = options.highestTrackableNs ?? DEFAULT_HIGHEST_TRACKABLE_NS;
    if (typeof lowest !== "bigint" || typeof highest !== "bigint") {
      throw new InvalidArgumentError(`lowestDiscernibleNs and highestTrackableNs must be bigint nanoseconds, got ${show(lowest)} and ${show(highest)}`);
    }
    const digits = options.significantDigits ?? 3;
    const autoResize = options.autoResize ?? options.highestTrackableNs === undefined;
    if (typeof autoResize !== "boolean") throw new InvalidArgumentError("autoResize must be a boolean");
    const policy = options.outOfRange ?? "throw";
    if (policy !== "throw" && policy !== "count") throw new InvalidArgumentError(`outOfRange must be "throw" or "count", got ${show(policy)}`);
    this.#layout = layoutFor(lowest, options.highestTrackableNs === undefined && lowest * 2n > highest ? lowest * 2n : highest, digits);
    this.lowestDiscernibleNs = lowest;
    this.significantDigits = digits;
    this.autoResize = autoResize;
    this.outOfRange = policy;
    this.#ovf = policy === "count" ? 1 : 0;
    this.#c = core();
    this.#h = this.#allocate(this.#layout);
    this.#cell = { ptr: this.#h };
    registry?.register(this, this.#cell, this);
    this.#hv = this.#headerView();
    this.#setHigh(this.#layout.highest);
  }

  #setHigh(high: bigint): void {
    this.#high = high;
    this.#negHigh = -high;
    let n = Number(high);
    if (BigInt(n) > high) n -= 2 ** (Math.floor(Math.log2(n)) - 52); // one ulp down: Number() rounded up
    this.#numHighOpen = Math.min(n, 2 ** 51 - 1);
    this.#reopen();
  }

  /**
   * Opens record's fast paths (the staged bounds ±high, the number bound) while STAGE more values
   * cannot take the total count past 2^63 − 1, and closes them (empty bounds) otherwise: then every
   * value goes through the core's checked histRecord, which refuses the one that would wrap.
   * Called after everything that changes the total or the range.
   */
  #reopen(): void {
    if (this.#hv.length === 0) this.#hv = this.#headerView();
    if (this.#hv[W_TOTAL] > I64_MAX - BigInt(STAGE)) {
      this.#close();
      return;
    }
    this.#sb[STAGE] = this.#high;
    this.#sb[STAGE + 1] = this.#negHigh;
    this.#numHigh = this.#numHighOpen;
  }

  /** Empty bounds for record's fast paths (v <= −1 and v >= 1; |x| <= −1): every value takes #recordSlow. */
  #close(): void {
    this.#sb[STAGE] = -1n;
    this.#sb[STAGE + 1] = 1n;
    this.#numHigh = -1;
  }

  #allocate(l: Layout): number {
    const c = this.#c;
    const h = allocBlock(HEADER_BYTES + 16 * l.len, "a histogram");
    this.#weight = gcPressure(HEADER_BYTES + 16 * l.len);
    const w = new BigInt64Array(c.memory.buffer, h, HEADER_WORDS);
    w[W_UNIT] = BigInt(l.unit);
    w[W_HALFMAG] = BigInt(l.halfMag);
    w[W_MASK] = l.mask;
    w[W_LZBASE] = BigInt(l.lzBase);
    w[W_HALF] = BigInt(l.half);
    w[W_LEN] = BigInt(l.len);
    w[W_HIGH] = l.highest;
    c.histReset(h);
    return h;
  }

  #headerView(): BigInt64Array {
    return new BigInt64Array(this.#c.memory.buffer, this.#h, HEADER_WORDS);
  }

  /** The live header view (re-created when linear memory grew and detached the old one). */
  #w(): BigInt64Array {
    if (this.#h === 0) throw new ClockmathError("invalid-argument", "this LatencyHistogram was disposed");
    if (this.#sbn + this.#sfn !== 0) this.#flush();
    if (this.#hv.length === 0) this.#hv = this.#headerView();
    return this.#hv;
  }

  /** Largest magnitude currently trackable, ns (grows under autoResize). */
  get highestTrackableNs(): bigint {
    return this.#high;
  }

  /** Number of recorded values (out-of-range values counted under outOfRange "count" excluded). */
  get count(): bigint {
    return this.#w()[W_TOTAL];
  }

  /** Values refused as out of range and counted under `outOfRange: "count"`. */
  get overflowCount(): bigint {
    return this.#w()[W_OVERFLOW];
  }

  /**
   * Smallest value recorded, exactly; undefined when empty. After decode, the lowest equivalent
   * value of the lowest non-empty bucket (an encoding keeps only counts).
   */
  get min(): bigint | undefined {
    const w = this.#w();
    return w[W_TOTAL] === 0n ? undefined : w[W_MIN];
  }

  /** Largest value recorded, exactly; undefined when empty. After decode, the highest equivalent value of the highest non-empty bucket. */
  get max(): bigint | undefined {
    const w = this.#w();
    return w[W_TOTAL] === 0n ? undefined : w[W_MAX];
  }

  /** Σ v over recorded values, ns, exact (after decode: Σ of bucket median values, as HdrHistogram). */
  get sumNs(): bigint {
    const w = this.#w();
    return s128(w[W_SUMLO], w[W_SUMHI]);
  }

  /** Σ v² over recorded values, ns², exact (after decode: from bucket median values). */
  get sumOfSquaresNs2(): bigint {
    const w = this.#w();
    return (BigInt.asUintN(64, w[W_SQ2]) << 128n) | (BigInt.asUintN(64, w[W_SQ1]) << 64n) | BigInt.asUintN(64, w[W_SQ0]);
  }

  /** True when sum and sum of squares come from the recorded values themselves, not bucket medians. */
  get momentsExact(): boolean {
    return this.#exact;
  }

  /** Mean in ns: the exact rational Σv / N rounded once to a double; NaN when empty. */
  get mean(): number {
    const n = this.count;
    if (n === 0n) return NaN;
    const s = this.sumNs;
    const q = s / n, r = s % n;
    return Number(q) + Number(r) / Number(n);
  }

  /**
   * Population standard deviation in ns (HdrHistogram's definition, divisor N): sqrt(N·Σv² − (Σv)²) / N
   * with the radicand exact; NaN when empty.
   */
  get stddev(): number {
    const n = this.count;
    if (n === 0n) return NaN;
    const s = this.sumNs;
    const rad = n * this.sumOfSquaresNs2 - s * s;
    return Math.sqrt(Number(rad)) / Number(n);
  }

  /**
   * Records `ns` (a bigint, or a number that is a whole number of ns) `count` times.
   * NaN, ±Infinity and fractions throw `invalid-argument`; |ns| above highestTrackableNs grows the
   * histogram (autoResize), is counted in `overflowCount` (outOfRange "count"), or throws `out-of-range`.
   */
  record(ns: bigint | number, count: bigint | number = 1): void {
    // Fast path: the value is staged, read back and checked: the read-back i64 equals ns only when
    // ns fits i64 (the store wraps), and V8 compiles i64 compares against the stage's bounds to machine
    // compares (bigint compares against bigint fields are calls). The next 1023 staged values are
    // recorded with it in one core call; every read flushes first.
    if (count === 1) { // a disposed histogram has empty bounds: nothing passes, #recordSlow throws
      if (typeof ns === "bigint") {
        const sb = this.#sb, i = this.#sbn;
        sb[i] = ns;
        const v = sb[i];
        if (v === ns && v <= sb[STAGE] && v >= sb[STAGE + 1]) {
          this.#sbn = i + 1;
          if (i === STAGE - 1) this.#flush();
          return;
        }
      } else if (typeof ns === "number" && ns <= this.#numHigh && ns >= -this.#numHigh && Math.floor(ns) === ns) {
        const i = this.#sfn;
        this.#sf[i] = ns;
        this.#sfn = i + 1;
        if (i === STAGE - 1) this.#flush();
        return;
      }
    }
    this.#recordSlow(ns, count);
  }

  /** Records the staged values (all checked when staged: the core takes every one). */
  #flush(): void {
    const c = this.#c;
    if (this.#sbn !== 0) {
      const n = this.#sbn;
      this.#sbn = 0;
      const ptr = stageViews(c);
      stageBig.set(n === STAGE ? this.#sbHead : this.#sb.subarray(0, n));
      if (c.histRecordMany(this.#h, ptr, n, 0) !== REC_OK) throw new ClockmathError("internal", "a staged value was refused");
    }
    if (this.#sfn !== 0) {
      const n = this.#sfn;
      this.#sfn = 0;
      const ptr = stageViews(c);
      stageF64.set(n === STAGE ? this.#sf : this.#sf.subarray(0, n));
      if (c.histRecordStagedF64(this.#h, ptr, n) !== REC_OK) throw new ClockmathError("internal", "a staged value was refused");
    }
    this.#reopen();
  }

  #recordSlow(ns: unknown, count: unknown): void {
    this.#w();
    const c = toCount(count);
    const v = toNs(ns, "ns");
    this.#fit(v, "ns");
    const r = this.#c.histRecord(this.#h, v, c, this.#ovf);
    this.#reopen();
    this.#check(r, v);
  }

  /** Makes room for v (autoResize) or leaves it to the core's overflow policy; throws otherwise. */
  #fit(v: bigint, what: string, index?: number): void {
    if (v <= this.#high && v >= this.#negHigh) return;
    const m = v < 0n ? -v : v;
    if (this.autoResize && m <= I64_MAX) {
      this.#resize(m);
      return;
    }
    if (this.#ovf === 1 && v >= I64_MIN && v <= I64_MAX) return;
    throw new OutOfRangeError(
      `${what} = ${v}${index === undefined ? "" : ` (index ${index})`} is outside ±${this.#high} ns, the histogram's trackable range` +
        (index === undefined ? "" : `; values before index ${index} were recorded`),
    );
  }

  #check(r: number, v: bigint): void {
    if (r === 0 || (r === 1 && this.#ovf === 1)) return;
    if (r === 2) throw new OutOfRangeError("the histogram's total count would pass 2^63 − 1");
    if (r === 3) throw new InvalidArgumentError(`ns must be a whole number of ns, got ${v}`);
    throw new OutOfRangeError(`ns = ${v} is outside ±${this.#high} ns, the histogram's trackable range`);
  }

  #resize(m: bigint): void {
    let high = this.#high * 2n;
    while (high < m) high *= 2n;
    if (high > I64_MAX) high = I64_MAX;
    const l = layoutFor(this.lowestDiscernibleNs, high, this.significantDigits);
    const c = this.#c;
    const old = this.#h, oldLen = this.#layout.len;
    const h = this.#allocate(l);
    const mem = c.memory.buffer;
    const src = new BigInt64Array(mem, old, HEADER_WORDS + 2 * oldLen);
    const dst = new BigInt64Array(mem, h, HEADER_WORDS + 2 * l.len);
    dst.set(src.subarray(W_TOTAL, W_OVERFLOW + 1), W_TOTAL);
    // the negative side is stored reversed, ending where the non-negative side starts
    dst.set(src.subarray(HEADER_WORDS, HEADER_WORDS + oldLen), HEADER_WORDS + l.len - oldLen);
    dst.set(src.subarray(HEADER_WORDS + oldLen), HEADER_WORDS + l.len);
    releaseBlock(old);
    this.#h = h;
    this.#cell.ptr = h;
    this.#layout = l;
    this.#hv = this.#headerView();
    this.#setHigh(l.highest);
  }

  /**
   * Records every value of `values` once, in one pass through the core (chunks of 8192 via the
   * scratch region; a CoreArray view is read in place, with no copy). A Float64Array must hold whole numbers of ns. On the first bad value (NaN,
   * ±Infinity, a fraction: `invalid-argument`; out of range without autoResize or "count":
   * `out-of-range`) it throws with that index in the message and in `error.index`; the values
   * before it have been recorded, the rest have not.
   */
  recordMany(values: BigInt64Array | Float64Array): void {
    const isBig = values instanceof BigInt64Array;
    if (!isBig && !(values instanceof Float64Array)) throw new InvalidArgumentError("recordMany takes a BigInt64Array or a Float64Array");
    const w = this.#w();
    if (BigInt(values.length) > I64_MAX - w[W_TOTAL]) throw new OutOfRangeError("the histogram's total count would pass 2^63 − 1");
    const c = this.#c;
    const n = values.length;
    // A CoreArray view is read where it lies (i64 values are only read), with no copy.
    const inCore = isBig && isCoreView(values as BigInt64Array, "values");
    const base = values.byteOffset; // kept: growing the memory (autoResize) detaches the view
    let i = 0;
    try {
      while (i < n) {
        // a CoreArray view in one core call; other arrays through the scratch region, CHUNK at a time
        const len = inCore ? n - i : Math.min(CHUNK, n - i);
        let r: number;
        if (inCore) {
          r = c.histRecordMany(this.#h, base + i * 8, len, this.#ovf);
        } else if (isBig) {
          const ptr = this.#scratch(len);
          new BigInt64Array(c.memory.buffer, ptr, len).set((values as BigInt64Array).subarray(i, i + len));
          r = c.histRecordMany(this.#h, ptr, len, this.#ovf);
        } else {
          const ptr = this.#scratch(len);
          new Float64Array(c.memory.buffer, ptr, len).set((values as Float64Array).subarray(i, i + len));
          r = c.histRecordManyF64(this.#h, ptr, len, this.#ovf);
        }
        if (r >= 0) {
          const at = i + r;
          if (inCore && values.buffer !== c.memory.buffer) values = new BigInt64Array(c.memory.buffer, base, n);
          if (!isBig && !Number.isInteger(values[at])) {
            throw Object.assign(
              new InvalidArgumentError(`values[${at}] = ${values[at]} is not a whole number of ns; values before index ${at} were recorded`),
              { index: at },
            );
          }
          const v = isBig ? (values as BigInt64Array)[at] : BigInt((values as Float64Array)[at]);
          try {
            this.#fit(v, "values[i]", at);
          } catch (e) {
            throw Object.assign(e as Error, { index: at });
          }
          i = at; // resized: go on from the value that did not fit
          continue;
        }
        i += len;
      }
    } finally {
      this.#reopen(); // the total changed, also when a bad value stopped the loop
    }
  }

  #scratch(len: number): number {
    return this.#c.scratch(len * 8); // resource-exhausted past the core's memory limit
  }

  /**
   * Records `ns` and, as HdrHistogram's recordValueWithExpectedInterval does for coordinated
   * omission, the values ns − k·expectedIntervalNs (k = 1, 2, …) that are >= expectedIntervalNs:
   * the samples a stalled loop failed to take. expectedIntervalNs <= 0 records ns alone. The
   * counts are HdrHistogram's exactly; the cost is one step per bucket the missing values touch
   * (at most the layout's bucket count), not one per value. Sum and sum of squares stay exact.
   */
  recordCorrected(ns: bigint | number, expectedIntervalNs: bigint | number): void {
    this.#w();
    const v = toNs(ns, "ns");
    const iv = toNs(expectedIntervalNs, "expectedIntervalNs");
    if (iv > I64_MAX || iv < I64_MIN) throw new OutOfRangeError(`expectedIntervalNs = ${iv} is outside i64`);
    this.#fit(v, "ns");
    const r = this.#c.histRecordCorrected(this.#h, v, iv, this.#ovf);
    if (r === 0 && iv > 0n && v >= 2n * iv) this.#addProgressionMoments(v, iv);
    this.#reopen();
    this.#check(r, v);
  }

  /**
   * Adds Σx and Σx² over the missing values x = s + j·iv (j = 0 … n − 1, s = v − n·iv, n = v/iv − 1)
   * that histRecordCorrected counted: n·s + iv·n(n−1)/2 and n·s² + s·iv·n(n−1) + iv²·(n−1)n(2n−1)/6.
   */
  #addProgressionMoments(v: bigint, iv: bigint): void {
    const n = v / iv - 1n;
    const s = v - n * iv;
    const sum = n * s + (iv * n * (n - 1n)) / 2n;
    const sq = n * s * s + s * iv * n * (n - 1n) + (iv * iv * (n - 1n) * n * (2n * n - 1n)) / 6n;
    const w = this.#w();
    const total = s128(w[W_SUMLO], w[W_SUMHI]) + sum;
    w[W_SUMLO] = BigInt.asIntN(64, total);
    w[W_SUMHI] = BigInt.asIntN(64, total >> 64n);
    const q = this.sumOfSquaresNs2 + sq;
    w[W_SQ0] = BigInt.asIntN(64, q);
    w[W_SQ1] = BigInt.asIntN(64, q >> 64n);
    w[W_SQ2] = BigInt.asIntN(64, q >> 128n);
  }

  /**
   * HdrHistogram's getValueAtPercentile: p is nudged down by one ulp, clamped to [0, 100], and the
   * answer is the highest equivalent value of the bucket holding the ceil(p/100 · N)-th smallest
   * value (at least the first); for p = 0, that bucket's lowest equivalent value. Signed: a
   * negative bucket's highest equivalent value is the one nearest zero. Throws `invalid-argument`
   * for p outside [0, 100] or NaN, and `out-of-range` on an empty histogram.
   */
  percentile(p: number): bigint {
    if (typeof p !== "number" || !(p >= 0 && p <= 100)) throw new InvalidArgumentError(`percentile must be a number in [0, 100], got ${show(p)}`);
    const total = this.#w()[W_TOTAL];
    if (total === 0n) throw new OutOfRangeError("percentile of an empty histogram");
    const req = Math.min(Math.max(nextDown(p), 0), 100);
    let k = BigInt(Math.max(Math.ceil((req / 100) * Number(total)), 1));
    if (k > total) k = total;
    return this.#c.histValueAtRank(this.#h, k, p === 0 ? 1 : 0);
  }

  /**
   * HdrHistogram's getPercentileAtOrBelowValue: 100 × (values in buckets at or below the bucket of
   * ns) / N, as a double. NaN when empty.
   */
  percentileRank(ns: bigint | number): number {
    const total = this.#w()[W_TOTAL];
    const v = toNs(ns, "ns");
    if (total === 0n) return NaN;
    if (v > I64_MAX) return 100;
    if (v < I64_MIN) return 0;
    return (100 * Number(this.#c.histCountAtOrBelow(this.#h, v))) / Number(total);
  }

  /**
   * Adds every value of `other` to this histogram. Both must have the same lowestDiscernibleNs and
   * significantDigits (else `incompatible-histogram`); other's range must fit (autoResize grows
   * this one; otherwise `out-of-range`). Exact moments stay exact only if both were.
   */
  merge(other: LatencyHistogram): void {
    if (!(other instanceof LatencyHistogram)) throw new InvalidArgumentError("merge takes a LatencyHistogram");
    this.#w();
    const ow = other.#w();
    if (other.lowestDiscernibleNs !== this.lowestDiscernibleNs || other.significantDigits !== this.significantDigits) {
      throw new IncompatibleHistogramError(
        `cannot merge a histogram of lowestDiscernibleNs ${other.lowestDiscernibleNs}, ${other.significantDigits} digits into one of ` +
          `${this.lowestDiscernibleNs}, ${this.significantDigits} digits: bucket boundaries differ`,
      );
    }
    if (ow[W_TOTAL] > I64_MAX - this.#w()[W_TOTAL]) throw new OutOfRangeError("the merged total count would pass 2^63 − 1");
    if (ow[W_TOTAL] > 0n) {
      const mn = ow[W_MIN], mx = ow[W_MAX];
      const m = -mn > mx ? -mn : mx;
      if (m > this.#high) {
        if (!this.autoResize) throw new OutOfRangeError(`merge: values up to ±${m} ns are outside this histogram's ±${this.#high} ns`);
        this.#resize(m);
      }
    }
    this.#c.histAdd(this.#h, other.#h);
    this.#reopen();
    if (!other.#exact) this.#exact = false;
  }

  /** Removes every value (and the overflow count); keeps the range and the memory. */
  reset(): void {
    this.#w();
    this.#c.histReset(this.#h);
    this.#reopen();
    this.#exact = true;
  }

  /**
   * Releases the core memory now. Every later use throws `invalid-argument`; disposing twice is
   * harmless. `[Symbol.dispose]` is the same method (for `using`).
   */
  dispose(): void {
    if (this.#h === 0) return;
    this.#sbn = this.#sfn = 0;
    registry?.unregister(this);
    releaseBlock(this.#h);
    this.#h = 0;
    this.#cell.ptr = 0;
    this.#weight = undefined;
    this.#close(); // record's fast paths closed: it reaches #w()'s check and throws
  }

  /**
   * The counts arrays [negative, reversed | non-negative], each layout.len long (a fresh view): the
   * count of negative magnitude index i is at len − 1 − i.
   */
  #counts(): BigInt64Array {
    this.#w();
    return new BigInt64Array(this.#c.memory.buffer, this.#h + HEADER_BYTES, 2 * this.#layout.len);
  }

  /** Every non-empty bucket in ascending order of value. */
  buckets(): HistogramBucket[] {
    const l = this.#layout, cs = this.#counts();
    const out: HistogramBucket[] = [];
    for (let i = l.len - 1; i >= 0; i--) {
      const c = cs[l.len - 1 - i];
      if (c === 0n) continue;
      const lo = valueFromIndex(l, i);
      out.push({ fromNs: -(lo + bucketSize(l, i) - 1n), toNs: -lo, count: c });
    }
    for (let i = 0; i < l.len; i++) {
      const c = cs[l.len + i];
      if (c === 0n) continue;
      const lo = valueFromIndex(l, i);
      out.push({ fromNs: lo, toNs: lo + bucketSize(l, i) - 1n, count: c });
    }
    return out;
  }

  /**
   * Percentiles for a log-scale plot, spaced as HdrHistogram's percentile output: `ticksPerHalf`
   * points per halving of the remaining tail (50, 75, 87.5, … with 1 tick), up to the first level
   * whose tail holds less than one value, then 100. Empty histogram: []. ticksPerHalf must be an
   * integer number in [1, 100]: `invalid-argument` for anything else (a bigint, a fraction, NaN),
   * `out-of-range` outside [1, 100].
   */
  percentileSeries(ticksPerHalf = 5): PercentilePoint[] {
    const t = checkInt(ticksPerHalf, 1, 100, "ticksPerHalf");
    const n = Number(this.count);
    if (n === 0) return [];
    const out: PercentilePoint[] = [];
    for (let k = 0; ; k++) {
      const tail = 2 ** (-k / t);
      const p = 100 * (1 - tail);
      out.push({ percentile: p, valueNs: this.percentile(p), inverseTail: 1 / tail });
      if (tail * n < 1 || k > 64 * t) break;
    }
    out.push({ percentile: 100, valueNs: this.percentile(100), inverseTail: Infinity });
    return out;
  }

  /**
   * HdrHistogram's compressed V2 base64 ("HISTFAAA…"), readable by HdrHistogram (Java, C, Go,
   * hdr-histogram-js). HdrHistogram has no negative values: a histogram holding any throws
   * `out-of-range`; use `encodeSplit()` for those. Exact moments are not part of the format.
   */
  encode(): string {
    const w = this.#w();
    if (w[W_NEGTOTAL] > 0n) throw new OutOfRangeError(`encode: ${w[W_NEGTOTAL]} negative values; HdrHistogram has none, use encodeSplit()`);
    return this.#encodeSide(1);
  }

  /** Negative values as a histogram of their magnitudes, and the values >= 0, each HdrHistogram base64. */
  encodeSplit(): SplitEncoding {
    return { negative: this.#encodeSide(0), nonNegative: this.#encodeSide(1) };
  }

  #encodeSide(side: 0 | 1): string {
    const l = this.#layout, cs = this.#counts();
    const arr = side === 1 ? cs.subarray(l.len) : cs.slice(0, l.len).reverse();
    return encodeText(this.lowestDiscernibleNs, this.#high, this.significantDigits, arr, countsEnd(arr));
  }

  /**
   * Reads HdrHistogram compressed base64 (or a SplitEncoding from encodeSplit). The result has the
   * encoding's lowest/highest/digits, autoResize off, and moments from bucket medians
   * (`momentsExact` false), as HdrHistogram computes them. Corrupt or truncated text throws
   * `corrupt-encoding`, and so do counts past the last bucket of the stated range and a stream
   * that inflates past the length its header states: decoding costs at most what an honest
   * histogram of the stated range costs (see src/jitter/hdr.ts).
   */
  static decode(text: string | SplitEncoding, options: Pick<LatencyHistogramOptions, "outOfRange"> = {}): LatencyHistogram {
    options = checkOptions(options, "options");
    if (typeof text === "string") return LatencyHistogram.#fromDecoded(decodeText(text), undefined, options);
    if (typeof text !== "object" || text === null || typeof text.negative !== "string" || typeof text.nonNegative !== "string") {
      throw new InvalidArgumentError("decode takes a base64 string or { negative, nonNegative }");
    }
    const neg = decodeText(text.negative);
    const pos = decodeText(text.nonNegative);
    if (neg.lowest !== pos.lowest || neg.digits !== pos.digits) throw new IncompatibleHistogramError("the two halves have different precision");
    if (neg.total > I64_MAX - pos.total) throw new CorruptEncodingError("HdrHistogram encoding: total count of the two halves above 2^63 − 1");
    return LatencyHistogram.#fromDecoded(pos, neg, options);
  }

  static #fromDecoded(pos: DecodedCounts, neg: DecodedCounts | undefined, options: Pick<LatencyHistogramOptions, "outOfRange">): LatencyHistogram {
    // every index is below its half's layout (hdr.ts), and the larger range holds both halves' layouts
    const high = neg && neg.highest > pos.highest ? neg.highest : pos.highest;
    const h = new LatencyHistogram({ lowestDiscernibleNs: pos.lowest, highestTrackableNs: high, significantDigits: pos.digits, autoResize: false, ...options });
    const len = h.#layout.len;
    const cs = h.#counts();
    // the counts as uint32 halves (wasm memory is little-endian): no bigint per count
    const u32 = new Uint32Array(cs.buffer, cs.byteOffset, cs.length * 2);
    for (let k = 0; k < pos.index.length; k++) {
      const at = 2 * (len + pos.index[k]);
      u32[at] = pos.countLo[k];
      u32[at + 1] = pos.countHi[k];
    }
    // index 0 of the negative half holds magnitudes [1, 2^unit − 1] (its bucket starts at 0)
    if (neg) {
      for (let k = 0; k < neg.index.length; k++) {
        const at = 2 * (len - 1 - neg.index[k]);
        u32[at] = neg.countLo[k];
        u32[at + 1] = neg.countHi[k];
      }
    }
    h.#c.histFromCounts(h.#h);
    h.#reopen();
    h.#exact = false;
    return h;
  }
}

// `using h = new LatencyHistogram()` disposes at the end of the scope, where Symbol.dispose exists.
export interface LatencyHistogram extends Disposable {}
installDispose(LatencyHistogram.prototype);
