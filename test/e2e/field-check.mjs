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

/** The elements (through shadow roots) that stick out past the viewport unclipped: for failure messages. */
export function overflowing(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const r = el.getBoundingClientRect();
        if (r.right <= innerWidth + 1) continue;
        let clipped = false;
        for (let a = el.parentElement ?? el.getRootNode().host; a; a = a.parentElement ?? a.getRootNode()?.host) {
          if (getComputedStyle(a).overflowX !== "visible") {
            clipped = true;
            break;
          }
        }
        if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} → ${r.right}`);
      }
    };
    walk(document);
    return out.slice(0, 8).join("; ");
  });
}
