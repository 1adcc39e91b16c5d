// The Clock drift page's synthetic clock: its parameters, their limits (checked on the text the user typed,
// before any BigInt conversion) and the offsets it produces.

const S = 1_000_000_000n;

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
export const DEFAULT_SYNTH: Synth = {
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

/** Most synthetic samples: 10^6 (a run takes seconds in the worker; more would only take longer). */
export const MAX_SYNTH_SAMPLES = 1_000_000;

/** Each field: its label, unit word, whether whole numbers only, and its limits. */
export const SYNTH_FIELDS: readonly {
  key: keyof Synth;
  label: string;
  unit: string;
  int: boolean;
  min: number;
  max: number;
}[] = [
  { key: "n", label: "Samples", unit: "samples", int: true, min: 4, max: MAX_SYNTH_SAMPLES },
  { key: "intervalS", label: "Interval (s)", unit: "s", int: true, min: 1, max: 86_400 },
  { key: "offsetUs", label: "Offset (µs)", unit: "µs", int: false, min: -1e9, max: 1e9 },
  { key: "freqPpm", label: "Frequency (ppm)", unit: "ppm", int: false, min: -10_000, max: 10_000 },
  { key: "wanderPpb", label: "Wander (ppb/sample)", unit: "ppb", int: false, min: 0, max: 1e6 },
  { key: "stepUs", label: "Step (µs)", unit: "µs", int: false, min: -1e9, max: 1e9 },
  { key: "stepAt", label: "Step at sample", unit: "", int: true, min: 0, max: MAX_SYNTH_SAMPLES },
  { key: "noiseNs", label: "White noise (ns)", unit: "ns", int: false, min: 0, max: 1e9 },
  { key: "seed", label: "Seed", unit: "", int: true, min: 0, max: 2_147_483_646 },
];

const MAX_ECHO = 40;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;

/** Reads one field's text: its value, or a message in UI words (the text echoed, cut to 40 characters). */
export function readSynthField(key: keyof Synth, text: string): { value: number } | { error: string } {
  const f = SYNTH_FIELDS.find((x) => x.key === key)!;
  const t = text.trim().replace("−", "-").replace(/[\s_]/g, "");
  const echo = text.trim().length > MAX_ECHO ? `${text.trim().slice(0, MAX_ECHO)}…` : text.trim();
  const fmt = (v: number) => v.toLocaleString("en-US").replace(/,/g, " ");
  const range = `from ${fmt(f.min)} to ${fmt(f.max)}${f.unit && f.unit !== "samples" ? ` ${f.unit}` : ""}`;
  const want = f.int ? `a whole number ${range}` : `a number ${range}`;
  if (t.length > MAX_ECHO || !NUMBER.test(t)) {
    return { error: `${f.label.replace(/ \(.*\)$/, "")} must be ${want}; “${echo}” is not a number.` };
  }
  const v = Number(t);
  if (!Number.isFinite(v) || (f.int && !Number.isInteger(v)) || v < f.min || v > f.max) {
    return { error: `${f.label.replace(/ \(.*\)$/, "")} must be ${want} (you typed “${echo}”).` };
  }
  return { value: v };
}

/**
 * Offsets of a synthetic clock (deterministic for a seed), in ns rounded to whole ns: offset + frequency·t,
 * a random walk of the frequency (wander, ppb per sample), a step at sample `stepAt`, white phase noise.
 * Returned as a Float64Array (exact integers) with the spacing, so a million samples need no BigInt each.
 */
export function synthPhase(p: Synth): { phase: Float64Array; tau0Ns: bigint; readingNs: (i: number) => bigint } {
  let s = p.seed % 2147483646 + 1;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const phase = new Float64Array(p.n);
  const t0 = 1_795_212_197n * S;
  const tau0Ns = BigInt(p.intervalS) * S;
  let x = p.offsetUs * 1e3, y = p.freqPpm * 1e-6;
  for (let i = 0; i < p.n; i++) {
    if (i > 0) {
      y += p.wanderPpb * 1e-9 * g();
      x += y * p.intervalS * 1e9;
    }
    if (i === p.stepAt) x += p.stepUs * 1e3;
    phase[i] = Math.round(x + p.noiseNs * g());
  }
  return { phase, tau0Ns, readingNs: (i) => t0 + BigInt(i) * tau0Ns };
}
