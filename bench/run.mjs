// Runs every bench/*.bench.mjs in this process, prints one table per suite and, with --json,
// writes bench/results/latest.json.
//
//   node bench/run.mjs [filter] [--json] [--samples=K] [--min-ms=20] [--warmup-ms=200]
//
// filter (case-insensitive) selects bench files whose name contains it; when no file name
// matches it selects cases by name inside every file (the suite's baseline always runs).
// Each *.bench.mjs exports default async (suite, ctx) => void and registers its rows on suite.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { formatTable, sink, Suite } from "./harness.mjs";

// The harness collects garbage before every sample (see harness.mjs): that needs --expose-gc.
if (typeof globalThis.gc !== "function") {
  const r = spawnSync(process.execPath, ["--expose-gc", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (a === undefined) return dflt;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : true;
};
const filter = args.find((a) => !a.startsWith("--"));
const json = flag("json", false);
const samples = Number(flag("samples", 15));
const minSampleMs = Number(flag("min-ms", 20));
const warmupMs = Number(flag("warmup-ms", 200));

const files = readdirSync(here).filter((f) => f.endsWith(".bench.mjs")).sort();
let chosen = files;
let caseFilter;
if (filter) {
  chosen = files.filter((f) => f.toLowerCase().includes(filter.toLowerCase()));
  if (chosen.length === 0) {
    chosen = files;
    caseFilter = filter;
  }
}
if (chosen.length === 0) throw new Error("no bench/*.bench.mjs files found");

const started = new Date();
const reports = [];
for (const f of chosen) {
  const name = f.replace(/\.bench\.mjs$/, "");
  const suite = new Suite(name, { samples, minSampleMs, warmupMs, filter: caseFilter });
  const mod = await import(pathToFileURL(join(here, f)).href);
  await mod.default(suite, { here, args });
  const report = await suite.run();
  if (report.results.length === 0) continue;
  reports.push(report);
  console.log(formatTable(report));
  console.log("");
}

const env = {
  node: process.version,
  v8: process.versions.v8,
  platform: `${os.platform()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" "),
};
console.log(`node ${env.node} (V8 ${env.v8}), ${env.cpu}, ${env.cores} cores, load ${env.loadavg}`);
console.log(
  `sink: ${sink.hits} sentinel hits, ${sink.last.length} last results kept, fingerprint ${fingerprint(sink.last)}`,
);

const misses = reports.flatMap((r) => r.results.filter((x) => x.pass === false).map((x) => `${r.suite}: ${x.name}`));
if (misses.length) console.log(`MISS: ${misses.join("; ")}`);

if (json) {
  const dir = join(here, "results");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "latest.json");
  writeFileSync(
    out,
    JSON.stringify(
      { started: started.toISOString(), env, filter: filter ?? null, reports },
      (_key, v) => (typeof v === "bigint" ? v.toString() : v),
      2,
    ) + "\n",
  );
  console.log(`wrote ${out}`);
}

function fingerprint(xs) {
  let h = 0;
  for (const x of xs) {
    for (const c of String(typeof x === "object" && x !== null ? x.constructor?.name + (x.length ?? "") : x)) {
      h = (h * 31 + c.charCodeAt(0)) | 0;
    }
  }
  return (h >>> 0).toString(16);
}
