// npm run lint (and a step of npm test): the whole tree's style checks, one closing "N passed, N failed" line.
//  1. deno fmt --check: every file the formatter owns is formatted (config: "fmt" in ./deno.json; `npm run fmt` fixes).
//  2. deno lint: no finding (config: "lint" in ./deno.json, with the reasons for each rule left out).
//  3. line length: no line over 120 characters in the files of 1 and 2 nor in assembly/ (formatted by hand: see
//     deno.json). The formatter breaks code but not a string literal, a comment or a markdown table row, so:
//     - a markdown table row may be longer (a row cannot be wrapped);
//     - a line whose excess is one string or template literal may be longer (splitting a message or a URL
//       into `+` pieces makes it harder to grep for);
//     - comments and prose are rewrapped by hand; LONG_LINE_BUDGET lists the files that still hold longer
//       lines, with how many. A count may go down, never up: the check fails if a file has more.
// `node scripts/lint.mjs --list` prints every line over 120 characters that is not one of the exceptions.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const MAX = 120;
const root = join(import.meta.dirname, "..");

// Lines over 120 characters that stay, per file (counted after `npm run fmt`, on 2026-12-02).
const LONG_LINE_BUDGET = {
  // Eight lines of chrony's tracking.log quoted verbatim in the drift example (a log line cannot be wrapped).
  "README.md": 8,
  // scripts/core-contract.mjs reads each export of the core from one line (`export function f(a: T): R {`).
  "assembly/civil.ts": 1,
  // Comments in files that were being changed on other branches when the formatter came in: rewrap them and
  // lower (or drop) these counts when those branches are merged.
  "assembly/leap.ts": 3,
  "assembly/smear.ts": 1,
  "src/drift/jumps.ts": 1,
  "src/drift/logs/chrony.ts": 1,
  "src/drift/logs/common.ts": 1,
  "src/smear/clock.ts": 1,
};

// The same exclusions as "fmt"/"lint" in deno.json, plus files neither tool reads (binaries, the lock file).
const SKIP_DIRS = new Set(["node_modules", "dist", "build", ".git", ".vite", "test-results"]);
const SKIP_PATHS = [
  /^web\/dist\//,
  /^bench\/native\//,
  /^bench\/results\//,
  /^test\/data\//,
  /^src\/core\/(wasm\.generated|exports)\.ts$/,
  /^test\/vectors\/(jitter-data|leap-fixtures)\.ts$/,
  /^package-lock\.json$/,
];
const CHECKED = /\.(ts|mts|mjs|js|json|md|css|html)$/;

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(join(dir, e.name));
    } else {
      const rel = relative(root, join(dir, e.name)).split("\\").join("/");
      if (CHECKED.test(rel) && !SKIP_PATHS.some((p) => p.test(rel))) yield rel;
    }
  }
}

// The longest string or template literal that opens and closes on this line (a template's ${...} holes count as part
// of it; linear scan, no regex). A comment is no literal: the scan stops at `//`, and a comment line has none.
function longestLiteral(line) {
  if (/^\s*(\/\/|\/\*|\*)/.test(line)) return 0;
  let best = 0;
  for (let i = 0; i < line.length; i++) {
    const q = line[i];
    if (q === "/" && line[i + 1] === "/") break;
    if (q !== '"' && q !== "'" && q !== "`") continue;
    let j = i + 1;
    while (j < line.length && line[j] !== q) j += line[j] === "\\" ? 2 : 1;
    if (j >= line.length) break; // not closed on this line: a multi-line template or an apostrophe in text
    best = Math.max(best, j + 1 - i);
    i = j;
  }
  return best;
}

/** The lines over MAX characters of `file` that no exception covers, as "file:line: length". */
function longLines(file) {
  const out = [];
  let fence = false;
  readFileSync(join(root, file), "utf8").split("\n").forEach((line, i) => {
    const md = file.endsWith(".md");
    if (md && /^\s*(```|~~~)/.test(line)) fence = !fence;
    if (line.length <= MAX) return;
    if (md && !fence && line.trimStart().startsWith("|")) return;
    if (line.length - longestLiteral(line) + 2 <= MAX) return;
    out.push(`${file}:${i + 1}: ${line.length} characters`);
  });
  return out;
}

function deno(args) {
  const r = spawnSync("npx", ["deno", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

if (process.argv.includes("--list")) {
  for (const f of walk(root)) for (const l of longLines(f)) console.log(l);
  process.exit(0);
}

let passed = 0, failed = 0;
function report(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok" : "FAIL"} ${name}`);
  if (!ok && detail) console.log(detail.split("\n").map((l) => `    ${l}`).join("\n"));
}

const fmt = deno(["fmt", "--check"]);
report("deno fmt --check (run `npm run fmt` to fix)", fmt.ok, fmt.out.split("\n").slice(-40).join("\n"));
const lint = deno(["lint", "--compact"]);
report("deno lint", lint.ok, lint.out);

const over = [];
for (const f of walk(root)) {
  const lines = longLines(f);
  const budget = LONG_LINE_BUDGET[f] ?? 0;
  if (lines.length > budget) {
    over.push(`${f}: ${lines.length} lines over ${MAX} characters (budget ${budget}):`, ...lines.map((l) => `  ${l}`));
  }
}
report(`no line over ${MAX} characters`, over.length === 0, over.join("\n"));

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
