// Monotonic clocks for deadlines. A deadline is a point on a monotonic clock, never on the wall
// clock: NTP steps, manual changes and leap smears move Date.now() but not these.
import { checkI64, I64_MAX } from "../check.ts";
import { InvalidArgumentError } from "../errors.ts";
import { runtimeMonotonicClock, runtimeWallClockNs } from "../time/clock.ts";

/** A monotonic clock: nanoseconds from an arbitrary origin, never decreasing. */
export type MonotonicClock = () => bigint;

/** A wall clock: Unix nanoseconds (may jump). Read once, when a Deadline.at is anchored. */
export type WallClock = () => bigint;

/**
 * The runtime's monotonic clock in ns, chosen once (src/time/clock.ts, runtimeMonotonicClock):
 *  - Node, Bun, Deno 2 (global `process`) and workerd with nodejs_compat: `process.hrtime.bigint()`,
 *    integer nanoseconds (resolution of the OS monotonic clock, typically ≤ 1 µs).
 *  - otherwise `performance.now()` (ms as a double), scaled to ns and never backwards. Browsers
 *    coarsen it (5 µs with cross-origin isolation, 100 µs or more without).
 *  - workerd (Cloudflare Workers): performance.now() has whole-millisecond resolution (it follows
 *    Date.now()), and in deployed Workers both return the time of the last I/O: they stand still
 *    while JavaScript runs and advance only when the worker waits (fetch, timers, …), a Spectre
 *    mitigation. `remainingNs()` there means the budget left as of the last I/O: CPU work alone
 *    never shrinks it, an awaited fetch or timer does. Local workerd (miniflare 4, see
 *    test/runtime/deadline-workerd.mjs) was seen advancing during CPU work, so do not rely on
 *    either behaviour; use `expired()` after each await. Outside a request (module scope) workerd's
 *    clocks read 0 or a startup value: create deadlines inside the request handler.
 * A runtime with neither has no default: reading it throws `invalid-argument` (pass `{ now }`).
 */
export const defaultClock: MonotonicClock = runtimeMonotonicClock()?.now ?? (() => {
  throw new InvalidArgumentError("no monotonic clock in this runtime: pass { now } explicitly");
});

/**
 * The wall clock used once to anchor Deadline.at: performance.timeOrigin + performance.now() where
 * available (µs-level), else Date.now() (ms). Only the difference to the deadline at creation is
 * taken from it; everything after runs on the monotonic clock.
 */
export const defaultWallClock: WallClock = runtimeWallClockNs;

/** Validates a user-supplied clock option (must be a function). */
export function checkClock(c: unknown, name: string): MonotonicClock {
  if (typeof c !== "function") {
    throw new InvalidArgumentError(`${name} must be a function returning bigint nanoseconds`);
  }
  return c as MonotonicClock;
}

/** Reads a clock and validates what it returns. */
export function readClock(c: MonotonicClock, name: string): bigint {
  return checkI64(c(), `${name}()`);
}

/**
 * A clock that never goes backwards even when its source does: a reading below the last value
 * returned yields that value + 1 ns, and the correction is counted. Use it around a clock you do
 * not trust (a wall clock, a VM clock after migration, a clock fed by messages).
 *
 * @example
 * const g = new MonotonicGuard(() => BigInt(Date.now()) * 1_000_000n);
 * const d = Deadline.after(5_000_000_000n, { now: g.now });
 */
export class MonotonicGuard {
  readonly #source: () => bigint;
  #last: bigint | undefined;
  #lastRaw: bigint | undefined;
  #corrections = 0;
  #maxBack = 0n;

  constructor(source: () => bigint) {
    this.#source = checkClock(source, "source");
  }

  /** The guarded reading (bound: pass `guard.now` as a clock). */
  readonly now = (): bigint => {
    const raw = readClock(this.#source, "source");
    const prevRaw = this.#lastRaw;
    this.#lastRaw = raw;
    if (prevRaw !== undefined && raw < prevRaw && prevRaw - raw > this.#maxBack) this.#maxBack = prevRaw - raw;
    const last = this.#last;
    if (last !== undefined && raw < last) {
      this.#corrections++;
      // last + 1 stays in i64 unless last is the i64 maximum; hold there in that case.
      this.#last = last === I64_MAX ? last : last + 1n;
      return this.#last;
    }
    this.#last = raw;
    return raw;
  };

  /** How many readings were corrected because the source went backwards. */
  get corrections(): number {
    return this.#corrections;
  }
  /** The largest single backward step of the source between two readings, ns (0 if none). */
  get maxBackwardStepNs(): bigint {
    return this.#maxBack;
  }
  /** The last value returned, or undefined before the first reading. */
  get lastReadingNs(): bigint | undefined {
    return this.#last;
  }
}
