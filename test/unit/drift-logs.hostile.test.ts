// The drift log parsers on hostile and unusual input (issue 11, findings 9 and 10; issue 12's
// "parseLines catches everything"): any decimal form lands in the right column, non-finite values
// are bad lines, strict: false keeps a bounded list of bad lines, and only a line's own fault
// becomes a bad line. Each test here failed before its fix.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BadLineError,
  ClockmathError,
  detectDriftLogFormat,
  MAX_BAD_LINE_TEXT,
  MAX_KEPT_BAD_LINES,
  parseChronyMeasurements,
  parseChronyStatistics,
  parseChronyTracking,
  parseDriftLog,
  parseNtpdLoopstats,
  parseNtpdPeerstats,
} from "../../src/mod.ts";
import { parseLines } from "../../src/drift/logs/common.ts";
import * as samples from "../data/drift/samples.ts";

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof ClockmathError ? e.code : `not a ClockmathError: ${e}`;
  }
  return "none";
};

/** A chrony 4.x measurements line with the given offset, peer delay and peer dispersion text. */
const meas = (off: string, del = "2.296e-01", disp = "1.612e-05") =>
  `2026-11-20 22:03:17 192.0.2.10      N  2 111 111 1111   6  6 1.13 ${off}  ${del}  ${disp}  1.530e-02  3.450e-04 C633640A 4B K K\n`;

/** Exact ns of a decimal string (BigInt reference): round half away from zero. */
function refNs(s: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)!;
  const digits = BigInt((m[2] + (m[3] ?? "")) || "0");
  const p = 9 - (m[3] ?? "").length + Number(m[4] ?? 0);
  let v = p >= 0 ? digits * 10n ** BigInt(p) : (digits * 2n + 10n ** BigInt(-p)) / (2n * 10n ** BigInt(-p));
  if (m[1] === "-") v = -v;
  return v;
}

