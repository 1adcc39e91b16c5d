// Latency-histogram vectors for all four runtimes: HdrHistogram 2.2.2 (Java) answers and an
// hdr-histogram-js 3.0.1 encoding (embedded in jitter-data.ts with provenance), an independent
// BigInt bucket model, exact BigInt moments, the bad-input corpus, interval logs, foreign zlib streams and
// hostile text.
import { type Api, eq, throwsCode, type VectorSuite } from "./suite.ts";
import { hdrJs, javaReference } from "./jitter-data.ts";
import { modelPercentile } from "../reference/hdr-bigint.ts";
import { xorshift32 } from "../data/generators.mjs";

/** test/data/jitter/gen-values.mjs's data set, regenerated (same xorshift32, same seed). */
function sharedValues(): bigint[] {
  const rnd = xorshift32(0x9e3779b9);
  const out: bigint[] = [];
  for (let i = 0; i < 10000; i++) {
    const r = rnd();
    let v;
    if (r < 0.6) v = 50 + Math.floor(rnd() * 2000);
    else if (r < 0.95) v = Math.floor(10 ** (4 + 2 * rnd()));
    else if (r < 0.999) v = Math.floor(10 ** (6 + 2 * rnd()));
    else v = Math.floor(10 ** (8 + 2 * rnd()));
    out.push(BigInt(v));
  }
  return out;
}

