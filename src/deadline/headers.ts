// Timeout headers on the wire: grpc-timeout, Connect-Timeout-Ms, x-envoy-expected-rq-timeout-ms.
//
// The unit choice and rounding are in ./arith.ts (plain bigint, the rules of assembly/deadline.ts,
// so that the codecs need no WebAssembly); this file owns the strings: strict parsing and formatting. Facts the rules
// follow:
//  - gRPC over HTTP/2: grpc-timeout = 1 to 8 ASCII digits + one unit of H M S m u n (hours …
//    nanoseconds), case-sensitive (M minutes, m milliseconds).
//  - grpc-go encodes with the finest unit whose ceil(ns / unit) fits in 8 digits and ≤ 0 as "0n";
//    its decoder clamps hour values past the i64 range to the i64 maximum.
//  - Envoy holds timeouts in milliseconds: it reads u / n values rounded up to whole ms and writes
//    grpc-timeout from ms by truncating division (ms → S → M → H), so a forwarded timeout shrinks.
//  - grpc-js writes from milliseconds with units m S M H, choosing the first with amount < 10^8 and
//    then taking ceil(amount): an amount in (99999999, 10^8) becomes the 9-digit 100000000, which
//    strict peers reject.
//  - Connect: Connect-Timeout-Ms is a positive integer of at most 10 digits (milliseconds).
//  - Envoy sets x-envoy-expected-rq-timeout-ms (whole ms) to tell the upstream the time it allows.
import { checkI64, I64_MAX, show } from "../check.ts";
import { grpcDecode, grpcEncode, msDecode, msEncode } from "./arith.ts";
import { InvalidArgumentError, MalformedHeaderError, OutOfRangeError } from "../errors.ts";

/** How a duration becomes a header value: "up" never shortens it, "down" never lengthens it. */
export type Rounding = "up" | "down";

/** Options of the timeout-header encoders. */
export interface EncodeOptions {
  /** "up" (default for grpc-timeout, grpc-go): never shorter than ns. "down" (Envoy): never longer. */
  readonly rounding?: Rounding;
}

/** grpc-timeout unit letters by core index: 0 n, 1 u, 2 m, 3 S, 4 M, 5 H. */
export const GRPC_TIMEOUT_UNITS = ["n", "u", "m", "S", "M", "H"] as const;
/** Nanoseconds per grpc-timeout unit, in the order of GRPC_TIMEOUT_UNITS. */
export const GRPC_TIMEOUT_UNIT_NS: readonly bigint[] = [
  1n,
  1_000n,
  1_000_000n,
  1_000_000_000n,
  60_000_000_000n,
  3_600_000_000_000n,
];
/** Largest Connect-Timeout-Ms value (10 digits). */
export const CONNECT_TIMEOUT_MAX_MS = 9_999_999_999n;
/** Largest x-envoy-expected-rq-timeout-ms this library writes: the i64 ns range in whole ms. */
export const ENVOY_TIMEOUT_MAX_MS = 9_223_372_036_854n;

function upFlag(o: EncodeOptions | undefined, dflt: Rounding): number {
  if (o === undefined) return dflt === "up" ? 1 : 0;
  if (typeof o !== "object" || o === null) throw new InvalidArgumentError("options must be an object");
  const r = o.rounding ?? dflt;
  if (r !== "up" && r !== "down") throw new InvalidArgumentError(`rounding must be "up" or "down", got ${show(r)}`);
  return r === "up" ? 1 : 0;
}

/** Throws unless `ns` is a bigint duration in [0, i64 max]. */
export function checkDuration(ns: unknown, name: string): bigint {
  const v = checkI64(ns, name);
  if (v < 0n) throw new OutOfRangeError(`${name} = ${v} is negative; a timeout is a duration ≥ 0 ns`);
  return v;
}

/**
 * The grpc-timeout header value of a duration: at most 8 digits and the finest unit that fits.
 * With `rounding: "up"` (default) this is exactly grpc-go's encoder: the decoded value is ≥ ns.
 * With `rounding: "down"` it truncates: the decoded value is ≤ ns. 0 ns encodes as "0n".
 * Negative durations are rejected (out-of-range): an expired deadline is the caller's decision.
 *
 * @example encodeGrpcTimeout(1_500_000_001n) // "1500001u"
 */
export function encodeGrpcTimeout(ns: bigint, options?: EncodeOptions): string {
  const up = options === undefined ? 1 : upFlag(options, "up");
  // One combined check on the hot path; checkDuration produces the typed error otherwise.
  if (typeof ns !== "bigint" || ns < 0n || ns > I64_MAX) checkDuration(ns, "ns");
  // p = value * 8 + unit < 8e8 < 2^31: int32 shifts are exact.
  const p = Number(grpcEncode(ns, up));
  return (p >>> 3) + GRPC_TIMEOUT_UNITS[p & 7];
}

