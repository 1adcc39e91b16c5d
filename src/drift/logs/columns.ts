// parseDriftLogColumns: the drift log parsers over a stream of bytes, yielding records in batches
// of typed arrays instead of one object (and five bigints) per line.
//
// Lines are cut and columns split on the bytes themselves (no decoding, no regex, no strings);
// numbers go from their digits straight to integer ns in doubles (exact: every ns value a log
// column may hold is within ±2^53) and into BigInt64Arrays through an Int32Array view of the same
// memory, so no bigint is made per line. One rule keeps this exact: the byte readers accept only
// lines whose every column is plainly well-formed (ASCII, no digit beyond a double's 15, nothing
// at an edge of a range); any other line ("bailing") is decoded and handed to the whole-text
// parsers' own line reader (LineWalker, src/drift/logs/common.ts), which then gives its record or
// its bad-line message. Whatever the input, the records and bad lines are those of
// `parseDriftLogStream` (the differential test in test/unit/drift-columns.test.ts checks it line
// by line, at every chunk cut), except that `maxLineLength` counts bytes here.
//
// Every format has a byte reader (chrony measurements, statistics, tracking; ntpd peerstats,
// loopstats, rawstats); only the lines one bails on take the line reader (bench/drift-stream.mjs
// --only=FORMAT measures each).
import { InvalidArgumentError } from "../../errors.ts";
import { rawChunks } from "../../jitter/lines.ts";
import {
  type BadLine,
  daysFromCivil,
  type DriftLogFormat,
  type DriftLogRecord,
  LineWalker,
  MAX_BAD_LINE_TEXT,
  POW10,
  roundedQuotient,
  tooLong,
} from "./common.ts";
import { DETECT_CHARS, LINE_READERS, StreamDetector } from "./parse.ts";
import { checkStreamArgs, type DriftLogSource, type DriftLogStreamSummary } from "./stream.ts";

/** Bits of `DriftLogColumns.present`: which optional fields a record has. */
export const DRIFT_COLUMN: {
  readonly delay: 1;
  readonly dispersion: 2;
  readonly jitter: 4;
  readonly frequency: 8;
  readonly skew: 16;
  readonly stratum: 32;
} = Object.freeze({
  /** delayNs holds a value. */
  delay: 1,
  /** dispersionNs holds a value. */
  dispersion: 2,
  /** jitterNs holds a value. */
  jitter: 4,
  /** frequencyPpm holds a value. */
  frequency: 8,
  /** skewPpm holds a value. */
  skew: 16,
  /** stratum holds a value. */
  stratum: 32,
});

/**
 * A batch of records, one index per record, as typed arrays (the fields of `DriftLogRecord`; a
 * field a record lacks is 0 there, its bit in `present` clear). rawstats' T1..T4 are not here
 * (its offset and delay are): use `parseDriftLogStream` for them. The arrays are the batch's own.
 */
export interface DriftLogColumns {
  /** Records in the batch. */
  readonly length: number;
  /** 1-based line number of each record. */
  readonly line: Float64Array;
  /** When, Unix ns. */
  readonly readingNs: BigInt64Array;
  /** Local − reference, ns. */
  readonly offsetNs: BigInt64Array;
  /** Round-trip delay, ns (DRIFT_COLUMN.delay). */
  readonly delayNs: BigInt64Array;
  /** Dispersion, ns (DRIFT_COLUMN.dispersion). */
  readonly dispersionNs: BigInt64Array;
  /** Jitter or chrony's std dev, ns (DRIFT_COLUMN.jitter). */
  readonly jitterNs: BigInt64Array;
  /** Frequency, ppm, as `DriftLogRecord.frequencyPpm` (DRIFT_COLUMN.frequency). */
  readonly frequencyPpm: Float64Array;
  /** chrony's skew, ppm (DRIFT_COLUMN.skew). */
  readonly skewPpm: Float64Array;
  /**
   * Stratum of the source (DRIFT_COLUMN.stratum). Float64Array: the logs' stratum column is any
   * integer of up to 15 digits (and -0), kept as `DriftLogRecord.stratum` has it.
   */
  readonly stratum: Float64Array;
  /** DRIFT_COLUMN bits per record. */
  readonly present: Uint8Array;
  /** Each record's source, as an index into `sources`. */
  readonly sourceIndex: Int32Array;
  /** The distinct sources of this batch ("" for loopstats). */
  readonly sources: readonly string[];
}

/** Options of `parseDriftLogColumns`. */
export interface DriftLogColumnsOptions {
  /** The layout, or "auto" (default) to detect it from the first lines, as `parseDriftLogStream` does. */
  readonly format?: DriftLogFormat | "auto";
  /**
   * Throw `BadLineError` at the first bad line (default true), or skip bad lines: the first
   * MAX_KEPT_BAD_LINES are kept in the summary's `badLines`, all are counted in `badLineCount`.
   */
  readonly strict?: boolean;
  /**
   * The longest line held, in bytes (its line break excluded; default 1 MiB, 1 … 2^29). A longer
   * line is a bad line; its first characters are kept for the message, the rest is skipped.
   */
  readonly maxLineLength?: number;
}

/**
 * A drift log being parsed from a stream into typed-array batches: iterate `batches()` once, then
 * read `summary()`. Leaving the iteration early cancels the source.
 */
export interface DriftLogColumnStream {
  /** The records in batches (never empty), one or more per chunk that completes lines. */
  batches(): AsyncIterable<DriftLogColumns>;
  /** The format, line and record counts and bad lines so far. */
  summary(): DriftLogStreamSummary;
}

