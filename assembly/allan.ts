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
// running sum, so a whole tau is O(N) and the running sum's rounding stays near a few ulps instead
// of growing with N.

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

// Kahan-compensated accumulators in four independent lanes: the lanes hide the latency of the
// compensation's dependency chain (one lane runs about 4× slower), and their sums combine at the
// end with one more compensated addition each.
let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
let c0: f64 = 0, c1: f64 = 0, c2: f64 = 0, c3: f64 = 0;

// @ts-ignore: decorator
@inline
function clearLanes(): void {
  s0 = 0; s1 = 0; s2 = 0; s3 = 0;
  c0 = 0; c1 = 0; c2 = 0; c3 = 0;
}

function laneTotal(): f64 {
  let s: f64 = 0, c: f64 = 0;
  for (let k = 0; k < 8; k++) {
    const v = k == 0 ? s0 : k == 1 ? s1 : k == 2 ? s2 : k == 3 ? s3 : k == 4 ? -c0 : k == 5 ? -c1 : k == 6 ? -c2 : -c3;
    const y = v - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}

// @ts-ignore: decorator
@inline
function d2(p: usize, i: i32, m: i32): f64 {
  return at(p, i + 2 * m) - 2 * at(p, i + m) + at(p, i);
}

// @ts-ignore: decorator
@inline
function d3(p: usize, i: i32, m: i32): f64 {
  return at(p, i + 3 * m) - 3 * at(p, i + 2 * m) + 3 * at(p, i + m) - at(p, i);
}

/** Σ of squared second (order 2) or third (order 3) differences at lag m over i = 0, step, … < limit. */
function sumSquares(p: usize, m: i32, limit: i32, step: i32, order: i32): f64 {
  clearLanes();
  const st4 = step * 4;
  let i = 0;
  for (; i + 3 * step < limit; i += st4) {
    let a: f64, b: f64, e: f64, f: f64;
    if (order == 2) {
      a = d2(p, i, m); b = d2(p, i + step, m); e = d2(p, i + 2 * step, m); f = d2(p, i + 3 * step, m);
    } else {
      a = d3(p, i, m); b = d3(p, i + step, m); e = d3(p, i + 2 * step, m); f = d3(p, i + 3 * step, m);
    }
    let y = a * a - c0; let t = s0 + y; c0 = (t - s0) - y; s0 = t;
    y = b * b - c1; t = s1 + y; c1 = (t - s1) - y; s1 = t;
    y = e * e - c2; t = s2 + y; c2 = (t - s2) - y; s2 = t;
    y = f * f - c3; t = s3 + y; c3 = (t - s3) - y; s3 = t;
  }
  for (; i < limit; i += step) {
    const a = order == 2 ? d2(p, i, m) : d3(p, i, m);
    const y = a * a - c0; const t = s0 + y; c0 = (t - s0) - y; s0 = t;
  }
  return laneTotal();
}

/**
 * MDEV's Σ_j S_j² with S_j = Σ_{i=j}^{j+m−1} d_i, d_i = x_{i+2m} − 2x_{i+m} + x_i, j = 0..n−3m.
 * The d_i go to `work` first (n − 2m values). Each lane walks a contiguous quarter of j with its
 * own compensated running sum (S_{j+1} = S_j + d_{j+m} − d_j) started by a direct sum; the squares
 * add up plainly in blocks of 1024 whose totals are then added with compensation, so the sum's
 * relative rounding stays below about 1100 ulps whatever N. One lane when quarters are shorter
 * than 4m (the direct starts would cost more than the lanes save).
 */
function sumModified(p: usize, m: i32, n: i32, work: usize): f64 {
  const count = n - 3 * m + 1;
  const nd = n - 2 * m;
  for (let i = 0; i < nd; i++) store<f64>(work + (<usize>i << 3), d2(p, i, m));
  clearLanes();
  const lanes = count >= 4 * m && count >= 64 ? 4 : 1;
  const seg = (count + lanes - 1) / lanes;
  const j1 = seg, j2 = 2 * seg, j3 = 3 * seg;
  const len3 = lanes == 4 ? count - j3 : 0;
  const len0 = lanes == 4 ? seg : count;
  let A = directSum(work, 0, m), B: f64 = 0, C: f64 = 0, D: f64 = 0;
  if (lanes == 4) { B = directSum(work, j1, m); C = directSum(work, j2, m); D = len3 > 0 ? directSum(work, j3, m) : 0; }
  let ac: f64 = 0, bc: f64 = 0, cc: f64 = 0, dc: f64 = 0;
  let r = 0;
  while (r < len0) {
    const blockEnd = min(r + 1024, len0);
    let q0: f64 = 0, q1: f64 = 0, q2: f64 = 0, q3: f64 = 0;
    if (lanes == 4) {
      for (; r < blockEnd; r++) {
        q0 += A * A; q1 += B * B; q2 += C * C;
        if (r < len3) q3 += D * D;
        if (r == len0 - 1) { r++; break; }
        let y = (at(work, r + m) - at(work, r)) - ac; let t = A + y; ac = (t - A) - y; A = t;
        y = (at(work, j1 + r + m) - at(work, j1 + r)) - bc; t = B + y; bc = (t - B) - y; B = t;
        y = (at(work, j2 + r + m) - at(work, j2 + r)) - cc; t = C + y; cc = (t - C) - y; C = t;
        if (r + 1 < len3) { y = (at(work, j3 + r + m) - at(work, j3 + r)) - dc; t = D + y; dc = (t - D) - y; D = t; }
      }
    } else {
      for (; r < blockEnd; r++) {
        q0 += A * A;
        if (r == len0 - 1) { r++; break; }
        const y = (at(work, r + m) - at(work, r)) - ac; const t = A + y; ac = (t - A) - y; A = t;
      }
    }
    let y = q0 - c0; let t = s0 + y; c0 = (t - s0) - y; s0 = t;
    y = q1 - c1; t = s1 + y; c1 = (t - s1) - y; s1 = t;
    y = q2 - c2; t = s2 + y; c2 = (t - s2) - y; s2 = t;
    y = q3 - c3; t = s3 + y; c3 = (t - s3) - y; s3 = t;
  }
  return laneTotal();
}

function directSum(work: usize, j: i32, m: i32): f64 {
  let S: f64 = 0, c: f64 = 0;
  for (let i = j; i < j + m; i++) {
    const y = at(work, i) - c;
    const t = S + y;
    c = (t - S) - y;
    S = t;
  }
  return S;
}

/**
 * The deviation of `kind` at averaging factor m ≥ 1 over n phase values at p (ns), tau0 in ns.
 * `work` holds n f64 of scratch (MDEV). Returns NaN when n is too short for m (the shell never
 * asks); allanCount() gives the terms.
 */
export function allanDev(p: usize, n: i32, m: i32, tau0: f64, kind: i32, work: usize): f64 {
  const tau = <f64>m * tau0;
  lastCount = 0;
  if (m < 1) return NaN;
  if (kind == KIND_ADEV) {
    const M = (n - 1) / m + 1;
    if (M < 3) return NaN;
    lastCount = M - 2;
    return Math.sqrt(sumSquares(p, m, (M - 2) * m, m, 2) / (2 * <f64>(M - 2) * tau * tau));
  }
  if (kind == KIND_OADEV) {
    if (n - 2 * m < 1) return NaN;
    lastCount = n - 2 * m;
    return Math.sqrt(sumSquares(p, m, n - 2 * m, 1, 2) / (2 * <f64>(n - 2 * m) * tau * tau));
  }
  if (kind == KIND_MDEV) {
    if (n - 3 * m < 0) return NaN;
    lastCount = n - 3 * m + 1;
    const mm = <f64>m;
    return Math.sqrt(sumModified(p, m, n, work) / (2 * mm * mm * tau * tau * <f64>lastCount));
  }
  if (kind == KIND_HDEV) {
    const M = (n - 1) / m + 1;
    if (M < 4) return NaN;
    lastCount = M - 3;
    return Math.sqrt(sumSquares(p, m, (M - 3) * m, m, 3) / (6 * <f64>(M - 3) * tau * tau));
  }
  if (kind == KIND_OHDEV) {
    if (n - 3 * m < 1) return NaN;
    lastCount = n - 3 * m;
    return Math.sqrt(sumSquares(p, m, n - 3 * m, 1, 3) / (6 * <f64>(n - 3 * m) * tau * tau));
  }
  return NaN;
}
