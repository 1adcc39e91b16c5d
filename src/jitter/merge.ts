// Merging interval logs and histograms into one, as HdrHistogram's HistogramLogProcessor builds
// the histogram behind its percentile summary: the accumulator takes the first merged histogram's
// layout (lowest discernible value, highest trackable value, digits) and grows, like Java's
// auto-resizing add, to exactly the highest trackable value of the largest value merged, so its
// Buckets/SubBuckets footer is the processor's. Counts are added by bucket index (indexes do not
// depend on the highest trackable value), in doubles while the total stays below 2^53 (exact),
// in i64 beyond: memory is one counts array of the merged layout, whatever the number of lines.
import { checkOptions, I64_MAX, show } from "../check.ts";
import { IncompatibleHistogramError, InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { type DecodedCounts, decodeText, encodeText } from "./hdr.ts";
import { LatencyHistogram } from "./histogram.ts";
import { bucketSize, type Layout, layoutFor, valueFromIndex } from "./layout.ts";
import type { TextChunkSource } from "./lines.ts";
import { type IntervalLogRecord, type IntervalLogStreamOptions, readIntervalLog } from "./logstream.ts";

/** Options of mergeIntervalLogs: which tags and which time range (from the log's start) are merged. */
export interface IntervalLogMergeOptions extends IntervalLogStreamOptions {
  /** Merge only the intervals with this tag. Default: only untagged intervals (HistogramLogProcessor's default). */
  readonly tag?: string;
  /** Merge every interval whatever its tag (tag must then be absent). Default false. */
  readonly allTags?: boolean;
  /**
   * Skip intervals that start less than this after the log's start time (IntervalLogRecord.offsetNs),
   * ns. Default 0n, as HistogramLogProcessor's -start 0: intervals before the log's start are skipped.
   */
  readonly rangeStartNs?: bigint;
  /**
   * Stop at the first interval (of any tag) that starts more than this after the log's start time,
   * ns, as HistogramLogProcessor's -end does: later lines are not read. Default: no end.
   */
  readonly rangeEndNs?: bigint;
}

/** What mergeIntervalLogs returns: the merged histogram (the caller disposes it) and what was read. */
export interface MergedHistogram {
  /**
   * The merged histogram, owned by the caller (dispose it). With no interval merged: an empty
   * histogram of 1 ns … 2 ns, 3 digits (Java's `new Histogram(3)`), growing on record.
   */
  readonly histogram: LatencyHistogram;
  /** How many intervals (histograms) were merged. */
  readonly intervals: number;
  /** Earliest start of a merged interval, Unix epoch ns (interval logs only; absent when none). */
  readonly firstStartUnixNs?: bigint;
  /** Latest end (start + length) of a merged interval, Unix epoch ns (interval logs only). */
  readonly lastEndUnixNs?: bigint;
  /** Start time of the first log an interval was merged from (the processor's "#[StartTime: …]"). */
  readonly logStartUnixNs?: bigint;
}

/** 2^53: counts and totals below it are exact doubles. */
const EXACT_DOUBLE = 2 ** 53;

/** The highest value equivalent to the last bucket of layout l (what Java's add compares with). */
function coverage(l: Layout): bigint {
  return valueFromIndex(l, l.len - 1) + bucketSize(l, l.len - 1) - 1n;
}

/** Sums decoded counts by bucket index, tracking HistogramLogProcessor's layout. */
class CountsAccumulator {
  #layout: Layout | undefined;
  #cover = 0n;
  #f: Float64Array = new Float64Array(0);
  #big: BigInt64Array | undefined = undefined;
  #total = 0n;
  #end = 0;
  merged = 0;

  add(d: DecodedCounts, what: string): void {
    let l = this.#layout;
    if (l === undefined) {
      l = this.#layout = layoutFor(d.lowest, d.highest, d.digits);
      this.#cover = coverage(l);
    } else if (d.lowest !== l.lowest || d.digits !== l.digits) {
      throw new IncompatibleHistogramError(
        `${what}: lowest discernible value ${d.lowest}, ${d.digits} digits, cannot merge into ${l.lowest}, ${l.digits} digits: bucket boundaries differ`,
      );
    }
    if (d.total > I64_MAX - this.#total) {
      throw new OutOfRangeError(`${what}: the merged total count would pass 2^63 − 1`);
    }
    const k = d.index.length;
    if (k === 0) {
      this.merged++;
      return;
    }
    const top = d.index[k - 1];
    const max = valueFromIndex(l, top) + bucketSize(l, top) - 1n;
    if (max > this.#cover) {
      // Java's auto-resizing add: the range grows to exactly the other histogram's max value
      l = this.#layout = layoutFor(l.lowest, max, l.digits);
      this.#cover = coverage(l);
    }
    if (top >= this.#end) this.#end = top + 1;
    const total = this.#total + d.total;
    if (this.#big === undefined && total >= BigInt(EXACT_DOUBLE)) {
      this.#big = BigInt64Array.from(this.#f, (x) => BigInt(x));
    }
    if (this.#big !== undefined) {
      if (this.#big.length <= top) this.#big = grow(this.#big, top + 1, l.len) as BigInt64Array;
      const big = this.#big;
      for (let j = 0; j < k; j++) big[d.index[j]] += (BigInt(d.countHi[j]) << 32n) + BigInt(d.countLo[j]);
    } else {
      if (this.#f.length <= top) this.#f = grow(this.#f, top + 1, l.len) as Float64Array;
      const f = this.#f, idx = d.index, lo = d.countLo, hi = d.countHi;
      for (let j = 0; j < k; j++) f[idx[j]] += hi[j] * 4294967296 + lo[j]; // exact: every sum < 2^53
    }
    this.#total = total;
    this.merged++;
  }

  /** The merged histogram (a new LatencyHistogram, autoResize off), or Java's empty Histogram(3). */
  result(): LatencyHistogram {
    const l = this.#layout;
    if (l === undefined) {
      return new LatencyHistogram({
        lowestDiscernibleNs: 1n,
        highestTrackableNs: 2n,
        significantDigits: 3,
        autoResize: true,
      });
    }
    const counts = new BigInt64Array(this.#end);
    if (this.#big !== undefined) counts.set(this.#big.subarray(0, this.#end));
    else for (let i = 0; i < this.#end; i++) if (this.#f[i] !== 0) counts[i] = BigInt(this.#f[i]);
    return LatencyHistogram.decode(encodeText(l.lowest, l.highest, l.digits, counts, this.#end));
  }
}

/** A copy of `a` with room for at least `need` entries (doubling, at most `cap`). */
function grow<T extends Float64Array | BigInt64Array>(a: T, need: number, cap: number): T {
  const n = Math.min(Math.max(need, a.length * 2, 64), Math.max(cap, need));
  const b = (a instanceof Float64Array ? new Float64Array(n) : new BigInt64Array(n)) as T;
  b.set(a as never);
  return b;
}

function checkNs(v: unknown, name: string): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "bigint") throw new InvalidArgumentError(`${name} must be bigint ns, got ${show(v)}`);
  return v;
}

/**
 * Merges the intervals of one or more HdrHistogram interval logs into one histogram, streaming
 * (see parseIntervalLogStream): memory is one counts array of the merged layout plus one line,
 * whatever the logs' length. Selection is HistogramLogProcessor's, per log and in order: only
 * untagged intervals (or those of `tag`, or all with `allTags`), starting at least rangeStartNs
 * (default 0n) after the log's start time (IntervalLogRecord.offsetNs), and reading of a log
 * stops at its first interval starting more than rangeEndNs after it. Lines not selected are
 * checked for syntax but their histograms are not decoded. The result's layout is the
 * processor's: the first merged histogram's, grown to the largest value merged (see
 * MergedHistogram); formatPercentileDistribution of it prints what the processor prints for the
 * same selection. Throws `bad-line` (with the line number) for a malformed line,
 * `incompatible-histogram` for histograms of different lowest discernible value or digits (Java
 * would re-bucket them; clockmath refuses rather than blur), `out-of-range` when the total count
 * would pass 2^63 − 1, `invalid-argument` for a bad source or option.
 *
 * @example
 * const { histogram } = await mergeIntervalLogs([file.stream()], { rangeStartNs: 60_000_000_000n });
 * console.log(formatPercentileDistribution(histogram, { outputValueUnitScalingRatio: 1e6 }));
 * histogram.dispose();
 */
export async function mergeIntervalLogs(
  sources: readonly TextChunkSource[],
  options: IntervalLogMergeOptions = {},
): Promise<MergedHistogram> {
  if (!Array.isArray(sources)) {
    throw new InvalidArgumentError("mergeIntervalLogs takes an array of sources (streams or iterables of chunks)");
  }
  options = checkOptions(options, "options");
  const tag = options.tag;
  if (tag !== undefined && (typeof tag !== "string" || tag === "")) {
    throw new InvalidArgumentError(`tag must be a non-empty string, got ${show(tag)}`);
  }
  const allTags = options.allTags ?? false;
  if (typeof allTags !== "boolean") throw new InvalidArgumentError(`allTags must be a boolean, got ${show(allTags)}`);
  if (allTags && tag !== undefined) throw new InvalidArgumentError("give tag or allTags, not both");
  const from = checkNs(options.rangeStartNs, "rangeStartNs") ?? 0n;
  const to = checkNs(options.rangeEndNs, "rangeEndNs");
  const acc = new CountsAccumulator();
  let first: bigint | undefined, last: bigint | undefined, logStart: bigint | undefined;
  const want = (r: IntervalLogRecord): "take" | "skip" | "stop" => {
    if (r.offsetNs < from) return "skip";
    if (to !== undefined && r.offsetNs > to) return "stop";
    return allTags || r.tag === tag ? "take" : "skip";
  };
  for (let s = 0; s < sources.length; s++) {
    for await (const { record: r, counts } of readIntervalLog(sources[s], options, "mergeIntervalLogs", want)) {
      if (counts === undefined) continue;
      acc.add(counts, `log ${s + 1} line ${r.lineNumber}`);
      logStart ??= r.logStartUnixNs;
      const end = r.startUnixNs + r.lengthNs;
      if (first === undefined || r.startUnixNs < first) first = r.startUnixNs;
      if (last === undefined || end > last) last = end;
    }
  }
  return {
    histogram: acc.result(),
    intervals: acc.merged,
    ...(first === undefined ? {} : { firstStartUnixNs: first, lastEndUnixNs: last, logStartUnixNs: logStart }),
  };
}

/**
 * Merges histograms, given as LatencyHistograms or HdrHistogram compressed base64 texts, from an
 * array, an iterable or an async iterable, one at a time (memory: one counts array of the merged
 * layout), into a new histogram laid out as HistogramLogProcessor lays out its accumulator (the
 * first histogram's layout grown to the largest value merged). Inputs are not disposed. Throws
 * `out-of-range` for a LatencyHistogram holding negative values (HdrHistogram has none; merge
 * signed histograms with LatencyHistogram.merge), `corrupt-encoding` for a bad text,
 * `incompatible-histogram` for different lowest discernible value or digits, `invalid-argument`
 * for anything else.
 */
export async function mergeHistograms(
  histograms: Iterable<LatencyHistogram | string> | AsyncIterable<LatencyHistogram | string>,
): Promise<MergedHistogram> {
  if (
    typeof histograms !== "object" || histograms === null ||
    !(Symbol.iterator in histograms || Symbol.asyncIterator in histograms)
  ) {
    throw new InvalidArgumentError(
      `mergeHistograms takes an (async) iterable of LatencyHistograms or base64 texts, got ${show(histograms)}`,
    );
  }
  const acc = new CountsAccumulator();
  let n = 0;
  for await (const h of histograms as AsyncIterable<unknown>) {
    n++;
    let d: DecodedCounts;
    if (typeof h === "string") d = decodeText(h);
    else if (h instanceof LatencyHistogram) d = decodeText(h.encode());
    else {throw new InvalidArgumentError(
        `mergeHistograms: item ${n} is not a LatencyHistogram or a base64 text: ${show(h)}`,
      );}
    acc.add(d, `histogram ${n}`);
  }
  return { histogram: acc.result(), intervals: acc.merged };
}
