// Same-process benchmark harness for clockmath. Every later capability (smears, drift, jitter,
// deadlines) adds a bench/<name>.bench.mjs that registers cases on a Suite; bench/run.mjs runs them.
//
// Kinds of row a suite can hold:
//   add({ name, setup?, fn, prepare?, ops?, unit?, scale?, target?, note? })
//                                                     timed in this process: fn() does `ops` operations;
//                                                     prepare() runs untimed before each sample
//   external({ name, run, target?, note? })           timed elsewhere (a native child process):
//                                                     run(k) resolves to { samples: [k × ns/op], info? }
//   metric({ name, value | measure, unit, target? })  a number that is not a time (bytes, …)
//
// Timing: each timed case is calibrated (iterations doubled until one loop lasts >= minSampleMs)
// and warmed up; then K rounds each take one sample of every row in turn, so a slow spell of the
// shared machine lands on all rows alike instead of on whichever row ran then (ratios between rows
// moved by up to 50% between runs when each row took its K samples in one go). A sample is one
// loop of n calls measured with process.hrtime.bigint() and gives ns per operation = elapsed / (n · ops). The report
// shows the median sample, the min–max over samples, and the ratio of the median to a named baseline
// row of the same suite and run (never to numbers from another run: the machine is shared).
//
// Dead-code elimination: each case gets its own loop (compiled from source, so V8 sees one
// monomorphic call site per case). Every result is compared with a sentinel the optimiser cannot
// know, the matches are counted, the last result is kept, and both feed a global sink printed at
// the end of the run. A result that is never looked at cannot be skipped.
//
// Targets: { max: x } passes when the median (in the row's unit) is <= x;
//          { maxRatio: r, of: "row name" } passes when median / median(row) <= r.

/* global process */

const NS = (t) => Number(t);

/** The sink every loop's results end up in; printed once per run so nothing is dead. */
export const sink = { hits: 0, last: [], checks: 0 };
const SENTINEL = { value: Symbol("never") };
/** Sets the sentinel results are compared with (a value no case returns, decided at run time). */
function sentinelFor(sample) {
  if (typeof sample === "bigint") return BigInt(process.hrtime.bigint()) * -1_000_003n - 7n;
  if (typeof sample === "number") return -Math.PI * (1 + (Date.now() % 97));
  return SENTINEL.value;
}

function makeLoop() {
  // A fresh function per case: V8 optimises each on its own, so one case's types never
  // deoptimise another's loop.
  // eslint-disable-next-line no-new-func
  return new Function(
    "fn",
    "n",
    "sentinel",
    "let hits = 0; let last; for (let i = 0; i < n; i++) { const v = fn(); if (v === sentinel) hits++; last = v; } return [hits, last];",
  );
}

