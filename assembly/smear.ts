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

// Row fields, i64 each. The shell writes S..P; setSmearWindows derives the rest.
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
const DR = 80; // f64 D/R: the linear shapes' inverse, τ = q·P/R = q + q·D/R (toTai's quick path)
const RATIO = 88; // f64 (W − D)/W, the linear shape's slope
const FS = 96; // the reading at S (toTai's knot search)
const FE = 104; // the reading at E
const ROW: i32 = 112;
/** Bytes of one window row (the shell writes S..P of each as eight i64). */
export const SMEAR_ROW_BYTES: i32 = ROW;
/**
 * Bytes before the first row: the window count (i32 at 0), the segment count (i32 at 4), TAI−UTC
 * before the first window (i64 at 8), the index of the window found last (i32 at 16, a per-clock
 * search hint), whether the segments' reading ranges are sorted (i32 at 20), padded to 32.
 */
export const SMEAR_HEADER_BYTES: i32 = 32;
/**
 * Bytes of one monotone segment of toTai (after the rows; a clock of n windows has at most n + 1):
 * first and last TAI ns A, B; readings FA, FB there; the knots (window starts and ends, numbered
 * 2j and 2j + 1) strictly after A and at or before B, K0..K1.
 */
export const SMEAR_SEGMENT_BYTES: i32 = 48;
const H_COUNT = 0;
const H_NSEG = 4;
const H_BASE = 8;
const H_LAST = 16;
const H_SORTED = 20;
const SA = 0;
const SB = 8;
const SFA = 16;
const SFB = 24;
const SK0 = 32;
const SK1 = 40;

// A clock's windows live in a block the shell owns (one per SmearedClock, from alloc.ts) and are
// passed by address (`tab`) to every function below; the search hint lives there too, so clocks
// used alternately do not disturb each other.

// @ts-ignore: decorator
@inline
function win(tab: usize, j: i32): usize {
  return tab + <usize>SMEAR_HEADER_BYTES + <usize>(j * ROW);
}

/**
 * Stores n windows' count (sorted, disjoint; the shell wrote their S..P) and `base`, TAI−UTC before
 * the first one, in the table at `tab`; derives W, R and the linear slope (and its inverse) of
 * each; and builds toTai's monotone segments over [from, to] (from: the first instant the core
 * answers, to: the last one the clock answers), split where the reading steps back (an inserted
 * second's step or overrun). The shell sized the block for n rows and n + 1 segments.
 */
export function setSmearWindows(tab: usize, n: i32, base: i64, from: i64, to: i64): void {
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
    store<f64>(r, <f64>d / <f64>(p - d), DR);
    store<f64>(r, <f64>(p - d) / <f64>p, RATIO);
  }
  for (let j = 0; j < n; j++) {
    const r = win(tab, j);
    store<i64>(r, smearFromTai(tab, load<i64>(r, S)), FS);
    store<i64>(r, smearFromTai(tab, load<i64>(r, E)), FE);
  }
  // segments: [from, first back jump), [jump, next jump), …, [last jump, to]
  let m = 0;
  let a = from;
  let k = 0; // first knot after a
  for (let j = 0; j <= n; j++) {
    let b: i64 = to;
    if (j < n) {
      const r = win(tab, j);
      const sh = load<i64>(r, SHAPE);
      if (load<i64>(r, D) <= 0 || (sh != SHAPE_STEP && sh != SHAPE_OVERRUN)) continue;
      const jumpAt = sh == SHAPE_STEP ? load<i64>(r, S) : load<i64>(r, E);
      if (jumpAt > to) continue;
      b = jumpAt - 1;
    }
    if (b >= a) {
      const g = seg(tab, n, m);
      while (k < 2 * n && knotT(tab, k) <= a) k++;
      let k1 = k;
      while (k1 < 2 * n && knotT(tab, k1) <= b) k1++;
      store<i64>(g, a, SA);
      store<i64>(g, b, SB);
      store<i64>(g, smearFromTai(tab, a), SFA);
      store<i64>(g, smearFromTai(tab, b), SFB);
      store<i64>(g, k, SK0);
      store<i64>(g, k1 - 1, SK1);
      m++;
    }
    a = b + 1;
  }
  store<i32>(tab, m, H_NSEG);
  let sorted = 1;
  for (let i = 1; i < m; i++) {
    const g0 = seg(tab, n, i - 1), g1 = seg(tab, n, i);
    if (load<i64>(g1, SFA) < load<i64>(g0, SFA) || load<i64>(g1, SFB) < load<i64>(g0, SFB)) sorted = 0;
  }
  store<i32>(tab, sorted, H_SORTED);
  store<i32>(tab, 0, H_LAST);
}

