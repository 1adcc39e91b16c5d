// The core's start-up cost from a built package (dist/): in fresh Node processes, the time to
// import the inline bytes (core/inline.js), to turn them into a compiled module (inlineCoreModule:
// base64, inflate, compile), and to the first answer of a core call (import of the package entry
// + LeapTable.builtin().taiMinusUtc). Wall time and, for the module step, the process's CPU time
// (less sensitive to a loaded machine). Medians of N runs; with two package roots, runs alternate.
// `node bench/core-load.mjs [packageRoot ...] [--runs N]` (default ., 21). Needs `npm run build`.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const at = args.indexOf("--runs");
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 21;
const roots = args.length > 0 ? args : ["."];
const child = (root) => {
  const url = (p) => JSON.stringify(pathToFileURL(resolve(root, "dist", p)).href);
  return `
const t0 = performance.now();
const { inlineCoreModule } = await import(${url("core/inline.js")});
const t1 = performance.now();
const c1 = process.cpuUsage();
inlineCoreModule();
const c2 = process.cpuUsage(c1);
const t2 = performance.now();
const { LeapTable } = await import(${url("mod.js")});
LeapTable.builtin().taiMinusUtc(1_483_228_800_000_000_000n);
const t3 = performance.now();
const moduleCpu = (c2.user + c2.system) / 1000;
console.log(JSON.stringify({ importInline: t1 - t0, module: t2 - t1, moduleCpu, firstAnswer: t3 - t2 }));
`;
};
const rows = roots.map(() => []);
for (let i = 0; i < runs; i++) {
  roots.forEach((root, j) => {
    rows[j].push(
      JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", child(root)], { encoding: "utf8" })),
    );
  });
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
roots.forEach((root, j) => {
  const keys = Object.keys(rows[j][0]);
  console.log(`${root}: ` + keys.map((k) => `${k} ${median(rows[j].map((r) => r[k])).toFixed(1)} ms`).join(", "));
});
