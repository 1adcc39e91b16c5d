// Proleptic Gregorian calendar on day counts relative to 1970-01-01, exact for any i64 day
// count whose year fits i32. The 400-year era decomposition keeps every step in integers.
import { floorDiv, floorMod } from "./wide";

const NS_PER_SECOND: i64 = 1_000_000_000;
const NS_PER_DAY: i64 = 86_400 * NS_PER_SECOND;

/** Days from 1970-01-01 to year-month-day (month 1..12, day 1..31; not validated here). */
function daysFromCivil(year: i64, month: i32, day: i32): i64 {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0
  const doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + <i64>doy; // [0, 146096]
  return era * 146_097 + doe - 719_468;
}

// Out-fields of civilFromUnix, read by the shell after the call.
const fields = memory.data(8 * 8);

/** Address of [year, month, day, hour, minute, second, nanosecond] as i64 written by civilFromUnix. */
export function civilFieldsPtr(): usize {
  return fields;
}

/** Splits Unix ns into calendar fields (no leap seconds: second is 0..59). */
export function civilFromUnix(unixNs: i64): void {
  const days = floorDiv(unixNs, NS_PER_DAY);
  const nsOfDay = unixNs - days * NS_PER_DAY;
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097;
  const yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const day = doy - (153 * mp + 2) / 5 + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const secOfDay = nsOfDay / NS_PER_SECOND;
  store<i64>(fields, year);
  store<i64>(fields, month, 8);
  store<i64>(fields, day, 16);
  store<i64>(fields, secOfDay / 3600, 24);
  store<i64>(fields, (secOfDay / 60) % 60, 32);
  store<i64>(fields, secOfDay % 60, 40);
  store<i64>(fields, floorMod(nsOfDay, NS_PER_SECOND), 48);
}

/** Unix ns of a civil date and time of day (second 0..59; fields validated by the shell). */
export function unixFromCivil(year: i64, month: i32, day: i32, hour: i32, minute: i32, second: i32, nanosecond: i64): i64 {
  const days = daysFromCivil(year, month, day);
  const sec = <i64>hour * 3600 + <i64>minute * 60 + <i64>second;
  return days * NS_PER_DAY + sec * NS_PER_SECOND + nanosecond;
}
