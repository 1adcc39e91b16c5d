// No import cycles in our own modules (src/, assembly/, web/src/). A cycle makes load order matter:
// src/leap/parse.ts ↔ table.ts overflowed the stack under require() of ESM. Static imports,
// re-exports and dynamic import() are edges; `import type` is erased by the compiler and is not.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(import.meta.dirname, "../..");
const ROOTS = ["src", "assembly", "web/src"].map((r) => join(ROOT, r));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Relative module specifiers a file loads at run time. */
export function runtimeImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1"); // comments out
  const out: string[] = [];
  // import … from "x" / export … from "x" (one statement, possibly over several lines), except type-only ones
  for (const m of code.matchAll(/(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["']([^"']+)["']/g)) {
    if (m[2] === undefined) out.push(m[4]);
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) out.push(m[1]); // import "x"
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]); // import("x")
  return out.filter((s) => s.startsWith("."));
}

function resolveSpec(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, base.replace(/\.js$/, ".ts"), join(base, "index.ts")]) {
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

/** Every cycle's first occurrence found by a depth-first walk, as a list of paths relative to the root. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m].map((p) => relative(ROOT, p)));
      else if (state.get(m) === undefined) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of graph.keys()) if (state.get(n) === undefined) visit(n);
  return cycles;
}

describe("import cycles", () => {
  const all = ROOTS.flatMap(files);
  const graph = new Map(
    all.map((f) => [
      f,
      runtimeImports(readFileSync(f, "utf8")).map((s) => resolveSpec(f, s)).filter((p): p is string => p !== undefined),
    ]),
  );

  it("the walk sees the modules and their imports (it would find nothing if it read nothing)", () => {
    const rel = (p: string) => relative(ROOT, p);
    const edges = (f: string) => (graph.get(join(ROOT, f)) ?? []).map(rel);
    expect(all.length).toBeGreaterThan(60);
    expect(edges("src/leap/table.ts")).toContain("src/leap/parse.ts");
    expect(edges("assembly/leap.ts")).toContain("assembly/wide.ts");
    expect(edges("web/src/pages.ts")).toContain("web/src/pages/about.ts"); // a dynamic import() is an edge
    expect(edges("src/leap/parse.ts")).not.toContain("src/leap/table.ts"); // import type is erased
  });

  it("the walk reports a cycle when there is one", () => {
    const a = "/x/a.ts", b = "/x/b.ts", c = "/x/c.ts";
    expect(findCycles(new Map([[a, [b]], [b, [c]], [c, [a]]])).length).toBe(1);
    expect(findCycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(
      runtimeImports(
        'import type { X } from "./t.ts";\nimport { type Y, z } from "./u.ts";\nexport * from "./v";\nconst m = () => import("./w.ts");',
      ),
    ).toEqual(["./u.ts", "./v", "./w.ts"]);
  });

  it("src/, assembly/ and web/src/ have none", () => {
    expect(findCycles(graph).map((c) => c.join(" → "))).toEqual([]);
  });
});