// @ts-ignore: decorator
@inline
function seg(tab: usize, n: i32, i: i32): usize {
  return tab + <usize>SMEAR_HEADER_BYTES + <usize>(n * ROW) + <usize>(i * SMEAR_SEGMENT_BYTES);
}

/** Knot k: the start (k even) or end (k odd) of window k >> 1, TAI ns. */
// @ts-ignore: decorator
@inline
function knotT(tab: usize, k: i32): i64 {
  return load<i64>(win(tab, k >> 1) + (<usize>(k & 1) << 3), S); // E = S + 8
}

// @ts-ignore: decorator
@inline
function knotF(tab: usize, k: i32): i64 {
  return load<i64>(win(tab, k >> 1) + (<usize>(k & 1) << 3), FS); // FE = FS + 8
}

/** Index of the last window whose start is at or before t, or -1. */
function smearWindowAt(tab: usize, t: i64): i32 {
  let hi = load<i32>(tab, H_COUNT) - 1;
  if (hi < 0 || t < load<i64>(win(tab, 0), S)) return -1;
  // the window found last time, or the one after it (clocks are read forward)
  const j = load<i32>(tab, H_LAST);
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

// ---- the inverse: toTai ----
//
// The reading is non-decreasing between the instants where it steps back (segments). In each
// segment the first instant reading at least r is found in closed form: the window edges' stored
// readings locate the stretch (a constant-offset gap or one window; near the window found last by
// comparisons alone, else by binary search). A gap and a linear window both read
// F0 + floor((t − T0)·R/P) (R = P = 1 in a gap): one formula inverts them, and its exact remainder
// also says whether r is shown at that instant and at the next, so the common case needs no
// forward evaluation and no branch on r. Inside other windows the shape's own inverse gives a
// guess (exact for step, overrun and stall; Newton steps on the continuous curve for the cosine
// and quadratic ones) that is checked, and corrected, against the exact forward function. The
// answers are those of a bisection over the forward function by construction.

/** toTai outcomes, in TO_TAI_STATUS. */
const TO_TAI_OK: i32 = 0;
const TO_TAI_NONEXISTENT: i32 = 1;
export const TO_TAI_AMBIGUOUS: i32 = 2;
let toTaiStatus: i32 = 0;
let toTaiFirst: i64 = 0;
let toTaiLast: i64 = 0;

/** Outcome of the last smearToTai: TO_TAI_OK, TO_TAI_NONEXISTENT or TO_TAI_AMBIGUOUS. */
export function smearToTaiStatus(): i32 {
  return toTaiStatus;
}

/** After TO_TAI_AMBIGUOUS: the first instant showing the reading; after TO_TAI_NONEXISTENT: the instant the clock jumps over it (i64.MIN_VALUE when none). */
export function smearToTaiFirst(): i64 {
  return toTaiFirst;
}

/** After TO_TAI_AMBIGUOUS: the last instant showing the reading. */
export function smearToTaiLast(): i64 {
  return toTaiLast;
}

/**
 * The TAI ns at which the clock reads r, for r from the reading at `from` to the one at `to` (see
 * setSmearWindows; the shell checks): per segment, the first instant reading at least r; r is
 * shown there (or passed within a 2 ns step of a fast smear) or jumped over. pick: 0 none, 1 the
 * earliest, 2 the latest instant. A reading shown over more than 2 ns without a pick, or never
 * shown, sets the status (smearToTaiStatus) and returns i64.MIN_VALUE; with a pick, a reading
 * never shown gives the first instant after the jump over it.
 */
export function smearToTai(tab: usize, r: i64, pick: i32): i64 {
  const n = load<i32>(tab, H_COUNT);
  const m = load<i32>(tab, H_NSEG);
  const sorted = load<i32>(tab, H_SORTED) != 0;
  let k = 0;
  if (sorted) { // first segment whose last reading is at least r
    let hi = m;
    while (k < hi) {
      const mid = (k + hi) >>> 1;
      if (load<i64>(seg(tab, n, mid), SFB) < r) k = mid + 1;
      else hi = mid;
    }
  }
  let earliest: i64 = 0, latest: i64 = 0, jump: i64 = i64.MIN_VALUE;
  let shown = false;
  for (; k < m; k++) {
    const g = seg(tab, n, k);
    if (r < load<i64>(g, SFA)) {
      if (sorted) break;
      continue;
    }
    if (r > load<i64>(g, SFB)) continue;
    // the first instant t reading at least r; when t, t + 1 and t + 2 all read r, a second pass
    // finds the first instant reading at least r + 1: the last showing r is the one before it
    let x = r, t: i64 = 0, last: i64 = 0, here = false;
    while (true) {
      const u = firstAtLeast(tab, g, x);
      if (x != r) {
        last = u - 1;
        break;
      }
      t = u;
      // the common case: shown here and in no other segment (none before; sorted: the next one
      // starts above r)
      const alone = k + 1 == m || r < load<i64>(g + SMEAR_SEGMENT_BYTES, SFA);
      if (quickOk && quickShown && !shown && sorted && alone) {
        toTaiStatus = TO_TAI_OK;
        return pick == 2 ? quickLast : t;
      }
      const v = smearFromTai(tab, t);
      here = v == r || (t > load<i64>(g, SA) && v - smearFromTai(tab, t - 1) <= 2);
      last = t;
      const b = load<i64>(g, SB);
      if (!here || v != r || t == b || smearFromTai(tab, t + 1) > r) break;
      last = t + 1;
      if (t + 1 == b || smearFromTai(tab, t + 2) > r) break;
      x = r + 1;
    }
    if (here) {
      if (!shown) earliest = t;
      shown = true;
      latest = last;
    } else if (jump == i64.MIN_VALUE) jump = t;
  }
  toTaiStatus = TO_TAI_OK;
  if (!shown) {
    if (pick != 0 && jump != i64.MIN_VALUE) return jump;
    toTaiStatus = TO_TAI_NONEXISTENT;
    toTaiFirst = jump;
    return i64.MIN_VALUE;
  }
  if (latest - earliest > 2) {
    if (pick == 0) {
      toTaiStatus = TO_TAI_AMBIGUOUS;
      toTaiFirst = earliest;
      toTaiLast = latest;
      return i64.MIN_VALUE;
    }
  }
  return pick == 2 ? latest : earliest;
}

/**
 * The first knot in [k0, k1] reading at least r (k1 + 1 when none), by binary search; the window
 * before it becomes the next search's hint.
 */
function knotAtLeast(tab: usize, k0: i32, k1: i32, r: i64): i32 {
  let lo = k0;
  let hi = k1 + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (knotF(tab, mid) < r) lo = mid + 1;
    else hi = mid;
  }
  if (lo > k0) store<i32>(tab, (lo - 1) >> 1, H_LAST);
  return lo;
}

