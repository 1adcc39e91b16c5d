// End-to-end check of the playground's "Jitter lab" page (web/src/pages/jitter-page.ts): live probes
// overlaid on one percentile plot, the run picker (keyboard), Stop mid-run with progress, focus kept
// on Run, field messages for bad input, no horizontal overflow at 1440 and 390 px, and a pasted
// histogram encoded by hdr-histogram-js 3.0.1 (the page must show hdr-histogram-js's percentiles).
// Prints (no assertion on it) the longest main-thread block seen during a 10 000-sample run.
//
//   node test/e2e/jitter-page.mjs [--screenshot=/tmp/jitter.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import * as hdr from "hdr-histogram-js";
import { assert, check, equal, pageTest } from "./harness.mjs";
import { fieldState, overflowPx } from "./field-check.mjs";

// the peer library writes the histogram the page must read
const peer = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3_600_000_000_000,
  numberOfSignificantValueDigits: 3,
});
for (let i = 1; i <= 3000; i++) peer.recordValue(((i * 7919) % 3001) * 1000 + 250);
peer.recordValue(987_654_321);
const encoded = hdr.encodeIntoCompressedBase64(peer);
const SHOWN = [50, 90, 99, 99.9, 99.99, 100];

await pageTest("jitter", { width: 1440, height: 1400 }, async (page) => {
  const jl = page.locator("cm-page-jitter");
  const rows = jl.getByTestId("runs").locator("tbody tr");
  /** The id of the element focused inside the page's shadow root ("" for none). */
  const focused = () =>
    page.evaluate(() => {
      const root = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-jitter")?.shadowRoot;
      return root?.activeElement?.getAttribute("data-testid") ?? "";
    });
  const runAndWait = async (n) => {
    await jl.getByTestId("run").click();
    await rows.nth(n - 1).waitFor();
  };

  await check("the Jitter lab tab is selected from #jitter, says where to start, lists the timer APIs", async () => {
    equal(await page.getByRole("tab", { name: "Jitter lab" }).getAttribute("aria-selected"), "true", "tab selected");
    await jl.getByTestId("api").locator("option").first().waitFor({ state: "attached" });
    const apis = (await jl.getByTestId("api").locator("option").allInnerTexts()).map((s) => s.trim());
    for (const a of ["setTimeout", "setInterval", "postTask", "requestAnimationFrame"]) {
      assert(apis.includes(a), `${a} in ${apis.join(", ")}`);
    }
    assert((await jl.locator("[data-part=start-here]").innerText()).startsWith("Start here"), "start-here line");
  });

  await check(
    "each timer API has its explanation (setTimeout's 4 ms clamp, setInterval's accumulating lateness)",
    async () => {
      const note = await jl.getByTestId("api-note").innerText();
      assert(note.includes("setTimeout") && note.includes("4 ms") && note.includes("nest"), note);
      await jl.getByTestId("api").selectOption("setInterval");
      const iv = await jl.getByTestId("api-note").innerText();
      assert(iv.includes("setInterval") && /accumulat|adds up/.test(iv), iv);
      await jl.getByTestId("api").selectOption("setTimeout");
    },
  );

  await check("bad input: a message on the field, aria-invalid, no BigInt error, nothing run", async () => {
    const cases = [
      ["interval", "abc", /^Interval must be a number of ms/],
      ["samples", "abc", /^Samples must be a whole number/],
      ["threshold", "abc", /^Late threshold must be a number of ms/],
      ["samples", "0", /^Samples must be from 1 to 1,000,000/],
      ["interval", "-1", /^Interval must not be negative/],
      ["interval", "70000", /^Interval must be at most 60\u2009000 ms$/],
      ["interval", "70 s", /^Interval must be at most 60 s$/],
      ["interval", "0.0000001", /finer than 1 ns/],
    ];
    for (const [id, text, want] of cases) {
      const field = jl.getByTestId(id);
      await field.fill(text);
      const st = await fieldState(field);
      assert(st.invalid, `${id} = ${JSON.stringify(text)}: aria-invalid`);
      assert(want.test(st.message), `${id} = ${JSON.stringify(text)}: ${JSON.stringify(st.message)}`);
      assert(!/BigInt|RangeError|Ns\b/.test(st.message), `UI words: ${st.message}`);
    }
    // Run with a bad field: no probe starts, the bad field gets the focus
    await jl.getByTestId("run").click();
    equal(await focused(), "interval", "focus on the bad field");
    equal(await jl.getByTestId("no-runs").count(), 1, "still no runs");
    // a 1 MB paste is refused without being echoed
    await jl.getByTestId("interval").fill("9".repeat(1_000_000));
    const big = await fieldState(jl.getByTestId("interval"));
    assert(big.invalid && big.message.startsWith("Interval is too long (1,000,000 characters)"), big.message);
    assert(big.message.length < 120, `message cut: ${big.message.length} chars`);
    equal(await overflowPx(page), 0, "no overflow after the paste");
    await jl.getByTestId("interval").fill("1");
    await jl.getByTestId("samples").fill("30");
    await jl.getByTestId("threshold").fill("1");
    const ok = await fieldState(jl.getByTestId("interval"));
    assert(!ok.invalid && ok.message === "", `valid again: ${JSON.stringify(ok)}`);
  });

  await check("a short setTimeout probe adds a summary row and the percentile chart; focus stays on Run", async () => {
    await jl.getByTestId("run").focus();
    await page.keyboard.press("Enter");
    await rows.first().waitFor();
    const cells = (await rows.first().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(cells[1], "setTimeout", "api");
    equal(cells[3], "30", "samples");
    const ns = await rows.first().locator("td[data-ns]").evaluateAll((tds) =>
      tds.map((td) => BigInt(td.getAttribute("data-ns")))
    );
    assert(ns.length === 4 && ns[0] <= ns[1] && ns[1] <= ns[2], `P50 ≤ P99 ≤ P99.9: ${ns.join(", ")}`);
    await jl.getByTestId("jitter-percentile-chart").waitFor();
    await jl.getByTestId("run-histogram").waitFor();
    equal(await focused(), "run", "focus after the run");
  });

  await check("a second run (postTask, 0 ms) is overlaid on the same plot", async () => {
    await jl.getByTestId("api").selectOption("postTask");
    await jl.getByTestId("interval").fill("0");
    await jl.getByTestId("samples").fill("200");
    await runAndWait(2);
    const apis = await rows.locator("td:nth-child(2)").allInnerTexts();
    equal(apis.join(","), "setTimeout,postTask", "rows");
    const chart = jl.getByTestId("jitter-percentile-chart");
    equal(await chart.count(), 1, "one plot");
    const legend = await chart.locator("[data-part=legend]").innerText();
    assert(legend.includes("#1 setTimeout") && legend.includes("#2 postTask"), `legend: ${legend}`);
  });

  await check("the x axis is 1/(1 − p) on a log scale with percentile labels; the readout is exact", async () => {
    const chart = jl.getByTestId("jitter-percentile-chart");
    const title = await chart.locator("[data-part=x-title]").innerText();
    assert(title.includes("1/(1 − p)") && title.includes("log scale"), title);
    const box = await chart.locator(".plot").boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    const readout = await chart.locator("[data-part=readout]").innerText();
    assert(/\d %/.test(readout) && /-?\d+ ns/.test(readout), `readout: ${readout}`);
  });

  await check("past runs are picked with the keyboard (radio group, arrow keys)", async () => {
    const r2 = jl.getByTestId("pick-run-2");
    equal(await r2.isChecked(), true, "the newest run is selected");
    await r2.focus();
    await page.keyboard.press("ArrowLeft");
    equal(await jl.getByTestId("pick-run-1").isChecked(), true, "ArrowLeft selects run 1");
    assert((await jl.locator("#jl-run").innerText()).startsWith("Run 1:"), "run 1's histogram shown");
    equal(await rows.first().getAttribute("class"), "selected", "row 1 highlighted");
    await page.keyboard.press("ArrowRight");
    equal(await r2.isChecked(), true, "ArrowRight back to run 2");
    assert((await jl.locator("#jl-run").innerText()).startsWith("Run 2:"), "run 2's histogram shown");
  });

  await check("Stop ends a long run mid-way: progress shown, nothing kept, focus back on Run", async () => {
    await jl.getByTestId("api").selectOption("setTimeout");
    await jl.getByTestId("interval").fill("1");
    await jl.getByTestId("samples").fill("100000");
    await jl.getByTestId("run").click();
    await page.waitForFunction(() => {
      const root = document.querySelector("cm-app").shadowRoot.querySelector("cm-page-jitter").shadowRoot;
      return /Running: [1-9][\d,]* of 100,000 firings/.test(
        root.querySelector("[data-testid=progress-text]").textContent,
      );
    });
    const progress = jl.getByTestId("progress");
    const value = Number(await progress.evaluate((p) => p.value));
    assert(value > 0 && value < 100_000, `progress value ${value}`);
    equal(await progress.getAttribute("max"), "100000", "progress max");
    await jl.getByTestId("stop").click();
    const note = await jl.getByTestId("note").innerText();
    assert(/^Stopped after [\d,]+ of 100,000 firings/.test(note), note);
    equal(await rows.count(), 2, "no run added");
    equal(await jl.getByTestId("stop").isDisabled(), true, "Stop disabled");
    equal(await focused(), "run", "focus back on Run");
  });

  await check("a 10 000-sample run completes (prints the longest main-thread block)", async () => {
    await page.evaluate(() => {
      globalThis.__longtasks = [];
      new PerformanceObserver((l) => globalThis.__longtasks.push(...l.getEntries().map((e) => e.duration)))
        .observe({ type: "longtask" });
    });
    await jl.getByTestId("api").selectOption("postTask");
    await jl.getByTestId("interval").fill("0");
    await jl.getByTestId("samples").fill("10000");
    const t0 = Date.now();
    await runAndWait(3);
    await jl.getByTestId("jitter-percentile-chart").locator("[data-part=legend]").getByText("#3").waitFor();
    await page.waitForTimeout(300);
    const secs = (Date.now() - t0) / 1000;
    const tasks = await page.evaluate(() => globalThis.__longtasks);
    const max = tasks.length ? Math.max(...tasks) : 0;
    console.log(
      `     figure: 10 000-sample postTask run in ${secs.toFixed(1)} s; longest main-thread block ${
        tasks.length ? `${max.toFixed(0)} ms` : "none over 50 ms"
      } (${tasks.length} long tasks ≥ 50 ms)`,
    );
    equal((await rows.nth(2).locator("td").allInnerTexts())[3].trim(), "10000", "samples");
  });

  await check(
    "once the firings are in, Stop is disabled while the run is binned and drawn; the run is kept",
    async () => {
      await jl.getByTestId("api").selectOption("postTask");
      await jl.getByTestId("interval").fill("0");
      await jl.getByTestId("samples").fill("2000");
      const got = await page.evaluate(async () => {
        const pg = document.querySelector("cm-app").shadowRoot.querySelector("cm-page-jitter");
        const stop = pg.shadowRoot.querySelector("[data-testid=stop]");
        const before = pg.runs.length, seen = [];
        // every render of the run's end: its row is in the table, the run not yet over
        const updated = pg.updated;
        pg.updated = function (changed) {
          updated.call(this, changed);
          if (this.running && this.runs.length > before) {
            seen.push(stop.disabled);
            stop.click(); // a user's Stop here: if the button takes it, it must not be ignored
          }
        };
        pg.shadowRoot.querySelector("[data-testid=run]").click();
        await pg.updateComplete;
        while (pg.running) await new Promise((r) => setTimeout(r, 20));
        delete pg.updated;
        return { seen, kept: pg.runs.length - before, note: pg.note };
      });
      assert(got.seen.length > 0, "renders of the run's end seen");
      equal(got.seen.every((d) => d), true, `Stop disabled at each (${got.seen})`);
      equal(got.kept, 1, "the complete run is kept");
      equal(got.note, "", "no note");
    },
  );

  await check("a pasted hdr-histogram-js histogram shows hdr-histogram-js's percentiles", async () => {
    await jl.getByTestId("paste").fill(encoded);
    await jl.getByTestId("view-pasted").click();
    const table = jl.getByTestId("pasted-percentiles");
    await table.waitFor();
    equal(await table.locator("td[data-value]").getAttribute("data-value"), String(peer.totalCount), "count");
    const shown = await table.locator("td[data-ns]").evaluateAll((tds) => tds.map((td) => td.getAttribute("data-ns")));
    equal(shown.join(","), SHOWN.map((p) => String(peer.getValueAtPercentile(p))).join(","), "percentiles");
    await jl.getByTestId("jitter-pasted-chart").waitFor();
    const st = await fieldState(jl.getByTestId("paste"));
    assert(!st.invalid && st.message === "", JSON.stringify(st));
  });

  await check("a truncated string or a 1 MB paste: a message on the text field, not echoed", async () => {
    await jl.getByTestId("paste").fill(encoded.slice(0, 40));
    await jl.getByTestId("view-pasted").click();
    let st = await fieldState(jl.getByTestId("paste"));
    assert(st.invalid && st.message.includes("(corrupt-encoding)"), st.message);
    await jl.getByTestId("paste").fill("HISTFAAA" + "A".repeat(1_048_576));
    await jl.getByTestId("view-pasted").click();
    st = await fieldState(jl.getByTestId("paste"));
    assert(st.invalid && st.message.length < 300, `message: ${st.message.slice(0, 300)}`);
    equal(await overflowPx(page), 0, "no overflow");
  });

  await check("no horizontal overflow at 1440 and 390 px, with runs and charts shown", async () => {
    equal(await overflowPx(page), 0, "1440 px");
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(300);
    equal(await overflowPx(page), 0, "390 px");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(300);
    equal(await overflowPx(page), 0, "360 px");
  });
});
