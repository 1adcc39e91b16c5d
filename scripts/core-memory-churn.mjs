// Creates objects that own core memory and drops them without dispose(), yielding to the event
// loop every few objects, and prints the core's memory as it goes: the check that undisposed
// objects are collected fast enough (issue 11: "1e5 histograms created without dispose while
// yielding to the event loop: no error, flat memory"). Needs `npm run build` (reads dist/).
//
//   node scripts/core-memory-churn.mjs [count=100000] [every=100] [kind=histogram|small|array]
//     [yield=immediate|timeout]
//
// Exit status 1 when an object could not be created. Try it under a small JS heap too
// (node --max-old-space-size=64 scripts/core-memory-churn.mjs).
import { CoreArray, coreMemory, LatencyHistogram } from "../build/tsc/mod.js";

const [count = 100_000, every = 100] = process.argv.slice(2, 4).map(Number);
const kind = process.argv[4] ?? "histogram";
const mode = process.argv[5] ?? "immediate";
const make = {
  histogram: () => new LatencyHistogram().record(1n), // ~530 KB of counts
  small: () => new LatencyHistogram({ highestTrackableNs: 2_000_000n }).record(1n), // ~197 KB
  array: () => {
    new CoreArray(65_536).view[0] = 1n;
  }, // 512 KB
}[kind];
if (make === undefined) throw new Error(`kind must be histogram, small or array, got ${kind}`);
const pause = mode === "timeout"
  ? () => new Promise((r) => setTimeout(r, 0))
  : () => new Promise((r) => setImmediate(r));
const mb = (b) => (b / 2 ** 20).toFixed(0);
let peakLive = 0, peakMemory = 0;
const started = performance.now();
for (let i = 1; i <= count; i++) {
  try {
    make();
  } catch (e) {
    console.log(`FAILED at ${i}: ${e.code}: ${e.message}`);
    process.exit(1);
  }
  if (i % every === 0) {
    await pause();
    const m = coreMemory();
    peakLive = Math.max(peakLive, m.liveBytes);
    peakMemory = Math.max(peakMemory, m.memoryBytes);
  }
  if (i % (count / 10) === 0) {
    const m = coreMemory();
    console.log(
      `${i}: live ${mb(m.liveBytes)} MB, linear memory ${mb(m.memoryBytes)} MB, rss ${
        mb(process.memoryUsage().rss)
      } MB`,
    );
  }
}
console.log(
  `${count} ${kind} objects, a ${mode} yield every ${every}: peak live ${mb(peakLive)} MB, peak linear memory ${
    mb(peakMemory)
  } MB, ` +
    `limit ${mb(coreMemory().limitBytes)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
