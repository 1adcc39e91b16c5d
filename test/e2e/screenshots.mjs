// npm run screenshots: every playground page at 1440 and 390 px wide, full page, light scheme, as
// web/screenshots/<page>-<width>.png (linked from README.md's "Playground" section). Uses the
// production build (build/site, rebuilt when older than web/ or src/) unless --target=dev is given.
//
//   node test/e2e/screenshots.mjs [--target=dev|site] [--out=DIR]
//
// Prints `N passed, N failed` last (one check per screenshot written) and exits non-zero on any failure.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

if (!process.argv.some((a) => a.startsWith("--target="))) process.env.CLOCKMATH_E2E_TARGET ??= "site";
const { aborted, check, finish, listPages, openPage, pageReady, repo, startPlayground } = await import(
  "./harness.mjs"
);

const out = process.argv.find((a) => a.startsWith("--out="))?.slice("--out=".length) ?? join(repo, "web/screenshots");
const WIDTHS = [1440, 390];
/** What makes a page worth a picture (an example typed, a short run), by page id. */
const PREPARE = {
  leap: async (page) => {
    await page.getByRole("textbox", { name: /^UTC/ }).fill("2016-12-31T23:59:60.5Z");
  },
  jitter: async (page) => {
    await page.getByTestId("samples").fill("1000");
    await page.getByTestId("run").click();
    await page.getByTestId("runs").locator("tbody tr").first().waitFor({ timeout: 60_000 });
  },
};

mkdirSync(out, { recursive: true });
const { url, browser, stop } = await startPlayground();
try {
  const first = await openPage(browser, url);
  const ids = await listPages(first.page);
  await first.page.close();
  for (const id of ids) {
    for (const width of WIDTHS) {
      await check(`${id}-${width}.png`, async () => {
        const { page, problems } = await openPage(browser, `${url}#${id}`, { width, height: 900 });
        try {
          await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
          await pageReady(page, id);
          if (PREPARE[id]) await PREPARE[id](page);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          await page.mouse.move(0, 0);
          await page.screenshot({ path: join(out, `${id}-${width}.png`), fullPage: true, animations: "disabled" });
          if (problems.length > 0) throw new Error(problems.join("\n"));
        } finally {
          await page.close();
        }
      });
    }
  }
} catch (e) {
  aborted(e);
} finally {
  await stop();
}
finish();
