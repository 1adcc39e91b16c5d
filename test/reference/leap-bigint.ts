// An independent plain-BigInt model of TAI−UTC, written from the published tables (USNO
// tai-utc.dat for 1961–1971, the IERS list after) with linear scans and no WebAssembly: the
// property tests compare the core against it on random instants.

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const MJD_UNIX_EPOCH = 40_587n;

/** [MJD from, offset s × 1e7, root MJD, rate s/day × 1e7] as printed in tai-utc.dat. */
const SEGMENTS: [number, number, number, number][] = [
  [37300, 14228180, 37300, 12960], [37512, 13728180, 37300, 12960],
  [37665, 18458580, 37665, 11232], [38334, 19458580, 37665, 11232],
  [38395, 32401300, 38761, 12960], [38486, 33401300, 38761, 12960],
  [38639, 34401300, 38761, 12960], [38761, 35401300, 38761, 12960],
  [38820, 36401300, 38761, 12960], [38942, 37401300, 38761, 12960],
  [39004, 38401300, 38761, 12960], [39126, 43131700, 39126, 25920],
  [39887, 42131700, 39126, 25920],
];
/** MJD of each 1 Jan / 1 Jul from which TAI−UTC = 10, 11, … 37 s. */
const LEAP_MJDS = [41317, 41499, 41683, 42048, 42413, 42778, 43144, 43509, 43874, 44239, 44786, 45151,
  45516, 46247, 47161, 47892, 48257, 48804, 49169, 49534, 50083, 50630, 51179, 53736, 54832, 56109, 57204, 57754];

export interface RefRow { start: bigint; off: bigint; root: bigint; rate: bigint }

export const REF_ROWS: RefRow[] = [
  ...SEGMENTS.map(([mjd, off, root, rate]) => ({
    start: (BigInt(mjd) - MJD_UNIX_EPOCH) * DAY,
    off: BigInt(off) * 100n,
    root: (BigInt(root) - MJD_UNIX_EPOCH) * DAY,
    rate: BigInt(rate),
  })),
  ...LEAP_MJDS.map((mjd, i) => {
    const start = (BigInt(mjd) - MJD_UNIX_EPOCH) * DAY;
    return { start, off: BigInt(10 + i) * S, root: start, rate: 0n };
  }),
];

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function f(r: RefRow, u: bigint): bigint {
  // TAI−UTC (ns) = off + (u − root) × (rate × 1e-7 s/day) / (86 400 × 1e9 ns/day) × 1e9, floored.
  return r.off + floorDiv((u - r.root) * r.rate, 864_000_000_000n);
}

export function refRowAt(rows: RefRow[], u: bigint): number {
  let j = -1;
  for (let i = 0; i < rows.length; i++) if (rows[i].start <= u) j = i;
  return j;
}

export function refTaiMinusUtc(u: bigint, rows = REF_ROWS): bigint {
  return f(rows[refRowAt(rows, u)], u);
}

export function refUnixToTai(u: bigint, rows = REF_ROWS): bigint {
  return u + refTaiMinusUtc(u, rows);
}

/**
 * The Linux kernel's Unix reading at TAI t. Row j takes over at the earlier of: one TAI ns past the
 * old row's last Unix ns (an inserted interval then repeats the end of the day), or the new row's
 * start (a deleted interval is skipped). Inside a row, the smallest u with u + f(u) ≥ t, by bisection.
 */
export function refTaiToUnix(t: bigint, rows = REF_ROWS): bigint {
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
    if (mid + f(r, mid) >= t) hi = mid; else lo = mid;
  }
  return hi;
}

/** Whether TAI t lies in an inserted interval (UTC shows second 60 then). */
export function refInLeap(t: bigint, rows = REF_ROWS): boolean {
  for (let i = 1; i < rows.length; i++) {
    const s = rows[i].start;
    const from = s + f(rows[i - 1], s - 1n);
    const to = s + f(rows[i], s);
    if (t >= from && t < to) return true;
  }
  return false;
}
