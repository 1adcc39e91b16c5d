// `clockmath drift` over a stream, in bounded memory: what the command printed from a whole parsed
// log (estimateDrift(log.samples), allanDeviation(log), detectClockJumps over the samples), folded
// batch by batch out of parseDriftLogColumns.
//
// Today's answer depends on the whole file in one place only: the source is the one with the most
// records, known at the end. So every source keeps its own digest until then (at most MAX_SOURCES):
//   - the estimate: chrony's regression reads the newest 64 samples and its runs test up to 128
//     (estimateDrift's MAX_DRIFT_SAMPLES · 2); a ring of the newest ESTIMATE_WINDOW samples gives
//     the very same estimate (the older ones only had to be well-formed and in order, which the
//     samples of a parsed log are by construction).
//   - the Allan deviation: every sample's offset (the phase) less the first one, a Float64Array per
//     source (exact while the span is below 2^53, which allanDeviation requires; a rawstats offset
//     itself may pass 2^53), and the median spacing from a count of each spacing. All
//     sources together hold at most MAX_PHASE_SAMPLES phases: past that the source holding the most
//     keeps every other one (decimation by an octave; its spacing doubles), so a log beyond that
//     prints the table from tau = 2^k · tau0 on, over every 2^k-th sample. Below it (any log under
//     the whole-text reader's old 256 MiB cap with lines of 64 bytes or more) the table is
//     today's, exactly.
//   - jumps: detectClockJumps' test, pair by pair, on numbers (exact, bigint only where a value
//     nears 2^53), keeping the first MAX_KEPT_JUMPS jumps and counting all. Every source keeps
//     its own (the busiest is known only at the end), so all sources together keep at most
//     JUMP_BUDGET: past 65 sources each keeps its first JUMP_BUDGET / sources (64 at 1024 sources;
//     a hostile 1024-source log of 1000 jumps each held 373 MB of jump objects before).
// Memory: one chunk and batch in flight, 128 samples and the jumps kept per source, 8 bytes per
// phase sample (≤ 32 MiB), and at the end the core's 16 bytes per phase sample for allanDeviation.
import {
  allanDeviation,
  type AllanKind,
  type AllanPoint,
  type BadLine,
  type ClockJump,
  ClockmathError,
  DRIFT_COLUMN,
  type DriftEstimate,
  type DriftLogFormat,
  type DriftLogSource,
  type DriftSample,
  estimateDrift,
  InvalidArgumentError,
  NotMonotonicError,
  OutOfRangeError,
  ResourceExhaustedError,
} from "../../mod.ts";
import { parseDriftLogColumnsReusing } from "../../drift/logs/columns.ts";
import { checkI64 } from "../../check.ts";

/** Samples of each source kept for the estimate: the runs test's reach (2 × MAX_DRIFT_SAMPLES). */
export const ESTIMATE_WINDOW = 128;
/** Phase samples held for the Allan deviation, all sources together (4 Mi: 32 MiB of f64). */
export const MAX_PHASE_SAMPLES = 1 << 22;
/** Jumps kept per source (all are counted). */
export const MAX_KEPT_JUMPS = 1000;
/** Jumps kept by all sources together: each keeps min(MAX_KEPT_JUMPS, JUMP_BUDGET / sources) (64 Ki, ~20 MB). */
export const JUMP_BUDGET = 1 << 16;
/** Distinct sources a log may have. */
export const MAX_SOURCES = 1024;
/** Distinct spacings counted per source before they are kept as a list instead. */
const MAX_SPACING_KINDS = 4096;

const TWO32 = 4294967296;
const TWO52 = 2 ** 52;
const TWO53 = 2 ** 53;
const HI_SAFE = 2 ** 31 - 2 ** 22; // |high word| below this: t − offset stays inside i64

/** What the command prints for one log. */
export interface DriftDigest {
  readonly format: DriftLogFormat;
  /** Records read (all sources). */
  readonly records: number;
  readonly lineCount: number;
  readonly badLineCount: number;
  readonly badLines: readonly BadLine[];
  /** The source reported: the one with the most records. */
  readonly source: string;
  /** Its samples (records in strictly increasing time). */
  readonly samples: number;
  readonly estimate: DriftEstimate;
  readonly allan: AllanPoint[];
  /** Samples per Allan phase point: 1, or 2^k once the phases were decimated. */
  readonly allanStride: number;
  /** The first MAX_KEPT_JUMPS jumps. */
  readonly jumps: readonly ClockJump[];
  readonly jumpCount: number;
}

