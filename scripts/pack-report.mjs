// What the npm tarball is made of: `node scripts/pack-report.mjs` (after `npm run build`) prints the
// packed size and file count from `npm pack --dry-run`, then each part's share: its size gzipped
// alone, and its marginal cost (the tarball, approximated as one gzip stream over tar-like records
// as npm writes it, with and without the part). Marginal costs do not add up exactly: gzip's
// 32 KB window lets neighbours share.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pack = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }),
)[0];
const files = pack.files.map((f) => f.path);
// `bare` drops the doc comments of declaration files (what the floors weigh without them).
const approx = (list, bare = false) => {
  const parts = [];
  for (const f of list) {
    let b = readFileSync(f);
    if (bare && f.endsWith(".d.ts")) b = Buffer.from(b.toString("utf8").replace(/\/\*\*[\s\S]*?\*\//g, ""));
    parts.push(Buffer.from(f.padEnd(512, "\0")), b, Buffer.alloc((512 - (b.length % 512)) % 512));
  }
  return gzipSync(Buffer.concat(parts), { level: 9 }).length;
};
const all = approx(files);
console.log(
  `packed ${pack.size} bytes, unpacked ${pack.unpackedSize}, ${pack.entryCount} files (approximation ${all})`,
);
const groups = {
  "inline core (dist/core/wasm.generated.js)": (f) => f === "dist/core/wasm.generated.js",
  "dist/core.wasm": (f) => f === "dist/core.wasm",
  "README.md": (f) => f === "README.md",
  "declarations (*.d.ts)": (f) => f.endsWith(".d.ts"),
  "command line (dist/cli/**.js)": (f) => f.startsWith("dist/cli/") && f.endsWith(".js"),
  "library JavaScript (other .js)": (f) =>
    f.endsWith(".js") && !f.startsWith("dist/cli/") && f !== "dist/core/wasm.generated.js",
  "package.json, LICENSE": (f) => f === "package.json" || f === "LICENSE",
};
for (const [name, pred] of Object.entries(groups)) {
  const sel = files.filter(pred);
  const marginal = all - approx(files.filter((f) => !pred(f)));
  console.log(`${name.padEnd(44)} ${String(sel.length).padStart(3)} files  alone ${approx(sel)}  marginal ${marginal}`);
}

const cli = groups["command line (dist/cli/**.js)"];
const readme = groups["README.md"];
const floors = {
  "without the command line": [files.filter((f) => !cli(f))],
  "without the declarations' doc comments": [files, true],
  "without the README": [files.filter((f) => !readme(f))],
  "without all three": [files.filter((f) => !cli(f) && !readme(f)), true],
  "library JavaScript and the two cores alone": [
    files.filter((f) => (f.endsWith(".js") && !cli(f)) || f === "dist/core.wasm"),
  ],
};
for (const [name, [list, bare]] of Object.entries(floors)) {
  console.log(`floor ${name.padEnd(46)} ${approx(list, bare)}`);
}
