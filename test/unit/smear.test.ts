// Leap smears against independent BigInt references written from each model's definition.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ClockmathError,
  compareClocks,
  LeapTable,
  SMEAR_MODELS,
  SmearedClock,
  type SmearModel,
} from "../../src/mod.ts";
import { NEGATIVE_LEAP_TZDATA } from "../vectors/smear.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;

interface Leap {
  u: bigint;
  off0: bigint;
  off1: bigint;
}
const POS: Leap = { u: 1_483_228_800n * S, off0: 36n * S, off1: 37n * S }; // 2016-12-31
const NEG: Leap = { u: 1_893_456_000n * S, off0: 11n * S, off1: 10n * S }; // hypothetical 2029-12-31
const builtin = LeapTable.builtin();
const negTable = LeapTable.parse(NEGATIVE_LEAP_TZDATA);
const tableOf = (lp: Leap) => (lp === POS ? builtin : negTable);

const fdiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

// ---- an independent high-precision sine: 50-digit fixed point, Taylor series ----
const SC = 10n ** 50n;
const PI = 314159265358979323846264338327950288419716939937510n; // π·10^50
function sinFixed(x: bigint): bigint { // x scaled by SC, 0 ≤ x ≤ π/2
  let term = x, sum = x;
  for (let k = 1n; term !== 0n; k++) {
    term = -((term * x) / SC) * x / SC / ((2n * k) * (2n * k + 1n));
    sum += term;
  }
  return sum;
}

/** The window [s, e) of a named model around one leap, from the definitions. */
function windowOf(model: SmearModel, lp: Leap): { s: bigint; e: bigint; l: bigint; d: bigint } {
  const d = lp.off1 - lp.off0, l = lp.u + (d > 0n ? lp.off0 : lp.off1);
  if (typeof model === "object") return { s: l + model.startNs, e: l + model.startNs + model.durationNs, l, d };
  switch (model) {
    case "google":
      return { s: lp.u - DAY / 2n + lp.off0, e: lp.u + DAY / 2n + lp.off1, l, d };
    case "ntpsec":
    case "ntpd":
      return { s: lp.u - DAY + lp.off0, e: l, l, d };
    case "chrony":
    case "meta":
      return { s: l, e: l + 62_500n * S, l, d };
    case "windows":
      return d > 0n ? { s: l - S, e: l + d, l, d } : { s: l, e: l, l, d };
    default:
      return { s: l, e: d > 0n ? l + d : l, l, d };
  }
}

/** Exact reading (floor) for exact models; for cosine shapes the exact value ×SC, not floored. */
function reference(model: SmearModel, lp: Leap, t: bigint): { floor: bigint } | { scaled: bigint } {
  const { s, e, l, d } = windowOf(model, lp);
  const old = t - lp.off0, neu = t - lp.off1;
  const shape = typeof model === "object" ? model.shape : model;
  if (shape === "step" || d < 0n && (shape === "overrun" || shape === "stall" || shape === "windows")) {
    return { floor: t < l ? old : neu };
  }
  if (shape === "overrun") return { floor: t < l + d ? old : neu };
  if (shape === "stall") return { floor: t < l ? old : t < l + d ? lp.u : neu };
  if (t < s) return { floor: old };
  if (t >= e) return { floor: neu };
  const tau = t - s, w = e - s;
  switch (shape) {
    case "google":
    case "meta":
    case "windows":
    case "linear":
      // linear from the old count at s to the new count at e
      return { floor: s - lp.off0 + fdiv(tau * (w - d), w) };
    case "ntpsec": // offset −D·τ/86 400 s, τ in system time (= TAI inside the window)
      return { floor: fdiv(old * DAY - d * tau, DAY) };
    case "chrony":
    case "quadratic": {
      const q = 2n * tau <= w ? 2n * tau * tau : w * w - 2n * (w - tau) * (w - tau); // q(x)·w²
      return { floor: fdiv(old * w * w - d * q, w * w) };
    }
    case "cosine":
    case "ntpd": {
      const p = shape === "ntpd" ? DAY : w;
      const sn = sinFixed((PI * tau) / (2n * p));
      const sin2 = (sn * sn) / SC; // ×SC
      const mag = d < 0n ? -d : d;
      if (shape === "ntpd" && d < 0n) return { scaled: old * SC + mag * (SC - sin2) }; // +|D|·cos²
      return { scaled: old * SC - d * sin2 };
    }
  }
  throw new Error(`no reference for ${String(shape)}`);
}

