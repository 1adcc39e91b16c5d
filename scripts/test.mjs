// npm test: build, then every suite in every runtime; ends with one "N passed, N failed" line.
// A step that fails to start, exits non-zero, or runs no test fails the whole run.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const steps = [
  ["build", "node", ["scripts/build.mjs"]],
  ["style (deno fmt, deno lint, line length)", "node", ["scripts/lint.mjs"]],
  ["node (vitest)", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--outputFile.json=build/vitest.json",
  ]],
  ["deno", "npm", ["run", "--silent", "test:deno"]],
  ["chromium", "npm", ["run", "--silent", "test:browser"]],
  ["workerd", "npm", ["run", "--silent", "test:workerd"]],
  ["playground e2e", "node", ["test/e2e/playground.mjs"]],
  ["npm start", "node", ["test/e2e/npm-start.mjs"]],
  ["smear page e2e", "node", ["test/e2e/smear-page.mjs"]],
  ["deadline page e2e", "node", ["test/e2e/deadline-page.mjs"]],
  ["deadline scenario, workerd", "node", ["test/runtime/deadline-workerd.mjs"]],
  ["deadline scenario, chromium", "node", ["test/runtime/deadline-browser.mjs"]],
  ["deadline scenario, deno", "npx", [
    "deno",
    "test",
    "--config",
    "deno/deno.json",
    "--allow-net",
    "test/runtime/deadline_deno_test.ts",
  ]],
  ["drift page e2e", "node", ["test/e2e/drift-page.mjs"]],
  ["jitter scenario, workerd", "node", ["test/runtime/jitter-workerd.mjs"]],
  ["jitter scenario, chromium", "node", ["test/runtime/jitter-browser.mjs"]],
  ["jitter scenario, deno", "npx", ["deno", "test", "--config", "deno/deno.json", "test/runtime/jitter_deno_test.ts"]],
  ["jitter page e2e", "node", ["test/e2e/jitter-page.mjs"]],
  ["leap current page e2e", "node", ["test/e2e/leap-current-page.mjs"]],
  ["layout e2e (overflow at 1440/390/360 px)", "node", ["test/e2e/layout.mjs"]],
  ["axe e2e (light and dark)", "node", ["test/e2e/axe.mjs"]],
  ["chart e2e (readout, zoom, reset)", "node", ["test/e2e/charts.mjs"]],
  ["leap system files, deno", "npx", [
    "deno",
    "test",
    "--config",
    "deno/deno.json",
    "--allow-read",
    "--allow-env=CLOCKMATH_DATA",
    "test/runtime/leap_system_deno_test.ts",
  ]],
];
// Every playground e2e script on test/e2e/harness.mjs runs above against Vite's dev server and again here
// against the production build (npm run build:web, built once), served under a sub-path (--target=site).
const pageScript = ([, cmd, args]) => cmd === "node" && /^test\/e2e\/(?!npm-start)[\w-]+\.mjs$/.test(args[0]);
steps.push(
  ["site build (npm run build:web)", "node", ["scripts/build-web.mjs"]],
  ["site e2e (relative URLs, two sub-paths, the core loads)", "node", ["test/e2e/site.mjs"]],
  ...steps.filter(pageScript).map(([name, cmd, args]) => [`${name}, site`, cmd, [...args, "--target=site"]]),
  ["figures (production build)", "node", ["test/e2e/figures.mjs", "--target=site"]],
);

let passed = 0, failed = 0;
const problems = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  if (name.startsWith("node")) rmSync("build/vitest.json", { force: true });
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", env: process.env });
  process.stdout.write(r.stdout ?? "");
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) problems.push(`${name} exited with ${r.status ?? r.signal} after ${secs} s`);
  if (name === "build" || name.startsWith("site build")) continue;
  let p = 0, f = 0;
  if (name.startsWith("node")) {
    try {
      const j = JSON.parse(readFileSync("build/vitest.json", "utf8"));
      p = j.numPassedTests;
      f = j.numFailedTests + (j.numTodoTests ?? 0) + (j.numPendingTests ?? 0);
    } catch {
      problems.push(`${name}: no vitest report`);
    }
  } else {
    // Our scripts print "N passed, N failed"; deno test prints "ok | N passed | N failed".
    const out = r.stdout ?? "";
    const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1) ??
      [...out.matchAll(/^\S+ \| (\d+) passed \| (\d+) failed/gm)].at(-1);
    if (!m) problems.push(`${name}: printed no "N passed, N failed" line`);
    else {
      p = +m[1];
      f = +m[2];
    }
  }
  if (p === 0) problems.push(`${name}: ran no test`);
  console.log(`--- ${name}: ${p} passed, ${f} failed (${secs} s)`);
  passed += p;
  failed += f;
}
for (const p of problems) console.log(`PROBLEM: ${p}`);
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
