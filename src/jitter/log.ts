// HdrHistogram's interval log (format version 1.3): one compressed histogram per line with the
// interval's start and length in seconds and its max value, an optional "Tag=…," prefix, and
// "#[StartTime: …]" / "#[BaseTime: …]" header comments. Times are written with the format's 3
// decimals (ms); clockmath keeps them as bigint ns.
import { checkOptions } from "../check.ts";
import { NS_PER_SECOND } from "../constants.ts";
import { BadLineError, ClockmathError, InvalidArgumentError } from "../errors.ts";
import { LatencyHistogram } from "./histogram.ts";

const NS_PER_MS = 1_000_000n;
const LEGEND = '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"';
const VERSION_LINE = "#[Histogram log format version 1.3]";
/** A year in seconds: HdrHistogram's cut-off between relative and absolute line timestamps. */
const YEAR_NS = 365n * 24n * 3600n * NS_PER_SECOND;

/** One interval of an HdrHistogram interval log: when, how long, its tag, and the histogram. */
export interface IntervalLogEntry {
  /** Without commas or whitespace; absent for untagged lines. */
  readonly tag?: string;
  /** Start of the interval, Unix epoch ns (ms resolution once written). */
  readonly startNs: bigint;
  /** Length of the interval, ns (ms resolution once written). */
  readonly lengthNs: bigint;
  readonly histogram: LatencyHistogram;
}

/** An HdrHistogram interval log: its StartTime and BaseTime headers and its intervals, in order. */
export interface IntervalLog {
  /** "#[StartTime: …]": when the log started, Unix epoch ns. */
  readonly startTimeNs?: bigint;
  /** "#[BaseTime: …]": what line timestamps are relative to, Unix epoch ns. */
  readonly baseTimeNs?: bigint;
  readonly entries: readonly IntervalLogEntry[];
}

/** Options of `formatIntervalLog`. */
export interface FormatLogOptions {
  /** Interval_Max is max / this (default 1e6: ns recorded, ms shown, as HdrHistogram's Java tools). */
  readonly maxValueUnitRatio?: number;
}

/** ns → seconds with 3 decimals, rounded half away from zero to the ms. */
function seconds(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const ms = (a + NS_PER_MS / 2n) / NS_PER_MS;
  return `${neg && ms > 0n ? "-" : ""}${ms / 1000n}.${String(ms % 1000n).padStart(3, "0")}`;
}

/** Decimal seconds ("1441812279.474", "-0.5") → ns, exact to 9 decimals; undefined if malformed. */
function parseSeconds(s: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(s.trim());
  if (!m) return undefined;
  const v = BigInt(m[2]) * NS_PER_SECOND + BigInt((m[3] ?? "").padEnd(9, "0") || "0");
  return m[1] ? -v : v;
}

/**
 * Writes an interval log HdrHistogram's HistogramLogReader (Java, hdr-histogram-js) reads. Line
 * timestamps are relative to baseTimeNs when given, else to startTimeNs when given, else absolute.
 * Histograms with negative values cannot be written (HdrHistogram has none): `out-of-range`.
 */
