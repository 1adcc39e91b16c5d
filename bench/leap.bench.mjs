// Leap table benchmarks: the public per-call API, a plain BigInt reference, t-a-i, the batch API
// against a native C++ build of the same algorithm, core compile + instantiate time, wasm size.
// Run through bench/run.mjs (`npm run bench`, `node bench/run.mjs leap`).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import tai from "t-a-i";
import { CoreArray, LeapTable, MAX_UNIX_NS, MIN_UNIX_NS } from "../build/tsc/mod.js";
import { core } from "../build/tsc/core/loader.js";
import { LEAP_HEADER_BYTES, LEAP_ROW_BYTES } from "../build/tsc/core/exports.js";
import { retainLeapRows } from "../build/tsc/leap/table.js";
import { floorDiv, REF_ROWS, refTaiMinusUtc } from "../test/reference/leap-bigint.mjs";
import { emptyWasm } from "./empty-wasm.mjs";
import { seededRandom } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const N = 1_000_000; // instants of the batch / native cases
const POOL = 1 << 16; // per-call cases cycle through the first 65 536 of them
const MASK = POOL - 1;
const RECENT_SHARE = 0.9;

const S = 1_000_000_000n;
const T1961 = -283_996_800; // 1961-01-01, first row
const T2017 = 1_483_228_800; // 2017-01-01, last row (fast path)
const T2026 = 1_782_864_000; // 2026-07-01

/** Deterministic instants: 90 % in [2017-01-01, 2026-07-01) (the last row), 10 % in [1961, 2017). */
export function makeInstants(n, seed = 0x5eed1ea9) {
  const rand = seededRandom(seed);
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const recent = rand() < RECENT_SHARE;
    const [lo, hi] = recent ? [T2017, T2026] : [T1961, T2017];
    const sec = lo + Math.floor(rand() * (hi - lo));
    out[i] = BigInt(sec) * S + BigInt(Math.floor(rand() * 1e9));
  }
  return out;
}

/** A table's rows (start, offset, root, rate) as its block in the core holds them. */
function coreRows(ptr, n) {
  const c = core();
  const w = LEAP_ROW_BYTES / 8;
  const words = new BigInt64Array(c.memory.buffer, ptr + LEAP_HEADER_BYTES, n * w);
  const rows = [];
  for (let j = 0; j < n; j++) {
    rows.push({ start: words[j * w], offset: words[j * w + 1], root: words[j * w + 2], rate: words[j * w + 3] });
  }
  return rows;
}

function sumU64(a) {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += a[i];
  return BigInt.asUintN(64, s);
}

function buildNative() {
  const src = join(here, "native", "leap.cpp");
  const binDir = join(here, "native", "bin");
  const exe = join(binDir, "leap");
  mkdirSync(binDir, { recursive: true });
  try {
    execFileSync("g++", ["--version"], { stdio: "pipe" });
  } catch (e) {
    throw new Error(
      `bench/leap: g++ is required for the native baseline and was not found or failed to run (${
        e.code ?? e.message
      }). Install g++; this bench does not skip it.`,
    );
  }
  execFileSync("g++", ["-O2", "-std=c++17", "-o", exe, src], { stdio: ["ignore", "inherit", "inherit"] });
  return exe;
}

/** A core.wasm copy with a 4-byte custom section that each call rewrites: bytes V8 has not seen. */
function uniqueWasm(bytes) {
  const name = [0x62, 0x6e]; // "bn"
  const payload = 1 + name.length + 4;
  const extra = [0x00, payload, name.length, ...name, 0, 0, 0, 0];
  const buf = new Uint8Array(bytes.length + extra.length);
  buf.set(bytes);
  buf.set(extra, bytes.length);
  const at = buf.length - 4;
  const view = new DataView(buf.buffer);
  let k = (Date.now() & 0x7fffffff) >>> 0;
  return () => {
    view.setUint32(at, k++, true);
    return buf;
  };
}

