// Issue 11, second hostile review (after the four fixes were merged): what a sweep of every export
// with fast-check's anything() still found, each as a regression test.
import { describe, expect, it } from "vitest";
import {
  ClockmathError,
  InvalidArgumentError,
  MAX_UNIX_NS,
  OutOfRangeError,
  possibleLeapsBetween,
} from "../../src/mod.ts";

const S = 1_000_000_000n;

describe("possibleLeapsBetween checks its arguments", () => {
  it("junk bounds are a ClockmathError, not a TypeError", () => {
    for (const bad of [1, "1", Symbol("x"), Object.create(null), undefined, null, {}]) {
      expect(() => possibleLeapsBetween(bad as never, 0n), String(typeof bad)).toThrow(InvalidArgumentError);
      expect(() => possibleLeapsBetween(0n, bad as never), String(typeof bad)).toThrow(InvalidArgumentError);
    }
  });
  it("an unknown month set is an error, not NaN", () => {
    for (const bad of ["bogus", "toString", "constructor", 1, Symbol("x")]) {
      expect(() => possibleLeapsBetween(0n, 100n * 86_400n * S, bad as never)).toThrow(InvalidArgumentError);
    }
  });
  it("bounds past the Unix range are out-of-range (the month count is exact only inside it)", () => {
    expect(() => possibleLeapsBetween(0n, 2n ** 100n)).toThrow(OutOfRangeError);
    expect(() => possibleLeapsBetween(-(2n ** 100n), 0n)).toThrow(OutOfRangeError);
    expect(possibleLeapsBetween(0n, MAX_UNIX_NS)).toBeGreaterThan(0);
  });
  it("still counts: 1970-01-01 .. 1971-01-01 holds 13 month starts, 5 quarter starts, 3 half-year starts", () => {
    const to = 365n * 86_400n * S;
    expect(possibleLeapsBetween(0n, to)).toBe(13);
    expect(possibleLeapsBetween(0n, to, "quarterly")).toBe(5);
    expect(possibleLeapsBetween(0n, to, "june-december")).toBe(3);
    expect(() => possibleLeapsBetween(0n, to, "any-month")).not.toThrow(ClockmathError);
  });
});

describe("`using` declarations dispose all four owning classes at the end of the scope", () => {
  it("CoreArray, LatencyHistogram, LeapTable and SmearedClock give their memory back and refuse use afterwards", async () => {
    const api = await import("../../src/mod.ts");
    // warm up: the first calls set up the core's heap and scratch region, which stay
    new api.SmearedClock("google").fromTai(100_000_000n * S);
    {
      const w = new api.LatencyHistogram();
      w.record(5n);
      w.percentile(50);
      w.dispose();
    }
    const before = api.coreMemory().liveBytes;
    let h: InstanceType<typeof api.LatencyHistogram>, a: InstanceType<typeof api.CoreArray>;
    let t: InstanceType<typeof api.LeapTable>, c: InstanceType<typeof api.SmearedClock>;
    {
      using h1 = new api.LatencyHistogram();
      using a1 = new api.CoreArray(1000);
      using t1 = api.LeapTable.fromLeaps([{ unixNs: 63_072_000n * S, taiMinusUtcNs: 10n * S }, {
        unixNs: 78_796_800n * S,
        taiMinusUtcNs: 11n * S,
      }]);
      using c1 = new api.SmearedClock("google", t1);
      h1.record(5n);
      expect(h1.percentile(50)).toBe(5n);
      expect(api.coreMemory().liveBytes).toBeGreaterThan(before + 8000);
      [h, a, t, c] = [h1, a1, t1, c1];
    }
    expect(api.coreMemory().liveBytes).toBe(before);
    expect(() => h.percentile(50)).toThrow(api.InvalidArgumentError);
    expect(() => a.view).toThrow(api.InvalidArgumentError);
    expect(() => t.unixToTai(100_000_000n * S)).toThrow(api.InvalidArgumentError);
    expect(() => c.fromTai(100_000_000n * S)).toThrow(api.InvalidArgumentError);
  });
});

describe("LeapTable.fromLeaps with holes and odd sources", () => {
  const leap = (i: number) => ({
    unixNs: [63_072_000n, 78_796_800n, 94_694_400n][i] * S,
    taiMinusUtcNs: BigInt(10 + i) * S,
  });
  it("a sparse array is an error naming the hole (forEach skipped holes: TypeError, or a table without the row)", async () => {
    const { LeapTable } = await import("../../src/mod.ts");
    // eslint-disable-next-line no-sparse-arrays
    expect(() => LeapTable.fromLeaps([,] as never)).toThrow(InvalidArgumentError);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => LeapTable.fromLeaps([leap(0), , leap(2)] as never)).toThrow(/leaps\[1\]\.unixNs/);
    expect(LeapTable.fromLeaps([leap(0), leap(1), leap(2)]).leaps).toHaveLength(3);
  });
  it("a source that is not a string is invalid-argument (a null-prototype object threw TypeError; a symbol was kept)", async () => {
    const { LeapTable } = await import("../../src/mod.ts");
    for (const bad of [Object.create(null), Symbol("s"), 5, {}]) {
      expect(() => LeapTable.fromLeaps([{ ...leap(0), source: bad }] as never)).toThrow(InvalidArgumentError);
      expect(() => LeapTable.fromLeaps([leap(0)], { source: bad })).toThrow(InvalidArgumentError);
    }
    const t = LeapTable.fromLeaps([{ ...leap(0), source: "mine" }], { source: "file" });
    expect([t.leaps[0].source, t.source]).toEqual(["mine", "file"]);
  });
});

describe("sparse arrays: a hole is an invalid element, not a skipped one", () => {
  it("selectTruechimers: a hole counted in n but skipped in the scan gave allowed = 1 silently", async () => {
    const { selectTruechimers } = await import("../../src/mod.ts");
    const c = (o: bigint) => ({ offsetNs: o, rootDistanceNs: 10n });
    // eslint-disable-next-line no-sparse-arrays
    expect(() => selectTruechimers([c(0n), , c(5n)] as never)).toThrow(/intervals\[1\]\.offsetNs/);
    expect(selectTruechimers([c(0n), c(5n)]).allowed).toBe(0);
  });
  it('fetchLatest sources and fromSystem paths with a hole are invalid-argument (TypeError; a read of path "undefined")', async () => {
    const { LeapTable } = await import("../../src/mod.ts");
    const fetch = async () => {
      throw new Error("never called");
    };
    // eslint-disable-next-line no-sparse-arrays
    await expect(LeapTable.fetchLatest({ sources: [, { name: "a", url: "https://a.example/" }] as never, fetch }))
      .rejects.toThrow(InvalidArgumentError);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => LeapTable.fromSystem({ paths: [, "/nonexistent"] as never })).toThrow(InvalidArgumentError);
  });
});
