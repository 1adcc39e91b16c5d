// chronyd's measurements.log, statistics.log and tracking.log (chrony.conf(5), `log` directive).
// Columns follow chrony 4.x; older releases' measurement lines (no Score or MTxRx columns, a
// different test-bit layout) parse too, because the offset is found as the first value in
// scientific notation after the address. Banners (a ===== line, the header, ===== again) repeat
// every 32 lines and are skipped.
//
// Signs: measurements.log logs RFC 5905's θ with "positive: the local clock is slow"; it is negated
// here. statistics.log's "Est offset" and tracking.log's "Offset" are already positive when the
// local clock is fast and are kept.
import {
  chronyTimeAt, type Cols, type DriftLogRecord, intAt, isSciAt, type LogParseOptions, nsAt, numAt, type ParsedDriftLog,
  parseLines, sourceAt,
} from "./common.ts";

function leapOk(c: Cols): boolean {
  if (c.len(3) !== 1) return false;
  const ch = c.text.charCodeAt(c.s[3]);
  return ch === 78 /* N */ || ch === 43 /* + */ || ch === 45 /* - */ || ch === 63; /* ? */
}

/** Parses chrony's measurements.log: offset (negated to local − reference), peer delay and dispersion. */
export function parseChronyMeasurements(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-measurements", options, (c, line) => {
    const n = c.n;
    if (n < 8) throw new Error(`expected at least 8 columns, got ${n}`);
    const t = chronyTimeAt(c);
    if (!leapOk(c)) throw new Error(`leap status: expected N, +, - or ?, got ${JSON.stringify(c.str(3))}`);
    const stratum = intAt(c, 4, "stratum");
    // chrony 4.x: column 12; older layouts: the first value in scientific notation after column 5
    const m = n < 20 ? n : 20;
    let k = m > 13 && isSciAt(c, 11) && !isSciAt(c, 10) ? 11 : 5;
    while (k < m && !isSciAt(c, k)) k++;
    if (k + 2 >= m) throw new Error("expected offset, peer delay and peer dispersion in scientific notation");
    // root delay and dispersion always follow: a line ending at the peer dispersion was cut off
    if (k + 3 >= n) throw new Error(`expected root delay and dispersion after the peer dispersion: the line is cut off after ${JSON.stringify(c.str(k + 2))}`);
    return {
      line, t, source: sourceAt(c, 2), stratum,
      offsetNs: nsAt(c, k, "offset", true),
      delayNs: nsAt(c, k + 1, "peer delay"),
      dispersionNs: nsAt(c, k + 2, "peer dispersion"),
    } satisfies DriftLogRecord;
  });
}

/** Parses chrony's statistics.log: the regression's estimated offset, frequency, skew and std dev per source. */
export function parseChronyStatistics(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-statistics", options, (c, line) => {
    if (c.n < 9) throw new Error(`expected at least 9 columns (a line ending at Est skew was cut off), got ${c.n}`);
    const t = chronyTimeAt(c);
    for (let k = 3; k < 8; k++) if (!isSciAt(c, k)) throw new Error(`column ${k + 1}: expected scientific notation, got ${JSON.stringify(c.str(k))}`);
    return {
      line, t, source: sourceAt(c, 2),
      jitterNs: nsAt(c, 3, "std dev"),
      offsetNs: nsAt(c, 4, "est offset"),
      frequencyPpm: numAt(c, 6, "diff freq") * 1e6,
      skewPpm: numAt(c, 7, "est skew") * 1e6,
    } satisfies DriftLogRecord;
  });
}

/** Parses chrony's tracking.log: the system clock's offset, frequency (ppm, as logged) and skew. */
export function parseChronyTracking(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-tracking", options, (c, line) => {
    // the leap status (L) follows the offset: a line ending at the offset was cut off
    if (c.n < 8) throw new Error(`expected at least 8 columns (a line ending at Offset was cut off), got ${c.n}`);
    const t = chronyTimeAt(c);
    return {
      line, t, source: sourceAt(c, 2),
      stratum: intAt(c, 3, "stratum"),
      frequencyPpm: numAt(c, 4, "freq ppm"),
      skewPpm: numAt(c, 5, "skew ppm"),
      offsetNs: nsAt(c, 6, "offset"),
    } satisfies DriftLogRecord;
  });
}
