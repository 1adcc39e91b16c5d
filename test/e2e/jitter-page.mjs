// End-to-end check of the playground's "Jitter lab" page (web/src/pages/jitter-page.ts): runs a
// short live probe, then pastes a histogram encoded by hdr-histogram-js 3.0.1 and compares the
// percentiles the page shows with the ones hdr-histogram-js reports.
//
//   node test/e2e/jitter-page.mjs [--screenshot=/tmp/jitter.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import * as hdr from "hdr-histogram-js";
import { assert, check, equal, pageTest } from "./harness.mjs";

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

await pageTest("jitter", { width: 1300, height: 1400 }, async (page) => {
  await check("the Jitter lab tab is selected from #jitter and lists this browser's timer APIs", async () => {
    equal(await page.getByRole("tab", { name: "Jitter lab" }).getAttribute("aria-selected"), "true", "tab selected");
    await page.getByTestId("api").locator("option").first().waitFor({ state: "attached" });
    const apis = (await page.getByTestId("api").locator("option").allInnerTexts()).map((s) => s.trim());
    for (const a of ["setTimeout", "setInterval", "postTask", "requestAnimationFrame"]) {
      assert(apis.includes(a), `${a} in ${apis.join(", ")}`);
    }
  });

  await check("a short setTimeout probe adds a summary row and draws both charts", async () => {
    await page.getByTestId("samples").fill("30");
    await page.getByTestId("run").click();
    const row = page.getByTestId("runs").locator("tbody tr").first();
    await row.waitFor();
    const cells = (await row.locator("td").allInnerTexts()).map((s) => s.trim());
    equal(cells[1], "setTimeout", "api");
    equal(cells[3], "30", "samples");
    const ns = await row.locator("td[data-ns]").evaluateAll((tds) =>
      tds.map((td) => BigInt(td.getAttribute("data-ns")))
    );
    assert(ns.length === 4 && ns[0] <= ns[1] && ns[1] <= ns[2], `P50 ≤ P99 ≤ P99.9: ${ns.join(", ")}`);
    await page.getByTestId("run-histogram").waitFor();
    await page.getByTestId("run-percentile-plot").waitFor();
  });

  await check("a second run (requestAnimationFrame) sits beside the first", async () => {
    await page.getByTestId("api").selectOption("requestAnimationFrame");
    await page.getByTestId("interval").fill("16.667");
    await page.getByTestId("samples").fill("10");
    await page.getByTestId("run").click();
    await page.getByTestId("runs").locator("tbody tr").nth(1).waitFor();
    const apis = await page.getByTestId("runs").locator("tbody tr td:nth-child(2)").allInnerTexts();
    equal(apis.join(","), "setTimeout,requestAnimationFrame", "rows");
  });

  await check("a pasted hdr-histogram-js histogram shows hdr-histogram-js's percentiles", async () => {
    await page.getByTestId("paste").fill(encoded);
    await page.getByTestId("view-pasted").click();
    const table = page.getByTestId("pasted-percentiles");
    await table.waitFor();
    equal(await table.locator("td[data-value]").getAttribute("data-value"), String(peer.totalCount), "count");
    const shown = await table.locator("td[data-ns]").evaluateAll((tds) => tds.map((td) => td.getAttribute("data-ns")));
    equal(shown.join(","), SHOWN.map((p) => String(peer.getValueAtPercentile(p))).join(","), "percentiles");
    await page.getByTestId("pasted-percentile-plot").waitFor();
  });

  await check("a truncated string is a corrupt-encoding error, shown", async () => {
    await page.getByTestId("paste").fill(encoded.slice(0, 40));
    await page.getByTestId("view-pasted").click();
    const alert = await page.getByRole("alert").first().innerText();
    assert(alert.startsWith("corrupt-encoding:"), alert);
  });
});
