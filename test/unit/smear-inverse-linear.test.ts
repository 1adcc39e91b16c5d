// SmearedClock.toTai of the linear clocks (google, meta, windows, ntpsec, custom linear) against a
// BigInt model written from the public window descriptions and the table alone: the forward
// reading in exact rationals, the inverse in closed form per stretch. It covers the core's one-pass
// path (a gap or a linear window next to the window found last) and its fallbacks: readings at
// every knot, at window edges, at the last instants of windows and gaps, readings skipped by a
// fast smear (deleted seconds), and random readings asked in random order across all windows (the
// search hint then hits and misses).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ClockmathError, LeapTable, SmearedClock, type SmearModel } from "../../src/mod.ts";
import { MAX_TAI_NS } from "../../src/constants.ts";
import { NEGATIVE_LEAP_TZDATA } from "../vectors/smear.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;

type Answer = bigint | "ambiguous-reading" | "nonexistent-reading";
type Pick = "earliest" | "latest" | undefined;

/** One stretch of the reference: [a, b], reading f0 + floor((t − t0)·(p − d)/p) (a gap: d = 0). */
interface Piece {
  a: bigint;
  b: bigint;
  t0: bigint;
  f0: bigint;
  p: bigint;
  d: bigint;
}

/** The clock as BigInt stretches, from the table's offsets and clock.windows() (linear shapes only). */
function referencePieces(clock: SmearedClock, model: SmearModel, table: LeapTable): Piece[] {
  const leaps = table.leaps;
  let j0 = leaps.length;
  while (j0 > 0 && leaps[j0 - 1].driftNsPerDay === undefined) j0--;
  const base = leaps[j0].taiMinusUtcNs;
  const constFrom = leaps[j0].unixNs + base;
  const maxTai = table.strict && table.expiresUnixNs !== undefined
    ? table.unixToTai(table.expiresUnixNs, { strict: false }) - 1n
    : MAX_TAI_NS;
  const offs: [bigint, bigint][] = [];
  for (let j = j0 + 1; j < leaps.length; j++) {
    if (leaps[j - 1].taiMinusUtcNs !== leaps[j].taiMinusUtcNs) {
      offs.push([leaps[j - 1].taiMinusUtcNs, leaps[j].taiMinusUtcNs]);
    }
  }
  const windows = clock.windows();
  expect(windows.length).toBe(offs.length);
  const pieces: Piece[] = [];
  let a = constFrom, off = base;
  windows.forEach((w, i) => {
    const [off0, off1] = offs[i];
    expect(off1 - off0).toBe(w.deltaNs);
    if (w.startTaiNs > a) pieces.push({ a, b: w.startTaiNs - 1n, t0: a, f0: a - off0, p: 1n, d: 0n });
    if (w.endTaiNs > w.startTaiNs) {
      // ntpsec slews at the nominal rate over a day ending at the leap; the others over their window
      const p = model === "ntpsec" ? DAY : w.endTaiNs - w.startTaiNs;
      const f0 = w.startTaiNs - off0;
      pieces.push({ a: w.startTaiNs, b: w.endTaiNs - 1n, t0: w.startTaiNs, f0, p, d: w.deltaNs });
    }
    a = w.endTaiNs;
    off = off1;
  });
  pieces.push({ a, b: maxTai, t0: a, f0: a - off, p: 1n, d: 0n });
  return pieces;
}

const floorDiv = (x: bigint, y: bigint) => (x >= 0n ? x / y : -((-x + y - 1n) / y));
const ceilDiv = (x: bigint, y: bigint) => -floorDiv(-x, y);

function readAt(pieces: Piece[], t: bigint): bigint {
  const g = pieces.find((x) => x.a <= t && t <= x.b);
  if (g === undefined) throw new Error(`no piece at ${t}`);
  return g.f0 + floorDiv((t - g.t0) * (g.p - g.d), g.p);
}

/** toTai by the reference: the clock is non-decreasing, so one search over stretches. */
function referenceToTai(pieces: Piece[], r: bigint, pick: Pick): Answer {
  const g = pieces.find((x) => readAt(pieces, x.b) >= r);
  if (g === undefined) throw new Error(`reading ${r} past the clock`);
  // smallest τ ≥ 0 with floor(τ·(p − d)/p) ≥ r − f0
  const q = r - g.f0;
  const tau = q <= 0n ? 0n : ceilDiv(q * g.p, g.p - g.d);
  const t = g.t0 + tau < g.a ? g.a : g.t0 + tau;
  const v = readAt(pieces, t);
  const first = pieces[0].a;
  if (v !== r && !(t > first && v - readAt(pieces, t - 1n) <= 2n)) {
    return pick === undefined ? "nonexistent-reading" : t;
  }
  let last = t;
  const end = pieces[pieces.length - 1].b;
  while (v === r && last < end && readAt(pieces, last + 1n) === r) last++;
  if (last - t > 2n && pick === undefined) return "ambiguous-reading";
  return pick === "latest" ? last : t;
}

function toTai(clock: SmearedClock, r: bigint, pick: Pick): Answer {
  try {
    return pick === undefined ? clock.toTai(r) : clock.toTai(r, { pick });
  } catch (e) {
    if (ClockmathError.is(e, "ambiguous-reading")) return "ambiguous-reading";
    if (ClockmathError.is(e, "nonexistent-reading")) return "nonexistent-reading";
    throw e;
  }
}

