// npm run build: core (compiled only when assembly/ changed, see core-build.mjs) →
// src/core/wasm.generated.ts (inline bytes, deflated) → tsc (JavaScript to build/tsc/, declarations
// to build/types/) → minified JavaScript in dist/, one file per source module, and one rolled-up
// declaration file, dist/mod.d.ts. Entries: mod.js (inline core) and mod.module.js (workerd, Vercel
// Edge: imports core.wasm, then re-exports mod.js). dist/ is what npm ships; build/tsc/ is tsc's
// unbundled output, which the benchmarks import (one module instance with every internal export:
// the minified dist drops the ones the library itself never imports, such as the layout constants
// the bench rows read).
// `--debug` also builds build/core.debug.wasm (assertions, source map); `--force` recompiles the core.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { minifySync } from "rolldown/experimental";
import { ensureCore } from "./core-build.mjs";
import { readContract, renderExports } from "./core-contract.mjs";

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]
  );
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

// The shell's view of the core (src/core/exports.ts) comes from the core's sources: one contract.
writeIfChanged("src/core/exports.ts", renderExports(readContract("assembly")));

const { wasm } = ensureCore({ force: process.argv.includes("--force"), debug: process.argv.includes("--debug") });

rmSync("dist", { recursive: true, force: true });
rmSync("build/tsc", { recursive: true, force: true });
rmSync("build/types", { recursive: true, force: true });
// The project's own TypeScript by path: node_modules/.bin/tsc may be any of the typescript-* aliases
// that the consumer type-check matrix installs (npm links one of the same-named bins at random).
// Declarations go to build/types/, one per module; dist/ gets them rolled into one file (below).
run(process.execPath, [
  new URL("../node_modules/typescript/bin/tsc", import.meta.url).pathname,
  "-p",
  "tsconfig.json",
  "--declarationDir",
  "build/types",
]);
mkdirSync("dist", { recursive: true });
copyFileSync("build/core.wasm", "dist/core.wasm");
// Minified JavaScript (the declarations keep every doc comment): the tarball's size budget
// (test/package/tarball.test.ts). keepNames keeps class names, which error names show. One file per
// source module, so that `sideEffects: false` lets a consumer's bundler drop whole modules: the
// header codecs and Deadline never reach core/loader.js and its inline core
// (test/package/bundle-size.test.ts).
// core/loader.js imports the inline bytes as `#core-inline` (package.json "imports"): the default
// condition maps it to core/inline.js, workerd and edge-light to core/no-inline.js (below), so
// their bundles carry core.wasm only.
const coreInline = {
  name: "clockmath:core-inline",
  resolveId(source, importer) {
    if (source === "./inline.js" && importer?.replaceAll("\\", "/").endsWith("/core/loader.js")) {
      return { id: "#core-inline", external: true };
    }
    return null;
  },
};
const bundle = await rolldown({
  input: {
    mod: "build/tsc/mod.js",
    "core/inline": "build/tsc/core/inline.js",
    "cli/bin": "build/tsc/cli/bin.js",
  },
  plugins: [coreInline],
  // core.wasm stays a file the runtime compiles; packages (dependencies) stay imports the consumer resolves.
  external: (id) => id.endsWith(".wasm") || !/^[./]|^[A-Za-z]:[\\/]|^\0/.test(id),
  logLevel: "warn",
});
await bundle.write({
  dir: "dist",
  format: "esm",
  minify: true,
  keepNames: true,
  preserveModules: true,
  preserveModulesRoot: "build/tsc",
});
await bundle.close();
// The module entry for runtimes that import .wasm files as compiled modules (workerd, Vercel Edge):
// it hands core.wasm to the loader and re-exports the default entry (a second copy of mod.js's
// export list, as a bundled entry, was 2.4 KB gzip in the tarball).
writeFileSync(
  "dist/mod.module.js",
  `// workerd / edge-light entry: the runtime compiles core.wasm at deploy time; nothing is compiled from bytes.\n` +
    `import wasm from "./core.wasm";\nimport { initCore } from "./core/loader.js";\ninitCore(wasm);\nexport * from "./mod.js";\n`,
);
writeFileSync(
  "dist/core/no-inline.js",
  `// #core-inline under the workerd and edge-light conditions: no bytes; mod.module.js hands over core.wasm.\n` +
    `import { ClockmathError } from "../errors.js";\n` +
    `export function inlineCoreModule() {\n` +
    `  throw new ClockmathError("internal", "no WebAssembly core registered: under the workerd / edge-light conditions the core is ` +
    `core.wasm; import clockmath through its package entry, or call initCore(module) first");\n}\n`,
);
// A line break before each declaration: an uncaught error then shows one statement of the bundle,
// not all 150 KB of it. Checked, not trusted: the broken code must minify back to the same text
// (so no break landed inside a string or template).
for (const f of walk("dist").filter((f) => f.endsWith(".js"))) {
  const code = readFileSync(f, "utf8");
  const broken = code.replace(/([;}])(?=(?:async function|function|var|let|const|class|export)\b)/g, "$1\n");
  const flat = (c) => minifySync(f, c, { compress: false, mangle: false, codegen: { removeWhitespace: true } }).code;
  if (flat(broken) !== flat(code)) throw new Error(`${f}: line breaks changed the code`);
  if (broken !== code) writeFileSync(f, broken);
}
// Types of the `clockmath/core.wasm` export: what workerd, Vercel Edge and wrangler's bundler hand over.
writeFileSync(
  "dist/core.wasm.d.ts",
  `/** The clockmath core, compiled by the runtime at deploy time (workerd, Vercel Edge): pass it to \`initCore\`. */\n` +
    `declare const core: WebAssembly.Module;\nexport default core;\n`,
);

