// End-to-end check of the playground's "Leap smears" page (web/src/pages/smear-page.ts) and its charts
// (web/src/chart/cm-chart.ts): Vite dev server on a free port, Chromium through playwright-core. Values the
// page shows are compared with the library's own (dist/mod.js) at the instant the readout names.
//
//   node test/e2e/smear-page.mjs [--screenshot=/tmp/smear.png]
//
// Needs `npm run build` (src/core/wasm.generated.ts and dist/) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure. Also prints figures (no timed
// assertion): resample + redraw time of a zoom with 100 001 points per model, and the longest main-thread task
// (Long Tasks API) during those zooms.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, check, equal, openPage, pageTest, repo } from "./harness.mjs";

const lib = await import(join(repo, "dist/mod.js"));
const table = lib.LeapTable.builtin();
const L2016 = new lib.SmearedClock("step").windows().find((w) =>
  w.leapTaiNs === table.utcToTai(
    lib.parseUtc("2016-12-31T23:59:60Z"),
  )
).leapTaiNs;
/** The continuous count's reading at the leap: the old count running on (the page's "true time"). */
const TRUE_BASE = table.taiToUnix(L2016 - 1n) + 1n;

/** "−500 ns" → -500n. */
const nsOf = (s) => BigInt(s.replace("−", "-").replace(/ ns$/, ""));

/** The readout as { x: UTC text, values: model → text }. */
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
const range = async (
  chart,
) => [Number(await chart.getAttribute("data-x-min")), Number(await chart.getAttribute("data-x-max"))];
/** Moves the mouse over x value `v` of the chart (its x unit), at height fraction `fy` of the plot. */
async function hoverAt(page, chart, v, fy = 0.5) {
  await chart.scrollIntoViewIfNeeded();
  const b = await chart.locator('[data-part="plot"]').boundingBox();
  const [a, z] = await range(chart);
  await page.mouse.move(b.x + ((v - a) / (z - a)) * b.width, b.y + b.height * fy);
}
/** The UTC instant in the readout's x text as TAI ns. */
const taiOf = (x) => table.utcToTai(lib.parseUtc(x.split(" ")[0]));
const noOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

