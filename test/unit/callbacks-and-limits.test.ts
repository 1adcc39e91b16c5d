// Issue 11, findings 8, 9 (leap files) and 11 (the parser / timer parts): no callback of ours
// throws into the event loop, the leap parser counts to its line limit without splitting the
// text, and junk arguments get ClockmathErrors. Each test here failed before its fix.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dataDir } from "../data-dir.mjs";
import {
  allanDeviation,
  ClockmathError,
  Deadline,
  DeadlineExceededError,
  detectLeapFormat,
  InvalidArgumentError,
  LeapTable,
  measureClockResolution,
  measureTimerJitter,
} from "../../src/mod.ts";

const MS = 1_000_000n;
const S = 1_000_000_000n;
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof ClockmathError ? e.code : `not a ClockmathError: ${(e as Error)?.name}`;
  }
  return "none";
};

/** A clock that reads `t` (set by the test), or whatever `junk` holds once it is set. */
function turningClock() {
  const st = { t: 0n, junk: undefined as unknown, turned: false };
  const now = (): bigint => (st.turned ? st.junk : st.t) as bigint;
  return { st, now };
}

/** Timers the test fires by hand; `fire` calls the callback the way an event loop would. */
function handTimers() {
  const queue: (() => void)[] = [];
  return {
    queue,
    timers: {
      setTimeout: (fn: () => void) => {
        queue.push(fn);
        return queue.length;
      },
      clearTimeout: () => {},
    },
    fire: () => queue.shift()!(),
  };
}

describe("signal(): an error in the timer aborts the signal, never reaches the event loop", () => {
  it("a clock that starts returning a non-bigint: aborted with InvalidArgumentError", () => {
    // before: the timer callback threw InvalidArgumentError into the event loop (process exit)
    const c = turningClock();
    const t = handTimers();
    const d = Deadline.after(100n * MS, { now: c.now });
    const s = d.signal({ timers: t.timers });
    expect([s.aborted, t.queue.length]).toEqual([false, 1]);
    c.st.t = 50n * MS;
    c.st.turned = true;
    c.st.junk = 1.5;
    expect(() => t.fire()).not.toThrow();
    expect(s.aborted).toBe(true);
    expect(s.reason).toBeInstanceOf(InvalidArgumentError);
    expect((s.reason as ClockmathError).code).toBe("invalid-argument");
    expect((s.reason as Error).message).toMatch(/now\(\) must be a bigint/);
    expect(t.queue.length).toBe(0); // not re-armed
  });
  it("a clock or timers that throw a foreign error: aborted with an InvalidArgumentError carrying it as cause", () => {
    const boom = new RangeError("clock broke");
    const c = turningClock();
    const t = handTimers();
    const s = Deadline.after(100n * MS, {
      now: () => {
        if (c.st.turned) throw boom;
        return c.st.t;
      },
    }).signal({ timers: t.timers });
    c.st.turned = true;
    expect(() => t.fire()).not.toThrow();
    expect(s.reason).toBeInstanceOf(InvalidArgumentError);
    expect((s.reason as Error & { cause?: unknown }).cause).toBe(boom);
    // timers whose setTimeout fails when re-arming
    let calls = 0;
    let pending: (() => void) | undefined;
    const flaky = {
      setTimeout: (fn: () => void) => {
        if (++calls > 1) throw new Error("no more timers");
        pending = fn;
        return 1;
      },
      clearTimeout: () => {},
    };
    const c2 = turningClock();
    const s2 = Deadline.after(100n * MS, { now: c2.now }).signal({ timers: flaky });
    c2.st.t = 10n * MS; // early: the callback re-arms, and setTimeout throws
    expect(() => pending!()).not.toThrow();
    expect(s2.aborted).toBe(true);
    expect((s2.reason as ClockmathError).code).toBe("invalid-argument");
    expect(((s2.reason as Error & { cause?: Error }).cause)!.message).toBe("no more timers");
  });
  it("a normal expiry still aborts with DeadlineExceededError", () => {
    const c = turningClock();
    const t = handTimers();
    const s = Deadline.after(100n * MS, { now: c.now }).signal({ timers: t.timers });
    c.st.t = 100n * MS;
    t.fire();
    expect(s.reason).toBeInstanceOf(DeadlineExceededError);
  });
  it("with real timers, the junk reading aborts the signal and nothing is uncaught", async () => {
    const c = turningClock();
    c.st.t = 1_000n * S;
    const d = Deadline.after(2n * MS, { now: c.now });
    const s = d.signal({
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) },
    });
    c.st.turned = true;
    c.st.junk = "soon";
    const reason = await new Promise((resolve) => s.addEventListener("abort", () => resolve(s.reason)));
    expect((reason as ClockmathError).code).toBe("invalid-argument");
  });
});