/** A seeded uniform [0, 1) generator (mulberry32), so every run times the same inputs. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeLoop(loop, fn, n, sentinel) {
  const t0 = process.hrtime.bigint();
  const [hits, last] = loop(fn, n, sentinel);
  const t1 = process.hrtime.bigint();
  sink.hits += hits;
  sink.last.push(last);
  if (sink.last.length > 64) sink.last.splice(0, 32);
  return NS(t1 - t0);
}

export class Suite {
  /**
   * @param {string} name
   * @param {{ samples?: number, minSampleMs?: number, warmupMs?: number, filter?: string,
   *   log?: (s: string) => void }} opts
   */
  constructor(name, opts = {}) {
    this.name = name;
    this.samples = opts.samples ?? 15;
    this.minSampleNs = (opts.minSampleMs ?? 20) * 1e6;
    this.warmupNs = (opts.warmupMs ?? 200) * 1e6;
    this.filter = opts.filter ? opts.filter.toLowerCase() : undefined;
    this.log = opts.log ?? ((s) => process.stderr.write(s + "\n"));
    this.rows = [];
    this.baselineName = undefined;
    this.notes = [];
  }

  /** The row every other row's ratio is taken against. */
  baseline(name) {
    this.baselineName = name;
    return this;
  }

  /** scale: ns per reported unit (1e6 to report ms per op). */
  add({ name, setup, fn, prepare, ops = 1, unit = "ns/op", scale = 1, target, note, group }) {
    if (typeof fn !== "function" && typeof setup !== "function") throw new Error(`${name}: needs fn or setup`);
    this.rows.push({ kind: "timed", name, setup, fn, prepare, ops, unit, scale, target, note, group });
    return this;
  }

  external({ name, run, unit = "ns/op", target, note, group }) {
    this.rows.push({ kind: "external", name, run, unit, target, note, group });
    return this;
  }

  metric({ name, value, measure, unit, target, note, group }) {
    this.rows.push({ kind: "metric", name, value, measure, unit, target, note, group });
    return this;
  }

  /** A line printed under the table (what the units mean, what was checked). */
  note(s) {
    this.notes.push(s);
    return this;
  }

  #selected(row) {
    if (!this.filter) return true;
    if (row.name === this.baselineName) return true;
    if (this.name.toLowerCase().includes(this.filter)) return true;
    if (row.name.toLowerCase().includes(this.filter)) return true;
    if (
      row.target?.of && this.rows.some((r) => r.name === row.target.of && r.name.toLowerCase().includes(this.filter))
    ) return true;
    return false;
  }

  /** Setup, calibration and warm-up of a timed row; returns a function that takes one sample. */
  async #prepareTimed(row) {
    // setup() may return the function to time (so it can close over prepared data), or prepare
    // state that row.fn uses.
    let fn = row.fn;
    if (row.setup) {
      const made = await row.setup();
      if (typeof made === "function") fn = made;
    }
    row.prepare?.();
    const probe = fn();
    const sentinel = sentinelFor(probe);
    const loop = makeLoop();
    // Calibrate: double n until one loop lasts long enough. This is also the first warm-up.
    let n = 1;
    let el = timeLoop(loop, fn, n, sentinel);
    while (el < this.minSampleNs) {
      const grow = el <= 0 ? 16 : Math.min(16, Math.max(2, Math.ceil((this.minSampleNs * 1.2) / el)));
      n = Math.ceil(n * grow);
      el = timeLoop(loop, fn, n, sentinel);
    }
    // Warm-up: keep running full samples until warmupNs has passed (at least two).
    let warm = 0;
    for (let k = 0; k < 2 || warm < this.warmupNs; k++) warm += timeLoop(loop, fn, n, sentinel);
    return {
      iterations: n,
      opsPerSample: n * row.ops,
      sample: (rewarm) => {
        row.prepare?.();
        // Another row's garbage (8 MB result arrays, BigInts) must not be collected on this row's
        // clock: a full collection first when node runs with --expose-gc (bench/run.mjs does).
        globalThis.gc?.();
        if (rewarm) timeLoop(loop, fn, n, sentinel); // untimed: caches and branch history are another row's
        return timeLoop(loop, fn, n, sentinel) / (n * row.ops) / row.scale;
      },
    };
  }

  async run() {
    const results = [];
    const byName = new Map();
    const chosen = this.rows.filter((row) => this.#selected(row));
    // A filter that picks nothing but the baseline picks nothing.
    const skip = this.filter && !chosen.some((row) => row.name !== this.baselineName);
    const live = [];
    for (const row of skip ? [] : chosen) {
      this.log(`  ${this.name}: ${row.name} …`);
      const entry = { row, samples: [] };
      if (row.kind === "timed") entry.timed = await this.#prepareTimed(row);
      else if (row.kind === "metric") entry.samples.push(row.measure ? await row.measure() : row.value);
      live.push(entry);
    }
    this.log(`  ${this.name}: ${this.samples} rounds of one sample per row …`);
    for (let k = 0; k < this.samples; k++) {
      // After a native child process ran, the next timed row first runs one untimed loop: its
      // first loop after the child measured up to 1.7× its own median.
      let disturbed = true;
      for (const e of live) {
        if (e.timed) {
          e.samples.push(e.timed.sample(disturbed));
          disturbed = globalThis.gc !== undefined; // a collection disturbs the caches too
        } else if (e.row.kind === "external") {
          const out = await e.row.run(1);
          e.samples.push(...out.samples);
          e.info = out.info;
          disturbed = true;
        }
      }
    }
    for (const { row, samples, timed, info } of live) {
      const res = {
        name: row.name,
        kind: row.kind,
        group: row.group,
        unit: row.unit,
        median: median(samples),
        min: Math.min(...samples),
        max: Math.max(...samples),
        samples,
        iterations: timed?.iterations,
        opsPerSample: timed?.opsPerSample,
        info,
        note: row.note,
        target: row.target,
      };
      results.push(res);
      byName.set(row.name, res);
    }
    const base = this.baselineName ? byName.get(this.baselineName) : undefined;
    for (const res of results) {
      if (base && res.kind !== "metric" && res.unit === base.unit) res.ratio = res.median / base.median;
      const t = res.target;
      if (!t) continue;
      if (t.max !== undefined && t.of === undefined) {
        res.targetText = `<= ${fmt(t.max)} ${res.unit}`;
        res.pass = res.median <= t.max;
      } else if (t.maxRatio !== undefined) {
        const other = byName.get(t.of);
        res.targetText = `<= ${t.maxRatio}x ${t.of}`;
        if (!other) {
          res.pass = false;
          res.targetText += " (row missing)";
        } else {
          res.targetRatio = res.median / other.median;
          res.pass = res.targetRatio <= t.maxRatio;
          res.targetText += ` (is ${res.targetRatio.toFixed(2)}x)`;
        }
      }
    }
    return {
      suite: this.name,
      baseline: this.baselineName,
      samples: this.samples,
      minSampleMs: this.minSampleNs / 1e6,
      results,
      notes: this.notes,
    };
  }
}

export function fmt(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return "-";
  if (Number.isInteger(x) && Math.abs(x) >= 1000) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** A plain-text table of one suite's results. */
export function formatTable(report) {
  const head = ["case", "median", "min–max", "unit", `x ${report.baseline ?? "baseline"}`, "target", "result"];
  const lines = report.results.map((r) => [
    r.name,
    fmt(r.median),
    r.kind === "metric" ? "" : `${fmt(r.min)}–${fmt(r.max)}`,
    r.unit,
    r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}x`,
    r.targetText ?? "",
    r.pass === undefined ? "" : r.pass ? "PASS" : "MISS",
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : i <= 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  ").trimEnd();
  const out = [];
  out.push(
    `== ${report.suite} (K=${report.samples} samples, each >= ${report.minSampleMs} ms; median, min–max over samples)`,
  );
  out.push(row(head));
  out.push(w.map((n) => "-".repeat(n)).join("  "));
  for (const l of lines) out.push(row(l));
  const withNotes = report.results.filter((r) => r.note || r.info);
  if (withNotes.length) out.push("");
  for (const r of withNotes) {
    if (r.note) out.push(`  ${r.name}: ${r.note}`);
    if (r.info) out.push(`  ${r.name}: ${r.info}`);
  }
  if (report.notes.length) out.push("");
  for (const n of report.notes) out.push(`  * ${n}`);
  return out.join("\n");
}
