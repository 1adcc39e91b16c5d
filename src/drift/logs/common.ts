// Shared pieces of the chrony / ntpd log parsers: line walking, tokens, exact-enough numbers.
import { BadLineError, InvalidArgumentError } from "../../errors.ts";
import type { DriftSample } from "../estimate.ts";

/** The log layouts clockmath reads. */
export type DriftLogFormat =
  | "chrony-measurements"
  | "chrony-statistics"
  | "chrony-tracking"
  | "ntpd-peerstats"
  | "ntpd-loopstats"
  | "ntpd-rawstats";

/**
 * One data line of a log. Offsets are normalised to local clock − reference (positive: the local
 * clock is ahead), whatever sign the daemon wrote. Quantities the line lacks are undefined.
 */
export interface DriftLogRecord {
  /** 1-based line number in the text. */
  readonly line: number;
  /** When, Unix ns (chrony: whole seconds; ntpd: to the millisecond as logged). */
  readonly t: bigint;
  /** Source address or reference ("" where the file has none: loopstats). */
  readonly source: string;
  /** Local − reference, ns, rounded to the nearest ns. */
  readonly offsetNs: bigint;
  /** Round-trip delay, ns (measurements, peerstats, rawstats). */
  readonly delayNs?: bigint;
  /** Dispersion, ns (measurements, peerstats). */
  readonly dispersionNs?: bigint;
  /** Jitter, ns (peerstats, loopstats) or chrony's std dev (statistics). */
  readonly jitterNs?: bigint;
  /** Frequency, ppm: statistics' "Diff freq" (positive: local fast), tracking's "Freq ppm" and loopstats' frequency as the daemon wrote them. */
  readonly frequencyPpm?: number;
  /** chrony's skew, ppm (statistics, tracking). */
  readonly skewPpm?: number;
  /** Stratum of the source (measurements, tracking, rawstats). */
  readonly stratum?: number;
  /** rawstats: the four timestamps as Unix ns (T1 origin … T4 destination). */
  readonly t1?: bigint;
  readonly t2?: bigint;
  readonly t3?: bigint;
  readonly t4?: bigint;
}

/** A line that could not be read (only collected with `strict: false`). */
export interface BadLine {
  readonly line: number;
  readonly message: string;
  readonly text: string;
}

/** Options of the log parsers. */
export interface LogParseOptions {
  /** Throw `BadLineError` at the first bad line (default true), or collect them in `badLines`. */
  readonly strict?: boolean;
  /** Which source's records become `samples` (default: the one with the most records). */
  readonly source?: string;
}

/** A parsed log, ready for `estimateDrift(log.samples)` and `allanDeviation(log, …)`. */
export interface ParsedDriftLog {
  readonly format: DriftLogFormat;
  /** Every data line, in file order. */
  readonly records: readonly DriftLogRecord[];
  /** Sources seen, most records first. */
  readonly sources: readonly string[];
  /** The source `samples` come from. */
  readonly source: string;
  /** That source's records as drift samples, time-ordered (records not after the previous one are left out). */
  readonly samples: readonly DriftSample[];
  readonly badLines: readonly BadLine[];
}

/** Splits on runs of spaces and tabs (no regex: this is the parsers' hot loop). */
export function tokens(line: string, out: string[]): number {
  let n = 0, i = 0;
  const len = line.length;
  while (i < len) {
    let c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    const s = i;
    while (i < len && (c = line.charCodeAt(i)) !== 32 && c !== 9 && c !== 13) i++;
    out[n++] = line.slice(s, i);
  }
  return n;
}

const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A decimal number (fixed or scientific), or throws a message for the line. */
export function num(s: string, what: string): number {
  const v = +s;
  if (s === "" || !Number.isFinite(v) || !NUM.test(s)) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
  return v;
}

/** Seconds (as logged) to ns, rounded to nearest: exact for the ≤ 10 significant digits logs carry. */
export function secToNs(s: string, what: string): bigint {
  return BigInt(Math.round(num(s, what) * 1e9));
}