describe("number grammar: the right column, or a bad line", () => {
  it("a one-digit exponent (-4.966e-3) is the offset, not a shifted column", () => {
    // before: the offset was looked for as the first "d.ddde±dd" value, so -4.966e-3 was skipped and
    // the peer delay (2.296e-01) read as the offset: −229.6 ms
    const r = parseChronyMeasurements(meas("-4.966e-3")).records[0];
    expect([r.offsetNs, r.delayNs, r.dispersionNs]).toEqual([4_966_000n, 229_600_000n, 16_120n]);
    // fixed notation and other exponent widths land in the same column
    for (const off of ["-0.004966", "-4966e-6", "-4.966E-03", "-4.966e-0003", "-.004966", "-4966.e-6"]) {
      expect(parseChronyMeasurements(meas(off)).records[0].offsetNs, off).toBe(4_966_000n);
    }
  });
  it("every ns column takes any decimal form of a value (BigInt reference)", () => {
    const form = fc.tuple(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: -12, max: 3 }),
      fc.constantFrom("e", "E"),
      fc.boolean(),
      fc.integer({ min: 0, max: 3 }),
    ).map(([d, decimals, exp, e, plus, pad]) => {
      const neg = d < 0n, a = (neg ? -d : d).toString().padStart(decimals + 1, "0");
      const mant = decimals ? `${a.slice(0, a.length - decimals)}.${a.slice(a.length - decimals)}` : a;
      const ex = exp === 0 && pad === 0
        ? ""
        : `${e}${exp < 0 ? "-" : plus ? "+" : ""}${String(Math.abs(exp)).padStart(pad + 1, "0")}`;
      return `${neg ? "-" : plus ? "+" : ""}${mant}${ex}`;
    });
    fc.assert(
      fc.property(form, form, form, (off, del, disp) => {
        const want = [refNs(off), refNs(del), refNs(disp)];
        const tooBig = want.some((v) => v > 2n ** 53n - 1n || v < 1n - 2n ** 53n);
        const m = () => parseChronyMeasurements(meas(off, del, disp)).records[0];
        const p = () =>
          parseNtpdPeerstats(`61364 79397.000 192.0.2.10 9614 ${off} ${del} ${disp} 0.000044783\n`).records[0];
        if (tooBig) {
          expect(code(m)).toBe("bad-line");
          expect(code(p)).toBe("bad-line");
          return;
        }
        const neg = (v: bigint) => (v === 0n ? 0n : -v);
        expect([m().offsetNs, m().delayNs, m().dispersionNs]).toEqual([neg(want[0]), want[1], want[2]]);
        expect([p().offsetNs, p().delayNs, p().dispersionNs]).toEqual([neg(want[0]), want[1], want[2]]);
      }),
      { numRuns: 400 },
    );
  });
  it("more significant digits than a double holds still round exactly to the ns", () => {
    // before: digits past the 16th were dropped, so 1e15 ns + 1 ns came out as 1e15 ns
    const peer = (off: string) =>
      parseNtpdPeerstats(`61364 79397.000 192.0.2.10 9614 ${off} 0.0 0.0 0.0\n`).records[0].offsetNs;
    expect(peer("1000000.000000001")).toBe(-1_000_000_000_000_001n);
    expect(peer("1000000.0000000015")).toBe(-1_000_000_000_000_002n);
    expect(peer("0.00000000049999999999999999999")).toBe(0n);
    expect(peer("-0.00000000050000000000000000001")).toBe(1n);
    expect(peer("0.000000002500000000000000000000e0")).toBe(-3n);
    expect(peer(`0.${"0".repeat(5000)}1e5000`)).toBe(-100_000_000n); // 0.1 s, written the long way
    expect(peer(`${"0".repeat(100_000)}.5`)).toBe(-500_000_000n);
    expect(code(() => peer("9007199.254740992"))).toBe("bad-line"); // 2^53 ns: refused, not rounded
    expect(peer("9007199.254740991")).toBe(-9_007_199_254_740_991n);
    expect(peer("0e99999999999")).toBe(0n);
    expect(peer("1e-99999999999")).toBe(0n);
    expect(code(() => peer("1e99999999999"))).toBe("bad-line");
  });
  it("non-finite values are bad lines: a tracking frequency of 1e999 was accepted as Infinity", () => {
    const tracking = (freq: string) =>
      `2017-08-22 13:22:36 203.0.113.15 2 ${freq} 0.075 -8.621e-06 N 1 1.234e-05 0.000e+00 1.2e-02 3.4e-03 5.6e-03\n`;
    expect(parseChronyTracking(tracking("-3.541")).records[0].frequencyPpm).toBe(-3.541);
    for (
      const f of ["1e999", "-1e999", "1e309", "Infinity", "NaN", "0x10", "1_0", "1e", "e5", ".", "-", "1.2.3", "1e+-2"]
    ) {
      expect(code(() => parseChronyTracking(tracking(f))), f).toBe("bad-line");
    }
    expect(parseChronyTracking(tracking("1e-999")).records[0].frequencyPpm).toBe(0); // underflows to 0: a finite value
    expect(parseChronyTracking(tracking("1.7976931348623157e308")).records[0].frequencyPpm).toBe(Number.MAX_VALUE);
    expect(parseChronyTracking(tracking("12.3456789012345678901234567")).records[0].frequencyPpm).toBe(
      12.3456789012345678901234567,
    );
    expect(code(() => parseNtpdLoopstats("61364 79397.000 0.000000000 1e999 0.000035387 0.003861 6\n"))).toBe(
      "bad-line",
    );
    expect(
      code(() =>
        parseChronyStatistics("2026-11-20 22:03:17 192.0.2.10 1.0e-05 -2.0e-06 3.0e-06 1e999 4.0e-07 0.5 9 0 8 0.1\n")
      ),
    ).toBe("bad-line");
  });
  it("statistics in fixed notation parse and are detected", () => {
    const line = "2026-11-20 22:03:17 192.0.2.10 0.00001 -0.000002 0.000003 1e-7 4.0e-07 0.5 9 0 8 0.1\n";
    expect(detectDriftLogFormat(line)).toBe("chrony-statistics");
    expect(parseChronyStatistics(line).records[0]).toMatchObject({
      jitterNs: 10_000n,
      offsetNs: -2_000n,
      frequencyPpm: 1e-7 * 1e6,
      skewPpm: 4.0e-07 * 1e6,
    });
  });
  it("a measurements line with a column missing before the offset is a bad line, not shifted values", () => {
    const missingScore = meas("-4.966e-03").replace(" 1.13 ", " ");
    expect(code(() => parseChronyMeasurements(missingScore))).toBe("bad-line");
    const missingBits = meas("-4.966e-03").replace(" 111 111 1111 ", " 111 1111 ");
    expect(code(() => parseChronyMeasurements(missingBits))).toBe("bad-line");
    // a refid that reads as a number (12E45678) still cannot pass for the root dispersion
    expect(code(() => parseChronyMeasurements(missingScore.replace("C633640A", "12E45678")))).toBe("bad-line");
    const extra = meas("-4.966e-03").replace(" 1.13 ", " 1.13 0.5 ");
    expect(code(() => parseChronyMeasurements(extra))).toBe("bad-line");
  });
});