// What firstAtLeast found besides the first instant when that lies in a gap or a linear window
// with two more instants of the same stretch after it (quickOk): whether r is shown there (or
// passed within a 2 ns step), and the last instant showing it.
let quickOk = false;
let quickShown = false;
let quickLast: i64 = 0;

/**
 * Smallest t in segment g's [A, B] reading at least r, or B + 1 when none. A knot search finds the
 * stretch [from, to) where the answer lies (from reads below r, to at least r): one gap, or part of
 * one window. A gap (R = P = 1) and a linear or system-time-linear window read F0 + floor((t − T0)·R/P)
 * from a point T0 on: their answer comes from one formula and its exact remainder, without
 * branching on r; the other shapes' from inWindow.
 */
// @ts-ignore: decorator
@inline
function firstAtLeast(tab: usize, g: usize, r: i64): i64 {
  const a = load<i64>(g, SA), b = load<i64>(g, SB);
  quickOk = false;
  if (load<i64>(g, SFB) < r) return b + 1;
  if (load<i64>(g, SFA) >= r) return a;
  const k0 = <i32>load<i64>(g, SK0), k1 = <i32>load<i64>(g, SK1);
  // the stretch [from, to) where the answer lies (from reads below r, to at least r, or is past
  // the segment): after a window's start that window, after its end the gap behind it, and from
  // the segment's start where A lies; T0, F0: where the stretch's formula starts, and its reading.
  // Readings are asked for near each other: when the window found last (H_LAST) has its knots
  // inside [k0, k1] with one before them, and r lies between the end of the window before it and
  // the start of the one after it, the stretch is one of three, picked without branching on r.
  let w: usize = 0, gap: i32 = 0, from: i64 = 0, t0: i64 = 0, f0: i64 = 0, to: i64 = 0;
  const j = load<i32>(tab, H_LAST), k = j << 1;
  let hit = false;
  if (k > k0 && k < k1) {
    w = win(tab, j);
    const wp = w - <usize>ROW;
    const end = k + 2 > k1; // no knot after the window's end in the segment
    const wn = end ? w : w + <usize>ROW;
    hit = <bool>(<i32>(load<i64>(wp, FE) < r) & (<i32>end | <i32>(load<i64>(wn, FS) >= r)));
    if (hit) {
      const c0 = load<i64>(w, FS) < r, c1 = load<i64>(w, FE) < r;
      gap = <i32>c1 | <i32>!c0;
      from = t0 = select<i64>(load<i64>(w, E), select<i64>(load<i64>(w, S), load<i64>(wp, E), c0), c1);
      f0 = select<i64>(load<i64>(w, FE), select<i64>(load<i64>(w, FS), load<i64>(wp, FE), c0), c1);
      const next = select<i64>(b + 1, load<i64>(wn, S), end);
      to = select<i64>(next, select<i64>(load<i64>(w, E), load<i64>(w, S), c0), c1);
    }
  }
  if (!hit) {
    const lo = knotAtLeast(tab, k0, k1, r);
    to = select<i64>(knotT(tab, lo), b + 1, lo <= k1);
    if (lo > k0) {
      const kp = lo - 1;
      w = win(tab, kp >> 1);
      gap = kp & 1;
      const at = w + (<usize>gap << 3); // S and FS, or E and FE
      from = t0 = load<i64>(at, S);
      f0 = load<i64>(at, FS);
    } else {
      from = t0 = a;
      f0 = load<i64>(g, SFA);
      const i = smearWindowAt(tab, a);
      w = win(tab, i < 0 ? 0 : i);
      gap = <i32>(i < 0 || a >= load<i64>(w, E));
      if (!gap) {
        t0 = load<i64>(w, S);
        f0 = load<i64>(w, FS);
      }
    }
  }
  const sh = load<i64>(w, SHAPE);
  if (!(gap | <i32>(sh == SHAPE_LINEAR) | <i32>(sh == SHAPE_SYSLINEAR))) return inWindow(w, r, from, to);
  const rr = select<i64>(1, load<i64>(w, R), gap);
  const pp = select<i64>(1, load<i64>(w, P), gap);
  // smallest τ with floor(τ·R/P) ≥ q: ceil(q·P/R) = q + ceil(q·D/R), an f64 estimate (exact for
  // a gap) corrected with the remainder e = τ·R − q·P, exact in wrapping i64 (it is within ±2R)
  const q = r - f0;
  let tau = q + <i64>Math.ceil(<f64>q * select<f64>(0, load<f64>(w, DR), gap));
  let e = tau * rr - q * pp;
  while (e < 0) { tau++; e += rr; }
  while (e >= rr) { tau--; e -= rr; }
  const t = t0 + tau;
  // the reading at t is r + floor(e/P): r, or r + 1 (e < 2P) after a step of two when e + P ≥ R;
  // with e + R < P, t + 1 reads r too and t + 2 reads more (e + 2R ≥ P)
  quickOk = <bool>(<i32>(t + 2 < to) & <i32>(e < pp << 1) & <i32>(e + (rr << 1) >= pp));
  quickShown = <bool>(<i32>(e < pp) | <i32>(e + pp >= rr));
  quickLast = t + <i64>(<i32>(e < pp) & <i32>(e + rr < pp));
  return t < to ? t : to;
}

