// Shared by the playground page tests: the playground served on a free loopback port, Debian's
// Chromium through playwright-core, and a tiny check/report loop ending in "N passed, N failed".
//
// Every page test runs against one of two targets, chosen by `--target=dev|site` (or the environment
// variable CLOCKMATH_E2E_TARGET; default dev):
//   dev   Vite's dev server, serving the TypeScript sources (what `npm start` shows);
//   site  the production build (`npm run build:web`, build/site/) served by a tiny node:http server under
//         the sub-path SITE_BASE, as a deployment under someone's path would be. The build is reused when
//         it is newer than every file of web/ and src/, rebuilt otherwise (npm test builds it once, first).
// `/` redirects to SITE_BASE (the browser keeps the #fragment), so `http://127.0.0.1:${port}/#page` works
// for both targets; `playgroundUrl` gives the real address.
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { chromium } from "playwright-core";
import { createServer } from "vite";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const screenshot = process.argv.find((a) => a.startsWith("--screenshot="))?.split("=").slice(1).join("=");
/** "dev" (Vite's dev server) or "site" (the production build under SITE_BASE). */
export const target = process.argv.find((a) => a.startsWith("--target="))?.slice("--target=".length) ??
  process.env.CLOCKMATH_E2E_TARGET ?? "dev";
if (target !== "dev" && target !== "site") throw new Error(`--target must be dev or site, not ${target}`);
/** Where the site target serves build/site: deliberately not the root. */
export const SITE_BASE = "/some/sub/path/";
export const siteDir = join(repo, "build/site");

const counts = { passed: 0, failed: 0 };

/** Runs one named check; a thrown error fails it and the run goes on. */
export async function check(name, fn) {
  try {
    await fn();
    counts.passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    counts.failed++;
    console.log(`FAIL ${name}\n     ${String(e?.message ?? e).split("\n").join("\n     ")}`);
  }
}
export function equal(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Debian's Chromium, headless unless `--headed` is given. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: !process.argv.includes("--headed"),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-quic",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Newest modification time (ms) of the files under the given directories of the repository. */
function newestMtime(dirs) {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "dist" || e.name === "screenshots") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(repo, d));
  return newest;
}

/** build/site, built now unless it is newer than every source it comes from. */
export async function ensureSite() {
  let builtAt = 0;
  try {
    builtAt = statSync(join(siteDir, "index.html")).mtimeMs;
  } catch { /* not built yet */ }
  if (builtAt > newestMtime(["web", "src"])) return siteDir;
  const { buildSite } = await import("../../scripts/build-web.mjs");
  await buildSite({ outDir: siteDir });
  return siteDir;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * A static server for `dir` under `base` (like any static host: files only, index.html for a directory,
 * 404 for the rest; `/` redirects to `base`). Resolves with the node:http server once it listens on port.
 */
export function serveStatic(dir, base, port) {
  const root = resolve(dir);
  const server = createHttpServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/") {
      res.writeHead(302, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      res.writeHead(404).end("not under " + base);
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const size = statSync(file).size;
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "content-length": size,
        "cache-control": "no-cache",
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((res, rej) => {
    server.on("error", rej);
    server.listen(port, "127.0.0.1", () => res(server));
  });
}

/**
 * The playground (Vite's dev server or the built site, per `target`) and a headless Chromium
 * (`--headed` shows it); `stop()` closes both. `url` is the playground's address (ending in "/").
 * The dev server gets a private, cold dependency cache and no HMR or file watching: other people
 * editing src/ while a test runs must not reload the page under test.
 */
export async function startPlayground() {
  const port = await freePort();
  let close, server;
  if (target === "site") {
    const dir = await ensureSite();
    server = await serveStatic(dir, SITE_BASE, port);
    close = () => new Promise((res) => server.close(res));
  } else {
    const cacheDir = mkdtempSync(join(tmpdir(), "clockmath-vite-cache-"));
    server = await createServer({
      configFile: join(repo, "web/vite.config.ts"),
      cacheDir,
      logLevel: "warn",
      server: { host: "127.0.0.1", port, strictPort: true, hmr: false, watch: null },
    });
    await server.listen();
    close = async () => {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    };
  }
  const url = `http://127.0.0.1:${port}${target === "site" ? SITE_BASE : "/"}`;
  console.log(`target ${target}: ${url}`);
  const browser = await launchChromium();
  const stop = async () => {
    await browser.close();
    await close();
  };
  return { port, url, server, browser, stop };
}

/**
 * One playground page test: the playground and Chromium, the page at `#hash` (openPage options in
 * `opts`), then `body(page)` with its checks; a screenshot when asked for, a last check that no page
 * or console error happened, and the closing line.
 */
export async function pageTest(hash, opts, body) {
  const { url, browser, stop } = await startPlayground();
  try {
    const { page, problems } = await openPage(browser, `${url}#${hash}`, opts);
    await body(page);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await check("no page errors", async () => equal(problems.join("\n"), "", "problems"));
  } catch (e) {
    aborted(e);
  } finally {
    await stop();
  }
  finish();
}

/** Counts a run that stopped outside any check as one failure and says why. */
export function aborted(e) {
  counts.failed++;
  console.log(`FAIL (aborted) ${e?.stack ?? e}`);
}

/**
 * A new page at `url` whose page errors and console errors are collected in the returned
 * `problems` (a test ends by checking it is empty).
 */
export async function openPage(browser, url, { width = 1440, height = 1200, timeout = 15_000 } = {}) {
  const problems = [];
  // A context of its own (as browser.newPage makes), but one that axe (@axe-core/playwright) accepts; closed
  // with its page.
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on("close", () => context.close().catch(() => {}));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.setDefaultTimeout(timeout);
  await page.goto(url);
  return { page, problems };
}

/** Prints the closing line and sets the exit code (a run with no check passed fails). */
export function finish() {
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

/**
 * The playground's page ids in tab order, read from the tab list of a loaded playground page; with
 * `--pages=a,b` on the command line, only those (to rerun one page's generic checks).
 */
export async function listPages(page) {
  const tabs = page.getByRole("tab");
  await tabs.first().waitFor();
  const ids = await tabs.evaluateAll((els) => els.map((el) => el.id.replace(/^tab-/, "")));
  const only = process.argv.find((a) => a.startsWith("--pages="))?.slice("--pages=".length).split(",");
  return only ? ids.filter((id) => only.includes(id)) : ids;
}

/**
 * Waits until the panel of page `id` is shown and loaded (its module imported, no "Loading…" status)
 * and the page has settled: no request in flight and two quiet animation frames.
 */
export async function pageReady(page, id) {
  const panel = page.locator(`#panel-${id}`);
  await panel.waitFor();
  await page.waitForFunction((id) => {
    const app = document.querySelector("cm-app");
    const p = app?.shadowRoot?.querySelector(`#panel-${id}`);
    if (!p || p.hidden || p.querySelector('[role="status"]')?.textContent.includes("Loading")) return false;
    const el = p.lastElementChild;
    return el !== null && el.shadowRoot !== null && el.shadowRoot.childElementCount > 0;
  }, id);
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Source of a function, for page.evaluate, that lists every element under `root` matching `selector`,
 * looking into open shadow roots (Playwright's CSS locators pierce them too; this is for code run in the page).
 */
export const DEEP_QUERY_ALL = `function deepQueryAll(selector, root = document) {
  const out = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll("*")) {
      if (el.matches(selector)) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}`;
