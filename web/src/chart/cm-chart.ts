// <cm-chart>: one interactive chart of the playground, on uPlot (https://github.com/leeoniya/uPlot).
//
// API (properties; set them from Lit with `.prop=${…}`):
//   label    string                  what the chart shows, for screen readers (role="figure" aria-label)
//   x, y     ChartAxis               { title, unit, log?, tickLabel? }: unit "s" / "ns" (time, shown in
//                                    ns…h as fits), or any suffix ("ppm", "" for plain numbers); log: decade
//                                    axis; tickLabel(v): your own tick text (e.g. "99.9%" on a 1/(1−p) axis)
//   series   ChartSeries[]           { label, color?, dash?, points?, width?, exact? } per y array
//   data     ChartData               { x: ArrayLike<number>, y: ArrayLike<number | null>[] } (floats: pixels only)
//   xExact   (i) => string           optional: the exact x text of point i for the readout (e.g. a UTC instant)
//   full     [min, max]              the x range "Reset zoom" returns to (default: the data's x extent);
//                                    setting a new one resets the view to it
//   view     [min, max]              optional: the x range shown (the chart also sets it itself on zoom)
//   markers  ChartMarker[]           { x, label, color? }: vertical event lines with a short label
//   height   number                  CSS px of the plot (default 300; 240 below 560 px wide)
//   minSpan  number                  narrowest x span zooming may reach (default: full span × 1e-12)
//
// Series values are floats for drawing; what the readout prints comes from `series[i].exact(index)` when
// given (the page formats the exact bigint from its BigInt64Array there), else from the float in the axis
// unit. Interaction: hover / touch moves the readout ([data-part="readout"]); drag selects an x range to
// zoom; the wheel zooms around the cursor; two fingers pinch; ← → move the cursor and + − zoom when the
// plot has focus; [data-part="reset"] ("Reset zoom") returns to `full`. After every zoom the element
// carries its x range in data-x-min / data-x-max and dispatches `cm-range` ({ detail: { min, max } },
// bubbles, composed): a page resamples from the core at that range and sets new `data` (the view stays).
// Dark mode follows prefers-color-scheme; the width follows the container (ResizeObserver).
import { css, html, LitElement, type PropertyValues, svg, unsafeCSS } from "lit";
import uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css?inline";
import { colorOf, contrast, DASHES, dashOf, PALETTE } from "./palette.ts";
import { fittingTicks, linearTicks, logTicks, type Ticks, valueLabel } from "./ticks.ts";

export interface ChartAxis {
  /** Axis title, without the unit (the unit is added: "offset from UTC (ms)"). */
  readonly title: string;
  /** "s" or "ns" (time), or a suffix such as "ppm" ("" for none). */
  readonly unit: string;
  /** Logarithmic (decade) axis; values must be > 0. */
  readonly log?: boolean;
  /** Tick label of value v instead of the unit's (e.g. a percentile axis: v = 1/(1−p) → "99.9%"). */
  readonly tickLabel?: (v: number) => string;
}
export interface ChartSeries {
  readonly label: string;
  /** Palette index (palette.ts); default: the series' position. */
  readonly color?: number;
  /** Use the palette's dash pattern for this colour (default true); false: solid. */
  readonly dash?: boolean;
  /** Draw points instead of a line: "filled" or "hollow". */
  readonly points?: "filled" | "hollow";
  /** Line width, CSS px (default 1.75). */
  readonly width?: number;
  /** Exact readout text of point i, with its unit (e.g. "−500000000 ns"); undefined: use the float. */
  readonly exact?: (i: number) => string | undefined;
}
export interface ChartData {
  readonly x: ArrayLike<number>;
  readonly y: readonly ArrayLike<number | null>[];
}
export interface ChartMarker {
  readonly x: number;
  readonly label: string;
  readonly color?: number;
}
/** The detail of a `cm-range` event. */
export interface ChartRange {
  readonly min: number;
  readonly max: number;
}

