// Merging interval logs as HdrHistogram's HistogramLogProcessor does (selection by tag and time
// range, the accumulator's layout), compared with hdr-histogram-js adding the same histograms,
// and merging histograms exactly past 2^53.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as hdr from "hdr-histogram-js";
import {
  ClockmathError,
  formatIntervalLog,
  formatPercentileDistribution,
  LatencyHistogram,
  mergeHistograms,
  mergeIntervalLogs,
} from "../../src/mod.ts";

const START_NS = 1_441_812_279_000_000_000n;
const S = 1_000_000_000n;

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return ClockmathError.is(e) ? e.code : `not a ClockmathError: ${e}`;
  }
  return "resolved";
}

function withoutMax(text: string): string {
  return text.split("\n").filter((l) => !l.startsWith("#[Max")).join("\n");
}

const line = fc.record({
  tagged: fc.boolean(),
  highest: fc.constantFrom(2n ** 20n, 2n ** 30n, 2n ** 40n),
  values: fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 19n }), fc.bigInt({ min: 1n, max: 50n })), {
    maxLength: 30,
  }),
  big: fc.option(fc.bigInt({ min: 2n ** 20n, max: 2n ** 39n }), { nil: undefined }),
  gapMs: fc.integer({ min: 0, max: 3000 }),
});

