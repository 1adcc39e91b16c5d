// Deterministic data shared by tests and benchmarks, so that a bench row and the test that guards the
// same path read the same kind of input. Plain JS: bench/ imports it without a TypeScript step.

/** A xorshift32 stream of numbers in [0, 1) from `seed` (any integer; 0 is taken as 1). */
export function xorshift32(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** `n` integer timer latencies in ns: 90 % uniform in 50 µs … 2.05 ms, 10 % log-uniform in 1 ms … 100 ms. */
export function timerLatencies(rnd, n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() < 0.9 ? 50_000 + rnd() * 2_000_000 : 10 ** (6 + 2 * rnd()));
  return out;
}

/** `n` integers log-uniform in [10^fromExp, 10^toExp). */
export function logUniform(rnd, n, fromExp, toExp) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(10 ** (fromExp + (toExp - fromExp) * rnd()));
  return out;
}

/**
 * An HdrHistogram interval log (format 1.3 columns) of `lines` intervals, 1 s apart and 1 s long,
 * cycling through `encodings` (base64 compressed histograms). `header` lines come before the column
 * line; `maxText` is every line's Interval_Max; lines end with `eol`, the last one too.
 */
export function intervalLogText(encodings, lines, { header = [], maxText = "10.000", eol = "\n" } = {}) {
  const out = [...header, '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"'];
  for (let i = 0; i < lines; i++) out.push(`${i}.000,1.000,${maxText},${encodings[i % encodings.length]}`);
  return out.join(eol) + eol;
}
