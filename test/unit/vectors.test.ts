// The cross-runtime vectors, in Node.
import { describe, expect, it } from "vitest";
import * as api from "../../src/mod.ts";
import { allAsyncSuites, allSuites } from "../vectors/index.ts";
import { runAsyncSuites } from "../vectors/async.ts";
import { runSuites } from "../vectors/suite.ts";

describe("vectors (Node)", () => {
  for (const suite of allSuites) {
    for (const c of suite.cases) {
      it(`${suite.name} / ${c.name}`, () => {
        const { failed } = runSuites(api, [{ name: suite.name, cases: [c] }]);
        expect(failed).toEqual([]);
      });
    }
  }
});

describe("async vectors (Node)", () => {
  for (const suite of allAsyncSuites) {
    for (const c of suite.cases) {
      it(`${suite.name} / ${c.name}`, async () => {
        const { failed } = await runAsyncSuites(api, [{ name: suite.name, cases: [c] }]);
        expect(failed).toEqual([]);
      });
    }
  }
});