/**
 * Parses a chrony or ntpd log (the formats of `parseDriftLog`) as it streams in, like
 * `parseDriftLogStream`, into batches of typed arrays: bytes are read as they come (chunks split
 * anywhere; text chunks are encoded as UTF-8 first) and memory holds one chunk, one line (at most
 * `maxLineLength` bytes), the detection read-ahead and at most MAX_KEPT_BAD_LINES bad lines.
 * The records and bad lines are `parseDriftLogStream`'s (bad lines with their line number; lone
 * surrogates in text chunks become U+FFFD), faster in every format (1.3–2× the records' speed in
 * CPU time on 256 MB logs; bench/drift-stream.mjs).
 *
 * @example
 * const log = parseDriftLogColumns(fs.createReadStream("measurements.log"), { strict: false });
 * for await (const b of log.batches()) for (let i = 0; i < b.length; i++) sum += b.offsetNs[i];
 */
export function parseDriftLogColumns(
  source: DriftLogSource,
  options: DriftLogColumnsOptions = {},
): DriftLogColumnStream {
  const { fixed, strict, maxLineLength } = checkStreamArgs(source, options);
  return new ColumnParse(source, fixed, strict, maxLineLength, false);
}

/**
 * parseDriftLogColumns whose batches share their memory: a batch's arrays hold its records only
 * until the iteration asks for the next one (less garbage: for a consumer that folds each batch
 * before moving on, like the CLI's digest). Options checked as parseDriftLogColumns does.
 * @internal
 */
