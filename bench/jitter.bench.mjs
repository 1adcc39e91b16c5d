// Latency-histogram benchmarks: LatencyHistogram.recordMany over 1e7 values, record per call,
// percentile on a 1e7-value histogram, against hdr-histogram-js 3.0.1 (its JS build and its
// WebAssembly build) in the same run; `hdr percentiles` over a 10 000-line interval log (stream,
// merge, percentile text). Run through bench/run.mjs (`npm run bench -- jitter`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as hdr from "hdr-histogram-js";
import {
  CoreArray,
  coreMemory,
  formatPercentileDistribution,
  LatencyHistogram,
  mergeIntervalLogs,
  parseIntervalLog,
} from "../build/tsc/mod.js";
import { core } from "../build/tsc/core/loader.js";
import { layoutFor } from "../build/tsc/jitter/layout.js";
import { inflateBomb, redosText, zeroRunBomb } from "../test/reference/hostile.mjs";
import { intervalLogText, logUniform, timerLatencies, xorshift32 } from "../test/data/generators.mjs";

const N = 10_000_000;
const POOL = 1 << 16;
const MASK = POOL - 1;
const HOUR = 3_600_000_000_000n;

/** Deterministic timer-lateness-like values: mostly 50 ns … 2 µs, a tail to 100 ms. */
function makeValues(n, seed = 0x2545f491) {
  const rnd = xorshift32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    out[i] = r < 0.9 ? 50 + Math.floor(rnd() * 2000) : Math.floor(10 ** (3 + 5 * rnd()));
  }
  return out;
}

