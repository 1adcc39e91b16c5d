// Page "Leap smears": the offset of every smear model from a chosen reference around a chosen leap
// (real ones from the built-in table, and a hypothetical deleted second), its rate, what each clock's
// display shows from 23:59:58 to 00:00:02, and the largest disagreement between two chosen models.
// Every curve comes from SmearedClock.sample (one core call per curve) at the range shown: zooming the
// chart resamples from the core, so ±2 s around the leap shows exact nanosecond steps. The readout prints
// the exact bigint offsets; floats are used for pixels only. State (leap, range, models, reference,
// points) lives in the URL's query string, so a link reopens the same view.
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import {
  compareClocks,
  formatDuration,
  formatUtc,
  LeapTable,
  parseDuration,
  SMEAR_MODELS,
  SmearedClock,
  type SmearModelName,
} from "../../../src/mod.ts";
import "../chart/cm-chart.ts";
import type { ChartAxis, ChartData, ChartMarker, ChartRange, ChartSeries } from "../chart/cm-chart.ts";
import { shared } from "../styles.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const FULL = 2n * DAY;
const NEGATIVE_TZDATA = "Leap\t1972\tJun\t30\t23:59:60\t+\tS\nLeap\t2029\tDec\t31\t23:59:59\t-\tS\n";

/** Palette index per model (palette.ts): each model also keeps its dash pattern in every chart. */
const COLOR: Record<SmearModelName, number> = {
  step: 7,
  overrun: 4,
  stall: 8,
  google: 0,
  ntpsec: 5,
  ntpd: 6,
  chrony: 2,
  meta: 1,
  windows: 3,
};
/** Models whose change is a step, a stop or a 2 s half-speed second: events on the rate chart, not lines. */
const STEPLIKE: ReadonlySet<SmearModelName> = new Set([
  "step",
  "overrun",
  "stall",
  "windows",
]);

/** One line per model: what it does and where it comes from (see src/smear/models.ts). */
const ABOUT: Record<
  SmearModelName,
  { text: string; source: string; href: string }
> = {
  step: {
    text: "the Linux kernel (and LeapTable.taiToUnix): 23:59:59 is shown twice for an inserted second, skipped for a " +
      "deleted one.",
    source: "Linux kernel/time/ntp.c",
    href: "https://github.com/torvalds/linux/blob/master/kernel/time/ntp.c",
  },
  overrun: {
    text: "the old count runs on through the inserted second and steps back after it, so 00:00:00 repeats (a clock " +
      "that applies the leap one second late).",
    source: "seen in NTP clients that apply the leap late",
    href: "https://www.ntp.org/reflib/leap/",
  },
  stall: {
    text: "holds 00:00:00.000000000 for the inserted second instead of stepping back (some kernels and RTOSes).",
    source: "NTP leap second notes",
    href: "https://www.ntp.org/reflib/leap/",
  },
  google: {
    text: "Google's public NTP and AWS's Time Sync Service: linear over 24 h from noon to noon UTC around the leap, " +
      "−11.574 ppm for an inserted second.",
    source: "Google: Leap Smear",
    href: "https://developers.google.com/time/smear",
  },
  ntpsec: {
    text: "NTPsec with leapsmearinterval 86400: linear over the 24 h of system time that end at the leap.",
    source: "NTPsec ntp.conf",
    href: "https://docs.ntpsec.org/latest/miscopt.html",
  },
  ntpd: {
    text: "ntpd Classic 4.2.8 built with leap smear, leapsmearinterval 86400: a raised cosine over the 24 h before " +
      "the leap. For a deleted second ntpd gets the sign wrong (the offset jumps to +1 s, decays, then the clock " +
      "steps again): reproduced here on purpose.",
    source: "ntpd leapsmearinterval",
    href: "https://www.ntp.org/documentation/4.2.8-series/miscopt/",
  },
  chrony: {
    text: "chronyd with leapsecmode slew and smoothtime 400 0.001024 leaponly: after the leap the served time " +
      "absorbs the second at a rate ramping up to 32 ppm and back, over 62 500 s.",
    source: "chrony.conf smoothtime",
    href: "https://chrony-project.org/doc/4.6/chrony.conf.html",
  },
  meta: {
    text: "Meta's PTP self-smear (fbclock): linear over 62 500 s starting at the leap, one ns every 62.5 µs (16 ppm).",
    source: "Meta engineering: leap second smearing",
    href: "https://engineering.fb.com/2022/07/25/production-engineering/its-time-to-leave-the-leap-second-in-the-past/",
  },
  windows: {
    text: "Windows 10 1809 and later with leap second support: 23:59:59 is shown for 2 s at half speed for an " +
      "inserted second; a deleted second steps.",
    source: "Microsoft: leap seconds for the IT pro",
    href: "https://learn.microsoft.com/troubleshoot/windows-server/active-directory/leap-seconds-for-the-it-pro",
  },
};

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
const MAX_ECHO = 40;

type Reference = "utc" | "true";

/** A leap to look at: its table, the TAI instant a Linux kernel steps at (SmearedClock.windows) and its size. */
interface LeapChoice {
  key: string;
  label: string;
  table: LeapTable;
  leapTaiNs: bigint;
  delta: bigint;
  hypothetical: boolean;
}

