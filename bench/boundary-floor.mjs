// The BigInt↔i64 boundary floor: what one call of an EMPTY WebAssembly export costs from JS when it
// takes and returns i64 (so V8 converts a BigInt to i64 on the way in and allocates a BigInt on
// the way out), next to an i32 export (no BigInt) and to clockmath's own per-call paths, in one
// process so the ratios hold on a noisy machine. Runs in Node and Deno:
//
//   npm run build && node bench/boundary-floor.mjs
//   npx deno run --allow-read bench/boundary-floor.mjs
//
// Prints one line per row: median ns per call over K samples, and the ratio to the i64 floor.
import { LeapTable, SmearedClock } from "../build/tsc/mod.js";
import { core } from "../build/tsc/core/loader.js";
import { clockWindowsAddress } from "../build/tsc/smear/clock.js";
import { emptyWasm } from "./empty-wasm.mjs";

const empty = emptyWasm();

const S = 1_000_000_000n, DAY = 86_400n * S;
const POOL = 1 << 12, MASK = POOL - 1;
const unixPool = Array.from(
  { length: POOL },
  (_, i) => 1_483_228_800n * S - DAY + (2n * DAY * BigInt((i * 7919) % POOL)) / BigInt(POOL),
);
const taiPool = unixPool.map((u) => u + 36n * S);
const table = LeapTable.builtin();
const google = new SmearedClock("google", table);
const readings = taiPool.map((t) => google.fromTai(t));
const c = core();
const smearTab = clockWindowsAddress(google);
const plain = LeapTable.fromLeaps(table.leaps.filter((l) => l.driftNsPerDay === undefined));

// CPU time of this process where the runtime reports it (Node, Deno 2): a loaded machine's other
// processes then do not count (each sample still includes this process's GC threads)
const cpu = typeof globalThis.process?.cpuUsage === "function";
const now = cpu
  ? () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  : typeof performance !== "undefined"
  ? () => performance.now()
  : () => Date.now();
// deno-lint-ignore no-unused-vars -- a sink: the measured results stay live, so V8 cannot drop the calls
let sinkV;
function measure(fn) {
  // one sample: enough calls for ≥ 20 ms
  let n = 1 << 14;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < n; i++) sinkV = fn(i & MASK);
    const ms = now() - t0;
    if (ms >= 20) return (ms * 1e6) / n;
    n *= 2;
  }
}
const rows = [
  ["empty wasm (i64) -> i64", (i) => empty.id64(unixPool[i])],
  ["empty wasm (i64) -> void", (i) => empty.sink64(unixPool[i])],
  ["empty wasm (i32) -> i32", (i) => empty.id32(i)],
  [
    "BigInt64Array store + load (JS only)",
    (() => {
      const w = new BigInt64Array(1);
      return (i) => {
        w[0] = unixPool[i];
        return w[0];
      };
    })(),
  ],
  ["api table.taiMinusUtc(u), a table without drift rows", (i) => plain.taiMinusUtc(unixPool[i])],
  ["api table.taiMinusUtc(u)", (i) => table.taiMinusUtc(unixPool[i])],
  ["core smearFromTai(tab, t)", (i) => c.smearFromTai(smearTab, taiPool[i])],
  ["api google.fromTai(t)", (i) => google.fromTai(taiPool[i])],
  ["core smearToTai(tab, r, 0)", (i) => c.smearToTai(smearTab, readings[i], 0)],
  ["api google.toTai(r)", (i) => google.toTai(readings[i])],
];
const K = Number(globalThis.process?.argv?.[2] ?? 11);
for (const [, fn] of rows) for (let i = 0; i < 3e5; i++) sinkV = fn(i & MASK); // warm up
const samples = rows.map(() => []);
for (let k = 0; k < K; k++) rows.forEach(([, fn], j) => samples[j].push(measure(fn))); // interleaved rounds
const med = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
const floor = med(samples[0]);
const engine = typeof Deno !== "undefined"
  ? `Deno ${Deno.version.deno}, V8 ${Deno.version.v8}`
  : `Node ${process.version}, V8 ${process.versions.v8}`;
console.log(
  `${engine}: median of ${K} interleaved samples (each >= 20 ms of ${
    cpu ? "process CPU time" : "wall time"
  }), ns per call; x = ratio to the empty (i64) -> i64 call`,
);
rows.forEach(([name], j) => {
  const m = med(samples[j]);
  console.log(`${name.padEnd(52)} ${m.toFixed(2).padStart(8)} ns   x${(m / floor).toFixed(2)}`);
});
