// LatencyHistogram against HdrHistogram 2.2.2 (Java, committed output), hdr-histogram-js 3.0.1
// (live), an independent BigInt bucket model and plain BigInt moments.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import * as hdr from "hdr-histogram-js";
import { LatencyHistogram } from "../../src/mod.ts";
import { core } from "../../src/core/loader.ts";
import { magnitudeBucket, modelPercentile, signedBucket } from "../reference/hdr-bigint.ts";

const DATA = new URL("../data/jitter/", import.meta.url);
const javaRef = JSON.parse(readFileSync(new URL("java-reference.json", DATA), "utf8"));
const readValues = (f: string) => readFileSync(new URL(f, DATA), "utf8").trim().split("\n").map(BigInt);
const values = readValues("values.txt");
const corrected = readValues("corrected-values.txt");
const HOUR = 3_600_000_000_000n;
const I64_MAX = 2n ** 63n - 1n;

interface JavaDump {
  lowest: number;
  highest: number;
  digits: number;
  count: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  percentiles: [number, number][];
  ranks: [number, number][];
  encoded: string;
}

function relClose(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

function build(d: JavaDump): LatencyHistogram {
  return new LatencyHistogram({
    lowestDiscernibleNs: BigInt(d.lowest),
    highestTrackableNs: BigInt(d.highest),
    significantDigits: d.digits,
  });
}

describe("HdrHistogram 2.2.2 (Java) reference", () => {
  const recorded: Record<string, () => LatencyHistogram> = {
    digits3: () => {
      const h = build(javaRef.digits3);
      h.recordMany(BigInt64Array.from(values));
      return h;
    },
    digits2lowest1000: () => {
      const h = build(javaRef.digits2lowest1000);
      for (const v of values) h.record(v);
      return h;
    },
    digits5: () => {
      const h = build(javaRef.digits5);
      h.recordMany(Float64Array.from(values, Number));
      return h;
    },
    corrected: () => {
      const h = build(javaRef.corrected);
      for (const v of corrected) h.recordCorrected(v, 1_000_000n);
      return h;
    },
    small: () => {
      const h = build(javaRef.small);
      h.recordCorrected(5n, 3n);
      h.recordCorrected(1000n, 1n);
      h.recordCorrected(0n, 2n);
      return h;
    },
  };
  for (const [name, make] of Object.entries(recorded)) {
    const ref = javaRef[name] as JavaDump;
    it(`${name}: count, percentiles and percentile ranks equal Java's`, () => {
      const h = make();
      expect(h.count).toBe(BigInt(ref.count));
      for (const [p, v] of ref.percentiles) expect([p, h.percentile(p)]).toEqual([p, BigInt(v)]);
      for (const [v, r] of ref.ranks) expect([v, h.percentileRank(BigInt(v))]).toEqual([v, r]);
      // Java reports min/max as bucket equivalents: ours are the exact values inside those buckets
      const p = { lowest: BigInt(ref.lowest), digits: ref.digits };
      expect(magnitudeBucket(p, h.min!)[0]).toBe(BigInt(ref.min) === 0n ? 0n : BigInt(ref.min));
      expect(magnitudeBucket(p, h.max!)[1]).toBe(BigInt(ref.max));
      h.dispose();
    });
    it(`${name}: Java's encoding decodes to Java's count, min, max, mean, stddev and percentiles`, () => {
      const d = LatencyHistogram.decode(ref.encoded);
      expect(d.count).toBe(BigInt(ref.count));
      expect(d.min).toBe(BigInt(ref.min));
      expect(d.max).toBe(BigInt(ref.max));
      expect(d.momentsExact).toBe(false);
      // Java sums doubles; ours are exact sums of the same bucket medians: equal to ~1e-12
      expect(relClose(d.mean, ref.mean, 1e-12)).toBe(true);
      expect(relClose(d.stddev, ref.stddev, 1e-9)).toBe(true);
      for (const [p, v] of ref.percentiles) expect(d.percentile(p)).toBe(BigInt(v));
      d.dispose();
    });
    it(`${name}: our encoding decodes in hdr-histogram-js to Java's answers`, () => {
      const h = make();
      const j = hdr.decodeFromCompressedBase64(h.encode());
      expect(j.totalCount).toBe(ref.count);
      // hdr-histogram-js's maxValue property is its internal max (highest equivalent | unit mask),
      // which differs from Java's getMaxValue when lowest > 1: compare with its own decoding of Java's
      const fromJava = hdr.decodeFromCompressedBase64(ref.encoded);
      expect(j.maxValue).toBe(fromJava.maxValue);
      if (ref.lowest === 1) expect(j.maxValue).toBe(ref.max);
      fromJava.destroy();
      expect(j.numberOfSignificantValueDigits).toBe(ref.digits);
      for (const [p, v] of ref.percentiles) if (p > 0) expect(j.getValueAtPercentile(p)).toBe(v);
      j.destroy();
      h.dispose();
    });
  }
  it("the exact mean and stddev of the recorded values equal a BigInt computation", () => {
    const h = recorded.digits3();
    const n = BigInt(values.length);
    const s = values.reduce((a, b) => a + b, 0n), q = values.reduce((a, b) => a + b * b, 0n);
    expect(h.sumNs).toBe(s);
    expect(h.sumOfSquaresNs2).toBe(q);
    expect(h.momentsExact).toBe(true);
    expect(h.mean).toBe(Number(s) / Number(n)); // s < 2^53 here: both sides are one correctly rounded division
    expect(relClose(h.stddev, Math.sqrt(Number(n * q - s * s)) / Number(n), 1e-15)).toBe(true);
  });
});

describe("hdr-histogram-js 3.0.1 (live)", () => {
  const PS = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];
  it("same data, same percentiles, min, max; encodings round-trip both ways", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 11n }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(1, 2, 3, 4),
        fc.constantFrom(1n, 1000n),
        (vs, digits, lowest) => {
          const ours = new LatencyHistogram({
            lowestDiscernibleNs: lowest,
            highestTrackableNs: HOUR,
            significantDigits: digits,
          });
          const theirs = hdr.build({
            lowestDiscernibleValue: Number(lowest),
            highestTrackableValue: Number(HOUR),
            numberOfSignificantValueDigits: digits as 1,
          });
          ours.recordMany(BigInt64Array.from(vs));
          for (const v of vs) theirs.recordValue(Number(v));
          for (const p of PS) expect([p, ours.percentile(p)]).toEqual([p, BigInt(theirs.getValueAtPercentile(p))]);
          // ours → theirs
          const j = hdr.decodeFromCompressedBase64(ours.encode());
          expect(j.totalCount).toBe(vs.length);
          for (const p of PS) expect(BigInt(j.getValueAtPercentile(p))).toBe(ours.percentile(p));
          // theirs → ours
          const d = LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(theirs));
          expect(d.count).toBe(BigInt(theirs.totalCount));
          const sorted = [...vs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(d.max).toBe(magnitudeBucket({ lowest, digits }, sorted.at(-1)!)[1]);
          expect(d.min).toBe(magnitudeBucket({ lowest, digits }, sorted[0])[0]);
          if (lowest === 1n) expect(d.max).toBe(BigInt(j.maxValue));
          for (const p of PS) expect(d.percentile(p)).toBe(ours.percentile(p));
          j.destroy();
          theirs.destroy();
          ours.dispose();
          d.dispose();
        },
      ),
      { numRuns: 60 },
    );
  });
  it("decodes an autoResize hdr-histogram-js histogram (packed buckets)", () => {
    const t = hdr.build({ bitBucketSize: "packed" });
    for (let i = 1; i < 5000; i++) t.recordValue(i * i);
    const d = LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(t));
    expect(d.count).toBe(4999n);
    for (const p of PS) expect(d.percentile(p)).toBe(BigInt(t.getValueAtPercentile(p)));
    d.dispose();
  });
});

