// parseDriftLog: any supported chrony / ntpd log, its format detected from the text.
import { checkOptions } from "../../check.ts";
import { InvalidArgumentError } from "../../errors.ts";
import {
  parseChronyMeasurements,
  parseChronyStatistics,
  parseChronyTracking,
  readChronyMeasurementsLine,
  readChronyStatisticsLine,
  readChronyTrackingLine,
} from "./chrony.ts";
import type { DriftLogFormat, LineReader, LogParseOptions, ParsedDriftLog } from "./common.ts";
import {
  parseNtpdLoopstats,
  parseNtpdPeerstats,
  parseNtpdRawstats,
  readNtpdLoopstatsLine,
  readNtpdPeerstatsLine,
  readNtpdRawstatsLine,
} from "./ntpd.ts";

const PARSERS: Record<DriftLogFormat, (text: string, o: LogParseOptions) => ParsedDriftLog> = {
  "chrony-measurements": parseChronyMeasurements,
  "chrony-statistics": parseChronyStatistics,
  "chrony-tracking": parseChronyTracking,
  "ntpd-peerstats": parseNtpdPeerstats,
  "ntpd-loopstats": parseNtpdLoopstats,
  "ntpd-rawstats": parseNtpdRawstats,
};
/** Every log format `parseDriftLog` reads, by its `format` name. */
export const DRIFT_LOG_FORMATS = Object.keys(PARSERS) as DriftLogFormat[];
/** Each format's line reader: the one grammar the whole-text and streaming parsers share. @internal */
export const LINE_READERS: Record<DriftLogFormat, LineReader> = {
  "chrony-measurements": readChronyMeasurementsLine,
  "chrony-statistics": readChronyStatisticsLine,
  "chrony-tracking": readChronyTrackingLine,
  "ntpd-peerstats": readNtpdPeerstatsLine,
  "ntpd-loopstats": readNtpdLoopstatsLine,
  "ntpd-rawstats": readNtpdRawstatsLine,
};

/** `format` checked: one of DRIFT_LOG_FORMATS (after "auto" was resolved). @internal */
export function checkedFormat(format: unknown): DriftLogFormat {
  if (typeof format === "string" && Object.hasOwn(PARSERS, format)) return format as DriftLogFormat;
  throw new InvalidArgumentError(`format must be "auto" or one of ${DRIFT_LOG_FORMATS.join(", ")}`);
}

/**
 * The format of a log from its banner, or else its first data line; undefined when it is none of
 * them.
 */
export function detectDriftLogFormat(text: string): DriftLogFormat | undefined {
  if (typeof text !== "string") throw new InvalidArgumentError("a log must be a string");
  const found = detectIn(text, Math.min(text.length, DETECT_CHARS));
  return found === "unknown" || found === "undecided" ? undefined : found;
}

/** How much of a log's start format detection reads, in characters. @internal */
export const DETECT_CHARS = 65536;

/**
 * Detection over text[0, stop), line by line (by line-break search: nothing is split): the
 * format, "unknown" when the first data line is no known layout, "undecided" when there is no
 * data line before `stop` (a stream may have more to come).
 * @internal
 */
export function detectIn(text: string, stop: number): DriftLogFormat | "unknown" | "undecided" {
  for (let pos = 0; pos < stop;) {
    let end = text.indexOf("\n", pos);
    if (end < 0 || end > stop) end = stop;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === "" || line.startsWith("=") || line.startsWith("#")) continue;
    if (line.startsWith("Date (UTC)")) {
      if (line.includes("Peer del")) return "chrony-measurements";
      if (line.includes("Std dev")) return "chrony-statistics";
      if (line.includes("Freq ppm")) return "chrony-tracking";
      continue;
    }
    const tok = words(line);
    if (isDate(tok[0])) {
      const t3 = tok[3] ?? "";
      if (t3.length === 1 && "N+-?".includes(t3)) return "chrony-measurements";
      if (digitsRun(t3, 0) === t3.length && t3 !== "") return "chrony-tracking";
      if (isDecimal(t3)) return "chrony-statistics";
      return "unknown";
    }
    const t1 = tok[1] ?? "";
    if (tok[0].length === 5 && digitsRun(tok[0], 0) === 5 && isFixed(t1)) {
      if (tok.length >= 8 && isFixed(tok[4]) && tok[4].includes(".") && +tok[4] > 1e8) return "ntpd-rawstats";
      // loopstats has a number in column 3 where peerstats has an address (a.b.c.d or v6)
      const t2 = tok[2] ?? "";
      if (isDecimal(t2)) return "ntpd-loopstats";
      return "ntpd-peerstats";
    }
    return "unknown";
  }
  return "undecided";
}

