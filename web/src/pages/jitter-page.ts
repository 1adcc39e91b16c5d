// Page "Jitter lab": runs the timer probe live for each timer API and interval (with progress and a
// Stop button: an AbortSignal into measureTimerJitter), keeps the runs, overlays their percentile
// curves on one plot (HdrHistogram's plotter: x = 1/(1 − p) on a log scale), lets the keyboard pick
// a run (a radio group) whose histogram is drawn, explains each timer API, and shows any pasted
// HdrHistogram base64.
import { css, html, LitElement, nothing, svg } from "lit";
import {
  availableTimerApis,
  bestClock,
  LatencyHistogram,
  measureTimerJitter,
  type ProbeClock,
  type TimerApi,
  type TimerJitterSummary,
} from "../../../src/mod.ts";
import { type ErrorInfo, errorInfo } from "../format.ts";
import { clipMessage, fieldErrorStyles, fieldMessage, parseCount, parseDuration } from "../field-error.ts";
import { shared } from "../styles.ts";
import { percentileGrid, PercentilePlot } from "./jitter-plot.ts";
import { colorOf, dashOf } from "../chart/palette.ts";

const H = 220, PAD_L = 56, PAD_R = 26, PAD_T = 10, PAD_B = 28;
const SHOWN_PERCENTILES = [50, 90, 99, 99.9, 99.99, 100] as const;
/** Runs kept (the oldest is dropped, and its histogram freed, past this). */
export const MAX_RUNS = 12;
/** Largest pasted text read (a compressed histogram of a day's latencies is a few KB). */
const PASTE_MAX_CHARS = 1_000_000;
const MAX_INTERVAL_NS = 60_000_000_000n;

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

/** What each timer API does, and so what its numbers mean. */
const API_NOTES: Readonly<Record<TimerApi, string>> = {
  setTimeout: "A chain of one-shot timers: each firing re-arms from when its callback ran, so lateness does not " +
    "accumulate; each wait is at least the delay. Browsers clamp the delay to at least 4 ms once timeouts nest " +
    "5 deep (the HTML standard), so 1 ms asks for 1 ms and gets about 4 ms after the fifth firing; background " +
    "tabs are throttled to 1 s or more.",
  setInterval: "One periodic timer: firing k is measured against start + k × interval, so any drift adds up " +
    "in the numbers. Chromium keeps the grid (drift-free) but skips a missed beat, so one stall shifts every " +
    "later firing by a whole interval; the 4 ms nesting clamp also applies, so a 1 ms interval becomes 4 ms and " +
    "lateness grows by about 3 ms per firing. Node.js re-arms from the time the callback ran, so there every bit " +
    "of lateness accumulates.",
  setImmediate: "Node.js, Deno and Bun only (no browser has it): runs the callback after the current I/O phase, " +
    "with no delay, so the interval must be 0 and lateness is one turn of the event loop.",
  postTask: "The Prioritized Task Scheduling API (scheduler.postTask, with a delay option): a delayed task has " +
    "no nesting clamp, so 0 ms really means the next task; its timing otherwise follows setTimeout's timers.",
  requestAnimationFrame: "Fires once per display frame, before paint: the interval is the frame period you " +
    "expect (16.667 ms at 60 Hz) and lateness is frame-to-frame time minus it, so a dropped frame shows as one " +
    "extra period. Paused in background tabs.",
};

/** Firings by decade-sub-bin of |lateness| (key: floor(10 · log10 |ns|)), late and early apart. */
type Bins = Map<number, { late: number; early: number }>;
const BINS_PER_DECADE = 10;

/** Main-thread time one slice of binning may take before it yields, ms. */
const SLICE_MS = 25;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Bins of (value ns, count) pairs, yielding to the event loop every SLICE_MS (a 1e6-sample run stays responsive). */
async function binsOf(items: Iterable<readonly [number, number]>): Promise<Bins> {
  const bins: Bins = new Map();
  let t = performance.now(), n = 0;
  for (const [ns, count] of items) {
    const k = Math.floor(Math.log10(Math.max(Math.abs(ns), 1)) * BINS_PER_DECADE);
    let e = bins.get(k);
    if (e === undefined) bins.set(k, e = { late: 0, early: 0 });
    if (ns < 0) e.early += count;
    else e.late += count;
    if ((++n & 1023) === 0 && performance.now() - t > SLICE_MS) {
      await pause();
      t = performance.now();
    }
  }
  return bins;
}