export function parseDriftLogColumnsReusing(
  source: DriftLogSource,
  options: DriftLogColumnsOptions = {},
): DriftLogColumnStream {
  const { fixed, strict, maxLineLength } = checkStreamArgs(source, options);
  return new ColumnParse(source, fixed, strict, maxLineLength, true);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO32 = 4294967296;
const I64_SEC = 9223372036; // |seconds| below this: seconds · 1e9 + ns (< 1e9) is inside i64

/** Builds one batch; fields written as i64 halves (little-endian) or, elsewhere, as bigints. */
class Batch {
  n = 0;
  readonly cap: number;
  readonly line: Float64Array;
  readonly readingNs: BigInt64Array;
  readonly offsetNs: BigInt64Array;
  readonly delayNs: BigInt64Array;
  readonly dispersionNs: BigInt64Array;
  readonly jitterNs: BigInt64Array;
  readonly frequencyPpm: Float64Array;
  readonly skewPpm: Float64Array;
  readonly stratum: Float64Array;
  readonly present: Uint8Array;
  readonly sourceIndex: Int32Array;
  readonly sources: string[] = [];
  // the i64 arrays' halves (lo, hi per element)
  readonly t32: Int32Array;
  readonly o32: Int32Array;
  readonly d32: Int32Array;
  readonly e32: Int32Array;
  readonly j32: Int32Array;
  readonly #index = new Map<string, number>();
  #lastSource = "";
  #lastIndex = -1;

  constructor(cap: number) {
    this.cap = cap;
    // one allocation for all the fields (i64 and f64 first: every view stays aligned)
    const buf = new ArrayBuffer(cap * (5 * 8 + 4 * 8 + 4 + 1));
    let at = 0;
    const i64 = () => new BigInt64Array(buf, (at += cap * 8) - cap * 8, cap);
    const f64 = () => new Float64Array(buf, (at += cap * 8) - cap * 8, cap);
    const i32 = () => new Int32Array(buf, (at += cap * 4) - cap * 4, cap);
    this.readingNs = i64();
    this.offsetNs = i64();
    this.delayNs = i64();
    this.dispersionNs = i64();
    this.jitterNs = i64();
    this.line = f64();
    this.frequencyPpm = f64();
    this.skewPpm = f64();
    this.stratum = f64();
    this.sourceIndex = i32();
    this.present = new Uint8Array(buf, at, cap);
    const halves = (a: BigInt64Array) => new Int32Array(buf, a.byteOffset, 2 * cap);
    this.t32 = halves(this.readingNs);
    this.o32 = halves(this.offsetNs);
    this.d32 = halves(this.delayNs);
    this.e32 = halves(this.dispersionNs);
    this.j32 = halves(this.jitterNs);
  }

  /** Empty again, for reuse. */
  reset(): void {
    this.n = 0;
    this.sources.length = 0;
    this.#index.clear();
    this.#lastSource = "";
    this.#lastIndex = -1;
    this.present.fill(0);
    this.j32.fill(0);
    this.d32.fill(0);
    this.e32.fill(0);
    this.frequencyPpm.fill(0);
    this.skewPpm.fill(0);
    this.stratum.fill(0);
  }

  /** The index of `s` in this batch's sources. */
  source(s: string): number {
    if (s === this.#lastSource && this.#lastIndex >= 0) return this.#lastIndex;
    let k = this.#index.get(s);
    if (k === undefined) {
      k = this.sources.push(s) - 1;
      this.#index.set(s, k);
    }
    this.#lastSource = s;
    this.#lastIndex = k;
    return k;
  }

  /** A record from the line reader (the slow path). */
  pushRecord(r: DriftLogRecord): void {
    const i = this.n++;
    this.line[i] = r.line;
    this.readingNs[i] = r.readingNs;
    this.offsetNs[i] = r.offsetNs;
    let p = 0;
    if (r.delayNs !== undefined) {
      this.delayNs[i] = r.delayNs;
      p |= DRIFT_COLUMN.delay;
    }
    if (r.dispersionNs !== undefined) {
      this.dispersionNs[i] = r.dispersionNs;
      p |= DRIFT_COLUMN.dispersion;
    }
    if (r.jitterNs !== undefined) {
      this.jitterNs[i] = r.jitterNs;
      p |= DRIFT_COLUMN.jitter;
    }
    if (r.frequencyPpm !== undefined) {
      this.frequencyPpm[i] = r.frequencyPpm;
      p |= DRIFT_COLUMN.frequency;
    }
    if (r.skewPpm !== undefined) {
      this.skewPpm[i] = r.skewPpm;
      p |= DRIFT_COLUMN.skew;
    }
    if (r.stratum !== undefined) {
      this.stratum[i] = r.stratum;
      p |= DRIFT_COLUMN.stratum;
    }
    this.present[i] = p;
    this.sourceIndex[i] = this.source(r.source);
  }

  /** The finished batch: views of the first n records. */
  done(): DriftLogColumns {
    const n = this.n;
    return Object.freeze({
      length: n,
      line: this.line.subarray(0, n),
      readingNs: this.readingNs.subarray(0, n),
      offsetNs: this.offsetNs.subarray(0, n),
      delayNs: this.delayNs.subarray(0, n),
      dispersionNs: this.dispersionNs.subarray(0, n),
      jitterNs: this.jitterNs.subarray(0, n),
      frequencyPpm: this.frequencyPpm.subarray(0, n),
      skewPpm: this.skewPpm.subarray(0, n),
      stratum: this.stratum.subarray(0, n),
      present: this.present.subarray(0, n),
      sourceIndex: this.sourceIndex.subarray(0, n),
      sources: Object.freeze(this.sources.slice()),
    });
  }
}

/** Writes v (an integer, |v| ≤ 2^53) at element i of the i64 array whose halves are `a`. */
function putSmall(a: Int32Array, i: number, v: number): void {
  a[2 * i] = v; // ToInt32: v mod 2^32, exact for any integer double
  a[2 * i + 1] = Math.floor(v / TWO32);
}

/** Writes sec · 1e9 + ns (|sec| < I64_SEC, 0 ≤ ns < 1e9, integers) at element i, exactly. */
function putInstant(a: Int32Array, i: number, sec: number, ns: number): void {
  // sec = q · 2^23 + r: q · 2^23 · 1e9 = q · 1953125 · 2^32 is all high word; r · 1e9 + ns < 2^53
  const q = Math.floor(sec / 8388608);
  const b = (sec - q * 8388608) * 1e9 + ns;
  a[2 * i] = b;
  a[2 * i + 1] = q * 1953125 + Math.floor(b / TWO32);
}

const MAX_COLS = 24;
const LINE_BATCH = 1024;

// The byte readers' column table and the last number scanned (module state: the readers are synchronous).
const cs = new Int32Array(MAX_COLS);
const ce = new Int32Array(MAX_COLS);
let nCols = 0;
let sNeg = false, sMant = 0, sScale = 0;

/**
 * Splits b[from, …) on spaces, tabs and CRs (as splitCols does on text) up to the first "\n" or
 * `to`, whichever is first, and returns where that "\n" is (-1 when `to` came first). One pass for
 * the line break and the columns.
 */
function split(b: Uint8Array, from: number, to: number): number {
  let n = 0, i = from;
  for (;;) {
    let ch = 0;
    while (i < to && ((ch = b[i]) === 32 || ch === 9 || ch === 13)) i++;
    if (i >= to || ch === 10) {
      nCols = n;
      return i < to ? i : -1;
    }
    const st = i;
    for (i++; i < to; i++) {
      ch = b[i];
      if (ch <= 32 && (ch === 32 || ch === 9 || ch === 13 || ch === 10)) break;
    }
    if (n < MAX_COLS) {
      cs[n] = st;
      ce[n] = i;
    }
    n++;
  }
}

/**
 * Scans column i as `scan` in common.ts does, accepting only what it reads exactly in doubles:
 * at most 15 significant digits kept (so never "inexact"), an exponent of at most 4 digits.
 */
function scanB(b: Uint8Array, i: number): boolean {
  if (i >= nCols || i >= MAX_COLS) return false;
  let k = cs[i];
  const end = ce[i];
  let ch = b[k];
  let neg = false;
  if (ch === 45 || ch === 43) {
    neg = ch === 45;
    k++;
  }
  let mant = 0, scale = 0;
  const intS = k;
  for (; k < end; k++) {
    ch = b[k];
    if (ch < 48 || ch > 57) break;
    if (mant < 9e14) mant = mant * 10 + (ch - 48);
    else if (ch !== 48) return false;
    else scale++;
  }
  let digits = k - intS;
  if (k < end && b[k] === 46) {
    const fracS = ++k;
    for (; k < end; k++) {
      ch = b[k];
      if (ch < 48 || ch > 57) break;
      if (mant < 9e14) {
        mant = mant * 10 + (ch - 48);
        scale--;
      } else if (ch !== 48) return false;
    }
    digits += k - fracS;
  }
  if (digits === 0) return false;
  if (k < end) {
    ch = b[k];
    if (ch !== 101 && ch !== 69) return false;
    k++;
    let eneg = false;
    if (k < end) {
      ch = b[k];
      if (ch === 45 || ch === 43) {
        eneg = ch === 45;
        k++;
      }
    }
    if (k === end || end - k > 4) return false;
    let ex = 0;
    for (; k < end; k++) {
      ch = b[k];
      if (ch < 48 || ch > 57) return false;
      ex = ex * 10 + (ch - 48);
    }
    scale += eneg ? -ex : ex;
  }
  sNeg = neg;
  sMant = mant;
  sScale = scale;
  return true;
}

/** Column i in seconds as ns, rounded half away from zero (nsAt's arithmetic); NaN to bail. */
function nsB(b: Uint8Array, i: number, negate: boolean): number {
  if (!scanB(b, i)) return NaN;
  let v: number;
  if (sMant === 0) v = 0;
  else {
    const p = sScale + 9;
    if (p >= 0) {
      if (p > 22) return NaN;
      v = sMant * POW10[p];
      if (!(v <= Number.MAX_SAFE_INTEGER)) return NaN;
    } else if (p >= -22) v = roundedQuotient(sMant, POW10[-p]);
    else v = 0;
  }
  return sNeg !== negate ? -v : v;
}

/** Column i as numAt reads it (the same double: one exact scaling by a power of ten); NaN to bail. */
function numB(b: Uint8Array, i: number): number {
  if (!scanB(b, i)) return NaN;
  let v: number;
  if (sMant === 0) v = 0;
  else if (sScale >= 0 && sScale <= 22) v = sMant * POW10[sScale];
  else if (sScale < 0 && sScale >= -22) v = sMant / POW10[-sScale];
  else return NaN; // numAt goes through the runtime's string conversion there
  return sNeg ? -v : v;
}

/** Column i as a decimal number of any form `scan` reads (a quick check; bails on anything unusual). */
function isNumB(b: Uint8Array, i: number): boolean {
  return scanB(b, i);
}

/** Column i as an integer (optional minus, 1–15 digits), or NaN. */
function intB(b: Uint8Array, i: number): number {
  if (i >= nCols) return NaN;
  let k = cs[i];
  const end = ce[i];
  const neg = k < end && b[k] === 45;
  if (neg) k++;
  if (end <= k || end - k > 15) return NaN;
  let v = 0;
  for (; k < end; k++) {
    const ch = b[k] - 48;
    if (ch < 0 || ch > 9) return NaN;
    v = v * 10 + ch;
  }
  return neg ? -v : v;
}

/** Two ASCII digits at b[k], or -1. */
function two(b: Uint8Array, k: number): number {
  const x = b[k] - 48, y = b[k + 1] - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

const MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
let lastDateKey = -1, lastDateSec = 0;

/** chrony's date and time (columns 0 and 1) as Unix seconds, or NaN to bail. */
function chronySecB(b: Uint8Array): number {
  if (ce[0] - cs[0] !== 10 || ce[1] - cs[1] !== 8) return NaN;
  const p = cs[0];
  const yh = two(b, p), yl = two(b, p + 2), mo = two(b, p + 5), da = two(b, p + 8);
  if (yh < 0 || yl < 0 || mo < 0 || da < 0 || b[p + 4] !== 45 || b[p + 7] !== 45) return NaN;
  const y = yh * 100 + yl, key = y * 10000 + mo * 100 + da;
  if (key !== lastDateKey) {
    if (
      mo < 1 || mo > 12 || da < 1 || da > MDAYS[mo - 1] ||
      (mo === 2 && da === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0)))
    ) return NaN;
    lastDateSec = daysFromCivil(y, mo, da) * 86400;
    lastDateKey = key;
  }
  const q = cs[1];
  const h = two(b, q), mi = two(b, q + 3), s = two(b, q + 6);
  if (h < 0 || mi < 0 || s < 0 || b[q + 2] !== 58 || b[q + 5] !== 58 || h > 23 || mi > 59 || s > 60) return NaN;
  const sec = lastDateSec + h * 3600 + mi * 60 + s;
  return sec > -I64_SEC && sec < I64_SEC ? sec : NaN;
}

let ntpNs = 0;
/** ntpd's MJD and seconds past midnight (columns 0 and 1) as Unix seconds (ns part in ntpNs), or NaN. */
function ntpdSecB(b: Uint8Array): number {
  const day = intB(b, 0);
  if (day !== day || nCols < 2) return NaN;
  const end = ce[1];
  let k = cs[1], sec = 0, frac = 0, fd = 0;
  const st = k;
  for (; k < end; k++) {
    const ch = b[k] - 48;
    if (ch < 0 || ch > 9) break;
    sec = sec * 10 + ch;
  }
  if (k === st || k - st > 5) return NaN;
  if (k < end) {
    if (b[k] !== 46 || k + 1 >= end || end - k - 1 > 9) return NaN;
    for (k++; k < end; k++) {
      const ch = b[k] - 48;
      if (ch < 0 || ch > 9) return NaN;
      frac = frac * 10 + ch;
      fd++;
    }
  }
  if (sec > 86400) return NaN;
  ntpNs = frac * POW10[9 - fd];
  const s = (day - 40587) * 86400 + sec;
  return s > -I64_SEC && s < I64_SEC ? s : NaN;
}

/** Column i is 1–8 hex digits. */
function hexB(b: Uint8Array, i: number, min: number, max: number): boolean {
  const l = ce[i] - cs[i];
  if (i >= nCols || l < min || l > max) return false;
  for (let k = cs[i]; k < ce[i]; k++) {
    const ch = b[k] | 32;
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) return false;
  }
  return true;
}