const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/** Widths of tick labels in FONT, px: uPlot asks for an axis's splits several times per draw, with the same labels. */
const labelWidths = new Map<string, number>();
/** Width of `label` in FONT (ctx.font must be FONT), measured once per label. */
function labelWidth(ctx: CanvasRenderingContext2D, label: string): number {
  let w = labelWidths.get(label);
  if (w === undefined) {
    if (labelWidths.size >= 4096) labelWidths.clear(); // labels of long-gone zooms
    labelWidths.set(label, w = ctx.measureText(label).width);
  }
  return w;
}
const dark = () => globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;

export class CmChart extends LitElement {
  static properties = {
    label: {},
    x: { attribute: false },
    y: { attribute: false },
    series: { attribute: false },
    data: { attribute: false },
    xExact: { attribute: false },
    full: { attribute: false },
    view: { attribute: false },
    markers: { attribute: false },
    height: { type: Number },
    minSpan: { attribute: false },
    hoverIdx: { state: true },
  };
  static styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-width: 0;
        position: relative;
        font-family: var(--cm-font);
        color: var(--cm-text);
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.25rem 0.75rem;
        font-size: 0.8rem;
      }
      [data-part="y-title"],
      [data-part="x-title"] {
        color: var(--cm-muted);
        font-size: 0.8rem;
      }
      [data-part="x-title"] {
        text-align: center;
      }
      .plot {
        position: relative;
        min-width: 0;
        border-radius: 4px;
      }
      .plot:focus-visible {
        outline: none;
        box-shadow: var(--cm-focus);
      }
      .u-over {
        touch-action: pan-y;
      }
      .u-select {
        background: rgb(36 86 201 / 0.14);
      }
      [data-part="legend"] {
        position: absolute;
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.7rem;
        padding: 0.1rem 0.4rem;
        font-size: 0.75rem;
        line-height: 1.35;
        background: color-mix(in srgb, var(--cm-surface) 82%, transparent);
        border: 1px solid var(--cm-border);
        border-radius: 4px;
        pointer-events: none;
        z-index: 2;
      }
      [data-part="legend"] span {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        white-space: nowrap;
      }
      [data-part="readout"] {
        font-family: var(--cm-mono);
        font-size: 0.78rem;
        min-height: 2.6em;
        overflow-wrap: anywhere;
        margin-top: 0.2rem;
        color: var(--cm-text);
      }
      [data-part="readout"] .k {
        color: var(--cm-muted);
      }
      [data-part="readout"] .v {
        margin-right: 0.8rem;
        white-space: nowrap;
      }
      [data-part="readout"] [data-part="readout-x"] {
        white-space: normal;
      }
      button {
        font: inherit;
        font-size: 0.78rem;
        color: inherit;
        background: var(--cm-surface);
        border: 1px solid var(--cm-border);
        border-radius: 6px;
        padding: 0.1rem 0.55rem;
        cursor: pointer;
      }
      button:focus-visible {
        outline: none;
        box-shadow: var(--cm-focus);
      }
      svg.swatch {
        width: 22px;
        height: 8px;
        flex: none;
      }
    `,
  ];

  /** The palette, its dash patterns and the WCAG contrast function (for tests and pages: palette.ts). */
  static readonly palette = PALETTE;
  static readonly dashes = DASHES;
  static readonly contrast = contrast;

  declare label: string;
  declare x: ChartAxis;
  declare y: ChartAxis;
  declare series: readonly ChartSeries[];
  declare data: ChartData;
  declare xExact: ((i: number) => string) | undefined;
  declare full: readonly [number, number] | undefined;
  declare view: readonly [number, number] | undefined;
  declare markers: readonly ChartMarker[];
  declare height: number | undefined;
  declare minSpan: number | undefined;
  declare hoverIdx: number;
  /** Time the last data or zoom redraw took (setData + setScale, synchronous), ms. */
  lastDrawMs = 0;

  #u: uPlot | undefined;
  #ro: ResizeObserver | undefined;
  #legendRo: ResizeObserver | undefined;
  #mq: MediaQueryList | undefined;
  #quiet = 0;
  /** The x range code set last (`#setX`). */
  #setByCode: [number, number] | undefined;
  #rangeTimer: ReturnType<typeof setTimeout> | undefined;
  #headroom = 0;
  #width = 0;
  #pinch: { d0: number; c: number; min: number; max: number } | undefined;
  #shape = "";

  constructor() {
    super();
    this.label = "";
    this.x = { title: "", unit: "" };
    this.y = { title: "", unit: "" };
    this.series = [];
    this.data = { x: [], y: [] };
    this.markers = [];
    this.hoverIdx = -1;
  }

  /** The x range shown now. */
  get range(): [number, number] {
    const s = this.#u?.scales.x;
    if (s?.min !== undefined && s.max !== undefined) return [s.min, s.max];
    return this.#full();
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#ro = new ResizeObserver(() => this.#resize());
    this.#ro.observe(this);
    this.#mq = globalThis.matchMedia?.("(prefers-color-scheme: dark)");
    this.#mq?.addEventListener("change", this.#rebuild);
  }
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#ro?.disconnect();
    this.#legendRo?.disconnect();
    this.#mq?.removeEventListener("change", this.#rebuild);
    clearTimeout(this.#rangeTimer);
    this.#u?.destroy();
    this.#u = undefined;
  }

  readonly #rebuild = () => {
    this.#u?.destroy();
    this.#u = undefined;
    this.#create();
  };

  #full(): [number, number] {
    if (this.full) return [this.full[0], this.full[1]];
    const xs = this.data.x;
    if (!xs.length) return [0, 1];
    let a = xs[0], b = xs[xs.length - 1];
    if (this.x.log) {
      // a little room around the first and last points (a decade is 1 on this axis)
      a /= 1.25;
      b *= 1.25;
    } else if (b === a) {
      a -= 0.5;
      b += 0.5;
    } else if (this.series.some((s) => s.points)) {
      const pad = (b - a) * 0.02;
      a -= pad;
      b += pad;
    }
    return [a, b];
  }

  #plotHeight(): number {
    return this.height ?? (this.#width > 0 && this.#width < 560 ? 240 : 300);
  }

  render() {
    const unitOf = (a: ChartAxis) => {
      const t = a.log ? logTicks(1, 10, a.unit) : linearTicks(-1, 1, a.unit, 4);
      return a.unit === "s" || a.unit === "ns" ? "" : t.shown;
    };
    const yUnit = unitOf(this.y), xUnit = unitOf(this.x);
    return html`
      <div role="figure" aria-label=${this.label}>
        <div class="head">
          <span data-part="y-title">↑ ${this.y.title}${yUnit ? ` (${yUnit})` : ""}${this.y.log
            ? ", log scale"
            : ""}</span>
          <button type="button" data-part="reset" aria-label="Reset zoom"
            title="Reset zoom (or press 0 on the chart)"
            @click=${() => this.resetZoom()}>Reset zoom</button>
        </div>
        <div class="plot" tabindex="0" role="group" aria-roledescription="chart"
          aria-label=${`${this.label}. Arrow keys move the readout, + and − zoom, 0 resets.`}
          @keydown=${this.#onKey}>
          <div data-part="legend" aria-hidden="true">
            ${this.series.map((s, i) => {
              const c = s.color ?? i, col = colorOf(c, dark());
              const d = s.dash === false ? "" : dashOf(c).join(" ");
              return html`<span><svg class="swatch" viewBox="0 0 22 8">${
                s.points
                  ? svg`
                    <circle cx="11" cy="4" r="3" fill=${s.points === "hollow" ? "none" : col} stroke=${col}
                    ></circle>
                  `
                  : svg`
                    <line x1="0" y1="4" x2="22" y2="4" stroke=${col} stroke-width="2"
                      stroke-dasharray=${d}
                    ></line>
                  `
              }</svg>${s.label}</span>`;
            })}
          </div>
        </div>
        <div data-part="x-title">${this.x.title}${xUnit ? ` (${xUnit})` : ""}${this.x.log ? ", log scale" : ""} →</div>
        <div data-part="readout">${this.#readout()}</div>
      </div>
    `;
  }

  #readout() {
    const i = this.hoverIdx;
    const xs = this.data.x;
    if (i < 0 || i >= xs.length) {
      return html`
        <span
          class="k">Point at the chart (or focus it and use ← →) for exact values. Drag to zoom.</span>
      `;
    }
    const xText = this.xExact?.(i) ?? valueLabel(xs[i], this.x.unit);
    return html`
      <span class="v"
        data-part="readout-x"><span class="k">${this.x
          .title}:</span> ${xText}</span>${this.series.map((s, k) => {
            const v = this.data.y[k]?.[i];
            const t = v === null || v === undefined || Number.isNaN(v)
              ? "—"
              : s.exact?.(i) ?? valueLabel(v, this.y.unit);
            return html`
              <span class="v"
                data-series=${s.label}><span class="k">${s
                  .label}:</span> ${t}</span>
            `;
          })}
    `;
  }

  protected firstUpdated(): void {
    const legend = this.renderRoot.querySelector<HTMLElement>(
      '[data-part="legend"]',
    )!;
    this.#legendRo = new ResizeObserver(() => this.#placeLegend());
    this.#legendRo.observe(legend);
  }

  protected updated(changed: PropertyValues<this>): void {
    if (!this.#u) {
      this.#create();
      return;
    }
    if ((changed.has("series") || changed.has("x") || changed.has("y")) && this.#shapeKey() !== this.#shape) {
      this.#rebuild();
      return;
    }
    const u = this.#u;
    const fullChanged = changed.has("full") &&
      !same(changed.get("full"), this.full);
    const viewChanged = changed.has("view") && this.view &&
      !same(this.view, this.range);
    if (
      changed.has("data") || fullChanged || viewChanged || changed.has("height")
    ) {
      const t0 = performance.now();
      const want = fullChanged ? this.#full() : viewChanged ? [this.view![0], this.view![1]] : this.range;
      this.#quietly(() =>
        u.batch(() => {
          if (changed.has("height")) {
            u.setSize({ width: this.#width, height: this.#plotHeight() });
          }
          if (changed.has("data")) {
            u.setData(this.#aligned(), false);
          }
          this.#setX(u, want[0], want[1]);
        })
      );
      this.lastDrawMs = performance.now() - t0;
      this.#reflect();
    } else if (changed.has("markers")) {
      u.redraw(false, false);
    }
  }

  /** What the uPlot instance is built from (pages pass new but equal objects on every render). */
  #shapeKey(): string {
    const series = this.series.map((s) => [s.label, s.color, s.dash, s.points, s.width]);
    return JSON.stringify([this.x, this.y, series]);
  }

  #aligned(): uPlot.AlignedData {
    return [this.data.x, ...this.data.y] as unknown as uPlot.AlignedData;
  }

  /**
   * Sets the x scale from code (not the user), remembering the range: uPlot may fire its setScale hook for it
   * later, in a microtask of its own after `#quietly` has ended (a new chart's first range does), and that
   * echo must not reach the page as a zoom (pages resample on cm-range, and an old range would undo a newer one).
   */
  #setX(u: uPlot, min: number, max: number): void {
    this.#setByCode = [min, max];
    u.setScale("x", { min, max });
  }

  /** Whether u's x scale is the range code set last (so a setScale hook for it is an echo, not the user). */
  #programmed(u: uPlot): boolean {
    const x = u.scales.x, set = this.#setByCode;
    return set !== undefined && x.min === set[0] && x.max === set[1];
  }

  #quietly(fn: () => void): void {
    this.#quiet++;
    try {
      fn();
    } finally {
      this.#quiet--;
    }
  }

  #resize(): void {
    const w = Math.floor(this.getBoundingClientRect().width);
    if (w <= 0 || w === this.#width) return;
    this.#width = w;
    if (!this.#u) this.#create();
    else this.#quietly(() => this.#u!.setSize({ width: w, height: this.#plotHeight() }));
    this.requestUpdate();
  }

  #create(): void {
    const host = this.renderRoot.querySelector<HTMLElement>(".plot");
    if (!host || this.#width <= 0 || this.#u) return;
    const isDark = dark();
    this.#shape = this.#shapeKey();
    // The legend's headroom as #placeLegend will find it (plot area: the height less the top padding and the
    // x axis), so that the first draw has it and #placeLegend does not lay out and draw everything again.
    const legend = this.renderRoot.querySelector<HTMLElement>('[data-part="legend"]');
    const plotAreaH = this.#plotHeight() - 8 - 30;
    if (legend && plotAreaH > 0) this.#headroom = (legend.offsetHeight + 10) / plotAreaH;
    const cs = getComputedStyle(this);
    const muted = cs.getPropertyValue("--cm-muted").trim() ||
      (isDark ? "#9aa3b4" : "#5b6475");
    const grid = cs.getPropertyValue("--cm-border").trim() ||
      (isDark ? "#343a46" : "#d8dce3");
    const surface = cs.getPropertyValue("--cm-surface").trim() ||
      (isDark ? "#1c2028" : "#ffffff");
    const ticks: Ticks[] = [];
    const axis = (a: ChartAxis, k: 0 | 1): uPlot.Axis => ({
      scale: k === 0 ? "x" : "y",
      side: k === 0 ? 2 : 3,
      font: FONT,
      stroke: muted,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
      gap: 4,
      splits: (u, _i, min, max) => {
        const plotPx = (k === 0 ? u.bbox.width : u.bbox.height) / uPlot.pxRatio;
        let t: Ticks;
        if (a.log) {
          const decades = Math.log10(max / min);
          const every = Math.max(
            1,
            Math.ceil(decades / Math.max(1, plotPx / (k === 0 ? 60 : 32))),
          );
          t = logTicks(min, max, a.unit, every);
        } else {
          // the densest 1/2/5 steps whose labels fit side by side (x) or are ≥ 36 px apart (y)
          const ctx = u.ctx;
          ctx.save();
          ctx.font = FONT;
          t = fittingTicks(min, max, a.unit, (tt) => {
            const each = plotPx / Math.max(1, tt.values.length);
            if (k === 1) return each >= 36;
            // every label fits: the dense candidates fail on their first label, without measuring the rest
            return tt.labels.every((l) => labelWidth(ctx, l) + 14 <= each);
          });
          ctx.restore();
        }
        ticks[k] = t;
        return t.values;
      },
      // every split gets its label (uPlot's default filter for log axes drops all but powers of ten)
      filter: (_u, splits) => splits,
      values: (_u, splits) => splits.map((v) => a.tickLabel?.(v) ?? labelAt(ticks[k], v)),
      size: k === 0 ? 30 : (u, values) => {
        if (!values) return 50;
        u.ctx.font = FONT;
        const w = values.reduce(
          (m, s) => Math.max(m, u.ctx.measureText(String(s)).width),
          0,
        );
        return Math.ceil(w / 1 + 14);
      },
    });
    const series: uPlot.Series[] = [{}];
    this.series.forEach((s, i) => {
      const c = s.color ?? i, col = colorOf(c, isDark);
      series.push({
        label: s.label,
        stroke: col,
        width: s.width ?? 1.75,
        dash: s.dash === false || s.points ? undefined : dashOf(c),
        spanGaps: true,
        ...(s.points
          ? {
            paths: () => null,
            points: {
              show: true,
              size: 6,
              width: 1.25,
              stroke: col,
              fill: s.points === "hollow" ? surface : col,
            },
          }
          : { points: { show: false } }),
      });
    });
    const yRange = (
      _u: uPlot,
      min: number,
      max: number,
    ): uPlot.Range.MinMax => {
      const f = Math.min(0.6, this.#headroom);
      if (this.y.log) {
        if (!(min > 0) || !(max > 0)) return [1e-12, 1];
        let lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
        if (hi === lo) hi++;
        lo -= 0.05 * (hi - lo);
        hi += ((hi - lo) * f) / (1 - f);
        return [10 ** lo, 10 ** hi];
      }
      if (!Number.isFinite(min) || !Number.isFinite(max)) return [-1, 1];
      let span = max - min;
      if (span <= 0) span = Math.abs(max) * 0.1 || 1;
      let lo = min - span * 0.06, hi = max + span * 0.06;
      hi += ((hi - lo) * f) / (1 - f);
      if (min >= 0 && lo < 0 && !this.y.log) {
        lo = Math.min(0, min - span * 0.02);
      }
      return [lo, hi];
    };
    const opts: uPlot.Options = {
      width: this.#width,
      height: this.#plotHeight(),
      padding: [8, 26, 0, 4],
      legend: { show: false },
      cursor: {
        drag: { x: true, y: false, setScale: true },
        points: { size: 7 },
      },
      scales: {
        x: {
          time: false,
          distr: this.x.log ? 3 : 1,
          auto: false,
          range: (_u, lo, hi) => [lo, hi],
        },
        y: { distr: this.y.log ? 3 : 1, auto: true, range: yRange },
      },
      axes: [axis(this.x, 0), axis(this.y, 1)],
      series,
      hooks: {
        setScale: [(plot, key) => {
          if (key !== "x") return;
          this.#reflect();
          if (this.#quiet === 0 && !this.#programmed(plot)) this.#emitRange(0);
        }],
        setCursor: [(u) => {
          const i = u.cursor.idx ?? -1;
          if (i !== this.hoverIdx) this.hoverIdx = i;
        }],
        draw: [(u) => this.#drawMarkers(u, isDark)],
        ready: [() => this.#placeLegend()],
        setSize: [() => this.#placeLegend()],
      },
    };
    const [min, max] = this.view ?? this.#full();
    this.#quietly(() => {
      const u = new uPlot(opts, this.#aligned(), host);
      this.#u = u;
      this.#setX(u, min, max);
      u.over.addEventListener("wheel", this.#onWheel, { passive: false });
      u.over.addEventListener("touchstart", this.#onTouch, { passive: false });
      u.over.addEventListener("touchmove", this.#onTouch, { passive: false });
      u.over.addEventListener("touchend", this.#onTouchEnd);
      u.over.dataset.part = "plot";
    });
    this.#reflect();
  }

  #placeLegend(): void {
    const u = this.#u;
    const legend = this.renderRoot.querySelector<HTMLElement>(
      '[data-part="legend"]',
    );
    if (!u || !legend) return;
    const left = u.bbox.left / uPlot.pxRatio, top = u.bbox.top / uPlot.pxRatio;
    const w = u.bbox.width / uPlot.pxRatio, h = u.bbox.height / uPlot.pxRatio;
    legend.style.left = `${left + 6}px`;
    legend.style.top = `${top + 4}px`;
    legend.style.maxWidth = `${Math.max(60, w - 12)}px`;
    const f = h > 0 ? (legend.offsetHeight + 10) / h : 0;
    if (Math.abs(f - this.#headroom) > 0.01) {
      this.#headroom = f;
      const [a, b] = this.range;
      this.#quietly(() =>
        u.batch(() => {
          u.setData(u.data, false);
          this.#setX(u, a, b);
        })
      );
    }
  }

  #drawMarkers(u: uPlot, isDark: boolean): void {
    if (!this.markers.length) return;
    const ctx = u.ctx, r = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.font = FONT.replace("12px", `${Math.round(11 * r)}px`);
    ctx.textBaseline = "bottom";
    ctx.textAlign = "left";
    const row = Math.round(13 * r);
    const legendH = Math.round(this.#headroom * height);
    this.markers.forEach((m, k) => {
      const px = u.valToPos(m.x, "x", true);
      if (!(px >= left - 0.5 && px <= left + width + 0.5)) return;
      const col = colorOf(m.color ?? k, isDark);
      ctx.strokeStyle = col;
      ctx.fillStyle = col;
      ctx.lineWidth = 1.5 * r;
      ctx.setLineDash([4 * r, 3 * r]);
      ctx.beginPath();
      ctx.moveTo(Math.round(px), top + legendH);
      ctx.lineTo(Math.round(px), top + height);
      ctx.stroke();
      const tw = ctx.measureText(m.label).width;
      let tx = px + 4 * r;
      if (tx + tw > left + width) tx = px - 4 * r - tw;
      if (tx < left) tx = left + 2 * r;
      ctx.fillText(m.label, tx, top + height - 4 * r - (k % 4) * row);
    });
    ctx.restore();
  }

  #reflect(): void {
    const [a, b] = this.range;
    this.dataset.xMin = String(a);
    this.dataset.xMax = String(b);
  }

  /** Dispatches cm-range for the current view, after `delay` ms (coalescing wheel and pinch steps). */
  #emitRange(delay: number): void {
    clearTimeout(this.#rangeTimer);
    this.#rangeTimer = setTimeout(() => {
      const [min, max] = this.range;
      this.view = [min, max];
      this.dispatchEvent(
        new CustomEvent<ChartRange>("cm-range", {
          detail: { min, max },
          bubbles: true,
          composed: true,
        }),
      );
    }, delay);
  }

  /** Shows [min, max] (clamped to `full` and `minSpan`) and tells the page. */
  zoomTo(min: number, max: number, delay = 0): void {
    const u = this.#u;
    if (!u) return;
    const [f0, f1] = this.#full();
    const lo0 = Math.min(f0, f1), hi0 = Math.max(f0, f1);
    const least = this.minSpan ?? (hi0 - lo0) * 1e-12;
    if (this.x.log) {
      min = Math.max(min, lo0);
      max = Math.min(max, hi0);
    } else {
      if (max - min < least) {
        const c = (min + max) / 2;
        min = c - least / 2;
        max = c + least / 2;
      }
      if (max - min >= hi0 - lo0) [min, max] = [lo0, hi0];
      else if (min < lo0) [min, max] = [lo0, lo0 + (max - min)];
      else if (max > hi0) [min, max] = [hi0 - (max - min), hi0];
    }
    if (!(max > min)) return;
    this.#quietly(() => this.#setX(u, min, max));
    this.#reflect();
    this.#emitRange(delay);
  }

  /** Back to the full range. */
  resetZoom(): void {
    const [a, b] = this.#full();
    this.zoomTo(a, b);
  }

  /** Zooms by `factor` (< 1: in) around x value `c`. */
  #zoomAround(c: number, factor: number, delay: number): void {
    const [a, b] = this.range;
    if (this.x.log) {
      const lc = Math.log10(c), la = Math.log10(a), lb = Math.log10(b);
      this.zoomTo(
        10 ** (lc - (lc - la) * factor),
        10 ** (lc + (lb - lc) * factor),
        delay,
      );
    } else {
      this.zoomTo(c - (c - a) * factor, c + (b - c) * factor, delay);
    }
  }

  readonly #onWheel = (e: WheelEvent) => {
    const u = this.#u;
    if (!u || e.deltaY === 0) return;
    e.preventDefault();
    const rect = u.over.getBoundingClientRect();
    const c = u.posToVal(e.clientX - rect.left, "x");
    this.#zoomAround(c, e.deltaY < 0 ? 0.75 : 1 / 0.75, 120);
  };

  readonly #onTouch = (e: TouchEvent) => {
    const u = this.#u;
    if (!u) return;
    const rect = u.over.getBoundingClientRect();
    if (e.touches.length === 1) {
      const t = e.touches[0];
      u.setCursor({ left: t.clientX - rect.left, top: t.clientY - rect.top });
      return;
    }
    if (e.touches.length !== 2) return;
    e.preventDefault();
    const [p, q] = [e.touches[0], e.touches[1]];
    const d = Math.max(8, Math.abs(p.clientX - q.clientX));
    if (e.type === "touchstart" || !this.#pinch) {
      const [min, max] = this.range;
      this.#pinch = {
        d0: d,
        c: u.posToVal((p.clientX + q.clientX) / 2 - rect.left, "x"),
        min,
        max,
      };
      return;
    }
    const { d0, c, min, max } = this.#pinch;
    const f = d0 / d;
    if (this.x.log) {
      const lc = Math.log10(c);
      this.zoomTo(
        10 ** (lc - (lc - Math.log10(min)) * f),
        10 ** (lc + (Math.log10(max) - lc) * f),
        150,
      );
    } else this.zoomTo(c - (c - min) * f, c + (max - c) * f, 150);
  };
  readonly #onTouchEnd = (e: TouchEvent) => {
    if (e.touches.length < 2) this.#pinch = undefined;
  };

  readonly #onKey = (e: KeyboardEvent) => {
    const u = this.#u;
    if (!u) return;
    const n = this.data.x.length;
    const [a, b] = this.range;
    switch (e.key) {
      case "ArrowLeft":
      case "ArrowRight": {
        if (n === 0) return;
        let i = this.hoverIdx;
        if (i < 0) i = nearest(this.data.x, (a + b) / 2);
        const step = e.shiftKey ? Math.max(1, Math.round(n / 20)) : 1;
        i = Math.max(
          0,
          Math.min(n - 1, i + (e.key === "ArrowLeft" ? -step : step)),
        );
        const left = u.valToPos(this.data.x[i], "x");
        const yv = this.data.y.map((ys) => ys[i]).find((v) => v !== null && v !== undefined);
        const top = yv === null || yv === undefined ? u.bbox.height / uPlot.pxRatio / 2 : u.valToPos(yv, "y");
        u.setCursor({ left, top });
        break;
      }
      case "+":
      case "=":
        this.#zoomAround(this.x.log ? Math.sqrt(a * b) : (a + b) / 2, 0.5, 0);
        break;
      case "-":
      case "_":
        this.#zoomAround(this.x.log ? Math.sqrt(a * b) : (a + b) / 2, 2, 0);
        break;
      case "0":
      case "Escape":
        this.resetZoom();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}

function same(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
): boolean {
  return a === b ||
    (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]);
}

/** Index of the x value nearest `v` in an ascending array. */
export function nearest(xs: ArrayLike<number>, v: number): number {
  let lo = 0, hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - v) < Math.abs(xs[lo] - v) ? hi : lo;
}

/** The label of tick value v (uPlot may round the values it was given, on log axes). */
function labelAt(t: Ticks | undefined, v: number): string {
  if (!t) return "";
  for (let i = 0; i < t.values.length; i++) {
    if (Math.abs(t.values[i] - v) <= Math.abs(v) * 1e-9 + 1e-300) return t.labels[i];
  }
  return "";
}

customElements.define("cm-chart", CmChart);

declare global {
  interface HTMLElementTagNameMap {
    "cm-chart": CmChart;
  }
}
