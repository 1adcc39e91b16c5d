// Checks the public names of src/api.ts against DESIGN.md "How are things named?", mechanically, with the
// TypeScript compiler: every exported function, class member and interface field reachable from the entry.
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const entry = fileURLToPath(new URL("../../src/api.ts", import.meta.url));

/** One public name: where it is (e.g. "estimateDrift(samples[].t)"), its name and its type as text. */
interface PublicName {
  where: string;
  name: string;
  type: string;
  kind: "parameter" | "field";
}

function publicNames(): PublicName[] {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const module = checker.getSymbolAtLocation(source)!;
  const out: PublicName[] = [];
  const seen = new Set<ts.Type>();
  const ours = (d: ts.Declaration) => !d.getSourceFile().fileName.includes("node_modules");

  // Walks an object type's own properties (interfaces, option bags, results), recursing into element types.
  const visitType = (type: ts.Type, where: string, depth: number) => {
    if (depth > 4 || seen.has(type)) return;
    if (type.isUnion()) {
      for (const t of type.types) visitType(t, where, depth);
      return;
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      for (const t of checker.getTypeArguments(type as ts.TypeReference)) visitType(t, `${where}[]`, depth);
      return;
    }
    const sym = type.getSymbol() ?? type.aliasSymbol;
    const decls = sym?.getDeclarations() ?? [];
    if (!decls.length || !decls.every(ours)) return;
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (type.getCallSignatures().length) return;
    seen.add(type);
    for (const p of type.getProperties()) {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      if (!d || !ours(d)) continue;
      if (p.name.startsWith("#") || p.name.startsWith("__")) continue;
      const pt = checker.getTypeOfSymbolAtLocation(p, d);
      if (pt.getCallSignatures().length) continue; // methods are walked with the class
      out.push({ where: `${where}.${p.name}`, name: p.name, type: checker.typeToString(pt), kind: "field" });
      visitType(pt, `${where}.${p.name}`, depth + 1);
    }
  };
  const visitSignature = (sig: ts.Signature, where: string) => {
    for (const p of sig.getParameters()) {
      const d = p.valueDeclaration!;
      const pt = checker.getTypeOfSymbolAtLocation(p, d);
      out.push({ where: `${where}(${p.name})`, name: p.name, type: checker.typeToString(pt), kind: "parameter" });
      visitType(pt, `${where}(${p.name})`, 1);
    }
    visitType(sig.getReturnType(), `${where}()→`, 1);
  };
  const visitClass = (sym: ts.Symbol, name: string) => {
    const classType = checker.getDeclaredTypeOfSymbol(sym);
    const staticType = checker.getTypeOfSymbolAtLocation(sym, sym.valueDeclaration!);
    for (const sig of staticType.getConstructSignatures()) visitSignature(sig, `new ${name}`);
    for (const [type, prefix] of [[classType, `${name}#`], [staticType, `${name}.`]] as const) {
      for (const p of type.getProperties()) {
        if (p.name.startsWith("#") || p.name === "prototype") continue;
        const d = p.valueDeclaration ?? p.declarations?.[0];
        if (!d || !ours(d)) continue;
        const mods = ts.getCombinedModifierFlags(d);
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        const pt = checker.getTypeOfSymbolAtLocation(p, d);
        const sigs = pt.getCallSignatures();
        if (sigs.length && !ts.isGetAccessor(d)) {
          for (const s of sigs) visitSignature(s, `${prefix}${p.name}`);
        } else {
          out.push({ where: `${prefix}${p.name}`, name: p.name, type: checker.typeToString(pt), kind: "field" });
          visitType(pt, `${prefix}${p.name}`, 1);
        }
      }
    }
  };

  for (const exp of checker.getExportsOfModule(module)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const name = exp.name;
    if (sym.flags & ts.SymbolFlags.Class) visitClass(sym, name);
    else if (sym.flags & ts.SymbolFlags.Function) {
      const t = checker.getTypeOfSymbolAtLocation(sym, sym.valueDeclaration!);
      for (const s of t.getCallSignatures()) visitSignature(s, name);
    } else if (sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      visitType(checker.getDeclaredTypeOfSymbol(sym), name, 0);
    }
  }
  return out;
}

const names = publicNames();
// A ns value is a bigint (optional or nullable), or a BigInt64Array of them.
const isBigint = (type: string) =>
  /^(bigint|BigInt64Array(<ArrayBufferLike>)?|readonly bigint\[\]|bigint\[\])( \| (undefined|null))*$/.test(type);
// Bare time words: an instant or span whose name says neither scale nor unit.
const BARE_TIME = /^(t|at|time|start|end|from|to|when|until|since|begin|expires|updated|instant|timestamp)$/i;
const SCALE_WITHOUT_UNIT = /(Tai|Utc|Unix|Gps|At|Time)$/;

describe("public API naming conventions (DESIGN.md: How are things named?)", () => {
  it("finds the public names (sanity: the walk sees known ones)", () => {
    expect(names.length).toBeGreaterThan(300);
    expect(names.some((n) => n.where === "estimateDrift(samples)")).toBe(true);
  });
  it("every name ending in Ns is a bigint (standard deviations …SdNs excepted; inputs may also take a number)", () => {
    const ok = (n: PublicName) =>
      isBigint(n.type) || /SdNs$/.test(n.name) && n.type === "number" ||
      n.kind === "parameter" && /^(number \| bigint|bigint \| number)$/.test(n.type);
    const bad = names.filter((n) => /Ns$/.test(n.name) && !ok(n)).map((n) => `${n.where}: ${n.type}`);
    expect(bad).toEqual([]);
  });
  it("the options parameter is always named options", () => {
    const bad = names.filter((n) => n.kind === "parameter" && /^opts?$|Opts$/.test(n.name)).map((n) => n.where);
    expect(bad).toEqual([]);
  });
  it("no field or parameter is a bare time word", () => {
    const bad = names.filter((n) => BARE_TIME.test(n.name)).map((n) => `${n.where}: ${n.type}`);
    expect(bad).toEqual([]);
  });
  it("an instant names its unit: no scale word without Ns (startTai, expiresAt)", () => {
    const bad = names.filter((n) => SCALE_WITHOUT_UNIT.test(n.name)).map((n) => `${n.where}: ${n.type}`);
    expect(bad).toEqual([]);
  });
  it("a bigint names its unit (…Ns), or is one of the documented exceptions", () => {
    // Counts that can pass 2^53 (count, overflowCount, HistogramBucket.count), histogram statistics in the
    // histogram's unit (min, max), RFC 5905's t1..t4, PTP's 48-bit seconds, output buffers (into, view), a
    // parameter that is itself named `ns`, the leap table's rows (offset, root, rate as in the TAI−UTC table).
    const allowed = /^(count|overflowCount|min|max|t[1-4]|seconds|into|view|ns|offset|root|rate|sumOfSquaresNs2)$/;
    const bad = names.filter((n) => isBigint(n.type) && !/Ns$|NsPerDay$/.test(n.name) && !allowed.test(n.name))
      .map((n) => `${n.where}: ${n.type}`);
    expect(bad).toEqual([]);
  });
  it("every error is a ClockmathError subclass (a bare ClockmathError only for `internal`; no TypeError/RangeError/Error)", () => {
    const root = fileURLToPath(new URL("../../src/", import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), "utf8");
      for (const m of text.matchAll(/new (ClockmathError\(\s*"([a-z-]+)"|TypeError\(|RangeError\(|Error\()/g)) {
        if (m[2] === "internal") continue;
        bad.push(`${f}: ${m[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
