// Every public function of the later domains, fed junk: it answers or throws a ClockmathError,
// never a TypeError, RangeError or a wasm trap (the "never silently wrong" rule's other half).
import { describe, it } from "vitest";
import fc from "fast-check";
import * as api from "../../src/mod.ts";

const { ClockmathError } = api;
const S = 1_000_000_000n;
const scalar = fc.oneof(
  fc.anything(),
  fc.bigInt(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.double(),
  fc.string(),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    1,
    2 ** 53,
    -(2 ** 63),
    null,
    undefined,
    0n,
    -1n,
    2n ** 63n,
    -(2n ** 63n),
  ),
  // values whose String() itself throws: an error message must not
  fc.constantFrom(Symbol("junk"), Object.create(null), { toString: 1 }),
);
// Objects shaped like the real arguments, with junk in some fields.
const sample = fc.record({ readingNs: scalar, offsetNs: scalar, weight: scalar, delayNs: scalar }, {
  requiredKeys: [],
});
const junk = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 20 }),
  fc.array(sample, { maxLength: 20 }),
  fc.record({ t1: scalar, t2: scalar, t3: scalar, t4: scalar }),
  fc.array(fc.record({ monotonicNs: scalar, wallNs: scalar }, { requiredKeys: [] }), { maxLength: 10 }),
  fc.array(fc.record({ lowNs: scalar, highNs: scalar, offsetNs: scalar }, { requiredKeys: [] }), { maxLength: 6 }),
  fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 40 }).map((a) => BigInt64Array.from(a)),
  fc.array(fc.double(), { maxLength: 40 }).map((a) => Float64Array.from(a)),
  fc.string().map((s) => `HISTFAAA${s}`),
  fc.string().map((s) => `#[StartTime: 1.0\n${s}`),
  fc.record({ tau0Ns: scalar, kind: scalar, taus: scalar, input: scalar }, { requiredKeys: [] }),
  fc.record({
    highestTrackableNs: scalar,
    lowestDiscernibleNs: scalar,
    significantDigits: scalar,
    autoResize: scalar,
    outOfRange: scalar,
  }, { requiredKeys: [] }),
  fc.record({ into: fc.oneof(scalar, fc.constant(new BigInt64Array(3))), strict: scalar }, { requiredKeys: [] }),
  fc.record({
    format: fc.oneof(scalar, fc.constantFrom("constructor", "toString", "__proto__", "auto", "chrony-tracking")),
    strict: scalar,
  }, { requiredKeys: [] }),
);

