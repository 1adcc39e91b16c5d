// Integer helpers shared by every domain of the core.
// AssemblyScript's i64 `/` truncates toward zero; time arithmetic needs floor semantics so that
// instants before 1970 (negative Unix ns) land in the right second, day and table row.

/** floor(a / b) for b > 0. */
// @ts-ignore: decorator
@inline
export function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return (a % b != 0 && (a ^ b) < 0) ? q - 1 : q;
}

/** a - b * floor(a / b) for b > 0: always in [0, b). */
// @ts-ignore: decorator
@inline
export function floorMod(a: i64, b: i64): i64 {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/**
 * floor(x * num / den) for den > 0 and 0 <= num, without a 128-bit product, valid while
 * den * num < 2^63. x is split as q*den + r (0 <= r < den) so that x*num/den = q*num + r*num/den.
 */
// @ts-ignore: decorator
@inline
export function mulDivFloorSmall(x: i64, num: i64, den: i64): i64 {
  const q = floorDiv(x, den);
  const r = x - q * den;
  return q * num + (r * num) / den;
}