describe("signed values", () => {
  it("percentiles follow the sorted-order model with the same precision either side of zero", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 1, 2, 3, 5),
        fc.constantFrom(1n, 7n, 1024n),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (vs, digits, lowest, ps) => {
          const h = new LatencyHistogram({
            lowestDiscernibleNs: lowest,
            highestTrackableNs: 10n ** 12n,
            significantDigits: digits,
          });
          h.recordMany(BigInt64Array.from(vs));
          const sorted = [...vs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const p = { lowest, digits };
          for (const q of [0, 50, 99, 99.9, 100, ...ps]) {
            expect([q, h.percentile(q)]).toEqual([
              q,
              modelPercentile(p, sorted, q),
            ]);
          }
          expect(h.min).toBe(sorted[0]);
          expect(h.max).toBe(sorted.at(-1));
          // buckets: each recorded value lies in a listed bucket equal to the model's, counts add up
          const bs = h.buckets();
          expect(bs.reduce((a, b) => a + b.count, 0n)).toBe(BigInt(vs.length));
          for (const v of vs.slice(0, 20)) {
            const [lo, hi] = signedBucket(p, v);
            const b = bs.find((x) => x.fromNs <= v && v <= x.toNs)!;
            expect([b.fromNs, b.toNs]).toEqual(v === 0n || lo <= 0n && hi >= 0n ? [b.fromNs, b.toNs] : [lo, hi]);
          }
          h.dispose();
        },
      ),
      { numRuns: 150 },
    );
  });
  it("bucket width is within HdrHistogram's bound: ≤ |v| / 10^digits or the unit width", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.constantFrom(1, 2, 3, 4, 5), (v, digits) => {
        const h = new LatencyHistogram({ highestTrackableNs: 2n ** 62n, significantDigits: digits });
        h.record(v);
        const [b] = h.buckets();
        const width = b.toNs - b.fromNs + 1n;
        const m = v < 0n ? -v : v;
        expect(width === 1n || width * 10n ** BigInt(digits) <= m).toBe(true);
        expect(b.fromNs <= v && v <= b.toNs).toBe(true);
        h.dispose();
      }),
      { numRuns: 300 },
    );
  });
  it("exact moments over signed i64 extremes equal BigInt sums (counts and big values)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: -I64_MAX, max: I64_MAX }), fc.bigInt({ min: 0n, max: 2n ** 40n })), {
          minLength: 1,
          maxLength: 50,
        }),
        (pairs) => {
          const h = new LatencyHistogram({ highestTrackableNs: I64_MAX });
          for (const [v, c] of pairs) h.record(v, c);
          const n = pairs.reduce((a, [, c]) => a + c, 0n);
          expect(h.count).toBe(n);
          expect(h.sumNs).toBe(pairs.reduce((a, [v, c]) => a + v * c, 0n));
          expect(h.sumOfSquaresNs2).toBe(pairs.reduce((a, [v, c]) => a + v * v * c, 0n));
          h.dispose();
        },
      ),
      { numRuns: 200 },
    );
  });
  it("recordMany's fast path (128/192-bit running sums) equals BigInt over 1e6 large values", () => {
    const n = 1_000_000;
    const a = new BigInt64Array(n);
    let x = 12345n;
    for (let i = 0; i < n; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      a[i] = BigInt.asIntN(64, x) >> 1n;
    }
    const h = new LatencyHistogram({ highestTrackableNs: I64_MAX });
    h.recordMany(a);
    let s = 0n, q = 0n;
    for (const v of a) {
      s += v;
      q += v * v;
    }
    expect(h.sumNs).toBe(s);
    expect(h.sumOfSquaresNs2).toBe(q);
    h.dispose();
  });
  it("recordMany(Float64Array) of wide and narrow values: exact moments; 2^63 is out of range, 2^63 − 1024 is not", () => {
    const vals = Float64Array.from(
      { length: 200_000 },
      (_, i) => (i % 7 === 0 ? -1 : 1) * (i % 5 === 0 ? 2 ** 52 + i * 4096 : (i * 7919) % 1e6),
    );
    const h = new LatencyHistogram({ highestTrackableNs: I64_MAX });
    h.recordMany(vals);
    const big = [...vals].map((v) => BigInt(v));
    expect(h.sumNs).toBe(big.reduce((a, b) => a + b, 0n));
    expect(h.sumOfSquaresNs2).toBe(big.reduce((a, b) => a + b * b, 0n));
    expect(() => h.recordMany(Float64Array.from([2 ** 63]))).toThrow(
      expect.objectContaining({ code: "out-of-range", index: 0 }),
    );
    expect(() => h.recordMany(Float64Array.from([1, -(2 ** 63)]))).toThrow(
      expect.objectContaining({ code: "out-of-range", index: 1 }),
    );
    h.recordMany(Float64Array.from([2 ** 63 - 1024]));
    expect(h.max).toBe(2n ** 63n - 1024n);
    h.dispose();
  });
  it("recordMany moments are exact across its block paths (|v| < 2^28, < 2^31, < 2^32, wider), both array types", () => {
    const around = (e: number) => fc.bigInt({ min: 2n ** BigInt(e) - 1000n, max: 2n ** BigInt(e) + 1000n });
    const value = fc.oneof(
      fc.bigInt({ min: -5000n, max: 5000n }),
      around(28),
      around(28).map((v) => -v),
      around(29),
      around(31),
      around(31).map((v) => -v),
      around(32),
      around(40),
      around(52).map((v) => -v),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 700 }), (vs) => {
        const model = [vs.reduce((a, b) => a + b, 0n), vs.reduce((a, b) => a + b * b, 0n)];
        for (const arr of [BigInt64Array.from(vs), Float64Array.from(vs, Number)]) {
          const h = new LatencyHistogram({ highestTrackableNs: 2n ** 62n });
          h.recordMany(arr);
          expect([h.sumNs, h.sumOfSquaresNs2]).toEqual(model);
          expect([h.count, h.min, h.max]).toEqual([
            BigInt(vs.length),
            vs.reduce((a, b) => (b < a ? b : a)),
            vs.reduce((a, b) => (b > a ? b : a)),
          ]);
          expect(h.percentileRank(-1n)).toBeCloseTo((100 * vs.filter((v) => v < 0n).length) / vs.length, 9);
          // counts the negatives by NEGTOTAL
          expect(h.percentileRank(0n)).toBeCloseTo((100 * vs.filter((v) => v <= 0n).length) / vs.length, 9);
          h.dispose();
        }
      }),
      { numRuns: 200 },
    );
  });
  it("moments, min and max stay exact when earlier calls and blocks set the running min and max (the moments pass skips blocks inside them)", () => {
    const value = fc.oneof(
      { arbitrary: fc.bigInt({ min: -3000n, max: 3000n }), weight: 8 },
      { arbitrary: fc.bigInt({ min: 2n ** 28n - 3n, max: 2n ** 28n + 3n }).map((v) => (v % 2n ? v : -v)), weight: 1 },
      { arbitrary: fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 600 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (calls, asF64) => {
          const h = new LatencyHistogram({ highestTrackableNs: 2n ** 62n });
          const all: bigint[] = [];
          for (const vs of calls) {
            h.recordMany(asF64 ? Float64Array.from(vs, Number) : BigInt64Array.from(vs));
            all.push(...vs);
            if (all.length === 0) continue;
            expect([h.count, h.min, h.max, h.sumNs, h.sumOfSquaresNs2]).toEqual([
              BigInt(all.length),
              all.reduce((a, b) => (b < a ? b : a)),
              all.reduce((a, b) => (b > a ? b : a)),
              all.reduce((a, b) => a + b, 0n),
              all.reduce((a, b) => a + b * b, 0n),
            ]);
            expect(h.percentileRank(-1n)).toBeCloseTo((100 * all.filter((v) => v < 0n).length) / all.length, 9);
          }
          h.dispose();
        },
      ),
      { numRuns: 300 },
    );
  });
  it("Float64Array and BigInt64Array give the same histogram, through the SIMD and scalar f64 paths, with out-of-range values counted", () => {
    // values mostly small and whole (the SIMD conversion path), some beyond the trackable range
    // (which stop a block mid-way), some at or past 2^51 or fractional (the scalar path)
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -3000, max: 3000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 2 ** 31 - 5, max: 2 ** 31 + 5 }) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
      // the SIMD conversion's limit, |x| < 2^51, and just past it
      {
        weight: 1,
        arbitrary: fc.constantFrom(2 ** 51 - 1, -(2 ** 51 - 1), 2 ** 51, -(2 ** 51), 2 ** 51 + 2, 2 ** 52, -(2 ** 53)),
      },
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 1500 }), fc.boolean(), (vs, withFraction) => {
        const opts = { highestTrackableNs: 2000n, outOfRange: "count" as const };
        const hb = new LatencyHistogram(opts), hf = new LatencyHistogram(opts);
        hb.recordMany(BigInt64Array.from(vs, (v) => BigInt(v)));
        const f = Float64Array.from(vs);
        hf.recordMany(f);
        expect([hf.count, hf.overflowCount, hf.min, hf.max, hf.sumNs, hf.sumOfSquaresNs2]).toEqual([
          hb.count,
          hb.overflowCount,
          hb.min,
          hb.max,
          hb.sumNs,
          hb.sumOfSquaresNs2,
        ]);
        expect(hf.buckets()).toEqual(hb.buckets());
        const inRange = vs.filter((v) => Math.abs(v) <= 2000);
        expect(hb.count).toBe(BigInt(inRange.length));
        if (withFraction) {
          const at = vs.length >> 1;
          f[at] = 0.5;
          const h = new LatencyHistogram(opts);
          expect(() => h.recordMany(f)).toThrow(expect.objectContaining({ code: "invalid-argument", index: at }));
          expect(h.count).toBe(BigInt(vs.slice(0, at).filter((v) => Math.abs(v) <= 2000).length));
          h.dispose();
        }
        hb.dispose();
        hf.dispose();
      }),
      { numRuns: 150 },
    );
  });
  it("record(number) one by one equals recordMany(BigInt64Array), across the staged fast path's 2^51 bound", () => {
    const value = fc.oneof(
      fc.integer({ min: -5000, max: 5000 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom(2 ** 51 - 1, -(2 ** 51 - 1), 2 ** 51, -(2 ** 51), 2 ** 52 + 2, -(2 ** 53)),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 2500 }), (vs) => {
        const a = new LatencyHistogram({ highestTrackableNs: 2n ** 60n }),
          b = new LatencyHistogram({ highestTrackableNs: 2n ** 60n });
        for (const v of vs) a.record(v);
        b.recordMany(BigInt64Array.from(vs, (v) => BigInt(v)));
        expect([a.count, a.min, a.max, a.sumNs, a.sumOfSquaresNs2]).toEqual([
          b.count,
          b.min,
          b.max,
          b.sumNs,
          b.sumOfSquaresNs2,
        ]);
        expect(a.buckets()).toEqual(b.buckets());
        a.dispose();
        b.dispose();
      }),
      { numRuns: 60 },
    );
  });
  it("encode refuses negative values; encodeSplit/decode round-trips them", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 10n ** 10n });
    h.recordMany(BigInt64Array.from([-5000n, -3n, 0n, 7n, 123456n, -123456n]));
    expect(() => h.encode()).toThrow(expect.objectContaining({ code: "out-of-range" }));
    const split = h.encodeSplit();
    const neg = hdr.decodeFromCompressedBase64(split.negative);
    expect(neg.totalCount).toBe(3);
    const d = LatencyHistogram.decode(split);
    expect(d.count).toBe(6n);
    for (const p of [0, 10, 30, 50, 70, 90, 100]) expect(d.percentile(p)).toBe(h.percentile(p));
    expect(d.buckets()).toEqual(h.buckets());
    h.dispose();
    d.dispose();
  });
});

