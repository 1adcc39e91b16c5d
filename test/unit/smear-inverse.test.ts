// SmearedClock.toTai (the core's closed-form inverse) against a reference that knows nothing of the
// shapes: the bisection toTai had before, over the public fromTai, run at readings near every
// window edge of every model, with and without `pick`, on inserted, deleted and crowded leaps.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ClockmathError, LeapTable, SMEAR_MODELS, SmearedClock, type SmearModel } from "../../src/mod.ts";
import { MAX_TAI_NS } from "../../src/constants.ts";
import { NEGATIVE_LEAP_TZDATA } from "../vectors/smear.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;

type Pick = "earliest" | "latest" | undefined;
type Answer = bigint | "ambiguous-reading" | "nonexistent-reading";

/**
 * toTai as it was computed before the closed form (bisection per monotone stretch), for readings
 * at or after the clock's first whole leap; written from fromTai and the model's step points only.
 */
function bisectionToTai(clock: SmearedClock, model: SmearModel, table: LeapTable, r: bigint, pick: Pick): Answer {
  const f = (t: bigint) => clock.fromTai(t);
  const leaps = table.leaps;
  let j0 = leaps.length;
  while (j0 > 0 && leaps[j0 - 1].driftNsPerDay === undefined) j0--;
  const constFrom = leaps[j0].unixNs + leaps[j0].taiMinusUtcNs;
  const maxTai = table.strict && table.expiresUnixNs !== undefined
    ? table.unixToTai(table.expiresUnixNs, { strict: false }) - 1n
    : MAX_TAI_NS;
  const jumps = clock.windows()
    .filter((w) => w.deltaNs > 0n && (model === "step" || model === "overrun"))
    .map((w) => (model === "step" ? w.leapTaiNs : w.leapTaiNs + w.deltaNs))
    .filter((j) => j <= maxTai);
  const firstAtLeast = (x: bigint, a: bigint, b: bigint) => {
    let lo = a, hi = b + 1n;
    while (lo < hi) {
      const mid = lo + ((hi - lo) >> 1n);
      if (f(mid) >= x) hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  };
  const bounds = [constFrom, ...jumps, maxTai + 1n];
  let earliest: bigint | undefined, latest: bigint | undefined, jump: bigint | undefined;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k], b = bounds[k + 1] - 1n;
    if (r < f(a) || r > f(b)) continue;
    const t = firstAtLeast(r, a, b);
    const v = f(t);
    if (v === r || (t > a && v - f(t - 1n) <= 2n)) {
      const last = v === r ? firstAtLeast(r + 1n, t, b) - 1n : t;
      if (earliest === undefined) earliest = t;
      latest = last;
    } else if (jump === undefined) jump = t;
  }
  if (earliest === undefined || latest === undefined) {
    return pick !== undefined && jump !== undefined ? jump : "nonexistent-reading";
  }
  if (latest - earliest > 2n) {
    if (pick === "earliest") return earliest;
    if (pick === "latest") return latest;
    return "ambiguous-reading";
  }
  return pick === "latest" ? latest : earliest;
}

function closedForm(clock: SmearedClock, r: bigint, pick: Pick): Answer {
  try {
    return pick === undefined ? clock.toTai(r) : clock.toTai(r, { pick });
  } catch (e) {
    if (ClockmathError.is(e, "ambiguous-reading")) return "ambiguous-reading";
    if (ClockmathError.is(e, "nonexistent-reading")) return "nonexistent-reading";
    throw e;
  }
}

