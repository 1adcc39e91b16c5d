// Chromium entry for test/runtime/browser.mjs: the vectors against the inline-bytes entry
// (src/mod.ts), bundled by Vite the way an application would bundle clockmath.
import * as api from "../../src/mod.ts";
import { allAsyncSuites, allSuites } from "../vectors/index.ts";
import { runSuites } from "../vectors/suite.ts";
import { runAsyncSuites } from "../vectors/async.ts";

export interface BrowserResult {
  passed: number;
  failed: string[];
  /** WebAssembly.Module constructions on bytes (the inline entry's synchronous path). */
  syncCompiles: number;
  /** Calls of the asynchronous compile/instantiate functions (must stay 0). */
  asyncCompiles: number;
  userAgent: string;
}

declare global {
  interface Window {
    __clockmath?: BrowserResult;
  }
}

// Spy on how the core gets compiled. mod.ts only registers a source; the module is compiled on
// first use, i.e. inside runSuites below, after these spies are in place.
const W = WebAssembly as unknown as Record<string, unknown>;
const Native = WebAssembly.Module;
let syncCompiles = 0;
let asyncCompiles = 0;
class CountingModule extends Native {
  constructor(bytes: BufferSource) {
    syncCompiles++;
    super(bytes);
  }
}
W.Module = CountingModule;
for (const name of ["compile", "instantiate", "compileStreaming", "instantiateStreaming"]) {
  const f = W[name] as ((...a: unknown[]) => unknown) | undefined;
  if (typeof f === "function") {
    W[name] = (...a: unknown[]) => {
      asyncCompiles++;
      return f.apply(WebAssembly, a);
    };
  }
}

let result: BrowserResult;
try {
  const { passed, failed } = runSuites(api, allSuites); // synchronous: nothing is awaited
  if (syncCompiles !== 1) {
    failed.push(`runtime / sync compile: expected 1 new WebAssembly.Module(bytes), saw ${syncCompiles}`);
  }
  if (asyncCompiles !== 0) failed.push(`runtime / sync compile: async WebAssembly API called ${asyncCompiles} time(s)`);
  result = { passed, failed, syncCompiles, asyncCompiles, userAgent: navigator.userAgent };
} finally {
  W.Module = Native;
}
// The asynchronous cases (fetchLatest with an injected fetch), after the synchronous run.
const later = await runAsyncSuites(api, allAsyncSuites);
result.passed += later.passed;
result.failed.push(...later.failed);
window.__clockmath = result;
document.title = `${result.passed} passed, ${result.failed.length} failed`;
const pre = document.createElement("pre");
pre.id = "result";
pre.textContent = [...result.failed, document.title].join("\n");
document.body.append(pre);