/** Options of `digestDriftLog`. */
export interface DigestOptions {
  readonly format: DriftLogFormat | "auto";
  readonly kind: AllanKind;
  readonly toleranceNs: bigint;
  /** For tests: a smaller phase budget (default MAX_PHASE_SAMPLES). */
  readonly maxPhaseSamples?: number;
}

/** One source's running digest. */
class SourceDigest {
  readonly name: string;
  records = 0;
  /** Samples (records after the previous one in time). */
  count = 0;
  // the previous sample: time as i64 halves, offset
  prevHi = 0;
  prevLo = 0;
  prevOff = 0;
  // ... and exactly, as i64 halves (a rawstats offset may pass 2^53, where the double rounds)
  prevOffHi = 0;
  prevOffLo = 0;
  /** The first sample's offset (exact; as a number too, when that is exact): phases are held relative to it. */
  phase0 = 0n;
  phase0N = NaN;
  // the estimate's ring: time halves, offset, delay, dispersion, which of them there are
  readonly rHi = new Int32Array(ESTIMATE_WINDOW);
  readonly rLo = new Uint32Array(ESTIMATE_WINDOW);
  // the offset as i64 halves: a rawstats offset (θ of four stamps) may pass 2^53, where a double rounds it
  readonly rOffHi = new Int32Array(ESTIMATE_WINDOW);
  readonly rOffLo = new Uint32Array(ESTIMATE_WINDOW);
  readonly rDel = new Float64Array(ESTIMATE_WINDOW);
  readonly rDisp = new Float64Array(ESTIMATE_WINDOW);
  readonly rKind = new Uint8Array(ESTIMATE_WINDOW);
  // Allan phases (every stride-th sample) and spacings
  phase = new Float64Array(256);
  phaseLen = 0;
  stride = 1;
  spacingCounts: Map<number, number> | undefined = new Map();
  // the last spacing counted and how many times in a row (not yet in spacingCounts)
  runValue = -1;
  runCount = 0;
  spacingList: Float64Array | undefined;
  spacingLen = 0;
  /** Spacing since the last kept phase sample (the list's entries once decimated). */
  spacingAcc = 0;
  readonly bigSpacings: bigint[] = [];
  // jumps
  readonly jumps: ClockJump[] = [];
  jumpCount = 0;
  jumpError: unknown = undefined;
  /** How many jumps a source keeps now (shared by the sources of one log: see JUMP_BUDGET). */
  readonly keep: JumpKeep;

  constructor(name: string, keep: JumpKeep) {
    this.name = name;
    this.keep = keep;
  }
}

/**
 * Reads a drift log from `source` and digests it as `clockmath drift` reports it: the estimate,
 * the Allan deviation and the jumps of its busiest source, in bounded memory (see the file
 * comment), with the same answers (and errors) as the whole-text pipeline for logs within
 * MAX_PHASE_SAMPLES samples.
 */
