// npm run build:web: the playground as a static site in build/site/ (or the directory given as the first
// argument). Relative URLs only (web/vite.config.ts: base "./"), so the directory can be served under any
// path, e.g. https://example.org/some/sub/path/; the core's WebAssembly travels inside the JavaScript
// (src/core/wasm.generated.ts), so no server MIME type or extra request is involved, and the leap table
// is the built-in one. test/e2e/harness.mjs serves it under a sub-path for the e2e run (--target=site).
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";
import { ensureCore } from "./core-build.mjs";

const root = resolve(import.meta.dirname, "..");

/** Builds the site into outDir (default build/site); returns the directory and the total size in bytes. */
export async function buildSite({ outDir = join(root, "build/site"), log = console.log } = {}) {
  const started = Date.now();
  ensureCore({ log: () => {} });
  await build({
    configFile: join(root, "web/vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
  let bytes = 0, files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += statSync(p).size;
        files++;
      }
    }
  };
  walk(outDir);
  log(
    `site: ${outDir} (${files} files, ${(bytes / 1024).toFixed(0)} KiB) in ${
      ((Date.now() - started) / 1000).toFixed(1)
    } s`,
  );
  return { outDir, bytes };
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  await buildSite({ outDir: process.argv[2] ? resolve(process.argv[2]) : undefined });
}
