// The RFC 5905 §10 clock filter: eight stages of (offset, delay, dispersion, time), the
// minimum-delay sample, dispersion growing at PHI, jitter, and the popcorn spike suppressor.
//
// Written from the RFC's prose (§10) and Appendix A.5.2: each stage's dispersion is aged from its
// own arrival time (ε grows at PHI from the measurement, whatever the call rate); the stages sort
// by delay; the peer dispersion and jitter are recomputed on every sample rather than accumulated;
// the jitter has 1/(n − 1) inside the square root (verified erratum 5600 to §10).
import { checkI64, checkOptions } from "../check.ts";
import { InvalidArgumentError, NotMonotonicError } from "../errors.ts";

/** Stages of the filter register (NSTAGE). */
export const NTP_FILTER_STAGES = 8;
/** Dispersion growth: 15 ppm (PHI = 15 · 10^-6 s/s). */
export const NTP_PHI = 15e-6;
/** Maximum dispersion, ns (MAXDISP = 16 s); empty stages carry it. */
export const NTP_MAXDISP_NS = 16e9;
/** Popcorn spike gate (SGATE = 3 jitters). */
export const NTP_SGATE = 3;

/** One sample offered to the filter. */
export interface FilterSample {
  /** Arrival time on the local clock, ns (strictly later than the previous sample's). */
  readonly readingNs: bigint;
  /** θ, ns (server − client, as `ntpExchange` gives it). */
  readonly offsetNs: bigint;
  /** δ, ns; negative values are clamped to the precision (RFC 5905 §8). */
  readonly delayNs: bigint;
  /** ε at arrival, ns (precisions plus PHI · delay); default 0n. */
  readonly dispersionNs?: bigint;
}

/** The filter's output after a sample. */
export interface FilterOutput {
  /** True when the peer variables were updated with a new sample. */
  readonly accepted: boolean;
  /** Why not: the best sample is not newer than the last one used, or a popcorn spike. */
  readonly reason?: "not-newer" | "popcorn";
  /** Peer offset θ (the minimum-delay sample's), ns. */
  readonly offsetNs: bigint;
  /** Peer delay δ, ns. */
  readonly delayNs: bigint;
  /** Peer dispersion ε = Σ ε_i / 2^(i+1) over the stages sorted by delay, ns (computed in f64, rounded to 1 ns). */
  readonly dispersionNs: bigint;
  /**
   * Peer jitter ψ: RMS of the offsets' differences from θ over the valid stages, at least the precision, ns
   * (computed in f64, rounded to the nearest ns).
   */
  readonly jitterNs: bigint;
  /** Arrival time of the sample the peer variables come from, ns. */
  readonly readingNs: bigint;
}

/** Options of a `ClockFilter`. */
export interface ClockFilterOptions {
  /** System precision, ns: the floor of delay and jitter (default 2^-20 s ≈ 954 ns, ntpd's usual). */
  readonly precisionNs?: bigint;
  /** System poll interval, ns: spikes closer than 2 polls to the last update are dropped (default 64 s). */
  readonly pollNs?: bigint;
}

interface Stage {
  readingNs: bigint;
  offset: bigint;
  delay: bigint;
  disp: number;
  valid: boolean;
}

/**
 * The RFC 5905 clock filter for one peer.
 *
 * @example
 * const f = new ClockFilter();
 * const { thetaNs, delayNs } = ntpExchange({ t1, t2, t3, t4 });
 * f.add({ readingNs: t4, offsetNs: thetaNs, delayNs }).offsetNs;
 */
export class ClockFilter {
  readonly #stages: Stage[] = [];
  readonly #precision: number;
  readonly #poll: bigint;
  #lastT: bigint | undefined;
  #used: bigint | undefined;
  #out: FilterOutput | undefined;

