// The playground's pages, in tab order. A new page is one module that defines a custom element
// (see pages/leap-table.ts) plus one line here; the shell (main.ts) loads it on first visit and
// keeps it alive while other tabs are shown.
export interface PageDef {
  /** URL fragment (#leap) and id stem of the tab and its panel. */
  readonly id: string;
  /** Tab label. */
  readonly title: string;
  /** Custom element the module defines. */
  readonly tag: string;
  /** Imports the module (which registers `tag`). */
  readonly load: () => Promise<unknown>;
}

export const pages: readonly PageDef[] = [
  { id: "leap", title: "Leap table", tag: "cm-page-leap", load: () => import("./pages/leap-table.ts") },
  { id: "about", title: "About", tag: "cm-page-about", load: () => import("./pages/about.ts") },
  { id: "deadline", title: "Deadlines", tag: "cm-page-deadline", load: () => import("./pages/deadline-page.ts") }, // after About for now: test/e2e/playground.mjs expects About right after Leap table
  { id: "smear", title: "Leap smears", tag: "cm-page-smear", load: () => import("./pages/smear-page.ts") },
  { id: "drift", title: "Clock drift", tag: "cm-page-drift", load: () => import("./pages/drift-page.ts") },
  { id: "jitter", title: "Jitter lab", tag: "cm-page-jitter", load: () => import("./pages/jitter-page.ts") },
];
