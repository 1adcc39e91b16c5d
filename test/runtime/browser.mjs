// npm run test:browser: the cross-runtime vectors in headless Chromium (/usr/bin/chromium).
// Bundles test/runtime/browser-entry.ts with Vite's JS API into a temp dir, serves it from
// 127.0.0.1 on a random port, opens it with playwright-core and reads window.__clockmath.
// Prints one line per failure and finally "N passed, N failed"; exits non-zero on any failure,
// on 0 cases, on a page error or when the browser is missing.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const t0 = performance.now();

let passed = 0;
const failed = [];
const out = mkdtempSync(join(tmpdir(), "clockmath-browser-"));
let server;
let browser;
try {
  await build({
    root,
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    build: {
      outDir: out,
      emptyOutDir: true,
      minify: false,
      target: "es2022",
      lib: { entry: join(root, "test/runtime/browser-entry.ts"), formats: ["es"], fileName: () => "entry.js" },
    },
  });

  const html = `<!doctype html><meta charset="utf-8"><title>clockmath vectors</title><link rel="icon" href="data:,">` +
    `<body><script type="module" src="/entry.js"></script></body>`;
  server = createServer((req, res) => {
    if (req.url === "/" || req.url === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } else if (req.url === "/entry.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(join(out, "entry.js")));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok, ko) => server.once("error", ko).listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;

  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
      "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") pageErrors.push(`console error: ${m.text()} ${m.location().url ?? ""}`.trim()); });
  await page.goto(url);
  const result = await page.waitForFunction(() => window.__clockmath, null, { timeout: 30_000 })
    .then((h) => h.jsonValue())
    .catch((e) => { failed.push(`browser / no result: ${e.message.split("\n")[0]}`); });
  if (result) {
    passed = result.passed;
    failed.push(...result.failed);
    console.log(`chromium: ${result.userAgent}; core compiled synchronously from inline bytes ` +
      `(${result.syncCompiles} × new WebAssembly.Module, ${result.asyncCompiles} async calls)`);
  }
  failed.push(...pageErrors.map((e) => `browser / ${e}`));
} catch (e) {
  failed.push(`browser / harness: ${e?.stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  server?.close();
  rmSync(out, { recursive: true, force: true });
}

for (const f of failed) console.log(`FAIL ${f}`);
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 || passed === 0 ? 1 : 0;
