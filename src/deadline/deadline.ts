// Deadline: a point on a monotonic clock, with conversions from and to timeout headers.
import { checkI64, checkOptions, I64_MAX, I64_MIN, show } from "../check.ts";
// Saturating sums in plain bigint (./arith.ts), under the core's name: Deadline needs no WebAssembly.
import { deadlineArith as core } from "./arith.ts";
import {
  ClockmathError,
  DeadlineExceededError,
  InvalidArgumentError,
  MalformedHeaderError,
  OutOfRangeError,
} from "../errors.ts";
import { checkClock, defaultClock, defaultWallClock, type MonotonicClock, readClock, type WallClock } from "./clock.ts";
import {
  checkDuration,
  decodeConnectTimeoutMs,
  decodeEnvoyExpectedTimeoutMs,
  decodeGrpcTimeout,
  encodeConnectTimeoutMs,
  encodeEnvoyExpectedTimeoutMs,
  encodeGrpcTimeout,
  type Rounding,
} from "./headers.ts";

/** Options that choose the monotonic clock a deadline runs on. */
export interface ClockOptions {
  /**
   * The monotonic clock, ns (default: see `defaultClock`). Inject one in tests or frozen-time
   * runtimes. A bigint instead of a function is a clock frozen at that reading (for calculations).
   */
  readonly now?: MonotonicClock | bigint;
}

/** How a remote clock relates to the local one, for deadlines stated on the remote clock. */
export interface RemoteClockOptions {
  /** Remote clock − local clock, ns (NTP's offset θ with the remote as server). Default 0. */
  readonly offsetNs?: bigint;
  /** Bound on |true offset − offsetNs|, ns (≥ 0). Default 0. */
  readonly errorNs?: bigint;
}

/** Options of `Deadline.at`: the clocks, the remote offset and its error bound. */
export interface AtOptions extends ClockOptions, RemoteClockOptions {
  /** The wall clock read once to anchor the deadline, Unix ns (default: see `defaultWallClock`). */
  readonly wallNow?: WallClock;
}

/** Options of `Deadline.child`: time kept back, and a cap on the child's timeout. */
export interface ChildOptions {
  /** Time kept back for this caller after the child call returns (answering, cleanup), ns ≥ 0. */
  readonly reserveNs?: bigint;
  /** Upper bound on the child's own timeout, ns ≥ 0. */
  readonly maxNs?: bigint;
}

/**
 * Which timeout headers `toHeaders` writes: grpc-timeout, connect-timeout-ms, x-envoy-expected-rq-timeout-ms, or all
 * three.
 */
export type HeaderKind = "grpc" | "connect" | "envoy" | "all";

/** Options of `Deadline.toHeaders`. */
export interface ToHeadersOptions {
  /** Default "down": a callee is never promised more time than is left. "up" matches grpc-go. */
  readonly rounding?: Rounding;
}

/** Timer functions for `signal()`; default globalThis.setTimeout / clearTimeout. */
export interface TimerSource {
  /** Calls `fn` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer `setTimeout` returned. */
  clearTimeout(handle: unknown): void;
}

/** Options of `Deadline.signal`: the timer functions to use (tests inject fakes). */
export interface SignalOptions {
  readonly timers?: TimerSource;
}

/** Anything header-like: Headers, Map, [name, value][] or a plain object (names case-insensitive). */
export type HeadersLike =
  | {
    /** The value of header `name`, or null / undefined when absent (as `Headers.get`). */
    get(name: string): string | null | undefined;
  }
  | Iterable<readonly [string, string]>
  | Record<string, string | readonly string[] | undefined>;

/** Greatest setTimeout delay (2^31 − 1 ms); longer waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The latest local Unix instant that is never after a remote deadline, given the remote clock's
 * offset from the local one (remote − local) and the error bound of that offset:
 * remoteUnixNs − offsetNs − errorNs. Saturates at the i64 bounds.
 */
export function remoteToLocal(remoteUnixNs: bigint, options: RemoteClockOptions = {}): bigint {
  options = checkOptions(options, "options");
  const r = checkI64(remoteUnixNs, "remoteUnixNs");
  const { offsetNs, errorNs } = remoteOptions(options);
  return clampI64(r - offsetNs - errorNs); // exact, then one saturation: the latest local instant that is safe
}

/** v limited to the i64 range (the operands are i64 bigints, so v itself is exact). */
function clampI64(v: bigint): bigint {
  return v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v;
}

function remoteOptions(o: RemoteClockOptions): { offsetNs: bigint; errorNs: bigint } {
  if (typeof o !== "object" || o === null) throw new InvalidArgumentError("options must be an object");
  const offsetNs = o.offsetNs === undefined ? 0n : checkI64(o.offsetNs, "offsetNs");
  const errorNs = o.errorNs === undefined ? 0n : checkDuration(o.errorNs, "errorNs");
  return { offsetNs, errorNs };
}