function leapChoices(): LeapChoice[] {
  const out: LeapChoice[] = [];
  const add = (table: LeapTable, hypothetical: boolean) => {
    // every model has one window per whole leap of the table; "step" is the simplest
    for (const w of new SmearedClock("step", table).windows()) {
      // the UTC day the leap ends: the instant before leapTaiNs is still in it (23:59:59.999… or 23:59:58.999…)
      const day = formatUtc(table.taiToUtc(w.leapTaiNs - 1n)).slice(0, 10);
      out.push({
        key: hypothetical ? `${day}-hypothetical` : day,
        label: `${day} (${w.deltaNs > 0n ? "+" : "−"}1 s)${hypothetical ? " hypothetical" : ""}`,
        table,
        leapTaiNs: w.leapTaiNs,
        delta: w.deltaNs,
        hypothetical,
      });
    }
  };
  add(LeapTable.builtin(), false);
  const n = out.length;
  add(LeapTable.parse(NEGATIVE_TZDATA), true);
  out.splice(n, 1); // the 1972 entry of the hypothetical file duplicates the real one
  return out.reverse();
}

/** Echo of user text, cut to MAX_ECHO characters. */
function echo(s: string): string {
  return s.length > MAX_ECHO ? `${s.slice(0, MAX_ECHO)}…` : s;
}

/**
 * A signed duration as typed ("−2 s", "-90min", "+1.5 h", "500 ms") → exact ns relative to the leap,
 * or an error in UI words. Checked before any BigInt conversion: length, then the shape parseDuration reads.
 */
export function parseOffset(text: string): { ns: bigint } | { error: string } {
  const t = text.trim();
  if (t === "") {
    return { error: "Enter a time relative to the leap, e.g. −2 s or 90 min." };
  }
  if (t.length > MAX_ECHO) {
    return {
      error: `“${echo(t)}” is too long: use a number and a unit, e.g. −1.5 h.`,
    };
  }
  let body = t.replace(/\s+/g, "");
  let neg = false;
  if (body[0] === "-" || body[0] === "−" || body[0] === "+") {
    neg = body[0] !== "+";
    body = body.slice(1);
  }
  if (!/^\d+(\.\d+)?(d|h|min|m|s|ms|us|µs|ns)$/.test(body)) {
    return {
      error: `“${echo(t)}” is not a time: use a number and a unit (d, h, min, s, ms, µs, ns), e.g. −2 s.`,
    };
  }
  let ns: bigint;
  try {
    ns = parseDuration(body);
  } catch {
    return { error: `“${echo(t)}” is finer than a nanosecond or too large.` };
  }
  ns = neg ? -ns : ns;
  if (ns < -FULL || ns > FULL) {
    return { error: `“${echo(t)}” is outside ±2 days of the leap.` };
  }
  return { ns };
}