type Ref = (typeof javaReference)["digits3"];
const build = (api: Api, r: Ref) =>
  new api.LatencyHistogram({
    lowestDiscernibleNs: BigInt(r.lowest),
    highestTrackableNs: BigInt(r.highest),
    significantDigits: r.digits,
  });

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export const jitterSuite: VectorSuite = {
  name: "jitter",
  cases: [
    ...(["digits3", "digits2lowest1000", "digits5", "corrected", "small"] as const).map((name) => ({
      name: `Java ${name}: its encoding decodes to its count, min, max and percentiles`,
      run: (api: Api) => {
        const r = javaReference[name];
        const h = api.LatencyHistogram.decode(r.encoded);
        eq(h.count, BigInt(r.count), "count");
        eq(h.min, BigInt(r.min), "min");
        eq(h.max, BigInt(r.max), "max");
        for (const [p, v] of r.percentiles) eq(h.percentile(p), BigInt(v), `p${p}`);
        h.dispose();
      },
    })),
    {
      name: "Java digits3 and digits2lowest1000: recorded values give Java's percentiles and ranks",
      run: (api) => {
        const vs = sharedValues();
        for (const r of [javaReference.digits3, javaReference.digits2lowest1000] as Ref[]) {
          const h = build(api, r);
          h.recordMany(BigInt64Array.from(vs));
          for (const [p, v] of r.percentiles) eq(h.percentile(p), BigInt(v), `digits ${r.digits} p${p}`);
          for (const [v, p] of r.ranks) eq(h.percentileRank(BigInt(v)), p, `rank of ${v}`);
          // round trip through our encoding
          const d = api.LatencyHistogram.decode(h.encode());
          for (const [p, v] of r.percentiles) eq(d.percentile(p), BigInt(v), `decoded p${p}`);
          h.dispose();
          d.dispose();
        }
      },
    },
    {
      name: "Java corrected: recordCorrected reproduces HdrHistogram's coordinated-omission correction",
      run: (api) => {
        const r = javaReference.small;
        const h = build(api, r as unknown as Ref);
        h.recordCorrected(5n, 3n);
        h.recordCorrected(1000n, 1n);
        h.recordCorrected(0n, 2n);
        eq(h.count, BigInt(r.count), "count");
        for (const [p, v] of r.percentiles) eq(h.percentile(p), BigInt(v), `p${p}`);
        h.dispose();
      },
    },
    {
      name: "hdr-histogram-js encoding decodes to the percentiles hdr-histogram-js reported",
      run: (api) => {
        const h = api.LatencyHistogram.decode(hdrJs.encoded);
        eq(h.count, BigInt(hdrJs.count), "count");
        for (const [p, v] of hdrJs.percentiles) eq(h.percentile(p), BigInt(v), `p${p}`);
        h.dispose();
      },
    },
    {
      name: "signed values: percentiles follow the BigInt sorted-order model on both sides of zero",
      run: (api) => {
        const rnd = lcg(99);
        for (const [digits, lowest] of [[3, 1n], [2, 1000n], [1, 7n]] as const) {
          const vs = Array.from({ length: 2000 }, () => BigInt(Math.floor((rnd() - 0.4) * 10 ** (1 + 9 * rnd()))));
          const h = new api.LatencyHistogram({
            lowestDiscernibleNs: lowest,
            highestTrackableNs: 10n ** 11n,
            significantDigits: digits,
          });
          h.recordMany(BigInt64Array.from(vs));
          const sorted = [...vs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          for (const p of [0, 0.1, 1, 10, 25, 40, 50, 75, 90, 99, 99.9, 100]) {
            eq(h.percentile(p), modelPercentile({ lowest, digits }, sorted, p), `digits ${digits} p${p}`);
          }
          eq(h.min, sorted[0], "min");
          eq(h.max, sorted.at(-1), "max");
          const split = api.LatencyHistogram.decode(h.encodeSplit());
          eq(split.buckets(), h.buckets(), "split round trip");
          h.dispose();
          split.dispose();
        }
      },
    },
    {
      name: "exact moments equal BigInt sums, including i64 extremes",
      run: (api) => {
        const vs = [
          2n ** 62n,
          -(2n ** 62n) + 1n,
          9_223_372_036_854_775_807n,
          -9_223_372_036_854_775_807n,
          3n,
          4_294_967_296n,
          -4_294_967_295n,
        ];
        const h = new api.LatencyHistogram({ highestTrackableNs: 9_223_372_036_854_775_807n });
        h.recordMany(BigInt64Array.from(vs));
        for (const v of vs) h.record(v, 1_000_000_007n);
        const n = 1n + 1_000_000_007n;
        eq(h.count, n * BigInt(vs.length), "count");
        eq(h.sumNs, vs.reduce((a, b) => a + b, 0n) * n, "sum");
        eq(h.sumOfSquaresNs2, vs.reduce((a, b) => a + b * b, 0n) * n, "sum of squares");
        h.dispose();
      },
    },
    {
      name: "bad input: typed errors with stable codes, nothing dropped silently",
      run: (api) => {
        const h = new api.LatencyHistogram({ highestTrackableNs: 1_000_000n });
        for (const v of [NaN, Infinity, -Infinity, 0.5]) {
          throwsCode(() => h.record(v), "invalid-argument", `record(${v})`);
        }
        for (const v of [1_000_001n, -(2n ** 63n), 2n ** 64n]) {
          throwsCode(() => h.record(v), "out-of-range", `record(${v})`);
        }
        const f = new Float64Array([1, 2, NaN, 4]);
        throwsCode(() => h.recordMany(f), "invalid-argument", "recordMany NaN");
        eq(h.count, 2n, "values before the bad one are kept");
        const other = new api.LatencyHistogram({ highestTrackableNs: 1_000_000n, significantDigits: 2 });
        throwsCode(() => h.merge(other), "incompatible-histogram", "merge of different precision");
        for (const s of ["HISTFAAA", hdrJs.encoded.slice(0, 60), hdrJs.encoded.replace("A", "%"), "HISTFAAAAAAAAAAA"]) {
          throwsCode(() => api.LatencyHistogram.decode(s), "corrupt-encoding", `decode ${s.slice(0, 20)}…`);
        }
        const counted = new api.LatencyHistogram({ highestTrackableNs: 1000n, outOfRange: "count" });
        counted.recordMany(BigInt64Array.from([5n, 5000n, -5000n]));
        eq([counted.count, counted.overflowCount], [1n, 2n], "counted as overflow");
        for (const x of [h, other, counted]) x.dispose();
      },
    },
    {
      name: "interval log: write, read back, same histograms and times",
      run: (api) => {
        const h = new api.LatencyHistogram();
        h.recordMany(BigInt64Array.from([100n, 2000n, 30_000n]));
        const start = 1_441_812_279_474_000_000n;
        const text = api.formatIntervalLog({
          startTimeNs: start,
          entries: [{ tag: "t", startNs: start + 127_000_000n, lengthNs: 1_007_000_000n, histogram: h }],
        });
        const log = api.parseIntervalLog(text);
        eq(log.startTimeNs, start, "start time");
        eq(
          log.entries.map((e) => [e.tag, e.startNs, e.lengthNs]),
          [["t", start + 127_000_000n, 1_007_000_000n]],
          "entry",
        );
        eq(log.entries[0].histogram.buckets(), h.buckets(), "buckets");
        throwsCode(() => api.parseIntervalLog("0.1,1.0,2.0,HISTFAAA\n"), "bad-line", "bad line");
        h.dispose();
      },
    },
    {
      name: "zlib (fflate): node:zlib streams at levels 0 (stored) and 9 decode alike; hostile text is refused",
      run: (api) => {
        // one histogram (1000 ×3, 1500 ×2, 2e6, 123456789 ×4; 1 h, 3 digits) written by node:zlib
        const stored =
          "HISTFAAAAEB4AQE1AMr/HISTEwAAAA0AAAAAAAAAAwAAAAAAAAABAAADRjC4oAA/8AAAAAAAAM8PBuUHBIenAQLxXgioZwi0";
        const level9 = "HISTFAAAADB42pNpmSzMwMDAywABzFCakYGB2c1gxwIG+w8QgfP8bE/ZWdqXMzJ9jOMAAKhnCLQ=";
        const want = [
          { fromNs: 1000n, toNs: 1000n, count: 3n },
          { fromNs: 1500n, toNs: 1500n, count: 2n },
          { fromNs: 1999872n, toNs: 2000895n, count: 1n },
          { fromNs: 123404288n, toNs: 123469823n, count: 4n },
        ];
        for (const [name, text] of [["stored", stored], ["level 9", level9]]) {
          const h = api.LatencyHistogram.decode(text);
          eq(h.buckets(), want, name);
          const again = api.LatencyHistogram.decode(h.encode());
          eq(again.buckets(), want, `${name}: re-encoded by fflate`);
          again.dispose();
          h.dispose();
        }
        // 64 characters whose zero run claims 2^26 empty buckets (test/reference/hostile.mjs)
        throwsCode(
          () => api.LatencyHistogram.decode("HISTFAAAACh42pNpmSzMwMDAygABzFCakYGB2c1gxwIG+w8Qgf///9szAQBw4geO"),
          "corrupt-encoding",
          "zero-run bomb",
        );
        throwsCode(() => api.LatencyHistogram.decode("=".repeat(300_000) + "A"), "corrupt-encoding", "ReDoS padding");
      },
    },
    {
      name: "timer probe helpers: setTimeout exists, a synthetic 5 µs clock measures 5 µs",
      run: (api) => {
        eq(api.availableTimerApis().includes("setTimeout"), true, "setTimeout available");
        let t = 0n;
        const r = api.measureClockResolution({ now: () => ((t += 3n), (t / 5000n) * 5000n), source: "synthetic" });
        eq(r, { source: "synthetic", resolutionNs: 5000n, advancesDuringExecution: true }, "resolution");
      },
    },
  ],
};