export async function digestDriftLog(source: DriftLogSource, options: DigestOptions): Promise<DriftDigest> {
  const budget = options.maxPhaseSamples ?? MAX_PHASE_SAMPLES;
  const tol = options.toleranceNs;
  const tolN = tol < BigInt(TWO52) ? Number(tol) : -1; // -1: compare exactly
  // each batch is folded before the next is asked for: its memory can serve the next
  const log = parseDriftLogColumnsReusing(source, { format: options.format, strict: false });
  const bySource = new Map<string, SourceDigest>();
  const keep: JumpKeep = { jumps: MAX_KEPT_JUMPS };
  let held = 0; // phase samples held, all sources
  let format: DriftLogFormat | undefined;
  let records = 0;
  for await (const b of log.batches()) {
    const n = b.length;
    records += n;
    const states: SourceDigest[] = b.sources.map((s) => {
      let d = bySource.get(s);
      if (d === undefined) {
        if (bySource.size >= MAX_SOURCES) {
          throw new ResourceExhaustedError(`the log names more than ${MAX_SOURCES} sources`);
        }
        bySource.set(s, d = new SourceDigest(s, keep));
        const k = Math.min(MAX_KEPT_JUMPS, Math.floor(JUMP_BUDGET / bySource.size));
        if (k < keep.jumps) {
          // the first k of each source's jumps: what the source would have kept with this cap from the start
          keep.jumps = k;
          for (const o of bySource.values()) if (o.jumps.length > k) o.jumps.length = k;
        }
      }
      return d;
    });
    const t32 = new Int32Array(b.readingNs.buffer, b.readingNs.byteOffset, 2 * n);
    const o32 = new Int32Array(b.offsetNs.buffer, b.offsetNs.byteOffset, 2 * n);
    const d32 = new Int32Array(b.delayNs.buffer, b.delayNs.byteOffset, 2 * n);
    const e32 = new Int32Array(b.dispersionNs.buffer, b.dispersionNs.byteOffset, 2 * n);
    const sourceIndex = b.sourceIndex, present = b.present;
    format ??= log.summary().format;
    const chronyDisp = format === "chrony-measurements";
    for (let i = 0; i < n; i++) {
      const d = states[sourceIndex[i]];
      d.records++;
      const hi = t32[2 * i + 1], lo = t32[2 * i] >>> 0;
      if (d.count > 0 && !(hi > d.prevHi || (hi === d.prevHi && lo > d.prevLo))) continue;
      const off = o32[2 * i + 1] * TWO32 + (o32[2 * i] >>> 0);
      const k = d.count;
      // the estimate's ring
      const r = k % ESTIMATE_WINDOW;
      d.rHi[r] = hi;
      d.rLo[r] = lo;
      d.rOffHi[r] = o32[2 * i + 1];
      d.rOffLo[r] = o32[2 * i];
      const p = present[i];
      if (p & DRIFT_COLUMN.delay) {
        d.rDel[r] = d32[2 * i + 1] * TWO32 + (d32[2 * i] >>> 0);
        if (chronyDisp && p & DRIFT_COLUMN.dispersion) {
          d.rDisp[r] = e32[2 * i + 1] * TWO32 + (e32[2 * i] >>> 0);
          d.rKind[r] = 2;
        } else d.rKind[r] = 1;
      } else d.rKind[r] = 0;
      // spacing and jumps against the previous sample
      if (k > 0) {
        let dt: number, exact = true;
        const dh = hi - d.prevHi;
        if (dh < 1048576) dt = dh * TWO32 + (lo - d.prevLo); // < 2^52: exact
        else {
          const big = join(hi, lo) - join(d.prevHi, d.prevLo);
          dt = Number(big);
          if (big >= BigInt(TWO53)) {
            d.bigSpacings.push(big); // at most 2^64 / 2^53 of them
            exact = false;
          }
        }
        spacing(d, dt, exact);
        if (d.jumpError === undefined) {
          const doff = off - d.prevOff;
          if (
            tolN >= 0 && dh < 1048576 && hi < HI_SAFE && hi > -HI_SAFE && off < TWO52 && off > -TWO52 &&
            d.prevOff < TWO52 && d.prevOff > -TWO52
          ) {
            // exact: every value below 2^53
            if (!(dt - doff > 0)) d.jumpError = new NotMonotonicError(`pairs[${k}].monotonicNs does not increase`);
            else if (doff > tolN || doff < -tolN) {
              const t = join(hi, lo), o = BigInt(off);
              jump(d, k, t, o, BigInt(doff), t - o - (join(d.prevHi, d.prevLo) - BigInt(d.prevOff)));
            }
          } else {
            const po = join(d.prevOffHi, d.prevOffLo);
            jumpExact(d, k, join(hi, lo), join(o32[2 * i + 1], o32[2 * i] >>> 0), join(d.prevHi, d.prevLo), po, tol);
          }
        }
      } else if (!(hi < HI_SAFE && hi > -HI_SAFE)) {
        // the first pair's monotonic time (t − offset) may leave i64
        try {
          checkI64(join(hi, lo) - join(o32[2 * i + 1], o32[2 * i] >>> 0), `pairs[0].monotonicNs`);
        } catch (e) {
          d.jumpError = e;
        }
      }
      // the Allan phase: every stride-th sample
      if (k % d.stride === 0) {
        if (d.phaseLen === d.phase.length) d.phase = grow(d.phase);
        d.phase[d.phaseLen++] = phaseOf(d, k, off, o32[2 * i + 1], o32[2 * i] >>> 0);
        if (d.spacingList !== undefined && d.stride > 1 && k > 0) pushSpacing(d, d.spacingAcc);
        d.spacingAcc = 0;
        if (++held > budget) held -= decimate(bySource);
      }
      d.prevHi = hi;
      d.prevLo = lo;
      d.prevOff = off;
      d.prevOffHi = o32[2 * i + 1];
      d.prevOffLo = o32[2 * i] >>> 0;
      d.count = k + 1;
    }
  }
  const s = log.summary();
  // the source with the most records (ties: the smaller name), as parseDriftLog picks it
  let best: SourceDigest | undefined;
  for (const d of bySource.values()) {
    if (best === undefined || d.records > best.records || (d.records === best.records && d.name < best.name)) best = d;
  }
  const estimate = estimateOf(best);
  const allan = allanOf(best!, options.kind);
  if (best!.jumpError !== undefined) throw best!.jumpError;
  return {
    format: s.format!,
    records,
    lineCount: s.lineCount,
    badLineCount: s.badLineCount,
    badLines: s.badLines,
    source: best!.name,
    samples: best!.count,
    estimate,
    allan,
    allanStride: best!.stride,
    jumps: best!.jumps,
    jumpCount: best!.jumpCount,
  };
}

