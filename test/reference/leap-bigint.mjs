// An independent plain-BigInt model of TAI−UTC, written from the published tables (USNO
// tai-utc.dat for 1961–1971, the IERS list after) with no WebAssembly and no precomputation. The
// property tests compare the core against it on random instants; the leap bench times it as the
// plain implementation a user would otherwise write. Types: leap-bigint.d.mts.
//
// TAI−UTC (ns) at Unix ns u, in the row valid at u (the last row whose start <= u):
//   offset + floor((u − root) · rate / 864 000 000 000)
// where rate is in 1e-7 s per UTC day (0 from 1972 on) — the model of USNO tai-utc.dat
// (1961–1971) and of the IERS/IETF leap-seconds.list (1972 on).

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const MJD_UNIX_EPOCH = 40_587n;
export const RATE_DEN = 864_000_000_000n;

/** [MJD from, TAI−UTC at root in 1e-7 s, root MJD, rate in 1e-7 s/day], as printed in tai-utc.dat. */
const SEGMENTS = [
  [37300, 14_228_180, 37300, 12_960],
  [37512, 13_728_180, 37300, 12_960],
  [37665, 18_458_580, 37665, 11_232],
  [38334, 19_458_580, 37665, 11_232],
  [38395, 32_401_300, 38761, 12_960],
  [38486, 33_401_300, 38761, 12_960],
  [38639, 34_401_300, 38761, 12_960],
  [38761, 35_401_300, 38761, 12_960],
  [38820, 36_401_300, 38761, 12_960],
  [38942, 37_401_300, 38761, 12_960],
  [39004, 38_401_300, 38761, 12_960],
  [39126, 43_131_700, 39126, 25_920],
  [39887, 42_131_700, 39126, 25_920],
];
/** MJD of each 1 Jan / 1 Jul from which TAI−UTC is 10, 11, … 37 s. */
const LEAP_MJDS = [
  41317,
  41499,
  41683,
  42048,
  42413,
  42778,
  43144,
  43509,
  43874,
  44239,
  44786,
  45151,
  45516,
  46247,
  47161,
  47892,
  48257,
  48804,
  49169,
  49534,
  50083,
  50630,
  51179,
  53736,
  54832,
  56109,
  57204,
  57754,
];

/** @typedef {{ start: bigint, offset: bigint, root: bigint, rate: bigint }} RefRow */

/** The published table, 1961-01-01 on, in force order. @type {readonly RefRow[]} */
export const REF_ROWS = Object.freeze([
  ...SEGMENTS.map(([mjd, off, root, rate]) => ({
    start: (BigInt(mjd) - MJD_UNIX_EPOCH) * DAY,
    offset: BigInt(off) * 100n,
    root: (BigInt(root) - MJD_UNIX_EPOCH) * DAY,
    rate: BigInt(rate),
  })),
  ...LEAP_MJDS.map((mjd, i) => {
    const start = (BigInt(mjd) - MJD_UNIX_EPOCH) * DAY;
    return { start, offset: BigInt(10 + i) * S, root: start, rate: 0n };
  }),
].map(Object.freeze));

/** floor(a / b) for b > 0 (BigInt `/` truncates toward zero). */
export function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Index of the row valid at Unix ns u (walking back from the newest row), or -1 before the table. */
export function refRowAt(u, rows = REF_ROWS) {
  for (let j = rows.length - 1; j >= 0; j--) if (rows[j].start <= u) return j;
  return -1;
}

/** TAI−UTC in ns at Unix ns u. Throws before the first row. */
export function refTaiMinusUtc(u, rows = REF_ROWS) {
  const j = refRowAt(u, rows);
  if (j < 0) throw new RangeError(`${u} is before the table's first row ${rows[0].start}`);
  return f(rows[j], u);
}

/** TAI ns of Unix ns u (inside a repeated second: the first occurrence). */
export function refUnixToTai(u, rows = REF_ROWS) {
  return u + refTaiMinusUtc(u, rows);
}

// TAI−UTC of row r at Unix ns u.
function f(r, u) {
  return r.rate === 0n ? r.offset : r.offset + floorDiv((u - r.root) * r.rate, RATE_DEN);
}

/**
 * The Linux kernel's Unix reading at TAI t. Row j takes over at the earlier of: one TAI ns past the
 * old row's last Unix ns (an inserted interval then repeats the end of the day), or the new row's
 * start (a deleted interval is skipped). Inside a row, the smallest u with u + f(u) ≥ t, by bisection.
 */
export function refTaiToUnix(t, rows = REF_ROWS) {
  let j = 0;
  for (let i = 1; i < rows.length; i++) {
    const s = rows[i].start;
    const oldEnd = s + f(rows[i - 1], s - 1n); // one past the old row's last TAI image
    const newStart = s + f(rows[i], s);
    const takeover = oldEnd < newStart ? oldEnd : newStart;
    if (takeover <= t) j = i;
  }
  const r = rows[j];
  let lo = t - 2000n * S, hi = t + 2000n * S; // u + f(u) ≥ t holds at hi and not at lo
  while (hi - lo > 1n) {
    const mid = lo + (hi - lo) / 2n;
    if (mid + f(r, mid) >= t) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether TAI t lies in an inserted interval (UTC shows second 60 then). */
export function refInLeap(t, rows = REF_ROWS) {
  for (let i = 1; i < rows.length; i++) {
    const s = rows[i].start;
    const from = s + f(rows[i - 1], s - 1n);
    const to = s + f(rows[i], s);
    if (t >= from && t < to) return true;
  }
  return false;
}
