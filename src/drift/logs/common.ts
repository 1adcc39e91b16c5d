// Shared pieces of the chrony / ntpd log parsers: line walking, tokens, exact-enough numbers.
import { checkOptions, I64_MAX, I64_MIN } from "../../check.ts";
import { NS_PER_SECOND } from "../../constants.ts";
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
 * The columns of one line as positions into the text: parsers read numbers straight from the text
 * and slice a string only when they need one (an address, an error message). This keeps a
 * million-line log from allocating millions of short strings.
 */
export class Cols {
  text = "";
  readonly s: Int32Array = new Int32Array(MAX_COLS);
  readonly e: Int32Array = new Int32Array(MAX_COLS);
  /** Columns on the line (may exceed MAX_COLS; only the first MAX_COLS are located). */
  n = 0;
  /** Column i as a string. */
  str(i: number): string {
    return i < this.n && i < MAX_COLS ? this.text.slice(this.s[i], this.e[i]) : "";
  }
  /** Column i's length. */
  len(i: number): number {
    return i < this.n && i < MAX_COLS ? this.e[i] - this.s[i] : 0;
  }
}
const MAX_COLS = 24;

/** Splits text[from, to) on runs of spaces, tabs and CRs into `c` (no regex: the hot loop). */
export function splitCols(text: string, from: number, to: number, c: Cols): void {
  let n = 0, i = from;
  c.text = text;
  while (i < to) {
    let ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13) { i++; continue; }
    const st = i;
    while (i < to && (ch = text.charCodeAt(i)) !== 32 && ch !== 9 && ch !== 13) i++;
    if (n < MAX_COLS) { c.s[n] = st; c.e[n] = i; }
    n++;
  }
  c.n = n;
}

const bad = (c: Cols, i: number, what: string, kind = "not a number") => new Error(`${what}: ${kind}: ${JSON.stringify(c.str(i))}`);

// Digits of the last number scanned: value = sign · mant · 10^scale (mant exact below 10^16).
let sMant = 0, sScale = 0, sNeg = false;