/**
 * Smallest t in (lo, hi] with readIn(w, t) ≥ r (hi when none before it), given that lo reads
 * below r and that [lo, hi) lies in window w.
 */
function inWindow(w: usize, r: i64, lo: i64, hi: i64): i64 {
  const s = load<i64>(w, S);
  const off0 = load<i64>(w, OFF0);
  const d = load<i64>(w, D);
  const q = r - (s - off0); // > 0: the window's readings start at s − off0 or later
  // exact shapes: the smallest t reading at least r in closed form (it is after lo, which reads
  // below r), or hi when that lies past the window
  let t: i64;
  switch (<i32>load<i64>(w, SHAPE)) {
    case <i32>SHAPE_STEP: t = r + off0 + d; break; // t − off1 from S = L on
    case <i32>SHAPE_OVERRUN: t = r + off0; break;
    case <i32>SHAPE_STALL: return hi; // one reading, below r
    default: return settle(w, r, lo, hi, s + newtonGuess(w, <f64>q));
  }
  return t < hi ? t : hi;
}

/**
 * The continuous curve's τ where the reading offset from s − off0 equals q, by Newton steps (the
 * curve's slope stays within [0.2, 1.8] for every window the shell accepts).
 */
function newtonGuess(w: usize, q: f64): i64 {
  const sh = load<i64>(w, SHAPE);
  const d = <f64>load<i64>(w, D);
  const ww = <f64>load<i64>(w, W);
  const pp = <f64>load<i64>(w, P);
  let tau = q * ww / (ww - d);
  if (tau < 0) tau = 0;
  if (tau > ww) tau = ww;
  for (let i = 0; i < 8; i++) {
    let h: f64, dh: f64;
    if (sh == SHAPE_QUADRATIC) {
      const x = tau / ww;
      if (x <= 0.5) { h = tau - d * 2 * x * x; dh = 1 - d * 4 * x / ww; }
      else { const y = 1 - x; h = tau - d * (1 - 2 * y * y); dh = 1 - d * 4 * y / ww; }
    } else {
      // cosine: τ − D·sin²(πτ/2W) = τ − D(1 − cos(πτ/W))/2; ntpd: the same with P (and +|D|cos² for D < 0)
      const per = sh == SHAPE_COSINE ? ww : pp;
      const x = Math.PI * tau / per;
      const c = Math.cos(x);
      if (sh == SHAPE_NTPD && d < 0) h = tau - d * (1 + c) / 2; // + |D|·cos²(x/2)
      else h = tau - d * (1 - c) / 2;
      dh = 1 - (sh == SHAPE_NTPD && d < 0 ? -d : d) * Math.PI / (2 * per) * Math.sin(x);
    }
    const step = (h - q) / dh;
    tau -= step;
    if (tau < 0) tau = 0;
    if (tau > ww) tau = ww;
    if (Math.abs(step) < 0.25) break;
  }
  return <i64>Math.ceil(tau);
}

/**
 * The exact answer near guess t: smallest t in (lo, hi] with readIn(w, t) ≥ r (hi when none),
 * checked against the exact forward function; a guess more than a few ns off falls back to
 * bisection, so the result never depends on the guess's accuracy.
 */
function settle(w: usize, r: i64, lo: i64, hi: i64, t: i64): i64 {
  if (t <= lo) t = lo + 1;
  if (t > hi) t = hi;
  // up: while t reads below r
  let steps = 0;
  while (t < hi && readIn(w, t) < r) {
    if (++steps > 3) return bisect(w, r, t, hi);
    t++;
  }
  // down: while t − 1 reads at least r
  steps = 0;
  while (t - 1 > lo && readIn(w, t - 1) >= r) {
    if (++steps > 3) return bisect(w, r, lo, t - 1);
    t--;
  }
  return t;
}

/** Smallest t in (lo, hi] with readIn(w, t) ≥ r (hi when none), lo reading below r. */
function bisect(w: usize, r: i64, lo: i64, hi: i64): i64 {
  while (hi - lo > 1) {
    const mid = lo + ((hi - lo) >> 1);
    if (readIn(w, mid) >= r) hi = mid;
    else lo = mid;
  }
  return hi;
}
