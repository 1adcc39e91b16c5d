// Leap smears: what a clock that hides a leap second reads at TAI instant t.
//
// A smear window is [S, E) in TAI ns around one leap of the table. Before it the clock shows the
// old count t − off0, after it the new count t − off1 (off = TAI−UTC, off1 = off0 + D). Inside it
// each shape moves the reading from the old count to the new one; every reading is the floor of
// the exact value. L is the TAI instant where a Linux kernel steps (the table's switch point).
//
// The shell (src/smear/) derives the windows of each model, checks every range and writes the rows;
// the bounds it enforces (|D| ≤ 1 s, W ≤ 6 days < 2^49 ns, instants inside ±2^63 − 2^40) keep every
// intermediate below in range. Shapes:
//   STEP       reading = t − off1 from L on (Linux: 23:59:59 repeats, or is skipped when D < 0)
//   OVERRUN    old count runs on over [L, L + D): 00:00:00 repeats
//   STALL      reading held at L − off0 (00:00:00.000) over [L, L + D)
//   LINEAR     S − off0 + floor((t − S)·(W − D)/W): exact rational, 128-bit intermediates
//   COSINE     t − off0 − D·sin²(π(t − S)/(2W)): f64, within ±1 ns of the exact value
//   QUADRATIC  t − off0 − D·q(x), q = 2x² then 1 − 2(1 − x)² (x = (t − S)/W): exact, 128-bit
//   NTPD       ntpd Classic: t − off0 − (D − |D|·cos(π(t − S)/P))/2 over [S, L), P = nominal interval
//   SYSLINEAR  NTPsec: t − off0 − D·(t − S)/P over [S, L) (exact)
import { HI, LO, mul64, mulDivFloor, mulSmall128, REM } from "./i128";

export const SHAPE_STEP: i64 = 0;
export const SHAPE_OVERRUN: i64 = 1;
export const SHAPE_STALL: i64 = 2;
export const SHAPE_LINEAR: i64 = 3;
export const SHAPE_COSINE: i64 = 4;
export const SHAPE_QUADRATIC: i64 = 5;
export const SHAPE_NTPD: i64 = 6;
export const SHAPE_SYSLINEAR: i64 = 7;

// Row fields, i64 each. The shell writes S..P; setSmearWindows derives W, R and |D|.
const S = 0;
const E = 8;
const L = 16;
const D = 24;
const OFF0 = 32;
const OFF1 = 40;
const SHAPE = 48;
const P = 56;
const W = 64;
const R = 72;
const DABS = 80;
const RATIO = 88; // f64 (W − D)/W, the linear shape's slope
const ROW: i32 = 96;
/** Bytes of one window row (the shell writes S..P of each as eight i64). */
export const SMEAR_ROW_BYTES: i32 = ROW;
/**
 * Bytes before the first row: the window count (i32 at 0), TAI−UTC before the first window (i64
 * at 8) and the index of the window found last (i32 at 16, a per-clock search hint), padded to 32.
 */
export const SMEAR_HEADER_BYTES: i32 = 32;
const H_COUNT = 0;
const H_BASE = 8;
const H_LAST = 16;

// A clock's windows live in a block the shell owns (one per SmearedClock, from alloc.ts) and are
// passed by address (`tab`) to every function below; the search hint lives there too, so clocks
// used alternately do not disturb each other.

// @ts-ignore: decorator
@inline
function win(tab: usize, j: i32): usize {
  return tab + <usize>SMEAR_HEADER_BYTES + <usize>(j * ROW);
}

/** Stores n windows' count (sorted, disjoint; the shell wrote their S..P) and `base`, TAI−UTC before the first one, in the table at `tab`, and derives W, R, |D| and the linear slope of each. */
export function setSmearWindows(tab: usize, n: i32, base: i64): void {
  store<i32>(tab, n, H_COUNT);
  store<i64>(tab, base, H_BASE);
  store<i32>(tab, 0, H_LAST);
  for (let j = 0; j < n; j++) {
    const r = win(tab, j);
    const w = load<i64>(r, E) - load<i64>(r, S);
    const d = load<i64>(r, D);
    // Linear and system-time-linear shapes are both S − off0 + floor(τ·R/P) with R = P − D
    // (P = W for LINEAR; for SYSLINEAR τ − ceil(D·τ/P) = floor(τ·(P − D)/P)): one fast path.
    const p = load<i64>(r, P);
    store<i64>(r, w, W);
    store<i64>(r, p - d, R);
    store<i64>(r, d < 0 ? -d : d, DABS);
    store<f64>(r, <f64>(p - d) / <f64>p, RATIO);
  }
}

