// Issue 11, second hostile review (after the four fixes were merged): what a sweep of every export
// with fast-check's anything() still found, each as a regression test.
import { describe, expect, it } from "vitest";
import { ClockmathError, InvalidArgumentError, MAX_UNIX_NS, OutOfRangeError, possibleLeapsBetween } from "../../src/mod.ts";

const S = 1_000_000_000n;

describe("possibleLeapsBetween checks its arguments", () => {
  it("junk bounds are a ClockmathError, not a TypeError", () => {
    for (const bad of [1, "1", Symbol("x"), Object.create(null), undefined, null, {}]) {
      expect(() => possibleLeapsBetween(bad as never, 0n), String(typeof bad)).toThrow(InvalidArgumentError);
      expect(() => possibleLeapsBetween(0n, bad as never), String(typeof bad)).toThrow(InvalidArgumentError);
    }
  });
  it("an unknown month set is an error, not NaN", () => {
    for (const bad of ["bogus", "toString", "constructor", 1, Symbol("x")]) {
      expect(() => possibleLeapsBetween(0n, 100n * 86_400n * S, bad as never)).toThrow(InvalidArgumentError);
    }
  });
  it("bounds past the Unix range are out-of-range (the month count is exact only inside it)", () => {
    expect(() => possibleLeapsBetween(0n, 2n ** 100n)).toThrow(OutOfRangeError);
    expect(() => possibleLeapsBetween(-(2n ** 100n), 0n)).toThrow(OutOfRangeError);
    expect(possibleLeapsBetween(0n, MAX_UNIX_NS)).toBeGreaterThan(0);
  });
  it("still counts: 1970-01-01 .. 1971-01-01 holds 13 month starts, 5 quarter starts, 3 half-year starts", () => {
    const to = 365n * 86_400n * S;
    expect(possibleLeapsBetween(0n, to)).toBe(13);
    expect(possibleLeapsBetween(0n, to, "quarterly")).toBe(5);
    expect(possibleLeapsBetween(0n, to, "june-december")).toBe(3);
    expect(() => possibleLeapsBetween(0n, to, "any-month")).not.toThrow(ClockmathError);
  });
});
