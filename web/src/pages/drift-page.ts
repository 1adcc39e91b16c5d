// Page "Clock drift": drop a chrony / ntpd log (or pick a sample, or generate a synthetic clock), see its
// offsets with chrony's fitted line and skew band, the residuals, and a log–log stability plot of every
// Allan kind (zoomable <cm-chart>s with exact readouts); a live panel watches this browser's Date.now()
// against performance.now() and flags jumps (sleep and resume, a clock being set). Parsing, fitting and
// the Allan deviations run in a worker (drift-worker.ts): a million synthetic samples never block the page.
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import {
  ALLAN_KINDS,
  type AllanKind,
  type ClockJump,
  detectClockJumps,
  DRIFT_LOG_FORMATS,
  type DriftLogFormat,
} from "../../../src/mod.ts";
import * as samples from "../../../test/data/drift/samples.ts";
import "../chart/cm-chart.ts";
import type { ChartSeries } from "../chart/cm-chart.ts";
import { shared } from "../styles.ts";
import { DEFAULT_SYNTH, MAX_SYNTH_SAMPLES, readSynthField, type Synth, SYNTH_FIELDS } from "./drift-synth.ts";
import type { DriftJob, DriftResult } from "./drift-worker.ts";

const SAMPLE_LOGS: readonly [string, string][] = [
  ["chrony measurements.log", samples.CHRONY_MEASUREMENTS],
  ["chrony statistics.log", samples.CHRONY_STATISTICS],
  ["chrony tracking.log", samples.CHRONY_TRACKING],
  ["ntpd peerstats", samples.NTPD_PEERSTATS],
  ["ntpd loopstats", samples.NTPD_LOOPSTATS],
  ["ntpd rawstats", samples.NTPD_RAWSTATS],
];
/** Largest log file the page reads: 32 MiB (about 400 000 lines). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const SHOW = 600;
const MAX_ECHO = 40;
const LIVE_MS = 250;
const LIVE_PPM = 10_000; // 1 %: above the ±4000 ppm a 1 ms quantum makes of one 250 ms interval

/** Palette index per Allan kind, and one line on what each measures. */
const KIND_COLOR: Record<AllanKind, number> = { adev: 0, oadev: 1, mdev: 2, tdev: 3, hdev: 6, ohdev: 7 };
const KIND_ABOUT: Record<AllanKind, string> = {
  adev: "Allan deviation: the classic two-sample frequency stability, non-overlapping (few terms at long τ).",
  oadev: "overlapping ADEV: the same statistic using every start point, so far better confidence.",
  mdev: "modified ADEV: averages phase before differencing, telling white from flicker phase noise.",
  tdev: "time deviation: MDEV × τ/√3, in time units: how far the clock's time wanders over τ (its own plot).",
  hdev: "Hadamard deviation: three-sample, insensitive to a constant frequency drift (ageing).",
  ohdev: "overlapping HDEV: Hadamard with every start point.",
};

/** Unix ns as "2026-11-20T12:00:00.123456789Z" (exact to the ns). */
function isoNs(unixNs: bigint): string {
  const S = 1_000_000_000n;
  const sec = unixNs / S - (unixNs % S < 0n ? 1n : 0n);
  const frac = unixNs - sec * S;
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${frac.toString().padStart(9, "0")}Z`;
}
/** ns as a short label in ns / µs / ms / s. */
export function nsLabel(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(4)} s`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(4)} ms`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(4)} µs`;
  return `${+v.toPrecision(4)} ns`;
}
function durLabel(sec: number): string {
  if (sec >= 86400) return `${+(sec / 86400).toFixed(1)} d`;
  if (sec >= 3600) return `${+(sec / 3600).toFixed(1)} h`;
  if (sec >= 60) return `${+(sec / 60).toFixed(1)} min`;
  return `${+sec.toPrecision(3)} s`;
}
function echo(s: string): string {
  return s.length > MAX_ECHO ? `${s.slice(0, MAX_ECHO)}…` : s;
}
/** Exact ns text with a real minus sign. */
function nsText(v: bigint): string {
  return `${v < 0n ? "−" : ""}${v < 0n ? -v : v} ns`;
}

