// axe-core (@axe-core/playwright) on every playground page, in light and in dark colour scheme
// (prefers-color-scheme emulated), at 1440 px: 0 violations. Open shadow roots (every Lit page and
// chart) are analysed too. A failure lists each rule with its impact, help and the first targets.
//
//   node test/e2e/axe.mjs [--target=dev|site]
//
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { AxeBuilder } from "@axe-core/playwright";
import { aborted, check, finish, listPages, openPage, pageReady, startPlayground } from "./harness.mjs";

const { url, browser, stop } = await startPlayground();
try {
  const first = await openPage(browser, url);
  const ids = await listPages(first.page);
  await first.page.close();
  for (const id of ids) {
    const { page, problems } = await openPage(browser, `${url}#${id}`, { width: 1440, height: 1000 });
    try {
      await pageReady(page, id);
      for (const colorScheme of ["light", "dark"]) {
        await check(`#${id}, ${colorScheme}: axe finds 0 violations`, async () => {
          await page.emulateMedia({ colorScheme });
          equalScheme(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), colorScheme);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const { violations } = await new AxeBuilder({ page }).analyze();
          if (violations.length > 0) {
            throw new Error(
              violations.map((v) =>
                `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n  ` +
                v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split("\n")[1] ?? ""}`)
                  .join("\n  ")
              ).join("\n"),
            );
          }
        });
      }
      await check(`#${id}: no page error`, async () => {
        if (problems.length > 0) throw new Error(problems.join("\n"));
      });
    } finally {
      await page.close();
    }
  }
} catch (e) {
  aborted(e);
} finally {
  await stop();
}
finish();

function equalScheme(dark, scheme) {
  if (dark !== (scheme === "dark")) throw new Error(`prefers-color-scheme: dark is ${dark} under ${scheme}`);
}
