/**
 * clockmath: exact nanosecond time arithmetic (leap seconds, smears, drift, jitter, deadlines).
 *
 * This entry carries the WebAssembly core inline (src/core/loader.ts) and compiles it on first
 * use, synchronously; importing it has no side effect, so bundlers keep only what is used.
 * Runtimes that refuse to compile from bytes (workerd, Vercel Edge) get `mod.module.js` through
 * the package's `workerd` / `edge-light` export conditions, or can call `initCore(module)`.
 *
 * @module
 */
export * from "./api.ts";