export default async function jitter(suite) {
  await hdr.initWebAssembly();
  const c = core();
  const f64 = makeValues(N);
  const big = BigInt64Array.from(f64, (v) => BigInt(v));
  const poolBig = big.slice(0, POOL), poolNum = f64.slice(0, POOL);

  // ---- correctness before speed: the same 1e7 values in ours and both hdr-histogram-js builds ----
  const ours = new LatencyHistogram({ highestTrackableNs: HOUR });
  ours.recordMany(big);
  const js = hdr.build({ highestTrackableValue: Number(HOUR), numberOfSignificantValueDigits: 3, bitBucketSize: 64 });
  const wasm = hdr.build({
    highestTrackableValue: Number(HOUR),
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
    useWebAssembly: true,
  });
  for (let i = 0; i < N; i++) {
    js.recordValue(f64[i]);
    wasm.recordValue(f64[i]);
  }
  for (const p of [0, 50, 90, 99, 99.9, 99.99, 100]) {
    const a = ours.percentile(p), b = js.getValueAtPercentile(p), c = wasm.getValueAtPercentile(p);
    if (a !== BigInt(b) || a !== BigInt(c)) {
      throw new Error(`bench/jitter: p${p}: ours ${a}, hdr js ${b}, hdr wasm ${c}`);
    }
  }
  suite.note(
    `data: ${N} deterministic values (90% 50 ns … 2 µs, 10% log-uniform 1 µs … 100 ms); ours, hdr-histogram-js JS and WebAssembly agree on p0, p50, p90, p99, p99.9, p99.99, p100 of all ${N}.`,
  );
  suite.note(
    "hdr-histogram-js has no batch call: its per-value rows time recordValue in a JS loop over a Float64Array (1e6 values per loop).",
  );

  const wasmLoop = "(c) hdr-histogram-js WebAssembly recordValue, per value";
  suite.baseline(wasmLoop);

  const hMany = new LatencyHistogram({ highestTrackableNs: HOUR });
  suite.add({
    name: "(a) recordMany(BigInt64Array 1e7), per value",
    fn: () => {
      hMany.recordMany(big);
      return 0;
    },
    ops: N,
    target: { max: 4 },
    note:
      "one call: chunks of 8192 copied into the core's scratch region, one core loop each (counting loop, then a SIMD pass for the moments, per 256 values)",
  });
  const coreBig = new CoreArray(N);
  coreBig.view.set(big);
  suite.add({
    name: "(a0) recordMany(CoreArray view 1e7), per value",
    fn: () => {
      hMany.recordMany(coreBig.view);
      return 0;
    },
    ops: N,
    target: { max: 4 },
    note: "the values already in the core's memory (CoreArray): no copies",
  });
  suite.add({
    name: "(a) recordMany vs hdr-histogram-js WebAssembly (target ≤ 1/3)",
    fn: () => {
      hMany.recordMany(big);
      return 0;
    },
    ops: N,
    target: { maxRatio: 1 / 3, of: wasmLoop },
  });
  suite.add({
    name: "(a') recordMany(Float64Array 1e7), per value",
    fn: () => {
      hMany.recordMany(f64);
      return 0;
    },
    ops: N,
    target: { max: 4 },
    note: "values checked integral and in range in the core",
  });
  const hOne = new LatencyHistogram({ highestTrackableNs: HOUR });
  const M = 1_000_000;
  const bigM = big.subarray(0, M), f64M = f64.subarray(0, M);
  suite.add({
    name: "(b) record(bigint), per call in a loop over 1e6 values",
    fn: () => {
      for (let i = 0; i < M; i++) hOne.record(bigM[i]);
      return 0;
    },
    ops: M,
    target: { max: 15 },
    note: "the same loop shape as the hdr-histogram-js rows (c); record stages 1024 checked values per core call",
  });
  suite.add({
    name: "(b) record(bigint) loop vs hdr-histogram-js WebAssembly (target ≤ 1/3)",
    fn: () => {
      for (let i = 0; i < M; i++) hOne.record(bigM[i]);
      return 0;
    },
    ops: M,
    target: { maxRatio: 1 / 3, of: wasmLoop },
  });
  suite.add({
    name: "(b') record(number), per call in a loop over 1e6 values",
    fn: () => {
      for (let i = 0; i < M; i++) hOne.record(f64M[i]);
      return 0;
    },
    ops: M,
    target: { max: 15 },
  });
  suite.add({
    name: "(b1) record(bigint) per call through the harness (diagnostic)",
    setup: () => {
      let i = 0;
      return () => hOne.record(poolBig[i = (i + 1) & MASK]);
    },
    note: "one harness call per record: adds the harness's closure call and pool indexing (~2–5 ns)",
  });
  suite.add({
    name: wasmLoop,
    fn: () => {
      for (let i = 0; i < M; i++) wasm.recordValue(f64M[i]);
      return 0;
    },
    ops: M,
  });
  suite.add({
    name: "(c) hdr-histogram-js JS recordValue, per value",
    fn: () => {
      for (let i = 0; i < M; i++) js.recordValue(f64M[i]);
      return 0;
    },
    ops: M,
  });
  suite.add({
    name: "(c) hdr-histogram-js WebAssembly recordValue, single call",
    setup: () => {
      let i = 0;
      return () => wasm.recordValue(poolNum[i = (i + 1) & MASK]);
    },
  });
  for (const p of [99.9, 99, 50]) {
    suite.add({
      name: `(d) percentile(${p}) on the 1e7-value histogram`,
      fn: () => ours.percentile(p),
      unit: "µs/op",
      scale: 1000,
      target: { max: 20 },
      note: p === 50 ? "the median scans the most buckets (from the low end)" : undefined,
    });
    suite.add({
      name: `(d) hdr-histogram-js WebAssembly getValueAtPercentile(${p})`,
      fn: () => wasm.getValueAtPercentile(p),
      unit: "µs/op",
      scale: 1000,
    });
  }
  suite.metric({
    name: "(e) wasm memory growth over 10 recordMany(1e7) + 1e7 record calls",
    measure: () => {
      const h = new LatencyHistogram({ highestTrackableNs: HOUR });
      h.recordMany(big); // sizes the scratch region once
      const mem = c.memory.buffer.byteLength, live = c.heapLiveBytes();
      for (let k = 0; k < 10; k++) h.recordMany(big);
      for (let i = 0; i < N; i++) h.record(big[i]);
      const grown = c.memory.buffer.byteLength - mem + (c.heapLiveBytes() - live);
      if (h.count !== BigInt(12 * N)) throw new Error("bench/jitter: memory row lost values");
      h.dispose();
      return grown;
    },
    unit: "bytes",
    target: { max: 0 },
    note: "linear memory size plus the heap's live bytes, before and after 1.2e8 records into one histogram",
  });
  suite.metric({
    name: "(f) peak core memory held by 3e4 default histograms dropped undisposed",
    measure: async () => {
      // issue 11: the collector must see core memory (block.ts gcPressure), or dropped histograms
      // pile up faster than finalizers run; scripts/core-memory-churn.mjs runs the full 1e5
      const base = coreMemory().liveBytes; // the other rows' histograms and CoreArrays
      let peak = base;
      for (let i = 1; i <= 30_000; i++) {
        new LatencyHistogram().record(1n);
        if (i % 100 === 0) {
          await new Promise((r) => setImmediate(r));
          peak = Math.max(peak, coreMemory().liveBytes);
        }
      }
      return (peak - base) / 2 ** 20;
    },
    unit: "MiB",
    target: { max: 512 },
    note:
      "a setImmediate yield every 100 histograms (540 944 bytes each); before the fix they reached the 2 GiB wrap at ~31 000",
  });

  // ---- worst cases (issue 11, findings 4–7): hostile input costs what an honest answer costs ----
  const refused = (text) => {
    try {
      LatencyHistogram.decode(text).dispose();
    } catch (e) {
      if (e?.code === "corrupt-encoding") return 1;
      throw e;
    }
    throw new Error("bench/jitter: a hostile input was accepted");
  };
  const hostile = [
    ["(w1) decode: 64 chars whose zero run claims 2^26 empty buckets", zeroRunBomb(), "was 12–36 s and 2.1 GB"],
    [
      "(w2) decode: 340 KB inflating to 250 MiB, header stating that length",
      inflateBomb(),
      "refused at the header: payload above 9 bytes per bucket; was 49 s and 2.5 GB",
    ],
    [
      "(w2') decode: the same bomb, header stating a 12-byte payload",
      inflateBomb({ payload: 12 }),
      "the inflate stops one 256-byte chunk of stream (≤ ~260 KB) past the stated length",
    ],
    [
      "(w2'') decode: the same bomb under the largest layout (5 digits, 2^63 − 1)",
      inflateBomb({ digits: 5, highest: 2n ** 63n - 1n, payload: 9 * layoutFor(1n, 2n ** 63n - 1n, 5).len }),
      "stops once the zero counts pass the layout's 6 160 384 buckets (~6 MB inflated)",
    ],
    ["(w3) decode: 300 000 '=' then 'A' (ReDoS on /=+$/)", redosText(), "was 40 s; atob refuses it in one pass"],
  ];
  for (const [name, text, note] of hostile) {
    // (w2''): the stated layout's honest cost is ~6 MB of payload (and 98 MB of counts to allocate)
    suite.add({
      name,
      fn: () => refused(text),
      unit: "ms/op",
      scale: 1e6,
      target: { max: name.startsWith("(w2'')") ? 100 : 50 },
      note,
    });
  }
  const gap = new LatencyHistogram({ highestTrackableNs: HOUR });
  suite.add({
    name: "(w4) recordCorrected(1e9, 1): 1e9 − 1 missing values",
    fn: () => {
      gap.reset();
      gap.recordCorrected(1_000_000_000n, 1n);
      return gap.count;
    },
    unit: "µs/op",
    scale: 1000,
    target: { max: 1000 },
    note: "one core step per bucket touched (≤ the layout's buckets); was 13 s (one record per value)",
  });
  const rnd99 = xorshift32(99);
  const lineText = [];
  for (let j = 0; j < 20; j++) {
    const h = new LatencyHistogram({ highestTrackableNs: HOUR });
    for (const v of logUniform(rnd99, 300, 2, 8)) h.record(BigInt(v));
    lineText.push(h.encode());
    h.dispose();
  }
  const logText = intervalLogText(lineText, 5000, { maxText: "100.000" });
  suite.add({
    name: "(w5) parseIntervalLog: 5000 lines of one-hour, 3-digit histograms (300 values each)",
    fn: () => parseIntervalLog(logText).entries.length,
    unit: "ms/op",
    scale: 1e6,
    target: { max: 500 },
    note: `${(logText.length / 1e6).toFixed(1)} MB ("well under a second"); every histogram checked, ` +
      "decoded into core memory on first access; was a RangeError (2.7 GB of core memory)",
  });

  // ---- `hdr percentiles` (issue 15): a 10 000-line interval log streamed, merged, printed ----
  const hl = hdrPercentilesLog(10_000);
  const merged = await mergeIntervalLogs([hl.chunks]);
  const ourText = formatPercentileDistribution(merged.histogram, { outputValueUnitScalingRatio: 1e6 });
  const ourCsv = formatPercentileDistribution(merged.histogram, { csv: true });
  const acc = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: Number(HOUR),
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
    autoResize: true,
  });
  for (const t of hl.lineTexts) {
    const one = hdr.decodeFromCompressedBase64(t, 64);
    for (let i = 0; i < hl.lines / hl.lineTexts.length; i++) acc.add(one);
  }
  const noMax = (t) => t.split("\n").filter((l) => !l.startsWith("#[Max")).join("\n");
  if (
    merged.intervals !== hl.lines || noMax(ourText) !== noMax(acc.outputPercentileDistribution(5, 1e6)) ||
    ourCsv !== acc.outputPercentileDistribution(5, 1, true)
  ) {
    throw new Error(
      "bench/jitter: hdr percentiles differs from hdr-histogram-js's outputPercentileDistribution of the same merge",
    );
  }
  merged.histogram.dispose();
  suite.note(
    `hdr percentiles: ${hl.lines} lines, ${
      (hl.bytes / 1e6).toFixed(1)
    } MB in 64 KiB byte chunks, 100 distinct 1000-value histograms; the text equals hdr-histogram-js's ` +
      "outputPercentileDistribution of the same merge (text but its Max line, where hdr-histogram-js prints the top bucket's lowest value, and CSV).",
  );
  suite.external({
    name:
      "(h1) hdr percentiles: 10 000-line interval log → parseIntervalLogStream → mergeIntervalLogs → formatPercentileDistribution",
    unit: "ms/op",
    target: { max: 2000 },
    note:
      "one sample = the whole pipeline once; memory is one counts array plus one 64 KiB chunk, whatever the line count",
    run: async (k) => {
      const samples = [];
      for (let i = 0; i < k; i++) {
        globalThis.gc?.();
        const t0 = process.hrtime.bigint();
        const m = await mergeIntervalLogs([hl.chunks]);
        const text = formatPercentileDistribution(m.histogram, { outputValueUnitScalingRatio: 1e6 });
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        m.histogram.dispose();
        if (text !== ourText) throw new Error("bench/jitter: hdr percentiles changed between runs");
      }
      return { samples };
    },
  });
  // ---- the same through the real bin: `clockmath hdr percentiles` as a whole process (issue 15 "Done when") ----
  const dir = mkdtempSync(join(tmpdir(), "clockmath-bench-"));
  const logFile = join(dir, "10000.hlog");
  writeFileSync(logFile, Buffer.concat(hl.chunks));
  const args = ["dist/cli/bin.js", "hdr", "percentiles", logFile, "--scale", "1000000"];
  const first = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (first.status !== 0 || first.stdout !== ourText) {
    throw new Error(
      `bench/jitter: clockmath hdr percentiles (exit ${first.status}) does not print the library's text: ${first.stderr}`,
    );
  }
  suite.external({
    name:
      "(h2) clockmath hdr percentiles <10 000-line interval log> --scale 1000000: the whole CLI process (node dist/cli/bin.js)",
    unit: "ms/op",
    target: { max: 2000 },
    note: `${
      (hl.bytes / 1e6).toFixed(1)
    } MB file; start-up, core compile, streaming read, merge and printing; output equals (h1)'s text`,
    run: async (k) => {
      const samples = [];
      for (let i = 0; i < k; i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { encoding: "utf8" });
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (r.status !== 0) throw new Error(`bench/jitter: clockmath hdr percentiles exited ${r.status}`);
      }
      return { samples };
    },
  });
}

/** An interval log of `lines` lines cycling through 100 deterministic 1000-value histograms, as 64 KiB byte chunks. */
function hdrPercentilesLog(lines) {
  const rnd = xorshift32(7);
  const lineTexts = [];
  for (let j = 0; j < 100; j++) {
    const h = new LatencyHistogram({ highestTrackableNs: HOUR });
    for (const v of timerLatencies(rnd, 1000)) h.record(BigInt(v));
    lineTexts.push(h.encode());
    h.dispose();
  }
  const text = intervalLogText(lineTexts, lines, {
    header: [
      "#[Histogram log format version 1.3]",
      "#[StartTime: 1441812279.474 (seconds since epoch), 2015-09-09T15:24:39.474Z]",
    ],
  });
  const bytes = new TextEncoder().encode(text);
  const chunks = [];
  for (let o = 0; o < bytes.length; o += 65536) chunks.push(bytes.subarray(o, o + 65536));
  return { lines, lineTexts, chunks, bytes: bytes.length };
}
