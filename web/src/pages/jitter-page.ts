// Page "Jitter lab": runs the timer probe live for each timer API and interval, draws the latest
// run's histogram and percentile plot (x: 1/(1 − p) on a log scale, so the 99.9th percentile has
// room), keeps every run's summary row side by side, and shows any pasted HdrHistogram base64.
import { css, html, LitElement, nothing, svg } from "lit";
import {
  availableTimerApis,
  LatencyHistogram,
  measureTimerJitter,
  type TimerApi,
  type TimerJitterSummary,
} from "../../../src/mod.ts";
import { type ErrorInfo, errorInfo } from "../format.ts";
import { shared } from "../styles.ts";

const W = 720, H = 240, PAD_L = 64, PAD_R = 12, PAD_T = 10, PAD_B = 30;
const IW = W - PAD_L - PAD_R, IH = H - PAD_T - PAD_B;
const SHOWN_PERCENTILES = [50, 90, 99, 99.9, 99.99, 100] as const;

/** ns as a short human value: "850 ns", "12.3 µs", "4.56 ms", "1.2 s" (the exact ns is in a title). */
export function duration(ns: bigint): string {
  const neg = ns < 0n;
  const a = Number(neg ? -ns : ns);
  const s = a < 1e3
    ? `${a} ns`
    : a < 1e6
    ? `${+(a / 1e3).toPrecision(3)} µs`
    : a < 1e9
    ? `${+(a / 1e6).toPrecision(3)} ms`
    : `${+(a / 1e9).toPrecision(3)} s`;
  return neg ? `−${s}` : s;
}

interface Run {
  id: number;
  summary: TimerJitterSummary;
  histogram: LatencyHistogram;
  clock: string;
}

export class CmPageJitter extends LitElement {
  static styles = [
    shared,
    css`
      .layout {
        display: grid;
        gap: 1.25rem;
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
        width: 7rem;
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
      tr.selected td {
        background: var(--cm-accent-soft);
      }
      tbody tr {
        cursor: pointer;
      }
      .scroll {
        overflow-x: auto;
      }
      .charts {
        display: grid;
        gap: 1rem;
      }
      svg {
        width: 100%;
        height: auto;
        display: block;
        background: var(--cm-bg);
        border-radius: 6px;
      }
      svg text {
        font: 11px var(--cm-mono);
        fill: var(--cm-muted);
      }
      svg .grid {
        stroke: var(--cm-border);
        stroke-width: 1;
      }
      svg .bar {
        fill: var(--cm-accent);
      }
      svg .early {
        fill: var(--cm-warn);
      }
      svg .line {
        fill: none;
        stroke: var(--cm-accent);
        stroke-width: 1.8;
      }
      svg .dot {
        fill: var(--cm-bad);
      }
      textarea {
        min-height: 4.5rem;
        font-family: var(--cm-mono);
        font-size: 0.8rem;
      }
    `,
  ];

  static properties = {
    api: { state: true },
    intervalMs: { state: true },
    samples: { state: true },
    thresholdMs: { state: true },
    running: { state: true },
    runs: { state: true },
    selected: { state: true },
    error: { state: true },
    pasted: { state: true },
    pasteError: { state: true },
    note: { state: true },
  };

  // declared, not initialised as fields: Lit's reactive accessors must not be shadowed
  declare api: TimerApi;
  declare intervalMs: string;
  declare samples: string;
  declare thresholdMs: string;
  declare running: boolean;
  declare runs: Run[];
  declare selected: number;
  declare error: ErrorInfo | undefined;
  declare note: string;
  declare pasted: LatencyHistogram | undefined;
  declare pasteError: ErrorInfo | undefined;
  #apis = availableTimerApis();
  #next = 1;

  constructor() {
    super();
    this.api = "setTimeout";
    this.intervalMs = "1";
    this.samples = "200";
    this.thresholdMs = "1";
    this.running = false;
    this.runs = [];
    this.selected = -1;
    this.error = undefined;
    this.note = "";
    this.pasted = undefined;
    this.pasteError = undefined;
  }

