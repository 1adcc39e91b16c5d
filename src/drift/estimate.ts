// estimateDrift: chrony's frequency / offset estimate from (time, offset) samples, in the core.
import { core } from "../core/loader.ts";
import { checkI64, checkInt, checkOptions, I64_MAX, I64_MIN } from "../check.ts";
import { InvalidArgumentError, NotMonotonicError, OutOfRangeError } from "../errors.ts";

/** One offset measurement. */
export interface DriftSample {
  /** When, ns (any epoch; strictly increasing along the array). */
  readonly readingNs: bigint;
  /** Local clock − reference, ns: positive when the local clock is ahead. */
  readonly offsetNs: bigint;
  /** Relative influence (> 0); chrony's variance-like w is 1/weight. */
  readonly weight?: number;
  /** Round-trip delay, ns: without weights, weights derive from delays as chrony does. */
  readonly delayNs?: bigint;
  /** Peer dispersion, ns (with delays): chrony's peer distance is delay/2 + dispersion. Default 0. */
  readonly dispersionNs?: bigint;
}

/** Options of `estimateDrift`. */
export interface EstimateOptions {
  /** The runs test keeps at least this many samples (chrony's minsamples; default 6; 0..64). */
  readonly minSamples?: number;
  /** The regression uses the newest this many samples (chrony keeps 64; 3..64). */
  readonly maxSamples?: number;
  /** Clock-reading precision for delay weights, ns (default 60, about 2^-24 s; chronyd measures its own). */
  readonly precisionNs?: bigint;
}

/** chrony-style estimate of a clock's frequency and offset. */
export interface DriftEstimate {
  /** Frequency offset of the local clock, ppm: positive when it gains on the reference. */
  readonly frequencyPpm: number;
  /** Skew: the slope's standard error × Student's t (99.95%), ppm. */
  readonly skewPpm: number;
  /** Fitted offset at the newest sample, ns (rounded to nearest). */
  readonly offsetNs: bigint;
  /** Standard error of that fitted offset, ns. */
  readonly offsetSdNs: number;
  /** Weighted residual standard deviation (chrony's std dev), ns. */
  readonly residualSdNs: number;
  /** Time of the newest sample (where offsetNs applies), ns. */
  readonly readingNs: bigint;
  /** Samples in the final regression (the newest ones). */
  readonly used: number;
  /** Oldest samples of the regression window the runs test dropped. */
  readonly dropped: number;
  /** Sign runs among the final residuals. */
  readonly runs: number;
}

/** Largest regression window (chrony's MAX_SAMPLES). */
export const MAX_DRIFT_SAMPLES = 64;
const RUNS_RATIO = 2;
const F64_EXACT = 2n ** 53n;

const F64_EXACT_NEG = -F64_EXACT;

/** Typed-array views of the core's scratch and result regions, rebuilt when memory moves. */
let views: { buf: ArrayBufferLike; ptr: number; i64: BigInt64Array; f64: Float64Array; out: Float64Array } | undefined;

/**
 * chrony's estimate (sourcestats.c + regress.c): a weighted least-squares line of offset against
 * time over the newest `maxSamples` samples; while the residuals show too few sign runs (5%
 * critical values, counted over up to twice the points with older samples), the oldest sample is
 * dropped, keeping at least max(3, minSamples). Needs at least 3 samples.
 *
 * @example
 * const e = estimateDrift(parseDriftLog(text).samples);
 * e.frequencyPpm; e.skewPpm; e.offsetNs;
 */
