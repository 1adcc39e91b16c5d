// End-to-end check of the playground's "Clock drift" page (web/src/pages/drift-page.ts, its worker
// drift-worker.ts and the <cm-chart>s): Vite dev server on a free port, Chromium through playwright-core.
// Readouts are compared with the library's own values (dist/mod.js) for the same log.
//
//   node test/e2e/drift-page.mjs [--screenshot=/tmp/drift.png]
//
// Needs `npm run build` (src/core/wasm.generated.ts and dist/) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure. Also prints a figure (no timed
// assertion): the longest main-thread task (PerformanceObserver "longtask") during a 10^6-sample synthetic run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, check, equal, pageTest, repo } from "./harness.mjs";

const lib = await import(join(repo, "dist/mod.js"));
const MEASUREMENTS = readFileSync(join(repo, "test/data/drift/measurements.log"), "utf8");
const noOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const range = async (chart) => [
  Number(await chart.getAttribute("data-x-min")),
  Number(await chart.getAttribute("data-x-max")),
];
/** The readout as { x, values: series → text }. */
async function readout(chart) {
  const r = chart.locator('[data-part="readout"]');
  const x = (await r.locator('[data-part="readout-x"]').innerText()).replace(/^[^:]*:\s*/, "");
  const values = Object.fromEntries(
    await r.locator("[data-series]").evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-series"), e.textContent.replace(/^[^:]*:\s*/, "").trim()])
    ),
  );
  return { x, values };
}
/** Moves the mouse over x value `v` (the chart's x unit; log axes too) at height fraction `fy`. */
async function hoverAt(page, chart, v, fy, log = false) {
  await chart.scrollIntoViewIfNeeded();
  const b = await chart.locator('[data-part="plot"]').boundingBox();
  const [a, z] = await range(chart);
  const f = log ? Math.log(v / a) / Math.log(z / a) : (v - a) / (z - a);
  await page.mouse.move(b.x + f * b.width, b.y + b.height * fy);
}