export class CmPageDrift extends LitElement {
  static properties = {
    source: { state: true },
    format: { state: true },
    logSource: { state: true },
    synth: { state: true },
    synthText: { state: true },
    synthErrors: { state: true },
    text: { state: true },
    fileName: { state: true },
    fileError: { state: true },
    kinds: { state: true },
    result: { state: true },
    busy: { state: true },
    live: { state: true },
    liveJumps: { state: true },
    liveInfo: { state: true },
  };
  static styles = [
    shared,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.25rem;
        align-items: start;
      }
      .field input[type="text"] {
        width: 8.5rem;
      }
      .file-field input {
        max-width: 100%;
      }
      select {
        max-width: 100%;
      }
      .drop {
        border: 2px dashed var(--cm-border);
        border-radius: 8px;
        padding: 0.8rem;
        text-align: center;
        font-size: 0.9rem;
        margin-top: 0.75rem;
      }
      .drop.over {
        border-color: var(--cm-accent);
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.2rem 1rem;
        margin: 0 0 0.75rem;
        font-size: 0.9rem;
      }
      dt {
        color: var(--cm-muted);
      }
      dd {
        margin: 0;
        font-family: var(--cm-mono);
        overflow-wrap: anywhere;
      }
      .bad-text {
        color: var(--cm-bad);
      }
      ul.jumps,
      ul.bad-lines {
        font-family: var(--cm-mono);
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      ul.about {
        padding-left: 1.1rem;
        margin: 0.25rem 0 0.75rem;
      }
      .start {
        font-weight: 600;
      }
      h3.sub {
        margin-top: 1rem;
      }
    `,
  ];

  declare source: string;
  declare format: "auto" | DriftLogFormat;
  /** The log source whose samples are shown ("" = the one with the most records). */
  declare logSource: string;
  declare synth: Synth;
  declare synthText: Record<keyof Synth, string>;
  declare synthErrors: Partial<Record<keyof Synth, string>>;
  declare text: string;
  declare fileName: string;
  declare fileError: string;
  declare kinds: ReadonlySet<AllanKind>;
  declare result: DriftResult | undefined;
  declare busy: string;
  declare live: boolean;
  declare liveJumps: readonly ClockJump[];
  declare liveInfo: string;
  #pairs: { monotonicNs: bigint; wallNs: bigint }[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #worker: Worker | undefined;
  #jobId = 0;
  #jobStart = 0;
  /** What the running job reads, and what the shown result read. */
  #jobLabel = "";
  #resultLabel = "";

  constructor() {
    super();
    this.source = "sample:0";
    this.format = "auto";
    this.logSource = "";
    this.synth = { ...DEFAULT_SYNTH };
    this.synthText = Object.fromEntries(
      Object.entries(DEFAULT_SYNTH).map(([k, v]) => [k, String(v)]),
    ) as Record<keyof Synth, string>;
    this.synthErrors = {};
    this.text = "";
    this.fileName = "";
    this.fileError = "";
    this.kinds = new Set<AllanKind>(["oadev", "mdev", "hdev"]);
    this.result = undefined;
    this.busy = "";
    this.live = false;
    this.liveJumps = [];
    this.liveInfo = "Not running.";
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#run();
  }
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLive();
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  /** Sends the current data to the worker (cancelling a run still going). */
  #run(): void {
    const id = ++this.#jobId;
    const kinds = ALLAN_KINDS.filter((k) => this.kinds.has(k));
    let job: DriftJob;
    if (this.source === "synthetic") job = { id, kind: "synthetic", synth: this.synth, kinds };
    else {
      const text = this.source === "file" ? this.text : SAMPLE_LOGS[Number(this.source.slice(7))][1];
      job = { id, kind: "log", text, format: this.format, source: this.logSource, kinds };
    }
    if (this.busy && this.#worker) {
      this.#worker.terminate(); // a run still going: drop it
      this.#worker = undefined;
    }
    if (!this.#worker) {
      this.#worker = new Worker(new URL("./drift-worker.ts", import.meta.url), { type: "module" });
      this.#worker.addEventListener("message", (e: MessageEvent<DriftResult>) => void this.#done(e.data));
      this.#worker.addEventListener("error", (e) => {
        this.busy = "";
        this.result = {
          id,
          error: `The worker failed: ${e.message}`,
          count: 0,
          readingNs: new BigInt64Array(0),
          offsetNs: new BigInt64Array(0),
          allan: [],
          ms: 0,
        };
      });
    }
    this.#jobStart = performance.now();
    this.#jobLabel = this.source === "file"
      ? echo(this.fileName)
      : this.source === "synthetic"
      ? "synthetic clock"
      : SAMPLE_LOGS[Number(this.source.slice(7))][0];
    this.busy = job.kind === "synthetic" && this.synth.n > 20_000
      ? `Computing ${this.synth.n.toLocaleString("en-US")} samples in a worker…`
      : "Computing…";
    this.#worker.postMessage(job);
  }

  async #done(r: DriftResult): Promise<void> {
    if (r.id !== this.#jobId) return;
    this.busy = "";
    this.#resultLabel = this.#jobLabel;
    this.result = r;
    this.dispatchEvent(new CustomEvent("drift-done", { detail: { ms: performance.now() - this.#jobStart } }));
    // the estimate and its two charts in this task, the stability charts in the next: two shorter blocks
    await this.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.result !== r) return;
    this.#allanShown = r;
    this.requestUpdate();
  }

  /** A run's wall time (ms) and the result, for tests and figures. */
  get lastResult(): DriftResult | undefined {
    return this.result;
  }

  render() {
    const r = this.result;
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="drift-h">
          <h2 id="drift-h">Clock drift</h2>
          <p class="start" data-part="start-here">Start here: pick a sample log (or drop your own chrony or ntpd log),
            read the fitted frequency, then drag across a chart to zoom and hover it for exact values.</p>
          <p class="small muted">Offsets from a chrony or ntpd log (signs normalised to local − reference), chrony's
            regression (<code>estimateDrift</code>: weighted least squares, runs test, skew at 99.95%) and Allan
            deviations (<code>allanDeviation</code>), all in the WebAssembly core, in a worker.</p>
          <div class="controls">
            <label>Data
              <select data-testid="source" @change=${(e: Event) => {
                this.source = (e.target as HTMLSelectElement).value;
                this.logSource = "";
                this.#run();
              }}>
                ${SAMPLE_LOGS.map(([name], i) =>
                  html`<option value="sample:${i}" ?selected=${this.source === `sample:${i}`}>Sample: ${name}</option>`
                )}
                <option value="synthetic" ?selected=${this.source === "synthetic"}>Synthetic clock</option>
                ${this.fileName
                  ? html`<option value="file" ?selected=${this.source === "file"}>File: ${echo(this.fileName)}</option>`
                  : nothing}
              </select>
            </label>
            <label>Format
              <select data-testid="format" ?disabled=${this.source === "synthetic"} @change=${(e: Event) => {
                this.format = (e.target as HTMLSelectElement).value as "auto" | DriftLogFormat;
                this.#run();
              }}>
                <option value="auto" ?selected=${this.format === "auto"}>Detect automatically</option>
                ${DRIFT_LOG_FORMATS.map((f) => html`<option value=${f} ?selected=${this.format === f}>${f}</option>`)}
              </select>
            </label>
            <div class="file-field field">
              <label for="drift-file">Log file (up to ${MAX_FILE_BYTES / 1024 / 1024} MB)</label>
              <input id="drift-file" type="file" data-testid="file" aria-invalid=${this.fileError ? "true" : "false"}
                aria-describedby=${this.fileError ? "drift-file-error" : nothing} @change=${(e: Event) =>
                  this.#load((e.target as HTMLInputElement).files?.[0])}>
              ${this.fileError
                ? html`<p class="error-text" id="drift-file-error" data-testid="file-error">${this.fileError}</p>`
                : nothing}
            </div>
            ${r?.log && r.log.sources.length > 1
              ? html`<label>Source
              <select data-testid="log-source" @change=${(e: Event) => {
                this.logSource = (e.target as HTMLSelectElement).value;
                this.#run();
              }}>
                ${
                r.log.sources.map((src) =>
                  html`<option value=${src} ?selected=${src === r.log!.source}>${
                    echo(src) || "(system clock)"
                  }</option>`
                )
              }
              </select></label>`
              : nothing}
          </div>
          <div class="drop" data-testid="drop" @dragover=${(e: DragEvent) => {
            e.preventDefault();
            (e.currentTarget as HTMLElement).classList.add("over");
          }}
            @dragleave=${(e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove("over")}
            @drop=${(e: DragEvent) => {
              e.preventDefault();
              (e.currentTarget as HTMLElement).classList.remove("over");
              this.#load(e.dataTransfer?.files?.[0]);
            }}>
            Drop a chrony <code>measurements.log</code> / <code>statistics.log</code> / <code>tracking.log</code>
            or an ntpd <code>peerstats</code> / <code>loopstats</code> / <code>rawstats</code> here.
          </div>
          ${this.source === "synthetic" ? this.#synthControls() : nothing}
          <p class="small" data-testid="busy" role="status" aria-live="polite">${this.busy}</p>
          <p class="small" data-testid="source-info">${this.#info(r)}</p>
          ${r?.log && r.log.badLines.length
            ? html`<ul class="small bad-lines bad-text" data-testid="bad-lines">${
              r.log.badLines.map((b) => html`<li>line ${b.line}: ${echo(b.message)}</li>`)
            }</ul>`
            : nothing}
        </section>
        ${r && !r.error
          ? r.estimate ? this.#estimate(r) : html`
            <section class="card">
              <p data-testid="estimate" class="bad-text">${r.estimateError}</p>
            </section>
          `
          : nothing}
        ${r && !r.error && r.count >= 4 ? this.#allan(r) : nothing}
        ${this.#livePanel()}
      </div>
    `;
  }

