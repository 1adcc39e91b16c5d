// Edges of the public API: text formats, other time scales, user tables, and bad input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as api from "../../src/mod.ts";
import { ClockmathError, formatUtc, LeapTable, MAX_UNIX_NS, MIN_UNIX_NS, parseUtc } from "../../src/mod.ts";

const S = 1_000_000_000n;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ClockmathError).code ?? `not a ClockmathError: ${e}`;
  }
  return "no error";
};

describe("RFC 3339", () => {
  it("formats :60 and trims the fraction, or keeps fixed digits", () => {
    const f = { year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60, nanosecond: 120_000_000 };
    expect(formatUtc(f)).toBe("2016-12-31T23:59:60.12Z");
    expect(formatUtc(f, { digits: 9 })).toBe("2016-12-31T23:59:60.120000000Z");
    expect(formatUtc(f, { digits: 0 })).toBe("2016-12-31T23:59:60Z");
  });
  it("parses offsets, lowercase and up to nine digits", () => {
    expect(parseUtc("2017-01-01t00:59:60.000000001+01:00")).toEqual({
      year: 2016,
      month: 12,
      day: 31,
      hour: 23,
      minute: 59,
      second: 60,
      nanosecond: 1,
    });
    expect(parseUtc("1999-12-31T19:00:00-05:00")).toEqual({
      year: 2000,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      nanosecond: 0,
    });
  });
  it("years past 2261 never wrap: utcToTai and offset parsing say out-of-range", () => {
    expect(code(() => LeapTable.builtin().utcToTai(parseUtc("2800-01-01T00:00:00Z")))).toBe("out-of-range");
    expect(code(() => parseUtc("2800-01-01T00:00:00+01:00"))).toBe("out-of-range");
    expect(parseUtc("2800-01-01T00:00:00Z").year).toBe(2800);
    expect(code(() => parseUtc("2262-04-01T00:00:00+01:00"))).toBe("out-of-range");
    expect(LeapTable.builtin().utcToTai(parseUtc("2262-01-01T00:00:00Z"))).toBe(9_214_646_437_000_000_000n);
  });
  it("rejects malformed text with invalid-argument or out-of-range", () => {
    for (
      const t of [
        "2016-12-31T23:59:60.1234567891Z",
        "2016-12-31 23:59:60",
        "2016-13-01T00:00:00Z",
        "2015-02-29T00:00:00Z",
        "2016-12-31T24:00:00Z",
        "2016-12-31T23:60:00Z",
        "2016-12-31T23:59:61Z",
        "",
        "2016-12-31T23:59:59+24:00",
        "+2016-12-31T23:59:59Z",
      ]
    ) {
      expect(["invalid-argument", "out-of-range"], t).toContain(code(() => parseUtc(t)));
    }
  });
  it("round-trips random fields", () => {
    const fields = fc.record({
      year: fc.integer({ min: 1, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 60 }),
      nanosecond: fc.integer({ min: 0, max: 999_999_999 }),
    });
    fc.assert(fc.property(fields, (f) => {
      expect(parseUtc(formatUtc(f))).toEqual(f);
    }));
  });
});

describe("GPS, PTP, TAI64N", () => {
  const t = LeapTable.builtin();
  it("GPS week and time of week at a known instant", () => {
    // 2017-01-01T00:00:00Z: GPS week 1930, day 0 (Sunday), GPS = UTC + 18 s.
    const gps = api.taiToGps(t.unixToTai(1_483_228_800n * S));
    expect(api.gpsWeek(gps)).toEqual({ week: 1930, towNs: 18n * S });
    expect(api.gpsToTai(gps)).toBe(t.unixToTai(1_483_228_800n * S));
    expect(api.gpsWeek(-1n)).toEqual({ week: -1, towNs: 604_800n * S - 1n });
  });
  it("PTP round trip and limits", () => {
    expect(api.ptpToTai(api.taiToPtp(123_456_789_012_345_678n))).toBe(123_456_789_012_345_678n);
    expect(code(() => api.taiToPtp(-1n))).toBe("out-of-range");
    expect(code(() => api.ptpToTai({ seconds: 1n, nanoseconds: 1e9 }))).toBe("out-of-range");
    expect(code(() => api.ptpToTai({ seconds: 1, nanoseconds: 0 } as never))).toBe("invalid-argument");
  });
  it("TAI64N round trip, TAI64 without nanoseconds, and garbage", () => {
    fc.assert(fc.property(fc.bigInt({ min: MIN_UNIX_NS, max: MAX_UNIX_NS }), (x) => {
      expect(api.tai64nToTai(api.taiToTai64n(x))).toBe(x);
    }));
    expect(api.tai64nToTai("@400000000000000a")).toBe(10n * S);
    for (
      const l of [
        "4000000000000000000000000",
        "@4000000000000000ffffffff",
        "@zz00000000000000000000000",
        "@40000000586846a5000",
      ]
    ) {
      expect(["invalid-argument", "out-of-range"]).toContain(code(() => api.tai64nToTai(l)));
    }
  });
});

