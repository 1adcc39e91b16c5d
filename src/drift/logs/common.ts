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

/**
 * Splits text[from, to) on runs of spaces and tabs into `out`, at most `max` tokens; returns how
 * many tokens the range holds (counting past `max` without slicing them). No regex: this is the
 * parsers' hot loop.
 */
export function tokens(text: string, from: number, to: number, out: string[], max = 64): number {
  let n = 0, i = from;
  while (i < to) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    const s = i;
    while (i < to && (c = text.charCodeAt(i)) !== 32 && c !== 9 && c !== 13) i++;
    if (n < max) out[n] = text.slice(s, i);
    n++;
  }
  return n;
}

/**
 * True when `s` is a plain decimal number: optional sign, digits with at most one point, optional
 * exponent. A char-code scan (the parsers' hot path; a regex costs several times more).
 */
export function isDecimal(s: string): boolean {
  const len = s.length;
  let i = 0, c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0, dot = false;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return false;
  if (i === len) return true;
  if (c !== 101 && c !== 69) return false;
  i++;
  c = s.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  if (i === len) return false;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True for chrony's "%.3e"-style scientific notation (d.ddde±dd): what its value columns hold. */
export function isSci(s: string): boolean {
  const len = s.length;
  return len >= 5 && s.charCodeAt(len - 4) === 101 && isDecimal(s);
}

/** A decimal number (fixed or scientific), or throws a message for the line. */
export function num(s: string, what: string): number {
  if (!isDecimal(s)) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
  return +s;
}

/**
 * Seconds (as logged, fixed or scientific) to ns, rounded half away from zero. Exact: the digits
 * become an integer and a power of ten, with no binary fraction in between, as long as the ns
 * value's digits fit 2^53 (longer inputs take the float path, within 1 ns).
 */
export function secToNs(s: string, what: string): bigint {
  const len = s.length;
  let i = 0, neg = false, c = s.charCodeAt(0);
  if (c === 45 || c === 43) { neg = c === 45; i++; }
  let mant = 0, digits = 0, scale = 0, dot = false;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (mant < 1e15) { mant = mant * 10 + (c - 48); if (dot) scale--; } else if (!dot) scale++;
      digits++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
  if (i < len) {
    if (c !== 101 && c !== 69) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
    i++;
    let eneg = false, e = 0, ed = 0;
    c = s.charCodeAt(i);
    if (c === 45 || c === 43) { eneg = c === 45; i++; }
    for (; i < len; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57 || ++ed > 3) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
      e = e * 10 + (c - 48);
    }
    if (ed === 0) throw new Error(`${what}: not a number: ${JSON.stringify(s)}`);
    scale += eneg ? -e : e;
  }
  const p = scale + 9; // ns = mant · 10^p
  let v: number;
  if (p >= 0) {
    v = mant * 10 ** p;
    if (!(v <= Number.MAX_SAFE_INTEGER)) throw new Error(`${what}: ${s} s is out of range`);
  } else if (p >= -22) {
    const d = 10 ** -p; // exact for p ≥ −22
    let q = Math.floor(mant / d), r = mant - q * d; // q·d ≤ mant + d < 2^54: r is exact
    if (r < 0) { q--; r += d; } else if (r >= d) { q++; r -= d; }
    v = r * 2 >= d ? q + 1 : q;
  } else {
    v = 0;
  }
  return BigInt(neg ? -v : v);
}

export function int(s: string, what: string): number {
  const len = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  let ok = len > i && len - i <= 15;
  for (; ok && i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) ok = false;
  }
  if (!ok) throw new Error(`${what}: not an integer: ${JSON.stringify(s)}`);
  return +s;
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
const MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const NS_PER_S = 1_000_000_000n;

// Consecutive lines mostly share a date: its start is kept (the parsers are synchronous).
let lastDate = "";
let lastDayNs = 0n;

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** chrony's "YYYY-MM-DD HH:MM:SS" (UTC) as Unix ns. */
export function chronyTime(date: string, time: string): bigint {
  if (date !== lastDate) {
    const d = DATE.exec(date);
    if (!d) throw new Error(`date: expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
    const y = +d[1], mo = +d[2], da = +d[3];
    if (mo < 1 || mo > 12 || da < 1 || da > MDAYS[mo - 1] || (mo === 2 && da === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0)))) {
      throw new Error(`no such date: ${date}`);
    }
    lastDayNs = BigInt(daysFromCivil(y, mo, da) * 86400) * NS_PER_S;
    lastDate = date;
  }
  const h = two(time, 0), mi = two(time, 3), s = two(time, 6);
  if (time.length !== 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58 || h < 0 || mi < 0 || s < 0) {
    throw new Error(`time: expected HH:MM:SS, got ${JSON.stringify(time)}`);
  }
  if (h > 23 || mi > 59 || s > 60) throw new Error(`no such time: ${time}`);
  return lastDayNs + BigInt((h * 3600 + mi * 60 + s) * 1e9);
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
  maxTokens = 64,
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
    const from = pos;
    pos = end + 1;
    lineNo++;
    const n = tokens(text, from, end, tok, maxTokens);
    if (n === 0) continue;
    const first = tok[0];
    const c = first.charCodeAt(0);
    if (c === 61 /* = */ || c === 35 /* # */ || (first === "Date" && tok[1] === "(UTC)")) continue;
    try {
      records.push(parseLine(tok, n, lineNo));
    } catch (e) {
      const message = (e as Error).message;
      if (strict) throw new BadLineError(lineNo, `${format}: ${message}`);
      badLines.push(Object.freeze({ line: lineNo, message, text: text.slice(from, end).replace(/\r$/, "") }));
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
    if (r.delayNs === undefined) samples.push({ t: r.t, offsetNs: r.offsetNs });
    else if (format === "chrony-measurements" && r.dispersionNs !== undefined) {
      // chrony weighs by peer distance, delay/2 + peer dispersion: the columns this log has
      samples.push({ t: r.t, offsetNs: r.offsetNs, delayNs: r.delayNs < 0n ? 0n : r.delayNs, dispersionNs: r.dispersionNs < 0n ? 0n : r.dispersionNs });
    } else samples.push({ t: r.t, offsetNs: r.offsetNs, delayNs: r.delayNs < 0n ? 0n : r.delayNs });
  }
  return Object.freeze({ format, records, sources, source, samples, badLines });
}
