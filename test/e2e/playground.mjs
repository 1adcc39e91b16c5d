// End-to-end test of the playground (web/): serves it on 127.0.0.1 with a free port (Vite's dev
// server, or with --target=site the production build under a sub-path: see harness.mjs), opens it in
// Chromium through playwright-core and drives the "Leap table" page.
//
//   node test/e2e/playground.mjs [--target=dev|site] [--screenshot=/tmp/playground.png] [--headed]
//
// Needs src/core/wasm.generated.ts (committed; rewritten by `npm run build`), /usr/bin/chromium
// (or CHROMIUM=/path) and the real leap files in CLOCKMATH_DATA/leap (default ../shared/data/leap; test/data-dir.mjs).
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../data-dir.mjs";
import { aborted, assert, check, equal, finish, openPage, screenshot, startPlayground } from "./harness.mjs";

const leapDir = dataDir("leap");

const list = readFileSync(join(leapDir, "leap-seconds.list"), "utf8");
// One digit changed: the last digit of the #$ (last update) value, which the #h hash covers.
const tampered = list.replace(/^(#\$\s+\d*)(\d)$/m, (_, head, d) => head + ((+d + 1) % 10));
if (tampered === list) throw new Error("could not tamper with leap-seconds.list (no #$ line?)");

const { url, browser, stop } = await startPlayground();
try {
  const { page, problems } = await openPage(browser, url, { height: 1000, timeout: 10_000 });

  const builtin = page.locator('section[aria-labelledby="builtin-h"]');
  const textarea = page.getByRole("textbox", { name: /Leap-second file/ });
  const field = (name) => page.getByRole("textbox", { name });
  const utc = field(/^UTC/);
  const unix = field(/^Unix ns/);
  const tai = field(/^TAI ns/);
  const report = page.locator("cm-leap-check");

  await check("app shell renders the Leap table tab, selected", async () => {
    const tabs = page.getByRole("tab");
    assert((await tabs.count()) >= 2, "expected at least two tabs");
    const leapTab = page.getByRole("tab", { name: "Leap table" });
    equal(await leapTab.getAttribute("aria-selected"), "true", "Leap table aria-selected");
    await page.getByRole("tabpanel", { name: "Leap table" }).waitFor();
  });

  await check("built-in table: 28 rows from 1972 and the 1961–1971 segments", async () => {
    await builtin.locator('tr[data-era="leap"]').first().waitFor();
    const leapRows = builtin.locator('tr[data-era="leap"]');
    const rubberRows = builtin.locator('tr[data-era="rubber"]');
    equal(await leapRows.count(), 28, "rows from 1972");
    equal(await rubberRows.count(), 13, "1961–1971 segments");
    const first = (await leapRows.first().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(first[0], "1972-01-01", "first 1972 row date");
    equal(first[1], "10 s", "TAI−UTC on 1972-01-01");
    const last = (await leapRows.last().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(last[0], "2017-01-01", "last row date");
    equal(last[1], "37 s", "TAI−UTC on 2017-01-01");
    assert(/IERS Bulletin C/.test(last[4]), `provenance of the last row: ${last[4]}`);
    const r0 = (await rubberRows.first().locator("td").allInnerTexts()).map((s) => s.trim());
    equal(r0[0], "1961-01-01", "first segment date");
    equal(r0[1], "1.422818 s", "TAI−UTC on 1961-01-01");
    equal(r0[2], "+1.296 ms/day", "1961 drift");
  });

  await check("built-in table: expiry status and dates", async () => {
    const s = await page.getByTestId("builtin-status").innerText();
    assert(/^(valid|expires in \d+ days?|EXPIRED)\b/.test(s.trim()), `status: ${s}`);
    const txt = await builtin.innerText();
    assert(txt.includes("2027-06-28"), "expiry date 2027-06-28 shown");
    assert(txt.includes("2026-07-06"), "update date 2026-07-06 shown");
  });

  await check("tabs are keyboard-usable (arrow keys, End, Home)", async () => {
    const names = (await page.getByRole("tab").allInnerTexts()).map((s) => s.trim());
    equal(names[0], "Leap table", "first tab");
    assert(names.includes("About"), `an About tab among ${names.join(", ")}`);
    const selected = async (name) => {
      const tab = page.getByRole("tab", { name, exact: true });
      equal(await tab.getAttribute("aria-selected"), "true", `${name} aria-selected`);
      assert(await tab.evaluate((el) => el.getRootNode().activeElement === el), `focus on the ${name} tab`);
      await page.getByRole("tabpanel", { name, exact: true }).waitFor();
    };
    await page.getByRole("tab", { name: "Leap table" }).focus();
    await page.keyboard.press("ArrowRight");
    await selected(names[1]);
    assert(await builtin.isHidden(), "Leap table panel hidden");
    await page.keyboard.press("End");
    await selected(names[names.length - 1]);
    await page.keyboard.press("ArrowRight"); // wraps around
    await selected("Leap table");
    await page.keyboard.press("ArrowLeft");
    await selected(names[names.length - 1]);
    await page.keyboard.press("Home");
    await selected("Leap table");
    await builtin.waitFor();
  });

  await check("pasting the real leap-seconds.list: hash OK, valid, 28 entries", async () => {
    await textarea.fill(list);
    await report.getByTestId("hash").getByText("hash OK").waitFor();
    const verdict = await report.getByTestId("verdict").innerText();
    assert(verdict.includes("valid"), `verdict: ${verdict}`);
    equal(await report.getByTestId("format").innerText(), "IERS/IETF leap-seconds.list", "format");
    assert((await report.getByTestId("entries").innerText()).startsWith("28 entries"), "28 entries");
    assert(/^(valid|expires in|EXPIRED)/.test(await report.getByTestId("expiry").innerText()), "expiry shown");
    assert(await page.getByRole("radio", { name: /loaded file/ }).isEnabled(), "loaded table selectable");
  });

  await check("one digit changed: hash-mismatch shown, table rejected", async () => {
    await textarea.fill(tampered);
    await report.getByTestId("hash").getByText("hash-mismatch").waitFor();
    const err = await report.getByTestId("check-error").innerText();
    assert(err.includes("hash-mismatch"), `error box: ${err}`);
    assert((await report.getByTestId("verdict").innerText()).includes("rejected"), "verdict rejected");
    assert(await page.getByRole("radio", { name: /loaded file/ }).isDisabled(), "loaded table not selectable");
  });

  await check("garbage: bad-line with its line number, no crash", async () => {
    await textarea.fill("#$ 3992312697\n#@ 4023129600\n2272060800 10\nthis is not a leap second\n");
    const err = report.getByTestId("check-error");
    await err.getByText("bad-line").waitFor();
    assert((await err.innerText()).includes("line 4"), `error box: ${await err.innerText()}`);
    await textarea.fill("\u0000\u0001 random bytes ☃ {]");
    await err.getByText("bad-line").waitFor();
  });

  await check("choosing the tzdata leapseconds file", async () => {
    await report.locator('input[type="file"]').setInputFiles(join(leapDir, "leapseconds"));
    await report.getByTestId("format").getByText("tzdata leapseconds").waitFor();
    assert((await report.getByTestId("verdict").innerText()).includes("valid"), "tzdata verdict valid");
    assert((await report.getByTestId("entries").innerText()).startsWith("28 entries"), "28 entries");
  });

  await check("UTC 2016-12-31T23:59:60.5Z → Unix 1483228799500000000, TAI 1483228836500000000", async () => {
    await utc.fill("2016-12-31T23:59:60.5Z");
    equal(await unix.inputValue(), "1483228799500000000", "Unix ns");
    equal(await tai.inputValue(), "1483228836500000000", "TAI ns");
    equal(await field(/^GPS ns/).inputValue(), "1167264017500000000", "GPS ns");
    equal(await field(/^seconds/).inputValue(), "1483228836", "PTP seconds");
    equal(await field(/^nanoseconds/).inputValue(), "500000000", "PTP nanoseconds");
    const label = "@" + (2n ** 62n + 1_483_228_836n).toString(16).padStart(16, "0") +
      (500_000_000).toString(16).padStart(8, "0");
    equal(await field(/^TAI64N/).inputValue(), label, "TAI64N");
    assert(
      (await page.getByTestId("facts").innerText()).includes("Inside an inserted leap second"),
      "leap second noted",
    );
  });

  await check("editing another field updates the rest (TAI ns → UTC)", async () => {
    await tai.fill("1483228837000000000");
    equal(await utc.inputValue(), "2017-01-01T00:00:00Z", "UTC");
    equal(await unix.inputValue(), "1483228800000000000", "Unix ns");
  });

  await check("invalid input shows the error next to the field", async () => {
    await utc.fill("2015-12-31T23:59:60Z");
    await page.getByTestId("utc-error").getByText("not-a-leap-second").waitFor();
    equal(await utc.getAttribute("aria-invalid"), "true", "aria-invalid");
    equal(await unix.inputValue(), "1483228800000000000", "Unix kept at the last valid instant");
    await unix.fill("12abc");
    await page.getByTestId("unix-error").getByText("invalid-argument").waitFor();
    // Past 2262 Unix ns leave i64: an error, never a wrapped instant.
    await utc.fill("2800-01-01T00:00:00Z");
    await page.getByTestId("utc-error").getByText("out-of-range").waitFor();
    equal(await tai.inputValue(), "1483228837000000000", "TAI kept at the last valid instant");
  });

  await check("buttons: 2016-12-31T23:59:60.5Z and Now", async () => {
    await page.getByRole("button", { name: /2016-12-31T23:59:60\.5Z/ }).click();
    equal(await unix.inputValue(), "1483228799500000000", "Unix ns after the example button");
    await page.getByRole("button", { name: "Now" }).click();
    const u = BigInt(await unix.inputValue());
    const now = BigInt(Date.now()) * 1_000_000n;
    assert(u > now - 60_000_000_000n && u <= now + 60_000_000_000n, `Now gave ${u}, wall clock ${now}`);
    assert(/^\d{4}-\d\d-\d\dT/.test(await utc.inputValue()), "UTC filled");
  });

  await check("converter uses the chosen table (loaded file from 1972 vs built-in from 1961)", async () => {
    await textarea.fill(list);
    await report.getByTestId("hash").getByText("hash OK").waitFor();
    await utc.fill("1965-01-01T00:00:00Z");
    equal(await tai.inputValue(), "-157766396459870000", "1965 with the built-in table (TAI−UTC 3.54013 s)");
    await page.getByRole("radio", { name: /loaded file/ }).check();
    await page.getByTestId("utc-error").getByText("out-of-range").waitFor();
    await page.getByRole("radio", { name: /built-in table/ }).check();
    equal(await tai.inputValue(), "-157766396459870000", "built-in again");
    equal(await page.getByTestId("utc-error").innerText(), "", "no error with the built-in table");
  });

  if (screenshot) {
    await utc.fill("2016-12-31T23:59:60.5Z");
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }

  await check("no page errors or console errors", async () => {
    assert(problems.length === 0, problems.join("\n"));
  });

  // On the site target this is the production bundle: tree shaking must keep the WebAssembly core's
  // registration and every page's customElements.define.
  await check("a deep link (#about) opens About; the Leap table tab then renders and converts", async () => {
    const { page: p2, problems: p2Problems } = await openPage(browser, `${url}#about`);
    await p2.getByRole("tabpanel", { name: "About" }).waitFor({ timeout: 10_000 });
    await p2.getByRole("tab", { name: "Leap table" }).click();
    const b2 = p2.locator('section[aria-labelledby="builtin-h"]');
    await b2.locator('tr[data-era="leap"]').first().waitFor({ timeout: 10_000 });
    equal(await b2.locator("tr[data-era]").count(), 41, "rows");
    await p2.getByRole("textbox", { name: /^UTC/ }).fill("2016-12-31T23:59:60.5Z");
    equal(await p2.getByRole("textbox", { name: /^TAI ns/ }).inputValue(), "1483228836500000000", "TAI ns");
    assert(p2Problems.length === 0, p2Problems.join("\n"));
    await p2.close();
  });
} catch (e) {
  aborted(e);
} finally {
  await stop();
}
finish();
