// Clock drift: chrony's weighted regression of offset against time, with its runs test.
//
// Facts from chrony's regress.c / sourcestats.c (read for the method, not copied): weighted least
// squares of offset on time with variance-like weights w (large = less reliable); residual sign
// runs counted over up to REGRESS_RUNS_RATIO = 2 times the regression points (older samples the
// window already dropped extend the test); while the runs are at or below the 5% critical value the
// oldest regression sample is dropped, down to max(3, minSamples) points; weights from delays as
// (1 + (d − dmin − precision)/sd)² with peer distance d = delay/2 + dispersion and
// sd = (median − min)/0.7 clamped to [precision, dmin].
//
// Layout the shell writes at `ptr` for `total` samples, oldest first (the last `n` are the
// regression window, the `total − n` before them the extra runs-test samples, total ≤ 2n):
//   i64 t[total]          sample times, ns, strictly increasing (checked by the shell)
//   i64 off[total]        offsets, ns (local − reference), |off| < 2^53
//   aux[total]            (the last n used) mode 1: f64, the sample's weight, 1/w in chrony's
//                         terms; mode 2: i64 round-trip delay, ns, in [0, 2^53)
//   i64 disp[total]       (mode 2, the last n used) peer dispersion, ns, in [0, 2^53); chrony's
//                         peer distance is delay/2 + dispersion
// x = t − t_newest (≤ 0) and y = off are f64: exact while spans and offsets stay below 2^53 ns
// (104 days), which the shell enforces.
//
// Cost (issue 12): the shell only stores bigints (a typed-array store is several times cheaper
// than a BigInt → Number conversion in V8); the sums multiply by inverse weights computed once per
// call instead of dividing by w in every pass; the median of the peer distances is a selection,
// not a sort; sign runs are counted without branches (residual signs are random).

const MAX_REGRESSION: i32 = 64 * 2; // regression points the static buffers hold, runs samples included
const RUNS_RATIO: i32 = 2;
const MIN_REGRESS: i32 = 3;
const SD_TO_DIST_RATIO: f64 = 0.7;

// 5% critical number of runs for a given number of residuals (index), chrony's table
const CRITICAL_RUNS: StaticArray<u8> = [
  0, 0, 0, 0, 0, 0, 0, 0, 2, 3,
  3, 3, 4, 4, 5, 5, 5, 6, 6, 7,
  7, 7, 8, 8, 9, 9, 9, 10, 10, 11,
  11, 11, 12, 12, 13, 13, 14, 14, 14, 15,
  15, 16, 16, 17, 17, 18, 18, 18, 19, 19,
  20, 20, 21, 21, 21, 22, 22, 23, 23, 24,
  24, 25, 25, 26, 26, 26, 27, 27, 28, 28,
  29, 29, 30, 30, 30, 31, 31, 32, 32, 33,
  33, 34, 34, 35, 35, 35, 36, 36, 37, 37,
  38, 38, 39, 39, 40, 40, 40, 41, 41, 42,
  42, 43, 43, 44, 44, 45, 45, 46, 46, 46,
  47, 47, 48, 48, 49, 49, 50, 50, 51, 51,
  52, 52, 52, 53, 53, 54, 54, 55, 55, 56,
];

// Student's t at the 99.95% quantile by degrees of freedom 1..40 (3.5 beyond), chrony's table
const T_COEF: StaticArray<f64> = [
  636.6, 31.6, 12.92, 8.61, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
  4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850,
  3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646,
  3.633, 3.622, 3.611, 3.601, 3.591, 3.582, 3.574, 3.566, 3.558, 3.551,
];

/** Student's t (99.95%) for `dof` ≥ 1 degrees of freedom, as chrony tabulates it. */
export function driftTCoef(dof: i32): f64 {
  return dof <= 40 ? unchecked(T_COEF[dof - 1]) : 3.5;
}

// Work arrays follow the input in the caller's scratch region (no static buffers: the core's first
// memory page is shared by every domain). The shell reserves driftScratchBytes(total).
let X: usize = 0, Y: usize = 0, IW: usize = 0, R: usize = 0, SORT: usize = 0;

