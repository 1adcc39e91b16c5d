import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClockmathError, formatDuration, parseDuration } from "../../src/mod.ts";

describe("parseDuration", () => {
  it("reads the units exactly", () => {
    expect(parseDuration("1.5s")).toBe(1_500_000_000n);
    expect(parseDuration("250ms")).toBe(250_000_000n);
    expect(parseDuration("100us")).toBe(100_000n);
    expect(parseDuration("100µs")).toBe(100_000n);
    expect(parseDuration("10ns")).toBe(10n);
    expect(parseDuration("2h")).toBe(7_200_000_000_000n);
    expect(parseDuration("1.25min")).toBe(75_000_000_000n);
    expect(parseDuration("1d")).toBe(86_400_000_000_000n);
    expect(parseDuration("0.000000001s")).toBe(1n);
    expect(parseDuration("9223372036854775807ns")).toBe(2n ** 63n - 1n);
  });
  it("refuses what is not a whole number of ns in i64, with typed errors", () => {
    for (
      const bad of [
        "",
        "1",
        "s",
        "1.5",
        "1.s",
        ".5s",
        "-1s",
        "1e3s",
        "1 s",
        "1.5ns",
        "0.0000000001s",
        "1sec",
        "x".repeat(100),
      ]
    ) {
      expect(() => parseDuration(bad)).toThrow(ClockmathError);
    }
    expect(() => parseDuration("1.5ns")).toThrow(/whole number of nanoseconds/);
    expect(() => parseDuration("9223372036854775808ns")).toThrow(expect.objectContaining({ code: "out-of-range" }));
    expect(() => parseDuration(5 as unknown as string)).toThrow(expect.objectContaining({ code: "invalid-argument" }));
  });
  it("formatDuration reads back exactly (BigInt reference)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (ns) => {
        expect(parseDuration(formatDuration(ns))).toBe(ns);
      }),
      { numRuns: 2000 },
    );
    expect(formatDuration(1_500_000_000n)).toBe("1.5s");
    expect(formatDuration(7_200_000_000_000n)).toBe("2h");
    expect(formatDuration(90_000_000_000n)).toBe("90s");
    expect(formatDuration(120_000_000_000n)).toBe("2min");
    expect(formatDuration(999n)).toBe("999ns");
    expect(formatDuration(1_001n)).toBe("1.001us");
    expect(formatDuration(0n)).toBe("0s");
  });
});
