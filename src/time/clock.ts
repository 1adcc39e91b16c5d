// The runtime's clocks, found once: which monotonic clock a runtime has, and performance.now()'s
// milliseconds as integer nanoseconds. Deadlines (src/deadline/clock.ts) and the timer-jitter probe
// (src/jitter/probe.ts) both read time through here.

/**
 * A performance.now() reading (ms, a double) as integer ns, exactly as the double says: whole ms
 * and the fraction apart. Scaling the whole reading by 1e6 first rounds it to a 256 ns grid once
 * it counts from the Unix epoch (workerd), and a clock stepping in whole ms then reads 999936 ns steps.
 */
export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6)); // ms − whole is exact
}

/** Where a runtime monotonic clock reads its time. */
export type MonotonicSource = "process.hrtime.bigint" | "performance.now";

/** A monotonic clock of the runtime: ns from an arbitrary origin, never decreasing, and what it reads. */
export interface RuntimeMonotonicClock {
  readonly now: () => bigint;
  readonly source: MonotonicSource;
}

interface Hrtime {
  bigint?: () => bigint;
}
interface Perf {
  now?: () => number;
  timeOrigin?: number;
}
/** The globals the clocks are read from (globalThis; a stand-in in tests). */
export type ClockGlobals = { process?: { hrtime?: Hrtime }; performance?: Perf };

/**
 * The runtime's best monotonic clock, or undefined when it has none:
 *  - Node, Bun, Deno 2 (global `process`) and workerd with nodejs_compat: `process.hrtime.bigint()`,
 *    integer nanoseconds (resolution of the OS monotonic clock, typically ≤ 1 µs), taken only
 *    when a trial call returns a bigint.
 *  - otherwise `performance.now()` (ms as a double) as exact ns (msToNs), holding the largest value
 *    seen: performance.now() is monotonic by spec in browsers, but in workerd it follows Date.now()
 *    (wall time, the time of the last I/O), which may step back. Browsers coarsen it (5 µs with
 *    cross-origin isolation, 100 µs or more without); workerd counts whole milliseconds.
 * Each call builds a new clock (a performance.now() clock has its own high-water mark).
 */
export function runtimeMonotonicClock(g: ClockGlobals = globalThis as ClockGlobals): RuntimeMonotonicClock | undefined {
  const hrtime = g.process?.hrtime;
  const hr = hrtime?.bigint;
  if (typeof hr === "function") {
    try {
      if (typeof hr.call(hrtime) === "bigint") return { now: () => hr.call(hrtime), source: "process.hrtime.bigint" };
    } catch { /* not usable here: try performance.now() */ }
  }
  const perf = g.performance;
  if (perf !== undefined && typeof perf.now === "function") {
    let last = 0n;
    return {
      now: () => {
        const v = msToNs(perf.now!());
        if (v < last) return last;
        last = v;
        return v;
      },
      source: "performance.now",
    };
  }
  return undefined;
}

/**
 * The wall clock, Unix ns: performance.timeOrigin + performance.now() where available (µs-level),
 * else Date.now() (whole ms). May jump (NTP steps, manual changes, smears).
 */
export function runtimeWallClockNs(): bigint {
  const perf = (globalThis as ClockGlobals).performance;
  if (
    perf !== undefined && typeof perf.now === "function" && typeof perf.timeOrigin === "number" && perf.timeOrigin > 0
  ) {
    return BigInt(Math.round(perf.timeOrigin * 1e3)) * 1_000n + msToNs(perf.now());
  }
  return dateNowNs();
}

/** Date.now() as Unix ns (whole milliseconds). */
export function dateNowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
