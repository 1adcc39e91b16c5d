// Shared by the playground page tests: a Vite dev server on a free loopback port, Debian's
// Chromium through playwright-core, and a tiny check/report loop ending in "N passed, N failed".
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { createServer } from "vite";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const screenshot = process.argv.find((a) => a.startsWith("--screenshot="))?.split("=").slice(1).join("=");

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

/**
 * The playground's dev server and a headless Chromium (`--headed` shows it); `stop()` closes both.
 * The server gets a private, cold dependency cache and no HMR or file watching: other people
 * editing src/ while a test runs must not reload the page under test.
 */
export async function startPlayground() {
  const port = await freePort();
  const cacheDir = mkdtempSync(join(tmpdir(), "clockmath-vite-cache-"));
  const server = await createServer({
    configFile: join(repo, "web/vite.config.ts"),
    cacheDir,
    logLevel: "warn",
    server: { host: "127.0.0.1", port, strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  const browser = await launchChromium();
  const stop = async () => {
    await browser.close();
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  };
  return { port, server, browser, stop };
}

/**
 * One playground page test: the dev server and Chromium, the page at `#hash` (openPage options in
 * `opts`), then `body(page)` with its checks; a screenshot when asked for, a last check that no page
 * or console error happened, and the closing line.
 */
export async function pageTest(hash, opts, body) {
  const { port, browser, stop } = await startPlayground();
  try {
    const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/#${hash}`, opts);
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
  const page = await browser.newPage({ viewport: { width, height } });
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
