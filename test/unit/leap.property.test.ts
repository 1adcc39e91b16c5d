// The wasm core against the plain BigInt model, on random instants biased toward the edges.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LeapTable, MAX_TAI_NS, MAX_UNIX_NS, MIN_UNIX_NS, formatUtc, parseUtc } from "../../src/mod.ts";
import { REF_ROWS, refInLeap, refTaiMinusUtc, refTaiToUnix, refUnixToTai } from "../reference/leap-bigint.ts";

const S = 1_000_000_000n;
const table = LeapTable.builtin();
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
    fc.assert(fc.property(unixArb, (u) => {
      expect(table.taiMinusUtc(u)).toBe(refTaiMinusUtc(u));
      expect(table.unixToTai(u)).toBe(refUnixToTai(u));
    }), { numRuns: 3000 });
  });
  it("taiToUnix (Linux rule)", () => {
    fc.assert(fc.property(taiArb, (t) => {
      expect(table.taiToUnix(t)).toBe(refTaiToUnix(t));
    }), { numRuns: 3000 });
  });
  it("batch forms equal the scalar ones", () => {
    fc.assert(fc.property(fc.array(unixArb, { minLength: 1, maxLength: 300 }), (us) => {
      const a = BigInt64Array.from(us);
      expect(Array.from(table.taiMinusUtcMany(a))).toEqual(us.map((u) => refTaiMinusUtc(u)));
      expect(Array.from(table.unixToTaiMany(a))).toEqual(us.map((u) => refUnixToTai(u)));
      const ts = BigInt64Array.from(us.map((u) => u + 2n * S));
      expect(Array.from(table.taiToUnixMany(ts))).toEqual(Array.from(ts, (t) => refTaiToUnix(t)));
    }), { numRuns: 100 });
  });
});

describe("round trips", () => {
  it("utcToTai(taiToUtc(t)) === t from 1972 on, including inside leap seconds", () => {
    const inLeaps = fc
      .tuple(fc.integer({ min: 14, max: REF_ROWS.length - 1 }), fc.bigInt({ min: -1n, max: S }))
      .map(([j, d]) => REF_ROWS[j].start + REF_ROWS[j - 1].off + d);
    const after1972 = fc.bigInt({ min: L1972 + 10n * S, max: MAX_UNIX_NS });
    fc.assert(fc.property(fc.oneof(inLeaps, after1972, taiArb.filter((t) => t >= L1972 + 10n * S)), (t) => {
      const f = table.taiToUtc(t);
      expect(f.second === 60).toBe(refInLeap(t));
      expect(table.utcToTai(f)).toBe(t);
      expect(parseUtc(formatUtc(f))).toEqual(f);
    }), { numRuns: 3000 });
  });
  it("before 1972 UTC seconds were longer: TAI→UTC→TAI is t or t+1 ns, exact on UTC's image", () => {
    fc.assert(fc.property(fc.bigInt({ min: MIN_UNIX_NS, max: L1972 - 1n }), (u) => {
      const t = table.unixToTai(u);
      expect(table.taiToUnix(t)).toBe(u);
      expect(table.utcToTai(table.taiToUtc(t))).toBe(t);
      const back = table.utcToTai(table.taiToUtc(t + 1n));
      expect(back - (t + 1n) === 0n || back - (t + 1n) === 1n).toBe(true);
    }), { numRuns: 2000 });
  });
  it("taiToUnix(unixToTai(u)) === u for every Unix ns that exists", () => {
    fc.assert(fc.property(unixArb, (u) => {
      const t = table.unixToTai(u);
      // u inside an interval deleted before 1972 (1961-08-01, 1968-02-01) never happened.
      if (refTaiToUnix(t) !== u) return;
      expect(table.taiToUnix(t)).toBe(u);
    }), { numRuns: 3000 });
  });
});
