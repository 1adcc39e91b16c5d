// Every playground page at 1440, 390 and 360 px wide: no horizontal page overflow
// (document.scrollingElement.scrollWidth <= innerWidth). A failure names the elements that reach
// past the right edge and are not inside a scroll box, farthest first, with their width, to say which
// table or chart to fix.
//
//   node test/e2e/layout.mjs [--target=dev|site]
//
// Prints `N passed, N failed` last and exits non-zero on any failure.
import { aborted, check, DEEP_QUERY_ALL, finish, listPages, openPage, pageReady, startPlayground } from "./harness.mjs";

const WIDTHS = [1440, 390, 360];

const { url, browser, stop } = await startPlayground();
try {
  const first = await openPage(browser, url);
  const ids = await listPages(first.page);
  await first.page.close();
  for (const width of WIDTHS) {
    for (const id of ids) {
      await check(`#${id} at ${width} px: no horizontal overflow, no page error`, async () => {
        const { page, problems } = await openPage(browser, `${url}#${id}`, { width, height: 900 });
        try {
          await pageReady(page, id);
          const r = await page.evaluate(`(() => {
            ${DEEP_QUERY_ALL}
            // inside an ancestor that scrolls or clips (overflow-x other than visible): not the page's overflow
            const clipped = (el) => {
              for (let a = el.parentElement ?? el.parentNode?.host; a; a = a.parentElement ?? a.parentNode?.host) {
                if (a === document.documentElement || a === document.body) return false;
                if (getComputedStyle(a).overflowX !== "visible") return true;
              }
              return false;
            };
            const w = innerWidth;
            const sw = document.scrollingElement.scrollWidth;
            const culprits = sw <= w ? [] : deepQueryAll("*")
              .map((el) => ({ el, box: el.getBoundingClientRect() }))
              .filter(({ el, box }) => box.right > w + 0.5 && box.width > 0 && !clipped(el))
              .reverse()
              .sort((a, b) => b.box.right - a.box.right)
              .map(({ el, box }) => {
                const id = el.getAttribute("data-testid") ?? el.id ?? "";
                const cls = typeof el.className === "string" ? el.className.trim().split(/\\s+/)[0] : "";
                return el.localName + (id ? "[" + id + "]" : "") + (cls ? "." + cls : "") +
                  " right " + Math.round(box.right) + " px, width " + Math.round(box.width) + " px";
              });
            return { w, sw, culprits: culprits.slice(0, 8) };
          })()`);
          if (r.sw > r.w) {
            throw new Error(
              `scrollWidth ${r.sw} px > innerWidth ${r.w} px; past the edge:\n  ${r.culprits.join("\n  ")}`,
            );
          }
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