export function int(s: string, what: string): number {
  const v = +s;
  if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(v)) throw new Error(`${what}: not an integer: ${JSON.stringify(s)}`);
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d)$/;
const MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** chrony's "YYYY-MM-DD HH:MM:SS" (UTC) as Unix ns. */
export function chronyTime(date: string, time: string): bigint {
  const d = DATE.exec(date), t = TIME.exec(time);
  if (!d) throw new Error(`date: expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (!t) throw new Error(`time: expected HH:MM:SS, got ${JSON.stringify(time)}`);
  const y = +d[1], mo = +d[2], da = +d[3], h = +t[1], mi = +t[2], s = +t[3];
  if (mo < 1 || mo > 12 || da < 1 || da > MDAYS[mo - 1] || h > 23 || mi > 59 || s > 60) throw new Error(`no such date/time: ${date} ${time}`);
  return BigInt(daysFromCivil(y, mo, da) * 86400 + h * 3600 + mi * 60 + s) * 1_000_000_000n;
}

/** ntpd's MJD and "seconds.fraction past midnight" as Unix ns (exact to the digits given). */
export function ntpdTime(mjd: string, sod: string): bigint {
  const day = int(mjd, "MJD");
  const m = /^(\d{1,5})(?:\.(\d{1,9}))?$/.exec(sod);
  if (!m || +m[1] > 86400) throw new Error(`seconds past midnight: ${JSON.stringify(sod)}`);
  const frac = m[2] === undefined ? 0 : +(m[2] + "000000000".slice(m[2].length));
  return BigInt((day - 40587) * 86400 + +m[1]) * 1_000_000_000n + BigInt(frac);
}

/** Walks the lines of `text`, skipping blanks, `#` comments and chrony's banner lines. */
export function parseLines(
  text: string,
  format: DriftLogFormat,
  options: LogParseOptions,
  parseLine: (tok: string[], n: number, line: number) => DriftLogRecord,
): ParsedDriftLog {
  if (typeof text !== "string") throw new InvalidArgumentError("a log must be a string");
  const strict = options.strict ?? true;
  const records: DriftLogRecord[] = [];
  const badLines: BadLine[] = [];
  const tok: string[] = [];
  let lineNo = 0, pos = 0;
  const len = text.length;
  while (pos < len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    const line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    const n = tokens(line, tok);
    if (n === 0) continue;
    const first = tok[0];
    const c = first.charCodeAt(0);
    if (c === 61 /* = */ || c === 35 /* # */ || (first === "Date" && tok[1] === "(UTC)")) continue;
    try {
      records.push(parseLine(tok, n, lineNo));
    } catch (e) {
      const message = (e as Error).message;
      if (strict) throw new BadLineError(lineNo, `${format}: ${message}`);
      badLines.push(Object.freeze({ line: lineNo, message, text: line }));
    }
  }
  return finish(format, records, badLines, options.source);
}

function finish(format: DriftLogFormat, records: DriftLogRecord[], badLines: BadLine[], want: string | undefined): ParsedDriftLog {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  const sources = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
  if (want !== undefined && typeof want !== "string") throw new InvalidArgumentError("source must be a string");
  if (want !== undefined && !counts.has(want)) throw new InvalidArgumentError(`source ${JSON.stringify(want)} does not appear in the log (it has ${sources.join(", ") || "no records"})`);
  const source = want ?? sources[0] ?? "";
  const samples: DriftSample[] = [];
  let prev: bigint | undefined;
  for (const r of records) {
    if (r.source !== source || (prev !== undefined && r.t <= prev)) continue;
    prev = r.t;
    samples.push(r.delayNs === undefined ? { t: r.t, offsetNs: r.offsetNs } : { t: r.t, offsetNs: r.offsetNs, delayNs: r.delayNs < 0n ? 0n : r.delayNs });
  }
  return Object.freeze({ format, records, sources, source, samples, badLines });
}
