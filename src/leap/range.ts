// Honest TAI−UTC past a table's expiry: the value is unknown there, but bounded. Each month end at
// which a leap second could have been inserted or deleted since the expiry widens the answer by one
// second in each direction.
import { checkI64, checkOptions, checkRange, I64Range } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { MAX_UNIX_NS, MIN_UNIX_NS, NS_PER_DAY, NS_PER_SECOND } from "../constants.ts";
import type { LeapTable } from "./table.ts";

/**
 * The month ends at which a future leap second is assumed possible.
 * - `"any-month"` (default): every month end. ITU-R TF.460-6 allows a leap second at the end of
 *   any month (preferring June and December, then March and September), so only this set bounds
 *   the true value under the Recommendation itself.
 * - `"quarterly"`: ends of March, June, September and December (both preferences).
 * - `"june-december"`: ends of June and December only: every leap second so far (1972–2016); the
 *   stricter, narrower answer when you accept the IERS practice as the rule.
 */
export type LeapMonths = "any-month" | "quarterly" | "june-december";

/** Every choice of months a future leap second may end, for `taiMinusUtcRange`. */
export const LEAP_MONTHS: readonly LeapMonths[] = Object.freeze(["any-month", "quarterly", "june-december"]);

/** Options of `taiMinusUtcRange`. */
export interface RangeOptions {
  /** Which month ends may hold an unannounced leap second; default `"any-month"`. */
  readonly months?: LeapMonths;
}

/** Bounds on TAI−UTC (or on a reading): the true value v satisfies minNs ≤ v ≤ maxNs. */
export interface NsRange {
  readonly minNs: bigint;
  readonly maxNs: bigint;
}

// Months per step of each set: a possible leap takes effect at 00:00 UTC on the first day of a
// month whose index (counted from January of year 0) is a multiple of this.
const STEP: Record<LeapMonths, number> = { "any-month": 1, quarterly: 3, "june-december": 6 };
// One options object for every lenient lookup (no allocation per call).
const LENIENT = Object.freeze({ strict: false });

/** Months since January of year 0 of the month holding Unix ns `unixNs` (proleptic Gregorian). */
export function monthIndex(unixNs: bigint): number {
  let days = unixNs / NS_PER_DAY;
  if (unixNs < 0n && days * NS_PER_DAY !== unixNs) days -= 1n;
  // Days to civil (H. Hinnant's algorithm), on doubles: |days| < 2^27 here.
  const z = Number(days) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9; // 1..12
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + (month - 1);
}

/**
 * How many possible leap instants (00:00 UTC starting a month of the set, i.e. just after a month
 * end of the set) lie in [fromUnixNs, toUnixNs]. 0 when toUnixNs < fromUnixNs. Both bounds are
 * bigint Unix ns in [MIN_UNIX_NS, MAX_UNIX_NS] (out-of-range past them, invalid-argument for
 * non-bigints); `months` is one of LEAP_MONTHS (invalid-argument otherwise).
 */
export function possibleLeapsBetween(fromUnixNs: bigint, toUnixNs: bigint, months: LeapMonths = "any-month"): number {
  // Checked here, not in leapInstantsBetween: internal callers pass bounds a little past MAX_UNIX_NS.
  checkRange(fromUnixNs, MIN_UNIX_NS, MAX_UNIX_NS, "fromUnixNs");
  checkRange(toUnixNs, MIN_UNIX_NS, MAX_UNIX_NS, "toUnixNs");
  return leapInstantsBetween(fromUnixNs, toUnixNs, checkMonths(months));
}

/** possibleLeapsBetween without the argument checks, for callers that checked them (|x| < 2^27 days). */
export function leapInstantsBetween(fromUnixNs: bigint, toUnixNs: bigint, months: LeapMonths): number {
  if (toUnixNs < fromUnixNs) return 0;
  const step = STEP[months];
  // Month starts <= x number floor(monthIndex(x) / step) + const; subtract those before `from`.
  return Math.floor(monthIndex(toUnixNs) / step) - Math.floor(monthIndex(fromUnixNs - 1n) / step);
}

export function checkMonths(v: unknown): LeapMonths {
  if (v === undefined) return "any-month";
  if (typeof v !== "string" || !(LEAP_MONTHS as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(
      `months must be one of ${LEAP_MONTHS.join(", ")}, got ${typeof v === "string" ? JSON.stringify(v) : typeof v}`,
    );
  }
  return v as LeapMonths;
}

/**
 * Range answers for one table. Inside the table's validity the bounds are equal (the exact
 * value); from `expiresUnixNs` on, the table's last value widened by one second each way per
 * possible leap instant in [expiresUnixNs, unixNs]. A table without `expiresUnixNs` is exact everywhere.
 * Built once per table (the last row's span is answered without a call into the core).
 */
export class LeapRange {
  readonly #table: LeapTable;
  readonly #valid: I64Range;
  /** [start of the last row, expiresUnixNs − 1]: constant TAI−UTC, the common case "now". */
  readonly #last: I64Range;
  readonly #lastValue: bigint;
  readonly #expiresUnixNs: bigint | undefined;

  constructor(table: LeapTable) {
    this.#table = table;
    this.#valid = new I64Range(table.validFromUnixNs, MAX_UNIX_NS);
    const lastLeap = table.leaps[table.leaps.length - 1];
    this.#expiresUnixNs = table.expiresUnixNs;
    const end = table.expiresUnixNs === undefined ? MAX_UNIX_NS : table.expiresUnixNs - 1n;
    // Only a whole-second row (no drift) is constant over its span.
    const constant = lastLeap.driftNsPerDay === undefined;
    this.#last = constant && end >= lastLeap.unixNs ? new I64Range(lastLeap.unixNs, end) : new I64Range(1n, 0n);
    this.#lastValue = lastLeap.taiMinusUtcNs;
  }

  /** See `LeapTable.taiMinusUtcRange`. */
  range(unixNs: bigint, options?: RangeOptions): NsRange {
    if (options === undefined && this.#last.has(unixNs)) return { minNs: this.#lastValue, maxNs: this.#lastValue };
    if (!this.#valid.has(unixNs)) {
      checkI64(unixNs, "unixNs");
      throw new OutOfRangeError(
        `unixNs = ${unixNs} is outside this table's range [${this.#table.validFromUnixNs}, ${MAX_UNIX_NS}]`,
      );
    }
    const months = checkMonths(checkOptions(options, "options").months);
    const v = this.#table.taiMinusUtc(unixNs, LENIENT);
    const exp = this.#expiresUnixNs;
    if (exp === undefined || unixNs < exp) return { minNs: v, maxNs: v };
    const k = BigInt(leapInstantsBetween(exp, unixNs, months)) * NS_PER_SECOND;
    return { minNs: v - k, maxNs: v + k };
  }
}