/** Bytes of scratch driftEstimate needs for `total` samples: 4 input and 5 work arrays. */
export function driftScratchBytes(total: i32): i32 {
  return total * 8 * 4 + MAX_REGRESSION * 8 * 5;
}
// Results: f64 intercept, slope, s2, sb0, sb1; then i32 start, runs, dof as f64
const OUT = memory.data(8 * 8);

/** Address of the 8 f64 results of the last driftEstimate: b0, b1, s2, sb0, sb1, start, runs, dof. */
export function driftResultPtr(): usize {
  return OUT;
}

function runsOf(from: i32, to: i32): i32 {
  let runs = 1;
  for (let i = from + 1; i < to; i++) {
    const a = load<f64>(R + (<usize>i << 3));
    const b = load<f64>(R + (<usize>(i - 1) << 3));
    // a new run unless both are negative or both positive (a zero residual always starts one)
    runs += 1 - ((<i32>(a < 0) & <i32>(b < 0)) | (<i32>(a > 0) & <i32>(b > 0)));
  }
  return runs;
}

/** The k-th smallest of SORT[lo..hi] (inclusive), reordering them: Hoare's selection, O(n) expected. */
function select(lo: i32, hi: i32, k: i32): f64 {
  while (hi > lo) {
    const pivot = load<f64>(SORT + (<usize>((lo + hi) >> 1) << 3));
    let i = lo, j = hi;
    while (i <= j) {
      while (load<f64>(SORT + (<usize>i << 3)) < pivot) i++;
      while (load<f64>(SORT + (<usize>j << 3)) > pivot) j--;
      if (i <= j) {
        const a = load<f64>(SORT + (<usize>i << 3));
        store<f64>(SORT + (<usize>i << 3), load<f64>(SORT + (<usize>j << 3)));
        store<f64>(SORT + (<usize>j << 3), a);
        i++;
        j--;
      }
    }
    // now SORT[lo..j] ≤ pivot ≤ SORT[i..hi], and everything strictly between j and i equals pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return pivot;
  }
  return load<f64>(SORT + (<usize>lo << 3));
}

/** Median of SORT[0..n) (n ≥ 1; finite values), as the mean of the middle two for even n. */
function median(n: i32): f64 {
  const k = n >> 1;
  const hi = select(0, n - 1, k);
  if (n & 1) return hi;
  // after selecting k, SORT[0..k) holds the k smallest: the (k−1)-th is their maximum
  let lo = load<f64>(SORT);
  for (let i = 1; i < k; i++) lo = Math.max(lo, load<f64>(SORT + (<usize>i << 3)));
  return 0.5 * (hi + lo);
}

/**
 * chrony's best regression over the samples at `ptr` (layout above). mode 0: equal weights,
 * 1: the samples' weights given (1/w), 2: w from delays with clock precision `precision` ns.
 * Returns 1 on success (results at driftResultPtr), 0 when fewer than 3 regression samples or a
 * degenerate fit.
 */
