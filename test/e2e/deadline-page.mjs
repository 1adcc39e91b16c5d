// End-to-end check of the playground's "Deadlines" page (web/src/pages/deadline-page.ts): Vite dev
// server on a free port, Chromium through playwright-core.
//
//   node test/e2e/deadline-page.mjs [--screenshot=/tmp/deadline.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { assert, check, equal, pageTest } from "./harness.mjs";

await pageTest("deadline", { timeout: 10_000 }, async (page) => {
  const hops = page.getByTestId("hops");
  const cells = async (row) =>
    (await hops.locator("tbody tr").nth(row).locator("td").allInnerTexts()).map((s) => s.trim());

  await check("the Deadlines tab is selected from #deadline and renders four hops", async () => {
    equal(await page.getByRole("tab", { name: "Deadlines" }).getAttribute("aria-selected"), "true", "tab selected");
    await hops.locator("tbody tr").first().waitFor();
    equal(await hops.locator("tbody tr").count(), 4, "hop rows");
  });

  await check("budgets: 1000 ms − 12 ms latency; grpc-go header; overrun of the latency", async () => {
    const c = await cells(0);
    // columns: 7 inputs, header, believes, really has, overrun, remove
    equal(c[7], "grpc-timeout: 1000000u", "header sent to the edge");
    equal(c[8], "1000", "believed");
    equal(c[9], "988", "really has");
    equal(c[10], "12", "overrun");
  });

  await check("editing the budget recomputes every hop", async () => {
    await page.getByTestId("budget").fill("250.5");
    await page.waitForFunction(() => {
      const el = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-deadline")?.shadowRoot;
      return el?.querySelector('[data-testid="hops"] tbody tr td:nth-child(10)')?.textContent?.trim() === "238.5";
    });
    const c = await cells(0);
    equal(c[7], "grpc-timeout: 250500u", "header");
  });

  await check("implementations table shows grpc-js, Envoy and Connect headers", async () => {
    const rows = page.getByTestId("impls").locator("tbody tr");
    const first = (await rows.first().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(first[0], "client", "sender");
    assert(first[2].startsWith("250500u") && first[2].includes("exact"), `grpc-go: ${first[2]}`);
    assert(first[3].startsWith("251m"), `grpc-js rounds up to ms: ${first[3]}`);
    assert(first[4].startsWith("250m"), `envoy truncates: ${first[4]}`);
    assert(first[5].startsWith("250"), `connect: ${first[5]}`);
  });

  await check("nested timeouts: the DB query can never fire, with the reason", async () => {
    const reasons = await page.getByTestId("reasons").innerText();
    assert(reasons.includes("DB query (5 s) can never fire"), reasons);
    assert(
      reasons.includes(
        "cache get (250 ms) can fire, and all 4 attempts can start, but the last is cut short: handler ctx ends at 800 ms, before its timeout at 1 s.",
      ),
      reasons,
    );
    const stages = page.getByTestId("stages").locator("tbody tr");
    const db = (await stages.nth(3).locator("td").allInnerTexts()).map((s) => s.trim());
    equal(db[4], "800", "DB query ends with the handler");
    equal(db[5], "never", "badge");
  });

  await check("a malformed input shows the typed error", async () => {
    await page.getByRole("textbox", { name: "latency of hop 2, ms" }).fill("abc");
    const alert = await page.getByRole("alert").first().innerText();
    assert(alert.startsWith("invalid-argument:"), alert);
  });
});
