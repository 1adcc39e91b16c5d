// chronyd's measurements.log, statistics.log and tracking.log (chrony.conf(5), `log` directive).
// Columns follow chrony 4.x; older releases' measurement lines (no Score or MTxRx columns, a
// different test-bit layout) parse too, because the offset is found as the first value in
// scientific notation after the address. Banners (a ===== line, the header, ===== again) repeat
// every 32 lines and are skipped.
//
// Signs: measurements.log logs RFC 5905's θ with "positive: the local clock is slow"; it is negated
// here. statistics.log's "Est offset" and tracking.log's "Offset" are already positive when the
// local clock is fast and are kept.
import { chronyTime, type DriftLogRecord, int, isSci, type LogParseOptions, num, type ParsedDriftLog, parseLines, secToNs } from "./common.ts";

const MAX_TOKENS = 16; // the measurement columns read lie within the first 16
const LEAP = new Set(["N", "+", "-", "?"]);

/** Parses chrony's measurements.log: offset (negated to local − reference), peer delay and dispersion. */
export function parseChronyMeasurements(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-measurements", options, (tok, n, line) => {
    if (n < 8) throw new Error(`expected at least 8 columns, got ${n}`);
    const t = chronyTime(tok[0], tok[1]);
    if (!LEAP.has(tok[3])) throw new Error(`leap status: expected N, +, - or ?, got ${JSON.stringify(tok[3])}`);
    const stratum = int(tok[4], "stratum");
    // chrony 4.x: column 12; older layouts: the first value in scientific notation after column 5
    const m = n < MAX_TOKENS ? n : MAX_TOKENS;
    let k = m > 13 && isSci(tok[11]) && !isSci(tok[10]) ? 11 : 5;
    while (k < m && !isSci(tok[k])) k++;
    if (k + 2 >= m) throw new Error("expected offset, peer delay and peer dispersion in scientific notation");
    return {
      line, t, source: tok[2], stratum,
      offsetNs: -secToNs(tok[k], "offset"),
      delayNs: secToNs(tok[k + 1], "peer delay"),
      dispersionNs: secToNs(tok[k + 2], "peer dispersion"),
    } satisfies DriftLogRecord;
  }, MAX_TOKENS);
}

/** Parses chrony's statistics.log: the regression's estimated offset, frequency, skew and std dev per source. */
export function parseChronyStatistics(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-statistics", options, (tok, n, line) => {
    if (n < 8) throw new Error(`expected at least 8 columns, got ${n}`);
    const t = chronyTime(tok[0], tok[1]);
    for (let k = 3; k < 8; k++) if (!isSci(tok[k])) throw new Error(`column ${k + 1}: expected scientific notation, got ${JSON.stringify(tok[k])}`);
    return {
      line, t, source: tok[2],
      jitterNs: secToNs(tok[3], "std dev"),
      offsetNs: secToNs(tok[4], "est offset"),
      frequencyPpm: num(tok[6], "diff freq") * 1e6,
      skewPpm: num(tok[7], "est skew") * 1e6,
    } satisfies DriftLogRecord;
  }, 12);
}

/** Parses chrony's tracking.log: the system clock's offset, frequency (ppm, as logged) and skew. */
export function parseChronyTracking(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "chrony-tracking", options, (tok, n, line) => {
    if (n < 7) throw new Error(`expected at least 7 columns, got ${n}`);
    const t = chronyTime(tok[0], tok[1]);
    return {
      line, t, source: tok[2],
      stratum: int(tok[3], "stratum"),
      frequencyPpm: num(tok[4], "freq ppm"),
      skewPpm: num(tok[5], "skew ppm"),
      offsetNs: secToNs(tok[6], "offset"),
    } satisfies DriftLogRecord;
  }, 8);
}