/** chrony's test-result group: 1–4 of 0 and 1. */
function bitsB(b: Uint8Array, i: number): boolean {
  const l = ce[i] - cs[i];
  if (l === 0 || l > 4) return false;
  for (let k = cs[i]; k < ce[i]; k++) if (b[k] !== 48 && b[k] !== 49) return false;
  return true;
}

/** The sources seen, by their bytes (a small cache: a hostile log may name millions). */
class SourceNames {
  #bytes = new Uint8Array(0);
  #name = "";
  readonly #cache = new Map<string, string>();
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /** Column i as a string (the same string for the same bytes, as sourceAt gives). */
  at(b: Uint8Array, i: number): string {
    const s = cs[i], e = ce[i], l = e - s, last = this.#bytes;
    if (l === last.length) {
      let k = 0;
      while (k < l && b[s + k] === last[k]) k++;
      if (k === l) return this.#name;
    }
    let name = "";
    let ascii = true;
    for (let k = s; k < e; k++) {
      if (b[k] >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      for (let k = s; k < e; k++) name += String.fromCharCode(b[k]);
    } else name = this.#decoder.decode(b.subarray(s, e));
    let own = this.#cache.get(name);
    if (own === undefined) {
      if (this.#cache.size >= 4096) this.#cache.clear();
      this.#cache.set(name, own = name);
    }
    this.#bytes = b.slice(s, e);
    this.#name = own;
    return own;
  }
}

/** A byte reader: appends the record of the split line at b to `out` and returns true, or returns false to bail. */
type ByteReader = (b: Uint8Array, line: number, out: Batch, names: SourceNames) => boolean;

const readMeasurementsB: ByteReader = (b, line, out, names) => {
  const n = nCols;
  if (n < 15) return false;
  const sec = chronySecB(b);
  if (sec !== sec) return false;
  if (ce[3] - cs[3] !== 1) return false;
  const leap = b[cs[3]];
  if (leap !== 78 && leap !== 43 && leap !== 45 && leap !== 63) return false;
  const stratum = intB(b, 4);
  if (stratum !== stratum) return false;
  if (!bitsB(b, 5) || !bitsB(b, 6) || !bitsB(b, 7)) return false;
  const lp = intB(b, 8), rp = intB(b, 9);
  if (lp !== lp || rp !== rp || !isNumB(b, 10)) return false;
  const off = nsB(b, 11, true), del = nsB(b, 12, false), disp = nsB(b, 13, false);
  if (off !== off || del !== del || disp !== disp || !isNumB(b, 14)) return false;
  if (n > 15 && !isNumB(b, 15)) return false;
  if (n > 16 && !hexB(b, 16, 8, 8)) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, 0);
  putSmall(out.o32, i, off);
  putSmall(out.d32, i, del);
  putSmall(out.e32, i, disp);
  out.stratum[i] = stratum;
  out.present[i] = DRIFT_COLUMN.delay | DRIFT_COLUMN.dispersion | DRIFT_COLUMN.stratum;
  out.sourceIndex[i] = out.source(names.at(b, 2));
  return true;
};

const readPeerstatsB: ByteReader = (b, line, out, names) => {
  const n = nCols;
  if (n < 7) return false;
  const sec = ntpdSecB(b);
  if (sec !== sec || !hexB(b, 3, 1, 8)) return false;
  const off = nsB(b, 4, true), del = nsB(b, 5, false), disp = nsB(b, 6, false);
  const jit = n >= 8 ? nsB(b, 7, false) : 0;
  if (off !== off || del !== del || disp !== disp || jit !== jit) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, ntpNs);
  putSmall(out.o32, i, off);
  putSmall(out.d32, i, del);
  putSmall(out.e32, i, disp);
  if (n >= 8) {
    putSmall(out.j32, i, jit);
    out.present[i] = DRIFT_COLUMN.delay | DRIFT_COLUMN.dispersion | DRIFT_COLUMN.jitter;
  } else out.present[i] = DRIFT_COLUMN.delay | DRIFT_COLUMN.dispersion;
  out.sourceIndex[i] = out.source(names.at(b, 2));
  return true;
};

