// End-to-end check of the "Staying current" card of the Leap table page (web/src/leap/leap-current.ts):
// status and source of the table in use, loading a leap-seconds.list from a URL (no network: every
// request to the fixture host and to the default sources is answered by Playwright's router), and
// the range chart past expiry; then the page-wide rules on the Leap table and About pages: a "start here"
// line, bad input (URL, converter fields, 1 MB pastes) marked on the field with a short message, and no
// horizontal overflow at 1440, 390 and 360 px.
//
//   node test/e2e/leap-current-page.mjs [--screenshot=/tmp/leap-current.png]
//
// Needs src/core/wasm.generated.ts (npm run build), /usr/bin/chromium and the leap files (CLOCKMATH_DATA, default
// ../shared/data; see test/data-dir.mjs).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../data-dir.mjs";
import { aborted, assert, check, equal, finish, openPage, repo, screenshot, startPlayground } from "./harness.mjs";
import { fieldState, overflowing, overflowPx } from "./field-check.mjs";

const DATA = dataDir("leap");
const current = readFileSync(join(DATA, "leap-seconds.list"), "utf8");
const stale = readFileSync(join(DATA, "history/leap-seconds.2026-01-06.c9cd0700.list"), "utf8");
const fixtures = readFileSync(join(repo, "test/vectors/leap-fixtures.ts"), "utf8");
const newer = JSON.parse(/LEAP_LIST_HYPOTHETICAL_2027 = (".*");/.exec(fixtures)[1]);

// As harness.pageTest, except that the browser's own "Failed to load resource" lines for the 404s
// this test serves on purpose are not page errors.
async function leapPageTest(body) {
  const { port, browser, stop } = await startPlayground();
  try {
    const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/#leap`, { timeout: 15_000 });
    await body(page);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    const real = problems.filter((p) =>
      !p.includes("Failed to load resource: the server responded with a status of 404")
    );
    await check("no page errors (besides the intended 404s)", async () => equal(real.join("\n"), "", "problems"));
  } catch (e) {
    aborted(e);
  } finally {
    await stop();
  }
  finish();
}

