// The Jitter lab's percentile plot (HdrHistogram's plotter): lateness against 1/(1 − p) on a log
// axis, one curve per run, on a grid of percentiles shared by every run so they overlay.
import { html, nothing, svg } from "lit";

/** One x position of the plot: 1/(1 − p), its percentile, and whether a run of n firings reaches it. */
export interface GridPoint {
  readonly inverseTail: number;
  readonly percentile: number;
  readonly inside: boolean;
}

/** Points per decade of 1/(1 − p). */
const PER_DECADE = 10;

/**
 * x positions 1/(1 − p) = 10^(k/10) from 1 (p = 0) up to max(n, 1000) (always as far as 99.9 %);
 * `inside` while the tail still holds at least one of n firings (1/(1 − p) ≤ n).
 */
export function percentileGrid(n: number): GridPoint[] {
  const end = Math.max(n, 1000);
  const out: GridPoint[] = [];
  for (let k = 0;; k++) {
    const inv = 10 ** (k / PER_DECADE);
    if (inv > end * (1 + 1e-9)) break;
    out.push({
      inverseTail: inv,
      percentile: Math.min(100, 100 * (1 - 1 / inv)),
      inside: inv <= n * (1 + 1e-9),
    });
  }
  return out;
}

/** "90 %", "99.9 %" … for 1/(1 − p) = 10^d. */
export function tickLabel(decade: number): string {
  return `${(100 - 100 / 10 ** decade).toFixed(Math.max(0, decade - 2))} %`;
}

export interface PlotSeries {
  readonly label: string;
  /** ns per grid point; undefined where the run has no value. */
  readonly values: readonly (bigint | undefined)[];
  readonly selected?: boolean;
}

export interface PlotInput {
  readonly testid: string;
  readonly grid: readonly GridPoint[];
  readonly series: readonly PlotSeries[];
  readonly width: number;
}

/** Okabe–Ito colours (colour-blind safe), with a dash pattern each. */
export const COLORS = [
  "#0072b2",
  "#d55e00",
  "#009e73",
  "#cc79a7",
  "#e69f00",
  "#56b4e9",
  "#000000",
  "#999999",
];
export const DASHES = [
  "",
  "6 3",
  "2 3",
  "8 3 2 3",
  "1 2",
  "10 4",
  "4 4",
  "12 2 2 2",
];

/** The plot as SVG (kept for when the chart component is not available). */
export function PercentilePlot(input: PlotInput) {
  const W = Math.max(280, Math.min(input.width, 1100)),
    H = 260,
    L = 64,
    R = 12,
    T = 10,
    B = 34;
  const IW = W - L - R, IH = H - T - B;
  const maxX = Math.log10(input.grid.at(-1)?.inverseTail ?? 1000);
  const vals = input.series.flatMap((s) => s.values.filter((v) => v !== undefined).map(Number));
  const lo = Math.min(0, ...vals), hi = Math.max(1, ...vals);
  const x = (inv: number) => L + (Math.log10(inv) / maxX) * IW;
  const y = (v: number) => T + IH - ((v - lo) / (hi - lo)) * IH;
  const decades = Array.from(
    { length: Math.floor(maxX + 1e-9) + 1 },
    (_, d) => d,
  );
  const ms = (v: number) => `${+(v / 1e6).toPrecision(3)} ms`;
  return html`
    <svg class="hist" viewBox="0 0 ${W} ${H}" role="img"
      data-testid=${input.testid}
      aria-label="Lateness by percentile, ${input.series
        .length} run${input.series.length === 1 ? "" : "s"}">
      ${decades.map((d) =>
        svg`
          <line class="grid" x1=${x(10 ** d)} x2=${x(10 ** d)} y1=${T}
            y2=${T + IH}></line>
          <text x=${x(10 ** d)} y=${H - 18} text-anchor="middle">${tickLabel(
            d,
          )}</text>
        `
      )}
      <text x=${L + IW / 2} y=${H -
        3} text-anchor="middle">percentile (1/(1 − p), log scale)</text>
      ${[lo, (lo + hi) / 2, hi].map((v) =>
        svg`
          <line class="grid" x1=${L} x2=${L + IW} y1=${y(v)}
            y2=${y(v)}></line>
          <text x=${L - 6} y=${y(v) + 4} text-anchor="end">${ms(v)}</text>
        `
      )}
      ${input.series.map((s, i) => {
        const d = s.values.map((v, j) =>
          v === undefined
            ? ""
            : `${j === 0 || s.values[j - 1] === undefined ? "M" : "L"}${x(input.grid[j].inverseTail).toFixed(1)},${
              y(Number(v)).toFixed(1)
            }`
        ).join(" ");
        return d
          ? svg`
            <path d=${d} fill="none" stroke=${COLORS[
              i % COLORS.length
            ]} stroke-dasharray=${DASHES[i % DASHES.length] || nothing}
              stroke-width=${s.selected ? 3 : 1.5}>
              <title>${s.label}</title>
            </path>
          `
          : nothing;
      })}
    </svg>
  `;
}