/** Index of the last window whose start is at or before t, or -1. */
function smearWindowAt(tab: usize, t: i64): i32 {
  let hi = load<i32>(tab, H_COUNT) - 1;
  if (hi < 0 || t < load<i64>(win(tab, 0), S)) return -1;
  // the window found last time, or the one after it (clocks are read forward)
  let j = load<i32>(tab, H_LAST);
  if (j <= hi && load<i64>(win(tab, j), S) <= t) {
    if (j == hi || t < load<i64>(win(tab, j + 1), S)) return j;
    if (j + 1 == hi || t < load<i64>(win(tab, j + 2), S)) return remember(tab, j + 1);
  }
  if (t >= load<i64>(win(tab, hi), S)) return remember(tab, hi);
  let lo = 0;
  // start[lo] <= t < start[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (load<i64>(win(tab, mid), S) <= t) lo = mid;
    else hi = mid;
  }
  return remember(tab, lo);
}

// @ts-ignore: decorator
@inline
function remember(tab: usize, j: i32): i32 {
  store<i32>(tab, j, H_LAST);
  return j;
}

/**
 * floor (or ceil) of |D|·2u²/w² for u ≤ w/2 < 2^48, exact: an f64 estimate (off by at most one)
 * corrected against the 128-bit remainder 2|D|u² − q·w².
 */
function quadAmount(u: i64, w: i64, dAbs: i64, ceil: bool): i64 {
  mul64(<u64>u, <u64>u); // u² < 2^96
  mulSmall128(HI, LO, <u64>(dAbs << 1)); // · 2|D| < 2^127
  const nh = HI, nl = LO;
  mul64(<u64>w, <u64>w); // w² < 2^98
  const wh = HI, wl = LO;
  const fw = <f64>w;
  const fu = <f64>u;
  let q = <i64>(<f64>(dAbs << 1) * fu * fu / (fw * fw));
  if (q < 0) q = 0;
  mulSmall128(wh, wl, <u64>q); // q·w² (q ≤ |D|/2 < 2^29)
  let rl = nl - LO;
  let rh = nh - HI - (nl < LO ? 1 : 0);
  while (<i64>rh < 0) { // estimate too high
    q--;
    const l = rl + wl;
    rh = rh + wh + (l < rl ? 1 : 0);
    rl = l;
  }
  while (rh > wh || (rh == wh && rl >= wl)) { // estimate too low
    q++;
    const borrow: u64 = rl < wl ? 1 : 0;
    rl -= wl;
    rh = rh - wh - borrow;
  }
  return q + (ceil && (rh | rl) != 0 ? 1 : 0);
}

// @ts-ignore: decorator
@inline
function fCeil(v: f64, ceil: bool): i64 {
  return <i64>(ceil ? Math.ceil(v) : Math.floor(v));
}

/**
 * The reading at TAI ns t inside one window (S ≤ t < E), from that window's parameters alone.
 * w = E − S. Pure: callers may use it without any table.
 */
function smearAt(t: i64, s: i64, w: i64, l: i64, d: i64, off0: i64, shape: i64, p: i64): i64 {
  const base = t - off0;
  const tau = t - s;
  const dAbs = d < 0 ? -d : d;
  const pos = d > 0;
  // reading = base − A, A = D·f ≥ 0 for D > 0: base − ceil(|D| f); for D < 0: base + floor(|D| f)
  switch (<i32>shape) {
    case <i32>SHAPE_STEP:
      return t >= l ? base - d : base;
    case <i32>SHAPE_OVERRUN:
      return base;
    case <i32>SHAPE_STALL:
      return l - off0;
    case <i32>SHAPE_LINEAR:
      return s - off0 + <i64>mulDivFloor(<u64>tau, <u64>(w - d), <u64>w);
    case <i32>SHAPE_COSINE: {
      const sn = Math.sin(Math.PI * <f64>tau / (2.0 * <f64>w));
      const a = fCeil(<f64>dAbs * sn * sn, pos);
      return pos ? base - a : base + a;
    }
    case <i32>SHAPE_QUADRATIC: {
      let a: i64;
      if (tau << 1 <= w) a = quadAmount(tau, w, dAbs, pos);
      else a = dAbs - quadAmount(w - tau, w, dAbs, !pos);
      return pos ? base - a : base + a;
    }
    case <i32>SHAPE_NTPD: {
      // ntpd Classic: offset = −(D − cos(πτ/P))/2 in units of the leap. For D > 0 this is
      // −D·sin²(πτ/2P); for D < 0 ntpd's formula gives +|D|·cos²(πτ/2P): the wrong direction.
      const x = Math.PI * <f64>tau / (2.0 * <f64>p);
      if (pos) {
        const sn = Math.sin(x);
        return base - fCeil(<f64>dAbs * sn * sn, true);
      }
      const c = Math.cos(x);
      return base + fCeil(<f64>dAbs * c * c, false);
    }
    default: { // SHAPE_SYSLINEAR
      const q = <i64>mulDivFloor(<u64>tau, <u64>dAbs, <u64>p);
      return pos ? base - q - (REM != 0 ? 1 : 0) : base + q;
    }
  }
}

