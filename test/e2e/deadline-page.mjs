// End-to-end check of the playground's "Deadlines" page (web/src/pages/deadline-page.ts): Vite dev
// server on a free port, Chromium through playwright-core.
//
//   node test/e2e/deadline-page.mjs [--screenshot=/tmp/deadline.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { createServer } from "vite";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const screenshot = process.argv.find((a) => a.startsWith("--screenshot="))?.split("=").slice(1).join("=");

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e?.message ?? e).split("\n").join("\n     ")}`);
  }
}
function equal(got, want, what) { if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); }
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

const port = await freePort();
const server = await createServer({ configFile: join(repo, "web/vite.config.ts"), logLevel: "warn", server: { host: "127.0.0.1", port, strictPort: true } });
await server.listen();
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console.error: ${m.text()}`); });
  page.setDefaultTimeout(10_000);
  await page.goto(`http://127.0.0.1:${port}/#deadline`);
  const hops = page.getByTestId("hops");
  const cells = async (row) => (await hops.locator("tbody tr").nth(row).locator("td").allInnerTexts()).map((s) => s.trim());

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
    assert(reasons.includes("cache get (250 ms) can fire, and all 4 attempts can start, but the last is cut short: handler ctx ends at 800 ms, before its timeout at 1 s."), reasons);
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

  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await check("no page errors", async () => equal(problems.join("\n"), "", "problems"));
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