  constructor(options: ClockFilterOptions = {}) {
    options = checkOptions(options, "options");
    const p = options.precisionNs === undefined ? 2 ** -20 * 1e9 : Number(checkI64(options.precisionNs, "precisionNs"));
    if (!(p > 0)) throw new InvalidArgumentError("precisionNs must be positive");
    this.#precision = p;
    this.#poll = options.pollNs === undefined ? 64_000_000_000n : checkI64(options.pollNs, "pollNs");
    if (this.#poll <= 0n) throw new InvalidArgumentError("pollNs must be positive");
  }

  /** Shifts a sample in and recomputes the peer variables. */
  add(sample: FilterSample): FilterOutput {
    if (sample === null || typeof sample !== "object") {
      throw new InvalidArgumentError("add expects { readingNs, offsetNs, delayNs }");
    }
    const t = checkI64(sample.readingNs, "readingNs");
    const offset = checkI64(sample.offsetNs, "offsetNs");
    let delay = checkI64(sample.delayNs, "delayNs");
    const disp = sample.dispersionNs === undefined ? 0 : Number(checkI64(sample.dispersionNs, "dispersionNs"));
    if (!(disp >= 0)) throw new InvalidArgumentError("dispersionNs must be ≥ 0");
    if (this.#lastT !== undefined && t <= this.#lastT) {
      throw new NotMonotonicError(`readingNs = ${t} is not after the previous sample's ${this.#lastT}`);
    }
    const prec = BigInt(Math.ceil(this.#precision));
    if (delay < prec) delay = prec;
    this.#lastT = t;
    this.#stages.unshift({ readingNs: t, offset, delay, disp, valid: true });
    if (this.#stages.length > NTP_FILTER_STAGES) this.#stages.length = NTP_FILTER_STAGES;

    // age every stage to now, pad with empty stages, sort by delay (stable: newer first on ties)
    const aged = this.#stages.map((s) => ({
      ...s,
      disp: Math.min(s.disp + NTP_PHI * Number(t - s.readingNs), NTP_MAXDISP_NS),
    }));
    while (aged.length < NTP_FILTER_STAGES) {
      aged.push({ readingNs: t, offset: 0n, delay: BigInt(NTP_MAXDISP_NS), disp: NTP_MAXDISP_NS, valid: false });
    }
    const sorted = aged.map((s, i) => ({ s, i })).sort((
      a,
      b,
    ) => (a.s.delay < b.s.delay ? -1 : a.s.delay > b.s.delay ? 1 : a.i - b.i)).map((x) => x.s);
    const best = sorted[0];
    let dispersion = 0;
    for (let i = 0; i < NTP_FILTER_STAGES; i++) dispersion += sorted[i].disp / 2 ** (i + 1);
    const valid = sorted.filter((s) => s.valid && s.disp < NTP_MAXDISP_NS);
    let sq = 0;
    for (let i = 1; i < valid.length; i++) {
      const d = Number(valid[i].offset - best.offset);
      sq += d * d;
    }
    const jitter = Math.max(valid.length > 1 ? Math.sqrt(sq / (valid.length - 1)) : 0, this.#precision);

    if (this.#used !== undefined && best.readingNs <= this.#used) return this.#keep("not-newer", dispersion, jitter);
    const prev = this.#out;
    if (prev !== undefined && this.#used !== undefined) {
      const jump = Math.abs(Number(best.offset - prev.offsetNs));
      if (jump > NTP_SGATE * jitter && best.readingNs - this.#used < 2n * this.#poll) {
        return this.#keep("popcorn", dispersion, jitter);
      }
    }
    this.#used = best.readingNs;
    this.#out = Object.freeze({
      accepted: true,
      offsetNs: best.offset,
      delayNs: best.delay,
      dispersionNs: BigInt(Math.round(dispersion)),
      jitterNs: BigInt(Math.round(jitter)),
      readingNs: best.readingNs,
    });
    return this.#out;
  }

  #keep(reason: "not-newer" | "popcorn", dispersion: number, jitter: number): FilterOutput {
    const o = this.#out;
    return Object.freeze({
      accepted: false,
      reason,
      offsetNs: o?.offsetNs ?? 0n,
      delayNs: o?.delayNs ?? 0n,
      dispersionNs: BigInt(Math.round(dispersion)),
      jitterNs: BigInt(Math.round(jitter)),
      readingNs: o?.readingNs ?? 0n,
    });
  }

  /** The register, newest first: what each stage holds (before ageing). */
  stages(): readonly { readingNs: bigint; offsetNs: bigint; delayNs: bigint; dispersionNs: bigint }[] {
    return this.#stages.map((s) =>
      Object.freeze({
        readingNs: s.readingNs,
        offsetNs: s.offset,
        delayNs: s.delay,
        dispersionNs: BigInt(Math.round(s.disp)),
      })
    );
  }
}
