import { LatencyHistogram, parseIntervalLog } from "../dist/mod.js";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
const f = "/tmp/bjit-log20k.txt";
if (!existsSync(f)) {
  let x = 12345; const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  const hs = [];
  for (let k = 0; k < 50; k++) { const h = new LatencyHistogram({ highestTrackableNs: 3_600_000_000_000n }); for (let i = 0; i < 1000; i++) h.record(BigInt(Math.floor(10 ** (2 + 6 * rnd())))); hs.push(h.encode()); }
  const lines = ["#[StartTime: 1700000000.000 (seconds since epoch), x]", '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"'];
  for (let i = 0; i < 20000; i++) lines.push(`${i}.000,1.000,100.000,${hs[i % 50]}`);
  writeFileSync(f, lines.join("\n") + "\n");
}
const all = readFileSync(f, "utf8").split("\n");
for (const n of [1000, 5000, 20000]) {
  const t = all.slice(0, n + 2).join("\n");
  const t0 = performance.now(); const log = parseIntervalLog(t); const dt = performance.now() - t0;
  console.log(n, "lines", (t.length / 1e6).toFixed(1), "MB", dt.toFixed(0), "ms", (dt / n * 1000).toFixed(0), "µs/line", log.entries.length);
}
