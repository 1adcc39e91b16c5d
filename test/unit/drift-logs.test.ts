// chrony / ntpd log parsers on the sample logs (test/data/drift) and on malformed lines. Each
// record is checked against a second, deliberately naive reading of the same line (split on
// whitespace, Date.parse, parseFloat), plus hand-read values of particular lines.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  allanDeviation,
  BadLineError,
  detectDriftLogFormat,
  type DriftLogFormat,
  estimateDrift,
  parseChronyMeasurements,
  parseDriftLog,
  parseNtpdLoopstats,
  parseNtpdPeerstats,
} from "../../src/mod.ts";
import * as samples from "../data/drift/samples.ts";

const dir = new URL("../data/drift/", import.meta.url);
const file = (f: string) => readFileSync(new URL(f, dir), "utf8");
const FILES: [string, DriftLogFormat, string][] = [
  ["measurements.log", "chrony-measurements", samples.CHRONY_MEASUREMENTS],
  ["statistics.log", "chrony-statistics", samples.CHRONY_STATISTICS],
  ["tracking.log", "chrony-tracking", samples.CHRONY_TRACKING],
  ["peerstats", "ntpd-peerstats", samples.NTPD_PEERSTATS],
  ["loopstats", "ntpd-loopstats", samples.NTPD_LOOPSTATS],
  ["rawstats", "ntpd-rawstats", samples.NTPD_RAWSTATS],
];
const ns = (s: string) => BigInt(Math.round(parseFloat(s) * 1e9));
const chronyT = (l: string[]) => BigInt(Date.parse(`${l[0]}T${l[1]}Z`)) * 1_000_000n;
const ntpdT = (l: string[]) => {
  const [i, f = ""] = l[1].split(".");
  return (BigInt(l[0]) - 40587n) * 86_400_000_000_000n + BigInt(i) * 1_000_000_000n +
    BigInt((f + "000000000").slice(0, 9));
};
const dataLines = (text: string) =>
  text.split("\n").map((l, i) => ({ l: l.trim().split(/\s+/), n: i + 1 })).filter((x) =>
    x.l[0] !== "" && !x.l[0].startsWith("=") && x.l[0] !== "Date"
  );

describe("sample logs", () => {
  it("the TS copies equal the files", () => {
    for (const [f, , s] of FILES) expect(s, f).toBe(file(f));
  });
  it("chrony's banner repeats every 32 data lines in the samples", () => {
    const lines = samples.CHRONY_MEASUREMENTS.split("\n");
    expect(lines.filter((l) => l.includes("Date (UTC)")).length).toBe(2);
    expect(lines[35]).toMatch(/^={20,}$/);
    expect(lines[36]).toMatch(/Date \(UTC\)/);
  });
  for (const [f, format, text] of FILES) {
    it(`${f}: detected, every data line read, fields as a naive reading gives them`, () => {
      expect(detectDriftLogFormat(text)).toBe(format);
      const log = parseDriftLog(text);
      expect(log.format).toBe(format);
      const raw = dataLines(text);
      expect(log.records.map((r) => r.line)).toEqual(raw.map((x) => x.n));
      log.records.forEach((r, i) => {
        const l = raw[i].l;
        switch (format) {
          case "chrony-measurements":
            expect(r.readingNs).toBe(chronyT(l));
            expect(r.offsetNs).toBe(-ns(l[11])); // positive = local slow in the file
            expect(r.delayNs).toBe(ns(l[12]));
            break;
          case "chrony-statistics":
            expect(r.offsetNs).toBe(ns(l[4]));
            expect(r.frequencyPpm).toBeCloseTo(parseFloat(l[6]) * 1e6, 9);
            break;
          case "chrony-tracking":
            expect(r.offsetNs).toBe(ns(l[6]));
            expect(r.frequencyPpm).toBe(parseFloat(l[4]));
            break;
          case "ntpd-peerstats":
            expect(r.readingNs).toBe(ntpdT(l));
            expect(r.offsetNs).toBe(-ns(l[4]));
            expect(r.delayNs).toBe(ns(l[5]));
            break;
          case "ntpd-loopstats":
            expect(r.offsetNs).toBe(-ns(l[2]));
            break;
          case "ntpd-rawstats": {
            const u = (s: string) => {
              const [a, b] = s.split(".");
              return (BigInt(a) - 2_208_988_800n) * 1_000_000_000n + BigInt(b.slice(0, 9).padEnd(9, "0"));
            };
            const [t1, t2, t3, t4] = [l[4], l[5], l[6], l[7]].map(u);
            expect([r.t1, r.t2, r.t3, r.t4]).toEqual([t1, t2, t3, t4]);
            const twice = (t2 - t1) + (t3 - t4);
            const theta = twice >= 0n ? twice / 2n : -((-twice + 1n) / 2n);
            expect(r.offsetNs).toBe(-theta);
            expect(r.delayNs).toBe((t4 - t1) - (t3 - t2));
            break;
          }
        }
      });
      // a parsed log feeds the estimators directly
      const e = estimateDrift(log.samples);
      expect(Number.isFinite(e.frequencyPpm)).toBe(true);
      expect(allanDeviation(log).length).toBeGreaterThan(2);
    });
  }
  it("hand-read values", () => {
    const m = parseDriftLog(samples.CHRONY_MEASUREMENTS);
    // line 4: 2026-11-20 22:03:17 … -3.177e-04 2.202e-02 1.612e-05
    expect(m.records[0]).toMatchObject({
      line: 4,
      readingNs: 1_795_212_197_000_000_000n,
      source: "192.0.2.10",
      offsetNs: 317_700n,
      delayNs: 22_020_000n,
      dispersionNs: 16_120n,
      stratum: 2,
    });
    expect(m.sources).toEqual(["192.0.2.10", "198.51.100.7"]);
    expect(m.samples.length).toBe(40);
    expect(parseDriftLog(samples.CHRONY_MEASUREMENTS, { source: "198.51.100.7" }).samples.length).toBe(2);
    // peerstats line 1: 61364 79397.000 … -0.000317740 0.022015581: MJD 61364 = 2026-11-20
    const p = parseDriftLog(samples.NTPD_PEERSTATS);
    expect(p.records[0]).toMatchObject({
      readingNs: 1_795_212_197_000_000_000n,
      offsetNs: 317_740n,
      delayNs: 22_015_581n,
      jitterNs: 44_783n,
    });
  });
  it("both daemons' views of the same clock agree in sign (local − reference)", () => {
    const m = parseDriftLog(samples.CHRONY_MEASUREMENTS).samples;
    const p = parseDriftLog(samples.NTPD_PEERSTATS).samples;
    // 4 significant digits in chrony's file
    m.forEach((s, i) => expect(Math.abs(Number(s.offsetNs - p[i].offsetNs))).toBeLessThanOrEqual(50_000));
    expect(estimateDrift(m).frequencyPpm).toBeGreaterThan(12); // the generator's clock runs 12.5 ppm fast
    expect(estimateDrift(p).frequencyPpm).toBeGreaterThan(12);
  });
});