const CUSTOM: SmearModel[] = [
  { shape: "linear", startNs: -3_600n * S, durationNs: 7_200n * S },
  { shape: "cosine", startNs: -DAY, durationNs: DAY },
  { shape: "quadratic", startNs: -5n * DAY, durationNs: 6n * DAY },
  { shape: "quadratic", startNs: -1n, durationNs: 2n * S + 3n },
];
const ALL: SmearModel[] = [...SMEAR_MODELS, ...CUSTOM];
const name = (m: SmearModel) => (typeof m === "string" ? m : `${m.shape} ${m.startNs}/${m.durationNs}`);
const nonMonotone = (m: SmearModel, lp: Leap) => lp === POS && (m === "step" || m === "overrun");

describe("smear models against BigInt references", () => {
  for (const lp of [POS, NEG]) {
    for (const model of ALL) {
      it(`${name(model)}, ${lp === POS ? "inserted" : "deleted"} second: core = reference on random instants`, () => {
        const clock = new SmearedClock(model, tableOf(lp));
        const { s, e, l } = windowOf(model, lp);
        const lo = (s < l - 2n * S ? s : l - 2n * S) - S, hi = (e > l + 2n * S ? e : l + 2n * S) + S;
        const check = (t: bigint) => {
          const got = clock.fromTai(t), ref = reference(model, lp, t);
          if ("floor" in ref) expect(got, `t = ${t}`).toBe(ref.floor);
          else {
            // within ±1 ns of the floor of the exact value
            const f = fdiv(ref.scaled, SC);
            expect(got >= f - 1n && got <= f + 1n, `t = ${t}: ${got} vs ${f}`).toBe(true);
          }
        };
        for (const t of [s - 1n, s, s + 1n, e - 1n, e, e + 1n, l - 1n, l, l + 1n, l + S, (s + e) / 2n]) check(t);
        fc.assert(fc.property(fc.bigInt({ min: lo, max: hi }), (t) => check(t)), { numRuns: 300 });
      });

      it(`${name(model)}, ${lp === POS ? "inserted" : "deleted"}: monotone over the window, toTai inverts`, () => {
        const clock = new SmearedClock(model, tableOf(lp));
        const { s, e, l } = windowOf(model, lp);
        const lo = (s < l - 2n * S ? s : l - 2n * S) - S, hi = (e > l + 2n * S ? e : l + 2n * S) + S;
        const arb = fc.bigInt({ min: lo, max: hi });
        if (!nonMonotone(model, lp)) {
          for (const t of [s - 1n, s, e - 1n, e]) expect(clock.fromTai(t + 1n) >= clock.fromTai(t)).toBe(true);
          fc.assert(
            fc.property(arb, arb, (a, b) => {
              const [x, y] = a <= b ? [a, b] : [b, a];
              expect(clock.fromTai(x) <= clock.fromTai(y), `${x} ≤ ${y}`).toBe(true);
              expect(clock.fromTai(x + 1n) >= clock.fromTai(x)).toBe(true);
            }),
            { numRuns: 200 },
          );
        }
        fc.assert(
          fc.property(arb, (t) => {
            const r = clock.fromTai(t);
            const oneToOne = clock.fromTai(t - 1n) < r && clock.fromTai(t + 1n) > r;
            let back: bigint;
            try {
              back = clock.toTai(r);
            } catch (err) {
              // only readings the model shows over a stretch of time may refuse
              expect(ClockmathError.is(err, "ambiguous-reading"), String(err)).toBe(true);
              const first = clock.toTai(r, { pick: "earliest" }), last = clock.toTai(r, { pick: "latest" });
              expect(first <= t && t <= last && last - first > 2n).toBe(true);
              expect(clock.fromTai(first)).toBe(r);
              expect(clock.fromTai(last)).toBe(r);
              return;
            }
            if (oneToOne && !nonMonotone(model, lp)) expect(back).toBe(t);
            expect(clock.fromTai(back)).toBe(r);
          }),
          { numRuns: 150 },
        );
      });
    }
  }
});