export function driftEstimate(ptr: usize, total: i32, n: i32, minSamples: i32, mode: i32, precision: f64): i32 {
  if (n < MIN_REGRESS || total < n || total > MAX_REGRESSION || n * RUNS_RATIO > MAX_REGRESSION) return 0;
  const m = total - n; // extra runs samples, index −m..−1 relative to the window
  const tPtr = ptr, oPtr = ptr + (<usize>total << 3);
  const aPtr = ptr + (<usize>total << 4), ePtr = ptr + (<usize>total << 3) * 3;
  const work = ptr + (<usize>total << 5);
  X = work;
  Y = work + (<usize>MAX_REGRESSION << 3);
  IW = work + (<usize>MAX_REGRESSION << 4);
  R = work + (<usize>MAX_REGRESSION << 3) * 3;
  SORT = work + (<usize>MAX_REGRESSION << 5);
  const tLast = load<i64>(tPtr + (<usize>(total - 1) << 3));
  // X, Y hold all `total` samples; IW the n window samples' inverse weights 1/w (index i − m)
  for (let i = 0; i < total; i++) {
    store<f64>(X + (<usize>i << 3), <f64>(load<i64>(tPtr + (<usize>i << 3)) - tLast));
    store<f64>(Y + (<usize>i << 3), <f64>load<i64>(oPtr + (<usize>i << 3)));
  }
  if (mode == 1) {
    for (let i = 0; i < n; i++) store<f64>(IW + (<usize>i << 3), load<f64>(aPtr + (<usize>(i + m) << 3)));
  } else if (mode == 2) {
    let minD = Infinity;
    // peer distances (exact: both terms are integers below 2^53), kept in R until the fit needs it
    for (let i = 0; i < n; i++) {
      const at = <usize>(i + m) << 3;
      const d = <f64>load<i64>(aPtr + at) / 2 + <f64>load<i64>(ePtr + at);
      store<f64>(SORT + (<usize>i << 3), d);
      store<f64>(R + (<usize>i << 3), d);
      if (d < minD) minD = d;
    }
    const med = median(n);
    let sd = (med - minD) / SD_TO_DIST_RATIO;
    sd = Math.min(Math.max(precision, sd), minD);
    if (!(sd > 0)) sd = precision; // zero delays: chrony would divide by zero here
    minD += precision;
    for (let i = 0; i < n; i++) {
      const d = load<f64>(R + (<usize>i << 3));
      let sw = 1.0;
      if (d > minD) sw += (d - minD) / sd;
      store<f64>(IW + (<usize>i << 3), 1.0 / (sw * sw));
    }
  } else {
    for (let i = 0; i < n; i++) store<f64>(IW + (<usize>i << 3), 1.0);
  }

  let start = 0; // in window indices 0..n
  let a: f64 = 0, b: f64 = 0, u: f64 = 0, V: f64 = 0, Wsum: f64 = 0;
  let nruns = 0;
  let residStart = 0; // window index of the first residual counted, may be −m
  while (true) {
    let U: f64 = 0;
    Wsum = 0;
    for (let i = start; i < n; i++) {
      const iw = load<f64>(IW + (<usize>i << 3));
      U += load<f64>(X + (<usize>(i + m) << 3)) * iw;
      Wsum += iw;
    }
    u = U / Wsum;
    let P: f64 = 0, Q: f64 = 0;
    V = 0;
    for (let i = start; i < n; i++) {
      const iw = load<f64>(IW + (<usize>i << 3));
      const ui = load<f64>(X + (<usize>(i + m) << 3)) - u;
      const y = load<f64>(Y + (<usize>(i + m) << 3)) * iw;
      P += y;
      Q += y * ui;
      V += ui * ui * iw;
    }
    if (!(V > 0)) return 0;
    b = Q / V;
    a = P / Wsum - b * u;
    residStart = n - (n - start) * RUNS_RATIO;
    if (residStart < -m) residStart = -m;
    for (let i = residStart; i < n; i++) {
      const j = i + m;
      store<f64>(R + (<usize>j << 3), load<f64>(Y + (<usize>j << 3)) - a - b * load<f64>(X + (<usize>j << 3)));
    }
    nruns = runsOf(residStart + m, n + m);
    if (nruns > <i32>unchecked(CRITICAL_RUNS[n - residStart]) || n - start <= MIN_REGRESS || n - start <= minSamples) {
      if (start != residStart) nruns = runsOf(start + m, n + m);
      break;
    }
    start++;
  }
  let ss: f64 = 0;
  for (let i = start; i < n; i++) {
    const r = load<f64>(R + (<usize>(i + m) << 3));
    ss += r * r * load<f64>(IW + (<usize>i << 3));
  }
  const np = n - start;
  ss /= <f64>(np - 2);
  const sb1 = Math.sqrt(ss / V);
  const aa = u * sb1;
  store<f64>(OUT, a);
  store<f64>(OUT, b, 8);
  store<f64>(OUT, ss * <f64>np / Wsum, 16);
  store<f64>(OUT, Math.sqrt(ss / Wsum + aa * aa), 24);
  store<f64>(OUT, sb1, 32);
  store<f64>(OUT, <f64>start, 40);
  store<f64>(OUT, <f64>nruns, 48);
  store<f64>(OUT, <f64>(np - 2), 56);
  return 1;
}
