// Drift: NTP arithmetic, the RFC 5905 filter and selection, chrony's regression and Allan
// deviations, each against an independent reference written here from the published definitions
// (plain BigInt / float code, O(N·m) where the core is O(N)), plus NIST SP 1065's NBS14 values.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  allanDeviation,
  type AllanKind,
  ClockFilter,
  detectClockJumps,
  estimateDrift,
  ntpExchange,
  ntpToUnixNs,
  selectTruechimers,
  unixNsToNtp,
} from "../../src/mod.ts";

const S = 1_000_000_000n;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("ntpExchange (RFC 5905 §8)", () => {
  const i64 = fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n });
  it("θ = floor(((T2−T1)+(T3−T4))/2), δ = (T4−T1)−(T3−T2), exactly", () => {
    fc.assert(fc.property(i64, i64, i64, i64, (t1, t2, t3, t4) => {
      const r = ntpExchange({ t1, t2, t3, t4 });
      const sum = (t2 - t1) + (t3 - t4);
      // floor: 2θ ≤ sum < 2θ + 2
      expect(2n * r.thetaNs <= sum && sum < 2n * r.thetaNs + 2n).toBe(true);
      expect(r.delayNs).toBe((t4 - t1) - (t3 - t2));
    }));
  });
  it("a symmetric path: the server 1 ms ahead over a 90 ns round trip", () => {
    // client sends at 0, the server (1 ms ahead) receives at 0 + 40 + 1e6, answers 10 ns later,
    // the reply takes 40 ns: T4 = 90.
    const r = ntpExchange({ t1: 0n, t2: 1_000_040n, t3: 1_000_050n, t4: 90n });
    expect(r).toEqual({ thetaNs: 1_000_000n, delayNs: 80n });
  });
  it("odd sums round toward −∞ (also for negative offsets)", () => {
    expect(ntpExchange({ t1: 0n, t2: 1n, t3: 1n, t4: 2n }).thetaNs).toBe(0n);
    expect(ntpExchange({ t1: 0n, t2: 0n, t3: 0n, t4: 1n }).thetaNs).toBe(-1n); // −1/2 → −1
    expect(ntpExchange({ t1: 0n, t2: 0n, t3: 0n, t4: 3n }).thetaNs).toBe(-2n);
  });
  it("negative delay: the server's clock runs fast enough to outpace a short path", () => {
    // 10 ns path each way; the server's interval T3 − T2 reads 30 ns while the client saw only 25
    const r = ntpExchange({ t1: 1_000n, t2: 5_000n, t3: 5_030n, t4: 1_025n });
    expect(r.delayNs).toBe(-5n);
    const f = new ClockFilter({ precisionNs: 100n });
    // clamped to precision
    expect(f.add({ readingNs: 1_025n, offsetNs: r.thetaNs, delayNs: r.delayNs }).delayNs).toBe(100n);
  });
  it("rejects numbers", () => {
    expect(() => ntpExchange({ t1: 0 as unknown as bigint, t2: 0n, t3: 0n, t4: 0n })).toThrow(/bigint/);
  });
});

describe("NTP timestamp format", () => {
  it("era 0 starts 1900-01-01, era 1 at 2036-02-07T06:28:16Z", () => {
    expect(ntpToUnixNs(0, 0)).toBe(-2_208_988_800n * S);
    expect(ntpToUnixNs(0, 0, { era: 1 })).toBe(2_085_978_496n * S);
    expect(ntpToUnixNs(2_208_988_800, 0)).toBe(0n);
    // half a second is 2^31
    expect(ntpToUnixNs(2_208_988_800, 2 ** 31)).toBe(500_000_000n);
    // the fraction floors: 1 unit is 0.2328 ns
    expect(ntpToUnixNs(2_208_988_800, 1)).toBe(0n);
    expect(ntpToUnixNs(2_208_988_800, 5)).toBe(1n);
    expect(ntpToUnixNs(2_208_988_800, 0xffff_ffff)).toBe(999_999_999n);
  });
  it("fraction conversion is floor(f·1e9/2^32) for every f (BigInt reference)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 0xffff_ffff }), (sec, f) => {
        expect(ntpToUnixNs(sec, f)).toBe((BigInt(sec) - 2_208_988_800n) * S + (BigInt(f) * S) / 2n ** 32n);
      }),
    );
  });
  it("unixNsToNtp round-trips every ns, across the 2036 era boundary", () => {
    fc.assert(fc.property(fc.bigInt({ min: -2_208_988_800n * S, max: 9_000_000_000n * S }), (ns) => {
      const t = unixNsToNtp(ns);
      expect(ntpToUnixNs(t.seconds, t.fraction, { era: t.era })).toBe(ns);
      expect(ntpToUnixNs(t.seconds, t.fraction, { nearUnixNs: ns })).toBe(ns);
    }));
    expect(unixNsToNtp(2_085_978_496n * S)).toEqual({ era: 1, seconds: 0, fraction: 0 });
    expect(unixNsToNtp(2_085_978_496n * S - 1n)).toEqual({ era: 0, seconds: 0xffff_ffff, fraction: 0xffff_fffc });
  });
  it("`near` picks the era within ±68 years", () => {
    const y2040 = 2_208_988_800n * S; // 2040-01-01
    expect(ntpToUnixNs(100, 0, { nearUnixNs: y2040 })).toBe((2n ** 32n + 100n - 2_208_988_800n) * S);
    expect(ntpToUnixNs(0xf000_0000, 0, { nearUnixNs: y2040 })).toBe((0xf000_0000n - 2_208_988_800n) * S);
  });
  it("range errors", () => {
    expect(() => ntpToUnixNs(2 ** 32, 0)).toThrow(/outside/);
    expect(() => ntpToUnixNs(0, -1)).toThrow(/outside/);
    expect(() => ntpToUnixNs(0, 0, { era: 3 })).toThrow(/outside i64/);
  });
});