/** Scans column i as a decimal (fixed or scientific); false when it is not one. */
function scan(c: Cols, i: number): boolean {
  if (i >= c.n || i >= MAX_COLS) return false;
  const t = c.text;
  let k = c.s[i];
  const end = c.e[i];
  let ch = t.charCodeAt(k);
  sNeg = false;
  if (ch === 45 || ch === 43) { sNeg = ch === 45; k++; }
  let mant = 0, digits = 0, scale = 0, dot = false;
  for (; k < end; k++) {
    ch = t.charCodeAt(k);
    if (ch >= 48 && ch <= 57) {
      if (mant < 1e15) { mant = mant * 10 + (ch - 48); if (dot) scale--; } else if (!dot) scale++;
      digits++;
    } else if (ch === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return false;
  if (k < end) {
    if (ch !== 101 && ch !== 69) return false;
    k++;
    let eneg = false, ex = 0, ed = 0;
    ch = t.charCodeAt(k);
    if (ch === 45 || ch === 43) { eneg = ch === 45; k++; }
    for (; k < end; k++) {
      ch = t.charCodeAt(k);
      if (ch < 48 || ch > 57 || ++ed > 3) return false;
      ex = ex * 10 + (ch - 48);
    }
    if (ed === 0) return false;
    scale += eneg ? -ex : ex;
  }
  sMant = mant;
  sScale = scale;
  return true;
}

/** True for chrony's "%.3e"-style value (d.ddde±dd) in column i. */
export function isSciAt(c: Cols, i: number): boolean {
  const l = c.len(i);
  return l >= 5 && c.text.charCodeAt(c.e[i] - 4) === 101 && scan(c, i);
}

/** Column i as a number (correctly rounded: one multiplication or division by an exact power of ten). */
export function numAt(c: Cols, i: number, what: string): number {
  if (!scan(c, i)) throw bad(c, i, what);
  const v = sScale >= 0 ? (sScale <= 22 ? sMant * 10 ** sScale : +c.str(i)) : sScale >= -22 ? sMant / 10 ** -sScale : +c.str(i);
  return sNeg ? -v : v;
}

/**
 * Column i, in seconds (fixed or scientific), as ns rounded half away from zero; `negate` flips
 * the sign (for logs that write θ). Exact: the digits become an integer and a power of ten with no
 * binary fraction in between. Values beyond 2^53 ns are refused rather than rounded.
 */
export function nsAt(c: Cols, i: number, what: string, negate = false): bigint {
  if (!scan(c, i)) throw bad(c, i, what);
  const p = sScale + 9; // ns = mant · 10^p
  let v: number;
  if (p >= 0) {
    v = sMant * 10 ** p;
    if (!(v <= Number.MAX_SAFE_INTEGER)) throw new Error(`${what}: ${c.str(i)} s is out of range`);
  } else if (p >= -22) {
    const d = 10 ** -p; // exact for p ≥ −22
    let q = Math.floor(sMant / d), r = sMant - q * d; // q·d ≤ mant + d < 2^54: r is exact
    if (r < 0) { q--; r += d; } else if (r >= d) { q++; r -= d; }
    v = r * 2 >= d ? q + 1 : q;
  } else {
    v = 0;
  }
  return BigInt(sNeg !== negate ? -v : v);
}

/** Column i as a safe integer (optional minus, up to 15 digits). */
export function intAt(c: Cols, i: number, what: string): number {
  const l = c.len(i);
  const t = c.text;
  let k = c.s[i];
  const end = k + l;
  const neg = l > 0 && t.charCodeAt(k) === 45;
  if (neg) k++;
  let v = 0;
  let ok = end > k && end - k <= 15;
  for (; ok && k < end; k++) {
    const ch = t.charCodeAt(k);
    if (ch < 48 || ch > 57) ok = false;
    v = v * 10 + (ch - 48);
  }
  if (!ok) throw bad(c, i, what, "not an integer");
  return neg ? -v : v;
}

/** True when column i is 1–8 hex digits (ntpd's peer status word). */
export function isHexAt(c: Cols, i: number): boolean {
  const l = c.len(i);
  if (l === 0 || l > 8) return false;
  for (let k = c.s[i]; k < c.e[i]; k++) {
    const ch = c.text.charCodeAt(k) | 32;
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) return false;
  }
  return true;
}

let lastSource = "";
/** Column i as a string, reusing the previous line's string when equal (addresses repeat). */
export function sourceAt(c: Cols, i: number): string {
  const l = c.len(i);
  if (l === lastSource.length && c.text.startsWith(lastSource, c.s[i])) return lastSource;
  return (lastSource = c.str(i));
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

// Consecutive lines mostly share a date: its start is kept (the parsers are synchronous).
let lastDate = "";
let lastDayNs = 0n;

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** chrony's "YYYY-MM-DD HH:MM:SS" (UTC) in columns 0 and 1 as Unix ns. */
export function chronyTimeAt(c: Cols): bigint {
  const t = c.text;
  if (!(c.len(0) === 10 && lastDate !== "" && t.startsWith(lastDate, c.s[0]))) {
    const date = c.str(0);
    const d = DATE.exec(date);
    if (!d) throw new Error(`date: expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
    const y = +d[1], mo = +d[2], da = +d[3];
    if (mo < 1 || mo > 12 || da < 1 || da > MDAYS[mo - 1] || (mo === 2 && da === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0)))) {
      throw new Error(`no such date: ${date}`);
    }
    lastDayNs = BigInt(daysFromCivil(y, mo, da) * 86400) * NS_PER_SECOND;
    lastDate = date;
  }
  const p = c.s[1];
  const h = two(t, p), mi = two(t, p + 3), s = two(t, p + 6);
  if (c.len(1) !== 8 || t.charCodeAt(p + 2) !== 58 || t.charCodeAt(p + 5) !== 58 || h < 0 || mi < 0 || s < 0) {
    throw new Error(`time: expected HH:MM:SS, got ${JSON.stringify(c.str(1))}`);
  }
  if (h > 23 || mi > 59 || s > 60) throw new Error(`no such time: ${c.str(1)}`);
  return lastDayNs + BigInt((h * 3600 + mi * 60 + s) * 1e9);
}

let lastMjd = -1;
let lastMjdNs = 0n;
let lastUnixSeconds = 0;
/** Unix seconds (a Number, exact) of the last line `ntpdTimeAt` read: rawstats places its eras by it. */
export function lastLineUnixSeconds(): number {
  return lastUnixSeconds;
}

/** ntpd's MJD (column 0) and "seconds.fraction past midnight" (column 1) as Unix ns, exact. */
export function ntpdTimeAt(c: Cols): bigint {
  const day = intAt(c, 0, "MJD");
  if (day !== lastMjd) {
    lastMjdNs = BigInt(day - 40587) * 86_400_000_000_000n;
    lastMjd = day;
  }
  // seconds (1–5 digits) and an optional fraction of 1–9 digits, by char codes
  const t = c.text, end = c.e[1];
  let k = c.s[1], sec = 0, frac = 0, fd = 0;
  const st = k;
  for (; k < end; k++) {
    const ch = t.charCodeAt(k);
    if (ch < 48 || ch > 57) break;
    sec = sec * 10 + (ch - 48);
  }
  let ok = c.n > 1 && k > st && k - st <= 5;
  if (ok && k < end) {
    ok = t.charCodeAt(k) === 46 && k + 1 < end && end - k - 1 <= 9;
    for (k++; ok && k < end; k++) {
      const ch = t.charCodeAt(k);
      if (ch < 48 || ch > 57) ok = false;
      frac = frac * 10 + (ch - 48);
      fd++;
    }
  }
  if (!ok || sec > 86400) throw new Error(`seconds past midnight: ${JSON.stringify(c.str(1))}`);
  lastUnixSeconds = (day - 40587) * 86400 + sec;
  return lastMjdNs + BigInt(sec * 1e9 + frac * 10 ** (9 - fd));
}

/** Walks the lines of `text`, skipping blanks, `#` comments and chrony's banner lines. */
export function parseLines(
  text: string,
  format: DriftLogFormat,
  options: LogParseOptions,
  parseLine: (c: Cols, line: number) => DriftLogRecord,
): ParsedDriftLog {
  if (typeof text !== "string") throw new InvalidArgumentError("a log must be a string");
  const strict = checkOptions(options, "options").strict ?? true;
  const records: DriftLogRecord[] = [];
  const badLines: BadLine[] = [];
  const c = new Cols();
  lastSource = "";
  let lineNo = 0, pos = 0;
  const len = text.length;
  while (pos < len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    const from = pos;
    pos = end + 1;
    lineNo++;
    splitCols(text, from, end, c);
    if (c.n === 0) continue;
    const ch = text.charCodeAt(c.s[0]);
    if (ch === 61 /* = */ || ch === 35 /* # */ || (c.len(0) === 4 && text.startsWith("Date (UTC)", c.s[0]))) continue;
    try {
      const r = parseLine(c, lineNo);
      // values come from nsAt (within ±2^53) except instants, which a date can put past i64
      if (r.t < I64_MIN || r.t > I64_MAX) throw new Error(`t = ${r.t} ns is outside i64 (instants 1677 … 2262)`);
      records.push(r);
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
