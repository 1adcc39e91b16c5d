// The shell↔core contract, read from the core's own sources: every `export function` and
// `export const` that assembly/index.ts re-exports becomes one entry of src/core/exports.ts (the
// TypeScript view the shell calls through) and every exported constant becomes a TS constant of
// the same name and value (layout sizes, shape codes). scripts/build.mjs writes the file;
// test/unit/core-contract.test.ts checks it against build/core.wasm, so neither side can drift.
//
// The reader is deliberately small: it understands the declarations the core writes (one
// `export function name(params): type {` per line, `export const NAME: type = <integer literal>;`)
// and throws on anything else it cannot map, so a new form fails the build instead of vanishing.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const NUMBER = new Set(["i8", "u8", "i16", "u16", "i32", "u32", "isize", "usize", "f32", "f64", "bool"]);
const BIGINT = new Set(["i64", "u64"]);

function tsType(t, where) {
  if (t === "void") return "void";
  if (NUMBER.has(t)) return "number";
  if (BIGINT.has(t)) return "bigint";
  throw new Error(`core-contract: ${where}: no JS type for the wasm type ${JSON.stringify(t)}`);
}

/** Files assembly/index.ts re-exports, in order. */
function modules(dir) {
  const index = readFileSync(join(dir, "index.ts"), "utf8");
  const out = [];
  for (const line of index.split("\n")) {
    const m = /^export \* from "\.\/([\w-]+)";\s*$/.exec(line);
    if (m) out.push(m[1]);
    else if (/^export\b/.test(line)) {
      throw new Error(
        `core-contract: assembly/index.ts: only \`export * from "./x"\` lines are understood, got ${line}`,
      );
    }
  }
  return out;
}

/**
 * The contract: { functions: [{ name, params: [{ name, type }], ret, doc, file }],
 * constants: [{ name, type, value, doc, file }] } in source order.
 */
export function readContract(dir = "assembly") {
  const functions = [];
  const constants = [];
  for (const mod of modules(dir)) {
    const file = `${mod}.ts`;
    const lines = readFileSync(join(dir, file), "utf8").split("\n");
    const known = new Map(constants.map((c) => [c.name, BigInt(c.value)])); // earlier files' constants
    lines.forEach((line, i) => {
      const where = `assembly/${file}:${i + 1}`;
      const local = /^const (\w+)(?:: \w+)? = ([^;]+);/.exec(line);
      if (local) {
        try {
          known.set(local[1], evaluate(local[2], known, where));
        } catch { /* not a constant integer: not layout */ }
        return;
      }
      if (!line.startsWith("export ")) return;
      const doc = docAbove(lines, i);
      let m = /^export function (\w+)\(([^)]*)\): (\w+) \{/.exec(line);
      if (m) {
        const params = m[2].trim() === "" ? [] : m[2].split(",").map((p) => {
          const pm = /^\s*(\w+): (\w+)\s*$/.exec(p);
          if (!pm) throw new Error(`core-contract: ${where}: cannot read parameter ${JSON.stringify(p)}`);
          return { name: pm[1], type: tsType(pm[2], where) };
        });
        functions.push({ name: m[1], params, ret: tsType(m[3], where), doc, file });
        return;
      }
      m = /^export const (\w+): (\w+) = ([^;]+);/.exec(line);
      if (m) {
        const type = tsType(m[2], where);
        const value = evaluate(m[3], known, where);
        known.set(m[1], value);
        constants.push({ name: m[1], type, value: String(value), doc, file });
        return;
      }
      throw new Error(
        `core-contract: ${where}: cannot read this export (write one-line \`export function f(a: T): R {\` or \`export const X: T = 123;\`): ${line}`,
      );
    });
  }
  return { functions, constants };
}

// An integer constant expression: literals, names of constants defined above, + - * << >> and
// parentheses, evaluated exactly (bigint). Anything else throws.
function evaluate(expr, known, where) {
  const js = expr.replace(/<\w+>/g, "").replace(/\b[A-Za-z_]\w*\b|\b\d[\d_]*\b/g, (tok) => {
    if (/^\d/.test(tok)) return `${tok.replaceAll("_", "")}n`;
    if (!known.has(tok)) throw new Error(`core-contract: ${where}: ${tok} is not a constant defined above`);
    return `(${known.get(tok)}n)`;
  });
  if (!/^[\dn\s+\-*()<>]+$/.test(js)) {
    throw new Error(`core-contract: ${where}: not an integer constant expression: ${expr}`);
  }
  return Function(`"use strict"; return (${js});`)();
}

// The first sentence of a /** */ or // comment directly above line i, for the generated doc.
function docAbove(lines, i) {
  let j = i - 1;
  while (j >= 0 && /^\s*(\/\/ @ts-ignore|@inline)/.test(lines[j])) j--;
  if (j < 0) return "";
  const text = [];
  if (/\*\/\s*$/.test(lines[j])) {
    while (j >= 0 && !/\/\*\*/.test(lines[j])) text.unshift(lines[j--]);
    if (j >= 0) text.unshift(lines[j]);
  } else {
    while (j >= 0 && /^\s*\/\/ /.test(lines[j])) text.unshift(lines[j--]);
  }
  return text.map((l) => l.replace(/^\s*(\/\*\*|\*\/|\*|\/\/)\s?/, "").replace(/\*\/\s*$/, "").trim()).filter(Boolean)
    .join(" ");
}

/** The text of src/core/exports.ts for a contract. */
export function renderExports({ functions, constants }) {
  const out = [];
  out.push("// Generated by scripts/build.mjs (scripts/core-contract.mjs) from the export lists of assembly/.");
  out.push("// Do not edit: change the core and rebuild. test/unit/core-contract.test.ts checks this file against");
  out.push("// build/core.wasm.");
  out.push("");
  out.push("/** The raw exports of the AssemblyScript core (assembly/index.ts). */");
  out.push("export interface CoreExports {");
  out.push("  memory: WebAssembly.Memory;");
  let file = "";
  for (const f of functions) {
    if (f.file !== file) out.push(`  // assembly/${(file = f.file)}`);
    if (f.doc) out.push(`  /** ${f.doc.replaceAll("*/", "*\\/")} */`);
    out.push(`  ${f.name}(${f.params.map((p) => `${p.name}: ${p.type}`).join(", ")}): ${f.ret};`);
  }
  if (constants.length > 0) {
    out.push("  // exported constants (wasm globals; the same values are the TS constants below)");
  }
  for (const c of constants) out.push(`  ${c.name}: WebAssembly.Global;`);
  out.push("}");
  out.push("");
  out.push("/** Every export of the core by name and kind, as WebAssembly.Module.exports() lists them. */");
  out.push('export const CORE_EXPORT_KINDS: Readonly<Record<string, "function" | "global" | "memory">> = {');
  out.push('  memory: "memory",');
  for (const f of functions) out.push(`  ${f.name}: "function",`);
  for (const c of constants) out.push(`  ${c.name}: "global",`);
  out.push("};");
  for (const c of constants) {
    out.push("");
    out.push(`/** assembly/${c.file}${c.doc ? `: ${c.doc.replaceAll("*/", "*\\/")}` : ""} */`);
    out.push(`export const ${c.name} = ${c.value}${c.type === "bigint" ? "n" : ""};`);
  }
  return out.join("\n") + "\n";
}
