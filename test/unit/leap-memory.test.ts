// Leap tables and smeared clocks own their core memory: each lives in its own block, sized in the
// shell, passed by address; none can write over another object's memory, and dispose() frees it.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import fc from "fast-check";
import {
  ClockmathError,
  CoreArray,
  LatencyHistogram,
  LeapTable,
  MAX_LEAP_TABLE_ROWS,
  SmearedClock,
} from "../../src/mod.ts";
import { core } from "../../src/core/loader.ts";
import { type RefRow, refTaiMinusUtc, refTaiToUnix, refUnixToTai } from "../reference/leap-bigint.mjs";

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const NTP = 2_208_988_800n;

/** n whole-second rows, one a day from 1972-01-01, TAI−UTC alternating 10 s / 11 s (a leap in and out). */
function manyLeaps(n: number): { unixNs: bigint; taiMinusUtcNs: bigint }[] {
  return Array.from(
    { length: n },
    (_, i) => ({ unixNs: 63_072_000n * S + BigInt(i) * DAY, taiMinusUtcNs: (10n + BigInt(i % 2)) * S }),
  );
}
const refRows = (leaps: { unixNs: bigint; taiMinusUtcNs: bigint }[]): RefRow[] =>
  leaps.map((l) => ({ start: l.unixNs, offset: l.taiMinusUtcNs, root: l.unixNs, rate: 0n }));

/** A hash-valid leap-seconds.list with these rows (the #h line is the file's own SHA-1). */
function ietfFile(leaps: { unixNs: bigint; taiMinusUtcNs: bigint }[]): string {
  const updated = "3992312697", expires = "4023129600";
  const data = leaps.map((l) => [String(l.unixNs / S + NTP), String(l.taiMinusUtcNs / S)]);
  const sha = createHash("sha1").update(updated + expires + data.flat().join("")).digest("hex");
  const h = sha.match(/.{8}/g)!.map((g) => g.replace(/^0+(?=.)/, "")).join(" ");
  return [`#$ ${updated}`, `#@ ${expires}`, ...data.map(([a, b]) => `${a}\t${b}`), `#h ${h}`, ""].join("\n");
}

/** Live objects of every kind whose observable state must not change while other objects are made. */
function bystanders() {
  const h = new LatencyHistogram();
  h.record(1000n);
  const arr = new CoreArray(64);
  arr.view.set(Array.from({ length: 64 }, (_, i) => BigInt(i) * 7n - 100n));
  const small = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 8n * S }, {
    unixNs: 100n * DAY,
    taiMinusUtcNs: 9n * S,
  }]);
  const clock = new SmearedClock("google");
  const at = 1_483_228_836n * S; // inside the 2016 smear
  const snap = () => [
    h.percentile(50),
    h.count,
    ...arr.view,
    small.taiMinusUtc(150n * DAY),
    small.taiToUnix(100n * DAY + 9n * S - 1n),
    clock.fromTai(at),
  ];
  const before = snap();
  return {
    check: () => expect(snap()).toEqual(before),
    dispose: () => {
      h.dispose?.();
      arr.dispose();
      small.dispose();
      clock.dispose();
    },
  };
}

