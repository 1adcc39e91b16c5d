// Shared pieces of the chrony / ntpd log parsers: line walking, tokens, exact-enough numbers.
import { checkOptions, I64_MAX, I64_MIN, show } from "../../check.ts";
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
  readonly readingNs: bigint;
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

/**
 * A line that could not be read (only collected with `strict: false`). `text` is the line without
 * its line break, cut to its first MAX_BAD_LINE_TEXT characters (then ending in "…").
 */
export interface BadLine {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
  readonly text: string;
}

/**
 * How many bad lines `strict: false` keeps: the first 100 in file order. The rest are counted in
 * `badLineCount` only, so a file of any size costs memory for its records, never per bad line.
 */
export const MAX_KEPT_BAD_LINES = 100;
/** A kept bad line's `text` holds at most this many characters of the line. */
export const MAX_BAD_LINE_TEXT = 200;

/** Options of the log parsers. */
export interface LogParseOptions {
  /**
   * Throw `BadLineError` at the first bad line (default true), or skip bad lines: the first
   * MAX_KEPT_BAD_LINES are kept in `badLines`, all of them are counted in `badLineCount`.
   */
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
  /** With `strict: false`: the first MAX_KEPT_BAD_LINES bad lines, in file order (else empty). */
  readonly badLines: readonly BadLine[];
  /** With `strict: false`: every bad line, counted (≥ badLines.length; else 0). */
  readonly badLineCount: number;
}

/**
 * Why a line cannot be read: the one thing the per-line readers throw and `parseLines` catches.
 * Anything else a reader throws is a bug, and propagates instead of becoming a "bad line". Not an
 * Error on purpose: a log of a million bad lines would capture a million stack traces, and the
 * signal never leaves `parseLines` (strict mode turns it into a BadLineError).
 * @internal
 */
