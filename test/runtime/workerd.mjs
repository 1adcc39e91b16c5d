// npm run test:workerd: the cross-runtime vectors in workerd (miniflare 4), loaded the way a
// Cloudflare Worker loads clockmath. Run `npm run build` first: this uses dist/.
//
// 1. Vite (JS API, library mode) bundles test/runtime/worker-entry.ts with the resolve conditions
//    wrangler uses (workerd, worker, browser), so `import "clockmath"` picks dist/mod.module.js
//    through the package's "workerd" export condition. Its `import wasm from "./core.wasm"` is kept
//    external and core.wasm is copied next to the bundle, as wrangler uploads it.
// 2. Miniflare runs the bundle with modules: true and a CompiledWasm rule for **/*.wasm, so the
//    import yields a WebAssembly.Module compiled by the runtime, never by clockmath.
// 3. A fetch to the worker returns the results as JSON. The worker also checks that no
//    WebAssembly.Module was constructed from bytes during the run and that workerd refuses to
//    compile bytes at all; the bundle must not contain the inline-bytes entry.
// Prints one line per failure and finally "N passed, N failed"; exits non-zero on any failure or 0 cases.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checker, startWorkerd } from "./scenario.mjs";

const t0 = performance.now();
const { add, fail, finish } = checker("workerd");
let worker;
try {
  worker = await startWorkerd("test/runtime/worker-entry.ts", "clockmath-workerd-");
  const { mf, out } = worker;

  const bundle = readFileSync(join(out, "worker.js"), "utf8");
  if (!/from\s*["']\.\/core\.wasm["']/.test(bundle)) fail("bundle does not import ./core.wasm");
  // the inline core is one long hex literal of a wasm module ("\0asm" is "0061736d" in hex; "AGFzbQ"
  // in base64, the form before)
  if (
    /CORE_WASM_(?:HEX|BASE64)/.test(bundle) || /["']AGFzbQ[A-Za-z0-9+/]{1000,}/.test(bundle) ||
    /["']0061736d[0-9a-f]{1000,}/.test(bundle)
  ) {
    fail("bundle contains the inline-bytes entry (workerd export condition not used)");
  }

  const res = await mf.dispatchFetch("http://clockmath.test/");
  const text = await res.text();
  if (!res.ok) throw new Error(`worker answered ${res.status}: ${text.slice(0, 2000)}`);
  const result = JSON.parse(text);
  add(result.passed, result.failed);
  console.log(
    `workerd: core.wasm import is ${result.coreModule}; new WebAssembly.Module during the run: ` +
      `${result.moduleCtorCalls}; async compiles: ${result.asyncCompiles}; compiling bytes at startup ` +
      `${result.startupProbe}; in a request ${result.requestProbe}`,
  );
} catch (e) {
  fail(`harness: ${e?.stack ?? e}`);
} finally {
  await worker?.close();
}

finish(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
