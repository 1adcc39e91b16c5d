// The core's bytes, inline, for runtimes that compile WebAssembly from bytes (Node, Deno, Bun,
// browsers). Only src/core/loader.ts imports this, and only to compile the core on first use.
// The npm package maps the import to `#core-inline`: under the workerd and edge-light conditions
// that is dist/core/no-inline.js (written by scripts/build.mjs), so their bundles carry no bytes.
import { CORE_WASM_BASE64 } from "./wasm.generated.ts";

/** The core compiled from the inline bytes (synchronously). */
export function inlineCoreModule(): WebAssembly.Module {
  return new WebAssembly.Module(decodeBase64(CORE_WASM_BASE64) as BufferSource);
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