function clockOf(o: ClockOptions | undefined): MonotonicClock {
  if (o === undefined) return defaultClock;
  if (typeof o !== "object" || o === null) throw new InvalidArgumentError("options must be an object");
  if (o.now === undefined) return defaultClock;
  if (typeof o.now === "bigint") {
    const t = checkI64(o.now, "now");
    return () => t;
  }
  return checkClock(o.now, "now");
}

/** Passed by the factories to the private constructor, which refuses any other caller. */
const BUILD: unique symbol = Symbol("Deadline");

/**
 * A deadline on a monotonic clock. Create with `Deadline.after(timeoutNs)`, `Deadline.at(unixNs)`
 * or `Deadline.fromHeaders(headers)`. Stepping the wall clock after creation changes nothing.
 *
 * In deployed Cloudflare Workers the clock stands still during CPU work and moves on I/O, so
 * `remainingNs()` is the budget as of the last I/O (whole ms): CPU-bound code never sees it
 * shrink, an awaited fetch does (see `defaultClock`). Inject `now` to make a deadline
 * deterministic (tests, simulations, frozen-time runtimes).
 */
export class Deadline {
  /** Monotonic ns of the deadline on `clock`; I64_MAX for a deadline that never expires. */
  readonly monoNs: bigint;
  readonly clock: MonotonicClock;
  #signal: AbortSignal | undefined;

  private constructor(token: typeof BUILD, monoNs: bigint, clock: MonotonicClock) {
    // Plain JS can call a TypeScript-private constructor: refuse it rather than build a broken deadline.
    if (token !== BUILD) {
      throw new InvalidArgumentError(
        "Deadline has no public constructor: use Deadline.after(timeoutNs), Deadline.at(unixNs) or Deadline.fromHeaders(headers)",
      );
    }
    this.monoNs = monoNs;
    this.clock = clock;
  }

  /** A deadline `timeoutNs` (bigint ≥ 0) from now. Saturates at the end of the clock's i64 range. */
  static after(timeoutNs: bigint, options?: ClockOptions): Deadline {
    const t = checkDuration(timeoutNs, "timeoutNs");
    const clock = clockOf(options);
    return new Deadline(BUILD, core().satAdd(readClock(clock, "now"), t), clock);
  }

  /**
   * A deadline at Unix ns `unixNs`, optionally given on a remote clock (`offsetNs` = remote − local,
   * ± `errorNs`; then the local deadline is the latest instant never after the true one, see
   * `remoteToLocal`). The wall clock is read once, here; the deadline then lives on the monotonic
   * clock.
   */
  static at(unixNs: bigint, options: AtOptions = {}): Deadline {
    options = checkOptions(options, "options");
    const r = checkI64(unixNs, "unixNs");
    const { offsetNs, errorNs } = remoteOptions(options);
    const clock = clockOf(options);
    const wall = options.wallNow === undefined ? defaultWallClock : checkClock(options.wallNow, "wallNow");
    const mono = readClock(clock, "now");
    // exact in bigint, saturated once: stepwise saturation would move a representable answer
    return new Deadline(BUILD, clampI64(mono + (r - offsetNs - errorNs - readClock(wall, "wallNow"))), clock);
  }

  /** A deadline that never expires (no timeout header): remainingNs() is the i64 maximum. */
  static never(options?: ClockOptions): Deadline {
    return new Deadline(BUILD, I64_MAX, clockOf(options));
  }

  /**
   * The deadline carried by request headers, measured from now: the tightest of grpc-timeout,
   * connect-timeout-ms and x-envoy-expected-rq-timeout-ms present, or `undefined` when none is.
   * A malformed value throws MalformedHeaderError ("malformed-header").
   */
  static fromHeaders(headers: HeadersLike, options?: ClockOptions): Deadline | undefined {
    const clock = clockOf(options);
    const get = headerGetter(headers);
    let best: bigint | undefined;
    const take = (name: string, decode: (s: string) => bigint): void => {
      const v = get(name);
      if (v === undefined) return;
      const ns = decode(v);
      if (best === undefined || ns < best) best = ns;
    };
    take("grpc-timeout", decodeGrpcTimeout);
    take("connect-timeout-ms", decodeConnectTimeoutMs);
    take("x-envoy-expected-rq-timeout-ms", decodeEnvoyExpectedTimeoutMs);
    if (best === undefined) return undefined;
    return new Deadline(BUILD, core().satAdd(readClock(clock, "now"), best), clock);
  }

  /** True for a deadline made by `never()` (or saturated at the end of the clock). */
  get isNever(): boolean {
    return this.monoNs === I64_MAX;
  }

