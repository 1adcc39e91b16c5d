// UTC calendar fields and their conversion to and from Unix ns (the core's civil domain).
import { core } from "../core/loader.ts";
import { checkInt } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

/** A UTC date and time. `second` is 0..60 (60 only inside an inserted leap second). */
export interface UtcFields {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  /** 0..23 */
  readonly hour: number;
  /** 0..59 */
  readonly minute: number;
  /** 0..60 */
  readonly second: number;
  /** 0..999 999 999 */
  readonly nanosecond: number;
}

/** Years clockmath represents in fields (a superset of what the tables answer for). */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Throws `invalid-argument` / `out-of-range` naming the bad field. */
export function checkUtcFields(f: UtcFields, name: string): void {
  if (typeof f !== "object" || f === null) throw new InvalidArgumentError(`${name} must be an object of UTC fields`);
  checkInt(f.year, MIN_YEAR, MAX_YEAR, `${name}.year`);
  checkInt(f.month, 1, 12, `${name}.month`);
  checkInt(f.day, 1, daysInMonth(f.year, f.month), `${name}.day`);
  checkInt(f.hour, 0, 23, `${name}.hour`);
  checkInt(f.minute, 0, 59, `${name}.minute`);
  checkInt(f.second, 0, 60, `${name}.second`);
  checkInt(f.nanosecond, 0, 999_999_999, `${name}.nanosecond`);
}

/** Fields of Unix ns (second 0..59: Unix time has no leap seconds). */
export function civilFromUnix(unixNs: bigint): UtcFields {
  const c = core();
  c.civilFromUnix(unixNs);
  const f = new BigInt64Array(c.memory.buffer, c.civilFieldsPtr(), 7);
  return {
    year: Number(f[0]),
    month: Number(f[1]),
    day: Number(f[2]),
    hour: Number(f[3]),
    minute: Number(f[4]),
    second: Number(f[5]),
    nanosecond: Number(f[6]),
  };
}

/** i64 Unix ns span 1677-09-21 … 2262-04-11; fields are accepted from 1678-01 to 2262-03 (whole months). */
export const MIN_NS_YEAR = 1678;
export const MAX_NS_YEAR = 2262;
const MAX_NS_MONTH_OF_LAST_YEAR = 3;

/** Unix ns of fields with second 0..59 (callers handle 60). Dates outside i64 ns → out-of-range. */
export function unixFromFields(f: UtcFields): bigint {
  if (f.year < MIN_NS_YEAR || f.year > MAX_NS_YEAR || (f.year === MAX_NS_YEAR && f.month > MAX_NS_MONTH_OF_LAST_YEAR)) {
    throw new OutOfRangeError(`${f.year}-${f.month} is outside 1678-01..2262-03, where nanoseconds fit i64`);
  }
  return core().unixFromCivil(BigInt(f.year), f.month, f.day, f.hour, f.minute, f.second, BigInt(f.nanosecond));
}
