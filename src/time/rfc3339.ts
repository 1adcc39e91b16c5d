// RFC 3339 text for UTC fields, including second 60 and up to nine fraction digits.
import { checkInt, checkOptions, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { checkUtcFields, civilFromUnix, unixFromFields, type UtcFields } from "./civil.ts";
import { NS_PER_SECOND } from "../constants.ts";

/** Options of `formatUtc`. */
export interface FormatOptions {
  /** Fraction digits 0..9; by default the fewest that show the value exactly (none for whole seconds). */
  readonly digits?: number;
}

/**
 * `2016-12-31T23:59:60.5Z`. Always UTC (`Z`).
 *
 * @example formatUtc({ year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60, nanosecond: 500_000_000 })
 */
export function formatUtc(fields: UtcFields, options: FormatOptions = {}): string {
  options = checkOptions(options, "options");
  checkUtcFields(fields, "fields");
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  let frac = p(fields.nanosecond, 9);
  if (options.digits === undefined) frac = frac.replace(/0+$/, "");
  else frac = frac.slice(0, checkInt(options.digits, 0, 9, "digits"));
  const head = `${p(fields.year, 4)}-${p(fields.month)}-${p(fields.day)}T${p(fields.hour)}:${p(fields.minute)}:${
    p(fields.second)
  }`;
  return `${head}${frac ? "." + frac : ""}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses RFC 3339 into UTC fields. A numeric offset is applied (`23:59:60+01:00` is not a
 * valid leap second time: only the fields are checked here; whether a second was inserted is
 * the table's question, see `LeapTable.utcToTai`). More than nine fraction digits are rejected
 * rather than rounded.
 */
export function parseUtc(text: string): UtcFields {
  if (typeof text !== "string") throw new InvalidArgumentError("text must be a string");
  const m = RFC3339.exec(text.trim());
  if (!m) {
    throw new InvalidArgumentError(
      `not an RFC 3339 date-time with at most 9 fraction digits: ${JSON.stringify(text.slice(0, 64))}`,
    );
  }
  const local: UtcFields = {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +m[4],
    minute: +m[5],
    second: +m[6],
    nanosecond: m[7] ? +m[7].padEnd(9, "0") : 0,
  };
  checkUtcFields(local, "text");
  if (m[8]) return local;
  const offH = checkInt(+m[10], 0, 23, "offset hours");
  const offM = checkInt(+m[11], 0, 59, "offset minutes");
  const sign = m[9] === "-" ? -1n : 1n;
  const offNs = sign * BigInt(offH * 3600 + offM * 60) * NS_PER_SECOND;
  const leap = local.second === 60;
  const u = unixFromFields(leap ? { ...local, second: 59 } : local) - offNs;
  const f = civilFromUnix(u);
  if (f.year < 1 || f.year > 9999) throw new OutOfRangeError(`${show(text)}: year out of range in UTC`);
  return leap ? { ...f, second: 60 } : f;
}
