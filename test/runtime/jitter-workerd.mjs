// node test/runtime/jitter-workerd.mjs: the timer probe in real workerd (miniflare 4). Run
// `npm run build` first (dist/ through the package's "workerd" export condition).
//
// The worker reads performance.now() and Date.now() around a CPU-only loop itself, then runs
// measureTimerJitter. Checks: when its own reads show the clock standing still, the probe says
// "clock-stands-still" (with a message) instead of reporting zeros; when they show it moving (local
// workerd has in our runs), the probe reports 20 firings with integer lateness. Either way the
// histogram core works there. Prints which case happened, then "N passed, N failed".
import { checker, startWorkerd } from "./scenario.mjs";

const { check, fail, finish } = checker("jitter-workerd");
let worker;
try {
  worker = await startWorkerd("test/runtime/jitter-worker-entry.ts", "clockmath-jitter-workerd-");
  const { mf } = worker;
  const res = await mf.dispatchFetch("http://jitter/");
  const text = await res.text();
  check(res.ok, "worker answers 200", `${res.status} ${text.slice(0, 800)}`);
  if (res.ok) {
    const r = JSON.parse(text);
    const frozen = r.spin.perfAfter === r.spin.perfBefore;
    check(r.apis.includes("setTimeout"), "setTimeout is available", JSON.stringify(r.apis));
    check(r.clock.source === "performance.now", "the probe's clock in workerd is performance.now", r.clock.source);
    if (frozen) {
      check(
        r.clock.advancesDuringExecution === false && r.clock.resolutionNs === undefined,
        "a frozen clock has no resolution",
        JSON.stringify(r.clock),
      );
      check(
        r.probe.status === "clock-stands-still" && /freezes its clock/.test(r.probe.message),
        "the probe says the clock stands still",
        JSON.stringify(r.probe),
      );
    } else {
      check(
        r.clock.advancesDuringExecution === true && BigInt(r.clock.resolutionNs) > 0n,
        "a moving clock has a resolution > 0",
        JSON.stringify(r.clock),
      );
      check(
        r.probe.status === "ok" && r.probe.count === "20" && r.probe.lateness.length === 20,
        "the probe measures 20 firings",
        JSON.stringify(r.probe).slice(0, 300),
      );
      check(r.probe.lateness?.every((s) => /^-?\d+$/.test(s)), "lateness values are integers of ns");
    }
    check(
      r.histogram.count === "3" && r.histogram.p0 === "-7" && r.histogram.p100 === "1000",
      "histogram core in workerd",
      JSON.stringify(r.histogram),
    );
    if (!frozen) console.log(`jitter-workerd: measured clock resolution ${r.clock.resolutionNs} ns`);
    console.log(
      `jitter-workerd: clock ${
        frozen ? "stands still" : "moves"
      } during CPU work (performance.now ${r.spin.perfBefore} → ${r.spin.perfAfter}, ` +
        `Date.now ${r.spin.dateBefore} → ${r.spin.dateAfter}); probe status ${r.probe.status}` +
        (r.probe.status === "ok" ? `, p99 ${r.probe.p99} ns` : `: ${r.probe.message}`),
    );
  }
} catch (e) {
  fail(`harness: ${e?.stack ?? e}`);
} finally {
  await worker?.close();
}

// Compatibility dates before 2025-05-05 have no FinalizationRegistry: the library must still load.
let old;
try {
  old = await startWorkerd(
    "test/runtime/jitter-worker-entry.ts",
    "clockmath-jitter-workerd-old-",
    (common) => ({ ...common, compatibilityDate: "2025-05-04" }),
  );
  const res = await old.mf.dispatchFetch("http://jitter/");
  const text = await res.text();
  check(
    res.ok,
    "loads and runs under compatibility date 2025-05-04 (no FinalizationRegistry)",
    `${res.status} ${text.slice(0, 800)}`,
  );
  if (res.ok) {
    const r = JSON.parse(text);
    check(
      r.histogram.count === "3" && r.histogram.p0 === "-7" && r.histogram.p100 === "1000",
      "histogram core under 2025-05-04",
      JSON.stringify(r.histogram),
    );
  }
} catch (e) {
  fail(`harness (2025-05-04): ${e?.stack ?? e}`);
} finally {
  await old?.close();
}

finish();
