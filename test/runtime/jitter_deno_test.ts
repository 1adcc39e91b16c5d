// The timer probe in Deno (real timers, real clock):
//   npx deno test --config deno/deno.json test/runtime/jitter_deno_test.ts
// Structure and consistency only, no timing assertions.
import { availableTimerApis, measureTimerJitter } from "../../src/mod.ts";

function assert(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}

for (const api of ["setTimeout", "setInterval"] as const) {
  Deno.test(`measureTimerJitter ${api} (Deno)`, async () => {
    assert(availableTimerApis().includes(api), `${api} available`);
    const r = await measureTimerJitter({ api, intervalNs: 2_000_000n, samples: 25, thresholdNs: 1_000_000n });
    assert(r.status === "ok", `status ${r.status}`);
    if (r.status !== "ok") return;
    assert(
      r.clock.advancesDuringExecution && r.clock.resolutionNs! > 0n,
      `clock ${r.clock.source} resolution ${r.clock.resolutionNs}`,
    );
    assert(r.latenessNs.length === 25 && r.histogram.count === 25n, "one value per firing");
    const sorted = [...r.latenessNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert(r.summary.maxNs === sorted.at(-1), "max is the largest lateness");
    const late = sorted.filter((v) => v > 1_000_000n).length;
    assert(r.summary.lateCount === late && r.summary.lateShare === late / 25, "late share from the raw values");
    assert(r.summary.p99Ns === r.histogram.percentile(99), "p99 from the histogram");
    console.log(
      `deno ${api}: clock ${r.clock.source} (${r.clock.resolutionNs} ns), p50 ${r.summary.p50Ns} ns, p99 ${r.summary.p99Ns} ns, max ${r.summary.maxNs} ns`,
    );
    r.histogram.dispose();
  });
}

Deno.test("APIs Deno lacks are refused (Deno)", async () => {
  for (const api of ["requestAnimationFrame"] as const) {
    let code: string | undefined;
    try {
      await measureTimerJitter({ api, intervalNs: 16_666_667n, samples: 2 });
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    assert(code === "invalid-argument", `${api}: ${code}`);
  }
});