  /** Nanoseconds left, never negative (0 once expired). I64_MAX for `never()`. */
  remainingNs(): bigint {
    if (this.monoNs === I64_MAX) return I64_MAX;
    const left = core().satSub(this.monoNs, readClock(this.clock, "now"));
    return left > 0n ? left : 0n;
  }

  /** Nanoseconds past the deadline (0 while it is still ahead). */
  overdueNs(): bigint {
    if (this.monoNs === I64_MAX) return 0n;
    const over = core().satSub(readClock(this.clock, "now"), this.monoNs);
    return over > 0n ? over : 0n;
  }

  /** True once the clock has reached the deadline. */
  expired(): boolean {
    return this.monoNs !== I64_MAX && readClock(this.clock, "now") >= this.monoNs;
  }

  /**
   * Throws DeadlineExceededError ("deadline-exceeded") when expired; `what` (a string) names the
   * deadline in the message.
   */
  check(what = "deadline"): void {
    if (typeof what !== "string") throw new InvalidArgumentError(`what must be a string, got ${show(what)}`);
    if (this.expired()) throw new DeadlineExceededError(`${what} exceeded ${this.overdueNs()} ns ago`);
  }

  /**
   * A tighter deadline for a downstream call on the same clock: this deadline minus `reserveNs`,
   * and no later than `maxNs` from now.
   */
  child(options: ChildOptions = {}): Deadline {
    options = checkOptions(options, "options");
    const reserve = options.reserveNs === undefined ? 0n : checkDuration(options.reserveNs, "reserveNs");
    const c = core();
    let mono = this.monoNs === I64_MAX ? I64_MAX : c.satSub(this.monoNs, reserve);
    if (options.maxNs !== undefined) {
      const cap = c.satAdd(readClock(this.clock, "now"), checkDuration(options.maxNs, "maxNs"));
      if (cap < mono) mono = cap;
    }
    return new Deadline(BUILD, mono, this.clock);
  }

  /** The earlier of this deadline and `other` (which must use the same clock). */
  min(other: Deadline): Deadline {
    if (!(other instanceof Deadline)) throw new InvalidArgumentError("other must be a Deadline");
    if (other.clock !== this.clock) throw new InvalidArgumentError("deadlines on different clocks cannot be compared");
    return other.monoNs < this.monoNs ? other : this;
  }

  /**
   * Headers carrying the remaining time to a callee: `grpc` (grpc-timeout), `connect`
   * (connect-timeout-ms), `envoy` (x-envoy-expected-rq-timeout-ms) or `all`. Rounds down by default.
   * An expired deadline throws DeadlineExceededError: there is no time left to send; a `never()`
   * deadline yields no headers.
   */
  toHeaders(kind: HeaderKind = "grpc", options: ToHeadersOptions = {}): Record<string, string> {
    options = checkOptions(options, "options");
    if (kind !== "grpc" && kind !== "connect" && kind !== "envoy" && kind !== "all") {
      throw new InvalidArgumentError(`kind must be "grpc", "connect", "envoy" or "all", got ${show(kind)}`);
    }
    if (typeof options !== "object" || options === null) throw new InvalidArgumentError("options must be an object");
    const rounding = options.rounding ?? "down";
    if (rounding !== "up" && rounding !== "down") throw new InvalidArgumentError(`rounding must be "up" or "down"`);
    if (this.isNever) return {};
    const left = this.remainingNs();
    if (left === 0n) {
      throw new DeadlineExceededError(`deadline exceeded ${this.overdueNs()} ns ago; nothing left to propagate`);
    }
    const out: Record<string, string> = {};
    if (kind === "grpc" || kind === "all") out["grpc-timeout"] = encodeGrpcTimeout(left, { rounding });
    if (kind === "connect" || kind === "all") {
      try {
        out["connect-timeout-ms"] = encodeConnectTimeoutMs(left, { rounding });
      } catch (e) {
        if (e instanceof OutOfRangeError) {
          throw new DeadlineExceededError(`only ${left} ns left: under the 1 ms Connect-Timeout-Ms can carry`);
        }
        throw e;
      }
    }
    if (kind === "envoy" || kind === "all") {
      out["x-envoy-expected-rq-timeout-ms"] = encodeEnvoyExpectedTimeoutMs(left, { rounding });
    }
    return out;
  }