await pageTest("smear", { timeout: 20_000 }, async (page) => {
  const offset = page.getByTestId("smear-offset-chart");
  const rate = page.getByTestId("smear-rate-chart");
  const waitRange = (chart, lo, hi) =>
    page.waitForFunction(
      ([id, lo, hi]) => {
        const el = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
          ?.querySelector(`[data-testid="${id}"]`);
        return el && Math.abs(Number(el.dataset.xMin) - lo) < 1e-6 && Math.abs(Number(el.dataset.xMax) - hi) < 1e-6;
      },
      [chart, lo, hi],
    );
  const cellsOf = async (row) =>
    (await page.getByTestId("ticks").locator("tbody tr").nth(row).locator("th, td").allInnerTexts()).map((s) =>
      s.trim()
    );

  await check("the page opens on 2016-12-31, true time, ±2 days, nine models, a start-here line", async () => {
    equal(await page.getByRole("tab", { name: "Leap smears" }).getAttribute("aria-selected"), "true", "tab selected");
    await offset.locator('[data-part="plot"]').waitFor();
    const sel = await page.getByTestId("leap").locator("option:checked").innerText();
    assert(sel.startsWith("2016-12-31 (+1 s)"), sel);
    equal((await range(offset)).join(","), "-172800,172800", "x range in s");
    equal(await offset.locator('[data-part="legend"] span').count(), 9, "legend entries");
    equal(
      await page.getByTestId("reference").locator('[aria-pressed="true"]').innerText(),
      "True time (smears are ramps)",
      "reference",
    );
    assert((await page.locator('[data-part="start-here"]').first().innerText()).startsWith("Start here"), "start");
    const about = await page.getByTestId("about-models").locator("li").allInnerTexts();
    equal(about.length, 9, "one line per model");
    assert(about.find((t) => t.startsWith("ntpd")).includes("on purpose"), "ntpd's negative-leap note");
    assert(about.find((t) => t.startsWith("google")).includes("noon"), "google: noon to noon");
  });

  await check("readout: the exact offsets under the cursor, equal to the library's at that instant", async () => {
    for (const v of [-30_000, -3_600, 7_200, 40_000]) {
      await hoverAt(page, offset, v);
      await page.waitForFunction(
        (v) => {
          const r = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
            ?.querySelector('[data-testid="smear-offset-chart"]')?.shadowRoot?.querySelector('[data-part="readout-x"]');
          const m = /\(([−+]?[\d.]+) s from/.exec(r?.textContent ?? "");
          return m && Math.abs(Number(m[1].replace("−", "-")) - v) < 400; // 1201 points over 4 days: 288 s apart
        },
        v,
      );
      const { x, values } = await readout(offset);
      const t = taiOf(x);
      for (const m of ["google", "chrony", "ntpd", "step", "meta"]) {
        const want = new lib.SmearedClock(m).fromTai(t) - (TRUE_BASE + (t - L2016));
        equal(nsOf(values[m]), want, `${m} at ${x}`);
      }
    }
  });

  await check("drag-zoom changes data-x-min/max and resamples; Reset zoom restores ±2 days", async () => {
    const b = await offset.locator('[data-part="plot"]').boundingBox();
    await page.mouse.move(b.x + b.width * 0.45, b.y + 40);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.55, b.y + 40, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
        ?.querySelector('[data-testid="smear-offset-chart"]')?.dataset.xMax !== "172800"
    );
    const [a, z] = await range(offset);
    assert(a > -20_000 && a < -15_000 && z > 15_000 && z < 20_000, `zoomed to ${a} … ${z}`);
    // both charts follow, and the page resampled: 1201 points across the new range
    await waitRange("smear-rate-chart", a, z);
    const n = await offset.evaluate((el) => [el.data.x.length, el.data.x[0], el.data.x[el.data.x.length - 1]]);
    equal(n[0], 1201, "points");
    assert(Math.abs(n[1] - a) < 1e-3 && Math.abs(n[2] - z) < 1e-3, `samples span the view: ${n}`);
    await offset.getByRole("button", { name: "Reset zoom" }).click();
    await waitRange("smear-offset-chart", -172800, 172800);
  });

  await check("wheel zooms around the cursor", async () => {
    await hoverAt(page, offset, 0);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
        ?.querySelector('[data-testid="smear-offset-chart"]')?.dataset.xMax !== "172800"
    );
    const [a, z] = await range(offset);
    assert(z - a < 345_600 && a < 0 && z > 0, `wheel zoom: ${a} … ${z}`);
    await offset.getByRole("button", { name: "Reset zoom" }).click();
    await waitRange("smear-offset-chart", -172800, 172800);
  });

  await check("pinch (two touch points spreading) zooms in; one finger moves the readout", async () => {
    const ctx = await page.context().browser().newContext({ viewport: { width: 390, height: 900 }, hasTouch: true });
    const p2 = await ctx.newPage();
    try {
      await p2.goto(page.url());
      const o2 = p2.getByTestId("smear-offset-chart");
      await o2.locator('[data-part="plot"]').waitFor();
      await o2.scrollIntoViewIfNeeded();
      const b = await o2.locator('[data-part="plot"]').boundingBox();
      const cdp = await ctx.newCDPSession(p2);
      const cy = b.y + b.height / 2, cx = b.x + b.width / 2;
      const touch = (type, d) =>
        cdp.send("Input.dispatchTouchEvent", {
          type,
          touchPoints: type === "touchEnd" ? [] : [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }],
        });
      await touch("touchStart", 20);
      for (const d of [30, 45, 60, 80]) await touch("touchMove", d);
      await touch("touchEnd", 0);
      await p2.waitForFunction(() =>
        document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
          ?.querySelector('[data-testid="smear-offset-chart"]')?.dataset.xMax !== "172800"
      );
      const [a, z] = await range(o2);
      assert(z - a < 345_600 / 3 && a < 0 && z > 0, `pinched to ${a} … ${z}`);
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: cx + 10, y: cy, id: 3 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: cx + 30, y: cy, id: 3 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
      assert(/s from the leap/.test((await readout(o2)).x), "touch readout");
    } finally {
      await ctx.close();
    }
  });

  await check("±2 s typed in From/To: exact nanosecond steps at the leap (Linux: −1 s for 23:59:60)", async () => {
    await page.getByTestId("range-from").fill("-2 s");
    await page.getByTestId("range-from").press("Enter");
    await page.getByTestId("range-to").fill("2s");
    await page.getByTestId("range-to").press("Enter");
    await waitRange("smear-offset-chart", -2, 2);
    equal(
      await page.getByTestId("zoom").getByRole("button", { name: "±2 s" }).getAttribute("aria-pressed"),
      "true",
      "the preset matches",
    );
    await hoverAt(page, offset, 0.5);
    await page.waitForTimeout(100);
    const { x, values } = await readout(offset);
    const t = taiOf(x);
    assert(t >= L2016 && t < L2016 + 1_000_000_000n, `inside 23:59:60: ${x}`);
    equal(values.step, "−1000000000 ns", "step");
    equal(nsOf(values.stall), -(t - L2016), "stall: held at 00:00:00");
    equal(nsOf(values.google), new lib.SmearedClock("google").fromTai(t) - (TRUE_BASE + (t - L2016)), "google");
  });

  await check("reference: the Linux UTC count (step's reading is then 0 everywhere)", async () => {
    await page.getByTestId("reference").getByRole("button", { name: "Linux UTC count" }).click();
    await hoverAt(page, offset, 0.5);
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot
        ?.querySelector('[data-testid="smear-offset-chart"]')?.shadowRoot
        ?.querySelector('[data-series="step"]')?.textContent?.includes(" 0 ns")
    );
    const { x, values } = await readout(offset);
    const t = taiOf(x);
    equal(nsOf(values.google), new lib.SmearedClock("google").fromTai(t) - table.taiToUnix(t), "google − UTC count");
    assert((await page.locator("#off-h").innerText()).includes("Linux UTC count"), "title");
  });

  await check("rate chart: smooth smears in ppm (Google −11.574), steps as events, no ±10^6 ppm lines", async () => {
    await page.getByTestId("zoom").getByRole("button", { name: "±2 days" }).click();
    await waitRange("smear-rate-chart", -172800, 172800);
    const labels = await rate.locator('[data-part="legend"] span').allInnerTexts();
    equal(labels.map((s) => s.trim()).join(","), "google,ntpsec,ntpd,chrony,meta", "smooth models only");
    const markers = await rate.evaluate((el) => el.markers.map((m) => m.label));
    for (const m of ["step", "overrun", "stall", "windows"]) {
      assert(markers.some((l) => l.startsWith(`${m}:`)), `${m} marker in ${markers}`);
    }
    const extreme = await rate.evaluate((el) => Math.max(...el.data.y.flatMap((ys) => [...ys].map(Math.abs))));
    assert(extreme > 30 && extreme < 40, `largest |rate| ${extreme} ppm (chrony's 32)`);
    await hoverAt(page, rate, -3_600);
    await page.waitForTimeout(100);
    const { x, values } = await readout(rate);
    const want = new lib.SmearedClock("google").rateAt(taiOf(x)); // 86 400 / 86 401 − 1: −11.5739 ppm
    equal(values.google, `${String(+want.toPrecision(6)).replace("-", "−")} ppm`, "google's rate");
    assert(Math.abs(want + 11.5739) < 1e-4, `google's rate ${want}`);
  });

  await check("URL state round-trips: leap, range, models, reference, points", async () => {
    const opts = await page.getByTestId("leap").locator("option").allInnerTexts();
    await page.getByTestId("leap").selectOption(String(opts.findIndex((o) => o.includes("hypothetical"))));
    await page.getByTestId("models").getByLabel("windows").uncheck();
    await page.getByTestId("models").getByLabel("meta").uncheck();
    await page.getByTestId("range-from").fill("-90min");
    await page.getByTestId("range-from").press("Enter");
    await page.getByTestId("range-to").fill("1.5 h");
    await page.getByTestId("range-to").press("Enter");
    await waitRange("smear-offset-chart", -5400, 5400);
    await page.waitForFunction(() => location.search.includes("to=90min")); // written 150 ms after the last change
    const url = page.url();
    const q = new URL(url).searchParams;
    equal(q.get("leap"), "2029-12-31-hypothetical", "leap");
    equal(q.get("ref"), "utc", "ref");
    equal(q.get("from"), "-90min", "from");
    equal(q.get("models"), "step,overrun,stall,google,ntpsec,ntpd,chrony", "models");
    const { page: p2, problems } = await openPage(page.context().browser(), url);
    const o2 = p2.getByTestId("smear-offset-chart");
    await o2.locator('[data-part="plot"]').waitFor();
    equal((await range(o2)).join(","), "-5400,5400", "range after reload");
    assert((await p2.getByTestId("leap").locator("option:checked").innerText()).includes("hypothetical"), "leap");
    equal(await p2.getByTestId("models").getByLabel("meta").isChecked(), false, "meta off");
    equal(await o2.locator('[data-part="legend"] span').count(), 7, "7 models drawn");
    equal(
      await p2.getByTestId("reference").locator('[aria-pressed="true"]').innerText(),
      "Linux UTC count",
      "reference",
    );
    assert((await p2.getByTestId("negative-note").innerText()).startsWith("This leap is hypothetical"), "note");
    equal(problems.join("\n"), "", "no errors on the reloaded page");
    await p2.close();
    for (const m of ["windows", "meta"]) await page.getByTestId("models").getByLabel(m).check();
  });

  await check("bad range input: aria-invalid and a message beside the field, echo cut to 40 characters", async () => {
    const from = page.getByTestId("range-from");
    await from.fill("abc");
    await from.press("Enter");
    equal(await from.getAttribute("aria-invalid"), "true", "aria-invalid");
    const msgId = await from.getAttribute("aria-describedby");
    const msg = await page.getByTestId("range-from-error").innerText();
    equal(await page.getByTestId("range-from-error").getAttribute("id"), msgId, "described by the message");
    assert(msg.includes("“abc” is not a time") && !/BigInt|RangeError|Ns\b/.test(msg), msg);
    await from.fill("9".repeat(5000));
    await from.press("Enter");
    const long = await page.getByTestId("range-from-error").innerText();
    assert(long.length < 120 && long.includes("…"), `cut echo: ${long}`);
    await from.fill("-3 days");
    await from.press("Enter");
    assert((await page.getByTestId("range-from-error").innerText()).includes("not a time"), "unit word");
    await from.fill("-3d");
    await from.press("Enter");
    assert((await page.getByTestId("range-from-error").innerText()).includes("outside ±2 days"), "range");
    await page.getByTestId("range-to").fill("-2h");
    await page.getByTestId("range-to").press("Enter");
    await from.fill("-1h");
    await from.press("Enter");
    assert((await page.getByTestId("range-from-error").innerText()).includes("before To"), "order");
    await from.fill("-2h");
    await from.press("Enter");
    await page.getByTestId("range-to").fill("2h");
    await page.getByTestId("range-to").press("Enter");
    equal(await from.getAttribute("aria-invalid"), "false", "valid again");
    equal(await noOverflow(page), 0, "no horizontal overflow");
  });

  await check("CSV of the visible data: exact readings and offsets", async () => {
    await page.getByTestId("leap").selectOption({ index: 1 });
    await page.getByTestId("zoom").getByRole("button", { name: "±2 s" }).click();
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv").click()]);
    const text = readFileSync(await dl.path(), "utf8").trim().split("\n");
    assert(dl.suggestedFilename().endsWith(".csv"), dl.suggestedFilename());
    const head = text[1].split(",");
    equal(head.slice(0, 4).join(","), "tai_ns,utc,ns_from_leap,reference_ns", "header");
    equal(text.length, 2 + 1201, "rows");
    const row = text[2 + 700].split(",");
    const t = BigInt(row[0]);
    const g = head.indexOf("google_reading_ns");
    equal(BigInt(row[g]), new lib.SmearedClock("google").fromTai(t), "google reading");
    equal(BigInt(row[g + 1]), new lib.SmearedClock("google").fromTai(t) - BigInt(row[3]), "google offset");
  });

  await check("the display table: Linux repeats 23:59:59, stall holds 00:00:00.000, Windows half speed", async () => {
    const head = (await page.getByTestId("ticks").locator("thead th").allInnerTexts()).map((s) => s.trim());
    const col = (m) => head.indexOf(m);
    const r = await cellsOf(5);
    equal(r[0], "23:59:60.500", "UTC");
    equal(r[col("step")], "23:59:59.500", "step");
    equal(r[col("stall")], "00:00:00.000", "stall");
    equal(r[col("overrun")], "00:00:00.500", "overrun");
    equal(r[col("windows")], "23:59:59.750", "windows");
    equal(r[col("google")], "00:00:00.000", "google half way");
    const secs = await page.getByTestId("seconds").innerText();
    assert(secs.includes("step: :58 → :59 → :59 (again) → :00 → :01"), secs);
    assert(secs.includes("stall: :58 → :59 → :00 (2 s) → :01"), secs);
  });

  await check("disagreement: google vs step is 500 005 786 ns at the start of 23:59:60", async () => {
    await page.getByTestId("zoom").getByRole("button", { name: "±2 days" }).click();
    await page.getByTestId("cmpB").selectOption("step");
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-smear")?.shadowRoot?.querySelector(
        '[data-testid="cmp-result"]',
      )?.textContent?.includes("500005786 ns")
    );
    assert((await page.getByTestId("cmp-result").innerText()).includes("2016-12-31T23:59:60Z"), "at 23:59:60");
  });

  await check("keyboard: the range presets follow the leap select; arrows move the readout", async () => {
    await page.getByTestId("points").focus();
    await page.keyboard.press("Tab");
    const active = await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.textContent?.trim();
    });
    equal(active, "±2 days", "first preset focused");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await waitRange("smear-offset-chart", -43200, 43200);
    await offset.locator(".plot").focus();
    await page.keyboard.press("ArrowRight");
    const x = (await readout(offset)).x;
    assert(/s from the leap/.test(x), `readout after ArrowRight: ${x}`);
  });

  await check("figures: zoom resample + redraw with 100 001 points per model (printed, not asserted)", async () => {
    await page.getByTestId("points").selectOption("100001");
    await waitRange("smear-offset-chart", -43200, 43200);
    const measure = () =>
      page.evaluate(async () => {
        const pg = document.querySelector("cm-app").shadowRoot.querySelector("cm-page-smear");
        const ch = pg.shadowRoot.querySelector('[data-testid="smear-offset-chart"]');
        const out = [];
        const tasks = [];
        const obs = new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration)));
        obs.observe({ type: "longtask" });
        for (let k = 0; k < 6; k++) {
          const half = k % 2 ? 43_200 : 3_600;
          const t0 = performance.now();
          ch.zoomTo(-half, half);
          // cm-range comes from a timer; then the page resamples and the chart redraws
          while (pg.view[1] !== BigInt(half) * 1_000_000_000n) await new Promise((r) => setTimeout(r, 0));
          await pg.updateComplete;
          await pg.resampleComplete; // large resamples run in slices after the update that asked for them
          await ch.updateComplete;
          await new Promise((r) => requestAnimationFrame(() => r()));
          out.push({ total: performance.now() - t0, sample: pg.sampleMs, draw: ch.lastDrawMs });
        }
        await new Promise((r) => setTimeout(r, 100)); // the observer reports a task after it ends
        tasks.push(...obs.takeRecords().map((e) => e.duration));
        obs.disconnect();
        return { runs: out, longest: Math.max(0, ...tasks), longTasks: tasks.length };
      });
    const med = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const longest = (m) =>
      `; longest main-thread task ${m.longTasks ? `${m.longest.toFixed(0)} ms (${m.longTasks} ≥ 50 ms)` : "< 50 ms"}`;
    const nine = await measure(), all = nine.runs;
    console.log(
      `     9 models × 100 001 points, zoom → resample → redraw: median ${med(all.map((r) => r.total)).toFixed(1)} ms` +
        ` (sample ${med(all.map((r) => r.sample)).toFixed(1)} ms, uPlot ${med(all.map((r) => r.draw)).toFixed(1)} ms)` +
        longest(nine),
    );
    for (const m of ["step", "overrun", "stall", "ntpsec", "ntpd", "chrony", "meta", "windows"]) {
      await page.getByTestId("models").getByLabel(m, { exact: true }).uncheck();
    }
    const single = await measure(), one = single.runs;
    console.log(
      `     1 model (google) × 100 001 points: median ${med(one.map((r) => r.total)).toFixed(1)} ms` +
        ` (sample ${med(one.map((r) => r.sample)).toFixed(1)} ms, uPlot ${med(one.map((r) => r.draw)).toFixed(1)} ms)` +
        longest(single),
    );
    assert(all.length === 6 && all.every((r) => Number.isFinite(r.total)), "every zoom redrew");
    // the chart gets each pixel column's envelope; the readout is still one exact sample
    const charted = await offset.evaluate((el) => el.data.x.length);
    assert(charted > 1600 && charted < 100_001, `charted points ${charted}`);
    await hoverAt(page, offset, 1_234);
    await page.waitForTimeout(100);
    const { x, values } = await readout(offset);
    const t = taiOf(x);
    equal(nsOf(values.google), new lib.SmearedClock("google").fromTai(t) - table.taiToUnix(t), `google at ${x}`);
    await page.getByTestId("points").selectOption("1201");
  });

  await check(
    "a sliced resample in flight: heading, CSV name and rows follow the samples drawn and the last controls",
    async () => {
      for (const box of await page.getByTestId("models").getByRole("checkbox").all()) await box.check();
      await page.getByTestId("reference").locator('[data-ref="true"]').click();
      await page.getByTestId("points").selectOption("100001");
      const downloads = [];
      const onDownload = (d) => downloads.push(d);
      page.on("download", onDownload);
      // in one evaluate: each step below comes before the page's next slice (a MessageChannel task)
      const got = await page.evaluate(async () => {
        const pg = document.querySelector("cm-app").shadowRoot.querySelector("cm-page-smear");
        const root = pg.shadowRoot;
        const charts = [...root.querySelectorAll("cm-chart")];
        const settle = async () => {
          await pg.resampleComplete;
          await pg.updateComplete;
          for (const c of charts) await c.updateComplete;
          // a rebuilt chart reports its range from a 0 ms timer: let it come before the next control changes
          await new Promise((r) => setTimeout(r, 0));
          await new Promise((r) => setTimeout(r, 0));
        };
        const preset = (name) =>
          [...root.querySelectorAll('[data-testid="zoom"] button')].find((b) => b.textContent.trim() === name).click();
        const heading = () => root.querySelector("#off-h").textContent;
        preset("±2 days");
        await settle();
        const chart = root.querySelector('[data-testid="smear-offset-chart"]');
        const shownData = chart.data;
        // a range preset, then the reference, both while the first resample runs
        preset("±1 h");
        await pg.updateComplete;
        root.querySelector('[data-ref="utc"]').click();
        await pg.updateComplete;
        const during = { resampling: pg.resampling, sameData: chart.data === shownData, heading: heading() };
        await settle();
        const after = { heading: heading(), view: pg.view.map(String) };
        // CSV asked for during one resample, then the range changed again: the rows of the final range
        preset("±1 min");
        await pg.updateComplete;
        root.querySelector('[data-testid="csv"]').click();
        preset("±2 s");
        await pg.updateComplete;
        await settle();
        while (!/^CSV of/.test(root.querySelector('[role="status"]').textContent)) {
          await new Promise((r) => setTimeout(r, 20));
        }
        // CSV of a settled chart, the reference switched while its rows are built
        root.querySelector('[data-testid="csv"]').click();
        while (!/^Preparing/.test(root.querySelector('[role="status"]').textContent)) {
          await new Promise((r) => setTimeout(r, 0));
        }
        root.querySelector('[data-ref="true"]').click();
        await settle();
        return { during, after, view: pg.view.map(String) };
      });
      equal(got.during.resampling, true, "a 9 × 100 001 resample runs in slices");
      equal(got.during.sameData, true, "the chart still draws the earlier samples");
      equal(got.during.heading, "Offset from true time (no leap)", "heading while those samples are drawn");
      equal(got.after.heading, "Offset from the Linux UTC count", "heading once the new samples are drawn");
      equal(got.after.view.join(","), "-3600000000000,3600000000000", "the preset's range, kept");
      equal(got.view.join(","), "-2000000000,2000000000", "final range");
      while (downloads.length < 2) await page.waitForEvent("download");
      page.off("download", onDownload);
      const rows = async (d) => readFileSync(await d.path(), "utf8").trim().split("\n");
      const first = await rows(downloads[0]);
      equal(first.length, 2 + 100_001, "rows of the first CSV");
      equal(first[2].split(",")[2] + " … " + first.at(-1).split(",")[2], "-2000000000 … 2000000000", "its range");
      const second = await rows(downloads[1]), name = downloads[1].suggestedFilename();
      const ref = first[0].includes("reference: utc") && second[0].includes("reference: utc") &&
        name.endsWith("-utc.csv");
      assert(ref, `the second CSV, built while the reference changed: ${name}, ${second[0]}`);
      const t = BigInt(second[2 + 50_000].split(",")[0]);
      equal(BigInt(second[2 + 50_000].split(",")[3]), table.taiToUnix(t), "its reference column: the UTC count");
      await page.getByTestId("points").selectOption("1201");
    },
  );

  await check("palette: every series colour has ≥ 3:1 contrast on the light and dark backgrounds", async () => {
    const worst = await page.evaluate(() => {
      const p = customElements.get("cm-chart");
      let min = Infinity;
      for (const [light, dark] of p.palette) {
        min = Math.min(min, p.contrast(light, "#ffffff"), p.contrast(light, "#f6f7f9"));
        min = Math.min(min, p.contrast(dark, "#1c2028"), p.contrast(dark, "#14171d"));
      }
      return min;
    });
    assert(worst >= 3, `lowest contrast ${worst}`);
    const dashes = await page.evaluate(() => customElements.get("cm-chart").dashes.map(String));
    equal(new Set(dashes).size, dashes.length, "a distinct dash pattern per colour");
  });

  for (const [w, scheme] of [[1440, "light"], [390, "dark"], [360, "light"]]) {
    await check(`${w} px, ${scheme}: no horizontal overflow, the charts fit`, async () => {
      await page.setViewportSize({ width: w, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      equal(await noOverflow(page), 0, "page overflow");
      const cw = (await offset.boundingBox()).width;
      assert(cw <= w, `chart width ${cw}`);
    });
  }
});
