// detectClockJumps: steps and fast drift of a wall clock against a monotonic clock.
import { checkI64, checkOptions } from "../check.ts";
import { InvalidArgumentError, NotMonotonicError } from "../errors.ts";

/** One reading of both clocks, taken together. */
export interface ClockPair {
  /** Monotonic clock, ns (never steps; strictly increasing along the array). */
  readonly monotonicNs: bigint;
  /** Wall clock (e.g. Unix time), ns. */
  readonly wallNs: bigint;
}

/** Options of `detectClockJumps`. */
export interface JumpOptions {
  /** Steps of wall − monotonic beyond this many ns (either way) are jumps. Default 1 ms. */
  readonly toleranceNs?: bigint;
  /** Stretches whose wall − monotonic rate exceeds this bound (ppm) are reported. Default 500 (kernel slew limit). */
  readonly maxDriftPpm?: number;
}

/** A step of the wall clock relative to the monotonic one between two consecutive pairs. */
export interface ClockJump {
  /** Index of the pair after the step. */
  readonly index: number;
  /** Monotonic and wall times of the pair after the step, ns. */
  readonly monotonicNs: bigint;
  readonly wallNs: bigint;
  /** Change of wall − monotonic across the step, ns: > 0 the wall clock jumped forward (a set forward, or a resume where the monotonic clock stood still). */
  readonly sizeNs: bigint;
  /** Monotonic time between the two pairs, ns. */
  readonly gapNs: bigint;
}

/** A run of consecutive intervals (no jump inside) whose rate exceeds the bound. */
export interface DriftStretch {
  readonly fromIndex: number;
  readonly toIndex: number;
  readonly fromMonotonicNs: bigint;
  readonly toMonotonicNs: bigint;
  /** (Δwall − Δmono) / Δmono over the stretch, ppm. */
  readonly ratePpm: number;
}

/** The answer of `detectClockJumps`: the steps found, and the stretches drifting faster than the bound. */
export interface JumpReport {
  readonly jumps: readonly ClockJump[];
  readonly stretches: readonly DriftStretch[];
}

/**
 * Jumps and fast-drifting stretches in a series of (monotonic, wall) pairs. An interval is a jump
 * when |Δ(wall − monotonic)| exceeds `toleranceNs`; otherwise it belongs to a stretch when its
 * rate exceeds `maxDriftPpm`; consecutive such intervals merge into one stretch.
 */
export function detectClockJumps(input: readonly ClockPair[], options: JumpOptions = {}): JumpReport {
  options = checkOptions(options, "options");
  const pairs: readonly ClockPair[] = input;
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError("detectClockJumps expects an array of { monotonicNs, wallNs }");
  }
  const tol = options.toleranceNs === undefined ? 1_000_000n : checkI64(options.toleranceNs, "toleranceNs");
  if (tol < 0n) throw new InvalidArgumentError("toleranceNs must be ≥ 0");
  const ppm = options.maxDriftPpm ?? 500;
  if (typeof ppm !== "number" || !(ppm >= 0) || !Number.isFinite(ppm)) {
    throw new InvalidArgumentError("maxDriftPpm must be a finite number ≥ 0");
  }
  const jumps: ClockJump[] = [];
  const stretches: DriftStretch[] = [];
  let open: { from: number; to: number } | undefined;
  const close = () => {
    if (open === undefined) return;
    const a = pairs[open.from], b = pairs[open.to];
    const dm = b.monotonicNs - a.monotonicNs;
    const dd = (b.wallNs - b.monotonicNs) - (a.wallNs - a.monotonicNs);
    stretches.push(
      Object.freeze({
        fromIndex: open.from,
        toIndex: open.to,
        fromMonotonicNs: a.monotonicNs,
        toMonotonicNs: b.monotonicNs,
        ratePpm: (Number(dd) / Number(dm)) * 1e6,
      }),
    );
    open = undefined;
  };
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (p === null || typeof p !== "object") {
      throw new InvalidArgumentError(`pairs[${i}] must be { monotonicNs, wallNs }`);
    }
    checkI64(p.monotonicNs, `pairs[${i}].monotonicNs`);
    checkI64(p.wallNs, `pairs[${i}].wallNs`);
    if (i === 0) continue;
    const q = pairs[i - 1];
    const dm = p.monotonicNs - q.monotonicNs;
    if (dm <= 0n) throw new NotMonotonicError(`pairs[${i}].monotonicNs does not increase`);
    const step = (p.wallNs - p.monotonicNs) - (q.wallNs - q.monotonicNs);
    if (step > tol || step < -tol) {
      close();
      jumps.push(Object.freeze({ index: i, monotonicNs: p.monotonicNs, wallNs: p.wallNs, sizeNs: step, gapNs: dm }));
      continue;
    }
    const rate = Math.abs((Number(step) / Number(dm)) * 1e6);
    if (rate > ppm) {
      if (open === undefined) open = { from: i - 1, to: i };
      else open.to = i;
    } else {
      close();
    }
  }
  close();
  return Object.freeze({ jumps, stretches });
}