const NEG = LeapTable.parse(NEGATIVE_LEAP_TZDATA);
const CROWDED = LeapTable.fromLeaps([
  { unixNs: 63_072_000n * S, taiMinusUtcNs: 10n * S },
  { unixNs: 1_000n * DAY, taiMinusUtcNs: 11n * S },
  { unixNs: 1_001n * DAY, taiMinusUtcNs: 10n * S },
  { unixNs: 1_002n * DAY, taiMinusUtcNs: 11n * S },
  { unixNs: 1_003n * DAY, taiMinusUtcNs: 12n * S },
]);
const LINEAR: SmearModel[] = [
  "google",
  "meta",
  "windows",
  "ntpsec",
  { shape: "linear", startNs: -3n * S, durationNs: 4n * S },
  { shape: "linear", startNs: -2n * S, durationNs: 2n * S }, // the steepest a custom window gets: R/P = 1/2
  { shape: "linear", startNs: -DAY, durationNs: 6n * DAY },
];
const cases: { model: SmearModel; table: LeapTable; label: string }[] = [];
for (const model of LINEAR) {
  const m = typeof model === "string" ? model : `linear ${model.startNs}/${model.durationNs}`;
  cases.push({ model, table: LeapTable.builtin(), label: `${m}, builtin` });
  cases.push({ model, table: NEG, label: `${m}, deleted second` });
  if (typeof model !== "string" && model.durationNs > DAY) continue; // windows would overlap
  cases.push({ model, table: CROWDED, label: `${m}, leaps on consecutive days` });
}

describe("toTai of the linear clocks = a BigInt reference", () => {
  for (const { model, table, label } of cases) {
    it(label, () => {
      const clock = new SmearedClock(model, table);
      const pieces = referencePieces(clock, model, table);
      // the reference is the clock: it reads the same at every stretch edge
      for (const g of pieces.slice(0, -1)) {
        for (const t of [g.a, g.a + 1n, g.b - 1n, g.b]) {
          expect(clock.fromTai(t), `fromTai(${t})`).toBe(readAt(pieces, t));
        }
      }
      let skipped = 0, held = 0;
      const check = (r: bigint) => {
        for (const pick of [undefined, "earliest", "latest"] as const) {
          const want = referenceToTai(pieces, r, pick);
          expect(toTai(clock, r, pick), `reading ${r}, pick ${pick}`).toEqual(want);
          if (pick === "latest" && typeof want === "bigint" && want !== referenceToTai(pieces, r, "earliest")) held++;
          if (pick === "earliest" && typeof want === "bigint" && readAt(pieces, want) !== r) skipped++;
        }
      };
      // readings at every knot and the instants around it: window starts and ends, the last
      // instants of windows and gaps
      const inner = pieces.slice(1, -1);
      for (const g of inner) {
        for (const t of [g.a - 1n, g.a, g.a + 1n, g.a + 2n, g.b - 2n, g.b - 1n, g.b, g.b + 1n]) {
          const v = readAt(pieces, t);
          for (const d of [-2n, -1n, 0n, 1n, 2n]) check(v + d);
        }
      }
      // random readings inside every stretch, and near its ends
      const stretch = fc.constantFrom(...inner);
      fc.assert(
        fc.property(
          stretch,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.bigInt({ min: -3n, max: 3n }),
          (g, x, d) => {
            const t = g.a + BigInt(Math.floor(Number(g.b - g.a) * x));
            check(readAt(pieces, t) + d);
          },
        ),
        { numRuns: 300 },
      );
      // where a window's reading is held (slow smear) or steps by two (fast): after every p/|d| ns,
      // the k-th of them anywhere in the window
      const smeared = inner.filter((g) => g.d !== 0n);
      fc.assert(
        fc.property(
          fc.constantFrom(...smeared),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.bigInt({ min: -2n, max: 2n }),
          (g, x, dt) => {
            const ad = g.d < 0n ? -g.d : g.d;
            const k = 1n + BigInt(Math.floor(Number(((g.b - g.a) * ad) / g.p - 1n) * x));
            const t = g.t0 + ceilDiv(k * g.p, ad) + dt;
            if (t < g.a || t > g.b) return;
            const v = readAt(pieces, t);
            for (const d of [-1n, 0n, 1n]) check(v + d);
          },
        ),
        { numRuns: 200 },
      );
      // random readings over the whole range in random order: the hint window changes between calls
      const lo = readAt(pieces, pieces[0].a), hi = readAt(pieces, inner[inner.length - 1].b + DAY);
      fc.assert(
        fc.property(fc.array(fc.bigInt({ min: lo, max: hi }), { minLength: 1, maxLength: 40 }), (rs) => {
          for (const r of rs) check(r);
        }),
        { numRuns: 40 },
      );
      // a slow smear shows some readings twice; a fast one (deleted second) steps over some
      const slow = pieces.some((g) => g.d > 0n), fast = pieces.some((g) => g.d < 0n);
      if (slow) expect(held, "readings shown at two instants").toBeGreaterThan(0);
      if (fast) expect(skipped, "readings stepped over").toBeGreaterThan(0);
    });
  }
});