describe("strict: false keeps a bounded list of bad lines and counts them all", () => {
  it(`1e6 bad lines: the first ${MAX_KEPT_BAD_LINES} kept in order, all counted, every good line read`, () => {
    // before: one frozen object (with the line's text) per bad line: 2e7 bad lines ran out of memory
    expect(MAX_KEPT_BAD_LINES).toBe(100);
    const good = samples.NTPD_PEERSTATS.split("\n").filter(Boolean)[0];
    const n = 1_000_000;
    const text = `${good}\n${"61364 79397.000 192.0.2.10 zz\n".repeat(n)}${good.replace("79397", "79400")}\n`;
    const log = parseDriftLog(text, { strict: false });
    expect(log.badLineCount).toBe(n);
    expect(log.badLines.length).toBe(MAX_KEPT_BAD_LINES);
    expect(log.badLines.map((b) => b.line)).toEqual(Array.from({ length: MAX_KEPT_BAD_LINES }, (_, i) => i + 2));
    expect(log.badLines[0]).toEqual({
      line: 2,
      message: "expected 7 or 8 columns, got 4",
      text: "61364 79397.000 192.0.2.10 zz",
    });
    expect(log.records.map((r) => r.line)).toEqual([1, n + 2]);
    expect(Object.isFrozen(log.badLines)).toBe(true);
  });
  it("a bad line's text and message are cut short; a CR is not part of the text", () => {
    const huge = "x".repeat(1_000_000);
    const log = parseDriftLog(`61364 79397.000 192.0.2.10 ${huge} 0.1 0.2 0.3\r\n61364 1.0 a 1 b 0 0 0\r\n`, {
      format: "ntpd-peerstats",
      strict: false,
    });
    expect(log.badLineCount).toBe(2);
    expect(log.badLines[0].text.length).toBe(MAX_BAD_LINE_TEXT + 1);
    expect(log.badLines[0].text.endsWith("…")).toBe(true);
    expect(log.badLines[0].message.length).toBeLessThan(100);
    expect(log.badLines[1].text).toBe("61364 1.0 a 1 b 0 0 0");
    expect(log.badLines[1].message).toBe('offset: not a number: "b"');
  });
  it("strict (the default) reports no bad lines; badLineCount is 0", () => {
    const log = parseDriftLog(samples.NTPD_PEERSTATS);
    expect([log.badLines.length, log.badLineCount]).toEqual([0, 0]);
  });
  it("strict must be a boolean and source a string, checked before the text is read", () => {
    expect(code(() => parseDriftLog(samples.NTPD_PEERSTATS, { strict: "no" as never }))).toBe("invalid-argument");
    expect(code(() => parseNtpdPeerstats(samples.NTPD_PEERSTATS, { source: 1 as never }))).toBe("invalid-argument");
  });
});

describe("only a line's own fault becomes a bad line", () => {
  it("a bug in a line reader propagates as itself, in strict and lax mode", () => {
    // before: parseLines caught everything, so a TypeError surfaced as BadLineError "line 1: …"
    const bug = () => {
      throw new TypeError("a bug");
    };
    for (const strict of [true, false]) {
      let err: unknown;
      try {
        parseLines("a line\n", "ntpd-peerstats", { strict }, bug);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TypeError);
      expect(err).not.toBeInstanceOf(BadLineError);
    }
  });
  it("a line's fault is a BadLineError with the format and line number", () => {
    let err: unknown;
    try {
      parseChronyMeasurements(`\n\n${meas("-4.966e-03").replace("N", "X")}`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadLineError);
    expect([(err as BadLineError).line, (err as Error).message]).toEqual([
      3,
      'line 3: chrony-measurements: leap status: expected N, +, - or ?, got "X"',
    ]);
  });
});
