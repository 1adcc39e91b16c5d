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
import { InvalidArgumentError, ResourceExhaustedError } from "../errors.ts";

type Source = () => WebAssembly.Module;

let source: Source | undefined;
let instance: CoreExports | undefined;

/**
 * Default ceiling of the core's WebAssembly memory (setCoreMemoryLimit): 1 GiB. Room for the
 * largest CoreArray (512 MiB) beside ~900 default histograms; a quarter of what wasm32 can address
 * and below the 2 GiB where 32-bit and mobile browsers often refuse to grow, so a leak ends in a
 * typed `resource-exhausted` instead of taking the process to 4 GiB.
 */
export const DEFAULT_CORE_MEMORY_LIMIT = 2 ** 30;
let memoryLimitBytes = DEFAULT_CORE_MEMORY_LIMIT;

/** Sets the ceiling in bytes (checked by the caller), now or when the core loads. */
export function applyCoreMemoryLimit(bytes: number): void {
  memoryLimitBytes = bytes;
  instance?.setMemoryLimitPages(Math.floor(bytes / 65536));
}

/** The ceiling in bytes last set (the default before any call). */
export function coreMemoryLimit(): number {
  return memoryLimitBytes;
}

/** The core, if it is loaded already (stats must not load it). */
export function loadedCore(): CoreExports | undefined {
  return instance;
}

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
    throw new InvalidArgumentError("initCore expects a WebAssembly.Module");
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
  const raw = inst.exports as unknown as Record<string, unknown> & CoreExports;
  // Addresses come out of wasm as i32: above 2 GiB they are negative until made unsigned. Every
  // export that returns an address (alloc, scratch, and by convention each name ending in "Ptr")
  // is wrapped here, so no caller can forget.
  const c: Record<string, unknown> = { ...raw };
  for (const [name, f] of Object.entries(raw)) {
    if (typeof f === "function" && name.endsWith("Ptr")) c[name] = () => (f as () => number)() >>> 0;
  }
  const scratch = raw.scratch, alloc = raw.alloc;
  c.alloc = (bytes: number) => alloc(bytes) >>> 0;
  c.scratch = (bytes: number) => {
    const p = scratch(bytes) >>> 0;
    if (p === 0) {
      throw new ResourceExhaustedError(`cannot fit ${bytes} bytes of scratch space under the core's memory limit`);
    }
    return p;
  };
  instance = c as unknown as CoreExports;
  instance.setMemoryLimitPages(Math.floor(memoryLimitBytes / 65536));
  return instance;
}
