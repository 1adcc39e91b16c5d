// Page "Clock drift": drop a chrony / ntpd log (or pick a sample, or generate a synthetic clock),
// see its offsets with chrony's fitted line and skew band, the residuals, and a log–log stability
// plot of every Allan kind; a live panel watches this browser's Date.now() against
// performance.now() and flags jumps (sleep and resume, a clock being set).
import { css, html, LitElement, nothing, svg, type TemplateResult } from "lit";
import {
  ALLAN_KINDS,
  allanDeviation,
  type AllanKind,
  type AllanPoint,
  type ClockJump,
  detectClockJumps,
  type DriftEstimate,
  type DriftSample,
  estimateDrift,
  type ParsedDriftLog,
  parseDriftLog,
} from "../../../src/mod.ts";
import * as samples from "../../../test/data/drift/samples.ts";
import { shared } from "../styles.ts";

const S = 1_000_000_000n;
const SAMPLE_LOGS: readonly [string, string][] = [
  ["chrony measurements.log", samples.CHRONY_MEASUREMENTS],
  ["chrony statistics.log", samples.CHRONY_STATISTICS],
  ["chrony tracking.log", samples.CHRONY_TRACKING],
  ["ntpd peerstats", samples.NTPD_PEERSTATS],
  ["ntpd loopstats", samples.NTPD_LOOPSTATS],
  ["ntpd rawstats", samples.NTPD_RAWSTATS],
];
const KIND_COLORS: Record<AllanKind, string> = {
  adev: "#1f77b4",
  oadev: "#ff7f0e",
  mdev: "#2ca02c",
  tdev: "#9467bd",
  hdev: "#d62728",
  ohdev: "#8c564b",
};
const SHOW = 600;
const LIVE_MS = 250;
const LIVE_PPM = 10_000; // 1 %: above the ±4000 ppm a 1 ms quantum makes of one 250 ms interval
const W = 760, H = 250, PL = 78, PR = 12, PT = 10, PB = 30;

/** Parameters of the synthetic clock. */
export interface Synth {
  n: number;
  intervalS: number;
  offsetUs: number;
  freqPpm: number;
  wanderPpb: number;
  stepUs: number;
  stepAt: number;
  noiseNs: number;
  seed: number;
}
const DEFAULT_SYNTH: Synth = {
  n: 400,
  intervalS: 16,
  offsetUs: 250,
  freqPpm: 12.5,
  wanderPpb: 0.5,
  stepUs: 0,
  stepAt: 300,
  noiseNs: 2000,
  seed: 1,
};

/**
 * Offsets of a synthetic clock (deterministic for a seed): offset + frequency·t, a random walk of
 * the frequency (wander, ppb per sample), a step at sample `stepAt`, white phase noise.
 */
export function synthesize(p: Synth): DriftSample[] {
  let s = p.seed % 2147483646 + 1;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const out: DriftSample[] = [];
  const t0 = 1_795_212_197n * S;
  let x = p.offsetUs * 1e3, y = p.freqPpm * 1e-6;
  for (let i = 0; i < p.n; i++) {
    if (i > 0) {
      y += p.wanderPpb * 1e-9 * g();
      x += y * p.intervalS * 1e9;
    }
    if (i === p.stepAt) x += p.stepUs * 1e3;
    out.push({ readingNs: t0 + BigInt(i * p.intervalS) * S, offsetNs: BigInt(Math.round(x + p.noiseNs * g())) });
  }
  return out;
}

function niceTicks(lo: number, hi: number, count = 4): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
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

interface Series {
  id: string;
  color: string;
  xs: number[];
  ys: number[];
  dots?: boolean;
  faint?: boolean[];
  dash?: string;
}

