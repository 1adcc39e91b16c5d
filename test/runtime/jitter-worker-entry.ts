// workerd entry for test/runtime/jitter-workerd.mjs: runs the timer probe and an independent
// clock check (performance.now() and Date.now() around a CPU-only loop) in the same request, and
// reports both. Every bigint comes back as a string. Not type-checked by any tsconfig.
import { availableTimerApis, initCore, LatencyHistogram, measureClockResolution, measureTimerJitter } from "clockmath";
import coreModule from "clockmath/core.wasm";

initCore(coreModule as WebAssembly.Module);

export default {
  async fetch(): Promise<Response> {
    try {
      // independent check: does time pass while this code runs, with no I/O?
      const p0 = performance.now(), d0 = Date.now();
      let x = 0;
      for (let i = 0; i < 3_000_000; i++) x = (x * 1103515245 + 12345) | 0;
      const p1 = performance.now(), d1 = Date.now();
      const clock = measureClockResolution();
      const probe = await measureTimerJitter({ api: "setTimeout", intervalNs: 1_000_000n, samples: 20 });
      const h = new LatencyHistogram();
      h.recordMany(new BigInt64Array([5n, -7n, 1_000n]));
      const out = {
        spin: { perfBefore: p0, perfAfter: p1, dateBefore: d0, dateAfter: d1, x },
        apis: availableTimerApis(),
        clock: { ...clock, resolutionNs: clock.resolutionNs?.toString() },
        probe: probe.status === "ok"
          ? {
            status: probe.status,
            source: probe.clock.source,
            count: String(probe.histogram.count),
            lateness: [...probe.latenessNs].map(String),
            p99: String(probe.summary.p99Ns),
          }
          : {
            status: probe.status,
            source: probe.clock.source,
            message: probe.message,
            advances: probe.clock.advancesDuringExecution,
          },
        histogram: { count: String(h.count), p0: String(h.percentile(0)), p100: String(h.percentile(100)) },
      };
      return Response.json(out);
    } catch (e) {
      return Response.json({ error: String((e as Error)?.stack ?? e), code: (e as { code?: string }).code }, {
        status: 500,
      });
    }
  },
};