describe("ClockFilter (RFC 5905 §10)", () => {
  it("picks the minimum-delay sample; dispersion Σ ε_i/2^(i+1) aged at 15 ppm; jitter over the stages", () => {
    const f = new ClockFilter({ precisionNs: 1n });
    const t0 = 1_000n * S;
    const samples = [
      { readingNs: t0, offsetNs: 500n, delayNs: 9_000n, dispersionNs: 100n },
      { readingNs: t0 + 64n * S, offsetNs: 300n, delayNs: 4_000n, dispersionNs: 100n },
      { readingNs: t0 + 128n * S, offsetNs: 800n, delayNs: 7_000n, dispersionNs: 100n },
    ];
    let out;
    for (const s of samples) out = f.add(s);
    // sorted by delay: (300, 4000, age 64 s), (800, 7000, age 0), (500, 9000, age 128 s), 5 empty
    const e1 = 100 + 15e-6 * 64e9, e2 = 100, e3 = 100 + 15e-6 * 128e9;
    const want = e1 / 2 + e2 / 4 + e3 / 8 + 16e9 * (1 / 16 + 1 / 32 + 1 / 64 + 1 / 128 + 1 / 256);
    expect(out!.offsetNs).toBe(300n);
    expect(out!.delayNs).toBe(4_000n);
    expect(out!.dispersionNs).toBe(BigInt(Math.round(want)));
    expect(out!.jitterNs).toBe(BigInt(Math.round(Math.sqrt((500 ** 2 + 200 ** 2) / 2))));
  });
  it("never reuses a sample: a newer but slower sample leaves the output as it was", () => {
    const f = new ClockFilter({ precisionNs: 1n });
    expect(f.add({ readingNs: 1n * S, offsetNs: 10n, delayNs: 1_000n }).accepted).toBe(true);
    const o = f.add({ readingNs: 2n * S, offsetNs: 20n, delayNs: 5_000n });
    expect(o.accepted).toBe(false);
    expect(o.reason).toBe("not-newer");
    expect(o.offsetNs).toBe(10n);
  });
  it("suppresses a popcorn spike within two polls, accepts it after", () => {
    // The gate compares the jump to 3 jitters computed with the new best sample, so it can only
    // fire once the previous best has left the register: offset 0 at the lowest delay, then seven
    // samples near 1000 at higher delays, then an eighth that shifts the first out.
    const f = new ClockFilter({ precisionNs: 1n, pollNs: 128n * S });
    expect(f.add({ readingNs: 16n * S, offsetNs: 0n, delayNs: 100n }).accepted).toBe(true);
    const near = [1000n, 1002n, 999n, 1001n, 1000n, 998n, 1001n];
    near.forEach((off, i) =>
      expect(f.add({ readingNs: BigInt(32 + 16 * i) * S, offsetNs: off, delayNs: 500n }).reason).toBe("not-newer")
    );
    const spike = f.add({ readingNs: 144n * S, offsetNs: 1001n, delayNs: 200n });
    expect(spike.accepted).toBe(false);
    expect(spike.reason).toBe("popcorn");
    expect(spike.offsetNs).toBe(0n);
    expect(Number(spike.jitterNs)).toBeLessThan(1001 / 3);
    // two polls (256 s) after the last update the same jump is taken
    const later = f.add({ readingNs: 16n * S + 256n * S, offsetNs: 1000n, delayNs: 150n });
    expect(later.accepted).toBe(true);
    expect(later.offsetNs).toBe(1000n);
  });
});

describe("selectTruechimers (RFC 5905 §11.2.1)", () => {
  it("three agreeing clocks outvote one false ticker", () => {
    const r = selectTruechimers([
      { offsetNs: 1_000n, rootDistanceNs: 500n }, // [500, 1500]
      { offsetNs: 1_200n, rootDistanceNs: 400n }, // [800, 1600]
      { offsetNs: 900n, rootDistanceNs: 300n }, // [600, 1200]
      { offsetNs: 9_000n, rootDistanceNs: 100n }, // far away
    ]);
    expect(r.truechimers).toEqual([0, 1, 2]);
    expect(r.falsetickers).toEqual([3]);
    expect(r.allowed).toBe(1);
    expect([r.lowNs, r.highNs]).toEqual([800n, 1_200n]);
  });
  it("all agreeing: f = 0 and the common part", () => {
    const r = selectTruechimers([
      { offsetNs: 0n, rootDistanceNs: 100n },
      { offsetNs: 50n, rootDistanceNs: 100n },
    ]);
    expect([r.lowNs, r.highNs, r.allowed]).toEqual([-50n, 100n, 0]);
  });
  it("matches a brute-force reading of the RFC's rule on random intervals", () => {
    // For f = 0, 1, … < n/2: lo = the lowest lower endpoint covered by ≥ n − f intervals, hi = the
    // highest upper endpoint covered by ≥ n − f; accept when midpoints outside (lo, hi) ≤ f and lo < hi.
    const cand = fc.record({
      offsetNs: fc.bigInt({ min: -50n, max: 50n }),
      rootDistanceNs: fc.bigInt({ min: 0n, max: 40n }),
    });
    fc.assert(
      fc.property(fc.array(cand, { minLength: 1, maxLength: 9 }), (cs) => {
        const n = cs.length;
        const cover = (x: bigint) =>
          cs.filter((c) => c.offsetNs - c.rootDistanceNs <= x && x <= c.offsetNs + c.rootDistanceNs).length;
        let want: { lo: bigint; hi: bigint; f: number } | undefined;
        for (let f = 0; 2 * f < n && !want; f++) {
          const los = cs.map((c) => c.offsetNs - c.rootDistanceNs).filter((x) => cover(x) >= n - f);
          const his = cs.map((c) => c.offsetNs + c.rootDistanceNs).filter((x) => cover(x) >= n - f);
          if (!los.length || !his.length) continue;
          const lo = los.reduce((a, b) => (b < a ? b : a)), hi = his.reduce((a, b) => (b > a ? b : a));
          const outside = cs.filter((c) => c.offsetNs < lo).length + cs.filter((c) => c.offsetNs > hi).length;
          if (outside <= f && hi > lo) want = { lo, hi, f };
        }
        const r = selectTruechimers(cs);
        expect([r.lowNs, r.highNs, want ? r.allowed : 0]).toEqual([want?.lo, want?.hi, want?.f ?? 0]);
        const inside = cs.map((
          c,
          i,
        ) => (want && c.offsetNs - c.rootDistanceNs <= want.hi && c.offsetNs + c.rootDistanceNs >= want.lo ? i : -1))
          .filter((i) => i >= 0);
        expect(r.truechimers).toEqual(inside);
      }),
      { numRuns: 500 },
    );
  });
  it("no majority: two disjoint clocks", () => {
    const r = selectTruechimers([
      { offsetNs: 0n, rootDistanceNs: 10n },
      { offsetNs: 1_000n, rootDistanceNs: 10n },
    ]);
    expect(r.truechimers).toEqual([]);
    expect(r.lowNs).toBeUndefined();
  });
});

