// Latency-histogram benchmarks: LatencyHistogram.recordMany over 1e7 values, record per call,
// percentile on a 1e7-value histogram, against hdr-histogram-js 3.0.1 (its JS build and its
// WebAssembly build) in the same run. Run through bench/run.mjs (`npm run bench -- jitter`).
import * as hdr from "hdr-histogram-js";
import { CoreArray, LatencyHistogram } from "../dist/mod.js";
import { core } from "../dist/core/loader.js";

const N = 10_000_000;
const POOL = 1 << 16;
const MASK = POOL - 1;
const HOUR = 3_600_000_000_000n;

/** Deterministic timer-lateness-like values: mostly 50 ns … 2 µs, a tail to 100 ms. */
function makeValues(n, seed = 0x2545f491) {
  let x = seed >>> 0;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
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
  const wasm = hdr.build({ highestTrackableValue: Number(HOUR), numberOfSignificantValueDigits: 3, bitBucketSize: 64, useWebAssembly: true });
  for (let i = 0; i < N; i++) { js.recordValue(f64[i]); wasm.recordValue(f64[i]); }
  for (const p of [0, 50, 90, 99, 99.9, 99.99, 100]) {
    const a = ours.percentile(p), b = js.getValueAtPercentile(p), c = wasm.getValueAtPercentile(p);
    if (a !== BigInt(b) || a !== BigInt(c)) throw new Error(`bench/jitter: p${p}: ours ${a}, hdr js ${b}, hdr wasm ${c}`);
  }
  suite.note(`data: ${N} deterministic values (90% 50 ns … 2 µs, 10% log-uniform 1 µs … 100 ms); ours, hdr-histogram-js JS and WebAssembly agree on p0, p50, p90, p99, p99.9, p99.99, p100 of all ${N}.`);
  suite.note("hdr-histogram-js has no batch call: its per-value rows time recordValue in a JS loop over a Float64Array (1e6 values per loop).");

  const wasmLoop = "(c) hdr-histogram-js WebAssembly recordValue, per value";
  suite.baseline(wasmLoop);

  const hMany = new LatencyHistogram({ highestTrackableNs: HOUR });
  suite.add({
    name: "(a) recordMany(BigInt64Array 1e7), per value",
    fn: () => { hMany.recordMany(big); return 0; },
    ops: N,
    target: { max: 4 },
    note: "one call: chunks of 8192 copied into the core's scratch region, one core loop each (counting loop, then a SIMD pass for the moments, per 256 values)",
  });
  const coreBig = new CoreArray(N);
  coreBig.view.set(big);
  suite.add({
    name: "(a0) recordMany(CoreArray view 1e7), per value",
    fn: () => { hMany.recordMany(coreBig.view); return 0; },
    ops: N,
    target: { max: 4 },
    note: "the values already in the core's memory (CoreArray): no copies",
  });
  suite.add({
    name: "(a) recordMany vs hdr-histogram-js WebAssembly (target ≤ 1/3)",
    fn: () => { hMany.recordMany(big); return 0; },
    ops: N,
    target: { maxRatio: 1 / 3, of: wasmLoop },
  });
  suite.add({
    name: "(a') recordMany(Float64Array 1e7), per value",
    fn: () => { hMany.recordMany(f64); return 0; },
    ops: N,
    target: { max: 4 },
    note: "values checked integral and in range in the core",
  });
  const hOne = new LatencyHistogram({ highestTrackableNs: HOUR });
  const M = 1_000_000;
  const bigM = big.subarray(0, M), f64M = f64.subarray(0, M);
  suite.add({
    name: "(b) record(bigint), per call in a loop over 1e6 values",
    fn: () => { for (let i = 0; i < M; i++) hOne.record(bigM[i]); return 0; },
    ops: M,
    target: { max: 15 },
    note: "the same loop shape as the hdr-histogram-js rows (c); record stages 1024 checked values per core call",
  });
  suite.add({
    name: "(b) record(bigint) loop vs hdr-histogram-js WebAssembly (target ≤ 1/3)",
    fn: () => { for (let i = 0; i < M; i++) hOne.record(bigM[i]); return 0; },
    ops: M,
    target: { maxRatio: 1 / 3, of: wasmLoop },
  });
  suite.add({
    name: "(b') record(number), per call in a loop over 1e6 values",
    fn: () => { for (let i = 0; i < M; i++) hOne.record(f64M[i]); return 0; },
    ops: M,
    target: { max: 15 },
  });
  suite.add({
    name: "(b1) record(bigint) per call through the harness (diagnostic)",
    setup: () => { let i = 0; return () => hOne.record(poolBig[(i = (i + 1) & MASK)]); },
    note: "one harness call per record: adds the harness's closure call and pool indexing (~2–5 ns)",
  });
  suite.add({
    name: wasmLoop,
    fn: () => { for (let i = 0; i < M; i++) wasm.recordValue(f64M[i]); return 0; },
    ops: M,
  });
  suite.add({
    name: "(c) hdr-histogram-js JS recordValue, per value",
    fn: () => { for (let i = 0; i < M; i++) js.recordValue(f64M[i]); return 0; },
    ops: M,
  });
  suite.add({
    name: "(c) hdr-histogram-js WebAssembly recordValue, single call",
    setup: () => { let i = 0; return () => wasm.recordValue(poolNum[(i = (i + 1) & MASK)]); },
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
      const mem = c.memory.buffer.byteLength, top = c.heapTop();
      for (let k = 0; k < 10; k++) h.recordMany(big);
      for (let i = 0; i < N; i++) h.record(big[i]);
      const grown = c.memory.buffer.byteLength - mem + (c.heapTop() - top);
      if (h.count !== BigInt(12 * N)) throw new Error("bench/jitter: memory row lost values");
      h.dispose();
      return grown;
    },
    unit: "bytes",
    target: { max: 0 },
    note: "linear memory size plus allocator top, before and after 1.2e8 records into one histogram",
  });
}
