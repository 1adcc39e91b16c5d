// The wasm core against the plain BigInt model, on random instants biased toward the edges.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatUtc, LeapTable, MAX_TAI_NS, MAX_UNIX_NS, MIN_UNIX_NS, parseUtc } from "../../src/mod.ts";
import { core } from "../../src/core/loader.ts";
import { REF_ROWS, refInLeap, refTaiMinusUtc, refTaiToUnix, refUnixToTai } from "../reference/leap-bigint.mjs";

const S = 1_000_000_000n;
const table = LeapTable.builtin();
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "nothing thrown";
};
const L1972 = 63_072_000n * S;

// Instants near every row start (± 3 s), and anywhere in 1961..2262.
const nearEdge = fc
  .tuple(fc.integer({ min: 0, max: REF_ROWS.length - 1 }), fc.bigInt({ min: -3n * S, max: 3n * S }))
  .map(([j, d]) => REF_ROWS[j].start + d)
  .filter((u) => u >= MIN_UNIX_NS);
const anywhere = fc.bigInt({ min: MIN_UNIX_NS, max: MAX_UNIX_NS });
const unixArb = fc.oneof(nearEdge, anywhere, fc.bigInt({ min: MIN_UNIX_NS, max: L1972 }));
const taiArb = unixArb.map((u) => u + 37_000_000_000n).filter((t) => t >= refUnixToTai(MIN_UNIX_NS) && t <= MAX_TAI_NS);