/**
 * Sample k's phase, relative to the first sample's offset: exact while the phases span less than
 * 2^53 ns, so also for offsets past 2^53 (rawstats), which a double alone would round. A relative
 * phase of 2^53 or more stays at least 2^53 rounded, so the span check still refuses it.
 */
function phaseOf(d: SourceDigest, k: number, off: number, oHi: number, oLo: number): number {
  const safe = off < TWO53 && off > -TWO53;
  if (k === 0) {
    d.phase0 = safe ? BigInt(off) : join(oHi, oLo);
    d.phase0N = safe ? off : NaN;
    return 0;
  }
  // both exact: their difference is exact below 2^53, and at least 2^53 rounded above it
  if (safe && d.phase0N === d.phase0N) return off - d.phase0N;
  return Number(join(oHi, oLo) - d.phase0);
}

/** i64 halves → bigint. */
function join(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function grow<T extends Float64Array>(a: T): T {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b as T;
}

/**
 * A spacing for the median: counted by value, or, past MAX_SPACING_KINDS values, listed (one per
 * sample before decimation, one per kept sample after it: the sum since the previous one).
 * `exact` is false for a spacing of 2^53 ns or more (kept in bigSpacings).
 */
function spacing(d: SourceDigest, dt: number, exact: boolean): void {
  if (d.spacingList !== undefined) {
    if (d.stride > 1) d.spacingAcc += dt;
    else if (exact) pushSpacing(d, dt);
    return;
  }
  if (!exact) return;
  if (dt === d.runValue) {
    d.runCount++; // logs mostly repeat one spacing: counted in a run, into the map when it ends
    return;
  }
  const counts = d.spacingCounts!;
  endRun(d);
  d.runValue = dt;
  d.runCount = 1;
  if (counts.size <= MAX_SPACING_KINDS) return;
  // too many values to count: a list from here on (of every spacing so far, before decimation)
  endRun(d);
  d.spacingList = new Float64Array(256);
  d.spacingLen = 0;
  d.spacingCounts = undefined;
  if (d.stride === 1) { for (const [v, c] of counts) for (let m = 0; m < c; m++) pushSpacing(d, v); }
}

/** The current run of one spacing into the counts. */
function endRun(d: SourceDigest): void {
  if (d.runCount > 0) d.spacingCounts!.set(d.runValue, (d.spacingCounts!.get(d.runValue) ?? 0) + d.runCount);
  d.runCount = 0;
  d.runValue = -1;
}

function pushSpacing(d: SourceDigest, v: number): void {
  if (d.spacingLen === d.spacingList!.length) d.spacingList = grow(d.spacingList!);
  d.spacingList![d.spacingLen++] = v;
}

/** Halves the phases of the source holding the most; returns how many were dropped. */
function decimate(all: Map<string, SourceDigest>): number {
  let top: SourceDigest | undefined;
  for (const d of all.values()) if (top === undefined || d.phaseLen > top.phaseLen) top = d;
  const d = top!;
  const before = d.phaseLen;
  let j = 0;
  for (let i = 0; i < before; i += 2) d.phase[j++] = d.phase[i];
  d.phaseLen = j;
  if (d.spacingList !== undefined) {
    // spacings between kept samples: pairs merge
    let m = 0;
    for (let i = 0; i + 1 < d.spacingLen; i += 2) d.spacingList[m++] = d.spacingList[i] + d.spacingList[i + 1];
    if (d.spacingLen % 2 === 1) d.spacingAcc += d.spacingList[d.spacingLen - 1];
    d.spacingLen = m;
  }
  d.stride *= 2;
  return before - j;
}

/** The per-source jump cap of one log, lowered as sources appear. */
interface JumpKeep {
  jumps: number;
}

/** A jump at pair k. */
function jump(d: SourceDigest, k: number, t: bigint, off: bigint, step: bigint, gap: number | bigint): void {
  d.jumpCount++;
  if (d.jumps.length < d.keep.jumps) {
    d.jumps.push(Object.freeze({ index: k, monotonicNs: t - off, wallNs: t, sizeNs: step, gapNs: BigInt(gap) }));
  }
}

/** detectClockJumps' test for pair k, in bigints (values near 2^53 or beyond). */
function jumpExact(d: SourceDigest, k: number, t: bigint, off: bigint, pt: bigint, poff: bigint, tol: bigint): void {
  try {
    const mono = checkI64(t - off, `pairs[${k}].monotonicNs`);
    const dm = mono - (pt - poff);
    if (dm <= 0n) throw new NotMonotonicError(`pairs[${k}].monotonicNs does not increase`);
    const step = off - poff;
    if (step > tol || step < -tol) jump(d, k, t, off, step, dm);
  } catch (e) {
    d.jumpError = e;
  }
}

/**
 * estimateDrift over the source's window; its errors name the sample by its index in the whole
 * log, as estimateDrift(log.samples) does ("samples[72]: span … exceeds", not samples[0]).
 */
function estimateOf(d: SourceDigest | undefined): DriftEstimate {
  if (d === undefined) return estimateDrift([]);
  const skipped = d.count - Math.min(d.count, ESTIMATE_WINDOW);
  try {
    return estimateDrift(windowSamples(d));
  } catch (e) {
    // our own short message: "samples[" digits "]" has one reading, no backtracking
    if (e instanceof ClockmathError && skipped > 0) {
      e.message = e.message.replace(/samples\[([0-9]+)\]/g, (_, i: string) => `samples[${Number(i) + skipped}]`);
    }
    throw e;
  }
}

/** The newest ESTIMATE_WINDOW samples as DriftSample objects, oldest first. */
function windowSamples(d: SourceDigest): DriftSample[] {
  const n = Math.min(d.count, ESTIMATE_WINDOW);
  const out: DriftSample[] = [];
  for (let j = d.count - n; j < d.count; j++) {
    const r = j % ESTIMATE_WINDOW;
    const readingNs = join(d.rHi[r], d.rLo[r]), offsetNs = join(d.rOffHi[r], d.rOffLo[r]);
    const kind = d.rKind[r];
    if (kind === 0) out.push({ readingNs, offsetNs });
    else {
      const del = BigInt(d.rDel[r]);
      const delayNs = del < 0n ? 0n : del;
      if (kind === 1) out.push({ readingNs, offsetNs, delayNs });
      else {
        const e = BigInt(d.rDisp[r]);
        out.push({ readingNs, offsetNs, delayNs, dispersionNs: e < 0n ? 0n : e });
      }
    }
  }
  return out;
}

/** allanDeviation(log, { kind, taus: "octave" }) from the digest: the same checks, in the same order. */
function allanOf(d: SourceDigest, kind: AllanKind): AllanPoint[] {
  const tau0 = medianSpacing(d);
  if (tau0 <= 0n || tau0 >= BigInt(TWO53)) throw new OutOfRangeError(`tau0Ns = ${tau0} is outside (0, 2^53)`);
  const x = d.phase.subarray(0, d.phaseLen);
  const count = x.length;
  const max = kind === "adev" || kind === "oadev"
    ? Math.floor((count - 1) / 2)
    : kind === "mdev" || kind === "tdev"
    ? Math.floor(count / 3)
    : Math.floor((count - 1) / 3);
  if (max < 1) throw new InvalidArgumentError(`${kind} needs more data: ${count} values`);
  let lo = x[0], hi = x[0];
  for (let i = 1; i < count; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  if (hi - lo >= TWO53) throw new OutOfRangeError("phase span exceeds 2^53 ns: f64 could not hold it exactly");
  // relative to the first value, as the core converts a BigInt64Array (exact: the span is below 2^53)
  const x0 = x[0];
  for (let i = 0; i < count; i++) x[i] -= x0;
  return allanDeviation(x, { tau0Ns: tau0, kind, taus: "octave" });
}

/** The median spacing (the sorted spacings' element at length >> 1), times the stride once decimated. */
function medianSpacing(d: SourceDigest): bigint {
  if (d.count < 2) throw new InvalidArgumentError("a log with fewer than 2 samples has no spacing");
  const big = d.bigSpacings.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (d.spacingCounts !== undefined) {
    endRun(d);
    const total = d.count - 1, want = total >> 1;
    const keys = [...d.spacingCounts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const v of keys) {
      seen += d.spacingCounts.get(v)!;
      if (seen > want) return BigInt(v) * BigInt(d.stride);
    }
    return big[want - seen] * BigInt(d.stride);
  }
  const list = d.spacingList!.subarray(0, d.spacingLen).sort();
  if (d.stride > 1) return list.length > 0 ? BigInt(Math.round(list[list.length >> 1])) : BigInt(d.stride);
  const want = (list.length + big.length) >> 1;
  return want < list.length ? BigInt(list[want]) : big[want - list.length];
}
