// CoreArray: the batch fast lane inside the core's memory, and the ways a view can go wrong.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import {
  CoreArray,
  LatencyHistogram,
  LeapTable,
  MAX_CORE_ARRAY_LENGTH,
  MAX_UNIX_NS,
  MIN_UNIX_NS,
  SmearedClock,
} from "../../src/mod.ts";
import { refTaiMinusUtc, refTaiToUnix, refUnixToTai } from "../reference/leap-bigint.mjs";

const table = LeapTable.builtin();
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "nothing thrown";
};

describe("CoreArray", () => {
  it("the fast lane gives the reference values, for all three batch forms", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: MIN_UNIX_NS, max: MAX_UNIX_NS - 40n * 10n ** 9n }), { minLength: 1, maxLength: 500 }),
        (us) => {
          const a = new CoreArray(us.length), b = new CoreArray(us.length);
          a.view.set(us);
          expect(table.taiMinusUtcMany(a.view, { into: b.view })).toBe(b.view);
          expect(Array.from(b.view)).toEqual(us.map((u) => refTaiMinusUtc(u)));
          table.unixToTaiMany(a.view, { into: b.view });
          expect(Array.from(b.view)).toEqual(us.map((u) => refUnixToTai(u)));
          table.taiToUnixMany(b.view, { into: a.view });
          expect(Array.from(a.view)).toEqual(Array.from(b.view, (t) => refTaiToUnix(t)));
          a.dispose();
          b.dispose();
        },
      ),
      { numRuns: 60 },
    );
  });
  it("a bad instant throws with its index; in place (overlapping) leaves the input as it was", () => {
    const a = new CoreArray(30_000), b = new CoreArray(30_000);
    a.view.fill(1_500_000_000n * 10n ** 9n);
    a.view[29_999] = MIN_UNIX_NS - 1n;
    expect(() => table.taiMinusUtcMany(a.view, { into: b.view })).toThrow(/unixNs\[29999\]/);
    const before = a.view.slice();
    expect(code(() => table.taiMinusUtcMany(a.view, { into: a.view }))).toBe("out-of-range");
    expect(a.view).toEqual(before);
    a.dispose();
    b.dispose();
  });
  it("mixes with ordinary arrays either way", () => {
    const a = new CoreArray(20_000);
    a.view.set(Array.from({ length: 20_000 }, (_, i) => BigInt(i) * 10n ** 13n));
    const plain = table.taiMinusUtcMany(a.view);
    expect(Array.from(plain)).toEqual(Array.from(a.view, (u) => refTaiMinusUtc(u)));
    const b = new CoreArray(20_000);
    table.taiMinusUtcMany(a.view.slice(), { into: b.view });
    expect(b.view).toEqual(plain);
    a.dispose();
    b.dispose();
  });
  it("a view survives nothing: after the memory grows the old one is stale and says so, the data stays", () => {
    const a = new CoreArray(1000), b = new CoreArray(1000);
    a.view.fill(10n ** 18n);
    const old = a.view;
    const big = new CoreArray(8_000_000); // 64 MB: the memory must grow
    expect(old.length).toBe(0); // detached by the engine
    expect(code(() => table.taiMinusUtcMany(old, { into: b.view }))).toBe("invalid-argument");
    expect(a.view.length).toBe(1000);
    expect(a.view[999]).toBe(10n ** 18n);
    big.dispose();
    a.dispose();
    b.dispose();
  });
  it("a disposed array's view is refused; dispose twice is harmless; lengths are checked", () => {
    const a = new CoreArray(10), b = new CoreArray(10);
    const v = a.view;
    a.dispose();
    a.dispose();
    expect(code(() => a.view)).toBe("invalid-argument");
    expect(code(() => table.taiMinusUtcMany(v, { into: b.view }))).toBe("invalid-argument");
    b.dispose();
    for (const n of [-1, 1.5, NaN, MAX_CORE_ARRAY_LENGTH + 1, "3"]) {
      expect(code(() => new CoreArray(n as number))).not.toBe("nothing thrown");
    }
    expect(new CoreArray(0).view.length).toBe(0);
  });
  it("released memory is reused: allocating and disposing in a loop does not grow the memory", () => {
    const first = new CoreArray(100_000);
    first.dispose();
    const probe = new CoreArray(1);
    const buf = probe.view.buffer;
    for (let i = 0; i < 200; i++) new CoreArray(100_000).dispose();
    expect(probe.view.buffer).toBe(buf);
    probe.dispose();
  });
  it("LatencyHistogram.recordMany reads a CoreArray where it lies, with the same result as a plain array", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 1, maxLength: 3000 }),
        (vs) => {
          const a = new CoreArray(vs.length);
          a.view.set(vs);
          const h1 = new LatencyHistogram({ highestTrackableNs: 10n ** 12n }),
            h2 = new LatencyHistogram({ highestTrackableNs: 10n ** 12n });
          h1.recordMany(a.view);
          h2.recordMany(BigInt64Array.from(vs));
          expect([h1.count, h1.min, h1.max, h1.sumNs, h1.sumOfSquaresNs2]).toEqual([
            h2.count,
            h2.min,
            h2.max,
            h2.sumNs,
            h2.sumOfSquaresNs2,
          ]);
          expect(h1.buckets()).toEqual(h2.buckets());
          h1.dispose();
          h2.dispose();
          a.dispose();
        },
      ),
      { numRuns: 40 },
    );
  });
  it("recordMany from a CoreArray survives an autoResize that grows the memory mid-call", () => {
    const a = new CoreArray(5);
    a.view.set([1n, 2n, 3n, 2n ** 60n, 4n]);
    const h = new LatencyHistogram({ highestTrackableNs: 1000n, autoResize: true });
    h.recordMany(a.view);
    expect([h.count, h.min, h.max]).toEqual([5n, 1n, 2n ** 60n]);
    expect(a.view[3]).toBe(2n ** 60n); // read, never written
    h.dispose();
    a.dispose();
  });
  it("SmearedClock.sample writes into a CoreArray or a plain array the same readings as a new array", () => {
    const clock = new SmearedClock("google");
    const S = 10n ** 9n;
    const from = 1_483_142_400n * S, to = 1_483_315_200n * S; // 2016-12-31 ± 1 day, across the smear
    for (const n of [1, 2, 1000, 8193]) {
      const want = clock.sample(from, to, n);
      const a = new CoreArray(n);
      expect(clock.sample(from, to, n, { into: a.view })).toBe(a.view);
      expect(a.view).toEqual(want);
      const plain = new BigInt64Array(n);
      expect(clock.sample(from, to, n, { into: plain })).toBe(plain);
      expect(plain).toEqual(want);
      a.dispose();
    }
    expect(code(() => clock.sample(from, to, 3, { into: new BigInt64Array(2) }))).toBe("invalid-argument");
  });
});

describe("without FinalizationRegistry (workerd before compatibility date 2025-05-05)", () => {
  it("the library loads; arrays and histograms work and are released by dispose", async () => {
    const g = globalThis as { FinalizationRegistry?: unknown };
    const saved = g.FinalizationRegistry;
    vi.resetModules();
    delete g.FinalizationRegistry;
    try {
      const m = await import("../../src/mod.ts");
      const a = new m.CoreArray(4);
      a.view.set([5n, -3n, 1_000n, 7n]);
      const h = new m.LatencyHistogram();
      h.recordMany(a.view);
      h.record(9n);
      expect([h.count, h.min, h.max]).toEqual([5n, -3n, 1_000n]);
      expect(m.LeapTable.builtin().taiMinusUtcMany(a.view).length).toBe(4);
      a.dispose();
      h.dispose();
    } finally {
      g.FinalizationRegistry = saved;
      vi.resetModules();
    }
  });
});
