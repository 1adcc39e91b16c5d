// Runner-agnostic test vectors: the same cases run in Node (vitest), Deno, Chromium and workerd.
// A case gets the public API (the module namespace of clockmath) and throws on failure.
import type * as Clockmath from "../../src/api.ts";

export type Api = typeof Clockmath;

export interface VectorCase {
  readonly name: string;
  readonly run: (api: Api) => void;
}

export interface VectorSuite {
  readonly name: string;
  readonly cases: readonly VectorCase[];
}

export function eq<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected) && JSON.stringify(actual, big) !== JSON.stringify(expected, big)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected, big)}, got ${JSON.stringify(actual, big)}`);
  }
}

export function throwsCode(f: () => unknown, code: string, what: string): void {
  try {
    f();
  } catch (e) {
    const got = (e as { code?: string }).code;
    if (got !== code) throw new Error(`${what}: expected error code ${code}, got ${got ?? String(e)}`);
    return;
  }
  throw new Error(`${what}: expected error code ${code}, nothing was thrown`);
}

function big(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

/** Runs every case of every suite; returns the failures as "suite / case: message". */
export function runSuites(api: Api, suites: readonly VectorSuite[]): { passed: number; failed: string[] } {
  let passed = 0;
  const failed: string[] = [];
  for (const s of suites) {
    for (const c of s.cases) {
      try {
        c.run(api);
        passed++;
      } catch (e) {
        failed.push(`${s.name} / ${c.name}: ${(e as Error).message}`);
      }
    }
  }
  return { passed, failed };
}
