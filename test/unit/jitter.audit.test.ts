// Regression tests for the jitter findings of issue 11: recordCorrected's huge gaps (6), interval
// logs of thousands of lines (7) and stray non-ClockmathError throws (11). Each fails on the code
// before the fix: recordCorrected(2^62, 1) looped 4.6e18 times, 5000 one-hour lines allocated
// 2.7 GB of core memory while parsing (a RangeError past 2 GiB), and the throws were TypeErrors
// and RangeErrors. Speed is in bench/jitter.bench.mjs.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as hdr from "hdr-histogram-js";
import { core } from "../../src/core/loader.ts";
import { formatIntervalLog, LatencyHistogram, parseIntervalLog } from "../../src/mod.ts";
import { intervalLogText, logUniform, xorshift32 } from "../data/generators.mjs";

const code = (c: string) => expect.objectContaining({ code: c });
const HOUR = 3_600_000_000_000n;

/** Σ x and Σ x² over the missing values v − k·iv ≥ iv (k ≥ 1), by brute force (small n only). */
function bruteMoments(v: bigint, iv: bigint): [bigint, bigint, bigint] {
  let n = 0n, s = 0n, q = 0n;
  if (iv > 0n) {
    for (let x = v - iv; x >= iv; x -= iv) {
      n++;
      s += x;
      q += x * x;
    }
  }
  return [n, s, q];
}

describe("recordCorrected (finding 6)", () => {
  it("matches hdr-histogram-js recordValueWithExpectedInterval bucket for bucket, with exact moments (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 3_000_000n }),
        fc.bigInt({ min: -3n, max: 200_000n }),
        fc.integer({ min: 0, max: 4 }),
        (v, iv, digits) => {
          if (iv > 0n && v / iv > 200_000n) iv = v / 200_000n + 1n; // keep hdr-histogram-js's own loop short
          const ours = new LatencyHistogram({ highestTrackableNs: HOUR, significantDigits: digits });
          ours.record(7n); // something before, so min/moments combine with earlier values
          ours.recordCorrected(v, iv);
          const theirs = hdr.build({
            highestTrackableValue: Number(HOUR),
            numberOfSignificantValueDigits: digits as 1,
            bitBucketSize: 64,
          });
          theirs.recordValue(7);
          theirs.recordValueWithExpectedInterval(Number(v), Number(iv));
          const back = LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(theirs));
          expect(ours.buckets()).toEqual(back.buckets());
          const [n, s, q] = bruteMoments(v, iv);
          expect(ours.count).toBe(2n + n);
          expect(ours.sumNs).toBe(7n + v + s);
          expect(ours.sumOfSquaresNs2).toBe(49n + v * v + q);
          expect(ours.min).toBe(7n < v - n * iv || n === 0n ? (v < 7n ? v : 7n) : v - n * iv);
          back.dispose();
          ours.dispose();
          theirs.destroy();
        },
      ),
      { numRuns: 150 },
    );
  });
  it("a 1 s gap at a 1 ns interval: 1e9 values, exact sums", () => {
    const h = new LatencyHistogram();
    h.recordCorrected(1_000_000_000n, 1n);
    const n = 1_000_000_000n;
    expect(h.count).toBe(n);
    expect(h.sumNs).toBe((n * (n + 1n)) / 2n);
    expect(h.sumOfSquaresNs2).toBe((n * (n + 1n) * (2n * n + 1n)) / 6n);
    expect([h.min, h.max]).toEqual([1n, n]);
    // every bucket holds every integer of its range up to 1e9
    for (const b of h.buckets()) expect(b.count).toBe((b.toNs < n ? b.toNs : n) - b.fromNs + 1n);
    h.dispose();
  });
  it("2^62 at a 1 ns interval (4.6e18 missing values) and a non-unit interval against a BigInt bucket model", () => {
    const h = new LatencyHistogram();
    const v = 2n ** 62n;
    h.recordCorrected(v, 1n);
    expect(h.count).toBe(v);
    expect(h.sumNs).toBe((v * (v + 1n)) / 2n);
    expect(h.sumOfSquaresNs2).toBe((v * (v + 1n) * (2n * v + 1n)) / 6n);
    h.dispose();
    const w = 10n ** 15n + 7n, iv = 997n;
    const g = new LatencyHistogram({ highestTrackableNs: 2n ** 62n });
    g.recordCorrected(w, iv);
    const n = w / iv - 1n;
    let seen = 0n;
    for (const b of g.buckets()) {
      // k with fromNs <= w − k·iv <= toNs, 1 <= k <= n (plus w itself in its own bucket)
      const kLo = (w - b.toNs + iv - 1n) / iv, kHi = (w - b.fromNs) / iv;
      const lo = kLo < 1n ? 1n : kLo, hi = kHi > n ? n : kHi;
      const want = (hi >= lo ? hi - lo + 1n : 0n) + (w >= b.fromNs && w <= b.toNs ? 1n : 0n);
      expect(b.count).toBe(want);
      seen += b.count;
    }
    expect(seen).toBe(n + 1n);
    const s = w - n * iv;
    expect(g.sumNs).toBe(w + n * s + (iv * n * (n - 1n)) / 2n);
    g.dispose();
  });
  it("a total past 2^63 − 1 is refused, and nothing but the value itself is recorded", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 2n ** 63n - 1n });
    h.record(1n, 2n ** 62n);
    expect(() => h.recordCorrected(2n ** 62n + 5n, 1n)).toThrow(code("out-of-range"));
    expect(h.count).toBe(2n ** 62n + 1n);
    h.dispose();
  });
});