describe("rateAt", () => {
  it("matches the slope of the readings over one second inside every smooth window", () => {
    for (const lp of [POS, NEG]) {
      for (const model of ["google", "ntpsec", "ntpd", "chrony", "meta", ...CUSTOM] as SmearModel[]) {
        const clock = new SmearedClock(model, tableOf(lp));
        const { s, e } = windowOf(model, lp);
        if (e - s < 3n * S) continue;
        fc.assert(
          fc.property(fc.bigInt({ min: s + 1n, max: e - S - 1n }), (t) => {
            const slope = Number(clock.fromTai(t + S) - clock.fromTai(t)) / 1e9 - 1; // ±1e-9 quantisation
            const mid = (clock.rateAt(t) + clock.rateAt(t + S)) / 2 / 1e6;
            expect(Math.abs(slope - mid), `${name(model)} at ${t}`).toBeLessThan(3e-9);
          }),
          { numRuns: 40 },
        );
      }
    }
  });
  it("is −10^6 ppm while a clock stalls, −500 000 ppm for Windows, 0 outside windows", () => {
    const L = POS.u + POS.off0;
    expect(new SmearedClock("stall").rateAt(L + S / 2n)).toBe(-1e6);
    expect(new SmearedClock("windows").rateAt(L)).toBe(-5e5);
    expect(new SmearedClock("google").rateAt(L + DAY)).toBe(0);
  });
});

describe("ambiguous and nonexistent readings", () => {
  it("Linux step: every reading of the repeated 23:59:59 is ambiguous; picks give both instants", () => {
    const c = new SmearedClock("step");
    fc.assert(
      fc.property(fc.bigInt({ min: POS.u - S, max: POS.u - 1n }), (r) => {
        expect(() => c.toTai(r)).toThrow(expect.objectContaining({ code: "ambiguous-reading" }));
        expect(c.toTai(r, { pick: "earliest" })).toBe(r + POS.off0);
        expect(c.toTai(r, { pick: "latest" })).toBe(r + POS.off1);
      }),
      { numRuns: 50 },
    );
  });
  it("overrun: 00:00:00 repeats", () => {
    const c = new SmearedClock("overrun");
    const r = POS.u + 123n;
    expect(() => c.toTai(r)).toThrow(expect.objectContaining({ code: "ambiguous-reading" }));
    expect(c.toTai(r, { pick: "latest" }) - c.toTai(r, { pick: "earliest" })).toBe(S);
  });
  it("deleted second: the skipped 23:59:59 is nonexistent on step, stall, overrun and windows", () => {
    for (const m of ["step", "stall", "overrun", "windows"] as const) {
      const c = new SmearedClock(m, negTable);
      const r = NEG.u - S + 7n;
      expect(() => c.toTai(r)).toThrow(expect.objectContaining({ code: "nonexistent-reading" }));
      expect(c.toTai(r, { pick: "latest" })).toBe(NEG.u + NEG.off1);
    }
  });
  it("smooth smears of a deleted second never refuse (quantisation is not a gap)", () => {
    for (const m of ["google", "meta", "chrony"] as const) {
      const c = new SmearedClock(m, negTable);
      fc.assert(
        fc.property(fc.bigInt({ min: NEG.u - 3_600n * S, max: NEG.u + 3_600n * S }), (r) => {
          const t = c.toTai(r);
          expect(c.fromTai(t) >= r && c.fromTai(t - 1n) < r).toBe(true);
        }),
        { numRuns: 100 },
      );
    }
  });
});

describe("sample", () => {
  it("equals fromTai at the evenly spaced instants, across several windows and before 1972", () => {
    for (const m of ["google", "chrony", "step", "ntpd", "windows"] as const) {
      const c = new SmearedClock(m);
      fc.assert(
        fc.property(
          fc.bigInt({ min: -200_000_000n * S, max: 1_600_000_000n * S }),
          fc.bigInt({ min: 0n, max: 400_000_000n * S }),
          fc.integer({ min: 1, max: 40 }),
          (from, span, n) => {
            const to = from + span;
            const out = c.sample(from, to, n);
            expect(out.length).toBe(n);
            for (let i = 0; i < n; i++) {
              const t = n === 1 ? from : from + (span * BigInt(i)) / BigInt(n - 1);
              expect(out[i], `${m} i=${i}`).toBe(c.fromTai(t));
            }
          },
        ),
        { numRuns: 60 },
      );
      // dense around the leap
      const a = POS.u + POS.off0 - 2n * S, b = a + 4n * S;
      const out = c.sample(a, b, 4001);
      for (let i = 0; i < 4001; i += 7) expect(out[i]).toBe(c.fromTai(a + BigInt(i) * 1_000_000n));
    }
  });
});

