// A model-based check of core memory ownership: random interleavings of creating, using, disposing
// and dropping leap tables, smeared clocks, CoreArrays and histograms. After every step each live
// object must still give the answers it gave when it was made (a shadow model keeps them); any
// write of one object into another's memory shows up as a changed answer.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CoreArray, LatencyHistogram, LeapTable, SmearedClock } from "../../src/mod.ts";
import { type RefRow, refTaiMinusUtc } from "../reference/leap-bigint.mjs";

const S = 1_000_000_000n;
const DAY = 86_400n * S;

type Op =
  | { kind: "table"; rows: number; seed: number }
  | { kind: "clock"; of: number; model: "google" | "step" | "stall" }
  | { kind: "array"; length: number; seed: number }
  | { kind: "histogram"; value: number }
  | { kind: "dispose"; which: number }
  | { kind: "drop"; which: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("table" as const), rows: fc.integer({ min: 1, max: 1500 }), seed: fc.nat() }),
  fc.record({
    kind: fc.constant("clock" as const),
    of: fc.nat(),
    model: fc.constantFrom("google" as const, "step" as const, "stall" as const),
  }),
  fc.record({ kind: fc.constant("array" as const), length: fc.integer({ min: 0, max: 5000 }), seed: fc.nat() }),
  fc.record({ kind: fc.constant("histogram" as const), value: fc.integer({ min: 1, max: 1e9 }) }),
  fc.record({ kind: fc.constant("dispose" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("drop" as const), which: fc.nat() }),
);

interface Live {
  /** Answers the object gives now; must equal `want` while it lives. */
  read: () => unknown[];
  want: unknown[];
  dispose: () => void;
  table?: LeapTable;
}

/** Whole-second rows a day apart from 1972, TAI−UTC stepping ±1 s by the seed's bits. */
function leapsFor(n: number, seed: number) {
  let off = 10n;
  return Array.from({ length: n }, (_, i) => {
    if (i > 0) off += off >= 100n ? -1n : off <= 10n ? 1n : (seed >> (i % 31)) & 1 ? 1n : -1n;
    return { unixNs: 63_072_000n * S + BigInt(i) * 7n * DAY, taiMinusUtcNs: off * S };
  });
}

describe("core memory ownership, model-based", () => {
  it("no object's answers change while others are created, used, disposed or dropped", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const live: Live[] = [];
        try {
          for (const o of ops) {
            switch (o.kind) {
              case "table": {
                const leaps = leapsFor(o.rows, o.seed);
                const t = LeapTable.fromLeaps(leaps);
                const rows: RefRow[] = leaps.map((l) => ({
                  start: l.unixNs,
                  offset: l.taiMinusUtcNs,
                  root: l.unixNs,
                  rate: 0n,
                }));
                const probes = [0, o.rows >> 1, o.rows - 1].map((j) => leaps[j].unixNs + 3n * DAY);
                const want = probes.map((u) => refTaiMinusUtc(u, rows));
                live.push({
                  read: () => [
                    ...probes.map((u) => t.taiMinusUtc(u)),
                    ...t.taiMinusUtcMany(BigInt64Array.from(probes)),
                  ],
                  want: [...want, ...want],
                  dispose: () => t.dispose(),
                  table: t,
                });
                break;
              }
              case "clock": {
                const tables = live.filter((l) => l.table !== undefined);
                const table = tables.length === 0 ? LeapTable.builtin() : tables[o.of % tables.length].table!;
                let c: SmearedClock;
                try {
                  c = new SmearedClock(o.model, table);
                } catch {
                  break; // a table with no leap to smear, or windows that overlap: refused, fine
                }
                const w = c.windows();
                const at = [w[0].startTaiNs - 1n, w[0].endTaiNs, w[w.length - 1].leapTaiNs + 1n];
                const want = at.map((t) => c.fromTai(t));
                live.push({ read: () => at.map((t) => c.fromTai(t)), want, dispose: () => c.dispose() });
                break;
              }
              case "array": {
                const a = new CoreArray(o.length);
                const vals = Array.from(
                  { length: o.length },
                  (_, i) => BigInt(((i + 1) * (o.seed | 1)) % 1_000_003) - 500_000n,
                );
                a.view.set(vals);
                live.push({ read: () => [...a.view], want: vals, dispose: () => a.dispose() });
                break;
              }
              case "histogram": {
                const h = new LatencyHistogram();
                h.record(BigInt(o.value));
                const want = [h.count, h.percentile(50), h.max];
                live.push({ read: () => [h.count, h.percentile(50), h.max], want, dispose: () => h.dispose() });
                break;
              }
              case "dispose":
              case "drop": {
                if (live.length === 0) break;
                const [gone] = live.splice(o.which % live.length, 1);
                if (o.kind === "dispose") gone.dispose();
                break;
              }
            }
            for (const l of live) expect(l.read()).toEqual(l.want);
          }
        } finally {
          for (const l of live) l.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });
});
