// End-to-end check of the playground's "Clock drift" page (web/src/pages/drift-page.ts): Vite dev
// server on a free port, Chromium through playwright-core.
//
//   node test/e2e/drift-page.mjs [--screenshot=/tmp/drift.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, check, equal, pageTest, repo } from "./harness.mjs";

await pageTest("drift", { height: 1400 }, async (page) => {
  const text = async (id) => (await page.getByTestId(id).innerText()).trim();
  const ppm = async () => Number(/(-?[\d.]+) ppm/.exec(await text("freq"))[1]);

  await check("the Clock drift tab opens on the chrony measurements sample", async () => {
    equal(await page.getByRole("tab", { name: "Clock drift" }).getAttribute("aria-selected"), "true", "tab selected");
    const info = await text("source-info");
    assert(
      info.includes("chrony-measurements, 42 records") && info.includes("192.0.2.10 with 40 samples") &&
        info.includes("0 bad lines"),
      info,
    );
    // the sample's clock runs 12.5 ppm fast (test/data/drift/generate.mjs)
    const f = await ppm();
    assert(f > 12.2 && f < 12.8, `frequency ${f}`);
    assert((await text("skew")).startsWith("±"), "skew shown");
  });

  await check("a log with two sources: the other one can be chosen", async () => {
    await page.getByTestId("log-source").selectOption("198.51.100.7");
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
        '[data-testid="source-info"]',
      )?.textContent?.includes("198.51.100.7 with 2 samples")
    );
    assert((await text("estimate")).includes("At least 3 samples"), await text("estimate"));
    await page.getByTestId("log-source").selectOption("192.0.2.10");
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
        '[data-testid="source-info"]',
      )?.textContent?.includes("192.0.2.10 with 40 samples")
    );
  });

  await check("offset and residual charts: one point per sample, the fitted line and its skew band", async () => {
    equal(
      await page.getByTestId("offset-chart").locator('[data-series="samples"] circle').count(),
      40,
      "offset points",
    );
    equal(await page.getByTestId("resid-chart").locator("circle").count(), 40, "residual points");
    for (const s of ["fit", "skew-lo", "skew-hi"]) {
      equal(await page.getByTestId("offset-chart").locator(`path[data-series="${s}"]`).count(), 1, s);
    }
    assert(
      (await page.getByTestId("offset-chart").getAttribute("aria-label")).includes("fitted line"),
      "text alternative",
    );
  });

  await check("Allan plot: the checked kinds, and TDEV on its own axis when checked", async () => {
    const kinds = async () =>
      page.getByTestId("allan-chart").locator("g[data-kind]").evaluateAll((els) =>
        els.map((e) => e.getAttribute("data-kind"))
      );
    equal((await kinds()).join(","), "oadev,mdev,hdev", "default kinds");
    await page.getByTestId("kinds").getByLabel("adev", { exact: true }).check();
    await page.getByTestId("kinds").getByLabel("tdev").check();
    await page.getByTestId("tdev-chart").waitFor();
    equal((await kinds()).join(","), "adev,oadev,mdev,hdev", "with adev");
    // 40 samples at 64 s: octave factors up to 19 (adev), so τ = 64 s … 1024 s: 5 points
    equal(await page.getByTestId("allan-chart").locator('g[data-kind="adev"] circle').count(), 5, "adev points");
  });

  await check("every sample log parses and gives an estimate", async () => {
    const opts = await page.getByTestId("source").locator("option").allInnerTexts();
    for (let i = 0; i < 6; i++) {
      await page.getByTestId("source").selectOption(`sample:${i}`);
      await page.waitForFunction(
        (n) =>
          document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
            '[data-testid="source-info"]',
          )?.textContent?.includes(n),
        opts[i].replace("Sample: ", ""),
      );
      const info = await text("source-info");
      assert(info.includes("0 bad lines"), `${opts[i]}: ${info}`);
      assert(Number.isFinite(await ppm()), `${opts[i]}: frequency`);
    }
  });

  await check("synthetic clock: −30 ppm comes back; a step inside the window is cut by the runs test", async () => {
    await page.getByTestId("source").selectOption("synthetic");
    await page.getByTestId("synth-freqPpm").fill("-30");
    await page.getByTestId("synth-freqPpm").dispatchEvent("change");
    await page.getByTestId("synth-wanderPpb").fill("0");
    await page.getByTestId("synth-wanderPpb").dispatchEvent("change");
    await page.getByTestId("synth-noiseNs").fill("100");
    await page.getByTestId("synth-noiseNs").dispatchEvent("change");
    await page.waitForFunction(() =>
      /-29\.9|-30\.0/.test(
        document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
          '[data-testid="freq"]',
        )?.textContent ?? "",
      )
    );
    const f = await ppm();
    assert(Math.abs(f + 30) < 0.01, `frequency ${f}`);
    equal(/^(\d+) used/.exec(await text("used"))[1], "64", "no step: the whole window");
    await page.getByTestId("synth-stepUs").fill("500");
    await page.getByTestId("synth-stepUs").dispatchEvent("change");
    await page.getByTestId("synth-stepAt").fill("370");
    await page.getByTestId("synth-stepAt").dispatchEvent("change");
    await page.waitForFunction(() =>
      !/^64 used/.test(
        document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
          '[data-testid="used"]',
        )?.textContent ?? "",
      )
    );
    const used = Number(/^(\d+) used/.exec(await text("used"))[1]);
    assert(used <= 30, `after a 500 µs step at sample 370 of 400 the fit keeps the newest ≤ 30 (got ${used})`);
    assert(Math.abs((await ppm()) + 30) < 0.05, "frequency still −30 ppm");
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
    await page.waitForFunction(() =>
      document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
        '[data-testid="source-info"]',
      )?.textContent?.startsWith("peerstats.long")
    );
    const info = await text("source-info");
    assert(info.includes("20000 records") && info.includes("0 bad lines"), info);
    assert((await text("used")).includes("the charts show the newest 600"), await text("used"));
    equal(
      await page.getByTestId("offset-chart").locator('[data-series="samples"] circle').count(),
      600,
      "plotted points",
    );
    await page.getByTestId("allan-chart").locator("g[data-kind] circle").first().waitFor();
  });

  await check("live panel: a wall clock set 5 s forward is flagged as a jump", async () => {
    await page.getByTestId("live-toggle").click();
    await page.waitForTimeout(700);
    await page.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 5000;
    });
    await page.waitForFunction(() =>
      (document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-drift")?.shadowRoot?.querySelector(
        '[data-testid="live-jumps"]',
      )?.textContent ?? "").includes("jumped forward")
    );
    const j = await text("live-jumps");
    assert(/jumped forward by (5|5\.00\d*|4\.99\d*) s /.test(j), j);
    assert((await text("live-info")).includes("1 jump"), await text("live-info"));
    await page.getByTestId("live-toggle").click();
    equal(await text("live-toggle"), "Start watching", "stopped");
  });
});
