// Deadlines: wire formats against an independent reference of grpc-go's rule, properties of the
// roundings, a corpus of malformed headers, and Deadline / signal() on injected clocks and timers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeTimeouts,
  ClockmathError,
  Deadline,
  DeadlineExceededError,
  decodeConnectTimeoutMs,
  decodeEnvoyExpectedTimeoutMs,
  decodeGrpcTimeout,
  encodeConnectTimeoutMs,
  encodeEnvoyExpectedTimeoutMs,
  encodeGrpcTimeout,
  grpcTimeoutPrecisionLoss,
  MalformedHeaderError,
  MonotonicGuard,
  propagate,
  remoteToLocal,
  timeoutHeaderFor,
  type TimerSource,
} from "../../src/mod.ts";
import { GRPC_GO_VECTORS, MALFORMED_GRPC_TIMEOUTS } from "../vectors/deadline.ts";

const S = 1_000_000_000n;
const MS = 1_000_000n;
const I64_MAX = 2n ** 63n - 1n;
const UNITS: [string, bigint][] = [["n", 1n], ["u", 1_000n], ["m", MS], ["S", S], ["M", 60n * S], ["H", 3_600n * S]];
const MAX8 = 99_999_999n;

// Reference, written from grpc-go's documented rule (gRPC over HTTP/2, grpc-go http_util.go):
// a non-positive duration is "0n"; otherwise the first of n u m S M H whose rounded-up quotient has
// at most 8 digits; hours are the fallback. Plain bigint, no shared code with the library.
function refEncodeUp(ns: bigint): string {
  if (ns <= 0n) return "0n";
  for (const [u, size] of UNITS.slice(0, 5)) {
    const q = ns / size + (ns % size === 0n ? 0n : 1n);
    if (q <= MAX8) return `${q}${u}`;
  }
  const h = 3_600n * S;
  return `${ns / h + (ns % h === 0n ? 0n : 1n)}H`;
}
// The truncating variant: the first unit whose floor quotient has at most 8 digits.
function refEncodeDown(ns: bigint): string {
  if (ns <= 0n) return "0n";
  for (const [u, size] of UNITS) if (ns / size <= MAX8) return `${ns / size}${u}`;
  return `${ns / (3_600n * S)}H`;
}
function refDecode(s: string): bigint {
  const size = UNITS.find(([u]) => u === s.at(-1))![1];
  const v = BigInt(s.slice(0, -1)) * size;
  return v > I64_MAX ? I64_MAX : v;
}

// Durations around every unit boundary, plus the ends of the range.
const EDGES: bigint[] = [0n, 1n, 2n, 999n, 1_000n, 1_001n, I64_MAX, I64_MAX - 1n, 2n ** 62n];
for (const [, size] of UNITS) {
  for (const k of [MAX8, MAX8 + 1n, 100_000_000n]) {
    for (const d of [-1n, 0n, 1n]) EDGES.push(k * size + d);
  }
}

const duration = fc.oneof(
  fc.bigInt({ min: 0n, max: I64_MAX }),
  fc.bigInt({ min: 0n, max: 10n ** 12n }),
  fc.bigInt({ min: 0n, max: 10n ** 15n }),
  fc.constantFrom(...EDGES.filter((e) => e >= 0n && e <= I64_MAX)),
);