await pageTest("drift", { height: 1400, timeout: 30_000 }, async (page) => {
  const text = async (id) => (await page.getByTestId(id).innerText()).trim();
  const ppm = async () => Number(/(-?[\d.]+) ppm/.exec(await text("freq"))[1]);
  const infoHas = (s) =>
    page.waitForFunction(
      (s) =>
        document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
          ?.querySelector('[data-testid="source-info"]')?.textContent?.includes(s),
      s,
    );
  /** Waits until the worker has answered the last change (a new run cancels the one before). */
  const settled = () =>
    page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.busy === ""
    );
  const offsetChart = page.getByTestId("drift-offset-chart");
  const allanChart = page.getByTestId("drift-allan-chart");

  await check("the Clock drift tab opens on the chrony measurements sample, computed in a worker", async () => {
    equal(await page.getByRole("tab", { name: "Clock drift" }).getAttribute("aria-selected"), "true", "tab selected");
    await infoHas("samples");
    const info = await text("source-info");
    assert(
      info.includes("chrony-measurements, 42 records") && info.includes("192.0.2.10 with 40 samples") &&
        info.includes("0 bad lines") && info.includes("in the worker"),
      info,
    );
    const f = await ppm(); // the sample's clock runs 12.5 ppm fast (test/data/drift/generate.mjs)
    assert(f > 12.2 && f < 12.8, `frequency ${f}`);
    assert((await text("skew")).startsWith("±"), "skew shown");
    assert((await page.locator('[data-part="start-here"]').first().innerText()).startsWith("Start here"), "start");
    assert(page.workers().some((w) => w.url().includes("drift-worker")), "a worker ran");
  });

  await check(
    "offset chart: 40 samples, the fit and its skew band; the readout shows a sample's exact offset",
    async () => {
      await offsetChart.locator('[data-part="plot"]').waitFor();
      const legend = (await offsetChart.locator('[data-part="legend"] span').allInnerTexts()).map((s) => s.trim());
      equal(legend.join(","), "in the fit,not in the fit,fit,fit + skew,fit − skew", "series");
      const n = await offsetChart.evaluate((el) => el.data.x.length);
      equal(n, 40, "points");
      const log = lib.parseDriftLog(MEASUREMENTS, { strict: false });
      const est = lib.estimateDrift(log.samples);
      const k = 25; // hover sample k: x = seconds before the newest
      const xk = Number(log.samples[k].readingNs - est.readingNs) / 1e9;
      await hoverAt(page, offsetChart, xk, 0.5);
      await page.waitForTimeout(100);
      const { x, values } = await readout(offsetChart);
      const iso = x.split(" ")[0];
      const s = log.samples.find((s) => {
        const ms = s.readingNs / 1_000_000n;
        return new Date(Number(ms)).toISOString().slice(0, 19) === iso.slice(0, 19);
      });
      assert(s !== undefined, `readout x ${x} names a sample`);
      equal(values["in the fit"].replace("−", "-"), `${s.offsetNs} ns`, "exact offset");
      assert(Math.abs(Number(s.readingNs - log.samples[k].readingNs)) <= 64e9, `near sample ${k}: ${x}`);
    },
  );

  await check("drag-zoom on the offset chart changes data-x-min/max; Reset zoom restores", async () => {
    const full = await range(offsetChart);
    const b = await offsetChart.locator('[data-part="plot"]').boundingBox();
    await page.mouse.move(b.x + b.width * 0.6, b.y + 30);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.9, b.y + 30, { steps: 5 });
    await page.mouse.up();
    const z = await range(offsetChart);
    assert(z[0] > full[0] && z[1] < full[1] && z[1] - z[0] < (full[1] - full[0]) * 0.4, `zoomed ${z} of ${full}`);
    await offsetChart.getByRole("button", { name: "Reset zoom" }).click();
    equal((await range(offsetChart)).join(","), full.join(","), "reset");
  });

  await check("Allan plot: log axes with titles, the checked kinds, readout equal to allanDeviation", async () => {
    await allanChart.locator('[data-part="plot"]').waitFor();
    const legend = (await allanChart.locator('[data-part="legend"] span').allInnerTexts()).map((s) => s.trim());
    equal(legend.join(","), "oadev,mdev,hdev", "default kinds");
    assert((await allanChart.locator('[data-part="x-title"]').innerText()).includes("averaging time τ"), "x title");
    assert((await allanChart.locator('[data-part="y-title"]').innerText()).includes("log scale"), "y title");
    await page.getByTestId("kinds").getByLabel("adev", { exact: true }).check();
    await page.getByTestId("kinds").getByLabel("tdev").check();
    await page.getByTestId("drift-tdev-chart").locator('[data-part="plot"]').waitFor();
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
        ?.querySelector('[data-testid="drift-allan-chart"]')?.series?.length === 4
    );
    const log = lib.parseDriftLog(MEASUREMENTS, { strict: false });
    const adev = lib.allanDeviation(log, { kind: "adev", taus: "octave" });
    // 40 samples at 64 s: octave factors up to 19 (adev), so τ = 64 s … 1024 s: 5 points
    equal(adev.length, 5, "library: adev points");
    const p = adev[2];
    await hoverAt(page, allanChart, Number(p.tauNs) / 1e9, 0.5, true);
    await page.waitForTimeout(100);
    const { x, values } = await readout(allanChart);
    assert(x.startsWith(`τ = ${Number(p.tauNs) / 1e9} s`), x);
    equal(values.adev, `${p.deviation.toExponential(4).replace("-", "−")} (${p.n} terms)`, "adev readout");
  });

  await check("every sample log parses and gives an estimate", async () => {
    const opts = await page.getByTestId("source").locator("option").allInnerTexts();
    for (let i = 0; i < 6; i++) {
      await page.getByTestId("source").selectOption(`sample:${i}`);
      await infoHas(opts[i].replace("Sample: ", ""));
      const info = await text("source-info");
      assert(info.includes("0 bad lines"), `${opts[i]}: ${info}`);
      assert(Number.isFinite(await ppm()), `${opts[i]}: frequency`);
    }
  });

  await check("format selector: a forced wrong format says so in UI words; auto reads it again", async () => {
    await page.getByTestId("source").selectOption("sample:0");
    await infoHas("chrony measurements.log");
    await page.getByTestId("format").selectOption("ntpd-peerstats");
    await page.waitForFunction(() =>
      (document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
        ?.querySelector('[data-testid="source-info"]')?.textContent ?? "").includes("ntpd-peerstats")
    );
    const info = await text("source-info");
    assert(/ntpd-peerstats/.test(info) && !/BigInt|RangeError/.test(info), info);
    await page.getByTestId("format").selectOption("auto");
    await infoHas("chrony-measurements, 42 records");
  });

  await check("synthetic clock: −30 ppm comes back; a step inside the window is cut by the runs test", async () => {
    await page.getByTestId("source").selectOption("synthetic");
    for (const [k, v] of [["freqPpm", "-30"], ["wanderPpb", "0"], ["noiseNs", "100"]]) {
      await page.getByTestId(`synth-${k}`).fill(v);
      await page.getByTestId(`synth-${k}`).press("Enter");
    }
    await settled();
    await page.waitForFunction(() =>
      /-29\.9|-30\.0/.test(
        document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
          ?.querySelector('[data-testid="freq"]')?.textContent ?? "",
      )
    );
    assert(Math.abs((await ppm()) + 30) < 0.01, `frequency ${await ppm()}`);
    equal(/^(\d+) used/.exec(await text("used"))[1], "64", "no step: the whole window");
    await page.getByTestId("synth-stepUs").fill("500");
    await page.getByTestId("synth-stepUs").press("Enter");
    await page.getByTestId("synth-stepAt").fill("370");
    await page.getByTestId("synth-stepAt").press("Enter");
    await settled();
    const used = Number(/^(\d+) used/.exec(await text("used"))[1]);
    assert(used <= 30, `after a 500 µs step at sample 370 of 400 the fit keeps the newest ≤ 30 (got ${used})`);
  });

  await check("bad synthetic input: aria-invalid, a message beside the field in UI words, echo cut", async () => {
    const n = page.getByTestId("synth-n");
    await n.fill("abc");
    await n.press("Enter");
    equal(await n.getAttribute("aria-invalid"), "true", "aria-invalid");
    equal(await n.getAttribute("aria-describedby"), "synth-n-error", "described by");
    const msg = await text("synth-n-error");
    assert(msg.includes("“abc” is not a number") && msg.includes("whole number from 4 to 1 000 000"), msg);
    await n.fill("10000000");
    await n.press("Enter");
    assert((await text("synth-n-error")).includes("(you typed “10000000”)"), await text("synth-n-error"));
    await n.fill("7".repeat(1_000_000));
    await n.press("Enter");
    const long = await text("synth-n-error");
    assert(long.length < 160 && long.includes("…"), `cut echo (${long.length} chars)`);
    equal(await noOverflow(page), 0, "no overflow after a 1 MB paste");
    const iv = page.getByTestId("synth-intervalS");
    await iv.fill("1.5");
    await iv.press("Enter");
    assert((await text("synth-intervalS-error")).includes("whole number from 1 to 86 400 s"), "interval");
    await iv.fill("16");
    await iv.press("Enter");
    await n.fill("400");
    await n.press("Enter");
    equal(await n.getAttribute("aria-invalid"), "false", "valid again");
  });

  await check("figure: a 10^6-sample synthetic run in the worker; longest main-thread task while it runs", async () => {
    await page.evaluate(() => {
      globalThis.__longest = 0;
      globalThis.__tasks = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) {
          globalThis.__tasks++;
          globalThis.__longest = Math.max(globalThis.__longest, e.duration);
        }
      }).observe({ type: "longtask" });
    });
    const t0 = Date.now();
    await page.getByTestId("synth-n").fill("1000000");
    await page.getByTestId("synth-n").press("Enter");
    await page.waitForFunction(
      () =>
        (document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
          ?.querySelector('[data-testid="source-info"]')?.textContent ?? "").includes("1000000 samples"),
      undefined,
      {
        timeout: 120_000,
      },
    );
    const wall = Date.now() - t0;
    await page.waitForTimeout(300); // let the observer report the last frame
    const { longest, tasks } = await page.evaluate(() => ({
      longest: globalThis.__longest,
      tasks: globalThis.__tasks,
    }));
    console.log(
      `     1e6 synthetic samples: ${wall} ms wall (${await text("source-info")}); longest main-thread task ` +
        `${longest.toFixed(0)} ms over ${tasks} long tasks`,
    );
    assert(Number.isFinite(longest), "the observer ran");
    assert((await text("used")).includes("of 1000000 in the data"), await text("used"));
    await page.getByTestId("synth-n").fill("400");
    await page.getByTestId("synth-n").press("Enter");
    await infoHas("synthetic clock: 400 samples");
  });

  await check("a file over 32 MB (dropped): refused with a message beside the file field", async () => {
    // made in the page: 33 MB through the DevTools protocol would take longer than the check
    await page.getByTestId("drop").evaluate((drop) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(33 * 1024 * 1024).fill(32)], "huge-peerstats.log"));
      drop.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.getByTestId("file-error").waitFor();
    const msg = await text("file-error");
    assert(msg.includes("33.0 MB") && msg.includes("up to 32 MB"), msg);
    equal(await page.getByTestId("file").getAttribute("aria-invalid"), "true", "aria-invalid");
    equal(await page.getByTestId("file").getAttribute("aria-describedby"), "drift-file-error", "described by");
  });

  await check("a dropped file with a malformed line: parsed, the bad line reported by number", async () => {
    const lines = readFileSync(join(repo, "test/data/drift/peerstats"), "utf8").split("\n");
    lines.splice(4, 0, "61364 79500.000 192.0.2.10 9614 not-a-number 0.02 0.001 0.00004");
    await page.getByTestId("file").setInputFiles({
      name: "peerstats.20261120",
      mimeType: "text/plain",
      buffer: Buffer.from(lines.join("\n")),
    });
    await page.getByTestId("bad-lines").waitFor();
    const info = await text("source-info");
    assert(info.startsWith("peerstats.20261120: ntpd-peerstats, 40 records") && info.includes("1 bad lines"), info);
    const bad = await text("bad-lines");
    assert(bad.includes("line 5") && bad.includes("not a number"), bad);
    equal(await page.getByTestId("file").getAttribute("aria-invalid"), "false", "the file error is gone");
  });

  await check("a long log (20 000 peerstats lines): parsed, fitted, the charts show the newest 600", async () => {
    const base = readFileSync(join(repo, "test/data/drift/peerstats"), "utf8").split("\n").filter(Boolean);
    const lines = [];
    for (let k = 0; k < 20_000; k++) {
      lines.push(base[k % base.length].replace(/^(\d+)/, (d) => String(+d + Math.floor(k / base.length))));
    }
    await page.getByTestId("file").setInputFiles({
      name: "peerstats.long",
      mimeType: "text/plain",
      buffer: Buffer.from(lines.join("\n") + "\n"),
    });
    await infoHas("peerstats.long");
    const info = await text("source-info");
    assert(info.includes("20000 records") && info.includes("0 bad lines"), info);
    assert((await text("used")).includes("the charts show the newest 600"), await text("used"));
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
        ?.querySelector('[data-testid="drift-offset-chart"]')?.data?.x?.length === 600
    );
  });

  await check("live panel: a wall clock set 5 s forward is flagged as a jump; its ticks redraw no chart", async () => {
    // every chart's data and series, to compare after the live panel's ticks re-rendered the page
    await page.evaluate(() => {
      globalThis.__chartInputs = [
        ...document.querySelector("cm-app").shadowRoot.querySelector("cm-page-drift")
          .shadowRoot.querySelectorAll("cm-chart"),
      ].map((c) => [c, c.data, c.series]);
    });
    await page.getByTestId("live-toggle").click();
    await page.waitForTimeout(700);
    const kept = await page.evaluate(() =>
      globalThis.__chartInputs.map(([c, data, series]) => c.isConnected && c.data === data && c.series === series)
    );
    assert(kept.length >= 3 && kept.every(Boolean), `charts given the same data and series: ${kept}`);
    await page.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 5000;
    });
    await page.waitForFunction(() =>
      (document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot
        ?.querySelector('[data-testid="live-jumps"]')?.textContent ?? "").includes("jumped forward")
    );
    const j = await text("live-jumps");
    assert(/jumped forward by (5|5\.00\d*|4\.99\d*) s /.test(j), j);
    await page.getByTestId("live-toggle").click();
    equal(await text("live-toggle"), "Start watching", "stopped");
  });

  for (const [w, scheme] of [[1440, "light"], [390, "dark"], [360, "light"]]) {
    await check(`${w} px, ${scheme}: no horizontal overflow, the charts fit`, async () => {
      await page.setViewportSize({ width: w, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      equal(await noOverflow(page), 0, "page overflow");
      assert((await offsetChart.boundingBox()).width <= w, "chart width");
    });
  }
});
