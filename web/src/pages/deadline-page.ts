// Page "Deadlines": a calculator for a request's time budget across a chain of hops (latency,
// clock skew, per-hop timeouts, the header format each hop is sent), the grpc-timeout /
// Connect-Timeout-Ms each implementation would send and what it loses, and the dead timeouts of
// a nest of timeouts (analyzeTimeouts).
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import {
  analyzeTimeouts,
  type HopBudget,
  type HopFormat,
  InvalidArgumentError,
  propagate,
  type TimeoutAnalysis,
  timeoutHeaderFor,
  type TimeoutImplementation,
  type TimeoutStage,
} from "../../../src/mod.ts";
import { type ErrorInfo, errorInfo } from "../format.ts";
import { shared } from "../styles.ts";

const MS = 1_000_000n;
const FORMATS: readonly HopFormat[] = ["exact", "grpc-go", "grpc-js", "envoy", "connect", "absolute"];
const IMPLS: readonly TimeoutImplementation[] = ["grpc-go", "grpc-js", "envoy", "connect"];

/** Milliseconds typed by a person ("800", "2.5", "0.000001") → exact ns. Empty → undefined. */
export function parseMs(text: string, what: string, allowNegative = false): bigint | undefined {
  const t = text.trim().replace(/^\u2212/, "-").replace(/[_\s\u2009]/g, "");
  if (t === "") return undefined;
  const m = /^([+-]?)(\d+)(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) {
    throw new InvalidArgumentError(
      `${what}: "${text.slice(0, 30)}" is not a number of milliseconds (up to 6 decimals)`,
    );
  }
  const ns = BigInt(m[2]) * MS + BigInt((m[3] ?? "").padEnd(6, "0"));
  if (m[1] === "-" && !allowNegative && ns !== 0n) throw new InvalidArgumentError(`${what} must not be negative`);
  return m[1] === "-" ? -ns : ns;
}