describe("older column sets", () => {
  it("chrony 2.x measurements (no Score / MTxRx)", () => {
    const old =
      "   Date (UTC) Time     IP Address   L St 1234 abc 5678 LP RP SC  Offset     Peer del. Peer disp. Root del.  Root disp.\n" +
      "2015-01-01 00:00:00 192.0.2.1       N  2 1111 111 1111  6  6  0  1.234e-04  2.345e-02  1.234e-06  1.000e-03  2.000e-04\n";
    const r = parseChronyMeasurements(old).records[0];
    expect(r).toMatchObject({
      readingNs: 1_420_070_400_000_000_000n,
      offsetNs: -123_400n,
      delayNs: 23_450_000n,
      dispersionNs: 1_234n,
    });
  });
  it("ntpd peerstats without jitter, loopstats with offset, frequency, time constant", () => {
    const p = parseNtpdPeerstats("48773 10847.650 127.127.4.1 9714 -0.001605 0.00000 0.00142\n").records[0];
    expect(p).toMatchObject({
      readingNs: (48773n - 40587n) * 86_400_000_000_000n + 10_847_650_000_000n,
      offsetNs: 1_605_000n,
      delayNs: 0n,
      dispersionNs: 1_420_000n,
    });
    expect(p.jitterNs).toBeUndefined();
    expect(parseNtpdLoopstats("48773 10847.650 0.0001307 17.3478 2\n").records[0]).toMatchObject({
      offsetNs: -130_700n,
      frequencyPpm: 17.3478,
    });
    expect(detectDriftLogFormat("48773 10847.650 0.0001307 17.3478 2\n")).toBe("ntpd-loopstats");
    expect(detectDriftLogFormat("48773 10847.650 127.127.4.1 9714 -0.001605 0.00000 0.00142\n")).toBe("ntpd-peerstats");
  });
});

