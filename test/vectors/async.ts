// Asynchronous vector cases (e.g. fetch with an injected fetch): same contract as suite.ts, but a
// case returns a promise. Runners await runAsyncSuites after the synchronous suites.
import type { Api } from "./suite.ts";

export interface AsyncVectorCase {
  readonly name: string;
  readonly run: (api: Api) => Promise<void>;
}

export interface AsyncVectorSuite {
  readonly name: string;
  readonly cases: readonly AsyncVectorCase[];
}

/** Runs every case in turn; returns the failures as "suite / case: message". */
export async function runAsyncSuites(
  api: Api,
  suites: readonly AsyncVectorSuite[],
): Promise<{ passed: number; failed: string[] }> {
  let passed = 0;
  const failed: string[] = [];
  for (const s of suites) {
    for (const c of s.cases) {
      try {
        await c.run(api);
        passed++;
      } catch (e) {
        failed.push(`${s.name} / ${c.name}: ${(e as Error).message}`);
      }
    }
  }
  return { passed, failed };
}

/** Awaits `p` and checks it rejects with a ClockmathError of `code`; returns the error. */
export async function rejectsCode(p: Promise<unknown>, code: string, what: string): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const got = (e as { code?: string }).code;
    if (got !== code) throw new Error(`${what}: expected error code ${code}, got ${got ?? String(e)}`);
    return e as Record<string, unknown>;
  }
  throw new Error(`${what}: expected error code ${code}, nothing was thrown`);
}