function onlyClockmathErrors(name: string, call: (a: unknown, b: unknown) => unknown, runs = 300): void {
  it(name, () => {
    fc.assert(
      fc.property(junk, junk, (a, b) => {
        try {
          call(a, b);
        } catch (e) {
          if (!(e instanceof ClockmathError)) {
            throw new Error(`${name} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
          }
        }
      }),
      { numRuns: runs },
    );
  });
}

describe("drift: junk in, ClockmathError out", () => {
  onlyClockmathErrors("ntpExchange", (a) => api.ntpExchange(a as never));
  onlyClockmathErrors("ntpToUnixNs", (a, b) => api.ntpToUnixNs(a as never, b as never, {}));
  onlyClockmathErrors("unixNsToNtp", (a) => api.unixNsToNtp(a as never));
  onlyClockmathErrors("ClockFilter", (a, b) => new api.ClockFilter(a as never).add(b as never));
  onlyClockmathErrors("selectTruechimers", (a) => api.selectTruechimers(a as never));
  onlyClockmathErrors("estimateDrift", (a, b) => api.estimateDrift(a as never, b as never));
  onlyClockmathErrors("allanDeviation", (a, b) => api.allanDeviation(a as never, b as never));
  onlyClockmathErrors("detectClockJumps", (a, b) => api.detectClockJumps(a as never, b as never));
  onlyClockmathErrors("parseDriftLog", (a, b) => api.parseDriftLog(a as never, b as never));
  onlyClockmathErrors("parseDriftLogStream", (a, b) => api.parseDriftLogStream(a as never, b as never));
});

describe("jitter: junk in, ClockmathError out", () => {
  onlyClockmathErrors("new LatencyHistogram", (a) => new api.LatencyHistogram(a as never).dispose());
  const h = new api.LatencyHistogram({ highestTrackableNs: 3600n * S });
  onlyClockmathErrors("record", (a, b) => h.record(a as never, b as never));
  onlyClockmathErrors("recordMany", (a) => h.recordMany(a as never));
  onlyClockmathErrors("recordCorrected", (a, b) => h.recordCorrected(a as never, b as never));
  onlyClockmathErrors("percentile / percentileRank", (a, b) => {
    h.percentile(a as never);
    h.percentileRank(b as never);
  });
  onlyClockmathErrors("merge", (a) => h.merge(a as never));
  onlyClockmathErrors("decode", (a) => api.LatencyHistogram.decode(a as never));
  onlyClockmathErrors("parseIntervalLog", (a) => api.parseIntervalLog(a as never));
  it("measureTimerJitter rejects junk options with a ClockmathError", async () => {
    // async: its argument errors arrive as rejections. Junk never names a timer API, so no call
    // here gets as far as starting real timers.
    await fc.assert(
      fc.asyncProperty(junk, async (a) => {
        try {
          await api.measureTimerJitter(a as never);
        } catch (e) {
          if (!(e instanceof ClockmathError)) {
            throw new Error(`measureTimerJitter rejected with ${(e as Error)?.name}: ${(e as Error)?.message}`);
          }
          return;
        }
        throw new Error(`measureTimerJitter accepted ${String(a)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("arrays and into: junk in, ClockmathError out", () => {
  const t = api.LeapTable.builtin();
  onlyClockmathErrors("new CoreArray", (a) => new api.CoreArray(a as never).dispose());
  onlyClockmathErrors("taiMinusUtcMany / taiToUnixMany", (a, b) => {
    t.taiMinusUtcMany(a as never, b as never);
    t.taiToUnixMany(a as never, b as never);
  });
  const clock = new api.SmearedClock("google");
  onlyClockmathErrors(
    "SmearedClock.sample",
    (_a, b) => clock.sample(1_483_142_400n * S, 1_483_315_200n * S, 3, b as never),
  );
});

describe("deadlines and smears: junk in, ClockmathError out", () => {
  onlyClockmathErrors("Deadline.after / at / fromHeaders", (a, b) => {
    try {
      api.Deadline.after(a as never, b as never);
    } finally {
      try {
        api.Deadline.at(a as never, b as never);
      } finally {
        api.Deadline.fromHeaders(a as never, b as never);
      }
    }
  });
  onlyClockmathErrors("Deadline methods", (a, b) => {
    const d = api.Deadline.after(5n * S, { now: 1_000n * S });
    if (d.remainingNs() !== 5n * S) throw new Error("the frozen clock did not take");
    try {
      d.child(a as never);
    } finally {
      d.toHeaders(a as never, b as never);
    }
  });
  onlyClockmathErrors("header codecs", (a, b) => {
    try {
      api.encodeGrpcTimeout(a as never, b as never);
    } finally {
      try {
        api.decodeGrpcTimeout(a as never);
      } finally {
        try {
          api.encodeConnectTimeoutMs(a as never, b as never);
        } finally {
          try {
            api.decodeConnectTimeoutMs(a as never);
          } finally {
            api.timeoutHeaderFor(a as never, b as never);
          }
        }
      }
    }
  });
  onlyClockmathErrors("propagate / analyzeTimeouts", (a, b) => {
    try {
      api.propagate(a as never, b as never);
    } finally {
      api.analyzeTimeouts(a as never);
    }
  });
  onlyClockmathErrors("new SmearedClock", (a, b) => new api.SmearedClock(a as never, b as never));
  const clock = new api.SmearedClock("google");
  onlyClockmathErrors("SmearedClock readings", (a, b) => {
    try {
      clock.fromTai(a as never);
    } finally {
      try {
        clock.toTai(a as never, b as never);
      } finally {
        clock.sample(a as never, b as never, 3);
      }
    }
  });
});

// Parsers, deadlines, probes and time scales (issue 11, finding 11 and the sweep after it): each
// call runs on its own, so one call's error never hides another's.
function eachOnlyClockmathErrors(
  name: string,
  calls: ((a: unknown, b: unknown) => unknown)[],
  arb = junk,
  runs = 300,
): void {
  it(name, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        calls.forEach((call, i) => {
          try {
            call(a, b);
          } catch (e) {
            if (!(e instanceof ClockmathError)) {
              throw new Error(`${name} #${i} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
            }
          }
        });
      }),
      { numRuns: runs },
    );
  });
}

// Text that starts like a log or leap file line and goes on with junk: reaches the line readers.
const logish = fc.oneof(
  junk,
  fc.tuple(
    fc.constantFrom(
      "2026-11-20 22:03:17 192.0.2.10 ",
      "61364 79397.000 192.0.2.10 ",
      "61364 79397.000 ",
      "Leap 2016 Dec 31 ",
      "#@ ",
      "3692217600 ",
      "#h ",
    ),
    fc.string({ maxLength: 80 }),
  )
    .map(([p, s]) => p + s),
  fc.array(
    fc.constantFrom(
      "N",
      "2",
      "111",
      "1111",
      "6",
      "-4.966e-3",
      "1e999",
      "0.5",
      ".",
      "e",
      "-",
      "C633640A",
      "4B",
      "\r",
      "\n",
      " ",
      "\t",
      "#",
      "=",
    ),
    { maxLength: 30 },
  )
    .map((t) => "2026-11-20 22:03:17 192.0.2.10 " + t.join(" ")),
);

describe("parsers: junk in, ClockmathError out", () => {
  eachOnlyClockmathErrors("drift log parsers, each", [
    (a, b) => api.parseChronyMeasurements(a as never, b as never),
    (a, b) => api.parseChronyStatistics(a as never, b as never),
    (a, b) => api.parseChronyTracking(a as never, b as never),
    (a, b) => api.parseNtpdPeerstats(a as never, b as never),
    (a, b) => api.parseNtpdLoopstats(a as never, b as never),
    (a, b) => api.parseNtpdRawstats(a as never, b as never),
    (a) => api.detectDriftLogFormat(a as never),
    (a) => api.parseDriftLog(a as never, { strict: false }),
  ], logish);
  eachOnlyClockmathErrors("leap files", [
    (a) => api.detectLeapFormat(a as never),
    (a, b) => api.LeapTable.parse(a as never, b as never),
    (a) => api.LeapTable.parse(a as never, { verifyHash: false }),
  ], logish);
  eachOnlyClockmathErrors("allanDeviation taus", [
    (a) => api.allanDeviation([1, 2, 3, 4, 5, 6, 7], { tau0Ns: 1n, taus: [a] as never }),
  ]);
});

describe("deadlines, probes and time scales: junk in, ClockmathError out", () => {
  eachOnlyClockmathErrors("Deadline: check, signal, min, never, remoteToLocal, MonotonicGuard", [
    (a) => api.Deadline.after(0n, { now: 0n }).check(a as never),
    (a) => api.Deadline.after(5n * S, { now: 0n }).check(a as never),
    (a) => api.Deadline.after(5n * S, { now: 0n }).signal(a as never),
    (a) => api.Deadline.after(5n * S, { now: 0n }).signal({ timers: a as never }),
    (a) => api.Deadline.after(5n * S, { now: 0n }).min(a as never),
    (a) => api.Deadline.never(a as never),
    (a, b) => api.remoteToLocal(a as never, b as never),
    (a) => new api.MonotonicGuard(a as never).now(),
    (a) => new api.MonotonicGuard(() => a as never).now(),
    (a) => api.Deadline.after(5n * S, { now: () => a as never }).remainingNs(),
  ]);
  eachOnlyClockmathErrors(
    "measureClockResolution",
    [
      (a) => api.measureClockResolution(a as never),
      (a) => api.measureClockResolution({ now: () => a as never, source: "junk" }),
    ],
    junk,
    100,
  );
  eachOnlyClockmathErrors("time scales and RFC 3339", [
    (a, b) => api.parseUtc(a as never, b as never),
    (a, b) => api.formatUtc(a as never, b as never),
    (a) => api.ptpToTai(a as never),
    (a) => api.taiToPtp(a as never),
    (a) => api.tai64nToTai(a as never),
    (a) => api.taiToTai64n(a as never),
    (a) => api.gpsToTai(a as never),
    (a) => api.taiToGps(a as never),
    (a) => api.gpsWeek(a as never),
  ]);
});

describe("interval log streams, merges and percentile text: junk in, ClockmathError out", () => {
  const h = new api.LatencyHistogram({ highestTrackableNs: 3600n * S });
  h.record(1_000n);
  onlyClockmathErrors("formatPercentileDistribution", (a, b) => {
    api.formatPercentileDistribution(h, a as never);
    api.formatPercentileDistribution(a as never, b as never);
  });
  /** Async entry points: whatever they are fed, they resolve or reject with a ClockmathError. */
  it("parseIntervalLogStream, mergeIntervalLogs, mergeHistograms", async () => {
    await fc.assert(
      fc.asyncProperty(junk, junk, async (a, b) => {
        const calls: (() => Promise<unknown>)[] = [
          async () => {
            for await (const _ of api.parseIntervalLogStream(a as never, b as never)) { /* drain */ }
          },
          async () => {
            for await (const _ of api.parseIntervalLogStream([a] as never, b as never)) { /* drain */ }
          },
          async () => (await api.mergeIntervalLogs(a as never, b as never)).histogram.dispose(),
          async () => (await api.mergeIntervalLogs([[a]] as never, b as never)).histogram.dispose(),
          async () => (await api.mergeHistograms(a as never)).histogram.dispose(),
        ];
        for (const call of calls) {
          try {
            await call();
          } catch (e) {
            if (!(e instanceof ClockmathError)) {
              throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