// ---- chrony's regression: an independent reference ----
const CRIT5 = [
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  2,
  3,
  3,
  3,
  4,
  4,
  5,
  5,
  5,
  6,
  6,
  7,
  7,
  7,
  8,
  8,
  9,
  9,
  9,
  10,
  10,
  11,
  11,
  11,
  12,
  12,
  13,
  13,
  14,
  14,
  14,
  15,
  15,
  16,
  16,
  17,
  17,
  18,
  18,
  18,
  19,
  19,
  20,
  20,
  21,
  21,
  21,
  22,
  22,
  23,
  23,
  24,
  24,
  25,
  25,
  26,
  26,
  26,
  27,
  27,
  28,
  28,
  29,
  29,
  30,
  30,
  30,
  31,
  31,
  32,
  32,
  33,
  33,
  34,
  34,
  35,
  35,
  35,
  36,
  36,
  37,
  37,
  38,
  38,
  39,
  39,
  40,
  40,
  40,
  41,
  41,
  42,
  42,
  43,
  43,
  44,
  44,
  45,
  45,
  46,
  46,
  46,
  47,
  47,
  48,
  48,
  49,
  49,
  50,
  50,
  51,
  51,
  52,
  52,
  52,
  53,
  53,
  54,
  54,
  55,
  55,
  56,
];
const T9995 = [
  636.6,
  31.6,
  12.92,
  8.61,
  6.869,
  5.959,
  5.408,
  5.041,
  4.781,
  4.587,
  4.437,
  4.318,
  4.221,
  4.14,
  4.073,
  4.015,
  3.965,
  3.922,
  3.883,
  3.85,
  3.819,
  3.792,
  3.768,
  3.745,
  3.725,
  3.707,
  3.69,
  3.674,
  3.659,
  3.646,
  3.633,
  3.622,
  3.611,
  3.601,
  3.591,
  3.582,
  3.574,
  3.566,
  3.558,
  3.551,
];

/** Weighted LS line through (x, y) with weights 1/w: intercept at x = 0, slope, and their errors. */
function wls(x: number[], y: number[], w: number[]) {
  const iw = w.map((v) => 1 / v);
  const sw = iw.reduce((a, b) => a + b, 0);
  const mx = x.reduce((a, v, i) => a + v * iw[i], 0) / sw;
  const my = y.reduce((a, v, i) => a + v * iw[i], 0) / sw;
  let sxx = 0, sxy = 0;
  x.forEach((v, i) => {
    sxx += iw[i] * (v - mx) ** 2;
    sxy += iw[i] * (v - mx) * (y[i] - my);
  });
  const slope = sxy / sxx;
  const icpt = my - slope * mx;
  return { icpt, slope, sxx, sw, mx };
}
const signRuns = (r: number[]) =>
  r.reduce((n, v, i) => (i > 0 && ((v > 0 && r[i - 1] > 0) || (v < 0 && r[i - 1] < 0)) ? n : n + 1), 0);

function refEstimate(xs: number[], ys: number[], ws: number[], n: number, minSamples: number) {
  // xs, ys hold `total` points (oldest first); the last n are the window; ws are the window's weights
  const total = xs.length, m = total - n;
  for (let start = 0;; start++) {
    const wx = xs.slice(m + start), wy = ys.slice(m + start), ww = ws.slice(start);
    const fit = wls(wx, wy, ww);
    const from = Math.max(m + n - 2 * (n - start), 0);
    const resid = xs.slice(from).map((x, k) => ys[from + k] - fit.icpt - fit.slope * x);
    const runs = signRuns(resid);
    const keep = n - start;
    if (runs > CRIT5[resid.length] || keep <= 3 || keep <= minSamples) {
      const own = wx.map((x, k) => wy[k] - fit.icpt - fit.slope * x);
      const ss = own.reduce((a, r, k) => a + (r * r) / ww[k], 0) / (keep - 2);
      const sb1 = Math.sqrt(ss / fit.sxx);
      return {
        start,
        slope: fit.slope,
        icpt: fit.icpt,
        skew: sb1 * (keep - 2 <= 40 ? T9995[keep - 3] : 3.5),
        sd: Math.sqrt((ss * keep) / fit.sw),
        runs: signRuns(own),
      };
    }
  }
}

