// Field validation for the playground's forms, in UI words: a typed value is checked (length, shape,
// range) before any BigInt conversion, the message names the field and the unit the person typed,
// and an echoed bad value is cut to ~40 characters. Pages mark the field with `fieldAttrs`-style
// attributes (aria-invalid="true", aria-describedby → the message element from `fieldMessage`).
import { css, html } from "lit";

/** Longest part of a typed value a message repeats. */
export const ECHO_MAX = 40;
/** Longest text a number field reads at all (anything longer is refused before any regex runs). */
export const FIELD_MAX_CHARS = 64;

/** `text` on one line, cut to `max` characters with "…": what a message may repeat of an input. */
export function clip(text: string, max = ECHO_MAX): string {
  const one = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = one.replace(/\s+/g, " ").trim();
  return flat.length > max || text.length > one.length ? `${flat.slice(0, max)}…` : flat;
}

/** A typed value in quotes for a message: “abc”, “aaaaaaaa…”. */
export function quoted(text: string): string {
  return `“${clip(text)}”`;
}

/** A message from anywhere (a library error, a network error) bounded for display. */
export function clipMessage(message: string, max = 300): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

/** A parsed field: its value, or the message to show beside it. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | {
  readonly ok: false;
  readonly message: string;
};

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

/** Units a duration field accepts after the number, in ns each. */
export const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n,
  "μs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};
const NS_DIGITS: Readonly<Record<string, number>> = {
  ns: 0,
  us: 3,
  "µs": 3,
  "μs": 3,
  ms: 6,
  s: 9,
};

/** Options of `parseDuration`. */
export interface DurationFieldOptions {
  /** The field's name at the start of a sentence: "Timeout", "Latency". */
  readonly what: string;
  /** The unit a bare number is in (the field's label says it): "ms". */
  readonly unit: "ns" | "us" | "ms" | "s";
  /** Empty text is allowed (value undefined); default false. */
  readonly optional?: boolean;
  /** A negative value is allowed; default false. */
  readonly allowNegative?: boolean;
  /** Zero is allowed; default true. */
  readonly allowZero?: boolean;
  /** Largest magnitude, ns (default: the i64 range). */
  readonly maxNs?: bigint;
}

const I64_MAX = 9_223_372_036_854_775_807n;

/** `ns` in `unit` for a message: exact, with a decimal point when needed, digits grouped by thin spaces. */
export function inUnit(ns: bigint, unit: string): string {
  const per = DURATION_UNITS[unit] ?? 1n;
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const whole = (a / per).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
  const frac = (a % per).toString().padStart(NS_DIGITS[unit] ?? 0, "0").replace(
    /0+$/,
    "",
  );
  return `${neg ? "−" : ""}${whole}${frac ? "." + frac : ""} ${unit === "us" ? "µs" : unit}`;
}

/**
 * A duration typed by a person → exact ns. "12", "2.5", "0.000001" are in `options.unit`; a unit may
 * follow ("250 ms", "1.5s", "800us", "3 ns"), and messages then speak in that unit. Spaces, "_" and
 * thin spaces between digits are ignored; "−" is a minus. Nothing reaches BigInt before the shape is known.
 */
export function parseDuration(
  text: string,
  options: DurationFieldOptions,
): Parsed<bigint | undefined> {
  const { what } = options;
  if (text.length > FIELD_MAX_CHARS) {
    return bad(
      `${what} is too long (${text.length.toLocaleString("en")} characters): ${quoted(text)}`,
    );
  }
  const t = text.trim().replace(/^\u2212/, "-").replace(/[_\u2009]/g, "");
  if (t === "") {
    return options.optional ? ok(undefined) : bad(`${what} is empty: type a number of ${options.unit}`);
  }
  // One pass, no backtracking: sign, digits, optional fraction, optional unit.
  const m = /^([+-]?)(\d+)(?:\.(\d*))?\s*(ns|us|µs|μs|ms|s)?$/.exec(
    t.replace(/(\d) +(?=\d)/g, "$1"),
  );
  const unit = m?.[4] ?? options.unit;
  if (!m) {
    return bad(
      `${what} must be a number of ${options.unit}, like 12 or 2.5 (got ${quoted(text)})`,
    );
  }
  const digits = NS_DIGITS[unit];
  const frac = m[3] ?? "";
  if (frac.replace(/0+$/, "").length > digits) {
    return bad(
      digits === 0
        ? `${what} must be a whole number of ns (got ${quoted(text)})`
        : `${what} has more than ${digits} decimals of ${unit === "us" ? "µs" : unit}: finer than 1 ns`,
    );
  }
  if (m[2].length > 20) return bad(`${what} is too large: ${quoted(text)}`);
  const per = DURATION_UNITS[unit];
  let ns = BigInt(m[2]) * per +
    BigInt(frac.slice(0, digits).padEnd(digits, "0") || "0");
  if (m[1] === "-") ns = -ns;
  if (ns < 0n && !options.allowNegative) {
    return bad(`${what} must not be negative`);
  }
  if (ns === 0n && options.allowZero === false) {
    return bad(`${what} must be more than 0 ${unit === "us" ? "µs" : unit}`);
  }
  const max = options.maxNs ?? I64_MAX;
  if (ns > max || -ns > max) {
    return bad(`${what} must be at most ${inUnit(max, unit)}`);
  }
  return ok(ns);
}

/** Options of `parseCount`. */
export interface CountFieldOptions {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** Empty text is allowed (value undefined); default false. */
  readonly optional?: boolean;
}

/** A whole number typed by a person ("10000", "10 000", "10_000") in [min, max]. */
export function parseCount(
  text: string,
  options: CountFieldOptions,
): Parsed<number | undefined> {
  const { what, min, max } = options;
  if (text.length > FIELD_MAX_CHARS) {
    return bad(
      `${what} is too long (${text.length.toLocaleString("en")} characters): ${quoted(text)}`,
    );
  }
  const t = text.trim().replace(/[_,\s\u2009]/g, "");
  if (t === "") {
    return options.optional ? ok(undefined) : bad(`${what} is empty: type a whole number`);
  }
  if (!/^\d+$/.test(t)) {
    return bad(
      `${what} must be a whole number, like ${min === 0 ? 3 : min} (got ${quoted(text)})`,
    );
  }
  const n = t.length > 15 ? Infinity : Number(t);
  const range = `${min.toLocaleString("en")} to ${max.toLocaleString("en")}`;
  if (n < min || n > max) {
    return bad(`${what} must be from ${range} (got ${quoted(text)})`);
  }
  return ok(n);
}

/** The element that holds a field's message; its id goes in the field's aria-describedby. */
export function fieldMessage(id: string, message: string | undefined) {
  return html`
    <div class="field-error" id=${id}
      data-part="field-error">${message ?? ""}</div>
  `;
}

/** Styles of `fieldMessage` (add to a component's static styles). */
export const fieldErrorStyles = css`
  .field-error {
    color: var(--cm-bad);
    font-size: 0.8rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
    max-width: 22rem;
  }
  .field-error:empty {
    display: none;
  }
`;