const readStatisticsB: ByteReader = (b, line, out, names) => {
  if (nCols < 9) return false;
  const sec = chronySecB(b);
  if (sec !== sec) return false;
  const dev = nsB(b, 3, false), off = nsB(b, 4, false);
  if (dev !== dev || off !== off || !isNumB(b, 5)) return false;
  const freq = numB(b, 6), skew = numB(b, 7);
  if (freq !== freq || skew !== skew) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, 0);
  putSmall(out.o32, i, off);
  putSmall(out.j32, i, dev);
  out.frequencyPpm[i] = freq * 1e6; // as readChronyStatisticsLine: the same double operation
  out.skewPpm[i] = skew * 1e6;
  out.present[i] = DRIFT_COLUMN.jitter | DRIFT_COLUMN.frequency | DRIFT_COLUMN.skew;
  out.sourceIndex[i] = out.source(names.at(b, 2));
  return true;
};

const readTrackingB: ByteReader = (b, line, out, names) => {
  if (nCols < 8) return false;
  const sec = chronySecB(b);
  if (sec !== sec) return false;
  const stratum = intB(b, 3), freq = numB(b, 4), skew = numB(b, 5), off = nsB(b, 6, false);
  if (stratum !== stratum || freq !== freq || skew !== skew || off !== off) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, 0);
  putSmall(out.o32, i, off);
  out.frequencyPpm[i] = freq;
  out.skewPpm[i] = skew;
  out.stratum[i] = stratum;
  out.present[i] = DRIFT_COLUMN.frequency | DRIFT_COLUMN.skew | DRIFT_COLUMN.stratum;
  out.sourceIndex[i] = out.source(names.at(b, 2));
  return true;
};

const readLoopstatsB: ByteReader = (b, line, out) => {
  const n = nCols;
  if (n !== 5 && n < 7) return false;
  const sec = ntpdSecB(b);
  if (sec !== sec) return false;
  const off = nsB(b, 2, true), freq = numB(b, 3), jit = n >= 7 ? nsB(b, 4, false) : 0;
  const timeConstant = intB(b, n >= 7 ? 6 : 4); // checked only, as readNtpdLoopstatsLine does
  if (off !== off || freq !== freq || jit !== jit || timeConstant !== timeConstant) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, ntpNs);
  putSmall(out.o32, i, off);
  if (n >= 7) {
    putSmall(out.j32, i, jit);
    out.present[i] = DRIFT_COLUMN.frequency | DRIFT_COLUMN.jitter;
  } else out.present[i] = DRIFT_COLUMN.frequency;
  out.frequencyPpm[i] = freq;
  out.sourceIndex[i] = out.source("");
  return true;
};

