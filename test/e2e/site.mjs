// The static site of `npm run build:web` (build/site/) as a deployment would serve it: under a sub-path
// (two different ones), by a plain static server. Every URL in it is relative; every page loads with no
// failed request and no request outside the sub-path; the WebAssembly core is compiled from the bundle
// and answers (a UTC → TAI conversion on the built-in leap table).
//
//   node test/e2e/site.mjs
//
// Rebuilds build/site when it is older than web/ or src/ (harness.ensureSite). Prints `N passed, N failed`
// last and exits non-zero on any failure.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  aborted,
  assert,
  check,
  ensureSite,
  equal,
  finish,
  freePort,
  launchChromium,
  listPages,
  openPage,
  pageReady,
  repo,
  serveStatic,
} from "./harness.mjs";

const dir = await ensureSite();
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else files.push(join(d, e.name));
  }
};
walk(dir);

await check("build/site: outside the npm package (dist/), an index.html and its assets", async () => {
  assert(!relative(repo, dir).startsWith("dist"), dir);
  assert(files.some((f) => f.endsWith("index.html")), "index.html");
  assert(files.some((f) => f.endsWith(".js")) && files.some((f) => f.endsWith(".css")), files.join(", "));
});

await check("every URL in index.html, the CSS and the JavaScript is relative", async () => {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const abs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !/^(\.\/|data:)/.test(u));
  equal(abs.join(" "), "", "absolute or root-relative URLs in index.html");
  for (const f of files.filter((f) => /\.(js|css)$/.test(f))) {
    const text = readFileSync(f, "utf8");
    assert(!/["'(]\/assets\//.test(text), `${relative(dir, f)} refers to /assets/ from the root`);
  }
});

const browser = await launchChromium();
try {
  for (const base of ["/some/sub/path/", "/a/b/"]) {
    const port = await freePort();
    const server = await serveStatic(dir, base, port);
    const url = `http://127.0.0.1:${port}${base}`;
    try {
      const first = await openPage(browser, url);
      const ids = await listPages(first.page);
      await first.page.close();
      await check(`under ${base}: ${ids.length} pages listed`, async () => {
        assert(ids.length >= 6 && ids.includes("leap") && ids.includes("jitter"), ids.join(", "));
      });
      for (const id of ids) {
        await check(`under ${base}: #${id} loads with every request answered, none outside ${base}`, async () => {
          const context = await browser.newContext();
          const requests = [];
          context.on("request", (r) => requests.push(r));
          const bad = [];
          context.on("requestfailed", (r) => bad.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
          context.on("response", (r) => {
            if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
          });
          const page = await context.newPage();
          const errors = [];
          page.on("pageerror", (e) => errors.push(e.message));
          page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
          // Count WebAssembly compilations: the core is compiled from the bytes inside the bundle.
          await page.addInitScript(() => {
            globalThis.__cmWasm = 0;
            const M = WebAssembly.Module;
            WebAssembly.Module = function (bytes) {
              globalThis.__cmWasm++;
              return new M(bytes);
            };
            WebAssembly.Module.prototype = M.prototype;
            for (const k of ["compile", "instantiate"]) {
              const f = WebAssembly[k];
              WebAssembly[k] = (...a) => {
                globalThis.__cmWasm++;
                return f.apply(WebAssembly, a);
              };
            }
          });
          try {
            await page.goto(`${url}#${id}`);
            await pageReady(page, id);
            if (id === "leap") {
              await page.getByRole("textbox", { name: /^UTC/ }).fill("2016-12-31T23:59:60.5Z");
              equal(await page.getByRole("textbox", { name: /^TAI ns/ }).inputValue(), "1483228836500000000", "TAI");
              assert((await page.evaluate(() => globalThis.__cmWasm)) >= 1, "the core was never compiled");
            }
            const outside = requests.map((r) => r.url()).filter((u) =>
              !u.startsWith(url) && !u.startsWith("data:") && !u.startsWith("blob:")
            );
            equal(outside.join(" "), "", "requests outside the site");
            assert(requests.length >= 3, `only ${requests.length} requests`);
            equal([...bad, ...errors].join("\n"), "", "failed requests and page errors");
          } finally {
            await context.close();
          }
        });
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  }
} catch (e) {
  aborted(e);
} finally {
  await browser.close();
}
finish();