describe("a table of many rows owns its block (it wrote over core memory past 1024 rows)", () => {
  it("fromLeaps with 1400 rows answers exactly and changes no other object", () => {
    const others = bystanders();
    const leaps = manyLeaps(1400);
    const t = LeapTable.fromLeaps(leaps);
    const rows = refRows(leaps);
    const probes = [
      leaps[0].unixNs,
      leaps[700].unixNs - 1n,
      leaps[700].unixNs,
      leaps[1399].unixNs + 5n * DAY,
      leaps[1023].unixNs + 1n,
      leaps[1300].unixNs,
    ];
    for (const u of probes) {
      expect(t.taiMinusUtc(u)).toBe(refTaiMinusUtc(u, rows));
      expect(t.unixToTai(u)).toBe(refUnixToTai(u, rows));
      expect(t.taiToUnix(u + 10n * S)).toBe(refTaiToUnix(u + 10n * S, rows));
    }
    others.check();
    new LatencyHistogram().record(5n); // threw "memory access out of bounds" after the overwrite
    others.check();
    t.dispose();
    others.dispose();
  });

  it("parse of a hash-valid file with 1400 rows answers exactly and changes no other object", () => {
    const others = bystanders();
    const leaps = manyLeaps(1400);
    const t = LeapTable.parse(ietfFile(leaps));
    expect(t.leaps.length).toBe(1400);
    const rows = refRows(leaps);
    fc.assert(
      fc.property(fc.bigInt({ min: leaps[0].unixNs, max: leaps[1399].unixNs + 10n * DAY }), (u) => {
        expect(t.taiMinusUtc(u)).toBe(refTaiMinusUtc(u, rows));
      }),
      { numRuns: 300 },
    );
    others.check();
    t.dispose();
    others.dispose();
  });

  it(`MAX_LEAP_TABLE_ROWS (${MAX_LEAP_TABLE_ROWS}) rows work; one more, or 99 999 (a RangeError before), is out-of-range`, () => {
    const others = bystanders();
    const max = LeapTable.fromLeaps(manyLeaps(MAX_LEAP_TABLE_ROWS));
    const last = manyLeaps(MAX_LEAP_TABLE_ROWS).at(-1)!;
    expect(max.taiMinusUtc(last.unixNs)).toBe(last.taiMinusUtcNs);
    for (const n of [MAX_LEAP_TABLE_ROWS + 1, 99_999]) {
      let err: unknown;
      try {
        LeapTable.fromLeaps(manyLeaps(n));
      } catch (e) {
        err = e;
      }
      expect(ClockmathError.is(err, "out-of-range")).toBe(true);
      expect((err as Error).message).toContain(`MAX_LEAP_TABLE_ROWS = ${MAX_LEAP_TABLE_ROWS}`);
    }
    let parsed: unknown;
    try {
      LeapTable.parse(ietfFile(manyLeaps(MAX_LEAP_TABLE_ROWS + 1)));
    } catch (e) {
      parsed = e;
    }
    expect(ClockmathError.is(parsed, "out-of-range")).toBe(true);
    others.check();
    max.dispose();
    others.dispose();
  });
});

describe("tables and clocks used in turn answer from their own blocks", () => {
  it("two tables alternating give each its own answers", () => {
    const a = LeapTable.builtin();
    const b = LeapTable.fromLeaps([...a.leaps.filter((l) => l.driftNsPerDay === undefined), {
      unixNs: 1_798_761_600n * S,
      taiMinusUtcNs: 38n * S,
    }]);
    const u = 1_798_761_600n * S + 1n; // 2027-01-01: after b's hypothetical leap
    for (let i = 0; i < 50; i++) {
      expect(a.taiMinusUtc(u)).toBe(37n * S);
      expect(b.taiMinusUtc(u)).toBe(38n * S);
      expect(a.taiToUnixMany(BigInt64Array.of(u + 37n * S))[0]).toBe(u);
      expect(b.taiToUnixMany(BigInt64Array.of(u + 38n * S))[0]).toBe(u);
    }
    b.dispose();
  });

  it("two clocks alternating keep their own window search hints and answers", () => {
    const g = new SmearedClock("google"), m = new SmearedClock("meta");
    const ts = Array.from({ length: 200 }, (_, i) => 1_483_228_836n * S - DAY + BigInt(i) * (DAY / 100n));
    const alone = (c: SmearedClock) => ts.map((t) => c.fromTai(t));
    const wantG = alone(g), wantM = alone(m);
    const mixed = ts.flatMap((t) => [g.fromTai(t), m.fromTai(t)]);
    expect(mixed).toEqual(ts.flatMap((_, i) => [wantG[i], wantM[i]]));
    g.dispose();
    m.dispose();
  });
});