  /**
   * An AbortSignal that aborts at the deadline and not before, with a DeadlineExceededError as
   * its reason. Timers may fire early (clamping, coarse clocks, rounding to ms); each firing
   * re-reads the clock and re-arms for what is left, so the abort never precedes the deadline on
   * this deadline's clock. Waits longer than 2^31 − 1 ms are chained. In Node the timer is unref'd
   * (like AbortSignal.timeout). The same signal is returned on every call with default timers.
   *
   * Errors while creating the signal (a bad clock reading, timers that throw) throw here. Once a
   * timer is armed, an error in its callback never reaches the event loop: the signal aborts with
   * that error as its reason when it is a ClockmathError (e.g. InvalidArgumentError for a clock
   * that started returning a non-bigint), or else with an InvalidArgumentError whose `cause` is
   * what was thrown.
   */
  signal(options: SignalOptions = {}): AbortSignal {
    options = checkOptions(options, "options");
    const custom = options.timers !== undefined;
    if (!custom && this.#signal !== undefined) return this.#signal;
    const timers = custom ? checkTimers(options.timers) : defaultTimers();
    const ctl = new AbortController();
    const reason = (): DeadlineExceededError => new DeadlineExceededError(`deadline exceeded`);
    if (this.expired()) {
      ctl.abort(reason());
    } else if (!this.isNever) {
      const arm = (): void => {
        const left = this.remainingNs();
        if (left === 0n) {
          ctl.abort(reason());
          return;
        }
        // ceil to whole ms so that a timer that fires on time lands at or after the deadline.
        const ms = Number((left + 999_999n) / 1_000_000n);
        const h = timers.setTimeout(fire, Math.min(ms, MAX_TIMER_MS));
        (h as { unref?: () => void } | undefined)?.unref?.();
      };
      // the timer's entry point: whatever goes wrong ends up as the signal's reason
      const fire = (): void => {
        if (ctl.signal.aborted) return;
        try {
          arm();
        } catch (e) {
          if (!ctl.signal.aborted) ctl.abort(timerFailure(e));
        }
      };
      arm();
    }
    if (!custom) this.#signal = ctl.signal;
    return ctl.signal;
  }
}

/** A ClockmathError for an error thrown inside signal()'s timer callback (kept when it is one). */
function timerFailure(e: unknown): ClockmathError {
  if (e instanceof ClockmathError) return e;
  const err = new InvalidArgumentError(
    `signal(): the clock or timers threw in the timer callback: ${e instanceof Error ? show(e.message) : show(e)}`,
  );
  Object.defineProperty(err, "cause", { value: e, configurable: true, writable: true });
  return err;
}

function defaultTimers(): TimerSource {
  const g = globalThis as { setTimeout?: (fn: () => void, ms: number) => unknown; clearTimeout?: (h: unknown) => void };
  if (typeof g.setTimeout !== "function") {
    throw new InvalidArgumentError("no setTimeout in this runtime: pass { timers }");
  }
  return {
    setTimeout: (fn, ms) => g.setTimeout!(fn, ms),
    clearTimeout: (h) => g.clearTimeout?.(h),
  };
}

function checkTimers(t: unknown): TimerSource {
  if (typeof t !== "object" || t === null || typeof (t as TimerSource).setTimeout !== "function") {
    throw new InvalidArgumentError("timers must be { setTimeout(fn, ms), clearTimeout(handle) }");
  }
  return t as TimerSource;
}

function headerGetter(h: HeadersLike): (name: string) => string | undefined {
  if (typeof h !== "object" || h === null) {
    throw new InvalidArgumentError("headers must be a Headers, Map, entries or object");
  }
  if (typeof (h as { get?: unknown }).get === "function" && !(h instanceof Map)) {
    const hh = h as { get(name: string): string | null | undefined };
    return (name) => {
      const v = hh.get(name);
      return v === null || v === undefined ? undefined : v;
    };
  }
  const map = new Map<string, string>();
  const add = (k: unknown, v: unknown): void => {
    if (typeof k !== "string") return;
    const key = k.toLowerCase();
    let val: string;
    if (typeof v === "string") val = v;
    else if (Array.isArray(v)) {
      if (v.length === 0) return;
      if (v.length > 1) {
        throw new MalformedHeaderError(key, `sent ${v.length} times; a timeout header must appear once`);
      }
      if (typeof v[0] !== "string") throw new MalformedHeaderError(key, "value must be a string");
      val = v[0];
    } else if (v === undefined) return;
    else throw new MalformedHeaderError(key, `value must be a string, got ${typeof v}`);
    if (map.has(key)) throw new MalformedHeaderError(key, "sent more than once; a timeout header must appear once");
    map.set(key, val);
  };
  if (h instanceof Map || typeof (h as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const e of h as Iterable<unknown>) {
      if (!Array.isArray(e) || e.length !== 2) {
        throw new InvalidArgumentError("header entries must be [name, value] pairs");
      }
      add(e[0], e[1]);
    }
  } else {
    for (const [k, v] of Object.entries(h)) add(k, v);
  }
  return (name) => map.get(name);
}