export function estimateDrift(samples: readonly DriftSample[], options: EstimateOptions = {}): DriftEstimate {
  options = checkOptions(options, "options");
  if (!Array.isArray(samples)) {
    throw new InvalidArgumentError("estimateDrift expects an array of { readingNs, offsetNs }");
  }
  const minSamples = checkInt(options.minSamples ?? 6, 0, MAX_DRIFT_SAMPLES, "minSamples");
  const maxSamples = checkInt(options.maxSamples ?? MAX_DRIFT_SAMPLES, 3, MAX_DRIFT_SAMPLES, "maxSamples");
  const precision = options.precisionNs === undefined ? 60 : Number(checkI64(options.precisionNs, "precisionNs"));
  if (!(precision > 0)) throw new InvalidArgumentError("precisionNs must be positive");
  const len = samples.length;
  if (len < 3) throw new InvalidArgumentError(`estimateDrift needs at least 3 samples, got ${len}`);
  const n = len < maxSamples ? len : maxSamples;
  const total = len < n * RUNS_RATIO ? len : n * RUNS_RATIO;

  const c = core();
  const ptr = c.scratch(c.driftScratchBytes(total));
  let v = views;
  if (v === undefined || v.buf !== c.memory.buffer || v.ptr !== ptr) {
    const buf = c.memory.buffer;
    v = views = {
      buf,
      ptr,
      i64: new BigInt64Array(buf, ptr, 4 * 128),
      f64: new Float64Array(buf, ptr, 4 * 128),
      out: new Float64Array(buf, c.driftResultPtr(), 8),
    };
  }
  // mode from the window's first sample; every window sample must agree
  const s0 = samples[len - n];
  const mode = s0?.weight !== undefined ? 1 : s0?.delayNs !== undefined ? 2 : 0;
  // The quick pass accepts well-formed input only; on anything else the checked pass runs from
  // the start and throws the exact error (it also fills the scratch, should it accept after all).
  if (!fillQuick(samples, len, n, total, mode, v.i64, v.f64)) fillChecked(samples, len, n, total, mode, v.i64, v.f64);
  const ok = c.driftEstimate(ptr, total, n, minSamples, mode, precision);
  if (ok === 0) throw new InvalidArgumentError("estimateDrift: the samples do not determine a line (all at one time?)");
  const out = v.out;
  const start = out[5], dof = out[7];
  return {
    frequencyPpm: out[1] * 1e6,
    skewPpm: out[4] * c.driftTCoef(dof) * 1e6,
    offsetNs: BigInt(Math.round(out[0])),
    offsetSdNs: out[3],
    residualSdNs: Math.sqrt(out[2]),
    readingNs: samples[len - 1].readingNs,
    used: n - start,
    dropped: start,
    runs: out[6],
  };
}

/**
 * Writes the core's input (layout in assembly/drift.ts) for well-formed samples and returns true;
 * returns false at the first thing it does not like, leaving the explaining to `fillChecked`.
 * Cheaper than that pass by construction (issue 12: bigint operations are calls into V8's runtime,
 * a few ns each, and a BigInt → Number conversion costs ~20 ns): values go to the core as bigints
 * through typed-array stores; times are range-checked at the two ends only (strictly increasing
 * times lie between them) and the span once (the oldest sample spans the most).
 */
function fillQuick(
  samples: readonly DriftSample[],
  len: number,
  n: number,
  total: number,
  mode: number,
  i64: BigInt64Array,
  f64: Float64Array,
): boolean {
  const first = len - total, winFirst = len - n;
  const s0 = samples[0], sl = samples[len - 1];
  if (s0 === null || typeof s0 !== "object" || sl === null || typeof sl !== "object") return false;
  let prevT = s0.readingNs;
  if (typeof prevT !== "bigint" || prevT < I64_MIN || typeof sl.readingNs !== "bigint" || sl.readingNs > I64_MAX) {
    return false;
  }
  for (let i = 0; i < first; i++) {
    const s = samples[i];
    if (s === null || typeof s !== "object") return false;
    const t = s.readingNs;
    if (typeof t !== "bigint" || typeof s.offsetNs !== "bigint" || (i > 0 && !(t > prevT))) return false;
    prevT = t;
  }
  for (let k = 0; k < total; k++) {
    const i = first + k;
    const s = samples[i];
    if (s === null || typeof s !== "object") return false;
    const t = s.readingNs, o = s.offsetNs;
    if (
      typeof t !== "bigint" || typeof o !== "bigint" || (i > 0 && !(t > prevT)) || !(o < F64_EXACT && o > F64_EXACT_NEG)
    ) return false;
    prevT = t;
    i64[k] = t;
    i64[total + k] = o;
    if (i < winFirst) continue;
    if (mode === 1) {
      const w = s.weight;
      if (typeof w !== "number" || !(w > 0) || !(w < Infinity)) return false;
      f64[2 * total + k] = w;
    } else if (mode === 2) {
      const d = s.delayNs, e = s.dispersionNs;
      if (s.weight !== undefined || typeof d !== "bigint" || !(d >= 0n && d < F64_EXACT)) return false;
      i64[2 * total + k] = d;
      if (e === undefined) i64[3 * total + k] = 0n;
      else if (typeof e !== "bigint" || !(e >= 0n && e < F64_EXACT)) return false;
      else i64[3 * total + k] = e;
    } else if (s.weight !== undefined || s.delayNs !== undefined) return false;
  }
  // the oldest runs-test sample spans the most to the newest (times increase)
  return sl.readingNs - samples[first].readingNs < F64_EXACT;
}

