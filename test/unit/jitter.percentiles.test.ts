// formatPercentileDistribution against hdr-histogram-js's outputPercentileDistribution, byte for
// byte, on random histograms (text and CSV, ticks, scaling ratios), and the Java rule for Max.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as hdr from "hdr-histogram-js";
import { ClockmathError, formatPercentileDistribution, LatencyHistogram } from "../../src/mod.ts";

interface Shape {
  lowest: bigint;
  digits: number;
  values: [bigint, bigint][];
}

const shape = fc.record({
  lowest: fc.constantFrom(1n, 1n, 1n, 2n, 1000n, 1024n, 5000n),
  digits: fc.constantFrom(0, 1, 2, 3, 3, 3, 4),
  values: fc.array(
    fc.tuple(
      fc.oneof(
        fc.bigInt({ min: 0n, max: 5000n }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 2n ** 45n }),
      ),
      fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 2n ** 40n })),
    ),
    { maxLength: 300 },
  ),
});

function build(s: Shape): LatencyHistogram {
  const h = new LatencyHistogram({
    lowestDiscernibleNs: s.lowest,
    highestTrackableNs: 2n ** 46n,
    significantDigits: s.digits,
  });
  for (const [v, c] of s.values) h.record(v, c);
  return h;
}

const options = fc.record({
  ticks: fc.oneof(fc.constant(5), fc.integer({ min: 1, max: 12 })),
  ratio: fc.constantFrom(1, 1, 1000, 1e6, 3.7, 0.25, 1e9),
});

/** The "#[Max = …" line of a text form, and the text without it. */
function splitMax(text: string): [string, string] {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.startsWith("#[Max"));
  const max = lines.splice(i, 1)[0];
  return [max, lines.join("\n")];
}

describe("formatPercentileDistribution", () => {
  it("prints what hdr-histogram-js's outputPercentileDistribution prints for the same histogram", () => {
    fc.assert(
      fc.property(shape, options, (s, o) => {
        const ours = build(s);
        // the histogram as HdrHistogram tools see it: decoded from its compressed text
        const enc = ours.encode();
        const d = LatencyHistogram.decode(enc);
        const j = hdr.decodeFromCompressedBase64(enc, 64);
        const opts = { percentileTicksPerHalfDistance: o.ticks, outputValueUnitScalingRatio: o.ratio };
        const text = formatPercentileDistribution(d, opts);
        const csv = formatPercentileDistribution(d, { ...opts, csv: true });
        expect(csv).toBe(j.outputPercentileDistribution(o.ticks, o.ratio, true));
        const js = j.outputPercentileDistribution(o.ticks, o.ratio);
        if (s.lowest === 1n) {
          expect(text).toBe(js);
        } else {
          // hdr-histogram-js adds 2^floor(log2 lowest) − 1 to a decoded max; Java's getMaxValue
          // (and ours) is the highest value equivalent to the top bucket
          const [ourMax, ourRest] = splitMax(text);
          const [jsMax, jsRest] = splitMax(js);
          expect(ourRest).toBe(jsRest);
          const mask = 2 ** Math.floor(Math.log2(Number(s.lowest))) - 1;
          const top = d.count > 0n ? d.max! : 0n;
          const f = new Intl.NumberFormat("en-US", {
            minimumFractionDigits: s.digits,
            maximumFractionDigits: s.digits,
            useGrouping: false,
          });
          expect(ourMax).toContain(`#[Max     = ${f.format(Number(top) / o.ratio).padStart(12)},`);
          if (d.count > 0n) expect(jsMax).toContain(`= ${f.format((Number(top) + mask) / o.ratio).padStart(12)},`);
        }
        // the recorded histogram itself (exact max, exact moments) prints the same table
        expect(formatPercentileDistribution(ours, { ...opts, csv: true })).toBe(csv);
        for (const h of [ours, d]) h.dispose();
      }),
      { numRuns: 60 },
    );
  });

  it("prints HdrHistogram's table for a known histogram", () => {
    const h = new LatencyHistogram({ highestTrackableNs: 3_600_000_000n, significantDigits: 3 });
    for (let v = 1n; v <= 10n; v++) h.record(v * 1000n);
    const text = formatPercentileDistribution(h, { percentileTicksPerHalfDistance: 1 });
    expect(text).toBe(
      "       Value     Percentile TotalCount 1/(1-Percentile)\n\n" +
        "    1000.000 0.000000000000          1           1.00\n" +
        "    5003.000 0.500000000000          5           2.00\n" +
        "    8003.000 0.750000000000          8           4.00\n" +
        "    9007.000 0.875000000000          9           8.00\n" +
        "   10007.000 0.937500000000         10          16.00\n" +
        "   10007.000 1.000000000000         10\n" +
        // bucket midpoints 1000, 2000, 3001, 4001, 5002, 6002, 7002, 8002, 9004, 10004
        "#[Mean    =     5501.800, StdDeviation   =     2873.535]\n" +
        "#[Max     =    10007.000, Total count    =           10]\n" +
        "#[Buckets =           22, SubBuckets     =         2048]\n",
    );
    expect(text).toBe(hdr.decodeFromCompressedBase64(h.encode(), 64).outputPercentileDistribution(1));
    h.dispose();
  });

  it("refuses negative values and bad options", () => {
    const h = new LatencyHistogram();
    h.record(-5n);
    h.record(7n);
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return ClockmathError.is(e) ? e.code : "not a ClockmathError";
      }
      return undefined;
    };
    expect(code(() => formatPercentileDistribution(h))).toBe("out-of-range");
    h.reset();
    h.record(7n);
    expect(formatPercentileDistribution(h)).toContain("Total count    =            1");
    expect(code(() => formatPercentileDistribution(h, { percentileTicksPerHalfDistance: 0 }))).toBe("out-of-range");
    expect(code(() => formatPercentileDistribution(h, { percentileTicksPerHalfDistance: 1001 }))).toBe("out-of-range");
    expect(code(() => formatPercentileDistribution(h, { percentileTicksPerHalfDistance: 2.5 }))).toBe(
      "invalid-argument",
    );
    expect(code(() => formatPercentileDistribution(h, { outputValueUnitScalingRatio: 0 }))).toBe("out-of-range");
    expect(code(() => formatPercentileDistribution(h, { outputValueUnitScalingRatio: Infinity }))).toBe("out-of-range");
    expect(code(() => formatPercentileDistribution(h, { outputValueUnitScalingRatio: "1" as never }))).toBe(
      "invalid-argument",
    );
    expect(code(() => formatPercentileDistribution(h, { csv: 1 as never }))).toBe("invalid-argument");
    expect(code(() => formatPercentileDistribution({} as never))).toBe("invalid-argument");
    h.dispose();
  });
});
