// Allan-family deviations over phase data x[0..N) (f64, ns) at averaging factor m, tau = m·tau0.
// Definitions from NIST SP 1065 (Riley, Handbook of Frequency Stability Analysis), §5.2:
//   ADEV   non-overlapping: x decimated by m, M = ⌊(N−1)/m⌋ + 1 points,
//          σ² = Σ_{k<M−2} (x_{k+2} − 2x_{k+1} + x_k)² / (2(M−2)τ²)
//   OADEV  σ² = Σ_{i<N−2m} (x_{i+2m} − 2x_{i+m} + x_i)² / (2(N−2m)τ²)
//   MDEV   σ² = Σ_{j≤N−3m} (Σ_{i=j}^{j+m−1} x_{i+2m} − 2x_{i+m} + x_i)² / (2m²τ²(N−3m+1))
//   HDEV   non-overlapping, σ² = Σ_{k<M−3} (x_{k+3} − 3x_{k+2} + 3x_{k+1} − x_k)² / (6(M−3)τ²)
//   OHDEV  σ² = Σ_{i<N−3m} (x_{i+3m} − 3x_{i+2m} + 3x_{i+m} − x_i)² / (6(N−3m)τ²)
// (TDEV = τ·MDEV/√3 is derived by the shell.) Sums of squares are Kahan-compensated; MDEV's inner
// sum moves along j in O(1) per step (add the new term, drop the oldest) with a compensated
// running sum, so a whole tau is O(N) and the running sum's rounding stays near one ulp instead of
// growing with N.

export const KIND_ADEV: i32 = 0;
export const KIND_OADEV: i32 = 1;
export const KIND_MDEV: i32 = 2;
export const KIND_HDEV: i32 = 4;
export const KIND_OHDEV: i32 = 5;

let lastCount: i32 = 0;

/** Number of squared terms in the last allanDev result. */
export function allanCount(): i32 {
  return lastCount;
}

// @ts-ignore: decorator
@inline
function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/** dst[i] = f64(src[i] − src[0]) for n i64 values (src and dst may be the same region). */
export function allanI64ToF64(src: usize, dst: usize, n: i32): void {
  if (n <= 0) return;
  const x0 = load<i64>(src);
  for (let i = 0; i < n; i++) {
    const p = <usize>i << 3;
    store<f64>(dst + p, <f64>(load<i64>(src + p) - x0));
  }
}

/** Phase from fractional frequency: dst[0] = 0, dst[i+1] = dst[i] + src[i]·tau0 (compensated); n+1 values. */
export function allanFreqToPhase(src: usize, dst: usize, n: i32, tau0: f64): void {
  let s: f64 = 0, c: f64 = 0;
  store<f64>(dst, 0);
  for (let i = 0; i < n; i++) {
    const y = at(src, i) * tau0 - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
    store<f64>(dst + (<usize>(i + 1) << 3), s);
  }
}

/** Index of the first non-finite value among n f64, or −1. */
export function allanFirstNonFinite(p: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = at(p, i);
    if (!isFinite(v)) return i;
  }
  return -1;
}

/** Σ of squared second differences at lag m and stride `step` over k = 0, step, … < limit. */
function sumSecond(p: usize, m: i32, limit: i32, step: i32): f64 {
  let s: f64 = 0, c: f64 = 0;
  for (let i = 0; i < limit; i += step) {
    const d = at(p, i + 2 * m) - 2 * at(p, i + m) + at(p, i);
    const y = d * d - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}

function sumThird(p: usize, m: i32, limit: i32, step: i32): f64 {
  let s: f64 = 0, c: f64 = 0;
  for (let i = 0; i < limit; i += step) {
    const d = at(p, i + 3 * m) - 3 * at(p, i + 2 * m) + 3 * at(p, i + m) - at(p, i);
    const y = d * d - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}

function sumModified(p: usize, m: i32, n: i32): f64 {
  // inner sum S_j = Σ_{i=j}^{j+m−1} d_i, d_i = x_{i+2m} − 2x_{i+m} + x_i
  let S: f64 = 0, sc: f64 = 0;
  for (let i = 0; i < m; i++) {
    const y = (at(p, i + 2 * m) - 2 * at(p, i + m) + at(p, i)) - sc;
    const t = S + y;
    sc = (t - S) - y;
    S = t;
  }
  let s: f64 = 0, c: f64 = 0;
  const last = n - 3 * m; // j = 0..last
  for (let j = 0; ; j++) {
    const y = S * S - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
    if (j == last) break;
    // S_{j+1} = S_j + d_{j+m} − d_j
    const dNew = at(p, j + 3 * m) - 2 * at(p, j + 2 * m) + at(p, j + m);
    const dOld = at(p, j + 2 * m) - 2 * at(p, j + m) + at(p, j);
    const yi = (dNew - dOld) - sc;
    const ti = S + yi;
    sc = (ti - S) - yi;
    S = ti;
  }
  return s;
}

/**
 * The deviation of `kind` at averaging factor m ≥ 1 over n phase values at p (ns), tau0 in ns.
 * Returns NaN when n is too short for m (the shell never asks); allanCount() gives the terms.
 */
export function allanDev(p: usize, n: i32, m: i32, tau0: f64, kind: i32): f64 {
  const tau = <f64>m * tau0;
  lastCount = 0;
  if (m < 1) return NaN;
  if (kind == KIND_ADEV) {
    const M = (n - 1) / m + 1;
    if (M < 3) return NaN;
    lastCount = M - 2;
    return Math.sqrt(sumSecond(p, m, (M - 2) * m, m) / (2 * <f64>(M - 2) * tau * tau));
  }
  if (kind == KIND_OADEV) {
    if (n - 2 * m < 1) return NaN;
    lastCount = n - 2 * m;
    return Math.sqrt(sumSecond(p, m, n - 2 * m, 1) / (2 * <f64>(n - 2 * m) * tau * tau));
  }
  if (kind == KIND_MDEV) {
    if (n - 3 * m < 0) return NaN;
    lastCount = n - 3 * m + 1;
    const mm = <f64>m;
    return Math.sqrt(sumModified(p, m, n) / (2 * mm * mm * tau * tau * <f64>lastCount));
  }
  if (kind == KIND_HDEV) {
    const M = (n - 1) / m + 1;
    if (M < 4) return NaN;
    lastCount = M - 3;
    return Math.sqrt(sumThird(p, m, (M - 3) * m, m) / (6 * <f64>(M - 3) * tau * tau));
  }
  if (kind == KIND_OHDEV) {
    if (n - 3 * m < 1) return NaN;
    lastCount = n - 3 * m;
    return Math.sqrt(sumThird(p, m, n - 3 * m, 1) / (6 * <f64>(n - 3 * m) * tau * tau));
  }
  return NaN;
}
