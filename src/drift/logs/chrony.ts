// chronyd's measurements.log, statistics.log and tracking.log (chrony.conf(5), `log` directive).
// Every column is found by its position, never by how its number is written: chrony prints
// "%.3e" (-4.966e-03), but any decimal form (-4.966e-3, -0.004966) reads the same and lands in
// the same column, and a line whose columns do not fit the layout is a bad line. The
// measurements layout has kept its first 15 columns since chrony 1.x (test bits, the two polls,
// a score, then offset, peer delay, peer dispersion, root delay and dispersion); 3.x added Refid
// and 4.x MTxRx after them. The columns around the ones read are checked too, so a line with a
// column missing is a bad line rather than shifted values (one residue: a 3.x line missing a
// column whose Refid happens to read as a decimal number, e.g. 12345678). Banners (a ===== line, the header, ===== again) repeat every 32 lines
// and are skipped.
//
// Signs: measurements.log logs RFC 5905's θ with "positive: the local clock is slow"; it is negated
// here. statistics.log's "Est offset" and tracking.log's "Offset" are already positive when the
// local clock is fast and are kept.
import {
  chronyTimeAt,
  type Cols,
  type DriftLogRecord,
  intAt,
  isNumAt,
  LineFault,
  type LineReader,
  type LogParseOptions,
  nsAt,
  numAt,
  type ParsedDriftLog,
  parseLines,
  quoteCol,
  sourceAt,
} from "./common.ts";

function leapOk(c: Cols): boolean {
  if (c.len(3) !== 1) return false;
  const ch = c.text.charCodeAt(c.s[3]);
  return ch === 78 /* N */ || ch === 43 /* + */ || ch === 45 /* - */ || ch === 63; /* ? */
}

/** True when column i is a group of 1–4 test results, each 0 or 1 ("111", "1111"). */
function testBitsAt(c: Cols, i: number): boolean {
  const l = c.len(i);
  if (l === 0 || l > 4) return false;
  for (let k = c.s[i]; k < c.e[i]; k++) {
    const ch = c.text.charCodeAt(k);
    if (ch !== 48 && ch !== 49) return false;
  }
  return true;
}

/** True when column i is chrony's "%08X" reference ID. */
function refidAt(c: Cols, i: number): boolean {
  if (c.len(i) !== 8) return false;
  for (let k = c.s[i]; k < c.e[i]; k++) {
    const ch = c.text.charCodeAt(k) | 32;
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) return false;
  }
  return true;
}

/** One line of chrony-measurements (see `parseChronyMeasurements`). @internal */
export const readChronyMeasurementsLine: LineReader = (c, line) => {
  const n = c.n;
  if (n < 8) throw new LineFault(`expected at least 8 columns, got ${n}`);
  const t = chronyTimeAt(c);
  if (!leapOk(c)) throw new LineFault(`leap status: expected N, +, - or ?, got ${quoteCol(c, 3)}`);
  const stratum = intAt(c, 4, "stratum");
  for (let k = 5; k < 8; k++) {
    if (!testBitsAt(c, k)) {
      throw new LineFault(`column ${k + 1}: expected test results (0 or 1 each), got ${quoteCol(c, k)}`);
    }
  }
  intAt(c, 8, "local poll");
  intAt(c, 9, "remote poll");
  if (!isNumAt(c, 10)) throw new LineFault(`score: not a number: ${quoteCol(c, 10)}`);
  // root delay (and dispersion) always follow: a line ending at the peer dispersion was cut off
  if (n < 15) {
    throw new LineFault(
      `expected offset, peer delay, peer dispersion and root delay in columns 12–15: the line is cut off after column ${n}`,
    );
  }
  const offsetNs = nsAt(c, 11, "offset", true),
    delayNs = nsAt(c, 12, "peer delay"),
    dispersionNs = nsAt(c, 13, "peer dispersion");
  // the columns after the ones read must fit too: a column missing (or extra) before the
  // offset moves a Refid or MTxRx into a number's place, or a number into Refid's
  if (!isNumAt(c, 14)) throw new LineFault(`root delay: not a number: ${quoteCol(c, 14)}`);
  if (n > 15 && !isNumAt(c, 15)) throw new LineFault(`root dispersion: not a number: ${quoteCol(c, 15)}`);
  if (n > 16 && !refidAt(c, 16)) throw new LineFault(`refid: expected 8 hex digits, got ${quoteCol(c, 16)}`);
  return {
    line,
    readingNs: t,
    source: sourceAt(c, 2),
    stratum,
    offsetNs,
    delayNs,
    dispersionNs,
  } satisfies DriftLogRecord;
};

/** Parses chrony's measurements.log: offset (negated to local − reference), peer delay and dispersion. */
export function parseChronyMeasurements(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-measurements", options, readChronyMeasurementsLine);
}

/** One line of chrony-statistics (see `parseChronyStatistics`). @internal */
export const readChronyStatisticsLine: LineReader = (c, line) => {
  if (c.n < 9) throw new LineFault(`expected at least 9 columns (a line ending at Est skew was cut off), got ${c.n}`);
  const t = chronyTimeAt(c);
  for (let k = 3; k < 8; k++) {
    if (!isNumAt(c, k)) throw new LineFault(`column ${k + 1}: not a number: ${quoteCol(c, k)}`);
  }
  return {
    line,
    readingNs: t,
    source: sourceAt(c, 2),
    jitterNs: nsAt(c, 3, "std dev"),
    offsetNs: nsAt(c, 4, "est offset"),
    frequencyPpm: numAt(c, 6, "diff freq") * 1e6,
    skewPpm: numAt(c, 7, "est skew") * 1e6,
  } satisfies DriftLogRecord;
};

/** Parses chrony's statistics.log: the regression's estimated offset, frequency, skew and std dev per source. */
export function parseChronyStatistics(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-statistics", options, readChronyStatisticsLine);
}

/** One line of chrony-tracking (see `parseChronyTracking`). @internal */
export const readChronyTrackingLine: LineReader = (c, line) => {
  // the leap status (L) follows the offset: a line ending at the offset was cut off
  if (c.n < 8) throw new LineFault(`expected at least 8 columns (a line ending at Offset was cut off), got ${c.n}`);
  const t = chronyTimeAt(c);
  return {
    line,
    readingNs: t,
    source: sourceAt(c, 2),
    stratum: intAt(c, 3, "stratum"),
    frequencyPpm: numAt(c, 4, "freq ppm"),
    skewPpm: numAt(c, 5, "skew ppm"),
    offsetNs: nsAt(c, 6, "offset"),
  } satisfies DriftLogRecord;
};

/** Parses chrony's tracking.log: the system clock's offset, frequency (ppm, as logged) and skew. */
export function parseChronyTracking(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-tracking", options, readChronyTrackingLine);
}
