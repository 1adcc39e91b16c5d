// The app shell: a header, a tab list built from pages.ts (WAI-ARIA tabs: arrow keys, Home, End)
// and one panel per page. Pages are imported on first visit and stay mounted afterwards, so
// what the user typed survives switching tabs. The selected tab is mirrored in location.hash.
import { css, html, LitElement, nothing } from "lit";
import { type PageDef, pages } from "./pages.ts";
import { shared } from "./styles.ts";

type LoadState = "loading" | "ready" | { error: string };

export class CmApp extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        min-height: 100vh;
        display: flex;
        flex-direction: column;
      }
      header {
        background: var(--cm-surface);
        border-bottom: 1px solid var(--cm-border);
        padding: 0.75rem 1.25rem 0;
      }
      .brand {
        display: flex;
        align-items: baseline;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      h1 {
        font-size: 1.25rem;
        margin: 0;
      }
      h1 span {
        color: var(--cm-accent);
      }
      [role="tablist"] {
        display: flex;
        gap: 0.25rem;
        margin-top: 0.6rem;
        flex-wrap: wrap;
      }
      [role="tab"] {
        border: 1px solid transparent;
        border-bottom: none;
        border-radius: 6px 6px 0 0;
        background: transparent;
        padding: 0.45rem 0.95rem;
        color: var(--cm-muted);
        position: relative;
        top: 1px;
      }
      [role="tab"]:hover {
        color: var(--cm-text);
      }
      [role="tab"][aria-selected="true"] {
        color: var(--cm-text);
        background: var(--cm-bg);
        border-color: var(--cm-border);
        font-weight: 600;
      }
      main {
        flex: 1;
        padding: 1.25rem;
        max-width: 1400px;
        width: 100%;
        min-width: 0;
        margin: 0 auto;
      }
      /* phones: less padding around the cards, tabs a little tighter */
      @media (max-width: 600px) {
        header {
          padding: 0.6rem 0.75rem 0;
        }
        main {
          padding: 0.75rem;
        }
        [role="tab"] {
          padding: 0.4rem 0.7rem;
        }
      }
      [role="tabpanel"] {
        min-width: 0;
      }
      [role="tabpanel"]:focus-visible {
        box-shadow: none;
        outline: 2px dashed var(--cm-accent);
        outline-offset: 4px;
      }
      footer {
        padding: 0.75rem 1.25rem;
        font-size: 0.85rem;
        color: var(--cm-muted);
        text-align: center;
      }
    `,
  ];

  static properties = { selected: { state: true }, loadStates: { state: true } };
  declare selected: string;
  declare loadStates: Map<string, LoadState>;
  readonly #elements = new Map<string, HTMLElement>();

  constructor() {
    super();
    this.selected = this.#fromHash() ?? pages[0].id;
    this.loadStates = new Map();
  }

  readonly #onHash = () => {
    const id = this.#fromHash();
    if (id !== undefined && id !== this.selected) this.#select(id, false);
  };
  connectedCallback(): void {
    super.connectedCallback();
    addEventListener("hashchange", this.#onHash);
    this.#ensureLoaded(this.#page(this.selected));
  }
  disconnectedCallback(): void {
    removeEventListener("hashchange", this.#onHash);
    super.disconnectedCallback();
  }

  #fromHash(): string | undefined {
    const id = location.hash.replace(/^#\/?/, "");
    return pages.some((p) => p.id === id) ? id : undefined;
  }
  #page(id: string): PageDef {
    return pages.find((p) => p.id === id) ?? pages[0];
  }

  #ensureLoaded(page: PageDef): void {
    if (this.loadStates.has(page.id)) return;
    this.#elements.set(page.id, document.createElement(page.tag));
    this.#setLoad(page.id, "loading");
    page.load().then(
      () => this.#setLoad(page.id, "ready"),
      (e: unknown) => this.#setLoad(page.id, { error: e instanceof Error ? e.message : String(e) }),
    );
  }
  #setLoad(id: string, s: LoadState): void {
    this.loadStates = new Map(this.loadStates).set(id, s);
  }

  #select(id: string, updateHash = true, focus = false): void {
    const page = this.#page(id);
    this.selected = page.id;
    this.#ensureLoaded(page);
    if (updateHash && this.#fromHash() !== page.id) history.replaceState(null, "", `#${page.id}`);
    document.title = `${page.title} · clockmath playground`;
    if (focus) this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${page.id}`)?.focus());
  }

  #onKey(e: KeyboardEvent): void {
    const i = pages.findIndex((p) => p.id === this.selected);
    let j: number;
    switch (e.key) {
      case "ArrowRight":
      case "ArrowDown":
        j = (i + 1) % pages.length;
        break;
      case "ArrowLeft":
      case "ArrowUp":
        j = (i - 1 + pages.length) % pages.length;
        break;
      case "Home":
        j = 0;
        break;
      case "End":
        j = pages.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.#select(pages[j].id, true, true);
  }

  render() {
    return html`
      <header>
        <div class="brand">
          <h1><span aria-hidden="true">◷</span> clockmath playground</h1>
          <p class="muted small">Exact nanosecond time arithmetic, computed in your browser by the clockmath WebAssembly
            core.</p>
        </div>
        <nav aria-label="Playground pages">
          <div role="tablist" aria-label="Pages" @keydown=${this.#onKey}>
            ${pages.map((p) => {
              const on = p.id === this.selected;
              return html`
                <button role="tab" id="tab-${p.id}" aria-controls="panel-${p.id}"
                  aria-selected=${on ? "true" : "false"} tabindex=${on ? 0 : -1}
                  @click=${() => this.#select(p.id)}>${p.title}</button>
              `;
            })}
          </div>
        </nav>
      </header>
      <main>
        ${pages.map((p) => {
          const state = this.loadStates.get(p.id);
          if (state === undefined) return nothing;
          return html`
            <section role="tabpanel" id="panel-${p.id}" aria-labelledby="tab-${p.id}" tabindex="0"
              ?hidden=${p.id !== this.selected}>
                        ${state === "loading" ? html`<p class="muted" role="status">Loading ${p.title}…</p>` : nothing}
                        ${typeof state === "object"
                          ? html`<p class="error-text" role="alert">Could not load this page: ${state.error}</p>`
                          : nothing}
                        ${this.#elements.get(p.id)}
                      </section>
          `;
        })}
      </main>
      <footer>Nothing leaves this page: files you load are read locally; only "Load URL" and "Fetch latest" on the leap
        page make requests, to the addresses shown.</footer>
    `;
  }
}
customElements.define("cm-app", CmApp);