export function formatIntervalLog(log: IntervalLog, options: FormatLogOptions = {}): string {
  options = checkOptions(options, "options");
  if (typeof log !== "object" || log === null || !Array.isArray(log.entries)) throw new InvalidArgumentError("formatIntervalLog takes { entries: [...] }");
  const ratio = options.maxValueUnitRatio ?? 1e6;
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new InvalidArgumentError(`maxValueUnitRatio must be a positive number, got ${ratio}`);
  const lines = [VERSION_LINE];
  if (log.startTimeNs !== undefined) {
    lines.push(`#[StartTime: ${seconds(log.startTimeNs)} (seconds since epoch), ${new Date(Number(log.startTimeNs / NS_PER_MS)).toISOString()}]`);
  }
  const base = log.baseTimeNs ?? log.startTimeNs ?? 0n;
  if (log.baseTimeNs !== undefined) {
    lines.push(`#[BaseTime: ${seconds(log.baseTimeNs)} (seconds since epoch), ${new Date(Number(log.baseTimeNs / NS_PER_MS)).toISOString()}]`);
  } else if (log.startTimeNs !== undefined) {
    // readers take timestamps more than a year before StartTime as relative to it; say so explicitly
    lines.push(`#[BaseTime: ${seconds(base)} (seconds since epoch), ${new Date(Number(base / NS_PER_MS)).toISOString()}]`);
  }
  lines.push(LEGEND);
  for (const e of log.entries) {
    if (!(e.histogram instanceof LatencyHistogram)) throw new InvalidArgumentError("each entry needs a LatencyHistogram");
    if (typeof e.startNs !== "bigint" || typeof e.lengthNs !== "bigint") throw new InvalidArgumentError("startNs and lengthNs must be bigint ns");
    if (e.tag !== undefined && (typeof e.tag !== "string" || e.tag === "" || /[\s,]/.test(e.tag))) {
      throw new InvalidArgumentError(`tag ${JSON.stringify(e.tag)} must be a non-empty string without commas or whitespace`);
    }
    const max = e.histogram.max ?? 0n;
    const line = `${seconds(e.startNs - base)},${seconds(e.lengthNs)},${(Number(max) / ratio).toFixed(3)},${e.histogram.encode()}`;
    lines.push(e.tag === undefined ? line : `Tag=${e.tag},${line}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Reads an interval log. Comment lines and the legend are skipped; a data line that is not
 * `[Tag=t,]start,length,max,base64` with decimal seconds and a valid histogram throws
 * `BadLineError` (code "bad-line") with its 1-based line number. Entry times are absolute Unix ns:
 * line timestamps plus BaseTime, or plus StartTime when they lie more than a year before it
 * (HdrHistogram's rule). Histograms are decoded as by LatencyHistogram.decode.
 */
export function parseIntervalLog(text: string): IntervalLog {
  if (typeof text !== "string") throw new InvalidArgumentError("parseIntervalLog takes the log text");
  let startTimeNs: bigint | undefined, baseTimeNs: bigint | undefined;
  const raw: { line: number; tag?: string; t: bigint; len: bigint; h: LatencyHistogram }[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const no = i + 1;
    if (line === "") continue;
    const header = /^#\[(StartTime|BaseTime): (\S+)/.exec(line);
    if (header) {
      const v = parseSeconds(header[2]);
      if (v === undefined) throw new BadLineError(no, `${header[1]} ${JSON.stringify(header[2])} is not decimal seconds`);
      if (header[1] === "StartTime") startTimeNs = v;
      else baseTimeNs = v;
      continue;
    }
    if (line.startsWith("#") || line.startsWith('"StartTimestamp"')) continue;
    const f = line.split(",");
    let tag: string | undefined;
    if (f[0].startsWith("Tag=")) {
      tag = f.shift()!.slice(4);
      if (tag === "") throw new BadLineError(no, "empty tag");
    }
    if (f.length !== 4) throw new BadLineError(no, `expected start,length,max,histogram; found ${f.length} fields`);
    const t = parseSeconds(f[0]), len = parseSeconds(f[1]);
    if (t === undefined) throw new BadLineError(no, `start ${JSON.stringify(f[0])} is not decimal seconds`);
    if (len === undefined || len < 0n) throw new BadLineError(no, `interval length ${JSON.stringify(f[1])} is not non-negative decimal seconds`);
    if (!/^-?\d+(\.\d+)?$/.test(f[2].trim())) throw new BadLineError(no, `max ${JSON.stringify(f[2])} is not a decimal number`);
    let h: LatencyHistogram;
    try {
      h = LatencyHistogram.decode(f[3]);
    } catch (e) {
      if (e instanceof ClockmathError) throw new BadLineError(no, e.message);
      throw e;
    }
    raw.push({ line: no, tag, t, len, h });
  }
  let base = baseTimeNs;
  if (base === undefined) {
    base = startTimeNs !== undefined && raw.length > 0 && raw[0].t < startTimeNs - YEAR_NS ? startTimeNs : 0n;
  }
  const entries = raw.map((r) => ({ ...(r.tag === undefined ? {} : { tag: r.tag }), startNs: base! + r.t, lengthNs: r.len, histogram: r.h }));
  return { ...(startTimeNs === undefined ? {} : { startTimeNs }), ...(baseTimeNs === undefined ? {} : { baseTimeNs }), entries };
}
