// Streaming drift-log parse of a large file (issue 15): a generated chrony measurements.log and an
// ntpd peerstats of --mb megabytes each (default 1024), written once to a temporary directory
// (never to the repository), each streamed from disk through parseDriftLogStream in a child
// process of its own, which reports MB/s and its peak RSS. Targets: ≥ 100 MB/s, ≤ 200 MB RSS.
//
//   npm run build && node bench/drift-stream.mjs [--mb=1024] [--only=chrony|peerstats|dense|FORMAT] [--chunk-kb=64]
//     [--parsers=records,columns,cli] [--runs=3] [--web] [--json]
//
// Parsers, each in a child of its own, interleaved run by run; medians of --runs runs are printed,
// with the ratio to today's record parser of the same run: records = parseDriftLogStream (a record
// object per line), columns = parseDriftLogColumns (typed-array batches), cli = the `clockmath drift`
// pipeline (digestDriftLog: parse, estimate window, Allan phases, jumps; not the printing). The pass
// mark wants the median ≥ 100 MB/s and every run's peak RSS ≤ 200 MB.
// --web reads through a web ReadableStream (Readable.toWeb) instead of the Node stream; --mb=64
// is a quick run. The files stay in $TMPDIR/clockmath-drift-bench for the next run (delete them
// freely).
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (a === undefined) return dflt;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : true;
};

const child = flag("child", undefined);
const chunkKb = Number(flag("chunk-kb", 64));
if (child) await runChild(child, flag("web", false));
else await main();

/** In the child: stream one file through one parser, print one JSON line. */
async function runChild(file, web) {
  const mod = await import(pathToFileURL(join(root, "dist", "mod.js")).href);
  const parser = flag("parser", "columns");
  const bytes = statSync(file).size;
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const node = createReadStream(file, { highWaterMark: chunkKb * 1024 });
  const source = web ? Readable.toWeb(node) : node;
  let records = 0, newest = 0n, s;
  if (parser === "records") {
    // today's streaming parser: a DriftLogRecord (bigint fields) per line
    const log = mod.parseDriftLogStream(source, { strict: false });
    for await (const batch of log.batches()) {
      records += batch.length;
      const lastT = batch[batch.length - 1].readingNs;
      if (lastT > newest) newest = lastT;
    }
    s = log.summary();
  } else if (parser === "columns") {
    // the byte-level parser: typed-array batches
    const log = mod.parseDriftLogColumns(source, { strict: false });
    for await (const batch of log.batches()) {
      records += batch.length;
      const lastT = batch.readingNs[batch.length - 1];
      if (lastT > newest) newest = lastT;
    }
    s = log.summary();
  } else if (parser === "cli") {
    // the CLI's whole pipeline (parse, estimate window, Allan phases, jumps) without printing
    const { digestDriftLog } = await import(
      pathToFileURL(join(root, "dist", "cli", "commands", "drift-digest.js")).href
    );
    const d = await digestDriftLog(source, { format: "auto", kind: "oadev", toleranceNs: 10_000_000n });
    records = d.records;
    newest = d.estimate.readingNs;
    s = { format: d.format, badLineCount: d.badLineCount, lineCount: d.lineCount };
  } else throw new Error(`bench/drift-stream: --parser=${parser}: records, columns or cli`);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1e3;
  console.log(JSON.stringify({
    file,
    parser,
    bytes,
    ms,
    mbPerS: bytes / 1e6 / (ms / 1e3),
    cpuMs,
    mbPerCpuS: bytes / 1e6 / (cpuMs / 1e3),
    records,
    format: s.format,
    badLineCount: s.badLineCount,
    lines: s.lineCount,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    newest: String(newest),
  }));
}

/**
 * The real command, `node dist/cli/bin.js drift FILE --json` (stdout discarded), under /usr/bin/time
 * for its wall time and peak RSS (GNU time's %e and %M; Linux). Exit 1 (jumps found) is a success.
 */