describe("merge, reset, autoResize, correction", () => {
  it("merge equals recording both sets into one histogram", () => {
    const a = new LatencyHistogram({ highestTrackableNs: HOUR }),
      b = new LatencyHistogram({ highestTrackableNs: HOUR });
    const all = new LatencyHistogram({ highestTrackableNs: HOUR });
    a.recordMany(BigInt64Array.from(values.slice(0, 4000)));
    b.recordMany(BigInt64Array.from(values.slice(4000).map((v) => -v)));
    all.recordMany(BigInt64Array.from([...values.slice(0, 4000), ...values.slice(4000).map((v) => -v)]));
    a.merge(b);
    expect(a.buckets()).toEqual(all.buckets());
    expect([a.count, a.min, a.max, a.sumNs, a.sumOfSquaresNs2]).toEqual([
      all.count,
      all.min,
      all.max,
      all.sumNs,
      all.sumOfSquaresNs2,
    ]);
    a.reset();
    expect([a.count, a.min, a.max, a.sumNs, a.buckets().length]).toEqual([0n, undefined, undefined, 0n, 0]);
    for (const h of [a, b, all]) h.dispose();
  });
  it("autoResize grows the range without changing earlier buckets", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 10_000n, autoResize: true });
    h.recordMany(BigInt64Array.from([1n, 500n, 9_999n]));
    const before = h.buckets();
    h.record(10n ** 15n);
    h.recordMany(Float64Array.from([2e15, -3e15, 7]));
    expect(h.highestTrackableNs >= 3n * 10n ** 15n).toBe(true);
    expect(h.count).toBe(7n);
    expect(h.buckets().filter((b) => b.fromNs > 0n && b.toNs < 10_000n && b.fromNs !== 7n)).toEqual(before);
    const other = new LatencyHistogram({ highestTrackableNs: 2n ** 60n });
    other.record(2n ** 59n);
    h.merge(other);
    expect(h.max).toBe(2n ** 59n);
    h.dispose();
    other.dispose();
  });
  it("recordCorrected adds the values a stalled loop missed (HdrHistogram's rule, BigInt model)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000n }), fc.bigInt({ min: -5n, max: 5_000n }), (v, iv) => {
        const h = new LatencyHistogram({ highestTrackableNs: HOUR });
        h.recordCorrected(v, iv);
        const model = [v];
        if (iv > 0n) { for (let m = v - iv; m >= iv; m -= iv) model.push(m); }
        expect(h.count).toBe(BigInt(model.length));
        expect(h.sumNs).toBe(model.reduce((a, b) => a + b, 0n));
        h.dispose();
      }),
      { numRuns: 200 },
    );
  });
  it("percentileSeries ends at 100 with the max bucket and is non-decreasing", () => {
    const h = new LatencyHistogram();
    h.recordMany(BigInt64Array.from(values));
    const s = h.percentileSeries(5);
    expect(s.at(-1)!.percentile).toBe(100);
    expect(s.at(-1)!.valueNs).toBe(h.percentile(100));
    for (let i = 1; i < s.length; i++) {
      expect(s[i].valueNs >= s[i - 1].valueNs && s[i].percentile >= s[i - 1].percentile).toBe(true);
    }
    expect(s.some((p) => p.percentile >= 99.9 && p.percentile < 100)).toBe(true);
    h.dispose();
  });
});