/**
 * Nanoseconds of a grpc-timeout header value. Strict: 1 to 8 ASCII digits then one of H M S m u n,
 * nothing else (no sign, space, decimal point, or 9th digit). Hours past the i64 range saturate at
 * 2^63 − 1 ns as in grpc-go. Anything else throws MalformedHeaderError ("malformed-header").
 */
export function decodeGrpcTimeout(text: string): bigint {
  if (typeof text !== "string") throw new MalformedHeaderError("grpc-timeout", `expected a string, got ${typeof text}`);
  const n = text.length;
  if (n < 2 || n > 9) {
    throw new MalformedHeaderError("grpc-timeout", `${show(text)} must be 1 to 8 digits and a unit`);
  }
  let value = 0;
  for (let i = 0; i < n - 1; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      throw new MalformedHeaderError("grpc-timeout", `${show(text)}: only ASCII digits may precede the unit`);
    }
    value = value * 10 + c;
  }
  const unit = unitIndex(text.charCodeAt(n - 1));
  if (unit < 0) throw new MalformedHeaderError("grpc-timeout", `${show(text)}: unit must be one of H M S m u n`);
  return grpcDecode(BigInt(value), unit);
}

function unitIndex(c: number): number {
  switch (c) {
    case 110:
      return 0; // n
    case 117:
      return 1; // u
    case 109:
      return 2; // m
    case 83:
      return 3; // S
    case 77:
      return 4; // M
    case 72:
      return 5; // H
    default:
      return -1;
  }
}

/** One rounding of a duration into grpc-timeout. */
export interface GrpcTimeoutEncoding {
  readonly header: string;
  /** What a peer decodes. */
  readonly ns: bigint;
  /** |decoded − original| in ns. */
  readonly lossNs: bigint;
  /** Size of the chosen unit in ns: the loss is always below it. */
  readonly unitNs: bigint;
}

/** How much a duration loses in grpc-timeout, rounded up (grpc-go) and down (Envoy-style). */
export function grpcTimeoutPrecisionLoss(ns: bigint): { up: GrpcTimeoutEncoding; down: GrpcTimeoutEncoding } {
  const d = checkDuration(ns, "ns");
  const one = (up: number): GrpcTimeoutEncoding => {
    const p = grpcEncode(d, up);
    const unitNs = GRPC_TIMEOUT_UNIT_NS[Number(p & 7n)];
    const back = grpcDecode(p >> 3n, Number(p & 7n)); // what a peer decodes (saturating, as decodeGrpcTimeout)
    return {
      header: String(p >> 3n) + GRPC_TIMEOUT_UNITS[Number(p & 7n)],
      ns: back,
      lossNs: back > d ? back - d : d - back,
      unitNs,
    };
  };
  return { up: one(1), down: one(0) };
}

function decodeMs(header: string, text: string, maxDigits: number, allowZero: boolean): bigint {
  if (typeof text !== "string") throw new MalformedHeaderError(header, `expected a string, got ${typeof text}`);
  const n = text.length;
  if (n < 1 || n > maxDigits) {
    throw new MalformedHeaderError(header, `${show(text)} must be 1 to ${maxDigits} ASCII digits`);
  }
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      throw new MalformedHeaderError(header, `${show(text)}: only ASCII digits (milliseconds) are allowed`);
    }
    v = v * 10 + c;
  }
  // Up to 15 digits the double is exact (< 2^53); longer values go through BigInt's parser.
  const ms = n <= 15 ? BigInt(v) : BigInt(text);
  if (!allowZero && ms === 0n) throw new MalformedHeaderError(header, `${show(text)}: the timeout must be positive`);
  // 19 digits can exceed i64: clamp first (the i64 rules of arith.ts), then msDecode saturates.
  return msDecode(ms > I64_MAX ? I64_MAX : ms);
}

/**
 * Connect-Timeout-Ms of a duration: whole milliseconds, truncated by default ("down": never promise
 * the callee more time than there is), at most 10 digits (longer durations clamp to 9999999999 ms,
 * about 115.7 days). The protocol wants a positive value, so a duration that rounds to 0 ms is
 * out-of-range: the call has no time left to send.
 */
export function encodeConnectTimeoutMs(ns: bigint, options?: EncodeOptions): string {
  const up = upFlag(options, "down");
  const ms = msEncode(checkDuration(ns, "ns"), up, CONNECT_TIMEOUT_MAX_MS);
  if (ms === 0n) throw new OutOfRangeError(`ns = ${ns} is less than 1 ms; Connect-Timeout-Ms must be positive`);
  return String(ms);
}

