// The declarations as consumers meet them: test/package/fixtures/consumer/index.ts type-checks
// against the built package (resolved by name through package.json "exports", like an installed
// dependency) on every TypeScript the matrix installs (devDependencies typescript-5.0 …) and with
// moduleResolution node16, nodenext and bundler. skipLibCheck is off: our .d.ts files are checked.
// Needs `npm run build`.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const COMPILERS = ["typescript-5.0", "typescript-5.4", "typescript", "typescript-6", "typescript-7"];
const MODES = [
  { moduleResolution: "node16", module: "node16" },
  { moduleResolution: "nodenext", module: "nodenext" },
  { moduleResolution: "bundler", module: "esnext" },
];

function consumer(mode: (typeof MODES)[number]): string {
  const dir = join(ROOT, "build/consumer-types", mode.moduleResolution);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  cpSync(join(import.meta.dirname, "fixtures/consumer/index.ts"), join(dir, "index.ts"));
  symlinkSync(ROOT, join(dir, "node_modules/clockmath"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        ...mode,
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        preserveSymlinks: false,
      },
      files: ["index.ts"],
    }),
  );
  return dir;
}

const run = promisify(execFile);

describe.concurrent.each(MODES)("moduleResolution $moduleResolution", (mode) => {
  const dir = consumer(mode);
  it.each(COMPILERS)("%s type-checks the consumer", { timeout: 240_000 }, async (compiler) => {
    const tsc = join(ROOT, "node_modules", compiler, "bin/tsc");
    const version = (await run(process.execPath, [tsc, "--version"], { encoding: "utf8" })).stdout.trim();
    let out = "";
    try {
      out = (await run(process.execPath, [tsc, "-p", dir], { encoding: "utf8", cwd: dir })).stdout;
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out, `${version}, ${mode.moduleResolution}`).toBe("");
  });
});