const NTP_UNIX = 2208988800; // NTP_UNIX_OFFSET_S
const ERA = 4294967296; // NTP_ERA_SECONDS
const MAX_STAMP_GAP = 4e6; // s: a sum of two stamp differences under this is < 2^53 ns, exact in a double
let stampSec = 0, stampNs = 0;

/**
 * Column i as ntpStampAt (ntpd.ts) reads it: NTP seconds.fraction placed in the era nearest
 * `near` (NTP seconds), left as Unix seconds in stampSec and ns in stampNs; false to bail.
 */
function stampB(b: Uint8Array, i: number, near: number): boolean {
  if (i >= nCols || i >= MAX_COLS) return false;
  const end = ce[i];
  let k = cs[i], sec = 0, frac = 0, fd = 0;
  const st = k;
  for (; k < end; k++) {
    const ch = b[k] - 48;
    if (ch < 0 || ch > 9) break;
    sec = sec * 10 + ch;
  }
  if (k === st || k - st > 10 || sec >= ERA || k + 1 >= end || b[k] !== 46) return false;
  for (k++; k < end; k++) {
    const ch = b[k] - 48;
    if (ch < 0 || ch > 9) return false;
    if (fd < 9) {
      frac = frac * 10 + ch;
      fd++;
    } // more digits than ns: truncated, as ntpStampAt does
  }
  if (sec === 0 && frac === 0) return false;
  const era = Math.round((near - sec) / ERA);
  const u = era * ERA + sec - NTP_UNIX;
  if (!(u > -I64_SEC && u < I64_SEC)) return false;
  stampSec = u;
  stampNs = frac * POW10[9 - fd];
  return true;
}

const readRawstatsB: ByteReader = (b, line, out, names) => {
  const n = nCols;
  if (n < 8) return false;
  const sec = ntpdSecB(b);
  if (sec !== sec) return false;
  const near = sec + NTP_UNIX; // lastLineUnixSeconds() + NTP_UNIX: this line's own date
  if (!stampB(b, 4, near)) return false;
  const s1 = stampSec, f1 = stampNs;
  if (!stampB(b, 5, near)) return false;
  const s2 = stampSec, f2 = stampNs;
  if (!stampB(b, 6, near)) return false;
  const s3 = stampSec, f3 = stampNs;
  if (!stampB(b, 7, near)) return false;
  const s4 = stampSec, f4 = stampNs;
  // ntpExchange's θ = floor(((t2 − t1) + (t3 − t4)) / 2), δ = (t4 − t1) − (t3 − t2), in whole
  // seconds and ns apart: exact while the seconds sums are small (else the line reader decides)
  const ts = (s2 - s1) + (s3 - s4), ds = (s4 - s1) - (s3 - s2);
  if (!(ts > -MAX_STAMP_GAP && ts < MAX_STAMP_GAP && ds > -MAX_STAMP_GAP && ds < MAX_STAMP_GAP)) return false;
  const theta = Math.floor((ts * 1e9 + ((f2 - f1) + (f3 - f4))) / 2);
  const delay = ds * 1e9 + ((f4 - f1) - (f3 - f2));
  const stratum = n >= 12 ? intB(b, 11) : 0;
  if (stratum !== stratum) return false;
  const i = out.n++;
  out.line[i] = line;
  putInstant(out.t32, i, sec, ntpNs);
  putSmall(out.o32, i, -theta);
  putSmall(out.d32, i, delay);
  if (n >= 12) {
    out.stratum[i] = stratum;
    out.present[i] = DRIFT_COLUMN.delay | DRIFT_COLUMN.stratum;
  } else out.present[i] = DRIFT_COLUMN.delay;
  out.sourceIndex[i] = out.source(names.at(b, 2));
  return true;
};

const BYTE_READERS: Partial<Record<DriftLogFormat, ByteReader>> = LITTLE_ENDIAN
  ? {
    "chrony-measurements": readMeasurementsB,
    "chrony-statistics": readStatisticsB,
    "chrony-tracking": readTrackingB,
    "ntpd-peerstats": readPeerstatsB,
    "ntpd-loopstats": readLoopstatsB,
    "ntpd-rawstats": readRawstatsB,
  }
  : {};

const DATE_UTC = [68, 97, 116, 101, 32, 40, 85, 84, 67, 41]; // "Date (UTC)"

/**
 * The byte-level line walker: cuts lines (across chunks), skips what LineWalker skips, reads a
 * line with the format's byte reader or else hands it, decoded, to the LineWalker (which also
 * numbers lines and keeps the bad ones).
 * @internal
 */
export class ByteLineWalker {
  readonly walker: LineWalker;
  readonly #read: ByteReader | undefined;
  readonly #max: number;
  readonly #names = new SourceNames();
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  readonly #recs: DriftLogRecord[] = [];
  // the open line's bytes when a chunk ended inside it (≤ max + 1 bytes)
  #tail = new Uint8Array(256);
  #tailLen = 0;
  // inside a line longer than max: its first bytes (for the message)
  #long = false;
  #longHead: Uint8Array | undefined;
  #longLen = 0;
  /** Batches completed (drained by the caller). */
  readonly ready: Batch[] = [];
  /** Batches handed back for reuse. */
  readonly free: Batch[] = [];
  #batch = new Batch(LINE_BATCH);
  records = 0;