export class LineFault {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/**
 * The columns of one line as positions into the text: parsers read numbers straight from the text
 * and slice a string only when they need one (an address, an error message). This keeps a
 * million-line log from allocating millions of short strings.
 * @internal
 */
export class Cols {
  text = "";
  readonly s: Int32Array = new Int32Array(MAX_COLS);
  readonly e: Int32Array = new Int32Array(MAX_COLS);
  /** Columns on the line (may exceed MAX_COLS; only the first MAX_COLS are located). */
  n = 0;
  /**
   * This parse's detached source strings (see `sourceAt`): per parse, not per module, because a
   * streaming parse interleaves with others at every await.
   */
  lastSource = "";
  readonly sourcesSeen = new Map<string, string>();
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

/** Splits text[from, to) on runs of spaces, tabs and CRs into `c` (no regex: the hot loop). @internal */
export function splitCols(text: string, from: number, to: number, c: Cols): void {
  let n = 0, i = from;
  c.text = text;
  while (i < to) {
    let ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13) {
      i++;
      continue;
    }
    const st = i;
    while (i < to && (ch = text.charCodeAt(i)) !== 32 && ch !== 9 && ch !== 13) i++;
    if (n < MAX_COLS) {
      c.s[n] = st;
      c.e[n] = i;
    }
    n++;
  }
  c.n = n;
}

/** Column i for a message: JSON-quoted, cut to 40 characters (a column can be megabytes long). @internal */
export function quoteCol(c: Cols, i: number): string {
  const l = c.len(i);
  return JSON.stringify(l > 40 ? c.text.slice(c.s[i], c.s[i] + 40) + "…" : c.str(i));
}

/**
 * 10^0 … 10^22, each exact in a double. A table, not `10 ** p`: a variable exponent is a
 * Math.pow call in V8 (tens of ns in a microbenchmark on Node 20), several per log line.
 * @internal
 */
export const POW10: Float64Array = new Float64Array(23).map((_, i) => Number(`1e${i}`));

/**
 * mant / d rounded half up, exactly, for an integer mant < 2^53 and d a power of ten from POW10:
 * the float quotient is corrected by the remainder (q·d ≤ mant + d < 2^54, so the remainder is exact).
 * The line parsers' and the byte readers' decimal scanners share it. @internal
 */
export function roundedQuotient(mant: number, d: number): number {
  let q = Math.floor(mant / d), r = mant - q * d;
  if (r < 0) {
    q--;
    r += d;
  } else if (r >= d) {
    q++;
    r -= d;
  }
  return r * 2 >= d ? q + 1 : q;
}

const bad = (c: Cols, i: number, what: string, kind = "not a number") =>
  new LineFault(`${what}: ${kind}: ${quoteCol(c, i)}`);

// The last number scan() accepted. Its digits are two runs of the text, [sIntS, sIntE) before the
// point and [sFracS, sFracE) after it, times 10^sExp; sign apart. The fast form sMant · 10^sScale
// holds the leading digits while they fit 2^53 and is exact unless sInexact (a nonzero digit
// past the 15th significant one was left out).
let sNeg = false, sInexact = false, sHasExp = false;
let sMant = 0, sScale = 0;
let sIntS = 0, sIntE = 0, sFracS = 0, sFracE = 0, sExp = 0;

/**
 * Scans column i as a decimal number; false when the whole column is not one. The grammar:
 *   [+-]? ( digits ( "." digits? )? | "." digits ) ( [eE] [+-]? digits )?
 * with any number of digits anywhere (chrony's "%.3e" writes -4.966e-03; C's printf may write
 * e-3 or e-123 elsewhere; fixed notation is fine too). One left-to-right pass, no regex.
 * Exponents saturate at 10^10, beyond any string's length, so the value they denote is still
 * decided exactly (zero, or out of every range here).
 */
function scan(c: Cols, i: number): boolean {
  if (i >= c.n || i >= MAX_COLS) return false;
  const t = c.text;
  let k = c.s[i];
  const end = c.e[i];
  let ch = t.charCodeAt(k);
  let neg = false;
  if (ch === 45 || ch === 43) {
    neg = ch === 45;
    k++;
  }
  let mant = 0, scale = 0, inexact = false;
  const intS = k;
  for (; k < end; k++) {
    ch = t.charCodeAt(k);
    if (ch < 48 || ch > 57) break;
    // 9e14 · 10 + 9 < 2^53: every digit kept is exact
    if (mant < 9e14) mant = mant * 10 + (ch - 48);
    else {
      scale++;
      if (ch !== 48) inexact = true;
    }
  }
  const intE = k;
  let fracS = k, fracE = k;
  if (k < end && t.charCodeAt(k) === 46) {
    fracS = ++k;
    for (; k < end; k++) {
      ch = t.charCodeAt(k);
      if (ch < 48 || ch > 57) break;
      if (mant < 9e14) {
        mant = mant * 10 + (ch - 48);
        scale--;
      } else if (ch !== 48) inexact = true;
    }
    fracE = k;
  }
  if (intE === intS && fracE === fracS) return false;
  let ex = 0, hasExp = false;
  if (k < end) {
    ch = t.charCodeAt(k);
    if (ch !== 101 && ch !== 69) return false;
    k++;
    let eneg = false;
    if (k < end) {
      ch = t.charCodeAt(k);
      if (ch === 45 || ch === 43) {
        eneg = ch === 45;
        k++;
      }
    }
    if (k === end) return false;
    for (; k < end; k++) {
      ch = t.charCodeAt(k);
      if (ch < 48 || ch > 57) return false;
      if (ex < 1e10) ex = ex * 10 + (ch - 48);
    }
    if (eneg) ex = -ex;
    hasExp = true;
  }
  sNeg = neg;
  sInexact = inexact;
  sHasExp = hasExp;
  sMant = mant;
  sScale = scale + ex;
  sIntS = intS;
  sIntE = intE;
  sFracS = fracS;
  sFracE = fracE;
  sExp = ex;
  return true;
}

/** True when column i is a decimal number (any form `scan` reads). @internal */
export function isNumAt(c: Cols, i: number): boolean {
  return scan(c, i);
}

/** True when column i is a decimal number written with an exponent (chrony's "%.3e" columns). @internal */
export function isSciAt(c: Cols, i: number): boolean {
  return scan(c, i) && sHasExp;
}

/**
 * Column i as a finite number, correctly rounded: one multiplication or division by an exact
 * power of ten when that is exact, else the runtime's own (correctly rounding) string conversion
 * of the already validated text. A value beyond a double (1e999) makes the line bad.
 * @internal
 */
export function numAt(c: Cols, i: number, what: string): number {
  if (!scan(c, i)) throw bad(c, i, what);
  let v: number;
  if (sMant === 0 && !sInexact) v = 0;
  else if (!sInexact && sScale >= -22 && sScale <= 22) v = sScale >= 0 ? sMant * POW10[sScale] : sMant / POW10[-sScale];
  else v = Math.abs(Number(c.text.slice(c.s[i], c.e[i])));
  if (!(v <= Number.MAX_VALUE)) throw bad(c, i, what, "beyond a double");
  return sNeg ? -v : v;
}

/**
 * Column i, in seconds (any form `scan` reads), as ns rounded half away from zero; `negate` flips
 * the sign (for logs that write θ). Exact: the digits become an integer and a power of ten with no
 * binary fraction in between. Values beyond 2^53 ns are refused rather than rounded.
 * @internal
 */
export function nsAt(c: Cols, i: number, what: string, negate = false): bigint {
  if (!scan(c, i)) throw bad(c, i, what);
  let v: number;
  if (sInexact) v = nsFromDigits(c, i, what);
  else if (sMant === 0) v = 0;
  else {
    const p = sScale + 9; // ns = mant · 10^p
    if (p >= 0) {
      v = sMant * (p <= 22 ? POW10[p] : 10 ** p); // correctly rounded, so > 2^53 − 1 exactly when the true product is
      if (!(v <= Number.MAX_SAFE_INTEGER)) throw bad(c, i, what, "out of range (over 2^53 ns)");
    } else if (p >= -22) {
      v = roundedQuotient(sMant, POW10[-p]); // exact for p ≥ −22
    } else {
      v = 0; // mant < 2^53 < 10^16: under 10^-6 ns
    }
  }
  return BigInt(sNeg !== negate ? -v : v);
}

/**
 * |value| in ns from the digits themselves, for numbers with more significant digits than a
 * double holds: the digits down to the ns make the integer, the next one rounds (half away from
 * zero needs no more). Linear in the digits, stops as soon as the value passes 2^53.
 */
function nsFromDigits(c: Cols, i: number, what: string): number {
  const t = c.text;
  const intLen = sIntE - sIntS, total = intLen + (sFracE - sFracS);
  const digit = (j: number): number => t.charCodeAt(j < intLen ? sIntS + j : sFracS + j - intLen) - 48;
  const whole = intLen + sExp + 9; // digits before the ns point (may be ≤ 0 or beyond the digits)
  const over = () => bad(c, i, what, "out of range (over 2^53 ns)");
  let v = 0;
  const n = whole < total ? whole : total;
  for (let j = 0; j < n; j++) {
    v = v * 10 + digit(j);
    if (v > Number.MAX_SAFE_INTEGER) throw over();
  }
  if (whole > total && v !== 0) {
    if (whole - total > 15) throw over();
    v *= 10 ** (whole - total);
  }
  if (whole >= 0 && whole < total && digit(whole) >= 5) v++;
  if (v > Number.MAX_SAFE_INTEGER) throw over();
  return v;
}

/** Column i as a safe integer (optional minus, up to 15 digits). @internal */
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

/** True when column i is 1–8 hex digits (ntpd's peer status word). @internal */
export function isHexAt(c: Cols, i: number): boolean {
  const l = c.len(i);
  if (l === 0 || l > 8) return false;
  for (let k = c.s[i]; k < c.e[i]; k++) {
    const ch = c.text.charCodeAt(k) | 32;
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) return false;
  }
  return true;
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a slice (and a
 * concatenation holding one) as a pointer into its parent, so a 12-character source kept in a
 * record, or a kept bad line, would hold the whole log text alive for as long as the result.
 * @internal
 */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** Distinct sources a parse keeps for sharing; past this the cache starts over (a hostile log may name millions). */
const MAX_CACHED_SOURCES = 4096;
/**
 * Column i as a string, one detached copy per distinct source (addresses repeat): records hold
 * their sources, never the log text.
 * @internal
 */
export function sourceAt(c: Cols, i: number): string {
  const l = c.len(i);
  const last = c.lastSource;
  if (l === last.length && c.text.startsWith(last, c.s[i])) return last;
  const cut = c.str(i);
  const seen = c.sourcesSeen;
  let own = seen.get(cut);
  if (own === undefined) {
    if (seen.size >= MAX_CACHED_SOURCES) seen.clear();
    seen.set(own = detached(cut), own);
  }
  return (c.lastSource = own);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). @internal */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Consecutive lines mostly share a date: its start is kept (the parsers are synchronous).
let lastDate = "";
let lastDayNs = 0n;

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** chrony's "YYYY-MM-DD HH:MM:SS" (UTC) in columns 0 and 1 as Unix ns. @internal */
export function chronyTimeAt(c: Cols): bigint {
  const t = c.text;
  if (!(c.len(0) === 10 && lastDate !== "" && t.startsWith(lastDate, c.s[0]))) {
    // YYYY-MM-DD by char codes (two digits at a time)
    const p0 = c.s[0];
    const yh = two(t, p0), yl = two(t, p0 + 2), mo = two(t, p0 + 5), da = two(t, p0 + 8);
    if (
      c.len(0) !== 10 || t.charCodeAt(p0 + 4) !== 45 || t.charCodeAt(p0 + 7) !== 45 || yh < 0 || yl < 0 || mo < 0 ||
      da < 0
    ) {
      throw new LineFault(`date: expected YYYY-MM-DD, got ${quoteCol(c, 0)}`);
    }
    const date = c.str(0), y = yh * 100 + yl;
    if (
      mo < 1 || mo > 12 || da < 1 || da > MDAYS[mo - 1] ||
      (mo === 2 && da === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0)))
    ) {
      throw new LineFault(`no such date: ${date}`);
    }
    lastDayNs = BigInt(daysFromCivil(y, mo, da) * 86400) * NS_PER_SECOND;
    lastDate = detached(date); // kept between calls: must not hold this text
  }
  const p = c.s[1];
  const h = two(t, p), mi = two(t, p + 3), s = two(t, p + 6);
  if (c.len(1) !== 8 || t.charCodeAt(p + 2) !== 58 || t.charCodeAt(p + 5) !== 58 || h < 0 || mi < 0 || s < 0) {
    throw new LineFault(`time: expected HH:MM:SS, got ${quoteCol(c, 1)}`);
  }
  if (h > 23 || mi > 59 || s > 60) throw new LineFault(`no such time: ${c.str(1)}`);
  return lastDayNs + BigInt((h * 3600 + mi * 60 + s) * 1e9);
}

