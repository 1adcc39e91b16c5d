// Vite config of the playground: `npm start` (dev server) and `vite build web --config web/vite.config.ts`.
// The app imports the library from ../src/mod.ts as TypeScript; the WebAssembly core travels
// inline in src/core/wasm.generated.ts (written by `npm run build`).
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const repoDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * package.json says `"sideEffects": false`, so a production bundle drops src/mod.ts's one
 * statement, `setCoreSource(…)`, and every call then fails with "no WebAssembly core registered".
 * The entry does have a side effect; tell the bundler so.
 */
function keepCoreRegistration(): Plugin {
  const entries = [`${repoDir}src/mod.ts`, `${repoDir}src/mod.module.ts`];
  return {
    name: "clockmath:keep-core-registration",
    enforce: "post",
    transform(code, id) {
      if (entries.includes(id.split("?")[0])) return { code, map: null, moduleSideEffects: true };
      return undefined;
    },
  };
}

export default defineConfig({
  root: webDir,
  plugins: [keepCoreRegistration()],
  base: "./",
  clearScreen: false,
  server: {
    host: "127.0.0.1",
    port: 5173,
    // ../src lives outside the web root.
    fs: { allow: [repoDir] },
  },
  // Crawl every page module at start-up, so that a lazily loaded page never makes Vite discover a
  // new dependency and reload the browser mid-session.
  optimizeDeps: { entries: ["index.html", "src/**/*.ts"] },
  preview: { host: "127.0.0.1", port: 4173 },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // BigInt literals and private class fields need nothing older than this.
    target: "es2022",
  },
});