/**
 * The same fill as `fillQuick`, checking each sample in order and throwing the first problem found
 * as its typed error. Bad input is never ignored: samples older than the runs-test window are not
 * used, but still checked.
 */
function fillChecked(
  samples: readonly DriftSample[],
  len: number,
  n: number,
  total: number,
  mode: number,
  i64: BigInt64Array,
  f64: Float64Array,
): void {
  const first = len - total, winFirst = len - n;
  const last = samples[len - 1];
  if (last === null || typeof last !== "object" || typeof last.readingNs !== "bigint") {
    throw sampleError(len - 1, "readingNs");
  }
  const tLast = last.readingNs;
  let prevT: bigint | undefined;
  for (let i = 0; i < first; i++) {
    const s = samples[i];
    if (s === null || typeof s !== "object") {
      throw new InvalidArgumentError(`samples[${i}] must be { readingNs, offsetNs }`);
    }
    if (typeof s.readingNs !== "bigint") throw sampleError(i, "readingNs");
    if (s.readingNs < I64_MIN || s.readingNs > I64_MAX) {
      throw new OutOfRangeError(`samples[${i}].readingNs = ${s.readingNs} is outside i64 ns`);
    }
    if (typeof s.offsetNs !== "bigint") throw sampleError(i, "offsetNs");
    if (prevT !== undefined && s.readingNs <= prevT) {
      throw new NotMonotonicError(`samples[${i}].readingNs = ${s.readingNs} is not after samples[${i - 1}].readingNs`);
    }
    prevT = s.readingNs;
  }
  for (let k = 0; k < total; k++) {
    const i = first + k;
    const s = samples[i];
    if (s === null || typeof s !== "object") {
      throw new InvalidArgumentError(`samples[${i}] must be { readingNs, offsetNs }`);
    }
    const t = s.readingNs, o = s.offsetNs;
    if (typeof t !== "bigint") throw sampleError(i, "readingNs");
    if (t < I64_MIN || t > I64_MAX) throw new OutOfRangeError(`samples[${i}].readingNs = ${t} is outside i64 ns`);
    if (typeof o !== "bigint") throw sampleError(i, "offsetNs");
    if (prevT !== undefined && t <= prevT) {
      throw new NotMonotonicError(`samples[${i}].readingNs = ${t} is not after samples[${i - 1}].readingNs`);
    }
    prevT = t;
    if (tLast - t >= F64_EXACT) {
      throw new OutOfRangeError(`samples[${i}]: span to the newest sample exceeds 2^53 ns (104 days)`);
    }
    if (o >= F64_EXACT || o <= -F64_EXACT) throw new OutOfRangeError(`samples[${i}].offsetNs = ${o} exceeds ±2^53 ns`);
    i64[k] = t;
    i64[total + k] = o;
    if (i >= winFirst) {
      if (mode === 1) {
        const w = s.weight;
        if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w)) {
          throw new InvalidArgumentError(
            `samples[${i}].weight must be a positive finite number (all samples weighted, or none)`,
          );
        }
        f64[2 * total + k] = w;
      } else if (mode === 2) {
        const d = s.delayNs;
        if (s.weight !== undefined) {
          throw new InvalidArgumentError(`samples[${i}].weight: all samples weighted, or none`);
        }
        if (typeof d !== "bigint") {
          throw new InvalidArgumentError(`samples[${i}].delayNs must be a bigint (all samples with delays, or none)`);
        }
        if (d < 0n || d >= F64_EXACT) throw new OutOfRangeError(`samples[${i}].delayNs = ${d} is outside [0, 2^53)`);
        const e = s.dispersionNs;
        if (e !== undefined && (typeof e !== "bigint" || e < 0n || e >= F64_EXACT)) {
          throw new InvalidArgumentError(`samples[${i}].dispersionNs must be a bigint in [0, 2^53)`);
        }
        i64[2 * total + k] = d;
        i64[3 * total + k] = e ?? 0n;
      } else if (s.weight !== undefined) {
        throw new InvalidArgumentError(`samples[${i}].weight: all samples weighted, or none`);
      } else if (s.delayNs !== undefined) {
        throw new InvalidArgumentError(
          `samples[${i}].delayNs: all samples with delays, or none (samples[${winFirst}] has none)`,
        );
      }
    }
  }
}

function sampleError(i: number, field: string): InvalidArgumentError {
  return new InvalidArgumentError(`samples[${i}].${field} must be a bigint (ns)`);
}
