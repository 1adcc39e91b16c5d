// LatencyHistogram: HdrHistogram-compatible, signed, exact-moment latency histograms whose counts
// live in the WebAssembly core (assembly/jitter.ts), one owned block each. The rooms around it:
//   histogram-block.ts  the core block: header words, allocation, growth, release
//   histogram-stage.ts  staging of single records (record's fast path) and their core calls
//   histogram-stats.ts  moments, mean/stddev, percentile ranks and series, argument checks
//   histogram-codec.ts  HdrHistogram base64 out of and into the count arrays
import { installDispose } from "../core/block.ts";
import { checkInt, checkOptions, I64_MAX, I64_MIN, show } from "../check.ts";
import { isCoreView } from "../core/array.ts";
import { IncompatibleHistogramError, InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { bucketSize, layoutFor, valueFromIndex } from "./layout.ts";
import type { DecodedCounts } from "./hdr.ts";
import {
  HistogramBlock,
  WORD_MAX,
  WORD_MIN,
  WORD_NEGATIVE_COUNT,
  WORD_OVERFLOW_COUNT,
  WORD_SQUARES_0,
  WORD_SQUARES_1,
  WORD_SQUARES_2,
  WORD_SUM_HIGH,
  WORD_SUM_LOW,
  WORD_TOTAL_COUNT,
} from "./histogram-block.ts";
import { numberStageBound, recordStagedBigints, recordStagedNumbers, STAGE_CAPACITY } from "./histogram-stage.ts";
import {
  correctionMoments,
  int128,
  meanOf,
  type PercentilePoint,
  percentileSeriesOf,
  rankAtPercentile,
  stddevOf,
  toCount,
  toNs,
  uint192,
} from "./histogram-stats.ts";
import { decodeHalves, encodeSide, fillCounts, type Side, type SplitEncoding } from "./histogram-codec.ts";

export type { PercentilePoint } from "./histogram-stats.ts";
export type { SplitEncoding } from "./histogram-codec.ts";

/** Values per core call of recordMany (the scratch region holds one chunk: 64 KiB, in L2). */
const RECORD_MANY_CHUNK = 8192;
/** Index of record's upper bound in #stagedBigints, after the STAGE_CAPACITY staged values; the lower bound follows. */
const UPPER_BOUND = STAGE_CAPACITY;
const LOWER_BOUND = STAGE_CAPACITY + 1;
/** The last slot of a stage: filling it records the stage. (A local constant: record reads no imported binding.) */
const LAST_SLOT = STAGE_CAPACITY - 1;

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
  /** The counts and header in core memory. */
  readonly #block: HistogramBlock;
  /** The core's overflow flag for this.outOfRange: 1 counts out-of-range values, 0 refuses them. */
  readonly #countOverflow: 0 | 1;
  /** Largest magnitude trackable now (the layout's highest), and its negation. */
  #highest!: bigint;
  #negHighest!: bigint;
  /** False once sum and sum of squares come from bucket medians (decode, or a merge of such). */
  #momentsExact = true;
  /**
   * record(bigint)'s stage: STAGE_CAPACITY slots, then the bounds at UPPER_BOUND and LOWER_BOUND
   * (±highest while staging is open, an empty range while closed): one typed array for record to load.
   */
  readonly #stagedBigints = new BigInt64Array(STAGE_CAPACITY + 2);
  /** The staged values when all slots are full (a view made once). */
  readonly #fullBigintStage = this.#stagedBigints.subarray(0, STAGE_CAPACITY);
  #stagedBigintCount = 0;
  /** record(number)'s stage. */
  readonly #stagedNumbers = new Float64Array(STAGE_CAPACITY);
  #stagedNumberCount = 0;
  /**
   * record(number)'s staging bound: numbers within ± it are staged unchecked (see numberStageBound);
   * −1 while staging is closed, so that no number passes.
   */
  #numberBound = 0;
  /** numberStageBound(#highest): #numberBound while staging is open. */
  #openNumberBound = 0;

  constructor(options: LatencyHistogramOptions = {}) {
    options = checkOptions(options, "options");
    const lowest = options.lowestDiscernibleNs ?? 1n;
    const highest = options.highestTrackableNs ?? DEFAULT_HIGHEST_TRACKABLE_NS;
    if (typeof lowest !== "bigint" || typeof highest !== "bigint") {
      throw new InvalidArgumentError(
        `lowestDiscernibleNs and highestTrackableNs must be bigint nanoseconds, got ${show(lowest)} and ${
          show(highest)
        }`,
      );
    }
    const digits = options.significantDigits ?? 3;
    const autoResize = options.autoResize ?? options.highestTrackableNs === undefined;
    if (typeof autoResize !== "boolean") throw new InvalidArgumentError("autoResize must be a boolean");
    const policy = options.outOfRange ?? "throw";
    if (policy !== "throw" && policy !== "count") {
      throw new InvalidArgumentError(`outOfRange must be "throw" or "count", got ${show(policy)}`);
    }
    const layout = layoutFor(
      lowest,
      options.highestTrackableNs === undefined && lowest * 2n > highest ? lowest * 2n : highest,
      digits,
    );
    this.lowestDiscernibleNs = lowest;
    this.significantDigits = digits;
    this.autoResize = autoResize;
    this.outOfRange = policy;
    this.#countOverflow = policy === "count" ? 1 : 0;
    this.#block = new HistogramBlock(layout);
    this.#setHighest(layout.highest);
  }

  #setHighest(highest: bigint): void {
    this.#highest = highest;
    this.#negHighest = -highest;
    this.#openNumberBound = numberStageBound(highest);
    this.#openOrCloseStaging();
  }

  /**
   * Opens record's staging (the bigint bounds ±highest, the number bound) while STAGE_CAPACITY more
   * values cannot take the total count past 2^63 − 1, and closes it (empty bounds) otherwise: then
   * every value goes through the core's checked histRecord, which refuses the one that would wrap.
   * Called after everything that changes the total or the range.
   */
  #openOrCloseStaging(): void {
    if (this.#block.header()[WORD_TOTAL_COUNT] > I64_MAX - BigInt(STAGE_CAPACITY)) {
      this.#closeStaging();
      return;
    }
    this.#stagedBigints[UPPER_BOUND] = this.#highest;
    this.#stagedBigints[LOWER_BOUND] = this.#negHighest;
    this.#numberBound = this.#openNumberBound;
  }

  /** Empty bounds for record's staging (v <= −1 and v >= 1; |x| <= −1): every value takes #recordChecked. */
  #closeStaging(): void {
    this.#stagedBigints[UPPER_BOUND] = -1n;
    this.#stagedBigints[LOWER_BOUND] = 1n;
    this.#numberBound = -1;
  }

  /** Throws `invalid-argument` once the histogram is disposed. */
  #checkLive(): void {
    if (this.#block.ptr === 0) throw new InvalidArgumentError("this LatencyHistogram was disposed");
  }

  /**
   * The header words with every staged value recorded: what every read of the histogram starts
   * from. Throws `invalid-argument` once disposed.
   */
  #recordStagedThenHeader(): BigInt64Array {
    const block = this.#block;
    if (block.ptr === 0) this.#checkLive();
    if (this.#stagedBigintCount + this.#stagedNumberCount !== 0) this.#recordStaged();
    return block.header();
  }

  /** Largest magnitude currently trackable, ns (grows under autoResize). */
  get highestTrackableNs(): bigint {
    return this.#highest;
  }

  /** Number of recorded values (out-of-range values counted under outOfRange "count" excluded). */
  get count(): bigint {
    return this.#recordStagedThenHeader()[WORD_TOTAL_COUNT];
  }

  /** Values refused as out of range and counted under `outOfRange: "count"`. */
  get overflowCount(): bigint {
    return this.#recordStagedThenHeader()[WORD_OVERFLOW_COUNT];
  }

  /**
   * Smallest value recorded, exactly; undefined when empty. After decode, the lowest equivalent
   * value of the lowest non-empty bucket (an encoding keeps only counts).
   */
  get min(): bigint | undefined {
    const w = this.#recordStagedThenHeader();
    return w[WORD_TOTAL_COUNT] === 0n ? undefined : w[WORD_MIN];
  }

  /**
   * Largest value recorded, exactly; undefined when empty. After decode, the highest equivalent value of the highest
   * non-empty bucket.
   */
  get max(): bigint | undefined {
    const w = this.#recordStagedThenHeader();
    return w[WORD_TOTAL_COUNT] === 0n ? undefined : w[WORD_MAX];
  }

  /** Σ v over recorded values, ns, exact (after decode: Σ of bucket median values, as HdrHistogram). */
  get sumNs(): bigint {
    const w = this.#recordStagedThenHeader();
    return int128(w[WORD_SUM_LOW], w[WORD_SUM_HIGH]);
  }

  /** Σ v² over recorded values, ns², exact (after decode: from bucket median values). */
  get sumOfSquaresNs2(): bigint {
    const w = this.#recordStagedThenHeader();
    return uint192(w[WORD_SQUARES_0], w[WORD_SQUARES_1], w[WORD_SQUARES_2]);
  }

  /** True when sum and sum of squares come from the recorded values themselves, not bucket medians. */
  get momentsExact(): boolean {
    return this.#momentsExact;
  }

  /** Mean in ns: the exact rational Σv / N rounded once to a double; NaN when empty. */
  get mean(): number {
    const n = this.count;
    return n === 0n ? NaN : meanOf(this.sumNs, n);
  }

  /**
   * Population standard deviation in ns (HdrHistogram's definition, divisor N): sqrt(N·Σv² − (Σv)²) / N
   * with the radicand exact; NaN when empty.
   */
  get stddev(): number {
    const n = this.count;
    return n === 0n ? NaN : stddevOf(this.sumNs, this.sumOfSquaresNs2, n);
  }

  /**
   * Records `ns` (a bigint, or a number that is a whole number of ns) `count` times.
   * NaN, ±Infinity and fractions throw `invalid-argument`; |ns| above highestTrackableNs grows the
   * histogram (autoResize), is counted in `overflowCount` (outOfRange "count"), or throws `out-of-range`.
   */
  record(ns: bigint | number, count: bigint | number = 1): void {
    // Staging: the value is stored, read back and checked: the read-back i64 equals ns only when
    // ns fits i64 (the store wraps), and V8 compiles i64 compares against the stage's bounds to machine
    // compares (bigint compares against bigint fields are calls). The next 1023 staged values are
    // recorded with it in one core call; every read records what is staged first.
    if (count === 1) { // a disposed histogram has closed staging: nothing passes, #recordChecked throws
      if (typeof ns === "bigint") {
        const staged = this.#stagedBigints, i = this.#stagedBigintCount;
        staged[i] = ns;
        const v = staged[i];
        if (v === ns && v <= staged[UPPER_BOUND] && v >= staged[LOWER_BOUND]) {
          this.#stagedBigintCount = i + 1;
          if (i === LAST_SLOT) this.#recordStaged();
          return;
        }
      } else if (
        typeof ns === "number" && ns <= this.#numberBound && ns >= -this.#numberBound && Math.floor(ns) === ns
      ) {
        const i = this.#stagedNumberCount;
        this.#stagedNumbers[i] = ns;
        this.#stagedNumberCount = i + 1;
        if (i === LAST_SLOT) this.#recordStaged();
        return;
      }
    }
    this.#recordChecked(ns, count);
  }

  /** Records the staged values (all checked when staged: the core takes every one) and empties the stages. */
  #recordStaged(): void {
    const b = this.#block;
    const nb = this.#stagedBigintCount;
    if (nb !== 0) {
      this.#stagedBigintCount = 0;
      recordStagedBigints(
        b.core,
        b.ptr,
        nb === STAGE_CAPACITY ? this.#fullBigintStage : this.#stagedBigints.subarray(0, nb),
      );
    }
    const nn = this.#stagedNumberCount;
    if (nn !== 0) {
      this.#stagedNumberCount = 0;
      recordStagedNumbers(
        b.core,
        b.ptr,
        nn === STAGE_CAPACITY ? this.#stagedNumbers : this.#stagedNumbers.subarray(0, nn),
      );
    }
    this.#openOrCloseStaging();
  }

  /** record() for what staging does not take: counts other than 1, out-of-range or bad values, closed staging. */
  #recordChecked(ns: unknown, count: unknown): void {
    this.#recordStagedThenHeader();
    const c = toCount(count);
    const v = toNs(ns, "ns");
    this.#makeRoomFor(v, "ns");
    const b = this.#block;
    const r = b.core.histRecord(b.ptr, v, c, this.#countOverflow);
    this.#openOrCloseStaging();
    this.#throwIfRefused(r, v);
  }

  /** Makes room for v (autoResize) or leaves it to the core's overflow policy; throws otherwise. */
  #makeRoomFor(v: bigint, what: string, index?: number): void {
    if (v <= this.#highest && v >= this.#negHighest) return;
    const m = v < 0n ? -v : v;
    if (this.autoResize && m <= I64_MAX) {
      this.#growFor(m);
      return;
    }
    if (this.#countOverflow === 1 && v >= I64_MIN && v <= I64_MAX) return;
    throw new OutOfRangeError(
      `${what} = ${v}${
        index === undefined ? "" : ` (index ${index})`
      } is outside ±${this.#highest} ns, the histogram's trackable range` +
        (index === undefined ? "" : `; values before index ${index} were recorded`),
    );
  }

  /** Turns the core's histRecord / histRecordCorrected result into the error it means (0: none). */
  #throwIfRefused(r: number, v: bigint): void {
    if (r === 0 || (r === 1 && this.#countOverflow === 1)) return;
    if (r === 2) throw new OutOfRangeError("the histogram's total count would pass 2^63 − 1");
    if (r === 3) throw new InvalidArgumentError(`ns must be a whole number of ns, got ${v}`);
    throw new OutOfRangeError(`ns = ${v} is outside ±${this.#highest} ns, the histogram's trackable range`);
  }

  /** Doubles the range until it holds magnitude m (at most i64), in a new block. */
  #growFor(m: bigint): void {
    let high = this.#highest * 2n;
    while (high < m) high *= 2n;
    if (high > I64_MAX) high = I64_MAX;
    const layout = layoutFor(this.lowestDiscernibleNs, high, this.significantDigits);
    this.#block.grow(layout);
    this.#setHighest(layout.highest);
  }

  /**
   * Records every value of `values` once, in one pass through the core (chunks of 8192 via the
   * scratch region; a CoreArray view is read in place, with no copy). A Float64Array must hold whole numbers of ns. On
   * the first bad value (NaN, ±Infinity, a fraction: `invalid-argument`; out of range without autoResize or "count":
   * `out-of-range`) it throws with that index in the message and in `error.index`; the values
   * before it have been recorded, the rest have not.
   */
  recordMany(values: BigInt64Array | Float64Array): void {
    const isBig = values instanceof BigInt64Array;
    if (!isBig && !(values instanceof Float64Array)) {
      throw new InvalidArgumentError("recordMany takes a BigInt64Array or a Float64Array");
    }
    const w = this.#recordStagedThenHeader();
    if (BigInt(values.length) > I64_MAX - w[WORD_TOTAL_COUNT]) {
      throw new OutOfRangeError("the histogram's total count would pass 2^63 − 1");
    }
    const b = this.#block;
    const c = b.core;
    const n = values.length;
    // A CoreArray view is read where it lies (i64 values are only read), with no copy.
    const inCore = isBig && isCoreView(values as BigInt64Array, "values");
    const base = values.byteOffset; // kept: growing the memory (autoResize) detaches the view
    let i = 0;
    try {
      while (i < n) {
        // a CoreArray view in one core call; other arrays through the scratch region, a chunk at a time
        const len = inCore ? n - i : Math.min(RECORD_MANY_CHUNK, n - i);
        let r: number;
        if (inCore) {
          r = c.histRecordMany(b.ptr, base + i * 8, len, this.#countOverflow);
        } else if (isBig) {
          const ptr = c.scratch(len * 8); // resource-exhausted past the core's memory limit
          new BigInt64Array(c.memory.buffer, ptr, len).set((values as BigInt64Array).subarray(i, i + len));
          r = c.histRecordMany(b.ptr, ptr, len, this.#countOverflow);
        } else {
          const ptr = c.scratch(len * 8);
          new Float64Array(c.memory.buffer, ptr, len).set((values as Float64Array).subarray(i, i + len));
          r = c.histRecordManyF64(b.ptr, ptr, len, this.#countOverflow);
        }
        if (r >= 0) {
          const at = i + r;
          if (inCore && values.buffer !== c.memory.buffer) values = new BigInt64Array(c.memory.buffer, base, n);
          if (!isBig && !Number.isInteger(values[at])) {
            throw Object.assign(
              new InvalidArgumentError(
                `values[${at}] = ${values[at]} is not a whole number of ns; values before index ${at} were recorded`,
              ),
              { index: at },
            );
          }
          const v = isBig ? (values as BigInt64Array)[at] : BigInt((values as Float64Array)[at]);
          try {
            this.#makeRoomFor(v, "values[i]", at);
          } catch (e) {
            throw Object.assign(e as Error, { index: at });
          }
          i = at; // resized: go on from the value that did not fit
          continue;
        }
        i += len;
      }
    } finally {
      this.#openOrCloseStaging(); // the total changed, also when a bad value stopped the loop
    }
  }

  /**
   * Records `ns` and, as HdrHistogram's recordValueWithExpectedInterval does for coordinated
   * omission, the values ns − k·expectedIntervalNs (k = 1, 2, …) that are >= expectedIntervalNs:
   * the samples a stalled loop failed to take. expectedIntervalNs <= 0 records ns alone. The
   * counts are HdrHistogram's exactly; the cost is one step per bucket the missing values touch
   * (at most the layout's bucket count), not one per value. Sum and sum of squares stay exact.
   */
  recordCorrected(ns: bigint | number, expectedIntervalNs: bigint | number): void {
    this.#recordStagedThenHeader();
    const v = toNs(ns, "ns");
    const iv = toNs(expectedIntervalNs, "expectedIntervalNs");
    if (iv > I64_MAX || iv < I64_MIN) throw new OutOfRangeError(`expectedIntervalNs = ${iv} is outside i64`);
    this.#makeRoomFor(v, "ns");
    const b = this.#block;
    const r = b.core.histRecordCorrected(b.ptr, v, iv, this.#countOverflow);
    if (r === 0 && iv > 0n && v >= 2n * iv) this.#addCorrectionMoments(v, iv);
    this.#openOrCloseStaging();
    this.#throwIfRefused(r, v);
  }

  /** Adds the moments of the values histRecordCorrected added for v (see correctionMoments). */
  #addCorrectionMoments(v: bigint, iv: bigint): void {
    const { sum, sumOfSquares } = correctionMoments(v, iv);
    const w = this.#block.header();
    const total = int128(w[WORD_SUM_LOW], w[WORD_SUM_HIGH]) + sum;
    w[WORD_SUM_LOW] = BigInt.asIntN(64, total);
    w[WORD_SUM_HIGH] = BigInt.asIntN(64, total >> 64n);
    const q = uint192(w[WORD_SQUARES_0], w[WORD_SQUARES_1], w[WORD_SQUARES_2]) + sumOfSquares;
    w[WORD_SQUARES_0] = BigInt.asIntN(64, q);
    w[WORD_SQUARES_1] = BigInt.asIntN(64, q >> 64n);
    w[WORD_SQUARES_2] = BigInt.asIntN(64, q >> 128n);
  }

  /**
   * HdrHistogram's getValueAtPercentile: p is nudged down by one ulp, clamped to [0, 100], and the
   * answer is the highest equivalent value of the bucket holding the ceil(p/100 · N)-th smallest
   * value (at least the first); for p = 0, that bucket's lowest equivalent value. Signed: a
   * negative bucket's highest equivalent value is the one nearest zero. Throws `invalid-argument`
   * for p outside [0, 100] or NaN, and `out-of-range` on an empty histogram.
   */
  percentile(p: number): bigint {
    if (typeof p !== "number" || !(p >= 0 && p <= 100)) {
      throw new InvalidArgumentError(`percentile must be a number in [0, 100], got ${show(p)}`);
    }
    const total = this.#recordStagedThenHeader()[WORD_TOTAL_COUNT];
    if (total === 0n) throw new OutOfRangeError("percentile of an empty histogram");
    const b = this.#block;
    return b.core.histValueAtRank(b.ptr, rankAtPercentile(p, total), p === 0 ? 1 : 0);
  }

  /**
   * HdrHistogram's getPercentileAtOrBelowValue: 100 × (values in buckets at or below the bucket of
   * ns) / N, as a double. NaN when empty.
   */
  percentileRank(ns: bigint | number): number {
    const total = this.#recordStagedThenHeader()[WORD_TOTAL_COUNT];
    const v = toNs(ns, "ns");
    if (total === 0n) return NaN;
    if (v > I64_MAX) return 100;
    if (v < I64_MIN) return 0;
    const b = this.#block;
    return (100 * Number(b.core.histCountAtOrBelow(b.ptr, v))) / Number(total);
  }

  /**
   * Adds every value of `other` to this histogram. Both must have the same lowestDiscernibleNs and
   * significantDigits (else `incompatible-histogram`); other's range must fit (autoResize grows
   * this one; otherwise `out-of-range`). Exact moments stay exact only if both were.
   */
  merge(other: LatencyHistogram): void {
    if (!(other instanceof LatencyHistogram)) throw new InvalidArgumentError("merge takes a LatencyHistogram");
    this.#recordStagedThenHeader();
    const ow = other.#recordStagedThenHeader();
    if (other.lowestDiscernibleNs !== this.lowestDiscernibleNs || other.significantDigits !== this.significantDigits) {
      throw new IncompatibleHistogramError(
        `cannot merge a histogram of lowestDiscernibleNs ${other.lowestDiscernibleNs}, ${other.significantDigits} digits into one of ` +
          `${this.lowestDiscernibleNs}, ${this.significantDigits} digits: bucket boundaries differ`,
      );
    }
    if (ow[WORD_TOTAL_COUNT] > I64_MAX - this.#recordStagedThenHeader()[WORD_TOTAL_COUNT]) {
      throw new OutOfRangeError("the merged total count would pass 2^63 − 1");
    }
    if (ow[WORD_TOTAL_COUNT] > 0n) {
      const mn = ow[WORD_MIN], mx = ow[WORD_MAX];
      const m = -mn > mx ? -mn : mx;
      if (m > this.#highest) {
        if (!this.autoResize) {
          throw new OutOfRangeError(`merge: values up to ±${m} ns are outside this histogram's ±${this.#highest} ns`);
        }
        this.#growFor(m);
      }
    }
    this.#block.core.histAdd(this.#block.ptr, other.#block.ptr);
    this.#openOrCloseStaging();
    if (!other.#momentsExact) this.#momentsExact = false;
  }

  /** Removes every value (and the overflow count); keeps the range and the memory. */
  reset(): void {
    this.#recordStagedThenHeader();
    this.#block.core.histReset(this.#block.ptr);
    this.#openOrCloseStaging();
    this.#momentsExact = true;
  }

  /**
   * Releases the core memory now. Every later use throws `invalid-argument`; disposing twice is
   * harmless. `[Symbol.dispose]` is the same method (for `using`).
   */
  dispose(): void {
    if (this.#block.ptr === 0) return;
    this.#stagedBigintCount = this.#stagedNumberCount = 0;
    this.#block.release();
    this.#closeStaging(); // record's staging closed: it reaches #recordChecked, which throws
  }

  /** The count arrays, every staged value recorded (see HistogramBlock.counts). */
  #recordStagedThenCounts(): BigInt64Array {
    this.#recordStagedThenHeader();
    return this.#block.counts();
  }

  /** Every non-empty bucket in ascending order of value. */
  buckets(): HistogramBucket[] {
    const cs = this.#recordStagedThenCounts(), l = this.#block.layout;
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
    return percentileSeriesOf(Number(this.count), t, (p) => this.percentile(p));
  }

  /**
   * HdrHistogram's compressed V2 base64 ("HISTFAAA…"), readable by HdrHistogram (Java, C, Go,
   * hdr-histogram-js). HdrHistogram has no negative values: a histogram holding any throws
   * `out-of-range`; use `encodeSplit()` for those. Exact moments are not part of the format.
   */
  encode(): string {
    const w = this.#recordStagedThenHeader();
    if (w[WORD_NEGATIVE_COUNT] > 0n) {
      throw new OutOfRangeError(
        `encode: ${w[WORD_NEGATIVE_COUNT]} negative values; HdrHistogram has none, use encodeSplit()`,
      );
    }
    return this.#encodeSide("nonNegative");
  }

  /** Negative values as a histogram of their magnitudes, and the values >= 0, each HdrHistogram base64. */
  encodeSplit(): SplitEncoding {
    return { negative: this.#encodeSide("negative"), nonNegative: this.#encodeSide("nonNegative") };
  }

  #encodeSide(side: Side): string {
    const cs = this.#recordStagedThenCounts();
    return encodeSide(this.#block.layout, cs, side, this.lowestDiscernibleNs, this.#highest, this.significantDigits);
  }

  /**
   * Reads HdrHistogram compressed base64 (or a SplitEncoding from encodeSplit). The result has the
   * encoding's lowest/highest/digits, autoResize off, and moments from bucket medians
   * (`momentsExact` false), as HdrHistogram computes them. Corrupt or truncated text throws
   * `corrupt-encoding`, and so do counts past the last bucket of the stated range and a stream
   * that inflates past the length its header states: decoding costs at most what an honest
   * histogram of the stated range costs (see src/jitter/hdr.ts).
   */
  static decode(
    text: string | SplitEncoding,
    options: Pick<LatencyHistogramOptions, "outOfRange"> = {},
  ): LatencyHistogram {
    options = checkOptions(options, "options");
    const { nonNegative, negative } = decodeHalves(text);
    return LatencyHistogram.#fromDecoded(nonNegative, negative, options);
  }

  static #fromDecoded(
    pos: DecodedCounts,
    neg: DecodedCounts | undefined,
    options: Pick<LatencyHistogramOptions, "outOfRange">,
  ): LatencyHistogram {
    // the larger range holds both halves' layouts
    const high = neg && neg.highest > pos.highest ? neg.highest : pos.highest;
    const h = new LatencyHistogram({
      lowestDiscernibleNs: pos.lowest,
      highestTrackableNs: high,
      significantDigits: pos.digits,
      autoResize: false,
      ...options,
    });
    fillCounts(h.#recordStagedThenCounts(), h.#block.layout.len, pos, neg);
    h.#block.core.histFromCounts(h.#block.ptr);
    h.#openOrCloseStaging();
    h.#momentsExact = false;
    return h;
  }
}

// `using h = new LatencyHistogram()` disposes at the end of the scope, where Symbol.dispose exists.
export interface LatencyHistogram extends Disposable {}
installDispose(LatencyHistogram.prototype);