function* valuesOf(a: BigInt64Array): Generator<readonly [number, number]> {
  for (let i = 0; i < a.length; i++) yield [Number(a[i]), 1];
}
function* bucketsOf(h: LatencyHistogram): Generator<readonly [number, number]> {
  for (const b of h.buckets()) yield [Number(b.fromNs + b.toNs) / 2, Number(b.count)];
}

interface Run {
  id: number;
  summary: TimerJitterSummary;
  histogram: LatencyHistogram;
  bins: Bins;
  clock: string;
  /** Value at each point of percentileGrid(), ns (undefined past the run's sample count). */
  curve: (bigint | undefined)[];
}

/** A probe clock that counts its reads: the probe reads once or twice per firing, which gives progress. */
function countingClock(): { clock: ProbeClock; reads: () => number } {
  const base = bestClock();
  let n = 0;
  return {
    clock: {
      now: () => {
        n++;
        return base.now();
      },
      source: base.source,
    },
    reads: () => n,
  };
}

type FieldName = "interval" | "samples" | "threshold";

export class CmPageJitter extends LitElement {
  static styles = [
    shared,
    fieldErrorStyles,
    css`
      form.controls {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 10rem), 1fr));
        gap: 0.6rem 0.9rem;
        align-items: start;
        margin-bottom: 0.75rem;
      }
      .field label,
      legend {
        font-weight: 600;
      }
      /* body-size text: as tall as the text fields beside it */
      .field select {
        width: 100%;
        padding: 0.35rem 0.4rem;
        font-size: 1rem;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        align-self: end;
        flex-wrap: wrap;
      }
      .progress {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        font-size: 0.875rem;
        margin: 0 0 0.75rem;
      }
      progress {
        flex: 1 1 10rem;
        min-width: 0;
        accent-color: var(--cm-accent);
      }
      .api-note {
        border-left: 3px solid var(--cm-accent);
        padding: 0.35rem 0.75rem;
        background: var(--cm-accent-soft);
        border-radius: 0 6px 6px 0;
        font-size: 0.875rem;
        margin: 0 0 0.75rem;
      }
      details.apis dt {
        font-weight: 600;
        font-family: var(--cm-mono);
        font-size: 0.875rem;
        margin-top: 0.5rem;
      }
      details.apis dd {
        margin: 0.1rem 0 0 1rem;
        font-size: 0.875rem;
      }
      details.apis summary {
        cursor: pointer;
        font-size: 0.9rem;
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
      fieldset.runs {
        margin-bottom: 0.75rem;
      }
      fieldset.runs label {
        white-space: nowrap;
      }
      .swatch {
        width: 1.4rem;
        height: 0.6rem;
      }
      .charts {
        display: grid;
        gap: 1rem;
        min-width: 0;
      }
      .chart-box {
        min-width: 0;
      }
      svg.hist {
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
    progress: { state: true },
    runs: { state: true },
    plotted: { state: true },
    finishing: { state: true },
    selected: { state: true },
    error: { state: true },
    pasted: { state: true },
    pasteError: { state: true },
    note: { state: true },
    width: { state: true },
  };

  // declared, not initialised as fields: Lit's reactive accessors must not be shadowed
  declare api: TimerApi;
  declare intervalMs: string;
  declare samples: string;
  declare thresholdMs: string;
  declare running: boolean;
  declare progress: { done: number; total: number };
  declare runs: Run[];
  /** The runs the percentile plot shows: `runs`, one task later (the table and the plot draw in separate tasks). */
  declare plotted: Run[];
  /** True once the firings are in while the run is binned and drawn: nothing left that Stop could stop. */
  declare finishing: boolean;
  /** id of the selected run (0: none). */
  declare selected: number;
  declare error: ErrorInfo | undefined;
  declare note: string;
  declare pasted: LatencyHistogram | undefined;
  declare pasteError: string | undefined;
  declare width: number;
  /** True while a finished run's plot is drawn: its histogram waits for the next task. */
  #histogramLater = false;
  #apis = availableTimerApis();
  #next = 1;
  #abort: AbortController | undefined;
  #resize = new ResizeObserver((entries) => {
    const w = Math.round(entries[0]?.contentRect.width ?? 0);
    if (w > 0 && Math.abs(w - this.width) > 4) this.width = w;
  });

  constructor() {
    super();
    this.api = "setTimeout";
    this.intervalMs = "1";
    this.samples = "200";
    this.thresholdMs = "1";
    this.running = false;
    this.progress = { done: 0, total: 0 };
    this.runs = [];
    this.plotted = [];
    this.finishing = false;
    this.selected = 0;
    this.error = undefined;
    this.note = "";
    this.pasted = undefined;
    this.pasteError = undefined;
    this.width = 720;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }
  disconnectedCallback(): void {
    this.#resize.disconnect();
    this.#abort?.abort();
    super.disconnectedCallback();
  }

  /** The form's values, or a message per bad field (checked before any BigInt conversion). */
  #fields() {
    const interval = parseDuration(this.intervalMs, {
      what: "Interval",
      unit: "ms",
      maxNs: MAX_INTERVAL_NS,
    });
    const samples = parseCount(this.samples, {
      what: "Samples",
      min: 1,
      max: 1_000_000,
    });
    const threshold = parseDuration(this.thresholdMs, {
      what: "Late threshold",
      unit: "ms",
    });
    const errors: Partial<Record<FieldName, string>> = {};
    if (!interval.ok) errors.interval = interval.message;
    else if (this.api === "setImmediate" && interval.value !== 0n) {
      errors.interval = "setImmediate takes no delay: set the interval to 0";
    }
    if (!samples.ok) errors.samples = samples.message;
    if (!threshold.ok) errors.threshold = threshold.message;
    return {
      errors,
      intervalNs: interval.ok ? interval.value! : 0n,
      samples: samples.ok ? samples.value! : 0,
      thresholdNs: threshold.ok ? threshold.value! : 0n,
    };
  }

  #runButton(): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(
      '[data-testid="run"]',
    );
  }

  async #run(): Promise<void> {
    if (this.running) return;
    this.error = undefined;
    this.note = "";
    const f = this.#fields();
    const bad = (Object.keys(f.errors) as FieldName[])[0];
    if (bad) {
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#jl-${bad}`)?.focus();
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    const counter = countingClock();
    const perSample = this.api === "setInterval" || this.api === "requestAnimationFrame" ? 1 : 2;
    this.progress = { done: 0, total: f.samples };
    this.running = true;
    let poll: ReturnType<typeof setInterval> | undefined;
    try {
      const pending = measureTimerJitter({
        api: this.api,
        intervalNs: f.intervalNs,
        samples: f.samples,
        thresholdNs: f.thresholdNs,
        clock: counter.clock,
        signal: abort.signal,
      });
      // The clock-resolution reads happen before measureTimerJitter returns; the timing starts a task later
      // with one read that is no firing's end (setInterval's start, the first frame, the first arm).
      const base = counter.reads() + 1;
      const tick = () => {
        const done = Math.min(
          f.samples,
          Math.max(0, Math.floor((counter.reads() - base + perSample - 1) / perSample)),
        );
        if (done !== this.progress.done) {
          this.progress = { done, total: f.samples };
        }
      };
      poll = setInterval(tick, 250);
      const r = await pending;
      if (r.status !== "ok") {
        this.note = r.message;
        return;
      }
      this.finishing = true; // the run is complete and kept: Stop is disabled, not silently ignored
      // From here on, each step in a task of its own: the binning (sliced) and the percentile curve, the table,
      // the plot, the selected run's histogram; no main-thread block holds them all.
      await pause();
      const grid = percentileGrid(r.summary.samples);
      const bins = await binsOf(valuesOf(r.latenessNs));
      const run: Run = {
        id: this.#next++,
        summary: r.summary,
        histogram: r.histogram,
        bins,
        clock: `${r.clock.source}, ${duration(r.clock.resolutionNs ?? 0n)}`,
        curve: grid.map((
          g,
        ) => (g.inside ? r.histogram.percentile(g.percentile) : undefined)),
      };
      await pause();
      const kept = [...this.runs, run];
      while (kept.length > MAX_RUNS) kept.shift()!.histogram.dispose();
      this.progress = { done: f.samples, total: f.samples };
      this.runs = kept;
      await this.updateComplete;
      await pause();
      // the plot with the new run selected; the selected run's histogram one task later
      this.#histogramLater = true;
      this.plotted = kept;
      this.selected = run.id;
      await this.updateComplete;
      await pause();
      this.#histogramLater = false;
      this.requestUpdate();
    } catch (e) {
      if (abort.signal.aborted) {
        this.note = `Stopped after ${this.progress.done.toLocaleString("en")} of ${
          f.samples.toLocaleString("en")
        } firings; a stopped run is not kept.`;
      } else this.error = errorInfo(e);
    } finally {
      clearInterval(poll);
      this.#abort = undefined;
      this.#histogramLater = false;
      this.finishing = false;
      this.running = false;
      // Keep the keyboard on Run: Stop (now disabled) or a lost focus hands it back.
      const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
      if (
        active === null || (active as HTMLElement).dataset?.testid === "stop"
      ) {
        await this.updateComplete;
        this.#runButton()?.focus();
      }
    }
  }

  #stop(): void {
    this.#abort?.abort(new DOMException("Stopped by the user", "AbortError"));
  }

  async #paste(): Promise<void> {
    const text = (this.renderRoot.querySelector("textarea") as HTMLTextAreaElement).value;
    this.pasted?.dispose();
    this.pasted = undefined;
    this.pasteError = undefined;
    if (text.trim() === "") {
      this.pasteError = "Paste a base64 histogram first (it starts with HISTFAAA).";
      return;
    }
    if (text.length > PASTE_MAX_CHARS) {
      this.pasteError = `Too long to be a histogram: ${text.length.toLocaleString("en")} characters (at most ${
        PASTE_MAX_CHARS.toLocaleString("en")
      }).`;
      return;
    }
    try {
      const h = LatencyHistogram.decode(text.trim());
      this.#pastedBins = await binsOf(bucketsOf(h));
      this.pasted = h;
    } catch (e) {
      const info = errorInfo(e);
      this.pasteError = `Not a histogram this page can read (${info.code}): ${clipMessage(info.message, 200)}`;
    }
  }

  #field(
    name: FieldName,
    label: string,
    value: string,
    set: (v: string) => void,
    message: string | undefined,
  ) {
    return html`
      <div class="field">
        <label for="jl-${name}">${label}</label>
        <input type="text" id="jl-${name}" data-testid=${name} inputmode="decimal" autocomplete="off"
          spellcheck="false" .value=${value} aria-invalid=${message ? "true" : "false"}
          aria-describedby="jl-${name}-msg" @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />
        ${fieldMessage(`jl-${name}-msg`, message)}
      </div>
    `;
  }

  render() {
    const f = this.#fields();
    // Untouched defaults are valid; a field shows its message once it is bad.
    const errs = f.errors;
    const shown = this.#histogramLater ? undefined : this.runs.find((r) => r.id === this.selected);
    const pct = this.progress.total > 0 ? Math.round((100 * this.progress.done) / this.progress.total) : 0;
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="jl-h">
          <h2 id="jl-h">Jitter lab</h2>
          <p data-part="start-here"><strong>Start here:</strong> pick a timer API and press <em>Run</em>; each run
            is added to the percentile plot below, so you can compare APIs and intervals.</p>
          <p class="muted small">Each run schedules the timer <em>samples</em> times and measures how late each
            firing is against <code>performance.now()</code> (its resolution is shown: browsers coarsen it, Chromium
            to 100 µs, or 5 µs on a cross-origin-isolated page). Negative lateness is a timer that fired early.</p>
          <form class="controls" @submit=${(e: Event) => {
            e.preventDefault();
            void this.#run();
          }}>
            <div class="field">
              <label for="jl-api">Timer API</label>
              <select id="jl-api" data-testid="api" @change=${(e: Event) => {
                this.api = (e.target as HTMLSelectElement).value as TimerApi;
                if (this.api === "setImmediate") this.intervalMs = "0";
                if (
                  this.api === "requestAnimationFrame" &&
                  this.intervalMs === "1"
                ) this.intervalMs = "16.667";
              }}>
                ${this.#apis.map((a) => html`<option ?selected=${a === this.api}>${a}</option>`)}
              </select>
            </div>
            ${this.#field(
              "interval",
              "Interval, ms",
              this.intervalMs,
              (v) => (this.intervalMs = v),
              errs.interval,
            )}
            ${this.#field(
              "samples",
              "Samples",
              this.samples,
              (v) => (this.samples = v),
              errs.samples,
            )}
            ${this.#field(
              "threshold",
              "Late if over, ms",
              this.thresholdMs,
              (v) => (this.thresholdMs = v),
              errs.threshold,
            )}
            <div class="buttons">
              <button class="primary" type="submit" data-testid="run" aria-disabled=${this
                  .running
                ? "true"
                : "false"}
                aria-describedby="jl-progress-text">Run</button>
              <button type="button" data-testid="stop" ?disabled=${!this
                .running || this.finishing} @click=${() => this.#stop()}>Stop</button>
            </div>
          </form>
          <p class="api-note" data-testid="api-note"><strong>${this
            .api}:</strong> ${API_NOTES[this.api]}</p>
          <div class="progress" ?hidden=${this.progress.total === 0}>
            <progress data-testid="progress" max=${this.progress
              .total} .value=${this.progress.done}
              aria-label="Firings measured"></progress>
            <span id="jl-progress-text" data-testid="progress-text" role="status">${this
                .running
              ? `Running: ${this.progress.done.toLocaleString("en")} of ${
                this.progress.total.toLocaleString("en")
              } firings (${pct} %)`
              : this.progress.total > 0
              ? "Done."
              : ""}</span>
          </div>
          ${this.error
            ? html`<p class="error-text" role="alert">${this.error.code}: ${clipMessage(this.error.message)}</p>`
            : nothing}
          ${this.note ? html`<p class="warn" role="status" data-testid="note">${this.note}</p>` : nothing}
          ${this.#runsTable()}
          <details class="apis">
            <summary>How each timer API behaves</summary>
            <dl>${Object.entries(API_NOTES).map(([a, t]) =>
              html`
                <dt>${a}</dt>
                <dd>${t}</dd>
              `
            )}</dl>
          </details>
        </section>
        <section class="card charts" aria-labelledby="jl-plot-h">
          <h3 id="jl-plot-h">Lateness by percentile, every run</h3>
          <p class="muted small">HdrHistogram's percentile plot: the x axis is 1/(1 − p) on a log scale, so 90 %,
            99 %, 99.9 % … are evenly spaced and the tail has room. A curve ends where its run has fewer than one
            firing left in the tail.${this.runs.length ? "" : " Your runs will appear here."}</p>
          ${this.runs.length ? this.#runPicker() : nothing}
          ${this.#percentilePlot()}
          ${shown
            ? html`
              <h3 id="jl-run">Run ${shown.id}: ${shown.summary.api}, ${duration(shown.summary.intervalNs)}, ${shown
                .summary.samples} firings</h3>${this.#histogramChart(shown.bins, shown.histogram.count, "run")}
            `
            : nothing}
        </section>
        <section class="card" aria-labelledby="jl-paste">
          <h3 id="jl-paste">View an HdrHistogram</h3>
          <p class="muted small">Paste a compressed base64 histogram (<code>HISTFAAA…</code>) written by HdrHistogram
            (Java, C, Go, hdr-histogram-js) or by <code>LatencyHistogram.encode()</code>; values are taken as ns.</p>
          <textarea id="jl-paste-text" data-testid="paste" aria-label="HdrHistogram base64" spellcheck="false"
            aria-invalid=${this.pasteError ? "true" : "false"} aria-describedby="jl-paste-msg"></textarea>
          ${fieldMessage("jl-paste-msg", this.pasteError)}
          <div class="buttons"><button data-testid="view-pasted" @click=${() => this.#paste()}>View</button></div>
          ${this.pasted
            ? html`
              <div class="scroll">${this.#percentileTable(this.pasted)}</div>
              <div class="charts">${this.pasted.count === 0n
                ? html`<p class="muted">Empty histogram.</p>`
                : html`${this.#histogramChart(this.#pastedBins, this.pasted.count, "pasted")}${
                  this.#pastedPlot(this.pasted)
                }`}</div>
            `
            : nothing}
        </section>
      </div>
    `;
  }

  #runPicker() {
    const dark = globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
    return html`
      <fieldset class="runs" data-testid="run-picker">
        <legend>Run shown in bold and below (arrow keys move)</legend>
        ${this.runs.map((r) =>
          html`<label><input type="radio" name="jl-run" value=${r.id} data-testid="pick-run-${r.id}"
            .checked=${r.id === this.selected} @change=${() => (this.selected = r.id)} /><svg class="swatch"
            viewBox="0 0 22 8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke=${
            colorOf(
              r.id - 1,
              dark,
            )
          } stroke-width="2.5" stroke-dasharray=${dashOf(r.id - 1).join(" ")}></line></svg>#${r.id} ${r.summary.api} ${
            duration(r.summary.intervalNs)
          }</label>`
        )}
      </fieldset>
    `;
  }

  /** The last plot, reused while its runs and selection are the same (re-renders during a run redraw nothing). */
  #plotCache: { runs: Run[]; selected: number; plot: unknown } | undefined;
  #pastedCache: { h: LatencyHistogram; plot: unknown } | undefined;
  #pastedBins: Bins = new Map();
  #histCache = new WeakMap<Bins, { width: number; chart: unknown }>();

  #percentilePlot() {
    const c = this.#plotCache;
    const runs = this.plotted;
    if (c && c.runs === runs && c.selected === this.selected) return c.plot;
    const grid = percentileGrid(Math.max(0, ...runs.map((r) => r.summary.samples)));
    const plot = html`<div class="chart-box">${
      PercentilePlot({
        testid: "jitter-percentile-chart",
        label: `Lateness by percentile, ${runs.length} run${runs.length === 1 ? "" : "s"}`,
        grid,
        series: runs.map((r) => ({
          label: `#${r.id} ${r.summary.api} ${duration(r.summary.intervalNs)}`,
          values: r.curve,
          selected: r.id === this.selected,
          color: r.id - 1,
        })),
      })
    }</div>`;
    this.#plotCache = { runs, selected: this.selected, plot };
    return plot;
  }

  #pastedPlot(h: LatencyHistogram) {
    if (this.#pastedCache?.h === h) return this.#pastedCache.plot;
    const grid = percentileGrid(Number(h.count));
    const plot = html`<div class="chart-box">${
      PercentilePlot({
        testid: "jitter-pasted-chart",
        label: "Lateness by percentile of the pasted histogram",
        grid,
        series: [{
          label: "pasted",
          values: grid.map((g) => (g.inside ? h.percentile(g.percentile) : undefined)),
          color: 0,
        }],
      })
    }</div>`;
    this.#pastedCache = { h, plot };
    return plot;
  }

  #runsTable() {
    if (this.runs.length === 0) {
      return html`<p class="muted small" data-testid="no-runs">No runs yet.</p>`;
    }
    return html`
      <div class="scroll">
        <table data-testid="runs">
          <caption
            class="visually-hidden">Runs (select one with the run picker below)</caption>
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
          <tbody>${this.runs.map((r) =>
            html`<tr class=${r.id === this.selected ? "selected" : ""} @click=${() => (this.selected = r.id)}>
        <td>${r.id}</td><td>${r.summary.api}</td><td class="num">${
              duration(r.summary.intervalNs)
            }</td><td class="num">${r.summary.samples}</td>
        ${
              [
                r.summary.p50Ns,
                r.summary.p99Ns,
                r.summary.p999Ns,
                r.summary.maxNs,
              ].map((v) => html`<td class="num" title="${v} ns" data-ns=${String(v)}>${duration(v)}</td>`)
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
          <tr><td class="num" data-value=${String(h.count)}>${h
            .count}</td>${SHOWN_PERCENTILES.map((p) => {
              const v = h.count > 0n ? h.percentile(p) : 0n;
              return html`<td class="num" data-ns=${String(v)} title="${v} ns">${duration(v)}</td>`;
            })}</tr>
        </tbody>
      </table>
    `;
  }

  /** Counts by decade-sub-bin of |lateness| (x: log10 µs), early firings drawn below the axis. */
  #histogramChart(bins: Bins, count: bigint, id: string) {
    if (count === 0n) return html`<p class="muted">Empty histogram.</p>`;
    const c = this.#histCache.get(bins);
    if (c && c.width === this.width) return c.chart;
    const W = Math.max(280, Math.min(this.width, 1100));
    const IW = W - PAD_L - PAD_R, IH = H - PAD_T - PAD_B;
    const ks = [...bins.keys()];
    const k0 = Math.min(...ks), k1 = Math.max(...ks) + 1;
    const peak = Math.max(
      ...[...bins.values()].map((e) => Math.max(e.late, e.early)),
    );
    const anyEarly = [...bins.values()].some((e) => e.early > 0);
    const x = (k: number) => PAD_L + ((k - k0) / Math.max(k1 - k0, 1)) * IW;
    const base = anyEarly ? PAD_T + IH / 2 : PAD_T + IH;
    const scale = (anyEarly ? IH / 2 : IH) / peak;
    const decades = [];
    for (
      let d = Math.ceil(k0 / BINS_PER_DECADE);
      d * BINS_PER_DECADE <= k1;
      d++
    ) decades.push(d);
    // a label every `every` decades, so that labels stay ≥ 64 px apart
    const every = Math.max(1, Math.ceil(64 / ((IW * BINS_PER_DECADE) / Math.max(k1 - k0, 1))));
    const chart = html`
      <svg class="hist" viewBox="0 0 ${W} ${H}" role="img"
        data-testid="${id}-histogram"
        aria-label="Histogram of |lateness| on a log scale, ${count} firings">
        ${decades.map((d) =>
          svg`
            <line class="grid" x1=${x(d * BINS_PER_DECADE)} x2=${x(
              d * BINS_PER_DECADE,
            )} y1=${PAD_T}
              y2=${PAD_T +
                IH}></line>
            ${d % every === 0
              ? svg`<text x=${x(d * BINS_PER_DECADE)} y=${H - 10} text-anchor="middle">${
                duration(10n ** BigInt(d))
              }</text>`
              : nothing}
          `
        )}
        <text x=${PAD_L - 6} y=${PAD_T + 10} text-anchor="end">${peak}</text>
        ${anyEarly ? svg`<text x=${PAD_L - 6} y=${base + 4} text-anchor="end">late ↑ early ↓</text>` : nothing}
        ${[...bins.entries()].map(([k, e]) =>
          svg`
            <rect class="bar" x=${x(k)} width=${Math.max(
              IW / (k1 - k0) - 1,
              1,
            )} y=${base -
              e.late * scale}
              height=${e.late * scale}></rect>
            ${e.early
              ? svg`
                <rect class="early" x=${x(k)} width=${Math.max(
                  IW / (k1 - k0) - 1,
                  1,
                )} y=${base}
                  height=${e.early * scale}></rect>
              `
              : nothing}
          `
        )}
      </svg>
      <p
        class="muted small">Firings by |lateness| (log scale); bars below the axis fired early.</p>
    `;
    this.#histCache.set(bins, { width: this.width, chart });
    return chart;
  }
}

customElements.define("cm-page-jitter", CmPageJitter);
