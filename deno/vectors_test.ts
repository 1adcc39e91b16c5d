// The cross-runtime vectors, in Deno: TS sources imported directly, no permissions needed.
import * as api from "../src/mod.ts";
import { allAsyncSuites, allSuites } from "../test/vectors/index.ts";
import { runSuites } from "../test/vectors/suite.ts";
import { runAsyncSuites } from "../test/vectors/async.ts";

Deno.test("vectors (Deno)", async () => {
  const { passed: syncPassed, failed } = runSuites(api, allSuites);
  const later = await runAsyncSuites(api, allAsyncSuites);
  const passed = syncPassed + later.passed;
  failed.push(...later.failed);
  for (const f of failed) console.error(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed.length} failed`);
  if (failed.length > 0) throw new Error(`${failed.length} vector case(s) failed`);
  if (passed === 0) throw new Error("0 vector cases ran");
});
