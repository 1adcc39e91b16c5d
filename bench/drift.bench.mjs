// Drift benchmarks, the three figures in one process: allanDeviation at octave taus over
// 1e6 phase points (oadev, mdev: target ≤ 60 ms each), estimateDrift on 64 samples (≤ 5 µs, issue 12), and
// log parsing (≥ 50 MB/s, i.e. ≤ 20 ms per MB), plus a native C++ build of the same OADEV / MDEV
// sums. Run through bench/run.mjs (`npm run bench -- drift`).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { allanDeviation, estimateDrift, parseDriftLog } from "../build/tsc/mod.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const N = 1_000_000;
const TAU0 = 1_000_000_000n;

/** Deterministic phase (ns): white PM + random-walk FM + a frequency offset (Park–Miller LCG). */
function phase(n) {
  let s = 987654321;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const x = new Float64Array(n);
  let y = 12.5, acc = 0;
  for (let i = 0; i < n; i++) {
    y += 0.01 * g();
    acc += y;
    x[i] = acc + 20 * g();
  }
  return x;
}

/** About `mb` MB of ntpd peerstats: the sample lines on consecutive days. */
function bigPeerstats(mb) {
  const lines = readFileSync(join(root, "test/data/drift/peerstats"), "utf8").split("\n").filter(Boolean);
  const parts = [];
  let bytes = 0, k = 0;
  while (bytes < mb * 1e6) {
    const l = lines[k % lines.length].replace(/^(\d+)/, (d) => String(+d + Math.floor(k / lines.length)));
    parts.push(l + "\n");
    bytes += l.length + 1;
    k++;
  }
  return parts.join("");
}

/** A measurements.log of about `mb` MB: the sample file's data lines, re-dated, banner every 32 lines. */
function bigLog(mb) {
  const sample = readFileSync(join(root, "test/data/drift/measurements.log"), "utf8").split("\n");
  const head = sample.slice(0, 3).join("\n") + "\n";
  const data = sample.filter((l) => /^\d{4}-/.test(l));
  const parts = [];
  let bytes = 0, k = 0, day = 0;
  while (bytes < mb * 1e6) {
    if (k % 32 === 0) {
      parts.push(head);
      bytes += head.length;
    }
    const l = data[k % data.length].replace(
      /^2026-11-(\d\d)/,
      (_, d) => `2026-${String(1 + (day % 12)).padStart(2, "0")}-${d}`,
    );
    parts.push(l + "\n");
    bytes += l.length + 1;
    k++;
    if (k % data.length === 0) day++;
  }
  return parts.join("");
}

/** The peerstats text with a bad line (a status that is not hex) after every good one. */
function halfBadPeerstats(text) {
  return text.split("\n").filter(Boolean).map((l) => `${l}\n${l.replace(" 9614 ", " zz ")}\n`).join("");
}

/** Heap bytes still held, after a full gc, by what `make` returns (kept alive until measured). */
function heapHeldBy(make) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error("unreachable");
  return after - before;
}