/** A deterministic generator for noise (Park–Miller, the same LCG as NBS14). */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}
function gauss(r: () => number) {
  return Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
}

describe("estimateDrift (chrony's regression)", () => {
  it("a noise-free line: exact frequency, zero skew", () => {
    const samples = Array.from(
      { length: 20 },
      (_, i) => ({ readingNs: 1_700_000_000n * S + BigInt(i) * 64n * S, offsetNs: 1_000n + BigInt(i) * 640_000n }),
    );
    const e = estimateDrift(samples);
    expect(rel(e.frequencyPpm, 10)).toBeLessThan(1e-12); // 640 µs per 64 s = 10 ppm
    expect(e.offsetNs).toBe(1_000n + 19n * 640_000n);
    expect(e.residualSdNs).toBeLessThan(1e-6);
  });
  it("matches the independent reference on noisy data (weights from delays and given)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 3, max: 120 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 3, max: 64 }),
        fc.constantFrom(0, 1, 2),
        (seed, len, minS, maxS, mode) => {
          const r = lcg(seed);
          const freq = (r() - 0.5) * 200e-6;
          let t = 1_700_000_000n * S;
          const samples = [];
          for (let i = 0; i < len; i++) {
            t += BigInt(Math.round(16e9 + r() * 100e9));
            const delay = BigInt(Math.round(50_000 + 200_000 * r() ** 3));
            const off = BigInt(Math.round(Number(t - 1_700_000_000n * S) * freq + gauss(r) * 20_000));
            const disp = seed % 2 ? BigInt(Math.round(20_000 * r())) : undefined;
            samples.push(
              mode === 0
                ? { readingNs: t, offsetNs: off }
                : mode === 1
                ? { readingNs: t, offsetNs: off, weight: 0.1 + r() * 3 }
                : { readingNs: t, offsetNs: off, delayNs: delay, dispersionNs: disp },
            );
          }
          const e = estimateDrift(samples, { minSamples: minS, maxSamples: maxS, precisionNs: 60n });
          const n = Math.min(len, maxS), total = Math.min(len, 2 * n);
          const win = samples.slice(len - total);
          const tl = win[total - 1].readingNs;
          const xs = win.map((s) => Number(s.readingNs - tl)), ys = win.map((s) => Number(s.offsetNs));
          let ws: number[];
          const w0 = win.slice(total - n);
          if (mode === 0) ws = w0.map(() => 1);
          else if (mode === 1) ws = w0.map((s) => 1 / (s as { weight: number }).weight);
          else {
            const d = w0.map((s) =>
              Number((s as { delayNs: bigint }).delayNs) / 2 +
              Number((s as { dispersionNs?: bigint }).dispersionNs ?? 0n)
            );
            const sorted = [...d].sort((a, b) => a - b);
            const med = n % 2 ? sorted[n >> 1] : (sorted[n >> 1] + sorted[(n >> 1) - 1]) / 2;
            const min = sorted[0];
            const sd = Math.min(Math.max(60, (med - min) / 0.7), min);
            ws = d.map((v) => (1 + (v > min + 60 ? (v - min - 60) / sd : 0)) ** 2);
          }
          const ref = refEstimate(xs, ys, ws, n, minS);
          expect(e.dropped).toBe(ref.start);
          expect(e.used).toBe(n - ref.start);
          expect(e.runs).toBe(ref.runs);
          expect(Math.abs(e.frequencyPpm - ref.slope * 1e6)).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(ref.slope * 1e6)),
          );
          expect(rel(e.skewPpm, ref.skew * 1e6)).toBeLessThan(1e-9);
          expect(rel(e.residualSdNs, ref.sd)).toBeLessThan(1e-9);
          expect(Number(e.offsetNs - BigInt(Math.round(ref.icpt)))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("the runs test cuts away samples from before a frequency change", () => {
    // 40 samples at 64 s; +20 ppm for the first 24, then −5 ppm; white noise 200 ns
    const r = lcg(4242);
    let off = 0, t = 0n;
    const samples = [];
    for (let i = 0; i < 40; i++) {
      t += 64n * S;
      off += (i < 24 ? 20e-6 : -5e-6) * 64e9;
      samples.push({ readingNs: t, offsetNs: BigInt(Math.round(off + gauss(r) * 200)) });
    }
    const e = estimateDrift(samples);
    expect(e.dropped).toBeGreaterThanOrEqual(20); // most of the old slope is gone
    expect(e.used).toBeLessThanOrEqual(20);
    expect(Math.abs(e.frequencyPpm - -5)).toBeLessThan(0.2);
    // without the change the same noise passes the test
    const flat = samples.map((s, i) => ({
      readingNs: s.readingNs,
      offsetNs: s.offsetNs - BigInt(Math.round(i < 24 ? 25e-6 * 64e9 * (i + 1) : 25e-6 * 64e9 * 24)),
    }));
    expect(estimateDrift(flat).dropped).toBeLessThan(10);
  });
  it("hand-worked runs test: a parabola of 10 points has 3 runs (critical 3) and loses its oldest point", () => {
    // y = (x − 4.5)² s at x = 0..9 s: by symmetry the fit is level at ȳ = 8.25, residuals
    // 12, 4, −2, −6, −8, −8, −6, −2, 4, 12: + − + is 3 runs ≤ 3, so the oldest point goes;
    // minSamples 9 stops there. Slope over x = 1..9 by hand: Σ(x−5)(y−ȳ)/Σ(x−5)² (Σ(x−5)² = 60).
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const ys = xs.map((x) => (x - 4.5) ** 2);
    const ybar = ys.reduce((a, b) => a + b) / 9;
    const slope = xs.reduce((a, x, i) => a + (x - 5) * (ys[i] - ybar), 0) / 60;
    const samples = Array.from(
      { length: 10 },
      (_, i) => ({ readingNs: BigInt(i) * S, offsetNs: BigInt((2 * i - 9) ** 2) * 250_000_000n }),
    );
    const e = estimateDrift(samples, { minSamples: 9 });
    expect(e.dropped).toBe(1);
    expect(e.used).toBe(9);
    expect(rel(e.frequencyPpm, slope * 1e6)).toBeLessThan(1e-12);
    // alternating residuals: 10 runs > 3, nothing dropped
    const alt = Array.from({ length: 10 }, (_, i) => ({ readingNs: BigInt(i) * S, offsetNs: i % 2 ? 100n : -100n }));
    expect(estimateDrift(alt).dropped).toBe(0);
  });
  it("errors", () => {
    expect(() => estimateDrift([{ readingNs: 0n, offsetNs: 0n }, { readingNs: 1n, offsetNs: 0n }])).toThrow(
      /at least 3/,
    );
    expect(() =>
      estimateDrift([{ readingNs: 0n, offsetNs: 0n }, { readingNs: 2n, offsetNs: 0n }, { readingNs: 1n, offsetNs: 0n }])
    ).toThrow(
      /not after/,
    );
    expect(() =>
      estimateDrift([{ readingNs: 0n, offsetNs: 0n, weight: 1 }, { readingNs: 1n, offsetNs: 0n }, {
        readingNs: 2n,
        offsetNs: 0n,
        weight: 1,
      }])
    ).toThrow(/weighted/);
    expect(() =>
      estimateDrift([{ readingNs: 0n, offsetNs: 0 as unknown as bigint }, { readingNs: 1n, offsetNs: 0n }, {
        readingNs: 2n,
        offsetNs: 0n,
      }])
    ).toThrow(/bigint/);
    // samples older than the window are checked too
    const many = Array.from({ length: 200 }, (_, i) => ({ readingNs: BigInt(i) * S, offsetNs: BigInt(i % 7) }));
    expect(() => estimateDrift([{ readingNs: 5n * S, offsetNs: 0n }, ...many.slice(1)])).toThrow(/not after/);
    expect(() => estimateDrift([{ readingNs: -1n, offsetNs: 0.5 as unknown as bigint }, ...many.slice(1)])).toThrow(
      /bigint/,
    );
  });
  it("one bad sample anywhere: the error names it, whichever checks find it (issue 12's quick pass)", () => {
    // The shell checks well-formed input in a quick pass (times range-checked at the ends only,
    // the span once) and explains anything else in a sample-by-sample pass: the error must be the
    // same as checking every sample in order would give, for a fault at any index and mode.
    type Fault = [
      name: string,
      code: string,
      make: (s: Record<string, unknown>, prev: bigint) => void,
      windowOnly?: boolean,
    ];
    const faults: Fault[] = [
      ["readingNs repeats", "not-monotonic", (s, prev) => {
        s.readingNs = prev;
      }],
      ["readingNs past i64", "out-of-range", (s) => {
        s.readingNs = 2n ** 63n;
      }],
      ["readingNs below i64", "out-of-range", (s) => {
        s.readingNs = -(2n ** 63n) - 1n;
      }],
      ["readingNs a number", "invalid-argument", (s) => {
        s.readingNs = 5;
      }],
      ["offset a number", "invalid-argument", (s) => {
        s.offsetNs = 1;
      }],
      ["offset 2^53", "out-of-range", (s) => {
        s.offsetNs = 2n ** 53n;
      }, true],
      ["offset −2^53", "out-of-range", (s) => {
        s.offsetNs = -(2n ** 53n);
      }, true],
      ["offset 2^64 + 5 (wraps to 5 in an i64)", "out-of-range", (s) => {
        s.offsetNs = 2n ** 64n + 5n;
      }, true],
      ["sample null", "invalid-argument", (s) => {
        s.null = true;
      }],
    ];
    const modeFaults: Fault[][] = [
      [["a weight in an unweighted series", "invalid-argument", (s) => {
        s.weight = 1;
      }, true], ["a delay in a series without", "invalid-argument", (s) => {
        s.delayNs = 5n;
      }, true]],
      [["weight 0", "invalid-argument", (s) => {
        s.weight = 0;
      }, true], ["weight ∞", "invalid-argument", (s) => {
        s.weight = Infinity;
      }, true], ["weight NaN", "invalid-argument", (s) => {
        s.weight = NaN;
      }, true]],
      [["delay −1", "out-of-range", (s) => {
        s.delayNs = -1n;
      }, true], ["delay 2^53", "out-of-range", (s) => {
        s.delayNs = 2n ** 53n;
      }, true], ["delay 2^64 (wraps to 0)", "out-of-range", (s) => {
        s.delayNs = 2n ** 64n;
      }, true], ["delay missing", "invalid-argument", (s) => {
        delete s.delayNs;
      }, true], ["dispersion −1", "invalid-argument", (s) => {
        s.dispersionNs = -1n;
      }, true], ["dispersion 2^64", "invalid-argument", (s) => {
        s.dispersionNs = 2n ** 64n;
      }, true], ["a weight with delays", "invalid-argument", (s) => {
        s.weight = 2;
      }, true]],
    ];
    const codeOf = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code ?? `not a ClockmathError: ${e}`;
      }
      return "none";
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 140 }),
        fc.integer({ min: 3, max: 64 }),
        fc.constantFrom(0, 1, 2),
        fc.nat(),
        fc.nat(),
        (len, maxS, mode, at, which) => {
          const n = Math.min(len, maxS), total = Math.min(len, 2 * n), winFirst = len - n, first = len - total;
          const samples: Record<string, unknown>[] = Array.from({ length: len }, (_, i) => {
            const s: Record<string, unknown> = {
              readingNs: 1_700_000_000n * S + BigInt(i) * 64n * S,
              offsetNs: BigInt((i * 7919) % 1000) - 500n,
            };
            if (mode === 1) s.weight = 1 + (i % 3);
            if (mode === 2) {
              s.delayNs = 20_000n + BigInt((i * 104729) % 5000);
              s.dispersionNs = BigInt(i % 2) * 300n;
            }
            return s;
          });
          const all = [...faults, ...modeFaults[mode]];
          const [name, code, make, windowOnly] = all[which % all.length];
          // the window's first sample sets the mode: keep the fault off it for the mode faults, and
          // off sample 0 for "readingNs repeats" (nothing before it)
          let j = at % len;
          if (name === "readingNs repeats" && j === 0) j = 1;
          if (modeFaults[mode].some((f) => f[0] === name) && j === winFirst) {
            j = len - 1;
          }
          const prev = j > 0 ? samples[j - 1].readingNs as bigint : 0n;
          make(samples[j], prev);
          if (samples[j].null) (samples as unknown[])[j] = null;
          // samples older than the runs-test window are checked for shape and order only; delays and
          // weights only inside the regression window
          const checked = !windowOnly || (modeFaults[mode].some((f) => f[0] === name) ? j >= winFirst : j >= first);
          const got = codeOf(() => estimateDrift(samples as never, { maxSamples: maxS, minSamples: 0 }));
          expect(got, `${name} at ${j} of ${len} (window ${winFirst}, runs from ${first}), mode ${mode}`).toBe(
            checked ? code : "none",
          );
          // (a newest time past i64 is first seen as too long a span from the oldest checked sample)
          const where = name.startsWith("readingNs past") && j === len - 1
            ? `samples[${first}]: span`
            : `samples[${j}]`;
          if (checked) {
            expect(() => estimateDrift(samples as never, { maxSamples: maxS, minSamples: 0 })).toThrow(where);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// ---- Allan deviations: plain definitions from NIST SP 1065 §5.2 ----
function refAllan(x: number[], m: number, tau0: number, kind: AllanKind): { dev: number; n: number } {
  const N = x.length, tau = m * tau0;
  let sum = 0, n = 0;
  if (kind === "adev" || kind === "hdev") {
    const d = x.filter((_, i) => i % m === 0);
    const k = kind === "adev" ? 2 : 3;
    for (let i = 0; i + k < d.length; i++) {
      const v = k === 2 ? d[i + 2] - 2 * d[i + 1] + d[i] : d[i + 3] - 3 * d[i + 2] + 3 * d[i + 1] - d[i];
      sum += v * v;
      n++;
    }
    return { dev: Math.sqrt(sum / ((k === 2 ? 2 : 6) * n * tau * tau)), n };
  }
  if (kind === "oadev") {
    for (let i = 0; i + 2 * m < N; i++) {
      const v = x[i + 2 * m] - 2 * x[i + m] + x[i];
      sum += v * v;
      n++;
    }
    return { dev: Math.sqrt(sum / (2 * n * tau * tau)), n };
  }
  if (kind === "ohdev") {
    for (let i = 0; i + 3 * m < N; i++) {
      const v = x[i + 3 * m] - 3 * x[i + 2 * m] + 3 * x[i + m] - x[i];
      sum += v * v;
      n++;
    }
    return { dev: Math.sqrt(sum / (6 * n * tau * tau)), n };
  }
  for (let j = 0; j + 3 * m <= N; j++) {
    let s = 0;
    for (let i = j; i < j + m; i++) s += x[i + 2 * m] - 2 * x[i + m] + x[i];
    sum += s * s;
    n++;
  }
  const mdev = Math.sqrt(sum / (2 * m * m * tau * tau * n));
  return { dev: kind === "tdev" ? (tau * mdev) / Math.sqrt(3) : mdev, n };
}

// NBS14 (W. J. Riley's stability test suite, reproduced in NIST SP 1065 pp. 107–108, as the
// allantools project also tests against it): 9 frequency values, tau0 = 1; the 1000-point set is
// n_{i+1} = 16807·n_i mod (2^31 − 1) from n_0 = 1234567890, divided by 2^31 − 1
const NBS14_10 = [892, 809, 823, 798, 671, 644, 883, 903, 677];
const NBS14_10_DEVS: Record<string, [number, number]> = {
  adev: [91.22945, 115.8082],
  oadev: [91.22945, 85.95287],
  mdev: [91.22945, 74.78849],
  hdev: [70.80608, 116.798],
  tdev: [52.67135, 86.35831],
  ohdev: [70.80607, 85.61487],
};
function nbs14_1000(): number[] {
  const n = [1234567890];
  for (let i = 0; i < 999; i++) n.push((16807 * n[i]) % 2147483647); // < 2^46: exact in f64
  return n.map((v) => v / 2147483647);
}
const NBS14_1000_DEVS: Record<string, [number, number, number]> = {
  adev: [2.922319e-1, 9.965736e-2, 3.897804e-2],
  oadev: [2.922319e-1, 9.159953e-2, 3.241343e-2],
  mdev: [2.922319e-1, 6.172376e-2, 2.170921e-2],
  hdev: [2.943883e-1, 1.052754e-1, 3.91086e-2],
  tdev: [1.687202e-1, 3.563623e-1, 1.253382],
  ohdev: [2.943883e-1, 9.581083e-2, 3.237638e-2],
};

describe("allanDeviation", () => {
  const kinds: AllanKind[] = ["adev", "oadev", "mdev", "tdev", "hdev", "ohdev"];
  it("NBS14 10-point values to 1e-6 (frequency input, tau0 = 1 s)", () => {
    for (const kind of kinds) {
      const r = allanDeviation(NBS14_10, { tau0Ns: S, kind, taus: [1, 2], input: "frequency" });
      r.forEach((p, i) =>
        expect(rel(p.deviation / (kind === "tdev" ? 1e9 : 1), NBS14_10_DEVS[kind][i]), `${kind}(${i + 1})`)
          .toBeLessThan(1e-6)
      );
    }
  });
  it("NBS14 1000-point values to 1e-6 at tau = 1, 10, 100", () => {
    const y = nbs14_1000();
    expect(y.slice(1, 4).map((v) => Math.round(v * 2147483647))).toEqual([395529916, 1209410747, 633705974]);
    for (const kind of kinds) {
      const r = allanDeviation(y, { tau0Ns: S, kind, taus: "decade", input: "frequency" });
      const at = [1n, 10n, 100n].map((t) => r.find((p) => p.tauNs === t * S)!);
      at.forEach((p, i) =>
        expect(rel(p.deviation / (kind === "tdev" ? 1e9 : 1), NBS14_1000_DEVS[kind][i]), `${kind}(${10 ** i})`)
          .toBeLessThan(1e-6)
      );
    }
  });
  it("matches the O(N·m) definitions on random phase (all kinds, all taus)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 300 }),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 1_000_000 }),
        (x, kind, tau0) => {
          const r = allanDeviation(x, { tau0Ns: BigInt(tau0), kind, taus: "all" });
          for (const p of r) {
            const m = Number(p.tauNs / BigInt(tau0));
            const ref = refAllan(x, m, tau0, kind);
            expect(p.n).toBe(ref.n);
            // 1e-7 relative, or 1e-12 of the data's scale over tau where the differences cancel to
            // near rounding level (both sums then carry rounding errors of that size, in any order)
            const scale = Math.max(...x.map(Math.abs)) / (m * tau0);
            expect(Math.abs(p.deviation - ref.dev)).toBeLessThanOrEqual(1e-7 * ref.dev + 1e-12 * scale);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
  it("long data (4-lane MDEV): agrees with the definition to 1e-10", () => {
    const r = lcg(7);
    const x: number[] = [];
    let walk = 0;
    for (let i = 0; i < 20_000; i++) {
      walk += gauss(r);
      x.push(walk + 3 * gauss(r) + 1e-3 * i);
    }
    for (const kind of ["mdev", "oadev", "ohdev"] as AllanKind[]) {
      for (const p of allanDeviation(x, { tau0Ns: 1_000n, kind, taus: [1, 3, 64, 1000, 4000] })) {
        const ref = refAllan(x, Number(p.tauNs / 1_000n), 1_000, kind);
        expect(rel(p.deviation, ref.dev), `${kind} ${p.tauNs}`).toBeLessThan(1e-10);
      }
    }
  });
  it("BigInt64Array phase far from zero: relative to its first value, exact", () => {
    const big = new BigInt64Array(
      [0n, 103n, 123n, 157n, 166n, 48n, -96n, -2n, 111n, 0n].map((v) => v + 1_700_000_000n * S),
    );
    const small = [0, 103, 123, 157, 166, 48, -96, -2, 111, 0];
    const a = allanDeviation(big, { tau0Ns: S, kind: "mdev" });
    const b = allanDeviation(small, { tau0Ns: S, kind: "mdev" });
    expect(a).toEqual(b);
  });
  it("octave and decade factors; errors", () => {
    const x = Array.from({ length: 100 }, (_, i) => Math.sin(i));
    expect(allanDeviation(x, { tau0Ns: S }).map((p) => Number(p.tauNs / S))).toEqual([1, 2, 4, 8, 16, 32]);
    expect(allanDeviation(x, { tau0Ns: S, taus: "decade", kind: "mdev" }).map((p) => Number(p.tauNs / S))).toEqual([
      1,
      2,
      4,
      10,
      20,
    ]);
    expect(() => allanDeviation(x, { tau0Ns: S, taus: [50] })).toThrow(/more data/);
    expect(() => allanDeviation([1, NaN, 2, 3], { tau0Ns: S })).toThrow(/finite/);
    expect(() => allanDeviation(x, {})).toThrow(/tau0Ns/);
    expect(() => allanDeviation(x, { tau0Ns: S, kind: "totdev" as AllanKind })).toThrow(/kind/);
  });
});

describe("detectClockJumps", () => {
  it("finds an NTP step, a suspend and a fast slew", () => {
    const pairs = [];
    let mono = 0n, wall = 1_700_000_000n * S;
    const tick = (dm: bigint, extra = 0n) => {
      mono += dm;
      wall += dm + extra;
      pairs.push({ monotonicNs: mono, wallNs: wall });
    };
    tick(0n);
    for (let i = 0; i < 5; i++) tick(S);
    tick(S, -250_000_000n); // stepped back 250 ms
    for (let i = 0; i < 5; i++) tick(S);
    tick(S, 3_600n * S); // suspended an hour: the monotonic clock stood still
    for (let i = 0; i < 5; i++) tick(S, 1_000_000n); // slewing 1000 ppm
    for (let i = 0; i < 3; i++) tick(S);
    const r = detectClockJumps(pairs, { toleranceNs: 10_000_000n, maxDriftPpm: 500 });
    expect(r.jumps.map((j) => [j.index, j.sizeNs])).toEqual([[6, -250_000_000n], [12, 3_600n * S]]);
    expect(r.stretches.map((s) => [s.fromIndex, s.toIndex])).toEqual([[12, 17]]);
    expect(rel(r.stretches[0].ratePpm, 1000)).toBeLessThan(1e-9);
  });
  it("rejects a monotonic clock that goes back", () => {
    expect(() => detectClockJumps([{ monotonicNs: 2n, wallNs: 0n }, { monotonicNs: 1n, wallNs: 0n }])).toThrow(
      /increase/,
    );
  });
});

describe("audit findings (each failed before its fix)", async () => {
  const m = await import("../../src/mod.ts");
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof m.ClockmathError ? e.code : `not a ClockmathError: ${e}`;
    }
    return "none";
  };
  it("log lines cut off after the offset or dispersion are bad lines, not wrong values", () => {
    expect(code(() => m.parseChronyTracking("2017-08-22 13:22:36 203.0.113.15 2 -3.541 0.075 -8.621e-0\n"))).toBe(
      "bad-line",
    );
    const full = m.parseChronyTracking(
      "2017-08-22 13:22:36 203.0.113.15 2 -3.541 0.075 -8.621e-06 N 1 1.234e-05 0.000e+00 1.2e-02 3.4e-03 5.6e-03\n",
    );
    expect(full.records[0].offsetNs).toBe(-8_621n);
    expect(
      code(() =>
        m.parseChronyMeasurements(
          "2026-11-20 22:03:17 192.0.2.10 N 2 111 111 1111 6 6 1.0 -4.139e-04 2.127e-02 1.577e-0\n",
        )
      ),
    ).toBe("bad-line");
    expect(
      code(() => m.parseChronyStatistics("2026-11-20 22:03:17 192.0.2.10 1.0e-05 -2.0e-06 3.0e-06 1.0e-07 4.0e-0\n")),
    ).toBe("bad-line");
  });
  it("parsed instants outside i64 ns are bad lines", () => {
    expect(code(() => m.parseChronyTracking("2300-01-01 00:00:00 203.0.113.15 2 -3.541 0.075 -8.621e-06 N\n"))).toBe(
      "bad-line",
    );
    expect(code(() => m.parseNtpdPeerstats("999999999 79397.000 192.0.2.10 9614 0.001 0.002 0.003 0.004\n"))).toBe(
      "bad-line",
    );
    const lax = m.parseNtpdPeerstats("999999999 79397.000 192.0.2.10 9614 0.001 0.002 0.003 0.004\n", {
      strict: false,
    });
    expect([lax.records.length, lax.badLines[0].line, /outside i64/.test(lax.badLines[0].message)]).toEqual([
      0,
      1,
      true,
    ]);
  });
  it("rawstats with a zero (unknown) NTP timestamp is a bad line", () => {
    const line =
      "61364 79397.000 192.0.2.10 192.0.2.1 0.000000000 3975005797.123456789 3975005797.123456999 3975005797.124000000\n";
    expect(code(() => m.parseNtpdRawstats(line))).toBe("bad-line");
  });
  it("estimateDrift refuses t outside i64 and delays on only some samples", () => {
    expect(
      code(() => m.estimateDrift([0n, 1n, 2n].map((x) => ({ readingNs: 2n ** 100n + x * 10n ** 9n, offsetNs: x })))),
    ).toBe(
      "out-of-range",
    );
    const s = [0n, 1n, 2n, 3n].map((x) => ({
      readingNs: x * 10n ** 9n,
      offsetNs: x * 16n,
      ...(x === 0n ? {} : { delayNs: 1000n }),
    }));
    expect(code(() => m.estimateDrift(s))).toBe("invalid-argument");
  });
  it("ntpToUnixNs checks era before using it; allanDeviation names samples[i].readingNs and refuses overflowing data", () => {
    for (const era of [1.5, "x", Symbol()]) {
      expect(code(() => m.ntpToUnixNs(0, 0, { era: era as never, nearUnixNs: 0n }))).toBe("invalid-argument");
    }
    expect(() =>
      m.allanDeviation(
        {
          samples: [{ readingNs: 1, offsetNs: 1n }, { readingNs: 2, offsetNs: 2n }, { readingNs: 3, offsetNs: 3n }],
        } as never,
      )
    ).toThrow(/samples\[0\]\.readingNs/);
    expect(
      code(() =>
        m.allanDeviation(
          { samples: [{ offsetNs: 1n }, { readingNs: 2n, offsetNs: 2n }, { readingNs: 3n, offsetNs: 3n }] } as never,
        )
      ),
    ).toBe("invalid-argument");
    expect(code(() => m.allanDeviation([1e300, -1e300, 1e300, -1e300, 1e300], { tau0Ns: 1n }))).toBe("out-of-range");
  });
  it("selectTruechimers refuses intervals whose ends leave i64 (it returned highNs = 1.15e19)", () => {
    expect(code(() => m.selectTruechimers([{ offsetNs: 6917529027641081856n, rootDistanceNs: 4611686018427387904n }])))
      .toBe("out-of-range");
    expect(m.selectTruechimers([{ offsetNs: 2n ** 62n, rootDistanceNs: 2n ** 62n - 1n }]).highNs).toBe(2n ** 63n - 1n);
  });
});