/**
 * `detectIn` over a stream's first DETECT_CHARS characters as they arrive, each line looked at once
 * (when its line break comes, or at DETECT_CHARS, or at the end): linear in the text whatever the
 * chunking. Rescanning the whole read-ahead per chunk was quadratic: 32 KB of "#" lines in 1-byte
 * chunks took 13 s. The lines already looked at were all skipped lines (else detection would have
 * ended), so the answer over the rest is the answer over the whole.
 * @internal
 */
export class StreamDetector {
  // the text after the last line break looked at (an unfinished line), and where it starts
  #rest = "";
  #base = 0;

  /** Feeds the next text (`end`: there is no more): detectIn's answer, or undefined while more text could decide. */
  feed(text: string, end: boolean): DriftLogFormat | "unknown" | "undecided" | undefined {
    const rest = this.#rest + text, total = this.#base + rest.length;
    let stop: number;
    if (total >= DETECT_CHARS) stop = DETECT_CHARS - this.#base;
    else if (end) stop = rest.length;
    else {
      const nl = text.lastIndexOf("\n");
      if (nl < 0) {
        this.#rest = rest;
        return undefined;
      }
      stop = rest.length - text.length + nl;
    }
    const found = detectIn(rest, stop);
    if (found === "undecided" && !end && total < DETECT_CHARS) {
      // every line up to stop was skipped: only what follows its line break can still decide
      this.#base += stop + 1;
      this.#rest = text.slice(stop + 1 - (rest.length - text.length));
      return undefined;
    }
    return found;
  }
}

// Token tests by char codes (no regex): the same grammar as the parsers' own scanner.

/**
 * The words of a trimmed line, split on runs of spaces, tabs and other control characters. Not a
 * regex split: besides the scan, a regex would leave the line (a slice holding the whole log
 * text) in V8's legacy RegExp.input until the next regex runs anywhere.
 */
function words(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && line.charCodeAt(i) <= 32) i++;
    const st = i;
    while (i < line.length && line.charCodeAt(i) > 32) i++;
    if (i > st) out.push(line.slice(st, i));
  }
  return out.length ? out : [""];
}

/** Index of the first non-digit of s at or after i. */
function digitsRun(s: string, i: number): number {
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) break;
    i++;
  }
  return i;
}

/** YYYY-MM-DD (digits and dashes; the parser checks the date itself). */
function isDate(s: string): boolean {
  return s.length === 10 && s[4] === "-" && s[7] === "-" && digitsRun(s, 0) === 4 && digitsRun(s, 5) === 7 &&
    digitsRun(s, 8) === 10;
}

/** Digits with an optional fraction: "79397" or "79397.000". */
function isFixed(s: string): boolean {
  const a = digitsRun(s, 0);
  if (a === 0) return false;
  if (a === s.length) return true;
  return s[a] === "." && a + 1 < s.length && digitsRun(s, a + 1) === s.length;
}

/** A decimal with a point or an exponent (not a bare integer): [+-]? digits [. digits] [e [+-] digits]. */
function isDecimal(s: string): boolean {
  let i = s[0] === "-" || s[0] === "+" ? 1 : 0;
  const a = digitsRun(s, i);
  let b = a, digits = a - i;
  if (s[a] === ".") {
    b = digitsRun(s, a + 1);
    digits += b - a - 1;
  }
  if (digits === 0 || b === i) return false;
  if (b === s.length) return b !== a; // a point, no exponent
  if (s[b] !== "e" && s[b] !== "E") return false;
  i = b + 1;
  if (s[i] === "-" || s[i] === "+") i++;
  return i < s.length && digitsRun(s, i) === s.length;
}

/** Options of `parseDriftLog`. */
export interface DriftLogOptions extends LogParseOptions {
  /** The layout, or "auto" (default) to detect it. */
  readonly format?: DriftLogFormat | "auto";
}

/**
 * Parses a chrony (measurements, statistics, tracking) or ntpd (peerstats, loopstats, rawstats)
 * log. Offsets come out as local − reference; `samples` feed `estimateDrift`, and the result
 * itself feeds `allanDeviation` (its offsets as phase, at the median spacing).
 *
 * @example
 * const log = parseDriftLog(await file.text());
 * estimateDrift(log.samples).frequencyPpm;
 * allanDeviation(log, { kind: "oadev" });
 */
export function parseDriftLog(text: string, options: DriftLogOptions = {}): ParsedDriftLog {
  options = checkOptions(options, "options");
  let format = options.format ?? "auto";
  if (format === "auto") {
    const found = detectDriftLogFormat(text);
    if (found === undefined) {
      throw new InvalidArgumentError("not a chrony or ntpd log this parser knows (give options.format to force one)");
    }
    format = found;
  }
  return PARSERS[checkedFormat(format)](text, options);
}