describe("malformed lines", () => {
  const good = samples.CHRONY_MEASUREMENTS.split("\n");
  const cases: [string, string, RegExp][] = [
    ["bad date", good[3].replace("2026-11-20", "2026-13-20"), /no such date/],
    ["short line", "2026-11-20 22:03:17 192.0.2.10 N 2", /at least 8 columns/],
    ["bad leap", good[3].replace(" N  2 ", " X  2 "), /leap status/],
    ["no offset", good[3].replace(/-?\d\.\d+e-\d\d/g, "x"), /offset: not a number: "x"/],
  ];
  for (const [name, line, msg] of cases) {
    it(`${name}: BadLineError with the line number, or collected with strict: false`, () => {
      const text = [...good.slice(0, 5), line, ...good.slice(5)].join("\n");
      try {
        parseDriftLog(text);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(BadLineError);
        expect((e as BadLineError).line).toBe(6);
        expect((e as Error).message).toMatch(msg);
      }
      const lax = parseDriftLog(text, { strict: false });
      expect(lax.badLines.map((b) => b.line)).toEqual([6]);
      expect(lax.records.length).toBe(parseDriftLog(samples.CHRONY_MEASUREMENTS).records.length);
    });
  }
  it("every parser: a corrupted data line is reported with its number", () => {
    const cases: [string, (l: string) => string, RegExp][] = [
      [samples.CHRONY_STATISTICS, (l) => l.replace(/ -?\d\.\d{3}e-\d\d/, " 1.0x"), /column 4: not a number: "1.0x"/],
      [samples.CHRONY_TRACKING, (l) => l.replace(/ 2 /, " two "), /stratum: not an integer/],
      [samples.CHRONY_TRACKING, (l) => l.replace(/\d\d:\d\d:\d\d/, "25:00:00"), /no such time/],
      [samples.NTPD_PEERSTATS, (l) => l.split(" ").slice(0, 6).join(" "), /expected 7 or 8 columns/],
      [samples.NTPD_LOOPSTATS, (l) => l.replace(/ 6$/, " six"), /time constant: not an integer/],
      [samples.NTPD_LOOPSTATS, (l) => l.replace(/^61364/, "6136x"), /MJD: not an integer/],
      [
        samples.NTPD_RAWSTATS,
        (l) => l.split(" ").map((x, i) => (i === 4 ? x.split(".")[0] : x)).join(" "),
        /T1: expected NTP seconds\.fraction/,
      ],
    ];
    for (const [text, corrupt, msg] of cases) {
      const lines = text.split("\n");
      const k = lines.findIndex((l) => /^\d/.test(l)) + 2; // the third data line
      lines[k] = corrupt(lines[k]);
      const bad = lines.join("\n");
      let err: unknown;
      try {
        parseDriftLog(bad, { format: detectDriftLogFormat(text) });
      } catch (e) {
        err = e;
      }
      expect(err, msg.source).toBeInstanceOf(BadLineError);
      expect((err as BadLineError).line).toBe(k + 1);
      expect((err as Error).message).toMatch(msg);
      expect(parseDriftLog(bad, { format: detectDriftLogFormat(text), strict: false }).badLines.map((b) => b.line))
        .toEqual([k + 1]);
    }
  });
  it("ntpd: a non-hex status, a bad MJD time, a garbled rawstats stamp", () => {
    expect(() => parseNtpdPeerstats("61364 79397.000 192.0.2.10 96zz -0.0003 0.02 0.001 0.00004\n")).toThrow(
      /line 1: .*status/,
    );
    expect(() => parseNtpdPeerstats("61364 99397.000 192.0.2.10 9614 -0.0003 0.02 0.001 0.00004\n")).toThrow(
      /seconds past midnight/,
    );
    expect(() =>
      parseDriftLog(
        "61364 79397.000 192.0.2.10 192.168.1.5 4004200997.1x 4004200997.13 4004200997.134 4004200997.145\n",
        { format: "ntpd-rawstats" },
      )
    ).toThrow(/T1/);
    expect(() => parseDriftLog("hello world\n")).toThrow(/not a chrony or ntpd log/);
    expect(() => parseDriftLog(samples.NTPD_LOOPSTATS, { source: "x" })).toThrow(/does not appear/);
  });
});

describe("seconds → ns", () => {
  it("fixed and scientific notation convert exactly (BigInt reference on the digits)", () => {
    // a value of d digits with the point anywhere: ns = round(digits · 10^(9 − decimals)), BigInt
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 14 }),
        (digits, decimals) => {
          const neg = digits < 0n, a = neg ? -digits : digits;
          const str = a.toString().padStart(decimals + 1, "0");
          const fixed = `${neg ? "-" : ""}${str.slice(0, str.length - decimals)}${
            decimals ? "." + str.slice(str.length - decimals) : ""
          }`;
          const p = 9 - decimals;
          let want = p >= 0 ? a * 10n ** BigInt(p) : (a + 5n * 10n ** BigInt(-p - 1)) / 10n ** BigInt(-p);
          if (neg) want = -want;
          const line = `61364 79397.000 192.0.2.10 9614 ${fixed} 0.0 0.0 0.0\n`;
          if (want > 2n ** 53n - 1n || want < 1n - 2n ** 53n) {
            expect(() => parseNtpdPeerstats(line)).toThrow(/out of range/); // beyond exact f64 ns: refused, not rounded
            return;
          }
          expect(parseNtpdPeerstats(line).records[0].offsetNs).toBe(want === 0n ? 0n : -want);
          // the same value in chrony's scientific notation (mantissa d.ddd…)
          if (a !== 0n) {
            const s = a.toString();
            const sci = `${neg ? "-" : ""}${s[0]}.${s.slice(1) || "0"}e${s.length - 1 - decimals >= 0 ? "+" : "-"}${
              String(Math.abs(s.length - 1 - decimals)).padStart(2, "0")
            }`;
            const m =
              `2026-11-20 22:03:17 192.0.2.10 N 2 111 111 1111 6 6 1.0 ${sci} 0.000e+00 0.000e+00 1.000e-03 2.000e-03 C0000201\n`;
            expect(parseChronyMeasurements(m).records[0].offsetNs).toBe(-want);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
