// NTP on-wire arithmetic (RFC 5905 §8) and the 64-bit NTP timestamp format, exact in BigInt.
import { checkI64, checkInt, checkOptions, I64_MAX, I64_MIN } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { NS_PER_SECOND, NTP_UNIX_OFFSET_S } from "../constants.ts";

/** Seconds per NTP era (2^32): era 1 starts 2036-02-07T06:28:16Z. */
export const NTP_ERA_SECONDS = 1n << 32n;

const TWO32 = 1n << 32n;

/** The four timestamps of one client/server exchange, each a Unix (or any common-epoch) ns bigint. */
export interface NtpTimestamps {
  /** Client transmit (origin), client clock. */
  readonly t1: bigint;
  /** Server receive, server clock. */
  readonly t2: bigint;
  /** Server transmit, server clock. */
  readonly t3: bigint;
  /** Client receive (destination), client clock. */
  readonly t4: bigint;
}

/** Offset and round-trip delay of one exchange, ns. */
export interface NtpExchangeResult {
  /** θ = ((T2 − T1) + (T3 − T4)) / 2 rounded toward −∞: server clock − client clock (> 0: server ahead). */
  readonly thetaNs: bigint;
  /**
   * δ = (T4 − T1) − (T3 − T2), exact. It can be negative when the two clocks run at different rates
   * over a very short path; RFC 5905 clamps it to the system precision before filtering, which
   * `ClockFilter` does, and leaves the raw value here.
   */
  readonly delayNs: bigint;
}

function floorDiv2(v: bigint): bigint {
  return v >= 0n ? v / 2n : -((-v + 1n) / 2n);
}

/**
 * Offset and delay of one NTP exchange (RFC 5905 §8), exact: no floating point anywhere.
 *
 * @example
 * ntpExchange({ t1: 0n, t2: 1_000_050n, t3: 1_000_060n, t4: 100n }); // { thetaNs: 1_000_005n, delayNs: 90n }
 */
export function ntpExchange(ts: NtpTimestamps): NtpExchangeResult {
  if (ts === null || typeof ts !== "object") throw new InvalidArgumentError("ntpExchange expects { t1, t2, t3, t4 }");
  const t1 = checkI64(ts.t1, "t1"), t2 = checkI64(ts.t2, "t2"), t3 = checkI64(ts.t3, "t3"), t4 = checkI64(ts.t4, "t4");
  const thetaNs = floorDiv2((t2 - t1) + (t3 - t4));
  const delayNs = (t4 - t1) - (t3 - t2);
  if (thetaNs < I64_MIN || thetaNs > I64_MAX || delayNs < I64_MIN || delayNs > I64_MAX) {
    throw new OutOfRangeError("ntpExchange: offset or delay outside i64 ns");
  }
  return Object.freeze({ thetaNs, delayNs });
}

/** Options of `ntpToUnixNs`. */
export interface NtpEraOptions {
  /** NTP era (0: 1900..2036, 1: 2036..2172, …). Default 0 unless `near` is given. */
  readonly era?: number;
  /** Pick the era that puts the result closest to this Unix ns instant (RFC 5905 §6's pivot rule). */
  readonly nearUnixNs?: bigint;
}

function u32(v: unknown, name: string): bigint {
  if (typeof v === "number") return BigInt(checkInt(v, 0, 0xffff_ffff, name));
  if (typeof v === "bigint") {
    if (v < 0n || v >= TWO32) throw new OutOfRangeError(`${name} = ${v} is outside [0, 2^32)`);
    return v;
  }
  throw new InvalidArgumentError(`${name} must be an integer (number or bigint) in [0, 2^32)`);
}

/**
 * Unix ns of a 64-bit NTP timestamp: whole seconds since the era's start and a 2^-32 s fraction.
 * The fraction converts as floor(fraction · 10^9 / 2^32), exactly. Throws `out-of-range` when the
 * result leaves i64 ns (before 1677 or after 2262).
 */
export function ntpToUnixNs(seconds: number | bigint, fraction: number | bigint, options: NtpEraOptions = {}): bigint {
  options = checkOptions(options, "options");
  const s = u32(seconds, "seconds");
  const f = u32(fraction, "fraction");
  let era: bigint;
  if (options.nearUnixNs !== undefined) {
    const near = checkI64(options.nearUnixNs, "nearUnixNs");
    // era·2^32 + s − offset ≈ near/1e9: round to the nearest era
    const nearSec = near / NS_PER_SECOND + NTP_UNIX_OFFSET_S - s;
    const e = nearSec >= 0n ? (nearSec + TWO32 / 2n) / TWO32 : -((-nearSec + TWO32 / 2n - 1n) / TWO32);
    era = e;
    if (options.era !== undefined && BigInt(checkInt(options.era, -8, 8, "era")) !== era) {
      throw new InvalidArgumentError("give either era or nearUnixNs, not two that disagree");
    }
  } else {
    era = BigInt(checkInt(options.era ?? 0, -8, 8, "era"));
  }
  const ns = (era * TWO32 + s - NTP_UNIX_OFFSET_S) * NS_PER_SECOND + (f * NS_PER_SECOND) / TWO32;
  if (ns < I64_MIN || ns > I64_MAX) throw new OutOfRangeError(`NTP era ${era} seconds ${s}: outside i64 ns`);
  return ns;
}

/** A 64-bit NTP timestamp with its era. */
export interface NtpTimestamp {
  readonly era: number;
  readonly seconds: number;
  readonly fraction: number;
}

/**
 * The NTP timestamp of Unix ns `ns`. The fraction is ceil(ns_part · 2^32 / 10^9), the smallest
 * fraction whose `ntpToUnixNs` is `ns` again, so the round trip is exact for every ns.
 */
export function unixNsToNtp(ns: bigint): NtpTimestamp {
  checkI64(ns, "ns");
  let sec = ns / NS_PER_SECOND, rem = ns % NS_PER_SECOND;
  if (rem < 0n) {
    rem += NS_PER_SECOND;
    sec -= 1n;
  }
  const total = sec + NTP_UNIX_OFFSET_S;
  let era = total / TWO32, s = total % TWO32;
  if (s < 0n) {
    s += TWO32;
    era -= 1n;
  }
  const fraction = (rem * TWO32 + NS_PER_SECOND - 1n) / NS_PER_SECOND;
  return Object.freeze({ era: Number(era), seconds: Number(s), fraction: Number(fraction) });
}
