// Every <cm-chart> on every playground page (contract: web-contract of issue 16, web/src/chart/):
// hovering over the plot shows a readout that follows the cursor; a drag across the plot zooms x
// (data-x-min/data-x-max narrow); the wheel zooms in; "Reset zoom" restores the full range. Each
// page must show at least MIN_CHARTS[page] charts once the chart component is defined.
//
//   node test/e2e/charts.mjs [--target=dev|site]
//
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { aborted, assert, check, finish, listPages, openPage, pageReady, startPlayground } from "./harness.mjs";

/** Charts each page shows on load (before any click), when cm-chart exists. */
const MIN_CHARTS = { smear: 2, drift: 3, jitter: 1 };
/** What a page needs before its charts appear (a run, a file…), by page id. */
const PREPARE = {
  jitter: async (page) => {
    await page.getByTestId("samples").fill("200");
    await page.getByTestId("run").click();
    await page.getByTestId("runs").locator("tbody tr").first().waitFor();
  },
};

const range = async (chart) => {
  const [min, max] = await chart.evaluate((el) => [el.getAttribute("data-x-min"), el.getAttribute("data-x-max")]);
  return { min: Number(min), max: Number(max), text: `[${min}, ${max}]` };
};
/** Waits until the chart's range is no longer `before` and returns it. */
const rangeChange = async (chart, before) => {
  await chart.evaluate(
    (el, text) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const poll = () => {
          const now = `[${el.getAttribute("data-x-min")}, ${el.getAttribute("data-x-max")}]`;
          if (now !== text) resolve();
          else if (performance.now() - t0 > 5000) reject(new Error(`range still ${text}`));
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    before.text,
  );
  return await range(chart);
};

/** The plot's drawing area in page coordinates (uPlot's .u-over, else the chart's box). */
async function plotBox(chart) {
  await chart.scrollIntoViewIfNeeded();
  const over = chart.locator(".u-over");
  const box = (await over.count()) > 0 ? await over.first().boundingBox() : await chart.boundingBox();
  assert(box !== null && box.width > 20 && box.height > 20, `plot area ${JSON.stringify(box)}`);
  return { at: (fx, fy = 0.5) => [box.x + box.width * fx, box.y + box.height * fy] };
}

const { url, browser, stop } = await startPlayground();
try {
  const first = await openPage(browser, url);
  const ids = await listPages(first.page);
  await first.page.close();
  let total = 0;
  for (const id of ids) {
    const { page, problems } = await openPage(browser, `${url}#${id}`, { width: 1440, height: 1000 });
    try {
      await pageReady(page, id);
      if (PREPARE[id]) await PREPARE[id](page);
      const charts = page.locator("cm-chart");
      const defined = await page.evaluate(() => customElements.get("cm-chart") !== undefined);
      const n = await charts.count();
      total += n;
      if (defined) {
        await check(`#${id}: at least ${MIN_CHARTS[id] ?? 0} charts (found ${n})`, async () => {
          assert(n >= (MIN_CHARTS[id] ?? 0), `${n} charts`);
        });
      }
      for (let i = 0; i < n; i++) {
        const chart = charts.nth(i);
        const name = `#${id} ${(await chart.getAttribute("data-testid")) ?? `cm-chart ${i}`}`;
        await check(`${name}: hovering shows a readout that follows the cursor`, async () => {
          const plot = await plotBox(chart);
          const readout = chart.locator('[data-part="readout"]');
          await page.mouse.move(...plot.at(0.25));
          await page.mouse.move(...plot.at(0.3));
          const a = (await readout.innerText()).trim();
          await page.mouse.move(...plot.at(0.7));
          const b = (await readout.innerText()).trim();
          assert(/\d/.test(a) && /\d/.test(b), `readout text: ${JSON.stringify(a)}, ${JSON.stringify(b)}`);
          assert(a !== b, `the readout stayed ${JSON.stringify(a)} from 30 % to 70 % of the plot`);
        });
        await check(`${name}: a drag zooms x, "Reset zoom" restores the full range`, async () => {
          const full = await range(chart);
          assert(Number.isFinite(full.min) && Number.isFinite(full.max) && full.min < full.max, `range ${full.text}`);
          const plot = await plotBox(chart);
          await page.mouse.move(...plot.at(0.3));
          await page.mouse.down();
          await page.mouse.move(...plot.at(0.45), { steps: 4 });
          await page.mouse.move(...plot.at(0.6), { steps: 4 });
          await page.mouse.up();
          const zoomed = await rangeChange(chart, full);
          assert(
            zoomed.min > full.min && zoomed.max < full.max && zoomed.min < zoomed.max,
            `dragged from 30 % to 60 %: ${full.text} → ${zoomed.text}`,
          );
          // 30 % of the plot's width: of the range on a linear x axis, of its logarithm on a log one
          const width = (zoomed.max - zoomed.min) / (full.max - full.min);
          const logWidth = full.min > 0
            ? (Math.log(zoomed.max) - Math.log(zoomed.min)) / (Math.log(full.max) - Math.log(full.min))
            : NaN;
          assert(
            (width > 0.2 && width < 0.4) || (logWidth > 0.2 && logWidth < 0.4),
            `zoomed to ${(width * 100).toFixed(1)} % of the range (${(logWidth * 100).toFixed(1)} % of its log), ` +
              "want ~30 %",
          );
          await chart.getByRole("button", { name: "Reset zoom" }).click();
          const back = await rangeChange(chart, zoomed);
          assert(back.text === full.text, `after reset ${back.text}, full range ${full.text}`);
        });
        await check(`${name}: the wheel zooms in around the cursor`, async () => {
          const full = await range(chart);
          const plot = await plotBox(chart);
          await page.mouse.move(...plot.at(0.5));
          await page.mouse.wheel(0, -300);
          const zoomed = await rangeChange(chart, full);
          assert(
            zoomed.min >= full.min && zoomed.max <= full.max && zoomed.max - zoomed.min < full.max - full.min,
            `${full.text} → ${zoomed.text}`,
          );
          await chart.getByRole("button", { name: "Reset zoom" }).click();
          await rangeChange(chart, zoomed);
        });
        await check(`${name}: a rebuild nobody asked to zoom (new series styles) reports no range`, async () => {
          const events = await chart.evaluate(async (el) => {
            const settled = () =>
              new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))));
            await settled(); // the reset's own cm-range (a 0 ms timer) is out before counting starts
            let n = 0;
            const count = () => n++;
            el.addEventListener("cm-range", count);
            el.series = el.series.map((s) => ({ ...s, width: (s.width ?? 1) + 0.5 }));
            await el.updateComplete;
            await settled();
            el.removeEventListener("cm-range", count);
            return n;
          });
          // a page takes cm-range as the user's zoom: an echo of a rebuild resamples, or undoes a newer range
          assert(events === 0, `${events} cm-range event(s) after a rebuild`);
        });
      }
      await check(`#${id}: no page error`, async () => {
        if (problems.length > 0) throw new Error(problems.join("\n"));
      });
    } finally {
      await page.close();
    }
  }
  console.log(`charts checked: ${total}`);
} catch (e) {
  aborted(e);
} finally {
  await stop();
}
finish();
