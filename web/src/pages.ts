// The playground's pages, in tab order. A new page is one module that defines a custom element
// (see pages/leap-table.ts), one line in page-list.ts and its loader here; the shell (main.ts)
// loads it on first visit and keeps it alive while other tabs are shown.
import { type PageInfo, pageList } from "./page-list.ts";

export interface PageDef extends PageInfo {
  /** Imports the module (which registers `tag`). */
  readonly load: () => Promise<unknown>;
}

const loaders: Readonly<Record<string, () => Promise<unknown>>> = {
  leap: () => import("./pages/leap-table.ts"),
  about: () => import("./pages/about.ts"),
  deadline: () => import("./pages/deadline-page.ts"),
  smear: () => import("./pages/smear-page.ts"),
  drift: () => import("./pages/drift-page.ts"),
  jitter: () => import("./pages/jitter-page.ts"),
};

export const pages: readonly PageDef[] = pageList.map((p) => {
  const load = loaders[p.id];
  if (load === undefined) throw new Error(`web/src/pages.ts: no loader for page ${p.id}`);
  return { ...p, load };
});