  #info(r: DriftResult | undefined) {
    if (!r) return "Reading…";
    if (r.error) return html`<span class="bad-text">${r.error}</span>`;
    const label = this.#resultLabel;
    const took = ` (${r.ms.toFixed(0)} ms in the worker)`;
    if (!r.log) return html`${label}: ${r.count} samples${took}.`;
    const l = r.log;
    const others = l.sources.filter((x) => x !== l.source).map(echo);
    return html`${label}: ${l.format}, ${l.records} records, source ${
      echo(l.source) || "(system clock)"
    } with ${r.count} samples${
      others.length ? ` (other sources: ${others.slice(0, 5).join(", ")})` : ""
    }; ${l.badLineCount} bad lines${took}.`;
  }

  async #load(file: File | undefined): Promise<void> {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.fileError = `“${echo(file.name)}” is ${(file.size / 1024 / 1024).toFixed(1)} MB: the page reads logs up to ${
        MAX_FILE_BYTES / 1024 / 1024
      } MB. Keep its newest lines (e.g. tail -n 200000) and try again.`;
      return;
    }
    this.fileError = "";
    this.text = await file.text();
    this.fileName = file.name;
    this.logSource = "";
    this.source = "file";
    this.#run();
  }

  #synthControls() {
    return html`
      <div class="controls" data-testid="synth" style="margin-top:0.75rem">
            ${SYNTH_FIELDS.map((f) => {
              const err = this.synthErrors[f.key];
              const id = `synth-${f.key}`;
              return html`<div class="field">
          <label for=${id}>${f.label}</label>
          <input id=${id} type="text" inputmode="decimal" data-testid=${id} autocomplete="off" spellcheck="false"
            .value=${this.synthText[f.key]} aria-invalid=${err ? "true" : "false"}
            aria-describedby=${err ? `${id}-error` : nothing}
            @change=${(e: Event) => this.#onSynth(f.key, (e.target as HTMLInputElement).value)}>
          ${err ? html`<p class="error-text" id="${id}-error" data-testid="${id}-error">${err}</p>` : nothing}
        </div>`;
            })}
          </div>
      <p class="small muted">Up to ${MAX_SYNTH_SAMPLES.toLocaleString("en-US")} samples; large runs take a few
            seconds in the worker while the page stays usable.</p>
    `;
  }

  #onSynth(key: keyof Synth, text: string): void {
    this.synthText = { ...this.synthText, [key]: text };
    const r = readSynthField(key, text);
    if ("error" in r) {
      this.synthErrors = { ...this.synthErrors, [key]: r.error };
      return;
    }
    const errors = { ...this.synthErrors };
    delete errors[key];
    this.synthErrors = errors;
    this.synth = { ...this.synth, [key]: r.value };
    if (Object.keys(errors).length === 0) this.#run();
  }

  /**
   * The charts' templates of each result, made once: a render for anything else (the live panel's tick every
   * 250 ms, typing, the busy line) hands the charts the very same data and series, so Lit leaves them alone
   * and no chart redraws.
   */
  readonly #views = new WeakMap<DriftResult, { estimate?: TemplateResult; allan?: TemplateResult }>();
  #viewsOf(r: DriftResult) {
    let v = this.#views.get(r);
    if (!v) this.#views.set(r, v = {});
    return v;
  }

  #estimate(r: DriftResult): TemplateResult {
    const v = this.#viewsOf(r);
    return v.estimate ??= this.#makeEstimate(r);
  }

  #makeEstimate(r: DriftResult): TemplateResult {
    const e = r.estimate!;
    const n = r.readingNs.length;
    const tN = e.readingNs;
    const first = n - e.used;
    const xs = new Float64Array(n), ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = Number(r.readingNs[i] - tN) / 1e9;
      ys[i] = Number(r.offsetNs[i]);
    }
    const f = e.frequencyPpm * 1e-6, k = e.skewPpm * 1e-6, o0 = Number(e.offsetNs);
    const line = (x: number) => o0 + f * x * 1e9;
    // frequency ± skew, pivoting at the newest sample
    const band = (x: number, sgn: number) => o0 + (f - sgn * k) * x * 1e9;
    const inFit = (i: number) => i >= first;
    const col = (fn: (i: number) => number | null) => Array.from({ length: n }, (_, i) => fn(i));
    const offsetSeries: ChartSeries[] = [
      { label: "in the fit", color: 0, points: "filled", exact: (i) => nsText(r.offsetNs[i]) },
      { label: "not in the fit", color: 0, points: "hollow", exact: (i) => nsText(r.offsetNs[i]) },
      { label: "fit", color: 1, dash: false },
      { label: "fit + skew", color: 1 },
      { label: "fit − skew", color: 1 },
    ];
    const offsetData = {
      x: xs,
      y: [
        col((i) => (inFit(i) ? ys[i] : null)),
        col((i) => (inFit(i) ? null : ys[i])),
        col((i) => (inFit(i) ? line(xs[i]) : null)),
        col((i) => (inFit(i) ? band(xs[i], 1) : null)),
        col((i) => (inFit(i) ? band(xs[i], -1) : null)),
      ],
    };
    const resid = col((i) => ys[i] - line(xs[i]));
    const xExact = (i: number) => `${isoNs(r.readingNs[i])} (${durLabel(Math.abs(xs[i]))} before the newest)`;
    const xAxis = { title: "time before the newest sample", unit: "s" };
    return html`
      <section class="card" aria-labelledby="est-h">
        <h3 id="est-h">Frequency and offset (chrony's regression)</h3>
        <dl data-testid="estimate">
          <dt>Frequency</dt>
          <dd data-testid="freq">${e.frequencyPpm.toFixed(4)} ppm (${e.frequencyPpm >= 0 ? "gains" : "loses"} ${nsLabel(
            Math.abs(e.frequencyPpm) * 86400e3,
          )} a day)</dd>
          <dt>Skew (99.95%)</dt>
          <dd data-testid="skew">±${e.skewPpm.toFixed(4)} ppm</dd>
          <dt>Offset at newest</dt>
          <dd data-testid="offset">${nsLabel(o0)} (± ${nsLabel(e.offsetSdNs)})</dd>
          <dt>Residual std dev</dt>
          <dd>${nsLabel(e.residualSdNs)}</dd>
          <dt>Samples</dt>
          <dd
            data-testid="used">${e.used} used, ${e.dropped} dropped by the runs test, ${e
              .runs} sign runs (of ${r.count} in the data; the regression window is the newest 64${r.count > SHOW
              ? `; the charts show the newest ${SHOW}`
              : ""})</dd>
        </dl>
        <cm-chart data-testid="drift-offset-chart" .label=${"Offsets over time with the fitted line and its skew band"}
          .x=${xAxis} .y=${{ title: "offset (local − reference)", unit: "ns" }} .series=${offsetSeries}
          .data=${offsetData} .xExact=${xExact}></cm-chart>
        <h3 class="sub">Residuals of the fit</h3>
        <cm-chart data-testid="drift-resid-chart" .label=${"Residuals of every sample from the fitted line"}
          .x=${xAxis} .y=${{ title: "residual (offset − fit)", unit: "ns" }} .series=${[
            { label: "in the fit", color: 2, points: "filled" },
            { label: "not in the fit", color: 2, points: "hollow" },
          ] satisfies ChartSeries[]} .data=${{
            x: xs,
            y: [col((i) => (inFit(i) ? resid[i] : null)), col((i) => (inFit(i) ? null : resid[i]))],
          }} .xExact=${xExact}></cm-chart>
        <p class="small muted">Filled points are in the final regression; hollow ones are older than the window or were
          cut by the runs test. The dashed lines are the fitted frequency ± skew, pivoting at the newest sample.</p>
      </section>
    `;
  }

  /** The result whose stability charts are drawn: `result`, one task after it arrived (see #done). */
  #allanShown: DriftResult | undefined;
  /** The stability charts last drawn, kept on screen until the new ones are drawn. */
  #allanLast: TemplateResult | undefined;

  #allan(r: DriftResult): TemplateResult {
    let charts: TemplateResult | typeof nothing = this.#allanLast ?? nothing;
    if (this.#allanShown === r) {
      const v = this.#viewsOf(r);
      charts = this.#allanLast = v.allan ??= this.#allanCharts(r);
    }
    return html`
      <section class="card" aria-labelledby="allan-h">
        <h3 id="allan-h">Stability (Allan deviations)</h3>
        <fieldset data-testid="kinds"><legend class="small">Kinds</legend>
          ${ALLAN_KINDS.map((k) =>
            html`<label><input type="checkbox" name=${k} .checked=${this.kinds.has(k)} @change=${(e: Event) =>
              this.#toggleKind(k, (e.target as HTMLInputElement).checked)}>${k}</label>`
          )}
        </fieldset>
        <ul class="about small" data-testid="allan-about">
          ${ALLAN_KINDS.map((k) => html`<li><strong>${k}</strong>: ${KIND_ABOUT[k]}</li>`)}
        </ul>
        ${r.allanError ? html`<p class="bad-text">${echo(r.allanError)}</p>` : nothing}
        <p class="small muted">Offsets as phase at the median sample spacing, octave averaging factors. Both axes are
          logarithmic: a slope of −1 is white phase noise, −½ white frequency noise, 0 flicker, +½ a random walk.</p>
        ${charts}
      </section>
    `;
  }

  /** The stability charts of a result (made once per result, see #views). */
  #allanCharts(r: DriftResult): TemplateResult {
    const freq = r.allan.filter((c) => c.kind !== "tdev");
    const time = r.allan.filter((c) => c.kind === "tdev");
    const chart = (id: string, curves: typeof r.allan, yTitle: string, yUnit: string, label: string) => {
      const taus = [...new Set(curves.flatMap((c) => c.points.filter((p) => p.deviation > 0).map((p) => p.tauNs)))]
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (taus.length === 0) return html`<p class="small muted">No positive deviations to plot.</p>`;
      const x = taus.map((t) => Number(t) / 1e9);
      const at = curves.map((c) => new Map(c.points.filter((p) => p.deviation > 0).map((p) => [p.tauNs, p])));
      const y = at.map((m) => taus.map((t) => m.get(t)?.deviation ?? null));
      const series: ChartSeries[] = curves.map((c, k) => ({
        label: c.kind,
        color: KIND_COLOR[c.kind],
        exact: (i: number) => {
          const p = at[k].get(taus[i]);
          return p
            ? `${p.deviation.toExponential(4).replace("-", "−")}${yUnit === "ns" ? " ns" : ""} (${p.n} terms)`
            : undefined;
        },
      }));
      const xExact = (i: number) => `τ = ${Number(taus[i]) / 1e9} s (${durLabel(Number(taus[i]) / 1e9)})`;
      return html`
        <cm-chart data-testid=${id} .label=${label} .x=${{ title: "averaging time τ", unit: "s", log: true }}
          .y=${{ title: yTitle, unit: yUnit, log: true }} .series=${series} .data=${{ x, y }} .xExact=${xExact}
        ></cm-chart>
      `;
    };
    return html`
      ${freq.length
        ? chart(
          "drift-allan-chart",
          freq,
          "deviation σ(τ), fractional frequency",
          "",
          "Fractional-frequency stability against averaging time, log–log",
        )
        : nothing}
      ${time.length
        ? chart("drift-tdev-chart", time, "time deviation", "ns", "Time deviation against averaging time, log–log")
        : nothing}
    `;
  }

  #toggleKind(k: AllanKind, on: boolean): void {
    const next = new Set(this.kinds);
    if (on) next.add(k);
    else next.delete(k);
    this.kinds = next;
    this.#run();
  }

  // ---- live: Date.now() against performance.now() ----
  #livePanel(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="live-h">
        <h3 id="live-h">This browser's clocks</h3>
        <p class="small muted">Every ${LIVE_MS} ms: <code>Date.now()</code> (the wall clock, which NTP, a person or a
          resume can step) against <code>performance.now()</code> (monotonic). <code>detectClockJumps</code> flags steps
          of wall − monotonic beyond 20 ms, and stretches drifting faster than ${LIVE_PPM / 1e4} %
          (<code>Date.now()</code> counts whole milliseconds, so one interval's rate is only known to ±1 ms / ${LIVE_MS}
          ms; the session's drift outside jumps below is the finer figure).</p>
        <div class="controls"><button class="primary" data-testid="live-toggle" @click=${() => (this.live
          ? this.#stopLive()
          : this.#startLive())}>${this.live ? "Stop" : "Start watching"}</button></div>
        <p class="small" data-testid="live-info" aria-live="polite">${this.liveInfo}</p>
        <ul class="jumps" data-testid="live-jumps">${this.liveJumps.map((j) =>
          html`<li>${new Date(Number(j.wallNs / 1_000_000n)).toISOString()}: wall clock ${
            j.sizeNs > 0n ? "jumped forward" : "stepped back"
          } by ${nsLabel(Math.abs(Number(j.sizeNs)))} (gap ${nsLabel(Number(j.gapNs))} on the monotonic clock)</li>`
        )}</ul>
      </section>
    `;
  }

  #startLive(): void {
    this.#pairs = [];
    this.live = true;
    const tick = () => {
      const mono = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      this.#pairs.push({ monotonicNs: mono, wallNs: BigInt(Date.now()) * 1_000_000n });
      if (this.#pairs.length > 36_000) this.#pairs.splice(0, 6_000);
      if (this.#pairs.length < 2) return;
      const r = detectClockJumps(this.#pairs, { toleranceNs: 20_000_000n, maxDriftPpm: LIVE_PPM });
      const a = this.#pairs[0], b = this.#pairs[this.#pairs.length - 1];
      const span = Number(b.monotonicNs - a.monotonicNs) / 1e9;
      const net = Number((b.wallNs - b.monotonicNs) - (a.wallNs - a.monotonicNs));
      const jumpSum = r.jumps.reduce((acc, j) => acc + Number(j.sizeNs), 0);
      this.liveJumps = r.jumps;
      this.liveInfo = `${this.#pairs.length} readings over ${durLabel(span)}; wall − monotonic moved ${
        nsLabel(net)
      } (${r.jumps.length} jump${r.jumps.length === 1 ? "" : "s"} totalling ${nsLabel(jumpSum)}; drift outside jumps ${
        span > 0 ? (((net - jumpSum) / (span * 1e9)) * 1e6).toFixed(1) : "0"
      } ppm, ${r.stretches.length} fast stretch${r.stretches.length === 1 ? "" : "es"}).`;
    };
    tick();
    this.#timer = setInterval(tick, LIVE_MS);
  }

  #stopLive(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.live = false;
  }
}
customElements.define("cm-page-drift", CmPageDrift);
