// End-to-end check of the playground's "Deadlines" page (web/src/pages/deadline-page.ts): the header
// decoder, budgets across hops and their waterfall, the implementations table, nested timeouts with
// the parent dropdown, field messages in UI words for bad input, and no horizontal overflow at 1440,
// 390 and 360 px. Vite dev server on a free port, Chromium through playwright-core.
//
//   node test/e2e/deadline-page.mjs [--screenshot=/tmp/deadline.png]
//
// Needs src/core/wasm.generated.ts (npm run build) and /usr/bin/chromium (or CHROMIUM=/path).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { assert, check, equal, pageTest } from "./harness.mjs";
import { fieldState, overflowPx } from "./field-check.mjs";

await pageTest("deadline", { timeout: 10_000 }, async (page) => {
  const dl = page.locator("cm-page-deadline");
  const hops = dl.getByTestId("hops");
  const cells = async (row) =>
    (await hops.locator("tbody tr").nth(row).locator(":scope > td").allInnerTexts()).map((s) => s.trim());
  const decoded = dl.getByTestId("decoded-row");
  const reasons = () => dl.getByTestId("reasons").innerText();

  await check("the Deadlines tab is selected from #deadline, says where to start, renders four hops", async () => {
    equal(await page.getByRole("tab", { name: "Deadlines" }).getAttribute("aria-selected"), "true", "tab selected");
    await hops.locator("tbody tr").first().waitFor();
    equal(await hops.locator("tbody tr").count(), 4, "hop rows");
    assert((await dl.locator("[data-part=start-here]").innerText()).startsWith("Start here"), "start-here line");
  });

  await check("budgets: 1000 ms − 12 ms latency; grpc-go header; overrun of the latency", async () => {
    const c = await cells(0);
    // columns: 7 inputs, header, believes, really has, overrun, remove
    equal(c[7], "grpc-timeout: 1000000u", "header sent to the edge");
    equal(c[8], "1000", "believed");
    equal(c[9], "988", "really has");
    equal(c[10], "12", "overrun");
  });

  await check("the waterfall: one track per hop, with arrival, real and believed budgets", async () => {
    const wf = dl.getByTestId("waterfall");
    equal(await wf.getByTestId("wf-track").count(), 4, "tracks");
    const captions = await wf.locator(".caption").allInnerTexts();
    equal(
      captions[0],
      "arrives at 12 ms, really has 988 ms, believes 1000 ms (works up to 12 ms after the client gave up)",
      "edge",
    );
    equal(
      captions[3],
      "arrives at 74.3 ms, really has 925.7 ms, believes 314.2 ms (gives up 611.5 ms before the client's deadline)",
      "db proxy",
    );
    // segments sit inside their track
    const inside = await wf.getByTestId("wf-track").first().evaluate((t) => {
      const b = t.getBoundingClientRect();
      return [...t.querySelectorAll(".seg")].every((s) => {
        const r = s.getBoundingClientRect();
        return r.left >= b.left - 1 && r.right <= b.right + 1 && r.width > 0;
      });
    });
    equal(inside, true, "segments inside the track");
  });

  await check("editing the budget recomputes every hop", async () => {
    await dl.getByTestId("budget").fill("250.5");
    await page.waitForFunction(() => {
      const el = document.querySelector("cm-app")?.shadowRoot?.querySelector("cm-page-deadline")?.shadowRoot;
      return el?.querySelector('[data-testid="hops"] tbody tr td:nth-child(10)')?.textContent?.trim() === "238.5";
    });
    const c = await cells(0);
    equal(c[7], "grpc-timeout: 250500u", "header");
  });

  await check("implementations table shows grpc-js, Envoy and Connect headers", async () => {
    const rows = dl.getByTestId("impls").locator("tbody tr");
    const first = (await rows.first().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(first[0], "client", "sender");
    assert(first[2].startsWith("250500u") && first[2].includes("exact"), `grpc-go: ${first[2]}`);
    assert(first[3].startsWith("251m"), `grpc-js rounds up to ms: ${first[3]}`);
    assert(first[4].startsWith("250m"), `envoy truncates: ${first[4]}`);
    assert(first[5].startsWith("250"), `connect: ${first[5]}`);
  });

  await check("header decoder: grpc-timeout, Connect-Timeout-Ms and Envoy's headers, exact ns", async () => {
    equal(await decoded.first().getAttribute("data-ns"), "250000000", "default grpc-timeout: 250m");
    const input = dl.getByTestId("header-input");
    await input.fill("Connect-Timeout-Ms: 1500");
    equal(await decoded.first().getAttribute("data-ns"), "1500000000", "Connect-Timeout-Ms");
    assert((await decoded.first().innerText()).includes("1,500 ms"), await decoded.first().innerText());
    await input.fill(
      "x-envoy-expected-rq-timeout-ms: 15000\nX-Envoy-Upstream-Rq-Timeout-Ms: 0\ngrpc-timeout: 3S\n99999999n",
    );
    equal(await decoded.count(), 4, "four lines");
    const ns = await decoded.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-ns")));
    equal(ns.join(","), "15000000000,0,3000000000,99999999", "values");
    assert((await decoded.nth(1).innerText()).includes("0 disables the timeout"), "upstream note");
    equal((await fieldState(input)).invalid, false, "valid");
  });

  await check("header decoder: a malformed value and a 1 MB paste get a message on the field", async () => {
    const input = dl.getByTestId("header-input");
    await input.fill("grpc-timeout: 250ms");
    let st = await fieldState(input);
    assert(st.invalid && st.message === "grpc-timeout writes milliseconds as m: 250m, not 250ms", st.message);
    equal(await decoded.first().getAttribute("data-ns"), null, "no value");
    await input.fill("grpc-timeout: " + "9".repeat(1_048_576));
    st = await fieldState(input);
    assert(st.invalid && st.message.startsWith("That is 1,048,590 characters"), st.message);
    assert(st.message.length < 120, `not echoed: ${st.message.length} chars`);
    equal(await decoded.count(), 0, "nothing decoded");
    equal(await overflowPx(page), 0, "no overflow after the paste");
  });

  await check("a decoded header becomes the budget", async () => {
    await dl.getByTestId("header-input").fill("grpc-timeout: 2S");
    await dl.getByTestId("use-header").click();
    equal(await dl.getByTestId("budget").inputValue(), "2000", "budget");
    equal((await cells(0))[8], "2000", "believed at the edge");
  });

  await check("nested timeouts: the DB query can never fire, with the reason", async () => {
    const r = await reasons();
    assert(r.includes("DB query (5 s) can never fire"), r);
    assert(
      r.includes(
        "cache get (250 ms) can fire, and all 4 attempts can start, but the last is cut short: handler ctx ends at 800 ms, before its timeout at 1 s.",
      ),
      r,
    );
    const stages = dl.getByTestId("stages").locator("tbody tr");
    const db = (await stages.nth(3).locator(":scope > td").allInnerTexts()).map((s) => s.trim());
    equal(db[4], "800", "DB query ends with the handler");
    equal(db[5], "never", "badge");
  });

  await check("parent dropdown: picks an enclosing stage, offers no cycles, follows a rename", async () => {
    const parent = (i) => dl.getByTestId(`stage-${i}-parent`);
    equal(await parent(3).inputValue(), "handler ctx", "DB query inside handler ctx");
    const rootChoices = await parent(0).locator("option").allInnerTexts();
    equal(rootChoices.join("|"), "— none (outermost)", "ReadTimeout can be inside none of its descendants");
    const handlerChoices = await parent(2).locator("option").allInnerTexts();
    assert(!handlerChoices.includes("DB query") && handlerChoices.includes("ReadTimeout"), handlerChoices.join("|"));
    await parent(3).selectOption("ReadTimeout");
    assert((await reasons()).includes("DB query fires"), await reasons());
    await parent(3).selectOption("handler ctx");
    await dl.getByTestId("stage-2-name").fill("handler");
    equal(await parent(3).inputValue(), "handler", "the child follows the rename");
    equal(await parent(4).inputValue(), "handler", "both children");
    assert((await reasons()).includes("DB query (5 s) can never fire"), await reasons());
  });

  await check("bad input: a message on the field in UI words, aria-invalid, nothing from the API", async () => {
    const cases = [
      ["hop-1-latency", "abc", /^Latency must be a number of ms, like 12 or 2\.5 \(got “abc”\)$/],
      ["hop-0-timeout", "0", /^Timeout must be more than 0 ms$/],
      ["hop-0-timeout", "0 s", /^Timeout must be more than 0 s$/],
      ["hop-0-timeout", "0ns", /^Timeout must be more than 0 ns$/],
      ["hop-2-processing", "-3", /^Work must not be negative$/],
      ["budget", "1e3", /^Budget must be a number of ms/],
      ["stage-1-timeout", "0", /^Timeout must be more than 0 ms$/],
      ["stage-3-retries", "-1", /^Retries must be a whole number/],
      ["stage-4-name", "ReadTimeout", /^Another stage is already named “ReadTimeout”$/],
      ["hop-1-latency", "7".repeat(1_000_000), /^Latency is too long \(1,000,000 characters\): “7{40}…”$/],
    ];
    for (const [id, text, want] of cases) {
      const field = dl.getByTestId(id);
      const before = await field.inputValue();
      await field.fill(text);
      const st = await fieldState(field);
      assert(st.invalid, `${id} = ${JSON.stringify(text.slice(0, 20))}: aria-invalid`);
      assert(want.test(st.message), `${id} = ${JSON.stringify(text.slice(0, 20))}: ${JSON.stringify(st.message)}`);
      const body = await dl.innerText();
      assert(!/hops\[\d\]|timeoutNs|RangeError|BigInt/.test(body), "no API words on the page");
      equal(await overflowPx(page), 0, `no overflow with ${id} bad`);
      await field.fill(before);
      equal((await fieldState(field)).invalid, false, `${id} valid again`);
    }
    const stagesCard = await dl.getByTestId("stages").locator("xpath=../..").innerText();
    assert((await dl.getByTestId("reasons").count()) === 1, `reasons back: ${stagesCard.slice(-400)}`);
  });

  await check("no horizontal overflow at 1440, 390 and 360 px", async () => {
    equal(await overflowPx(page), 0, "1440 px");
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(200);
      equal(await overflowPx(page), 0, `${width} px`);
      const wf = await dl.getByTestId("waterfall").boundingBox();
      assert(wf.x >= 0 && wf.x + wf.width <= width, `waterfall fits ${width} px: ${JSON.stringify(wf)}`);
    }
  });
});
