// Round ticks for <cm-chart>: steps of 1, 2 or 5 × 10^k in the unit the axis shows, and labels in that unit.
// An axis's `unit` is "s" or "ns" (time: shown in ns, µs, ms, s, min or h, whichever fits the values) or any
// other suffix ("ppm", "" for a plain number), shown as is.

/** Time units as [name, size in seconds], small to large. */
const TIME_UNITS: readonly (readonly [string, number])[] = [
  ["ns", 1e-9],
  ["µs", 1e-6],
  ["ms", 1e-3],
  ["s", 1],
  ["min", 60],
  ["h", 3_600],
];
/** Decimal time units only (log axes: 1 s, 10 s, 100 s rather than 1.67 min). */
const DECIMAL_UNITS = TIME_UNITS.slice(0, 4);

/** How many seconds one axis value is: 1 for "s", 1e-9 for "ns", undefined for a plain unit. */
export function timeBase(unit: string): number | undefined {
  return unit === "s" ? 1 : unit === "ns" ? 1e-9 : undefined;
}

/** The unit to show values of magnitude up to `maxAbs` (in axis units) in: [name, axis units per shown unit]. */
export function displayUnit(
  unit: string,
  maxAbs: number,
  units = TIME_UNITS,
): [string, number] {
  const base = timeBase(unit);
  if (base === undefined) return [unit, 1];
  const secs = maxAbs * base;
  let pick = units[0];
  for (const u of units) if (secs >= u[1] * 0.9999999) pick = u;
  return [pick[0], pick[1] / base];
}

/** "−12.5" with a real minus sign and `decimals` digits after the point; "0" for zero. */
export function num(v: number, decimals: number): string {
  let s = Math.abs(v).toFixed(Math.max(0, Math.min(decimals, 20)));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "0") return "0";
  return v < 0 ? `−${s}` : s;
}

/** A linear axis's ticks: values (axis units) and their labels. */
export interface Ticks {
  readonly values: number[];
  readonly labels: string[];
  /** The unit the labels are in ("ms", "ppm", …). */
  readonly shown: string;
  /** The step between ticks, in the shown unit. */
  readonly step: number;
}

/** About `target` round ticks across [min, max] (axis units). */
export function linearTicks(
  min: number,
  max: number,
  unit: string,
  target: number,
): Ticks {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) {
    return { values: [], labels: [], shown: unit, step: 0 };
  }
  const [, per] = displayUnit(unit, Math.max(Math.abs(min), Math.abs(max)));
  const raw = (max - min) / per / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.9999999) ??
    10 * mag;
  return ticksAt(min, max, unit, step);
}

/**
 * The densest round ticks across [min, max] that `ok` accepts (e.g. "the labels fit side by side"), with at
 * least two ticks when any step gives two.
 */
export function fittingTicks(
  min: number,
  max: number,
  unit: string,
  ok: (t: Ticks) => boolean,
): Ticks {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) {
    return { values: [], labels: [], shown: unit, step: 0 };
  }
  const [, per] = displayUnit(unit, Math.max(Math.abs(min), Math.abs(max)));
  const span = (max - min) / per;
  let mag = 10 ** Math.floor(Math.log10(span / 100));
  let best: Ticks | undefined;
  for (let guard = 0; guard < 12; guard++, mag *= 10) {
    for (const m of [1, 2, 5]) {
      const t = ticksAt(min, max, unit, m * mag);
      if (t.values.length < 2) return best ?? t;
      best = t;
      if (ok(t)) return t;
    }
  }
  return best ?? ticksAt(min, max, unit, span);
}

/** Ticks every `step` (in the unit shown) across [min, max]. */
function ticksAt(min: number, max: number, unit: string, step: number): Ticks {
  const [shown, per] = displayUnit(
    unit,
    Math.max(Math.abs(min), Math.abs(max)),
  );
  const lo = min / per, hi = max / per;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [], labels: string[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (
    let k = first;
    k * step <= hi + step * 1e-9 && values.length < 200;
    k++
  ) {
    const v = k * step;
    values.push(v * per);
    labels.push(`${num(v, decimals)}${suffix(shown, k === 0)}`);
  }
  return { values, labels, shown, step };
}

function suffix(shown: string, zero: boolean): string {
  return shown && !zero ? ` ${shown}` : "";
}

const SUP: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
/** 10^k as "10⁻⁹". */
export function pow10Label(k: number): string {
  return `10${[...String(k)].map((c) => SUP[c] ?? c).join("")}`;
}

/** Decade ticks (every `every`-th decade) across [min, max] > 0 on a log axis, labelled in a decimal unit. */
export function logTicks(min: number, max: number, unit: string, every = 1): Ticks {
  const values: number[] = [], labels: string[] = [];
  if (!(min > 0) || !(max > min)) return { values, labels, shown: unit, step: 0 };
  const k0 = Math.ceil(Math.log10(min) - 1e-9), k1 = Math.floor(Math.log10(max) + 1e-9);
  // fewer than three decades shown: 2× and 5× ticks as well
  const mantissas = every === 1 && Math.log10(max / min) < 3 ? [1, 2, 5] : [1];
  for (let k = k0 - 1; k <= k1; k++) {
    if ((k - k0) % every !== 0) continue;
    for (const m of mantissas) {
      const v = m * 10 ** k;
      if (v < min * (1 - 1e-9) || v > max * (1 + 1e-9)) continue;
      values.push(v);
      const [shown, per] = displayUnit(unit, v / m, DECIMAL_UNITS);
      const e = Math.round(Math.log10(v / m / per));
      const digits = e >= -3 && e <= 4
        ? num(m * 10 ** e, Math.max(0, -e))
        : `${m === 1 ? "" : `${m}×`}${pow10Label(e)}`;
      labels.push(`${digits}${shown ? ` ${shown}` : ""}`);
    }
  }
  return { values, labels, shown: unit, step: every };
}

/**
 * A value as readout text in its axis unit, to `sig` significant digits: 0.0123 s → "12.3 ms".
 * (Floats only: exact values come from the series' own `exact` callback.)
 */
export function valueLabel(v: number, unit: string, sig = 6): string {
  if (!Number.isFinite(v)) return "—";
  const [shown, per] = displayUnit(unit, Math.abs(v));
  const x = v / per;
  const s = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e7 ? String(+x.toPrecision(sig)) : x.toExponential(sig - 1);
  return `${s.replace(/^-/, "−")}${shown ? ` ${shown}` : ""}`;
}
