// npm run test:browser: the cross-runtime vectors in headless Chromium (/usr/bin/chromium).
// Bundles test/runtime/browser-entry.ts with Vite's JS API into a temp dir, serves it from
// 127.0.0.1 on a random port, opens it with playwright-core and reads window.__clockmath.
// Prints one line per failure and finally "N passed, N failed"; exits non-zero on any failure,
// on 0 cases, on a page error or when the browser is missing.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { launchChromium, openPage } from "../e2e/harness.mjs";
import { checker, root } from "./scenario.mjs";

const t0 = performance.now();
const { add, fail, finish } = checker("browser");
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

  browser = await launchChromium();
  const { page, problems } = await openPage(browser, url, { timeout: 30_000 });
  const result = await page.waitForFunction(() => window.__clockmath, null, { timeout: 30_000 })
    .then((h) => h.jsonValue())
    .catch((e) => {
      fail(`no result: ${e.message.split("\n")[0]}`);
    });
  if (result) {
    add(result.passed, result.failed);
    console.log(
      `chromium: ${result.userAgent}; core compiled synchronously from inline bytes ` +
        `(${result.syncCompiles} × new WebAssembly.Module, ${result.asyncCompiles} async calls)`,
    );
  }
  for (const p of problems) fail(p);
} catch (e) {
  fail(`harness: ${e?.stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  server?.close();
  rmSync(out, { recursive: true, force: true });
}

finish(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
