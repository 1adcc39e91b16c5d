// Shared by the runtime scenarios (vectors, deadlines, timer jitter in workerd and Chromium): a
// checker that ends in "N passed, N failed", real workerd through miniflare running one bundled
// entry, and a page in Chromium with the repository served by Vite (so it can import src/mod.ts).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { createServer } from "vite";
import { bundleWorker } from "./worker-bundle.mjs";
import { freePort, launchChromium, openPage } from "../e2e/harness.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Counts checks for the scenario `name`. `finish()` prints one line per failure and the closing
 * "N passed, N failed", and sets a failing exit code on any failure or when nothing passed.
 */
export function checker(name) {
  let passed = 0;
  const failed = [];
  return {
    check(ok, what, detail) {
      if (ok) passed++;
      else failed.push(`${name} / ${what}${detail === undefined ? "" : `: ${detail}`}`);
    },
    /** Adds results counted elsewhere (a worker's or a page's own run of the vectors). */
    add(p, failures) {
      passed += p;
      failed.push(...failures);
    },
    fail(what) {
      failed.push(`${name} / ${what}`);
    },
    finish(extra = "") {
      for (const f of failed) console.log(`FAIL ${f}`);
      if (extra) console.log(extra);
      console.log(`${passed} passed, ${failed.length} failed`);
      process.exitCode = failed.length > 0 || passed === 0 ? 1 : 0;
    },
  };
}

/**
 * Bundles `entry` as wrangler would (see worker-bundle.mjs) and starts workerd on it.
 * `options(common)` turns the module options every worker shares into Miniflare's options
 * (default: one worker). `close()` disposes of workerd and the bundle.
 */
export async function startWorkerd(entry, prefix, options = (common) => common) {
  const out = await bundleWorker(root, entry, prefix);
  const common = {
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
  };
  let mf;
  try {
    mf = new Miniflare(options(common));
    await mf.ready;
  } catch (e) {
    await mf?.dispose().catch(() => {}); // a runtime that failed to start still holds the process open
    rmSync(out, { recursive: true, force: true });
    throw e;
  }
  return {
    mf,
    out,
    close: async () => {
      await mf.dispose().catch(() => {});
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium on `/{name}.html` (an empty page) with the repository served by Vite, so the page can
 * `await import("/src/mod.ts")`; `middleware(req, res, next)` adds endpoints. Page errors land in
 * `problems`. `close()` stops the browser and the server.
 */
export async function startScenarioPage(name, middleware = (_req, _res, next) => next()) {
  const plugin = {
    name: `${name}-scenario`,
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== `/${name}.html`) return middleware(req, res, next);
        res.setHeader("content-type", "text/html");
        res.end(`<!doctype html><title>${name}</title><link rel="icon" href="data:,"><p>${name} scenario</p>`);
      });
    },
  };
  const port = await freePort();
  const server = await createServer({
    root,
    configFile: false,
    logLevel: "warn",
    plugins: [plugin],
    server: { host: "127.0.0.1", port, strictPort: true, hmr: false },
  });
  await server.listen();
  let browser;
  try {
    browser = await launchChromium();
    const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/${name}.html`, { timeout: 30_000 });
    return {
      page,
      problems,
      close: async () => {
        await browser.close().catch(() => {});
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.close();
    throw e;
  }
}