// @ts-ignore: decorator
@inline
function readIn(r: usize, t: i64): i64 {
  return smearAt(t, load<i64>(r, S), load<i64>(r, W), load<i64>(r, L), load<i64>(r, D),
    load<i64>(r, OFF0), load<i64>(r, SHAPE), load<i64>(r, P));
}

/** The reading at TAI ns t (t at or after the first constant-offset row; the shell checks). */
export function smearFromTai(tab: usize, t: i64): i64 {
  const j = smearWindowAt(tab, t);
  if (j < 0) return t - load<i64>(tab, H_BASE);
  const r = win(tab, j);
  if (t >= load<i64>(r, E)) return t - load<i64>(r, OFF1);
  const shape = load<i64>(r, SHAPE);
  if (shape != SHAPE_LINEAR && shape != SHAPE_SYSLINEAR) return readIn(r, t);
  // linear fast path: floor(τ·R/P) from an f64 estimate τ·(R/P) (off by at most one: τ < 2^49)
  // corrected exactly with the wrapping remainder τ·R − q·P, which is then within ±2P
  const s = load<i64>(r, S);
  const w = load<i64>(r, P);
  const tau = t - s;
  let q = <i64>(<f64>tau * load<f64>(r, RATIO));
  let rem = tau * load<i64>(r, R) - q * w;
  while (rem < 0) { q--; rem += w; }
  while (rem >= w) { q++; rem -= w; }
  return s - load<i64>(r, OFF0) + q;
}

/**
 * Readings at n evenly spaced instants from..to (n ≥ 2: t_i = from + floor(i·(to − from)/(n − 1));
 * n = 1: from), written as i64 to dst. One pass: the window index only moves forward.
 */
export function smearSample(tab: usize, from: i64, to: i64, n: i32, dst: usize): void {
  if (n <= 0) return;
  const span = to - from;
  const div: i64 = n > 1 ? <i64>(n - 1) : 1;
  const step = span / div;
  const rem = span - step * div;
  let acc: i64 = 0;
  let t = from;
  const count = load<i32>(tab, H_COUNT);
  let j = smearWindowAt(tab, from);
  if (j < 0) j = 0;
  else if (from >= load<i64>(win(tab, j), E)) j++;
  // invariant: windows before j end at or before t
  let off = j == 0 ? load<i64>(tab, H_BASE) : load<i64>(win(tab, j - 1), OFF1);
  let ws: i64 = j < count ? load<i64>(win(tab, j), S) : i64.MAX_VALUE;
  let we: i64 = j < count ? load<i64>(win(tab, j), E) : i64.MAX_VALUE;
  let i: i32 = 0;
  // Runs: a tight loop per stretch outside windows and per linear window, few live values each.
  while (i < n) {
    while (t >= we) {
      off = load<i64>(win(tab, j), OFF1);
      j++;
      ws = j < count ? load<i64>(win(tab, j), S) : i64.MAX_VALUE;
      we = j < count ? load<i64>(win(tab, j), E) : i64.MAX_VALUE;
    }
    if (t < ws) {
      const o = off;
      let p = dst + (<usize>i << 3);
      while (i < n && t < ws) {
        store<i64>(p, t - o);
        p += 8;
        i++;
        t += step;
        acc += rem;
        if (acc >= div) { acc -= div; t++; }
      }
      continue;
    }
    const w = win(tab, j);
    const ww = load<i64>(w, P); // the divisor of the linear shapes (see setSmearWindows)
    const sh = load<i64>(w, SHAPE);
    if ((sh == SHAPE_LINEAR || sh == SHAPE_SYSLINEAR) && step < ww) {
      // reading = head + q with q·W + r = τ·R (0 ≤ r < W); a step of τ by `step` (or step + 1)
      // adds the precomputed quotient and remainder.
      const rr = load<i64>(w, R);
      const head = ws - load<i64>(w, OFF0);
      let q = <i64>mulDivFloor(<u64>(t - ws), <u64>rr, <u64>ww);
      let r = <i64>REM;
      const q0 = <i64>mulDivFloor(<u64>step, <u64>rr, <u64>ww);
      const r0 = <i64>REM;
      const q1 = <i64>mulDivFloor(<u64>(step + 1), <u64>rr, <u64>ww);
      const r1 = <i64>REM;
      let p = dst + (<usize>i << 3);
      while (i < n && t < we) {
        store<i64>(p, head + q);
        p += 8;
        i++;
        t += step;
        acc += rem;
        if (acc >= div) {
          acc -= div;
          t++;
          q += q1;
          r += r1;
        } else {
          q += q0;
          r += r0;
        }
        if (r >= ww) { r -= ww; q++; }
      }
      continue;
    }
    store<i64>(dst + (<usize>i << 3), readIn(w, t));
    i++;
    t += step;
    acc += rem;
    if (acc >= div) { acc -= div; t++; }
  }
}
