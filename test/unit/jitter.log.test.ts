// HdrHistogram interval logs: ours read by hdr-histogram-js's HistogramLogReader, its
// HistogramLogWriter's output read by ours, and bad lines.
import { describe, expect, it } from "vitest";
import * as hdr from "hdr-histogram-js";
import { formatIntervalLog, LatencyHistogram, parseIntervalLog } from "../../src/mod.ts";

const START_NS = 1_441_812_279_474_000_000n;

function hist(seed: number, n: number): LatencyHistogram {
  const h = new LatencyHistogram({ highestTrackableNs: 3_600_000_000_000n });
  for (let i = 1; i <= n; i++) h.record(BigInt(((i * 7919 + seed * 104729) % 100_000) * 31 + 17));
  return h;
}

describe("interval log", () => {
  it("hdr-histogram-js's HistogramLogReader reads what we write (times, tags, histograms)", () => {
    const entries = [
      { startNs: START_NS + 127_000_000n, lengthNs: 1_007_000_000n, histogram: hist(1, 500) },
      { tag: "timer", startNs: START_NS + 1_134_000_000n, lengthNs: 999_000_000n, histogram: hist(2, 800) },
    ];
    const text = formatIntervalLog({ startTimeNs: START_NS, entries });
    const reader = new hdr.HistogramLogReader(text);
    for (const e of entries) {
      const j = reader.nextIntervalHistogram()!;
      expect(j).not.toBeNull();
      expect(BigInt(Math.round(j.startTimeStampMsec)) * 1_000_000n).toBe(e.startNs);
      expect(BigInt(Math.round(j.endTimeStampMsec - j.startTimeStampMsec)) * 1_000_000n).toBe(e.lengthNs);
      expect(j.tag).toBe(e.tag ?? "NO TAG");
      expect(j.totalCount).toBe(Number(e.histogram.count));
      for (const p of [50, 90, 99, 100]) expect(BigInt(j.getValueAtPercentile(p))).toBe(e.histogram.percentile(p));
    }
    expect(reader.nextIntervalHistogram()).toBeNull();
    expect(hdr.listTags(text)).toEqual(["NO TAG", "timer"]);
  });
  it("we read hdr-histogram-js's HistogramLogWriter output", () => {
    let text = "";
    const w = new hdr.HistogramLogWriter((s: string) => {
      text += s;
    });
    w.outputLogFormatVersion();
    w.outputStartTime(1_441_812_279_474);
    w.outputLegend();
    const js = [hdr.build(), hdr.build()];
    js[0].recordValue(1234);
    js[0].recordValue(99_999);
    js[1].recordValue(5);
    js[1].tag = "b";
    js[0].startTimeStampMsec = 1_441_812_279_474 + 127;
    js[0].endTimeStampMsec = 1_441_812_279_474 + 1134;
    js[1].startTimeStampMsec = 1_441_812_279_474 + 1134;
    js[1].endTimeStampMsec = 1_441_812_279_474 + 2141;
    w.baseTime = 1_441_812_279_474;
    for (const h of js) w.outputIntervalHistogram(h);
    const log = parseIntervalLog(text);
    expect(log.startTimeNs).toBe(START_NS);
    expect(log.entries.map((e) => [e.tag, e.startNs - START_NS, e.lengthNs, e.histogram.count])).toEqual([
      [undefined, 127_000_000n, 1_007_000_000n, 2n],
      ["b", 1_134_000_000n, 1_007_000_000n, 1n],
    ]);
    expect(log.entries[0].histogram.percentile(100)).toBe(BigInt(js[0].getValueAtPercentile(100)));
  });
  it("round-trips through our own writer and reader", () => {
    const entries = [{ startNs: START_NS, lengthNs: 1_000_000_000n, histogram: hist(3, 300), tag: "x" }];
    const back = parseIntervalLog(formatIntervalLog({ baseTimeNs: START_NS - 5n * 1_000_000_000n, entries }));
    expect(back.entries[0].startNs).toBe(START_NS);
    expect(back.entries[0].histogram.buckets()).toEqual(entries[0].histogram.buckets());
  });
  it("bad lines throw bad-line with the line number", () => {
    const good = hist(4, 10).encode();
    const cases: [string, number][] = [
      [`${'"StartTimestamp"'}\n0.1,1.0,2.0\n`, 2],
      [`#[StartTime: abc (seconds since epoch)]\n`, 1],
      [`\n\n0.1,x,2.0,${good}\n`, 3],
      [`0.1,1.0,2.0,${good.slice(0, 30)}\n`, 1],
      [`0.1,1.0,2.0,${good}\nTag=,0.1,1.0,2.0,${good}\n`, 2],
      [`0.1,-1.0,2.0,${good}\n`, 1],
      [`0.1,1.0,NaN,${good}\n`, 1],
    ];
    for (const [text, line] of cases) {
      expect(() => parseIntervalLog(text)).toThrow(expect.objectContaining({ code: "bad-line", line }));
    }
    expect(() => formatIntervalLog({ entries: [{ tag: "a b", startNs: 0n, lengthNs: 1n, histogram: hist(5, 1) }] }))
      .toThrow(expect.objectContaining({ code: "invalid-argument" }));
  });
});