describe("dispose", () => {
  const expectDisposed = (f: () => unknown) => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(ClockmathError.is(err, "invalid-argument")).toBe(true);
  };

  it("a disposed table throws invalid-argument from every method; dispose twice does nothing", () => {
    const t = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: DAY, taiMinusUtcNs: 11n * S }]);
    expect(t.taiMinusUtc(2n * DAY)).toBe(11n * S);
    t.dispose();
    t.dispose();
    t[Symbol.dispose]();
    expectDisposed(() => t.taiMinusUtc(2n * DAY));
    expectDisposed(() => t.unixToTai(2n * DAY));
    expectDisposed(() => t.taiToUnix(2n * DAY));
    expectDisposed(() => t.taiToUtc(2n * DAY));
    expectDisposed(() => t.utcToTai({ year: 1970, month: 1, day: 3, hour: 0, minute: 0, second: 0, nanosecond: 0 }));
    expectDisposed(() => t.taiMinusUtcMany(BigInt64Array.of(2n * DAY)));
    expectDisposed(() => t.isExpired(0n));
    expectDisposed(() => new SmearedClock("google", t));
    expect(t.leaps.length).toBe(2); // plain data stays readable
  });

  it("[Symbol.dispose] is dispose", () => {
    const t = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: DAY, taiMinusUtcNs: 11n * S }]);
    const c = new SmearedClock("step", t);
    expect(c.fromTai(20n * S)).toBe(10n * S);
    c[Symbol.dispose]();
    expectDisposed(() => c.fromTai(20n * S));
    t[Symbol.dispose]();
    expectDisposed(() => t.taiMinusUtc(0n));
  });

  it("the shared LeapTable.builtin() ignores dispose: every caller holds the same instance", () => {
    const t = LeapTable.builtin();
    t.dispose();
    t[Symbol.dispose]();
    expect(LeapTable.builtin()).toBe(t);
    expect(t.taiMinusUtc(1_483_228_800n * S)).toBe(37n * S);
    const strict = LeapTable.builtin({ strict: true }); // a table of its own: disposable
    strict.dispose();
    expectDisposed(() => strict.taiMinusUtc(0n));
  });

  it("a clock keeps working after its table is disposed (it holds its own share of the rows)", () => {
    const t = LeapTable.fromLeaps(LeapTable.builtin().leaps.filter((l) => l.driftNsPerDay === undefined));
    const c = new SmearedClock("google", t);
    const at = [63_072_000n * S + 10n * S, 1_483_228_836n * S, 1_483_228_836n * S + DAY];
    const want = at.map((x) => c.fromTai(x));
    const wantBack = c.toTai(want[2]);
    const wantOffset = c.offsetAt(at[0]);
    t.dispose();
    expectDisposed(() => t.taiToUnix(at[0]));
    // blocks freed in the meantime are reused by new objects; the clock's rows must not be among them
    const fill = Array.from({ length: 20 }, () => LeapTable.fromLeaps(manyLeaps(t.leaps.length)));
    expect(at.map((x) => c.fromTai(x))).toEqual(want);
    expect(c.toTai(want[2])).toBe(wantBack);
    expect(c.offsetAt(at[0])).toBe(wantOffset);
    const mid = (at[0] + at[2]) / 2n;
    expect(c.sample(at[0], at[2], 3)).toEqual(BigInt64Array.of(want[0], c.fromTai(mid), want[2]));
    c.dispose();
    for (const f of fill) f.dispose();
    expectDisposed(() => c.fromTai(at[1]));
    expectDisposed(() => c.windows());
    expectDisposed(() => c.sample(at[0], at[1], 2));
    expectDisposed(() => c.toTai(want[1]));
  });

  it("creating and disposing tables and clocks reuses their memory (the core does not grow)", () => {
    const leaps = manyLeaps(1000); // 48 KiB of rows, 24 KiB of windows
    const round = () => {
      const t = LeapTable.fromLeaps(leaps);
      const c = new SmearedClock("step", t);
      const x = leaps[500].unixNs + 10n * S + 1n;
      expect(c.fromTai(x)).toBe(t.taiToUnix(x));
      expect(c.fromTai(x)).toBe(leaps[500].unixNs + 1n);
      c.dispose();
      t.dispose();
    };
    for (let i = 0; i < 20; i++) round();
    const bytes = core().memory.buffer.byteLength;
    for (let i = 0; i < 500; i++) round(); // 96 MiB if nothing were freed
    expect(core().memory.buffer.byteLength).toBe(bytes);
  });

  it("tables and clocks dropped without dispose() are freed by the garbage collector", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const leaps = manyLeaps(1000); // a 64 KiB block of rows and a 128 KiB block of windows per round
    const settle = async () => {
      for (let k = 0; k < 3; k++) {
        gc();
        await new Promise((r) => setTimeout(r, 0)); // finalizers run in later tasks
      }
    };
    const round = () => {
      const c = new SmearedClock("step", LeapTable.fromLeaps(leaps));
      expect(c.fromTai(leaps[10].unixNs + 10n * S)).toBe(leaps[10].unixNs);
    };
    for (let i = 0; i < 50; i++) round();
    await settle();
    const bytes = core().memory.buffer.byteLength;
    for (let i = 0; i < 400; i++) { // 75 MiB if nothing were freed
      round();
      if (i % 50 === 49) await settle();
    }
    expect(core().memory.buffer.byteLength - bytes).toBeLessThan(32 * 2 ** 20);
  });
});