const NEG = LeapTable.parse(NEGATIVE_LEAP_TZDATA);
// Leaps on consecutive days (inserted, deleted, inserted, inserted): many short monotone stretches.
const CROWDED = LeapTable.fromLeaps([
  { unixNs: 63_072_000n * S, taiMinusUtcNs: 10n * S },
  { unixNs: 1_000n * DAY, taiMinusUtcNs: 11n * S },
  { unixNs: 1_001n * DAY, taiMinusUtcNs: 10n * S },
  { unixNs: 1_002n * DAY, taiMinusUtcNs: 11n * S },
  { unixNs: 1_003n * DAY, taiMinusUtcNs: 12n * S },
]);
const CUSTOM: SmearModel[] = [
  { shape: "linear", startNs: -3n * S, durationNs: 4n * S },
  { shape: "linear", startNs: -DAY, durationNs: 6n * DAY },
  { shape: "cosine", startNs: -2n * S, durationNs: 2n * S },
  { shape: "cosine", startNs: -DAY, durationNs: 2n * DAY },
  { shape: "quadratic", startNs: 0n, durationNs: 2n * S },
  { shape: "quadratic", startNs: -6n * DAY + S, durationNs: 6n * DAY },
];
const SHORT: SmearModel[] = ["step", "overrun", "stall", "windows", CUSTOM[0], CUSTOM[2], CUSTOM[4]];

const cases: { model: SmearModel; table: LeapTable; label: string }[] = [];
for (const model of [...SMEAR_MODELS, ...CUSTOM]) {
  const m = typeof model === "string" ? model : `${model.shape} ${model.startNs}/${model.durationNs}`;
  cases.push({ model, table: LeapTable.builtin(), label: `${m}, builtin` });
  cases.push({ model, table: NEG, label: `${m}, deleted second` });
}
for (const model of SHORT) {
  const m = typeof model === "string" ? model : `${model.shape} ${model.durationNs}`;
  cases.push({ model, table: CROWDED, label: `${m}, leaps on consecutive days` });
}
cases.push({
  model: "step",
  table: LeapTable.builtin({ strict: true }),
  label: "step, strict builtin (clipped at expiry)",
});

describe("toTai: closed form = bisection", () => {
  for (const { model, table, label } of cases) {
    it(label, () => {
      const clock = new SmearedClock(model, table);
      const edges: bigint[] = [];
      for (const w of clock.windows()) {
        edges.push(
          w.startTaiNs,
          w.endTaiNs,
          w.leapTaiNs,
          w.leapTaiNs + (w.deltaNs > 0n ? w.deltaNs : 0n),
          (w.startTaiNs + w.endTaiNs) / 2n,
        );
      }
      const check = (r: bigint) => {
        for (const pick of [undefined, "earliest", "latest"] as const) {
          expect(closedForm(clock, r, pick), `reading ${r}, pick ${pick}`).toEqual(
            bisectionToTai(clock, model, table, r, pick),
          );
        }
      };
      // every edge exactly, then random readings around them
      for (const e of edges) for (const d of [-2n, -1n, 0n, 1n, 2n]) check(clock.fromTai(e) + d);
      const edge = fc.constantFrom(...edges);
      fc.assert(
        fc.property(edge, fc.bigInt({ min: -3n * S, max: 3n * S }), fc.bigInt({ min: -3n, max: 3n }), (e, dt, dr) => {
          check(clock.fromTai(e + dt) + dr);
        }),
        { numRuns: 120 },
      );
      // near the edges, to the ns
      fc.assert(
        fc.property(edge, fc.bigInt({ min: -2_000n, max: 2_000n }), (e, dt) => {
          check(clock.fromTai(e + dt));
        }),
        { numRuns: 80 },
      );
    });
  }

  it("the ambiguous and nonexistent cases are there to compare (the reference is not vacuous)", () => {
    const seen = new Set<Answer | "instant">();
    for (const { model, table } of cases.slice(0, 20)) {
      const clock = new SmearedClock(model, table);
      for (const w of clock.windows()) {
        for (
          const r of [clock.fromTai(w.leapTaiNs), clock.fromTai(w.leapTaiNs) - S / 2n, clock.fromTai(w.startTaiNs) + 1n]
        ) {
          const a = closedForm(clock, r, undefined);
          seen.add(typeof a === "bigint" ? "instant" : a);
        }
      }
    }
    expect([...seen].sort()).toEqual(["ambiguous-reading", "instant", "nonexistent-reading"]);
  });
});
