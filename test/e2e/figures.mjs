// Figures of the playground, printed, never asserted (speed is not a pass/fail matter here; the checks
// only make sure each measurement ran and produced a number). Meant for the production build:
//
//   node test/e2e/figures.mjs --target=site [--runs=5]
//
// 1. Time to interactive: navigation start → the first page (Leap table) usable: its built-in table drawn
//    and the UTC field present; measured in the page (performance.now() at the first animation frame where
//    both hold), then the field is used once to prove it. Median of --runs cold loads (fresh context, no
//    cache), with first contentful paint beside it.
// 2. Longest main-thread block while the Jitter lab records 10 000 samples, while the Leap smears page goes
//    through its six range presets at 100 001 points per model, and while the Clock drift page works through
//    a 1e6-sample synthetic clock: the longest "longtask" entry (Long Tasks API, ≥ 50 ms) and the longest gap
//    of a 16 ms setTimeout heartbeat.
//
// Prints `N passed, N failed` last and exits non-zero when a measurement could not be made.
import { aborted, assert, check, finish, openPage, pageReady, startPlayground, target } from "./harness.mjs";

const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice("--runs=".length) ?? 5);
const figures = [];
const figure = (line) => {
  figures.push(line);
  console.log(`figure: ${line}`);
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Installed before any page script: collects long tasks and runs a heartbeat that records its longest gap. */
function blockMonitor() {
  const state = { tasks: [], maxGap: 0, on: false };
  globalThis.__cmBlocks = state;
  try {
    new PerformanceObserver((l) => {
      if (state.on) { for (const e of l.getEntries()) state.tasks.push(e.duration); }
    }).observe({ type: "longtask" });
  } catch { /* no Long Tasks API: the heartbeat alone */ }
  let last = performance.now();
  const beat = () => {
    const now = performance.now();
    if (state.on) state.maxGap = Math.max(state.maxGap, now - last - 16);
    last = now;
    setTimeout(beat, 16);
  };
  setTimeout(beat, 16);
}
const startBlocks = (page) =>
  page.evaluate(() => {
    Object.assign(globalThis.__cmBlocks, { tasks: [], maxGap: 0, on: true });
  });
const stopBlocks = (page) =>
  page.evaluate(() => {
    const s = globalThis.__cmBlocks;
    s.on = false;
    return { longest: Math.max(0, ...s.tasks), count: s.tasks.length, maxGap: s.maxGap };
  });
/** Two animation frames and 300 ms: the page draws what it got, the observer reports the last long task. */
const settle = async (page) => {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
};
/**
 * A page of the playground with the long-task monitor installed from its first script on, ready; `body` runs the
 * measured steps. The page's own problems (console errors, failed requests) fail the check.
 */
async function monitored(path, name, body) {
  const { page, problems } = await openPage(browser, `${url}${path}`, { width: 1440, height: 1000, timeout: 120_000 });
  try {
    await page.addInitScript(blockMonitor);
    await page.reload();
    await pageReady(page, name);
    await body(page);
    assert(problems.length === 0, problems.join("\n"));
  } finally {
    await page.close();
  }
}
const blockText = (b) =>
  `longest task ${b.count === 0 ? "< 50 ms (no long task)" : `${b.longest.toFixed(0)} ms (${b.count} long tasks)`}, ` +
  `longest heartbeat delay ${b.maxGap.toFixed(0)} ms`;

const { url, browser, stop } = await startPlayground();
try {
  await check(`time to interactive (${target}, ${RUNS} cold loads of ${url})`, async () => {
    const tti = [], fcp = [];
    for (let i = 0; i < RUNS; i++) {
      const { page, problems } = await openPage(browser, "about:blank", { width: 1440, height: 1000 });
      try {
        await page.goto(url, { waitUntil: "commit" });
        const ms = await (await page.waitForFunction(
          () => {
            const leap = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-leap")?.shadowRoot;
            if (!leap) return false;
            const deep = (root, sel) => {
              const hit = root.querySelector(sel);
              if (hit) return hit;
              for (const el of root.querySelectorAll("*")) {
                const h = el.shadowRoot && deep(el.shadowRoot, sel);
                if (h) return h;
              }
              return null;
            };
            return deep(leap, 'tr[data-era="leap"]') && deep(leap, "input") ? performance.now() : false;
          },
          undefined,
          { polling: "raf" },
        )).jsonValue();
        await page.getByRole("textbox", { name: /^UTC/ }).fill("2016-12-31T23:59:60.5Z");
        const tai = await page.getByRole("textbox", { name: /^TAI ns/ }).inputValue();
        assert(tai === "1483228836500000000", `TAI ns ${tai}`);
        tti.push(ms);
        fcp.push(
          await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
        );
        assert(problems.length === 0, problems.join("\n"));
      } finally {
        await page.close();
      }
    }
    assert(tti.every(Number.isFinite), `tti ${tti}`);
    figure(
      `time to interactive (${target}): median ${median(tti).toFixed(0)} ms ` +
        `(${tti.map((x) => x.toFixed(0)).join(", ")}); first contentful paint median ${median(fcp).toFixed(0)} ms`,
    );
  });

  await check("main thread during a 10 000-sample jitter run", () =>
    monitored("#jitter", "jitter", async (page) => {
      // scheduler.postTask at 0 ms where the page offers it: no 4 ms clamp of nested timers, so the 10 000
      // firings come as fast as the page can take them (the worst case for its own work per sample).
      const apis = await page.getByTestId("api").locator("option").allInnerTexts();
      const api = apis.includes("postTask") ? "postTask" : apis[0];
      await page.getByTestId("api").selectOption(api);
      await page.getByTestId("interval").fill("0");
      await page.getByTestId("samples").fill("10000");
      await startBlocks(page);
      const t0 = Date.now();
      await page.getByTestId("run").click();
      await page.getByTestId("runs").locator("tbody tr").first().waitFor();
      const secs = (Date.now() - t0) / 1000;
      await settle(page);
      const b = await stopBlocks(page);
      figure(`jitter lab, 10 000 ${api} samples at 0 ms (${target}, ${secs.toFixed(1)} s): ${blockText(b)}`);
    }));

  await check(
    "main thread during six range presets of the leap smears, 9 models × 100 001 points",
    () =>
      monitored("?points=100001#smear", "smear", async (page) => {
        await startBlocks(page);
        const t0 = Date.now();
        for (const name of ["±12 h", "±1 h", "±1 min", "±10 s", "±2 s", "±2 days"]) {
          // clicked in the page (no Playwright actionability scripts in the measured tasks), then until the
          // page's resample (sliced, where the page slices) is drawn
          await page.evaluate(async (name) => {
            const pg = document.querySelector("cm-app").shadowRoot.querySelector("cm-page-smear");
            const zoom = pg.shadowRoot.querySelector('[data-testid="zoom"]');
            [...zoom.querySelectorAll("button")].find((b) => b.textContent.trim() === name).click();
            await pg.updateComplete;
            await pg.resampleComplete;
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          }, name);
        }
        const secs = (Date.now() - t0) / 1000;
        await settle(page);
        const b = await stopBlocks(page);
        const shown = await page.getByTestId("draw-time").innerText();
        assert(shown.startsWith("100001 points per curve"), `resampled at 100 001 points: ${shown}`);
        figure(
          `leap smears, 6 range presets, 9 models × 100 001 points (${target}, ${secs.toFixed(1)} s): ${blockText(b)}`,
        );
      }),
  );

  await check(
    "main thread during a 1e6-sample synthetic drift run",
    () =>
      monitored("#drift", "drift", async (page) => {
        await page.getByTestId("source").selectOption("synthetic");
        const info = page.getByTestId("source-info");
        await info.getByText("synthetic clock").waitFor();
        await startBlocks(page);
        const t0 = Date.now();
        await page.getByTestId("synth-n").fill("1000000");
        await page.getByTestId("synth-n").press("Enter");
        await info.getByText("1000000 samples").waitFor();
        const secs = (Date.now() - t0) / 1000;
        await settle(page);
        const b = await stopBlocks(page);
        figure(`clock drift, 1e6-sample synthetic clock (${target}, ${secs.toFixed(1)} s): ${blockText(b)}`);
        assert((await page.getByTestId("used").innerText()).includes("of 1000000"), "the fit saw 10^6 samples");
      }),
  );
} catch (e) {
  aborted(e);
} finally {
  await stop();
}
for (const f of figures) console.log(`FIGURE ${f}`);
finish();
