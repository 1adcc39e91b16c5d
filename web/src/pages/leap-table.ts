// Page "Leap table": the built-in table with its expiry status, a checker for leap files, and a
// converter between the time scales using either table.
import { css, html, LitElement } from "lit";
import { dateTimeOf, expiryStatus } from "../format.ts";
import { leapStore } from "../store.ts";
import { shared } from "../styles.ts";
import { countLeaps, rowViews } from "../leap/leap-rows.ts";
import "../leap/leap-rows.ts";
import "../leap/leap-check.ts";
import "../leap/converter.ts";
import "../leap/leap-current.ts";

export class CmPageLeap extends LitElement {
  static styles = [
    shared,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr);
        gap: 1.25rem;
        align-items: start;
      }
      @media (max-width: 1000px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .col {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1.25rem;
        min-width: 0;
      }
      dl.facts {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.25rem 1rem;
        margin: 0 0 1rem;
      }
      dl.facts dt {
        color: var(--cm-muted);
      }
      dl.facts dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .page {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1.25rem;
      }
      cm-leap-rows {
        --rows-max-height: calc(100vh - 22rem);
        min-height: 16rem;
      }
      @media (max-width: 1000px) {
        cm-leap-rows {
          --rows-max-height: 28rem;
        }
      }
    `,
  ];

  render() {
    const t = leapStore.builtin;
    const status = expiryStatus(t);
    const views = rowViews(t);
    const rubber = views.filter((v) => v.era === "rubber").length;
    const n = countLeaps(t);
    return html`
      <div class="page">
        <p class="card" data-part="start-here"><strong>Start here:</strong> the built-in table of leap seconds comes first;
        type a date in the <a href="#conv-h" @click=${(e: Event) => this.#jump(e, "conv-h")}>converter</a>
        to see it in every time scale (try the 23:59:60 button), or paste a leap-seconds.list to check it.</p>
        <div class="layout">
          <section class="card" aria-labelledby="builtin-h">
            <h2 id="builtin-h">Built-in table</h2>
            <dl class="facts">
              <dt>Status</dt>
              <dd
                data-testid="builtin-status"><span class="badge ${status.kind}">${status
                  .label}</span> <span class="small">${status.detail}</span></dd>
              <dt>Updated</dt>
              <dd>${t.updatedUnixNs === undefined ? "—" : dateTimeOf(t.updatedUnixNs)}</dd>
              <dt>Expires</dt>
              <dd>${t.expiresUnixNs === undefined ? "—" : dateTimeOf(t.expiresUnixNs)}</dd>
              <dt>Source</dt>
              <dd class="small">${t.source ?? "—"}</dd>
              <dt>Contents</dt>
              <dd>${views.length} rows: ${rubber} segments 1961–1971 and ${views.length - rubber} entries from 1972 (${n
                .inserted} leap seconds)</dd>
            </dl>
            <cm-leap-rows .table=${t} caption="Built-in leap table"></cm-leap-rows>
          </section>
          <div class="col">
            <section class="card" aria-labelledby="current-h">
              <h2 id="current-h">Staying current</h2>
              <cm-leap-current></cm-leap-current>
            </section>
            <section class="card" aria-labelledby="check-h">
              <h2 id="check-h">Check a leap file</h2>
              <cm-leap-check></cm-leap-check>
            </section>
            <section class="card" aria-labelledby="conv-h">
              <h2 id="conv-h">Converter</h2>
              <p class="small muted">Edit any field; the others follow. Everything goes through TAI nanoseconds.</p>
              <cm-converter></cm-converter>
            </section>
          </div>
        </div>
      </div>
    `;
  }

  /** In-page link without touching location.hash (the shell keeps the page in it). */
  #jump(e: Event, id: string): void {
    e.preventDefault();
    const el = this.renderRoot.querySelector<HTMLElement>(`#${id}`);
    el?.scrollIntoView({ behavior: "smooth", block: "start" });
  }
}
customElements.define("cm-page-leap", CmPageLeap);