describe("sample: dense runs through linear windows (incremental path)", () => {
  it("every point equals fromTai for random spacings, including steps that do not divide evenly", () => {
    for (
      const [m, table, lp] of [["google", builtin, POS], ["meta", builtin, POS], ["windows", builtin, POS], [
        "google",
        negTable,
        NEG,
      ], ["ntpsec", negTable, NEG]] as const
    ) {
      const c = new SmearedClock(m, table);
      const { s, e } = windowOf(m, lp);
      fc.assert(
        fc.property(
          fc.bigInt({ min: s - 3n * S, max: e }),
          fc.bigInt({ min: 0n, max: (e - s) + 6n * S }),
          fc.integer({ min: 2, max: 3000 }),
          (from, span, n) => {
            const out = c.sample(from, from + span, n);
            for (let i = 0; i < n; i++) {
              const t = from + (span * BigInt(i)) / BigInt(n - 1);
              if (out[i] !== c.fromTai(t)) expect(out[i], `${m} i=${i} t=${t}`).toBe(c.fromTai(t));
            }
          },
        ),
        { numRuns: 40 },
      );
    }
  });
});

describe("secondsShown", () => {
  it("stretches tile the range and each starts exactly where the display changes", () => {
    for (const lp of [POS, NEG]) {
      for (const m of SMEAR_MODELS) {
        const c = new SmearedClock(m, tableOf(lp));
        const l = lp.u + (lp.off0 < lp.off1 ? lp.off0 : lp.off1);
        fc.assert(
          fc.property(
            fc.bigInt({ min: l - 20n * S, max: l + 5n * S }),
            fc.bigInt({ min: 1n, max: 20n * S }),
            (from, len) => {
              const st = c.secondsShown(from, from + len);
              expect(st[0].fromTaiNs).toBe(from);
              expect(st.at(-1)!.toTaiNs).toBe(from + len);
              const sec = (t: bigint) => fdiv(c.fromTai(t), S);
              for (let k = 0; k < st.length; k++) {
                if (k > 0) expect(st[k].fromTaiNs).toBe(st[k - 1].toTaiNs);
                expect(st[k].toTaiNs > st[k].fromTaiNs).toBe(true);
                const shown = sec(st[k].fromTaiNs);
                expect(Number(((shown % 60n) + 60n) % 60n)).toBe(st[k].second);
                expect(sec(st[k].toTaiNs - 1n)).toBe(shown);
                if (k > 0) {
                  const before = c.fromTai(st[k].fromTaiNs - 1n), now = c.fromTai(st[k].fromTaiNs);
                  expect(fdiv(before, S) !== shown || now < before).toBe(true);
                }
              }
            },
          ),
          { numRuns: 8 },
        );
      }
    }
  });
});

describe("compareClocks", () => {
  const L = POS.u + POS.off0;
  it("google vs Linux step: largest gap at the start of 23:59:60", () => {
    const g = new SmearedClock("google"), st = new SmearedClock("step");
    const res = compareClocks(g, st, L - DAY, L + DAY);
    // google at L reads u − 12 h + floor(43 200 s · 86 400/86 401) = u − 0.500005787… s (floored);
    // step reads u − 1 s there: the gap is 1 s − 499 994 214 ns
    expect(res.atTaiNs).toBe(L);
    expect(res.maxAbsNs).toBe(S - 499_994_214n);
    expect(res.deltaNs).toBe(res.aReadingNs - res.bReadingNs);
  });
  it("a custom cosine over the last day equals ntpd for an inserted second", () => {
    const cos = new SmearedClock({ shape: "cosine", startNs: -DAY, durationNs: DAY });
    expect(compareClocks(cos, new SmearedClock("ntpd"), L - 2n * DAY, L + DAY).maxAbsNs).toBe(0n);
  });
  it("meta vs chrony: an interior maximum, found to the nanosecond", () => {
    // offsets: meta −τ/62 500, chrony −2τ²/62 500² (first half): difference τ/W − 2τ²/W² peaks at
    // τ = W/4 with value 1/8 s
    const res = compareClocks(new SmearedClock("meta"), new SmearedClock("chrony"), L - DAY, L + 2n * DAY);
    expect(res.maxAbsNs >= S / 8n - 1n && res.maxAbsNs <= S / 8n + 1n).toBe(true);
    // the same 1/8 s recurs at τ = 3W/4; the curve is flat to 1 ns within ±1.4 s of either
    const near = (q: bigint) => res.atTaiNs > q - 2n * S && res.atTaiNs < q + 2n * S;
    expect(near(L + 15_625n * S) || near(L + 46_875n * S)).toBe(true);
  });
});

