/**
 * clockmath: exact nanosecond time arithmetic (leap seconds, smears, drift, jitter, deadlines).
 *
 * This entry carries the WebAssembly core inline and compiles it on first use, synchronously.
 * Runtimes that refuse to compile from bytes (workerd, Vercel Edge) get `mod.module.js` through
 * the package's `workerd` / `edge-light` export conditions, or can call `initCore(module)`.
 *
 * @module
 */
import { base64ToBytes } from "./core/base64.ts";
import { setCoreSource } from "./core/loader.ts";
import { CORE_WASM_BASE64 } from "./core/wasm.generated.ts";

setCoreSource(() => new WebAssembly.Module(base64ToBytes(CORE_WASM_BASE64)! as BufferSource));

export * from "./api.ts";