describe("user tables", () => {
  it("fromLeaps checks order, day boundaries and step sizes", () => {
    const D = 86_400n * S;
    expect(code(() => LeapTable.fromLeaps([]))).toBe("invalid-argument");
    expect(
      code(() => LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: 0n, taiMinusUtcNs: 11n * S }])),
    ).toBe("not-monotonic");
    expect(
      code(() =>
        LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: D + 1n, taiMinusUtcNs: 11n * S }])
      ),
    ).toBe("invalid-argument");
    expect(
      code(() => LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: D, taiMinusUtcNs: 12n * S }])),
    ).toBe("invalid-argument");
    expect(code(() => LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 2000n * S }]))).toBe("out-of-range");
    expect(code(() => LeapTable.fromLeaps([{ unixNs: 0, taiMinusUtcNs: 10n * S } as never]))).toBe("invalid-argument");
    const t = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }, { unixNs: D, taiMinusUtcNs: 11n * S }]);
    expect(t.taiToUtc(D + 10n * S + S / 2n)).toEqual({
      year: 1970,
      month: 1,
      day: 1,
      hour: 23,
      minute: 59,
      second: 60,
      nanosecond: 500_000_000,
    });
    expect(code(() => t.taiMinusUtc(-1n))).toBe("out-of-range");
  });
  it("two tables in turn give each its own answers (the core swaps the active table)", () => {
    const a = LeapTable.builtin();
    const b = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 100n * S }]);
    for (let i = 0; i < 3; i++) {
      expect(a.taiMinusUtc(0n)).toBe(8_000_082_000n);
      expect(b.taiMinusUtc(0n)).toBe(100n * S);
    }
  });
});

describe("nothing but ClockmathError escapes", () => {
  const junk = fc.oneof(
    fc.anything(),
    fc.bigInt(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.double(),
    fc.string(),
    fc.constantFrom(Symbol("junk"), Object.create(null), { toString: 1 }), // String() of these throws
  );
  const t = LeapTable.builtin();
  const calls: [string, (x: unknown) => unknown][] = [
    ["taiMinusUtc", (x) => t.taiMinusUtc(x as bigint)],
    ["unixToTai", (x) => t.unixToTai(x as bigint)],
    ["taiToUnix", (x) => t.taiToUnix(x as bigint)],
    ["taiToUtc", (x) => t.taiToUtc(x as bigint)],
    ["utcToTai", (x) => t.utcToTai(x as never)],
    ["isExpired", (x) => t.isExpired(x as bigint)],
    ["taiMinusUtcMany", (x) => t.taiMinusUtcMany(x as BigInt64Array)],
    ["formatUtc", (x) => formatUtc(x as never)],
    ["parseUtc", (x) => parseUtc(x as string)],
    ["taiToGps", (x) => api.taiToGps(x as bigint)],
    ["taiToTai64n", (x) => api.taiToTai64n(x as bigint)],
    ["tai64nToTai", (x) => api.tai64nToTai(x as string)],
    ["parse", (x) => LeapTable.parse(x as string)],
  ];
  for (const [name, call] of calls) {
    it(name, () => {
      fc.assert(
        fc.property(junk, (x) => {
          try {
            call(x);
          } catch (e) {
            expect(e).toBeInstanceOf(ClockmathError);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
  it("a bigint outside i64 says so, a number says to use BigInt", () => {
    expect(code(() => t.taiMinusUtc(2n ** 64n))).toBe("out-of-range");
    // equal mod 2^64 to instants in range: an i64 store would wrap them in (the range checks read back)
    for (const v of [1_500_000_000_000_000_000n + 2n ** 64n, 1_500_000_000_000_000_000n - 2n ** 64n, -(2n ** 64n)]) {
      expect(code(() => t.taiMinusUtc(v))).toBe("out-of-range");
      expect(code(() => t.unixToTai(v))).toBe("out-of-range");
      expect(code(() => t.taiToUnix(v))).toBe("out-of-range");
    }
    expect(t.taiMinusUtc(1_500_000_000_000_000_000n)).toBe(37_000_000_000n);
    expect(() => t.taiMinusUtc(1.5e18 as never)).toThrow(/BigInt/);
    expect(code(() => t.taiMinusUtcMany(BigInt64Array.of(0n, -(2n ** 63n))))).toBe("out-of-range");
  });
});
