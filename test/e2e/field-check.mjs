// Shared by the page tests: what a form field says about itself (aria-invalid and the text of the
// element its aria-describedby names, looked up in the field's own shadow root), and the page's
// horizontal overflow.

/** { invalid, message } of the field `locator` (aria-invalid === "true"; the described-by text). */
export function fieldState(locator) {
  return locator.evaluate((el) => {
    const root = el.getRootNode();
    const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    const message = ids.map((id) => root.getElementById?.(id)?.textContent?.trim() ?? "").join(" ").trim();
    return { invalid: el.getAttribute("aria-invalid") === "true", message };
  });
}

/** How far the page is wider than the viewport, px (0: no horizontal overflow). */
export function overflowPx(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
