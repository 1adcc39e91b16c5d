// The playground's pages in tab order, as plain data: what a page shows about the others (About
// lists them) without loading them. pages.ts adds how each is loaded; keeping this apart keeps
// the page modules out of an import cycle with pages.ts.
export interface PageInfo {
  /** URL fragment (#leap) and id stem of the tab and its panel. */
  readonly id: string;
  /** Tab label. */
  readonly title: string;
  /** Custom element the page's module defines. */
  readonly tag: string;
}

export const pageList: readonly PageInfo[] = [
  { id: "leap", title: "Leap table", tag: "cm-page-leap" },
  { id: "about", title: "About", tag: "cm-page-about" },
  // after About for now: test/e2e/playground.mjs expects About right after Leap table
  { id: "deadline", title: "Deadlines", tag: "cm-page-deadline" },
  { id: "smear", title: "Leap smears", tag: "cm-page-smear" },
  { id: "drift", title: "Clock drift", tag: "cm-page-drift" },
  { id: "jitter", title: "Jitter lab", tag: "cm-page-jitter" },
];
