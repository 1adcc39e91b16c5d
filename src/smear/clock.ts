// SmearedClock: what a clock following one leap-smear model reads at a TAI instant, and back.
import { core } from "../core/loader.ts";
import type { CoreExports } from "../core/exports.ts";
import { checkI64, checkInt, checkOptions, I64Range, show } from "../check.ts";
import { isCoreView } from "../core/array.ts";
import { allocBlock, installDispose, releaseBlock } from "../core/block.ts";
import { SMEAR_HEADER_BYTES, SMEAR_ROW_BYTES, SMEAR_SEGMENT_BYTES, TO_TAI_AMBIGUOUS } from "../core/exports.ts";
import type { SharedBlock } from "../core/shared-block.ts";
import {
  AmbiguousReadingError,
  ExpiredError,
  InvalidArgumentError,
  NonexistentReadingError,
  OutOfRangeError,
} from "../errors.ts";
import { MAX_TAI_NS, NS_PER_DAY, NS_PER_SECOND } from "../constants.ts";
import { LeapTable, retainLeapRows } from "../leap/table.ts";
import { civilFromUnix, type UtcFields } from "../time/civil.ts";
import { checkModel, planFor, Shape, type SmearModel, type SmearWindow, type WindowRow } from "./models.ts";
import { smearedReadingRange } from "./range.ts";
import type { NsRange, RangeOptions } from "../leap/range.ts";

/** How `toTai` resolves a reading the clock shows more than once, or never. */
/** Options of `SmearedClock.sample`. */
export interface SampleOptions {
  /** Where to write the readings instead of a new array: a BigInt64Array of length count. */
  readonly into?: BigInt64Array;
}

/** Options of `SmearedClock.toTai`: which instant to answer for a reading shown more than once, or never. */
export interface ToTaiOptions {
  /**
   * Without `pick` such readings throw `ambiguous-reading` / `nonexistent-reading`.
   * `"earliest"` / `"latest"`: the first / last instant showing an ambiguous reading. For a reading
   * the clock jumps over, both give the instant of the jump (the first instant reading later).
   */
  readonly pick?: "earliest" | "latest";
}

/** Largest number of points `sample` returns in one call (128 MiB of output). */
export const MAX_SAMPLE_POINTS = 1 << 24;

const WORDS = SMEAR_ROW_BYTES / 8;

// Ranges no bigint is in: a disposed clock's readings all take the slow path, which throws.
const NOTHING = new I64Range(1n, 0n);

/** What a clock holds in core memory: its windows, and its share of the table's rows. */
interface Held {
  windows: number;
  rows: SharedBlock;
}

function releaseHeld(h: Held): void {
  releaseBlock(h.windows);
  h.rows.release();
}

// The safety net for clocks dropped without dispose(); missing in some runtimes (workerd before
// compatibility date 2025-05-05), where only dispose() frees a clock's memory.
const registry: FinalizationRegistry<Held> | undefined = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<Held>((h) => {
    try {
      releaseHeld(h);
    } catch { /* never throw into the event loop */ }
  })
  : undefined;

// Set in SmearedClock's static block (see clockWindowsAddress).
let windowsOf: (c: SmearedClock) => number;

/**
 * A clock that applies a leap-smear model to every leap second of a table (positive and negative).
 * Readings are Unix-like ns (86 400 s per day), each the floor of the model's exact value; instants
 * are TAI ns. See {@link SmearModelName} for what each model does and where it comes from.
 *
 * Before 1972 (the rubber-second era of the built-in table) every model follows the table's Linux
 * rule; smears apply to whole leaps between rows without drift.
 *
 * A clock keeps its windows in a block of clockmath's WebAssembly memory (112 bytes a window and
 * 48 bytes per monotone stretch for the inverse, at most one more than the windows) and
 * a share of its table's rows. `dispose()` frees both at once; a clock dropped without it is freed
 * when garbage-collected (where FinalizationRegistry exists).
 *
 * @example
 * const google = new SmearedClock("google");
 * const tai = LeapTable.builtin().utcToTai(parseUtc("2016-12-31T23:59:60.5Z"));
 * google.fromTai(tai); // 1_483_228_800_000_000_000n: half way through its noon-to-noon smear it
 *                      // reads 2017-01-01T00:00:00.000, half a second behind the old count
 */
export class SmearedClock {
  static {
    windowsOf = (c) => {
      c.#live();
      return c.#ptr;
    };
  }

