// Streaming drift-log parse of a large file (issue 15): a generated chrony measurements.log and an
// ntpd peerstats of --mb megabytes each (default 1024), written once to a temporary directory
// (never to the repository), each streamed from disk through parseDriftLogStream in a child
// process of its own, which reports MB/s and its peak RSS. Targets: ≥ 100 MB/s, ≤ 200 MB RSS.
//
//   npm run build && node bench/drift-stream.mjs [--mb=1024] [--only=chrony|peerstats] [--chunk-kb=64] [--web] [--json]
//
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

/** In the child: stream one file through the parser, print one JSON line. */
async function runChild(file, web) {
  const { parseDriftLogStream } = await import(pathToFileURL(join(root, "dist", "mod.js")).href);
  const bytes = statSync(file).size;
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const node = createReadStream(file, { highWaterMark: chunkKb * 1024 });
  const log = parseDriftLogStream(web ? Readable.toWeb(node) : node, { strict: false });
  let records = 0, lastT = 0n, newest = 0n;
  for await (const batch of log.batches()) {
    records += batch.length;
    lastT = batch[batch.length - 1].readingNs;
    if (lastT > newest) newest = lastT;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1e3;
  const s = log.summary();
  console.log(JSON.stringify({
    file,
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
  const results = [];
  for (const [name, path] of files) {
    const r = spawnSync(process.execPath, [
      fileURLToPath(import.meta.url),
      `--child=${path}`,
      `--chunk-kb=${chunkKb}`,
      ...(web ? ["--web"] : []),
    ], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (r.status !== 0) throw new Error(`bench/drift-stream: the child for ${name} failed (${r.status})`);
    const res = JSON.parse(r.stdout.trim().split("\n").pop());
    if (res.badLineCount !== 0 || res.records < res.lines * 0.5) {
      throw new Error(`bench/drift-stream: ${name}: ${res.records} records, ${res.badLineCount} bad lines`);
    }
    results.push({ name, ...res });
    const pass = res.mbPerS >= 100 && res.peakRssMB <= 200;
    console.log(
      `${name.padEnd(24)} ${(res.bytes / 1e6).toFixed(0).padStart(6)} MB  ${
        res.records.toString().padStart(10)
      } records  ` +
        `${res.mbPerS.toFixed(1).padStart(7)} MB/s (>= 100; ${res.mbPerCpuS.toFixed(1)} MB per CPU-second)  peak RSS ${
          res.peakRssMB.toFixed(1).padStart(6)
        } MB (<= 200)  ${pass ? "PASS" : "MISS"}`,
    );
  }
  console.log(
    `node ${process.version}, ${
      web ? "web ReadableStream (Readable.toWeb)" : "fs.createReadStream"
    } with ${chunkKb} KiB chunks, strict: false; files in ${dir}`,
  );
  if (flag("json", false)) console.log(JSON.stringify(results));
}
