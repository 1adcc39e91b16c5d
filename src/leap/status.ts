// How current a table is: its status at an instant, and which of two tables is fresher.
import { checkI64, checkInt, checkOptions } from "../check.ts";
import { NS_PER_DAY } from "../constants.ts";
import type { LeapTable } from "./table.ts";

/** Options of `LeapTable.status`. */
export interface StatusOptions {
  /** Days before `expiresUnixNs` from which the status is `"expiring-soon"`: an integer in [0, 3660], default 30. */
  readonly warnDays?: number;
}

/** A table's standing: before expiry with more than `warnDays` left, with fewer, or past its expiry. */
export type LeapTableState = "valid" | "expiring-soon" | "expired";

/** A table's standing at one instant. */
export interface LeapTableStatus {
  /**
   * `"expired"` at or after `expiresUnixNs`; `"expiring-soon"` when fewer than `warnDays` days
   * remain; `"valid"` otherwise (and always for a table without expiry).
   */
  readonly state: LeapTableState;
  /**
   * floor((expiresUnixNs − nowUnixNs) / 1 day): 0 during the last day before expiry and at `expiresUnixNs`
   * itself, −1 from 1 ns after it to a day after, and so on. undefined for a table without expiry.
   */
  readonly daysLeft: number | undefined;
  readonly expiresUnixNs: bigint | undefined;
  readonly updatedUnixNs: bigint | undefined;
  /** Where the table came from (its `source`). */
  readonly source: string | undefined;
}

/** Days before expiry from which `status` says "expiring-soon", unless `warnDays` says otherwise. */
export const DEFAULT_WARN_DAYS = 30;

/** See `LeapTable.status`. */
export function tableStatus(table: LeapTable, nowUnixNs: bigint, options?: StatusOptions): LeapTableStatus {
  checkI64(nowUnixNs, "nowUnixNs");
  const o = checkOptions(options, "options");
  const warnDays = o.warnDays === undefined ? DEFAULT_WARN_DAYS : checkInt(o.warnDays, 0, 3660, "warnDays");
  const exp = table.expiresUnixNs;
  const base = { expiresUnixNs: exp, updatedUnixNs: table.updatedUnixNs, source: table.source };
  if (exp === undefined) return { state: "valid", daysLeft: undefined, ...base };
  const left = exp - nowUnixNs;
  const days = left >= 0n ? left / NS_PER_DAY : -((-left + NS_PER_DAY - 1n) / NS_PER_DAY);
  const state: LeapTableState = left <= 0n
    ? "expired"
    : left < BigInt(warnDays) * NS_PER_DAY
    ? "expiring-soon"
    : "valid";
  return { state, daysLeft: Number(days), ...base };
}

/**
 * > 0 when table a is fresher than b, < 0 when older, 0 when neither is known to be. Compares
 * `updatedUnixNs` when both have one (the data's own date), then `expiresUnixNs` (a TZif file or a tzdata
 * file without `#updated` has only that). A missing date is older.
 */
export function compareFreshness(a: LeapTable, b: LeapTable): number {
  const cmp = (x: bigint | undefined, y: bigint | undefined): number =>
    x === y ? 0 : x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
  if (a.updatedUnixNs !== undefined && b.updatedUnixNs !== undefined) {
    const c = cmp(a.updatedUnixNs, b.updatedUnixNs);
    if (c !== 0) return c;
  }
  return cmp(a.expiresUnixNs, b.expiresUnixNs);
}

/**
 * Whether `newer` keeps every entry `older` vouched for: the same TAI−UTC at each of `older`'s
 * entries from 1972 on that lie before `older.expiresUnixNs` (leap history cannot change). Returns the
 * first disagreement as text, or undefined.
 */
export function historyConflict(older: LeapTable, newer: LeapTable): string | undefined {
  const from = 63_072_000_000_000_000n; // 1972-01-01: tzdata and TZif start there
  for (const l of older.leaps) {
    if (l.unixNs < from || l.unixNs < newer.validFromUnixNs) continue;
    if (older.expiresUnixNs !== undefined && l.unixNs >= older.expiresUnixNs) break;
    const v = newer.taiMinusUtc(l.unixNs, { strict: false });
    if (v !== l.taiMinusUtcNs) {
      return `TAI−UTC at Unix ns ${l.unixNs} is ${v}, the table in hand says ${l.taiMinusUtcNs}`;
    }
  }
  // A leap the new table adds inside the old table's validity rewrites history too.
  for (const l of newer.leaps) {
    if (l.unixNs < from || l.unixNs < older.validFromUnixNs) continue;
    if (older.expiresUnixNs !== undefined && l.unixNs >= older.expiresUnixNs) break;
    const v = older.taiMinusUtc(l.unixNs, { strict: false });
    if (v !== l.taiMinusUtcNs) {
      return `it puts TAI−UTC = ${l.taiMinusUtcNs} at Unix ns ${l.unixNs}, where the table in hand says ${v}`;
    }
  }
  return undefined;
}
