// Every public function of the later domains, fed junk: it answers or throws a ClockmathError,
// never a TypeError, RangeError or a wasm trap (the "never silently wrong" rule's other half).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as api from "../../src/mod.ts";

const { ClockmathError } = api;
const S = 1_000_000_000n;
const scalar = fc.oneof(
  fc.anything(), fc.bigInt(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.double(), fc.string(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 2 ** 53, -(2 ** 63), null, undefined, 0n, -1n, 2n ** 63n, -(2n ** 63n)),
  // values whose String() itself throws: an error message must not
  fc.constantFrom(Symbol("junk"), Object.create(null), { toString: 1 }),
);
// Objects shaped like the real arguments, with junk in some fields.
const sample = fc.record({ t: scalar, offsetNs: scalar, weight: scalar, delayNs: scalar }, { requiredKeys: [] });
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
  fc.record({ highestTrackableNs: scalar, lowestDiscernibleNs: scalar, significantDigits: scalar, autoResize: scalar, outOfRange: scalar }, { requiredKeys: [] }),
  fc.record({ into: fc.oneof(scalar, fc.constant(new BigInt64Array(3))), strict: scalar }, { requiredKeys: [] }),
  fc.record({ format: fc.oneof(scalar, fc.constantFrom("constructor", "toString", "__proto__", "auto", "chrony-tracking")), strict: scalar }, { requiredKeys: [] }),
);

function onlyClockmathErrors(name: string, call: (a: unknown, b: unknown) => unknown, runs = 300): void {
  it(name, () => {
    fc.assert(fc.property(junk, junk, (a, b) => {
      try {
        call(a, b);
      } catch (e) {
        if (!(e instanceof ClockmathError)) throw new Error(`${name} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
    }), { numRuns: runs });
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
});

describe("jitter: junk in, ClockmathError out", () => {
  onlyClockmathErrors("new LatencyHistogram", (a) => new api.LatencyHistogram(a as never).dispose());
  const h = new api.LatencyHistogram({ highestTrackableNs: 3600n * S });
  onlyClockmathErrors("record", (a, b) => h.record(a as never, b as never));
  onlyClockmathErrors("recordMany", (a) => h.recordMany(a as never));
  onlyClockmathErrors("recordCorrected", (a, b) => h.recordCorrected(a as never, b as never));
  onlyClockmathErrors("percentile / percentileRank", (a, b) => { h.percentile(a as never); h.percentileRank(b as never); });
  onlyClockmathErrors("merge", (a) => h.merge(a as never));
  onlyClockmathErrors("decode", (a) => api.LatencyHistogram.decode(a as never));
  onlyClockmathErrors("parseIntervalLog", (a) => api.parseIntervalLog(a as never));
  it("measureTimerJitter rejects junk options with a ClockmathError", async () => {
    // async: its argument errors arrive as rejections. Junk never names a timer API, so no call
    // here gets as far as starting real timers.
    await fc.assert(fc.asyncProperty(junk, async (a) => {
      try {
        await api.measureTimerJitter(a as never);
      } catch (e) {
        if (!(e instanceof ClockmathError)) throw new Error(`measureTimerJitter rejected with ${(e as Error)?.name}: ${(e as Error)?.message}`);
        return;
      }
      throw new Error(`measureTimerJitter accepted ${String(a)}`);
    }), { numRuns: 200 });
  });
});

describe("arrays and into: junk in, ClockmathError out", () => {
  const t = api.LeapTable.builtin();
  onlyClockmathErrors("new CoreArray", (a) => new api.CoreArray(a as never).dispose());
  onlyClockmathErrors("taiMinusUtcMany / taiToUnixMany", (a, b) => { t.taiMinusUtcMany(a as never, b as never); t.taiToUnixMany(a as never, b as never); });
  const clock = new api.SmearedClock("google");
  onlyClockmathErrors("SmearedClock.sample", (a, b) => clock.sample(1_483_142_400n * S, 1_483_315_200n * S, 3, b as never));
});

describe("deadlines and smears: junk in, ClockmathError out", () => {
  onlyClockmathErrors("Deadline.after / at / fromHeaders", (a, b) => {
    try { api.Deadline.after(a as never, b as never); } finally {
      try { api.Deadline.at(a as never, b as never); } finally { api.Deadline.fromHeaders(a as never, b as never); }
    }
  });
  onlyClockmathErrors("Deadline methods", (a, b) => {
    const d = api.Deadline.after(5n * S, { now: 1_000n * S });
    if (d.remainingNs() !== 5n * S) throw new Error("the frozen clock did not take");
    try { d.child(a as never); } finally { d.toHeaders(a as never, b as never); }
  });
  onlyClockmathErrors("header codecs", (a, b) => {
    try { api.encodeGrpcTimeout(a as never, b as never); } finally {
      try { api.decodeGrpcTimeout(a as never); } finally {
        try { api.encodeConnectTimeoutMs(a as never, b as never); } finally {
          try { api.decodeConnectTimeoutMs(a as never); } finally { api.timeoutHeaderFor(a as never, b as never); }
        }
      }
    }
  });
  onlyClockmathErrors("propagate / analyzeTimeouts", (a, b) => {
    try { api.propagate(a as never, b as never); } finally { api.analyzeTimeouts(a as never); }
  });
  onlyClockmathErrors("new SmearedClock", (a, b) => new api.SmearedClock(a as never, b as never));
  const clock = new api.SmearedClock("google");
  onlyClockmathErrors("SmearedClock readings", (a, b) => {
    try { clock.fromTai(a as never); } finally {
      try { clock.toTai(a as never, b as never); } finally { clock.sample(a as never, b as never, 3); }
    }
  });
});
