// The core's bytes, inline, for runtimes that compile WebAssembly from bytes (Node, Deno, Bun,
// browsers). Only src/core/loader.ts imports this, and only to compile the core on first use.
// The npm package maps the import to `#core-inline`: under the workerd and edge-light conditions
// that is dist/core/no-inline.js (written by scripts/build.mjs), so their bundles carry no bytes.
// The bytes are hex (scripts/core-build.mjs says why).
import { CORE_WASM_HEX } from "./wasm.generated.ts";

/** The core compiled from the inline bytes (synchronously). */
export function inlineCoreModule(): WebAssembly.Module {
  return new WebAssembly.Module(hexToBytes(CORE_WASM_HEX));
}

/**
 * The bytes of lowercase hex text. Only for the generated constant above: nothing is validated
 * here, and WebAssembly.Module validates what comes out.
 */
function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length >>> 1);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const hi = hex.charCodeAt(j), lo = hex.charCodeAt(j + 1);
    // '0'..'9' are 0x30..0x39 and 'a'..'f' 0x61..0x66: the low nibble, plus 9 for a letter.
    out[i] = (((hi & 15) + (hi > 57 ? 9 : 0)) << 4) | ((lo & 15) + (lo > 57 ? 9 : 0));
  }
  return out;
}