/** ns relative to the leap as the text parseOffset reads back: "-2s", "90min", "0s". */
function offsetText(ns: bigint): string {
  return `${ns < 0n ? "-" : ""}${formatDuration(ns < 0n ? -ns : ns)}`;
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
/** Exact signed seconds of ns: "+0.4", "−172800", "+1.000000001". */
function exactSeconds(ns: bigint): string {
  const a = ns < 0n ? -ns : ns;
  const frac = (a % S).toString().padStart(9, "0").replace(/0+$/, "");
  return `${ns < 0n ? "−" : ns > 0n ? "+" : ""}${a / S}${frac ? "." + frac : ""}`;
}
/** Exact ns with a real minus sign. */
function nsText(v: bigint): string {
  return `${v < 0n ? "−" : ""}${v < 0n ? -v : v} ns`;
}

/** What the offset chart shows: the samples, the reference and the float offsets for drawing. */
interface Sampled {
  /** The leap these samples are around (the page's leap may already be another one, being sampled). */
  leap: LeapChoice;
  /** The reference of these samples' offsets (the page's may already be the other one, being sampled). */
  reference: Reference;
  fromTai: bigint;
  toTai: bigint;
  n: number;
  models: SmearModelName[];
  readings: BigInt64Array[];
  /** The reference's reading at each point (reference "utc"), or undefined ("true": computed per point). */
  ref: BigInt64Array | undefined;
  /** Reading of the continuous count at the leap instant ("true" reference). */
  trueBase: bigint;
  /** Which sample each charted point is (undefined: every sample is charted). */
  idx: Int32Array | undefined;
  data: ChartData;
  sampleMs: number;
  convertMs: number;
}

/** Pixel columns of the envelope: more than any plot is wide. */
const COLUMNS = 1600;
/** Resamples of at most this many points (points × (models + 1)) run at once; larger ones in slices. */
const SYNC_POINTS = 20_000;

/** The next task: a MessageChannel message (no 4 ms clamp of nested timers), so other work and input run first. */
function nextTask(): Promise<void> {
  const c = new MessageChannel();
  return new Promise((resolve) => {
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(null);
  });
}

/** Column c of the envelope: samples [columnStart(c, n), columnStart(c + 1, n)). */
const columnStart = (c: number, n: number) => Math.floor((c * n) / COLUMNS);

/** Index of the lowest and of the highest value of `y` in each pixel column (the first of equals): 2 per column. */
function columnExtremes(y: Float64Array, n: number): Int32Array {
  const out = new Int32Array(2 * COLUMNS);
  for (let c = 0; c < COLUMNS; c++) {
    const a = columnStart(c, n), b = columnStart(c + 1, n);
    if (b <= a) continue;
    let lo = a, hi = a;
    for (let i = a + 1; i < b; i++) {
      if (y[i] < y[lo]) lo = i;
      if (y[i] > y[hi]) hi = i;
    }
    out[2 * c] = lo;
    out[2 * c + 1] = hi;
  }
  return out;
}

/**
 * The samples to chart when there are more than 4 per column (`extremes`: columnExtremes of each series): in each
 * of COLUMNS columns the first and last sample and, for every series, its lowest and highest: the exact envelope
 * a line drawn at that width shows (steps and extremes kept), with every charted point still one exact sample.
 */
function envelope(extremes: readonly Int32Array[], n: number): Int32Array {
  const out: number[] = [];
  const pick: number[] = [];
  for (let c = 0; c < COLUMNS; c++) {
    const a = columnStart(c, n), b = columnStart(c + 1, n);
    if (b <= a) continue;
    pick.length = 0;
    pick.push(a, b - 1);
    for (const e of extremes) pick.push(e[2 * c], e[2 * c + 1]);
    pick.sort((p, q) => p - q);
    for (let k = 0; k < pick.length; k++) if (k === 0 || pick[k] !== pick[k - 1]) out.push(pick[k]);
  }
  return Int32Array.from(out);
}

/** a[idx[k]] for each k (a plain loop: Float64Array.from with a map function goes through the iterator protocol). */
function pickAt(a: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
  return out;
}

/**
 * reading − reference in seconds, from i64 arrays viewed as 32-bit halves (no BigInt per point; exact while
 * |offset| < 2^53 ns). For the "true" reference the reference at point i is trueBase + (t_i − L): the
 * reading minus trueBase is exact the same way, and t_i − L is a float (pixels only).
 */
function offsetsOf(
  r: BigInt64Array,
  ref: BigInt64Array | undefined,
  base: bigint,
  relFrom: number,
  step: number,
) {
  const n = r.length;
  const rh = new Int32Array(r.buffer, r.byteOffset, 2 * n),
    rl = new Uint32Array(r.buffer, r.byteOffset, 2 * n);
  const ys = new Float64Array(n);
  if (ref) {
    const uh = new Int32Array(ref.buffer, ref.byteOffset, 2 * n),
      ul = new Uint32Array(ref.buffer, ref.byteOffset, 2 * n);
    for (let i = 0, k = 0; i < n; i++, k += 2) {
      ys[i] = ((rh[k + 1] - uh[k + 1]) * 4294967296 + (rl[k] - ul[k])) / 1e9;
    }
    return ys;
  }
  const b = BigInt.asUintN(64, base);
  const bh = Number(BigInt.asIntN(32, b >> 32n)), bl = Number(b & 0xffffffffn);
  for (let i = 0, k = 0; i < n; i++, k += 2) {
    ys[i] = ((rh[k + 1] - bh) * 4294967296 + (rl[k] - bl) - (relFrom + i * step)) /
      1e9;
  }
  return ys;
}

export class CmPageSmear extends LitElement {
  static properties = {
    leapIdx: { state: true },
    view: { state: true },
    enabled: { state: true },
    pointsIdx: { state: true },
    reference: { state: true },
    cmpA: { state: true },
    cmpB: { state: true },
    fieldText: { state: true },
    fieldError: { state: true },
    csvState: { state: true },
  };
  static styles = [
    shared,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.5rem;
        align-items: start;
      }
      .field input {
        width: 9rem;
      }
      .zoom {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      .zoom button[aria-pressed="true"],
      .seg button[aria-pressed="true"] {
        background: var(--cm-accent);
        color: var(--cm-surface);
        border-color: var(--cm-accent);
      }
      .seg {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.25rem;
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
      ul.about {
        padding-left: 1.1rem;
        margin: 0.25rem 0;
      }
      ul.about li {
        margin: 0.15rem 0;
      }
      ul.mono {
        overflow-wrap: anywhere;
      }
      .start {
        font-weight: 600;
      }
    `,
  ];

  declare leapIdx: number;
  /** The x range shown, ns relative to the leap instant. */
  declare view: readonly [bigint, bigint];
  declare enabled: ReadonlySet<SmearModelName>;
  declare pointsIdx: number;
  declare reference: Reference;
  declare cmpA: SmearModelName;
  declare cmpB: SmearModelName;
  declare fieldText: { from: string; to: string };
  declare fieldError: { from?: string; to?: string };
  declare csvState: string;
  /** Time the last resample took: SmearedClock.sample for every model, ms. */
  sampleMs = 0;
  /** True while a resample runs in slices (the chart still shows the previous one). */
  resampling = false;
  /** Resolves once the samples for the current leap, range, models, reference and points are shown. */
  get resampleComplete(): Promise<void> {
    return this.#settled();
  }
  /** Waits for the latest resample: one dropped for a newer one resolves early, so wait again until none is. */
  async #settled(): Promise<void> {
    for (let p = this.#resampleDone;; p = this.#resampleDone) {
      await p;
      if (p === this.#resampleDone) return;
    }
  }
  #resampleDone: Promise<void> = Promise.resolve();
  /** Number of the latest resample: an older one still running stops at its next slice. */
  #job = 0;
  /** The x range of each resample, in s from the leap, as the charts get it. */
  readonly #viewOf = new WeakMap<Sampled, [number, number]>();
  readonly #leaps = leapChoices();
  readonly #clocks = new Map<string, SmearedClock>();
  #sampled: Sampled | undefined;
  #rates:
    | { xExact: (i: number) => string; data: ChartData; series: ChartSeries[]; markers: ChartMarker[] }
    | undefined;

  constructor() {
    super();
    this.leapIdx = this.#leaps.findIndex((l) => l.delta > 0n);
    this.view = [-FULL, FULL];
    this.enabled = new Set(SMEAR_MODELS);
    this.pointsIdx = 0;
    this.reference = "true";
    this.cmpA = "google";
    this.cmpB = "chrony";
    this.fieldText = { from: offsetText(-FULL), to: offsetText(FULL) };
    this.fieldError = {};
    this.csvState = "";
    this.#fromUrl();
  }

  /** Reads leap, range, models, reference and points from the query string; bad values are ignored. */
  #fromUrl(): void {
    const q = new URLSearchParams(location.search);
    const leap = q.get("leap");
    if (leap !== null) {
      const i = this.#leaps.findIndex((l) => l.key === leap.slice(0, 40));
      if (i >= 0) this.leapIdx = i;
    }
    const ref = q.get("ref");
    if (ref === "utc" || ref === "true") this.reference = ref;
    const models = q.get("models");
    if (models !== null) {
      const set = new Set(
        models.slice(0, 200).split(",").filter((m): m is SmearModelName => SMEAR_MODELS.includes(m as SmearModelName)),
      );
      this.enabled = set;
    }
    const pts = Number(q.get("points"));
    const pi = POINTS.indexOf(pts as (typeof POINTS)[number]);
    if (pi >= 0) this.pointsIdx = pi;
    const from = parseOffset(q.get("from") ?? ""),
      to = parseOffset(q.get("to") ?? "");
    if ("ns" in from && "ns" in to && to.ns - from.ns >= 10n) {
      this.#setView(from.ns, to.ns, false);
    }
  }

  #toUrl(): void {
    const q = new URLSearchParams(location.search);
    q.set("leap", this.#leap().key);
    q.set("ref", this.reference);
    q.set("models", SMEAR_MODELS.filter((m) => this.enabled.has(m)).join(","));
    q.set("from", offsetText(this.view[0]));
    q.set("to", offsetText(this.view[1]));
    q.set("points", String(POINTS[this.pointsIdx]));
    const url = `${location.pathname}?${q.toString()}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history.replaceState(null, "", url);
    }
  }

  #leap(): LeapChoice {
    return this.#leaps[this.leapIdx];
  }

  #clock(model: SmearModelName, leap: LeapChoice): SmearedClock {
    const key = `${model}|${leap.hypothetical ? "n" : "b"}`;
    let c = this.#clocks.get(key);
    if (!c) this.#clocks.set(key, c = new SmearedClock(model, leap.table));
    return c;
  }

  readonly #memos = new Map<string, { key: string; value: unknown }>();
  /** `make()` again only when `key` changed (the display table and the comparison cost 10–100 ms). */
  #memo<T>(slot: string, key: string, make: () => T): T {
    const m = this.#memos.get(slot);
    if (m && m.key === key) return m.value as T;
    const value = make();
    this.#memos.set(slot, { key, value });
    return value;
  }

  /** The comparison of cmpA and cmpB over [fromTai, toTai], made again only when one of them changed. */
  #compareMemo(leap: LeapChoice, fromTai: bigint, toTai: bigint) {
    return this.#memo(
      "cmp",
      `${leap.key}|${this.cmpA}|${this.cmpB}|${fromTai}|${toTai}`,
      () => this.#compare(leap, fromTai, toTai),
    );
  }

  #setView(a: bigint, b: bigint, fields = true): void {
    if (a < -FULL) a = -FULL;
    if (b > FULL) b = FULL;
    if (b - a < 10n) return;
    this.view = [a, b];
    if (fields) {
      this.fieldText = { from: offsetText(a), to: offsetText(b) };
      this.fieldError = {};
    } else this.fieldText = { from: offsetText(a), to: offsetText(b) };
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (
      !this.#sampled || changed.has("leapIdx") || changed.has("view") ||
      changed.has("enabled") ||
      changed.has("pointsIdx") || changed.has("reference")
    ) {
      this.#resample();
    }
  }

  #urlTimer: ReturnType<typeof setTimeout> | undefined;
  protected updated(): void {
    // not on every zoom step: history.replaceState costs a few ms each time
    clearTimeout(this.#urlTimer);
    this.#urlTimer = setTimeout(() => this.#toUrl(), 150);
  }

  /**
   * Samples every enabled model over the view from the core, and the rates: at once when the work is small
   * (or nothing is shown yet), else in slices (one model per task) while the last result stays on screen; a
   * newer request drops the older one between slices. The values are the same either way (one code path).
   */
  #resample(): void {
    const job = ++this.#job;
    const steps = this.#resampleSteps();
    const n = POINTS[this.pointsIdx];
    if (!this.#sampled || n * (this.enabled.size + 1) <= SYNC_POINTS) {
      for (let r = steps.next(); !r.done; r = steps.next());
      this.resampling = false;
      this.#resampleDone = Promise.resolve();
      return;
    }
    this.resampling = true;
    this.#resampleDone = (async () => {
      for (let r = steps.next(); !r.done; r = steps.next()) {
        await nextTask();
        if (job !== this.#job) return; // a newer range, leap or model set took over
      }
      await nextTask(); // the redraw in a task of its own
      if (job !== this.#job) return;
      this.resampling = false;
      this.requestUpdate();
      await this.updateComplete;
    })();
  }

  /**
   * The steps of a resample, each short (one model's samples and offsets, one series' column extremes, ...):
   * a generator that yields between them and, once through, has set #sampled and #rates.
   */
  *#resampleSteps(): Generator<void, void, void> {
    const leap = this.#leap();
    const L = leap.leapTaiNs;
    const fromTai = L + this.view[0], toTai = L + this.view[1];
    const n = POINTS[this.pointsIdx];
    const models = SMEAR_MODELS.filter((m) => this.enabled.has(m));
    const reference = this.reference;
    // the continuous count: the old count (before the leap) running on without a leap
    const trueBase = leap.table.taiToUnix(L - 1n) + 1n;
    const relFrom = Number(this.view[0]),
      step = Number(this.view[1] - this.view[0]) / Math.max(1, n - 1);
    let sampleMs = 0, convertMs = 0;
    let t0 = performance.now();
    const ref = reference === "utc" ? this.#clock("step", leap).sample(fromTai, toTai, n) : undefined;
    sampleMs += performance.now() - t0;
    const readings: BigInt64Array[] = [], yAll: Float64Array[] = [];
    for (const m of models) {
      yield;
      t0 = performance.now();
      const r = this.#clock(m, leap).sample(fromTai, toTai, n);
      const t1 = performance.now();
      readings.push(r);
      yAll.push(offsetsOf(r, ref, trueBase, relFrom, step));
      sampleMs += t1 - t0;
      convertMs += performance.now() - t1;
    }
    let idx: Int32Array | undefined;
    if (n > 4 * COLUMNS) {
      const extremes: Int32Array[] = [];
      for (const ys of yAll) {
        yield;
        t0 = performance.now();
        extremes.push(columnExtremes(ys, n));
        convertMs += performance.now() - t0;
      }
      yield;
      t0 = performance.now();
      idx = envelope(extremes, n);
      convertMs += performance.now() - t0;
    }
    yield;
    t0 = performance.now();
    const xs = new Float64Array(idx ? idx.length : n);
    for (let k = 0; k < xs.length; k++) xs[k] = (relFrom + (idx ? idx[k] : k) * step) / 1e9;
    const y = idx ? yAll.map((ys) => pickAt(ys, idx)) : yAll;
    convertMs += performance.now() - t0;
    yield;
    // the two picked clocks' disagreement over the new range (10–100 ms), in a step of its own: the render that
    // shows these samples finds it made (same slot and key as there)
    this.#compareMemo(leap, fromTai, toTai);
    yield;
    const sampled: Sampled = {
      leap,
      reference,
      fromTai,
      toTai,
      n,
      models,
      readings,
      ref,
      trueBase,
      idx,
      data: { x: xs, y },
      sampleMs,
      convertMs,
    };
    // rates: smooth models as lines (ppm), the step-like ones as events
    const smooth = models.filter((m) => !STEPLIKE.has(m));
    const rx = new Float64Array(RATE_POINTS);
    const ry = smooth.map(() => new Float64Array(RATE_POINTS));
    const span = toTai - fromTai, div = BigInt(RATE_POINTS - 1);
    for (let i = 0; i < RATE_POINTS; i++) {
      const t = fromTai + (span * BigInt(i)) / div;
      rx[i] = Number(t - L) / 1e9;
      smooth.forEach((m, k) => (ry[k][i] = this.#clock(m, leap).rateAt(t)));
    }
    const markers: ChartMarker[] = [];
    for (const m of models.filter((m) => STEPLIKE.has(m))) {
      const w = this.#clock(m, leap).windows().find((w) => w.leapTaiNs === L);
      if (!w) continue;
      const sign = leap.delta > 0n;
      const what: Record<string, [bigint, string][]> = {
        step: [[w.leapTaiNs, sign ? "step: back 1 s" : "step: skips 1 s"]],
        overrun: [[
          w.endTaiNs,
          sign ? "overrun: back 1 s" : "overrun: skips 1 s",
        ]],
        stall: sign ? [[w.startTaiNs, "stall: stops 1 s"]] : [[w.leapTaiNs, "stall: skips 1 s"]],
        windows: sign ? [[w.startTaiNs, "windows: half speed 2 s"]] : [[w.leapTaiNs, "windows: skips 1 s"]],
      };
      for (const [t, label] of what[m] ?? []) {
        markers.push({ x: Number(t - L) / 1e9, label, color: COLOR[m] });
      }
    }
    this.sampleMs = sampleMs;
    this.#sampled = sampled;
    this.#rates = {
      xExact: (i: number) => {
        const t = fromTai + (span * BigInt(i)) / div;
        return `${formatUtc(leap.table.taiToUtc(t))} (${exactSeconds(t - L)} s from the leap)`;
      },
      data: { x: rx, y: ry },
      series: smooth.map((m) => ({ label: m, color: COLOR[m] })),
      markers,
    };
  }

  render() {
    const leap = this.#leap();
    const s = this.#sampled!;
    const r = this.#rates!;
    // exact values come from the samples shown, whose leap may differ from the selected one while it is sampled
    const sl = s.leap;
    const L = sl.leapTaiNs;
    const span = s.toTai - s.fromTai, div = BigInt(Math.max(1, s.n - 1));
    const tai = (i: number) => s.fromTai + (span * BigInt(i)) / div;
    const refAt = (i: number) => (s.ref ? s.ref[i] : s.trueBase + (tai(i) - L));
    const at = (i: number) => (s.idx ? s.idx[i] : i);
    const series: ChartSeries[] = s.models.map((m, k) => ({
      label: m,
      color: COLOR[m],
      exact: (i: number) => nsText(s.readings[k][at(i)] - refAt(at(i))),
    }));
    const xExact = (i: number) => {
      const t = tai(at(i));
      return `${formatUtc(sl.table.taiToUtc(t))} (${exactSeconds(t - L)} s from the leap)`;
    };
    const xAxis: ChartAxis = { title: "time from the leap", unit: "s" };
    // the heading and labels name the reference and leap of the samples drawn, as the readout does
    const refName = s.reference === "utc" ? "the Linux UTC count" : "true time (no leap)";
    const full: [number, number] = [-Number(FULL) / 1e9, Number(FULL) / 1e9];
    // the charts get the range of the samples they draw (one array per resample): a sliced resample still
    // running leaves them as they are, and they redraw once, when its data and range arrive together
    let view = this.#viewOf.get(s);
    if (!view) this.#viewOf.set(s, view = [Number(s.fromTai - L) / 1e9, Number(s.toTai - L) / 1e9]);
    return html`
      <div class="layout">
        <section class="card" aria-labelledby="smear-h">
          <h2 id="smear-h">Leap smears</h2>
          <p class="start"
            data-part="start-here">Start here: pick a leap and a reference, then drag across the chart
            to zoom (down to the nanosecond at the leap); hover or touch it for exact values.</p>
          <p
            class="small muted">What each clock reads around a leap second, how far it is from the reference and how
            fast it runs. Curves come from <code>SmearedClock.sample</code>: ${s
              .n} exact points per model over the
            range shown, resampled from the core at every zoom.</p>
          <div class="controls">
            <label>Leap
              <select data-testid="leap" @change=${(e: Event) => {
                this.leapIdx = Number((e.target as HTMLSelectElement).value);
                this.#setView(-FULL, FULL);
              }}>
                ${this.#leaps.map((l, i) =>
                  html`<option value=${i} ?selected=${i === this.leapIdx}>${l.label}</option>`
                )}
              </select>
            </label>
            <div class="field"><span id="ref-l">Offset measured from</span>
              <div class="seg" role="group" aria-labelledby="ref-l" data-testid="reference">
                ${(["true", "utc"] as const).map((k) =>
                  html`
                    <button type="button" aria-pressed=${this.reference === k ? "true" : "false"} data-ref=${k}
                      @click=${() => (this.reference = k)}>${k === "true"
                        ? "True time (smears are ramps)"
                        : "Linux UTC count"}</button>
                  `
                )}
              </div>
            </div>
            <label>Points
              <select data-testid="points" @change=${(
                e: Event,
              ) => (this.pointsIdx = Number(
                (e.target as HTMLSelectElement).value,
              ))}>
                ${POINTS.map((p, i) => html`<option value=${i} ?selected=${i === this.pointsIdx}>${p}</option>`)}
              </select>
            </label>
          </div>
          <div class="controls" style="margin-top:0.75rem">
            <div class="field"><span>Range</span>
              <div role="group" aria-label="Range presets" class="zoom" data-testid="zoom">
                ${ZOOMS.map((z) =>
                  html`
                    <button type="button" aria-pressed=${this.view[0] ===
                          -z.half && this.view[1] === z.half
                      ? "true"
                      : "false"}
                      @click=${() => this.#setView(-z.half, z.half)}>${z
                        .label}</button>
                  `
                )}
              </div>
            </div>
            ${this.#field("from", "From (relative to the leap)")} ${this.#field(
              "to",
              "To",
            )}
          </div>
          <fieldset data-testid="models" style="margin-top:0.75rem">
            <legend class="small">Models</legend>
            ${SMEAR_MODELS.map((m) =>
              html`<label><input type="checkbox" name=${m} .checked=${this.enabled.has(m)} @change=${(e: Event) =>
                this.#toggle(
                  m,
                  (e.target as HTMLInputElement).checked,
                )}>${m}</label>`
            )}
          </fieldset>
        </section>
        <section class="card" aria-labelledby="off-h">
          <h3 id="off-h">Offset from ${refName}</h3>
          <p class="small muted">${s.reference === "true"
            ? html`The reference is the old count running on as if no leap happened, so a smear is a ramp
                from 0 to ${sl.delta > 0n ? "−1 s" : "+1 s"} and a Linux step is a 1 s jump.`
            : html`The reference is what a Linux kernel shows (<code>LeapTable.taiToUnix</code>: 23:59:59 twice),
                so a smear looks like a ramp with a 1 s jump at the leap, where the reference itself jumps.`}</p>
          <cm-chart data-testid="smear-offset-chart" .label=${`Offset of each clock from ${refName} around the ${sl.label} leap`}
            .x=${xAxis} .y=${{
              title: `offset from ${refName}`,
              unit: "s",
            }} .series=${series} .data=${s.data}
            .xExact=${xExact} .full=${full} .view=${view}
            .minSpan=${1e-8}
            @cm-range=${(e: CustomEvent<ChartRange>) => this.#onRange(e.detail)}></cm-chart>
          <p class="small muted" data-testid="draw-time">${this.#drawText(s)}</p>
          <div class="controls">
            <button type="button" data-testid="csv"
              @click=${() => this.#csv()}>Download the visible data (CSV)</button>
            <span class="small muted" role="status">${this.csvState}</span>
          </div>
        </section>
        <section class="card" aria-labelledby="rate-h">
          <h3 id="rate-h">Rate</h3>
          <p
            class="small muted">Frequency offset of each smooth smear (<code>SmearedClock.rateAt</code>). Steps,
            stops and Windows' half-speed second are not rates a smear could show on this scale: they are marked as
            events (dashed lines).</p>
          <cm-chart data-testid="smear-rate-chart" .label=${`Rate of each smear in ppm around the ${sl.label} leap`}
            .x=${xAxis} .y=${{ title: "rate", unit: "ppm" }} .series=${r
              .series} .data=${r.data}
            .markers=${r.markers} .xExact=${r.xExact}
            .full=${full} .view=${view} .minSpan=${1e-8}
            @cm-range=${(e: CustomEvent<ChartRange>) => this.#onRange(e.detail)}></cm-chart>
        </section>
        <section class="card" aria-labelledby="about-h">
          <h3 id="about-h">The models</h3>
          <ul class="about small" data-testid="about-models">
            ${SMEAR_MODELS.map((m) =>
              html`
                <li
                  data-model=${m}><strong>${m}</strong>: ${ABOUT[m]
                    .text} Source: <a href=${ABOUT[m].href}
                                rel="noopener">${ABOUT[m].source}</a>.</li>
              `
            )}
          </ul>
          <p class="small"
            data-testid="negative-note">${leap.hypothetical
              ? html`
                <strong>This leap is hypothetical.</strong>
              `
              : nothing}A negative leap second (23:59:59 deleted, the day ending after 23:59:58) has never happened: the
            Earth would have to speed up. The “hypothetical” entries use a made-up table with one on 2029-12-31 to
            show what each model would do; ntpd's wrong sign there is its real behaviour, kept on purpose.</p>
        </section>
        <section class="card" aria-labelledby="tick-h">
          <h3 id="tick-h">What the display shows</h3>
          ${this.#memo("ticks", `${sl.key}|${s.models}`, () => this.#ticks(sl, s.models))}
        </section>
        <section class="card" aria-labelledby="cmp-h">
          <h3 id="cmp-h">Disagreement between two clocks</h3>
          ${this.#compareMemo(sl, s.fromTai, s.toTai)}
        </section>
      </div>
    `;
  }

  #drawText(s: Sampled): string {
    if (this.resampling) return `Resampling ${POINTS[this.pointsIdx]} points per curve over the new range…`;
    const charted = s.idx ? ` (charted: the ${s.data.x.length} that make each pixel column's exact envelope)` : "";
    return `${s.n} points per curve${charted}: sampled from the core in ${s.sampleMs.toFixed(1)} ms, converted in ${
      s.convertMs.toFixed(1)
    } ms.`;
  }

  #field(which: "from" | "to", label: string) {
    const err = this.fieldError[which];
    const id = `range-${which}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type="text" data-testid=${id} autocomplete="off" spellcheck="false" maxlength="200"
        .value=${this.fieldText[which]} aria-invalid=${err ? "true" : "false"}
        aria-describedby=${err ? `${id}-error` : nothing}
        @change=${(e: Event) => this.#onField(which, (e.target as HTMLInputElement).value)}>
      ${
      err
        ? html`
          <p class="error-text" id="${id}-error"
            data-testid="${id}-error">${err}</p>
        `
        : nothing
    }
    </div>`;
  }

  #onField(which: "from" | "to", text: string): void {
    this.fieldText = { ...this.fieldText, [which]: text };
    const p = parseOffset(text);
    if ("error" in p) {
      this.fieldError = { ...this.fieldError, [which]: p.error };
      return;
    }
    const other = which === "from" ? parseOffset(this.fieldText.to) : parseOffset(this.fieldText.from);
    const [a, b] = which === "from" ? [p.ns, "ns" in other ? other.ns : this.view[1]] : [
      "ns" in other ? other.ns : this.view[0],
      p.ns,
    ];
    if (b - a < 10n) {
      this.fieldError = {
        ...this.fieldError,
        [which]: which === "from"
          ? "From must be before To (at least 10 ns apart)."
          : "To must be after From (at least 10 ns apart).",
      };
      return;
    }
    this.fieldError = {};
    this.#setView(a, b);
  }

  #onRange(r: ChartRange): void {
    const a = BigInt(Math.round(r.min * 1e9)),
      b = BigInt(Math.round(r.max * 1e9));
    if (a === this.view[0] && b === this.view[1]) return;
    this.#setView(a, b);
  }

  #toggle(m: SmearModelName, on: boolean): void {
    const next = new Set(this.enabled);
    if (on) next.add(m);
    else next.delete(m);
    this.enabled = next;
  }

  /** The visible data as CSV, exact: TAI ns, UTC, then each model's reading and offset in ns. Built in chunks. */
  async #csv(): Promise<void> {
    await this.#settled(); // the samples of the final controls, as the chart will show them
    const s = this.#sampled!;
    const leap = s.leap;
    const L = leap.leapTaiNs;
    const span = s.toTai - s.fromTai, div = BigInt(Math.max(1, s.n - 1));
    const head = ["tai_ns", "utc", "ns_from_leap", "reference_ns"];
    for (const m of s.models) head.push(`${m}_reading_ns`, `${m}_offset_ns`);
    const parts: string[] = [
      `# clockmath leap smears, ${leap.label}, reference: ${s.reference}\n`,
      head.join(",") + "\n",
    ];
    const CHUNK = 4000;
    for (let i0 = 0; i0 < s.n; i0 += CHUNK) {
      this.csvState = `Preparing CSV: ${Math.round((100 * i0) / s.n)} %`;
      const rows: string[] = [];
      for (let i = i0; i < Math.min(s.n, i0 + CHUNK); i++) {
        const t = s.fromTai + (span * BigInt(i)) / div;
        const ref = s.ref ? s.ref[i] : s.trueBase + (t - L);
        const row = [
          t.toString(),
          formatUtc(leap.table.taiToUtc(t)),
          (t - L).toString(),
          ref.toString(),
        ];
        for (const r of s.readings) {
          row.push(r[i].toString(), (r[i] - ref).toString());
        }
        rows.push(row.join(","));
      }
      parts.push(rows.join("\n") + "\n");
      await new Promise((res) => setTimeout(res, 0));
    }
    const url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `clockmath-smear-${leap.key}-${s.reference}.csv`;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.csvState = `CSV of ${s.n} rows × ${s.models.length} models.`;
  }

  #ticks(leap: LeapChoice, models: SmearModelName[]) {
    // TAI instants every half second from 2 s before the leap instant to 2 s after the new day starts
    const end = leap.delta > 0n ? leap.delta : 0n;
    const rows: bigint[] = [];
    for (
      let t = leap.leapTaiNs - 2n * S;
      t <= leap.leapTaiNs + end + 2n * S;
      t += S / 2n
    ) rows.push(t);
    const seconds = models.map((m) => {
      const st = this.#clock(m, leap).secondsShown(
        leap.leapTaiNs - 2n * S,
        leap.leapTaiNs + end + 2n * S,
      );
      const seen = new Set<string>();
      const parts = st.map((x, k) => {
        const ms = Number((x.toTaiNs - x.fromTaiNs) / 1_000_000n);
        const notes: string[] = [];
        if (seen.has(x.label)) notes.push("again");
        seen.add(x.label);
        if (k > 0 && k < st.length - 1 && ms !== 1000) {
          notes.push(`${ms / 1000} s`);
        }
        const prev = st[k - 1];
        if (
          prev && (prev.second + 1) % 60 !== x.second &&
          prev.second !== x.second
        ) {
          notes.push(`after :${String(prev.second).padStart(2, "0")}, skips`);
        }
        return `:${String(x.second).padStart(2, "0")}${notes.length ? ` (${notes.join(", ")})` : ""}`;
      });
      return html`<li><strong>${m}</strong>: ${parts.join(" → ")}</li>`;
    });
    return html`
      <p
        class="small muted">The seconds field of each clock, 2 s either side of the leap (inner stretches other than
        1 s are marked):</p>
      <ul class="small mono" data-testid="seconds">${seconds}</ul>
      <div class="scroll" tabindex="0" role="region"
        aria-label="Clock readings table (scrolls sideways)">
        <table data-testid="ticks">
          <caption
            class="visually-hidden">Clock readings every half second across the leap</caption>
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
        ) => (this[which] = (e.target as HTMLSelectElement)
          .value as SmearModelName)}>
          ${SMEAR_MODELS.map((m) => html`<option ?selected=${m === this[which]}>${m}</option>`)}
        </select>
      `;
    const r = compareClocks(
      this.#clock(this.cmpA, leap),
      this.#clock(this.cmpB, leap),
      from,
      to,
    );
    return html`
      <div class="controls">${pick("cmpA")} <span>vs</span> ${pick(
        "cmpB",
      )}</div>
      <p
        data-testid="cmp-result">Largest disagreement over the shown span: <strong>${offsetLabel(
          Number(r.maxAbsNs) / 1e9,
        )}</strong> (${r.maxAbsNs} ns) at UTC ${formatUtc(
          leap.table.taiToUtc(r.atTaiNs),
        )}: ${this
          .cmpA} reads ${clockFace(r.aReadingNs)}, ${this
          .cmpB} reads ${clockFace(r.bReadingNs)}.</p>
    `;
  }
}
customElements.define("cm-page-smear", CmPageSmear);
