// The shell↔core contract has one source: assembly/. src/core/exports.ts is generated from it by
// scripts/build.mjs; these tests fail when the generated file, the built core.wasm and the
// sources disagree, and when the core exports something nobody calls.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error: plain JS build script without types
import { readContract, renderExports } from "../../scripts/core-contract.mjs";
import * as generated from "../../src/core/exports.ts";
import { CORE_EXPORT_KINDS } from "../../src/core/exports.ts";

const ROOT = join(import.meta.dirname, "../..");
const wasm = readFileSync(join(ROOT, "build/core.wasm"));
const module = new WebAssembly.Module(wasm);

interface Contract {
  functions: { name: string; params: unknown[] }[];
  constants: { name: string; type: string; value: string }[];
}
const contract: Contract = readContract(join(ROOT, "assembly"));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("the shell↔core contract", () => {
  it("src/core/exports.ts is what the build generates from assembly/ (rebuild after changing the core)", () => {
    expect(readFileSync(join(ROOT, "src/core/exports.ts"), "utf8")).toBe(renderExports(contract));
  });

  it("build/core.wasm exports exactly the generated list, with the same kinds", () => {
    const actual = Object.fromEntries(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
    expect(actual).toEqual(CORE_EXPORT_KINDS);
  });

  it("every function takes the generated number of parameters, and every constant has the generated value", () => {
    const inst = new WebAssembly.Instance(module, {}).exports as Record<string, unknown>;
    for (const f of contract.functions) {
      expect([f.name, (inst[f.name] as (...a: unknown[]) => unknown).length]).toEqual([f.name, f.params.length]);
    }
    for (const c of contract.constants) {
      const g = inst[c.name] as WebAssembly.Global;
      const want = c.type === "bigint" ? BigInt(c.value) : Number(c.value);
      expect([c.name, g.value]).toEqual([c.name, want]);
      expect([c.name, (generated as Record<string, unknown>)[c.name]]).toEqual([c.name, want]);
    }
  });

  it("every export is used by the shell (or, for diagnostics, by a test or bench)", () => {
    const shell = sources(join(ROOT, "src")).filter((p) => !/exports\.ts$|wasm\.generated\.ts$/.test(p)).map((p) =>
      readFileSync(p, "utf8")
    ).join("\n");
    const diag = [...sources(join(ROOT, "test")), ...sources(join(ROOT, "bench"))].filter((p) =>
      !p.endsWith("core-contract.test.ts")
    ).map((p) => readFileSync(p, "utf8")).join("\n");
    const unused = [
      ...contract.functions.filter((f) =>
        !new RegExp(`\\.${f.name}\\b`).test(shell) && !new RegExp(`\\.${f.name}\\(`).test(diag)
      ).map((f) => f.name),
      // a constant counts as used when the shell imports it from the generated file
      ...contract.constants.filter((c) =>
        !new RegExp(`import \\{[^}]*\\b${c.name}\\b[^}]*\\} from "[./]*core/exports\\.ts"`).test(shell)
      ).map((c) => c.name),
    ];
    expect(unused).toEqual([]);
  });
});