  async #run(): Promise<void> {
    this.error = undefined;
    this.note = "";
    try {
      const intervalNs = BigInt(Math.round(Number(this.intervalMs) * 1e6));
      const thresholdNs = BigInt(Math.round(Number(this.thresholdMs) * 1e6));
      if (!Number.isFinite(Number(this.intervalMs)) || !Number.isFinite(Number(this.thresholdMs))) {
        throw new RangeError("interval and threshold must be numbers of ms");
      }
      this.running = true;
      const r = await measureTimerJitter({ api: this.api, intervalNs, samples: Number(this.samples), thresholdNs });
      if (r.status !== "ok") {
        this.note = r.message;
        return;
      }
      this.runs = [...this.runs, {
        id: this.#next++,
        summary: r.summary,
        histogram: r.histogram,
        clock: `${r.clock.source}, ${duration(r.clock.resolutionNs ?? 0n)}`,
      }];
      this.selected = this.runs.length - 1;
    } catch (e) {
      this.error = errorInfo(e);
    } finally {
      this.running = false;
    }
  }

  #paste(): void {
    const text = (this.renderRoot.querySelector("textarea") as HTMLTextAreaElement).value;
    this.pasted?.dispose();
    this.pasted = undefined;
    this.pasteError = undefined;
    try {
      this.pasted = LatencyHistogram.decode(text);
    } catch (e) {
      this.pasteError = errorInfo(e);
    }
  }

  render() {
    const shown = this.selected >= 0 ? this.runs[this.selected] : undefined;
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="jl-h">
          <h2 id="jl-h">Jitter lab</h2>
          <p class="muted small">How late do this browser's timers fire? Each run schedules the timer <em>samples</em>
            times and measures lateness against <code>performance.now()</code> (its resolution is shown: browsers
            coarsen it). Negative lateness is a timer that fired early.</p>
          <div class="row">
            <label>API <select data-testid="api" @change=${(
              e: Event,
            ) => (this.api = (e.target as HTMLSelectElement).value as TimerApi)}>
              ${this.#apis.map((a) => html`<option ?selected=${a === this.api}>${a}</option>`)}
            </select></label>
            <label>interval, ms <input type="text" data-testid="interval" .value=${this.intervalMs} @input=${(
              e: Event,
            ) => (this.intervalMs = (e.target as HTMLInputElement).value)}></label>
            <label>samples <input type="text" data-testid="samples" .value=${this.samples} @input=${(
              e: Event,
            ) => (this.samples = (e.target as HTMLInputElement).value)}></label>
            <label>late if over, ms <input type="text" data-testid="threshold" .value=${this.thresholdMs} @input=${(
              e: Event,
            ) => (this.thresholdMs = (e.target as HTMLInputElement).value)}></label>
            <button class="primary" data-testid="run" ?disabled=${this.running} @click=${() =>
              this.#run()}>${this.running ? "Running…" : "Run"}</button>
          </div>
          ${this.error
            ? html`<p class="error-text" role="alert">${this.error.code}: ${this.error.message}</p>`
            : nothing}
          ${this.note ? html`<p class="warn" role="status">${this.note}</p>` : nothing}
          ${this.#runsTable()}
        </section>
        ${shown
          ? html`
            <section class="card charts"
              aria-labelledby="jl-run"><h3 id="jl-run">Run ${shown.id}: ${shown.summary.api}, ${duration(
                shown.summary.intervalNs,
              )}</h3>${this.#charts(shown.histogram, "run")}</section>
          `
          : nothing}
        <section class="card" aria-labelledby="jl-paste">
          <h3 id="jl-paste">View an HdrHistogram</h3>
          <p class="muted small">Paste a compressed base64 histogram (<code>HISTFAAA…</code>) written by HdrHistogram
            (Java, C, Go, hdr-histogram-js) or by <code>LatencyHistogram.encode()</code>; values are taken as ns.</p>
          <textarea data-testid="paste" aria-label="HdrHistogram base64"></textarea>
          <div class="row"><button data-testid="view-pasted" @click=${() => this.#paste()}>View</button></div>
          ${this.pasteError
            ? html`<p class="error-text" role="alert">${this.pasteError.code}: ${this.pasteError.message}</p>`
            : nothing}
          ${this.pasted
            ? html`${this.#percentileTable(this.pasted)}<div class="charts">${
              this.#charts(this.pasted, "pasted")
            }</div>`
            : nothing}
        </section>
      </div>
    `;
  }

  #runsTable() {
    if (this.runs.length === 0) return html`<p class="muted small" data-testid="no-runs">No runs yet.</p>`;
    return html`
      <div class="scroll">
        <table data-testid="runs">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">API</th>
              <th scope="col">interval</th>
              <th scope="col">samples</th>
              <th scope="col">P50</th>
              <th scope="col">P99</th>
              <th scope="col">P99.9</th>
              <th scope="col">max</th>
              <th scope="col">late share</th>
              <th scope="col">clock</th>
            </tr>
          </thead>
          <tbody>${this.runs.map((r, i) =>
            html`<tr class=${i === this.selected ? "selected" : ""} @click=${() => (this.selected = i)}>
        <td>${r.id}</td><td>${r.summary.api}</td><td class="num">${
              duration(r.summary.intervalNs)
            }</td><td class="num">${r.summary.samples}</td>
        ${
              [r.summary.p50Ns, r.summary.p99Ns, r.summary.p999Ns, r.summary.maxNs].map((v) =>
                html`<td class="num" title="${v} ns" data-ns=${String(v)}>${duration(v)}</td>`
              )
            }
        <td class="num" title="${r.summary.lateCount} of ${r.summary.samples} later than ${
              duration(r.summary.thresholdNs)
            }">${(100 * r.summary.lateShare).toFixed(1)} %</td>
        <td class="small">${r.clock}</td></tr>`
          )}</tbody>
        </table>
      </div>
    `;
  }

  #percentileTable(h: LatencyHistogram) {
    return html`
      <table data-testid="pasted-percentiles">
        <thead>
          <tr><th scope="col">count</th>${SHOWN_PERCENTILES.map((p) => html`<th scope="col">P${p}</th>`)}</tr>
        </thead>
        <tbody>
          <tr><td class="num" data-value=${String(h.count)}>${h.count}</td>${SHOWN_PERCENTILES.map((p) => {
            const v = h.count > 0n ? h.percentile(p) : 0n;
            return html`<td class="num" data-ns=${String(v)} title="${v} ns">${duration(v)}</td>`;
          })}</tr>
        </tbody>
      </table>
    `;
  }

  #charts(h: LatencyHistogram, id: string) {
    if (h.count === 0n) return html`<p class="muted">Empty histogram.</p>`;
    return html`${this.#histogramChart(h, id)}${this.#percentileChart(h, id)}`;
  }

  /** Counts by decade-sub-bin of |lateness| (x: log10 µs), early firings drawn below the axis. */
  #histogramChart(h: LatencyHistogram, id: string) {
    const BINS_PER_DECADE = 10;
    const bins = new Map<number, { late: number; early: number }>();
    for (const b of h.buckets()) {
      const mid = Number(b.fromNs + b.toNs) / 2;
      const k = Math.floor(Math.log10(Math.max(Math.abs(mid), 1)) * BINS_PER_DECADE);
      const e = bins.get(k) ?? { late: 0, early: 0 };
      if (mid < 0) e.early += Number(b.count);
      else e.late += Number(b.count);
      bins.set(k, e);
    }
    const ks = [...bins.keys()];
    const k0 = Math.min(...ks), k1 = Math.max(...ks) + 1;
    const peak = Math.max(...[...bins.values()].map((e) => Math.max(e.late, e.early)));
    const anyEarly = [...bins.values()].some((e) => e.early > 0);
    const x = (k: number) => PAD_L + ((k - k0) / Math.max(k1 - k0, 1)) * IW;
    const base = anyEarly ? PAD_T + IH / 2 : PAD_T + IH;
    const scale = (anyEarly ? IH / 2 : IH) / peak;
    const decades = [];
    for (let d = Math.ceil(k0 / BINS_PER_DECADE); d * BINS_PER_DECADE <= k1; d++) decades.push(d);
    return html`
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="histogram of |lateness|, log scale"
        data-testid="${id}-histogram">
            ${decades.map((d) =>
              svg`
                <line class="grid" x1=${x(d * BINS_PER_DECADE)} x2=${x(d * BINS_PER_DECADE)} y1=${PAD_T} y2=${PAD_T +
                  IH}></line>
                <text x=${x(d * BINS_PER_DECADE)} y=${H - 10} text-anchor="middle">${duration(10n ** BigInt(d))}</text>
              `
            )}
            <text x=${PAD_L - 6} y=${PAD_T + 10} text-anchor="end">${peak}</text>
            ${anyEarly ? svg`<text x=${PAD_L - 6} y=${base + 4} text-anchor="end">late ↑ early ↓</text>` : nothing}
            ${[...bins.entries()].map(([k, e]) =>
              svg`
                <rect class="bar" x=${x(k)} width=${Math.max(IW / (k1 - k0) - 1, 1)} y=${base -
                  e.late * scale} height=${e.late * scale}></rect>
                ${e.early
                  ? svg`<rect class="early" x=${x(k)} width=${Math.max(IW / (k1 - k0) - 1, 1)} y=${base} height=${
                    e.early * scale
                  }></rect>`
                  : nothing}
              `
            )}
          </svg>
    `;
  }

  /** HdrHistogram's percentile plot: value against 1/(1 − p) on a log axis (50 %, 90 %, … 99.99 %). */
  #percentileChart(h: LatencyHistogram, id: string) {
    const series = h.percentileSeries(5).filter((p) => Number.isFinite(p.inverseTail));
    const maxX = Math.max(Math.log10(series.at(-1)?.inverseTail ?? 10), 3); // always show 99.9 %
    const vals = series.map((p) => Number(p.valueNs));
    const lo = Math.min(0, ...vals), hi = Math.max(...vals, 1);
    const x = (inv: number) => PAD_L + (Math.log10(inv) / maxX) * IW;
    const y = (v: number) => PAD_T + IH - ((v - lo) / (hi - lo)) * IH;
    const d = series.map((p, i) => `${i ? "L" : "M"}${x(p.inverseTail).toFixed(1)},${y(Number(p.valueNs)).toFixed(1)}`)
      .join(" ");
    const ticks = [[1, "0 %"], [2, "50 %"], [10, "90 %"], [100, "99 %"], [1000, "99.9 %"], [10000, "99.99 %"], [
      100000,
      "99.999 %",
    ]].filter(([inv]) => Math.log10(inv as number) <= maxX + 1e-9);
    const p999 = h.percentile(99.9);
    return html`
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="lateness by percentile, log scale"
        data-testid="${id}-percentile-plot">
            ${ticks.map(([inv, label]) =>
              svg`
                <line class="grid" x1=${x(inv as number)} x2=${x(inv as number)} y1=${PAD_T} y2=${PAD_T + IH}></line>
                <text x=${x(inv as number)} y=${H - 10} text-anchor="middle">${label}</text>
              `
            )}
            ${[lo, (lo + hi) / 2, hi].map((v) =>
              svg`
                <line class="grid" x1=${PAD_L} x2=${PAD_L + IW} y1=${y(v)} y2=${y(v)}></line>
                <text x=${PAD_L - 6} y=${y(v) + 4} text-anchor="end">${duration(BigInt(Math.round(v)))}</text>
              `
            )}
            <path class="line" d=${d}></path>
            <circle class="dot" cx=${x(1000)} cy=${y(Number(p999))} r="3.5"><title>P99.9 = ${p999} ns</title></circle>
          </svg>
    `;
  }
}

customElements.define("cm-page-jitter", CmPageJitter);