describe("mergeIntervalLogs", () => {
  it("merges the intervals HistogramLogProcessor selects, into what hdr-histogram-js's add builds", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        async (lines, digits, fromMs, toMs) => {
          let t = 0n;
          const entries = lines.map((l) => {
            t += BigInt(l.gapMs) * 1_000_000n;
            const h = new LatencyHistogram({ highestTrackableNs: l.highest, significantDigits: digits });
            for (const [v, c] of l.values) h.record(v, c);
            if (l.big !== undefined && l.big <= l.highest) h.record(l.big);
            return { ...(l.tagged ? { tag: "other" } : {}), startNs: START_NS + t, lengthNs: S, histogram: h };
          });
          const text = formatIntervalLog({ startTimeNs: START_NS, entries });
          const rangeStartNs = fromMs === undefined ? undefined : BigInt(fromMs) * 1_000_000n;
          const rangeEndNs = toMs === undefined ? undefined : BigInt(toMs) * 1_000_000n;
          const merged = await mergeIntervalLogs([[text]], { rangeStartNs, rangeEndNs });

          // the processor's selection, by hand: untagged, offset >= start; stop at the first offset > end
          const chosen: typeof entries = [];
          for (const e of entries) {
            const off = e.startNs - START_NS;
            if (rangeEndNs !== undefined && off > rangeEndNs) break;
            if (off < (rangeStartNs ?? 0n) || e.tag !== undefined) continue;
            chosen.push(e);
          }
          expect(merged.intervals).toBe(chosen.length);
          if (chosen.length > 0) {
            expect(merged.firstStartUnixNs).toBe(chosen[0].startNs);
            expect(merged.lastEndUnixNs).toBe(chosen[chosen.length - 1].startNs + S);
            expect(merged.logStartUnixNs).toBe(START_NS);
            const first = chosen[0].histogram;
            const js = hdr.build({
              lowestDiscernibleValue: 1,
              highestTrackableValue: Number(first.highestTrackableNs),
              numberOfSignificantValueDigits: digits,
              bitBucketSize: 64,
              autoResize: true,
            });
            const ref = new LatencyHistogram({
              highestTrackableNs: first.highestTrackableNs,
              significantDigits: digits,
              autoResize: true,
            });
            for (const e of chosen) {
              js.add(hdr.decodeFromCompressedBase64(e.histogram.encode(), 64));
              ref.merge(e.histogram);
            }
            expect(merged.histogram.buckets()).toEqual(ref.buckets());
            for (const ticks of [1, 5]) {
              const ours = formatPercentileDistribution(merged.histogram, {
                percentileTicksPerHalfDistance: ticks,
                outputValueUnitScalingRatio: 1000,
              });
              // hdr-histogram-js's Max after add is the top bucket's lowest value; Java's (ours) its highest
              expect(withoutMax(ours)).toBe(withoutMax(js.outputPercentileDistribution(ticks, 1000)));
              expect(
                formatPercentileDistribution(merged.histogram, { percentileTicksPerHalfDistance: ticks, csv: true }),
              ).toBe(
                js.outputPercentileDistribution(ticks, 1, true),
              );
            }
            ref.dispose();
          } else {
            expect(merged.firstStartUnixNs).toBeUndefined();
            expect(formatPercentileDistribution(merged.histogram)).toContain(
              "#[Buckets =            1, SubBuckets     =         2048]",
            );
          }
          merged.histogram.dispose();
          for (const e of entries) e.histogram.dispose();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("stops reading at the first interval past rangeEndNs, and selects by tag", async () => {
    const h = new LatencyHistogram();
    h.record(1000n);
    const enc = h.encode();
    h.dispose();
    const log =
      `#[StartTime: 100.000 (seconds since epoch), x]\n#[BaseTime: 100.000 (seconds since epoch), x]\n0.000,1.000,0.001,${enc}\nTag=a,1.000,1.000,0.001,${enc}\n5.000,1.000,0.001,${enc}\nnot a line\n`;
    const upTo2 = await mergeIntervalLogs([[log]], { rangeEndNs: 2n * S });
    expect(upTo2.intervals).toBe(1);
    expect(upTo2.histogram.count).toBe(1n);
    upTo2.histogram.dispose();
    expect(await rejection(mergeIntervalLogs([[log]]))).toBe("bad-line");
    const tagged = await mergeIntervalLogs([[log]], { tag: "a", rangeEndNs: 4n * S });
    expect([tagged.intervals, tagged.firstStartUnixNs]).toEqual([1, 101n * S]);
    tagged.histogram.dispose();
    const all = await mergeIntervalLogs([[log], [log]], { allTags: true, rangeStartNs: 1n * S, rangeEndNs: 4n * S });
    expect([all.intervals, all.histogram.count]).toEqual([2, 2n]); // the tagged line of each log
    all.histogram.dispose();
    expect(await rejection(mergeIntervalLogs([[log]], { tag: "a", allTags: true }))).toBe("invalid-argument");
    expect(await rejection(mergeIntervalLogs([[log]], { rangeStartNs: 1 as never }))).toBe("invalid-argument");
    expect(await rejection(mergeIntervalLogs([log] as never))).toBe("invalid-argument");
  });
});

describe("mergeHistograms", () => {
  it("adds counts exactly past 2^53, from texts and histograms alike", async () => {
    const a = new LatencyHistogram({ highestTrackableNs: 2n ** 30n });
    const b = new LatencyHistogram({ highestTrackableNs: 2n ** 40n });
    a.record(1000n, 2n ** 52n + 3n);
    a.record(5n, 7n);
    b.record(1000n, 2n ** 52n + 5n);
    b.record(2n ** 39n, 1n);
    async function* items() {
      yield a.encode();
      yield b;
    }
    const m = await mergeHistograms(items());
    expect(m.intervals).toBe(2);
    expect(m.histogram.count).toBe(2n ** 53n + 16n);
    const byValue = new Map(m.histogram.buckets().map((x) => [x.fromNs, x.count]));
    expect(byValue.get(1000n)).toBe(2n ** 53n + 8n);
    expect(byValue.get(5n)).toBe(7n);
    expect(m.histogram.highestTrackableNs).toBe(m.histogram.max); // grown to exactly the largest value, as Java's add
    m.histogram.dispose();
    b.dispose();
    const c = new LatencyHistogram({ significantDigits: 2 });
    c.record(1n);
    expect(await rejection(mergeHistograms([a, c]))).toBe("incompatible-histogram");
    c.record(-1n);
    expect(await rejection(mergeHistograms([c]))).toBe("out-of-range");
    expect(await rejection(mergeHistograms(["not base64!"]))).toBe("corrupt-encoding");
    expect(await rejection(mergeHistograms([42] as never))).toBe("invalid-argument");
    expect(await rejection(mergeHistograms(42 as never))).toBe("invalid-argument");
    for (const h of [a, c]) h.dispose();
  });
});
