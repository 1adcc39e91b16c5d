// Bundles a worker entry the way wrangler would for the package's `workerd` export condition:
// clockmath resolves to dist/mod.module.js and `./core.wasm` stays an import that workerd compiles
// (miniflare's CompiledWasm rule). Returns the directory holding worker.js and core.wasm.
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";

export async function bundleWorker(root, entry, prefix) {
  if (!existsSync(join(root, "dist/mod.module.js")) || !existsSync(join(root, "dist/core.wasm"))) {
    throw new Error("dist/mod.module.js or dist/core.wasm missing: run `npm run build` first");
  }
  const out = mkdtempSync(join(tmpdir(), prefix));
  await build({
    root,
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    resolve: { conditions: ["workerd", "worker", "browser", "module", "import", "default"] },
    plugins: [{
      name: "external-wasm",
      enforce: "pre",
      resolveId(source) {
        if (source.endsWith(".wasm")) return { id: "./core.wasm", external: true };
      },
    }],
    build: {
      outDir: out,
      emptyOutDir: true,
      minify: false,
      target: "es2022",
      lib: { entry: join(root, entry), formats: ["es"], fileName: () => "worker.js" },
    },
  });
  copyFileSync(join(root, "dist/core.wasm"), join(out, "core.wasm"));
  return out;
}
