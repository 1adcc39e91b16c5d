// The arithmetic that src/jitter/histogram-stats.ts holds apart from core memory, against
// brute-force BigInt references.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  correctionMoments,
  int128,
  meanOf,
  rankAtPercentile,
  stddevOf,
  uint192,
} from "../../src/jitter/histogram-stats.ts";

describe("correctionMoments", () => {
  it("equals Σx and Σx² over the values v − k·iv >= iv (k >= 1), summed one by one", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 2n, max: 400n }), (iv, mult) => {
        const v = iv * mult + (mult % 7n); // v >= 2·iv, not always a multiple
        let sum = 0n, sq = 0n;
        for (let x = v - iv; x >= iv; x -= iv) {
          sum += x;
          sq += x * x;
        }
        expect(correctionMoments(v, iv)).toEqual({ sum, sumOfSquares: sq });
      }),
      { numRuns: 300 },
    );
  });
});

describe("int128 / uint192", () => {
  it("read back the words they are split into", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 127n), max: (1n << 127n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 192n) - 1n }),
        (s, u) => {
          expect(int128(BigInt.asIntN(64, s), BigInt.asIntN(64, s >> 64n))).toBe(s);
          expect(uint192(BigInt.asIntN(64, u), BigInt.asIntN(64, u >> 64n), BigInt.asIntN(64, u >> 128n))).toBe(u);
        },
      ),
    );
  });
});

describe("rankAtPercentile", () => {
  it("is HdrHistogram's ceil(p/100 · N) with p one ulp down, within [1, N]", () => {
    expect(rankAtPercentile(0, 10n)).toBe(1n);
    expect(rankAtPercentile(50, 10n)).toBe(5n); // 50 one ulp down: 4.999… → 5
    expect(rankAtPercentile(99, 100n)).toBe(99n);
    expect(rankAtPercentile(28, 25n)).toBe(7n); // 0.28 · 25 is 7.000000000000001 in doubles: the nudge keeps it at 7
    expect(rankAtPercentile(100, 7n)).toBe(7n);
    expect(rankAtPercentile(100, 1n)).toBe(1n);
  });
});

describe("meanOf / stddevOf", () => {
  it("are the exact quotient and radicand, rounded once; NaN for no values", () => {
    expect(meanOf(10n, 4n)).toBe(2.5);
    expect(meanOf(-7n, 2n)).toBe(-3.5);
    const big = (1n << 80n) + 3n; // Σv past 2^53: quotient and remainder apart keep it exact
    expect(meanOf(big * 3n + 1n, 3n)).toBe(Number(big) + 1 / 3);
    expect(stddevOf(6n, 14n, 3n)).toBeCloseTo(Math.sqrt(2 / 3), 15); // 1, 2, 3
    expect(meanOf(0n, 0n)).toBeNaN();
    expect(stddevOf(0n, 0n, 0n)).toBeNaN();
  });
});