  constructor(format: DriftLogFormat, strict: boolean, maxLine: number) {
    this.walker = new LineWalker(format, strict, LINE_READERS[format]);
    this.#read = BYTE_READERS[format];
    this.#max = maxLine;
  }

  /** Moves the current batch to `ready` (when it has records). */
  flush(): void {
    if (this.#batch.n > 0) {
      this.ready.push(this.#batch);
      this.records += this.#batch.n;
      const again = this.free.pop();
      if (again !== undefined) again.reset();
      this.#batch = again ?? new Batch(LINE_BATCH);
    }
  }

  /** Reads the whole lines of `b` (with the open line before it), keeping its unfinished last line. */
  push(b: Uint8Array): void {
    let from = 0;
    const len = b.length;
    if (this.#long) {
      const nl = b.indexOf(10);
      this.#growLong(b, 0, nl < 0 ? len : nl);
      if (nl < 0) return;
      this.#endLong();
      from = nl + 1;
    } else if (this.#tailLen > 0) {
      const nl = b.indexOf(10);
      const to = nl < 0 ? len : nl;
      if (this.#tailLen + to > this.#max) {
        this.#startLong(b, 0, to);
        if (nl < 0) return;
        this.#endLong();
      } else {
        this.#append(b, 0, to);
        if (nl < 0) return;
        const t = this.#tail, l = this.#tailLen;
        this.#tailLen = 0;
        split(t, 0, l);
        this.#line(t, 0, l);
      }
      from = nl + 1;
    }
    if (this.#read === undefined) {
      // no byte reader (a big-endian host): runs of whole lines, decoded together, to the line reader
      let run = from;
      while (from < len) {
        const nl = b.indexOf(10, from);
        if (nl < 0) break;
        if (nl - from > this.#max) {
          this.#walkText(b, run, from);
          this.#startLong(b, from, nl);
          this.#endLong();
          run = nl + 1;
        }
        from = nl + 1;
      }
      this.#walkText(b, run, from);
    } else {
      while (from < len) {
        const nl = split(b, from, len); // the columns too, for #line
        if (nl < 0) break;
        if (nl - from > this.#max) {
          this.#startLong(b, from, nl);
          this.#endLong();
        } else this.#line(b, from, nl);
        from = nl + 1;
      }
    }
    if (from < len) {
      if (len - from > this.#max) this.#startLong(b, from, len);
      else this.#append(b, from, len);
    }
  }

  /** The end of the stream: the last line, when no line break closed it. */
  end(): void {
    if (this.#long) this.#endLong();
    else if (this.#tailLen > 0) {
      const l = this.#tailLen;
      this.#tailLen = 0;
      split(this.#tail, 0, l);
      this.#line(this.#tail, 0, l);
    }
    this.flush();
  }

  #append(b: Uint8Array, from: number, to: number): void {
    const need = this.#tailLen + to - from;
    if (need > this.#tail.length) {
      const t = new Uint8Array(Math.max(need, this.#tail.length * 2));
      t.set(this.#tail.subarray(0, this.#tailLen));
      this.#tail = t;
    }
    this.#tail.set(b.subarray(from, to), this.#tailLen);
    this.#tailLen = need;
  }

  /** One line, b[from, to) without its "\n", its columns already split. */
  #line(b: Uint8Array, from: number, to: number): void {
    const w = this.walker;
    const lineNo = ++w.lineNo;
    if (nCols === 0) return;
    const c0 = b[cs[0]];
    if (c0 === 61 || c0 === 35) return;
    if (ce[0] - cs[0] === 4 && to - cs[0] >= 10) {
      let k = 0;
      while (k < 10 && b[cs[0] + k] === DATE_UTC[k]) k++;
      if (k === 10) return;
    }
    const out = this.#batch;
    if (this.#read === undefined || !this.#read(b, lineNo, out, this.#names)) {
      // the line reader decides: a record, or a bad line (kept, counted, or thrown when strict)
      const text = this.#decoder.decode(b.subarray(from, to));
      w.lineNo = lineNo - 1;
      const recs = this.#recs;
      recs.length = 0;
      w.walk(text, 0, text.length, recs);
      if (recs.length === 1) out.pushRecord(recs[0]);
      recs.length = 0;
    }
    if (out.n === out.cap) this.flush();
  }

  /** The lines of b[from, to) (each ending in "\n"), decoded, through the LineWalker. */
  #walkText(b: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    const text = this.#decoder.decode(b.subarray(from, to));
    const recs = this.#recs;
    recs.length = 0;
    try {
      this.walker.walk(text, 0, text.length, recs);
    } finally {
      // the records before a bad line (strict) are handed over first
      for (const r of recs) {
        this.#batch.pushRecord(r);
        if (this.#batch.n === this.#batch.cap) this.flush();
      }
      recs.length = 0;
    }
  }

  /** A line outgrew max: keep its first bytes, drop the rest as it comes. */
  #startLong(b: Uint8Array, from: number, to: number): void {
    const w = this.walker;
    this.#long = true;
    this.#longHead = new Uint8Array(4 * (MAX_BAD_LINE_TEXT + 1));
    this.#longLen = 0;
    if (w.strict) w.bad(w.lineNo + 1, tooLong(this.#max).replace("characters", "bytes"), "", 0, 0); // throws
    const t = this.#tail, l = this.#tailLen;
    this.#tailLen = 0;
    this.#growLong(t, 0, l);
    this.#growLong(b, from, to);
  }

  #growLong(b: Uint8Array, from: number, to: number): void {
    const head = this.#longHead!;
    const room = head.length - this.#longLen;
    if (room > 0) {
      const take = Math.min(room, to - from);
      head.set(b.subarray(from, from + take), this.#longLen);
      this.#longLen += take;
    }
  }

  /** The overlong line ended: report it (its number, its first characters). */
  #endLong(): void {
    const w = this.walker;
    this.#long = false;
    const text = this.#decoder.decode(this.#longHead!.subarray(0, this.#longLen)).slice(0, MAX_BAD_LINE_TEXT + 1);
    this.#longHead = undefined;
    w.lineNo++;
    w.bad(w.lineNo, tooLong(this.#max).replace("characters", "bytes"), text, 0, text.length);
  }
}

const utf8 = new TextEncoder();

class ColumnParse implements DriftLogColumnStream {
  readonly #source: DriftLogSource;
  readonly #strict: boolean;
  readonly #maxLine: number;
  #format: DriftLogFormat | undefined;
  #lines: ByteLineWalker | undefined;
  #started = false;
  #done = false;
  #failure: unknown = undefined;

  readonly #reuse: boolean;
  readonly #detector = new StreamDetector();

  constructor(
    source: DriftLogSource,
    format: DriftLogFormat | undefined,
    strict: boolean,
    maxLine: number,
    reuse: boolean,
  ) {
    this.#reuse = reuse;
    this.#source = source;
    this.#format = format;
    this.#strict = strict;
    this.#maxLine = maxLine;
  }

  summary(): DriftLogStreamSummary {
    const l = this.#lines, w = l?.walker;
    return Object.freeze({
      format: this.#format,
      lineCount: w?.lineNo ?? 0,
      recordCount: l?.records ?? 0,
      badLines: Object.freeze(w ? w.badLines.slice() as BadLine[] : []),
      badLineCount: w?.badLineCount ?? 0,
      done: this.#done,
    });
  }

  async *batches(): AsyncGenerator<DriftLogColumns, void, undefined> {
    if (this.#started) throw new InvalidArgumentError("a drift log stream can be read once");
    this.#started = true;
    const src = this.#source as { locked?: unknown; getReader?: unknown };
    if (typeof src.getReader === "function" && src.locked === true) {
      throw new InvalidArgumentError("the stream is locked (another reader holds it)");
    }
    // detection: the first lines decoded (as parseDriftLogStream reads them), their bytes kept to parse after
    const head: Uint8Array[] = [];
    let decoded = 0;
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    // a byte-order mark opening a byte stream is no part of the text (TextDecoder drops it too)
    let bomChecked = false;
    let pre: Uint8Array | undefined;
    for await (const chunk of rawChunks(this.#source, "parseDriftLogColumns")) {
      let b: Uint8Array;
      if (typeof chunk === "string") {
        if (chunk === "") continue; // as textChunks: no text, so it neither cuts a character nor opens the stream
        b = utf8.encode(chunk);
        if (pre !== undefined) b = concat([pre, b]);
        pre = undefined;
        bomChecked ||= b.length > 0;
      } else {
        b = chunk;
        if (!bomChecked) {
          if (pre !== undefined) b = concat([pre, b]);
          pre = undefined;
          if (b.length < 3 && (b.length === 0 || b[0] === 0xef) && (b.length < 2 || b[1] === 0xbb)) {
            pre = b; // maybe a mark cut across chunks
            continue;
          }
          bomChecked = true;
          if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
        }
      }
      // detection reads DETECT_CHARS characters at most: 4 bytes each at most
      this.#feed(b, head, () => {
        const take = Math.min(b.length, Math.max(0, 4 * DETECT_CHARS + 4 - decoded));
        decoded += take;
        return decoder.decode(b.subarray(0, take), { stream: true });
      });
      yield* this.#drain();
    }
    if (pre !== undefined) this.#feed(pre, head, () => decoder.decode(pre, { stream: true }));
    if (this.#lines === undefined) {
      this.#decide(decoder.decode(), true);
      this.#push(concat(head));
    }
    this.#end();
    yield* this.#drain();
    this.#done = true;
  }

  /** Bytes in: held for detection until the format is known, then walked (`decode`: their new text). */
  #feed(b: Uint8Array, head: Uint8Array[], decode: () => string): void {
    if (this.#lines !== undefined) {
      this.#push(b);
      return;
    }
    head.push(b);
    if (!this.#decide(decode(), false)) return;
    const all = concat(head);
    head.length = 0;
    this.#push(all);
  }

  // a bad line in strict mode: the records before it are handed over first (flushed), then it is thrown
  #push(b: Uint8Array): void {
    try {
      this.#lines!.push(b);
    } catch (e) {
      this.#failure = e;
      this.#lines!.flush();
    }
  }

  #end(): void {
    if (this.#failure !== undefined) return;
    try {
      this.#lines!.end();
    } catch (e) {
      this.#failure = e;
      this.#lines!.flush();
    }
  }

  /**
   * Detection as parseDriftLogStream does it, fed the next decoded text; true once the format is
   * known (throws when it cannot be).
   */
  #decide(text: string, end: boolean): boolean {
    if (this.#format === undefined) {
      const found = this.#detector.feed(text, end);
      if (found === undefined) return false;
      if (found === "unknown" || found === "undecided") {
        throw new InvalidArgumentError("not a chrony or ntpd log this parser knows (give options.format to force one)");
      }
      this.#format = found;
    }
    this.#lines = new ByteLineWalker(this.#format, this.#strict, this.#maxLine);
    return true;
  }

  *#drain(): Generator<DriftLogColumns, void, undefined> {
    const lines = this.#lines;
    const ready = lines?.ready ?? [];
    while (ready.length > 0) {
      const b = ready.shift()!;
      yield b.done();
      if (this.#reuse) lines!.free.push(b); // the consumer asked for the next: this one is done with
    }
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}
