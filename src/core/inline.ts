// The core's bytes, inline, for runtimes that compile WebAssembly from bytes (Node, Deno, Bun,
// browsers). Only src/core/loader.ts imports this, and only to compile the core on first use.
// The npm package maps the import to `#core-inline`: under the workerd and edge-light conditions
// that is dist/core/no-inline.js (written by scripts/build.mjs), so their bundles carry no bytes.
import { base64ToBytes } from "./base64.ts";
import { CORE_WASM_BASE64 } from "./wasm.generated.ts";

/** The core compiled from the inline bytes (synchronously). */
export function inlineCoreModule(): WebAssembly.Module {
  return new WebAssembly.Module(base64ToBytes(CORE_WASM_BASE64)! as BufferSource);
}
