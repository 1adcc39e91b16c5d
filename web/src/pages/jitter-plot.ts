// The Jitter lab's percentile plot (HdrHistogram's plotter): lateness against 1/(1 − p) on a log
// axis labelled in percentiles, one curve per run, on a grid of percentiles shared by every run so
// that the runs overlay in one <cm-chart>.
import { html } from "lit";
import "../chart/cm-chart.ts";

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
    out.push({ inverseTail: inv, percentile: Math.min(100, 100 * (1 - 1 / inv)), inside: inv <= n * (1 + 1e-9) });
  }
  return out;
}

/** "0 %", "90 %", "99 %", "99.9 %" … for 1/(1 − p) = 10^decade. */
export function tickLabel(decade: number): string {
  return `${(100 - 100 / 10 ** decade).toFixed(Math.max(0, decade - 2))} %`;
}

/** Tick text on the 1/(1 − p) axis: "90 %" at 10, "99.9 %" at 1000; nothing between decades. */
export function inverseTailTick(v: number): string {
  const d = Math.log10(v);
  return Math.abs(d - Math.round(d)) < 1e-9 ? tickLabel(Math.round(d)) : "";
}

/** The percentile of a grid point as text: "99.9 %", "99.874 %". */
export function percentText(g: GridPoint): string {
  return `${+g.percentile.toPrecision(Math.max(2, Math.ceil(Math.log10(g.inverseTail)) + 3))} %`;
}

export interface PlotSeries {
  readonly label: string;
  /** ns per grid point; undefined where the run has no value. */
  readonly values: readonly (bigint | undefined)[];
  readonly selected?: boolean;
  /** Palette index (keeps a run's colour when older runs are dropped). */
  readonly color: number;
}

export interface PlotInput {
  readonly testid: string;
  readonly label: string;
  readonly grid: readonly GridPoint[];
  readonly series: readonly PlotSeries[];
}

/** The plot: x = 1/(1 − p) on a log axis labelled in percentiles, y = lateness; exact ns in the readout. */
export function PercentilePlot(input: PlotInput) {
  const x = Float64Array.from(input.grid, (g) => g.inverseTail);
  const y = input.series.map((s) => input.grid.map((_, j) => (s.values[j] === undefined ? null : Number(s.values[j]))));
  return html`
    <cm-chart data-testid=${input.testid} label=${input.label}
      .x=${{ title: "percentile, as 1/(1 − p)", unit: "", log: true, tickLabel: inverseTailTick }}
      .y=${{ title: "lateness", unit: "ns" }}
      .series=${input.series.map((s) => ({
        label: s.label,
        color: s.color,
        width: s.selected ? 3 : 1.5,
        exact: (j: number) => (s.values[j] === undefined ? undefined : `${s.values[j]} ns`),
      }))}
      .data=${{ x, y }}
      .xExact=${(j: number) => (input.grid[j] ? percentText(input.grid[j]) : undefined)}
    ></cm-chart>
  `;
}
