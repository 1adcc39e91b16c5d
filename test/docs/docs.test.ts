// Docs that run: every ts/js block of README.md and DESIGN.md is a complete program, run against
// the built package (`import … from "clockmath"` resolves through package.json "exports" to dist/,
// as for a user), and the values its comments state are checked (convention in doc-blocks.ts).
// A renamed or removed export fails here as the block that uses it. The network is a stub: fetch
// serves the leap files from CLOCKMATH_DATA for the leap-data URLs and "ok" for anything else.
// Also: the README's error codes are the ErrorCode type, stated file sizes match the built files
// (and the tarball's, `npm pack`),
// the install section names this version. Needs `npm run build`.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { dataDir } from "../data-dir.mjs";
import { CHECK_HELPERS, extractBlocks, toProgram } from "./doc-blocks.ts";

const ROOT = join(import.meta.dirname, "../..");
const OUT = join(ROOT, "build/doc-blocks");
const run = promisify(execFile);
const read = (f: string) => readFileSync(join(ROOT, f), "utf8");

const FETCH_STUB = `
const __leapFile = ${JSON.stringify(join(dataDir("leap"), "leap-seconds.list"))};
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  init?.signal?.throwIfAborted?.();
  if (/leap-seconds\\.list$/.test(url)) {
    const { readFileSync } = await import("node:fs");
    return new Response(readFileSync(__leapFile, "utf8"), { status: 200 });
  }
  return new Response("ok", { status: 200 });
};
`;

const files = ["README.md", "DESIGN.md"];
const blocks = files.flatMap((f) => extractBlocks(f, read(f)));

describe("code blocks run as programs against the built package", () => {
  mkdirSync(OUT, { recursive: true });
  it("README.md has blocks with checked values", () => {
    const readme = blocks.filter((b) => b.file === "README.md" && !b.skip);
    expect(readme.length).toBeGreaterThanOrEqual(6);
    expect(readme.reduce((n, b) => n + b.checks, 0)).toBeGreaterThanOrEqual(20);
  });

  it.concurrent.each(blocks.filter((b) => !b.skip).map((b) => [`${b.file}:${b.line}`, b] as const))(
    "%s",
    { timeout: 60_000 },
    async (name, block) => {
      const program = toProgram(block, CHECK_HELPERS + FETCH_STUB);
      const file = join(OUT, `${name.replace(/[^\w]+/g, "-")}.mjs`);
      writeFileSync(file, program);
      let out: { stdout: string; stderr: string };
      try {
        out = await run(process.execPath, [file], { cwd: ROOT, encoding: "utf8", timeout: 50_000 });
      } catch (e) {
        const err = e as { stderr?: string; stdout?: string };
        throw new Error(`${name} failed (program: ${file}):\n${err.stderr ?? ""}${err.stdout ?? ""}`);
      }
      expect(out.stdout).toContain(`doc block ok: ${block.checks} checks`);
    },
  );
});

describe("docs agree with the code", () => {
  it("README's error codes are exactly the ErrorCode type", () => {
    const src = read("src/errors.ts");
    const type = /export type ErrorCode =([^;]+);/.exec(src);
    expect(type).not.toBeNull();
    const codes = [...type![1].matchAll(/"([a-z-]+)"/g)].map((m) => m[1]).sort();
    const section = /## Errors\n([\s\S]*?)\n## /.exec(read("README.md"));
    expect(section, "README.md needs an ## Errors section").not.toBeNull();
    // One or more spaces before the next cell: `npm run fmt` pads the columns of markdown tables to one width.
    const listed = [...section![1].matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(codes);
  });

  it("every file size the docs state matches the built file (1 KB = 1000 bytes)", () => {
    let checked = 0;
    for (const f of files) {
      // "`build/core.wasm` … about 22 KB": a backticked build/ or dist/ path and a size in the same sentence.
      for (const m of read(f).matchAll(/`((?:build|dist)\/[\w./-]+)`[^.`]*?(about |≈ ?)?(\d+(?:\.\d)?) KB/g)) {
        const bytes = statSync(join(ROOT, m[1])).size;
        const stated = Number(m[3]) * 1000;
        if (m[2]) expect(Math.abs(bytes - stated) / stated, `${f}: ${m[0]} (${bytes} bytes)`).toBeLessThanOrEqual(0.1);
        else expect((bytes / 1000).toFixed(m[3].includes(".") ? 1 : 0), `${f}: ${m[0]}`).toBe(m[3]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("the tarball size and file count the docs state match `npm pack` (1 KB = 1000 bytes)", async () => {
    const out = (await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT })).stdout;
    const pack = JSON.parse(out)[0] as { size: number; entryCount: number };
    let checked = 0;
    for (const f of files) {
      // "The npm tarball is about 152 KB (79 files)"
      for (const m of read(f).matchAll(/npm tarball is\s+about (\d+(?:\.\d)?) KB \((\d+) files\)/g)) {
        const stated = Number(m[1]) * 1000;
        expect(Math.abs(pack.size - stated) / stated, `${f}: ${m[0]} (${pack.size} bytes)`).toBeLessThanOrEqual(0.05);
        expect(pack.entryCount, `${f}: ${m[0]}`).toBe(Number(m[2]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });

  it("the install section names this version and the package's own name", () => {
    const pkg = JSON.parse(read("package.json"));
    const deno = JSON.parse(read("deno.json").replace(/^\s*\/\/.*$/gm, ""));
    const install = /## Install\n([\s\S]*?)\n## /.exec(read("README.md"));
    expect(install, "README.md needs an ## Install section").not.toBeNull();
    const text = install![1];
    expect(text).toContain(`npm i ${pkg.name}`);
    expect(text).toContain(`jsr:${deno.name}`);
    const cdn = [...text.matchAll(/https:\/\/[\w.-]+\/(?:npm\/)?([\w@/.-]+?)@(\d+\.\d+\.\d+)/g)];
    expect(cdn.length).toBeGreaterThan(0);
    for (const m of cdn) expect([m[1], m[2]]).toEqual([pkg.name, pkg.version]);
  });
});
