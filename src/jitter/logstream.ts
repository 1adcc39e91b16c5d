// HdrHistogram interval logs read as they arrive: one entry per interval line, holding one line at
// a time, so a log of any size streams in bounded memory. Line syntax is parseIntervalLog's (one
// line parser, src/jitter/log.ts); times follow HdrHistogram's HistogramLogReader, which reads in
// order: the StartTime and BaseTime headers seen so far apply, and the first interval line settles
// the base when no BaseTime came before it.
import { checkOptions } from "../check.ts";
import type { DecodedCounts } from "./hdr.ts";
import { LatencyHistogram } from "./histogram.ts";
import { checkMaxLineLength, LineSplitter, textChunks, type TextChunkSource } from "./lines.ts";
import { checkHistogram, parseLogLine, YEAR_NS } from "./log.ts";

/** Options of parseIntervalLogStream: the longest line it accepts. */
export interface IntervalLogStreamOptions {
  /**
   * Longest line accepted, in UTF-16 code units (default 1 MiB, at most 2^29): a longer line is
   * a `bad-line` error as soon as it passes the cap, so the reader never holds more than this
   * plus one chunk. Raise it for histograms of many non-empty buckets (a 3-digit histogram of
   * every bucket filled is a few hundred KB of base64).
   */
  readonly maxLineLength?: number;
}

/** One interval of a streamed interval log. */
export interface IntervalLogRecord {
  /** The line's tag, without commas or whitespace; absent for untagged lines. */
  readonly tag?: string;
  /** Start of the interval, Unix epoch ns: the line's timestamp plus the log's base time. */
  readonly startUnixNs: bigint;
  /**
   * Start of the interval relative to the log's start time (`logStartUnixNs`), ns: what
   * HistogramLogProcessor's -start/-end range compares (mergeIntervalLogs' rangeStartNs/rangeEndNs).
   */
  readonly offsetNs: bigint;
  /** Length of the interval, ns. */
  readonly lengthNs: bigint;
  /**
   * The log's start time for this line, Unix epoch ns: the last "#[StartTime: …]" read so far,
   * else the first interval line's own timestamp (HistogramLogReader's rule).
   */
  readonly logStartUnixNs: bigint;
  /** 1-based line number in the source. */
  readonly lineNumber: number;
  /** The line's compressed base64 histogram, already checked as LatencyHistogram.decode checks it. */
  readonly encoded: string;
  /** A new LatencyHistogram of the line's histogram; the caller owns it and disposes it. */
  decode(): LatencyHistogram;
}

/** An interval with its decoded counts (for merging without a LatencyHistogram per line). */
export interface DecodedRecord {
  readonly record: IntervalLogRecord;
  /** Undefined when the caller's `want` declined the line (its histogram then is not decoded). */
  readonly counts: DecodedCounts | undefined;
}

/**
 * Reads `source` in order and yields each interval line's record and counts. `want` (optional)
 * sees each record before its histogram is decoded: "skip" leaves it undecoded and unyielded,
 * "stop" ends the reading there (and cancels the source). Throws `bad-line` with the line number
 * for a malformed line, an invalid histogram or a line over maxLineLength.
 */
export async function* readIntervalLog(
  source: TextChunkSource,
  options: IntervalLogStreamOptions,
  what: string,
  want?: (r: IntervalLogRecord) => "take" | "skip" | "stop",
): AsyncGenerator<DecodedRecord, void, undefined> {
  const max = checkMaxLineLength(options.maxLineLength);
  const lines = new LineSplitter(max);
  let startNs: bigint | undefined, baseNs: bigint | undefined;
  /** The line's entry, undefined for other lines, or null once `want` said stop. */
  const read = (raw: string, no: number): DecodedRecord | undefined | null => {
    const l = parseLogLine(raw, no);
    if (l === undefined) return undefined;
    if (l.kind === "start") {
      startNs = l.ns;
      return undefined;
    }
    if (l.kind === "base") {
      baseNs = l.ns;
      return undefined;
    }
    const start = (startNs ??= l.t); // no StartTime before the first interval: its own timestamp
    baseNs ??= l.t < start - YEAR_NS ? start : 0n; // more than a year before StartTime: relative
    const startUnixNs = l.t + baseNs;
    const encoded = l.encoded;
    const record: IntervalLogRecord = {
      ...(l.tag === undefined ? {} : { tag: l.tag }),
      startUnixNs,
      offsetNs: startUnixNs - start,
      lengthNs: l.len,
      logStartUnixNs: start,
      lineNumber: no,
      encoded,
      decode: () => LatencyHistogram.decode(encoded),
    };
    const w = want === undefined ? "take" : want(record);
    if (w === "stop") return null;
    return { record, counts: w === "take" ? checkHistogram(encoded, no) : undefined };
  };
  for await (const chunk of textChunks(source, what)) {
    for (const [raw, no] of lines.push(chunk)) {
      const d = read(raw, no);
      if (d === null) return; // leaving the loop cancels the source
      if (d !== undefined) yield d;
    }
  }
  const d = read(...lines.end());
  if (d) yield d;
}

/**
 * Reads an HdrHistogram interval log (format 1.3, as parseIntervalLog reads it) from a
 * ReadableStream or an (async) iterable of Uint8Array (UTF-8) or string chunks, yielding one
 * record per interval line as the text arrives. Memory is bounded by options.maxLineLength plus
 * one chunk (and the records of that chunk until they are consumed), whatever the log's size.
 * Times follow HistogramLogReader, reading in order: the last StartTime/BaseTime header before a
 * line applies; without BaseTime, timestamps more than a year before StartTime are relative to
 * it, else absolute; without StartTime, the first interval's timestamp is the log's start.
 * Every histogram is checked while reading (and decoded into a LatencyHistogram only by
 * `record.decode()`). A malformed line, an invalid histogram or a line longer than
 * maxLineLength throws `BadLineError` (code "bad-line") with its 1-based line number; a source
 * that is neither a stream nor an iterable, a chunk that is neither bytes nor text, or bad
 * options throw `invalid-argument` / `out-of-range`. Stopping early (break, return) cancels a
 * ReadableStream source.
 *
 * @example
 * for await (const r of parseIntervalLogStream(file.stream())) console.log(r.offsetNs, r.lengthNs);
 */
export async function* parseIntervalLogStream(
  source: TextChunkSource,
  options: IntervalLogStreamOptions = {},
): AsyncGenerator<IntervalLogRecord, void, undefined> {
  options = checkOptions(options, "options");
  for await (const d of readIntervalLog(source, options, "parseIntervalLogStream")) yield d.record;
}
