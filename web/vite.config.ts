// Vite config of the playground: `npm start` (dev server) and `npm run build:web` (the static site in build/site/,
// scripts/build-web.mjs). `base: "./"` makes every URL in the built site relative, so it works under any sub-path;
// pages are chosen by the URL fragment (#leap, #smear…), so no server routing is needed.
// The app imports the library from ../src/mod.ts as TypeScript; the WebAssembly core travels
// inline in src/core/wasm.generated.ts (committed; `npm start` and `npm run build` refresh it
// when assembly/ changes), imported by src/core/loader.ts, which is only reached when a page uses it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const repoDir = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root: webDir,
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
    // Not inside the npm package's dist/ (package.json "files").
    outDir: fileURLToPath(new URL("../build/site", import.meta.url)),
    emptyOutDir: true,
    // BigInt literals and private class fields need nothing older than this.
    target: "es2022",
  },
});
