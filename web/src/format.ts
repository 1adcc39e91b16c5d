// Small display helpers shared by pages: exact decimal seconds, dates, expiry status, errors.
import { BadLineError, ClockmathError, type LeapTable } from "../../src/mod.ts";

export const NS_PER_SECOND = 1_000_000_000n;
export const NS_PER_DAY = 86_400n * NS_PER_SECOND;

/** Exact seconds of `ns` with no trailing zeros: 1_422_818_000n → "1.422818". */
export function seconds(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const frac = (a % NS_PER_SECOND).toString().padStart(9, "0").replace(/0+$/, "");
  return `${neg ? "−" : ""}${a / NS_PER_SECOND}${frac ? "." + frac : ""}`;
}

/** Signed seconds for steps: "+1", "−0.05". */
export function signedSeconds(ns: bigint): string {
  return ns > 0n ? `+${seconds(ns)}` : seconds(ns);
}

/** Groups digits by three for reading (the value is not changed): 1483228799500000000 → 1 483 228 799 500 000 000. */
export function grouped(v: bigint): string {
  return v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
}

function isoOf(unixNs: bigint): string {
  const ms = unixNs / 1_000_000n - (unixNs % 1_000_000n < 0n ? 1n : 0n);
  return new Date(Number(ms)).toISOString();
}
/** YYYY-MM-DD of Unix ns (UTC). */
export function dateOf(unixNs: bigint): string {
  return isoOf(unixNs).slice(0, 10);
}
/** YYYY-MM-DD HH:MM:SSZ of Unix ns, or just the date at midnight. */
export function dateTimeOf(unixNs: bigint): string {
  const iso = isoOf(unixNs);
  return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** Unix ns of the wall clock (millisecond resolution). */
export function nowUnixNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export type StatusKind = "ok" | "warn" | "bad" | "info";
export interface Status {
  readonly kind: StatusKind;
  /** Short label: "valid", "expires in 12 days", "EXPIRED". */
  readonly label: string;
  /** Sentence for screen readers and tooltips. */
  readonly detail: string;
}

/**
 * valid / expires in N days / EXPIRED at `now` (default: the wall clock), as LeapTable.status
 * reports it (its default warning window: 30 days, about when IERS publishes the next file).
 */
export function expiryStatus(table: LeapTable, now: bigint = nowUnixNs()): Status {
  const st = table.status(now);
  if (st.expiresUnixNs === undefined || st.daysLeft === undefined) {
    return { kind: "info", label: "no expiry date", detail: "The source gives no expiry date." };
  }
  const exp = st.expiresUnixNs;
  const plural = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  if (st.state === "expired") {
    return {
      kind: "bad",
      label: "EXPIRED",
      detail: `Expired on ${dateTimeOf(exp)}, ${plural(-st.daysLeft)} ago: leap seconds announced since are missing.`,
    };
  }
  const detail = `Expires on ${dateTimeOf(exp)}, in ${plural(st.daysLeft)}.`;
  if (st.state === "expiring-soon") return { kind: "warn", label: `expires in ${plural(st.daysLeft)}`, detail };
  return { kind: "ok", label: "valid", detail };
}

/** The parts of an error worth showing: clockmath's code, a bad line's number, the message. */
export interface ErrorInfo {
  readonly code: string;
  readonly line?: number;
  readonly message: string;
}
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof BadLineError) return { code: e.code, line: e.line, message: e.message };
  if (ClockmathError.is(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name, message: e.message };
  return { code: "error", message: String(e) };
}