let lastMjd = NaN; // no day yet: NaN equals none (-1 is a day, 1858-11-16, that intAt accepts)
let lastMjdNs = 0n;
let lastUnixSeconds = 0;
/** Unix seconds (a Number, exact) of the last line `ntpdTimeAt` read: rawstats places its eras by it. @internal */
export function lastLineUnixSeconds(): number {
  return lastUnixSeconds;
}

/** ntpd's MJD (column 0) and "seconds.fraction past midnight" (column 1) as Unix ns, exact. @internal */
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
  if (!ok || sec > 86400) throw new LineFault(`seconds past midnight: ${quoteCol(c, 1)}`);
  lastUnixSeconds = (day - 40587) * 86400 + sec;
  return lastMjdNs + BigInt(sec * 1e9 + frac * POW10[9 - fd]);
}

/** Reads one data line (its columns in `c`) into a record, or throws a LineFault. @internal */
export type LineReader = (c: Cols, line: number) => DriftLogRecord;

/**
 * The line grammar's one code path, shared by the whole-text parsers (`parseLines`) and the
 * streaming one: blank lines, `#` comments and chrony's banner lines are skipped; `read` reports a
 * line it cannot read by throwing a LineFault, which strict mode turns into a BadLineError and
 * lax mode into a kept (the first MAX_KEPT_BAD_LINES) or counted bad line; anything else it throws
 * propagates unchanged. Holds no text between calls beyond detached copies.
 * @internal
 */
