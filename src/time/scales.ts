// Other labels for TAI instants: GPS time, PTP (IEEE 1588) seconds + nanoseconds, TAI64N.
// All are fixed offsets of TAI, so these are exact bigint operations with range checks.
import { checkI64, checkInt, checkRange, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { MAX_TAI_NS, MIN_UNIX_NS, NS_PER_SECOND } from "../constants.ts";

/** TAI ns of the GPS epoch, 1980-01-06T00:00:00 UTC (TAI−UTC was 19 s, GPS = TAI − 19 s). */
export const GPS_EPOCH_TAI_NS = (315_964_800n + 19n) * NS_PER_SECOND;
/** Nanoseconds in a GPS week. */
export const NS_PER_WEEK = 604_800n * NS_PER_SECOND;

/** GPS ns since the GPS epoch, of TAI ns. Negative before 1980-01-06. */
export function taiToGps(taiNs: bigint): bigint {
  return checkRange(taiNs, MIN_UNIX_NS, MAX_TAI_NS, "taiNs") - GPS_EPOCH_TAI_NS;
}
/** TAI ns of GPS ns since the GPS epoch. */
export function gpsToTai(gpsNs: bigint): bigint {
  return checkRange(gpsNs, MIN_UNIX_NS - GPS_EPOCH_TAI_NS, MAX_TAI_NS - GPS_EPOCH_TAI_NS, "gpsNs") + GPS_EPOCH_TAI_NS;
}
/** GPS week number (not rolled over at 1024) and time of week in ns. */
export function gpsWeek(gpsNs: bigint): { week: number; towNs: bigint } {
  checkI64(gpsNs, "gpsNs");
  let week = gpsNs / NS_PER_WEEK;
  let tow = gpsNs % NS_PER_WEEK;
  if (tow < 0n) {
    tow += NS_PER_WEEK;
    week -= 1n;
  }
  return { week: Number(week), towNs: tow };
}

/** A PTP timestamp: 48-bit seconds and 32-bit nanoseconds of TAI since 1970-01-01T00:00:00 TAI. */
export interface PtpTimestamp {
  readonly seconds: bigint;
  readonly nanoseconds: number;
}
const PTP_MAX_SECONDS = 2n ** 48n - 1n;

/** PTP timestamp of TAI ns (TAI ns must not be negative: PTP seconds are unsigned). */
export function taiToPtp(taiNs: bigint): PtpTimestamp {
  const t = checkRange(taiNs, 0n, MAX_TAI_NS, "taiNs");
  return { seconds: t / NS_PER_SECOND, nanoseconds: Number(t % NS_PER_SECOND) };
}
/** TAI ns of a PTP timestamp. */
export function ptpToTai(ts: PtpTimestamp): bigint {
  if (typeof ts !== "object" || ts === null) throw new InvalidArgumentError("ts must be { seconds, nanoseconds }");
  const s = checkRange(ts.seconds, 0n, PTP_MAX_SECONDS, "seconds");
  const ns = checkInt(ts.nanoseconds, 0, 999_999_999, "nanoseconds");
  const t = s * NS_PER_SECOND + BigInt(ns);
  if (t > MAX_TAI_NS) throw new OutOfRangeError(`PTP ${s}.${ns} is past ${MAX_TAI_NS} ns`);
  return t;
}

const TAI64_BASE = 2n ** 62n;

/**
 * TAI64N label `@` + 24 hex digits of TAI ns. Label 2^62 + s is the TAI second s after
 * 1970-01-01T00:00:00 TAI (D. J. Bernstein's definition); tools that write `2^62 + 10 + unix`
 * ignore leap seconds and are off by TAI−UTC − 10 s.
 */
export function taiToTai64n(taiNs: bigint): string {
  const t = checkRange(taiNs, MIN_UNIX_NS, MAX_TAI_NS, "taiNs");
  let s = t / NS_PER_SECOND;
  let ns = t % NS_PER_SECOND;
  if (ns < 0n) {
    ns += NS_PER_SECOND;
    s -= 1n;
  }
  return "@" + (TAI64_BASE + s).toString(16).padStart(16, "0") + ns.toString(16).padStart(8, "0");
}
/** TAI ns of a TAI64N (`@` + 24 hex) or TAI64 (`@` + 16 hex) label. */
export function tai64nToTai(label: string): bigint {
  if (typeof label !== "string" || !/^@[0-9a-fA-F]{16}([0-9a-fA-F]{8})?$/.test(label.trim())) {
    throw new InvalidArgumentError(`not a TAI64N label (@ and 24 hex digits): ${show(label)}`);
  }
  const l = label.trim();
  const s = BigInt("0x" + l.slice(1, 17)) - TAI64_BASE;
  const ns = l.length > 17 ? BigInt("0x" + l.slice(17)) : 0n;
  if (ns >= NS_PER_SECOND) throw new OutOfRangeError(`TAI64N nanoseconds ${ns} ≥ 1e9`);
  const t = s * NS_PER_SECOND + ns;
  if (t < MIN_UNIX_NS || t > MAX_TAI_NS) {
    throw new OutOfRangeError(`TAI64N label ${l} is outside [${MIN_UNIX_NS}, ${MAX_TAI_NS}] TAI ns`);
  }
  return t;
}