describe("validation", () => {
  it("rejects bad specs, instants and counts with ClockmathError codes", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ClockmathError).code;
      }
      return "none";
    };
    expect(code(() => new SmearedClock({ shape: "cosine", startNs: 0n, durationNs: 10n * DAY }))).toBe("out-of-range");
    expect(code(() => new SmearedClock({ shape: "spline", startNs: 0n, durationNs: DAY } as never))).toBe(
      "invalid-argument",
    );
    expect(code(() => new SmearedClock({ shape: "linear", startNs: 0, durationNs: DAY } as never))).toBe(
      "invalid-argument",
    );
    expect(code(() => new SmearedClock("google", {} as never))).toBe("invalid-argument");
    const c = new SmearedClock("google");
    expect(code(() => c.fromTai(-(2n ** 63n) - 1n))).toBe("out-of-range");
    // beyond i64 but equal mod 2^64 to an instant fromTai answers: an i64 store would wrap it into range
    const inRange = 1_483_228_800_000_000_000n;
    const reading = c.fromTai(inRange); // inside google's 2016 smear: TAI − 36 … 37 s
    expect(reading >= inRange - 37n * S && reading <= inRange - 36n * S).toBe(true);
    for (const t of [inRange + 2n ** 64n, inRange - 2n ** 64n, inRange + 3n * 2n ** 64n]) {
      expect(code(() => c.fromTai(t))).toBe("out-of-range");
    }
    expect(code(() => c.fromTai(1e18 as never))).toBe("invalid-argument");
    expect(code(() => c.fromTai(-400_000_000n * S))).toBe("out-of-range");
    expect(code(() => c.sample(0n, S, 1.5))).toBe("invalid-argument");
    expect(code(() => c.sample(0n, S, 2 ** 25))).toBe("out-of-range");
    expect(code(() => c.toTai(0n, { pick: "middle" as never }))).toBe("invalid-argument");
    // leaps on consecutive days: noon-to-noon windows just touch; two-day windows overlap
    const tight = LeapTable.fromLeaps([
      { unixNs: 0n, taiMinusUtcNs: 10n * S },
      { unixNs: DAY * 100n, taiMinusUtcNs: 11n * S },
      { unixNs: DAY * 101n, taiMinusUtcNs: 12n * S },
    ]);
    expect(new SmearedClock("google", tight).windows()[0].endTaiNs).toBe(
      new SmearedClock("google", tight).windows()[1].startTaiNs,
    );
    expect(code(() => new SmearedClock({ shape: "linear", startNs: -2n * DAY, durationNs: 3n * DAY }, tight))).toBe(
      "invalid-argument",
    );
    expect(new SmearedClock("step", tight).windows().length).toBe(2);
    // a strict table refuses instants past its expiry, like the table itself
    const strict = LeapTable.builtin({ strict: true });
    const exp = strict.unixToTai(strict.expiresUnixNs!, { strict: false });
    const sc = new SmearedClock("google", strict);
    expect(sc.fromTai(exp - 1n)).toBe(strict.taiToUnix(exp - 1n));
    expect(code(() => sc.fromTai(exp))).toBe("expired");
    expect(code(() => sc.sample(exp - S, exp, 3))).toBe("expired");
    expect(code(() => strict.taiToUnix(exp))).toBe("expired");
  });
});
