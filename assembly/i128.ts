// Unsigned 128-bit helpers for the smear domain: products of two u64 and floor divisions of a
// 128-bit value by a u64. AssemblyScript has no multi-value returns here, so results beyond one
// u64 go to module globals read right after the call (the core is single-threaded).

/** High and low halves of the last `mul64` product / `mulSmall128` result. */
export let HI: u64 = 0;
export let LO: u64 = 0;
/** Remainder of the last `divRem128` / `mulDivFloor`. */
export let REM: u64 = 0;

const M32: u64 = 0xffff_ffff;

/** a · b as 128 bits in (HI, LO), via 32-bit halves. */
export function mul64(a: u64, b: u64): void {
  const a0 = a & M32, a1 = a >> 32;
  const b0 = b & M32, b1 = b >> 32;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  // middle column: at most 3 · (2^32 − 1) plus a carry, no overflow in u64
  const mid = (p00 >> 32) + (p01 & M32) + (p10 & M32);
  LO = (mid << 32) | (p00 & M32);
  HI = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** (hi, lo) · m, keeping 128 bits (the caller guarantees no overflow), into (HI, LO). */
export function mulSmall128(hi: u64, lo: u64, m: u64): void {
  mul64(lo, m);
  HI += hi * m;
}

/**
 * floor((hi·2^64 + lo) / d) for hi < d (so the quotient fits a u64); remainder in REM.
 * Restoring shift-subtract division, one quotient bit per step.
 */
export function divRem128(hi: u64, lo: u64, d: u64): u64 {
  let r = hi;
  let q: u64 = 0;
  for (let i = 63; i >= 0; i--) {
    const carry = r >> 63;
    r = (r << 1) | ((lo >> <u64>i) & 1);
    q <<= 1;
    if (carry != 0 || r >= d) {
      r -= d;
      q |= 1;
    }
  }
  REM = r;
  return q;
}

const TWO52: f64 = 4503599627370496.0;

/**
 * floor(a · b / c) for c > 0 when the quotient fits a u64; remainder in REM. Exact always.
 *
 * Fast path (every smear window: c < 2^52 and a quotient below 2^52): an f64 estimate is off by at
 * most a few units, so the true remainder a·b − q·c lies within ±4c < 2^63 and the wrapping u64
 * arithmetic below computes it exactly; a short correction loop then fixes q. Otherwise the exact
 * 128-bit product is divided bit by bit.
 */
export function mulDivFloor(a: u64, b: u64, c: u64): u64 {
  const est = <f64>a * <f64>b / <f64>c;
  if (est < TWO52 && c < <u64>TWO52) {
    let q = <i64>est;
    let r = <i64>(a * b) - q * <i64>c;
    while (r < 0) { q--; r += <i64>c; }
    while (r >= <i64>c) { q++; r -= <i64>c; }
    REM = <u64>r;
    return <u64>q;
  }
  mul64(a, b);
  const h = HI, l = LO;
  const qh = h / c; // 0 when the quotient fits a u64
  const q = divRem128(h - qh * c, l, c);
  return q; // the caller's range checks make qh = 0
}