describe("staged records (record's fast path)", () => {
  it("every read sees staged values: numbers and bigints, partial and full stages, merge of a staged other", () => {
    const model: bigint[] = [];
    const h = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    const o = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    for (let i = 0; i < 2500; i++) {
      const v = BigInt((i * 7919) % 100_003) - 20_000n;
      if (i % 3 === 0) h.record(Number(v));
      else h.record(v);
      model.push(v);
      if (i === 1000) expect(h.count).toBe(1001n); // a read in the middle flushes a partial stage
    }
    o.record(-999_999_999n);
    o.record(123);
    model.push(-999_999_999n, 123n);
    h.merge(o);
    const sorted = [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect([h.count, h.min, h.max, h.sumNs]).toEqual([
      BigInt(model.length),
      sorted[0],
      sorted.at(-1),
      model.reduce((a, b) => a + b, 0n),
    ]);
    expect(h.percentile(50)).toBe(modelPercentile({ lowest: 1n, digits: 3 }, sorted, 50));
    expect(h.buckets().reduce((a, b) => a + b.count, 0n)).toBe(BigInt(model.length));
    expect(LatencyHistogram.decode(h.encodeSplit()).count).toBe(BigInt(model.length));
    h.record(5n);
    h.reset();
    expect(h.count).toBe(0n);
    h.record(7);
    h.dispose();
    o.dispose();
  });
  it("the number fast path's range bound is exact when highestTrackableNs is not a double", () => {
    const high = 2n ** 60n + 1n; // Number(high) rounds down to 2^60: in range
    const h = new LatencyHistogram({ highestTrackableNs: 2n ** 61n - 1n }); // Number() rounds up to 2^61: out of range
    expect(() => h.record(2 ** 61)).toThrow(expect.objectContaining({ code: "out-of-range" }));
    h.record(2 ** 60);
    const g = new LatencyHistogram({ highestTrackableNs: high });
    g.record(2 ** 60);
    expect([h.count, g.count, g.max]).toEqual([1n, 1n, 2n ** 60n]);
    h.dispose();
    g.dispose();
  });
});

describe("bad input", () => {
  const code = (c: string) => expect.objectContaining({ code: c });
  it("NaN, ±Infinity, fractions, wrong types → invalid-argument; out of range → out-of-range", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 1_000_000n });
    for (const v of [NaN, Infinity, -Infinity, 1.5, -0.25, 2 ** 80 + 0.5]) {
      expect(() => h.record(v)).toThrow(code(v === 2 ** 80 + 0.5 ? "out-of-range" : "invalid-argument"));
    }
    for (const v of ["1", null, undefined, {}, 1n as unknown as object]) {
      if (typeof v !== "bigint") expect(() => h.record(v as never)).toThrow(code("invalid-argument"));
    }
    for (const v of [1_000_001n, -1_000_001n, 2n ** 63n, -(2n ** 63n), 2n ** 70n, 1e7, 2 ** 80]) {
      expect(() => h.record(v)).toThrow(code("out-of-range"));
    }
    // bigints an i64 store would wrap into range (record stages by storing and reading back)
    for (const v of [2n ** 64n + 5n, -(2n ** 64n) + 7n, 2n ** 64n, 2n ** 128n - 1n]) {
      expect(() => h.record(v)).toThrow(code("out-of-range"));
    }
    const full = new LatencyHistogram({ highestTrackableNs: I64_MAX, outOfRange: "count" });
    // beyond i64 is not an i64 ns at all: refused even under "count"; −2^63 is an i64 beyond ±high: counted
    expect(() => full.record(2n ** 64n + 5n)).toThrow(code("out-of-range"));
    expect(() => full.record(-(2n ** 63n) - 1n)).toThrow(code("out-of-range"));
    full.record(-(2n ** 63n));
    full.record(I64_MAX);
    expect([full.count, full.overflowCount, full.min, full.max]).toEqual([1n, 1n, I64_MAX, I64_MAX]);
    full.dispose();
    expect(h.count).toBe(0n);
    expect(() => h.record(5n, -1)).toThrow(code("invalid-argument"));
    expect(() => h.record(5n, 1.5)).toThrow(code("invalid-argument"));
    expect(() => h.record(5n, 2n ** 63n)).toThrow(code("out-of-range"));
    expect(h.count).toBe(0n);
    expect(() => h.percentile(50)).toThrow(code("out-of-range"));
    h.record(3);
    for (const p of [NaN, -1, 100.0001, Infinity]) expect(() => h.percentile(p)).toThrow(code("invalid-argument"));
    expect(() => h.recordCorrected(5n, 2n ** 64n)).toThrow(code("out-of-range"));
    expect(h.count).toBe(1n);
    h.dispose();
  });
  it("recordMany stops at the first bad value, reports its index, keeps the values before it", () => {
    for (const bad of [NaN, Infinity, 0.5, 1e9]) {
      const h = new LatencyHistogram({ highestTrackableNs: 1_000_000n });
      const a = new Float64Array(200_000).fill(7);
      a[150_001] = bad;
      let err: { code?: string; index?: number } = {};
      try {
        h.recordMany(a);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code).toBe(bad === 1e9 ? "out-of-range" : "invalid-argument");
      expect(err.index).toBe(150_001);
      expect(h.count).toBe(150_001n);
      h.dispose();
    }
    const h = new LatencyHistogram({ highestTrackableNs: 1_000_000n });
    const b = new BigInt64Array(70_000).fill(-9n);
    b[69_999] = -(2n ** 63n);
    expect(() => h.recordMany(b)).toThrow(code("out-of-range"));
    expect(h.count).toBe(69_999n);
    expect(() => h.recordMany([1, 2] as unknown as Float64Array)).toThrow(code("invalid-argument"));
    h.dispose();
  });
  it('outOfRange: "count" counts instead of throwing, in record, recordMany and both array types', () => {
    const h = new LatencyHistogram({ highestTrackableNs: 1000n, outOfRange: "count" });
    h.record(5000n);
    h.record(-5000, 3);
    h.recordMany(BigInt64Array.from([1n, 2000n, -(2n ** 63n), 3n]));
    h.recordMany(Float64Array.from([1e12, 4]));
    expect([h.count, h.overflowCount]).toEqual([3n, 7n]); // recorded 1, 3, 4; refused 5000, −5000 ×3, 2000, −2^63, 1e12
    expect(() => h.record(NaN)).toThrow(code("invalid-argument"));
    expect(() => h.recordMany(Float64Array.from([1, NaN]))).toThrow(code("invalid-argument"));
    h.dispose();
  });
  it("merging different precision → incompatible-histogram; too-wide into fixed → out-of-range", () => {
    const a = new LatencyHistogram({ highestTrackableNs: HOUR, significantDigits: 3 });
    const b = new LatencyHistogram({ highestTrackableNs: HOUR, significantDigits: 2 });
    const c = new LatencyHistogram({ lowestDiscernibleNs: 1000n, highestTrackableNs: HOUR });
    const d = new LatencyHistogram({ highestTrackableNs: 2n * HOUR });
    d.record(2n * HOUR);
    expect(() => a.merge(b)).toThrow(code("incompatible-histogram"));
    expect(() => a.merge(c)).toThrow(code("incompatible-histogram"));
    expect(() => a.merge(d)).toThrow(code("out-of-range"));
    expect(() => a.merge({} as LatencyHistogram)).toThrow(code("invalid-argument"));
    for (const h of [a, b, c, d]) h.dispose();
  });
  it("corrupt or truncated base64 → corrupt-encoding", () => {
    const good = javaRef.digits3.encoded as string;
    const raw = Buffer.from(good, "base64");
    const flip = (i: number) => {
      const r = Buffer.from(raw);
      r[i] ^= 0x41;
      return r.toString("base64");
    };
    const corpus = [
      "",
      "HISTFAAA",
      "not base64 at all!",
      good.slice(0, -10),
      good.slice(0, 41),
      good.slice(0, good.length - 1) + "*",
      good.replace("H", "h"),
      flip(0),
      flip(5),
      flip(raw.length - 3),
      flip(40),
      flip(9),
      Buffer.from(raw.subarray(0, raw.length - 20)).toString("base64"),
      // a V2 header declaring 5 significant digits above lowest 2^60: HdrHistogram refuses it
      Buffer.concat([Buffer.from([0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 0])]).toString("base64"),
    ];
    for (const s of corpus) expect(() => LatencyHistogram.decode(s)).toThrow(code("corrupt-encoding"));
    // wrapped text (whitespace inside) is still the same histogram
    expect(LatencyHistogram.decode(`  ${good.slice(0, 50)}\n${good.slice(50, 120)}\r\n ${good.slice(120)}\n`).count)
      .toBe(BigInt(javaRef.digits3.count));
    expect(() => LatencyHistogram.decode(42 as never)).toThrow(code("invalid-argument"));
  });
  it("a disposed histogram refuses use; dispose twice is harmless", () => {
    const h = new LatencyHistogram();
    h.record(5n); // staged, then dropped with the histogram
    h.record(6);
    h.dispose();
    h.dispose();
    for (const v of [1n, 0n, -1n, 0, -0, 7, -7]) expect(() => h.record(v)).toThrow(code("invalid-argument"));
    expect(() => h.recordMany(new BigInt64Array([1n]))).toThrow(code("invalid-argument"));
    expect(() => h.count).toThrow(code("invalid-argument"));
  });
  it("the total count never wraps: record's fast paths close within 1024 of 2^63 − 1", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    h.record(1n, I64_MAX);
    expect(() => h.record(1n)).toThrow(code("out-of-range"));
    expect(() => h.record(2)).toThrow(code("out-of-range"));
    expect(h.count).toBe(I64_MAX);
    expect(h.percentile(50)).toBe(1n);
    const g = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    g.record(7n, I64_MAX - 3000n); // then 3000 more fit: staged ones, and the closed path's checked ones
    for (let i = 0; i < 3000; i++) g.record(i % 2 ? BigInt(i) : i);
    expect(g.count).toBe(I64_MAX);
    expect(() => g.record(5n)).toThrow(code("out-of-range"));
    expect(() => g.recordMany(new BigInt64Array([5n]))).toThrow(code("out-of-range"));
    expect(g.count).toBe(I64_MAX);
    g.reset(); // open again
    for (let i = 0; i < 3000; i++) g.record(BigInt(i));
    expect(g.count).toBe(3000n);
    // merged up to the edge: the fast paths close
    const m = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    const big = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
    big.record(3n, I64_MAX - 10n);
    m.merge(big);
    for (let i = 0; i < 10; i++) m.record(4n);
    expect(() => m.record(4n)).toThrow(code("out-of-range"));
    expect(m.count).toBe(I64_MAX);
    for (const x of [h, g, m, big]) x.dispose();
  });
  it("constructor parameters HdrHistogram refuses", () => {
    expect(() => new LatencyHistogram({ lowestDiscernibleNs: 1 as never })).toThrow(code("invalid-argument"));
    expect(() => new LatencyHistogram({ highestTrackableNs: 1e9 as never })).toThrow(code("invalid-argument"));
    expect(() => new LatencyHistogram({ lowestDiscernibleNs: 0n })).toThrow(code("out-of-range"));
    expect(() => new LatencyHistogram({ significantDigits: 6 })).toThrow(code("out-of-range"));
    expect(() => new LatencyHistogram({ significantDigits: 2.5 })).toThrow(code("invalid-argument"));
    expect(() => new LatencyHistogram({ lowestDiscernibleNs: 10n, highestTrackableNs: 19n })).toThrow(
      code("out-of-range"),
    );
    expect(() => new LatencyHistogram({ highestTrackableNs: 2n ** 63n })).toThrow(code("out-of-range"));
    expect(() =>
      new LatencyHistogram({ lowestDiscernibleNs: 2n ** 60n, highestTrackableNs: 2n ** 62n, significantDigits: 5 })
    ).toThrow(code("out-of-range"));
    expect(() => new LatencyHistogram({ highestTrackableNs: 1000 as never })).toThrow(code("invalid-argument"));
  });
});