function runBin(file) {
  const bytes = statSync(file).size;
  const r = spawnSync("/usr/bin/time", [
    "-f",
    "TIME %e %M %U %S",
    process.execPath,
    join(root, "dist/cli/bin.js"),
    "drift",
    file,
    "--json",
  ], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 30,
  });
  const m = /TIME ([0-9.]+) ([0-9]+) ([0-9.]+) ([0-9.]+)/.exec(r.stderr ?? "");
  if (m === null || (r.status !== 0 && r.status !== 1)) {
    throw new Error(`bench/drift-stream: bin on ${file} failed (${r.status}): ${r.stderr}`);
  }
  const j = JSON.parse(r.stdout).logs[0];
  const ms = Number(m[1]) * 1e3, cpuMs = (Number(m[3]) + Number(m[4])) * 1e3;
  return {
    file,
    parser: "bin",
    bytes,
    ms,
    mbPerS: bytes / 1e6 / (ms / 1e3),
    cpuMs,
    mbPerCpuS: bytes / 1e6 / (cpuMs / 1e3),
    records: j.records,
    format: j.format,
    badLineCount: j.badLineCount,
    lines: j.records,
    peakRssMB: Number(m[2]) / 1024,
  };
}

/** Writes `path` (about `mb` MB) from `line(k)` unless a file of that size is already there. */
function generate(path, mb, head, line) {
  const want = Math.round(mb * 1e6);
  if (existsSync(path) && statSync(path).size >= want) return;
  const tmp = path + ".part";
  const fd = openSync(tmp, "w");
  let bytes = 0, k = 0;
  while (bytes < want) {
    const parts = [];
    for (let i = 0; i < 20_000; i++, k++) {
      if (head && k % 32 === 0) parts.push(head);
      parts.push(line(k));
    }
    const buf = Buffer.from(parts.join(""), "utf8");
    writeSync(fd, buf);
    bytes += buf.length;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

async function main() {
  const mb = Number(flag("mb", 1024));
  const only = flag("only", undefined);
  const web = flag("web", false);
  const dir = join(tmpdir(), "clockmath-drift-bench");
  mkdirSync(dir, { recursive: true });
  const files = [];
  if (only === undefined || only === "chrony") {
    const sample = readFileSync(join(root, "test/data/drift/measurements.log"), "utf8").split("\n");
    const head = sample.slice(0, 3).join("\n") + "\n";
    const data = sample.filter((l) => /^\d{4}-/.test(l));
    const path = join(dir, `measurements-v2-${mb}MB.log`);
    // the sample's data lines, re-dated a day further on every pass (from 2000-01-01, within a century)
    generate(path, mb, head, (k) => {
      const day = Math.floor(k / data.length) % 36_500;
      const d = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      return d + data[k % data.length].slice(10) + "\n";
    });
    files.push(["chrony measurements.log", path]);
  }
  if (only === undefined || only === "peerstats") {
    const lines = readFileSync(join(root, "test/data/drift/peerstats"), "utf8").split("\n").filter(Boolean);
    const path = join(dir, `peerstats-v2-${mb}MB`);
    // the sample lines, one MJD further on every pass (from 2000-01-01, within a century)
    generate(path, mb, undefined, (k) => {
      const l = lines[k % lines.length];
      return String(51544 + (Math.floor(k / lines.length) % 36_500)) + l.slice(5) + "\n";
    });
    files.push(["ntpd peerstats", path]);
  }
  // the worst case for the CLI's memory (--only=dense): one source, a line a second, every time new, so every
  // record is a sample and the Allan phases pass their budget (4 Mi) and are decimated
  if (only === "dense") {
    const lines = readFileSync(join(root, "test/data/drift/peerstats"), "utf8").split("\n").filter(Boolean);
    const path = join(dir, `peerstats-dense-v2-${mb}MB`);
    generate(path, mb, undefined, (k) => {
      const cols = lines[k % lines.length].split(" ");
      return `${51544 + Math.floor(k / 86400)} ${k % 86400}.000 ${cols.slice(2).join(" ")}\n`;
    });
    files.push(["ntpd peerstats, dense", path]);
  }
  // the other formats, on request (--only=statistics|tracking|loopstats|rawstats): the same re-dating
  for (
    const [key, file, chrony] of [
      ["statistics", "statistics.log", true],
      ["tracking", "tracking.log", true],
      ["loopstats", "loopstats", false],
      ["rawstats", "rawstats", false],
    ]
  ) {
    if (only !== key) continue;
    const sample = readFileSync(join(root, "test/data/drift", file), "utf8").split("\n");
    const path = join(dir, `${key}-v2-${mb}MB`);
    if (chrony) {
      const head = sample.slice(0, 3).join("\n") + "\n";
      const data = sample.filter((l) => /^\d{4}-/.test(l));
      generate(path, mb, head, (k) => {
        const day = Math.floor(k / data.length) % 36_500;
        const d = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        return d + data[k % data.length].slice(10) + "\n";
      });
    } else {
      const lines = sample.filter(Boolean);
      generate(path, mb, undefined, (k) => {
        const l = lines[k % lines.length];
        return String(51544 + (Math.floor(k / lines.length) % 36_500)) + l.slice(5) + "\n";
      });
    }
    files.push([`chrony/ntpd ${key}`, path]);
  }
  const parsers = String(
    flag("parsers", existsSync("/usr/bin/time") ? "records,columns,cli,bin" : "records,columns,cli"),
  )
    .split(",");
  const runs = Number(flag("runs", 3));
  const results = [];
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const [name, path] of files) {
    const rows = {};
    for (let run = 0; run < runs; run++) {
      // parsers interleaved run by run, so a noisy minute hits them alike
      for (const parser of parsers) {
        const res = parser === "bin" ? runBin(path) : (() => {
          const r = spawnSync(process.execPath, [
            fileURLToPath(import.meta.url),
            `--child=${path}`,
            `--parser=${parser}`,
            `--chunk-kb=${parser === "cli" ? 1024 : chunkKb}`,
            ...(web ? ["--web"] : []),
          ], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
          if (r.status !== 0) {
            throw new Error(`bench/drift-stream: the ${parser} child for ${name} failed (${r.status})`);
          }
          return JSON.parse(r.stdout.trim().split("\n").pop());
        })();
        if (res.badLineCount !== 0 || res.records < res.lines * 0.5) {
          throw new Error(`bench/drift-stream: ${name}: ${res.records} records, ${res.badLineCount} bad lines`);
        }
        (rows[parser] ??= []).push(res);
      }
    }
    const base = rows.records ? median(rows.records.map((r) => r.mbPerS)) : undefined;
    for (const parser of parsers) {
      const rs = rows[parser];
      const mbPerS = median(rs.map((r) => r.mbPerS)), rss = median(rs.map((r) => r.peakRssMB));
      const maxRss = Math.max(...rs.map((r) => r.peakRssMB));
      const cpu = median(rs.map((r) => r.mbPerCpuS));
      const res = { name, parser, runs: rs.length, mbPerS, peakRssMB: rss, maxPeakRssMB: maxRss, mbPerCpuS: cpu };
      res.bytes = rs[0].bytes;
      res.records = rs[0].records;
      res.all = rs.map((r) => ({ mbPerS: r.mbPerS, peakRssMB: r.peakRssMB }));
      results.push(res);
      const pass = mbPerS >= 100 && maxRss <= 200;
      console.log(
        `${name.padEnd(24)} ${parser.padEnd(8)} ${(res.bytes / 1e6).toFixed(0).padStart(6)} MB ${
          String(res.records).padStart(10)
        } rec  median of ${rs.length}: ${mbPerS.toFixed(1).padStart(6)} MB/s (${cpu.toFixed(1)} per CPU-s)` +
          `${base && parser !== "records" ? ` ×${(mbPerS / base).toFixed(2)} vs records` : ""}` +
          `  peak RSS ${rss.toFixed(0)} MB (max ${maxRss.toFixed(0)})  ${pass ? "PASS" : "MISS"}`,
      );
    }
  }
  console.log(
    `node ${process.version}, ${
      web ? "web ReadableStream (Readable.toWeb)" : "fs.createReadStream"
    } with ${chunkKb} KiB chunks, strict: false; files in ${dir}`,
  );
  if (flag("json", false)) console.log(JSON.stringify(results));
}
