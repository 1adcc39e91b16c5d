// allanDeviation: ADEV, OADEV, MDEV, TDEV, HDEV and OHDEV over phase or frequency data, in the core.
import { core } from "../core/loader.ts";
import { checkI64, checkOptions, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { KIND_ADEV, KIND_HDEV, KIND_MDEV, KIND_OADEV, KIND_OHDEV } from "../core/exports.ts";

/** The deviations `allanDeviation` computes (NIST SP 1065 §5.2). */
export type AllanKind = "adev" | "oadev" | "mdev" | "tdev" | "hdev" | "ohdev";
/** Every deviation `allanDeviation` computes, by its `kind` name. */
export const ALLAN_KINDS: readonly AllanKind[] = ["adev", "oadev", "mdev", "tdev", "hdev", "ohdev"];

/** Options of `allanDeviation`. */
export interface AllanOptions {
  /** Spacing of the data, ns (> 0). Required for arrays; a parsed log supplies its median spacing. */
  readonly tau0Ns?: bigint;
  /** Default "oadev". */
  readonly kind?: AllanKind;
  /**
   * Averaging factors m (tau = m·tau0), or "octave" (1, 2, 4, …, default), "decade" (1, 2, 4, 10,
   * 20, 40, …) or "all" (every m: O(N²) in total, for short data). Factors run up to the largest
   * the kind allows (at least one term in its sum).
   */
  readonly taus?: readonly number[] | "octave" | "decade" | "all";
  /** "phase" (default): time error in ns; "frequency": fractional frequency (dimensionless). */
  readonly input?: "phase" | "frequency";
}

/** One point of a stability curve. */
export interface AllanPoint {
  /** Averaging time, ns. */
  readonly tauNs: bigint;
  /** The deviation: fractional frequency (dimensionless) for every kind but tdev, ns for tdev. */
  readonly deviation: number;
  /** Number of terms in its sum (a measure of its confidence). */
  readonly n: number;
}

/** Data `allanDeviation` accepts: phase (ns) or fractional-frequency values, or a parsed log. */
export type AllanData = readonly number[] | Float64Array | BigInt64Array | {
  readonly samples: readonly { readonly readingNs: bigint; readonly offsetNs: bigint }[];
};

/** Largest input: 2^26 values (512 MiB of f64 in WebAssembly memory). */
export const MAX_ALLAN_POINTS = 1 << 26;

// The core's kind codes (assembly/allan.ts); TDEV is MDEV scaled in the shell.
const KIND_CODE: Record<AllanKind, number> = {
  adev: KIND_ADEV,
  oadev: KIND_OADEV,
  mdev: KIND_MDEV,
  tdev: KIND_MDEV,
  hdev: KIND_HDEV,
  ohdev: KIND_OHDEV,
};

/** Largest m the kind allows for N phase points (at least one term). */
function maxFactor(kind: AllanKind, n: number): number {
  switch (kind) {
    case "adev":
    case "oadev":
      return Math.floor((n - 1) / 2);
    case "mdev":
    case "tdev":
      return Math.floor(n / 3);
    default:
      return Math.floor((n - 1) / 3);
  }
}

function factors(spec: AllanOptions["taus"], max: number): number[] {
  const out: number[] = [];
  if (spec === undefined || spec === "octave") {
    for (let m = 1; m <= max; m *= 2) out.push(m);
  } else if (spec === "decade") {
    for (let d = 1; d <= max; d *= 10) for (const k of [1, 2, 4]) if (k * d <= max) out.push(k * d);
  } else if (spec === "all") {
    for (let m = 1; m <= max; m++) out.push(m);
  } else if (Array.isArray(spec)) {
    for (const m of spec) {
      if (typeof m !== "number" || !Number.isInteger(m) || m < 1) {
        throw new InvalidArgumentError(`taus: averaging factors must be integers ≥ 1, got ${show(m)}`);
      }
      if (m > max) throw new OutOfRangeError(`taus: factor ${m} needs more data (at most ${max} here)`);
      out.push(m);
    }
  } else {
    throw new InvalidArgumentError(`taus must be an array of factors, "octave", "decade" or "all"`);
  }
  return out;
}

/**
 * Allan-family deviations of `data` at the chosen averaging factors, computed in the core in
 * O(N) per tau (f64 with compensated sums; the results match NIST SP 1065's NBS14 reference
 * values to 1e-6 and a plain summation of the textbook definitions to about 1e-12).
 *
 * Phase input is time error x in ns; BigInt64Array phase is taken relative to its first value
 * (exact while the span stays below 2^53 ns). Frequency input y is dimensionless, integrated to
 * phase with x_{i+1} = x_i + y_i·tau0. A parsed log's offsets are its phase, at its median spacing.
 *
 * @example
 * allanDeviation(phaseNs, { tau0Ns: 1_000_000_000n, kind: "mdev", taus: "octave" });
 */
export function allanDeviation(data: AllanData, options: AllanOptions = {}): AllanPoint[] {
  options = checkOptions(options, "options");
  const kind = options.kind ?? "oadev";
  if (typeof kind !== "string" || !Object.hasOwn(KIND_CODE, kind)) {
    throw new InvalidArgumentError(`kind must be one of ${ALLAN_KINDS.join(", ")}`);
  }
  const input = options.input ?? "phase";
  if (input !== "phase" && input !== "frequency") {
    throw new InvalidArgumentError(`input must be "phase" or "frequency"`);
  }
  let tau0 = options.tau0Ns;
  let arr: readonly number[] | Float64Array | BigInt64Array;
  if (Array.isArray(data) || data instanceof Float64Array || data instanceof BigInt64Array) {
    arr = data as readonly number[] | Float64Array | BigInt64Array;
  } else if (data !== null && typeof data === "object" && Array.isArray((data as { samples?: unknown }).samples)) {
    const s = (data as { samples: readonly { readingNs: bigint; offsetNs: bigint }[] }).samples;
    const b = new BigInt64Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = checkI64(s[i]?.offsetNs, `samples[${i}].offsetNs`);
    arr = b;
    if (tau0 === undefined) tau0 = medianSpacing(s);
    if (input !== "phase") throw new InvalidArgumentError("a parsed log is phase data");
  } else {
    throw new InvalidArgumentError("data must be number[], Float64Array, BigInt64Array or a parsed log");
  }
  if (tau0 === undefined) throw new InvalidArgumentError("tau0Ns (the data's spacing, ns) is required");
  checkI64(tau0, "tau0Ns");
  if (tau0 <= 0n || tau0 >= 2n ** 53n) throw new OutOfRangeError(`tau0Ns = ${tau0} is outside (0, 2^53)`);
  const count = arr.length;
  if (count > MAX_ALLAN_POINTS) throw new OutOfRangeError(`at most ${MAX_ALLAN_POINTS} values, got ${count}`);
  const nPhase = input === "frequency" ? count + 1 : count;
  const max = maxFactor(kind, nPhase);
  if (max < 1) throw new InvalidArgumentError(`${kind} needs more data: ${count} values`);
  const ms = factors(options.taus, max);
  const t0 = Number(tau0);

  const c = core();
  // layout: phase f64[nPhase] at ptr, then nPhase f64 of work (frequency input lands there first)
  const bytes = nPhase * 16;
  const ptr = c.scratch(bytes); // resource-exhausted past the core's memory limit
  const src = input === "frequency" ? ptr + nPhase * 8 : ptr;
  if (arr instanceof BigInt64Array) {
    if (input === "frequency") throw new InvalidArgumentError("frequency data must be numbers (fractional frequency)");
    new BigInt64Array(c.memory.buffer, src, count).set(arr);
    let lo = arr[0], hi = arr[0];
    for (let i = 1; i < count; i++) {
      const v = arr[i];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    if (count > 0 && hi - lo >= 2n ** 53n) {
      throw new OutOfRangeError("phase span exceeds 2^53 ns: f64 could not hold it exactly");
    }
    c.allanI64ToF64(src, src, count);
  } else {
    const view = new Float64Array(c.memory.buffer, src, count);
    if (arr instanceof Float64Array) view.set(arr);
    else {for (let i = 0; i < count; i++) {
        const v = arr[i];
        if (typeof v !== "number") throw new InvalidArgumentError(`data[${i}] must be a number`);
        view[i] = v;
      }}
    const bad = c.allanFirstNonFinite(src, count);
    if (bad >= 0) throw new InvalidArgumentError(`data[${bad}] is not a finite number`);
  }
  if (input === "frequency") c.allanFreqToPhase(src, ptr, count, t0);
  const code = KIND_CODE[kind];
  const out: AllanPoint[] = [];
  for (const m of ms) {
    let dev = c.allanDev(ptr, nPhase, m, t0, code, ptr + nPhase * 8);
    const terms = c.allanCount();
    if (kind === "tdev") dev = (m * t0 * dev) / Math.sqrt(3);
    if (!Number.isFinite(dev)) {
      throw new OutOfRangeError(
        `${kind} at tau = ${
          BigInt(m) * tau0
        } ns overflows a double: the data's differences are too large (near 1e154 or more)`,
      );
    }
    out.push(Object.freeze({ tauNs: BigInt(m) * tau0, deviation: dev, n: terms }));
  }
  return out;
}

function medianSpacing(s: readonly { readingNs: bigint }[]): bigint {
  if (s.length < 2) throw new InvalidArgumentError("a log with fewer than 2 samples has no spacing");
  const d: bigint[] = [];
  let prev = checkI64(s[0]?.readingNs, "samples[0].readingNs");
  for (let i = 1; i < s.length; i++) {
    const t = checkI64(s[i]?.readingNs, `samples[${i}].readingNs`);
    d.push(t - prev);
    prev = t;
  }
  d.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const m = d[d.length >> 1];
  if (m <= 0n) throw new InvalidArgumentError("log samples are not in time order");
  return m;
}
