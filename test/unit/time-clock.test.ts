import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { msToNs, runtimeMonotonicClock } from "../../src/time/clock.ts";
import { defaultClock } from "../../src/deadline/clock.ts";
import { bestClock } from "../../src/jitter/probe.ts";

/** x (a finite double) as an exact rational num / 2^k. */
function exact(x: number): { num: bigint; k: bigint } {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const bits = b.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const exp = (e === 0 ? 1 : e) - 1075; // x = mant · 2^exp
  return exp >= 0 ? { num: sign * (mant << BigInt(exp)), k: 0n } : { num: sign * mant, k: BigInt(-exp) };
}

describe("msToNs", () => {
  it("is within half a ns of the double's exact value times 1e6, at epoch scale too", () => {
    const ms = fc.oneof(
      fc.double({ min: 0, max: 1e7, noNaN: true }), // performance.now() since page load
      fc.double({ min: 1.5e12, max: 2.5e12, noNaN: true }), // workerd: ms since the Unix epoch
      fc.integer({ min: 0, max: 2 ** 42 }).map((n) => n + 0.5),
    );
    fc.assert(
      fc.property(ms, (x) => {
        const { num, k } = exact(x);
        const den = 1n << k;
        const err = msToNs(x) * den - num * 1_000_000n; // (ours − exact) · 2^k
        const abs = err < 0n ? -err : err;
        // 0.5 ns plus a hair for the one rounding of (x − floor x) · 1e6 to a double
        expect(abs * 2n ** 21n <= den * (2n ** 20n + 1n)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
  it("a clock stepping in whole ms at epoch scale steps by exactly 1e6 ns (Math.round(x · 1e6) gave 999936)", () => {
    for (const t of [1_764_000_000_000, 1_764_000_000_123, 2 ** 41 + 7]) {
      expect(msToNs(t + 1) - msToNs(t)).toBe(1_000_000n);
      expect(msToNs(t)).toBe(BigInt(t) * 1_000_000n);
    }
    expect(msToNs(1.5)).toBe(1_500_000n);
    expect(msToNs(0.0004)).toBe(400n);
  });
});

describe("runtimeMonotonicClock", () => {
  it("takes process.hrtime.bigint when a trial call returns a bigint, called on hrtime", () => {
    let calls = 0;
    const hrtime = {
      bigint(this: unknown) {
        calls++;
        if (this !== hrtime) throw new Error("unbound");
        return 1_000n + BigInt(calls);
      },
    };
    const c = runtimeMonotonicClock({ process: { hrtime }, performance: { now: () => 5 } })!;
    expect(c.source).toBe("process.hrtime.bigint");
    expect(c.now()).toBe(1_002n); // the trial call was the first
    expect(c.now()).toBe(1_003n);
  });

  it("falls back to performance.now (exact ns, never backwards) when hrtime is missing, throws or returns a number", () => {
    const perf = {
      v: 1.5,
      now() {
        return this.v;
      },
    };
    for (
      const process of [undefined, { hrtime: {} }, {
        hrtime: {
          bigint: () => {
            throw new Error("no");
          },
        },
      }, { hrtime: { bigint: () => 7 as unknown as bigint } }]
    ) {
      perf.v = 1.5;
      const c = runtimeMonotonicClock({ process, performance: perf })!;
      expect(c.source).toBe("performance.now");
      expect(c.now()).toBe(1_500_000n);
      perf.v = 1.25; // stepped back (workerd's performance.now follows Date.now)
      expect(c.now()).toBe(1_500_000n);
      perf.v = 2.000001;
      expect(c.now()).toBe(2_000_001n);
    }
  });

  it("is undefined in a runtime with neither", () => {
    expect(runtimeMonotonicClock({})).toBeUndefined();
    expect(runtimeMonotonicClock({ performance: {} })).toBeUndefined();
  });

  it("in this runtime: the clocks deadlines and the probe default to read the same source", () => {
    const c = runtimeMonotonicClock()!;
    expect(bestClock().source).toBe(c.source);
    const a = defaultClock(), b = c.now(), d = defaultClock();
    expect(typeof a).toBe("bigint");
    expect(a <= b && b <= d).toBe(true); // one source, one origin: read in order, never backwards
  });
});