// Declarations must read on TypeScript 5.0 (test/package/consumer-types.test.ts compiles them
// there): no `.ts` specifiers, no generic typed arrays (`Int32Array<ArrayBuffer>` is TS 5.7+).
// tsc rewrites relative `.ts` specifiers in the JavaScript only; the declarations get the same here.
for (const f of walk("build/types").filter((f) => f.endsWith(".d.ts"))) {
  const source = readFileSync(f, "utf8");
  // `interface X extends Disposable {}` (the `using` hook, installed at run time) names a type of
  // lib esnext.disposable, which TypeScript < 5.2 and projects without that lib lack: the shipped
  // declarations leave it out, so `using` type-checks only against the sources (Deno, JSR).
  const text = source.replace(/((?:from\s+|import\()["'])(\.{1,2}\/[^"']+)\.ts(["'])/g, "$1$2.js$3")
    .replace(/^export interface \w+ extends Disposable \{\s*\}\n?/gm, "");
  if (text !== source) writeFileSync(f, text);
}
// One declaration file for the package, rolled up from the entry's (dts-bundle-generator): only
// what src/mod.ts exports, with the doc comments of those symbols (what editors show), and none of
// the internal modules' declarations (e.g. the core's export table), which are not the public API.
// One file per module was 54 KB of the tarball; this one is about 37 KB (bench note in
// test/package/package.test.ts).
writeFileSync(
  "build/types/tsconfig.json",
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2022", "DOM"],
      strict: true,
      skipLibCheck: true,
      types: [],
    },
    files: ["mod.d.ts"],
  }),
);
run(process.execPath, [
  new URL("../node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js", import.meta.url).pathname,
  "--silent",
  "--no-check",
  "--no-banner",
  "--export-referenced-types",
  "false",
  "--project",
  "build/types/tsconfig.json",
  "-o",
  "dist/mod.d.ts",
  "build/types/mod.d.ts",
]);
writeFileSync("dist/mod.module.d.ts", `export * from "./mod.js";\n`);
const problems = [];
for (const f of walk("dist").filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(f, "utf8");
  if (/from\s+["'][^"']+\.ts["']/.test(text)) problems.push(`${f}: imports a .ts path`);
  if (/\bDisposable\b|Symbol\.dispose/.test(text.replace(/\/\*[\s\S]*?\*\//g, ""))) {
    problems.push(`${f}: names Disposable or Symbol.dispose (TypeScript 5.2+ with lib esnext.disposable)`);
  }
  const g = /\b(?:Big)?(?:Int|Uint|Float)(?:8|16|32|64)(?:Clamped)?Array<[^>]*>/.exec(text);
  if (g) problems.push(`${f}: ${g[0]} needs TypeScript 5.7; annotate the declaration without the type argument`);
  // Relative imports would name declarations that are not shipped.
  for (const m of text.matchAll(/(?:from\s+|import\()["'](\.{1,2}\/[^"']+)["']/g)) {
    if (!["./mod.js"].includes(m[1])) problems.push(`${f}: imports ${m[1]}, which has no declarations in dist/`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`core.wasm: ${wasm.length} bytes; dist/ written`);

// Leaves the file (and its mtime) alone when the text is the same, so watchers do not rebuild.
function writeIfChanged(target, text) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch { /* not written yet */ }
  if (current !== text) writeFileSync(target, text);
}