  readonly model: SmearModel;
  /** The table the clock was built on. The clock keeps its own share of the table's rows, so it works on after `table.dispose()`. */
  readonly table: LeapTable;
  readonly #rows: WindowRow[];
  readonly #core: CoreExports;
  /** Core memory this clock owns; undefined once disposed. */
  #held: Held | undefined;
  /** The window block (SMEAR_HEADER_BYTES, then SMEAR_ROW_BYTES per window), 0 once disposed. */
  #ptr = 0;
  /** The table's rows (its shared block), for instants before the first whole leap. */
  readonly #leapPtr: number;
  readonly #constFrom: bigint;
  readonly #base: bigint;
  readonly #minTai: bigint;
  /** Last TAI ns answered: MAX_TAI_NS, or the instant before a strict table's expiry. */
  readonly #maxTai: bigint;
  /** The instants fromTai hands to the core without more checks, constFrom to maxTai (NOTHING once disposed). */
  #fast: I64Range;
  /** Readings at minTai and maxTai: toTai's range. */
  readonly #readLo: bigint;
  readonly #readHi: bigint;
  /** The readings toTai hands to the core, from the reading at constFrom to readHi (NOTHING once disposed). */
  #inverse: I64Range;

  constructor(model: SmearModel, table: LeapTable = LeapTable.builtin()) {
    if (!(table instanceof LeapTable)) throw new InvalidArgumentError("table must be a LeapTable");
    this.model = checkModel(model);
    this.table = table;
    const plan = planFor(this.model, table);
    this.#rows = plan.rows;
    this.#constFrom = plan.constFrom;
    this.#base = plan.base;
    this.#minTai = table.unixToTai(table.validFromUnixNs);
    this.#maxTai =
      table.strict && table.expiresUnixNs !== undefined && table.expiresUnixNs <= MAX_TAI_NS - 2_000n * NS_PER_SECOND
        ? table.unixToTai(table.expiresUnixNs, { strict: false }) - 1n
        : MAX_TAI_NS;
    this.#fast = new I64Range(this.#constFrom, this.#maxTai);
    // One window per leap of the table, so MAX_LEAP_TABLE_ROWS bounds the block (≤ 384 KiB).
    const c = (this.#core = core());
    const n = this.#rows.length;
    const rows = retainLeapRows(table);
    let windows: number;
    try {
      // n windows and toTai's n + 1 monotone segments at most
      windows = allocBlock(
        SMEAR_HEADER_BYTES + n * SMEAR_ROW_BYTES + (n + 1) * SMEAR_SEGMENT_BYTES,
        `a smeared clock of ${n} windows`,
      );
    } catch (e) {
      rows.release();
      throw e;
    }
    const words = new BigInt64Array(c.memory.buffer, windows + SMEAR_HEADER_BYTES, n * WORDS);
    this.#rows.forEach((r, j) => words.set([r.s, r.e, r.l, r.d, r.off0, r.off1, BigInt(r.shape), r.p], j * WORDS));
    c.setSmearWindows(windows, n, this.#base, this.#constFrom, this.#maxTai);
    this.#ptr = windows;
    this.#leapPtr = rows.ptr;
    this.#readLo = this.fromTai(this.#minTai);
    this.#readHi = this.fromTai(this.#maxTai);
    this.#inverse = this.#constFrom <= this.#maxTai
      ? new I64Range(this.fromTai(this.#constFrom), this.#readHi)
      : NOTHING;
    this.#held = { windows, rows };
    registry?.register(this, this.#held, this);
    Object.freeze(this);
  }

  /**
   * Frees the clock's core memory now instead of when it is garbage-collected (its windows, and
   * its share of the table's rows). Afterwards every method throws `invalid-argument`; calling it
   * again does nothing.
   */
  dispose(): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    this.#ptr = 0;
    this.#fast = NOTHING;
    this.#inverse = NOTHING;
    registry?.unregister(this);
    releaseHeld(held);
  }

  /** Throws `invalid-argument` once the clock was disposed. */
  #live(): void {
    if (this.#ptr === 0) throw new InvalidArgumentError("this SmearedClock was disposed");
  }

  /** The table's Linux rule (table.taiToUnix) for t in [minTai, maxTai], from the clock's own share of the rows. */
  #linux(t: bigint): bigint {
    return this.#core.taiToUnix(this.#leapPtr, t);
  }

  /** The smear windows, one per leap, in TAI ns. */
  windows(): SmearWindow[] {
    this.#live();
    return this.#rows.map((r) => Object.freeze({ startTaiNs: r.s, endTaiNs: r.e, leapTaiNs: r.l, deltaNs: r.d }));
  }

  /** The reading (Unix-like ns) at TAI ns `taiNs`: the floor of the model's exact value. */
  fromTai(taiNs: bigint): bigint {
    if (!this.#fast.has(taiNs)) return this.#slowFromTai(taiNs);
    return this.#core.smearFromTai(this.#ptr, taiNs);
  }

  #slowFromTai(taiNs: bigint): bigint {
    this.#checkTai(taiNs, "taiNs");
    if (taiNs < this.#constFrom) return this.#linux(taiNs);
    return this.#core.smearFromTai(this.#ptr, taiNs);
  }

  /** The reading's UTC-style fields: what the clock's display shows (its seconds never reach 60). */
  readingFields(taiNs: bigint): UtcFields {
    return civilFromUnix(this.fromTai(taiNs));
  }

  /**
   * What the clock's seconds field shows from `fromTai` to `toTai` (at most 60 s): each stretch of
   * one displayed whole second, in order, with its exact TAI bounds [fromTai, toTai). A repeated
   * second appears twice, a skipped one not at all, a stalled or slowed one lasts longer than 1 s.
   * (A Unix-like clock never shows :60; `table.taiToUtc` gives the UTC label for comparison.)
   */
  secondsShown(fromTaiNs: bigint, toTaiNs: bigint): SecondShown[] {
    this.#checkTai(fromTaiNs, "fromTai");
    this.#checkTai(toTaiNs, "toTai");
    if (toTaiNs <= fromTaiNs) throw new InvalidArgumentError(`toTai = ${toTaiNs} must be after fromTai = ${fromTaiNs}`);
    if (toTaiNs - fromTaiNs > 60n * NS_PER_SECOND) throw new OutOfRangeError("secondsShown covers at most 60 s");
    const MS = 1_000_000n;
    const last = toTaiNs - 1n; // [fromTai, toTai): the last instant shown
    const n = Number((last - fromTaiNs + MS - 1n) / MS) + 1;
    const r = this.sample(fromTaiNs, last, n);
    const span = last - fromTaiNs, div = BigInt(Math.max(n - 1, 1));
    const at = (i: number) => fromTaiNs + (span * BigInt(i)) / div;
    const sec = (x: bigint) => (x >= 0n ? x / NS_PER_SECOND : -((-x + NS_PER_SECOND - 1n) / NS_PER_SECOND));
    const out: SecondShown[] = [];
    let start = fromTaiNs;
    let cur = sec(r[0]);
    const emit = (end: bigint, s: bigint) => {
      const f = civilFromUnix(s * NS_PER_SECOND);
      const p = (v: number) => String(v).padStart(2, "0");
      out.push(
        Object.freeze({
          label: `${p(f.hour)}:${p(f.minute)}:${p(f.second)}`,
          second: f.second,
          fromTaiNs: start,
          toTaiNs: end,
        }),
      );
    };
    for (let i = 1; i < n; i++) {
      const s = sec(r[i]);
      const prev = r[i - 1];
      if (s === cur && r[i] >= prev) continue;
      // the first instant in (t_{i−1}, t_i] showing another second, or stepping back (a repeat of
      // the same second): one change per millisecond at most
      let lo = at(i - 1), hi = at(i);
      while (hi - lo > 1n) {
        const mid = lo + (hi - lo) / 2n;
        const v = this.fromTai(mid);
        if (sec(v) === cur && v >= prev) lo = mid;
        else hi = mid;
      }
      emit(hi, cur);
      start = hi;
      cur = s;
    }
    emit(toTaiNs, cur);
    return out;
  }

  /** reading − the Linux/UTC count (`table.taiToUnix`) at `taiNs`, ns. */
  offsetAt(taiNs: bigint): bigint {
    return this.fromTai(taiNs) - this.#linux(taiNs);
  }

  /**
   * The clock's frequency offset at `taiNs` in ppm: d(reading)/d(TAI) − 1, × 10^6. Steps are not
   * rates (0 there); a stalled clock is −10^6; before 1972 the UTC drift of the table applies.
   */
  rateAt(taiNs: bigint): number {
    this.#checkTai(taiNs, "taiNs");
    if (taiNs < this.#constFrom) {
      const u = this.#linux(taiNs);
      let k = 0n;
      for (const l of this.table.leaps) if (l.unixNs <= u) k = l.driftNsPerDay ?? 0n;
      return k === 0n ? 0 : (Number(NS_PER_DAY) / (Number(NS_PER_DAY) + Number(k)) - 1) * 1e6;
    }
    const r = this.#rows.find((w) => w.s <= taiNs && taiNs < w.e);
    if (r === undefined) return 0;
    const tau = Number(taiNs - r.s), w = Number(r.e - r.s), d = Number(r.d), p = Number(r.p);
    switch (r.shape) {
      case Shape.Step:
      case Shape.Overrun:
        return 0;
      case Shape.Stall:
        return -1e6;
      case Shape.Linear:
        return (-d / w) * 1e6;
      case Shape.Cosine:
        return ((-d * Math.PI) / (2 * w)) * Math.sin((Math.PI * tau) / w) * 1e6;
      case Shape.Quadratic:
        return ((-4 * d * (2 * tau <= w ? tau : w - tau)) / (w * w)) * 1e6;
      case Shape.Ntpd:
        return ((-Math.abs(d) * Math.PI) / (2 * p)) * Math.sin((Math.PI * tau) / p) * 1e6;
      default:
        return (-d / p) * 1e6;
    }
  }

  /**
   * Readings at `count` evenly spaced TAI instants from `fromTai` to `toTai` (both included when
   * count ≥ 2: t_i = fromTai + floor(i·(toTai − fromTai)/(count − 1))), in one call into the core.
   * `options.into` (a BigInt64Array of length count) receives them instead of a new array; a
   * CoreArray view is written in place by the core, with no copy.
   */
  sample(fromTaiNs: bigint, toTaiNs: bigint, count: number, options: SampleOptions = {}): BigInt64Array {
    options = checkOptions(options, "options");
    this.#checkTai(fromTaiNs, "fromTai");
    this.#checkTai(toTaiNs, "toTai");
    if (toTaiNs < fromTaiNs) throw new InvalidArgumentError(`toTai = ${toTaiNs} is before fromTai = ${fromTaiNs}`);
    checkInt(count, 1, MAX_SAMPLE_POINTS, "count");
    const into = options.into;
    if (into !== undefined && (!(into instanceof BigInt64Array) || into.length !== count)) {
      throw new InvalidArgumentError(`into must be a BigInt64Array of length ${count}`);
    }
    const c = this.#core;
    let out: BigInt64Array;
    if (into !== undefined && isCoreView(into, "into")) {
      c.smearSample(this.#ptr, fromTaiNs, toTaiNs, count, into.byteOffset);
      out = into;
    } else {
      const ptr = c.scratch(count * 8);
      if (ptr === 0) throw new OutOfRangeError(`count = ${count}: the points do not fit in WebAssembly memory`);
      c.smearSample(this.#ptr, fromTaiNs, toTaiNs, count, ptr);
      out = into ?? new BigInt64Array(count);
      out.set(new BigInt64Array(c.memory.buffer, ptr, count));
    }
    if (fromTaiNs < this.#constFrom) {
      // before the first whole leap: the table's Linux rule (rubber seconds), point by point
      const span = toTaiNs - fromTaiNs, div = BigInt(Math.max(count - 1, 1));
      for (let i = 0; i < count; i++) {
        const t = fromTaiNs + (span * BigInt(i)) / div;
        if (t >= this.#constFrom) break;
        out[i] = this.#linux(t);
      }
    }
    return out;
  }

  /**
   * The TAI ns at which the clock reads `readingNs`: the first instant whose reading is at least
   * `readingNs` (exact; `toTai(fromTai(t)) === t` wherever the clock is one-to-one). A reading
   * shown over a stretch of time (a repeated or stalled second) throws `ambiguous-reading`, one the
   * clock jumps over throws `nonexistent-reading`, unless `pick` is given. A reading shown at two
   * consecutive ns only because a smear runs slow is not ambiguous: the earlier ns is returned.
   */
  toTai(readingNs: bigint, options?: ToTaiOptions): bigint {
    const o = options === undefined ? undefined : checkOptions(options, "options");
    const inCore = this.#inverse.has(readingNs);
    if (!inCore) checkI64(readingNs, "readingNs");
    const pick = o === undefined ? 0 : pickCode(o.pick);
    if (!inCore) return this.#slowToTai(readingNs, pick);
    const t = this.#core.smearToTai(this.#ptr, readingNs, pick);
    return t !== I64_MIN ? t : this.#toTaiFailure(readingNs);
  }

  /** toTai outside the core's readings: range errors, a disposed clock, the rubber-second era. */
  #slowToTai(r: bigint, pick: number): bigint {
    this.#live();
    const lo = this.#readLo, hi = this.#readHi;
    if (r < lo || r > hi) throw new OutOfRangeError(`readingNs = ${r} is outside this clock's range [${lo}, ${hi}]`);
    if (this.#constFrom <= this.#maxTai && r >= this.fromTai(this.#constFrom)) {
      const t = this.#core.smearToTai(this.#ptr, r, pick);
      return t !== I64_MIN ? t : this.#toTaiFailure(r);
    }
    // the rubber-second era: the table's own inverse (first occurrence)
    // r ≥ fromTai(minTai) = validFromUnixNs: inside the table's Unix range
    const t = this.#core.unixToTai(this.#leapPtr, r);
    if (this.#linux(t) === r) return t;
    if (pick !== 0) return this.#firstAtLeast(r, this.#minTai, this.#constFrom);
    throw new NonexistentReadingError(`reading ${r} never appears: the table skips it`);
  }

  /** The error of a smearToTai that found no single instant. */
  #toTaiFailure(r: bigint): never {
    const c = this.#core;
    if (c.smearToTaiStatus() === TO_TAI_AMBIGUOUS) {
      throw new AmbiguousReadingError(
        `reading ${r} appears from TAI ${c.smearToTaiFirst()} to ${c.smearToTaiLast()} on a ${
          describe(this.model)
        } clock; pass { pick: "earliest" | "latest" }`,
      );
    }
    const jump = c.smearToTaiFirst();
    throw new NonexistentReadingError(
      `reading ${r} never appears on a ${describe(this.model)} clock: it jumps over it at TAI ${
        jump === I64_MIN ? "(none)" : jump
      }`,
    );
  }

  /** Smallest t in [a, b] with fromTai(t) ≥ r (b + 1 when none), for a non-decreasing stretch. */
  #firstAtLeast(r: bigint, a: bigint, b: bigint): bigint {
    let lo = a, hi = b + 1n;
    while (lo < hi) {
      const mid = lo + ((hi - lo) >> 1n);
      const v = this.fromTai(mid);
      if (v >= r) hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  }

  #checkTai(t: unknown, name: string): void {
    this.#live();
    if (typeof t !== "bigint" || t < this.#minTai || t > this.#maxTai) {
      const v = checkI64(t, name);
      if (v > this.#maxTai && v <= MAX_TAI_NS) {
        throw new ExpiredError(
          `${name} = ${t} is at or after the strict table's expiry: leap seconds there are unknown`,
        );
      }
      throw new OutOfRangeError(`${name} = ${t} is outside this clock's range [${this.#minTai}, ${MAX_TAI_NS}]`);
    }
  }

  /**
   * Bounds on the reading at TAI ns `taiNs` when leap seconds after the table's expiry are
   * unknown: equal to `fromTai` until a smear window of a possible unannounced leap (month ends
   * per `options.months`, as for `LeapTable.taiMinusUtcRange`) may have begun, then ∓ 1 s per such
   * leap. Never throws `expired`. Logic in ./range.ts.
   */
  fromTaiRange(taiNs: bigint, options?: RangeOptions): NsRange {
    return smearedReadingRange(this, taiNs, options);
  }
}

/**
 * Address of a live clock's window block in core memory (for benchmarks and diagnostics that call
 * the core directly; not part of the public API). Valid until the clock is disposed.
 */
export function clockWindowsAddress(clock: SmearedClock): number {
  return windowsOf(clock);
}

/** The core's "no single instant" answer of smearToTai. */
const I64_MIN = -(1n << 63n);

/** toTai's pick option as the core's code: 0 none, 1 earliest, 2 latest. */
function pickCode(pick: unknown): number {
  if (pick === undefined) return 0;
  if (pick === "earliest") return 1;
  if (pick === "latest") return 2;
  throw new InvalidArgumentError(`pick must be "earliest" or "latest", got ${show(pick)}`);
}

function describe(m: SmearModel): string {
  return typeof m === "string" ? m : `custom ${m.shape}`;
}

/** One stretch of a displayed whole second (see {@link SmearedClock.secondsShown}). */
export interface SecondShown {
  /** "HH:MM:SS" as the clock shows it. */
  readonly label: string;
  readonly second: number;
  /** First TAI ns showing it. */
  readonly fromTaiNs: bigint;
  /** First TAI ns showing another second (or the end of the range). */
  readonly toTaiNs: bigint;
}

/** Result of {@link compareClocks}. */
export interface ClockComparison {
  /** Largest |a − b| over the interval, ns. */
  readonly maxAbsNs: bigint;
  /** The first TAI ns where it occurs. */
  readonly atTaiNs: bigint;
  /** a's reading − b's reading there, ns. */
  readonly deltaNs: bigint;
  readonly aReadingNs: bigint;
  readonly bReadingNs: bigint;
}

/**
 * The largest disagreement between two clocks over [fromTai, toTai]: exact at every window edge
 * and leap of either clock (where steps happen), and found by successive refinement of sampled
 * differences elsewhere (smooth curves: the result is the true maximum to within a nanosecond of
 * position for unimodal differences).
 */
export function compareClocks(a: SmearedClock, b: SmearedClock, fromTaiNs: bigint, toTaiNs: bigint): ClockComparison {
  if (!(a instanceof SmearedClock) || !(b instanceof SmearedClock)) {
    throw new InvalidArgumentError("compareClocks needs two SmearedClocks");
  }
  checkI64(fromTaiNs, "fromTai");
  checkI64(toTaiNs, "toTai");
  if (toTaiNs < fromTaiNs) throw new InvalidArgumentError(`toTai = ${toTaiNs} is before fromTai = ${fromTaiNs}`);
  a.fromTai(fromTaiNs);
  a.fromTai(toTaiNs);
  b.fromTai(fromTaiNs);
  b.fromTai(toTaiNs); // range checks
  let best = { abs: -1n, t: fromTaiNs, d: 0n, ra: 0n, rb: 0n };
  const consider = (t: bigint): void => {
    if (t < fromTaiNs || t > toTaiNs) return;
    const ra = a.fromTai(t), rb = b.fromTai(t), d = ra - rb, abs = d < 0n ? -d : d;
    if (abs > best.abs || (abs === best.abs && t < best.t)) best = { abs, t, d, ra, rb };
  };
  for (const w of [...a.windows(), ...b.windows()]) {
    for (const p of [w.startTaiNs, w.endTaiNs, w.leapTaiNs, w.leapTaiNs + (w.deltaNs > 0n ? w.deltaNs : 0n)]) {
      consider(p - 1n);
      consider(p);
    }
  }
  consider(fromTaiNs);
  consider(toTaiNs);
  // sampled search with refinement around the best few points
  const scan = (lo: bigint, hi: bigint, n: number): bigint[] => {
    const sa = a.sample(lo, hi, n), sb = b.sample(lo, hi, n);
    const span = hi - lo, div = BigInt(Math.max(n - 1, 1));
    const scored: { t: bigint; abs: bigint }[] = [];
    for (let i = 0; i < n; i++) {
      const d = sa[i] - sb[i];
      scored.push({ t: lo + (span * BigInt(i)) / div, abs: d < 0n ? -d : d });
    }
    scored.sort((x, y) => (x.abs > y.abs ? -1 : x.abs < y.abs ? 1 : 0));
    return scored.slice(0, 3).map((s) => s.t);
  };
  const N = 2049;
  let frontier = scan(fromTaiNs, toTaiNs, N).map((t) => ({ t, half: (toTaiNs - fromTaiNs) / BigInt(N - 1) + 1n }));
  for (let round = 0; round < 40 && frontier.length > 0; round++) {
    const next: { t: bigint; half: bigint }[] = [];
    for (const f of frontier) {
      const lo = f.t - f.half < fromTaiNs ? fromTaiNs : f.t - f.half;
      const hi = f.t + f.half > toTaiNs ? toTaiNs : f.t + f.half;
      if (hi - lo <= 64n) {
        for (let t = lo; t <= hi; t++) consider(t);
        continue;
      }
      const n = 65;
      const top = scan(lo, hi, n);
      consider(top[0]);
      next.push({ t: top[0], half: (hi - lo) / BigInt(n - 1) + 1n });
    }
    frontier = next;
  }
  return Object.freeze({
    maxAbsNs: best.abs,
    atTaiNs: best.t,
    deltaNs: best.d,
    aReadingNs: best.ra,
    bReadingNs: best.rb,
  });
}

// `using clock = new SmearedClock("google")` disposes at the end of the scope, where Symbol.dispose exists.
export interface SmearedClock extends Disposable {}
installDispose(SmearedClock.prototype);
