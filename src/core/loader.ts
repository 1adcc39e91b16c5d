// Synchronous loading of the core in every runtime. Nothing here awaits: the module comes either
// from the inline bytes below (Node, Deno, browsers: compiled on first use) or from a precompiled
// WebAssembly.Module handed over by an entry point (workerd and Vercel Edge import the .wasm file
// as a module, because they refuse to compile from bytes) or by the user through `initCore`.
//
// The inline bytes (./inline.ts) are imported here, by the one module that calls into them, and
// not registered by the package entry: an entry with a side effect would keep the bytes in every
// bundle, even one that imports only the pure-TypeScript parts (header codecs, Deadline), which
// never reach core(). In the npm package this import is `#core-inline` (package.json "imports"),
// which the workerd and edge-light conditions resolve to a module without the bytes.
import type { CoreExports } from "./exports.ts";
import { inlineCoreModule } from "./inline.ts";
import { ClockmathError } from "../errors.ts";

type Source = () => WebAssembly.Module;

let source: Source | undefined;
let instance: CoreExports | undefined;

/** Registers where the module comes from (default: the inline bytes); the first use instantiates it. */
export function setCoreSource(s: Source): void {
  if (source === undefined) source = s;
}

/**
 * Escape hatch for runtimes that forbid compiling from bytes: hand clockmath a precompiled
 * module before first use. Calling it after the core is loaded has no effect and returns false.
 *
 * @example
 * import wasm from "clockmath/core.wasm"; // a WebAssembly.Module in workerd
 * initCore(wasm);
 */
export function initCore(module: WebAssembly.Module): boolean {
  if (!(module instanceof WebAssembly.Module)) {
    throw new ClockmathError("invalid-argument", "initCore expects a WebAssembly.Module");
  }
  if (instance !== undefined) return false;
  source = () => module;
  return true;
}

/** The core's exports, instantiated on first call. */
export function core(): CoreExports {
  return instance ?? load();
}

function load(): CoreExports {
  const module = source !== undefined ? source() : inlineCoreModule();
  const inst = new WebAssembly.Instance(module, {});
  instance = inst.exports as unknown as CoreExports;
  return instance;
}