describe("parseIntervalLog (finding 7)", () => {
  /** `k` one-hour, 3-digit histograms of 300 values each, log-uniform in 100 ns … 100 ms. */
  function sampleEncodings(k: number): string[] {
    const rnd = xorshift32(99);
    const out: string[] = [];
    for (let j = 0; j < k; j++) {
      const h = new LatencyHistogram({ highestTrackableNs: HOUR });
      for (const v of logUniform(rnd, 300, 2, 8)) h.record(BigInt(v));
      out.push(h.encode());
      h.dispose();
    }
    return out;
  }
  it("5000 one-hour lines parse without taking core memory; histograms are decoded once, on first access", () => {
    const enc = sampleEncodings(20);
    const text = intervalLogText(enc, 5000, {
      header: ["#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]"],
      maxText: "100.000",
      eol: "\r\n",
    });
    const c = core();
    const bytes = c.memory.buffer.byteLength, live = c.heapLiveBytes();
    const log = parseIntervalLog(text);
    expect([c.memory.buffer.byteLength, c.heapLiveBytes()]).toEqual([bytes, live]);
    expect(log.entries.length).toBe(5000);
    expect(log.entries[4999].startNs).toBe(1_700_000_000_000_000_000n + 4999n * 1_000_000_000n);
    const e = log.entries[1234];
    const h = e.histogram;
    expect(e.histogram).toBe(h); // the same object each time
    const want = LatencyHistogram.decode(enc[1234 % 20]);
    expect(h.buckets()).toEqual(want.buckets());
    want.dispose();
    h.dispose();
  });
  it("still reports a bad histogram while parsing, with its line number, whatever the line ends", () => {
    const [good] = sampleEncodings(1);
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = ["# comment", `0.000,1.000,2.000,${good}`, "", `1.000,1.000,2.000,${good.slice(0, -8)}`].join(eol);
      expect(() => parseIntervalLog(text)).toThrow(expect.objectContaining({ code: "bad-line", line: 4 }));
    }
  });
  it("a second count of a million digits is a bad line, not a long BigInt parse", () => {
    const [good] = sampleEncodings(1);
    expect(() => parseIntervalLog(`${"9".repeat(1_000_000)}.000,1.000,2.000,${good}`)).toThrow(code("bad-line"));
  });
});

describe("typed errors (finding 11, jitter)", () => {
  it("percentileSeries takes an integer number of ticks in [1, 100]", () => {
    const h = new LatencyHistogram();
    h.record(10n);
    expect(() => h.percentileSeries(5n as unknown as number)).toThrow(code("invalid-argument"));
    expect(() => h.percentileSeries(2.5)).toThrow(code("invalid-argument"));
    expect(() => h.percentileSeries(NaN)).toThrow(code("invalid-argument"));
    expect(() => h.percentileSeries(0)).toThrow(code("out-of-range"));
    expect(() => h.percentileSeries(101)).toThrow(code("out-of-range"));
    expect(h.percentileSeries(1).map((p) => p.percentile)).toEqual([0, 50, 100]);
    h.dispose();
  });
  it("formatIntervalLog refuses number and out-of-Date header times and non-object entries", () => {
    expect(() => formatIntervalLog({ startTimeNs: 0 as unknown as bigint, entries: [] })).toThrow(
      code("invalid-argument"),
    );
    expect(() => formatIntervalLog({ baseTimeNs: 0 as unknown as bigint, entries: [] })).toThrow(
      code("invalid-argument"),
    );
    expect(() => formatIntervalLog({ startTimeNs: 2n ** 80n, entries: [] })).toThrow(code("out-of-range"));
    expect(() => formatIntervalLog({ baseTimeNs: -(2n ** 80n), entries: [] })).toThrow(code("out-of-range"));
    expect(() => formatIntervalLog({ entries: [null as never] })).toThrow(code("invalid-argument"));
    expect(() => formatIntervalLog({ entries: [] }, { maxValueUnitRatio: 1n as unknown as number })).toThrow(
      code("invalid-argument"),
    );
    // the edges a Date can show still work
    expect(formatIntervalLog({ startTimeNs: 8_640_000_000_000_000_000_000n, entries: [] })).toContain(
      "+275760-09-13T00:00:00.000Z",
    );
  });
});