function buildNative() {
  const exe = join(here, "native", "bin", "allan");
  mkdirSync(dirname(exe), { recursive: true });
  execFileSync("g++", ["-O2", "-std=c++17", "-o", exe, join(here, "native", "allan.cpp")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return exe;
}

export default async function drift(suite) {
  const x = phase(N);
  // ---- correctness before speed: the 1e6-point curves against a plain O(N) float reference ----
  const oct = (k) => allanDeviation(x, { tau0Ns: TAU0, kind: k, taus: "octave" });
  const o = oct("oadev"), m = oct("mdev");
  const refO = (mm) => {
    let s = 0;
    for (let i = 0; i + 2 * mm < N; i++) {
      const d = x[i + 2 * mm] - 2 * x[i + mm] + x[i];
      s += d * d;
    }
    const t = mm * 1e9;
    return Math.sqrt(s / (2 * (N - 2 * mm) * t * t));
  };
  for (const p of o.filter((_, i) => i % 4 === 0)) {
    const mm = Number(p.tauNs / TAU0), r = refO(mm);
    if (Math.abs(p.deviation - r) > 1e-9 * r) {
      throw new Error(`bench/drift: oadev(${mm}) = ${p.deviation}, reference ${r}`);
    }
  }
  const samples = Array.from({ length: 64 }, (_, i) => ({
    readingNs: 1_795_212_197_000_000_000n + BigInt(i) * 64_000_000_000n + BigInt((i * 7919) % 1000) * 1_000_000n,
    offsetNs: BigInt(Math.round(800 * i + 3000 * Math.sin(i * 1.7))),
    delayNs: 22_000_000n + BigInt((i * 104729) % 3_000_000),
  }));
  const log = bigLog(8);
  const mbytes = log.length / 1e6;
  const parsed = parseDriftLog(log);
  const peer = bigPeerstats(4);
  const peerParsed = parseDriftLog(peer);
  if (peerParsed.format !== "ntpd-peerstats" || peerParsed.samples.length !== peerParsed.records.length) {
    throw new Error("bench/drift: peerstats log");
  }
  if (parsed.badLines.length || parsed.records.length < 50_000) {
    throw new Error(`bench/drift: the big log parsed to ${parsed.records.length} records`);
  }

  const native = "(n) native C++ oadev octave, 1e6 points (g++ -O2)";
  suite.baseline(native);
  suite.note(
    `phase: ${N} points, white PM + random-walk FM + 12.5 ppm; octave taus 1..2^18 (${o.length} oadev, ${m.length} mdev); oadev checked against a plain float sum every 4th tau.`,
  );
  suite.note(
    `logs: chrony measurements.log, ${
      mbytes.toFixed(2)
    } MB, ${parsed.records.length} records with banners every 32 lines; ntpd peerstats, ${
      (peer.length / 1e6).toFixed(2)
    } MB, ${peerParsed.records.length} records; MB/s = 1000 / (ms per MB).`,
  );

  suite.add({
    name: "(a) allanDeviation oadev, octave, 1e6 points",
    fn: () => allanDeviation(x, { tau0Ns: TAU0, kind: "oadev", taus: "octave" }),
    unit: "ms/op",
    scale: 1e6,
    target: { max: 60 },
    note: "copy into wasm memory, finite check, 19 taus in the core",
  });
  suite.add({
    name: "(a) allanDeviation mdev, octave, 1e6 points",
    fn: () => allanDeviation(x, { tau0Ns: TAU0, kind: "mdev", taus: "octave" }),
    unit: "ms/op",
    scale: 1e6,
    target: { max: 60 },
  });
  suite.add({
    name: "(a') allanDeviation adev, octave (diagnostic)",
    fn: () => allanDeviation(x, { tau0Ns: TAU0, kind: "adev", taus: "octave" }),
    unit: "ms/op",
    scale: 1e6,
  });
  suite.add({
    name: "(a') allanDeviation ohdev, octave (diagnostic)",
    fn: () => allanDeviation(x, { tau0Ns: TAU0, kind: "ohdev", taus: "octave" }),
    unit: "ms/op",
    scale: 1e6,
  });
  suite.add({
    name: "(b) estimateDrift, 64 samples with delays",
    fn: () => estimateDrift(samples),
    target: { max: 5_000 },
    note:
      "ns per call: input checks, weights from delays, the runs-test loop in the core (13.5 µs before issue 12: BigInt → Number conversions at ~20 ns each, per-sample bigint range checks, divisions and an insertion sort in the core)",
  });
  suite.add({
    name: "(b') estimateDrift, 64 samples, no weights (diagnostic)",
    setup: () => {
      const s = samples.map(({ readingNs, offsetNs }) => ({ readingNs, offsetNs }));
      return () => estimateDrift(s);
    },
  });
  suite.add({
    name: "(c) parseDriftLog, chrony measurements",
    fn: () => parseDriftLog(log),
    ops: mbytes,
    unit: "ms/MB",
    scale: 1e6,
    target: { max: 20 },
  });
  suite.add({
    name: "(c) parseDriftLog, ntpd peerstats",
    fn: () => parseDriftLog(peer),
    ops: peer.length / 1e6,
    unit: "ms/MB",
    scale: 1e6,
    target: { max: 20 },
    note: "shorter lines (≈ 80 B): more records, more bigints per MB",
  });
  // issue 11 (finding 9): strict: false keeps MAX_KEPT_BAD_LINES bad lines and counts the rest
  const halfBad = halfBadPeerstats(peer);
  const lax = parseDriftLog(halfBad, { strict: false });
  if (lax.badLineCount !== lax.records.length || lax.badLines.length !== 100) {
    throw new Error(`bench/drift: half-bad log: ${lax.records.length} records, ${lax.badLineCount} bad`);
  }
  suite.add({
    name: "(c') parseDriftLog, ntpd peerstats, every other line bad, strict: false",
    fn: () => parseDriftLog(halfBad, { strict: false }),
    ops: halfBad.length / 1e6,
    unit: "ms/MB",
    scale: 1e6,
    note: `${lax.badLineCount} bad lines: 100 kept, the rest counted`,
  });
  suite.metric({
    name: "(c'') heap held by the result of 1e6 bad lines, strict: false",
    measure: () =>
      heapHeldBy(() => parseDriftLog("61364 79397.000 192.0.2.10 zz\n".repeat(1_000_000), { strict: false })),
    unit: "bytes",
    target: { max: 1_000_000 },
    note:
      "heapUsed after gc, with the result alive, minus before (the 30 MB text freed); one frozen { line, message, text } per bad line held ~200 MB before",
  });

  // One native run times both kinds; each row takes its samples from a queue the runs refill.
  let exe, input;
  const queued = { oadev: [], mdev: [] };
  const nativeRow = (kind) => ({
    run: (k) => {
      if (!exe) {
        exe = buildNative();
        input = join(here, "native", "bin", "allan-phase.bin");
        writeFileSync(input, Buffer.from(x.buffer));
      }
      while (queued[kind].length < k) {
        const res = JSON.parse(
          execFileSync(exe, [input, "1e9", String(k), String(suite.minSampleNs / 1e6)], { encoding: "utf8" }).trim(),
        );
        for (const [name, ours] of [["oadev", o], ["mdev", m]]) {
          res[name].devs.forEach((d, i) => {
            if (Math.abs(d - ours[i].deviation) > 1e-9 * d) {
              throw new Error(`bench/drift: native ${name}[${i}] = ${d}, wasm ${ours[i].deviation}`);
            }
          });
          queued[name].push(...res[name].runs.map((v) => v / 1e6));
        }
      }
      return {
        samples: queued[kind].splice(0, k),
        info: `${exe.slice(root.length + 1)}: deviations agree with the wasm core to 1e-9`,
      };
    },
  });
  suite.external({ name: native, unit: "ms/op", ...nativeRow("oadev") });
  suite.external({ name: "(n) native C++ mdev octave, 1e6 points (g++ -O2)", unit: "ms/op", ...nativeRow("mdev") });
}
