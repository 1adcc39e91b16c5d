// Synchronous loading of the core in every runtime. Nothing here awaits: the module comes either
// from the inline bytes below (Node, Deno, browsers: compiled on first use) or from a precompiled
// WebAssembly.Module handed over by an entry point (workerd and Vercel Edge import the .wasm file
// as a module, because they refuse to compile from bytes) or by the user through `initCore`.
//
// The inline bytes are imported here, by the one module that calls into them, and not registered
// by the package entry: an entry with a side effect would keep the bytes in every bundle, even one
// that imports only the pure-TypeScript parts (header codecs, Deadline), which never reach core().
import type { CoreExports } from "./exports.ts";
import { CORE_WASM_BASE64 } from "./wasm.generated.ts";
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
  const module = source !== undefined ? source() : new WebAssembly.Module(decodeBase64(CORE_WASM_BASE64) as BufferSource);
  const inst = new WebAssembly.Instance(module, {});
  instance = inst.exports as unknown as CoreExports;
  return instance;
}

/** Decodes base64 without atob/Buffer differences between runtimes. */
export function decodeBase64(b64: string): Uint8Array {
  const map = new Uint8Array(128);
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) map[abc.charCodeAt(i)] = i;
  const clean = b64.replace(/=+$/, "");
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | map[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
