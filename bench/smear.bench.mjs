// Leap-smear benchmarks: SmearedClock.sample over 1e6 points (linear models) against a native C++
// build of the same algorithm, fromTai per call, and t-a-i. Run through bench/run.mjs
// (`npm run bench`, `node bench/run.mjs smear`).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import tai from "t-a-i";
import { CoreArray, LeapTable, SmearedClock } from "../build/tsc/mod.js";
import { core } from "../build/tsc/core/loader.js";
import { SMEAR_HEADER_BYTES, SMEAR_ROW_BYTES } from "../build/tsc/core/exports.js";
import { emptyWasm } from "./empty-wasm.mjs";
import { clockWindowsAddress } from "../build/tsc/smear/clock.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const N = 1_000_000;
const POOL = 1 << 16;
const MASK = POOL - 1;
const S = 1_000_000_000n;
const DAY = 86_400n * S;
const L2017 = 1_483_228_800n * S + 36n * S; // TAI of 2016-12-31T23:59:60
const FROM = L2017 - DAY, TO = L2017 + DAY; // ±1 day: the google window and a half day either side

function sumU64(a) {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += a[i];
  return BigInt.asUintN(64, s);
}

/** BigInt reference of a linear window read from its public description. */
function refLinear(w, t, off0, off1) {
  if (t < w.startTaiNs) return t - off0;
  if (t >= w.endTaiNs) return t - off1;
  const span = w.endTaiNs - w.startTaiNs;
  return w.startTaiNs - off0 + ((t - w.startTaiNs) * (span - w.deltaNs)) / span;
}

