// node test/runtime/jitter-browser.mjs: the timer probe in Chromium for setTimeout, setInterval,
// scheduler.postTask and requestAnimationFrame. A Vite dev server (root = repository) serves
// src/mod.ts to the page. Structure and consistency only (no timing assertions); the figures are
// printed. Needs /usr/bin/chromium (or CHROMIUM).
import { checker, startScenarioPage } from "./scenario.mjs";

const { check, fail, finish } = checker("jitter-browser");
const scenario = await startScenarioPage("jitter");
try {
  const { page, problems } = scenario;
  const r = await page.evaluate(async () => {
    const m = await import("/src/mod.ts");
    const out = { apis: m.availableTimerApis(), runs: [] };
    for (
      const [api, intervalNs] of [["setTimeout", 1_000_000n], ["setInterval", 2_000_000n], ["postTask", 1_000_000n], [
        "requestAnimationFrame",
        16_666_667n,
      ]]
    ) {
      const res = await m.measureTimerJitter({ api, intervalNs, samples: 12, thresholdNs: 1_000_000n });
      if (res.status !== "ok") {
        out.runs.push({ api, status: res.status, message: res.message });
        continue;
      }
      const sorted = [...res.latenessNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const late = sorted.filter((v) => v > 1_000_000n).length;
      out.runs.push({
        api,
        status: res.status,
        source: res.clock.source,
        resolution: String(res.clock.resolutionNs),
        n: res.latenessNs.length,
        count: String(res.histogram.count),
        maxOk: res.summary.maxNs === sorted.at(-1),
        lateOk: res.summary.lateCount === late && res.summary.lateShare === late / 12,
        p99Ok: res.summary.p99Ns === res.histogram.percentile(99),
        p50: String(res.summary.p50Ns),
        p99: String(res.summary.p99Ns),
        max: String(res.summary.maxNs),
      });
      res.histogram.dispose();
    }
    return out;
  });
  check(
    ["setTimeout", "setInterval", "postTask", "requestAnimationFrame"].every((a) => r.apis.includes(a)),
    "Chromium has all four timer APIs",
    JSON.stringify(r.apis),
  );
  for (const run of r.runs) {
    check(run.status === "ok", `${run.api}: the clock advances in Chromium`, JSON.stringify(run));
    if (run.status !== "ok") continue;
    check(
      run.source === "performance.now" && BigInt(run.resolution) > 0n,
      `${run.api}: performance.now with a resolution > 0`,
      `${run.source} ${run.resolution}`,
    );
    check(run.n === 12 && run.count === "12", `${run.api}: 12 firings`, JSON.stringify(run));
    check(
      run.maxOk && run.lateOk && run.p99Ok,
      `${run.api}: summary consistent with the raw values and the histogram`,
      JSON.stringify(run),
    );
    console.log(
      `jitter-browser ${run.api}: clock ${run.source} (${run.resolution} ns), p50 ${run.p50} ns, p99 ${run.p99} ns, max ${run.max} ns`,
    );
  }
  check(problems.length === 0, "no page errors", problems.join("; "));
} catch (e) {
  fail(`harness: ${e?.stack ?? e}`);
} finally {
  await scenario.close();
}
finish();
