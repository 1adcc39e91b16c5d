// Page "Leap smears": the offset from UTC and the rate of every smear model around a chosen leap
// (real ones from the built-in table, and a hypothetical deleted second), zoomable from ±2 days to
// ±2 s, what each clock's display shows from 23:59:58 to 00:00:02, and the largest disagreement
// between two chosen models. Every curve comes from SmearedClock.sample (one core call per curve).
import { css, html, LitElement, nothing, svg } from "lit";
import {
  compareClocks,
  formatUtc,
  LeapTable,
  SMEAR_MODELS,
  SmearedClock,
  type SmearModelName,
} from "../../../src/mod.ts";
import { shared } from "../styles.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const NEGATIVE_TZDATA = "Leap\t1972\tJun\t30\t23:59:60\t+\tS\nLeap\t2029\tDec\t31\t23:59:59\t-\tS\n";

const COLORS: Record<SmearModelName, string> = {
  step: "#d62728",
  overrun: "#8c564b",
  stall: "#7f7f7f",
  google: "#1f77b4",
  ntpsec: "#17becf",
  ntpd: "#9467bd",
  chrony: "#2ca02c",
  meta: "#ff7f0e",
  windows: "#e377c2",
};
const DASH: Partial<Record<SmearModelName, string>> = { overrun: "6 3", stall: "2 3", windows: "8 3 2 3" };

const ZOOMS: readonly { label: string; half: bigint }[] = [
  { label: "±2 days", half: 2n * DAY },
  { label: "±12 h", half: DAY / 2n },
  { label: "±1 h", half: 3_600n * S },
  { label: "±1 min", half: 60n * S },
  { label: "±10 s", half: 10n * S },
  { label: "±2 s", half: 2n * S },
];
const POINTS = [1201, 10001, 100001] as const;
const RATE_POINTS = 1201;

/** A leap to look at: its table, and the smear window the library reports for it (SmearedClock.windows). */
interface LeapChoice {
  label: string;
  table: LeapTable;
  leapTaiNs: bigint;
  delta: bigint;
}

function leapChoices(): LeapChoice[] {
  const out: LeapChoice[] = [];
  const add = (table: LeapTable, suffix: string) => {
    // every model has one window per whole leap of the table; "step" is the simplest
    for (const w of new SmearedClock("step", table).windows()) {
      // the UTC day the leap ends: the instant before leapTaiNs is still in it (23:59:59.999… or 23:59:58.999…)
      const day = formatUtc(table.taiToUtc(w.leapTaiNs - 1n)).slice(0, 10);
      out.push({
        label: `${day} (${w.deltaNs > 0n ? "+" : "−"}1 s)${suffix}`,
        table,
        leapTaiNs: w.leapTaiNs,
        delta: w.deltaNs,
      });
    }
  };
  add(LeapTable.builtin(), "");
  const neg = LeapTable.parse(NEGATIVE_TZDATA);
  const n = out.length;
  add(neg, " hypothetical");
  out.splice(n, 1); // the 1972 entry of the hypothetical file duplicates the real one
  return out.reverse();
}

