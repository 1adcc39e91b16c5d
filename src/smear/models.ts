// The leap-smear models: where each window lies around a leap and which shape it follows.
//
// Notation (all TAI ns unless said otherwise): for a leap taking effect at Unix ns `u` (00:00:00
// UTC), off0/off1 are TAI−UTC before/after and D = off1 − off0 (+1 s inserted, −1 s deleted).
// L = u + min(off0, off1) is the TAI instant where a Linux kernel steps: the start of 23:59:60 for
// an inserted second, the instant 23:59:59 would have begun for a deleted one. Before a window the
// clock shows the old count (TAI − off0), after it the new count (TAI − off1).
import { show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { NS_PER_SECOND } from "../constants.ts";
import type { LeapTable } from "../leap/table.ts";
import {
  SHAPE_COSINE,
  SHAPE_LINEAR,
  SHAPE_NTPD,
  SHAPE_OVERRUN,
  SHAPE_QUADRATIC,
  SHAPE_STALL,
  SHAPE_STEP,
  SHAPE_SYSLINEAR,
} from "../core/exports.ts";

/**
 * The named models.
 * - `step`: the Linux kernel (and `LeapTable.taiToUnix`): an inserted 23:59:59 repeats, a deleted
 *   one is skipped.
 * - `overrun`: the old count runs on through the inserted second, so 00:00:00 repeats (a clock that
 *   applies the leap one second late). A deleted second steps as in `step`.
 * - `stall`: the clock holds 00:00:00.000000000 for the inserted second (some kernels and RTOSes
 *   freeze instead of stepping back). A deleted second steps.
 * - `google`: Google's public NTP and AWS's Time Sync Service: a linear smear from 12:00 UTC before
 *   the leap to 12:00 UTC after it, rate 86 400 / (86 400 + D) (−11.574 ppm for an inserted second).
 * - `ntpsec`: NTPsec's `leapsmearinterval 86400`: a linear offset −D·τ/86 400 s over the 86 400 s of
 *   system time that end at the leap, τ counted in system time from the window start. For an
 *   inserted second the window is 86 400 TAI s; for a deleted one the system clock skips its last
 *   second, so the offset reaches only 86 399/86 400 of D and a 11.574 µs step remains at the leap.
 * - `ntpd`: ntpd Classic (4.2.8, built with leap smear) `leapsmearinterval 86400`: offset
 *   −(D − cos(πτ/w))/2 with D in seconds, over the same window. For D = +1 this is a raised-cosine
 *   smear 0 → −1 s. ntpd computes the same expression for D = −1, which yields (1 + cos)/2: the
 *   offset jumps to +1 s at the window start and decays to 0, and the deleted second then steps the
 *   clock another second forward at the leap. clockmath reproduces that wrong sign on purpose.
 * - `chrony`: chronyd with `leapsecmode slew`, `smoothtime 400 0.001024 leaponly`: after the leap
 *   the served time absorbs the second with a frequency offset that ramps up at 0.001024 ppm/s for
 *   31 250 s to 32 ppm and back down: a two-piece quadratic over 62 500 s starting at the leap.
 * - `meta`: Meta's PTP self-smear (the fbclock library): linear over 62 500 TAI s starting at the
 *   leap, i.e. one nanosecond absorbed every 62.5 µs (16 ppm).
 * - `windows`: Windows (1809 and later) with leap-second support: 23:59:59 is shown for 2 s at
 *   half speed for an inserted second; a deleted second steps.
 *
 * Exactness: step, overrun, stall and every linear model (google, ntpsec, meta, windows, custom
 * linear) and the quadratic ones (chrony, custom quadratic) are the floor of the exact rational
 * value, computed with 128-bit intermediates. The cosine shapes (ntpd, custom cosine) use f64:
 * |D|·sin²(πτ/2W) ≤ 10^9 ns is computed with an absolute error below 10^-6 ns (a few ulps of
 * 10^9), so the reading is the floor of the exact value except when that value lies within 10^-6 ns
 * of an integer, where it may be 1 ns off: within ±1 ns always (tested against a 50-digit series).
 *
 * These models are idealised as continuous functions of time: the daemons update their offset once
 * per second (ntpd, NTPsec) or per clock update (chrony); the staircase is not modelled.
 */
export type SmearModelName =
  | "step"
  | "overrun"
  | "stall"
  | "google"
  | "ntpsec"
  | "ntpd"
  | "chrony"
  | "meta"
  | "windows";

/** Every named model `new SmearedClock(model)` knows. */
export const SMEAR_MODELS: readonly SmearModelName[] = Object.freeze([
  "step",
  "overrun",
  "stall",
  "google",
  "ntpsec",
  "ntpd",
  "chrony",
  "meta",
  "windows",
]);

/** A custom smear: `shape` from the old count to the new one over [leap + startNs, + durationNs]. */
export interface SmearSpec {
  readonly shape: "linear" | "cosine" | "quadratic";
  /** Window start relative to the leap instant L, ns (≤ 0: the window must contain L). */
  readonly startNs: bigint;
  /** Window length, ns: from 2 s to 6 days, and startNs + durationNs ≥ 0. */
  readonly durationNs: bigint;
}

/** A model for `new SmearedClock`: one of `SMEAR_MODELS`, or your own shape, start and duration. */
export type SmearModel = SmearModelName | SmearSpec;

/** One smear window of a clock, in TAI ns. */
export interface SmearWindow {
  /** First instant of the window. */
  readonly startTaiNs: bigint;
  /** First instant after it: from here the clock shows the new count. */
  readonly endTaiNs: bigint;
  /** Where a Linux kernel steps: start of 23:59:60, or the skipped instant of a deleted second. */
  readonly leapTaiNs: bigint;
  /** TAI−UTC after minus before, ns (+1e9 inserted, −1e9 deleted). */
  readonly deltaNs: bigint;
}

// Shape codes of assembly/smear.ts (its SHAPE_* constants, as numbers).
export const Shape = {
  Step: Number(SHAPE_STEP),
  Overrun: Number(SHAPE_OVERRUN),
  Stall: Number(SHAPE_STALL),
  Linear: Number(SHAPE_LINEAR),
  Cosine: Number(SHAPE_COSINE),
  Quadratic: Number(SHAPE_QUADRATIC),
  Ntpd: Number(SHAPE_NTPD),
  SysLinear: Number(SHAPE_SYSLINEAR),
} as const;
export type Shape = (typeof Shape)[keyof typeof Shape];

/** A window row as the core reads it, plus the leap it belongs to. */
export interface WindowRow {
  s: bigint;
  e: bigint;
  l: bigint;
  d: bigint;
  off0: bigint;
  off1: bigint;
  shape: Shape;
  p: bigint;
  /** Unix ns at which the new TAI−UTC applies (00:00:00 UTC after the leap). */
  unix: bigint;
}

/** Largest custom window: keeps the quadratic's 2|D|τ² below 2^127 (6 days < 2^49 ns). */
export const MAX_SMEAR_NS = 6n * 86_400n * NS_PER_SECOND;
const MIN_CUSTOM_NS = 2n * NS_PER_SECOND;
const DAY = 86_400n * NS_PER_SECOND;
const HALF_DAY = DAY / 2n;
const CHRONY_NS = 62_500n * NS_PER_SECOND;

/** Checks a model argument and returns it frozen (custom specs are copied). */
export function checkModel(model: unknown): SmearModel {
  if (typeof model === "string") {
    if ((SMEAR_MODELS as readonly string[]).includes(model)) return model as SmearModelName;
    throw new InvalidArgumentError(
      `unknown smear model "${model}"; expected one of ${SMEAR_MODELS.join(", ")} or { shape, startNs, durationNs }`,
    );
  }
  if (model === null || typeof model !== "object") {
    throw new InvalidArgumentError("model must be a model name or { shape, startNs, durationNs }");
  }
  const m = model as Record<string, unknown>;
  if (m.shape !== "linear" && m.shape !== "cosine" && m.shape !== "quadratic") {
    throw new InvalidArgumentError(`model.shape must be "linear", "cosine" or "quadratic", got ${show(m.shape)}`);
  }
  for (const k of ["startNs", "durationNs"] as const) {
    if (typeof m[k] !== "bigint") throw new InvalidArgumentError(`model.${k} must be a bigint (ns)`);
  }
  const startNs = m.startNs as bigint, durationNs = m.durationNs as bigint;
  if (durationNs <= 0n) {
    throw new InvalidArgumentError(`model.durationNs = ${durationNs}: a smear window needs a positive length`);
  }
  if (durationNs < MIN_CUSTOM_NS || durationNs > MAX_SMEAR_NS) {
    throw new OutOfRangeError(
      `model.durationNs = ${durationNs} is outside [${MIN_CUSTOM_NS}, ${MAX_SMEAR_NS}] (2 s to 6 days)`,
    );
  }
  if (startNs > 0n || startNs + durationNs < 0n) {
    throw new OutOfRangeError(
      `model.startNs = ${startNs}: the window [start, start + duration] must contain the leap instant (start ≤ 0 ≤ start + duration)`,
    );
  }
  return Object.freeze({ shape: m.shape, startNs, durationNs });
}

/** The window of `model` around one leap. */
export function windowFor(model: SmearModel, unix: bigint, off0: bigint, off1: bigint): WindowRow {
  const d = off1 - off0;
  const l = unix + (off0 < off1 ? off0 : off1);
  const pos = d > 0n;
  const row = (shape: Shape, s: bigint, e: bigint, p: bigint = e - s): WindowRow => ({
    s,
    e,
    l,
    d,
    off0,
    off1,
    shape,
    p,
    unix,
  });
  const step = row(Shape.Step, l, pos ? l + d : l);
  if (typeof model === "object") {
    const s = l + model.startNs;
    const shape = model.shape === "linear" ? Shape.Linear : model.shape === "cosine" ? Shape.Cosine : Shape.Quadratic;
    return row(shape, s, s + model.durationNs);
  }
  switch (model) {
    case "step":
      return step;
    case "overrun":
      return pos ? row(Shape.Overrun, l, l + d) : step;
    case "stall":
      return pos ? row(Shape.Stall, l, l + d) : step;
    case "google":
      return row(Shape.Linear, unix - HALF_DAY + off0, unix + HALF_DAY + off1);
    case "ntpsec":
      return row(Shape.SysLinear, unix - DAY + off0, l, DAY);
    case "ntpd":
      return row(Shape.Ntpd, unix - DAY + off0, l, DAY);
    case "chrony":
      return row(Shape.Quadratic, l, l + CHRONY_NS);
    case "meta":
      return row(Shape.Linear, l, l + CHRONY_NS);
    case "windows":
      return pos ? row(Shape.Linear, l - NS_PER_SECOND, l + d) : step;
  }
}

/** Where the clock's arithmetic applies: windows of every whole leap after the last drift row. */
export interface ClockPlan {
  rows: WindowRow[];
  /** TAI ns from which TAI−UTC is piecewise constant (the core answers from here on). */
  constFrom: bigint;
  /** TAI−UTC at constFrom. */
  base: bigint;
}

export function planFor(model: SmearModel, table: LeapTable): ClockPlan {
  const leaps = table.leaps;
  let j0 = leaps.length;
  while (j0 > 0 && leaps[j0 - 1].driftNsPerDay === undefined) j0--;
  const rows: WindowRow[] = [];
  if (j0 >= leaps.length) {
    throw new InvalidArgumentError("the table has no leap seconds to smear (only drifting pre-1972 rows)");
  }
  const constFrom = leaps[j0].unixNs + leaps[j0].taiMinusUtcNs;
  for (let j = j0 + 1; j < leaps.length; j++) {
    const off0 = leaps[j - 1].taiMinusUtcNs, off1 = leaps[j].taiMinusUtcNs;
    if (off0 === off1) continue;
    const w = windowFor(model, leaps[j].unixNs, off0, off1);
    const prev = rows[rows.length - 1];
    if (w.s < constFrom || (prev !== undefined && prev.e > w.s)) {
      throw new InvalidArgumentError(
        `the smear window of the leap at Unix ns ${w.unix} overlaps ${
          prev === undefined ? "the table's first entry" : `the window of the leap at Unix ns ${prev.unix}`
        }`,
      );
    }
    rows.push(w);
  }
  if (rows.length === 0) throw new InvalidArgumentError("the table has no leap seconds to smear");
  // No limit of its own: one window per leap, and LeapTable bounds its rows (MAX_LEAP_TABLE_ROWS).
  return { rows, constFrom, base: leaps[j0].taiMinusUtcNs };
}