export class CmPageDrift extends LitElement {
  static properties = {
    source: { state: true },
    logSource: { state: true },
    synth: { state: true },
    text: { state: true },
    fileName: { state: true },
    kinds: { state: true },
    live: { state: true },
    liveJumps: { state: true },
    liveInfo: { state: true },
  };
  static styles = [
    shared,
    css`
      .layout {
        display: grid;
        gap: 1.25rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.25rem;
        align-items: end;
      }
      .controls label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.875rem;
      }
      .controls input[type="number"] {
        width: 7rem;
      }
      .drop {
        border: 2px dashed var(--cm-border);
        border-radius: 8px;
        padding: 0.8rem;
        text-align: center;
        font-size: 0.9rem;
      }
      .drop.over {
        border-color: var(--cm-accent);
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
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
        font-size: 0.9rem;
      }
      dt {
        color: var(--cm-muted);
      }
      dd {
        margin: 0;
        font-family: var(--cm-mono);
      }
      fieldset {
        border: 1px solid var(--cm-border);
        border-radius: 6px;
        padding: 0.3rem 0.6rem;
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.8rem;
      }
      fieldset label {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
        font-size: 0.875rem;
      }
      .swatch {
        display: inline-block;
        width: 0.9rem;
        height: 0.25rem;
        border-radius: 2px;
      }
      .bad {
        color: var(--cm-danger, #b00020);
      }
      ul.jumps {
        font-family: var(--cm-mono);
        font-size: 0.85rem;
      }
    `,
  ];

