// A plain BigInt model of HdrHistogram's bucket boundaries, written from its definitions (not from
// src/jitter or assembly/jitter.ts): a magnitude m lies in a bucket whose width is 2^(unit + b),
// where b is how many times the sub-bucket range [0, 2^(halfMag+1+unit)) must double to reach m.
export interface ModelParams {
  lowest: bigint;
  digits: number;
}

function params(p: ModelParams) {
  let subCountMag = 0;
  while (2n ** BigInt(subCountMag) < 2n * 10n ** BigInt(p.digits)) subCountMag++;
  const halfMag = Math.max(subCountMag, 1) - 1;
  let unit = 0;
  while (2n ** BigInt(unit + 1) <= p.lowest) unit++;
  return { halfMag, unit, subCount: 2n ** BigInt(halfMag + 1) };
}

/** [lowest, highest] equivalent magnitudes of the bucket holding magnitude m >= 0. */
export function magnitudeBucket(p: ModelParams, m: bigint): [bigint, bigint] {
  const { unit, subCount } = params(p);
  let b = 0;
  while (m >= subCount << BigInt(unit + b)) b++;
  const width = 1n << BigInt(unit + b);
  const lo = (m / width) * width;
  return [lo, lo + width - 1n];
}

/** [lowest, highest] equivalent signed values of the bucket holding v (same precision both sides). */
export function signedBucket(p: ModelParams, v: bigint): [bigint, bigint] {
  if (v >= 0n) return magnitudeBucket(p, v);
  const [lo, hi] = magnitudeBucket(p, -v);
  return [-hi, -lo];
}

/** HdrHistogram's percentile over sorted signed values (Java 2.2.2 semantics, 1-ulp nudge). */
export function modelPercentile(p: ModelParams, sorted: bigint[], pct: number): bigint {
  const f = new Float64Array([pct]);
  if (pct > 0) new BigInt64Array(f.buffer)[0] -= 1n;
  const req = Math.min(Math.max(f[0], 0), 100);
  const k = Math.max(Math.ceil((req / 100) * sorted.length), 1);
  const [lo, hi] = signedBucket(p, sorted[Math.min(k, sorted.length) - 1]);
  return pct === 0 ? lo : hi;
}