function buildNative() {
  const exe = join(here, "native", "bin", "smear");
  mkdirSync(dirname(exe), { recursive: true });
  try {
    execFileSync("g++", ["--version"], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`bench/smear: g++ is required for the native baseline (${e.code ?? e.message})`);
  }
  execFileSync("g++", ["-O2", "-std=c++17", "-o", exe, join(here, "native", "smear.cpp")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return exe;
}

export default async function smear(suite) {
  const table = LeapTable.builtin();
  const c = core();
  const clocks = Object.fromEntries(
    ["google", "meta", "ntpsec", "chrony", "ntpd", "stall", "step"].map((m) => [m, new SmearedClock(m, table)]),
  );
  const google = clocks.google;

  // ---- correctness before speed ----
  const samples = google.sample(FROM, TO, N);
  const w = google.windows().find((x) => x.leapTaiNs === L2017);
  for (let i = 0; i < N; i += 997) {
    const t = FROM + ((TO - FROM) * BigInt(i)) / BigInt(N - 1);
    const want = refLinear(w, t, 36n * S, 37n * S);
    if (samples[i] !== want) throw new Error(`bench/smear: google sample[${i}] = ${samples[i]}, reference ${want}`);
  }
  const pool = Array.from({ length: POOL }, (_, i) => FROM + ((TO - FROM) * BigInt(i * 7919 % POOL)) / BigInt(POOL));
  for (let i = 0; i < POOL; i += 61) {
    if (
      google.fromTai(pool[i]) !== samples[0] + 0n * 0n &&
      google.fromTai(pool[i]) !== refLinear(w, pool[i], 36n * S, 37n * S)
    ) {
      throw new Error(`bench/smear: fromTai disagrees with the reference at ${pool[i]}`);
    }
  }
  // t-a-i 2.1.1 (the version installed and the newest in the registry) has no SMEAR model; its
  // closest converter is oneToOne.atomicToUnix (TAI ms → Unix ms, stalling through an inserted
  // second), i.e. clockmath's "stall" model at millisecond resolution.
  const poolMs = pool.map((t) => Number(t / 1_000_000n));
  let taiAgree = 0;
  for (let i = 0; i < POOL; i += 17) {
    const a = tai.oneToOne.atomicToUnix(poolMs[i]);
    const b = clocks.stall.fromTai(BigInt(poolMs[i]) * 1_000_000n);
    if (BigInt(a) * 1_000_000n === b) taiAgree++;
  }

  const native = "(e) native C++ sample, google (g++ -O2)";
  suite.baseline(native);
  suite.note(
    `sample: ${N} evenly spaced TAI instants over ±1 day around 2016-12-31T23:59:60 (half inside the google window); checked against a BigInt reference every 997th point.`,
  );
  suite.note(
    "t-a-i 2.1.1 has no smear converter; row (c) times its oneToOne.atomicToUnix (stall, ms numbers), " +
      `which matched clockmath's "stall" model on ${taiAgree}/${Math.ceil(POOL / 17)} checked instants.`,
  );

  // per-call rows first: the 8 MB arrays of the sample rows leave garbage that skews them
  suite.add({
    name: "(b) fromTai(t) google per call",
    setup: () => {
      let i = 0;
      return () => google.fromTai(pool[i = (i + 1) & MASK]);
    },
    target: { max: 30 },
  });
  const taiRow = "(c) t-a-i oneToOne.atomicToUnix(ms) per call";
  suite.add({
    name: "(b') fromTai(t) stall per call (vs t-a-i: target ≤ 1/50)",
    setup: () => {
      let i = 0;
      return () => clocks.stall.fromTai(pool[i = (i + 1) & MASK]);
    },
    target: { maxRatio: 0.02, of: taiRow },
    note:
      "the same conversion t-a-i's oneToOne.atomicToUnix does (stall through an inserted second), in ns instead of ms",
  });
  suite.add({
    name: "(b0) empty wasm export (i64) -> i64: the JS/wasm call floor",
    setup: () => {
      const empty = emptyWasm();
      let i = 0;
      return () => empty.id64(pool[i = (i + 1) & MASK]);
    },
    note:
      "diagnostic: an export that only returns its argument (bench/empty-wasm.mjs): BigInt→i64 in, a new BigInt out, nothing of clockmath; the per-call rows cannot go below it (bench/boundary-floor.mjs splits it, in Node and Deno)",
  });
  suite.add({
    name: "(b2) fromTai(t) alternating google / meta per call",
    setup: () => {
      let i = 0;
      return () => ((i = (i + 1) & MASK) & 1 ? google : clocks.meta).fromTai(pool[i]);
    },
    target: { max: 25 },
    note:
      "two clocks used in turn: each passes its own window block by address, nothing is re-uploaded (it was, on every switch)",
  });
  suite.add({
    name: taiRow,
    setup: () => {
      let i = 0;
      return () => tai.oneToOne.atomicToUnix(poolMs[i = (i + 1) & MASK]);
    },
  });
  for (const m of ["google", "meta", "ntpsec"]) {
    suite.add({
      name: `(a) sample(1e6) ${m}`,
      fn: () => clocks[m].sample(FROM, TO, N),
      ops: N,
      target: m === "google" || m === "meta" ? { max: 8 } : undefined,
      note: "ns per point: range checks, one core call, copy out into a new BigInt64Array",
    });
  }
  suite.add({
    name: "(a2) environment: new BigInt64Array(1e6) + fill, per element",
    fn: () => new BigInt64Array(N).fill(1n)[N - 1],
    ops: N,
    note:
      "diagnostic: the allocation every (a) row makes, alone; when this row is slow the machine's first-touch page faults are (a VM whose freed pages go back to the host pays them on every new 8 MB array)",
  });
  suite.add({
    name: "(a) sample(1e6) chrony (exact quadratic, diagnostic)",
    fn: () => clocks.chrony.sample(FROM, TO, N),
    ops: N,
  });
  suite.add({
    name: "(a) sample(1e6) ntpd (f64 cosine, diagnostic)",
    fn: () => clocks.ntpd.sample(FROM, TO, N),
    ops: N,
  });
  suite.add({
    name: "(a1) google: core loop only, no copy",
    setup: () => {
      const out = new CoreArray(N);
      const tab = clockWindowsAddress(google);
      return () => {
        c.smearSample(tab, FROM, TO, N, out.view.byteOffset);
        return 0;
      };
    },
    ops: N,
    note: "diagnostic: c.smearSample into wasm memory",
  });
  // toTai: the readings of the pool's instants (one-to-one for google; for step, overrun and stall
  // the pool's few readings inside a repeated second take the ambiguous path, with pick)
  for (const m of ["google", "meta", "ntpsec", "chrony", "ntpd", "step", "stall"]) {
    const clk = clocks[m];
    const rs = pool.slice(0, 1024).map((t) => clk.fromTai(t));
    for (let i = 0; i < 1024; i += 37) {
      const back = clk.toTai(rs[i], { pick: "earliest" });
      if (clk.fromTai(back) !== rs[i]) {
        throw new Error(`bench/smear: ${m} toTai(${rs[i]}) = ${back} reads ${clk.fromTai(back)}`);
      }
    }
    const opts = { pick: "earliest" };
    suite.add({
      name: m === "google"
        ? "(d) toTai(r) google per call (exact inverse, closed form)"
        : `(d) toTai(r, { pick }) ${m} per call (diagnostic)`,
      setup: () => {
        let i = 0;
        return m === "google" ? () => clk.toTai(rs[i = (i + 1) & 1023]) : () => clk.toTai(rs[i = (i + 1) & 1023], opts);
      },
      target: m === "google" ? { max: 60 } : undefined,
      note: m === "google"
        ? "one core call (smearToTai): the stretch picked by comparisons near the window found last, a gap's or linear window's inverse from an f64 estimate and its exact remainder; was ~4 855 ns by bisection from the shell"
        : undefined,
    });
  }
  suite.add({
    name: "(d1) google: core smearToTai only, no shell",
    setup: () => {
      const rs = pool.slice(0, 1024).map((t) => google.fromTai(t));
      const tab = clockWindowsAddress(google);
      let i = 0;
      return () => c.smearToTai(tab, rs[i = (i + 1) & 1023], 0);
    },
    note: "diagnostic: the core call alone (BigInt → i64 in, i64 → BigInt out)",
  });
  suite.add({
    name: "(b1) google: core smearFromTai only, no shell",
    setup: () => {
      const tab = clockWindowsAddress(google);
      let i = 0;
      return () => c.smearFromTai(tab, pool[i = (i + 1) & MASK]);
    },
    note: "diagnostic: what (b) costs without the shell's range check and private-field reads",
  });

  let exe, input;
  suite.external({
    name: native,
    run: (k) => {
      if (!exe) {
        exe = buildNative();
        input = join(here, "native", "bin", "smear-input.bin");
        const n = google.windows().length;
        const w = SMEAR_ROW_BYTES / 8;
        const words = new BigInt64Array(c.memory.buffer, clockWindowsAddress(google) + SMEAR_HEADER_BYTES, n * w);
        const rows = new BigInt64Array(n * 8);
        for (let j = 0; j < n; j++) rows.set(words.subarray(j * w, j * w + 8), j * 8);
        const base = table.leaps.find((l) => l.driftNsPerDay === undefined).taiMinusUtcNs;
        const head = new BigInt64Array([BigInt(n), base, FROM, TO, BigInt(N)]);
        writeFileSync(input, Buffer.concat([Buffer.from(head.buffer), Buffer.from(rows.buffer)]));
      }
      const out = execFileSync(exe, [input, String(k), String(suite.minSampleNs / 1e6)], { encoding: "utf8" });
      const res = JSON.parse(out.trim().split("\n").pop());
      const want = sumU64(samples);
      if (BigInt(res.checksum) !== want) {
        throw new Error(`bench/smear: native checksum ${res.checksum} != wasm sample ${want}`);
      }
      return {
        samples: res.runs,
        info: `${exe.slice(root.length + 1)}: ${res.passes} passes of ${res.n}, checksum = wasm sample output`,
      };
    },
    note: "assembly/smear.ts smearSample (linear) in C++, same instants and windows",
  });
  suite.add({
    name: "(a) sample(1e6) google vs native",
    fn: () => google.sample(FROM, TO, N),
    ops: N,
    note: "a new 8 MB result array per call, as (a)",
  });
  const coreOut = new CoreArray(N);
  suite.add({
    name: "(a0) sample(1e6, { into: CoreArray }) google vs native",
    fn: () => google.sample(FROM, TO, N, { into: coreOut.view }),
    ops: N,
    target: { maxRatio: 1.3, of: native },
    note:
      "the public API's fast lane: the core writes the readings into the caller's CoreArray, no copy, no allocation",
  });
}