/** ns → ms text with up to 6 decimals, no trailing zeros. */
export function ms(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const frac = (a % MS).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "−" : ""}${a / MS}${frac ? "." + frac : ""}`;
}

interface HopRow {
  name: string;
  latency: string;
  processing: string;
  timeout: string;
  format: HopFormat;
  skew: string;
  error: string;
}
interface StageRow {
  name: string;
  timeout: string;
  parent: string;
  retries: string;
}

const DEFAULT_HOPS: HopRow[] = [
  { name: "edge (Envoy)", latency: "12", processing: "1", timeout: "", format: "grpc-go", skew: "", error: "" },
  { name: "api (Node)", latency: "3", processing: "40", timeout: "", format: "envoy", skew: "", error: "" },
  {
    name: "search (grpc-js)",
    latency: "2.5",
    processing: "15",
    timeout: "300",
    format: "connect",
    skew: "",
    error: "",
  },
  { name: "db proxy", latency: "0.8", processing: "0", timeout: "", format: "absolute", skew: "-35", error: "5" },
];
const DEFAULT_STAGES: StageRow[] = [
  { name: "ReadTimeout", timeout: "30000", parent: "", retries: "" },
  { name: "ReadHeaderTimeout", timeout: "2000", parent: "ReadTimeout", retries: "" },
  { name: "handler ctx", timeout: "800", parent: "ReadTimeout", retries: "" },
  { name: "DB query", timeout: "5000", parent: "handler ctx", retries: "3" },
  { name: "cache get", timeout: "250", parent: "handler ctx", retries: "3" },
];

export class CmPageDeadline extends LitElement {
  static styles = [
    shared,
    css`
      .layout {
        display: grid;
        gap: 1.25rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.45rem;
        border-bottom: 1px solid var(--cm-border);
        vertical-align: top;
      }
      th {
        color: var(--cm-muted);
        font-weight: 600;
        white-space: nowrap;
      }
      td.num {
        text-align: right;
        font-family: var(--cm-mono);
        white-space: nowrap;
      }
      td input[type="text"] {
        min-width: 4.5rem;
      }
      .scroll {
        overflow-x: auto;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 0.75rem;
      }
      .row label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
      }
      .row input[type="text"] {
        width: 8rem;
      }
      .over {
        color: var(--cm-bad);
        font-weight: 600;
      }
      .under {
        color: var(--cm-ok);
      }
      ul.reasons {
        margin: 0.5rem 0 0;
        padding-left: 1.2rem;
      }
      ul.reasons li {
        margin: 0.2rem 0;
      }
    `,
  ];

  static properties = {
    budget: { state: true },
    hops: { state: true },
    stages: { state: true },
  };
  declare budget: string;
  declare hops: HopRow[];
  declare stages: StageRow[];

  constructor() {
    super();
    this.budget = "1000";
    this.hops = DEFAULT_HOPS.map((h) => ({ ...h }));
    this.stages = DEFAULT_STAGES.map((s) => ({ ...s }));
  }

  #setHop(i: number, key: keyof HopRow, value: string): void {
    this.hops = this.hops.map((h, j) => (j === i ? { ...h, [key]: value } : h));
  }
  #setStage(i: number, key: keyof StageRow, value: string): void {
    this.stages = this.stages.map((s, j) => (j === i ? { ...s, [key]: value } : s));
  }

  #propagate(): { rows: HopBudget[]; start: bigint } | { error: ErrorInfo } {
    try {
      const start = parseMs(this.budget, "budget") ?? 0n;
      const hops = this.hops.map((h, i) => ({
        name: h.name || `hop ${i + 1}`,
        latencyNs: parseMs(h.latency, `${h.name}: latency`) ?? 0n,
        processingNs: parseMs(h.processing, `${h.name}: processing`) ?? 0n,
        timeoutNs: parseMs(h.timeout, `${h.name}: timeout`),
        format: h.format,
        skewNs: parseMs(h.skew, `${h.name}: skew`, true),
        errorNs: parseMs(h.error, `${h.name}: error`),
      }));
      return { rows: propagate(start, hops), start };
    } catch (e) {
      return { error: errorInfo(e) };
    }
  }

  #analyze(): TimeoutAnalysis | { error: ErrorInfo } {
    try {
      const chain: TimeoutStage[] = this.stages.map((s) => ({
        name: s.name,
        timeoutNs: parseMs(s.timeout, `${s.name}: timeout`) ?? null,
        ...(s.parent.trim() ? { parent: s.parent.trim() } : {}),
        ...(s.retries.trim() ? { retries: Number(s.retries) } : {}),
      }));
      return analyzeTimeouts(chain);
    } catch (e) {
      return { error: errorInfo(e) };
    }
  }

  #hopTable() {
    const result = this.#propagate();
    const rows = "rows" in result ? result.rows : [];
    return html`
      <div class="row">
        <label>Budget at the client (ms) <input type="text" data-testid="budget" .value=${live(this.budget)}
          @input=${(e: Event) => {
            this.budget = (e.target as HTMLInputElement).value;
          }} /></label>
        <button @click=${() => {
          this.hops = [...this.hops, {
            name: `hop ${this.hops.length + 1}`,
            latency: "1",
            processing: "0",
            timeout: "",
            format: "exact",
            skew: "",
            error: "",
          }];
        }}>Add hop</button>
      </div>
      <div class="scroll">
        <table data-testid="hops">
          <thead>
            <tr>
              <th>Hop</th>
              <th>Latency ms</th>
              <th>Work ms</th>
              <th>Own timeout ms</th>
              <th>Sent as</th>
              <th>Skew ms</th>
              <th>± ms</th>
              <th>Header</th>
              <th>Believes ms</th>
              <th>Really has ms</th>
              <th>Overrun ms</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${this.hops.map((h, i) => {
              const r = rows[i];
              return html`
                <tr>
                  <td><input type="text" aria-label="name of hop ${i + 1}" .value=${live(h.name)} @input=${(e: Event) =>
                    this.#setHop(i, "name", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="latency of hop ${i + 1}, ms" .value=${live(h.latency)} @input=${(
                    e: Event,
                  ) => this.#setHop(i, "latency", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="work at hop ${i + 1}, ms" .value=${live(h.processing)} @input=${(
                    e: Event,
                  ) => this.#setHop(i, "processing", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="own timeout of hop ${i + 1}, ms" .value=${live(
                    h.timeout,
                  )} @input=${(e: Event) => this.#setHop(i, "timeout", (e.target as HTMLInputElement).value)} /></td>
                  <td><select aria-label="how hop ${i + 1} receives the deadline" @change=${(e: Event) =>
                    this.#setHop(i, "format", (e.target as HTMLSelectElement).value)}>
                                  ${FORMATS.map((f) =>
                                    html`<option value=${f} ?selected=${f === h.format}>${f}</option>`
                                  )}
                                </select></td>
                  <td><input type="text" aria-label="clock skew of hop ${i + 1}, ms" .value=${live(
                    h.skew,
                  )} ?disabled=${h.format !== "absolute"} @input=${(e: Event) =>
                    this.#setHop(i, "skew", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="offset error bound of hop ${i + 1}, ms" .value=${live(
                    h.error,
                  )} ?disabled=${h.format !== "absolute"} @input=${(e: Event) =>
                    this.#setHop(i, "error", (e.target as HTMLInputElement).value)} /></td>
                  <td class="mono">${r?.header ? `${r.header.name}: ${r.header.value}` : "—"}</td>
                  <td class="num">${r ? ms(r.believedBudgetNs) : ""}${r?.ownTimeoutBinds
                    ? html`
                      <span class="small muted">(own)</span>
                    `
                    : nothing}</td>
                  <td class="num ${r && r.exhausted ? "over" : ""}">${r ? ms(r.trueBudgetNs) : ""}</td>
                  <td class="num ${r && r.overrunNs > 0n ? "over" : "under"}">${r ? ms(r.overrunNs) : ""}</td>
                  <td><button aria-label="remove hop ${i + 1}" @click=${() => {
                    this.hops = this.hops.filter((_, j) => j !== i);
                  }}>×</button></td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </div>
      ${"error" in result
        ? html`<p class="error-text" role="alert">${result.error.code}: ${result.error.message}</p>`
        : nothing}
      <p class="small muted">A relative timeout restarts at each receiver, so the latency before it is invisible: each hop
        believes more than it has (the overrun). An absolute deadline instead carries the receiver's clock skew, minus
        its error bound.</p>
    `;
  }

  #implTable() {
    const result = this.#propagate();
    if ("error" in result) return html`<p class="small muted">Correct the hop inputs above to see the headers.</p>`;
    // The remaining budget each hop would encode for the next (what it believes, minus its work).
    const budgets = [
      { name: "client", ns: result.start },
      ...result.rows.map((r, i) => ({
        name: r.name,
        ns: r.believedBudgetNs - (parseMs(this.hops[i].processing, "work") ?? 0n),
      })),
    ];
    return html`
      <div class="scroll">
        <table data-testid="impls">
          <thead>
            <tr><th>Sender</th><th>Remaining ms</th>${IMPLS.map((i) => html`<th>${i}</th>`)}</tr>
          </thead>
          <tbody>
            ${budgets.map((b) => {
              const ns = b.ns > 0n ? b.ns : 0n;
              return html`<tr><td>${b.name}</td><td class="num">${ms(b.ns)}</td>${
                IMPLS.map((impl) => {
                  const h = timeoutHeaderFor(impl, ns);
                  const err = h.errorNs;
                  return html`<td class="mono">${h.value}<br /><span class="small ${
                    err === undefined ? "over" : err > 0n ? "over" : "muted"
                  }">${
                    err === undefined
                      ? "rejected by a strict peer"
                      : err === 0n
                      ? "exact"
                      : `${err > 0n ? "+" : ""}${ms(err)} ms`
                  }</span></td>`;
                })
              }</tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="small muted">grpc-go rounds up to the finest unit that fits 8 digits; grpc-js rounds up from whole ms and
        can emit 9 digits; Envoy and Connect truncate to whole ms (Envoy then to coarser units). Red: the callee is
        promised more time than there is.</p>
    `;
  }

  #stageTable() {
    const a = this.#analyze();
    const by = new Map("stages" in a ? a.stages.map((s) => [s.name, s]) : []);
    return html`
      <div class="row">
        <button @click=${() => {
          this.stages = [...this.stages, {
            name: `stage ${this.stages.length + 1}`,
            timeout: "100",
            parent: this.stages[0]?.name ?? "",
            retries: "",
          }];
        }}>Add stage</button>
      </div>
      <div class="scroll">
        <table data-testid="stages">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Timeout ms</th>
              <th>Inside</th>
              <th>Retries</th>
              <th>Ends at ms</th>
              <th>Fires?</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${this.stages.map((s, i) => {
              const r = by.get(s.name);
              return html`
                <tr>
                  <td><input type="text" aria-label="name of stage ${i + 1}" .value=${live(s.name)} @input=${(
                    e: Event,
                  ) => this.#setStage(i, "name", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="timeout of stage ${i + 1}, ms" .value=${live(s.timeout)} @input=${(
                    e: Event,
                  ) => this.#setStage(i, "timeout", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="parent of stage ${i + 1}" .value=${live(s.parent)} @input=${(
                    e: Event,
                  ) => this.#setStage(i, "parent", (e.target as HTMLInputElement).value)} /></td>
                  <td><input type="text" aria-label="retries of stage ${i + 1}" .value=${live(s.retries)} @input=${(
                    e: Event,
                  ) => this.#setStage(i, "retries", (e.target as HTMLInputElement).value)} /></td>
                  <td class="num">${r ? (r.endNs === undefined ? "never" : ms(r.endNs)) : ""}</td>
                  <td>${r
                    ? (r.dead
                      ? html`<span class="badge bad">never</span>`
                      : html`<span class="badge ok">can fire</span>`)
                    : ""}</td>
                  <td><button aria-label="remove stage ${i + 1}" @click=${() => {
                    this.stages = this.stages.filter((_, j) => j !== i);
                  }}>×</button></td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </div>
      ${"error" in a
        ? html`<p class="error-text" role="alert">${a.error.code}: ${a.error.message}</p>`
        : html`<ul class="reasons" data-testid="reasons">${
          a.stages.map((s) => html`<li class=${s.dead ? "over" : ""}>${s.reason}</li>`)
        }</ul>`}
    `;
  }

  render() {
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="hops-h">
          <h2 id="hops-h">Budget across hops</h2>
          ${this.#hopTable()}
        </section>
        <section class="card" aria-labelledby="impl-h">
          <h2 id="impl-h">What each implementation sends</h2>
          ${this.#implTable()}
        </section>
        <section class="card" aria-labelledby="chain-h">
          <h2 id="chain-h">Nested timeouts</h2>
          <p class="small muted">Each stage runs inside its parent from the parent's start; retries run back to back
            after a timed-out attempt.</p>
          ${this.#stageTable()}
        </section>
      </div>
    `;
  }
}
customElements.define("cm-page-deadline", CmPageDeadline);