/** A duration in ns as a short signed label: "−12 h", "+30 s", "0". */
function spanLabel(ns: bigint): string {
  if (ns === 0n) return "0";
  const sign = ns < 0n ? "−" : "+";
  const a = Number(ns < 0n ? -ns : ns) / 1e9;
  if (a >= 3_600) return `${sign}${+(a / 3_600).toFixed(2)} h`;
  if (a >= 60) return `${sign}${+(a / 60).toFixed(2)} min`;
  return `${sign}${+a.toFixed(3)} s`;
}
function offsetLabel(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return "0";
  if (a >= 0.1) return `${+s.toFixed(3)} s`;
  if (a >= 1e-4) return `${+(s * 1e3).toFixed(3)} ms`;
  return `${+(s * 1e6).toFixed(3)} µs`;
}
function clockFace(unixNs: bigint): string {
  const ms = Number(((unixNs % DAY) + DAY) % DAY / 1_000_000n);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}.${
    p(ms % 1000, 3)
  }`;
}

/** Round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi]. */
function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

const W = 760, H = 260, PAD_L = 70, PAD_B = 28, PAD_T = 10, PAD_R = 10;
const PLOT_W = W - PAD_L - PAD_R;

/** reading − reference per point, seconds (small series). */
function offsetsOf(r: BigInt64Array, ref: Int32Array): Float64Array {
  const n = r.length;
  const rw = new Int32Array(r.buffer, r.byteOffset, 2 * n);
  const ys = new Float64Array(n);
  for (let i = 0, k = 0; i < n; i++, k += 2) {
    ys[i] = ((rw[k + 1] - ref[k + 1]) * 4294967296 + ((rw[k] >>> 0) - (ref[k] >>> 0))) / 1e9;
  }
  return ys;
}

/** A plotted curve: vertices as (sample index, value), the sample count and the largest |value|. */
interface Curve {
  model: SmearModelName;
  n: number;
  idx: number[];
  val: number[];
  peakIdx: number;
  peakVal: number;
}

/** Every point of a small series as a vertex. */
function curveOf(model: SmearModelName, ys: Float64Array): Curve {
  const idx: number[] = [], val: number[] = [];
  let peakIdx = 0;
  for (let i = 0; i < ys.length; i++) {
    idx.push(i);
    val.push(ys[i]);
    if (Math.abs(ys[i]) > Math.abs(ys[peakIdx])) peakIdx = i;
  }
  return { model, n: ys.length, idx, val, peakIdx, peakVal: ys[peakIdx] };
}

/**
 * reading − reference in seconds, from two i64 sample arrays viewed as 32-bit halves (no BigInt
 * per point; exact while |offset| < 2^53 ns), reduced in the same pass to first / lowest /
 * highest / last of each of `cols` pixel columns: the exact envelope a line at that width shows.
 */
function offsetCurve(model: SmearModelName, r: BigInt64Array, ref: Int32Array, cols: number): Curve {
  const n = r.length;
  const rh = new Int32Array(r.buffer, r.byteOffset, 2 * n), rl = new Uint32Array(r.buffer, r.byteOffset, 2 * n);
  const uh = ref, ul = new Uint32Array(ref.buffer, ref.byteOffset, ref.length);
  const idx: number[] = [], val: number[] = [];
  let peakIdx = 0, peakNs = 0;
  const per = n / cols;
  const push = (k: number, v: number) => {
    if (idx[idx.length - 1] !== k) {
      idx.push(k);
      val.push(v / 1e9);
    }
  };
  const at = (k: number) => (rh[2 * k + 1] - uh[2 * k + 1]) * 4294967296 + (rl[2 * k] - ul[2 * k]);
  let i = 0;
  for (let col = 0; i < n; col++) {
    const end = col === cols - 1 ? n : Math.min(n, Math.floor((col + 1) * per) + 1);
    let loI = i, hiI = i, lo = Infinity, hi = -Infinity;
    for (let k = i, j = 2 * i; k < end; k++, j += 2) {
      // offset in ns, exact: both halves' differences are small integers
      const v = (rh[j + 1] - uh[j + 1]) * 4294967296 + (rl[j] - ul[j]);
      if (v < lo) {
        lo = v;
        loI = k;
      }
      if (v > hi) {
        hi = v;
        hiI = k;
      }
    }
    if (Math.abs(lo) > Math.abs(peakNs)) {
      peakNs = lo;
      peakIdx = loI;
    }
    if (Math.abs(hi) > Math.abs(peakNs)) {
      peakNs = hi;
      peakIdx = hiI;
    }
    push(i, at(i));
    if (loI <= hiI) {
      push(loI, lo);
      push(hiI, hi);
    } else {
      push(hiI, hi);
      push(loI, lo);
    }
    push(end - 1, at(end - 1));
    i = end;
  }
  const peakVal = peakNs / 1e9;
  return { model, n, idx, val, peakIdx, peakVal };
}

export class CmPageSmear extends LitElement {
  static properties = {
    leapIdx: { state: true },
    zoomIdx: { state: true },
    enabled: { state: true },
    pointsIdx: { state: true },
    cmpA: { state: true },
    cmpB: { state: true },
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
        gap: 0.75rem 1.5rem;
        align-items: end;
      }
      .controls label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.875rem;
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
      .zoom {
        display: inline-flex;
        gap: 0.25rem;
      }
      .zoom button[aria-pressed="true"] {
        background: var(--cm-accent);
        color: var(--cm-surface);
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
      svg .zero {
        stroke: var(--cm-muted);
        stroke-width: 1;
        stroke-dasharray: 3 3;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-family: var(--cm-mono);
        font-size: 0.85rem;
      }
      th,
      td {
        border-bottom: 1px solid var(--cm-border);
        padding: 0.2rem 0.45rem;
        text-align: left;
        white-space: nowrap;
      }
      td.same {
        color: var(--cm-muted);
      }
      .scroll {
        overflow-x: auto;
      }
    `,
  ];

  declare leapIdx: number;
  declare zoomIdx: number;
  declare enabled: ReadonlySet<SmearModelName>;
  declare pointsIdx: number;
  declare cmpA: SmearModelName;
  declare cmpB: SmearModelName;
  /** Time the last render spent on the offset curves (sample + offsets + path), ms. */
  drawMs = 0;
  /** The part of drawMs spent in SmearedClock.sample, ms. */
  sampleMs = 0;
  readonly #leaps = leapChoices();
  readonly #clocks = new Map<string, SmearedClock>();

  constructor() {
    super();
    this.leapIdx = this.#leaps.findIndex((l) => l.delta > 0n);
    this.zoomIdx = 0;
    this.enabled = new Set(SMEAR_MODELS);
    this.pointsIdx = 0;
    this.cmpA = "google";
    this.cmpB = "chrony";
  }

  #clock(model: SmearModelName, leap: LeapChoice): SmearedClock {
    const key = `${model}|${leap.table === LeapTable.builtin() ? "b" : "n"}`;
    let c = this.#clocks.get(key);
    if (!c) this.#clocks.set(key, c = new SmearedClock(model, leap.table));
    return c;
  }

  render() {
    const leap = this.#leaps[this.leapIdx];
    const half = ZOOMS[this.zoomIdx].half;
    const from = leap.leapTaiNs - half, to = leap.leapTaiNs + half;
    const n = POINTS[this.pointsIdx];
    // UTC as a continuous count: 23:59:60.x read as 24:00:00.x (the "overrun" clock) is the reference
    const t0 = performance.now();
    const utc = this.#clock("overrun", leap).sample(from, to, n);
    const uw = new Int32Array(utc.buffer, utc.byteOffset, 2 * n);
    const models = SMEAR_MODELS.filter((m) => this.enabled.has(m));
    const offsets: Curve[] = [];
    let sampleMs = performance.now() - t0;
    for (const m of models) {
      const a = performance.now();
      const r = this.#clock(m, leap).sample(from, to, n);
      sampleMs += performance.now() - a;
      offsets.push(n <= 4 * PLOT_W ? curveOf(m, offsetsOf(r, uw)) : offsetCurve(m, r, uw, PLOT_W));
    }
    this.sampleMs = sampleMs;
    const offsetChart = this.#chart(
      "offset",
      offsets,
      half,
      offsetLabel,
      `Offset of each clock from UTC (23:59:60 counted as 24:00:00) over ${
        ZOOMS[this.zoomIdx].label
      } around the ${leap.label} leap`,
    );
    this.drawMs = performance.now() - t0;
    const rates: Curve[] = [];
    for (const m of models) {
      const c = this.#clock(m, leap);
      const rs = new Float64Array(RATE_POINTS);
      const span = to - from, div = BigInt(RATE_POINTS - 1);
      for (let i = 0; i < RATE_POINTS; i++) rs[i] = c.rateAt(from + (span * BigInt(i)) / div);
      rates.push(curveOf(m, rs));
    }
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="smear-h">
          <h2 id="smear-h">Leap smears</h2>
          <p class="small muted">What each clock reads around a leap second, how far it is from UTC and how fast it
            runs. Curves come from <code>SmearedClock.sample</code>: ${n} exact points per model.</p>
          <div class="controls">
            <label>Leap
              <select data-testid="leap" @change=${(
                e: Event,
              ) => (this.leapIdx = Number((e.target as HTMLSelectElement).value))}>
                ${this.#leaps.map((l, i) =>
                  html`<option value=${i} ?selected=${i === this.leapIdx}>${l.label}</option>`
                )}
              </select>
            </label>
            <div role="group" aria-label="Zoom" class="zoom" data-testid="zoom">
              ${ZOOMS.map((z, i) =>
                html`<button aria-pressed=${
                  i === this.zoomIdx ? "true" : "false"
                } @click=${() => (this.zoomIdx = i)}>${z.label}</button>`
              )}
            </div>
            <label>Points
              <select data-testid="points" @change=${(
                e: Event,
              ) => (this.pointsIdx = Number((e.target as HTMLSelectElement).value))}>
                ${POINTS.map((p, i) => html`<option value=${i} ?selected=${i === this.pointsIdx}>${p}</option>`)}
              </select>
            </label>
          </div>
          <fieldset data-testid="models">
            <legend class="small">Models</legend>
            ${SMEAR_MODELS.map((m) =>
              html`<label><input type="checkbox" name=${m} .checked=${this.enabled.has(m)} @change=${(e: Event) =>
                this.#toggle(m, (e.target as HTMLInputElement).checked)}><span class="swatch" style="background:${
                COLORS[m]
              }"></span>${m}</label>`
            )}
          </fieldset>
        </section>
        <section class="card" aria-labelledby="off-h">
          <h3 id="off-h">Offset from UTC</h3>
          ${offsetChart}
          <p class="small muted" data-testid="draw-time">${n} points per curve: sampled, converted and drawn in ${this
            .drawMs.toFixed(1)} ms (sample: ${this.sampleMs.toFixed(1)} ms).</p>
          <p class="small" data-testid="offset-summary">${offsets.map((c) => this.#summary(c, half, offsetLabel)).join(
            "; ",
          ) || "No model selected."}</p>
        </section>
        <section class="card" aria-labelledby="rate-h">
          <h3 id="rate-h">Rate (ppm)</h3>
          ${this.#chart(
            "rate",
            rates,
            half,
            (v) => `${+v.toFixed(2)} ppm`,
            `Frequency offset of each clock in ppm over ${ZOOMS[this.zoomIdx].label} around the ${leap.label} leap`,
            true,
          )}
          <p class="small" data-testid="rate-summary">${rates.map((c) =>
            this.#summary(c, half, (v) => `${+v.toFixed(3)} ppm`)
          ).join("; ") || "No model selected."}</p>
        </section>
        <section class="card" aria-labelledby="tick-h">
          <h3 id="tick-h">What the display shows</h3>
          ${this.#ticks(leap, models)}
        </section>
        <section class="card" aria-labelledby="cmp-h">
          <h3 id="cmp-h">Disagreement between two clocks</h3>
          ${this.#compare(leap, from, to)}
        </section>
      </div>
    `;
  }

  #toggle(m: SmearModelName, on: boolean): void {
    const next = new Set(this.enabled);
    if (on) next.add(m);
    else next.delete(m);
    this.enabled = next;
  }

  #summary(c: Curve, half: bigint, fmt: (v: number) => string): string {
    const at = -half + (2n * half * BigInt(c.peakIdx)) / BigInt(c.n - 1);
    return `${c.model}: largest ${fmt(c.peakVal)} at ${spanLabel(at)}`;
  }

  #chart(id: string, curves: Curve[], half: bigint, fmt: (v: number) => string, label: string, zeroLine = false) {
    let lo = 0, hi = 0;
    for (const c of curves) {
      for (const y of c.val) {
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
    if (hi - lo < 1e-12) {
      hi += 1e-9;
      lo -= 1e-9;
    }
    const padY = (hi - lo) * 0.06;
    lo -= padY;
    hi += padY;
    const iw = W - PAD_L - PAD_R, ih = H - PAD_T - PAD_B;
    const x = (i: number, n: number) => PAD_L + (i / (n - 1)) * iw;
    const y = (v: number) => PAD_T + (1 - (v - lo) / (hi - lo)) * ih;
    const xt = [-1, -0.5, 0, 0.5, 1];
    const yt = niceTicks(lo, hi);
    return html`
      <figure style="margin:0">
        <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} data-testid="${id}-chart">
          ${xt.map((f) => {
            const px = PAD_L + ((f + 1) / 2) * iw;
            return svg`
              <line class="grid" x1=${px} x2=${px} y1=${PAD_T} y2=${PAD_T + ih}></line>
              <text x=${px} y=${H - 8} text-anchor="middle">${spanLabel(BigInt(Math.round(f * Number(half))))}</text>
            `;
          })}
          ${yt.map((v) =>
            svg`
              <line class="grid" x1=${PAD_L} x2=${PAD_L + iw} y1=${y(v)} y2=${y(v)}></line>
              <text x=${PAD_L - 6} y=${y(v) + 4} text-anchor="end">${fmt(v)}</text>
            `
          )}
          ${zeroLine || (lo < 0 && hi > 0)
            ? svg`<line class="zero" x1=${PAD_L} x2=${PAD_L + iw} y1=${y(0)} y2=${y(0)}></line>`
            : nothing}
          ${curves.map((c) => {
            const parts: string[] = [];
            for (let k = 0; k < c.idx.length; k++) {
              parts.push(`${k ? "L" : "M"}${x(c.idx[k], c.n).toFixed(1)} ${y(c.val[k]).toFixed(1)}`);
            }
            const d = parts.join("");
            return svg`
              <path data-model=${c.model} d=${d} fill="none" stroke=${COLORS[c.model]} stroke-width="1.6"
                stroke-dasharray=${DASH[c.model] ?? "none"}></path>
            `;
          })}
        </svg>
        <figcaption class="visually-hidden">${label}</figcaption>
      </figure>
    `;
  }

  #ticks(leap: LeapChoice, models: SmearModelName[]) {
    // TAI instants every half second from 2 s before the leap instant to 2 s after the new day starts
    const end = leap.delta > 0n ? leap.delta : 0n;
    const rows: bigint[] = [];
    for (let t = leap.leapTaiNs - 2n * S; t <= leap.leapTaiNs + end + 2n * S; t += S / 2n) rows.push(t);
    const seconds = models.map((m) => {
      const st = this.#clock(m, leap).secondsShown(leap.leapTaiNs - 2n * S, leap.leapTaiNs + end + 2n * S);
      const seen = new Set<string>();
      const parts = st.map((x, k) => {
        const ms = Number((x.toTaiNs - x.fromTaiNs) / 1_000_000n);
        const notes: string[] = [];
        if (seen.has(x.label)) notes.push("again");
        seen.add(x.label);
        if (k > 0 && k < st.length - 1 && ms !== 1000) notes.push(`${ms / 1000} s`);
        const prev = st[k - 1];
        if (prev && (prev.second + 1) % 60 !== x.second && prev.second !== x.second) {
          notes.push(`after :${String(prev.second).padStart(2, "0")}, skips`);
        }
        return `:${String(x.second).padStart(2, "0")}${notes.length ? ` (${notes.join(", ")})` : ""}`;
      });
      return html`<li><strong>${m}</strong>: ${parts.join(" → ")}</li>`;
    });
    return html`
      <p class="small muted">The seconds field of each clock, 2 s either side of the leap (inner stretches other than
        1 s are marked):</p>
      <ul class="small mono" data-testid="seconds">${seconds}</ul>
      <div class="scroll">
        <table data-testid="ticks">
          <caption class="visually-hidden">Clock readings every half second across the leap</caption>
          <thead>
            <tr><th scope="col">UTC</th>${models.map((m) => html`<th scope="col">${m}</th>`)}</tr>
          </thead>
          <tbody>
            ${rows.map((t) => {
              const f = leap.table.taiToUtc(t);
              const p = (v: number, w = 2) => String(v).padStart(w, "0");
              const utc = `${p(f.hour)}:${p(f.minute)}:${p(f.second)}.${p(Math.floor(f.nanosecond / 1e6), 3)}`;
              return html`<tr><th scope="row">${utc}</th>${
                models.map((m) => {
                  const face = clockFace(this.#clock(m, leap).fromTai(t));
                  return html`<td class=${face === utc ? "same" : ""}>${face}</td>`;
                })
              }</tr>`;
            })}
          </tbody>
        </table>
      </div>
    `;
  }

  #compare(leap: LeapChoice, from: bigint, to: bigint) {
    const pick = (which: "cmpA" | "cmpB") =>
      html`
        <select data-testid=${which} aria-label=${which === "cmpA" ? "First clock" : "Second clock"} @change=${(
          e: Event,
        ) => (this[which] = (e.target as HTMLSelectElement).value as SmearModelName)}>
          ${SMEAR_MODELS.map((m) => html`<option ?selected=${m === this[which]}>${m}</option>`)}
        </select>
      `;
    const r = compareClocks(this.#clock(this.cmpA, leap), this.#clock(this.cmpB, leap), from, to);
    return html`
      <div class="controls">${pick("cmpA")} <span>vs</span> ${pick("cmpB")}</div>
      <p
        data-testid="cmp-result">Largest disagreement over the shown span: <strong>${offsetLabel(
          Number(r.maxAbsNs) / 1e9,
        )}</strong> (${r.maxAbsNs} ns) at UTC ${formatUtc(leap.table.taiToUtc(r.atTaiNs))}: ${this
          .cmpA} reads ${clockFace(r.aReadingNs)}, ${this.cmpB} reads ${clockFace(r.bReadingNs)}.</p>
    `;
  }
}
customElements.define("cm-page-smear", CmPageSmear);