export default async function leap(suite) {
  const table = LeapTable.builtin();
  const c = core();
  const instants = makeInstants(N);
  const pool = Array.from(instants.subarray(0, POOL));
  const poolMs = pool.map((u) => Number(floorDiv(u, 1_000_000n)));
  const tab = retainLeapRows(table).ptr; // the built-in table's block (never freed)
  const rows = coreRows(tab, table.leaps.length);
  // a second table with the same rows in its own block, for the alternating row
  const twin = LeapTable.fromLeaps(table.leaps.filter((l) => l.driftNsPerDay === undefined));

  // ---- correctness before speed: every case must compute the same thing ----
  if (
    rows.length !== REF_ROWS.length ||
    rows.some((r, j) =>
      r.start !== REF_ROWS[j].start || r.offset !== REF_ROWS[j].offset || r.root !== REF_ROWS[j].root ||
      r.rate !== REF_ROWS[j].rate
    )
  ) {
    throw new Error("bench/leap: the reference table differs from the core's built-in rows");
  }
  const batchOut = table.taiMinusUtcMany(instants);
  for (let i = 0; i < N; i++) {
    const want = refTaiMinusUtc(instants[i]);
    if (batchOut[i] !== want) {
      throw new Error(`bench/leap: batch[${i}] = ${batchOut[i]} but the reference gives ${want} at ${instants[i]}`);
    }
    if (i < POOL && table.taiMinusUtc(pool[i]) !== want) {
      throw new Error(`bench/leap: per-call disagrees at ${pool[i]}`);
    }
  }
  let taiAgree = 0;
  for (let i = 0; i < POOL; i++) {
    const ms = poolMs[i];
    let a;
    try {
      a = tai.oneToOne.unixToAtomic(ms);
    } catch (e) {
      throw new Error(`bench/leap: t-a-i throws at ${ms} ms (${e.message}); pick other instants`);
    }
    const u = BigInt(ms) * 1_000_000n;
    if (BigInt(a) === floorDiv(u + table.taiMinusUtc(u), 1_000_000n)) taiAgree++;
  }
  const batchSum = sumU64(batchOut);

  // ---- rows ----
  const native = "(e) native C++ batch loop (g++ -O2)";
  const nativeChecked = "(e0) native C++ batch form: range check + loop per 8192 (g++ -O2)";
  suite.baseline(native);
  suite.note(
    `instants: ${N} Unix ns, ${RECENT_SHARE * 100}% in 2017-01-01..2026-07-01 (last row: fast path), ` +
      "the rest 1961..2017 (binary search, 1961–1971 rows divide); seed fixed.",
  );
  suite.note(
    `per-call cases cycle through the first ${POOL} of them (pre-made values, so no BigInt allocation in the loop).`,
  );
  suite.note(
    "all cases checked equal before timing: batch and per-call vs the BigInt reference on every instant; native checksum vs the batch output.",
  );
  suite.note(
    `t-a-i works in Unix/TAI milliseconds (JS numbers), not ns: its instants are floor(u / 1e6); it agreed with clockmath floored to ms on ${taiAgree}/${POOL}.`,
  );

  suite.add({
    name: "(a) api LeapTable.builtin().taiMinusUtc(u)",
    setup: () => {
      let i = 0;
      return () => table.taiMinusUtc(pool[i = (i + 1) & MASK]);
    },
    target: { max: 30 },
    note: "public API per call: range check in the shell, BigInt→i64 in, i64→BigInt out",
  });
  suite.add({
    name: "(a0) empty wasm export (i64) -> i64: the JS/wasm call floor",
    setup: () => {
      const empty = emptyWasm();
      let i = 0;
      return () => empty.id64(pool[i = (i + 1) & MASK]);
    },
    note:
      "diagnostic: an export that only returns its argument (bench/empty-wasm.mjs): BigInt→i64 in, a new BigInt out, nothing of clockmath; the per-call rows cannot go below it (bench/boundary-floor.mjs splits it, in Node and Deno)",
  });
  suite.add({
    name: "(a') core export taiMinusUtc(u), no shell",
    setup: () => {
      let i = 0;
      return () => c.taiMinusUtc(tab, pool[i = (i + 1) & MASK]);
    },
    note: "diagnostic: the raw wasm export, same instants, the table's block passed by address",
  });
  suite.add({
    name: "(a2) api taiMinusUtc(u) alternating between two tables",
    setup: () => {
      let i = 0;
      return () =>
        ((i = (i + 1) & MASK) & 1 ? table : twin).taiMinusUtc(
          pool[i] < twin.validFromUnixNs ? twin.validFromUnixNs : pool[i],
        );
    },
    target: { max: 30 },
    note:
      "each table owns its block and passes it by address: nothing is re-uploaded when they alternate (instants before 1972 clamped to the twin's first row)",
  });
  suite.add({
    name: "(b) BigInt reference (test/reference/leap-bigint.mjs)",
    setup: () => {
      let i = 0;
      return () => refTaiMinusUtc(pool[i = (i + 1) & MASK]);
    },
  });
  suite.add({
    name: "(c) t-a-i oneToOne.unixToAtomic(ms)",
    setup: () => {
      let i = 0;
      return () => tai.oneToOne.unixToAtomic(poolMs[i = (i + 1) & MASK]);
    },
    note: "unit difference: takes and returns millisecond numbers (TAI ms, not TAI−UTC ns)",
  });
  const coreIn = new CoreArray(N), coreOut = new CoreArray(N);
  coreIn.view.set(instants);
  if (!table.taiMinusUtcMany(coreIn.view, { into: coreOut.view }).every((v, i) => v === batchOut[i])) {
    throw new Error("bench/leap: the CoreArray batch differs from the plain batch");
  }
  suite.add({
    name: "(d) batch taiMinusUtcMany(1e6), CoreArray in and out",
    fn: () => table.taiMinusUtcMany(coreIn.view, { into: coreOut.view }),
    ops: N,
    target: { maxRatio: 1.3, of: nativeChecked },
    note:
      "ns per instant, the public API's fast lane: input and output already in the core's memory; per 8192-instant chunk the core's SIMD range check, then its lookup loop",
  });
  const into = new BigInt64Array(N);
  suite.add({
    name: "(d') batch taiMinusUtcMany(1e6, { into }), plain arrays",
    fn: () => table.taiMinusUtcMany(instants, { into }),
    ops: N,
    note: "ordinary BigInt64Arrays: 8192-instant chunks through the scratch buffer (copy in, loop, copy out)",
  });
  suite.add({
    name: "(d'') batch taiMinusUtcMany(1e6), new output array",
    fn: () => table.taiMinusUtcMany(instants),
    ops: N,
    note: "as (d') plus allocating (and zeroing) the 8 MB result",
  });
  suite.add({
    name: "(d1) batch: core lookup loop only",
    fn: () => {
      c.taiMinusUtcBatch(tab, coreIn.view.byteOffset, coreOut.view.byteOffset, N);
      return 0;
    },
    ops: N,
    note: "diagnostic: c.taiMinusUtcBatch on the CoreArray instants of (d), no range check",
  });
  suite.add({
    name: "(d2) batch: core range check only (SIMD)",
    fn: () => c.outsideRange(coreIn.view.byteOffset, N, MIN_UNIX_NS, MAX_UNIX_NS),
    ops: N,
    note: "diagnostic: c.outsideRange over the same instants",
  });

  let nativeExe, nativeInput;
  const runNative = (variant, k) => {
    if (!nativeExe) {
      nativeExe = buildNative();
      nativeInput = join(here, "native", "bin", "leap-instants.bin");
      const head = new BigInt64Array([BigInt(rows.length), BigInt(N)]);
      const words = new BigInt64Array(rows.length * 4);
      rows.forEach((r, j) => words.set([r.start, r.offset, r.root, r.rate], j * 4));
      writeFileSync(
        nativeInput,
        Buffer.concat([
          Buffer.from(head.buffer),
          Buffer.from(words.buffer),
          Buffer.from(instants.buffer, instants.byteOffset, instants.byteLength),
        ]),
      );
    }
    const out = execFileSync(nativeExe, [
      nativeInput,
      String(k),
      String(suite.minSampleNs / 1e6),
      variant,
      String(MAX_UNIX_NS),
    ], { encoding: "utf8" });
    const res = JSON.parse(out.trim().split("\n").pop());
    if (BigInt(res.checksum) !== batchSum) {
      throw new Error(
        `bench/leap: native ${variant} checksum ${res.checksum} != wasm batch ${batchSum}: not the same algorithm`,
      );
    }
    return {
      samples: res.runs,
      info: `child process ${
        nativeExe.slice(root.length + 1)
      } ${variant}: ${res.passes} passes of ${res.n} per run, checksum = wasm batch output (${res.checksum})`,
    };
  };
  suite.external({
    name: nativeChecked,
    run: (k) => runNative("checked", k),
    note:
      "what (d) does, natively: each instant checked against [1961-01-01, MAX_UNIX_NS] (a plain loop; g++ -O2 does not vectorise it), then the batch loop, chunk by chunk",
  });
  suite.external({
    name: native,
    run: (k) => runNative("batch", k),
    note: "assembly/leap.ts taiMinusUtcBatch in C++ (hoisted last-row key, branch-free search), same instants",
  });
  suite.external({
    name: "(e') native C++ scalar taiMinusUtc per element",
    run: (k) => runNative("scalar", k),
    note: "diagnostic: rowAtUnix + offsetIn per element, as the scalar export does",
  });
  const wasmPath = join(root, "build", "core.wasm");
  suite.add({
    name: "(f) compile + instantiate core.wasm (fresh bytes)",
    setup: () => {
      const next = uniqueWasm(readFileSync(wasmPath));
      return () => new WebAssembly.Instance(new WebAssembly.Module(next()), {});
    },
    unit: "ms",
    scale: 1e6,
    target: { max: 2 },
    note:
      "new WebAssembly.Module(bytes) + new WebAssembly.Instance; a 4-byte custom section changes per compile so V8's in-process module cache cannot answer",
  });
  suite.add({
    name: "(f') compile + instantiate core.wasm (same bytes)",
    setup: () => {
      const bytes = readFileSync(wasmPath);
      return () => new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    },
    unit: "ms",
    scale: 1e6,
    note: "diagnostic: identical bytes each time (V8 may reuse a live native module)",
  });
  suite.metric({
    name: "(g) release core.wasm size, foundation only",
    measure: () => foundationWasmSize(),
    unit: "bytes",
    target: { max: 8192 },
    note:
      "assembly/foundation.ts (civil, leap, buffer: what issue 2 ships) with asconfig.json's release options; the issue's 8 KB bar is for this stage",
  });
  suite.metric({
    name: "(g') release core.wasm size, every domain",
    measure: () => statSync(wasmPath).size,
    unit: "bytes",
    note: "the shipped core: foundation plus smears, deadlines and the later domains",
  });
}

// Compiles assembly/foundation.ts with the release target's options from asconfig.json (read, not
// repeated here). asc would merge asconfig.json's entries into any config that extends it, so the
// options go on the command line and --config names a file that does not exist.
function foundationWasmSize() {
  const conf = JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8"));
  const flags = [];
  for (const [k, v] of Object.entries({ ...conf.options, ...conf.targets.release })) {
    if (k === "outFile" || k === "textFile" || v === false) continue;
    for (const x of Array.isArray(v) ? v : [v]) flags.push(`--${k}`, ...(x === true ? [] : [String(x)]));
  }
  const out = join(root, "build", "foundation.wasm");
  execFileSync(join(root, "node_modules", ".bin", "asc"), [
    join(root, "assembly", "foundation.ts"),
    "--config",
    join(root, "build", "no-asconfig.json"),
    ...flags,
    "--outFile",
    out,
  ], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  return statSync(out).size;
}