/** Nanoseconds of a Connect-Timeout-Ms value: strictly 1 to 10 ASCII digits, positive. */
export function decodeConnectTimeoutMs(text: string): bigint {
  return decodeMs("connect-timeout-ms", text, 10, false);
}

/**
 * x-envoy-expected-rq-timeout-ms of a duration: whole milliseconds, truncated by default (as
 * Envoy's own millisecond timers), clamped to the i64 ns range.
 */
export function encodeEnvoyExpectedTimeoutMs(ns: bigint, options?: EncodeOptions): string {
  const up = upFlag(options, "down");
  return String(msEncode(checkDuration(ns, "ns"), up, ENVOY_TIMEOUT_MAX_MS));
}

/**
 * Nanoseconds of an x-envoy-expected-rq-timeout-ms value: 1 to 19 ASCII digits; 0 is allowed
 * (Envoy's "no timeout" is simply not sending the header, but a 0 reads as already expired).
 * Values past the i64 ns range saturate at 2^63 − 1 ns.
 */
export function decodeEnvoyExpectedTimeoutMs(text: string): bigint {
  return decodeMs("x-envoy-expected-rq-timeout-ms", text, 19, true);
}

/** Implementations whose timeout header `timeoutHeaderFor` can model. */
export type TimeoutImplementation = "grpc-go" | "grpc-js" | "envoy" | "connect";

/** The header one implementation sends for a duration, and what a strict peer reads back (`timeoutHeaderFor`). */
export interface TimeoutHeader {
  readonly implementation: TimeoutImplementation;
  readonly name: string;
  readonly value: string;
  /** What a strict decoder (this library) reads back; undefined when it rejects the value. */
  readonly decodedNs: bigint | undefined;
  /** decodedNs − ns: positive means the callee is promised more time than there is. */
  readonly errorNs: bigint | undefined;
}

/**
 * The header an implementation sends for a remaining duration, modelled from its documented rule:
 * grpc-go (grpc-timeout, ceil to the finest fitting unit), grpc-js (grpc-timeout from whole-ms
 * input, units m S M H, may emit 9 digits), Envoy (grpc-timeout from whole ms, truncating),
 * Connect (Connect-Timeout-Ms, truncating). Envoy and grpc-js first hold the duration in whole ms:
 * Envoy truncates it; grpc-js's deadline arithmetic is in Date ms, modelled as ceil to 1 ms.
 */
export function timeoutHeaderFor(implementation: TimeoutImplementation, ns: bigint): TimeoutHeader {
  const d = checkDuration(ns, "ns");
  let name = "grpc-timeout";
  let value: string;
  switch (implementation) {
    case "grpc-go":
      value = encodeGrpcTimeout(d);
      break;
    case "grpc-js":
      value = grpcJsEncode(d);
      break;
    case "envoy":
      value = envoyEncode(d / 1_000_000n);
      break;
    case "connect":
      name = "connect-timeout-ms";
      value = String(msEncode(d, 0, CONNECT_TIMEOUT_MAX_MS));
      break;
    default:
      throw new InvalidArgumentError(
        `unknown implementation ${show(implementation)}: use grpc-go, grpc-js, envoy or connect`,
      );
  }
  let decodedNs: bigint | undefined;
  try {
    decodedNs = name === "grpc-timeout" ? decodeGrpcTimeout(value) : decodeConnectTimeoutMs(value);
  } catch {
    decodedNs = undefined;
  }
  return { implementation, name, value, decodedNs, errorNs: decodedNs === undefined ? undefined : decodedNs - d };
}

// grpc-js: amount = ms / factor for m S M H; the first amount < 1e8 is sent as ceil(amount).
// Exact rational arithmetic here (grpc-js uses doubles; they agree except within float rounding).
function grpcJsEncode(ns: bigint): string {
  const ms = (ns + 999_999n) / 1_000_000n;
  const factors: [string, bigint][] = [["m", 1n], ["S", 1_000n], ["M", 60_000n], ["H", 3_600_000n]];
  for (const [unit, f] of factors) {
    if (ms < 100_000_000n * f) return String((ms + f - 1n) / f) + unit;
  }
  return String((ms + 3_599_999n) / 3_600_000n) + "H";
}

// Envoy: from whole ms, divide by 1000 then 60 then 60 while the value exceeds 8 digits; clip at
// 99999999 H.
function envoyEncode(ms: bigint): string {
  const max = 99_999_999n;
  let t = ms;
  const units = ["m", "S", "M", "H"];
  let u = 0;
  if (t > max) {
    t /= 1000n;
    u++;
  }
  while (t > max) {
    if (u === 3) {
      t = max;
      break;
    }
    t /= 60n;
    u++;
  }
  return String(t) + units[u];
}