export class LineWalker {
  readonly format: DriftLogFormat;
  readonly strict: boolean;
  readonly badLines: BadLine[] = [];
  badLineCount = 0;
  /** Lines seen so far (the 1-based number of the last one). */
  lineNo = 0;
  readonly #read: LineReader;
  readonly #c = new Cols();

  constructor(format: DriftLogFormat, strict: unknown, read: LineReader) {
    if (typeof strict !== "boolean") throw new InvalidArgumentError(`strict must be a boolean, got ${show(strict)}`);
    this.format = format;
    this.strict = strict;
    this.#read = read;
  }

  /**
   * Reads the lines of text[from, to), each ending at a "\n" or at `to` (the caller passes whole
   * lines), appending records to `out`. A line longer than `maxLine` characters (its line break
   * excluded) is a bad line, unread.
   */
  walk(text: string, from: number, to: number, out: DriftLogRecord[], maxLine = Infinity): void {
    const c = this.#c, read = this.#read;
    let pos = from;
    while (pos < to) {
      let end = text.indexOf("\n", pos);
      if (end < 0 || end > to) end = to;
      const start = pos;
      pos = end + 1;
      const lineNo = ++this.lineNo;
      if (end - start > maxLine) {
        this.bad(lineNo, tooLong(maxLine), text, start, end);
        continue;
      }
      splitCols(text, start, end, c);
      if (c.n === 0) continue;
      const ch = text.charCodeAt(c.s[0]);
      if (ch === 61 /* = */ || ch === 35 /* # */ || (c.len(0) === 4 && text.startsWith("Date (UTC)", c.s[0]))) continue;
      try {
        const r = read(c, lineNo);
        // values come from nsAt (within ±2^53) except instants, which a date can put past i64
        if (r.readingNs < I64_MIN || r.readingNs > I64_MAX) {
          throw new LineFault(`t = ${r.readingNs} ns is outside i64 (instants 1677 … 2262)`);
        }
        out.push(r);
      } catch (e) {
        if (!(e instanceof LineFault)) throw e;
        this.bad(lineNo, e.message, text, start, end);
      }
    }
    c.text = ""; // a stream parse outlives its chunks: hold none of them
  }