describe("memory", () => {
  it("1e8 records (recordMany and record) leave linear memory and the allocator where they were", () => {
    const h = new LatencyHistogram({ highestTrackableNs: HOUR });
    const block = new BigInt64Array(1_000_000);
    for (let i = 0; i < block.length; i++) block[i] = BigInt((i * 7919) % 5_000_000) - 100_000n;
    h.recordMany(block); // first use sizes the scratch region
    const c = core();
    const bytes = c.memory.buffer.byteLength, live = c.heapLiveBytes(), sb = c.scratch(8);
    for (let k = 1; k < 100; k++) h.recordMany(block);
    for (let i = 0; i < 100_000; i++) h.record(BigInt(i));
    expect([c.memory.buffer.byteLength, c.heapLiveBytes(), c.scratch(8)]).toEqual([bytes, live, sb]);
    expect(h.count).toBe(100_100_000n);
    h.dispose();
  });
  it("released blocks are reused: create/dispose cycles do not grow the heap", () => {
    const c = core();
    new LatencyHistogram().dispose();
    const bytes = c.memory.buffer.byteLength, live = c.heapLiveBytes();
    for (let i = 0; i < 200; i++) new LatencyHistogram().dispose();
    expect([c.memory.buffer.byteLength, c.heapLiveBytes()]).toEqual([bytes, live]);
  });
});
