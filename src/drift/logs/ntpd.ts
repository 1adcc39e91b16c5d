// ntpd's peerstats, loopstats and rawstats (ntpd's monopt.html). ntpd logs offsets as RFC 5905's
// θ (server − local: positive when the local clock is behind); they are negated here to local −
// reference. Older releases wrote peerstats without the jitter column and loopstats as offset,
// frequency, time constant; both parse. rawstats' T1..T4 are NTP seconds with a decimal fraction,
// placed in the NTP era nearest the line's own MJD date.
import {
  type Cols,
  type DriftLogRecord,
  intAt,
  isHexAt,
  lastLineUnixSeconds,
  LineFault,
  type LineReader,
  type LogParseOptions,
  nsAt,
  ntpdTimeAt,
  numAt,
  type ParsedDriftLog,
  parseLines,
  POW10,
  quoteCol,
  sourceAt,
} from "./common.ts";
import { NTP_UNIX_OFFSET_S } from "../../constants.ts";
import { I64_MAX, I64_MIN } from "../../check.ts";
import { ClockmathError } from "../../errors.ts";
import { NTP_ERA_SECONDS, ntpExchange } from "../ntp.ts";

/** One line of ntpd-peerstats (see `parseNtpdPeerstats`). @internal */
export const readNtpdPeerstatsLine: LineReader = (c, line) => {
  const n = c.n;
  if (n < 7) throw new LineFault(`expected 7 or 8 columns, got ${n}`);
  const t = ntpdTimeAt(c);
  if (!isHexAt(c, 3)) throw new LineFault(`status: expected hex, got ${quoteCol(c, 3)}`);
  // one object shape whether or not the (newer) jitter column is there
  return {
    line,
    readingNs: t,
    source: sourceAt(c, 2),
    offsetNs: nsAt(c, 4, "offset", true),
    delayNs: nsAt(c, 5, "delay"),
    dispersionNs: nsAt(c, 6, "dispersion"),
    jitterNs: n >= 8 ? nsAt(c, 7, "jitter") : undefined,
  } satisfies DriftLogRecord;
};

/** Parses ntpd's peerstats: offset (negated), delay, dispersion and jitter per peer. */
export function parseNtpdPeerstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-peerstats", options, readNtpdPeerstatsLine);
}

/** One line of ntpd-loopstats (see `parseNtpdLoopstats`). @internal */
export const readNtpdLoopstatsLine: LineReader = (c, line) => {
  const n = c.n;
  if (n !== 5 && n < 7) throw new LineFault(`expected 7 columns (or 5 in old files), got ${n}`);
  const t = ntpdTimeAt(c);
  const rec: DriftLogRecord = {
    line,
    readingNs: t,
    source: "",
    offsetNs: nsAt(c, 2, "offset", true),
    frequencyPpm: numAt(c, 3, "frequency"),
    jitterNs: n >= 7 ? nsAt(c, 4, "jitter") : undefined,
  };
  intAt(c, n >= 7 ? 6 : 4, "time constant");
  return rec;
};

/** Parses ntpd's loopstats: the clock discipline's offset (negated), frequency (ppm, as logged) and jitter. */
export function parseNtpdLoopstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-loopstats", options, readNtpdLoopstatsLine);
}

const NTP_UNIX = Number(NTP_UNIX_OFFSET_S);
const ERA = Number(NTP_ERA_SECONDS);

/** Column i as NTP seconds.fraction (era chosen nearest the line's date) → Unix ns, exact. */
function ntpStampAt(c: Cols, i: number, what: string): bigint {
  const t = c.text, end = c.e[i];
  let k = c.s[i], sec = 0, frac = 0, fd = 0;
  const st = k;
  for (; k < end; k++) {
    const ch = t.charCodeAt(k);
    if (ch < 48 || ch > 57) break;
    sec = sec * 10 + (ch - 48);
  }
  let ok = i < c.n && k > st && k - st <= 10 && sec < ERA && k < end && t.charCodeAt(k) === 46 && k + 1 < end;
  for (k++; ok && k < end; k++) {
    const ch = t.charCodeAt(k);
    if (ch < 48 || ch > 57) ok = false;
    else if (fd < 9) {
      frac = frac * 10 + (ch - 48);
      fd++;
    } // ntpd may print more digits than ns: truncated
  }
  if (!ok) throw new LineFault(`${what}: expected NTP seconds.fraction, got ${quoteCol(c, i)}`);
  if (sec === 0 && frac === 0) throw new LineFault(`${what} is 0: NTP's "unknown" timestamp, not an instant`);
  const near = lastLineUnixSeconds() + NTP_UNIX;
  const era = Math.round((near - sec) / ERA);
  const ns = BigInt(era * ERA + sec - NTP_UNIX) * 1_000_000_000n + BigInt(frac * POW10[9 - fd]);
  if (ns < I64_MIN || ns > I64_MAX) throw new LineFault(`${what} = ${ns} ns is outside i64 (instants 1677 … 2262)`);
  return ns;
}

/** One line of ntpd-rawstats (see `parseNtpdRawstats`). @internal */
export const readNtpdRawstatsLine: LineReader = (c, line) => {
  const n = c.n;
  if (n < 8) throw new LineFault(`expected at least 8 columns, got ${n}`);
  const t = ntpdTimeAt(c);
  const t1 = ntpStampAt(c, 4, "T1"),
    t2 = ntpStampAt(c, 5, "T2"),
    t3 = ntpStampAt(c, 6, "T3"),
    t4 = ntpStampAt(c, 7, "T4");
  // stamps within ±2^31 s of the line's date keep θ and δ inside i64; should one not, the
  // line is bad (a typed refusal, not a bug)
  let x: { thetaNs: bigint; delayNs: bigint };
  try {
    x = ntpExchange({ t1, t2, t3, t4 });
  } catch (e) {
    if (e instanceof ClockmathError) throw new LineFault(e.message);
    throw e;
  }
  const { thetaNs, delayNs } = x;
  return {
    line,
    readingNs: t,
    source: sourceAt(c, 2),
    t1,
    t2,
    t3,
    t4,
    offsetNs: -thetaNs,
    delayNs,
    stratum: n >= 12 ? intAt(c, 11, "stratum") : undefined,
  } satisfies DriftLogRecord;
};

/** Parses ntpd's rawstats: T1..T4 (Unix ns) per packet, with θ and δ as `ntpExchange` computes them. */
export function parseNtpdRawstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-rawstats", options, readNtpdRawstatsLine);
}
