// ntpd's peerstats, loopstats and rawstats (ntpd's monopt.html). ntpd logs offsets as RFC 5905's
// θ (server − local: positive when the local clock is behind); they are negated here to local −
// reference. Older releases wrote peerstats without the jitter column and loopstats as offset,
// frequency, time constant; both parse. rawstats' T1..T4 are NTP seconds with a decimal fraction,
// placed in the NTP era nearest the line's own MJD date.
import { checkI64 } from "../../check.ts";
import { ntpExchange } from "../ntp.ts";
import { type DriftLogRecord, int, type LogParseOptions, num, ntpdTime, type ParsedDriftLog, parseLines, secToNs } from "./common.ts";

const HEX = /^[0-9a-fA-F]{1,8}$/;
const NTP_UNIX = 2_208_988_800n;
const ERA = 1n << 32n;

/** Parses ntpd's peerstats: offset (negated), delay, dispersion and jitter per peer. */
export function parseNtpdPeerstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-peerstats", options, (tok, n, line) => {
    if (n < 7) throw new Error(`expected 7 or 8 columns, got ${n}`);
    const t = ntpdTime(tok[0], tok[1]);
    if (!HEX.test(tok[3])) throw new Error(`status: expected hex, got ${JSON.stringify(tok[3])}`);
    return {
      line, t, source: tok[2],
      offsetNs: -secToNs(tok[4], "offset"),
      delayNs: secToNs(tok[5], "delay"),
      dispersionNs: secToNs(tok[6], "dispersion"),
      ...(n >= 8 ? { jitterNs: secToNs(tok[7], "jitter") } : {}),
    } satisfies DriftLogRecord;
  }, 8);
}

/** Parses ntpd's loopstats: the clock discipline's offset (negated), frequency (ppm, as logged) and jitter. */
export function parseNtpdLoopstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-loopstats", options, (tok, n, line) => {
    if (n !== 5 && n < 7) throw new Error(`expected 7 columns (or 5 in old files), got ${n}`);
    const t = ntpdTime(tok[0], tok[1]);
    const rec: DriftLogRecord = {
      line, t, source: "",
      offsetNs: -secToNs(tok[2], "offset"),
      frequencyPpm: num(tok[3], "frequency"),
      ...(n >= 7 ? { jitterNs: secToNs(tok[4], "jitter") } : {}),
    };
    int(tok[n >= 7 ? 6 : 4], "time constant");
    return rec;
  }, 7);
}

const NTPTS = /^(\d{1,10})\.(\d{1,9})\d*$/;

function ntpStamp(s: string, near: bigint, what: string): bigint {
  const m = NTPTS.exec(s);
  if (!m) throw new Error(`${what}: expected NTP seconds.fraction, got ${JSON.stringify(s)}`);
  const sec = BigInt(m[1]);
  if (sec >= ERA) throw new Error(`${what}: seconds beyond 2^32`);
  const frac = BigInt(m[2] + "000000000".slice(m[2].length));
  // the era that puts it nearest the line's date
  const nearSec = near / 1_000_000_000n + NTP_UNIX;
  let era = (nearSec - sec + ERA / 2n) / ERA;
  if (nearSec - sec + ERA / 2n < 0n) era -= 1n;
  return checkI64((era * ERA + sec - NTP_UNIX) * 1_000_000_000n + frac, what);
}

/** Parses ntpd's rawstats: T1..T4 (Unix ns) per packet, with θ and δ from `ntpExchange`. */
export function parseNtpdRawstats(text: string, options: LogParseOptions = {}): ParsedDriftLog {
  return parseLines(text, "ntpd-rawstats", options, (tok, n, line) => {
    if (n < 8) throw new Error(`expected at least 8 columns, got ${n}`);
    const t = ntpdTime(tok[0], tok[1]);
    const t1 = ntpStamp(tok[4], t, "T1"), t2 = ntpStamp(tok[5], t, "T2"), t3 = ntpStamp(tok[6], t, "T3"), t4 = ntpStamp(tok[7], t, "T4");
    const x = ntpExchange({ t1, t2, t3, t4 });
    return {
      line, t, source: tok[2], t1, t2, t3, t4,
      offsetNs: -x.thetaNs,
      delayNs: x.delayNs,
      ...(n >= 12 ? { stratum: int(tok[11], "stratum") } : {}),
    } satisfies DriftLogRecord;
  }, 12);
}