describe("measureTimerJitter / measureClockResolution: checked clocks, guarded callbacks", () => {
  it("measureClockResolution refuses a non-clock and junk readings with invalid-argument", () => {
    // before: measureClockResolution(0) threw a TypeError (clock.now is not a function)
    expect(code(() => measureClockResolution(0 as never))).toBe("invalid-argument");
    expect(code(() => measureClockResolution({ now: 1 } as never))).toBe("invalid-argument");
    expect(code(() => measureClockResolution({ now: () => 1n } as never))).toBe("invalid-argument"); // no source
    expect(code(() => measureClockResolution({ now: () => 1 as never, source: "n" }))).toBe("invalid-argument");
    expect(code(() => measureClockResolution({ now: () => 2n ** 63n, source: "big" }))).toBe("invalid-argument");
    const err = (() => {
      try {
        measureClockResolution({
          now: () => {
            throw new TypeError("x");
          },
          source: "t",
        });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error & { cause?: unknown }).cause).toBeInstanceOf(TypeError);
  });
  for (const api of ["setTimeout", "setInterval"] as const) {
    it(`${api}: a clock that turns to junk mid-probe rejects the promise with a ClockmathError`, async () => {
      // before: the TypeError from bigint − number was thrown inside the timer callback (uncaught)
      let reads = 0, t = 0n;
      const clock = { now: () => (++reads > 60 ? (1 as never) : (t += 1_000n)), source: "turns" };
      const p = measureTimerJitter({ api, intervalNs: 0n, samples: 50, clock });
      await expect(p).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(p).rejects.toThrow(/turns: now\(\) must return bigint/);
    });
  }
  it("a junk signal is refused before any timer starts", async () => {
    await expect(measureTimerJitter({ api: "setTimeout", intervalNs: 0n, samples: 1, signal: {} as never })).rejects
      .toBeInstanceOf(InvalidArgumentError);
  });
});

describe("junk arguments named in the issue: ClockmathError, not TypeError", () => {
  it("Deadline.check(Symbol()), detectLeapFormat(Symbol()), allanDeviation taus [Symbol()]", () => {
    expect(code(() => Deadline.after(0n, { now: 0n }).check(Symbol() as never))).toBe("invalid-argument");
    expect(code(() => Deadline.after(0n, { now: 0n }).check(Object.create(null)))).toBe("invalid-argument");
    expect(code(() => Deadline.after(0n, { now: 0n }).check("call"))).toBe("deadline-exceeded");
    expect(code(() => detectLeapFormat(Symbol() as never))).toBe("invalid-argument");
    expect(code(() => detectLeapFormat(42 as never))).toBe("invalid-argument");
    expect(code(() => allanDeviation([1, 2, 3, 4, 5], { tau0Ns: 1n, taus: [Symbol()] as never }))).toBe(
      "invalid-argument",
    );
    expect(code(() => allanDeviation([1, 2, 3, 4, 5], { tau0Ns: 1n, taus: [Object.create(null)] as never }))).toBe(
      "invalid-argument",
    );
  });
});

describe("LeapTable.parse: the line limit is counted, the text never split", () => {
  afterEach(() => vi.restoreAllMocks());
  const DATA = dataDir("leap");
  it("a text of 2e6 empty lines is refused without splitting it", () => {
    // before: the whole text was split into an array first (5e7 empty lines: out of memory at 512 MB)
    const split = vi.spyOn(String.prototype, "split");
    const text = "\n".repeat(2_000_000);
    expect(code(() => LeapTable.parse(text))).toBe("invalid-argument");
    const bigSplits = split.mock.contexts.filter((s) => String(s).length > 10_000);
    expect(bigSplits.length).toBe(0);
  });
  it("the limit is 100 000 lines as split(/\\r?\\n/) counts them", () => {
    const ok = "\n".repeat(99_999); // 100 000 lines: past the limit check, then no leap-second lines
    expect(code(() => LeapTable.parse(ok))).toBe("bad-line");
    expect(code(() => LeapTable.parse(ok + "\n"))).toBe("invalid-argument");
    expect(code(() => LeapTable.parse("\r\n".repeat(100_000)))).toBe("invalid-argument");
  });
  it("LF, CRLF and a missing final newline parse alike, with the same line numbers in errors", () => {
    for (const name of ["leap-seconds.list", "leapseconds"]) {
      const text = readFileSync(join(DATA, name), "utf8");
      const want = LeapTable.parse(text).leaps;
      expect(LeapTable.parse(text.replace(/\n/g, "\r\n")).leaps).toEqual(want);
      expect(LeapTable.parse(text.trimEnd()).leaps).toEqual(want);
      const lines = text.split("\n");
      const k = lines.findIndex((l) => /^(\d{10}|Leap)\s/.test(l));
      lines[k] = lines[k].replace(/\s/, "x ");
      const err = (() => {
        try {
          LeapTable.parse(lines.join("\r\n"), { verifyHash: false });
        } catch (e) {
          return e;
        }
      })();
      expect([(err as ClockmathError).code, (err as { line?: number }).line]).toEqual(["bad-line", k + 1]);
    }
  });
});
