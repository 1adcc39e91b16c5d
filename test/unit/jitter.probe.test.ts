// measureTimerJitter in Node: structure and internal consistency only (no timing assertions).
import { describe, expect, it } from "vitest";
import { availableTimerApis, measureClockResolution, measureTimerJitter } from "../../src/mod.ts";

describe("measureTimerJitter (Node)", () => {
  for (const api of ["setTimeout", "setInterval"] as const) {
    it(`${api}: one integer lateness per firing, summary consistent with the raw values`, async () => {
      const r = await measureTimerJitter({ api, intervalNs: 1_000_000n, samples: 40, thresholdNs: 500_000n });
      expect(r.status).toBe("ok");
      if (r.status !== "ok") return;
      expect(r.clock.source).toBe("process.hrtime.bigint");
      expect(r.clock.resolutionNs! > 0n).toBe(true);
      expect(r.latenessNs.length).toBe(40);
      expect(r.histogram.count).toBe(40n);
      const sorted = [...r.latenessNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(r.summary.maxNs).toBe(sorted.at(-1));
      expect(r.histogram.min).toBe(sorted[0]);
      expect(r.histogram.sumNs).toBe(sorted.reduce((a, b) => a + b, 0n));
      const late = sorted.filter((v) => v > 500_000n).length;
      expect([r.summary.lateCount, r.summary.lateShare]).toEqual([late, late / 40]);
      // p50 ≤ p99 ≤ p99.9 ≤ the max bucket, each the histogram's own answer
      expect([r.summary.p50Ns, r.summary.p99Ns, r.summary.p999Ns]).toEqual(
        [50, 99, 99.9].map((p) => r.histogram.percentile(p)),
      );
      expect(r.summary.p50Ns <= r.summary.p99Ns && r.summary.p99Ns <= r.summary.p999Ns).toBe(true);
      // the kth smallest lateness lies in the bucket whose top is the percentile: within 0.1% + 1 ns
      const k50 = sorted[Math.ceil(0.5 * 40) - 1];
      const abs = (x: bigint) => (x < 0n ? -x : x);
      expect(r.summary.p50Ns >= k50 && r.summary.p50Ns - k50 <= abs(k50) / 1000n + 1n).toBe(true);
      r.histogram.dispose();
    });
  }
  it("setImmediate: lateness is the time from scheduling to running, never negative", async () => {
    const r = await measureTimerJitter({ api: "setImmediate", intervalNs: 0n, samples: 50 });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.latenessNs.length).toBe(50);
    expect(r.histogram.count).toBe(50n);
    // a callback cannot run before it was scheduled: every reading of the monotonic clock is later
    expect(r.latenessNs.every((v) => v >= 0n)).toBe(true);
    expect(r.summary.maxNs).toBe(r.latenessNs.reduce((a, b) => (a > b ? a : b)));
    r.histogram.dispose();
  });
  it("a clock that stands still is reported, not measured", async () => {
    const r = await measureTimerJitter({
      api: "setTimeout",
      intervalNs: 0n,
      samples: 5,
      clock: { now: () => 42n, source: "frozen" },
    });
    expect(r.status).toBe("clock-stands-still");
    expect(r.clock).toEqual({ source: "frozen", advancesDuringExecution: false });
  });
  it("measureClockResolution finds the step of a coarse clock", () => {
    let t = 0n;
    const r = measureClockResolution({ now: () => (t += 7n, (t / 5_000n) * 5_000n), source: "5 µs" });
    expect(r).toEqual({ source: "5 µs", resolutionNs: 5_000n, advancesDuringExecution: true });
  });
  it("APIs this runtime lacks and bad options throw", async () => {
    expect(availableTimerApis()).toEqual(["setTimeout", "setInterval", "setImmediate"]);
    const code = (c: string) => expect.objectContaining({ code: c });
    await expect(measureTimerJitter({ api: "setImmediate", intervalNs: 1_000_000n, samples: 3 })).rejects.toThrow(
      code("invalid-argument"),
    );
    await expect(measureTimerJitter({ api: "requestAnimationFrame", intervalNs: 16_666_667n, samples: 3 })).rejects
      .toThrow(code("invalid-argument"));
    await expect(measureTimerJitter({ api: "postTask", intervalNs: 1n, samples: 3 })).rejects.toThrow(
      code("invalid-argument"),
    );
    await expect(measureTimerJitter({ api: "setTimeout", intervalNs: 1, samples: 3 } as never)).rejects.toThrow(
      code("invalid-argument"),
    );
    await expect(measureTimerJitter({ api: "setTimeout", intervalNs: -1n, samples: 3 })).rejects.toThrow(
      code("out-of-range"),
    );
    await expect(measureTimerJitter({ api: "setTimeout", intervalNs: 1n, samples: 0 })).rejects.toThrow(
      code("out-of-range"),
    );
    await expect(measureTimerJitter({ api: "setTimeout", intervalNs: 1n, samples: 1.5 })).rejects.toThrow(
      code("invalid-argument"),
    );
    await expect(measureTimerJitter({ api: "nope", intervalNs: 1n, samples: 1 } as never)).rejects.toThrow(
      code("invalid-argument"),
    );
  });
  it("a run past one summary slice (65 536 firings) is summarized as one pass over its raw values", async () => {
    // a clock stepping by varied amounts: each setImmediate lateness is one known step of it
    let t = 0n, k = 0;
    const clock = { now: () => (t += BigInt(1 + ((k++ * 7919) % 5000))), source: "stepping" };
    const n = 70_000;
    const r = await measureTimerJitter({ api: "setImmediate", intervalNs: 0n, samples: n, thresholdNs: 2_500n, clock });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.histogram.count).toBe(BigInt(n));
    expect(r.histogram.sumNs).toBe(r.latenessNs.reduce((a, b) => a + b, 0n));
    const late = r.latenessNs.filter((v) => v > 2_500n).length;
    expect(late > 0 && late < n).toBe(true);
    expect([r.summary.lateCount, r.summary.lateShare]).toEqual([late, late / n]);
    expect(r.summary.maxNs).toBe(r.latenessNs.reduce((a, b) => (a > b ? a : b)));
    r.histogram.dispose();
  });
  it("an abort while the run is being summarized rejects with its reason", async () => {
    const ac = new AbortController();
    let reads = 0;
    const base = { now: () => BigInt(++reads) * 1_000n, source: "counting" };
    // 33 reads measure the resolution, then 2 per firing; the abort comes just after the last firing's read
    // (a microtask: the timed part has finished and let go of the signal), so it meets the summary
    const stopLate = () => queueMicrotask(() => ac.abort(new Error("late stop")));
    const clock = { now: () => (reads === 33 + 2 * 5 - 1 && stopLate(), base.now()), source: "c" };
    const p = measureTimerJitter({ api: "setImmediate", intervalNs: 0n, samples: 5, clock, signal: ac.signal });
    await expect(p).rejects.toThrow("late stop");
  });
  it("an already aborted signal rejects with its reason, even where the clock stands still", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stopped before"));
    const frozen = { now: () => 42n, source: "frozen" };
    const p = measureTimerJitter({ api: "setTimeout", intervalNs: 0n, samples: 5, clock: frozen, signal: ac.signal });
    await expect(p).rejects.toThrow("stopped before");
    // an abort during the resolution reads (here by the clock itself) is the same
    const ac2 = new AbortController();
    const aborting = { now: () => (ac2.abort(new Error("stopped while reading")), 42n), source: "frozen" };
    const p2 = measureTimerJitter({
      api: "setTimeout",
      intervalNs: 0n,
      samples: 5,
      clock: aborting,
      signal: ac2.signal,
    });
    await expect(p2).rejects.toThrow("stopped while reading");
  });
  it("a signal without removeEventListener is refused, not thrown into the event loop later", async () => {
    const signal = { addEventListener() {}, throwIfAborted() {} } as unknown as AbortSignal;
    await expect(measureTimerJitter({ api: "setImmediate", intervalNs: 0n, samples: 3, signal })).rejects.toThrow(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
  it("an abort withdraws the pending postTask task", async () => {
    // a scheduler.postTask that never runs its tasks: it keeps each one with the signal it was given
    const tasks: { signal?: AbortSignal }[] = [];
    const g = globalThis as { scheduler?: unknown };
    g.scheduler = {
      postTask(_cb: () => void, o: { delay?: number; signal?: AbortSignal } = {}) {
        tasks.push({ signal: o.signal });
        return new Promise((_, reject) => o.signal?.addEventListener("abort", () => reject(o.signal!.reason)));
      },
    };
    try {
      const ac = new AbortController();
      const p = measureTimerJitter({ api: "postTask", intervalNs: 60_000_000_000n, samples: 3, signal: ac.signal });
      while (tasks.length === 0) await new Promise((r) => setImmediate(r));
      ac.abort(new Error("stop"));
      await expect(p).rejects.toThrow("stop");
      expect(tasks.map((t) => t.signal?.aborted)).toEqual([true]);
    } finally {
      delete g.scheduler;
    }
  });
  it("an abort signal stops the probe", async () => {
    const ac = new AbortController();
    const p = measureTimerJitter({ api: "setTimeout", intervalNs: 5_000_000n, samples: 1000, signal: ac.signal });
    setTimeout(() => ac.abort(new Error("stop")), 20);
    await expect(p).rejects.toThrow("stop");
  });
});
