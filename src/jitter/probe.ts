// measureTimerJitter: how late a runtime's timers fire, measured against its best monotonic clock.
import { checkInt, I64_MAX, show } from "../check.ts";
import { ClockmathError, InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { LatencyHistogram } from "./histogram.ts";
import { dateNowNs, runtimeMonotonicClock } from "../time/clock.ts";
import { core } from "../core/loader.ts";

/** The timer APIs the probe knows. */
/**
 * The timers the probe measures. `setImmediate` (Node, Bun, Deno) takes no delay: its intervalNs
 * must be 0 and its lateness is the time from scheduling to running (one turn of the event loop).
 */
export type TimerApi = "setTimeout" | "setInterval" | "setImmediate" | "postTask" | "requestAnimationFrame";
/** Every timer `measureTimerJitter` can probe, by its `api` name. */
export const TIMER_APIS: readonly TimerApi[] = [
  "setTimeout",
  "setInterval",
  "setImmediate",
  "postTask",
  "requestAnimationFrame",
];

/** Largest interval the probe schedules: 60 s. */
export const MAX_PROBE_INTERVAL_NS = 60_000_000_000n;
/** Largest number of firings in one probe. */
export const MAX_PROBE_SAMPLES = 1_000_000;
/** Clock reads spent looking for the clock to advance before declaring that it stands still. */
const RESOLUTION_MAX_READS = 2_000_000;
/** Clock steps collected to estimate resolution. */
const RESOLUTION_STEPS = 32;
/**
 * Firings summarized per slice (recorded into the histogram and counted against the threshold) before the probe
 * gives the event loop a turn: a 1e6-sample run is summarized in 16 short tasks, not one long one.
 */
const SUMMARY_SLICE = 65_536;

/** A monotonic clock reading in ns. */
export interface ProbeClock {
  /** Reads the clock, ns; only differences between readings matter. */
  readonly now: () => bigint;
  /** What it reads: "process.hrtime.bigint", "performance.now", "Date.now" or a caller's name. */
  readonly source: string;
}

/** The clock a jitter probe measured with: what it reads and its measured resolution. */
export interface ClockReport {
  readonly source: string;
  /**
   * Smallest step seen between consecutive differing reads (ns): the clock's resolution, or the
   * cost of one read when that is larger. Undefined when the clock stood still.
   */
  readonly resolutionNs?: bigint;
  /** False when RESOLUTION_MAX_READS reads in one synchronous run all returned the same value. */
  readonly advancesDuringExecution: boolean;
}

/** Options of `measureTimerJitter`: which timer, how often, how many firings, and the lateness threshold. */
export interface TimerJitterOptions {
  readonly api: TimerApi;
  /**
   * Requested delay or period, ns, in [0, 60 s]; passed to the timer as ms (a fraction where the API takes one). For
   * requestAnimationFrame: the expected frame period.
   */
  readonly intervalNs: bigint;
  /** Firings to measure, 1 … 1e6. */
  readonly samples: number;
  /** Firings later than this count as late in the summary; default 1 ms. */
  readonly thresholdNs?: bigint;
  /** Override the clock (tests, or a clock of your own); default: the runtime's best. */
  readonly clock?: ProbeClock;
  /** Stops the probe; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** One row of a jitter table. Lateness values are ns; negative means the timer fired early. */
export interface TimerJitterSummary {
  readonly api: TimerApi;
  readonly intervalNs: bigint;
  readonly samples: number;
  readonly p50Ns: bigint;
  readonly p99Ns: bigint;
  readonly p999Ns: bigint;
  /** Exact largest lateness. */
  readonly maxNs: bigint;
  readonly thresholdNs: bigint;
  /** Firings with lateness > thresholdNs (exact count from the raw values). */
  readonly lateCount: number;
  /** lateCount / samples. */
  readonly lateShare: number;
  readonly clockResolutionNs?: bigint;
}

/**
 * The answer of `measureTimerJitter`: the lateness of each firing and a summary, or why the probe could not measure.
 */
export type TimerJitterResult =
  | {
    readonly status: "ok";
    readonly api: TimerApi;
    readonly clock: ClockReport;
    /** Lateness of each firing in order, ns. */
    readonly latenessNs: BigInt64Array;
    /** All firings; the caller owns it (dispose() when done). */
    readonly histogram: LatencyHistogram;
    readonly summary: TimerJitterSummary;
  }
  | {
    /** The clock did not advance while code ran (workerd: time moves only between I/O events). */
    readonly status: "clock-stands-still";
    readonly api: TimerApi;
    readonly clock: ClockReport;
    readonly message: string;
  };

type G = typeof globalThis & {
  scheduler?: { postTask?: (cb: () => void, o?: { delay?: number; signal?: AbortSignal }) => Promise<unknown> };
  requestAnimationFrame?: (cb: (t: number) => void) => number;
  setImmediate?: (cb: () => void) => unknown;
  clearImmediate?: (id: unknown) => void;
  cancelAnimationFrame?: (id: number) => void;
  MessageChannel?: new () => {
    port1: { onmessage: ((e: unknown) => void) | null; close(): void };
    port2: { postMessage(m: unknown): void; close(): void };
  };
};

/**
 * One turn of the event loop (a macrotask, so rendering and input run), taken between the probe's own slices
 * of work and never inside a timed span: setImmediate where there is one, else a MessageChannel message (no
 * nested-timer clamp), else setTimeout 0.
 */
function nextTurn(): Promise<void> {
  const g = globalThis as G;
  if (typeof g.setImmediate === "function") return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === "function") {
    const c = new g.MessageChannel();
    return new Promise((resolve) => {
      c.port1.onmessage = () => {
        c.port1.close();
        c.port2.close();
        resolve();
      };
      c.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The runtime's best monotonic clock (src/time/clock.ts, runtimeMonotonicClock):
 * process.hrtime.bigint(), else performance.now() (as exact ns, never backwards), else Date.now().
 */
export function bestClock(): ProbeClock {
  return runtimeMonotonicClock() ?? { now: dateNowNs, source: "Date.now" };
}

/** Which timer APIs this runtime has. */
export function availableTimerApis(): TimerApi[] {
  const g = globalThis as G;
  return TIMER_APIS.filter((a) =>
    a === "setTimeout"
      ? typeof g.setTimeout === "function"
      : a === "setInterval"
      ? typeof g.setInterval === "function"
      : a === "setImmediate"
      ? typeof g.setImmediate === "function" && typeof g.clearImmediate === "function"
      : a === "postTask"
      ? typeof g.scheduler?.postTask === "function"
      : typeof g.requestAnimationFrame === "function"
  );
}

/** Throws `invalid-argument` unless `clock` is `{ now: () => bigint, source: string }`. */
function checkProbeClock(clock: unknown, name: string): ProbeClock {
  if (
    typeof clock !== "object" || clock === null || typeof (clock as ProbeClock).now !== "function" ||
    typeof (clock as ProbeClock).source !== "string"
  ) {
    throw new InvalidArgumentError(`${name} must be { now: () => bigint, source: string }, got ${show(clock)}`);
  }
  return clock as ProbeClock;
}

/**
 * One reading of a probe clock, checked: a bigint in i64, else `invalid-argument`. An error the
 * clock itself throws comes back as an InvalidArgumentError with the original as its `cause`, so
 * that a probe's promise only ever rejects with a ClockmathError.
 */
function readProbeClock(clock: ProbeClock): bigint {
  let v: unknown;
  try {
    v = clock.now();
  } catch (e) {
    throw asClockmathError(e, `${clock.source}: now() threw`);
  }
  if (typeof v !== "bigint" || v < -I64_MAX - 1n || v > I64_MAX) {
    throw new InvalidArgumentError(`${clock.source}: now() must return bigint ns in i64, got ${show(v)}`);
  }
  return v;
}

/** e itself when it is a ClockmathError, else an InvalidArgumentError saying `what`, with e as its cause. */
function asClockmathError(e: unknown, what: string): ClockmathError {
  if (e instanceof ClockmathError) return e;
  const err = new InvalidArgumentError(`${what}: ${e instanceof Error ? show(e.message) : show(e)}`);
  Object.defineProperty(err, "cause", { value: e, configurable: true, writable: true });
  return err;
}

/**
 * Reads the clock in a tight loop: its smallest step, or that it stands still. Throws
 * `invalid-argument` for a clock that is not `{ now: () => bigint, source: string }` or a reading
 * that is not a bigint in i64.
 */
export function measureClockResolution(clock: ProbeClock = bestClock()): ClockReport {
  clock = checkProbeClock(clock, "clock");
  let prev = readProbeClock(clock);
  let best: bigint | undefined;
  let steps = 0;
  for (let i = 0; i < RESOLUTION_MAX_READS && steps < RESOLUTION_STEPS; i++) {
    const t = readProbeClock(clock);
    if (t !== prev) {
      const d = t - prev;
      if (d > 0n && (best === undefined || d < best)) best = d;
      steps++;
      prev = t;
    }
  }
  return best === undefined
    ? { source: clock.source, advancesDuringExecution: false }
    : { source: clock.source, resolutionNs: best, advancesDuringExecution: true };
}

/**
 * Measures how late `samples` firings of a timer API come, in ns against the best monotonic clock.
 *   setTimeout / postTask: a chain of one-shot delays; lateness = elapsed − intervalNs.
 *   setInterval: one periodic timer; lateness of firing k = now − (start + k·intervalNs), so drift
 *   accumulates the way the API lets it.
 *   requestAnimationFrame: lateness = frame-to-frame time − intervalNs (the expected frame period).
 * In a runtime whose clock stands still during execution (workerd) it resolves to
 * `{ status: "clock-stands-still" }` instead of reporting zeros. Throws `invalid-argument` for an
 * API this runtime lacks or bad options. Runs in real time: about samples × interval.
 *
 * @example
 * const r = await measureTimerJitter({ api: "setTimeout", intervalNs: 1_000_000n, samples: 200 });
 * if (r.status === "ok") console.log(r.summary.p99Ns, r.summary.lateShare);
 */
export async function measureTimerJitter(options: TimerJitterOptions): Promise<TimerJitterResult> {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("measureTimerJitter takes an options object");
  }
  const { api, intervalNs, samples } = options;
  if (!TIMER_APIS.includes(api)) {
    throw new InvalidArgumentError(`api must be one of ${TIMER_APIS.join(", ")}, got ${show(api)}`);
  }
  if (typeof intervalNs !== "bigint") throw new InvalidArgumentError("intervalNs must be a bigint of ns");
  if (intervalNs < 0n || intervalNs > MAX_PROBE_INTERVAL_NS) {
    throw new OutOfRangeError(`intervalNs = ${intervalNs} is outside [0, ${MAX_PROBE_INTERVAL_NS}]`);
  }
  checkInt(samples, 1, MAX_PROBE_SAMPLES, "samples");
  const thresholdNs = options.thresholdNs ?? 1_000_000n;
  if (typeof thresholdNs !== "bigint" || thresholdNs < -I64_MAX || thresholdNs > I64_MAX) {
    throw new InvalidArgumentError("thresholdNs must be a bigint of ns in i64");
  }
  if (!availableTimerApis().includes(api)) {
    throw new InvalidArgumentError(
      `${api} is not available in this runtime (available: ${availableTimerApis().join(", ")})`,
    );
  }
  if (api === "setImmediate" && intervalNs !== 0n) {
    throw new InvalidArgumentError(`setImmediate takes no delay: intervalNs must be 0n, got ${intervalNs}`);
  }
  const clock = options.clock === undefined ? bestClock() : checkProbeClock(options.clock, "clock");
  const signal = options.signal;
  if (
    signal !== undefined &&
    (typeof signal !== "object" || signal === null || typeof signal.addEventListener !== "function" ||
      typeof signal.removeEventListener !== "function" || typeof signal.throwIfAborted !== "function")
  ) {
    throw new InvalidArgumentError(`signal must be an AbortSignal, got ${show(signal)}`);
  }
  // aborted already, or during the resolution reads: the reason, not a clock-stands-still answer
  signal?.throwIfAborted();
  const report = measureClockResolution(clock);
  signal?.throwIfAborted();
  if (!report.advancesDuringExecution) {
    return {
      status: "clock-stands-still",
      api,
      clock: report,
      message: `${clock.source} did not advance over ${RESOLUTION_MAX_READS} reads in one run of code: this runtime ` +
        "freezes its clock during execution (as workerd does, against timing side channels), so timer lateness cannot be measured here",
    };
  }
  // the resolution reads and the first firing in separate tasks: neither adds to the other's block
  await nextTurn();
  signal?.throwIfAborted();
  const late = new BigInt64Array(samples);
  const ms = Number(intervalNs) / 1e6;
  await new Promise<void>((resolve, reject) => {
    let k = 0;
    let cancel: () => void = () => {};
    // set once the promise is settled (done, failed or aborted): later callbacks do nothing
    let settled = false;
    const onAbort = () => {
      settled = true;
      cancel();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const fail = (e: unknown) => {
      cancel();
      signal?.removeEventListener("abort", onAbort);
      reject(e);
    };
    // Every timer callback runs inside `guard`: a clock that throws or returns junk mid-probe
    // rejects the promise with a ClockmathError; nothing is thrown into the event loop.
    const guard = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A): void => {
      if (settled) return;
      try {
        fn(...a);
      } catch (e) {
        settled = true;
        fail(asClockmathError(e, "measureTimerJitter: a timer callback failed"));
      }
    };
    // lateness into its i64 slot, refused (not wrapped) when a clock jumps by more than i64
    const put = (v: bigint): void => {
      if (v < -I64_MAX - 1n || v > I64_MAX) {
        throw new OutOfRangeError(`lateness ${v} ns is outside i64: the clock jumped`);
      }
      late[k] = v;
    };
    const g = globalThis as G;
    if (api === "setInterval") {
      const start = readProbeClock(clock);
      const id = setInterval(
        guard(() => {
          put(readProbeClock(clock) - (start + BigInt(k + 1) * intervalNs));
          if (++k === samples) {
            clearInterval(id);
            settled = true;
            done();
          }
        }),
        ms,
      );
      cancel = () => clearInterval(id);
    } else if (api === "requestAnimationFrame") {
      let prev: bigint | undefined;
      let id = 0;
      const frame = guard(() => {
        const t = readProbeClock(clock);
        if (prev !== undefined) {
          put(t - prev - intervalNs);
          if (++k === samples) {
            settled = true;
            return done();
          }
        }
        prev = t;
        id = g.requestAnimationFrame!(frame);
      });
      id = g.requestAnimationFrame!(frame);
      cancel = () => g.cancelAnimationFrame?.(id);
    } else {
      let id: ReturnType<typeof setTimeout> | undefined;
      let immediate: unknown;
      let stopped = false;
      // withdraws a pending postTask task, which would otherwise stay queued (up to 60 s) holding the probe
      const tasks = api === "postTask" ? new AbortController() : undefined;
      cancel = () => {
        stopped = true;
        if (id !== undefined) clearTimeout(id);
        if (immediate !== undefined) g.clearImmediate!(immediate);
        tasks?.abort();
      };
      const arm = () => {
        const t0 = readProbeClock(clock);
        const fire = guard(() => {
          if (stopped) return;
          put(readProbeClock(clock) - t0 - intervalNs);
          if (++k === samples) {
            settled = true;
            return done();
          }
          arm();
        });
        if (api === "setTimeout") id = setTimeout(fire, ms);
        else if (api === "setImmediate") immediate = g.setImmediate!(fire);
        else {g.scheduler!.postTask!(fire, { delay: ms, signal: tasks!.signal }).catch(guard((e: unknown) => {
            throw e;
          }));}
      };
      guard(arm)();
    }
  });
  // The summary, after the last firing (nothing timed is left), in slices with a turn of the event loop
  // between them: the core (compiled here on its first use), the histogram's block, then SUMMARY_SLICE firings
  // at a time, then the percentiles. The values are those of one pass over `late`.
  await nextTurn();
  signal?.throwIfAborted();
  core();
  await nextTurn();
  signal?.throwIfAborted();
  const histogram = new LatencyHistogram({ lowestDiscernibleNs: 1n, significantDigits: 3, autoResize: true });
  let lateCount = 0;
  try {
    for (let from = 0; from < samples; from += SUMMARY_SLICE) {
      await nextTurn();
      signal?.throwIfAborted();
      const to = Math.min(samples, from + SUMMARY_SLICE);
      histogram.recordMany(late.subarray(from, to));
      for (let i = from; i < to; i++) if (late[i] > thresholdNs) lateCount++;
    }
    await nextTurn();
    signal?.throwIfAborted();
  } catch (e) {
    histogram.dispose();
    throw e;
  }
  const summary: TimerJitterSummary = {
    api,
    intervalNs,
    samples,
    p50Ns: histogram.percentile(50),
    p99Ns: histogram.percentile(99),
    p999Ns: histogram.percentile(99.9),
    maxNs: histogram.max!,
    thresholdNs,
    lateCount,
    lateShare: lateCount / samples,
    ...(report.resolutionNs === undefined ? {} : { clockResolutionNs: report.resolutionNs }),
  };
  return { status: "ok", api, clock: report, latenessNs: late, histogram, summary };
}
