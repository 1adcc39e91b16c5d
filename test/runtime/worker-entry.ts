// workerd entry for test/runtime/workerd.mjs: the vectors against clockmath as a Cloudflare
// Worker gets it. "clockmath" resolves through the package's "workerd" export condition to
// dist/mod.module.js, whose `import wasm from "./core.wasm"` stays an external module that the
// runtime compiles (miniflare CompiledWasm rule, like wrangler's default **/*.wasm rule).
// Not type-checked by any tsconfig; Vite only strips the types.
import * as api from "clockmath";
import coreModule from "clockmath/core.wasm";
import { allAsyncSuites, allSuites } from "../vectors/index.ts";
import { runSuites } from "../vectors/suite.ts";
import { runAsyncSuites } from "../vectors/async.ts";

// The smallest valid module: "\0asm", version 1.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const Native = WebAssembly.Module;

/** Tries to compile bytes in this runtime: workerd forbids it (no code generation from bytes). */
function probeBytesCompile(): string {
  try {
    new Native(EMPTY_WASM);
    return "allowed";
  } catch (e) {
    return `throws: ${(e as Error).message}`;
  }
}

const startupProbe = probeBytesCompile();

export default {
  async fetch(): Promise<Response> {
    const W = WebAssembly as unknown as Record<string, unknown>;
    let moduleCtorCalls = 0;
    let asyncCompiles = 0;
    const saved = new Map<string, unknown>();
    let spied = true;
    try {
      for (const name of ["Module", "compile", "instantiate", "compileStreaming", "instantiateStreaming"]) {
        const f = W[name];
        if (typeof f !== "function") continue;
        saved.set(name, f);
        W[name] = name === "Module"
          ? class extends Native {
            constructor(b: BufferSource) {
              moduleCtorCalls++;
              super(b);
            }
          }
          : (...a: unknown[]) => {
            asyncCompiles++;
            return (f as (...a: unknown[]) => unknown).apply(WebAssembly, a);
          };
      }
    } catch {
      spied = false;
    }
    let passed = 0;
    let failed: string[] = [];
    try {
      ({ passed, failed } = runSuites(api as never, allSuites));
    } finally {
      for (const [name, f] of saved) W[name] = f;
    }
    const requestProbe = probeBytesCompile();
    const runtime = [];
    if (!(coreModule instanceof Native)) {
      runtime.push(
        `runtime / core.wasm import is ${
          Object.prototype.toString.call(coreModule)
        }, not a compiled WebAssembly.Module`,
      );
    }
    if (!spied) runtime.push("runtime / could not install the WebAssembly spies");
    if (moduleCtorCalls !== 0) {
      runtime.push(`runtime / new WebAssembly.Module called ${moduleCtorCalls} time(s) during the run`);
    }
    if (asyncCompiles !== 0) {
      runtime.push(`runtime / async WebAssembly compile/instantiate called ${asyncCompiles} time(s)`);
    }
    // The asynchronous cases (fetchLatest with an injected fetch) after the spies are removed.
    const later = await runAsyncSuites(api as never, allAsyncSuites);
    passed += later.passed;
    failed = [...failed, ...later.failed];
    if (!requestProbe.startsWith("throws")) {
      runtime.push(`runtime / compiling bytes is ${requestProbe} here; expected workerd to refuse it`);
    }
    return Response.json({
      passed,
      failed: [...failed, ...runtime],
      coreModule: Object.prototype.toString.call(coreModule),
      moduleCtorCalls,
      asyncCompiles,
      startupProbe,
      requestProbe,
    });
  },
};