describe("core equals the BigInt reference", () => {
  it("the built-in rows are the reference rows", () => {
    expect(table.leaps.map((l) => l.unixNs)).toEqual(REF_ROWS.map((r) => r.start));
  });
  it("taiMinusUtc and unixToTai", () => {
    fc.assert(
      fc.property(unixArb, (u) => {
        expect(table.taiMinusUtc(u)).toBe(refTaiMinusUtc(u));
        expect(table.unixToTai(u)).toBe(refUnixToTai(u));
      }),
      { numRuns: 3000 },
    );
  });
  it("taiToUnix (Linux rule)", () => {
    fc.assert(
      fc.property(taiArb, (t) => {
        expect(table.taiToUnix(t)).toBe(refTaiToUnix(t));
      }),
      { numRuns: 3000 },
    );
  });
  it("batch forms equal the scalar ones", () => {
    fc.assert(
      fc.property(fc.array(unixArb, { minLength: 1, maxLength: 300 }), (us) => {
        const a = BigInt64Array.from(us);
        expect(Array.from(table.taiMinusUtcMany(a))).toEqual(us.map((u) => refTaiMinusUtc(u)));
        expect(Array.from(table.unixToTaiMany(a))).toEqual(us.map((u) => refUnixToTai(u)));
        const ts = BigInt64Array.from(us.map((u) => u + 2n * S));
        expect(Array.from(table.taiToUnixMany(ts))).toEqual(Array.from(ts, (t) => refTaiToUnix(t)));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the core's SIMD range check", () => {
  it("outsideRange flags exactly the arrays with an element outside [lo, hi]", () => {
    const c = core();
    const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const near = (v: bigint) => fc.bigInt({ min: -2n, max: 2n }).map((d) => v + d);
    fc.assert(
      fc.property(fc.tuple(i64, i64), fc.integer({ min: 0, max: 37 }), fc.nat(), (pair, n, seed) => {
        const [lo, hi] = pair[0] <= pair[1] ? pair : [pair[1], pair[0]];
        const el = fc.oneof(near(lo), near(hi), fc.bigInt({ min: lo, max: hi }), i64).filter((v) =>
          v >= -(2n ** 63n) && v < 2n ** 63n
        );
        const xs = fc.sample(fc.array(el, { minLength: n, maxLength: n }), { numRuns: 1, seed })[0];
        const p = c.scratch(Math.max(n, 1) * 8);
        new BigInt64Array(c.memory.buffer, p, n).set(xs);
        expect(c.outsideRange(p, n, lo, hi)).toBe(xs.some((x) => x < lo || x > hi) ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("batch forms across chunks, into, in place, and errors", () => {
  // 8192 instants per trip through the core (BATCH_CHUNK): lengths around 1, 2 and 3 chunks.
  const lengths = fc.constantFrom(8191, 8192, 8193, 16_385, 20_000);
  const arrayOf = (arb: fc.Arbitrary<bigint>) =>
    fc.tuple(lengths, fc.array(arb, { minLength: 1, maxLength: 64 })).map(([n, seeds]) =>
      BigInt64Array.from({ length: n }, (_, i) => seeds[(i * 7919) % seeds.length] + BigInt(i % 3))
    );
  const inUnix = arrayOf(unixArb.filter((u) => u <= MAX_UNIX_NS - 2n));
  it("every element equals the reference; into and in-place give the same values", () => {
    fc.assert(
      fc.property(inUnix, (a) => {
        const want = Array.from(a, (u) => refUnixToTai(u));
        expect(Array.from(table.unixToTaiMany(a))).toEqual(want);
        const into = new BigInt64Array(a.length);
        expect(table.unixToTaiMany(a, { into })).toBe(into);
        expect(Array.from(into)).toEqual(want);
        const copy = a.slice();
        table.taiMinusUtcMany(copy, { into: copy });
        expect(Array.from(copy)).toEqual(Array.from(a, (u) => refTaiMinusUtc(u)));
        const ts = BigInt64Array.from(want);
        expect(Array.from(table.taiToUnixMany(ts))).toEqual(want.map((t) => refTaiToUnix(t)));
      }),
      { numRuns: 12 },
    );
  });
  it("one bad instant anywhere throws with its index; an aliased into is left untouched", () => {
    fc.assert(
      fc.property(
        inUnix,
        fc.nat(),
        fc.constantFrom(MIN_UNIX_NS - 1n, MAX_UNIX_NS + 1n, -(2n ** 63n), 2n ** 63n - 1n),
        (a, k, bad) => {
          const i = k % a.length;
          a[i] = bad;
          const before = a.slice();
          let err: unknown;
          try {
            table.unixToTaiMany(a, { into: a });
          } catch (e) {
            err = e;
          }
          expect((err as { code?: string }).code).toBe("out-of-range");
          expect((err as Error).message).toContain(`unixNs[${i}]`);
          expect(a).toEqual(before);
          if (i >= 1) {
            // the same memory through two other views: the bad instant is in the input, so nothing is written
            const sub = new BigInt64Array(a.buffer, 8, a.length - 1);
            expect(code(() => table.taiMinusUtcMany(a.subarray(1), { into: sub }))).toBe("out-of-range");
            expect(a).toEqual(before);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
  it("strict: instants at or after expiry throw expired, in both directions", () => {
    const exp = table.expiresUnixNs!;
    const a = BigInt64Array.from({ length: 10_000 }, (_, i) => exp - 10_000n + BigInt(i));
    expect(table.taiMinusUtcMany(a, { strict: true }).length).toBe(10_000);
    a[9_999] = exp;
    expect(() => table.taiMinusUtcMany(a, { strict: true })).toThrow(/unixNs\[9999\]|expiry/);
    expect(() => table.taiMinusUtcMany(a)).not.toThrow();
    const t = table.unixToTaiMany(a);
    let err: unknown;
    try {
      table.taiToUnixMany(t, { strict: true });
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe("expired");
    t[9_999] -= 1n;
    expect(Array.from(table.taiToUnixMany(t, { strict: true })).at(-1)).toBe(exp - 1n);
  });
  it("into of the wrong kind or length is an invalid argument", () => {
    const a = BigInt64Array.of(0n, 1n);
    for (const into of [new BigInt64Array(3), new Float64Array(2), [0n, 0n]]) {
      expect(() => table.taiMinusUtcMany(a, { into: into as never })).toThrow(
        expect.objectContaining({ code: "invalid-argument" }),
      );
    }
  });
});

describe("round trips", () => {
  it("utcToTai(taiToUtc(t)) === t from 1972 on, including inside leap seconds", () => {
    const inLeaps = fc
      .tuple(fc.integer({ min: 14, max: REF_ROWS.length - 1 }), fc.bigInt({ min: -1n, max: S }))
      .map(([j, d]) => REF_ROWS[j].start + REF_ROWS[j - 1].offset + d);
    const after1972 = fc.bigInt({ min: L1972 + 10n * S, max: MAX_UNIX_NS });
    fc.assert(
      fc.property(fc.oneof(inLeaps, after1972, taiArb.filter((t) => t >= L1972 + 10n * S)), (t) => {
        const f = table.taiToUtc(t);
        expect(f.second === 60).toBe(refInLeap(t));
        expect(table.utcToTai(f)).toBe(t);
        expect(parseUtc(formatUtc(f))).toEqual(f);
      }),
      { numRuns: 3000 },
    );
  });
  it("before 1972 UTC seconds were longer: TAI→UTC→TAI is t or t+1 ns, exact on UTC's image", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_UNIX_NS, max: L1972 - 1n }), (u) => {
        const t = table.unixToTai(u);
        expect(table.taiToUnix(t)).toBe(u);
        expect(table.utcToTai(table.taiToUtc(t))).toBe(t);
        const back = table.utcToTai(table.taiToUtc(t + 1n));
        expect(back - (t + 1n) === 0n || back - (t + 1n) === 1n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it("taiToUnix(unixToTai(u)) === u for every Unix ns that exists", () => {
    fc.assert(
      fc.property(unixArb, (u) => {
        const t = table.unixToTai(u);
        // u inside an interval deleted before 1972 (1961-08-01, 1968-02-01) never happened.
        if (refTaiToUnix(t) !== u) return;
        expect(table.taiToUnix(t)).toBe(u);
      }),
      { numRuns: 3000 },
    );
  });
});
