/**
 * Every error clockmath throws is a `ClockmathError` with a stable `code`. Subclasses exist so
 * that `instanceof` works too; the code is what to match on across versions and runtimes.
 *
 * @example
 * try { table.utcToTai({ year: 2020, month: 6, day: 30, hour: 23, minute: 59, second: 60, nanosecond: 0 }); }
 * catch (e) { if (ClockmathError.is(e, "not-a-leap-second")) { ... } }
 */
export type ErrorCode =
  | "invalid-argument"
  | "out-of-range"
  | "not-a-leap-second"
  | "hash-mismatch"
  | "bad-line"
  | "not-monotonic"
  | "expired"
  | "internal"
  | "malformed-header"
  | "deadline-exceeded"
  | "ambiguous-reading"
  | "nonexistent-reading"
  | "corrupt-encoding"
  | "incompatible-histogram"
  | "resource-exhausted"
  | "bad-tzif"
  | "unsupported-runtime"
  | "no-leap-data";

/** The base class of every error clockmath throws; `code` says which (see `ErrorCode`). */
export class ClockmathError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
  /** True when `e` is a ClockmathError, and when `code` is given, one with that code. */
  static is(e: unknown, code?: ErrorCode): e is ClockmathError {
    return e instanceof ClockmathError && (code === undefined || e.code === code);
  }
}

/** A value of the wrong type or shape: a `number` where a bigint belongs, a month of 13. */
export class InvalidArgumentError extends ClockmathError {
  constructor(message: string) {
    super("invalid-argument", message);
  }
}
/** A value of the right type outside the range clockmath can answer exactly for. */
export class OutOfRangeError extends ClockmathError {
  constructor(message: string) {
    super("out-of-range", message);
  }
}
/** Second 60 on a day that did not end with an inserted leap second. */
export class NotALeapSecondError extends ClockmathError {
  constructor(message: string) {
    super("not-a-leap-second", message);
  }
}
/** A leap-seconds.list whose `#h` line does not match its contents. */
export class HashMismatchError extends ClockmathError {
  constructor(message: string) {
    super("hash-mismatch", message);
  }
}
/** A line of a parsed file that could not be read; `line` is 1-based. */
export class BadLineError extends ClockmathError {
  readonly line: number;
  constructor(line: number, message: string) {
    super("bad-line", `line ${line}: ${message}`);
    this.line = line;
  }
}
/** Table entries out of order, or leaps closer together than a second. */
export class NotMonotonicError extends ClockmathError {
  constructor(message: string) {
    super("not-monotonic", message);
  }
}
/** An instant past a strict table's expiry, where future leap seconds are unknown. */
export class ExpiredError extends ClockmathError {
  constructor(message: string) {
    super("expired", message);
  }
}
/** A timeout header (grpc-timeout, Connect-Timeout-Ms, x-envoy-expected-rq-timeout-ms) that breaks its format. */
export class MalformedHeaderError extends ClockmathError {
  readonly header: string;
  constructor(header: string, message: string) {
    super("malformed-header", `${header}: ${message}`);
    this.header = header;
  }
}
/** A deadline that has already passed where a live one is needed (e.g. encoding it for a call). */
export class DeadlineExceededError extends ClockmathError {
  constructor(message: string) {
    super("deadline-exceeded", message);
  }
}
/** A clock reading shown at more than one stretch of time (a repeated or stalled second). */
export class AmbiguousReadingError extends ClockmathError {
  constructor(message: string) {
    super("ambiguous-reading", message);
  }
}
/** A clock reading that never appears: the clock jumps over it. */
export class NonexistentReadingError extends ClockmathError {
  constructor(message: string) {
    super("nonexistent-reading", message);
  }
}
/** A histogram encoding (HdrHistogram base64, zlib, interval log) that is malformed or truncated. */
export class CorruptEncodingError extends ClockmathError {
  constructor(message: string) {
    super("corrupt-encoding", message);
  }
}
/** Histograms that cannot be combined: different lowest discernible value or significant digits. */
export class IncompatibleHistogramError extends ClockmathError {
  constructor(message: string) {
    super("incompatible-histogram", message);
  }
}
/**
 * The core's memory is at its ceiling (`setCoreMemoryLimit`, or the 4 GiB wasm32 limit). Nothing
 * was changed; dispose objects you no longer need (or let them be collected) and try again.
 */
export class ResourceExhaustedError extends ClockmathError {
  constructor(message: string) {
    super("resource-exhausted", message);
  }
}
/** A TZif file (RFC 9636) that is malformed or truncated; `offset` is the byte where reading failed. */
export class BadTzifError extends ClockmathError {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super("bad-tzif", `byte ${offset}: ${message}`);
    this.offset = offset;
  }
}
/** A feature this JavaScript runtime cannot provide (e.g. reading system files in a browser). */
export class UnsupportedRuntimeError extends ClockmathError {
  constructor(message: string) {
    super("unsupported-runtime", message);
  }
}
/** One source `fromSystem` or `fetchLatest` tried, and why it gave no usable table. */
export interface LeapSourceAttempt {
  /** The path or URL tried. */
  readonly source: string;
  /**
   * Why it failed: a ClockmathError code of the parse (`hash-mismatch`, `bad-line`, `bad-tzif`, …)
   * or one of `not-found`, `permission-denied`, `read-failed`, `too-large`, `http-error`, `timeout`,
   * `network`, `aborted`, `stale` (older than the table in hand), `inconsistent` (rewrites leaps the
   * table in hand already knows).
   */
  readonly code: string;
  readonly message: string;
}
/** No source gave a valid leap table: `attempts` says what each one did, in the order tried. */
export class NoLeapDataError extends ClockmathError {
  readonly attempts: readonly LeapSourceAttempt[];
  constructor(what: string, attempts: readonly LeapSourceAttempt[]) {
    super(
      "no-leap-data",
      `${what}: no valid leap table from ${attempts.length} source(s)` +
        attempts.map((a) => `\n  ${a.source}: ${a.code}: ${a.message}`).join(""),
    );
    this.attempts = Object.freeze(attempts.map((a) => Object.freeze({ ...a })));
  }
}
