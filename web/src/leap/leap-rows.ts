// <cm-leap-rows .table=${t} caption="…">: every entry of a leap table as an accessible HTML table.
// 1961–1971 rows (UTC on rubber seconds) show their drift; every row shows the step it makes
// relative to the previous row, and its provenance when the table knows it.
import { css, html, LitElement, nothing } from "lit";
import type { Leap, LeapTable } from "../../../src/mod.ts";
import { dateOf, NS_PER_DAY, NS_PER_SECOND, seconds, signedSeconds } from "../format.ts";
import { shared } from "../styles.ts";

const ERA_1972 = 63_072_000n * NS_PER_SECOND; // 1972-01-01

export interface RowView {
  readonly leap: Leap;
  /** TAI−UTC change at this row's start, relative to the previous row continued to that instant. */
  readonly step: bigint | undefined;
  readonly era: "rubber" | "leap";
}

/** The rows of `table` with the step each makes. */
export function rowViews(table: LeapTable): RowView[] {
  return table.leaps.map((leap, i) => {
    let step: bigint | undefined;
    if (i > 0) {
      const prev = table.leaps[i - 1];
      const days = (leap.unixNs - prev.unixNs) / NS_PER_DAY;
      step = leap.taiMinusUtcNs - (prev.taiMinusUtcNs + (prev.driftNsPerDay ?? 0n) * days);
    }
    return { leap, step, era: leap.unixNs < ERA_1972 || leap.driftNsPerDay !== undefined ? "rubber" : "leap" };
  });
}

/** Leap seconds proper: whole-second steps from 1972 on. */
export function countLeaps(table: LeapTable): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const r of rowViews(table)) {
    if (r.era !== "leap" || r.step === undefined || r.leap.unixNs <= ERA_1972) continue;
    if (r.step === NS_PER_SECOND) inserted++;
    else if (r.step === -NS_PER_SECOND) deleted++;
  }
  return { inserted, deleted };
}

function drift(nsPerDay: bigint): string {
  const ms = Number(nsPerDay) / 1e6; // ≤ a few ms/day: exact enough to print with 6 digits
  return `${ms > 0 ? "+" : ""}${ms.toFixed(6).replace(/\.?0+$/, "")} ms/day`;
}

function step(r: RowView) {
  if (r.step === undefined) return html`<span class="note">first row</span>`;
  if (r.era === "leap" && r.leap.unixNs > ERA_1972 && (r.step === NS_PER_SECOND || r.step === -NS_PER_SECOND)) {
    const day = dateOf(r.leap.unixNs - NS_PER_DAY);
    return r.step > 0n
      ? html`+1 s <span class="note">leap second ${day} 23:59:60</span>`
      : html`−1 s <span class="note">${day} 23:59:59 skipped</span>`;
  }
  return r.step === 0n ? html`0 <span class="note">new drift rate</span>` : html`${signedSeconds(r.step)} s`;
}

export class CmLeapRows extends LitElement {
  static styles = [
    shared,
    css`
      .scroll {
        overflow: auto;
        max-height: var(--rows-max-height, none);
        border: 1px solid var(--cm-border);
        border-radius: var(--cm-radius);
        background: var(--cm-surface);
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      caption {
        text-align: left;
        padding: 0.6rem 0.75rem;
        font-weight: 600;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.75rem;
        border-top: 1px solid var(--cm-border);
        vertical-align: top;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--cm-surface);
        border-top: none;
        box-shadow: 0 1px 0 var(--cm-border);
        z-index: 1;
      }
      td.num {
        font-family: var(--cm-mono);
        white-space: nowrap;
        text-align: right;
      }
      td.date {
        font-family: var(--cm-mono);
        white-space: nowrap;
      }
      th.group {
        background: var(--cm-bg);
        font-weight: 600;
        color: var(--cm-muted);
        font-size: 0.85rem;
      }
      tr.rubber td {
        background: var(--cm-old);
      }
      td.step {
        font-family: var(--cm-mono);
        white-space: nowrap;
        min-width: 8rem;
      }
      td.step .note {
        display: block;
        white-space: nowrap;
        font-family: var(--cm-font);
        font-size: 0.78rem;
        color: var(--cm-muted);
      }
      td.src {
        color: var(--cm-muted);
        font-size: 0.8rem;
        min-width: 10rem;
      }
    `,
  ];
  static properties = { table: { attribute: false }, caption: {} };
  declare table: LeapTable | undefined;
  declare caption: string;

  constructor() {
    super();
    this.table = undefined;
    this.caption = "Leap table";
  }

  render() {
    if (!this.table) return nothing;
    const views = rowViews(this.table);
    const rubber = views.filter((r) => r.era === "rubber");
    const leaps = views.filter((r) => r.era === "leap");
    const row = (r: RowView) =>
      html`
        <tr class=${r.era} data-era=${r.era}>
          <td class="date">${dateOf(r.leap.unixNs)}</td>
          <td class="num">${seconds(r.leap.taiMinusUtcNs)} s</td>
          <td class="num">${r.leap.driftNsPerDay === undefined
            ? html`<span aria-label="none">—</span>`
            : drift(r.leap.driftNsPerDay)}</td>
          <td class="step">${step(r)}</td>
          <td class="src">${r.leap.source ?? html`<span aria-label="unknown">—</span>`}</td>
        </tr>
      `;
    return html`
      <div class="scroll" tabindex="0" role="region" aria-label=${this.caption}>
        <table>
              <caption>${this.caption} <span class="muted small">(${views.length} rows)</span></caption>
              <thead>
                <tr>
                  <th scope="col">From (UTC)</th>
                  <th scope="col">TAI−UTC at start</th>
                  <th scope="col">Drift</th>
                  <th scope="col">Step</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              ${rubber.length
                ? html`<tbody>
              <tr><th scope="rowgroup" colspan="5" class="group">1961–1971: rubber seconds, TAI−UTC grows by the
                drift each day (${rubber.length} segments)</th></tr>
              ${rubber.map(row)}
            </tbody>`
                : nothing}
              <tbody>
                <tr><th scope="rowgroup" colspan="5" class="group">1972 on: whole leap seconds (${leaps
                  .length} entries)</th></tr>
                ${leaps.map(row)}
              </tbody>
            </table>
      </div>
    `;
  }
}
customElements.define("cm-leap-rows", CmLeapRows);