describe("grpc-timeout vs a reference of grpc-go's encoder", () => {
  it("matches on edge durations across the whole range", () => {
    const edges = EDGES.filter((e) => e >= 0n && e <= I64_MAX);
    expect(edges.length).toBeGreaterThan(50);
    for (const ns of edges) {
      expect(encodeGrpcTimeout(ns), `up ${ns}`).toBe(refEncodeUp(ns));
      expect(encodeGrpcTimeout(ns, { rounding: "down" }), `down ${ns}`).toBe(refEncodeDown(ns));
    }
  });
  it("the frozen cross-runtime vectors are the reference's output", () => {
    expect(GRPC_GO_VECTORS.length).toBeGreaterThan(200);
    for (const [ns, up, down] of GRPC_GO_VECTORS) {
      expect(up, `up ${ns}`).toBe(refEncodeUp(ns));
      expect(down, `down ${ns}`).toBe(refEncodeDown(ns));
    }
  });
  it("matches on random durations from 0 to the i64 maximum", () => {
    fc.assert(
      fc.property(duration, (ns) => {
        expect(encodeGrpcTimeout(ns)).toBe(refEncodeUp(ns));
        expect(encodeGrpcTimeout(ns, { rounding: "down" })).toBe(refEncodeDown(ns));
      }),
      { numRuns: 5_000 },
    );
  });
  it("decodes every valid value as the reference does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.bigInt({ min: 0n, max: MAX8 }),
        fc.constantFrom(...UNITS.map(([u]) => u)),
        (width, v, u) => {
          const text = v.toString().padStart(width, "0").slice(-Math.max(width, v.toString().length));
          if (text.length > 8) return;
          expect(decodeGrpcTimeout(text + u)).toBe(refDecode(text + u));
        },
      ),
      { numRuns: 3_000 },
    );
  });
  it("never emits more than 8 digits", () => {
    fc.assert(
      fc.property(duration, fc.constantFrom("up", "down") as fc.Arbitrary<"up" | "down">, (ns, rounding) => {
        expect(encodeGrpcTimeout(ns, { rounding })).toMatch(/^[0-9]{1,8}[HMSmun]$/);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("grpc-timeout round-trip properties", () => {
  it("decode(encode(ns, up)) ≥ ns, within one unit", () => {
    fc.assert(
      fc.property(duration, (ns) => {
        const text = encodeGrpcTimeout(ns, { rounding: "up" });
        const back = decodeGrpcTimeout(text);
        const unit = UNITS.find(([u]) => u === text.at(-1))![1];
        expect(back >= ns).toBe(true);
        // Saturation at i64 max can only shrink the excess.
        expect(back - ns < unit).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
  it("decode(encode(ns, down)) ≤ ns, within one unit", () => {
    fc.assert(
      fc.property(duration, (ns) => {
        const text = encodeGrpcTimeout(ns, { rounding: "down" });
        const back = decodeGrpcTimeout(text);
        const unit = UNITS.find(([u]) => u === text.at(-1))![1];
        expect(back <= ns).toBe(true);
        expect(ns - back < unit).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
  it("grpcTimeoutPrecisionLoss agrees with encode/decode", () => {
    fc.assert(
      fc.property(duration, (ns) => {
        const p = grpcTimeoutPrecisionLoss(ns);
        expect(p.up.header).toBe(encodeGrpcTimeout(ns));
        expect(p.down.header).toBe(encodeGrpcTimeout(ns, { rounding: "down" }));
        expect(p.down.ns).toBe(decodeGrpcTimeout(p.down.header));
        expect(p.down.lossNs).toBe(ns - p.down.ns);
        expect(p.up.lossNs < p.up.unitNs || p.up.unitNs === 3_600n * S).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
  it("millisecond headers round-trip within 1 ms in the chosen direction", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MS, max: 9_999_999_999n * MS }), (ns) => {
        const down = decodeConnectTimeoutMs(encodeConnectTimeoutMs(ns));
        expect(down <= ns && ns - down < MS).toBe(true);
        const up = decodeConnectTimeoutMs(encodeConnectTimeoutMs(ns, { rounding: "up" }));
        expect(up >= ns && up - ns < MS).toBe(true);
        const envoy = decodeEnvoyExpectedTimeoutMs(encodeEnvoyExpectedTimeoutMs(ns));
        expect(envoy).toBe(down);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("malformed headers", () => {
  it("has a corpus of at least 30 grpc-timeout values, every one rejected with a typed error", () => {
    expect(MALFORMED_GRPC_TIMEOUTS.length).toBeGreaterThanOrEqual(30);
    for (const v of MALFORMED_GRPC_TIMEOUTS) {
      let caught: unknown;
      try {
        decodeGrpcTimeout(v);
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(v)).toBeInstanceOf(MalformedHeaderError);
      expect((caught as ClockmathError).code).toBe("malformed-header");
      expect((caught as MalformedHeaderError).header).toBe("grpc-timeout");
    }
  });
  it("rejects anything that is not digits + unit, from random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const valid = /^[0-9]{1,8}[HMSmun]$/.test(s);
        if (valid) {
          expect(typeof decodeGrpcTimeout(s)).toBe("bigint");
        } else {
          expect(() => decodeGrpcTimeout(s)).toThrow(MalformedHeaderError);
        }
      }),
      { numRuns: 3_000 },
    );
  });
  it("throws nothing but ClockmathError on hostile input", () => {
    const notStrings: unknown[] = [null, undefined, 5, 5n, {}, [], Symbol("x"), () => "1S", new String("1S")];
    for (const v of notStrings) {
      for (const f of [decodeGrpcTimeout, decodeConnectTimeoutMs, decodeEnvoyExpectedTimeoutMs]) {
        expect(() => (f as (x: unknown) => unknown)(v)).toThrow(MalformedHeaderError);
      }
    }
    const notDurations: unknown[] = [null, undefined, 5, 1.5, -1n, 2n ** 63n, "5", {}, Symbol("x"), NaN];
    for (const v of notDurations) {
      for (
        const f of [encodeGrpcTimeout, encodeConnectTimeoutMs, encodeEnvoyExpectedTimeoutMs, grpcTimeoutPrecisionLoss]
      ) {
        expect(() => (f as (x: unknown) => unknown)(v)).toThrow(ClockmathError);
      }
      expect(() => Deadline.after(v as bigint)).toThrow(ClockmathError);
      // -1n is a valid instant (before 1970), not a bad one, for remoteToLocal.
      if (v !== -1n) expect(() => remoteToLocal(v as bigint)).toThrow(ClockmathError);
    }
  });
});

describe("junk in, ClockmathError out", () => {
  it("every deadline entry point throws only ClockmathError, whatever it is given", () => {
    const calls: ((x: unknown, y: unknown) => unknown)[] = [
      (x) => encodeGrpcTimeout(x as bigint),
      (_x, y) => encodeGrpcTimeout(5n, y as never),
      (x) => decodeGrpcTimeout(x as string),
      (x) => grpcTimeoutPrecisionLoss(x as bigint),
      (x, y) => encodeConnectTimeoutMs(x as bigint, y as never),
      (x) => decodeConnectTimeoutMs(x as string),
      (x) => encodeEnvoyExpectedTimeoutMs(x as bigint),
      (x) => decodeEnvoyExpectedTimeoutMs(x as string),
      (x, y) => timeoutHeaderFor(x as never, y as bigint),
      (x, y) => Deadline.after(x as bigint, y as never),
      (x, y) => Deadline.at(x as bigint, y as never),
      (x, y) => Deadline.fromHeaders(x as never, y as never),
      (x) => Deadline.after(S, { now: 0n }).child(x as never),
      (x) => Deadline.after(S, { now: 0n }).toHeaders(x as never),
      (_x, y) => Deadline.after(S, { now: 0n }).toHeaders("grpc", y as never),
      (x) => Deadline.after(S, { now: 0n }).signal(x as never),
      (x, y) => remoteToLocal(x as bigint, y as never),
      (x, y) => propagate(x as bigint, y as never),
      (x) => propagate(S, [x as never]),
      (x) => analyzeTimeouts(x as never),
      (x) => analyzeTimeouts([x as never]),
      (x) => new MonotonicGuard(x as never).now(),
    ];
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true }),
        fc.anything({ withBigInt: true }),
        (x, y) => {
          for (const call of calls) {
            try {
              call(x, y);
            } catch (e) {
              expect(e, `${call.toString()} with ${fc.stringify(x)}`).toBeInstanceOf(ClockmathError);
            }
          }
        },
      ),
      { numRuns: 1_500 },
    );
  });
  it("a bigint `now` is a clock frozen at that reading", () => {
    const d = Deadline.after(5n * S, { now: 10n });
    expect(d.monoNs).toBe(10n + 5n * S);
    expect(d.remainingNs()).toBe(5n * S);
    expect(Deadline.fromHeaders({ "grpc-timeout": "7m" }, { now: 0n })!.remainingNs()).toBe(7n * MS);
  });
});

describe("what implementations send", () => {
  it("grpc-go equals encodeGrpcTimeout; Envoy never exceeds; connect never exceeds", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MS, max: 10n ** 17n }), (ns) => {
        expect(timeoutHeaderFor("grpc-go", ns).value).toBe(encodeGrpcTimeout(ns));
        expect(timeoutHeaderFor("envoy", ns).errorNs! <= 0n).toBe(true);
        expect(timeoutHeaderFor("connect", ns).errorNs! <= 0n).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
  it("grpc-js emits 9 digits just below 10^8 seconds", () => {
    const h = timeoutHeaderFor("grpc-js", 99_999_999_000_000_001n);
    expect(h.value).toBe("100000000S");
    expect(h.decodedNs).toBeUndefined();
    expect(timeoutHeaderFor("grpc-js", 1_500_000n).value).toBe("2m");
  });
});

/** A clock moved by hand. */
function fakeClock(start = 5n * S) {
  let t = start;
  return {
    now: () => t,
    set: (v: bigint) => {
      t = v;
    },
    advance: (d: bigint) => {
      t += d;
    },
  };
}

/** Timers that run only when the test says so, optionally firing early by `earlyMs`. */
function fakeTimers(clock: ReturnType<typeof fakeClock>) {
  const queue: { fn: () => void; ms: number }[] = [];
  const timers: TimerSource = {
    setTimeout: (fn, ms) => {
      queue.push({ fn, ms });
      return queue.length;
    },
    clearTimeout: () => {},
  };
  return {
    timers,
    pending: () => queue.length,
    lastMs: () => queue.at(-1)?.ms,
    /** Fires the oldest timer after advancing the clock by its delay minus `earlyNs`. */
    fire(earlyNs = 0n) {
      const t = queue.shift()!;
      clock.advance(BigInt(t.ms) * MS - earlyNs);
      t.fn();
    },
  };
}

describe("Deadline", () => {
  it("does not move when the wall clock is stepped", () => {
    const c = fakeClock();
    let wall = 1_700_000_000n * S;
    const d = Deadline.at(wall + 30n * S, { now: c.now, wallNow: () => wall });
    wall += 3_600n * S;
    c.advance(10n * S);
    expect(d.remainingNs()).toBe(20n * S);
    wall -= 7_200n * S;
    expect(d.remainingNs()).toBe(20n * S);
  });
  it("child() is never later than its parent", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        (t, reserve, max) => {
          const c = fakeClock();
          const d = Deadline.after(t, { now: c.now });
          const ch = d.child({ reserveNs: reserve, maxNs: max });
          expect(ch.monoNs <= d.monoNs).toBe(true);
          expect(ch.remainingNs()).toBe(
            [t - reserve, max].reduce((a, b) => (a < b ? a : b)) < 0n ? 0n : (t - reserve < max ? t - reserve : max),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });
  it("toHeaders → fromHeaders never grows the budget (rounding down)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MS, max: 10n ** 15n }), (t) => {
        const c = fakeClock();
        const d = Deadline.after(t, { now: c.now });
        for (const kind of ["grpc", "connect", "envoy"] as const) {
          const back = Deadline.fromHeaders(d.toHeaders(kind), { now: c.now })!;
          expect(back.remainingNs() <= t).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });
  it("reads a real Headers object", () => {
    const c = fakeClock();
    const h = new Headers({ "grpc-timeout": "1500m", "x-envoy-expected-rq-timeout-ms": "2000" });
    expect(Deadline.fromHeaders(h, { now: c.now })!.remainingNs()).toBe(1_500n * MS);
    const dup = new Headers([["grpc-timeout", "1S"], ["grpc-timeout", "2S"]]);
    expect(() => Deadline.fromHeaders(dup, { now: c.now })).toThrow(MalformedHeaderError);
  });
  it("Deadline.at with the default wall clock lands near the requested instant", () => {
    const target = BigInt(Date.now()) * MS + 60n * S;
    const r = Deadline.at(target).remainingNs();
    // Wide bounds: the default wall clock (timeOrigin + performance.now()) may differ from Date.now().
    expect(r > 50n * S && r < 70n * S).toBe(true);
  });
  it("uses a working default clock", () => {
    const d = Deadline.after(60n * S);
    const r = d.remainingNs();
    expect(r > 0n && r <= 60n * S).toBe(true);
    expect(d.expired()).toBe(false);
  });
});

describe("signal()", () => {
  it("does not abort when timers fire early; aborts once the clock reaches the deadline", () => {
    const c = fakeClock();
    const t = fakeTimers(c);
    const d = Deadline.after(100n * MS + 1n, { now: c.now });
    const s = d.signal({ timers: t.timers });
    expect(s.aborted).toBe(false);
    expect(t.lastMs()).toBe(101); // ceil to whole ms
    t.fire(5n * MS); // the timer fires 5 ms early
    expect(s.aborted).toBe(false);
    expect(t.pending()).toBe(1); // re-armed for what is left
    expect(t.lastMs()).toBe(5);
    t.fire(); // on time
    expect(s.aborted).toBe(true);
    expect(c.now() >= d.monoNs).toBe(true);
    expect(s.reason).toBeInstanceOf(DeadlineExceededError);
  });
  it("chains waits longer than the setTimeout limit", () => {
    const c = fakeClock();
    const t = fakeTimers(c);
    const d = Deadline.after(30n * 86_400n * S, { now: c.now });
    const s = d.signal({ timers: t.timers });
    expect(t.lastMs()).toBe(2_147_483_647);
    t.fire();
    expect(s.aborted).toBe(false);
    t.fire();
    expect(s.aborted).toBe(true);
  });
  it("is already aborted for an expired deadline and never for never()", () => {
    const c = fakeClock();
    const t = fakeTimers(c);
    expect(Deadline.after(0n, { now: c.now }).signal({ timers: t.timers }).aborted).toBe(true);
    expect(Deadline.never({ now: c.now }).signal({ timers: t.timers }).aborted).toBe(false);
    expect(t.pending()).toBe(0);
  });
  it("with real timers, aborts only once the deadline's clock has reached it", async () => {
    const d = Deadline.after(20n * MS);
    const s = d.signal();
    expect(d.signal()).toBe(s);
    await new Promise<void>((resolve) => s.addEventListener("abort", () => resolve()));
    // Not a timing assertion: the abort handler runs only after the clock passed the deadline.
    expect(d.expired()).toBe(true);
    expect(d.remainingNs()).toBe(0n);
  });
});

describe("MonotonicGuard", () => {
  it("is never below any earlier reading, whatever the source does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 1, maxLength: 50 }),
        (xs) => {
          let i = 0;
          const g = new MonotonicGuard(() => xs[i++]);
          let prev: bigint | undefined;
          let backs = 0;
          let maxBack = 0n;
          for (let k = 0; k < xs.length; k++) {
            const v = g.now();
            if (prev !== undefined) expect(v >= prev).toBe(true);
            if (k > 0 && xs[k] < xs[k - 1] && xs[k - 1] - xs[k] > maxBack) maxBack = xs[k - 1] - xs[k];
            if (prev !== undefined && xs[k] < prev) backs++;
            prev = v;
          }
          expect(g.corrections).toBe(backs);
          expect(g.maxBackwardStepNs).toBe(maxBack);
        },
      ),
      { numRuns: 1_000 },
    );
  });
  it("rejects a source that returns a number", () => {
    const g = new MonotonicGuard(() => 5 as unknown as bigint);
    expect(() => g.now()).toThrow(ClockmathError);
  });
});

describe("cross-host and chains", () => {
  it("remoteToLocal is never after the true deadline for any true offset within the error", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (remote, offset, err, f) => {
          const trueOffset = offset + BigInt(Math.round(Number(err) * f));
          const local = remoteToLocal(remote, { offsetNs: offset, errorNs: err });
          expect(local <= remote - trueOffset).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });
  it("propagate: with exact relative headers each hop believes the full budget", () => {
    const r = propagate(S, [{ latencyNs: 100n * MS }, { latencyNs: 200n * MS, timeoutNs: 300n * MS }, {
      latencyNs: 800n * MS,
    }]);
    expect(r.map((h) => h.trueBudgetNs)).toEqual([900n * MS, 700n * MS, -100n * MS]);
    expect(r.map((h) => h.believedBudgetNs)).toEqual([S, 300n * MS, 300n * MS]);
    expect(r[1].ownTimeoutBinds).toBe(true);
    expect(r[2].exhausted).toBe(true);
  });
  it("analyzeTimeouts: dead retries and equal-instant timeouts", () => {
    const a = analyzeTimeouts([
      { name: "request", timeoutNs: S },
      { name: "call", timeoutNs: 300n * MS, parent: "request", retries: 4 },
      { name: "same", timeoutNs: S, parent: "request" },
      { name: "late", timeoutNs: S, parent: "request", startNs: 2n * S },
      { name: "free", parent: "call" },
    ]);
    const by = Object.fromEntries(a.stages.map((s) => [s.name, s]));
    expect(by.call.reachableAttempts).toBe(4);
    expect(by.call.dead).toBe(false);
    expect(by.call.reason).toBe(
      "call (300 ms) can fire, but only 4 of its 5 attempts can start before request ends at 1 s; 1 retry is dead.",
    );
    expect(by.same.dead).toBe(true);
    expect(by.late.reachableAttempts).toBe(0);
    expect(by.free.endNs).toBe(S);
    expect(a.dead).toEqual(["same", "late"]);
    expect(a.deadRetries).toEqual(["call: 1 of 4 retries can never start"]);
    const cut = analyzeTimeouts([{ name: "h", timeoutNs: 800n * MS }, {
      name: "c",
      timeoutNs: 250n * MS,
      parent: "h",
      retries: 3,
    }]).stages[1];
    expect(cut.reachableAttempts).toBe(4);
    expect(cut.reason).toBe(
      "c (250 ms) can fire, and all 4 attempts can start, but the last is cut short: h ends at 800 ms, before its timeout at 1 s.",
    );
  });
  it("analyzeTimeouts rejects bad chains with typed errors", () => {
    expect(() => analyzeTimeouts([{ name: "a", parent: "b" }, { name: "b", parent: "a" }])).toThrow(ClockmathError);
    expect(() => analyzeTimeouts([{ name: "a", parent: "zz" }])).toThrow(ClockmathError);
    expect(() => analyzeTimeouts([{ name: "a", timeoutNs: 0n }])).toThrow(ClockmathError);
    expect(() => analyzeTimeouts([{ name: "a" }, { name: "a" }])).toThrow(ClockmathError);
    expect(() => analyzeTimeouts([{ name: "a", timeoutNs: 5 as unknown as bigint }])).toThrow(ClockmathError);
    // Found by fuzzing: holes of a sparse array, and a root whose end is past the i64 range.
    // eslint-disable-next-line no-sparse-arrays
    expect(() => analyzeTimeouts([,] as never)).toThrow(ClockmathError);
    const big =
      analyzeTimeouts([{ name: "a", timeoutNs: 5_533_491_168_539_187_426n, startNs: 3_689_880_868_315_588_381n }])
        .stages[0];
    expect(big.endNs).toBe(5_533_491_168_539_187_426n + 3_689_880_868_315_588_381n);
    expect(big.dead).toBe(false);
  });
});

describe("audit findings (each failed before its fix)", () => {
  const MAX = 2n ** 63n - 1n;
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof ClockmathError ? e.code : `not a ClockmathError: ${e}`;
    }
    return "none";
  };
  it("analyzeTimeouts walks 5000-deep chains without recursion", () => {
    const c: { name: string; timeoutNs?: bigint; parent?: string }[] = [{ name: "s0", timeoutNs: 1000n }];
    for (let i = 1; i < 5000; i++) c.push({ name: `s${i}`, parent: `s${i - 1}` });
    const a = analyzeTimeouts(c.reverse());
    expect(a.stages[0].name).toBe("s4999");
    expect(a.stages[0].endNs).toBe(1000n);
    expect(a.stages[0].limitedBy).toBe("s0");
  });
  it("a parent that is not a string is invalid-argument (a bigint broke the message)", () => {
    expect(code(() => analyzeTimeouts([{ name: "a", parent: 1n as never }]))).toBe("invalid-argument");
  });
  it("a parent with no timeout never ends: its children are not dead", () => {
    const a = analyzeTimeouts([{ name: "root" }, { name: "c", parent: "root", timeoutNs: MAX }]);
    expect(a.dead).toEqual([]);
    expect([a.stages[0].endNs, a.stages[0].effectiveTimeoutNs, a.stages[1].endNs]).toEqual([undefined, undefined, MAX]);
    expect(a.stages[1].reason).toBe("c (2562047.788 h) fires at 2562047.788 h (root never ends).");
    const late = analyzeTimeouts([{ name: "root" }, {
      name: "c",
      parent: "root",
      startNs: MAX - S,
      timeoutNs: 3600n * S,
    }]);
    expect(late.dead).toEqual([]);
    expect(late.stages[1].endNs).toBe(MAX - S + 3600n * S);
    expect(
      analyzeTimeouts([{ name: "root" }, { name: "c", parent: "root", timeoutNs: 10n ** 18n, retries: 10 }])
        .deadRetries,
    ).toEqual([]);
    // a timeout further up still bounds: root → free (none) → c
    const up = analyzeTimeouts([{ name: "root", timeoutNs: S }, { name: "free", parent: "root" }, {
      name: "c",
      parent: "free",
      timeoutNs: 2n * S,
    }]);
    expect(up.dead).toEqual(["c"]);
    expect(up.stages[2].limitedBy).toBe("root");
  });
  it("a stage that never runs has all its retries dead, not one more", () => {
    const a = analyzeTimeouts([{ name: "p", timeoutNs: S }, {
      name: "c",
      parent: "p",
      startNs: 2n * S,
      timeoutNs: S,
      retries: 3,
    }]);
    expect(a.deadRetries).toEqual(["c: 3 of 3 retries can never start"]);
  });
  it("grpcTimeoutPrecisionLoss reports what a peer decodes, saturated like decodeGrpcTimeout", () => {
    for (const ns of [MAX, MAX - 1n]) {
      const { up } = grpcTimeoutPrecisionLoss(ns);
      expect(up.header).toBe("2562048H");
      expect(up.ns).toBe(decodeGrpcTimeout(up.header));
      expect(up.lossNs).toBe(MAX - ns);
    }
  });
  it("remoteToLocal and Deadline.at saturate once, after exact arithmetic", () => {
    expect(remoteToLocal(MAX, { offsetNs: -10n, errorNs: 20n })).toBe(MAX - 10n);
    expect(remoteToLocal(5n, { offsetNs: -(2n ** 63n), errorNs: 10n })).toBe(MAX - 4n);
    expect(remoteToLocal(MAX, { offsetNs: -10n })).toBe(MAX);
    expect(Deadline.at(MAX - 1n, { now: -100n, wallNow: () => -10n }).monoNs).toBe(MAX - 91n);
  });
  it("propagate: a header the peer refuses leaves it with no deadline, and says so", () => {
    const [hop] = propagate(500_000n, [{ latencyNs: 0n, format: "connect" }]);
    expect(hop.header).toEqual({ name: "connect-timeout-ms", value: "0" });
    expect([hop.headerRejected, hop.believedBudgetNs, hop.overrunNs]).toEqual([true, MAX, MAX - 500_000n]);
    const [own] = propagate(500_000n, [{ latencyNs: 0n, format: "connect", timeoutNs: 2n * S }]);
    expect([own.headerRejected, own.believedBudgetNs, own.ownTimeoutBinds]).toEqual([true, 2n * S, true]);
    const [ok] = propagate(2_000_000n, [{ latencyNs: 0n, format: "connect" }]);
    expect([ok.headerRejected, ok.believedBudgetNs]).toEqual([false, 2_000_000n]);
    expect(code(() => propagate(S, [{ latencyNs: 0n, timeoutNs: 0n }]))).toBe("out-of-range");
  });
});
