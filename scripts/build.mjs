// npm run build: core (compiled only when assembly/ changed, see core-build.mjs) →
// src/core/wasm.generated.ts (inline bytes) → tsc (JavaScript to build/tsc/, declarations to dist/)
// → one minified bundle in dist/ with two entries: mod.js (inline core) and mod.module.js (workerd,
// Vercel Edge: imports core.wasm). dist/ is what npm ships; build/tsc/ serves the benchmarks.
// `--debug` also builds build/core.debug.wasm (assertions, source map); `--force` recompiles the core.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { minifySync } from "rolldown/experimental";
import { ensureCore } from "./core-build.mjs";

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

const { wasm } = ensureCore({ force: process.argv.includes("--force"), debug: process.argv.includes("--debug") });

rmSync("dist", { recursive: true, force: true });
rmSync("build/tsc", { recursive: true, force: true });
// The project's own TypeScript by path: node_modules/.bin/tsc may be any of the typescript-* aliases
// that the consumer type-check matrix installs (npm links one of the same-named bins at random).
run(process.execPath, [new URL("../node_modules/typescript/bin/tsc", import.meta.url).pathname, "-p", "tsconfig.json"]);
mkdirSync("dist", { recursive: true });
copyFileSync("build/core.wasm", "dist/core.wasm");
// The module entry for runtimes that import .wasm files as compiled modules (workerd, Vercel Edge).
writeFileSync("build/tsc/mod.module.js",
  `// workerd / edge-light entry: the runtime compiles core.wasm at deploy time; nothing is compiled from bytes.\n` +
  `import wasm from "./core.wasm";\nimport { initCore } from "./core/loader.js";\ninitCore(wasm);\nexport * from "./api.js";\n`);
writeFileSync("dist/mod.module.d.ts", `export * from "./api.js";\n`);
// Minified JavaScript (the declarations keep every doc comment): the tarball's size budget
// (test/package/tarball.test.ts). keepNames keeps class names, which error names show. One file per
// source module, so that `sideEffects: false` lets a consumer's bundler drop whole modules: the
// header codecs and Deadline never reach core/loader.js and its inline core
// (test/package/bundle-size.test.ts).
const bundle = await rolldown({
  input: { mod: "build/tsc/mod.js", "mod.module": "build/tsc/mod.module.js" },
  external: (id) => id.endsWith(".wasm"),
  logLevel: "warn",
});
await bundle.write({ dir: "dist", format: "esm", minify: true, keepNames: true, preserveModules: true, preserveModulesRoot: "build/tsc" });
await bundle.close();
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
writeFileSync("dist/core.wasm.d.ts",
  `/** The clockmath core, compiled by the runtime at deploy time (workerd, Vercel Edge): pass it to \`initCore\`. */\n` +
  `declare const core: WebAssembly.Module;\nexport default core;\n`);

// Declarations must read on TypeScript 5.0 (test/package/consumer-types.test.ts compiles them
// there): no `.ts` specifiers, no generic typed arrays (`Int32Array<ArrayBuffer>` is TS 5.7+).
// tsc rewrites relative `.ts` specifiers in the JavaScript only; the declarations get the same here.
const problems = [];
for (const f of walk("dist").filter((f) => f.endsWith(".d.ts"))) {
  const source = readFileSync(f, "utf8");
  const text = source.replace(/((?:from\s+|import\()["'])(\.{1,2}\/[^"']+)\.ts(["'])/g, "$1$2.js$3");
  if (text !== source) writeFileSync(f, text);
  if (/from\s+["'][^"']+\.ts["']/.test(text)) problems.push(`${f}: imports a .ts path`);
  const g = /\b(?:Big)?(?:Int|Uint|Float)(?:8|16|32|64)(?:Clamped)?Array<[^>]*>/.exec(text);
  if (g) problems.push(`${f}: ${g[0]} needs TypeScript 5.7; annotate the declaration without the type argument`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`core.wasm: ${wasm.length} bytes; dist/ written`);
