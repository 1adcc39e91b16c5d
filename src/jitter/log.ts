// HdrHistogram's interval log (format version 1.3): one compressed histogram per line with the
// interval's start and length in seconds and its max value, an optional "Tag=…," prefix, and
// "#[StartTime: …]" / "#[BaseTime: …]" header comments. Times are written with the format's 3
// decimals (ms); clockmath keeps them as bigint ns.
import { checkOptions, show } from "../check.ts";
import { NS_PER_SECOND } from "../constants.ts";
import { BadLineError, ClockmathError, InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { type DecodedCounts, decodeText } from "./hdr.ts";
import { LatencyHistogram } from "./histogram.ts";
import { LineSplitter } from "./lines.ts";

const NS_PER_MS = 1_000_000n;
const LEGEND = '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"';
const VERSION_LINE = "#[Histogram log format version 1.3]";
/** A year in seconds: HdrHistogram's cut-off between relative and absolute line timestamps. */
export const YEAR_NS = 365n * 24n * 3600n * NS_PER_SECOND;
/** The instants a JS Date can show (±8.64e15 ms), in ns: header comments carry an ISO date. */
const DATE_LIMIT_NS = 8_640_000_000_000_000n * NS_PER_MS;

/** One interval of an HdrHistogram interval log: when, how long, its tag, and the histogram. */
export interface IntervalLogEntry {
  /** Without commas or whitespace; absent for untagged lines. */
  readonly tag?: string;
  /** Start of the interval, Unix epoch ns (ms resolution once written). */
  readonly startNs: bigint;
  /** Length of the interval, ns (ms resolution once written). */
  readonly lengthNs: bigint;
  /**
   * The interval's histogram. In a parsed log it is built from the line (already checked) on
   * first access, and that same object is returned afterwards: a log of thousands of lines costs
   * core memory only for the histograms read. Dispose it when done, like any LatencyHistogram.
   */
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

/**
 * Decimal seconds ("1441812279.474", "-0.5") → ns, exact to 9 decimals; undefined if malformed.
 * At most 19 integer digits (far past any i64 of ns): BigInt() of a huge digit string is not linear.
 */
function parseSeconds(s: string): bigint | undefined {
  const m = /^(-?)(\d{1,19})(?:\.(\d{1,9}))?$/.exec(s.trim());
  if (!m) return undefined;
  const v = BigInt(m[2]) * NS_PER_SECOND + BigInt((m[3] ?? "").padEnd(9, "0") || "0");
  return m[1] ? -v : v;
}

/** A header instant: absent, or bigint ns that a Date can show (the comment carries its ISO form). */
function checkHeaderTime(v: unknown, name: string): void {
  if (v === undefined) return;
  if (typeof v !== "bigint") {
    throw new InvalidArgumentError(`${name} must be bigint ns since the Unix epoch, got ${show(v)}`);
  }
  if (v < -DATE_LIMIT_NS || v > DATE_LIMIT_NS) {
    throw new OutOfRangeError(`${name} = ${v} is outside the ±8.64e21 ns a Date can show`);
  }
}

/**
 * Writes an interval log HdrHistogram's HistogramLogReader (Java, hdr-histogram-js) reads. Line
 * timestamps are relative to baseTimeNs when given, else to startTimeNs when given, else absolute.
 * Histograms with negative values cannot be written (HdrHistogram has none): `out-of-range`.
 */
export function formatIntervalLog(log: IntervalLog, options: FormatLogOptions = {}): string {
  options = checkOptions(options, "options");
  if (typeof log !== "object" || log === null || !Array.isArray(log.entries)) {
    throw new InvalidArgumentError("formatIntervalLog takes { entries: [...] }");
  }
  const ratio = options.maxValueUnitRatio ?? 1e6;
  if (typeof ratio !== "number" || !(ratio > 0) || !Number.isFinite(ratio)) {
    throw new InvalidArgumentError(`maxValueUnitRatio must be a positive number, got ${show(ratio)}`);
  }
  checkHeaderTime(log.startTimeNs, "startTimeNs");
  checkHeaderTime(log.baseTimeNs, "baseTimeNs");
  const lines = [VERSION_LINE];
  if (log.startTimeNs !== undefined) {
    lines.push(
      `#[StartTime: ${seconds(log.startTimeNs)} (seconds since epoch), ${
        new Date(Number(log.startTimeNs / NS_PER_MS)).toISOString()
      }]`,
    );
  }
  const base = log.baseTimeNs ?? log.startTimeNs ?? 0n;
  if (log.baseTimeNs !== undefined) {
    lines.push(
      `#[BaseTime: ${seconds(log.baseTimeNs)} (seconds since epoch), ${
        new Date(Number(log.baseTimeNs / NS_PER_MS)).toISOString()
      }]`,
    );
  } else if (log.startTimeNs !== undefined) {
    // readers take timestamps more than a year before StartTime as relative to it; say so explicitly
    lines.push(
      `#[BaseTime: ${seconds(base)} (seconds since epoch), ${new Date(Number(base / NS_PER_MS)).toISOString()}]`,
    );
  }
  lines.push(LEGEND);
  for (const e of log.entries) {
    if (typeof e !== "object" || e === null) {
      throw new InvalidArgumentError(`each entry must be an object, got ${show(e)}`);
    }
    if (!(e.histogram instanceof LatencyHistogram)) {
      throw new InvalidArgumentError("each entry needs a LatencyHistogram");
    }
    if (typeof e.startNs !== "bigint" || typeof e.lengthNs !== "bigint") {
      throw new InvalidArgumentError("startNs and lengthNs must be bigint ns");
    }
    if (e.tag !== undefined && (typeof e.tag !== "string" || e.tag === "" || /[\s,]/.test(e.tag))) {
      throw new InvalidArgumentError(
        `tag ${JSON.stringify(e.tag)} must be a non-empty string without commas or whitespace`,
      );
    }
    const max = e.histogram.max ?? 0n;
    const line = `${seconds(e.startNs - base)},${seconds(e.lengthNs)},${
      (Number(max) / ratio).toFixed(3)
    },${e.histogram.encode()}`;
    lines.push(e.tag === undefined ? line : `Tag=${e.tag},${line}`);
  }
  return lines.join("\n") + "\n";
}

/** One meaningful line of an interval log: a StartTime or BaseTime header, or an interval. */
export type LogLine =
  | { readonly kind: "start"; readonly ns: bigint }
  | { readonly kind: "base"; readonly ns: bigint }
  | {
    readonly kind: "data";
    readonly tag?: string;
    readonly t: bigint;
    readonly len: bigint;
    readonly encoded: string;
  };

/**
 * Reads one line of an interval log (shared by parseIntervalLog and parseIntervalLogStream):
 * undefined for blank lines, other comments and the legend; the header's instant for
 * "#[StartTime: …]" and "#[BaseTime: …]"; else the interval's fields, checked as decimal seconds
 * (its histogram text is not decoded here). Anything else throws `BadLineError` with line `no`.
 */
export function parseLogLine(rawLine: string, no: number): LogLine | undefined {
  const line = rawLine.trim();
  if (line === "") return undefined;
  if (line.startsWith("#[StartTime: ") || line.startsWith("#[BaseTime: ")) {
    const start = line.startsWith("#[StartTime: ");
    const rest = line.slice(start ? 13 : 12);
    const end = rest.search(/\s/);
    const field = end < 0 ? rest : rest.slice(0, end);
    const v = field === "" ? undefined : parseSeconds(field);
    if (v === undefined) {
      throw new BadLineError(
        no,
        `${start ? "StartTime" : "BaseTime"} ${JSON.stringify(field.slice(0, 40))} is not decimal seconds`,
      );
    }
    return start ? { kind: "start", ns: v } : { kind: "base", ns: v };
  }
  if (line.startsWith("#") || line.startsWith('"StartTimestamp"')) return undefined;
  const f = line.split(",", 6);
  let tag: string | undefined;
  if (f[0].startsWith("Tag=")) {
    tag = f.shift()!.slice(4);
    if (tag === "") throw new BadLineError(no, "empty tag");
  }
  if (f.length !== 4) {
    throw new BadLineError(no, `expected start,length,max,histogram; found ${f.length < 5 ? f.length : "more"} fields`);
  }
  const t = parseSeconds(f[0]), len = parseSeconds(f[1]);
  if (t === undefined) throw new BadLineError(no, `start ${JSON.stringify(f[0].slice(0, 40))} is not decimal seconds`);
  if (len === undefined || len < 0n) {
    throw new BadLineError(
      no,
      `interval length ${JSON.stringify(f[1].slice(0, 40))} is not non-negative decimal seconds`,
    );
  }
  if (f[2].length > 64 || !/^-?\d+(\.\d+)?$/.test(f[2].trim())) {
    throw new BadLineError(no, `max ${JSON.stringify(f[2].slice(0, 40))} is not a decimal number`);
  }
  return tag === undefined ? { kind: "data", t, len, encoded: f[3] } : { kind: "data", tag, t, len, encoded: f[3] };
}

/** Decodes a line's histogram text, as a `BadLineError` of line `no` when it is not valid. */
export function checkHistogram(encoded: string, no: number): DecodedCounts {
  try {
    return decodeText(encoded);
  } catch (e) {
    if (e instanceof ClockmathError) throw new BadLineError(no, e.message);
    throw e;
  }
}

/**
 * An entry whose histogram is decoded from its (already checked) text on first access (see
 * IntervalLogEntry): the log keeps only the text, which the caller holds anyway.
 */
function lazyEntry(tag: string | undefined, startNs: bigint, lengthNs: bigint, encoded: string): IntervalLogEntry {
  let h: LatencyHistogram | undefined;
  const entry = tag === undefined ? { startNs, lengthNs } : { tag, startNs, lengthNs };
  return Object.defineProperty(entry, "histogram", {
    enumerable: true,
    get: () => (h ??= LatencyHistogram.decode(encoded)),
  }) as IntervalLogEntry;
}

/**
 * Reads an interval log. Comment lines and the legend are skipped; a data line that is not
 * `[Tag=t,]start,length,max,base64` with decimal seconds and a valid histogram throws
 * `BadLineError` (code "bad-line") with its 1-based line number. Entry times are absolute Unix ns:
 * line timestamps plus BaseTime, or plus StartTime when they lie more than a year before it
 * (HdrHistogram's rule). Every histogram is checked as LatencyHistogram.decode checks it, while
 * parsing; each entry's histogram object is decoded on first access (IntervalLogEntry.histogram).
 * Work is linear in the text, and memory beyond the text is a few words per entry.
 */
export function parseIntervalLog(text: string): IntervalLog {
  if (typeof text !== "string") throw new InvalidArgumentError("parseIntervalLog takes the log text");
  let startTimeNs: bigint | undefined, baseTimeNs: bigint | undefined;
  const raw: { tag?: string; t: bigint; len: bigint; encoded: string }[] = [];
  const onLine = (rawLine: string, no: number): void => {
    const l = parseLogLine(rawLine, no);
    if (l === undefined) return;
    if (l.kind === "start") startTimeNs = l.ns;
    else if (l.kind === "base") baseTimeNs = l.ns;
    else {
      checkHistogram(l.encoded, no); // checked now, decoded again (into core memory) on first use
      raw.push(l);
    }
  };
  const lines = new LineSplitter();
  for (const [line, no] of lines.push(text)) onLine(line, no);
  onLine(...lines.end());
  let base = baseTimeNs;
  if (base === undefined) {
    base = startTimeNs !== undefined && raw.length > 0 && raw[0].t < startTimeNs - YEAR_NS ? startTimeNs : 0n;
  }
  const entries = raw.map((r) => lazyEntry(r.tag, base! + r.t, r.len, r.encoded));
  return {
    ...(startTimeNs === undefined ? {} : { startTimeNs }),
    ...(baseTimeNs === undefined ? {} : { baseTimeNs }),
    entries,
  };
}
