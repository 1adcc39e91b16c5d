// estimateDrift: chrony's frequency / offset estimate from (time, offset) samples, in the core.
import { core } from "../core/loader.ts";
import { checkInt, checkOptions, I64_MAX, I64_MIN } from "../check.ts";
import { InvalidArgumentError, NotMonotonicError, OutOfRangeError } from "../errors.ts";

/** One offset measurement. */
export interface DriftSample {
  /** When, ns (any epoch; strictly increasing along the array). */
  readonly t: bigint;
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
  readonly precisionNs?: number;
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
  readonly t: bigint;
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

let views: { buf: ArrayBufferLike; ptr: number; i64: BigInt64Array; f64: Float64Array } | undefined;

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
  if (!Array.isArray(samples)) throw new InvalidArgumentError("estimateDrift expects an array of { t, offsetNs }");
  const minSamples = checkInt(options.minSamples ?? 6, 0, MAX_DRIFT_SAMPLES, "minSamples");
  const maxSamples = checkInt(options.maxSamples ?? MAX_DRIFT_SAMPLES, 3, MAX_DRIFT_SAMPLES, "maxSamples");
  const precision = options.precisionNs ?? 60;
  if (typeof precision !== "number" || !(precision > 0) || !Number.isFinite(precision)) throw new InvalidArgumentError("precisionNs must be a positive number");
  const len = samples.length;
  if (len < 3) throw new InvalidArgumentError(`estimateDrift needs at least 3 samples, got ${len}`);
  const n = len < maxSamples ? len : maxSamples;
  const total = len < n * RUNS_RATIO ? len : n * RUNS_RATIO;
  const first = len - total, winFirst = len - n;

  const c = core();
  const bytes = c.driftScratchBytes(total);
  const ptr = c.scratch(bytes);
  let v = views;
  if (v === undefined || v.buf !== c.memory.buffer || v.ptr !== ptr) {
    v = views = { buf: c.memory.buffer, ptr, i64: new BigInt64Array(c.memory.buffer, ptr, 256), f64: new Float64Array(c.memory.buffer, ptr, 384) };
  }
  const i64 = v.i64, f64 = v.f64;
  // mode from the window's first sample; every window sample must agree
  const s0 = samples[winFirst];
  const mode = s0?.weight !== undefined ? 1 : s0?.delayNs !== undefined ? 2 : 0;
  const last = samples[len - 1];
  if (last === null || typeof last !== "object" || typeof last.t !== "bigint") throw sampleError(len - 1, "t");
  const tLast = last.t;
  // samples older than the runs-test window are not used, but still checked: bad input is never ignored
  let prevT: bigint | undefined;
  for (let i = 0; i < first; i++) {
    const s = samples[i];
    if (s === null || typeof s !== "object") throw new InvalidArgumentError(`samples[${i}] must be { t, offsetNs }`);
    if (typeof s.t !== "bigint") throw sampleError(i, "t");
    if (s.t < I64_MIN || s.t > I64_MAX) throw new OutOfRangeError(`samples[${i}].t = ${s.t} is outside i64 ns`);
    if (typeof s.offsetNs !== "bigint") throw sampleError(i, "offsetNs");
    if (prevT !== undefined && s.t <= prevT) throw new NotMonotonicError(`samples[${i}].t = ${s.t} is not after samples[${i - 1}].t`);
    prevT = s.t;
  }
  for (let k = 0; k < total; k++) {
    const i = first + k;
    const s = samples[i];
    if (s === null || typeof s !== "object") throw new InvalidArgumentError(`samples[${i}] must be { t, offsetNs }`);
    const t = s.t, o = s.offsetNs;
    if (typeof t !== "bigint") throw sampleError(i, "t");
    if (t < I64_MIN || t > I64_MAX) throw new OutOfRangeError(`samples[${i}].t = ${t} is outside i64 ns`);
    if (typeof o !== "bigint") throw sampleError(i, "offsetNs");
    if (prevT !== undefined && t <= prevT) throw new NotMonotonicError(`samples[${i}].t = ${t} is not after samples[${i - 1}].t`);
    prevT = t;
    if (tLast - t >= F64_EXACT) throw new OutOfRangeError(`samples[${i}]: span to the newest sample exceeds 2^53 ns (104 days)`);
    if (o >= F64_EXACT || o <= -F64_EXACT) throw new OutOfRangeError(`samples[${i}].offsetNs = ${o} exceeds ±2^53 ns`);
    i64[k] = t;
    i64[total + k] = o;
    if (i >= winFirst) {
      if (mode === 1) {
        const w = s.weight;
        if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w)) throw new InvalidArgumentError(`samples[${i}].weight must be a positive finite number (all samples weighted, or none)`);
        f64[2 * total + k] = 1 / w;
      } else if (mode === 2) {
        const d = s.delayNs;
        if (s.weight !== undefined) throw new InvalidArgumentError(`samples[${i}].weight: all samples weighted, or none`);
        if (typeof d !== "bigint") throw new InvalidArgumentError(`samples[${i}].delayNs must be a bigint (all samples with delays, or none)`);
        if (d < 0n || d >= F64_EXACT) throw new OutOfRangeError(`samples[${i}].delayNs = ${d} is outside [0, 2^53)`);
        const e = s.dispersionNs;
        if (e !== undefined && (typeof e !== "bigint" || e < 0n || e >= F64_EXACT)) throw new InvalidArgumentError(`samples[${i}].dispersionNs must be a bigint in [0, 2^53)`);
        f64[2 * total + k] = Number(d) / 2 + (e === undefined ? 0 : Number(e));
      } else if (s.weight !== undefined) {
        throw new InvalidArgumentError(`samples[${i}].weight: all samples weighted, or none`);
      } else if (s.delayNs !== undefined) {
        throw new InvalidArgumentError(`samples[${i}].delayNs: all samples with delays, or none (samples[${winFirst}] has none)`);
      }
    }
  }
  const ok = c.driftEstimate(ptr, total, n, minSamples, mode, precision);
  if (ok === 0) throw new InvalidArgumentError("estimateDrift: the samples do not determine a line (all at one time?)");
  const out = new Float64Array(c.memory.buffer, c.driftResultPtr(), 8);
  const start = out[5], dof = out[7];
  const b0 = out[0];
  return {
    frequencyPpm: out[1] * 1e6,
    skewPpm: out[4] * c.driftTCoef(dof) * 1e6,
    offsetNs: BigInt(Math.round(b0)),
    offsetSdNs: out[3],
    residualSdNs: Math.sqrt(out[2]),
    t: tLast,
    used: n - start,
    dropped: start,
    runs: out[6],
  };
}

function sampleError(i: number, field: string): InvalidArgumentError {
  return new InvalidArgumentError(`samples[${i}].${field} must be a bigint (ns)`);
}
