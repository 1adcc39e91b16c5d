// Milliseconds as doubles (performance.now, timeOrigin) → integer nanoseconds.

/**
 * A performance.now() reading (ms, a double) as integer ns, exactly as the double says: whole ms
 * and the fraction apart. Scaling the whole reading by 1e6 first rounds it to a 256 ns grid once
 * it counts from the Unix epoch (workerd), and a clock stepping in whole ms then reads 999936 ns steps.
 */
export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6)); // ms − whole is exact
}