  /**
   * Reports line `lineNo` as bad: throws BadLineError when strict, else keeps (a copy of at most
   * MAX_BAD_LINE_TEXT characters of text[from, to), without a final CR) or counts it.
   */
  bad(lineNo: number, message: string, text: string, from: number, to: number): void {
    if (this.strict) throw new BadLineError(lineNo, `${this.format}: ${message}`);
    if (this.badLineCount++ < MAX_KEPT_BAD_LINES) {
      const stop = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
      const line = stop - from > MAX_BAD_LINE_TEXT
        ? text.slice(from, from + MAX_BAD_LINE_TEXT) + "…"
        : text.slice(from, stop);
      this.badLines.push(Object.freeze({ line: lineNo, message: detached(message), text: detached(line) }));
    }
  }
}

/** The bad-line message of a line longer than `maxLine` characters (streaming parses cap lines). @internal */
export function tooLong(maxLine: number): string {
  return `line longer than ${maxLine} characters (maxLineLength)`;
}

/**
 * Walks the lines of `text` (LF or CRLF) one at a time, by index: the text is never split, so
 * memory holds the records and at most MAX_KEPT_BAD_LINES bad lines, whatever the text's size.
 * @internal
 */
export function parseLines(
  text: string,
  format: DriftLogFormat,
  options: LogParseOptions,
  read: LineReader,
): ParsedDriftLog {
  if (typeof text !== "string") throw new InvalidArgumentError("a log must be a string");
  options = checkOptions(options, "options");
  const walker = new LineWalker(format, options.strict ?? true, read);
  const want = options.source;
  if (want !== undefined && typeof want !== "string") throw new InvalidArgumentError("source must be a string");
  const records: DriftLogRecord[] = [];
  walker.walk(text, 0, text.length, records);
  return finish(format, records, Object.freeze(walker.badLines), walker.badLineCount, want);
}

function finish(
  format: DriftLogFormat,
  records: DriftLogRecord[],
  badLines: readonly BadLine[],
  badLineCount: number,
  want: string | undefined,
): ParsedDriftLog {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  const sources = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
  if (want !== undefined && !counts.has(want)) {
    const some = sources.length > 10
      ? `${sources.slice(0, 10).join(", ")} and ${sources.length - 10} more`
      : sources.join(", ");
    throw new InvalidArgumentError(`source ${show(want)} does not appear in the log (it has ${some || "no records"})`);
  }
  const source = want ?? sources[0] ?? "";
  const samples: DriftSample[] = [];
  let prev: bigint | undefined;
  for (const r of records) {
    if (r.source !== source || (prev !== undefined && r.readingNs <= prev)) continue;
    prev = r.readingNs;
    if (r.delayNs === undefined) samples.push({ readingNs: r.readingNs, offsetNs: r.offsetNs });
    else if (format === "chrony-measurements" && r.dispersionNs !== undefined) {
      // chrony weighs by peer distance, delay/2 + peer dispersion: the columns this log has
      samples.push({
        readingNs: r.readingNs,
        offsetNs: r.offsetNs,
        delayNs: r.delayNs < 0n ? 0n : r.delayNs,
        dispersionNs: r.dispersionNs < 0n ? 0n : r.dispersionNs,
      });
    } else samples.push({ readingNs: r.readingNs, offsetNs: r.offsetNs, delayNs: r.delayNs < 0n ? 0n : r.delayNs });
  }
  return Object.freeze({ format, records, sources, source, samples, badLines, badLineCount });
}