await leapPageTest(async (page) => {
  const served = [];
  await page.route("https://fixture.test/**", (route) => {
    const name = route.request().url().split("/").pop();
    served.push(name);
    const body = { "current.list": current, "stale.list": stale, "newer.list": newer }[name];
    return body === undefined
      ? route.fulfill({ status: 404, body: "no" })
      : route.fulfill({ status: 200, body, headers: { "access-control-allow-origin": "*" } });
  });
  for (
    const host of ["https://hpiers.obspm.fr/**", "https://data.iana.org/**", "https://raw.githubusercontent.com/**"]
  ) {
    await page.route(
      host,
      (route) => route.fulfill({ status: 404, body: "offline test", headers: { "access-control-allow-origin": "*" } }),
    );
  }
  const card = page.locator("cm-leap-current");
  const load = async (url) => {
    await card.getByTestId("url").fill(url);
    await card.getByTestId("load-url").click();
  };

  await check("the built-in table in use: status and source", async () => {
    equal(await card.getByTestId("current-name").innerText(), "built-in table", "name");
    const status = await card.getByTestId("current-status").innerText();
    assert(/^(valid|expiring-soon|expired) /.test(status), status);
    assert((await card.getByTestId("current-source").innerText()).includes("2026-07-06"), "source names the file");
  });

  await check("the range chart: exact line, two bands, the explanation with the bounds", async () => {
    const chart = card.getByTestId("range-chart");
    equal(await chart.locator("path[data-set]").count(), 3, "exact + 2 bands");
    const text = await card.getByTestId("range-explain").innerText();
    // 2030-07-01 (first month start 3 years after 2027-06-28): 37 month starts since 2027-07-01
    // (any month), 7 of them June/December ends.
    assert(text.includes("2030-07-01") && text.includes("[0 s, 74 s]") && text.includes("[30 s, 44 s]"), text);
  });

  await check("a stale file is refused with its reason; nothing changes", async () => {
    await load("https://fixture.test/stale.list");
    await card.getByTestId("load-error").waitFor();
    const err = await card.getByTestId("load-error").innerText();
    assert(err.includes("no-leap-data") && err.includes("stale"), err);
    equal(await card.getByTestId("current-name").innerText(), "built-in table", "still built-in");
  });

  await check("a 404 is reported as http-error", async () => {
    await load("https://fixture.test/missing.list");
    await card.getByTestId("load-error").getByText("http-error").waitFor();
  });

  await check("a verified newer file becomes the table in use, with its URL as source", async () => {
    await load("https://fixture.test/newer.list");
    await card.getByTestId("load-ok").waitFor();
    equal(
      await card.getByTestId("current-source").innerText(),
      "URL <https://fixture.test/newer.list> (leap-seconds.list, hash verified)",
      "source",
    );
    const text = await card.getByTestId("range-explain").innerText();
    // Its expiry is 2028-06-28 and TAI−UTC 38 s: at 2031-07-01, 37 and 7 possible leaps again.
    assert(text.includes("2031-07-01") && text.includes("[1 s, 75 s]") && text.includes("[31 s, 45 s]"), text);
  });

  await check("Fetch latest tries IERS, IANA and GitHub in order and lists each failure", async () => {
    await card.getByTestId("load-latest").click();
    await card.getByTestId("load-error").waitFor();
    const items = await card.getByTestId("load-error").locator("li").allInnerTexts();
    equal(items.length, 3, "three sources");
    assert(items[0].includes("IERS") && items[1].includes("IANA") && items[2].includes("GitHub"), items.join(" | "));
    assert(items.every((i) => i.startsWith("http-error")), items.join(" | "));
  });
  assert(served.includes("newer.list"), "fixture served");

  await check("the Leap table page says where to start", async () => {
    const line = await page.locator("cm-page-leap [data-part=start-here]").innerText();
    assert(line.startsWith("Start here") && line.includes("converter"), line);
  });

  await check("a bad URL is marked on the field in UI words, a long paste is not echoed", async () => {
    const url = card.getByTestId("url");
    for (
      const [text, want] of [
        ["", /^Type the URL of a leap-seconds\.list first$/],
        ["abc", /^“abc” is not a full URL: start it with https:\/\/$/],
        ["ftp://example.org/leap-seconds.list", /^Only http and https URLs can be fetched$/],
        ["x".repeat(200_000), /^That is 200,000 characters: not a URL$/],
      ]
    ) {
      await url.fill(text);
      await url.press("Enter");
      const st = await fieldState(url);
      assert(st.invalid && want.test(st.message), `${JSON.stringify(text.slice(0, 20))}: ${JSON.stringify(st)}`);
      equal(await overflowPx(page), 0, "no overflow");
    }
    await url.fill("https://fixture.test/current.list");
    equal((await fieldState(url)).invalid, false, "typing clears the mark");
  });

  await check("converter: bad integers and 1 MB pastes get a short message on the field, no BigInt error", async () => {
    const conv = page.locator("cm-converter");
    const cases = [
      ["#unix", "abc", /Unix ns must be an integer, got “abc”/],
      ["#gps", "12x", /GPS ns must be an integer, got “12x”/],
      ["#unix", "1".repeat(1_000_000), /Unix ns is too long \(1,000,000 characters\)/],
      ["#utc", "2016-12-31T23:59:60Z" + "9".repeat(1_000_000), /UTC is too long/],
      ["#tai64n", "@" + "f".repeat(1_000_000), /TAI64N is too long/],
    ];
    for (const [sel, text, want] of cases) {
      const field = conv.locator(sel);
      const before = await field.inputValue();
      await field.fill(text);
      const st = await fieldState(field);
      assert(st.invalid && want.test(st.message), `${sel}: ${JSON.stringify(st.message.slice(0, 200))}`);
      assert(st.message.length < 200 && !/RangeError|SyntaxError|BigInt/.test(st.message), st.message.slice(0, 200));
      equal(await overflowPx(page), 0, `no overflow with ${sel} bad`);
      await field.fill(before);
    }
  });

  await check("no horizontal overflow on Leap table and About at 1440, 390 and 360 px", async () => {
    for (const tab of ["Leap table", "About"]) {
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.getByRole("tab", { name: tab }).click();
      await page.waitForTimeout(300);
      equal(await overflowPx(page), 0, `${tab} at 1440 px`);
      for (const width of [390, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(300);
        equal(await overflowPx(page), 0, `${tab} at ${width} px (${await overflowing(page)})`);
      }
    }
    const about = await page.locator("cm-page-about [data-part=start-here]").innerText();
    assert(about.startsWith("Start here"), about);
  });
});
