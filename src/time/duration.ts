// Durations as people type them on a command line or in a config file: "1.5s", "250ms", "2h".
import { I64_MAX, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

/** Nanoseconds per unit of `parseDuration`; "us" and "µs" are both microseconds, "m" and "min" minutes. */
export const DURATION_UNITS_NS: Readonly<Record<string, bigint>> = Object.freeze({
  d: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  min: 60_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  "µs": 1_000n,
  ns: 1n,
});

/** Longest text `parseDuration` reads: 19 integer digits, a point, 18 fraction digits and a unit fit. */
const MAX_DURATION_TEXT = 48;

/**
 * Parses one non-negative decimal number and a unit (`d`, `h`, `min` or `m`, `s`, `ms`, `us` or
 * `µs`, `ns`; no space, no sign, no exponent), e.g. `1.5s`, `250ms`, `100us`, `10ns`, `2h`, into
 * exact ns. The value must be a whole number of ns (`1.5ns` throws `invalid-argument`) and at
 * most 2^63 − 1 ns (else `out-of-range`). Linear in the text, at most 48 characters.
 *
 * @example parseDuration("1.5s") // 1_500_000_000n
 */
export function parseDuration(text: string): bigint {
  if (typeof text !== "string") throw new InvalidArgumentError("a duration must be a string");
  const show = JSON.stringify(text.slice(0, MAX_DURATION_TEXT));
  if (text.length === 0 || text.length > MAX_DURATION_TEXT) {
    throw new InvalidArgumentError(`not a duration: ${show} (e.g. 1.5s, 250ms, 100us, 10ns, 2h)`);
  }
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const whole = text.slice(0, i);
  let frac = "";
  if (text[i] === ".") {
    const from = ++i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    frac = text.slice(from, i);
    if (frac === "") throw new InvalidArgumentError(`not a duration: ${show} (digits must follow the point)`);
  }
  const unit = text.slice(i);
  if (whole === "" || !Object.hasOwn(DURATION_UNITS_NS, unit)) {
    throw new InvalidArgumentError(
      `not a duration: ${show} (a number and one of the units d, h, min, m, s, ms, us, µs, ns, e.g. 1.5s)`,
    );
  }
  const per = DURATION_UNITS_NS[unit];
  const scale = 10n ** BigInt(frac.length);
  const numerator = BigInt(frac) * per; // BigInt("") is 0n
  if (numerator % scale !== 0n) throw new InvalidArgumentError(`${show} is not a whole number of nanoseconds`);
  const ns = BigInt(whole) * per + numerator / scale;
  if (ns > I64_MAX) throw new OutOfRangeError(`${show} is longer than 2^63 - 1 ns`);
  return ns;
}

/**
 * The shortest exact text `parseDuration` reads back as `ns` (a bigint ≥ 0): whole hours or
 * minutes as `h` / `min`, else the largest of s, ms, us, ns that is not more than the value, with
 * as many decimals as needed (`1500000000n` → `1.5s`, `0n` → `0s`).
 */
export function formatDuration(ns: bigint): string {
  if (typeof ns !== "bigint" || ns < 0n) {
    throw new InvalidArgumentError(`a duration must be a bigint >= 0 ns, got ${show(ns)}`);
  }
  if (ns === 0n) return "0s";
  for (const unit of ["h", "min"] as const) {
    if (ns % DURATION_UNITS_NS[unit] === 0n) return `${ns / DURATION_UNITS_NS[unit]}${unit}`;
  }
  for (const unit of ["s", "ms", "us"] as const) {
    const per = DURATION_UNITS_NS[unit];
    if (ns >= per) {
      const frac = (ns % per).toString().padStart(per.toString().length - 1, "0").replace(/0+$/, "");
      return `${ns / per}${frac ? "." + frac : ""}${unit}`;
    }
  }
  return `${ns}ns`;
}