  declare source: string;
  /** The log source whose samples are shown ("" = the one with the most records). */
  declare logSource: string;
  declare synth: Synth;
  declare text: string;
  declare fileName: string;
  declare kinds: ReadonlySet<AllanKind>;
  declare live: boolean;
  declare liveJumps: readonly ClockJump[];
  declare liveInfo: string;
  #pairs: { monotonicNs: bigint; wallNs: bigint }[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.source = "sample:0";
    this.logSource = "";
    this.synth = { ...DEFAULT_SYNTH };
    this.text = "";
    this.fileName = "";
    this.kinds = new Set<AllanKind>(["oadev", "mdev", "hdev"]);
    this.live = false;
    this.liveJumps = [];
    this.liveInfo = "Not running.";
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLive();
  }

  /** The samples and description of the current source (log or synthetic). */
  #data(): { samples: readonly DriftSample[]; log?: ParsedDriftLog; error?: string; label: string } {
    try {
      if (this.source === "synthetic") return { samples: synthesize(this.synth), label: "synthetic clock" };
      const text = this.source === "file" ? this.text : SAMPLE_LOGS[Number(this.source.slice(7))][1];
      const first = parseDriftLog(text, { strict: false });
      const log = this.logSource && first.sources.includes(this.logSource) && this.logSource !== first.source
        ? parseDriftLog(text, { strict: false, source: this.logSource })
        : first;
      return {
        samples: log.samples,
        log,
        label: this.source === "file" ? this.fileName : SAMPLE_LOGS[Number(this.source.slice(7))][0],
      };
    } catch (e) {
      return { samples: [], error: (e as Error).message, label: this.fileName };
    }
  }

  render() {
    const d = this.#data();
    let est: DriftEstimate | undefined, estError = "";
    try {
      if (d.samples.length >= 3) est = estimateDrift(d.samples);
      else estError = "At least 3 samples are needed.";
    } catch (e) {
      estError = (e as Error).message;
    }
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="drift-h">
          <h2 id="drift-h">Clock drift</h2>
          <p class="small muted">Offsets from a chrony or ntpd log (signs normalised to local − reference), chrony's
            regression (<code>estimateDrift</code>: weighted least squares, runs test, skew at 99.95%) and Allan
            deviations (<code>allanDeviation</code>), all in the WebAssembly core.</p>
          <div class="controls">
            <label>Data
              <select data-testid="source" @change=${(e: Event) => {
                this.source = (e.target as HTMLSelectElement).value;
                this.logSource = "";
              }}>
                ${SAMPLE_LOGS.map(([name], i) =>
                  html`<option value="sample:${i}" ?selected=${this.source === `sample:${i}`}>Sample: ${name}</option>`
                )}
                <option value="synthetic" ?selected=${this.source === "synthetic"}>Synthetic clock</option>
                ${this.fileName
                  ? html`<option value="file" ?selected=${this.source === "file"}>File: ${this.fileName}</option>`
                  : nothing}
              </select>
            </label>
            <label>Log file <input type="file" data-testid="file" @change=${(e: Event) =>
              this.#load((e.target as HTMLInputElement).files?.[0])}></label>
            ${d.log && d.log.sources.length > 1
              ? html`<label>Source
              <select data-testid="log-source" @change=${(
                e: Event,
              ) => (this.logSource = (e.target as HTMLSelectElement).value)}>
                ${
                d.log.sources.map((src) =>
                  html`<option value=${src} ?selected=${src === d.log!.source}>${src || "(system clock)"}</option>`
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
          <p class="small" data-testid="source-info">${d.error
            ? html`<span class="bad">${d.error}</span>`
            : d.log
            ? html`${d.label}: ${d.log.format}, ${d.log.records.length} records, source ${
              d.log.source || "(system clock)"
            } with ${d.samples.length} samples${
              d.log.sources.length > 1
                ? ` (other sources: ${d.log.sources.filter((x) => x !== d.log!.source).join(", ")})`
                : ""
            }; ${d.log.badLineCount} bad lines.`
            : html`${d.label}: ${d.samples.length} samples.`}</p>
          ${d.log && d.log.badLines.length
            ? html`<ul class="small bad" data-testid="bad-lines">${
              d.log.badLines.slice(0, 10).map((b) => html`<li>line ${b.line}: ${b.message}</li>`)
            }</ul>`
            : nothing}
        </section>
        ${est ? this.#estimate(d.samples, est) : html`
          <section class="card">
            <p data-testid="estimate" class="bad">${estError || d.error}</p>
          </section>
        `}
        ${d.samples.length >= 4 ? this.#allan(d.samples) : nothing}
        ${this.#livePanel()}
      </div>
    `;
  }

  async #load(file: File | undefined): Promise<void> {
    if (!file) return;
    this.text = await file.text();
    this.fileName = file.name;
    this.logSource = "";
    this.source = "file";
  }

  #synthControls() {
    const field = (key: keyof Synth, label: string, step = "any") =>
      html`<label>${label}
      <input type="number" step=${step} data-testid="synth-${key}" .value=${String(this.synth[key])}
        @change=${(e: Event) => {
        const v = Number((e.target as HTMLInputElement).value);
        if (Number.isFinite(v)) this.synth = { ...this.synth, [key]: v };
      }}></label>`;
    return html`<div class="controls" data-testid="synth">
      ${field("n", "Samples", "1")} ${field("intervalS", "Interval (s)", "1")} ${field("offsetUs", "Offset (µs)")} ${
      field("freqPpm", "Frequency (ppm)")
    }
      ${field("wanderPpb", "Wander (ppb/sample)")} ${field("stepUs", "Step (µs)")} ${
      field("stepAt", "Step at sample", "1")
    } ${field("noiseNs", "White noise (ns)")} ${field("seed", "Seed", "1")}
    </div>`;
  }

  #estimate(all: readonly DriftSample[], e: DriftEstimate) {
    // a long log plots its newest SHOW samples (the fit uses at most the newest 64 anyway)
    const ss = all.length > SHOW ? all.slice(all.length - SHOW) : all;
    const tN = e.readingNs;
    const first = ss.length - e.used;
    const xs = ss.map((s) => Number(s.readingNs - tN) / 1e9);
    const ys = ss.map((s) => Number(s.offsetNs));
    const f = e.frequencyPpm * 1e-6, k = e.skewPpm * 1e-6, o0 = Number(e.offsetNs);
    const x0 = xs[first], x1 = 0;
    const line = (x: number) => o0 + f * x * 1e9;
    // frequency ± skew, pivoting at the newest sample
    const band = (x: number, sgn: number) => o0 + (f - sgn * k) * x * 1e9;
    const used = ss.map((_, i) => i >= first);
    const resid = ss.map((_, i) => ys[i] - line(xs[i]));
    const series: Series[] = [
      { id: "samples", color: "#1f77b4", xs, ys, dots: true, faint: used.map((u) => !u) },
      { id: "fit", color: "#d62728", xs: [x0, x1], ys: [line(x0), line(x1)] },
      { id: "skew-lo", color: "#d62728", xs: [x0, x1], ys: [band(x0, -1), o0], dash: "4 3" },
      { id: "skew-hi", color: "#d62728", xs: [x0, x1], ys: [band(x0, 1), o0], dash: "4 3" },
    ];
    return html`
      <section class="card" aria-labelledby="est-h">
        <h3 id="est-h">Frequency and offset (chrony's regression)</h3>
        <dl data-testid="estimate">
          <dt>Frequency</dt><dd data-testid="freq">${e.frequencyPpm.toFixed(4)} ppm (${e.frequencyPpm >= 0
            ? "gains"
            : "loses"} ${nsLabel(Math.abs(e.frequencyPpm) * 86400e3)} a day)</dd>
          <dt>Skew (99.95%)</dt><dd data-testid="skew">±${e.skewPpm.toFixed(4)} ppm</dd>
          <dt>Offset at newest</dt><dd data-testid="offset">${nsLabel(o0)} (± ${nsLabel(e.offsetSdNs)})</dd>
          <dt>Residual std dev</dt><dd>${nsLabel(e.residualSdNs)}</dd>
          <dt>Samples</dt><dd data-testid="used">${e.used} used, ${e.dropped} dropped by the runs test, ${e
            .runs} sign runs (of ${all.length} in the data; the regression window is the newest 64${all.length > SHOW
            ? `; the charts show the newest ${SHOW}`
            : ""})</dd>
        </dl>
        ${this.#linChart(
          "offset-chart",
          series,
          "offset (local − reference)",
          `Offsets over time with the fitted line and its skew band`,
        )}
        <h3>Residuals of the fit</h3>
        ${this.#linChart(
          "resid-chart",
          [{
            id: "resid",
            color: "#2ca02c",
            xs,
            ys: resid,
            dots: true,
            faint: used.map((u) => !u),
          }],
          "residual",
          "Residuals of every sample from the fitted line",
        )}
        <p class="small muted">Filled points are in the final regression; hollow ones are older than the window or were
          cut by the runs test. The dashed lines are the fitted frequency ± skew, pivoting at the newest sample.</p>
      </section>
    `;
  }

  #linChart(id: string, series: Series[], yName: string, label: string) {
    let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
    for (const s of series) {
      for (let i = 0; i < s.xs.length; i++) {
        xlo = Math.min(xlo, s.xs[i]);
        xhi = Math.max(xhi, s.xs[i]);
        ylo = Math.min(ylo, s.ys[i]);
        yhi = Math.max(yhi, s.ys[i]);
      }
    }
    if (xhi - xlo <= 0) xhi = xlo + 1;
    if (yhi - ylo <= 0) {
      yhi += 1;
      ylo -= 1;
    }
    const pad = (yhi - ylo) * 0.06;
    ylo -= pad;
    yhi += pad;
    const iw = W - PL - PR, ih = H - PT - PB;
    const X = (v: number) => PL + ((v - xlo) / (xhi - xlo)) * iw;
    const Y = (v: number) => PT + (1 - (v - ylo) / (yhi - ylo)) * ih;
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} data-testid=${id}>
      ${
      niceTicks(xlo, xhi).map((v) =>
        svg`
          <line class="grid" x1=${X(v)} x2=${X(v)} y1=${PT} y2=${PT + ih}></line>
          <text x=${X(v)} y=${H - 10} text-anchor=${v === 0 ? "end" : "middle"}>${v === 0
            ? "newest"
            : `−${durLabel(-v)}`}</text>
        `
      )
    }
      ${
      niceTicks(ylo, yhi).map((v) =>
        svg`
          <line class="grid" x1=${PL} x2=${PL + iw} y1=${Y(v)} y2=${Y(v)}></line>
          <text x=${PL - 6} y=${Y(v) + 4} text-anchor="end">${nsLabel(v)}</text>
        `
      )
    }
      <text x=${PL} y=${PT + 10} text-anchor="start">${yName}</text>
      ${
      series.map((s) =>
        s.dots
          ? svg`<g data-series=${s.id}>${
            s.xs.map((x, i) =>
              svg`<circle cx=${X(x).toFixed(1)} cy=${Y(s.ys[i]).toFixed(1)} r="2.2" fill=${
                s.faint?.[i] ? "none" : s.color
              } stroke=${s.color}></circle>`
            )
          }</g>`
          : svg`
            <path data-series=${s.id} d=${s.xs.map((x, i) =>
              `${i ? "L" : "M"}${X(x).toFixed(1)} ${Y(s.ys[i]).toFixed(1)}`
            ).join("")} fill="none" stroke=${s.color} stroke-width="1.6"
              stroke-dasharray=${s.dash ?? "none"}></path>
          `
      )
    }
    </svg>`;
  }

  #allan(ss: readonly DriftSample[]) {
    const curves: [AllanKind, AllanPoint[]][] = [];
    let error = "";
    for (const k of ALLAN_KINDS) {
      if (!this.kinds.has(k)) continue;
      try {
        curves.push([k, allanDeviation({ samples: ss }, { kind: k, taus: "octave" })]);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const freq = curves.filter(([k]) => k !== "tdev");
    const time = curves.filter(([k]) => k === "tdev");
    return html`
      <section class="card" aria-labelledby="allan-h">
        <h3 id="allan-h">Stability (Allan deviations)</h3>
        <fieldset data-testid="kinds"><legend class="small">Kinds</legend>
          ${ALLAN_KINDS.map((k) =>
            html`<label><input type="checkbox" name=${k} .checked=${this.kinds.has(k)} @change=${(e: Event) =>
              this.#toggleKind(k, (e.target as HTMLInputElement).checked)}><span class="swatch" style="background:${
              KIND_COLORS[k]
            }"></span>${k}</label>`
          )}
        </fieldset>
        ${error ? html`<p class="bad">${error}</p>` : nothing}
        <p class="small muted">Offsets as phase at the median sample spacing, octave averaging factors. Fractional
          frequency for every kind but TDEV (time, its own plot).</p>
        ${freq.length
          ? this.#logChart(
            "allan-chart",
            freq,
            (v) => v.toExponential(0),
            "Fractional-frequency stability against averaging time, log–log",
          )
          : nothing}
        ${time.length
          ? this.#logChart("tdev-chart", time, (v) => nsLabel(v), "Time deviation against averaging time, log–log")
          : nothing}
      </section>
    `;
  }

  #toggleKind(k: AllanKind, on: boolean): void {
    const next = new Set(this.kinds);
    if (on) next.add(k);
    else next.delete(k);
    this.kinds = next;
  }

  #logChart(id: string, curves: [AllanKind, AllanPoint[]][], fmt: (v: number) => string, label: string) {
    const pts = curves.flatMap(([, c]) => c.filter((p) => p.deviation > 0));
    if (pts.length === 0) return html`<p class="small muted">No positive deviations to plot.</p>`;
    const lx = (p: AllanPoint) => Math.log10(Number(p.tauNs) / 1e9), ly = (p: AllanPoint) => Math.log10(p.deviation);
    let xlo = Math.min(...pts.map(lx)), xhi = Math.max(...pts.map(lx));
    const ylo = Math.floor(Math.min(...pts.map(ly)));
    let yhi = Math.ceil(Math.max(...pts.map(ly)));
    if (xhi - xlo < 1e-9) {
      xlo -= 0.5;
      xhi += 0.5;
    }
    if (yhi - ylo < 1) yhi = ylo + 1;
    xlo = Math.floor(xlo);
    xhi = Math.ceil(xhi);
    const iw = W - PL - PR, ih = H - PT - PB;
    const X = (v: number) => PL + ((v - xlo) / (xhi - xlo)) * iw;
    const Y = (v: number) => PT + (1 - (v - ylo) / (yhi - ylo)) * ih;
    const decades = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} data-testid=${id}>
      ${
      decades(xlo, xhi).map((v) =>
        svg`
          <line class="grid" x1=${X(v)} x2=${X(v)} y1=${PT} y2=${PT + ih}></line>
          <text x=${X(v)} y=${H - 10} text-anchor=${v === xhi
            ? "end"
            : v === xlo
            ? "start"
            : "middle"}>${v >= -3 && v <= 5
            ? `${+(10 ** v).toPrecision(1)} s`
            : `1e${v} s`}</text>
        `
      )
    }
      ${
      decades(ylo, yhi).map((v) =>
        svg`
          <line class="grid" x1=${PL} x2=${PL + iw} y1=${Y(v)} y2=${Y(v)}></line>
          <text x=${PL - 6} y=${Y(v) + 4} text-anchor="end">${fmt(10 ** v)}</text>
        `
      )
    }
      ${
      curves.map(([k, c]) => {
        const ok = c.filter((p) => p.deviation > 0);
        return svg`<g data-kind=${k}><path d=${
          ok.map((p, i) => `${i ? "L" : "M"}${X(lx(p)).toFixed(1)} ${Y(ly(p)).toFixed(1)}`).join("")
        } fill="none" stroke=${KIND_COLORS[k]} stroke-width="1.6"></path>
          ${
          ok.map((p) =>
            svg`
              <circle cx=${X(lx(p)).toFixed(1)} cy=${Y(ly(p)).toFixed(1)} r="2.5" fill=${KIND_COLORS[k]}>
                <title>${k} τ = ${durLabel(Number(p.tauNs) / 1e9)}: ${p.deviation.toExponential(3)} (${p
                  .n} terms)</title>
              </circle>
            `
          )
        }</g>`;
      })
    }
    </svg>`;
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
